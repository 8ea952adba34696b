// What a peer node sends, checked and stored: the one gate for pulled pages (PeerPuller, sync.ts)
// and pushed envelopes (a peer's TAXII POST, push-receiver.ts), so that pull and push cannot
// diverge (docs/decisions/0018-sync.md). Nothing a peer sends is trusted:
//
//   0. What this node holds already with the same content hash (and, for a share record, has
//      indexed) is reported "unchanged" without being checked again.
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
//   4. Retractions and receipts (docs/decisions/0022) pass the same gate, and their own
//      signatures are checked too; a retraction of another member's share is held back
//      (`retraction.not-sharer`). Records are judged as the retractions held here leave them, so
//      a purged version delivered again is held back (`sync.purged`). Retractions stored are then
//      applied (RetractionService), receipts indexed for the sharer's view.
//   5. Every version the peer sent that this node holds is noted as received from it, for the
//      relay limits (docs/decisions/0023): a relayed copy is not relayed again, nor sent back.
//
// Accepted objects and records are stored exactly as received (the importer's `prepareValue`),
// the batch in one transaction, records before the objects they prove; then the records are
// indexed (VisibilityService.recordShares) and the objects' visibility recomputed, so this node
// relays what the policy allows. Every step is idempotent (a version held is "unchanged", an
// indexed record "unchanged", a recomputation converges), so receiving a batch twice — a pull
// re-reading a page after a crash, a push repeated after a lost answer — stores nothing twice.
import {
  effectiveShare, mayRead, RECEIPT_TYPE, receiptRows, RETRACTION_TYPE, RetractionService, SHARE_EXTENSION_DEFINITION, SHARE_TYPE, shareTarget,
  verifyReceipt, verifyRetraction, verifyShare, VisibilityService,
  type AppliedRetraction, type BatchRootCache, type MembershipView, type PolicyVersion, type Receipt, type Retraction, type Share,
} from '../sharing/index.js';
import { extensionDefinitionInfo, parseJson, tlpOfObject } from '../stix/index.js';
import { prepareValue, storedExtensions, versionsOfIds, type KnownExtensions, type PreparedObject, type Store } from '../store/index.js';
import { MEMBERSHIP_TYPES, type StaticMembership } from '../trust/index.js';
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
  /** Sharers caught signing two contents for one object version (their records are quarantined). */
  readonly equivocations: readonly Equivocation[];
  /** Retractions received and what applying them did here (docs/decisions/0022). */
  readonly retractions: readonly AppliedRetraction[];
}

/**
 * One sharer signed share records naming two different contents for the same object version:
 * the received record and the ones this node held (or received just before) disagree. STIX
 * gives each (id, modified) one content, so both signatures together prove the sharer told
 * different members different things. Every record involved is quarantined and the version is
 * no longer passed on; the caller raises the alert (audit log, warning).
 */
