// Applying retractions on a node (docs/decisions/0022): the sharer's own node when it retracts,
// and every holder when a verified retraction arrives from a peer.
//
//   narrow, end  The share record's index row takes the effective audience (effectiveShare): the
//                policy then grants the removed members nothing under it, so no node passes the
//                version on to them under that share any more (the visibility rows are revoked
//                at once). A share not held yet leaves the retraction waiting; the share is
//                indexed already retracted when it comes (VisibilityService.recordShares).
//   purge        Every share of the sharer naming that exact version is ended, and the version's
//                content is removed from this node's store — unless another member's valid share
//                still lets this member read it (the content is then that member's to retract)
//                — while the retraction itself stays as the tombstone: id, version, content hash.
//                The sharer's own node removes its copy too.
//
// A retraction that names another member's share is refused and never applied: only the sharer
// may retract what it shared. Applying is idempotent: the effective audience is a function of the
// set of retractions, and a version removed is removed.
import type { AuditLog } from '../audit/index.js';
import type { RetractionRow, Store, StoredObject } from '../store/index.js';
import { mayRead } from './policy.js';
import { bearsOn, effectiveShare, outcomeText, readOutcome, retractionRow, type ReceiptOutcome, type Retraction } from './retraction.js';
import { canonicalShare, parsePolicy, policiesOf } from './visibility.js';
import type { MemberId, MembershipView } from './types.js';
import type { VisibilityService } from './visibility.js';

/** What applying one retraction did here. */
export interface AppliedRetraction {
  readonly id: string;
  readonly sharer: MemberId;
  readonly effect: RetractionRow['effect'];
  readonly state: RetractionRow['state'];
  /** For a receipt: what this node did. */
  readonly outcome: ReceiptOutcome;
  /** In words. */
  readonly detail: string;
  /** Share records whose audience it changed here. */
  readonly shares: readonly string[];
  /** Object versions whose content it removed here. */
  readonly removed: number;
}

export class RetractionService {
  constructor(
    private readonly store: Store,
    private readonly membership: MembershipView,
    private readonly self: MemberId,
    private readonly visibility: VisibilityService,
    private readonly audit?: { readonly log: AuditLog; readonly actor: string },
  ) {}

  /** Indexes verified retractions (their objects stored already) and applies them; one outcome per retraction, in order. */
  async receive(retractions: readonly Retraction[]): Promise<AppliedRetraction[]> {
    if (retractions.length === 0) return [];
    await this.store.retractions.add(retractions.map(retractionRow));
    const rows = await this.store.retractions.get(retractions.map((r) => r.id));
    const byId = new Map(rows.map((r) => [r.id, r] as const));
    // A row applied or refused before (the same retraction received twice) is reported as it stands.
    const open = rows.filter((r) => r.state === 'waiting');
    const applied = new Map((await this.apply(open)).map((a) => [a.id, a] as const));
    return retractions.map((r) => applied.get(r.id) ?? standing(byId.get(r.id) as RetractionRow));
  }

