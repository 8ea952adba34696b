// The publishing service on a real SQLite store: a single share is a batch of one that verifies
// alone; under the four-eyes rule a share is a pending publication request that signs, indexes
// and grants nothing until a second person approves it — re-checked at that moment — and every
// step is audited.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIndicator, nextVersion } from '../../test/support/factories.js';
import { putObjects, tempSqliteStore, type TempStore } from '../../test/support/store.js';
import { rejectedWith } from '../../test/support/thrown.js';
import { AuditLog } from '../audit/index.js';
import { AccordError, tlpMarkingId, type TlpLevel } from '../stix/index.js';
import { generateNodeKey, type NodeKey } from '../trust/index.js';
import type { BulkShareTerms } from './bulk.js';
import { PublishingService, type Publisher } from './publish.js';
import { verifyShare, type ShareRecord } from './records.js';
import type { MemberId, MembershipView } from './types.js';
import { VisibilityService } from './visibility.js';

const member = (n: number): MemberId => `identity--00000000-0000-4000-8000-${(0xa0 + n).toString(16).padStart(12, '0')}`;
const [A, B, C] = [member(0), member(1), member(2)] as [MemberId, MemberId, MemberId];

class Members implements MembershipView {
  readonly suspended = new Set<MemberId>();
  isMember(m: MemberId): boolean {
    return [A, B, C].includes(m) && !this.suspended.has(m);
  }
  members(): readonly MemberId[] {
    return [A, B, C].filter((m) => this.isMember(m));
  }
  groupMembers(): undefined {
    return undefined;
  }
  nameOf(m: MemberId): string {
    return m === A ? 'CERT-A' : m === B ? 'CERT-B' : 'CERT-C';
  }
}

const alice: Publisher = { person: 'user:alice', actor: 'user:alice/token:t1' };
const aliceAgain: Publisher = { person: 'user:alice', actor: 'user:alice' };
const bob: Publisher = { person: 'user:bob', actor: 'user:bob' };
const toB: BulkShareTerms = { tlp: 'amber', audience: { kind: 'members', members: [B] }, relay: false };
const toAll: BulkShareTerms = { tlp: 'green', audience: { kind: 'all' }, relay: false };

