// Test stores: a fresh SQLite store in a temporary folder, or a fresh PostgreSQL database on the
// server named by DATABASE_URL (the test fails when it is not set: PostgreSQL tests never skip),
// removed when the test is done.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, prepareValue, type PutOutcome, type Store } from '../../src/store/index.js';
import { createTestDatabase } from '../../src/store/postgres/test-support/database.js';

export interface TempStore {
  readonly store: Store;
  readonly dir: string;
  dispose(): Promise<void>;
}

/** Opens an empty SQLite store in a new temporary folder. */
export async function tempSqliteStore(): Promise<TempStore> {
  const dir = mkdtempSync(join(tmpdir(), 'accord-test-'));
  const store = await openStore(`sqlite:${join(dir, 'accord.db')}`);
  return {
    store,
    dir,
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Opens an empty PostgreSQL store in a new database on the DATABASE_URL server (throws when it is not set). */
export async function tempPostgresStore(): Promise<Omit<TempStore, 'dir'>> {
  const db = await createTestDatabase();
  let store: Store;
  try {
    store = await openStore(db.url);
  } catch (e) {
    await db.drop();
    throw e;
  }
  return {
    store,
    dispose: async () => {
      await store.close();
      await db.drop();
    },
  };
}

/** Validates and stores objects; fails the test if any is invalid. */
export async function putObjects(store: Store, objects: readonly Record<string, unknown>[]): Promise<PutOutcome[]> {
  const prepared = objects.map((o) => {
    const { object, issues } = prepareValue(o, { resolveExtensionDefinition: () => undefined });
    if (object === undefined) throw new Error(`test object ${String(o.id)} is invalid: ${JSON.stringify(issues)}`);
    return object;
  });
  return store.objects.put(prepared);
}
