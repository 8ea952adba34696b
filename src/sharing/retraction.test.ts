// Retractions: the objects (build, read, verify, refuse what is malformed or forged), the effect
// on a share (pure, order-independent), and applying them on a node's store — narrow, end,
// purge, a share that arrives after its retraction, a retraction by someone other than the sharer,
// and a purge that leaves content another member still shares.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIndicator } from '../../test/support/factories.js';
import { tempSqliteStore, type TempStore } from '../../test/support/store.js';
import { tlpMarkingId } from '../stix/index.js';
import { prepareValue, type RetractionRow } from '../store/index.js';
import { generateNodeKey, publicKeyInfo, StaticMembership, type MemberRecord, type NodeKey } from '../trust/index.js';
import { readRecord, SHARE_EXTENSION_ID, signShare, buildShare } from './records.js';
import {
  buildReceipt, buildRetraction, effectiveShare, readRetraction, RECEIPT_EXTENSION_ID, RETRACTION_EXTENSION_ID, verifyReceipt, verifyRetraction,
} from './retraction.js';
import { RetractionService } from './retraction.service.js';
import type { Share } from './types.js';
import { VisibilityService } from './visibility.js';

const A = 'identity--0a0a0a0a-1111-4222-8333-444444444444';
const B = 'identity--0b0b0b0b-1111-4222-8333-444444444444';
const C = 'identity--0c0c0c0c-1111-4222-8333-444444444444';
const D = 'identity--0d0d0d0d-1111-4222-8333-444444444444';
const keys: Record<string, NodeKey> = { [A]: generateNodeKey('signing'), [B]: generateNodeKey('signing'), [C]: generateNodeKey('signing'), [D]: generateNodeKey('signing') };

function record(id: string, name: string): MemberRecord {
  const key = keys[id] as NodeKey;
  return { id, name, nodeUrl: 'https://node.example', status: 'active', keys: [{ fingerprint: key.fingerprint, publicKey: publicKeyInfo(key).publicKey, key: key.publicKey }] };
}
const membership = new StaticMembership([record(A, 'CERT-A'), record(B, 'CERT-B'), record(C, 'CERT-C'), record(D, 'CERT-D')]);
const keyOf = (m: string, fp: string, at?: string) => membership.keyOf(m, fp, at);
const ctx = {
  resolveExtensionDefinition: (id: string) => ([SHARE_EXTENSION_ID, RETRACTION_EXTENSION_ID, RECEIPT_EXTENSION_ID].includes(id) ? { extension_types: ['new-sdo'] as string[] } : undefined),
};

function share(over: Partial<Share> = {}): Share {
  return {
    id: 'x-accord-share--00000000-0000-4000-8000-000000000001', objectId: 'indicator--00000000-0000-4000-8000-000000000009', objectVersion: '2027-01-01T00:00:00.000Z',
    objectHash: 'ab'.repeat(32), sharer: A, tlp: 'green', audience: { kind: 'members', members: [B, C, D] }, relay: true, modified: '2027-01-01T00:00:00.000Z', ...over,
  };
}

function row(over: Partial<RetractionRow>): RetractionRow {
  return {
    id: 'x-accord-retraction--00000000-0000-4000-8000-000000000001', sharer: A, effect: 'end', shareId: share().id, objectId: null, objectVersion: null, objectHash: null,
    members: null, created: '2027-01-02T00:00:00.000Z', state: 'waiting', outcome: null, appliedAt: null, receiptId: null, ...over,
  };
}

