// The embedded default store: one SQLite file in the node's data folder, WAL mode, zero
// configuration. better-sqlite3 is synchronous; the port is async so callers do not care.
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { AccordError } from '../../stix/index.js';
import type { ExclusiveLease, ExclusiveRole, MetaRepository, Store, StoreWatch } from '../port.js';
import type { AlertRepository, AssetRepository } from '../assets.port.js';
import type { DetectionRepository } from '../detections.port.js';
import { SqliteAudit } from './audit.js';
import { SqliteCollections, SqliteStatuses } from './collections.js';
import { SqliteSessions, SqliteTokens, SqliteUsers } from './identity.js';
import type { Migration } from '../migration.js';
import { sqliteMigrations } from './migrations.js';
import { settle, SqliteObjects } from './objects.js';
import { SqliteFeeds } from './feeds.js';
import { SqlitePublications } from './publications.js';
import { SqliteRetractions } from './retractions.js';
import { sqliteAlerts, sqliteAssetDb, sqliteAssets, sqliteDetections } from './assets.js';
import { SqlObservations } from '../observation-sql.js';
import type { ObservationRepository } from '../observations.port.js';
import { SqliteSavedExports } from './exports.js';
import { SqliteShares, SqliteVisibility } from './visibility.js';
import { cached } from './statements.js';

export interface SqliteOptions {
  /** `full` (default) syncs every commit to disk: an acknowledged write survives a power cut. */
  readonly synchronous?: 'full' | 'normal';
}

/** Opens (creating if needed) the SQLite store at `file` and brings its schema up to date. */
export function openSqliteStore(file: string, options: SqliteOptions = {}): Store {
  // A folder the store creates holds the node's data: only the node's user may enter it.
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (e) {
    throw new AccordError('unavailable', 'store.open-failed', `cannot open the SQLite store at ${file}: ${(e as Error).message}`, undefined, { cause: e });
  }
  // 16 KiB pages (set before WAL, effective for a new file only): rows of a few hundred bytes of
  // JSON and their index entries split pages less often; measured ~10 % faster imports at 1M.
  db.pragma('page_size = 16384');
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.pragma('busy_timeout = 15000');
  db.pragma('foreign_keys = ON');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  migrate(db, sqliteMigrations);
  return new SqliteStore(db, file);
}

function migrate(db: Database.Database, migrations: readonly Migration[]): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = (db.prepare('SELECT coalesce(max(version), 0) AS v FROM schema_migrations').get() as { v: number }).v;
  const known = migrations.at(-1)?.version ?? 0;
  if (applied > known) {
    throw new AccordError('unavailable', 'store.schema-too-new',
      `the store's schema is version ${applied} but this Accord knows only up to ${known}; upgrade Accord (never downgrade over newer data)`);
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of migrations) {
    if (m.version <= applied) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    }).immediate();
  }
}

class SqliteMeta implements MetaRepository {
  constructor(private readonly db: Database.Database) {}

  get(key: string): Promise<string | undefined> {
    return settle(() => (cached(this.db, 'SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value);
  }

  set(key: string, value: string): Promise<void> {
    return settle(() => {
      cached(this.db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
    });
  }
}

class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly objects: SqliteObjects;
  readonly users: SqliteUsers;
  readonly tokens: SqliteTokens;
  readonly sessions: SqliteSessions;
  readonly audit: SqliteAudit;
  readonly collections: SqliteCollections;
  readonly statuses: SqliteStatuses;
  readonly shares: SqliteShares;
  readonly visibility: SqliteVisibility;
  readonly publications: SqlitePublications;
  readonly feeds: SqliteFeeds;
  readonly retractions: SqliteRetractions;
  readonly savedExports: SqliteSavedExports;
  readonly assets: AssetRepository;
  readonly alerts: AlertRepository;
  readonly detections: DetectionRepository;
  readonly observations: ObservationRepository;
  readonly meta: SqliteMeta;

  private readonly leases = new Set<ExclusiveLease>();

  constructor(private readonly db: Database.Database, readonly location: string) {
    this.objects = new SqliteObjects(db);
    this.users = new SqliteUsers(db);
    this.tokens = new SqliteTokens(db);
    this.sessions = new SqliteSessions(db);
    this.audit = new SqliteAudit(db);
    this.collections = new SqliteCollections(db);
    this.statuses = new SqliteStatuses(db);
    this.shares = new SqliteShares(db);
    this.visibility = new SqliteVisibility(db);
    this.publications = new SqlitePublications(db);
    this.feeds = new SqliteFeeds(db);
    this.retractions = new SqliteRetractions(db);
    this.savedExports = new SqliteSavedExports(db);
    this.assets = sqliteAssets(db);
    this.alerts = sqliteAlerts(db);
    this.detections = sqliteDetections(db);
    this.observations = new SqlObservations(sqliteAssetDb(db));
    this.meta = new SqliteMeta(db);
  }

  ping(): Promise<void> {
    return settle(() => {
      cached(this.db, 'SELECT 1').get();
    });
  }

  exclusive(name: ExclusiveRole): Promise<ExclusiveLease | undefined> {
    // location is the database file; an in-memory store is this process's alone.
    if (this.location === ':memory:') return Promise.resolve({ release: () => Promise.resolve(), lost: new Promise<string>(() => undefined) });
    return Promise.resolve(takeLockFile(`${this.location}.${name}.lock`, this.leases));
  }

  watch(listener: (lastAdded: number) => void, options: { readonly pollMs?: number } = {}): Promise<StoreWatch> {
    // Other processes write the same file: its clock row is read on an interval (one row).
    let seen: number | undefined;
    const read = (): void => {
      if (!this.db.open) return;
      try {
        const last = (cached(this.db, 'SELECT last_added FROM node_clock WHERE id = 1').get() as { last_added: number }).last_added;
        if (seen !== undefined && last !== seen) listener(last);
        seen = last;
      } catch {
        // busy or closing: the next reading tells
      }
    };
    read();
    const timer = setInterval(read, options.pollMs ?? 250);
    timer.unref();
    return Promise.resolve({ stop: () => Promise.resolve(clearInterval(timer)) });
  }

  close(): Promise<void> {
    for (const lease of [...this.leases]) void lease.release();
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }
}

/**
 * Takes the lock file `path` for this process: created exclusively, holding the process id. A file
 * naming a process that is gone (a crash, kill -9) is stale and taken over; a file naming a live
 * process means the role is held. Two processes taking over one stale file at the same instant
 * may both believe they hold it; for the roles it guards that costs duplicate work, never data.
 */
function takeLockFile(path: string, leases: Set<ExclusiveLease>): ExclusiveLease | undefined {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      let released = false;
      const lease: ExclusiveLease = {
        lost: new Promise<string>(() => undefined),
        release: () => {
          if (released) return Promise.resolve();
          released = true;
          leases.delete(lease);
          try {
            if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
          } catch {
            // gone already
          }
          return Promise.resolve();
        },
      };
      leases.add(lease);
      return lease;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new AccordError('unavailable', 'store.lock-failed', `cannot create the lock file ${path}: ${(e as Error).message}`, undefined, { cause: e });
      }
    }
    let holder = NaN;
    try {
      holder = Number(readFileSync(path, 'utf8').trim());
    } catch {
      continue; // released meanwhile: try again
    }
    if (Number.isInteger(holder) && holder > 0 && processAlive(holder)) return undefined;
    try {
      unlinkSync(path); // stale: its process is gone
    } catch {
      // someone else removed it first
    }
  }
  return undefined;
}

/** Whether a process with this id exists (signal 0 checks without sending anything). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
