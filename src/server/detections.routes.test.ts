// /api/v1/detections and /api/v1/indicators/{id}/sightings through the real app: alerts recorded
// from matches are listed and shown with their evidence, an analyst marks one a false positive
// (a false-positive sighting is filed; audited), sightings are reported and gathered with totals,
// and what is wrong is named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../../test/support/node-app.js';
import { testPublishing } from '../../test/support/sharing.js';
import { Detector, eveReader, recordDetections } from '../detect/index.js';
import { validatePattern } from '../pattern/index.js';
import { prepareObject, type Store } from '../store/index.js';

const SELF = 'identity--7f3c2a10-3b1e-4c55-9a3d-2f6b8e0c4d11';
const ORIGINATOR = 'identity--2d1c0b9a-8f7e-4d6c-9b5a-493827161504';
const IND = 'indicator--00000000-0000-4000-8000-000000000001';
const T = '2026-11-01T00:00:00.000Z';

/** Records one match of the indicator (a flow from 198.51.100.7) on the node's store. */
async function seed(store: Store, audit: TestNode['audit']): Promise<void> {
  const pattern = "[ipv4-addr:value = '198.51.100.7']";
  await store.objects.put([prepareObject({ type: 'indicator', spec_version: '2.1', id: IND, created: T, modified: T, created_by_ref: ORIGINATOR, name: 'scanner', pattern, pattern_type: 'stix', valid_from: T })]);
  const detector = new Detector();
  const v = validatePattern(pattern, { version: '2.1' });
  if (v.ok) detector.add(IND, v.pattern);
  const text = JSON.stringify({ timestamp: '2026-11-27T10:00:00.000000+0000', event_type: 'flow', src_ip: '198.51.100.7', dest_ip: '10.0.0.1', proto: 'TCP', src_port: 40000, dest_port: 22 });
  const event = eveReader()(text);
  if ('skip' in event) throw new Error(event.skip);
  await recordDetections(store, detector.match(event, 'e').map((hit) => ({ hit, event, source: 'eve.json', line: 1, raw: text })), '2026-11-27T11:00:00.000Z', { self: SELF, audit });
}

