// Bulk sharing (issue 5): one member shares many stored object versions under the same terms
// (TLP, audience, relay, grading). Every record is judged by the sharing policy before anything
// is signed, so a refused share never enters the node's history; the accepted ones are signed in
// batches with one Ed25519 signature over a Merkle root each (docs/decisions/0015), read back as
// a peer will with one BatchRootCache, stored in one transaction per batch, indexed for
// visibility in the same chunks, and audited once per batch. A refusal is reported per object
// and holds back no other object (STYLE practice 9).
import { Readable } from 'node:stream';
import type { AuditLog } from '../audit/index.js';
import { AccordError, isAccordError } from '../stix/index.js';
import { prepareValue, type PreparedObject, type Store, type StoredObject } from '../store/index.js';
import type { NodeKey } from '../trust/index.js';
import { checkShare, type PolicyVersion } from './policy.js';
import {
  BatchRootCache, buildShare, readRecord, SHARE_EXTENSION_ID, SHARE_TYPE, signShareBatch, verifyShare,
  type ShareInput, type ShareKeyLookup, type ShareRecord, type UnsignedShareRecord,
} from './records.js';
import type { MemberId, MembershipView, Share } from './types.js';
import type { VisibilityService } from './visibility.js';

/** Records signed, stored and audited together: decision 0015 measured batches of 1,000. */
export const DEFAULT_BULK_BATCH_SIZE = 1000;

/** What every object of a bulk share is shared under. */
export type BulkShareTerms = Omit<ShareInput, 'object' | 'sharer' | 'at'>;

/** One object asked for: its id, and the stored version to share (absent when the node holds none). */
export interface BulkCandidate {
  readonly id: string;
  readonly stored?: StoredObject;
}

/** An object that was not shared, and why (a stable code and a sentence). */
export interface BulkRefusal {
  readonly id: string;
  readonly code: string;
  readonly reason: string;
}

/** One batch as stored: its Merkle root and its signed records, in leaf order. */
export interface SharedBatch {
  readonly root: string;
  readonly records: readonly ShareRecord[];
}

export interface BulkShareContext {
  readonly store: Store;
  readonly visibility: VisibilityService;
  readonly membership: MembershipView;
  /** This node's member: the sharer. */
  readonly self: MemberId;
  readonly key: NodeKey;
  /** Public keys of members (this node's own included), to read every record back as a peer will. */
  readonly keyOf: ShareKeyLookup;
  readonly audit: AuditLog;
  /** Who acts, for the audit log. */
  readonly actor: string;
  /** More details for each `object.shared` audit entry (e.g. the publication request an approval carries out). */
  readonly auditDetails?: Readonly<Record<string, unknown>>;
  /** Records per signature, transaction and audit entry (default 1,000). */
  readonly batchSize?: number;
  /** Called after each batch is stored and indexed (e.g. to print its records). */
  readonly onBatch?: (batch: SharedBatch) => void | Promise<void>;
}

export interface BulkShareResult {
  readonly shared: number;
  readonly refused: readonly BulkRefusal[];
  readonly batches: number;
  /** The first share made and the version it names: what explains the audience as a whole. */
  readonly sample?: { readonly share: Share; readonly version: PolicyVersion };
}

interface Pending {
  readonly record: UnsignedShareRecord;
  readonly share: Share;
  readonly version: PolicyVersion;
}

/**
 * Shares every candidate under `terms` (see the header). Duplicate ids are shared once. Throws
 * only for faults of the node itself (a record it signed that does not verify, a store failure);
 * batches stored before such a fault stay stored and audited.
 */
export async function shareMany(candidates: AsyncIterable<BulkCandidate>, terms: BulkShareTerms, ctx: BulkShareContext): Promise<BulkShareResult> {
  const batchSize = Math.max(1, Math.floor(ctx.batchSize ?? DEFAULT_BULK_BATCH_SIZE));
  const cache = new BatchRootCache(16);
  const at = new Date();
  const seen = new Set<string>();
  const refused: BulkRefusal[] = [];
  let pending: Pending[] = [];
  let shared = 0;
  let batches = 0;
  let sample: BulkShareResult['sample'];

  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const stored = await storeBatch(batch, terms, ctx, cache, refused);
    if (stored === undefined) return;
    shared += stored.records.length;
    batches++;
    if (sample === undefined && batch[0] !== undefined) sample = { share: batch[0].share, version: batch[0].version };
    await ctx.onBatch?.(stored);
  };

  for await (const candidate of candidates) {
    if (seen.has(candidate.id)) continue;
    seen.add(candidate.id);
    const judged = judge(candidate, terms, ctx, at);
    if ('code' in judged) refused.push(judged);
    else pending.push(judged);
    if (pending.length >= batchSize) await flush();
  }
  await flush();
  return { shared, refused, batches, ...(sample !== undefined ? { sample } : {}) };
}

/**
 * Builds one object's record and asks the policy, before anything is signed (for this area:
 * publish.ts judges a publication request with it before filing it).
 */
