// Detection alerts and sightings on a real SQLite store: matches from eve.json lines become one
// alert per indicator with its evidence, a valid STIX sighting versioned as the aggregate grows,
// nothing counted twice when a log is read again, and no share record anywhere.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validatePattern } from '../pattern/index.js';
import { validateObject } from '../stix/index.js';
import { openStore, prepareObject, type Store } from '../store/index.js';
import { recordDetections, type DetectionAudit } from './alerts.js';
import { DetectionBook, type Publish } from './book.js';
import { Detector, type Detection } from './detector.js';
import { eveReader } from './eve.js';

const SELF = 'identity--7f3c2a10-3b1e-4c55-9a3d-2f6b8e0c4d11';
const ORIGINATOR = 'identity--2d1c0b9a-8f7e-4d6c-9b5a-493827161504';
const OTHER = 'identity--5e4d3c2b-1a09-4f8e-8d7c-6b5a49382716';
const T = '2026-11-01T00:00:00.000Z';
const IND = 'indicator--00000000-0000-4000-8000-000000000001';
const indicator = { type: 'indicator', spec_version: '2.1', id: IND, created: T, modified: T, created_by_ref: ORIGINATOR, name: 'C2 node', pattern: "[domain-name:value = 'c2.evil.example']", pattern_type: 'stix', valid_from: T };

const dns = (n: number, name: string): string => JSON.stringify({ timestamp: `2026-11-27T10:00:${String(n).padStart(2, '0')}.000000+0000`, event_type: 'dns', src_ip: '10.0.0.5', dest_ip: '10.0.0.53', dns: { rrname: name } });

