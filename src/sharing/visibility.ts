// The visibility table, computed from the sharing policy (ARCHITECTURE.md decision 4: "who may read
// what is materialised in an indexed visibility table when a share record is stored, so serving a
// peer never scans what it may not read; the pure policy function is the reference the table is
// tested against").
//
// What a row means. The table answers the one question serving a peer asks: may this node pass
// this stored version to member M's node? That is `mayRelay(self, M, …)`, not `mayRead(M, …)`.
// The two differ exactly where the policy says a recipient may not pass an object on (rule 9): a
// RED or AMBER+STRICT share, or a share without relay, reaches M only from its sharer's node.
// Serving M everything M may read would make every recipient a relay. Where this node is the
// sharer, mayRelay is "the sharer delivers to its audience", i.e. mayRead for every recipient.
// On top of mayRelay, the relay limits (`relays`, docs/decisions/0023): a relayed copy is not
// relayed again, and nothing is relayed to the sharer or back to a node it came from.
// No rows are kept for this node's own member (`self`): its own users read through the local read
// filter, and no peer pulls on its behalf.
//
// What is granted. Each version goes to the members the policy lets this node pass it to, and so
// does the stored share record (x-accord-share) of every share that grants it: a peer needs the
// record to verify what it receives, and only those records (another member's share of the same
// object would tell M who else was given it). A record is therefore visible exactly through the
// object it shares, which is why a share *of* a share record is refused: its rows would have two
// owners undoing each other's grants.
//
// When rows change. After a share record is stored (recordShares), after object versions are
// stored (a share may arrive before the version it names: call recompute with their ids), and
// after the membership changes (recomputeAll). Each recomputation settles whole objects inside the
// store's write lock (VisibilityRepository.settle): the shares, versions and current rows are read
// and the difference written under one lock, so two recomputations of one object cannot undo each
// other, and a version that becomes visible gets a stamp above anything its member was served.
import { canonicalize, typeOfId, versionOf, tlpOfObject } from '../stix/index.js';
import {
  sortableTimestamp, type ShareRow, type Store, type StoredObject, type VisibilityPlan, type VisibilitySnapshot,
} from '../store/index.js';
import { mayRelay, type PolicyVersion } from './policy.js';
import { readRecord, SHARE_TYPE } from './records.js';
import { effectiveShare, outcomeText } from './retraction.js';
import type { MemberId, MembershipView, Share } from './types.js';

/** A verified share to index, and whether it is held back. */
export interface ShareEntry {
  /** The share as verifyShare returned it; its record must already be stored. */
  readonly share: Share;
  /** Why the share is quarantined (it counts for nobody until released); absent: valid. */
  readonly quarantine?: string;
}

/** What happened to one entry of recordShares. */
export type RecordOutcome =
  | { readonly id: string; readonly status: 'recorded' | 'unchanged' }
  | { readonly id: string; readonly status: 'rejected'; readonly code: string; readonly message: string };

export interface RecomputeSummary {
  /** Objects settled (objects no share names are skipped: they have no rows). */
  readonly objects: number;
  /** Versions whose rows were settled (the objects' versions and their share records). */
  readonly versions: number;
  readonly granted: number;
  readonly revoked: number;
}

export interface VisibilityOptions {
  /** Objects settled per transaction (default 200): bounds how long one settle holds the write lock. */
  readonly batchSize?: number;
}

/** Where an interrupted recomputeAll left off (meta key). */
export const RECOMPUTE_ALL_META = 'visibility.recompute_all';

const NONE: RecomputeSummary = { objects: 0, versions: 0, granted: 0, revoked: 0 };

function add(a: RecomputeSummary, b: RecomputeSummary): RecomputeSummary {
  return { objects: a.objects + b.objects, versions: a.versions + b.versions, granted: a.granted + b.granted, revoked: a.revoked + b.revoked };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function isRecord(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A share as this service wrote it into the index; undefined when the text is not one (never trusted blindly). */
export function parsePolicy(text: string): Share | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(v)) return undefined;
  const { id, objectId, objectVersion, objectHash, sharer, tlp, audience, relay, modified } = v;
  const ok = typeof id === 'string' && typeof objectId === 'string' && (objectVersion === null || typeof objectVersion === 'string')
    && typeof objectHash === 'string' && typeof sharer === 'string' && typeof tlp === 'string' && isRecord(audience)
    && typeof relay === 'boolean' && typeof modified === 'string';
  // The policy judges odd content itself (an unknown TLP or audience is "malformed", never thrown on).
  return ok ? (v as unknown as Share) : undefined;
}

