// The visibility table against the policy function, on both store adapters. The cases pin the
// decisions (what a row means, what is granted, when rows change); the property test then drives
// random members, groups, objects and shares through the service and checks after every step that
// table and function agree: a row (member, version) is present iff mayRelay(self, member, …)
// allows it, a share record is visible exactly to the members it grants a version to, and a
// member pulling with added_after from its last position finds everything newly visible to it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIndicator, buildIpv4, nextVersion, Rng } from '../../test/support/factories.js';
import { tempPostgresStore, tempSqliteStore } from '../../test/support/store.js';
import { BUILTIN_MARKINGS, canonicalHash, TLP_LEVELS, tlpMarkingId, tlpOfObject, versionOf } from '../stix/index.js';
import { prepareObject, type Store } from '../store/index.js';
import { mayRelay, type PolicyVersion } from './policy.js';
import { buildShare, readRecord } from './records.js';
import type { Audience, MemberId, MembershipView, Share } from './types.js';
import { RECOMPUTE_ALL_META, relays, VisibilityService } from './visibility.js';

type Obj = Record<string, unknown>;

const member = (n: number): MemberId => `identity--00000000-0000-4000-8000-${(0xa0 + n).toString(16).padStart(12, '0')}`;
const [A, B, C, D, S, X] = [0, 1, 2, 3, 4, 5].map(member) as [MemberId, MemberId, MemberId, MemberId, MemberId, MemberId];
const G = 'x-accord-group--00000000-0000-4000-8000-0000000000f1';
const THIRD_PARTY = 'identity--00000000-0000-4000-8000-0000000000e1';

/** A membership the tests change: members suspended and reinstated, group versions learnt. */
class TestMembership implements MembershipView {
  readonly suspended = new Set<MemberId>();
  readonly groups = new Map<string, Map<number, readonly MemberId[]>>();
  constructor(readonly listed: readonly MemberId[]) {}
  isMember(m: MemberId): boolean {
    return this.listed.includes(m) && !this.suspended.has(m);
  }
  members(): readonly MemberId[] {
    return this.listed.filter((m) => this.isMember(m));
  }
  groupMembers(group: string, version: number): readonly MemberId[] | undefined {
    return this.groups.get(group)?.get(version);
  }
  nameOf(m: MemberId): string {
    return m;
  }
  isOrWasMember(m: MemberId): boolean {
    return this.listed.includes(m);
  }
}

function castMembership(): TestMembership {
  const m = new TestMembership([A, B, C, D, S]);
  m.suspended.add(S);
  m.groups.set(G, new Map([[1, [A, B, C, S]], [2, [A, B, C, S, D]]]));
  return m;
}

let clock = Date.UTC(2026, 0, 1);
/** A share record of `object` and its parsed share (as verifyShare would return it). */
function shareOf(object: Obj, sharer: MemberId, tlp: string, audience: Audience, relay = false): { record: Obj; share: Share } {
  clock += 1000;
  const record = buildShare({ object, sharer, tlp, audience, relay, at: new Date(clock) });
  return { record: { ...record }, share: readRecord(record) };
}

async function put(store: Store, ...objects: Obj[]): Promise<number[]> {
  return (await store.objects.put(objects.map((o) => prepareObject(o)))).map((o) => {
    if (!('added' in o)) throw new Error(`not stored: ${JSON.stringify(o)}`);
    return o.added;
  });
}

/** Everything visible to `m` after `after`, as `id|hash` with its stamp, in stamp order. */
async function pull(store: Store, m: MemberId, after = 0): Promise<{ key: string; stamp: number }[]> {
  const out: { key: string; stamp: number }[] = [];
  let cursor = after;
  for (;;) {
    const page = await store.objects.list({ visibleTo: m, versions: 'all', after: cursor, limit: 50 });
    out.push(...page.items.map((o) => ({ key: `${o.id}|${o.hash}`, stamp: o.added })));
    const last = page.items.at(-1);
    if (!page.more || last === undefined) return out;
    cursor = last.added;
  }
}

