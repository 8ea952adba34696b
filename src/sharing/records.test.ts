// Share records: the STIX form (valid for the project's validator and importer once the
// extension-definition is known), building, single and batch signatures, and every way a record
// can be forged, altered, moved, replayed under the other context or dated in the future.
import { describe, expect, it } from 'vitest';
import { KnownExtensions, prepareItem } from '../store/index.js';
import {
  BUILTIN_MARKINGS, canonicalHash, deterministicScoId, formatTimestamp, parseJson, tlpMarkingId, validateObject, type TlpLevel,
} from '../stix/index.js';
import { generateNodeKey, merkleLeafHash, rawPublicKey, signWithContext, SIGNING_CONTEXT } from '../trust/index.js';
import { buildIndicator, buildMalware, Rng } from '../../test/support/factories.js';
import {
  BatchRootCache, batchMessage, buildShare, matchesObject, SHARE_EXTENSION_DEFINITION, SHARE_EXTENSION_ID, shareMessage, signShare, signShareBatch,
  verifyShare, type ShareInput, type ShareKeyLookup, type ShareRecord, type ShareVerdict, type UnsignedShareRecord,
} from './records.js';
import type { Share } from './types.js';

type Obj = Record<string, unknown>;

const SHARER = 'identity--2b7d6c1e-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
const OTHER = 'identity--9c8b7a6f-5e4d-4c3b-9a1f-0e2d3c4b5a69';
const THIRD = 'identity--4f1e2d3c-6b5a-4978-8a6b-5c4d3e2f1a0b';
const GROUP = 'x-accord-group--6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d';
const TLP1 = {
  white: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
  green: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
  amber: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
  red: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
};

const key = generateNodeKey('signing');
const otherKey = generateNodeKey('signing');
const NOW = new Date('2026-11-27T10:00:00.000Z');
const keyOf: ShareKeyLookup = (member, fp) =>
  member === SHARER && fp === key.fingerprint ? key.publicKey : member === OTHER && fp === otherKey.fingerprint ? otherKey.publicKey : undefined;

const rng = new Rng(515);
const indicator = buildIndicator({}, rng);
const ipv4: Obj = { type: 'ipv4-addr', spec_version: '2.1', value: '198.51.100.7' };
ipv4.id = deterministicScoId(ipv4);

function input(over: Partial<ShareInput> = {}): ShareInput {
  return {
    object: indicator, sharer: SHARER, tlp: 'amber', audience: { kind: 'members', members: [OTHER, THIRD] }, relay: true,
    handlingCode: 'HC-2', sourceReliability: 'B', informationAccuracy: 2, at: NOW, ...over,
  };
}

/** A deep, mutable copy (JSON round trip: what a peer sends). */
function copy(r: ShareRecord | UnsignedShareRecord): Obj {
  return JSON.parse(JSON.stringify(r)) as Obj;
}

function failure(v: ShareVerdict): { code: string; path: unknown; message: string } {
  if (v.ok) throw new Error('expected the record to be refused');
  return { code: v.error.code, path: v.error.details?.path, message: v.error.message };
}

function verified(v: ShareVerdict): Share {
  if (!v.ok) throw new Error(`expected the record to verify: ${v.error.code}: ${v.error.message}`);
  return v.share;
}

const fresh = (): { cache: BatchRootCache } => ({ cache: new BatchRootCache() });

