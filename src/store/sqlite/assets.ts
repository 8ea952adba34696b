// The registry's tables in SQLite: the shared repositories (asset-sql.ts) on this connection.
import type BetterSqlite3 from 'better-sqlite3';
import { SqlAlerts, SqlAssets, type AssetDb } from '../asset-sql.js';
import { SqlDetections } from '../detection-sql.js';
import { settle } from './objects.js';
import { cached } from './statements.js';

/** The connection as the shared SQL repositories (asset-sql.ts, observation-sql.ts) use it. */
export function sqliteAssetDb(db: BetterSqlite3.Database): AssetDb {
  return {
    query: <T>(sql: string, params: readonly unknown[]) => settle(() => cached(db, sql).all(...params) as T[]),
    batch: (statements) => settle(() => db.transaction(() => statements.map((s) => cached(db, s.sql).run(...s.params).changes)).immediate()),
    isUniqueViolation: (err) => ['SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_CONSTRAINT_UNIQUE'].includes(String((err as { code?: unknown }).code)),
  };
}

export const sqliteAssets = (db: BetterSqlite3.Database): SqlAssets => new SqlAssets(sqliteAssetDb(db));
export const sqliteAlerts = (db: BetterSqlite3.Database): SqlAlerts => new SqlAlerts(sqliteAssetDb(db));
export const sqliteDetections = (db: BetterSqlite3.Database): SqlDetections => new SqlDetections(sqliteAssetDb(db));