/** The shares of index rows, as this service wrote them (rows whose policy does not read are left out). */
export function policiesOf(rows: readonly Pick<ShareRow, 'policy'>[]): Share[] {
  return rows.flatMap((r) => {
    const share = parsePolicy(r.policy);
    return share === undefined ? [] : [share];
  });
}

/** The canonical JSON of a share (properties set to undefined left out); undefined when there is none. */
export function canonicalShare(read: () => Share): string | undefined {
  try {
    return canonicalize(JSON.parse(JSON.stringify(read())));
  } catch {
    return undefined;
  }
}

/**
 * The relay limits on top of the policy (docs/decisions/0023): a node relays a version under
 * another member's share only when it holds it first-hand (`from` undefined: imported or made
 * here) or received it from that sharer's own node — a relayed copy is not relayed again, so a
 * share travels at most one relay from its sharer — and never to the sharer, nor back to a node
 * it received it from: they hold it.
 */
export function relays(share: Share, to: MemberId, from: ReadonlySet<MemberId> | undefined): boolean {
  if (to === share.sharer) return false;
  if (from === undefined) return true;
  return from.has(share.sharer) && !from.has(to);
}

/** Keeps the visibility table equal to the policy for this node (see the header). */
export class VisibilityService {
  private readonly batchSize: number;

  constructor(
    private readonly store: Store,
    private readonly membership: MembershipView,
    private readonly self: MemberId,
    options: VisibilityOptions = {},
  ) {
    this.batchSize = Math.max(1, Math.floor(options.batchSize ?? 200));
  }

  /**
   * Indexes verified shares (the caller verifies: verifyShare) and recomputes the objects they
   * name. Each record must already be stored (its date_added is what peers are granted) and must
   * be the very record the share was read from. Reports per entry; one bad entry fails no other.
   */
  async recordShares(entries: readonly ShareEntry[]): Promise<RecordOutcome[]> {
    const stored = await this.storedRecords(entries.map((e) => e.share.id));
    const checked = await this.retracted(entries.map((entry) => this.rowOf(entry, stored.get(entry.share.id) ?? [])));
    const rows = checked.filter((c): c is ShareRow => !('status' in c));
    const put = await this.store.shares.put(rows);
    const byRow = new Map(rows.map((r, k) => [r, put[k]] as const));
    // Unchanged rows are recomputed too: a crash between indexing and settling is repaired by recording again.
    await this.recompute(rows.filter((r) => byRow.get(r)?.status !== 'conflict').map((r) => r.objectId));
    return checked.map((c): RecordOutcome => {
      if ('status' in c) return c;
      const p = byRow.get(c);
      if (p === undefined) throw new Error(`the store reported no outcome for share ${c.id}`);
      if (p.status === 'conflict') return { id: p.id, status: 'rejected', code: p.code, message: p.message };
      return { id: p.id, status: p.status === 'unchanged' ? 'unchanged' : 'recorded' };
    });
  }

  /**
   * The rows as the retractions held here leave them (a share can arrive after its retraction:
   * it is indexed retracted), and the retractions that waited for these shares marked applied —
   * or refused, when signed by someone other than the share's sharer (docs/decisions/0022).
   */
  private async retracted(checked: readonly (ShareRow | RecordOutcome)[]): Promise<(ShareRow | RecordOutcome)[]> {
    const rows = checked.filter((c): c is ShareRow => !('status' in c));
    if (rows.length === 0) return [...checked];
    const bearing = await this.store.retractions.naming(rows.map((r) => r.id), [...new Set(rows.map((r) => r.objectId))]);
    if (bearing.length === 0) return [...checked];
    const byId = new Map(rows.map((r) => [r.id, r] as const));
    const at = new Date().toISOString();
    const waited = bearing.filter((b) => b.state === 'waiting' && b.shareId !== null && byId.has(b.shareId)).map((b) => {
      const share = byId.get(b.shareId ?? '') as ShareRow;
      const ok = share.sharer === b.sharer;
      return {
        id: b.id, state: ok ? 'applied' as const : 'refused' as const, appliedAt: ok ? at : null, receiptId: b.receiptId,
        outcome: ok
          ? outcomeText('applied', `share ${share.id} of ${share.objectId} ${b.effect === 'end' ? 'ended' : 'narrowed'} here when it arrived`)
          : outcomeText('not-held', `refused: ${this.membership.nameOf(b.sharer)} signed it, but share ${share.id} is ${this.membership.nameOf(share.sharer)}'s; only the sharer may retract a share`),
      };
    });
    const states = new Map(waited.map((w) => [w.id, w.state] as const));
    const rules = bearing.map((b) => ({ ...b, state: states.get(b.id) ?? b.state }));
    const out = checked.map((c) => {
      if ('status' in c) return c;
      const share = parsePolicy(c.policy);
      const policy = share === undefined ? undefined : canonicalShare(() => effectiveShare(share, rules, this.membership));
      return policy === undefined ? c : { ...c, policy };
    });
    await this.store.retractions.update(waited);
    return out;
  }