describe('publishing: shares, publication requests and the four-eyes rule', () => {
  let t: TempStore;
  let audit: AuditLog;
  let key: NodeKey;
  let membership: Members;
  const service = (fourEyes: readonly TlpLevel[] = ['amber', 'red']): PublishingService =>
    new PublishingService({
      store: t.store, visibility: new VisibilityService(t.store, membership, A), membership, self: A, key, audit, fourEyes,
      keyOf: (m, fp) => (m === A && fp === key.fingerprint ? key.publicKey : undefined),
    });
  const visibleTo = async (m: MemberId): Promise<string[]> => (await t.store.objects.list({ visibleTo: m, versions: 'all', limit: 100 })).items.map((o) => o.id);
  const actions = async (): Promise<string[]> => (await t.store.audit.query({ limit: 100 })).map((e) => `${e.action} ${e.actor}`);

  beforeEach(async () => {
    t = await tempSqliteStore();
    key = generateNodeKey('signing');
    membership = new Members();
    audit = await AuditLog.open({ repository: t.store.audit, key, checkpointFile: join(t.dir, 'checkpoints.jsonl'), checkpointIntervalMs: 0 });
  });
  afterEach(async () => {
    await audit.close();
    await t.dispose();
  });

  it('shares one object as a batch of one whose record verifies alone, and explains who may read it', async () => {
    const ind = buildIndicator({ object_marking_refs: [tlpMarkingId('green')] });
    await putObjects(t.store, [ind]);
    const records: ShareRecord[] = [];
    const result = await service().shareObjects([{ id: String(ind.id) }], toAll, alice, { onBatch: (b) => void records.push(...b.records) });
    expect(result).toMatchObject({ shared: 1, refused: [], batches: 1 });
    expect(result.publication).toBeUndefined();
    const [record] = records;
    expect(record?.signature).toMatchObject({ batch_size: 1, leaf_index: 0, proof: [] });
    const verdict = verifyShare(record, (m, fp) => (m === A && fp === key.fingerprint ? key.publicKey : undefined), new Date(), { cache: null });
    expect(verdict.ok).toBe(true);
    expect(await visibleTo(B)).toEqual(expect.arrayContaining([ind.id, record?.id]));
    const readers = await service().readers(result);
    expect(readers.map((r) => r.name)).toEqual(['CERT-B', 'CERT-C']);
    expect(readers[0]?.explanation).toMatch(/^CERT-B may read this: its own share|^CERT-B may read this: shared by CERT-A under TLP:GREEN with all members/);
    const [entry] = await t.store.audit.query({ action: 'object.shared', limit: 5 });
    expect(entry).toMatchObject({ actor: alice.actor, target: ind.id });
    expect(JSON.parse(entry?.details ?? '{}')).toMatchObject({ count: 1, share: record?.id, version: ind.modified, tlp: 'green' });
  });

  it('refuses an unknown object or version per object, and shares the rest', async () => {
    const ind = buildIndicator({ object_marking_refs: [tlpMarkingId('green')] });
    await putObjects(t.store, [ind]);
    const result = await service([]).shareObjects(
      [{ id: String(ind.id), version: '2020-01-01T00:00:00.000Z' }, { id: 'indicator--00000000-0000-4000-8000-000000000000' }, { id: String(ind.id) }], toAll, alice);
    expect(result.refused.map((r) => r.code)).toEqual(['share.no-such-object', 'share.no-such-object']);
    expect(result.shared).toBe(1);
    expect(result.refused[0]?.reason).toMatch(/holds no version 2020-01-01T00:00:00.000Z of indicator--.* \(it holds /);
  });

  it('holds an AMBER share back as a pending request: nothing signed, indexed or visible, until a second person approves', async () => {
    const amber = buildIndicator({ object_marking_refs: [tlpMarkingId('amber')] });
    const green = buildIndicator({ object_marking_refs: [tlpMarkingId('green')] });
    await putObjects(t.store, [amber, green]);
    const s = service();
    expect(s.needsApproval('amber')).toBe(true);
    expect(s.needsApproval(tlpMarkingId('green'))).toBe(false);

    const requested = await s.shareObjects([{ id: String(amber.id) }], toB, alice);
    const p = requested.publication;
    expect(p).toMatchObject({ state: 'pending', tlp: 'amber', objectCount: 1, requestedBy: 'user:alice', decidedBy: null, terms: toB });
    expect(p?.id).toMatch(/^publication--[0-9a-f-]{36}$/);
    expect(requested).toMatchObject({ shared: 0, batches: 0, refused: [] });
    expect((await s.readers(requested)).map((r) => r.name)).toEqual(['CERT-B']);
    expect(await t.store.shares.forObject(String(amber.id))).toEqual([]);
    expect((await t.store.objects.list({ types: ['x-accord-share'], limit: 5 })).items).toEqual([]);
    expect(await visibleTo(B)).toEqual([]);
    const id = p?.id ?? '';

    // The same person, through another credential, may not approve, nor reject; someone else may not withdraw.
    const same = await rejectedWith(s.approve(id, aliceAgain), AccordError);
    expect([same.kind, same.code]).toEqual(['forbidden', 'publication.same-person']);
    expect(same.message).toContain('the four-eyes rule needs a second person: user:alice asked for');
    expect((await rejectedWith(s.reject(id, alice, 'no'), AccordError)).code).toBe('publication.same-person');
    expect((await rejectedWith(s.withdraw(id, bob), AccordError)).code).toBe('publication.not-requester');
    expect((await rejectedWith(s.reject(id, bob, '  '), AccordError)).code).toBe('publication.reason-required');

    // A green share is immediate under a rule for amber and red.
    const now = await s.shareObjects([{ id: String(green.id) }], toAll, alice);
    expect(now.shared).toBe(1);

    const { publication, result } = await s.approve(id, bob);
    expect(publication).toMatchObject({ state: 'approved', decidedBy: 'user:bob', outcome: { shared: 1, refused: [] } });
    expect(result.shared).toBe(1);
    const rows = await t.store.shares.forObject(String(amber.id));
    expect(rows).toHaveLength(1);
    expect(await visibleTo(B)).toEqual(expect.arrayContaining([amber.id, rows[0]?.id]));
    expect(await visibleTo(C)).not.toContain(amber.id);
    expect((await rejectedWith(s.approve(id, bob), AccordError)).code).toBe('publication.decided');
    expect((await s.get(id)).outcome).toEqual({ shared: 1, refused: [] });
    expect(await actions()).toEqual([
      'share.requested user:alice/token:t1', 'object.shared user:alice/token:t1', 'object.shared user:bob', 'share.approved user:bob',
    ]);
    const shared = (await t.store.audit.query({ action: 'object.shared', actor: 'user:bob', limit: 5 }))[0];
    expect(JSON.parse(shared?.details ?? '{}')).toMatchObject({ publication: id, requestedBy: 'user:alice' });
  });

  it('rejects with a reason, withdraws for the requester, and lists the queue by state', async () => {
    const [x, y] = [buildIndicator({ object_marking_refs: [tlpMarkingId('amber')] }), buildIndicator({ object_marking_refs: [tlpMarkingId('amber')] })];
    await putObjects(t.store, [x, y]);
    const s = service();
    const px = (await s.shareObjects([{ id: String(x.id) }], toB, alice)).publication?.id ?? '';
    const py = (await s.shareObjects([{ id: String(y.id) }, { id: String(x.id) }], toB, alice)).publication?.id ?? '';
    expect((await s.get(py)).objectCount).toBe(2);
    expect((await s.objects(py)).map((o) => o.objectId)).toEqual([y.id, x.id]);
    expect(await s.reject(px, bob, ' not for B yet ')).toMatchObject({ state: 'rejected', reason: 'not for B yet', decidedBy: 'user:bob' });
    expect(await s.withdraw(py, aliceAgain)).toMatchObject({ state: 'withdrawn', decidedBy: 'user:alice' });
    expect((await rejectedWith(s.approve(py, bob), AccordError)).message).toMatch(/is no longer pending: withdrawn by user:alice/);
    expect((await s.list({ state: 'pending', limit: 10 })).items).toEqual([]);
    expect((await s.list({ limit: 10 })).items.map((p) => p.state)).toEqual(['rejected', 'withdrawn']);
    expect((await rejectedWith(s.get('publication--nope'), AccordError)).code).toBe('publication.not-found');
    expect(await visibleTo(B)).toEqual([]);
    expect(await actions()).toEqual(['share.requested user:alice/token:t1', 'share.requested user:alice/token:t1', 'share.rejected user:bob', 'share.withdrawn user:alice']);
  });

  it('files only what the policy accepts, and refuses an approval when the objects changed or the policy now refuses', async () => {
    const amber = buildIndicator({ object_marking_refs: [tlpMarkingId('amber')] });
    const red = buildIndicator({ object_marking_refs: [tlpMarkingId('red')] });
    const other = buildIndicator({ object_marking_refs: [tlpMarkingId('amber')] });
    await putObjects(t.store, [amber, red, other]);
    const s = service();
    // RED shared as AMBER is wider than the object's marking: refused at once, the rest filed.
    const filed = await s.shareObjects([{ id: String(amber.id) }, { id: String(red.id) }], toB, alice);
    expect(filed.refused.map((r) => [r.id, r.code])).toEqual([[red.id, 'share.wider-than-inline']]);
    expect(filed.publication?.objectCount).toBe(1);
    const allRefused = await s.shareObjects([{ id: String(red.id) }], toB, alice);
    expect(allRefused.publication).toBeUndefined();

    // A newer version stored since the request: the reviewer would approve an outdated version.
    await putObjects(t.store, [nextVersion(amber, { name: 'corrected' })]);
    const changed = await rejectedWith(s.approve(filed.publication?.id ?? '', bob), AccordError);
    expect([changed.kind, changed.code]).toEqual(['conflict', 'publication.object-changed']);
    expect(changed.message).toMatch(/cannot be approved: indicator--.* has a newer version/);
    expect((await s.get(filed.publication?.id ?? '')).state).toBe('pending');

    // The sharer suspended since: the policy refuses every share it would make now.
    const later = (await s.shareObjects([{ id: String(other.id) }], toB, alice)).publication?.id ?? '';
    membership.suspended.add(A);
    const policy = await rejectedWith(s.approve(later, bob), AccordError);
    expect(policy.code).toMatch(/^share\./);
    expect(policy.message).toMatch(/cannot be approved: the sharing policy refuses this share/);
    expect((await s.get(later)).state).toBe('pending');
    expect(await t.store.shares.forObject(String(other.id))).toEqual([]);
  });
});