describe('retraction objects', () => {
  it('are signed by the sharer and read back; a changed property or another key is refused', () => {
    const r = buildRetraction({ sharer: A, key: keys[A] as NodeKey, target: { effect: 'narrow', shareId: share().id, members: [C, B] }, reason: 'sent too wide' });
    const v = verifyRetraction(r, keyOf);
    expect(v.ok && v.value.target).toEqual({ effect: 'narrow', shareId: share().id, members: [B, C] });
    const tampered = verifyRetraction({ ...r, member_refs: [B, C, D] }, keyOf);
    expect(!tampered.ok && tampered.error.code).toBe('retraction.bad-signature');
    // C signs a retraction claiming to be A's: C's key is not A's.
    const forged = buildRetraction({ sharer: A, key: keys[C] as NodeKey, target: { effect: 'end', shareId: share().id } });
    const f = verifyRetraction(forged, keyOf);
    expect(!f.ok && f.error.code).toBe('retraction.key-not-valid');
    // A receipt's signature is not a retraction's (separate contexts), and both verify as themselves.
    const receipt = buildReceipt({ holder: B, key: keys[B] as NodeKey, retraction: { id: String(r.id), hash: 'cd'.repeat(32) }, outcome: 'content-removed', detail: 'gone' });
    expect(verifyReceipt(receipt, keyOf).ok).toBe(true);
    expect(verifyReceipt({ ...receipt, created_by_ref: C }, keyOf).ok).toBe(false);
  });

  it('name the property that is wrong', () => {
    const r = buildRetraction({ sharer: A, key: keys[A] as NodeKey, target: { effect: 'end', shareId: share().id } });
    const cases: [Record<string, unknown>, string][] = [
      [{ ...r, effect: 'delete' }, '/effect'],
      [{ ...r, share_ref: 'indicator--00000000-0000-4000-8000-000000000001' }, '/share_ref'],
      [{ ...r, member_refs: [B] }, '/member_refs'],
      [{ ...r, modified: '2030-01-01T00:00:00.000Z' }, '/modified'],
      [{ ...r, extra: 1 }, '/extra'],
      [{ ...r, effect: 'purge' }, '/share_ref'],
    ];
    for (const [value, path] of cases) {
      expect(() => readRetraction(value), path).toThrow(expect.objectContaining({ code: 'retraction.bad-object', details: { path } }) as Error);
    }
  });
});

describe('the effect of retractions on a share', () => {
  it('narrows to what every narrowing keeps, ends on end or purge, in any order, and only for the sharer\'s own share', () => {
    const n1 = row({ id: 'x-accord-retraction--1', effect: 'narrow', members: JSON.stringify([B, C]) });
    const n2 = row({ id: 'x-accord-retraction--2', effect: 'narrow', members: JSON.stringify([C, D]) });
    expect(effectiveShare(share(), [n1, n2], membership).audience).toEqual({ kind: 'members', members: [C] });
    expect(effectiveShare(share(), [n2, n1], membership).audience).toEqual({ kind: 'members', members: [C] });
    expect(effectiveShare(share({ audience: { kind: 'all' } }), [n1], membership).audience).toEqual({ kind: 'members', members: [B, C] });
    expect(effectiveShare(share(), [n1, row({ id: 'x-accord-retraction--3' })], membership).audience).toEqual({ kind: 'sharer' });
    const purge = row({ effect: 'purge', shareId: null, objectId: share().objectId, objectVersion: share().objectVersion, objectHash: share().objectHash });
    expect(effectiveShare(share(), [purge], membership).audience).toEqual({ kind: 'sharer' });
    expect(effectiveShare(share(), [{ ...purge, objectHash: 'cd'.repeat(32) }], membership).audience).toEqual(share().audience);
    // Signed by another member, or refused: no effect.
    expect(effectiveShare(share(), [row({ sharer: B })], membership)).toEqual(share());
    expect(effectiveShare(share(), [row({ state: 'refused' })], membership)).toEqual(share());
  });
});

