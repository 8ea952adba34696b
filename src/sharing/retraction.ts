// Retractions and receipts (issue 6, "Retraction"; docs/decisions/0022): the sharer's signed
// statement that one of its shares is narrowed to fewer members, ended, or that the content of an
// object version it shared must be purged from every node that holds it; and each holder's signed
// receipt that it applied one. Both are STIX objects of new SDO types, stored exactly as received
// and shared like anything else (the retraction with the audience the retracted share had, so it
// reaches every holder by the same paths; the receipt with the same audience, so relays can carry
// it back to the sharer).
//
// What a retraction does to a share is a pure function of the share and the retractions that
// bear on it (`effectiveShare`): the intersection of every narrowing, or nothing but the sharer
// once ended or purged. So the order in which retractions and shares arrive does not matter, and
// a share that arrives after its retraction is indexed already retracted.
//
// Signatures: Ed25519 under the contexts `accord-retraction-v1` and `accord-retraction-receipt-v1`
// over the RFC 8785 JSON of the object without `signature`, with the key named by
// `key_fingerprint`, which must be the signer's (created_by_ref) at its `created`.
import type { KeyObject } from 'node:crypto';
import { AccordError, canonicalHash, canonicalize, isStixTimestamp, newStixId } from '../stix/index.js';
import type { RetractionRow } from '../store/index.js';
import { ACCORD_PROJECT_IDENTITY, signWithContext, SIGNING_CONTEXT, verifyWithContext, type NodeKey } from '../trust/index.js';
import { isIdOfType, SHARE_TYPE, show, type ShareKeyLookup } from './records.js';
import type { Audience, MemberId, MembershipView, Share } from './types.js';

export const RETRACTION_TYPE = 'x-accord-retraction';
export const RECEIPT_TYPE = 'x-accord-retraction-receipt';
export const RETRACTION_EXTENSION_ID = 'extension-definition--3f9b2c71-5d4e-4a86-9c1b-7e2d0a5f8b34';
export const RECEIPT_EXTENSION_ID = 'extension-definition--8c4e1a5b-2f3d-4b79-a6e0-1d9c7b3f5a28';

const base = {
  type: 'extension-definition', spec_version: '2.1', created_by_ref: ACCORD_PROJECT_IDENTITY.id,
  created: '2026-11-27T00:00:00.000Z', modified: '2026-11-27T00:00:00.000Z', version: '1.0.0', extension_types: ['new-sdo'],
} as const;

/** Declare `x-accord-retraction` and `x-accord-retraction-receipt`; every node holds them (docs/extensions/retraction.md). */
export const RETRACTION_EXTENSION_DEFINITIONS = [
  {
    ...base, id: RETRACTION_EXTENSION_ID, name: 'Accord retraction',
    description: 'New SDO x-accord-retraction: a sharer narrows the audience of one of its shares, ends it, or has the content of an object version it shared purged from every node that holds it, signed with its Ed25519 key.',
    schema: 'Accord retraction v1, docs/extensions/retraction.md and docs/decisions/0022-retraction.md of the Accord source.',
  },
  {
    ...base, id: RECEIPT_EXTENSION_ID, name: 'Accord retraction receipt',
    description: 'New SDO x-accord-retraction-receipt: a holder states, signed with its Ed25519 key, that it applied a retraction and what it did.',
    schema: 'Accord retraction receipt v1, docs/extensions/retraction.md of the Accord source.',
  },
] as const;

/** What a retraction asks, as read. */
export type RetractionTarget =
  | { readonly effect: 'narrow'; readonly shareId: string; readonly members: readonly MemberId[] }
  | { readonly effect: 'end'; readonly shareId: string }
  | { readonly effect: 'purge'; readonly objectId: string; readonly objectVersion: string | null; readonly objectHash: string };

/** A retraction, read and (by verifyRetraction) verified. */
export interface Retraction {
  readonly id: string;
  readonly sharer: MemberId;
  readonly created: string;
  readonly target: RetractionTarget;
  readonly reason?: string;
  readonly keyFingerprint: string;
  /** SHA-256 of the whole object's canonical JSON: what receipts name. */
  readonly hash: string;
}

