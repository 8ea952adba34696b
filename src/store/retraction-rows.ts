// The retraction index's rows as both adapters read them (retractions.port.ts).
import type { ReceiptRow, RetractionRow } from './retractions.port.js';

export interface RetractionDbRow {
  id: string; sharer: string; effect: RetractionRow['effect']; share_id: string | null; object_id: string | null; object_version: string | null;
  object_hash: string | null; members: string | null; created: string; state: RetractionRow['state']; outcome: string | null;
  applied_at: string | null; receipt_id: string | null;
}

export interface ReceiptDbRow { retraction_id: string; member: string; receipt_id: string; applied_at: string; outcome: string }

export const RETRACTION_COLUMNS = 'id, sharer, effect, share_id, object_id, object_version, object_hash, members, created, state, outcome, applied_at, receipt_id';

export function retractionOf(r: RetractionDbRow): RetractionRow {
  return {
    id: r.id, sharer: r.sharer, effect: r.effect, shareId: r.share_id, objectId: r.object_id, objectVersion: r.object_version, objectHash: r.object_hash,
    members: r.members, created: r.created, state: r.state, outcome: r.outcome, appliedAt: r.applied_at, receiptId: r.receipt_id,
  };
}

export function receiptOf(r: ReceiptDbRow): ReceiptRow {
  return { retractionId: r.retraction_id, member: r.member, receiptId: r.receipt_id, appliedAt: r.applied_at, outcome: r.outcome };
}

/** The values of a row in RETRACTION_COLUMNS order. */
export function retractionValues(r: RetractionRow): unknown[] {
  return [r.id, r.sharer, r.effect, r.shareId, r.objectId, r.objectVersion, r.objectHash, r.members, r.created, r.state, r.outcome, r.appliedAt, r.receiptId];
}
