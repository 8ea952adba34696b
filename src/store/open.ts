// Chooses the adapter from the `database` setting. Adapters load lazily, so a node on the
// SQLite default never loads the PostgreSQL driver and the reverse.
import type { Store } from './port.js';

/** Opens the store named by `database` (`sqlite:<file>` or `postgres://…`), migrating it if needed. */
export async function openStore(database: string, options: { readonly sqliteSynchronous?: 'full' | 'normal' } = {}): Promise<Store> {
  if (database.startsWith('postgres://') || database.startsWith('postgresql://')) {
    const { openPostgresStore } = await import('./postgres/pg-store.js');
    return openPostgresStore(database);
  }
  const { openSqliteStore } = await import('./sqlite/sqlite-store.js');
  const file = database.startsWith('sqlite:') ? database.slice('sqlite:'.length) : database;
  return openSqliteStore(file, options.sqliteSynchronous !== undefined ? { synchronous: options.sqliteSynchronous } : {});
}
