// Share records (ARCHITECTURE.md decision 4, issue 5, docs/decisions/0015): the signed statement
// "member M shares version V of object O, whose content hashes to H, under TLP T, with audience
// A, relaying allowed or not". The object itself is never touched: a share is its own STIX object
// of the new SDO type `x-accord-share`, declared by SHARE_EXTENSION_DEFINITION, so the same SCO or
// ATT&CK technique can be shared by several members, each with its own audience.
//
// What a signature covers: the RFC 8785 canonical JSON of the record without its `signature`
// property (the "record message"). A record is signed either
// - alone: Ed25519 under the context `accord-share-v1` over the record message; or
// - in a batch: the leaves of an RFC 9162 Merkle tree are SHA-256(0x00 || record message), one
//   Ed25519 signature under `accord-share-batch-v1` covers the RFC 8785 JSON of
//   {"batch_root": hex, "batch_size": n}, and each record carries that signature with the root,
//   the size, its leaf index and its audit path. A record relayed without the rest of its batch
//   still verifies alone. The size is signed because an audit path alone does not fix it (leaf
//   0 of 8 leaves has the same path and root as leaf 0 of 5, 6 or 7).
// The two contexts keep a batch signature from passing for a single one and back, even where the
// signed bytes could coincide. Verifiers remember batch roots whose signature they have checked
// (BatchRootCache), so N records of one batch cost one Ed25519 verification and N hash paths.
import type { KeyObject } from 'node:crypto';
import { createHash } from 'node:crypto';
import {
  AccordError, canonicalHash, canonicalize, compareTimestamps, formatTimestamp, IDENTIFIER_RE, isStixTimestamp, newStixId,
  parseTimestamp, TLP_LEVELS, tlpLevelOfMarking, tlpMarkingId, versionOf, type TlpLevel,
} from '../stix/index.js';
import {
  ACCORD_PROJECT_IDENTITY, keyFingerprint, MerkleTree, merkleLeafHash, merkleRootFromProof, signWithContext, SIGNING_CONTEXT, verifyWithContext,
  type NodeKey,
} from '../trust/index.js';
import type { Audience, InformationAccuracy, MemberId, Share, SourceReliability } from './types.js';

/** The STIX type of a share record. */
export const SHARE_TYPE = 'x-accord-share';

export const SHARE_EXTENSION_ID = 'extension-definition--d5e0736e-86fd-4210-839b-a84fed912e5b';

/** Declares `x-accord-share` (a new SDO). Fixed id and content: every node holds the same bytes. */
export const SHARE_EXTENSION_DEFINITION = {
  type: 'extension-definition',
  spec_version: '2.1',
  id: SHARE_EXTENSION_ID,
  created_by_ref: ACCORD_PROJECT_IDENTITY.id,
  created: '2026-11-27T00:00:00.000Z',
  modified: '2026-11-27T00:00:00.000Z',
  name: 'Accord share record',
  description:
    'New SDO x-accord-share: one member shares one version of one STIX object (never altered) with an audience, ' +
    'under one TLP 2.0 marking, signed with the member\'s Ed25519 key.',
  schema:
    'Accord share record v1, defined in docs/decisions/0015-share-records-and-batch-signatures.md of the Accord source. ' +
    'created_by_ref (required) is the sharing member\'s identity. ' +
    'object_ref (required): id of the shared object. ' +
    'object_modified: the shared version (its modified, else its created); absent for an unversioned SCO. ' +
    'object_hash (required): lowercase hex SHA-256 of the shared version\'s RFC 8785 canonical JSON. ' +
    'tlp_marking_ref (required): id of a TLP 2.0 marking-definition. ' +
    'audience (required): {"kind":"sharer"} | {"kind":"members","member_refs":[identity ids]} | ' +
    '{"kind":"group","group_ref":id,"group_version":integer >= 0} | {"kind":"all"}. ' +
    'relay (required, boolean): whether recipients may pass the object on. ' +
    'handling_code: string. source_reliability: "A", "B", "C" or "X". information_accuracy: integer 1 to 4. ' +
    'signature (required): {member_ref (= created_by_ref), key_fingerprint (hex SHA-256 of the raw Ed25519 public key), ' +
    'value (base64url Ed25519 signature)}, plus batch_root, batch_size, leaf_index and proof (hex hashes) for a batch. ' +
    'Alone, value signs "accord-share-v1" 0x00 RFC8785(record without signature). ' +
    'In a batch, value signs "accord-share-batch-v1" 0x00 RFC8785({batch_root, batch_size}), batch_root being the RFC 9162 ' +
    'Merkle tree head over the leaves SHA-256(0x00 || RFC8785(record without signature)) and proof the record\'s audit path.',
  version: '1.0.0',
  extension_types: ['new-sdo'],
} as const;

