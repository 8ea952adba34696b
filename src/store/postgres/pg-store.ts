// The PostgreSQL store, for a member whose node outgrows SQLite: one database shared by several
// stateless `accord serve` processes. Each process keeps a small pool of connections; all
// coordination between processes happens in the database (advisory locks, see objects.ts and
// migrations.ts), never in memory.
import pg from 'pg';
import { AccordError, isAccordError } from '../../stix/index.js';
import type { MetaRepository, Store } from '../port.js';
import { PgAudit } from './audit.js';
import { PgCollections, PgStatuses } from './collections.js';
import { PgSessions, PgTokens, PgUsers } from './identity.js';
import { migrate } from './migrations.js';
import { PgObjects } from './objects.js';
import { PgPublications } from './publications.js';
import { PgShares, PgVisibility } from './visibility.js';

export interface PostgresOptions {
  /** Connections this process may hold at once (default 10). */
  readonly poolSize?: number;
}

/** Opens the PostgreSQL store at `url` (postgres://…) and brings its schema up to date. */
export async function openPostgresStore(url: string, options: PostgresOptions = {}): Promise<Store> {
  const location = describeUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, application_name: 'accord' });
  // An idle pooled connection that dies (server restart, a terminated backend) is reported here
  // and dropped by the pool; the next query opens a fresh one and reports its own error, if any.
  // Without a listener Node would treat the event as an uncaught exception and stop the node.
  pool.on('error', () => undefined);
  try {
    await migrate(pool);
  } catch (e) {
    await pool.end();
    if (isAccordError(e)) throw e;
    throw new AccordError('unavailable', 'store.open-failed', `cannot open the PostgreSQL store at ${location}: ${(e as Error).message}`, undefined, { cause: e });
  }
  return new PgStore(pool, location);
}

/** The database's address for logs: user, host, port and database name; never a password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    const user = u.username === '' ? '' : `${decodeURIComponent(u.username)}@`;
    const host = u.host === '' ? '(local socket)' : u.host;
    return `postgres://${user}${host}${u.pathname}`;
  } catch {
    return 'postgres (unparsable connection string)';
  }
}

class PgMeta implements MetaRepository {
  constructor(private readonly pool: pg.Pool) {}

  async get(key: string): Promise<string | undefined> {
    const res = await this.pool.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [key]);
    return res.rows[0]?.value;
  }

  async set(key: string, value: string): Promise<void> {
    await this.pool.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }
}

class PgStore implements Store {
  readonly kind = 'postgres';
  readonly objects: PgObjects;
  readonly users: PgUsers;
  readonly tokens: PgTokens;
  readonly sessions: PgSessions;
  readonly audit: PgAudit;
  readonly collections: PgCollections;
  readonly statuses: PgStatuses;
  readonly shares: PgShares;
  readonly visibility: PgVisibility;
  readonly publications: PgPublications;
  readonly meta: PgMeta;
  private closed = false;

  constructor(private readonly pool: pg.Pool, readonly location: string) {
    this.objects = new PgObjects(pool);
    this.users = new PgUsers(pool);
    this.tokens = new PgTokens(pool);
    this.sessions = new PgSessions(pool);
    this.audit = new PgAudit(pool);
    this.collections = new PgCollections(pool);
    this.statuses = new PgStatuses(pool);
    this.shares = new PgShares(pool);
    this.visibility = new PgVisibility(pool);
    this.publications = new PgPublications(pool);
    this.meta = new PgMeta(pool);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