/** What a holder did, as its receipt says. */
export type ReceiptOutcome = 'applied' | 'content-removed' | 'content-kept' | 'not-held';
const OUTCOMES: readonly ReceiptOutcome[] = ['applied', 'content-removed', 'content-kept', 'not-held'];

/** How what applying a retraction did is kept in the index (`<outcome>: <detail>`, one column). */
export function outcomeText(outcome: ReceiptOutcome, detail: string): string {
  return `${outcome}: ${detail}`;
}

/** An outcome kept by outcomeText, read back (a missing or unknown one reads as `applied`). */
export function readOutcome(text: string | null): { readonly outcome: ReceiptOutcome; readonly detail: string } {
  const t = text ?? '';
  const at = t.indexOf(': ');
  const code = at < 0 ? t : t.slice(0, at);
  return { outcome: (OUTCOMES as readonly string[]).includes(code) ? (code as ReceiptOutcome) : 'applied', detail: at < 0 ? '' : t.slice(at + 2) };
}

export interface Receipt {
  readonly id: string;
  readonly holder: MemberId;
  readonly created: string;
  readonly retractionId: string;
  readonly retractionHash: string;
  readonly outcome: ReceiptOutcome;
  readonly detail: string;
  readonly keyFingerprint: string;
}

type Json = Record<string, unknown>;

const HEX32_RE = /^[0-9a-f]{64}$/;
const TEXT_RE = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]{1,2000}$/;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(code: string, path: string, message: string): never {
  throw new AccordError('invalid', code, `${path === '' ? '' : `${path}: `}${message}`, { path });
}

/** Checks the properties common to both types; returns the canonical JSON the signature covers. */
function readCommon(v: unknown, type: string, extension: string, code: string, known: readonly string[]): { value: Json; signed: string } {
  if (!isObject(v)) fail(code, '', `a ${type} is a JSON object, not ${show(v)}`);
  if (v.type !== type) fail(code, '/type', `must be ${type}, not ${show(v.type)}`);
  if (v.spec_version !== '2.1') fail(code, '/spec_version', `must be "2.1", not ${show(v.spec_version)}`);
  if (!isIdOfType(v.id, type)) fail(code, '/id', `must be ${type}--<UUID>, not ${show(v.id)}`);
  for (const p of ['created', 'modified'] as const) if (!isStixTimestamp(v[p])) fail(code, `/${p}`, `must be a STIX timestamp, not ${show(v[p])}`);
  if (v.created !== v.modified) fail(code, '/modified', `a ${type} is never re-versioned: modified must equal created`);
  if (!isIdOfType(v.created_by_ref, 'identity')) fail(code, '/created_by_ref', `must be the signing member's identity id, not ${show(v.created_by_ref)}`);
  if (typeof v.key_fingerprint !== 'string' || !HEX32_RE.test(v.key_fingerprint)) fail(code, '/key_fingerprint', 'must name the signing key (64 lowercase hex digits)');
  if (typeof v.signature !== 'string') fail(code, '/signature', 'must be the Ed25519 signature, base64url');
  const ext = isObject(v.extensions) ? v.extensions[extension] : undefined;
  if (!isObject(ext) || ext.extension_type !== 'new-sdo' || Object.keys(v.extensions as Json).length !== 1) {
    fail(code, '/extensions', `a ${type} declares its type with extensions["${extension}"] = {"extension_type": "new-sdo"}`);
  }
  for (const k of Object.keys(v)) {
    if (!['type', 'spec_version', 'id', 'created', 'modified', 'created_by_ref', 'key_fingerprint', 'signature', 'extensions', ...known].includes(k)) {
      fail(code, `/${k}`, `is not a property of a ${type}`);
    }
  }
  const { signature: _signature, ...body } = v;
  return { value: v, signed: canonicalize(body) };
}