describe('/api/v1/detections and sightings', () => {
  let node: TestNode;
  let analyst: Record<string, string>;
  let observer: Record<string, string>;
  const call = (who: Record<string, string>, method: 'GET' | 'POST', url: string, body?: unknown) =>
    node.app.inject({ method, url, headers: who, ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}) });

  beforeAll(async () => {
    node = await startTestNode({ self: SELF });
    analyst = { authorization: `Bearer ${await node.userWithToken('ana', ['analyst'])}` };
    observer = { authorization: `Bearer ${await node.userWithToken('watcher', ['observer'])}` };
    await seed(node.store, node.audit);
  });
  afterAll(() => node.close());

  it('lists and shows alerts with their evidence, and an analyst marks one a false positive', async () => {
    const listed = await call(observer, 'GET', '/api/v1/detections?state=new');
    expect(listed.statusCode, listed.body).toBe(200);
    const [d] = listed.json<{ detections: { id: string; count: number; indicator: { id: string; originator: string }; evidence: { line: number; values: Record<string, unknown> }[] }[] }>().detections;
    expect(d).toMatchObject({ count: 1, indicator: { id: IND, originator: ORIGINATOR }, evidence: [{ line: 1 }] });
    expect(d?.evidence[0]?.values['ipv4-addr:value']).toEqual(['198.51.100.7', '10.0.0.1']);
    const shown = await call(observer, 'GET', `/api/v1/detections/${d?.id ?? ''}`);
    expect(shown.json()).toMatchObject({ id: d?.id, sighting: { version: '2026-11-27T11:00:00.000Z', shared_version: null } });
    expect((await call(observer, 'GET', '/api/v1/detections/detection--none')).statusCode).toBe(404);
    expect((await call(observer, 'POST', `/api/v1/detections/${d?.id ?? ''}/state`, { state: 'acknowledged' })).statusCode).toBe(403);
    const fp = await call(analyst, 'POST', `/api/v1/detections/${d?.id ?? ''}/state`, { state: 'false-positive', note: 'our own scanner' });
    expect(fp.statusCode, fp.body).toBe(200);
    expect(fp.json()).toMatchObject({ state: 'false-positive', changes: [{ from: 'new', to: 'false-positive', note: 'our own scanner' }], false_positive: { type: 'false-positive', indicator: IND, where_sighted: [SELF] } });
    expect((await call(analyst, 'POST', `/api/v1/detections/${d?.id ?? ''}/state`, { state: 'false-positive' })).statusCode).toBe(409);
    expect((await call(analyst, 'POST', `/api/v1/detections/${d?.id ?? ''}/state`, { state: 'new' })).statusCode).toBe(400);
    // Sharing needs the publishing service, which this test node was not given.
    expect((await call(analyst, 'POST', `/api/v1/detections/${d?.id ?? ''}/share`, {})).statusCode).toBe(503);
    const actions = (await node.store.audit.scan(0, 1000)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['detection.raised', 'detection.state-changed', 'sighting.reported']));
  });

  it('files sightings and expiries, and gathers them with totals', async () => {
    const made = await call(analyst, 'POST', `/api/v1/indicators/${IND}/sightings`, { type: 'expiry', note: 'taken down' });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ sighting: { type: 'expiry', indicator: IND, count: 1 } });
    expect((await call(analyst, 'POST', `/api/v1/indicators/${IND}/sightings`, { type: 'seen' })).statusCode).toBe(400);
    const none = await call(analyst, 'POST', '/api/v1/indicators/indicator--00000000-0000-4000-8000-000000000099/sightings', {});
    expect(none.statusCode).toBe(404);
    expect(none.json<{ detail: string }>().detail).toMatch(/no indicator indicator--00000000-0000-4000-8000-000000000099 is held/);
    const g = await call(observer, 'GET', `/api/v1/indicators/${IND}/sightings`);
    expect(g.statusCode, g.body).toBe(200);
    expect(g.json()).toMatchObject({
      indicator: IND, by_type: { sighting: { sightings: 1, count: 1 }, 'false-positive': { sightings: 1, count: 1 }, expiry: { sightings: 1, count: 1 } },
      by_member: [{ member: SELF, type: 'sighting' }, { member: SELF, type: 'false-positive' }, { member: SELF, type: 'expiry' }],
    });
  });
});

describe('POST /api/v1/detections/{id}/share', () => {
  let node: TestNode;
  afterAll(() => node.close());

  it('shares the sighting and its evidence with the originator alone, and notes the version shared', async () => {
    node = await startTestNode({ self: SELF, publishing: testPublishing(SELF, [SELF, ORIGINATOR]) });
    const analyst = { authorization: `Bearer ${await node.userWithToken('ana', ['analyst'])}` };
    await seed(node.store, node.audit);
    const [d] = await node.store.detections.list({});
    const r = await node.app.inject({ method: 'POST', url: `/api/v1/detections/${d?.id ?? ''}/share`, headers: analyst, payload: { with_evidence: true } });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json<{ shared: number; originator: string; refused: unknown[]; publication: null }>();
    // The sighting, its observed-data and the observed-data's three SCOs (two addresses and their traffic).
    expect(body).toMatchObject({ originator: ORIGINATOR, shared: 5, refused: [], publication: null });
    const [version] = await node.store.objects.versions(d?.sightingId ?? '');
    expect(await node.store.visibility.of(version?.added ?? 0)).toEqual([ORIGINATOR]);
    const [share] = await node.store.shares.forObject(d?.sightingId ?? '');
    expect(JSON.parse(share?.policy ?? '{}')).toMatchObject({ tlp: 'amber+strict', audience: { kind: 'members', members: [ORIGINATOR] }, relay: false });
    expect((await node.store.detections.get(d?.id ?? ''))?.sharedVersion).toBe(d?.sightingVersion);
    const actions = (await node.store.audit.scan(0, 1000)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['detection.shared', 'object.shared']));
  });
});