  /** Releases quarantined shares (by id): they count from now on, and what they grant gets fresh stamps. */
  async release(shareIds: readonly string[]): Promise<RecomputeSummary> {
    const held = (await this.store.shares.get(shareIds)).filter((r) => r.state === 'quarantined');
    await this.store.shares.put(held.map((r) => ({ ...r, state: 'valid', reason: null })));
    return this.recompute(held.map((r) => r.objectId));
  }

  /** Quarantines shares (by id): they count for nobody, and what only they granted is revoked. */
  async quarantine(shareIds: readonly string[], reason: string): Promise<RecomputeSummary> {
    const rows = await this.store.shares.get(shareIds);
    await this.store.shares.put(rows.map((r) => ({ ...r, state: 'quarantined', reason })));
    return this.recompute(rows.map((r) => r.objectId));
  }

  /**
   * Recomputes the rows of these objects (call it after storing object versions too). Ids no
   * share names are skipped: they have no rows, and a share arriving later recomputes them itself
   * (it is indexed before its recomputation reads the objects, and we look for shares after the
   * objects were stored, so one of the two sees the other).
   */
  async recompute(objectIds: readonly string[]): Promise<RecomputeSummary> {
    let total = NONE;
    for (const ids of chunks([...new Set(objectIds)], this.batchSize)) {
      const named = await this.store.shares.named(ids);
      total = add(total, await this.settle(named));
    }
    return total;
  }

  /**
   * Recomputes every object some share names, in batches, after the membership changed (a member
   * suspended or reinstated, a group version learnt). Progress is kept in the store after each
   * batch: `resume: true` continues an interrupted run (at start-up) and does nothing when none
   * was interrupted; without it a run starts from the beginning, as a new membership requires.
   * Run it in one process at a time.
   */
  async recomputeAll(options: { readonly resume?: boolean } = {}): Promise<RecomputeSummary> {
    let after = '';
    if (options.resume === true) {
      const saved: unknown = JSON.parse((await this.store.meta.get(RECOMPUTE_ALL_META)) || 'null');
      if (!isRecord(saved) || typeof saved.after !== 'string') return NONE;
      after = saved.after;
    }
    await this.store.meta.set(RECOMPUTE_ALL_META, JSON.stringify({ after }));
    let total = NONE;
    for (;;) {
      const ids = await this.store.shares.objectIds(after, this.batchSize);
      const last = ids.at(-1);
      if (last === undefined) break;
      total = add(total, await this.settle(ids));
      after = last;
      await this.store.meta.set(RECOMPUTE_ALL_META, JSON.stringify({ after }));
    }
    await this.store.meta.set(RECOMPUTE_ALL_META, '');
    return total;
  }

  /**
   * Who may pull each version of a snapshot from this node: the policy applied to every stored
   * version and its valid shares (pure; `settle` calls it under the write lock).
   */
  plan(snapshot: VisibilitySnapshot): VisibilityPlan {
    const valid = new Map<string, Share[]>();
    const recordOf = new Map<string, number>();
    for (const row of snapshot.shares) {
      if (row.state !== 'valid') continue;
      const share = parsePolicy(row.policy);
      if (share === undefined) continue;
      valid.set(row.objectId, [...(valid.get(row.objectId) ?? []), share]);
      if (snapshot.settled.has(row.recordAdded)) recordOf.set(share.id, row.recordAdded);
    }
    const plan = new Map<number, Set<MemberId>>();
    const grant = (added: number, member: MemberId): void => {
      const members = plan.get(added) ?? new Set<MemberId>();
      members.add(member);
      plan.set(added, members);
    };
    for (const stored of snapshot.versions) {
      const shares = valid.get(stored.id);
      if (shares === undefined) continue;
      const version = this.policyVersion(stored);
      if (version === undefined) continue;
      const from = snapshot.sources.get(stored.added);
      for (const member of this.candidates(shares)) {
        const grants = mayRelay(this.self, member, version, shares, this.membership).grants.filter((g) => g.code !== 'relay' || relays(g.share, member, from));
        if (grants.length === 0) continue;
        grant(stored.added, member);
        for (const g of grants) {
          const record = recordOf.get(g.share.id);
          if (record !== undefined) grant(record, member);
        }
      }
    }
    return plan;
  }