/** Reads a retraction (not its signature: verifyRetraction); throws AccordError `retraction.bad-object` naming the property. */
export function readRetraction(v: unknown): Retraction & { readonly signed: string; readonly signature: string } {
  const code = 'retraction.bad-object';
  const { value, signed } = readCommon(v, RETRACTION_TYPE, RETRACTION_EXTENSION_ID, code, ['effect', 'share_ref', 'member_refs', 'object_ref', 'object_modified', 'object_hash', 'reason']);
  const sharer = value.created_by_ref as string;
  const only = (allowed: readonly string[]): void => {
    for (const p of ['share_ref', 'member_refs', 'object_ref', 'object_modified', 'object_hash']) {
      if (value[p] !== undefined && !allowed.includes(p)) fail(code, `/${p}`, `is not a property of a "${String(value.effect)}" retraction`);
    }
  };
  let target: RetractionTarget;
  switch (value.effect) {
    case 'narrow':
    case 'end': {
      if (!isIdOfType(value.share_ref, SHARE_TYPE)) fail(code, '/share_ref', `must be the id of the share record retracted (${SHARE_TYPE}--…), not ${show(value.share_ref)}`);
      if (value.effect === 'end') {
        only(['share_ref']);
        target = { effect: 'end', shareId: value.share_ref };
        break;
      }
      only(['share_ref', 'member_refs']);
      const m = value.member_refs;
      if (!Array.isArray(m) || m.some((x) => !isIdOfType(x, 'identity'))) fail(code, '/member_refs', 'must list the identity ids of the members that keep the share');
      const members = [...new Set(m as string[])].sort();
      if (members.length !== m.length || members.some((x, i) => x !== m[i])) fail(code, '/member_refs', 'must be sorted, without repeats');
      target = { effect: 'narrow', shareId: value.share_ref, members };
      break;
    }
    case 'purge': {
      only(['object_ref', 'object_modified', 'object_hash']);
      if (!isIdOfType(value.object_ref)) fail(code, '/object_ref', `must be the id of the object whose content is purged, not ${show(value.object_ref)}`);
      if (value.object_modified !== undefined && !isStixTimestamp(value.object_modified)) fail(code, '/object_modified', 'must be the version purged (a STIX timestamp), or absent for an unversioned object');
      if (typeof value.object_hash !== 'string' || !HEX32_RE.test(value.object_hash)) fail(code, '/object_hash', 'must be the lowercase hex SHA-256 of the version\'s canonical JSON');
      if (value.object_ref.startsWith(`${SHARE_TYPE}--`)) fail(code, '/object_ref', 'a share record is not purged: end the share instead');
      target = { effect: 'purge', objectId: value.object_ref, objectVersion: typeof value.object_modified === 'string' ? value.object_modified : null, objectHash: value.object_hash };
      break;
    }
    default:
      fail(code, '/effect', `must be "narrow", "end" or "purge", not ${show(value.effect)}`);
  }
  if (value.reason !== undefined && (typeof value.reason !== 'string' || !TEXT_RE.test(value.reason))) fail(code, '/reason', 'must be 1 to 2,000 characters of text');
  return {
    id: value.id as string, sharer, created: value.created as string, target, keyFingerprint: value.key_fingerprint as string,
    ...(typeof value.reason === 'string' ? { reason: value.reason } : {}),
    hash: canonicalHash(value).hash, signed, signature: value.signature as string,
  };
}

/** Reads a receipt (not its signature: verifyReceipt); throws AccordError `retraction.bad-receipt` naming the property. */
export function readReceipt(v: unknown): Receipt & { readonly signed: string; readonly signature: string } {
  const code = 'retraction.bad-receipt';
  const { value, signed } = readCommon(v, RECEIPT_TYPE, RECEIPT_EXTENSION_ID, code, ['retraction_ref', 'retraction_hash', 'outcome', 'detail']);
  if (!isIdOfType(value.retraction_ref, RETRACTION_TYPE)) fail(code, '/retraction_ref', `must be the id of the retraction applied, not ${show(value.retraction_ref)}`);
  if (typeof value.retraction_hash !== 'string' || !HEX32_RE.test(value.retraction_hash)) fail(code, '/retraction_hash', 'must be the SHA-256 of the retraction\'s canonical JSON');
  if (typeof value.outcome !== 'string' || !(OUTCOMES as readonly string[]).includes(value.outcome)) fail(code, '/outcome', `must be one of ${OUTCOMES.join(', ')}, not ${show(value.outcome)}`);
  if (typeof value.detail !== 'string' || !TEXT_RE.test(value.detail)) fail(code, '/detail', 'must be 1 to 2,000 characters of text');
  return {
    id: value.id as string, holder: value.created_by_ref as string, created: value.created as string, retractionId: value.retraction_ref,
    retractionHash: value.retraction_hash, outcome: value.outcome as ReceiptOutcome, detail: value.detail, keyFingerprint: value.key_fingerprint as string,
    signed, signature: value.signature as string,
  };
}

