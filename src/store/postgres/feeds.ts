// Feed-pull state in PostgreSQL (feeds.port.ts).
import type { Pool } from 'pg';
import { FEED_STATE_COLUMNS, FEED_VALUE_COLUMNS, feedStateOf, feedStateValues, feedUpserts, feedValueOf, feedValueValues, type FeedStateDbRow, type FeedValueDbRow } from '../feed-rows.js';
import type { FeedRepository, FeedStateRecord, FeedValueRecord } from '../feeds.port.js';
import { inTransaction } from './transaction.js';

const UPSERT = feedUpserts((n) => `$${n}`);

export class PgFeeds implements FeedRepository {
  constructor(private readonly pool: Pool) {}

  async state(name: string): Promise<FeedStateRecord | undefined> {
    const r = (await this.pool.query<FeedStateDbRow>(`SELECT ${FEED_STATE_COLUMNS} FROM feed_state WHERE name = $1`, [name])).rows[0];
    return r === undefined ? undefined : feedStateOf(r);
  }

  async states(): Promise<FeedStateRecord[]> {
    return (await this.pool.query<FeedStateDbRow>(`SELECT ${FEED_STATE_COLUMNS} FROM feed_state ORDER BY name`)).rows.map(feedStateOf);
  }

  async saveState(state: FeedStateRecord): Promise<void> {
    await this.pool.query(UPSERT.state, feedStateValues(state, (b) => b));
  }

  async values(name: string): Promise<FeedValueRecord[]> {
    return (await this.pool.query<FeedValueDbRow>(`SELECT ${FEED_VALUE_COLUMNS} FROM feed_values WHERE feed = $1 ORDER BY value_key`, [name])).rows.map(feedValueOf);
  }

  saveValues(state: FeedStateRecord, values: readonly FeedValueRecord[]): Promise<void> {
    return inTransaction(this.pool, async (client) => {
      for (const v of values) await client.query(UPSERT.value, feedValueValues(state.name, v));
      await client.query(UPSERT.state, feedStateValues(state, (b) => b));
    });
  }
}
