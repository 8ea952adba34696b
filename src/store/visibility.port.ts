// The storage port for sharing (ARCHITECTURE.md decision 4): the share index and the visibility
// table computed from it.
//
// The share index (`shares`) is derived from the x-accord-share records this node has stored and
// the sharing area has verified: one row per record, with what the policy needs to judge it (its
// parsed form, as JSON text the store does not read) and its state here (valid, or quarantined
// with a reason). The store never judges a share; it keeps the rows and refuses to re-bind a
// share id to another record.
//
// The visibility table says which member's node may pull which stored version from this node:
// one row (member, stamp, version). It is what serving a peer reads (`ObjectQuery.visibleTo`), so
// a peer's poll costs an index range scan over its own rows, whatever else the node holds. The
// sharing area computes it from the policy; the store only keeps it, under two rules:
//   - A row's stamp comes from the node's date_added clock (clock.ts), issued inside the same
//     write lock as date_added itself, so stamps are unique across the node and commit order is
//     stamp order. A version that becomes visible to a member later (it joins a group, a
//     quarantine is released) gets a stamp above everything that member has been served, so its
//     next `added_after` pull finds it (ARCHITECTURE.md, "What must never happen").
//   - Granting what is already granted keeps the old stamp (the member has it; sending it again
//     would only re-serve it); revoking drops the row, so granting again later gives a fresh stamp.

import type { StoredObject } from './port.js';

/** Whether a share counts here: `quarantined` shares are kept but grant nothing until released. */
export type ShareState = 'valid' | 'quarantined';

/** One share record as the index keeps it. */
export interface ShareRow {
  /** The record's id (`x-accord-share--…`). */
  readonly id: string;
  /** The shared object version: id, version (null for an unversioned SCO) and content hash. */
  readonly objectId: string;
  readonly objectVersion: string | null;
  readonly objectHash: string;
  /** The member who shares (and signed). */
  readonly sharer: string;
  /** date_added of the record's own stored version in `objects`: what a peer needs to verify what it receives. */
  readonly recordAdded: number;
  /** The parsed share (the sharing area's `Share`) as JSON text; the store does not read it. */
  readonly policy: string;
  readonly state: ShareState;
  /** Why it is quarantined (null when valid). */
  readonly reason: string | null;
}

/** What happened to one row of `shares.put`. */
export type SharePutOutcome =
  | { readonly id: string; readonly status: 'stored' | 'updated' | 'unchanged' }
  | { readonly id: string; readonly status: 'conflict'; readonly code: string; readonly message: string };

export interface SharePage {
  readonly items: readonly ShareRow[];
  readonly more: boolean;
}

export interface ShareRepository {
  /**
   * Stores rows in one transaction and reports per row. A new id is stored; an id already held
   * for the same record version (same recordAdded and the same object version and sharer) is
   * updated in place (its state, reason and policy: a quarantine is released, or imposed) or
   * unchanged. An id held for another record version is a conflict (`store.share-conflict`): a
   * share record is never re-versioned (docs/decisions/0015: a wider share is another record,
   * narrowing is a retraction), and the first one indexed stays.
   */
  put(rows: readonly ShareRow[]): Promise<SharePutOutcome[]>;
  /** The rows with these ids (any state), in id order. */
  get(ids: readonly string[]): Promise<ShareRow[]>;
  /** Every row naming this object id (any state, any version), in id order. */
  forObject(objectId: string): Promise<ShareRow[]>;
  /** Which of these object ids some row names (any state): only those can have visibility rows. */
  named(objectIds: readonly string[]): Promise<string[]>;
  /** Object ids some row names, in order, strictly after `after` (start with ''): for recomputing everything in batches. */
  objectIds(after: string, limit: number): Promise<string[]>;
  /** Quarantined rows in id order after `after` (start with ''), for administrators. */
  quarantined(after: string, limit: number): Promise<SharePage>;
}

/** One (member, version) pair of the visibility table. */
export interface VisibilityEntry {
  readonly member: string;
  /** The version's date_added (objects.added). */
  readonly objectAdded: number;
}

/** What `settle` reads, under the write lock, for the objects it settles. */
export interface VisibilitySnapshot {
  /** Every stored version of the objects. */
  readonly versions: readonly StoredObject[];
  /** Every share row naming one of the objects (any state). */
  readonly shares: readonly ShareRow[];
  /**
   * The versions being settled (date_added): those of `versions`, and the stored records of
   * `shares` (a share whose record is not stored here has none to grant).
   */
  readonly settled: ReadonlySet<number>;
  /**
   * The member nodes each of `versions` was received from (noteSources); a version absent here
   * is held first-hand (imported, made or shared here).
   */
  readonly sources: ReadonlyMap<number, ReadonlySet<string>>;
}

/**
 * Who each version should be visible to, by date_added: the stored versions of the settled
 * objects and the stored records of their shares. A version of that set not in the plan is
 * visible to no one.
 */
export type VisibilityPlan = ReadonlyMap<number, ReadonlySet<string>>;

export interface SettleResult {
  /** Versions whose rows were settled (versions of the objects and their stored share records). */
  readonly versions: number;
  readonly granted: number;
  readonly revoked: number;
}

export interface VisibilityRepository {
  /**
   * Makes versions visible to members, in one transaction under the date_added lock. A pair
   * already present keeps its stamp; a new one gets a fresh stamp. Versions not stored are
   * skipped. Returns how many pairs were added.
   */
  grant(entries: readonly VisibilityEntry[]): Promise<number>;
  /** Removes pairs (absent ones are ignored); returns how many were removed. */
  revoke(entries: readonly VisibilityEntry[]): Promise<number>;
  /** The members a version is visible to, sorted. */
  of(objectAdded: number): Promise<string[]>;
  /**
   * Recomputes the rows of whole objects atomically: under the date_added lock, reads the
   * objects' stored versions and share rows, asks `decide` (synchronous, pure: the sharing
   * policy) who should see each version and each stored share record, and grants and revokes the
   * difference. Reading and writing under one lock is what keeps the table equal to the policy
   * when several writers settle the same object at once: with the read outside the lock, a
   * writer that read before a quarantine could grant after the quarantine's revocation.
   * `decide` may not name versions outside the settled set (the error rolls everything back).
   */
  settle(objectIds: readonly string[], decide: (snapshot: VisibilitySnapshot) => VisibilityPlan): Promise<SettleResult>;
  /** Records that versions were received from members' nodes (pairs held already are kept). */
  noteSources(entries: readonly VisibilityEntry[]): Promise<void>;
}