type Verdict<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AccordError };

function verifySigned<T extends { readonly created: string; readonly keyFingerprint: string; readonly signed: string; readonly signature: string }>(
  read: () => T, signer: (t: T) => MemberId, context: string, keyOf: ShareKeyLookup, codes: { readonly key: string; readonly signature: string }, what: string,
): Verdict<T> {
  let t: T;
  try {
    t = read();
  } catch (e) {
    if (e instanceof AccordError) return { ok: false, error: e };
    throw e;
  }
  const member = signer(t);
  const key: KeyObject | Uint8Array | undefined = keyOf(member, t.keyFingerprint, t.created);
  if (key === undefined) {
    return { ok: false, error: new AccordError('invalid', codes.key, `${what} is signed with key ${t.keyFingerprint}, which is not a valid signing key of ${member} at ${t.created}`) };
  }
  if (!verifyWithContext(key, context, t.signed, t.signature)) {
    return { ok: false, error: new AccordError('invalid', codes.signature, `${what}'s signature does not verify with ${member}'s key ${t.keyFingerprint}: it was altered or not signed by ${member}`) };
  }
  return { ok: true, value: t };
}

/** Reads and verifies a retraction: signed by its created_by_ref with a key valid at its `created`. */
export function verifyRetraction(v: unknown, keyOf: ShareKeyLookup): Verdict<Retraction> {
  const id = isObject(v) && typeof v.id === 'string' ? v.id : 'the retraction';
  return verifySigned(() => readRetraction(v), (r) => r.sharer, SIGNING_CONTEXT.retraction, keyOf,
    { key: 'retraction.key-not-valid', signature: 'retraction.bad-signature' }, id);
}

/** Reads and verifies a receipt: signed by its holder (created_by_ref) with a key valid at its `created`. */
export function verifyReceipt(v: unknown, keyOf: ShareKeyLookup): Verdict<Receipt> {
  const id = isObject(v) && typeof v.id === 'string' ? v.id : 'the receipt';
  return verifySigned(() => readReceipt(v), (r) => r.holder, SIGNING_CONTEXT.retractionReceipt, keyOf,
    { key: 'retraction.key-not-valid', signature: 'retraction.bad-signature' }, id);
}

/** A retraction by `sharer`, signed with `key`. */
export function buildRetraction(input: { readonly sharer: MemberId; readonly key: NodeKey; readonly target: RetractionTarget; readonly reason?: string; readonly at?: Date; readonly id?: string }): Json {
  const at = (input.at ?? new Date()).toISOString();
  const t = input.target;
  const body: Json = {
    type: RETRACTION_TYPE, spec_version: '2.1', id: input.id ?? newStixId(RETRACTION_TYPE), created: at, modified: at, created_by_ref: input.sharer,
    effect: t.effect,
    ...(t.effect === 'purge'
      ? { object_ref: t.objectId, ...(t.objectVersion !== null ? { object_modified: t.objectVersion } : {}), object_hash: t.objectHash }
      : { share_ref: t.shareId, ...(t.effect === 'narrow' ? { member_refs: [...new Set(t.members)].sort() } : {}) }),
    ...(input.reason !== undefined ? { reason: input.reason } : {}),
    key_fingerprint: input.key.fingerprint,
    extensions: { [RETRACTION_EXTENSION_ID]: { extension_type: 'new-sdo' } },
  };
  const value = { ...body, signature: signWithContext(input.key, SIGNING_CONTEXT.retraction, canonicalize(body)) };
  readRetraction(value); // what we sign must read back
  return value;
}