/** The audience as written in a record (snake_case, references to STIX ids). */
export type RecordAudience =
  | { readonly kind: 'sharer' }
  | { readonly kind: 'members'; readonly member_refs: readonly string[] }
  | { readonly kind: 'group'; readonly group_ref: string; readonly group_version: number }
  | { readonly kind: 'all' };

/** Who signed a record, with which key; for a batch signature, where the record sits in the batch. */
export interface ShareSignature {
  readonly member_ref: string;
  readonly key_fingerprint: string;
  /** Ed25519 signature, base64url (86 characters). */
  readonly value: string;
  readonly batch_root?: string;
  readonly batch_size?: number;
  readonly leaf_index?: number;
  readonly proof?: readonly string[];
}

/** A share record as built, before it is signed. */
export interface UnsignedShareRecord {
  readonly type: typeof SHARE_TYPE;
  readonly spec_version: '2.1';
  readonly id: string;
  readonly created: string;
  readonly modified: string;
  readonly created_by_ref: string;
  readonly extensions: { readonly [SHARE_EXTENSION_ID]: { readonly extension_type: 'new-sdo' } };
  readonly object_ref: string;
  readonly object_modified?: string;
  readonly object_hash: string;
  readonly tlp_marking_ref: string;
  readonly audience: RecordAudience;
  readonly relay: boolean;
  readonly handling_code?: string;
  readonly source_reliability?: SourceReliability;
  readonly information_accuracy?: InformationAccuracy;
}

/** A signed share record: what crosses borders. */
export interface ShareRecord extends UnsignedShareRecord {
  readonly signature: ShareSignature;
}

/** What a member decides when it shares an object. */
export interface ShareInput {
  /** The shared object version itself, exactly as stored: its id, version and content hash are read from it. */
  readonly object: Readonly<Record<string, unknown>>;
  readonly sharer: MemberId;
  /** A TLP 2.0 level (TlpLevel), or the id of a TLP 2.0 or TLP 1.0 marking-definition (TLP 1.0 maps onto 2.0: white → clear). */
  readonly tlp: string;
  readonly audience: Audience;
  readonly relay: boolean;
  readonly handlingCode?: string;
  readonly sourceReliability?: SourceReliability;
  readonly informationAccuracy?: InformationAccuracy;
  /** When the share is made (the record's created and modified); now by default. */
  readonly at?: Date;
}

// ---------------------------------------------------------------------------------------------
// Reading a record: every property the policy relies on is checked here, on records we build and
// on records peers send alike, with the JSON Pointer of the first problem.

const SHARE_ID_RE = /^x-accord-share--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;
const HEX32_RE = /^[0-9a-f]{64}$/;
const HANDLING_CODE_RE = /^[^\u0000-\u001f\u007f]{1,256}$/;
const RELIABILITY: readonly string[] = ['A', 'B', 'C', 'X'];
/** Audit paths longer than this cannot belong to a batch that fits in memory (2^64 leaves). */
const MAX_PROOF_LENGTH = 64;

type Json = Readonly<Record<string, unknown>>;