  /** A stored version as the policy sees it: its own version, hash, inline TLP and member originator. */
  policyVersion(stored: StoredObject): PolicyVersion | undefined {
    let obj: unknown;
    try {
      obj = JSON.parse(stored.json);
    } catch {
      return undefined;
    }
    if (!isRecord(obj)) return undefined;
    const inlineTlp = tlpOfObject(obj);
    const creator = obj.created_by_ref;
    const originator = typeof creator === 'string'
      && (this.membership.isOrWasMember !== undefined ? this.membership.isOrWasMember(creator) : this.membership.isMember(creator));
    return {
      id: stored.id,
      version: versionOf(obj) ?? null,
      hash: stored.hash,
      ...(inlineTlp !== undefined ? { inlineTlp } : {}),
      ...(originator ? { createdBy: creator } : {}),
    };
  }

  private async settle(objectIds: readonly string[]): Promise<RecomputeSummary> {
    if (objectIds.length === 0) return NONE;
    const r = await this.store.visibility.settle(objectIds, (snapshot) => this.plan(snapshot));
    return { objects: objectIds.length, ...r };
  }

  /** Everyone the policy could name: current members, sharers and named members (as audienceOf), never this node. */
  private candidates(shares: readonly Share[]): MemberId[] {
    const out = new Set<MemberId>(this.membership.members());
    for (const s of shares) {
      out.add(s.sharer);
      const a: unknown = s.audience;
      if (isRecord(a) && a.kind === 'members' && Array.isArray(a.members)) {
        for (const m of a.members as unknown[]) if (typeof m === 'string') out.add(m);
      }
    }
    out.delete(this.self);
    return [...out];
  }

  /** The stored versions of these records, by record id. */
  private async storedRecords(ids: readonly string[]): Promise<Map<string, StoredObject[]>> {
    const out = new Map<string, StoredObject[]>();
    const unique = [...new Set(ids)];
    for (const batch of chunks(unique, 500)) {
      let after = 0;
      for (;;) {
        const page = await this.store.objects.list({ ids: batch, versions: 'all', after, limit: 1000 });
        for (const o of page.items) out.set(o.id, [...(out.get(o.id) ?? []), o]);
        const last = page.items.at(-1);
        if (!page.more || last === undefined) break;
        after = last.added;
      }
    }
    return out;
  }

  /** The index row of an entry, or why it is refused. */
  private rowOf(entry: ShareEntry, versions: readonly StoredObject[]): ShareRow | RecordOutcome {
    const { share } = entry;
    const reject = (code: string, message: string): RecordOutcome => ({ id: share.id, status: 'rejected', code, message });
    if (typeOfId(share.objectId) === SHARE_TYPE) {
      return reject('visibility.share-of-share', `${share.id} shares another share record (${share.objectId}); a record reaches exactly the members its own share grants`);
    }
    const version = sortableTimestamp(share.modified);
    const stored = versions.find((v) => sortableTimestamp(v.version) === version);
    if (stored === undefined) {
      return reject('visibility.record-not-stored', `share record ${share.id} (modified ${share.modified}) is not stored on this node; store it, then record its share`);
    }
    // The row must describe the record peers will be served: the stored bytes, read again.
    const policy = canonicalShare(() => readRecord(JSON.parse(stored.json)));
    if (policy === undefined || policy !== canonicalShare(() => share)) {
      return reject('visibility.record-mismatch', `the stored record ${share.id} (modified ${share.modified}) says something else than the share given; the stored one stays unindexed`);
    }
    return {
      id: share.id, objectId: share.objectId, objectVersion: share.objectVersion, objectHash: share.objectHash, sharer: share.sharer,
      recordAdded: stored.added, policy, state: entry.quarantine === undefined ? 'valid' : 'quarantined', reason: entry.quarantine ?? null,
    };
  }
}