/** `holder`'s receipt for a retraction it applied, signed with `key`. */
export function buildReceipt(input: { readonly holder: MemberId; readonly key: NodeKey; readonly retraction: Pick<Retraction, 'id' | 'hash'>; readonly outcome: ReceiptOutcome; readonly detail: string; readonly at?: Date }): Json {
  const at = (input.at ?? new Date()).toISOString();
  const body: Json = {
    type: RECEIPT_TYPE, spec_version: '2.1', id: newStixId(RECEIPT_TYPE), created: at, modified: at, created_by_ref: input.holder,
    retraction_ref: input.retraction.id, retraction_hash: input.retraction.hash, outcome: input.outcome, detail: input.detail.slice(0, 2000),
    key_fingerprint: input.key.fingerprint,
    extensions: { [RECEIPT_EXTENSION_ID]: { extension_type: 'new-sdo' } },
  };
  return { ...body, signature: signWithContext(input.key, SIGNING_CONTEXT.retractionReceipt, canonicalize(body)) };
}

/** The index row of a verified retraction, before it is applied. */
export function retractionRow(r: Retraction): RetractionRow {
  const t = r.target;
  return {
    id: r.id, sharer: r.sharer, effect: t.effect, shareId: t.effect === 'purge' ? null : t.shareId,
    objectId: t.effect === 'purge' ? t.objectId : null, objectVersion: t.effect === 'purge' ? t.objectVersion : null, objectHash: t.effect === 'purge' ? t.objectHash : null,
    members: t.effect === 'narrow' ? JSON.stringify(t.members) : null, created: r.created, state: 'waiting', outcome: null, appliedAt: null, receiptId: null,
  };
}

/** Whether a retraction row bears on a share: signed by its sharer, and naming it (narrow, end) or its exact version (purge). */
export function bearsOn(row: RetractionRow, share: Pick<Share, 'id' | 'sharer' | 'objectId' | 'objectVersion' | 'objectHash'>): boolean {
  if (row.state === 'refused' || row.sharer !== share.sharer) return false;
  if (row.effect === 'purge') return row.objectId === share.objectId && row.objectVersion === share.objectVersion && row.objectHash === share.objectHash;
  return row.shareId === share.id;
}

/**
 * The share as the retractions that bear on it leave it: unchanged; narrowed to the members every
 * narrowing keeps (and the original audience included); or kept to its sharer alone once ended or
 * purged. Pure, and independent of the order of `rows`.
 */
export function effectiveShare(share: Share, rows: readonly RetractionRow[], membership: Pick<MembershipView, 'groupMembers'>): Share {
  const bearing = rows.filter((r) => bearsOn(r, share));
  if (bearing.length === 0) return share;
  if (bearing.some((r) => r.effect !== 'narrow')) return { ...share, audience: { kind: 'sharer' } };
  let keep: Set<MemberId> | undefined;
  for (const r of bearing) {
    const members = parseMembers(r.members);
    keep = keep === undefined ? new Set(members) : new Set(members.filter((m) => keep?.has(m) === true));
  }
  const inOriginal = (m: MemberId): boolean => audienceNames(share.audience, m, membership);
  const members = [...(keep ?? [])].filter((m) => m !== share.sharer && inOriginal(m)).sort();
  const audience: Audience = members.length === 0 ? { kind: 'sharer' } : { kind: 'members', members };
  return { ...share, audience };
}

function parseMembers(text: string | null): MemberId[] {
  try {
    const v: unknown = JSON.parse(text ?? '[]');
    return Array.isArray(v) ? v.filter((m): m is string => typeof m === 'string') : [];
  } catch {
    return [];
  }
}

function audienceNames(a: Audience, m: MemberId, membership: Pick<MembershipView, 'groupMembers'>): boolean {
  switch (a.kind) {
    case 'all': return true;
    case 'members': return a.members.includes(m);
    case 'group': return membership.groupMembers(a.group, a.version)?.includes(m) === true;
    default: return false;
  }
}