const keyOf = (o: Obj): string => `${String(o.id)}|${canonicalHash(o).hash}`;

const backends = [['sqlite', tempSqliteStore], ['postgres', tempPostgresStore]] as const;

describe.each(backends)('visibility table on %s', (_name, open) => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ store, dispose } = await open());
  });
  afterEach(async () => {
    await (dispose as (() => Promise<void>) | undefined)?.();
  });

  it('grants a shared version and its share record to the members this node may pass it to, never to itself', async () => {
    const membership = castMembership();
    const service = new VisibilityService(store, membership, A);
    const ind = buildIndicator({ created_by_ref: A, object_marking_refs: [tlpMarkingId('amber')] });
    const { record, share } = shareOf(ind, A, 'amber', { kind: 'members', members: [B, C, S, X] });
    const [v, r] = await put(store, ind, record);
    expect(await service.recordShares([{ share }])).toEqual([{ id: share.id, status: 'recorded' }]);
    expect(await store.visibility.of(v!)).toEqual([B, C]);
    expect(await store.visibility.of(r!)).toEqual([B, C]);
    // The record comes first: the peer can verify the version when it arrives.
    expect((await pull(store, B)).map((p) => p.key)).toEqual([keyOf(record), keyOf(ind)]);
    expect(await pull(store, A)).toEqual([]);
    // Recording again changes nothing, stamps included.
    const before = await pull(store, C);
    expect(await service.recordShares([{ share }])).toEqual([{ id: share.id, status: 'unchanged' }]);
    expect(await pull(store, C)).toEqual(before);
  });

  it('serves a recipient\'s peers only what the shares let it relay (rule 9), with the granting records only', async () => {
    const service = new VisibilityService(store, castMembership(), B);
    const green = buildIndicator({ created_by_ref: A, object_marking_refs: [tlpMarkingId('green')] });
    const amber = buildIndicator({ created_by_ref: A, object_marking_refs: [tlpMarkingId('amber')] });
    const red = buildIndicator({ created_by_ref: A, object_marking_refs: [tlpMarkingId('red')] });
    const g = shareOf(green, A, 'green', { kind: 'members', members: [B, C] }, true);
    const gd = shareOf(green, A, 'green', { kind: 'members', members: [D] }, true);
    const a = shareOf(amber, A, 'amber', { kind: 'members', members: [B, C] }, false);
    const r = shareOf(red, A, 'red', { kind: 'members', members: [B, C] }, true);
    const [vg, va, vr, rg, rgd] = await put(store, green, amber, red, g.record, gd.record, a.record, r.record);
    await service.recordShares([g, gd, a, r].map(({ share }) => ({ share })));
    // C gets the GREEN object from B under A's relayable share (A, whose share it is, holds it:
    // nothing is relayed to a sharer); D only through A's other share, of which B is no recipient: not from B.
    expect(await store.visibility.of(vg!)).toEqual([C]);
    expect(await store.visibility.of(rg!)).toEqual([C]);
    expect(await store.visibility.of(rgd!)).toEqual([]);
    // AMBER without relay and RED with it: only A's node delivers them, to anyone.
    expect(await store.visibility.of(va!)).toEqual([]);
    expect(await store.visibility.of(vr!)).toEqual([]);
    expect((await pull(store, C)).map((p) => p.key)).toEqual([keyOf(g.record), keyOf(green)]);
    expect((await pull(store, D))).toEqual([]);
  });

  it('relays at most once from the sharer, and never back to a node it came from (docs/decisions/0023)', async () => {
    const service = new VisibilityService(store, castMembership(), B);
    const direct = buildIndicator({ created_by_ref: A, object_marking_refs: [tlpMarkingId('green')] });
    const relayed = buildIndicator({ created_by_ref: A, object_marking_refs: [tlpMarkingId('green')] });
    const d = shareOf(direct, A, 'green', { kind: 'all' }, true);
    const r = shareOf(relayed, A, 'green', { kind: 'all' }, true);
    const [vd, vr] = await put(store, direct, relayed, d.record, r.record);
    // B received `direct` from A itself and from C; `relayed` only from C, which relayed it.
    await store.visibility.noteSources([{ objectAdded: vd!, member: A }, { objectAdded: vd!, member: C }, { objectAdded: vr!, member: C }]);
    await service.recordShares([d, r].map(({ share }) => ({ share })));
    expect(await store.visibility.of(vd!)).toEqual([D]);
    expect(await store.visibility.of(vr!)).toEqual([]);
    // Unit rule: first-hand copies relay to all but the sharer; received ones only from the sharer, never back.
    expect(relays(d.share, C, undefined)).toBe(true);
    expect(relays(d.share, A, undefined)).toBe(false);
    expect(relays(d.share, D, new Set([A]))).toBe(true);
    expect(relays(d.share, C, new Set([A, C]))).toBe(false);
    expect(relays(d.share, D, new Set([C]))).toBe(false);
  });

  it('refuses shares whose record is not stored, differs, or is itself shared; one bad entry fails no other', async () => {
    const service = new VisibilityService(store, castMembership(), A);
    const ind = buildIndicator({ created_by_ref: A, object_marking_refs: [] });
    const good = shareOf(ind, A, 'green', { kind: 'all' });
    const unstored = shareOf(ind, A, 'green', { kind: 'all' });
    const differs = shareOf(ind, A, 'green', { kind: 'members', members: [B] });
    const [indAdded, goodAdded] = await put(store, ind, good.record, differs.record);
    const meta = shareOf(good.record, A, 'green', { kind: 'all' });
    await put(store, meta.record);
    const outcomes = await service.recordShares([
      { share: unstored.share }, { share: { ...differs.share, audience: { kind: 'all' } } }, { share: meta.share }, { share: good.share },
    ]);
    expect(outcomes.map((o) => ('code' in o ? o.code : o.status))).toEqual([
      'visibility.record-not-stored', 'visibility.record-mismatch', 'visibility.share-of-share', 'recorded',
    ]);
    expect(await store.visibility.of(indAdded!)).toEqual([B, C, D]);
    expect(await store.visibility.of(goodAdded!)).toEqual([B, C, D]);
    expect(await store.shares.get([unstored.share.id, differs.share.id, meta.share.id])).toEqual([]);
  });

  it('holds a quarantined share back, and a released one reaches a puller after its last position', async () => {
    const service = new VisibilityService(store, castMembership(), A);
    const ind = buildIndicator({ created_by_ref: A, object_marking_refs: [tlpMarkingId('green')] });
    const other = buildIndicator({ created_by_ref: A, object_marking_refs: [tlpMarkingId('green')] });
    const held = shareOf(ind, A, 'green', { kind: 'members', members: [B] });
    const open = shareOf(other, A, 'green', { kind: 'members', members: [B] });
    await put(store, ind, other, held.record, open.record);
    await service.recordShares([{ share: held.share, quarantine: 'sharer key under review' }, { share: open.share }]);
    expect((await store.shares.quarantined('', 10)).items.map((r) => [r.id, r.reason])).toEqual([[held.share.id, 'sharer key under review']]);
    const seen = await pull(store, B);
    expect(seen.map((p) => p.key)).toEqual([keyOf(open.record), keyOf(other)]);
    const cursor = seen.at(-1)!.stamp;
    expect(await service.release([held.share.id])).toMatchObject({ objects: 1, granted: 2, revoked: 0 });
    expect((await pull(store, B, cursor)).map((p) => p.key)).toEqual([keyOf(held.record), keyOf(ind)]);
    // Quarantined again: B's rows go; released again: fresh stamps once more.
    const now = (await pull(store, B)).at(-1)!.stamp;
    expect(await service.quarantine([held.share.id], 'again')).toMatchObject({ granted: 0, revoked: 2 });
    expect((await pull(store, B)).map((p) => p.key)).toEqual([keyOf(open.record), keyOf(other)]);
    await service.release([held.share.id]);
    expect((await pull(store, B, now)).map((p) => p.key)).toEqual([keyOf(held.record), keyOf(ind)]);
  });

  it('lets a share that arrived before its object take effect once the object is stored', async () => {
    const service = new VisibilityService(store, castMembership(), A);
    const ip = buildIpv4();
    const { record, share } = shareOf(ip, A, 'amber', { kind: 'group', group: G, version: 2 });
    const [r] = await put(store, record);
    await service.recordShares([{ share }]);
    expect(await store.visibility.of(r!)).toEqual([]);
    const [v] = await put(store, ip);
    expect(await service.recompute([String(ip.id), String(record.id)])).toMatchObject({ objects: 1, granted: 6 });
    expect(await store.visibility.of(v!)).toEqual([B, C, D]);
    expect(await store.visibility.of(r!)).toEqual([B, C, D]);
    // Another content under the same SCO id is another version: the share does not name it.
    const [v2] = await put(store, { ...ip, x_note: 'another member\'s copy' });
    await service.recompute([String(ip.id)]);
    expect(await store.visibility.of(v2!)).toEqual([]);
  });

  it('follows the membership: a suspension and a group version learnt take effect with recomputeAll, which resumes', async () => {
    const membership = castMembership();
    membership.groups.set(G, new Map([[1, [A, B, C]]]));
    const service = new VisibilityService(store, membership, A, { batchSize: 1 });
    const objects = [0, 1, 2].map(() => buildIndicator({ created_by_ref: A, object_marking_refs: [] }));
    const shares = objects.map((o) => shareOf(o, A, 'green', { kind: 'group', group: G, version: 2 }));
    const added = await put(store, ...objects, ...shares.map((s) => s.record));
    await service.recordShares(shares.map(({ share }) => ({ share })));
    expect(await store.visibility.of(added[0]!)).toEqual([]); // version 2 of G is not known yet
    membership.groups.get(G)?.set(2, [A, B, D, S]);
    const cursor = await store.objects.lastAdded();
    expect(await service.recomputeAll()).toMatchObject({ objects: 3, granted: 12, revoked: 0 });
    expect(await store.meta.get(RECOMPUTE_ALL_META)).toBe('');
    for (const v of added.slice(0, 3)) expect(await store.visibility.of(v)).toEqual([B, D]);
    expect((await pull(store, D, cursor))).toHaveLength(6);
    // D is suspended; the run is interrupted after the first object, then resumed.
    membership.suspended.add(D);
    const ids = objects.map((o) => String(o.id)).sort();
    await store.meta.set(RECOMPUTE_ALL_META, JSON.stringify({ after: ids[0] }));
    expect(await service.recomputeAll({ resume: true })).toMatchObject({ objects: 2, revoked: 4 });
    const byId = new Map(objects.map((o, i) => [String(o.id), added[i]!] as const));
    expect(await store.visibility.of(byId.get(ids[0]!)!)).toEqual([B, D]); // before the resumed position: untouched
    expect(await store.visibility.of(byId.get(ids[1]!)!)).toEqual([B]);
    expect(await service.recomputeAll({ resume: true })).toEqual({ objects: 0, versions: 0, granted: 0, revoked: 0 });
    await service.recomputeAll();
    expect(await store.visibility.of(byId.get(ids[0]!)!)).toEqual([B]);
    // A suspended node serves no one: its own shares count for nobody either.
    membership.suspended.add(A);
    await service.recomputeAll();
    expect(await pull(store, B)).toEqual([]);
  });

  it('keeps an originator\'s object its own while it is suspended: another member\'s share of it stays void', async () => {
    const membership = castMembership();
    const service = new VisibilityService(store, membership, B);
    const ind = buildIndicator({ created_by_ref: C, object_marking_refs: [] });
    const { record, share } = shareOf(ind, B, 'green', { kind: 'all' });
    const [v] = await put(store, ind, record);
    await service.recordShares([{ share }]);
    expect(await store.visibility.of(v!)).toEqual([]);
    membership.suspended.add(C);
    await service.recomputeAll();
    expect(await store.visibility.of(v!)).toEqual([]);
  });

  it('ends equal to the policy when recordings, quarantines and releases of one object race', async () => {
    const membership = castMembership();
    const ind = buildIndicator({ created_by_ref: A, object_marking_refs: [] });
    const shares = [B, C, D, B, C, D].map((m, i) => shareOf(ind, A, i < 3 ? 'green' : 'amber', { kind: 'members', members: [m] }));
    const [v] = await put(store, ind, ...shares.map((s) => s.record));
    // Two services, as two processes would have, on the one store.
    const one = new VisibilityService(store, membership, A);
    const two = new VisibilityService(store, membership, A);
    await Promise.all([
      ...shares.map(({ share }, i) => (i % 2 === 0 ? one : two).recordShares([{ share }])),
      one.quarantine([shares[0]!.share.id, shares[1]!.share.id], 'race'),
      two.release([shares[0]!.share.id]),
      one.recompute([String(ind.id)]),
      two.quarantine([shares[2]!.share.id], 'race'),
    ]);
    const rows = await store.shares.forObject(String(ind.id));
    const valid = rows.filter((r) => r.state === 'valid').map((r) => shares.find((s) => s.share.id === r.id)!.share);
    const version: PolicyVersion = { id: String(ind.id), version: String(ind.modified), hash: canonicalHash(ind).hash, createdBy: A };
    const want = [B, C, D].filter((m) => mayRelay(A, m, version, valid, membership).grants.some((g) => g.code !== 'relay' || relays(g.share, m, undefined)));
    expect(await store.visibility.of(v!)).toEqual(want);
  });

  it('always agrees with the policy function (random members, groups, objects and shares)', async () => {
    // A fresh store per seed: each run's model must describe everything its store holds.
    for (const seed of [1, 2, 3, 4, 5]) {
      const fresh = await open();
      try {
        await propertyRun(fresh.store, seed, 50);
      } finally {
        await fresh.dispose();
      }
    }
  });
});