  /** Applies index rows (waiting ones; others are applied again harmlessly) and records what each did. */
  async apply(rows: readonly RetractionRow[]): Promise<AppliedRetraction[]> {
    if (rows.length === 0) return [];
    const now = new Date().toISOString();
    const named = await this.store.shares.get(rows.flatMap((r) => (r.shareId === null ? [] : [r.shareId])));
    const sharesById = new Map(named.map((s) => [s.id, s] as const));
    const objectIds = [...new Set(rows.flatMap((r) => (r.objectId === null ? [] : [r.objectId])))];
    const objectShares = new Map<string, typeof named>();
    for (const id of objectIds) objectShares.set(id, await this.store.shares.forObject(id));

    const out: AppliedRetraction[] = [];
    const touched = new Map<string, (typeof named)[number]>();
    for (const row of rows) {
      if (row.effect !== 'purge') {
        const share = sharesById.get(row.shareId ?? '');
        if (share === undefined) {
          out.push({ ...base(row), state: 'waiting', outcome: 'not-held', detail: `waits for share record ${row.shareId ?? ''}, which this node does not hold yet; it applies when the record arrives`, shares: [], removed: 0 });
        } else if (share.sharer !== row.sharer) {
          out.push({
            ...base(row), state: 'refused', outcome: 'not-held', shares: [], removed: 0,
            detail: `refused: ${this.membership.nameOf(row.sharer)} signed it, but share ${share.id} is ${this.membership.nameOf(share.sharer)}'s; only the sharer may retract a share`,
          });
        } else {
          touched.set(share.id, share);
          const words = row.effect === 'end' ? 'ended' : 'narrowed';
          out.push({ ...base(row), state: 'applied', outcome: 'applied', detail: `share ${share.id} of ${share.objectId} ${words} here`, shares: [share.id], removed: 0 });
        }
        continue;
      }
      const mine = (objectShares.get(row.objectId ?? '') ?? []).filter((s) => bearsOn(row, s));
      for (const s of mine) touched.set(s.id, s);
      out.push({ ...base(row), state: 'applied', outcome: 'applied', detail: '', shares: mine.map((s) => s.id), removed: 0 });
    }

    // The touched shares take their effective audience under every retraction bearing on them.
    if (touched.size > 0) {
      const bearing = await this.store.retractions.naming([...touched.keys()], [...new Set([...touched.values()].map((s) => s.objectId))]);
      const all = [...bearing.filter((b) => !rows.some((r) => r.id === b.id)), ...rows.map((r) => ({ ...r, state: stateOf(out, r) }))];
      const updated = [...touched.values()].flatMap((s) => {
        const share = parsePolicy(s.policy);
        if (share === undefined) return [];
        const policy = canonicalShare(() => effectiveShare(share, all, this.membership));
        return policy === undefined ? [] : [{ ...s, policy }];
      });
      await this.store.shares.put(updated);
      await this.visibility.recompute([...new Set(updated.map((s) => s.objectId))]);
    }

    // Purges: the content goes, unless another member's share still lets this member read it.
    for (const [i, row] of rows.entries()) {
      if (row.effect !== 'purge') continue;
      const result = out[i] as AppliedRetraction;
      out[i] = { ...result, ...await this.purge(row) };
    }

    await this.store.retractions.update(out.map((a) => ({
      id: a.id, state: a.state, outcome: outcomeText(a.outcome, a.detail), appliedAt: a.state === 'applied' ? now : null, receiptId: rows.find((r) => r.id === a.id)?.receiptId ?? null,
    })));
    if (this.audit !== undefined) {
      for (const a of out) {
        if (a.state === 'waiting') continue;
        await this.audit.log.record({
          actor: this.audit.actor, action: a.state === 'applied' ? 'retraction.applied' : 'retraction.refused', target: a.id,
          details: { sharer: a.sharer, effect: a.effect, outcome: a.outcome, detail: a.detail, shares: a.shares, removed: a.removed },
        });
      }
    }
    return out;
  }

  /** Removes a purged version's content here, or says why it stays. */
  private async purge(row: RetractionRow): Promise<Pick<AppliedRetraction, 'outcome' | 'detail' | 'removed'>> {
    const objectId = row.objectId ?? '';
    const held = (await this.store.objects.versions(objectId)).filter((v) => v.hash === row.objectHash);
    const version = row.objectVersion ?? 'unversioned';
    if (held.length === 0) return { outcome: 'not-held', removed: 0, detail: `${objectId} version ${version} is not held here; the tombstone keeps it out` };
    if (row.sharer !== this.self) {
      const others = await this.othersGranting(held[0] as StoredObject, row);
      if (others.length > 0) {
        return {
          outcome: 'content-kept', removed: 0,
          detail: `${objectId} version ${version} stays: ${others.map((m) => this.membership.nameOf(m)).join(', ')} still share${others.length === 1 ? 's' : ''} it with this member`,
        };
      }
    }
    const removed = await this.store.objects.remove({ ids: [objectId], versionTimestamps: held.map((v) => v.version) });
    return { outcome: 'content-removed', removed, detail: `the content of ${objectId} version ${version} was removed; the tombstone (id, version, content hash) stays` };
  }

  /** The other sharers whose valid shares still let this member read the version. */
  private async othersGranting(stored: StoredObject, row: RetractionRow): Promise<MemberId[]> {
    const version = this.visibility.policyVersion(stored);
    if (version === undefined) return [];
    const shares = policiesOf((await this.store.shares.forObject(stored.id)).filter((s) => s.state === 'valid' && s.sharer !== row.sharer));
    const decision = mayRead(this.self, version, shares, this.membership);
    return [...new Set(decision.grants.map((g) => g.share.sharer))];
  }
}

function base(row: RetractionRow): Pick<AppliedRetraction, 'id' | 'sharer' | 'effect'> {
  return { id: row.id, sharer: row.sharer, effect: row.effect };
}

function stateOf(out: readonly AppliedRetraction[], row: RetractionRow): RetractionRow['state'] {
  return out.find((a) => a.id === row.id)?.state ?? row.state;
}

/** A row already applied or refused, reported as it stands. */
function standing(row: RetractionRow): AppliedRetraction {
  return { id: row.id, sharer: row.sharer, effect: row.effect, state: row.state, ...readOutcome(row.outcome), shares: [], removed: 0 };
}