export interface Equivocation {
  readonly sharer: string;
  readonly objectId: string;
  readonly version: string;
  /** The records and the content hashes they name: the received one first. */
  readonly records: readonly { readonly id: string; readonly hash: string }[];
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

type Target = ReturnType<typeof shareTarget>;

/**
 * A TLP:CLEAR share of a membership object (decision, endorsement, directory update): every node
 * configured with the charter takes it, member yet or not. Such objects decide who is a member, so
 * a node admitted a moment ago must be able to receive the decision admitting it before its own
 * state says it is a member (docs/decisions/0021).
 */
function isPublicMembershipShare(share: Share): boolean {
  return share.tlp === 'clear' && (MEMBERSHIP_TYPES as readonly string[]).includes(share.objectId.slice(0, share.objectId.indexOf('--')));
}

/** An equivocation in words, for the quarantine and the alert. */
export function equivocationWords(e: Equivocation, membership: StaticMembership): string {
  return `${membership.nameOf(e.sharer)} signed different contents for ${e.objectId} version ${e.version}: `
    + `${e.records.map((r) => `${r.id} names ${r.hash}`).join('; ')}. Both signatures verify, so the sharer equivocated; its records of this version are quarantined`;
}

/** The key of a version in heldVersions' map. */
function heldKey(t: Target | undefined): string {
  return t === undefined ? '' : `${t.id}\n${t.hash}`;
}

/** The versions of `ids` this node holds, as "id\nhash" → date_added. */
async function heldVersions(store: Store, ids: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for await (const { items } of versionsOfIds(store, ids, 'all')) {
    for (const o of items) out.set(heldKey({ id: o.id, version: null, hash: o.hash }), o.added);
  }
  return out;
}

/** Extension-definitions the validator may rely on: the share record's and those this node holds. */
export async function knownExtensions(store: Store): Promise<KnownExtensions> {
  const known = await storedExtensions(store);
  known.remember(SHARE_EXTENSION_DEFINITION);
  return known;
}

/**
 * Checks, stores and indexes the object texts one peer sent (a pulled page or a pushed envelope);
 * see the module comment. `from` is the peer's member id: what it sent is noted as received from
 * it (the relay limits, docs/decisions/0023). `known` may be passed to reuse one set over the
 * pages of a pull.
 */
export async function acceptFromPeer(ctx: AcceptContext, texts: readonly string[], from: string, known?: KnownExtensions): Promise<AcceptReport> {
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
  const recordIndexes = new Set<number>();
  texts.forEach((text, index) => {
    let value: unknown;
    try {
      value = parseJson(text);
    } catch (e) {
      hold(index, undefined, 'sync.unreadable', `not valid JSON: ${(e as Error).message}`);
      return;
    }
    if (!isRecord(value)) hold(index, value, 'sync.not-an-object', 'a TAXII envelope holds STIX objects, not other JSON values');
    else {
      values.push({ index, value });
      if (value.type === SHARE_TYPE) recordIndexes.add(index);
    }
  });

  // 0. What this node holds already, byte for byte (same id, version and content hash), is
  //    "unchanged" without being verified again: it was verified when it was stored. A pull
  //    re-reading a page, or reading what a push brought a moment before, costs a hash and a lookup.
  const targets = new Map<number, Target>();
  for (const { index, value } of values) {
    try {
      targets.set(index, shareTarget(value));
    } catch {
      // judged below, with the reason
    }
  }
  //    A held share record counts only once it is indexed too, and a held object's visibility is
  //    recomputed below all the same: a crash between storing and indexing is mended by the next
  //    reading of the page (decision 0018).
  const holding = await heldVersions(store, [...new Set([...targets.values()].map((t) => t.id))]);
  const heldRecordIds = values.filter((v) => v.value.type === SHARE_TYPE && holding.has(heldKey(targets.get(v.index)))).map((v) => targets.get(v.index)?.id ?? '');
  const indexedRecords = new Set(heldRecordIds.length === 0 ? [] : (await store.shares.get(heldRecordIds)).map((r) => r.id));
  //    Likewise a held retraction counts once indexed (and so applied or waiting).
  const heldRetractionIds = values.filter((v) => v.value.type === RETRACTION_TYPE && holding.has(heldKey(targets.get(v.index)))).map((v) => targets.get(v.index)?.id ?? '');
  for (const r of heldRetractionIds.length === 0 ? [] : await store.retractions.get(heldRetractionIds)) indexedRecords.add(r.id);
  const fresh: { index: number; value: Json }[] = [];
  const heldObjects: string[] = [];
  let unchanged = 0;
  for (const v of values) {
    const t = targets.get(v.index);
    const added = holding.get(heldKey(t));
    if (t === undefined || added === undefined || ((v.value.type === SHARE_TYPE || v.value.type === RETRACTION_TYPE) && !indexedRecords.has(t.id))) {
      fresh.push(v);
      continue;
    }
    if (v.value.type !== SHARE_TYPE) heldObjects.push(t.id);
    unchanged++;
    items[v.index] = { ok: true, id: t.id, version: t.version, status: 'unchanged', added };
  }

  // 1. Records first: the objects are judged against them. A record naming another content for a
  //    version its sharer has signed already is an equivocation: held, and the others quarantined.
  const indexedRows = new Map<string, { share: Share; valid: boolean }[]>();
  const allSharesOf = async (id: string): Promise<Share[]> => (await rowsOf(id)).map((r) => r.share);
  const indexedSharesOf = async (id: string): Promise<Share[]> => (await rowsOf(id)).filter((r) => r.valid).map((r) => r.share);
  const rowsOf = async (id: string): Promise<{ share: Share; valid: boolean }[]> => {
    let found = indexedRows.get(id);
    if (found === undefined) {
      found = (await store.shares.forObject(id)).map((r) => ({ share: JSON.parse(r.policy) as Share, valid: r.state === 'valid' }));
      indexedRows.set(id, found);
    }
    return found;
  };
  const equivocations: Equivocation[] = [];
  const equivocal = new Set<string>();
  const records: { index: number; share: Share; prepared: PreparedObject }[] = [];
  const others: { index: number; value: Json }[] = [];
  for (const { index, value } of fresh) {
    if (value.type !== SHARE_TYPE) {
      others.push({ index, value });
      continue;
    }
    const verdict = verifyShare(value, (m, fp, at) => membership.keyOf(m, fp, at), now, { cache: ctx.cache });
    if (!verdict.ok) {
      hold(index, value, verdict.error.code, verdict.error.message);
      continue;
    }
    if (!audienceIncludes(verdict.share, self, membership) && !isPublicMembershipShare(verdict.share)) {
      hold(index, value, 'sync.record-not-for-this-member', `share record ${verdict.share.id} is for ${JSON.stringify(value.audience)}, which does not include this member; the peer should not have sent it`);
      continue;
    }
    const share = verdict.share;
    // Any indexed record counts, quarantined ones too: a proof stays a proof when the page is read again.
    const rivals = share.objectVersion === null ? [] : [...await allSharesOf(share.objectId), ...records.map((r) => r.share)]
      .filter((o) => o.sharer === share.sharer && o.objectId === share.objectId && o.objectVersion === share.objectVersion && o.objectHash !== share.objectHash && o.id !== share.id);
    if (rivals.length > 0) {
      const proof: Equivocation = {
        sharer: share.sharer, objectId: share.objectId, version: share.objectVersion ?? '',
        records: [{ id: share.id, hash: share.objectHash }, ...rivals.map((o) => ({ id: o.id, hash: o.objectHash }))],
      };
      equivocations.push(proof);
      equivocal.add(`${share.objectId}\n${share.objectVersion ?? ''}`);
      hold(index, value, 'sync.equivocation', equivocationWords(proof, membership));
      continue;
    }
    const { object, issues } = prepareValue(value, ext.context);
    if (object === undefined) {
      hold(index, value, 'sync.invalid-stix', issues.filter((i) => i.severity === 'error').map((i) => i.message).join('; '));
      continue;
    }
    records.push({ index, share, prepared: object });
  }
  // A version caught in an equivocation is passed on under none of its sharer's records, including one received in this very batch.
  const equivocalRecords = records.filter((r) => equivocal.has(`${r.share.objectId}\n${r.share.objectVersion ?? ''}`) && equivocations.some((e) => e.sharer === r.share.sharer));
  for (const r of equivocalRecords) {
    hold(r.index, values.find((v) => v.index === r.index)?.value, 'sync.equivocation', `share record ${r.share.id} names ${r.share.objectId} version ${r.share.objectVersion ?? ''}, for which its sharer signed another content too`);
    records.splice(records.indexOf(r), 1);
  }

  // 2. Objects: each needs a verified record naming its exact content, and one that lets this member read it.
  //    A received record counts as the retractions held here leave it: a share that arrives after
  //    its retraction lets nobody read what it names (decision 0022).
  const otherIds = [...new Set(others.map((o) => targets.get(o.index)?.id).filter((id): id is string => id !== undefined))];
  const namedIds = [...new Set([...otherIds, ...records.map((r) => r.share.objectId)])];
  const retractions = namedIds.length === 0 ? [] : await store.retractions.naming(records.map((r) => r.share.id), namedIds);
  const tombstones = new Set(retractions.filter((r) => r.effect === 'purge' && r.state !== 'refused').map((r) => `${r.objectId ?? ''}\n${r.objectHash ?? ''}`));
  const receivedShares = new Map<string, Share[]>();
  for (const r of records) receivedShares.set(r.share.objectId, [...(receivedShares.get(r.share.objectId) ?? []), effectiveShare(r.share, retractions, membership)]);
  const sharesFor = async (id: string): Promise<Share[]> => [...await indexedSharesOf(id), ...(receivedShares.get(id) ?? [])];
  const accepted: { index: number; prepared: PreparedObject }[] = [];
  const retractionsIn = new Map<number, Retraction>();
  const receiptsIn = new Map<number, Receipt>();
  for (const { index, value } of others) {
    const target = targets.get(index);
    if (target === undefined) {
      try {
        shareTarget(value);
      } catch (e) {
        hold(index, value, 'sync.invalid-stix', (e as Error).message);
        continue;
      }
      hold(index, value, 'sync.invalid-stix', 'the object has no content hash');
      continue;
    }
    if (equivocal.has(`${target.id}\n${target.version ?? ''}`)) {
      hold(index, value, 'sync.equivocation', `${target.id} version ${target.version ?? ''} is named with different contents by records of one sharer: held back`);
      continue;
    }
    const shares = await sharesFor(target.id);
    const matching = shares.filter((s) => s.objectId === target.id && s.objectVersion === target.version && s.objectHash === target.hash);
    if (matching.length === 0) {
      if (shares.length === 0) hold(index, value, 'sync.no-share-record', `no verified share record names ${target.id}; objects are accepted only with a record signed by their sharer`);
      else {
        hold(index, value, 'sync.content-mismatch', `the received ${target.id} (version ${target.version ?? 'none'}) hashes to ${target.hash}, which no verified share record names `
          + `(the records name ${[...new Set(shares.map((s) => `${s.objectVersion ?? 'none'}/${s.objectHash}`))].join(', ')}): it was altered on the way or is another version`);
      }
      continue;
    }
    const decision = mayRead(self, policyVersionOf(value, target, membership), matching, membership);
    if (!decision.allowed && !matching.some(isPublicMembershipShare)) {
      if (tombstones.has(`${target.id}\n${target.hash}`)) {
        hold(index, value, 'sync.purged', `${target.id} version ${target.version ?? 'unversioned'} was purged by its sharer: this node keeps the tombstone, not the content`);
      } else {
        hold(index, value, 'sync.not-for-this-member', `the sharing policy does not let this member read ${target.id}: ${decision.denials.map((d) => d.reason).join('; ')}`);
      }
      continue;
    }
    // A retraction or receipt is signed by its own author: checked here, never stored unverified.
    if (value.type === RETRACTION_TYPE) {
      const verdict = verifyRetraction(value, (m, fp, at) => membership.keyOf(m, fp, at));
      if (!verdict.ok) {
        hold(index, value, verdict.error.code, verdict.error.message);
        continue;
      }
      const t = verdict.value.target;
      const retracted = t.effect === 'purge' ? undefined : (await store.shares.get([t.shareId]))[0];
      if (retracted !== undefined && retracted.sharer !== verdict.value.sharer) {
        hold(index, value, 'retraction.not-sharer', `retraction ${verdict.value.id} is signed by ${membership.nameOf(verdict.value.sharer)}, but share ${retracted.id} is ${membership.nameOf(retracted.sharer)}'s: only the sharer may retract a share; refused, never applied`);
        continue;
      }
      retractionsIn.set(index, verdict.value);
    } else if (value.type === RECEIPT_TYPE) {
      const verdict = verifyReceipt(value, (m, fp, at) => membership.keyOf(m, fp, at));
      if (!verdict.ok) {
        hold(index, value, verdict.error.code, verdict.error.message);
        continue;
      }
      receiptsIn.set(index, verdict.value);
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
  // The records the equivocating sharer had this node hold: quarantined, so the version is passed on no more.
  const rivalIds = [...new Set(equivocations.flatMap((e) => e.records.slice(1).map((r) => r.id)))];
  if (rivalIds.length > 0) await visibility.quarantine(rivalIds, 'equivocation: its sharer signed another content for the same object version');
  // Every version this peer sent and this node holds (stored now or before) was received from it.
  await store.visibility.noteSources(items.flatMap((it, i) => (it?.ok === true && !recordIndexes.has(i) ? [{ objectAdded: it.added, member: from }] : [])));
  await visibility.recompute([...new Set([...accepted.filter((a) => okIds.has(`${a.prepared.id}\n${a.prepared.hash}`)).map((a) => a.prepared.id), ...heldObjects])]);
  // Retractions stored now are applied; receipts stored now are indexed for the sharer's view.
  const storedIn = <T>(m: Map<number, T>): T[] => accepted.filter((a) => m.has(a.index) && okIds.has(`${a.prepared.id}\n${a.prepared.hash}`)).map((a) => m.get(a.index) as T);
  const applied = await new RetractionService(store, membership, self, visibility).receive(storedIn(retractionsIn));
  await store.retractions.addReceipts(receiptRows(storedIn(receiptsIn)));
  return {
    records: records.length, stored, unchanged, held, equivocations, retractions: applied,
    items: items.map((it) => it ?? { ok: false, held: { at, objectId: null, version: null, hash: null, code: 'sync.not-stored', reason: 'not stored' } }),
  };
}
