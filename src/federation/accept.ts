// What a peer node sends, checked and stored: the one gate for pulled pages (PeerPuller, sync.ts)
// and pushed envelopes (a peer's TAXII POST, push-receiver.ts), so that pull and push cannot
// diverge (docs/decisions/0018-sync.md). Nothing a peer sends is trusted:
//
//   1. Share records (`x-accord-share`) are verified first: the sharer's signature against the
//      member list's keys (a batch root verified once per process: BatchRootCache), and their
//      audience must include this member — a record this member may not see is not for it.
//   2. Every other object is accepted only when a verified share record — from this batch, or
//      valid in this node's index already (whoever delivered it: the sharer's signature and the
//      content hash prove it end to end) — names its exact id, version and content hash
//      (`matchesObject`), and the sharing policy lets this member read it under those records.
//      A relay that passes on an object its originator did not send to this member is thus
//      refused here too, not only by the relay's visibility table.
//   3. Anything else is held back with a stable code and the reason: it is never stored as an
//      object, so it is never served onward. The caller keeps it in the peer's quarantine.
//
// Accepted objects and records are stored exactly as received (the importer's `prepareValue`),
// the batch in one transaction, records before the objects they prove; then the records are
// indexed (VisibilityService.recordShares) and the objects' visibility recomputed, so this node
// relays what the policy allows. Every step is idempotent (a version held is "unchanged", an
// indexed record "unchanged", a recomputation converges), so receiving a batch twice — a pull
// re-reading a page after a crash, a push repeated after a lost answer — stores nothing twice.
import {
  mayRead, matchesObject, SHARE_EXTENSION_DEFINITION, SHARE_TYPE, shareTarget, verifyShare, VisibilityService,
  type BatchRootCache, type MembershipView, type PolicyVersion, type Share,
} from '../sharing/index.js';
import { extensionDefinitionInfo, parseJson, tlpOfObject } from '../stix/index.js';
import { prepareValue, storedExtensions, type KnownExtensions, type PreparedObject, type Store } from '../store/index.js';
import type { StaticMembership } from '../trust/index.js';
import type { QuarantineEntry } from './sync-state.js';

/** What checking a peer's objects needs. */
export interface AcceptContext {
  readonly store: Store;
  readonly membership: StaticMembership;
  /** This node's member id: records must be for it, objects readable by it. */
  readonly self: string;
  /** Verified batch roots, shared by the process. */
  readonly cache: BatchRootCache;
  readonly now?: () => Date;
}

/** What became of one element a peer sent, in the order received. */
export type AcceptedItem =
  | { readonly ok: true; readonly id: string; readonly version: string | null; readonly status: 'new' | 'new-version' | 'unchanged'; readonly added: number }
  | { readonly ok: false; readonly held: QuarantineEntry };

/** What one batch did. */
export interface AcceptReport {
  /** Share records that verified and were for this member. */
  readonly records: number;
  /** Stored now (new objects or versions), or held already. */
  readonly stored: number;
  readonly unchanged: number;
  /** Held back, for the peer's quarantine. */
  readonly held: QuarantineEntry[];
  /** One per element received, in order. */
  readonly items: readonly AcceptedItem[];
}

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Whether a share's audience names `member` (the sharer always is; an unknown group version names no one). */
export function audienceIncludes(share: Share, member: string, membership: MembershipView): boolean {
  if (share.sharer === member) return true;
  const a = share.audience;
  switch (a.kind) {
    case 'all': return membership.isMember(member);
    case 'members': return a.members.includes(member);
    case 'group': return membership.groupMembers(a.group, a.version)?.includes(member) === true;
    default: return false;
  }
}

/** An object version as the policy sees it (VisibilityService.policyVersion, from the received value). */
function policyVersionOf(value: Json, target: { id: string; version: string | null; hash: string }, membership: StaticMembership): PolicyVersion {
  const inlineTlp = tlpOfObject(value);
  const creator = value.created_by_ref;
  return {
    ...target,
    ...(inlineTlp !== undefined ? { inlineTlp } : {}),
    ...(typeof creator === 'string' && membership.isOrWasMember(creator) ? { createdBy: creator } : {}),
  };
}

/** Extension-definitions the validator may rely on: the share record's and those this node holds. */
export async function knownExtensions(store: Store): Promise<KnownExtensions> {
  const known = await storedExtensions(store);
  known.remember(SHARE_EXTENSION_DEFINITION);
  return known;
}

/**
 * Checks, stores and indexes the object texts one peer sent (a pulled page or a pushed envelope);
 * see the module comment. `known` may be passed to reuse one set over the pages of a pull.
 */
