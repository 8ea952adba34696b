// The retraction index and receipts in PostgreSQL (retractions.port.ts).
import type { Pool } from 'pg';
import type {
  ReceiptRow, RetractionListQuery, RetractionRepository, RetractionRow, RetractionUpdate,
} from '../retractions.port.js';
import { receiptOf, RETRACTION_COLUMNS as COLUMNS, retractionOf as retractionRow, retractionValues, type ReceiptDbRow, type RetractionDbRow } from '../retraction-rows.js';
import { inTransaction } from './transaction.js';

export class PgRetractions implements RetractionRepository {
  constructor(private readonly pool: Pool) {}

  add(rows: readonly RetractionRow[]): Promise<number> {
    if (rows.length === 0) return Promise.resolve(0);
    return inTransaction(this.pool, async (client) => {
      let added = 0;
      for (const r of rows) {
        const res = await client.query(
          `INSERT INTO retractions (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (id) DO NOTHING`,
          retractionValues(r),
        );
        added += res.rowCount ?? 0;
      }
      return added;
    });
  }

  async update(rows: readonly RetractionUpdate[]): Promise<void> {
    if (rows.length === 0) return;
    await inTransaction(this.pool, async (client) => {
      for (const r of rows) {
        await client.query('UPDATE retractions SET state = $1, outcome = $2, applied_at = $3, receipt_id = $4 WHERE id = $5', [r.state, r.outcome, r.appliedAt, r.receiptId, r.id]);
      }
    });
  }

  async get(ids: readonly string[]): Promise<RetractionRow[]> {
    return (await this.pool.query<RetractionDbRow>(`SELECT ${COLUMNS} FROM retractions WHERE id = ANY($1::text[]) ORDER BY id`, [ids])).rows.map(retractionRow);
  }

  async naming(shareIds: readonly string[], objectIds: readonly string[]): Promise<RetractionRow[]> {
    return (await this.pool.query<RetractionDbRow>(
      `SELECT ${COLUMNS} FROM retractions WHERE share_id = ANY($1::text[]) UNION SELECT ${COLUMNS} FROM retractions WHERE object_id = ANY($2::text[]) ORDER BY id`,
      [shareIds, objectIds],
    )).rows.map(retractionRow);
  }

  async list(q: RetractionListQuery): Promise<RetractionRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (q.sharer !== undefined) where.push(`sharer = $${params.push(q.sharer)}`);
    if (q.state !== undefined) where.push(`state = $${params.push(q.state)}`);
    return (await this.pool.query<RetractionDbRow>(
      `SELECT ${COLUMNS} FROM retractions ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created DESC, id DESC LIMIT $${params.push(q.limit)}`,
      params,
    )).rows.map(retractionRow);
  }

  async unreceipted(self: string, limit: number): Promise<RetractionRow[]> {
    return (await this.pool.query<RetractionDbRow>(
      `SELECT ${COLUMNS} FROM retractions WHERE state = 'applied' AND receipt_id IS NULL AND sharer <> $1 ORDER BY created, id LIMIT $2`, [self, limit],
    )).rows.map(retractionRow);
  }

  addReceipts(rows: readonly ReceiptRow[]): Promise<number> {
    if (rows.length === 0) return Promise.resolve(0);
    return inTransaction(this.pool, async (client) => {
      let added = 0;
      for (const r of rows) {
        const res = await client.query(
          `INSERT INTO retraction_receipts (retraction_id, member, receipt_id, applied_at, outcome) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (retraction_id, member) DO NOTHING`,
          [r.retractionId, r.member, r.receiptId, r.appliedAt, r.outcome],
        );
        added += res.rowCount ?? 0;
      }
      return added;
    });
  }

  async receipts(retractionIds: readonly string[]): Promise<ReceiptRow[]> {
    return (await this.pool.query<ReceiptDbRow>(
      `SELECT retraction_id, member, receipt_id, applied_at, outcome FROM retraction_receipts WHERE retraction_id = ANY($1::text[]) ORDER BY retraction_id, member`,
      [retractionIds],
    )).rows.map(receiptOf);
  }
}
