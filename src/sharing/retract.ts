// Retracting, as the sharer does it; receipts, as holders sign them and the sharer reads them
// (docs/decisions/0022).
//
// The sharer's node builds and signs the retraction, stores it, shares it with everyone the
// retracted shares reached (their original audiences, so dropped members learn of the narrowing
// too; relayed where they were), and applies it at once — from then on it passes the version on
// under those shares to no one. Holders apply it when it arrives (federation's accept), and the
// serving node of each holder then signs a receipt (`issueReceipts`), shared with the same
// audience so that relays can carry it back. The sharer's view (`retractionStatus`) lists, per
// member the shares reached, who has applied it and who has not answered yet — and so may still
// hold the old state.
import { AccordError, tlpRank, type TlpLevel } from '../stix/index.js';
import type { ReceiptRow, RetractionRow, Store } from '../store/index.js';
import { storeAndShareMade, type BulkShareContext, type BulkShareTerms } from './bulk.js';
import { readRecord } from './records.js';
import {
  buildReceipt, buildRetraction, outcomeText, readOutcome, readRetraction, RECEIPT_EXTENSION_ID, RETRACTION_EXTENSION_ID, verifyRetraction,
  type ReceiptOutcome, type Receipt, type RetractionTarget,
} from './retraction.js';
import { RetractionService, type AppliedRetraction } from './retraction.service.js';
import type { Audience, MemberId, MembershipView, Share } from './types.js';
import { parsePolicy, policiesOf } from './visibility.js';

/** What a member asks to retract. */
export type RetractRequest =
  | { readonly effect: 'narrow'; readonly shareId: string; readonly members: readonly MemberId[]; readonly reason?: string }
  | { readonly effect: 'end'; readonly shareId: string; readonly reason?: string }
  | { readonly effect: 'purge'; readonly objectId: string; readonly version?: string; readonly reason?: string };

export interface RetractResult {
  readonly retraction: Readonly<Record<string, unknown>>;
  /** What applying it did on this node. */
  readonly applied: AppliedRetraction;
  /** The members it was shared with, so they apply it (empty: it concerned this node only). */
  readonly audience: Audience;
}

const EXTENSIONS = new Set([RETRACTION_EXTENSION_ID, RECEIPT_EXTENSION_ID]);

function refuse(code: string, message: string): never {
  throw new AccordError('invalid', code, message);
}

/** The stored record of a share, as first made (its index row may already be narrowed). */
async function originalShare(store: Store, id: string): Promise<Share | undefined> {
  const stored = (await store.objects.versions(id)).at(-1);
  if (stored === undefined) return undefined;
  try {
    return readRecord(JSON.parse(stored.json));
  } catch {
    return undefined;
  }
}

/** The members an audience names (the sharer excluded), resolved against the membership; undefined for "all". */
function named(a: Audience, membership: Pick<MembershipView, 'groupMembers'>): MemberId[] | undefined {
  switch (a.kind) {
    case 'all': return undefined;
    case 'members': return [...a.members];
    case 'group': return [...(membership.groupMembers(a.group, a.version) ?? [])];
    default: return [];
  }
}

/** Terms under which a retraction reaches everyone the shares reached: their widest TLP, their audiences together, relayed if any was. */
function termsOf(shares: readonly Share[], self: MemberId, membership: Pick<MembershipView, 'groupMembers'>): BulkShareTerms {
  if (shares.length === 0) return { tlp: 'amber', audience: { kind: 'sharer' }, relay: false };
  const tlp = shares.map((s) => s.tlp).reduce((a: TlpLevel, b) => (tlpRank(b) < tlpRank(a) ? b : a));
  const lists = shares.map((s) => named(s.audience, membership));
  let audience: Audience;
  if (lists.some((l) => l === undefined)) audience = { kind: 'all' };
  else {
    const members = [...new Set(lists.flatMap((l) => l ?? []))].filter((m) => m !== self).sort();
    audience = members.length === 0 ? { kind: 'sharer' } : { kind: 'members', members };
  }
  return { tlp: audience.kind === 'all' && tlp === 'red' ? 'amber' : tlp, audience, relay: shares.some((s) => s.relay) };
}