export async function acceptFromPeer(ctx: AcceptContext, texts: readonly string[], known?: KnownExtensions): Promise<AcceptReport> {
  const { store, membership, self } = ctx;
  const now = ctx.now?.() ?? new Date();
  const at = now.toISOString();
  const ext = known ?? await knownExtensions(store);
  const items: (AcceptedItem | undefined)[] = texts.map(() => undefined);
  const held: QuarantineEntry[] = [];
  const hold = (index: number, value: unknown, code: string, reason: string): void => {
    let target: { id: string; version: string | null; hash: string } | undefined;
    try {
      target = isRecord(value) ? shareTarget(value) : undefined;
    } catch {
      target = undefined;
    }
    const id = isRecord(value) && typeof value.id === 'string' ? value.id : null;
    const entry: QuarantineEntry = { at, objectId: target?.id ?? id, version: target?.version ?? null, hash: target?.hash ?? null, code, reason };
    held.push(entry);
    items[index] = { ok: false, held: entry };
  };
  const values: { index: number; value: Json }[] = [];
  texts.forEach((text, index) => {
    let value: unknown;
    try {
      value = parseJson(text);
    } catch (e) {
      hold(index, undefined, 'sync.unreadable', `not valid JSON: ${(e as Error).message}`);
      return;
    }
    if (!isRecord(value)) hold(index, value, 'sync.not-an-object', 'a TAXII envelope holds STIX objects, not other JSON values');
    else values.push({ index, value });
  });

  // 1. Records first: the objects are judged against them.
  const records: { index: number; share: Share; prepared: PreparedObject }[] = [];
  const others: { index: number; value: Json }[] = [];
  for (const { index, value } of values) {
    if (value.type !== SHARE_TYPE) {
      others.push({ index, value });
      continue;
    }
    const verdict = verifyShare(value, (m, fp) => membership.keyOf(m, fp), now, { cache: ctx.cache });
    if (!verdict.ok) {
      hold(index, value, verdict.error.code, verdict.error.message);
      continue;
    }
    if (!audienceIncludes(verdict.share, self, membership)) {
      hold(index, value, 'sync.record-not-for-this-member', `share record ${verdict.share.id} is for ${JSON.stringify(value.audience)}, which does not include this member; the peer should not have sent it`);
      continue;
    }
    const { object, issues } = prepareValue(value, ext.context);
    if (object === undefined) {
      hold(index, value, 'sync.invalid-stix', issues.filter((i) => i.severity === 'error').map((i) => i.message).join('; '));
      continue;
    }
    records.push({ index, share: verdict.share, prepared: object });
  }

  // 2. Objects: each needs a verified record naming its exact content, and one that lets this member read it.
  const indexedShares = new Map<string, Share[]>();
  const sharesFor = async (id: string): Promise<Share[]> => {
    let s = indexedShares.get(id);
    if (s === undefined) {
      s = (await store.shares.forObject(id)).filter((r) => r.state === 'valid').map((r) => JSON.parse(r.policy) as Share);
      indexedShares.set(id, s);
    }
    return [...s, ...records.filter((r) => r.share.objectId === id).map((r) => r.share)];
  };
  const accepted: { index: number; prepared: PreparedObject }[] = [];
  for (const { index, value } of others) {
    let target;
    try {
      target = shareTarget(value);
    } catch (e) {
      hold(index, value, 'sync.invalid-stix', (e as Error).message);
      continue;
    }
    const shares = await sharesFor(target.id);
    const matching = shares.filter((s) => matchesObject(s, value));
    if (matching.length === 0) {
      if (shares.length === 0) hold(index, value, 'sync.no-share-record', `no verified share record names ${target.id}; objects are accepted only with a record signed by their sharer`);
      else {
        hold(index, value, 'sync.content-mismatch', `the received ${target.id} (version ${target.version ?? 'none'}) hashes to ${target.hash}, which no verified share record names `
          + `(the records name ${[...new Set(shares.map((s) => `${s.objectVersion ?? 'none'}/${s.objectHash}`))].join(', ')}): it was altered on the way or is another version`);
      }
      continue;
    }
    const decision = mayRead(self, policyVersionOf(value, target, membership), matching, membership);
    if (!decision.allowed) {
      hold(index, value, 'sync.not-for-this-member', `the sharing policy does not let this member read ${target.id}: ${decision.denials.map((d) => d.reason).join('; ')}`);
      continue;
    }
    const { object, issues } = prepareValue(value, ext.context);
    if (object === undefined) {
      hold(index, value, 'sync.invalid-stix', issues.filter((i) => i.severity === 'error').map((i) => i.message).join('; '));
      continue;
    }
    if (extensionDefinitionInfo(value) !== undefined) ext.remember(value);
    accepted.push({ index, prepared: object });
  }

  // 3. Store the batch in one transaction, records before the objects they prove.
  const batch = [...records, ...accepted];
  const outcomes = batch.length === 0 ? [] : await store.objects.put(batch.map((b) => b.prepared));
  let stored = 0;
  let unchanged = 0;
  const okIds = new Set<string>();
  outcomes.forEach((o, i) => {
    const b = batch[i];
    if (b === undefined) return;
    const p = b.prepared;
    if ('code' in o) {
      const entry: QuarantineEntry = { at, objectId: p.id, version: p.version, hash: p.hash, code: o.code, reason: o.message };
      held.push(entry);
      items[b.index] = { ok: false, held: entry };
      return;
    }
    if (o.status === 'unchanged') unchanged++;
    else stored++;
    okIds.add(`${p.id}\n${p.hash}`);
    items[b.index] = { ok: true, id: p.id, version: p.version, status: o.status, added: o.added };
  });
  const visibility = new VisibilityService(store, membership, self);
  const indexed = records.filter((r) => okIds.has(`${r.prepared.id}\n${r.prepared.hash}`));
  const recorded = await visibility.recordShares(indexed.map((r) => ({ share: r.share })));
  for (const r of recorded) {
    if (r.status !== 'rejected') continue;
    const entry: QuarantineEntry = { at, objectId: r.id, version: null, hash: null, code: r.code, reason: r.message };
    held.push(entry);
    const i = records.find((x) => x.share.id === r.id)?.index;
    if (i !== undefined) items[i] = { ok: false, held: entry };
  }
  await visibility.recompute(accepted.filter((a) => okIds.has(`${a.prepared.id}\n${a.prepared.hash}`)).map((a) => a.prepared.id));
  return {
    records: records.length, stored, unchanged, held,
    items: items.map((it) => it ?? { ok: false, held: { at, objectId: null, version: null, hash: null, code: 'sync.not-stored', reason: 'not stored' } }),
  };
}
