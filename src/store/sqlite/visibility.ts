// The share index and the visibility table in SQLite (visibility.port.ts). Writes that stamp run
// in one IMMEDIATE transaction, as object writes do (objects.ts): SQLite's single write lock is
// taken before anything is read, so visibility stamps and date_added stamps come from one clock
// (node_clock), in commit order.
import type BetterSqlite3 from 'better-sqlite3';
import { nextStamp, nowMicros } from '../clock.js';
import type { StoredObject } from '../port.js';
import { newPairs, pairKey, planShares, settleDiff, sourcesOf } from '../visibility-plan.js';
import type {
  SettleResult, SharePage, SharePutOutcome, ShareRepository, ShareRow, VisibilityEntry, VisibilityPlan, VisibilityRepository, VisibilitySnapshot,
} from '../visibility.port.js';
import { settle as promised } from './objects.js';
import { cached } from './statements.js';

interface ShareDbRow {
  id: string; object_id: string; object_version: string | null; object_hash: string; sharer: string;
  record_added: number; policy: string; state: ShareRow['state']; reason: string | null;
}

const SHARE_COLUMNS = 'id, object_id, object_version, object_hash, sharer, record_added, policy, state, reason';

function shareRow(r: ShareDbRow): ShareRow {
  return {
    id: r.id, objectId: r.object_id, objectVersion: r.object_version, objectHash: r.object_hash, sharer: r.sharer,
    recordAdded: r.record_added, policy: r.policy, state: r.state, reason: r.reason,
  };
}

/** Stored versions as objects.ts hands them out. */
interface ObjectDbRow {
  added: number; id: string; type: string; spec_version: string; version: string; hash: string; json: string;
  latest: number; first: number; revoked: number;
}

function storedObject(r: ObjectDbRow): StoredObject {
  return {
    added: r.added, id: r.id, type: r.type, specVersion: r.spec_version, version: r.version, hash: r.hash, json: r.json,
    latest: r.latest === 1, first: r.first === 1, revoked: r.revoked === 1,
  };
}

export class SqliteShares implements ShareRepository {
  private readonly writeBatch;

  constructor(private readonly db: BetterSqlite3.Database) {
    this.writeBatch = db.transaction((rows: readonly ShareRow[]) => this.putLocked(rows));
  }

  put(rows: readonly ShareRow[]): Promise<SharePutOutcome[]> {
    if (rows.length === 0) return Promise.resolve([]);
    return promised(() => this.writeBatch.immediate(rows));
  }

  private putLocked(rows: readonly ShareRow[]): SharePutOutcome[] {
    const existing = new Map(this.byIds(rows.map((r) => r.id)).map((r) => [r.id, r] as const));
    const plan = planShares(existing, rows);
    const upsert = cached(this.db, 
      `INSERT INTO shares (${SHARE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET policy = excluded.policy, state = excluded.state, reason = excluded.reason`,
    );
    for (const r of plan.writes) upsert.run(r.id, r.objectId, r.objectVersion, r.objectHash, r.sharer, r.recordAdded, r.policy, r.state, r.reason);
    return plan.outcomes;
  }

  private byIds(ids: readonly string[]): ShareRow[] {
    return (cached(this.db, `SELECT ${SHARE_COLUMNS} FROM shares WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`)
      .all(JSON.stringify(ids)) as ShareDbRow[]).map(shareRow);
  }

  get(ids: readonly string[]): Promise<ShareRow[]> {
    return promised(() => this.byIds(ids));
  }

  forObject(objectId: string): Promise<ShareRow[]> {
    return promised(() => (cached(this.db, `SELECT ${SHARE_COLUMNS} FROM shares WHERE object_id = ? ORDER BY id`).all(objectId) as ShareDbRow[]).map(shareRow));
  }

  named(objectIds: readonly string[]): Promise<string[]> {
    return promised(() => (cached(this.db, 'SELECT DISTINCT object_id AS id FROM shares WHERE object_id IN (SELECT value FROM json_each(?)) ORDER BY object_id')
      .all(JSON.stringify(objectIds)) as { id: string }[]).map((r) => r.id));
  }

  objectIds(after: string, limit: number): Promise<string[]> {
    return promised(() => (cached(this.db, 'SELECT DISTINCT object_id AS id FROM shares WHERE object_id > ? ORDER BY object_id LIMIT ?')
      .all(after, limit) as { id: string }[]).map((r) => r.id));
  }

  quarantined(after: string, limit: number): Promise<SharePage> {
    return promised(() => {
      const rows = (cached(this.db, `SELECT ${SHARE_COLUMNS} FROM shares WHERE state = 'quarantined' AND id > ? ORDER BY id LIMIT ?`)
        .all(after, limit + 1) as ShareDbRow[]).map(shareRow);
      const more = rows.length > limit;
      if (more) rows.pop();
      return { items: rows, more };
    });
  }
}

export class SqliteVisibility implements VisibilityRepository {
  private readonly selectClock;
  private readonly updateClock;
  private readonly insertPair;
  private readonly deletePair;
  private readonly grantBatch;
  private readonly revokeBatch;
  private readonly settleBatch;

