// The storage port for retractions (issue 6, "Retraction"; docs/decisions/0022): an index of the
// `x-accord-retraction` objects this node holds and has verified, what applying each one did
// here, and the signed receipts holders returned to this node as a sharer.
//
// The objects themselves are stored like any other (objects table); these rows only let the
// sharing area find, by share or by object, the retractions that bear on what it indexes — a
// retraction can arrive before the share it ends, and then applies when the share is recorded.
// The store never judges a retraction: the sharing area verifies and applies, the store keeps rows.

/** What a retraction does: narrow a share's audience, end a share, or purge an object version's content. */
export type RetractionEffect = 'narrow' | 'end' | 'purge';

/**
 * Where a retraction stands on this node: `waiting` for the share it names (not held yet),
 * `applied`, or `refused` (it can never apply here: signed by someone other than the sharer).
 */
export type RetractionState = 'waiting' | 'applied' | 'refused';

export interface RetractionRow {
  /** The retraction's id (`x-accord-retraction--…`). */
  readonly id: string;
  /** The member that signed it: it retracts only its own shares. */
  readonly sharer: string;
  readonly effect: RetractionEffect;
  /** The share record it narrows or ends (null for a purge). */
  readonly shareId: string | null;
  /** The object version it purges (null for narrow and end; objectVersion null for an unversioned SCO). */
  readonly objectId: string | null;
  readonly objectVersion: string | null;
  readonly objectHash: string | null;
  /** For narrow: the members that remain (JSON array of member ids); else null. */
  readonly members: string | null;
  /** The retraction's `created`. */
  readonly created: string;
  readonly state: RetractionState;
  /** What applying it did here, in words (or why it waits, or why it is refused). */
  readonly outcome: string | null;
  /** When it was applied here (null until then). */
  readonly appliedAt: string | null;
  /** The receipt this node signed for it (null: none yet, or this node is its sharer). */
  readonly receiptId: string | null;
}

/** What may change on a row once stored. */
export type RetractionUpdate = Pick<RetractionRow, 'id' | 'state' | 'outcome' | 'appliedAt' | 'receiptId'>;

/** A holder's signed receipt, as the sharer's node indexes it. */
export interface ReceiptRow {
  readonly retractionId: string;
  /** The holder member that signed it. */
  readonly member: string;
  readonly receiptId: string;
  /** When the holder says it applied the retraction. */
  readonly appliedAt: string;
  /** What the holder reports it did (its words, e.g. "content removed"). */
  readonly outcome: string;
}

export interface RetractionListQuery {
  /** Only retractions signed by this member. */
  readonly sharer?: string;
  readonly state?: RetractionState;
  readonly limit: number;
}

export interface RetractionRepository {
  /** Stores new rows in one transaction; an id held already is left as it is. Returns how many were new. */
  add(rows: readonly RetractionRow[]): Promise<number>;
  /** Updates the state, outcome, applied time and receipt of rows by id (unknown ids are ignored). */
  update(rows: readonly RetractionUpdate[]): Promise<void>;
  /** The rows with these ids, in id order. */
  get(ids: readonly string[]): Promise<RetractionRow[]>;
  /** The rows that narrow or end one of these shares, or purge a version of one of these objects, in id order. */
  naming(shareIds: readonly string[], objectIds: readonly string[]): Promise<RetractionRow[]>;
  /** The newest rows first (by `created`, then id), optionally of one sharer or in one state. */
  list(query: RetractionListQuery): Promise<RetractionRow[]>;
  /** Applied rows of other sharers than `self` for which this node has issued no receipt yet, oldest first. */
  unreceipted(self: string, limit: number): Promise<RetractionRow[]>;
  /** Stores receipts; the first one per (retraction, member) stays. Returns how many were new. */
  addReceipts(rows: readonly ReceiptRow[]): Promise<number>;
  /** The receipts for these retractions, by retraction then member. */
  receipts(retractionIds: readonly string[]): Promise<ReceiptRow[]>;
}