describe('the x-accord-share extension-definition and STIX form', () => {
  it('is a valid extension-definition of a new SDO, authored by the Accord project identity', () => {
    const result = validateObject(SHARE_EXTENSION_DEFINITION);
    expect(result.issues).toEqual([]);
    expect(SHARE_EXTENSION_DEFINITION).toMatchObject({ id: SHARE_EXTENSION_ID, extension_types: ['new-sdo'], created_by_ref: 'identity--0c7d4e36-5b0a-4a4e-9b3c-6a1f0e2d9c01' });
    // Fixed content: every node holds the same bytes, so the same content hash.
    expect(canonicalHash(SHARE_EXTENSION_DEFINITION).hash).toBe(canonicalHash(JSON.parse(JSON.stringify(SHARE_EXTENSION_DEFINITION))).hash);
    for (const p of ['object_ref', 'object_modified', 'object_hash', 'tlp_marking_ref', 'audience', 'relay', 'handling_code', 'source_reliability', 'information_accuracy', 'signature']) {
      expect(SHARE_EXTENSION_DEFINITION.schema).toContain(p);
    }
  });

  it('a signed record passes the importer (parse, validate, prepare) once the extension-definition is known, without warnings', () => {
    const single = signShare(buildShare(input()), key);
    const [batched] = signShareBatch([buildShare(input()), buildShare(input({ object: ipv4, audience: { kind: 'group', group: GROUP, version: 3 } }))], key);
    const known = new KnownExtensions();
    const definition = prepareItem({ kind: 'value', index: 0, text: JSON.stringify(SHARE_EXTENSION_DEFINITION), offset: 0, line: 1, column: 1 }, known);
    expect(definition.kind).toBe('ok');
    for (const record of [single, batched]) {
      const item = prepareItem({ kind: 'value', index: 1, text: JSON.stringify(record), offset: 0, line: 2, column: 1 }, known);
      expect(item.kind === 'ok' ? item.warnings : item.rejection).toEqual([]);
      expect(validateObject(record, known.context)).toEqual({ ok: true, issues: [] });
    }
  });

  it('the known definition is enforced: a record declaring another extension type is refused', () => {
    const known = new KnownExtensions();
    known.remember(SHARE_EXTENSION_DEFINITION);
    const record = copy(signShare(buildShare(input()), key));
    record.extensions = { [SHARE_EXTENSION_ID]: { extension_type: 'new-sco' } };
    const result = validateObject(record, known.context);
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => i.rule)).toContain('extension.type-not-declared');
  });
});