/** The shares a retraction travels under: its sharer's shares of the retraction object. */
async function carriedBy(store: Store, row: RetractionRow): Promise<Share[]> {
  return policiesOf((await store.shares.forObject(row.id)).filter((s) => s.sharer === row.sharer));
}

/** Retracts one of this member's shares, or purges a version it shared (see the module comment). */
export async function retract(ctx: BulkShareContext, request: RetractRequest): Promise<RetractResult> {
  const { store, membership, self } = ctx;
  let target: RetractionTarget;
  let shares: Share[];
  if (request.effect === 'purge') {
    const rows = (await store.shares.forObject(request.objectId)).filter((r) => r.sharer === self && (request.version === undefined || r.objectVersion === request.version));
    const held = (await store.objects.versions(request.objectId)).filter((v) => request.version === undefined || v.version === request.version);
    // The version: the one given, else the newest this member shared, else the newest held.
    const latestShared = rows.reduce<(typeof rows)[number] | undefined>((a, r) => (a === undefined || (r.objectVersion ?? '') > (a.objectVersion ?? '') ? r : a), undefined);
    const latestHeld = held.at(-1);
    let version: string | null;
    let hash: string;
    if (latestShared !== undefined) {
      version = latestShared.objectVersion;
      hash = latestShared.objectHash;
    } else if (latestHeld !== undefined) {
      const policy = ctx.visibility.policyVersion(latestHeld);
      if (policy === undefined) refuse('retraction.bad-object', `the stored ${request.objectId} could not be read`);
      version = policy.version;
      hash = latestHeld.hash;
    } else {
      refuse('retraction.nothing-to-purge', `this node neither holds nor has shared ${request.objectId}${request.version !== undefined ? ` version ${request.version}` : ''}`);
    }
    target = { effect: 'purge', objectId: request.objectId, objectVersion: version, objectHash: hash };
    const mine = rows.filter((r) => r.objectVersion === version && r.objectHash === hash);
    shares = (await Promise.all(mine.map((r) => originalShare(store, r.id)))).filter((s): s is Share => s !== undefined);
  } else {
    const [row] = await store.shares.get([request.shareId]);
    if (row === undefined) refuse('retraction.no-such-share', `this node holds no share record ${request.shareId} (\`accord share\` prints the ids of the records it makes)`);
    if (row.sharer !== self) {
      refuse('retraction.not-sharer', `share ${request.shareId} is ${membership.nameOf(row.sharer)}'s: only the member who made a share may retract it`);
    }
    const original = await originalShare(store, row.id);
    if (original === undefined) refuse('retraction.no-such-share', `the record of share ${request.shareId} is not stored here any more`);
    shares = [original];
    if (request.effect === 'end') target = { effect: 'end', shareId: row.id };
    else {
      const current = parsePolicy(row.policy)?.audience ?? original.audience;
      const wanted = [...new Set(request.members)].filter((m) => m !== self).sort();
      const currentMembers = named(current, membership);
      const outside = wanted.filter((m) => (currentMembers === undefined ? !membership.isMember(m) : !currentMembers.includes(m)));
      if (outside.length > 0) {
        refuse('retraction.not-narrower', `narrowing keeps only members the share reaches now; ${outside.map((m) => membership.nameOf(m)).join(', ')} ${outside.length === 1 ? 'is' : 'are'} not among them`);
      }
      target = { effect: 'narrow', shareId: row.id, members: wanted };
    }
  }
  const retraction = buildRetraction({ sharer: self, key: ctx.key, target, ...(request.reason !== undefined ? { reason: request.reason } : {}) });
  const terms = termsOf(shares, self, membership);
  await storeAndShareMade(ctx, [retraction], terms, EXTENSIONS, 'retraction');
  const verdict = verifyRetraction(retraction, ctx.keyOf);
  if (!verdict.ok) throw new AccordError('internal', verdict.error.code, `a retraction this node signed does not verify: ${verdict.error.message}`);
  const [applied] = await new RetractionService(store, membership, self, ctx.visibility, { log: ctx.audit, actor: ctx.actor }).receive([verdict.value]);
  await ctx.audit.record({
    actor: ctx.actor, action: 'retraction.made', target: String(retraction.id),
    details: { effect: target.effect, ...(target.effect === 'purge' ? { object: target.objectId, version: target.objectVersion } : { share: target.shareId }), audience: terms.audience, reason: request.reason ?? null },
  });
  return { retraction, applied: applied as AppliedRetraction, audience: terms.audience };
}

