// The publications table's row as both adapters read it (`SELECT *`), and the record it becomes.
import type { PublicationRecord } from './publications.port.js';

export interface PublicationRow {
  /** The queue position: a number from SQLite, BIGINT text from PostgreSQL. */
  seq: number | string; id: string; state: PublicationRecord['state']; tlp: string; terms: string; object_count: number;
  requested_by: string; requested_at: string; decided_by: string | null; decided_at: string | null; reason: string | null; outcome: string | null;
}

/** The record of a row (never the row itself: the queue position stays in the store). */
export function publicationOf(r: PublicationRow): PublicationRecord {
  return {
    id: r.id, state: r.state, tlp: r.tlp, terms: r.terms, objectCount: r.object_count, requestedBy: r.requested_by, requestedAt: r.requested_at,
    decidedBy: r.decided_by, decidedAt: r.decided_at, reason: r.reason, outcome: r.outcome,
  };
}
