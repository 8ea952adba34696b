// Store contract, sharing part: the share index and the visibility table — stamps from the node
// clock, paging one member's rows by stamp, and settling whole objects — alike on every adapter.
import { expect, it } from 'vitest';
import { buildIndicator, buildIpv4, buildMalware, nextVersion } from '../../../test/support/factories.js';
import { isAccordError } from '../../stix/index.js';
import type { PreparedObject, Store } from '../port.js';
import { prepareObject } from '../prepare.js';
import type { ShareRow, VisibilityEntry } from '../visibility.port.js';
import { buildCollection } from './collections.case.js';

type Obj = Record<string, unknown>;
const prep = (o: Obj): PreparedObject => prepareObject(o);
const B = 'identity--0b000000-0000-4000-8000-000000000001';
const C = 'identity--0c000000-0000-4000-8000-000000000001';
const D = 'identity--0d000000-0000-4000-8000-000000000001';

/** Stores objects and returns their date_added, in order. */
async function put(s: Store, ...objects: Obj[]): Promise<number[]> {
  const outcomes = await s.objects.put(objects.map(prep));
  return outcomes.map((o) => {
    if (!('added' in o)) throw new Error(`not stored: ${JSON.stringify(o)}`);
    return o.added;
  });
}

function shareRow(over: Partial<ShareRow> & Pick<ShareRow, 'id' | 'objectId' | 'recordAdded'>): ShareRow {
  return {
    objectVersion: '2026-01-01T00:00:00.000Z', objectHash: 'a'.repeat(64), sharer: B,
    policy: JSON.stringify({ id: over.id, audience: { kind: 'all' } }), state: 'valid', reason: null, ...over,
  };
}

