// The registry's tables in PostgreSQL: the shared repositories (asset-sql.ts) on this pool, with
// the `?` placeholders numbered as pg wants them.
import type { Pool } from 'pg';
import { SqlAlerts, SqlAssets, type AssetDb } from '../asset-sql.js';
import { SqlDetections } from '../detection-sql.js';
import { inTransaction } from './transaction.js';

function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** The pool as the shared SQL repositories (asset-sql.ts, observation-sql.ts) use it. */
export function pgAssetDb(pool: Pool): AssetDb {
  return {
    query: async <T>(sql: string, params: readonly unknown[]) => (await pool.query(numbered(sql), [...params])).rows as T[],
    batch: (statements) => inTransaction(pool, async (client) => {
      const changed: number[] = [];
      for (const s of statements) changed.push((await client.query(numbered(s.sql), [...s.params])).rowCount ?? 0);
      return changed;
    }),
    isUniqueViolation: (err) => (err as { code?: unknown }).code === '23505',
  };
}

export const pgAssets = (pool: Pool): SqlAssets => new SqlAssets(pgAssetDb(pool));
export const pgAlerts = (pool: Pool): SqlAlerts => new SqlAlerts(pgAssetDb(pool));
export const pgDetections = (pool: Pool): SqlDetections => new SqlDetections(pgAssetDb(pool));