function fail(code: string, path: string, message: string): never {
  throw new AccordError('invalid', code, message, path === '' ? undefined : { path });
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function show(v: unknown): string {
  if (v === undefined) return 'missing';
  let text: string;
  try {
    text = JSON.stringify(v) ?? typeof v;
  } catch {
    text = typeof v; // a bigint or a cycle: not JSON anyway
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function isIdOfType(v: unknown, type?: string): v is string {
  if (typeof v !== 'string') return false;
  const m = IDENTIFIER_RE.exec(v);
  return m !== null && (type === undefined || m[1] === type);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function onlyKeys(obj: Json, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) fail('share.bad-property', `${path}/${key}`, `${path}/${key} is not a property of ${path}; allowed: ${allowed.join(', ')}`);
  }
}

function readAudience(v: unknown): Audience {
  const at = '/audience';
  if (!isObject(v)) fail('share.bad-property', at, `audience must be an object, not ${show(v)}`);
  switch (v.kind) {
    case 'sharer':
    case 'all':
      onlyKeys(v, ['kind'], at);
      return { kind: v.kind };
    case 'members': {
      onlyKeys(v, ['kind', 'member_refs'], at);
      const refs = v.member_refs;
      if (!Array.isArray(refs) || refs.length === 0) fail('share.bad-property', `${at}/member_refs`, `member_refs must be a non-empty list of member identity ids, not ${show(refs)}`);
      const seen = new Set<string>();
      refs.forEach((r: unknown, i) => {
        if (!isIdOfType(r, 'identity')) fail('share.bad-property', `${at}/member_refs/${i}`, `member_refs/${i} must be an identity id, not ${show(r)}`);
        if (seen.has(r)) fail('share.bad-property', `${at}/member_refs/${i}`, `member_refs names ${r} twice`);
        seen.add(r);
      });
      return { kind: 'members', members: [...seen] };
    }
    case 'group':
      onlyKeys(v, ['kind', 'group_ref', 'group_version'], at);
      if (!isIdOfType(v.group_ref)) fail('share.bad-property', `${at}/group_ref`, `group_ref must be the STIX id of a sharing group, not ${show(v.group_ref)}`);
      if (!isCount(v.group_version)) fail('share.bad-property', `${at}/group_version`, `group_version must be an integer >= 0, not ${show(v.group_version)}`);
      return { kind: 'group', group: v.group_ref, version: v.group_version };
    default:
      return fail('share.bad-property', `${at}/kind`, `audience kind must be "sharer", "members", "group" or "all", not ${show(v.kind)}`);
  }
}

function readSignature(v: unknown): ShareSignature {
  const at = '/signature';
  if (v === undefined) fail('share.unsigned', at, 'the share record is not signed (no signature property)');
  if (!isObject(v)) fail('share.bad-property', at, `signature must be an object, not ${show(v)}`);
  onlyKeys(v, ['member_ref', 'key_fingerprint', 'value', 'batch_root', 'batch_size', 'leaf_index', 'proof'], at);
  if (!isIdOfType(v.member_ref, 'identity')) fail('share.bad-property', `${at}/member_ref`, `signature member_ref must be an identity id, not ${show(v.member_ref)}`);
  if (typeof v.key_fingerprint !== 'string' || !HEX32_RE.test(v.key_fingerprint)) {
    fail('share.bad-property', `${at}/key_fingerprint`, `key_fingerprint must be 64 lowercase hex digits, not ${show(v.key_fingerprint)}`);
  }
  if (typeof v.value !== 'string') fail('share.bad-property', `${at}/value`, `signature value must be a base64url string, not ${show(v.value)}`);
  const single = { member_ref: v.member_ref, key_fingerprint: v.key_fingerprint, value: v.value };
  const batchKeys = ['batch_root', 'batch_size', 'leaf_index', 'proof'] as const;
  const present = batchKeys.filter((k) => v[k] !== undefined);
  if (present.length === 0) return single;
  if (present.length !== batchKeys.length) {
    const missing = batchKeys.filter((k) => v[k] === undefined);
    fail('share.bad-property', `${at}/${missing[0]}`, `a batch signature needs batch_root, batch_size, leaf_index and proof; ${missing.join(', ')} missing`);
  }
  const { batch_root: root, batch_size: size, leaf_index: index, proof } = v;
  if (typeof root !== 'string' || !HEX32_RE.test(root)) fail('share.bad-property', `${at}/batch_root`, `batch_root must be 64 lowercase hex digits, not ${show(root)}`);
  if (!isCount(size) || size < 1) fail('share.bad-property', `${at}/batch_size`, `batch_size must be an integer >= 1, not ${show(size)}`);
  if (!isCount(index) || index >= size) fail('share.bad-property', `${at}/leaf_index`, `leaf_index must be an integer from 0 to batch_size - 1 (${size - 1}), not ${show(index)}`);
  if (!Array.isArray(proof) || proof.length > MAX_PROOF_LENGTH) fail('share.bad-property', `${at}/proof`, `proof must be a list of at most ${MAX_PROOF_LENGTH} hashes, not ${show(proof)}`);
  proof.forEach((h: unknown, i) => {
    if (typeof h !== 'string' || !HEX32_RE.test(h)) fail('share.bad-property', `${at}/proof/${i}`, `proof/${i} must be 64 lowercase hex digits, not ${show(h)}`);
  });
  return { ...single, batch_root: root, batch_size: size, leaf_index: index, proof: proof as string[] };
}

/**
 * Checks everything of a record but its signature; returns what the policy reads. Throws
 * AccordError. Exported for this area only (visibility.ts re-reads stored records); others verify.
 */
export function readRecord(v: unknown): Share {
  if (!isObject(v)) fail('share.not-a-record', '', `a share record is a JSON object, not ${show(v)}`);
  if (v.type !== SHARE_TYPE) fail('share.not-a-record', '/type', `a share record has type ${SHARE_TYPE}, not ${show(v.type)}`);
  if (v.spec_version !== '2.1') fail('share.bad-property', '/spec_version', `spec_version must be "2.1", not ${show(v.spec_version)}`);
  if (typeof v.id !== 'string' || !SHARE_ID_RE.test(v.id)) fail('share.bad-property', '/id', `id must be ${SHARE_TYPE}--<UUIDv4>, not ${show(v.id)}`);
  for (const p of ['created', 'modified'] as const) {
    if (!isStixTimestamp(v[p])) fail('share.bad-property', `/${p}`, `${p} must be a STIX timestamp, not ${show(v[p])}`);
  }
  const created = v.created as string;
  const modified = v.modified as string;
  if (compareTimestamps(created, modified) > 0) fail('share.bad-property', '/modified', `modified ${modified} is before created ${created}`);
  if (!isIdOfType(v.created_by_ref, 'identity')) fail('share.bad-property', '/created_by_ref', `created_by_ref must be the sharer's identity id, not ${show(v.created_by_ref)}`);
  const ext = isObject(v.extensions) ? v.extensions[SHARE_EXTENSION_ID] : undefined;
  if (!isObject(ext) || ext.extension_type !== 'new-sdo') {
    fail('share.not-a-record', '/extensions', `a share record declares its type with extensions["${SHARE_EXTENSION_ID}"] = {"extension_type": "new-sdo"}`);
  }
  if (!isIdOfType(v.object_ref)) fail('share.bad-property', '/object_ref', `object_ref must be the STIX id of the shared object, not ${show(v.object_ref)}`);
  if (v.object_modified !== undefined && !isStixTimestamp(v.object_modified)) {
    fail('share.bad-property', '/object_modified', `object_modified must be a STIX timestamp (or absent for an unversioned object), not ${show(v.object_modified)}`);
  }
  if (typeof v.object_hash !== 'string' || !HEX32_RE.test(v.object_hash)) {
    fail('share.bad-property', '/object_hash', `object_hash must be the lowercase hex SHA-256 of the object's canonical JSON, not ${show(v.object_hash)}`);
  }
  const tlp = typeof v.tlp_marking_ref === 'string' ? tlpLevelOfMarking(v.tlp_marking_ref) : undefined;
  if (tlp === undefined) fail('share.bad-tlp', '/tlp_marking_ref', `tlp_marking_ref must be the id of a TLP 2.0 (or TLP 1.0) marking-definition, not ${show(v.tlp_marking_ref)}`);
  const audience = readAudience(v.audience);
  if (typeof v.relay !== 'boolean') fail('share.bad-property', '/relay', `relay must be true or false, not ${show(v.relay)}`);
  const { handling_code: hc, source_reliability: sr, information_accuracy: ia } = v;
  if (hc !== undefined && (typeof hc !== 'string' || !HANDLING_CODE_RE.test(hc))) {
    fail('share.bad-property', '/handling_code', `handling_code must be 1 to 256 characters without control characters, not ${show(hc)}`);
  }
  if (sr !== undefined && (typeof sr !== 'string' || !RELIABILITY.includes(sr))) {
    fail('share.bad-property', '/source_reliability', `source_reliability must be "A", "B", "C" or "X", not ${show(sr)}`);
  }
  if (ia !== undefined && ia !== 1 && ia !== 2 && ia !== 3 && ia !== 4) {
    fail('share.bad-property', '/information_accuracy', `information_accuracy must be 1, 2, 3 or 4, not ${show(ia)}`);
  }
  return {
    id: v.id,
    objectId: v.object_ref,
    objectVersion: typeof v.object_modified === 'string' ? v.object_modified : null,
    objectHash: v.object_hash,
    sharer: v.created_by_ref,
    tlp,
    audience,
    relay: v.relay,
    ...(hc !== undefined ? { handlingCode: hc } : {}),
    ...(sr !== undefined ? { sourceReliability: sr as SourceReliability } : {}),
    ...(ia !== undefined ? { informationAccuracy: ia } : {}),
    modified,
  };
}

// ---------------------------------------------------------------------------------------------
// Building.

/** The id, version and content hash of an object version, as a share record names them. */
export function shareTarget(object: Readonly<Record<string, unknown>>): { readonly id: string; readonly version: string | null; readonly hash: string } {
  if (!isIdOfType(object.id)) throw new AccordError('invalid', 'share.bad-object', `the shared object has no STIX id (id is ${show(object.id)})`);
  let hash: string;
  try {
    hash = canonicalHash(object).hash;
  } catch (e) {
    throw new AccordError('invalid', 'share.bad-object', `the shared object ${object.id} has no canonical JSON: ${(e as Error).message}`, undefined, { cause: e });
  }
  return { id: object.id, version: versionOf(object) ?? null, hash };
}

/** The TLP 2.0 level a share's `tlp` input names (a level, or a TLP 2.0 / 1.0 marking id); throws AccordError `share.bad-tlp`. */
export function tlpOfInput(tlp: string): TlpLevel {
  const level = (TLP_LEVELS as readonly string[]).includes(tlp) ? (tlp as TlpLevel) : tlpLevelOfMarking(tlp);
  if (level === undefined) throw new AccordError('invalid', 'share.bad-tlp', `${show(tlp)} is neither a TLP 2.0 level nor the id of a TLP 2.0 or TLP 1.0 marking-definition`);
  return level;
}

function recordAudience(a: Audience): RecordAudience {
  switch (a.kind) {
    case 'members':
      // One spelling per audience: sorted, without repeats.
      return { kind: 'members', member_refs: [...new Set(a.members)].sort() };
    case 'group':
      return { kind: 'group', group_ref: a.group, group_version: a.version };
    default:
      return { kind: a.kind };
  }
}

/** Builds the unsigned share record of `input`; throws AccordError (`share.*`) on bad input. */
export function buildShare(input: ShareInput): UnsignedShareRecord {
  const target = shareTarget(input.object);
  const at = formatTimestamp((input.at ?? new Date()).getTime());
  const record: UnsignedShareRecord = {
    type: SHARE_TYPE,
    spec_version: '2.1',
    id: newStixId(SHARE_TYPE),
    created: at,
    modified: at,
    created_by_ref: input.sharer,
    extensions: { [SHARE_EXTENSION_ID]: { extension_type: 'new-sdo' } },
    object_ref: target.id,
    ...(target.version !== null ? { object_modified: target.version } : {}),
    object_hash: target.hash,
    tlp_marking_ref: tlpMarkingId(tlpOfInput(input.tlp)),
    audience: recordAudience(input.audience),
    relay: input.relay,
    ...(input.handlingCode !== undefined ? { handling_code: input.handlingCode } : {}),
    ...(input.sourceReliability !== undefined ? { source_reliability: input.sourceReliability } : {}),
    ...(input.informationAccuracy !== undefined ? { information_accuracy: input.informationAccuracy } : {}),
  };
  readRecord(record); // the same checks a recipient makes: never build what a peer would refuse
  return record;
}

// ---------------------------------------------------------------------------------------------
// Signing.

/** What a record's signature covers: the RFC 8785 JSON of the record without `signature`. */
export function shareMessage(record: UnsignedShareRecord | Readonly<Record<string, unknown>>): string {
  const { signature: _signature, ...unsigned } = record as Readonly<Record<string, unknown>>;
  return canonicalize(unsigned);
}

/** What a batch signature covers: the RFC 8785 JSON of {batch_root, batch_size}. */
export function batchMessage(root: string, size: number): string {
  return canonicalize({ batch_root: root, batch_size: size });
}

function checkedForSigning(record: UnsignedShareRecord): string {
  readRecord(record);
  return shareMessage(record);
}

/** Signs one record alone (context accord-share-v1); any earlier signature is replaced. */
export function signShare(record: UnsignedShareRecord, key: NodeKey): ShareRecord {
  const message = checkedForSigning(record);
  const value = signWithContext(key, SIGNING_CONTEXT.share, message);
  const { signature: _old, ...unsigned } = record as UnsignedShareRecord & { signature?: unknown };
  return { ...unsigned, signature: { member_ref: record.created_by_ref, key_fingerprint: key.fingerprint, value } };
}

/**
 * Signs records as one batch (context accord-share-batch-v1 over the Merkle root and size): one
 * Ed25519 signature in all, and each record gets the root, its index and its audit path. All
 * records must have the same sharer (the key's member).
 */
export function signShareBatch(records: readonly UnsignedShareRecord[], key: NodeKey): ShareRecord[] {
  const first = records[0];
  if (first === undefined) throw new AccordError('invalid', 'share.empty-batch', 'a batch holds at least one share record');
  const leaves = records.map((r, i) => {
    if (r.created_by_ref !== first.created_by_ref) {
      throw new AccordError('invalid', 'share.mixed-batch', `record ${i} is shared by ${r.created_by_ref}, record 0 by ${first.created_by_ref}: a batch has one sharer`);
    }
    return merkleLeafHash(checkedForSigning(r));
  });
  const tree = new MerkleTree(leaves);
  const root = tree.root.toString('hex');
  const value = signWithContext(key, SIGNING_CONTEXT.shareBatch, batchMessage(root, records.length));
  return records.map((r, i) => {
    const { signature: _old, ...unsigned } = r as UnsignedShareRecord & { signature?: unknown };
    return {
      ...unsigned,
      signature: {
        member_ref: r.created_by_ref, key_fingerprint: key.fingerprint, value,
        batch_root: root, batch_size: records.length, leaf_index: i, proof: tree.proof(i).map((h) => h.toString('hex')),
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Verifying.

/**
 * Batch roots whose signature has been verified: a memo of the pure check "this key signed this
 * root and size", keyed by everything the check depends on (key fingerprint, root, size,
 * signature). Only successes are kept, so entries cannot be planted by sending bad signatures.
 * Least recently used entries are dropped beyond `capacity`.
 */
export class BatchRootCache {
  private readonly entries = new Map<string, true>();
  private counts = { hits: 0, verifications: 0 };

  constructor(readonly capacity = 4096) {}

  /** Lookups answered from memory, and Ed25519 verifications made for batch signatures. */
  get stats(): { readonly hits: number; readonly verifications: number } {
    return { ...this.counts };
  }

  /** Verifies through the memo: `verify` runs only when this exact root signature was not seen verified. */
  check(key: string, verify: () => boolean): boolean {
    if (this.entries.delete(key)) {
      this.entries.set(key, true);
      this.counts.hits++;
      return true;
    }
    this.counts.verifications++;
    if (!verify()) return false;
    this.entries.set(key, true);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    return true;
  }
}

const sharedCache = new BatchRootCache();

/** Share-record verification in this process, for the node's metrics and the sharing benchmark. */
const work = { records: 0, signatures: 0, nanos: 0n };

/** Records verified, Ed25519 verifications made for them, and the time those took (seconds), in this process. */
export function shareVerificationStats(): { readonly records: number; readonly signatures: number; readonly seconds: number } {
  return { records: work.records, signatures: work.signatures, seconds: Number(work.nanos) / 1e9 };
}

/** One Ed25519 verification, counted and timed (it runs on this thread, so its wall time is its CPU time). */
function timedVerify(verify: () => boolean): boolean {
  const start = process.hrtime.bigint();
  try {
    return verify();
  } finally {
    work.signatures++;
    work.nanos += process.hrtime.bigint() - start;
  }
}

/** Looks up a member's public key by its fingerprint; undefined when that member has no such key. */
/** With `signedAt`, a key retired or compromised by then is not returned (what it signed then does not count). */
export type ShareKeyLookup = (member: MemberId, fingerprint: string, signedAt?: string) => KeyObject | Uint8Array | undefined;

export interface VerifyShareOptions {
  /** How far in the future `modified` may be (clock skew between nodes); 5 minutes by default. */
  readonly maxFutureSkewMs?: number;
  /** Where verified batch roots are remembered; a process-wide cache by default, null for none. */
  readonly cache?: BatchRootCache | null;
}

/** Who signed a verified record, and for a batch signature where the record sits in its batch. */
export interface ShareSigner {
  readonly member: MemberId;
  readonly keyFingerprint: string;
  readonly batch?: { readonly root: string; readonly size: number; readonly index: number };
}

export type ShareVerdict =
  | { readonly ok: true; readonly share: Share; readonly signer: ShareSigner }
  | { readonly ok: false; readonly error: AccordError };

/** The default tolerance for a `modified` ahead of this node's clock. */
export const DEFAULT_MAX_FUTURE_SKEW_MS = 5 * 60_000;

const fingerprints = new WeakMap<KeyObject, string>();

function fingerprintOf(key: KeyObject | Uint8Array): string {
  if (key instanceof Uint8Array) return createHash('sha256').update(key).digest('hex');
  let fp = fingerprints.get(key);
  if (fp === undefined) {
    fp = keyFingerprint(key);
    fingerprints.set(key, fp);
  }
  return fp;
}

function verifyOrThrow(value: unknown, keyOf: ShareKeyLookup, now: Date, options: VerifyShareOptions): { share: Share; signer: ShareSigner } {
  const share = readRecord(value);
  const record = value as Json;
  const sig = readSignature(record.signature);
  if (sig.member_ref !== share.sharer) {
    fail('share.signer-mismatch', '/signature/member_ref', `the record is signed by ${sig.member_ref} but shared by ${share.sharer} (created_by_ref): only the sharer may sign its share`);
  }
  const skew = options.maxFutureSkewMs ?? DEFAULT_MAX_FUTURE_SKEW_MS;
  const modifiedAt = parseTimestamp(share.modified)?.epochMicros ?? 0n;
  const limit = (BigInt(now.getTime()) + BigInt(Math.floor(skew))) * 1000n;
  if (modifiedAt > limit) {
    fail('share.future-modified', '/modified', `modified ${share.modified} is more than ${skew / 1000} s ahead of this node's clock (${now.toISOString()})`);
  }
  const key = keyOf(sig.member_ref, sig.key_fingerprint, share.modified);
  if (key === undefined) {
    if (keyOf(sig.member_ref, sig.key_fingerprint) !== undefined) {
      fail('share.key-not-valid', '/signature/key_fingerprint', `the key ${sig.key_fingerprint} of ${sig.member_ref} was retired or declared compromised before ${share.modified}, when this record was made: it does not count`);
    }
    fail('share.unknown-key', '/signature/key_fingerprint', `member ${sig.member_ref} has no known key with fingerprint ${sig.key_fingerprint}`);
  }
  if (fingerprintOf(key) !== sig.key_fingerprint) {
    fail('share.unknown-key', '/signature/key_fingerprint', `the key found for fingerprint ${sig.key_fingerprint} of ${sig.member_ref} has another fingerprint`);
  }
  let message: string;
  try {
    message = shareMessage(record);
  } catch (e) {
    fail('share.bad-property', '', `the record has no canonical JSON: ${(e as Error).message}`);
  }
  const signer = { member: sig.member_ref, keyFingerprint: sig.key_fingerprint };
  work.records++;
  if (sig.batch_root === undefined || sig.batch_size === undefined || sig.leaf_index === undefined || sig.proof === undefined) {
    if (!timedVerify(() => verifyWithContext(key, SIGNING_CONTEXT.share, message, sig.value))) fail('share.bad-signature', '/signature/value', `the signature of ${share.id} does not verify with key ${sig.key_fingerprint}`);
    return { share, signer };
  }
  const { batch_root: root, batch_size: size, leaf_index: index } = sig;
  const computed = merkleRootFromProof(merkleLeafHash(message), index, size, sig.proof.map((h) => Buffer.from(h, 'hex')));
  if (computed === undefined || computed.toString('hex') !== root) {
    fail('share.bad-proof', '/signature/proof', `the audit path of ${share.id} does not lead from the record to batch root ${root} (leaf ${index} of ${size})`);
  }
  const verify = (): boolean => timedVerify(() => verifyWithContext(key, SIGNING_CONTEXT.shareBatch, batchMessage(root, size), sig.value));
  const cache = options.cache === undefined ? sharedCache : options.cache;
  const ok = cache === null ? verify() : cache.check(`${sig.key_fingerprint}:${root}:${size}:${sig.value}`, verify);
  if (!ok) fail('share.bad-signature', '/signature/value', `the batch signature of ${share.id} (root ${root}, ${size} records) does not verify with key ${sig.key_fingerprint}`);
  return { share, signer: { ...signer, batch: { root, size, index } } };
}

/**
 * Checks a share record as received from anyone: its properties, that the sharer signed it with
 * a key `keyOf` knows for that member, and that `modified` is not ahead of `now` by more than
 * the allowed skew. Returns the parsed share, or the first failure (an AccordError with a stable
 * `share.*` code and the JSON Pointer in details.path). Never throws for bad input.
 */
export function verifyShare(record: unknown, keyOf: ShareKeyLookup, now: Date, options: VerifyShareOptions = {}): ShareVerdict {
  const skew = options.maxFutureSkewMs;
  if (skew !== undefined && !(Number.isFinite(skew) && skew >= 0)) {
    throw new AccordError('invalid', 'share.bad-option', `maxFutureSkewMs must be a number of milliseconds >= 0, not ${skew}`);
  }
  try {
    return { ok: true, ...verifyOrThrow(record, keyOf, now, options) };
  } catch (e) {
    if (e instanceof AccordError) return { ok: false, error: e };
    throw e;
  }
}

/** True when `object` is the very version a share names: same id, same version, same content hash. */
export function matchesObject(share: Pick<Share, 'objectId' | 'objectVersion' | 'objectHash'>, object: Readonly<Record<string, unknown>>): boolean {
  let target;
  try {
    target = shareTarget(object);
  } catch {
    return false;
  }
  return target.id === share.objectId && target.version === share.objectVersion && target.hash === share.objectHash;
}
