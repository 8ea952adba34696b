// The retraction index and receipts in SQLite (retractions.port.ts).
import type BetterSqlite3 from 'better-sqlite3';
import type {
  ReceiptRow, RetractionListQuery, RetractionRepository, RetractionRow, RetractionUpdate,
} from '../retractions.port.js';
import { receiptOf, RETRACTION_COLUMNS as COLUMNS, retractionOf as retractionRow, retractionValues, type ReceiptDbRow, type RetractionDbRow } from '../retraction-rows.js';
import { settle } from './objects.js';
import { cached } from './statements.js';

export class SqliteRetractions implements RetractionRepository {
  constructor(private readonly db: BetterSqlite3.Database) {}

  add(rows: readonly RetractionRow[]): Promise<number> {
    return settle(() => this.db.transaction(() => {
      const insert = cached(this.db, `INSERT INTO retractions (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`);
      let added = 0;
      for (const r of rows) {
        added += insert.run(...retractionValues(r)).changes;
      }
      return added;
    }).immediate());
  }

  update(rows: readonly RetractionUpdate[]): Promise<void> {
    return settle(() => this.db.transaction(() => {
      const update = cached(this.db, 'UPDATE retractions SET state = ?, outcome = ?, applied_at = ?, receipt_id = ? WHERE id = ?');
      for (const r of rows) update.run(r.state, r.outcome, r.appliedAt, r.receiptId, r.id);
    }).immediate());
  }

  get(ids: readonly string[]): Promise<RetractionRow[]> {
    return settle(() => (cached(this.db, `SELECT ${COLUMNS} FROM retractions WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`)
      .all(JSON.stringify(ids)) as RetractionDbRow[]).map(retractionRow));
  }

  naming(shareIds: readonly string[], objectIds: readonly string[]): Promise<RetractionRow[]> {
    return settle(() => (cached(this.db, `SELECT ${COLUMNS} FROM retractions WHERE share_id IN (SELECT value FROM json_each(?))
                                          UNION SELECT ${COLUMNS} FROM retractions WHERE object_id IN (SELECT value FROM json_each(?)) ORDER BY id`)
      .all(JSON.stringify(shareIds), JSON.stringify(objectIds)) as RetractionDbRow[]).map(retractionRow));
  }

  list(q: RetractionListQuery): Promise<RetractionRow[]> {
    return settle(() => {
      const where = [...(q.sharer !== undefined ? ['sharer = ?'] : []), ...(q.state !== undefined ? ['state = ?'] : [])];
      return (this.db.prepare(`SELECT ${COLUMNS} FROM retractions ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created DESC, id DESC LIMIT ?`)
        .all(...[...(q.sharer !== undefined ? [q.sharer] : []), ...(q.state !== undefined ? [q.state] : []), q.limit]) as RetractionDbRow[]).map(retractionRow);
    });
  }

  unreceipted(self: string, limit: number): Promise<RetractionRow[]> {
    return settle(() => (cached(this.db, `SELECT ${COLUMNS} FROM retractions WHERE state = 'applied' AND receipt_id IS NULL AND sharer <> ? ORDER BY created, id LIMIT ?`)
      .all(self, limit) as RetractionDbRow[]).map(retractionRow));
  }

  addReceipts(rows: readonly ReceiptRow[]): Promise<number> {
    return settle(() => this.db.transaction(() => {
      const insert = cached(this.db, `INSERT INTO retraction_receipts (retraction_id, member, receipt_id, applied_at, outcome) VALUES (?, ?, ?, ?, ?)
                                      ON CONFLICT (retraction_id, member) DO NOTHING`);
      let added = 0;
      for (const r of rows) added += insert.run(r.retractionId, r.member, r.receiptId, r.appliedAt, r.outcome).changes;
      return added;
    }).immediate());
  }

  receipts(retractionIds: readonly string[]): Promise<ReceiptRow[]> {
    return settle(() => (cached(this.db, `SELECT retraction_id, member, receipt_id, applied_at, outcome FROM retraction_receipts
                                          WHERE retraction_id IN (SELECT value FROM json_each(?)) ORDER BY retraction_id, member`)
      .all(JSON.stringify(retractionIds)) as ReceiptDbRow[])
      .map(receiptOf));
  }
}