const shareId = (n: number): string => `x-accord-share--00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;

/** Every (member, version) pair visible to `member`, paged `page` at a time, with its stamp. */
async function pull(s: Store, member: string, after = 0, page = 2): Promise<{ added: number; id: string; version: string }[]> {
  const out: { added: number; id: string; version: string }[] = [];
  let cursor = after;
  for (;;) {
    const res = await s.objects.list({ visibleTo: member, versions: 'all', after: cursor, limit: page });
    out.push(...res.items.map((o) => ({ added: o.added, id: o.id, version: o.version })));
    if (!res.more) return out;
    cursor = res.items.at(-1)?.added ?? cursor;
  }
}

export function visibilityContract(store: () => Store): void {
  it('indexes share records: stored, unchanged, updated in place, never re-bound', async () => {
    const s = store();
    const [rec1, rec2, rec3] = await put(s, buildIndicator(), buildIndicator(), buildIndicator());
    const a = shareRow({ id: shareId(1), objectId: 'indicator--00000000-0000-4000-8000-0000000000a1', recordAdded: rec1! });
    const b = shareRow({ id: shareId(2), objectId: 'indicator--00000000-0000-4000-8000-0000000000a1', recordAdded: rec2!, objectVersion: null, sharer: C });
    const q = shareRow({ id: shareId(3), objectId: 'indicator--00000000-0000-4000-8000-0000000000b2', recordAdded: rec3!, state: 'quarantined', reason: 'unknown key' });
    expect(await s.shares.put([a, b, q])).toEqual([{ id: a.id, status: 'stored' }, { id: b.id, status: 'stored' }, { id: q.id, status: 'stored' }]);
    expect(await s.shares.get([q.id, a.id, shareId(9)])).toEqual([a, q]);
    expect(await s.shares.forObject(a.objectId)).toEqual([a, b]);
    expect(await s.shares.named([q.objectId, 'indicator--00000000-0000-4000-8000-0000000000ff', a.objectId])).toEqual([a.objectId, q.objectId]);
    expect(await s.shares.objectIds('', 1)).toEqual([a.objectId]);
    expect(await s.shares.objectIds(a.objectId, 5)).toEqual([q.objectId]);
    expect(await s.shares.quarantined('', 5)).toEqual({ items: [q], more: false });

    // The same record again: unchanged; its quarantine released: updated in place.
    const released = { ...q, state: 'valid' as const, reason: null };
    const results = await s.shares.put([a, released]);
    expect(results).toEqual([{ id: a.id, status: 'unchanged' }, { id: q.id, status: 'updated' }]);
    expect(await s.shares.quarantined('', 5)).toEqual({ items: [], more: false });
    expect(await s.shares.get([q.id])).toEqual([released]);

    // Another record version (or another binding) under a held id is refused; the first stays.
    const [other] = await s.shares.put([{ ...a, recordAdded: rec3! }, { ...b, sharer: B }]);
    expect(other).toMatchObject({ id: a.id, status: 'conflict', code: 'store.share-conflict' });
    expect(await s.shares.get([a.id, b.id])).toEqual([a, b]);
    const many = Array.from({ length: 3 }, (_, i) => shareRow({ id: shareId(10 + i), objectId: a.objectId, recordAdded: rec1!, state: 'quarantined', reason: `r${i}` }));
    await s.shares.put(many);
    const first = await s.shares.quarantined('', 2);
    expect(first.items.map((r) => r.id)).toEqual([shareId(10), shareId(11)]);
    expect(first.more).toBe(true);
    expect((await s.shares.quarantined(shareId(11), 2)).items.map((r) => r.id)).toEqual([shareId(12)]);
  });

  it('stamps grants from the node clock: fresh when new, kept when already granted, fresh again after a revoke', async () => {
    const s = store();
    const [v1, v2] = await put(s, buildIndicator(), buildMalware());
    const before = await s.objects.lastAdded();
    expect(await s.visibility.grant([{ member: B, objectAdded: v1! }, { member: C, objectAdded: v1! }, { member: B, objectAdded: v1! }])).toBe(2);
    expect(await s.visibility.of(v1!)).toEqual([B, C]);
    const [first] = await pull(s, B);
    expect(first!.added).toBeGreaterThan(before);
    expect(await s.objects.lastAdded()).toBeGreaterThanOrEqual(first!.added);
    // Already visible: nothing changes, the stamp stays.
    expect(await s.visibility.grant([{ member: B, objectAdded: v1! }, { member: B, objectAdded: v2! }])).toBe(1);
    const both = await pull(s, B);
    expect(both.map((o) => o.added)[0]).toBe(first!.added);
    expect(both).toHaveLength(2);
    // A version that is not stored is not granted.
    expect(await s.visibility.grant([{ member: D, objectAdded: 12345 }])).toBe(0);
    expect(await s.visibility.of(12345)).toEqual([]);
    // Revoked, then granted again: a fresh stamp above everything before.
    expect(await s.visibility.revoke([{ member: B, objectAdded: v1! }, { member: D, objectAdded: v1! }])).toBe(1);
    expect(await s.visibility.of(v1!)).toEqual([C]);
    const high = await s.objects.lastAdded();
    await s.visibility.grant([{ member: B, objectAdded: v1! }]);
    const again = await pull(s, B);
    expect(again.map((o) => o.added)).toEqual([both[1]!.added, expect.any(Number) as number]);
    expect(again[1]!.added).toBeGreaterThan(high);
    // Stamps are unique across the node: object date_added and every member's rows.
    const [v3] = await put(s, buildIndicator());
    expect(v3).toBeGreaterThan(again[1]!.added);
  });

  it('pages one member\'s versions by its stamps, with filters, bodies and its own latest and first', async () => {
    const s = store();
    const ind = buildIndicator({ labels: ['loader'] });
    const ind2 = nextVersion(ind);
    const ind3 = nextVersion(ind2);
    const mal = buildMalware();
    const ip = buildIpv4();
    const [i1, i2, i3, m, p] = await put(s, ind, ind2, ind3, mal, ip);
    // B sees the first two versions of the indicator (not the newest), the malware and the IP.
    await s.visibility.grant([{ member: B, objectAdded: p! }, { member: B, objectAdded: i2! }, { member: B, objectAdded: m! }, { member: B, objectAdded: i1! }]);
    await s.visibility.grant([{ member: C, objectAdded: i3! }]);
    const all = await pull(s, B, 0, 1);
    // Served in the order B was granted them, whatever their date_added.
    expect(all.map((o) => o.id)).toEqual([ip.id, ind.id, mal.id, ind.id]);
    expect(all.map((o) => o.version).slice(1, 2)).toEqual([ind2.modified]);
    for (let i = 1; i < all.length; i++) expect(all[i]!.added).toBeGreaterThan(all[i - 1]!.added);
    // B's latest of the indicator is the second version, its first the first; C's are the third.
    const last = await s.objects.list({ visibleTo: B, ids: [String(ind.id)], limit: 10 });
    expect(last.items.map((o) => o.version)).toEqual([ind2.modified]);
    const first = await s.objects.list({ visibleTo: B, ids: [String(ind.id)], versions: 'first', limit: 10 });
    expect(first.items.map((o) => o.version)).toEqual([ind.modified]);
    expect((await s.objects.list({ visibleTo: C, limit: 10 })).items.map((o) => o.version)).toEqual([ind3.modified]);
    expect((await s.objects.list({ visibleTo: B, limit: 10 })).items.map((o) => o.id)).toEqual([ip.id, ind.id, mal.id]);
    // Filters and bodies work as on the whole store; `added` is B's stamp.
    expect((await s.objects.list({ visibleTo: B, labels: ['loader'], versions: 'all', limit: 10 })).items).toHaveLength(2);
    expect((await s.objects.list({ visibleTo: B, types: ['malware'], limit: 10 })).items.map((o) => o.added)).toEqual([all[2]!.added]);
    const bodies = await s.objects.listBodies({ visibleTo: B, versions: 'all', after: all[1]!.added, limit: 10 });
    expect(bodies.items.map((b) => b.added)).toEqual([all[2]!.added, all[3]!.added]);
    expect(JSON.parse(bodies.items[0]!.json)).toEqual(mal);
    expect((await s.objects.list({ visibleTo: D, versions: 'all', limit: 10 })).items).toEqual([]);
    // The whole store is unaffected.
    expect((await s.objects.list({ versions: 'all', limit: 10 })).items.map((o) => o.added)).toEqual([i1, i2, i3, m, p]);
  });

  it('finds a version granted after a page was read on the next page, whenever it was stored', async () => {
    const s = store();
    const early = buildIndicator();
    const [old] = await put(s, early);
    const later = await put(s, buildIndicator(), buildIndicator(), buildIndicator());
    await s.visibility.grant(later.map((objectAdded) => ({ member: B, objectAdded })));
    const page = await s.objects.list({ visibleTo: B, limit: 3 });
    expect(page.more).toBe(false);
    const cursor = page.items.at(-1)!.added;
    // The oldest version of all becomes visible to B only now (a quarantine released, a group joined).
    await s.visibility.grant([{ member: B, objectAdded: old! }]);
    const next = await s.objects.list({ visibleTo: B, after: cursor, limit: 3 });
    expect(next.items.map((o) => o.id)).toEqual([early.id]);
    expect(next.items[0]!.added).toBeGreaterThan(cursor);
    // Nothing already served comes back.
    expect((await s.objects.list({ visibleTo: B, after: next.items[0]!.added, limit: 3 })).items).toEqual([]);
  });

  it('refuses to page a member\'s visibility inside a members collection', async () => {
    const s = store();
    const c = buildCollection();
    await s.collections.create(c);
    for (const read of [() => s.objects.list({ visibleTo: B, collection: c.id, limit: 5 }), () => s.objects.listBodies({ visibleTo: B, collection: c.id, limit: 5 })]) {
      await expect(read()).rejects.toSatisfy((e) => isAccordError(e) && e.kind === 'invalid' && e.code === 'store.bad-query');
    }
  });

  it('drops the rows of versions removed from the store, not of versions removed from a collection', async () => {
    const s = store();
    const c = buildCollection();
    await s.collections.create(c);
    const ind = buildIndicator();
    const [v1] = await put(s, ind);
    await s.objects.put([prep(ind)], { collection: c.id });
    await s.visibility.grant([{ member: B, objectAdded: v1! }]);
    expect(await s.objects.remove({ ids: [String(ind.id)], collection: c.id })).toBe(1);
    expect(await s.visibility.of(v1!)).toEqual([B]);
    expect(await s.objects.remove({ ids: [String(ind.id)] })).toBe(1);
    expect(await s.visibility.of(v1!)).toEqual([]);
    expect((await s.objects.list({ visibleTo: B, limit: 5 })).items).toEqual([]);
  });

  it('settles whole objects atomically: reads under the lock, keeps what stays, grants and revokes the rest', async () => {
    const s = store();
    const ind = buildIndicator();
    const ind2 = nextVersion(ind);
    const other = buildMalware();
    const [i1, i2, o1, r1, r2] = await put(s, ind, ind2, other, buildIndicator(), buildIndicator());
    const row = shareRow({ id: shareId(1), objectId: String(ind.id), recordAdded: r1! });
    const quarantined = shareRow({ id: shareId(2), objectId: String(ind.id), recordAdded: r2!, state: 'quarantined', reason: 'held' });
    const dangling = shareRow({ id: shareId(3), objectId: String(ind.id), recordAdded: 999 }); // its record is not stored here
    await s.shares.put([row, quarantined, dangling]);
    // Rows granted earlier: B on v1 (stays), C on v1 (goes), C on the quarantined record (goes), D on the other object (untouched).
    await s.visibility.grant([{ member: B, objectAdded: i1! }, { member: C, objectAdded: i1! }, { member: C, objectAdded: r2! }, { member: D, objectAdded: o1! }]);
    const [kept] = await pull(s, B);
    let seen: { versions: number[]; shares: string[]; settled: number[] } | undefined;
    const result = await s.visibility.settle([String(ind.id), String(ind.id)], (snapshot) => {
      seen = { versions: snapshot.versions.map((v) => v.added), shares: snapshot.shares.map((r) => r.id), settled: [...snapshot.settled].sort((a, b) => a - b) };
      expect(snapshot.versions.map((v) => v.version)).toEqual([ind.modified, ind2.modified]);
      expect(JSON.parse(snapshot.versions[1]!.json)).toEqual(ind2);
      return new Map([[i1!, new Set([B])], [i2!, new Set([B, D])], [r1!, new Set([B, D])]]);
    });
    expect(seen).toEqual({ versions: [i1, i2], shares: [row.id, quarantined.id, dangling.id], settled: [i1, i2, r1, r2] });
    expect(result).toEqual({ versions: 4, granted: 4, revoked: 2 });
    expect(await s.visibility.of(i1!)).toEqual([B]);
    expect(await s.visibility.of(i2!)).toEqual([B, D]);
    expect(await s.visibility.of(r1!)).toEqual([B, D]);
    expect(await s.visibility.of(r2!)).toEqual([]);
    expect(await s.visibility.of(o1!)).toEqual([D]);
    // B keeps its old stamp on v1; the share record comes before the version it lets B verify.
    const b = await pull(s, B);
    expect(b[0]).toEqual(kept);
    expect(b.map((o) => o.added).slice(1)).toEqual([expect.any(Number), expect.any(Number)]);
    expect(b[1]!.added).toBeLessThan(b[2]!.added);
    expect([b[1]!.id === ind.id, b[2]!.version]).toEqual([false, ind2.modified]);
    expect(await s.objects.list({ visibleTo: B, versions: 'all', after: kept!.added, limit: 1 }).then((p) => p.items.map((o) => o.added))).toEqual([b[1]!.added]);
    const d = await pull(s, D);
    expect(d.map((o) => o.added)).toEqual([expect.any(Number), expect.any(Number), expect.any(Number)]);

    // Settling again with the same plan changes nothing.
    const same = await s.visibility.settle([String(ind.id)], () => new Map([[i1!, new Set([B])], [i2!, new Set([B, D])], [r1!, new Set([B, D])]]));
    expect(same).toEqual({ versions: 4, granted: 0, revoked: 0 });
    expect(await pull(s, B)).toEqual(b);
  });

  it('rolls a settle back whole when its plan names a version outside the settled objects', async () => {
    const s = store();
    const ind = buildIndicator();
    const [i1, o1] = await put(s, ind, buildMalware());
    await s.visibility.grant([{ member: B, objectAdded: i1! }]);
    const clock = await s.objects.lastAdded();
    const settle = s.visibility.settle([String(ind.id)], () => new Map([[i1!, new Set<string>()], [o1!, new Set([C])]]));
    await expect(settle).rejects.toSatisfy((e) => isAccordError(e) && e.code === 'store.settle-outside');
    expect(await s.visibility.of(i1!)).toEqual([B]);
    expect(await s.visibility.of(o1!)).toEqual([]);
    expect(await s.objects.lastAdded()).toBe(clock);
    // A decision that throws rolls back the same way.
    await expect(s.visibility.settle([String(ind.id)], () => {
      throw new Error('policy failed');
    })).rejects.toThrow('policy failed');
    expect(await s.visibility.of(i1!)).toEqual([B]);
  });

  it('keeps stamps unique and in commit order while objects, grants and settles run at once', async () => {
    const s = store();
    const base = await put(s, ...Array.from({ length: 6 }, () => buildIndicator()));
    const entries = (member: string): VisibilityEntry[] => base.map((objectAdded) => ({ member, objectAdded }));
    await Promise.all([
      s.visibility.grant(entries(B)),
      s.objects.put(Array.from({ length: 4 }, () => prep(buildIndicator()))),
      s.visibility.grant(entries(C)),
      s.visibility.settle([], () => new Map()),
      s.visibility.grant(entries(D)),
    ]);
    const stamps = [...(await pull(s, B)), ...(await pull(s, C)), ...(await pull(s, D))].map((o) => o.added);
    const added = (await s.objects.list({ versions: 'all', limit: 100 })).items.map((o) => o.added);
    expect(new Set([...stamps, ...added]).size).toBe(stamps.length + added.length);
    expect(await s.objects.lastAdded()).toBe(Math.max(...stamps, ...added));
  });
}