describe('buildShare', () => {
  it('names the object version by id, modified and the content hash the store computes, and never touches the object', () => {
    const before = JSON.stringify(indicator);
    const r = buildShare(input());
    expect(JSON.stringify(indicator)).toBe(before);
    expect(r).toMatchObject({
      type: 'x-accord-share', spec_version: '2.1', created: '2026-11-27T10:00:00.000Z', modified: '2026-11-27T10:00:00.000Z',
      created_by_ref: SHARER, extensions: { [SHARE_EXTENSION_ID]: { extension_type: 'new-sdo' } },
      object_ref: indicator.id, object_modified: indicator.modified, object_hash: canonicalHash(indicator).hash,
      tlp_marking_ref: tlpMarkingId('amber'), relay: true, handling_code: 'HC-2', source_reliability: 'B', information_accuracy: 2,
    });
    expect(r.id).toMatch(/^x-accord-share--[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(buildShare(input()).id).not.toBe(r.id);
    expect('signature' in r).toBe(false);
  });

  it('leaves object_modified out for an unversioned SCO, and leaves out unset options', () => {
    const r = buildShare({ object: ipv4, sharer: SHARER, tlp: 'clear', audience: { kind: 'all' }, relay: false, at: NOW });
    expect(Object.keys(r).sort()).toEqual([
      'audience', 'created', 'created_by_ref', 'extensions', 'id', 'modified', 'object_hash', 'object_ref', 'relay', 'spec_version', 'tlp_marking_ref', 'type',
    ]);
    expect(verified(verifyShare(signShare(r, key), keyOf, NOW)).objectVersion).toBeNull();
  });

  it('accepts TLP 1.0 marking ids and TLP 2.0 ids or levels, and always writes a TLP 2.0 marking', () => {
    const cases: [string, TlpLevel][] = [
      [TLP1.white, 'clear'], [TLP1.green, 'green'], [TLP1.amber, 'amber'], [TLP1.red, 'red'],
      [tlpMarkingId('amber+strict'), 'amber+strict'], ['amber+strict', 'amber+strict'], ['red', 'red'],
    ];
    for (const [tlp, level] of cases) {
      const r = buildShare(input({ tlp }));
      expect(r.tlp_marking_ref, tlp).toBe(tlpMarkingId(level));
      expect(verified(verifyShare(signShare(r, key), keyOf, NOW)).tlp).toBe(level);
    }
    expect(BUILTIN_MARKINGS.map((m) => m.id)).toEqual(expect.arrayContaining(Object.values(TLP1)));
    for (const bad of ['TLP:AMBER', 'white', 'marking-definition--11111111-2222-4333-8444-555555555555']) {
      expect(() => buildShare(input({ tlp: bad })), bad).toThrow(expect.objectContaining({ code: 'share.bad-tlp' }));
    }
  });

  it('writes each audience in one spelling (members sorted, once each) and reads it back', () => {
    const members = buildShare(input({ audience: { kind: 'members', members: [THIRD, OTHER, THIRD] } }));
    expect(members.audience).toEqual({ kind: 'members', member_refs: [OTHER, THIRD].sort() });
    const audiences = [
      { kind: 'sharer' }, { kind: 'all' }, { kind: 'group', group: GROUP, version: 0 }, { kind: 'members', members: [OTHER] },
    ] as const;
    for (const audience of audiences) {
      expect(verified(verifyShare(signShare(buildShare(input({ audience })), key), keyOf, NOW)).audience).toEqual(audience);
    }
    expect(buildShare(input({ audience: { kind: 'group', group: GROUP, version: 7 } })).audience).toEqual({ kind: 'group', group_ref: GROUP, group_version: 7 });
  });

  it('refuses what a recipient would refuse', () => {
    const bad: [Partial<ShareInput>, string][] = [
      [{ object: { type: 'indicator' } }, 'share.bad-object'],
      [{ object: { ...indicator, name: 'lone \ud800 surrogate' } }, 'share.bad-object'],
      [{ sharer: 'organization--2b7d6c1e-5a4f-4e3d-8c2b-1a0f9e8d7c6b' }, 'share.bad-property'],
      [{ audience: { kind: 'members', members: [] } }, 'share.bad-property'],
      [{ audience: { kind: 'members', members: ['CERT-FR'] } }, 'share.bad-property'],
      [{ audience: { kind: 'group', group: GROUP, version: -1 } }, 'share.bad-property'],
      [{ audience: { kind: 'group', group: 'friends', version: 1 } }, 'share.bad-property'],
      [{ handlingCode: '' }, 'share.bad-property'],
      [{ handlingCode: 'line\nbreak' }, 'share.bad-property'],
    ];
    for (const [over, code] of bad) expect(() => buildShare(input(over)), JSON.stringify(over)).toThrow(expect.objectContaining({ code }));
  });
});

describe('single signatures', () => {
  it('round-trips: the verified share is what was built, also after JSON and the strict parser', () => {
    const record = signShare(buildShare(input()), key);
    expect(record.signature).toEqual({ member_ref: SHARER, key_fingerprint: key.fingerprint, value: expect.stringMatching(/^[A-Za-z0-9_-]{86}$/) as unknown });
    const expected: Share = {
      id: record.id, objectId: indicator.id as string, objectVersion: indicator.modified as string, objectHash: canonicalHash(indicator).hash,
      sharer: SHARER, tlp: 'amber', audience: { kind: 'members', members: [OTHER, THIRD].sort() }, relay: true,
      handlingCode: 'HC-2', sourceReliability: 'B', informationAccuracy: 2, modified: '2026-11-27T10:00:00.000Z',
    };
    const v = verifyShare(record, keyOf, NOW);
    expect(verified(v)).toEqual(expected);
    expect(v.ok && v.signer).toEqual({ member: SHARER, keyFingerprint: key.fingerprint });
    expect(verified(verifyShare(copy(record), keyOf, NOW))).toEqual(expected);
    expect(verified(verifyShare(parseJson(JSON.stringify(record, null, 2)), keyOf, NOW))).toEqual(expected);
    // Key order does not matter: the signature covers the canonical JSON.
    const reordered = Object.fromEntries(Object.entries(copy(record)).reverse());
    expect(verified(verifyShare(reordered, keyOf, NOW))).toEqual(expected);
  });

  it('signs the canonical JSON of the record without its signature, under accord-share-v1', () => {
    const unsigned = buildShare(input());
    const record = signShare(unsigned, key);
    expect(shareMessage(record)).toBe(shareMessage(unsigned));
    expect(JSON.parse(shareMessage(record))).toEqual(unsigned);
    expect(record.signature.value).toBe(signWithContext(key, SIGNING_CONTEXT.share, shareMessage(unsigned)));
    // Re-signing replaces the signature instead of signing it.
    expect(signShare(record as UnsignedShareRecord, otherKey).signature.key_fingerprint).toBe(otherKey.fingerprint);
  });

  it('accepts keys as raw public key bytes', () => {
    const raw = rawPublicKey(key.publicKey);
    const record = signShare(buildShare(input()), key);
    expect(verifyShare(record, (m, fp) => (m === SHARER && fp === key.fingerprint ? raw : undefined), NOW).ok).toBe(true);
  });
});

describe('batch signatures', () => {
  const batchOf = (n: number, k = key, sharer = SHARER): ShareRecord[] =>
    signShareBatch(Array.from({ length: n }, (_, i) => buildShare(input({ object: buildMalware({}, new Rng(i)), sharer }))), k);

  it('signs once over the Merkle root and size; every record carries its path and verifies alone', () => {
    for (const n of [1, 2, 3, 7, 8, 13]) {
      const records = batchOf(n);
      const values = new Set(records.map((r) => r.signature.value));
      expect(values.size).toBe(1);
      const root = records[0]?.signature.batch_root as string;
      expect(records[0]?.signature.value).toBe(signWithContext(key, SIGNING_CONTEXT.shareBatch, batchMessage(root, n)));
      expect(batchMessage(root, n)).toBe(`{"batch_root":"${root}","batch_size":${n}}`);
      records.forEach((r, i) => {
        expect(r.signature).toMatchObject({ member_ref: SHARER, key_fingerprint: key.fingerprint, batch_root: root, batch_size: n, leaf_index: i });
        // Each alone, as a relay would pass it on: a fresh cache per record.
        const v = verifyShare(copy(r), keyOf, NOW, fresh());
        expect(verified(v).id).toBe(r.id);
        expect(v.ok && v.signer.batch).toEqual({ root, size: n, index: i });
      });
      if (n === 1) expect(root).toBe(merkleLeafHash(shareMessage(records[0] as ShareRecord)).toString('hex'));
    }
  });

  it('costs one Ed25519 verification per batch, not per record, with a root cache', () => {
    const records = batchOf(100);
    const opts = fresh();
    for (const r of records) expect(verifyShare(r, keyOf, NOW, opts).ok).toBe(true);
    expect(opts.cache.stats).toEqual({ verifications: 1, hits: 99 });
    // A second batch is a second verification; the first stays remembered.
    for (const r of batchOf(10)) expect(verifyShare(r, keyOf, NOW, opts).ok).toBe(true);
    expect(verifyShare(records[5], keyOf, NOW, opts).ok).toBe(true);
    expect(opts.cache.stats).toEqual({ verifications: 2, hits: 99 + 9 + 1 });
    // Without a cache every record pays.
    expect(records.slice(0, 3).every((r) => verifyShare(r, keyOf, NOW, { cache: null }).ok)).toBe(true);
  });

  it('remembers only verified roots, forgets the least recently used, and still asks for the key every time', () => {
    const records = batchOf(4);
    const cache = new BatchRootCache(2);
    const forged = { ...copy(records[0] as ShareRecord), signature: { ...(records[0] as ShareRecord).signature, value: signWithContext(otherKey, SIGNING_CONTEXT.shareBatch, 'x') } };
    expect(failure(verifyShare(forged, keyOf, NOW, { cache })).code).toBe('share.bad-signature');
    expect(failure(verifyShare(forged, keyOf, NOW, { cache })).code).toBe('share.bad-signature');
    expect(cache.stats).toEqual({ verifications: 2, hits: 0 });
    expect(verifyShare(records[0], keyOf, NOW, { cache }).ok).toBe(true);
    expect(verifyShare(records[1], keyOf, NOW, { cache }).ok).toBe(true);
    expect(cache.stats).toEqual({ verifications: 3, hits: 1 });
    // A key withdrawn from the member (keyOf no longer knows it) is refused even for a remembered root.
    expect(failure(verifyShare(records[2], () => undefined, NOW, { cache })).code).toBe('share.unknown-key');
    // Capacity 2: two other batches push the first one out.
    for (const b of [batchOf(2), batchOf(2)]) expect(verifyShare(b[0], keyOf, NOW, { cache }).ok).toBe(true);
    expect(verifyShare(records[3], keyOf, NOW, { cache }).ok).toBe(true);
    expect(cache.stats).toEqual({ verifications: 6, hits: 1 });
  });

  it('refuses an empty batch and a batch of several sharers', () => {
    expect(() => signShareBatch([], key)).toThrow(expect.objectContaining({ code: 'share.empty-batch' }));
    expect(() => signShareBatch([buildShare(input()), buildShare(input({ sharer: OTHER }))], key)).toThrow(expect.objectContaining({ code: 'share.mixed-batch' }));
  });
});

describe('tampering', () => {
  const later = (t: string, ms: number): string => formatTimestamp(Date.parse(t) + ms);
  const flipHex = (h: string): string => (h[0] === '0' ? '1' : '0') + h.slice(1);
  const otherUuid = (id: string): string => id.slice(0, -1) + (id.endsWith('0') ? '1' : '0');
  // Every property changed to another valid value: only the signature can tell.
  const mutations: [string, (r: Obj) => void][] = [
    ['id', (r) => (r.id = otherUuid(r.id as string))],
    ['created', (r) => (r.created = later(r.created as string, -1))],
    ['modified', (r) => (r.modified = later(r.modified as string, 1))],
    ['extensions (one added)', (r) => (r.extensions = { ...(r.extensions as Obj), 'extension-definition--11111111-2222-4333-8444-555555555555': { extension_type: 'property-extension' } })],
    ['object_ref', (r) => (r.object_ref = otherUuid(r.object_ref as string))],
    ['object_modified', (r) => (r.object_modified = later(r.object_modified as string, 1))],
    ['object_modified (removed)', (r) => delete r.object_modified],
    ['object_hash', (r) => (r.object_hash = flipHex(r.object_hash as string))],
    ['tlp_marking_ref', (r) => (r.tlp_marking_ref = tlpMarkingId('green'))],
    ['tlp_marking_ref (same level, TLP 1.0 spelling)', (r) => (r.tlp_marking_ref = TLP1.amber)],
    ['audience kind', (r) => (r.audience = { kind: 'all' })],
    ['audience member added', (r) => (r.audience = { kind: 'members', member_refs: [...((r.audience as Obj).member_refs as string[]), SHARER] })],
    ['audience order', (r) => (r.audience = { kind: 'members', member_refs: [...((r.audience as Obj).member_refs as string[])].reverse() })],
    ['relay', (r) => (r.relay = !(r.relay as boolean))],
    ['handling_code', (r) => (r.handling_code = 'HC-3')],
    ['handling_code (removed)', (r) => delete r.handling_code],
    ['source_reliability', (r) => (r.source_reliability = 'A')],
    ['information_accuracy', (r) => (r.information_accuracy = 1)],
    ['a property added', (r) => (r.description = 'widened')],
    ['created_by_ref and signer together', (r) => {
      r.created_by_ref = OTHER;
      (r.signature as Obj).member_ref = OTHER;
      (r.signature as Obj).key_fingerprint = otherKey.fingerprint;
    }],
  ];

  it.each(mutations)('a single-signed record with %s changed fails its signature', (_name, mutate) => {
    const r = copy(signShare(buildShare(input()), key));
    mutate(r);
    expect(failure(verifyShare(r, keyOf, NOW)).code).toBe('share.bad-signature');
  });

  it.each(mutations)('a batch-signed record with %s changed fails its proof', (_name, mutate) => {
    const [r0] = signShareBatch([buildShare(input()), buildShare(input())], key);
    const r = copy(r0 as ShareRecord);
    mutate(r);
    expect(failure(verifyShare(r, keyOf, NOW, fresh())).code).toBe('share.bad-proof');
  });

  it('a signature moved to another record fails, alone or in a batch; swapped proofs fail', () => {
    const a = signShare(buildShare(input()), key);
    const b = signShare(buildShare(input({ object: ipv4 })), key);
    expect(failure(verifyShare({ ...copy(b), signature: a.signature }, keyOf, NOW)).code).toBe('share.bad-signature');

    const [x, y, z] = signShareBatch([buildShare(input()), buildShare(input({ object: ipv4 })), buildShare(input({ relay: false }))], key) as [ShareRecord, ShareRecord, ShareRecord];
    expect(failure(verifyShare({ ...copy(y), signature: x.signature }, keyOf, NOW, fresh())).code).toBe('share.bad-proof');
    expect(failure(verifyShare({ ...copy(x), signature: { ...x.signature, proof: y.signature.proof } }, keyOf, NOW, fresh())).code).toBe('share.bad-proof');
    expect(failure(verifyShare({ ...copy(z), signature: { ...z.signature, leaf_index: 0 } }, keyOf, NOW, fresh())).code).toBe('share.bad-proof');
    const path = [...(x.signature.proof ?? [])].reverse();
    expect(failure(verifyShare({ ...copy(x), signature: { ...x.signature, proof: path } }, keyOf, NOW, fresh())).code).toBe('share.bad-proof');
    // A record of one batch with the signature of another batch over the same records.
    const [x2] = signShareBatch([copy(x) as unknown as UnsignedShareRecord, copy(z) as unknown as UnsignedShareRecord], key) as [ShareRecord];
    expect(x2.signature.batch_root).not.toBe(x.signature.batch_root);
    expect(failure(verifyShare({ ...copy(x), signature: { ...x.signature, value: x2.signature.value } }, keyOf, NOW, fresh())).code).toBe('share.bad-signature');
  });

  it('a batch signature does not pass as a single signature, nor a single one as a batch of one', () => {
    const unsigned = buildShare(input());
    const [batched] = signShareBatch([unsigned], key) as [ShareRecord];
    const single = signShare(unsigned, key);
    // A batch of one: the root is the record's leaf hash, the path empty, so only the context
    // (and the message) tell the two apart.
    expect(batched.signature.batch_root).toBe(merkleLeafHash(shareMessage(unsigned)).toString('hex'));
    expect(verifyShare(batched, keyOf, NOW, fresh()).ok).toBe(true);
    const { batch_root: _r, batch_size: _s, leaf_index: _i, proof: _p, ...plain } = batched.signature;
    expect(failure(verifyShare({ ...copy(unsigned), signature: plain }, keyOf, NOW)).code).toBe('share.bad-signature');
    const cache = new BatchRootCache();
    expect(verifyShare(batched, keyOf, NOW, { cache }).ok).toBe(true); // its root is now remembered
    const asBatch = { ...batched.signature, value: single.signature.value };
    expect(failure(verifyShare({ ...copy(unsigned), signature: asBatch }, keyOf, NOW, { cache })).code).toBe('share.bad-signature');
    // Signing the record message (or the batch message) under the other context does not help either.
    const crossed = signWithContext(key, SIGNING_CONTEXT.shareBatch, shareMessage(unsigned));
    expect(failure(verifyShare({ ...copy(unsigned), signature: { ...single.signature, value: crossed } }, keyOf, NOW)).code).toBe('share.bad-signature');
    const crossedBatch = signWithContext(key, SIGNING_CONTEXT.share, batchMessage(batched.signature.batch_root as string, 1));
    expect(failure(verifyShare({ ...copy(unsigned), signature: { ...batched.signature, value: crossedBatch } }, keyOf, NOW, fresh())).code).toBe('share.bad-signature');
  });

  it('the signed size matters: leaf 0 of 8 claimed as leaf 0 of 7 has a valid path but no valid signature', () => {
    const records = signShareBatch(Array.from({ length: 8 }, () => buildShare(input())), key);
    const r = copy(records[0] as ShareRecord);
    (r.signature as Obj).batch_size = 7;
    expect(failure(verifyShare(r, keyOf, NOW, fresh())).code).toBe('share.bad-signature');
    (r.signature as Obj).batch_size = 9;
    expect(failure(verifyShare(r, keyOf, NOW, fresh())).code).toBe('share.bad-proof');
  });

  it('refuses unknown keys, keys of another member and signers other than the sharer', () => {
    const record = signShare(buildShare(input()), key);
    expect(failure(verifyShare(record, () => undefined, NOW))).toMatchObject({ code: 'share.unknown-key', path: '/signature/key_fingerprint' });
    // keyOf hands back a key whose fingerprint is not the one named.
    expect(failure(verifyShare(record, () => otherKey.publicKey, NOW)).code).toBe('share.unknown-key');
    expect(failure(verifyShare(record, () => rawPublicKey(otherKey.publicKey), NOW)).code).toBe('share.unknown-key');
    // Signed by the other member's key, on the sharer's record.
    const bySomeoneElse = signShare(buildShare(input()), otherKey);
    expect(failure(verifyShare(bySomeoneElse, keyOf, NOW)).code).toBe('share.unknown-key');
    const claimed = { ...copy(bySomeoneElse), signature: { ...bySomeoneElse.signature, member_ref: OTHER } };
    expect(failure(verifyShare(claimed, keyOf, NOW))).toMatchObject({ code: 'share.signer-mismatch', path: '/signature/member_ref' });
    // The other member signing a share that names the sharer is still a mismatch in a batch.
    const [batched] = signShareBatch([buildShare(input())], otherKey) as [ShareRecord];
    expect(failure(verifyShare({ ...copy(batched), signature: { ...batched.signature, member_ref: OTHER } }, keyOf, NOW, fresh())).code).toBe('share.signer-mismatch');
  });

  it('refuses a modified more than five minutes ahead of the clock (configurable)', () => {
    const at = (ms: number): ShareRecord => signShare(buildShare(input({ at: new Date(NOW.getTime() + ms) })), key);
    expect(verifyShare(at(-86_400_000), keyOf, NOW).ok).toBe(true);
    expect(verifyShare(at(4 * 60_000), keyOf, NOW).ok).toBe(true);
    expect(verifyShare(at(5 * 60_000), keyOf, NOW).ok).toBe(true);
    const ahead = failure(verifyShare(at(5 * 60_000 + 1), keyOf, NOW));
    expect(ahead).toMatchObject({ code: 'share.future-modified', path: '/modified' });
    expect(ahead.message).toContain('more than 300 s ahead');
    expect(verifyShare(at(9 * 60_000), keyOf, NOW, { maxFutureSkewMs: 10 * 60_000 }).ok).toBe(true);
    expect(failure(verifyShare(at(1), keyOf, NOW, { maxFutureSkewMs: 0 })).code).toBe('share.future-modified');
    expect(() => verifyShare(at(0), keyOf, NOW, { maxFutureSkewMs: Number.NaN })).toThrow(expect.objectContaining({ code: 'share.bad-option' }));
    const [batched] = signShareBatch([buildShare(input({ at: new Date(NOW.getTime() + 3_600_000) }))], key) as [ShareRecord];
    expect(failure(verifyShare(batched, keyOf, NOW, fresh())).code).toBe('share.future-modified');
  });

  it('accepts a record another implementation marked with a TLP 1.0 id, read as TLP 2.0', () => {
    const unsigned = { ...buildShare(input()), tlp_marking_ref: TLP1.white };
    expect(verified(verifyShare(signShare(unsigned, key), keyOf, NOW)).tlp).toBe('clear');
  });
});

describe('malformed records', () => {
  const good = (): Obj => copy(signShare(buildShare(input()), key));
  const cases: [string, (r: Obj) => unknown, string, string][] = [
    ['not an object', () => [1], 'share.not-a-record', ''],
    ['another type', (r) => ({ ...r, type: 'x-accord-retraction' }), 'share.not-a-record', '/type'],
    ['no extension', (r) => ({ ...r, extensions: {} }), 'share.not-a-record', '/extensions'],
    ['spec_version 2.0', (r) => ({ ...r, spec_version: '2.0' }), 'share.bad-property', '/spec_version'],
    ['an id of another type', (r) => ({ ...r, id: 'indicator--6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d' }), 'share.bad-property', '/id'],
    ['a created after modified', (r) => ({ ...r, created: '2027-01-01T00:00:00.000Z' }), 'share.bad-property', '/modified'],
    ['a modified that is no timestamp', (r) => ({ ...r, modified: '2026-11-27 10:00' }), 'share.bad-property', '/modified'],
    ['a sharer that is no identity', (r) => ({ ...r, created_by_ref: GROUP }), 'share.bad-property', '/created_by_ref'],
    ['an object_ref that is no id', (r) => ({ ...r, object_ref: 'indicator-1' }), 'share.bad-property', '/object_ref'],
    ['an object_modified that is no timestamp', (r) => ({ ...r, object_modified: 12 }), 'share.bad-property', '/object_modified'],
    ['an upper-case object_hash', (r) => ({ ...r, object_hash: (r.object_hash as string).toUpperCase() }), 'share.bad-property', '/object_hash'],
    ['a marking that is not TLP', (r) => ({ ...r, tlp_marking_ref: 'marking-definition--11111111-2222-4333-8444-555555555555' }), 'share.bad-tlp', '/tlp_marking_ref'],
    ['two markings', (r) => ({ ...r, tlp_marking_ref: [tlpMarkingId('red'), tlpMarkingId('green')] }), 'share.bad-tlp', '/tlp_marking_ref'],
    ['an unknown audience kind', (r) => ({ ...r, audience: { kind: 'everyone' } }), 'share.bad-property', '/audience/kind'],
    ['an audience with extra keys', (r) => ({ ...r, audience: { kind: 'all', member_refs: [OTHER] } }), 'share.bad-property', '/audience/member_refs'],
    ['a member named twice', (r) => ({ ...r, audience: { kind: 'members', member_refs: [OTHER, OTHER] } }), 'share.bad-property', '/audience/member_refs/1'],
    ['a fractional group version', (r) => ({ ...r, audience: { kind: 'group', group_ref: GROUP, group_version: 1.5 } }), 'share.bad-property', '/audience/group_version'],
    ['relay as text', (r) => ({ ...r, relay: 'yes' }), 'share.bad-property', '/relay'],
    ['a handling code that is no string', (r) => ({ ...r, handling_code: 3 }), 'share.bad-property', '/handling_code'],
    ['source reliability D', (r) => ({ ...r, source_reliability: 'D' }), 'share.bad-property', '/source_reliability'],
    ['information accuracy 5', (r) => ({ ...r, information_accuracy: 5 }), 'share.bad-property', '/information_accuracy'],
    ['information accuracy as text', (r) => ({ ...r, information_accuracy: '2' }), 'share.bad-property', '/information_accuracy'],
    ['no signature', (r) => ({ ...r, signature: undefined }), 'share.unsigned', '/signature'],
    ['a signature that is text', (r) => ({ ...r, signature: 'abc' }), 'share.bad-property', '/signature'],
    ['a signature with an extra key', (r) => ({ ...r, signature: { ...(r.signature as Obj), alg: 'none' } }), 'share.bad-property', '/signature/alg'],
    ['an upper-case fingerprint', (r) => ({ ...r, signature: { ...(r.signature as Obj), key_fingerprint: key.fingerprint.toUpperCase() } }), 'share.bad-property', '/signature/key_fingerprint'],
    ['a signature value that is no string', (r) => ({ ...r, signature: { ...(r.signature as Obj), value: 7 } }), 'share.bad-property', '/signature/value'],
    ['a garbled signature value', (r) => ({ ...r, signature: { ...(r.signature as Obj), value: 'AAAA' } }), 'share.bad-signature', '/signature/value'],
    ['half a batch signature', (r) => ({ ...r, signature: { ...(r.signature as Obj), batch_root: 'ab'.repeat(32) } }), 'share.bad-property', '/signature/batch_size'],
    ['a leaf index outside the batch', (r) => ({ ...r, signature: { ...(r.signature as Obj), batch_root: 'ab'.repeat(32), batch_size: 2, leaf_index: 2, proof: [] } }), 'share.bad-property', '/signature/leaf_index'],
    ['a batch of zero', (r) => ({ ...r, signature: { ...(r.signature as Obj), batch_root: 'ab'.repeat(32), batch_size: 0, leaf_index: 0, proof: [] } }), 'share.bad-property', '/signature/batch_size'],
    ['a proof element that is no hash', (r) => ({ ...r, signature: { ...(r.signature as Obj), batch_root: 'ab'.repeat(32), batch_size: 2, leaf_index: 0, proof: ['ab'] } }), 'share.bad-property', '/signature/proof/0'],
    ['an overlong proof', (r) => ({ ...r, signature: { ...(r.signature as Obj), batch_root: 'ab'.repeat(32), batch_size: 2, leaf_index: 0, proof: Array<string>(65).fill('ab'.repeat(32)) } }), 'share.bad-property', '/signature/proof'],
    ['a value that is not JSON', (r) => ({ ...r, description: 10n }), 'share.bad-property', ''],
  ];

  it.each(cases)('refuses %s, saying where', (_name, make, code, path) => {
    const f = failure(verifyShare(make(good()), keyOf, NOW));
    expect(f.code).toBe(code);
    expect(f.path ?? '').toBe(path);
  });

  it('never throws, whatever it is given', () => {
    for (const v of [null, undefined, 'x', 42, [], {}, { type: 'x-accord-share' }, { ...good(), audience: null }, { ...good(), extensions: [] }]) {
      expect(verifyShare(v, keyOf, NOW).ok).toBe(false);
    }
  });
});

describe('matchesObject', () => {
  it('matches the very object version a share names, and nothing else', () => {
    const share = verified(verifyShare(signShare(buildShare(input()), key), keyOf, NOW));
    expect(matchesObject(share, indicator)).toBe(true);
    expect(matchesObject(share, JSON.parse(JSON.stringify(indicator)) as Obj)).toBe(true);
    expect(matchesObject(share, { ...indicator, modified: formatTimestamp(Date.parse(indicator.modified as string) + 1000), name: 'v2' })).toBe(false);
    expect(matchesObject(share, { ...indicator, name: 'same modified, other content' })).toBe(false);
    expect(matchesObject(share, { ...indicator, id: 'indicator--6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d' })).toBe(false);
    expect(matchesObject(share, { type: 'indicator' })).toBe(false);
    const sco = verified(verifyShare(signShare(buildShare(input({ object: ipv4 })), key), keyOf, NOW));
    expect(matchesObject(sco, ipv4)).toBe(true);
    expect(matchesObject(sco, { ...ipv4, value: '198.51.100.8' })).toBe(false);
  });
});
