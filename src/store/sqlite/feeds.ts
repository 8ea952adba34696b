// Feed-pull state in SQLite (feeds.port.ts).
import type BetterSqlite3 from 'better-sqlite3';
import { FEED_STATE_COLUMNS, FEED_VALUE_COLUMNS, feedStateOf, feedStateValues, feedUpserts, feedValueOf, feedValueValues, type FeedStateDbRow, type FeedValueDbRow } from '../feed-rows.js';
import type { FeedRepository, FeedStateRecord, FeedValueRecord } from '../feeds.port.js';
import { settle } from './objects.js';
import { cached } from './statements.js';

const UPSERT = feedUpserts(() => '?');

export class SqliteFeeds implements FeedRepository {
  constructor(private readonly db: BetterSqlite3.Database) {}

  state(name: string): Promise<FeedStateRecord | undefined> {
    return settle(() => {
      const r = cached(this.db, `SELECT ${FEED_STATE_COLUMNS} FROM feed_state WHERE name = ?`).get(name) as FeedStateDbRow | undefined;
      return r === undefined ? undefined : feedStateOf(r);
    });
  }

  states(): Promise<FeedStateRecord[]> {
    return settle(() => (cached(this.db, `SELECT ${FEED_STATE_COLUMNS} FROM feed_state ORDER BY name`).all() as FeedStateDbRow[]).map(feedStateOf));
  }

  saveState(state: FeedStateRecord): Promise<void> {
    return settle(() => {
      cached(this.db, UPSERT.state).run(...feedStateValues(state, (b) => (b ? 1 : 0)));
    });
  }

  values(name: string): Promise<FeedValueRecord[]> {
    return settle(() => (cached(this.db, `SELECT ${FEED_VALUE_COLUMNS} FROM feed_values WHERE feed = ? ORDER BY value_key`).all(name) as FeedValueDbRow[]).map(feedValueOf));
  }

  saveValues(state: FeedStateRecord, values: readonly FeedValueRecord[]): Promise<void> {
    return settle(() => this.db.transaction(() => {
      const insert = cached(this.db, UPSERT.value);
      for (const v of values) insert.run(...feedValueValues(state.name, v));
      cached(this.db, UPSERT.state).run(...feedStateValues(state, (b) => (b ? 1 : 0)));
    }).immediate());
  }
}
