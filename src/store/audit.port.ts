// The storage port for the audit log: an append-only, hash-chained list of entries and the
// node's signed checkpoints of its head. The store keeps entries exactly as the audit area
// sealed them and serialises appends (one chain, one writer at a time, across processes).

/** One sealed audit entry. `details` is canonical JSON text, stored and hashed as is. */
export interface AuditEntry {
  /** Position in the chain, from 1, without gaps. */
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly target: string | null;
  readonly outcome: 'ok' | 'failed' | 'denied';
  readonly details: string;
  readonly prevHash: string;
  readonly hash: string;
}

/** The newest entry's position and hash. */
export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
}

/** A signature by the node over the chain's head at some moment. */
export interface AuditCheckpoint {
  readonly seq: number;
  readonly hash: string;
  readonly at: string;
  readonly keyFingerprint: string;
  readonly signature: string;
}

export interface AuditQuery {
  readonly actor?: string;
  readonly action?: string;
  /** Inclusive bounds on `at` (timestamps). */
  readonly from?: string;
  readonly to?: string;
  /** Only entries after this position (the cursor). */
  readonly afterSeq?: number;
  readonly limit: number;
}

export interface AuditRepository {
  /**
   * Appends entries under the chain's lock: `seal` receives the current head (undefined for an
   * empty log) and returns the sealed entries, which are stored in one transaction.
   */
  append(seal: (head: AuditHead | undefined) => readonly AuditEntry[]): Promise<readonly AuditEntry[]>;
  head(): Promise<AuditHead | undefined>;
  /** Entries in chain order after `afterSeq`, at most `limit` (for verification and export). */
  scan(afterSeq: number, limit: number): Promise<AuditEntry[]>;
  /** Filtered entries in chain order. */
  query(q: AuditQuery): Promise<AuditEntry[]>;
  addCheckpoint(checkpoint: AuditCheckpoint): Promise<void>;
  /** Every checkpoint, oldest first. */
  checkpoints(): Promise<AuditCheckpoint[]>;
}