// --- the property ---------------------------------------------------------------------------------

const TLP1_IDS = BUILTIN_MARKINGS.filter((m) => 'definition_type' in m).map((m) => m.id);

interface Model {
  readonly membership: TestMembership;
  readonly self: MemberId;
  /** Stored versions by `id|hash`: the object and its date_added. */
  readonly stored: Map<string, { readonly obj: Obj; readonly added: number }>;
  /** Indexed shares: the share, its state, and its record's key. */
  readonly shares: Map<string, { readonly share: Share; state: 'valid' | 'quarantined'; readonly record: string }>;
  /** Objects built (and maybe shared) but not stored yet. */
  readonly pending: Obj[];
}

/** The reference: who may pull each stored version from `self`, straight from the policy function. */
function expected(model: Model, universe: readonly MemberId[]): Map<MemberId, Set<string>> {
  const out = new Map<MemberId, Set<string>>(universe.map((m) => [m, new Set<string>()]));
  const valid = [...model.shares.values()].filter((s) => s.state === 'valid');
  for (const [key, { obj }] of model.stored) {
    const shares = valid.filter((s) => s.share.objectId === obj.id);
    if (shares.length === 0) continue;
    const creator = typeof obj.created_by_ref === 'string' && model.membership.isOrWasMember(obj.created_by_ref) ? obj.created_by_ref : undefined;
    const inlineTlp = tlpOfObject(obj);
    const version: PolicyVersion = {
      id: String(obj.id), version: versionOf(obj) ?? null, hash: canonicalHash(obj).hash,
      ...(inlineTlp !== undefined ? { inlineTlp } : {}), ...(creator !== undefined ? { createdBy: creator } : {}),
    };
    for (const m of universe) {
      // Nothing here was received from a peer (no sources): relays go to all but the sharer.
      const grants = mayRelay(model.self, m, version, shares.map((s) => s.share), model.membership).grants.filter((g) => g.code !== 'relay' || relays(g.share, m, undefined));
      if (grants.length === 0) continue;
      out.get(m)?.add(key);
      for (const g of grants) {
        const record = model.shares.get(g.share.id)?.record;
        if (record !== undefined && model.stored.has(record)) out.get(m)?.add(record);
      }
    }
  }
  return out;
}