describe('applying retractions on a node', () => {
  let t: TempStore;
  beforeEach(async () => {
    t = await tempSqliteStore();
  });
  afterEach(() => t.dispose());

  const green = { object_marking_refs: [tlpMarkingId('green')] };

  /** Stores an object and a share of it by `sharer` on the store of `self`, indexed. */
  async function shared(self: string, sharer: string, audience: Share['audience'], object = buildIndicator(green)) {
    const rec = signShare(buildShare({ object, sharer, tlp: 'green', audience, relay: true }), keys[sharer] as NodeKey);
    await t.store.objects.put([object, rec].map((o) => prepareValue(o, ctx).object).filter((o) => o !== undefined));
    const visibility = new VisibilityService(t.store, membership, self);
    await visibility.recordShares([{ share: readRecord(rec) }]);
    return { object, rec, visibility };
  }

  async function receive(self: string, visibility: VisibilityService, r: Record<string, unknown>) {
    await t.store.objects.put([prepareValue(r, ctx).object].filter((o) => o !== undefined));
    const v = verifyRetraction(r, keyOf);
    if (!v.ok) throw v.error;
    return (await new RetractionService(t.store, membership, self, visibility).receive([v.value]))[0];
  }

  it('narrows a share: the dropped members are no longer passed it', async () => {
    const { object, rec, visibility } = await shared(B, A, { kind: 'members', members: [B, C, D] });
    const added = (await t.store.objects.versions(String(object.id)))[0]?.added ?? 0;
    expect(await t.store.visibility.of(added)).toEqual([C, D]);
    const applied = await receive(B, visibility, buildRetraction({ sharer: A, key: keys[A] as NodeKey, target: { effect: 'narrow', shareId: rec.id, members: [B, C] } }));
    expect(applied).toMatchObject({ state: 'applied', outcome: 'applied', shares: [rec.id] });
    expect(await t.store.visibility.of(added)).toEqual([C]);
    expect(JSON.parse((await t.store.shares.get([rec.id]))[0]?.policy ?? '{}')).toMatchObject({ audience: { kind: 'members', members: [B, C] } });
  });

  it('indexes a share that arrives after its retraction as retracted, and refuses one by another member', async () => {
    const object = buildIndicator(green);
    const rec = signShare(buildShare({ object, sharer: A, tlp: 'green', audience: { kind: 'all' }, relay: true }), keys[A] as NodeKey);
    const visibility = new VisibilityService(t.store, membership, B);
    const early = await receive(B, visibility, buildRetraction({ sharer: A, key: keys[A] as NodeKey, target: { effect: 'end', shareId: rec.id } }));
    expect(early).toMatchObject({ state: 'waiting' });
    const byC = await receive(B, visibility, buildRetraction({ sharer: C, key: keys[C] as NodeKey, target: { effect: 'end', shareId: rec.id } }));
    expect(byC).toMatchObject({ state: 'waiting' });
    await t.store.objects.put([object, rec].map((o) => prepareValue(o, ctx).object).filter((o) => o !== undefined));
    await visibility.recordShares([{ share: readRecord(rec) }]);
    expect(JSON.parse((await t.store.shares.get([rec.id]))[0]?.policy ?? '{}')).toMatchObject({ audience: { kind: 'sharer' } });
    const added = (await t.store.objects.versions(String(object.id)))[0]?.added ?? 0;
    expect(await t.store.visibility.of(added)).toEqual([]);
    const rows = await t.store.retractions.list({ limit: 10 });
    expect(rows.find((r) => r.sharer === A)).toMatchObject({ state: 'applied' });
    expect(rows.find((r) => r.sharer === C)).toMatchObject({ state: 'refused', outcome: expect.stringMatching(/only the sharer may retract/) as unknown });
    // Refused at once when the share is held already.
    const again = await receive(B, visibility, buildRetraction({ sharer: D, key: keys[D] as NodeKey, target: { effect: 'end', shareId: rec.id } }));
    expect(again).toMatchObject({ state: 'refused', detail: expect.stringMatching(/CERT-D signed it, but share .* is CERT-A's/) as unknown });
  });

  it('purges the content, keeps the tombstone, and keeps what another member still shares', async () => {
    const { object, rec, visibility } = await shared(B, A, { kind: 'all' });
    const target = { effect: 'purge' as const, objectId: String(object.id), objectVersion: String(object.modified), objectHash: readRecord(rec).objectHash };
    const applied = await receive(B, visibility, buildRetraction({ sharer: A, key: keys[A] as NodeKey, target }));
    expect(applied).toMatchObject({ state: 'applied', outcome: 'content-removed', removed: 1 });
    expect(await t.store.objects.versions(String(object.id))).toEqual([]);
    expect((await t.store.retractions.naming([], [String(object.id)]))[0]).toMatchObject({ effect: 'purge', objectHash: target.objectHash, state: 'applied' });

    // A third-party object (no member created it) shared by A and by D: A's purge leaves D's share.
    const third = buildIndicator(green); // created by an identity that is no member: anyone may share it
    const a = await shared(B, A, { kind: 'all' }, third);
    await shared(B, D, { kind: 'all' }, third);
    const kept = await receive(B, a.visibility, buildRetraction({
      sharer: A, key: keys[A] as NodeKey, target: { effect: 'purge', objectId: String(third.id), objectVersion: String(third.modified), objectHash: readRecord(a.rec).objectHash },
    }));
    expect(kept).toMatchObject({ outcome: 'content-kept', detail: expect.stringMatching(/CERT-D still shares it/) as unknown });
    expect(await t.store.objects.versions(String(third.id))).toHaveLength(1);
  });
});
