// Throwaway databases for the PostgreSQL tests: each test gets a fresh database on the server
// named by DATABASE_URL, dropped afterwards, so test files run in parallel without sharing
// state. Without DATABASE_URL the tests fail (never skip): CI always provides a server
// (.ci/start-postgres.sh prints the export line).
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server to test against; throws a clear error when DATABASE_URL is not set. */
export function serverUrl(): string {
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') {
    throw new Error(
      'DATABASE_URL is not set: the PostgreSQL store tests need a PostgreSQL server. ' +
      'Start one with `eval "$(.ci/start-postgres.sh)"` (or export DATABASE_URL=postgres://user@host:port/db) and rerun.',
    );
  }
  return url;
}

export interface TestDatabase {
  /** Connection string of the fresh database. */
  readonly url: string;
  /** Runs one statement on it over a connection of its own (for setting up and inspecting). */
  query<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Closes every connection to it and drops it. */
  drop(): Promise<void>;
}

async function once<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  return once(serverUrl(), work);
}

/** Creates an empty database `accord_test_<random>` on the test server. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `accord_test_${randomBytes(8).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    query: <R extends pg.QueryResultRow>(sql: string, params: readonly unknown[] = []) =>
      once(url.toString(), async (c) => (await c.query<R>(sql, [...params])).rows),
    drop: () => admin(async (c) => {
      await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }),
  };
}

/** What a test set up and must undo, undone in reverse order; only what was actually set up. */
export class Cleanup {
  private readonly steps: (() => Promise<void>)[] = [];

  /** Registers `step` and returns `value`, so setting up and registering read as one line. */
  add<T>(value: T, step: (value: T) => Promise<void>): T {
    this.steps.push(() => step(value));
    return value;
  }

  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) await step();
  }
}
