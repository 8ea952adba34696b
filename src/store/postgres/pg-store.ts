// The PostgreSQL store, for a member whose node outgrows SQLite: one database shared by several
// stateless `accord serve` processes. Each process keeps a small pool of connections; all
// coordination between processes happens in the database (advisory locks, see objects.ts and
// migrations.ts), never in memory.
import pg from 'pg';
import { AccordError, isAccordError } from '../../stix/index.js';
import type { ExclusiveLease, ExclusiveRole, MetaRepository, Store, StoreWatch } from '../port.js';
import type { AlertRepository, AssetRepository } from '../assets.port.js';
import type { DetectionRepository } from '../detections.port.js';
import { ROLE_LOCKS } from './advisory-locks.js';
import { PgAudit } from './audit.js';
import { PgCollections, PgStatuses } from './collections.js';
import { PgSessions, PgTokens, PgUsers } from './identity.js';
import { migrate } from './migrations.js';
import { PgObjects } from './objects.js';
import { PgFeeds } from './feeds.js';
import { PgPublications } from './publications.js';
import { PgRetractions } from './retractions.js';
import { pgAlerts, pgAssetDb, pgAssets, pgDetections } from './assets.js';
import { SqlObservations } from '../observation-sql.js';
import type { ObservationRepository } from '../observations.port.js';
import { PgSavedExports } from './exports.js';
import { PgShares, PgVisibility } from './visibility.js';

export interface PostgresOptions {
  /** Connections this process may hold at once (default 10). */
  readonly poolSize?: number;
}

/** How long a failed LISTEN connection waits before another is opened. */
const WATCH_RECONNECT_MS = 1000;

/** Opens the PostgreSQL store at `url` (postgres://…) and brings its schema up to date. */
export async function openPostgresStore(url: string, options: PostgresOptions = {}): Promise<Store> {
  const location = describeUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, application_name: 'accord', keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
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
  readonly feeds: PgFeeds;
  readonly retractions: PgRetractions;
  readonly savedExports: PgSavedExports;
  readonly assets: AssetRepository;
  readonly alerts: AlertRepository;
  readonly detections: DetectionRepository;
  readonly observations: ObservationRepository;
  readonly meta: PgMeta;
  private closed = false;
  /** How to give back each connection held for an exclusive role's lock or a watch (close() does it). */
  private readonly leases = new Set<() => Promise<void>>();

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
    this.feeds = new PgFeeds(pool);
    this.retractions = new PgRetractions(pool);
    this.savedExports = new PgSavedExports(pool);
    this.assets = pgAssets(pool);
    this.alerts = pgAlerts(pool);
    this.detections = pgDetections(pool);
    this.observations = new SqlObservations(pgAssetDb(pool));
    this.meta = new PgMeta(pool);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async exclusive(name: ExclusiveRole): Promise<ExclusiveLease | undefined> {
    // A connection of its own, kept for as long as the role is held: the session lock lives and dies with it.
    const client = await this.pool.connect();
    let lose: (reason: string) => void = () => undefined;
    const lost = new Promise<string>((resolve) => (lose = resolve));
    let broken = false;
    // The connection may fail while held (a server restart, a terminated backend, a network cut):
    // the server then frees the lock, so the role is lost. Without a listener the error would be
    // an uncaught exception and stop the whole node.
    const onError = (e: Error): void => {
      broken = true;
      lose(`the connection holding the ${name} role failed: ${e.message}`);
    };
    client.on('error', onError);
    let held = false;
    try {
      // If this host vanishes without closing the connection (power loss, a partition), the server
      // notices within about 25 s by its TCP keepalives and frees the lock for another process.
      await client.query('SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3');
      held = (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [ROLE_LOCKS[name]])).rows[0]?.ok === true;
    } finally {
      if (!held) {
        client.off('error', onError);
        client.release(broken ? true : undefined);
      }
    }
    if (!held) return undefined;
    let released = false;
    const release = async (): Promise<void> => {
      if (released) return;
      released = true;
      this.leases.delete(release);
      lose('released');
      try {
        if (broken) throw new Error('connection failed');
        // Unlocked before the connection goes back, so another process may take the role at once.
        await client.query('SELECT pg_advisory_unlock($1::bigint)', [ROLE_LOCKS[name]]);
        client.off('error', onError);
        client.release();
      } catch (e) {
        client.off('error', onError);
        client.release(e instanceof Error ? e : true); // a broken connection is dropped, and its lock with it
      }
    };
    this.leases.add(release);
    return { release, lost };
  }

  async watch(listener: (lastAdded: number) => void): Promise<StoreWatch> {
    // A connection of its own that LISTENs; migration 7's trigger NOTIFYs at each commit that
    // advances the clock. When that connection fails, another is opened (every retryMs until one
    // works) and the listener called once, since changes made meanwhile were not announced.
    const retryMs = WATCH_RECONNECT_MS;
    const onNotification = (msg: pg.Notification): void => {
      if (msg.channel === 'accord_changes') listener(Number(msg.payload));
    };
    let stopped = false;
    let current: pg.PoolClient | undefined;
    let timer: NodeJS.Timeout | undefined;
    const listen = async (): Promise<pg.PoolClient> => {
      const client = await this.pool.connect();
      const onError = (): void => {
        client.off('notification', onNotification);
        client.off('error', onError);
        client.release(true);
        if (current === client) current = undefined;
        if (!stopped) timer = setTimeout(() => void reconnect(), retryMs);
      };
      client.on('error', onError);
      client.on('notification', onNotification);
      try {
        await client.query('LISTEN accord_changes');
      } catch (e) {
        client.off('notification', onNotification);
        client.off('error', onError);
        client.release(true);
        throw e;
      }
      return client;
    };
    const reconnect = async (): Promise<void> => {
      if (stopped) return;
      try {
        current = await listen();
        if (stopped) await stop();
        else listener(0);
      } catch {
        if (!stopped) timer = setTimeout(() => void reconnect(), retryMs);
      }
    };
    current = await listen();
    const stop = async (): Promise<void> => {
      stopped = true;
      clearTimeout(timer);
      this.leases.delete(stop);
      const client = current;
      current = undefined;
      if (client === undefined) return;
      client.off('notification', onNotification);
      client.removeAllListeners('error');
      client.on('error', () => undefined);
      try {
        await client.query('UNLISTEN accord_changes');
        client.release();
      } catch (e) {
        client.release(e instanceof Error ? e : true);
      }
    };
    this.leases.add(stop);
    return { stop };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.leases].map((giveBack) => giveBack()));
    await this.pool.end();
  }
}