export function judge(candidate: BulkCandidate, terms: BulkShareTerms, ctx: Pick<BulkShareContext, 'visibility' | 'membership' | 'self'>, at: Date): Pending | BulkRefusal {
  const { id, stored } = candidate;
  const refuse = (code: string, reason: string): BulkRefusal => ({ id, code, reason });
  if (stored === undefined) return refuse('share.no-such-object', `this node holds no object ${id}`);
  if (stored.type === SHARE_TYPE) return refuse('share.share-of-share', `${id} is a share record: a record reaches exactly the members its own share grants`);
  const version = ctx.visibility.policyVersion(stored);
  if (version === undefined) return refuse('share.bad-object', `the stored object ${id} could not be read`);
  let record: UnsignedShareRecord;
  let share: Share;
  try {
    record = buildShare({
      object: JSON.parse(stored.json) as Record<string, unknown>, sharer: ctx.self, tlp: terms.tlp, audience: terms.audience, relay: terms.relay, at,
      ...(terms.handlingCode !== undefined ? { handlingCode: terms.handlingCode } : {}),
      ...(terms.sourceReliability !== undefined ? { sourceReliability: terms.sourceReliability } : {}),
      ...(terms.informationAccuracy !== undefined ? { informationAccuracy: terms.informationAccuracy } : {}),
    });
    share = readRecord(record);
  } catch (e) {
    if (isAccordError(e)) return refuse(e.code, e.message);
    throw e;
  }
  const check = checkShare(share, version, ctx.membership);
  if (!check.valid) return refuse(`share.${check.code}`, `the sharing policy refuses this share: ${check.reason}`);
  return { record, share, version };
}

/** Signs, verifies, stores, indexes and audits one batch; what could not be stored is refused per object. */
async function storeBatch(batch: readonly Pending[], terms: BulkShareTerms, ctx: BulkShareContext, cache: BatchRootCache, refused: BulkRefusal[]): Promise<SharedBatch | undefined> {
  const signed = signShareBatch(batch.map((p) => p.record), ctx.key);
  const now = new Date();
  const prepared: PreparedObject[] = signed.map((record) => {
    // Read back exactly as a peer will: one Ed25519 verification for the batch, then hash paths.
    const verdict = verifyShare(record, ctx.keyOf, now, { cache });
    if (!verdict.ok) throw new AccordError('internal', verdict.error.code, `a share record this node signed does not verify: ${verdict.error.message}`);
    const { object, issues } = prepareValue(record, { resolveExtensionDefinition: (id) => (id === SHARE_EXTENSION_ID ? { extension_types: ['new-sdo'] } : undefined) });
    if (object === undefined) throw new AccordError('internal', 'share.invalid-record', `the share record is invalid: ${issues.map((i) => i.message).join('; ')}`);
    return object;
  });
  const put = await ctx.store.objects.put(prepared);
  const kept: number[] = [];
  put.forEach((outcome, i) => {
    const p = batch[i] as Pending;
    if (outcome.status === 'conflict' || outcome.status === 'rejected') refused.push({ id: p.share.objectId, code: outcome.code, reason: outcome.message });
    else kept.push(i);
  });
  const outcomes = await ctx.visibility.recordShares(kept.map((i) => ({ share: (batch[i] as Pending).share })));
  const records: ShareRecord[] = [];
  outcomes.forEach((outcome, k) => {
    const i = kept[k] as number;
    if (outcome.status === 'rejected') refused.push({ id: (batch[i] as Pending).share.objectId, code: outcome.code, reason: outcome.message });
    else records.push(signed[i] as ShareRecord);
  });
  const first = records[0];
  if (first === undefined) return undefined;
  const root = first.signature.batch_root ?? '';
  // A batch of one (a single share) names its object and record, as a single share always did.
  const one = records.length === 1 ? { share: first.id, version: first.object_modified ?? null } : {};
  await ctx.audit.record({
    actor: ctx.actor, action: 'object.shared', target: records.length === 1 ? first.object_ref : null,
    details: {
      count: records.length, ...one, batchRoot: root, batchSize: signed.length, tlp: (batch[0] as Pending).share.tlp, audience: first.audience, relay: terms.relay,
      ...ctx.auditDetails,
    },
  });
  return { root, records };
}

/**
 * Stores objects this node made itself (membership decisions, retractions, receipts…: new SDOs
 * declared by `extensions`), then shares them under `terms` (nothing to share when the audience is
 * this member alone). Failures are this node's own faults: AccordError `<area>.invalid-object`,
 * `<area>.not-stored` or `<area>.share-refused`.
 */
export async function storeAndShareMade(
  ctx: BulkShareContext, objects: readonly Readonly<Record<string, unknown>>[], terms: BulkShareTerms, extensions: ReadonlySet<string>, area: string,
): Promise<void> {
  const prepared = objects.map((o) => {
    const { object, issues } = prepareValue(o, { resolveExtensionDefinition: (id) => (extensions.has(id) ? { extension_types: ['new-sdo'] } : undefined) });
    if (object === undefined) throw new AccordError('internal', `${area}.invalid-object`, `the ${String(o.type)} made here is not valid STIX: ${issues.map((i) => i.message).join('; ')}`);
    return object;
  });
  const outcomes = await ctx.store.objects.put(prepared);
  const failed = outcomes.find((o) => 'code' in o);
  if (failed !== undefined && 'message' in failed) throw new AccordError('internal', `${area}.not-stored`, `a ${area} object made here could not be stored: ${failed.message}`);
  if (terms.audience.kind === 'sharer') return;
  const candidates: BulkCandidate[] = [];
  for (const o of objects) {
    const stored = (await ctx.store.objects.versions(String(o.id))).at(-1);
    if (stored !== undefined) candidates.push({ id: stored.id, stored });
  }
  const result = await shareMany(Readable.from(candidates), terms, ctx);
  if (result.refused.length > 0) {
    throw new AccordError('internal', `${area}.share-refused`, `sharing the ${area} objects made here was refused: ${result.refused.map((r) => `${r.id}: ${r.reason}`).join('; ')}`);
  }
}
