// Prepared statements kept per connection and SQL text. better-sqlite3 compiles a statement on
// every prepare(); queries that run per page of a sync (share lookups, visibility settles, meta
// reads) were spending more time compiling than running. A statement is used in one mode only
// (rows as objects): callers that need raw arrays prepare their own.
import type BetterSqlite3 from 'better-sqlite3';

const caches = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/** The connection's statement for `sql`, compiled the first time it is asked for. */
export function cached(db: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement {
  let cache = caches.get(db);
  if (cache === undefined) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (statement === undefined) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}