/**
 * Signs a receipt for each applied retraction of another member this node has not answered yet,
 * stores it and shares it under the terms the retraction came with (so relays carry it back to
 * the sharer). Returns how many receipts it issued. Run it in one process at a time (the sync role).
 */
export async function issueReceipts(ctx: BulkShareContext, limit = 100): Promise<number> {
  const rows = await ctx.store.retractions.unreceipted(ctx.self, limit);
  let issued = 0;
  for (const row of rows) {
    const stored = (await ctx.store.objects.versions(row.id)).at(-1);
    let retraction;
    try {
      retraction = readRetraction(JSON.parse(stored?.json ?? 'null'));
    } catch {
      continue; // not held any more: nothing to answer for
    }
    const carried = await carriedBy(ctx.store, row);
    const terms = carried.length === 0
      ? { tlp: 'amber' as const, audience: { kind: 'members' as const, members: [row.sharer] }, relay: false }
      : termsOf(carried, ctx.self, ctx.membership);
    const audience: Audience = terms.audience.kind === 'members' && !terms.audience.members.includes(row.sharer)
      ? { kind: 'members', members: [...terms.audience.members, row.sharer].sort() }
      : terms.audience;
    const { outcome, detail } = readOutcome(row.outcome);
    const receipt = buildReceipt({ holder: ctx.self, key: ctx.key, retraction, outcome, detail: detail || 'applied' });
    await storeAndShareMade(ctx, [receipt], { ...terms, audience }, EXTENSIONS, 'retraction');
    await ctx.store.retractions.update([{ id: row.id, state: row.state, outcome: row.outcome, appliedAt: row.appliedAt, receiptId: String(receipt.id) }]);
    issued++;
  }
  return issued;
}

/** The index rows of verified receipts (for the sharer's view). */
export function receiptRows(receipts: readonly Receipt[]): ReceiptRow[] {
  return receipts.map((r) => ({ retractionId: r.retractionId, member: r.holder, receiptId: r.id, appliedAt: r.created, outcome: outcomeText(r.outcome, r.detail) }));
}

/** Where one member stands with a retraction, as this node knows it. */
export interface HolderStatus {
  readonly member: MemberId;
  readonly name: string;
  /** `pending`: no receipt yet — it may still hold the old state. */
  readonly state: ReceiptOutcome | 'pending';
  readonly at: string | null;
  readonly detail: string;
}

export interface RetractionStatus {
  readonly row: RetractionRow;
  readonly holders: readonly HolderStatus[];
  readonly applied: number;
  readonly pending: number;
}

/** Per member the retraction went to: applied (with its receipt) or pending. */
export async function retractionStatus(store: Store, membership: MembershipView, id: string): Promise<RetractionStatus | undefined> {
  const [row] = await store.retractions.get([id]);
  if (row === undefined) return undefined;
  const carried = await carriedBy(store, row);
  const receipts = await store.retractions.receipts([id]);
  const audience = new Set<MemberId>();
  for (const s of carried) for (const m of named(s.audience, membership) ?? membership.members()) audience.add(m);
  for (const r of receipts) audience.add(r.member);
  audience.delete(row.sharer);
  const byMember = new Map(receipts.map((r) => [r.member, r] as const));
  const holders = [...audience].sort().map((member): HolderStatus => {
    const r = byMember.get(member);
    if (r === undefined) return { member, name: membership.nameOf(member), state: 'pending', at: null, detail: 'no receipt yet: it may still hold the old state' };
    const { outcome, detail } = readOutcome(r.outcome);
    return { member, name: membership.nameOf(member), state: outcome, at: r.appliedAt, detail };
  });
  const pending = holders.filter((h) => h.state === 'pending').length;
  return { row, holders, applied: holders.length - pending, pending };
}
