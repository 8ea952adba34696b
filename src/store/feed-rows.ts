// The feed-pull rows as both adapters write and read them (feeds.port.ts): one column list and
// one upsert per table, so that SQLite and PostgreSQL store the same thing.
import type { FeedStateRecord, FeedValueRecord } from './feeds.port.js';

export interface FeedStateDbRow {
  name: string; url: string; etag: string | null; last_modified: string | null; last_attempt: string | null; last_success: string | null;
  error_code: string | null; error_message: string | null; failures: number | string; settings: string | null; pending: number | boolean; outcome: string | null;
}

export interface FeedValueDbRow { value_key: string; created: string; valid_from: string; modified: string; valid_until: string | null; gone_at: string | null }

const STATE = ['name', 'url', 'etag', 'last_modified', 'last_attempt', 'last_success', 'error_code', 'error_message', 'failures', 'settings', 'pending', 'outcome'];
const VALUE = ['feed', 'value_key', 'created', 'valid_from', 'modified', 'valid_until', 'gone_at'];

export const FEED_STATE_COLUMNS = STATE.join(', ');
export const FEED_VALUE_COLUMNS = VALUE.slice(1).join(', ');

/** An upsert of `columns` keyed by `key`, with the adapter's placeholder for the n-th (1-based) parameter. */
function upsert(table: string, columns: readonly string[], key: readonly string[], placeholder: (n: number) => string): string {
  const set = columns.filter((c) => !key.includes(c)).map((c) => `${c} = excluded.${c}`).join(', ');
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => placeholder(i + 1)).join(', ')}) ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${set}`;
}

/** The two upserts in an adapter's placeholder style (`?` or `$n`). */
export function feedUpserts(placeholder: (n: number) => string): { state: string; value: string } {
  return { state: upsert('feed_state', STATE, ['name'], placeholder), value: upsert('feed_values', VALUE, ['feed', 'value_key'], placeholder) };
}

export function feedStateOf(r: FeedStateDbRow): FeedStateRecord {
  return {
    name: r.name, url: r.url, etag: r.etag, lastModified: r.last_modified, lastAttempt: r.last_attempt, lastSuccess: r.last_success,
    errorCode: r.error_code, errorMessage: r.error_message, failures: Number(r.failures), settings: r.settings, pending: Boolean(r.pending), outcome: r.outcome,
  };
}

export function feedValueOf(r: FeedValueDbRow): FeedValueRecord {
  return { key: r.value_key, created: r.created, validFrom: r.valid_from, modified: r.modified, validUntil: r.valid_until, goneAt: r.gone_at };
}

/** A state's values in column order; `pending` as the adapter stores booleans. */
export function feedStateValues(s: FeedStateRecord, bool: (b: boolean) => unknown): unknown[] {
  return [s.name, s.url, s.etag, s.lastModified, s.lastAttempt, s.lastSuccess, s.errorCode, s.errorMessage, s.failures, s.settings, bool(s.pending), s.outcome];
}

/** A value row's values in column order, for feed `feed`. */
export function feedValueValues(feed: string, v: FeedValueRecord): unknown[] {
  return [feed, v.key, v.created, v.validFrom, v.modified, v.validUntil, v.goneAt];
}