async function propertyRun(store: Store, seed: number, steps: number): Promise<void> {
  const rng = new Rng(seed);
  const listed = [A, B, C, D, S];
  const membership = new TestMembership(listed);
  membership.groups.set(G, new Map([[1, [A, B, S, X]]]));
  const self = listed[seed % listed.length] as MemberId;
  const universe = [...listed, X].filter((m) => m !== self);
  const model: Model = { membership, self, stored: new Map(), shares: new Map(), pending: [] };
  const service = new VisibilityService(store, membership, self, { batchSize: 2 });
  const cursors = new Map<MemberId, number>(universe.map((m) => [m, 0]));
  let before = expected(model, universe);
  let rowsSeen = 0;

  const pickTlpMarking = (): string[] => {
    const k = rng.int(7);
    if (k === 0) return [];
    if (k === 1) return [rng.pick(TLP1_IDS)];
    if (k === 2) return [tlpMarkingId(rng.pick(TLP_LEVELS))];
    return [tlpMarkingId(rng.pick(['clear', 'green', 'amber']))];
  };
  const storeObject = async (obj: Obj): Promise<void> => {
    const [added] = await put(store, obj);
    model.stored.set(keyOf(obj), { obj, added: added! });
    await service.recompute([String(obj.id)]);
  };
  // Shared objects: anything stored but share records (a share of a record is refused, see visibility.ts).
  const shareable = (): Obj[] => [...model.stored.values()].map((s) => s.obj).filter((o) => o.type !== 'x-accord-share');
  const newObject = (): Obj => {
    const versions = shareable();
    const k = rng.int(5);
    if (k === 0 && versions.length > 0) {
      const base = rng.pick(versions);
      if (base.type === 'ipv4-addr') return { ...base, x_copy: rng.hex(4) };
      return nextVersion(base, { object_marking_refs: pickTlpMarking() }, 1000 + rng.int(100_000));
    }
    if (k === 1) return buildIpv4({}, rng);
    const creator = rng.pick([...listed, self, self, self, THIRD_PARTY, undefined, undefined]);
    const { created_by_ref: _drop, ...ind } = buildIndicator({ object_marking_refs: pickTlpMarking() }, rng);
    return creator === undefined ? ind : { ...ind, created_by_ref: creator };
  };
  const audience = (): Audience => {
    const k = rng.int(7);
    if (k === 0) return { kind: 'sharer' };
    if (k <= 2) return { kind: 'all' };
    if (k === 3) return { kind: 'group', group: G, version: 1 + rng.int(3) };
    return { kind: 'members', members: [...new Set([rng.pick([...listed, X]), rng.pick([...listed, X]), rng.pick(listed)])] };
  };
  // Mostly a level the object's own marking allows (a wider one is refused: sharer only), sometimes any.
  const shareTlp = (target: Obj): string => {
    if (rng.int(4) === 0) return rng.pick([...TLP_LEVELS, rng.pick(TLP1_IDS)]);
    const inline = tlpOfObject(target);
    const floor = inline === undefined ? 0 : TLP_LEVELS.indexOf(inline);
    return rng.pick(TLP_LEVELS.slice(floor, floor + 2));
  };

  for (let step = 0; step < steps; step++) {
    const action = rng.int(10);
    if (action <= 1 || shareable().length === 0) {
      await storeObject(newObject());
    } else if (action <= 5) {
      // A share of a stored version, of a version not stored yet, or of content this node does not hold.
      const k = rng.int(8);
      let target: Obj;
      if (k === 0) {
        target = newObject();
        model.pending.push(target);
      } else if (k === 1) {
        target = { ...rng.pick(shareable()), x_other_content: true };
      } else {
        target = rng.pick(shareable());
      }
      // Mostly this node's own shares and shares by the object's creator, so that many grant someone.
      const creator = typeof target.created_by_ref === 'string' ? target.created_by_ref : undefined;
      const owner = creator !== undefined && listed.includes(creator) ? creator : self;
      const sharer = rng.int(5) < 3 ? owner : rng.int(2) === 0 ? self : rng.pick([...listed, X]);
      const { record, share } = shareOf(target, sharer, shareTlp(target), audience(), rng.int(3) !== 0);
      const storeRecord = rng.int(8) !== 0;
      if (storeRecord) {
        const [added] = await put(store, record);
        model.stored.set(keyOf(record), { obj: record, added: added! });
      }
      const quarantine = rng.int(4) === 0 ? 'held for review' : undefined;
      const [outcome] = await service.recordShares([{ share, ...(quarantine !== undefined ? { quarantine } : {}) }]);
      expect(outcome?.status, JSON.stringify(outcome)).toBe(storeRecord ? 'recorded' : 'rejected');
      if (storeRecord) model.shares.set(share.id, { share, state: quarantine === undefined ? 'valid' : 'quarantined', record: keyOf(record) });
    } else if (action === 6 && model.pending.length > 0) {
      await storeObject(model.pending.shift() as Obj);
    } else if (action === 6 && model.shares.size > 0) {
      const s = rng.pick([...model.shares.values()]);
      if (s.state === 'valid') await service.quarantine([s.share.id], 'suspicious');
      else await service.release([s.share.id]);
      s.state = s.state === 'valid' ? 'quarantined' : 'valid';
    } else if (action === 7) {
      // Any member but this node's own (a suspended node serves no one: the membership case covers it).
      const m = rng.pick(universe.filter((x) => x !== X));
      if (membership.suspended.has(m)) membership.suspended.delete(m);
      else membership.suspended.add(m);
      await service.recomputeAll();
    } else if (action === 8) {
      const versions = membership.groups.get(G) as Map<number, readonly MemberId[]>;
      if (versions.size < 3) versions.set(versions.size + 1, [...listed, X].filter(() => rng.int(2) === 0));
      await service.recomputeAll();
    } else {
      await service.recompute([rng.pick([...model.stored.values()]).obj.id as string]);
    }

    // Table and function agree, read through the peer's own path; and what became visible since
    // the member's last position is found by an added_after pull from there.
    const now = expected(model, universe);
    for (const m of universe) {
      const rows = await pull(store, m);
      const want = now.get(m) ?? new Set<string>();
      const at = `seed ${seed}, step ${step}, action ${action}, member ${m}`;
      expect(new Set(rows.map((r) => r.key)), at).toEqual(want);
      const fresh = [...want].filter((k) => !(before.get(m)?.has(k) ?? false));
      const pulled = new Set((await pull(store, m, cursors.get(m))).map((r) => r.key));
      expect(fresh.filter((k) => !pulled.has(k)), `${at}: missed by an added_after pull`).toEqual([]);
      cursors.set(m, Math.max(cursors.get(m) ?? 0, ...rows.map((r) => r.stamp)));
    }
    expect(await pull(store, self), `seed ${seed}, step ${step}: rows for this node's own member`).toEqual([]);
    rowsSeen += [...now.values()].reduce((n, set) => n + set.size, 0);
    before = now;
  }
  // The run must exercise the table: enough rows over its steps (guards the generator, not the service).
  expect(rowsSeen, `seed ${seed}: the random run granted almost nothing`).toBeGreaterThan(steps);
  // And the table seen from the versions' side.
  const final = expected(model, universe);
  for (const [key, { added }] of model.stored) {
    const want = universe.filter((m) => final.get(m)?.has(key) ?? false).sort();
    expect(await store.visibility.of(added), key).toEqual(want);
  }
}
