// Store contract, detection alerts: one open alert per indicator aggregating its hits, each hit
// counted once however often it is recorded, a bounded sample of evidence, states moved only from
// the state they are in, and a closed alert's indicator opening a new alert on its next hit.
import { expect, it } from 'vitest';
import { isAccordError } from '../../stix/index.js';
import { EVIDENCE_SAMPLE, type DetectionHit } from '../detections.port.js';
import type { Store } from '../port.js';

const IND = 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';
const OTHER = 'indicator--1d6a3f0e-9b7c-4e5d-8f2a-3b4c5d6e7f80';
const ORIGINATOR = 'identity--0f5a0c3e-6b1e-4d5b-9f0a-2c3d4e5f6a7b';

function hit(line: number, over: Partial<DetectionHit> = {}): DetectionHit {
  const seen = `2026-11-27T10:00:${String(line % 60).padStart(2, '0')}.000Z`;
  return {
    indicatorId: IND, indicatorName: 'C2 node', originator: ORIGINATOR, key: `eve.json:${line}`, seen,
    evidence: {
      seen, source: 'eve.json', line, eventType: 'dns', path: 'domain-name:value', value: 'c2.evil.example', why: "domain-name:value = 'c2.evil.example'",
      raw: `{"line":${line}}`, values: '{"domain-name:value":["c2.evil.example"]}', observedDataId: `observed-data--00000000-0000-4000-8000-${String(line).padStart(12, '0')}`,
    },
    ...over,
  };
}

export function detectionsContract(store: () => Store): void {
  it('aggregates the hits of one indicator in one open alert, counting a hit recorded again once', async () => {
    const s = store();
    const touched = await s.detections.record([hit(3), hit(1), hit(2), hit(1, { indicatorId: OTHER, indicatorName: null, originator: null })], '2026-11-27T11:00:00.000Z');
    expect(touched.map((t) => [t.indicatorId, t.raised]).sort()).toEqual([[OTHER, true], [IND, true]]);
    const [a] = await s.detections.list({ indicatorId: IND });
    expect(a).toMatchObject({ indicatorId: IND, indicatorName: 'C2 node', originator: ORIGINATOR, state: 'new', count: 3, firstSeen: '2026-11-27T10:00:01.000Z', lastSeen: '2026-11-27T10:00:03.000Z', sightingVersion: null, sharedVersion: null });
    expect(a?.sightingId).toMatch(/^sighting--[0-9a-f-]{36}$/);
    expect(a?.evidence.map((e) => e.line)).toEqual([1, 2, 3]);
    expect(a?.evidence[0]).toEqual(hit(1).evidence);
    // The same lines again: nothing changes, nothing is reported.
    expect(await s.detections.record([hit(1), hit(2)], '2026-11-27T11:01:00.000Z')).toEqual([]);
    expect((await s.detections.get(a?.id ?? ''))?.count).toBe(3);
    // A new line joins the open alert; it is reported as updated, not raised.
    expect(await s.detections.record([hit(1), hit(4)], '2026-11-27T11:02:00.000Z')).toEqual([{ id: a?.id, indicatorId: IND, raised: false }]);
    expect(await s.detections.get(a?.id ?? '')).toMatchObject({ count: 4, lastSeen: '2026-11-27T10:00:04.000Z', updatedAt: '2026-11-27T11:02:00.000Z' });
    expect(await s.detections.record([], '2026-11-27T11:03:00.000Z')).toEqual([]);
  });

  it(`keeps the first ${EVIDENCE_SAMPLE} hits as evidence and counts every one`, async () => {
    const s = store();
    await s.detections.record(Array.from({ length: EVIDENCE_SAMPLE + 5 }, (_, i) => hit(i + 1)), '2026-11-27T11:00:00.000Z');
    await s.detections.record([hit(40)], '2026-11-27T11:00:01.000Z');
    const [a] = await s.detections.list({});
    expect(a?.count).toBe(EVIDENCE_SAMPLE + 6);
    expect(a?.evidence).toHaveLength(EVIDENCE_SAMPLE);
  });

  it('moves an alert between states from the state it is in; a closed alert\'s indicator opens a new one', async () => {
    const s = store();
    await s.detections.record([hit(1)], '2026-11-27T11:00:00.000Z');
    const [a] = await s.detections.list({});
    const id = a?.id ?? '';
    const ack = { at: '2026-11-27T11:05:00.000Z', actor: 'user:ana', from: 'new', to: 'acknowledged', note: null } as const;
    expect(await s.detections.transition(id, ack)).toBe(true);
    expect(await s.detections.transition(id, ack)).toBe(false);
    expect(await s.detections.transition('detection--none', ack)).toBe(false);
    // Acknowledged is still open: a new hit joins it.
    await s.detections.record([hit(2)], '2026-11-27T11:06:00.000Z');
    expect((await s.detections.get(id))?.count).toBe(2);
    const fp = { at: '2026-11-27T11:07:00.000Z', actor: 'user:bo', from: 'acknowledged', to: 'false-positive', note: 'our own scanner' } as const;
    expect(await s.detections.transition(id, fp)).toBe(true);
    expect((await s.detections.get(id))?.changes).toEqual([ack, fp]);
    // Hits recorded before open nothing; a new hit opens a new alert.
    expect(await s.detections.record([hit(1), hit(2)], '2026-11-27T11:08:00.000Z')).toEqual([]);
    expect(await s.detections.list({})).toHaveLength(1);
    const [again] = await s.detections.record([hit(3)], '2026-11-27T11:09:00.000Z');
    expect(again).toMatchObject({ indicatorId: IND, raised: true });
    expect(again?.id).not.toBe(id);
    expect((await s.detections.list({ state: 'new' })).map((d) => d.id)).toEqual([again?.id]);
    // The closed one cannot be reopened while the new one is open.
    await expect(s.detections.transition(id, { ...ack, from: 'false-positive' })).rejects.toSatisfy((e) => isAccordError(e) && e.code === 'store.detection-open');
    expect((await s.detections.get(id))?.state).toBe('false-positive');
  });

  it('notes the sighting version stored and the one shared', async () => {
    const s = store();
    await s.detections.record([hit(1)], '2026-11-27T11:00:00.000Z');
    const [a] = await s.detections.list({});
    await s.detections.setSightingVersion(a?.id ?? '', '2026-11-27T11:00:00.001Z');
    await s.detections.markShared(a?.id ?? '', '2026-11-27T11:00:00.001Z', '2026-11-27T11:10:00.000Z');
    expect(await s.detections.get(a?.id ?? '')).toMatchObject({ sightingVersion: '2026-11-27T11:00:00.001Z', sharedVersion: '2026-11-27T11:00:00.001Z', sharedAt: '2026-11-27T11:10:00.000Z' });
  });
}
