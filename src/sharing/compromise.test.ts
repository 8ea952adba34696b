import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIndicator } from '../../test/support/factories.js';
import { tempSqliteStore, type TempStore } from '../../test/support/store.js';
import { tlpMarkingId } from '../stix/index.js';
import { prepareValue } from '../store/index.js';
import { generateNodeKey, publicKeyInfo, StaticMembership, type MemberRecord, type NodeKey } from '../trust/index.js';
import { quarantineCompromised } from './compromise.js';
import { buildShare, readRecord, SHARE_EXTENSION_ID, signShare, verifyShare } from './records.js';
import { VisibilityService } from './visibility.js';

const A = 'identity--0a0a0a0a-1111-4222-8333-444444444444';
const B = 'identity--0b0b0b0b-1111-4222-8333-444444444444';

function record(id: string, name: string, key: NodeKey, compromisedAt?: string): MemberRecord {
  return {
    id, name, nodeUrl: 'https://node.example', status: 'active',
    keys: [{ fingerprint: key.fingerprint, publicKey: publicKeyInfo(key).publicKey, key: key.publicKey, ...(compromisedAt !== undefined ? { compromisedAt } : {}) }],
  };
}

describe('a key declared compromised', () => {
  let t: TempStore;
  const keyA = generateNodeKey('signing');
  const keyB = generateNodeKey('signing');
  const since = '2027-02-01T00:00:00.000Z';
  const green = { object_marking_refs: [tlpMarkingId('green')] };
  const before = buildIndicator({ ...green, name: 'signed before' });
  const after = buildIndicator({ ...green, name: 'signed after' });
  const recordBefore = signShare(buildShare({ object: before, sharer: A, tlp: 'green', audience: { kind: 'all' }, relay: false, at: new Date('2027-01-15T00:00:00.000Z') }), keyA);
  const recordAfter = signShare(buildShare({ object: after, sharer: A, tlp: 'green', audience: { kind: 'all' }, relay: false, at: new Date('2027-02-15T00:00:00.000Z') }), keyA);
  beforeEach(async () => {
    t = await tempSqliteStore();
  });
  afterEach(() => t.dispose());

  it('does not verify what it signed from its compromise on, and still verifies what it signed before', () => {
    const compromised = new StaticMembership([record(A, 'CERT-A', keyA, since), record(B, 'CERT-B', keyB)]);
    const keyOf = (m: string, fp: string, at?: string) => compromised.keyOf(m, fp, at);
    const now = new Date('2027-03-01T00:00:00.000Z');
    expect(verifyShare(recordBefore, keyOf, now).ok).toBe(true);
    const refused = verifyShare(recordAfter, keyOf, now);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toMatchObject({ code: 'share.key-not-valid', message: expect.stringMatching(/retired or declared compromised before 2027-02-15/) as unknown });
    // Without a time the key is still known (old signatures, peer lookups by fingerprint).
    expect(compromised.keyOf(A, keyA.fingerprint)).toBeDefined();
  });

  it('takes back the held records it signed from its compromise on: quarantined, once', async () => {
    const membership = new StaticMembership([record(A, 'CERT-A', keyA), record(B, 'CERT-B', keyB)]);
    const visibility = new VisibilityService(t.store, membership, B);
    const ctx = { resolveExtensionDefinition: (id: string) => (id === SHARE_EXTENSION_ID ? { extension_types: ['new-sdo'] as string[] } : undefined) };
    await t.store.objects.put([before, after, recordBefore, recordAfter].map((o) => prepareValue(o, ctx).object).filter((o) => o !== undefined));
    await visibility.recordShares([{ share: readRecord(recordBefore) }, { share: readRecord(recordAfter) }]);
    const quarantined = await quarantineCompromised(t.store, visibility, new Map([[keyA.fingerprint, since]]));
    expect(quarantined).toEqual([recordAfter.id]);
    expect((await t.store.shares.get([recordBefore.id, recordAfter.id])).map((r) => [r.id, r.state])).toEqual(
      [[recordBefore.id, 'valid'], [recordAfter.id, 'quarantined']].sort((x, y) => ((x[0] as string) < (y[0] as string) ? -1 : 1)),
    );
    expect(await quarantineCompromised(t.store, visibility, new Map([[keyA.fingerprint, since]]))).toEqual([]);
    expect(await quarantineCompromised(t.store, visibility, new Map([[keyB.fingerprint, since]]))).toEqual([]);
  });
});