  constructor(private readonly db: BetterSqlite3.Database) {
    this.selectClock = db.prepare<[], { last_added: number }>('SELECT last_added FROM node_clock WHERE id = 1');
    this.updateClock = db.prepare<[number]>('UPDATE node_clock SET last_added = ? WHERE id = 1');
    this.insertPair = db.prepare<[string, number, number]>('INSERT INTO visibility (member_id, stamp, object_added) VALUES (?, ?, ?)');
    this.deletePair = db.prepare<[string, number]>('DELETE FROM visibility WHERE member_id = ? AND object_added = ?');
    this.grantBatch = db.transaction((entries: readonly VisibilityEntry[]) => this.grantLocked(entries));
    this.revokeBatch = db.transaction((entries: readonly VisibilityEntry[]) => entries.reduce((n, e) => n + this.deletePair.run(e.member, e.objectAdded).changes, 0));
    this.settleBatch = db.transaction((ids: readonly string[], decide: (s: VisibilitySnapshot) => VisibilityPlan) => this.settleLocked(ids, decide));
  }

  grant(entries: readonly VisibilityEntry[]): Promise<number> {
    if (entries.length === 0) return Promise.resolve(0);
    return promised(() => this.grantBatch.immediate(entries));
  }

  revoke(entries: readonly VisibilityEntry[]): Promise<number> {
    if (entries.length === 0) return Promise.resolve(0);
    return promised(() => this.revokeBatch.immediate(entries));
  }

  of(objectAdded: number): Promise<string[]> {
    return promised(() => (cached(this.db, 'SELECT member_id FROM visibility WHERE object_added = ? ORDER BY member_id').all(objectAdded) as { member_id: string }[])
      .map((r) => r.member_id));
  }

  settle(objectIds: readonly string[], decide: (snapshot: VisibilitySnapshot) => VisibilityPlan): Promise<SettleResult> {
    if (objectIds.length === 0) return Promise.resolve({ versions: 0, granted: 0, revoked: 0 });
    return promised(() => this.settleBatch.immediate(objectIds, decide));
  }

  noteSources(entries: readonly VisibilityEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return promised(() => this.db.transaction(() => {
      const insert = cached(this.db, 'INSERT INTO received_from (object_added, member) VALUES (?, ?) ON CONFLICT DO NOTHING');
      for (const e of entries) insert.run(e.objectAdded, e.member);
    }).immediate());
  }

  /** Runs inside the write lock: the current rows of these versions. */
  private rowsOf(versions: readonly number[]): VisibilityEntry[] {
    return (cached(this.db, 'SELECT member_id, object_added FROM visibility WHERE object_added IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(versions)) as { member_id: string; object_added: number }[]).map((r) => ({ member: r.member_id, objectAdded: r.object_added }));
  }

  /** Runs inside the write lock: the stored ones among these versions. */
  private storedOf(versions: readonly number[]): Set<number> {
    return new Set((cached(this.db, 'SELECT added FROM objects WHERE added IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(versions)) as { added: number }[]).map((r) => r.added));
  }

  /** Runs inside the write lock: adds the new pairs of stored versions with fresh stamps. */
  private grantLocked(entries: readonly VisibilityEntry[]): number {
    const stored = this.storedOf([...new Set(entries.map((e) => e.objectAdded))]);
    const held = new Set(this.rowsOf([...stored]).map(pairKey));
    return this.insertStamped(newPairs(entries.filter((e) => stored.has(e.objectAdded)), held));
  }

  /** Runs inside the write lock: inserts pairs, each with the next stamp of the node clock. */
  private insertStamped(pairs: readonly VisibilityEntry[]): number {
    if (pairs.length === 0) return 0;
    let last = this.selectClock.get()?.last_added ?? 0;
    const now = nowMicros();
    for (const p of pairs) {
      last = nextStamp(last, now);
      this.insertPair.run(p.member, last, p.objectAdded);
    }
    this.updateClock.run(last);
    return pairs.length;
  }

  /** Runs inside the write lock: reads, decides and writes one settle (see the port). */
  private settleLocked(objectIds: readonly string[], decide: (s: VisibilitySnapshot) => VisibilityPlan): SettleResult {
    const ids = JSON.stringify([...new Set(objectIds)]);
    const versions = (cached(this.db, `SELECT added, id, type, spec_version, version, hash, json, latest, first, revoked
      FROM objects WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id, vsort, added`).all(ids) as ObjectDbRow[]).map(storedObject);
    const shares = (cached(this.db, `SELECT ${SHARE_COLUMNS} FROM shares WHERE object_id IN (SELECT value FROM json_each(?)) ORDER BY id`)
      .all(ids) as ShareDbRow[]).map(shareRow);
    const records = this.storedOf(shares.map((s) => s.recordAdded));
    const settled = new Set([...versions.map((v) => v.added), ...records]);
    const sources = sourcesOf((cached(this.db, 'SELECT object_added, member FROM received_from WHERE object_added IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(versions.map((v) => v.added))) as { object_added: number; member: string }[]).map((r) => ({ objectAdded: r.object_added, member: r.member })));
    const plan = decide({ versions, shares, settled, sources });
    const diff = settleDiff(settled, records, this.rowsOf([...settled]), plan);
    for (const e of diff.revoke) this.deletePair.run(e.member, e.objectAdded);
    const granted = this.insertStamped(diff.grant);
    return { versions: settled.size, granted, revoked: diff.revoke.length };
  }
}