describe('detection alerts and sightings', () => {
  let dir: string;
  let store: Store;
  const audited: { action: string; target?: string }[] = [];
  const audit: DetectionAudit = { record: (e) => Promise.resolve(void audited.push(e)) };
  const detector = new Detector();
  const v = validatePattern(String(indicator.pattern), { version: '2.1' });
  if (v.ok) detector.add(IND, v.pattern);

  /** The detections of some lines of a file named eve.json. */
  const detections = (lines: readonly [number, string][]): Detection[] => {
    const read = eveReader();
    return lines.flatMap(([line, text]) => {
      const event = read(text);
      if ('skip' in event) throw new Error(event.skip);
      return detector.match(event, 'e').map((hit) => ({ hit, event, source: 'eve.json', line, raw: text }));
    });
  };
  const held = async (id: string): Promise<Record<string, unknown>[]> => (await store.objects.versions(id)).map((s) => JSON.parse(s.json) as Record<string, unknown>);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-detect-alerts-'));
    store = await openStore(join(dir, 'accord.db'));
    await store.objects.put([prepareObject(indicator)]);
    audited.length = 0;
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('raises one alert with its evidence and a valid aggregated sighting; reading the log again counts nothing twice', async () => {
    const lines: [number, string][] = [[1, dns(1, 'c2.evil.example')], [2, dns(2, 'fine.example')], [3, dns(3, 'c2.evil.example')]];
    const first = await recordDetections(store, detections(lines), '2026-11-27T11:00:00.000Z', { self: SELF, audit });
    expect(first.raised).toHaveLength(1);
    const [alert] = first.raised;
    expect(alert).toMatchObject({ indicatorId: IND, indicatorName: 'C2 node', originator: ORIGINATOR, count: 2, firstSeen: '2026-11-27T10:00:01.000Z', lastSeen: '2026-11-27T10:00:03.000Z', sightingVersion: '2026-11-27T11:00:00.000Z' });
    expect(alert?.evidence.map((e) => [e.line, e.path, e.value])).toEqual([[1, 'domain-name:value', 'c2.evil.example'], [3, 'domain-name:value', 'c2.evil.example']]);
    expect(alert?.evidence[0]?.why).toMatch(/domain-name:value = "c2.evil.example"/);
    expect(audited.map((a) => a.action)).toEqual(['detection.raised']);

    const [sighting] = await held(alert?.sightingId ?? '');
    expect(sighting).toMatchObject({
      type: 'sighting', created_by_ref: SELF, sighting_of_ref: IND, count: 2, first_seen: '2026-11-27T10:00:01.000Z', last_seen: '2026-11-27T10:00:03.000Z',
      where_sighted_refs: [SELF], observed_data_refs: alert?.evidence.map((e) => e.observedDataId),
    });
    expect(validateObject(sighting).ok).toBe(true);
    const [od] = await held(alert?.evidence[0]?.observedDataId ?? '');
    expect(od).toMatchObject({ type: 'observed-data', created_by_ref: SELF, first_observed: '2026-11-27T10:00:01.000Z', number_observed: 1 });
    expect(validateObject(od).ok).toBe(true);
    for (const ref of od?.object_refs as string[]) {
      const [sco] = await held(ref);
      expect(validateObject(sco).ok, ref).toBe(true);
    }
    expect((await held(String((od?.object_refs as string[]).find((r) => r.startsWith('domain-name--')))))[0]).toMatchObject({ value: 'c2.evil.example' });
    // Local only: no share record names any of it.
    expect(await store.shares.named([alert?.sightingId ?? '', String(od?.id)])).toEqual([]);

    // The same log again: nothing new, no new sighting version.
    expect(await recordDetections(store, detections(lines), '2026-11-27T11:05:00.000Z', { self: SELF, audit })).toEqual({ raised: [], updated: [] });
    expect(await held(alert?.sightingId ?? '')).toHaveLength(1);
    // A new hit: the same alert, a new sighting version.
    const next = await recordDetections(store, detections([[4, dns(4, 'c2.evil.example')]]), '2026-11-27T11:10:00.000Z', { self: SELF, audit });
    expect(next.updated.map((a) => [a.id, a.count])).toEqual([[alert?.id, 3]]);
    const versions = await held(alert?.sightingId ?? '');
    expect(versions.map((s) => [s.modified, s.count])).toEqual([['2026-11-27T11:00:00.000Z', 2], ['2026-11-27T11:10:00.000Z', 3]]);
    expect(audited.map((a) => a.action)).toEqual(['detection.raised']);
  });

  it('shares the current sighting back to the originator alone, with the evidence when asked', async () => {
    const { raised: [alert] } = await recordDetections(store, detections([[1, dns(1, 'c2.evil.example')]]), '2026-11-27T11:00:00.000Z', { self: SELF });
    const book = new DetectionBook(store, SELF, audit, () => new Date('2026-11-27T12:00:00.000Z'));
    const calls: Parameters<Publish>[] = [];
    const publish: Publish = (refs, terms) => {
      calls.push([refs, terms]);
      return Promise.resolve({ shared: refs.length, refused: [] });
    };
    const bare = await book.share(alert?.id ?? '', publish, 'user:ana');
    expect(calls[0]).toEqual([[{ id: alert?.sightingId, version: alert?.sightingVersion }], { tlp: 'amber+strict', audience: { kind: 'members', members: [ORIGINATOR] }, relay: false }]);
    expect(bare.alert?.sharedVersion).toBe(alert?.sightingVersion);
    expect((await book.get(alert?.id ?? '')).sharedAt).toBe('2026-11-27T12:00:00.000Z');
    await book.share(alert?.id ?? '', publish, 'user:ana', { withEvidence: true, tlp: 'amber' });
    const ids = calls[1]?.[0].map((r) => r.id) ?? [];
    expect(ids[0]).toBe(alert?.sightingId);
    expect(ids).toContain(alert?.evidence[0]?.observedDataId);
    expect(ids.some((i) => i.startsWith('domain-name--'))).toBe(true);
    expect(calls[1]?.[1].tlp).toBe('amber');
    expect(audited.filter((a) => a.action === 'detection.shared')).toHaveLength(2);
    // An indicator of this member's own has nobody to share back to.
    await store.objects.put([prepareObject({ ...indicator, id: 'indicator--00000000-0000-4000-8000-000000000002', created_by_ref: SELF })]);
    await expect(book.report('indicator--00000000-0000-4000-8000-000000000002', 'sighting', 'user:ana').then((s) => book.shareSighting(s, publish, 'user:ana')))
      .rejects.toMatchObject({ code: 'detection.own-indicator' });
  });

  it('marks an alert a false positive with a false-positive sighting, and gathers every member\'s sightings of the indicator', async () => {
    const { raised: [alert] } = await recordDetections(store, detections([[1, dns(1, 'c2.evil.example')], [2, dns(2, 'c2.evil.example')]]), '2026-11-27T11:00:00.000Z', { self: SELF });
    const book = new DetectionBook(store, SELF, audit, () => new Date('2026-11-27T12:00:00.000Z'));
    const { alert: changed, falsePositive } = await book.change(alert?.id ?? '', 'false-positive', 'user:ana', 'our own resolver');
    expect(changed.state).toBe('false-positive');
    expect(falsePositive).toMatchObject({ type: 'false-positive', indicator: IND, by: [SELF], count: 1 });
    const [fp] = await held(falsePositive?.id ?? '');
    expect(fp).toMatchObject({ x_accord_sighting_type: 'false-positive', x_opencti_negative: true, description: 'our own resolver' });
    expect(validateObject(fp).ok).toBe(true);
    await expect(book.change(alert?.id ?? '', 'false-positive', 'user:ana')).rejects.toMatchObject({ code: 'detection.bad-transition' });
    await book.report(IND, 'expiry', 'user:ana');
    // Another member's sighting, as received from it.
    await store.objects.put([prepareObject({ type: 'sighting', spec_version: '2.1', id: 'sighting--6a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', created: T, modified: T, created_by_ref: OTHER, sighting_of_ref: IND, count: 7, where_sighted_refs: [OTHER] })]);
    const g = await book.sightingsOf(IND);
    expect(g.sightings).toHaveLength(4);
    expect(g.byType).toEqual({ sighting: { sightings: 2, count: 9 }, 'false-positive': { sightings: 1, count: 1 }, expiry: { sightings: 1, count: 1 } });
    expect(g.byMember).toEqual([
      { member: OTHER, type: 'sighting', sightings: 1, count: 7 },
      { member: SELF, type: 'sighting', sightings: 1, count: 2 },
      { member: SELF, type: 'false-positive', sightings: 1, count: 1 },
      { member: SELF, type: 'expiry', sightings: 1, count: 1 },
    ].sort((a, b) => (a.member < b.member ? -1 : a.member > b.member ? 1 : 0)));
    expect(audited.map((a) => a.action)).toEqual(['detection.state-changed', 'sighting.reported', 'sighting.reported']);
    await expect(book.report('indicator--00000000-0000-4000-8000-000000000099', 'sighting', 'user:ana')).rejects.toMatchObject({ code: 'detection.no-indicator' });
  });
});
