// Object versions in SQLite. Every write runs in one IMMEDIATE transaction, which takes
// SQLite's single write lock before anything is read, so the date_added stamps of a batch are
// issued and committed while no other writer (thread or process) can interleave.
import type BetterSqlite3 from 'better-sqlite3';
import { nextStamp, nowMicros, sortableTimestamp } from '../clock.js';
import { facetCounts, facetSql, NO_FACETS, type FacetRow } from '../facets.js';
import { fts5Query } from '../search.js';
import { visibleEdge, visibleInCollection } from '../visibility-plan.js';
import type { BodyPage, FacetCounts, ObjectPage, ObjectQuery, ObjectRepository, ObjectStats, PreparedObject, PutOutcome, RemoveSelection, StoredBody, StoredObject } from '../port.js';
import { planBatch, type PlannedVersion } from '../versioning.js';

/** A row in raw (array) mode, in COLUMNS order: arrays are much cheaper than keyed row objects when paging. */
type ObjectRow = [added: number, id: string, type: string, specVersion: string, version: string, hash: string, json: string, latest: number, first: number, revoked: number];

const COLUMN_LIST = ['added', 'id', 'type', 'spec_version', 'version', 'hash', 'json', 'latest', 'first', 'revoked'] as const;
const COLUMNS = COLUMN_LIST.join(', ');

/** Runs synchronous driver work as a promise, so a failure rejects instead of throwing at the caller. */
export function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}

function present(r: ObjectRow): StoredObject {
  return {
    added: r[0], id: r[1], type: r[2], specVersion: r[3], version: r[4],
    hash: r[5], json: r[6], latest: r[7] === 1, first: r[8] === 1, revoked: r[9] === 1,
  };
}

/** Where a read pages: the whole store, a members collection, or one member's visibility rows. */
function readScope(query: Pick<ObjectQuery, 'visibleTo' | 'collection' | 'ids'>): { from: string; key: string; param: string | undefined; member: boolean } {
  if (query.visibleTo !== undefined) {
    if (query.collection !== undefined) throw visibleInCollection();
    // SQLite's planner prefers the member's stamp order (no sort) even for a read of a few ids,
    // which would then walk all of the member's rows; CROSS JOIN makes it look the ids up first
    // (objects by id, then the member's row by version) and sort the handful it finds.
    const from = query.ids !== undefined
      ? 'objects o CROSS JOIN visibility v ON v.object_added = o.added AND v.member_id = ?'
      : 'visibility v JOIN objects o ON o.added = v.object_added AND v.member_id = ?';
    return { from, key: 'v.stamp', param: query.visibleTo, member: true };
  }
  if (query.collection !== undefined) {
    return { from: 'collection_objects c JOIN objects o ON o.added = c.object_added AND c.collection_id = ?', key: 'c.added', param: query.collection, member: false };
  }
  return { from: 'objects o', key: 'o.added', param: undefined, member: false };
}

export class SqliteObjects implements ObjectRepository {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  private readonly selectClock;
  private readonly updateClock;
  private readonly selectVersions;
  private readonly insertObject;
  private readonly clearLatest;
  private readonly clearFirst;
  private readonly insertLabel;
  private readonly insertMarking;
  private readonly insertText;
  private readonly writeBatch;
  private readonly addMember;
  private readonly removeBatch;

  constructor(private readonly db: BetterSqlite3.Database) {
    this.selectClock = db.prepare<[], { last_added: number }>('SELECT last_added FROM node_clock WHERE id = 1');
    this.updateClock = db.prepare<[number]>('UPDATE node_clock SET last_added = ? WHERE id = 1');
    this.selectVersions = db.prepare<[string], { id: string; added: number; vsort: string; vkey: string; hash: string; revoked: number; latest: number; first: number }>(
      'SELECT id, added, vsort, vkey, hash, revoked, latest, first FROM objects WHERE id IN (SELECT value FROM json_each(?))',
    );
    this.insertObject = db.prepare(
      `INSERT INTO objects (added, id, type, spec_version, version, vsort, vkey, revoked, latest, first, created_by, hash, json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.clearLatest = db.prepare<[number]>('UPDATE objects SET latest = 0 WHERE added = ?');
    this.clearFirst = db.prepare<[number]>('UPDATE objects SET first = 0 WHERE added = ?');
    this.insertLabel = db.prepare<[string, number]>('INSERT OR IGNORE INTO object_labels (label, added) VALUES (?, ?)');
    this.insertMarking = db.prepare<[string, number]>('INSERT OR IGNORE INTO object_markings (marking, added) VALUES (?, ?)');
    this.insertText = db.prepare<[number, string]>('INSERT INTO object_text (rowid, body) VALUES (?, ?)');
    this.addMember = db.prepare<[string, number, number]>('INSERT OR IGNORE INTO collection_objects (collection_id, added, object_added) VALUES (?, ?, ?)');
    this.writeBatch = db.transaction((batch: readonly PreparedObject[], collection: string | undefined) => this.writeLocked(batch, collection));
    this.removeBatch = db.transaction((selection: RemoveSelection) => this.removeLocked(selection));
  }

  put(batch: readonly PreparedObject[], options: { readonly collection?: string } = {}): Promise<PutOutcome[]> {
    if (batch.length === 0) return Promise.resolve([]);
    return settle(() => this.writeBatch.immediate(batch, options.collection));
  }

  remove(selection: RemoveSelection): Promise<number> {
    if (selection.ids.length === 0) return Promise.resolve(0);
    return settle(() => this.removeBatch.immediate(selection));
  }

  /** Runs inside the write lock: removes the selected versions from a collection or from the store. */
  private removeLocked(sel: RemoveSelection): number {
    const where = ['o.id IN (SELECT value FROM json_each(?))'];
    const params: string[] = [JSON.stringify(sel.ids)];
    if (sel.specVersions !== undefined) {
      where.push('o.spec_version IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(sel.specVersions));
    }
    if (sel.versionTimestamps !== undefined) {
      where.push('o.vsort IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(sel.versionTimestamps.map(sortableTimestamp)));
    } else if (sel.versions === 'last' || sel.versions === 'first') {
      where.push(sel.versions === 'first' ? 'o.first = 1' : 'o.latest = 1');
    }
    const selected = `SELECT o.added FROM objects o WHERE ${where.join(' AND ')}`;
    if (sel.collection !== undefined) {
      return this.db.prepare(`DELETE FROM collection_objects WHERE collection_id = ? AND object_added IN (${selected})`).run(sel.collection, ...params).changes;
    }
    const doomed = this.db.prepare(`SELECT o.added AS added, o.id AS id FROM objects o WHERE ${where.join(' AND ')}`).all(...params) as { added: number; id: string }[];
    for (const d of doomed) {
      this.db.prepare('DELETE FROM objects WHERE added = ?').run(d.added);
      this.db.prepare('DELETE FROM object_labels WHERE added = ?').run(d.added);
      this.db.prepare('DELETE FROM object_markings WHERE added = ?').run(d.added);
      this.db.prepare('DELETE FROM object_text WHERE rowid = ?').run(d.added);
      this.db.prepare('DELETE FROM collection_objects WHERE object_added = ?').run(d.added);
      this.db.prepare('DELETE FROM visibility WHERE object_added = ?').run(d.added);
    }
    // What remains of each object gets its newest and oldest versions marked again.
    const ids = JSON.stringify([...new Set(doomed.map((d) => d.id))]);
    this.db.prepare(`UPDATE objects SET
        latest = (added = (SELECT x.added FROM objects x WHERE x.id = objects.id ORDER BY x.vsort DESC, x.added DESC LIMIT 1)),
        first = (added = (SELECT x.added FROM objects x WHERE x.id = objects.id ORDER BY x.vsort ASC, x.added ASC LIMIT 1))
      WHERE id IN (SELECT value FROM json_each(?))`).run(ids);
    return doomed.length;
  }

  /** Runs inside the write lock: stamps, stores and reports each object of the batch. */
  private writeLocked(batch: readonly PreparedObject[], collection: string | undefined): PutOutcome[] {
    const view = new Map<string, PlannedVersion[]>();
    const ids = JSON.stringify([...new Set(batch.map((item) => item.id))]);
    for (const r of this.selectVersions.all(ids)) {
      const versions = view.get(r.id) ?? [];
      versions.push({ added: r.added, vsort: r.vsort, vkey: r.vkey, hash: r.hash, revoked: r.revoked === 1, latest: r.latest === 1, first: r.first === 1, stored: true });
      view.set(r.id, versions);
    }
    const plan = planBatch(batch, view, this.selectClock.get()?.last_added ?? 0, nowMicros());
    for (const { item, version, row } of plan.written) {
      this.insertObject.run(
        row.added, item.id, item.type, item.specVersion, version, row.vsort, row.vkey,
        item.revoked ? 1 : 0, row.latest ? 1 : 0, row.first ? 1 : 0, item.createdByRef, item.hash, item.json,
      );
      for (const label of item.labels) this.insertLabel.run(label, row.added);
      for (const marking of item.markings) this.insertMarking.run(marking, row.added);
      if (item.searchText !== '') this.insertText.run(row.added, item.searchText);
    }
    for (const added of plan.clearLatest) this.clearLatest.run(added);
    for (const added of plan.clearFirst) this.clearFirst.run(added);
    let last = plan.last;
    if (collection !== undefined) {
      // Each version stored or already held joins the collection with a date_added of its own there.
      const now = nowMicros();
      for (const out of plan.outcomes) {
        if (!('added' in out)) continue;
        last = nextStamp(last, now);
        this.addMember.run(collection, last, out.added);
      }
    }
    this.updateClock.run(last);
    return plan.outcomes;
  }

  versions(id: string): Promise<StoredObject[]> {
    return settle(() => (this.statement(`SELECT ${COLUMNS} FROM objects WHERE id = ? ORDER BY vsort, added`).all(id) as ObjectRow[]).map(present));
  }

  list(query: ObjectQuery): Promise<ObjectPage> {
    return settle(() => this.select(query, COLUMN_LIST, present));
  }

  listBodies(query: ObjectQuery): Promise<BodyPage> {
    return settle(() => this.select(query, ['added', 'json'], (r: [number, string]): StoredBody => ({ added: r[0], json: r[1] })));
  }

  /**
   * Runs a filtered, keyset-paginated read, selecting `columns` and shaping each raw row with
   * `shape`. Over a members collection, `added` (the cursor and the date_added served) is the
   * version's date_added in the collection; for a member (`visibleTo`), its visibility stamp.
   */
  private select<R, T>(query: ObjectQuery, columns: readonly string[], shape: (row: R) => T): { items: T[]; more: boolean } {
    const read = this.filtered(query);
    if (read === undefined) return { items: [], more: false };
    const selected = columns.map((c) => (c === 'added' ? read.key : `o.${c}`)).join(', ');
    const sql = `SELECT ${selected} FROM ${read.from} WHERE ${read.where} ORDER BY ${read.key} LIMIT ?`;
    const rows = this.statement(sql).all(...read.params, query.limit + 1) as R[];
    const more = rows.length > query.limit;
    if (more) rows.pop();
    return { items: rows.map(shape), more };
  }

  /** The FROM and WHERE of a filtered read, with their parameters; undefined when it can match nothing. */
  private filtered(query: Omit<ObjectQuery, 'limit'>): { from: string; key: string; where: string; params: (string | number)[] } | undefined {
    const scope = readScope(query);
    const key = scope.key;
    const where: string[] = [`${key} > ?`];
    const params: (string | number)[] = [];
    if (scope.param !== undefined) params.push(scope.param);
    params.push(query.after ?? 0);
    // One value is compared with "=": then an index on (column, added) also yields date_added
    // order, and a page (or the newest versions the facets count) stops at its limit instead of
    // sorting every match.
    const inList = (column: string, values: readonly string[] | undefined): void => {
      if (values === undefined) return;
      if (values.length === 1) where.push(`o.${column} = ?`);
      else where.push(`o.${column} IN (SELECT value FROM json_each(?))`);
      params.push(values.length === 1 ? (values[0] as string) : JSON.stringify(values));
    };
    inList('id', query.ids);
    inList('type', query.types);
    inList('created_by', query.createdBy);
    inList('spec_version', query.specVersions);
    if (query.versionTimestamps !== undefined) {
      inList('vsort', query.versionTimestamps.map(sortableTimestamp));
    } else if ((query.versions ?? 'last') !== 'all') {
      const first = query.versions === 'first';
      where.push(scope.member ? visibleEdge(first) : first ? 'o.first = 1' : 'o.latest = 1');
    }
    if (query.modifiedSince !== undefined) {
      where.push('o.vsort >= ?');
      params.push(sortableTimestamp(query.modifiedSince));
    }
    if (query.modifiedUntil !== undefined) {
      where.push('o.vsort <= ?');
      params.push(sortableTimestamp(query.modifiedUntil));
    }
    if (query.labels !== undefined) {
      where.push('o.added IN (SELECT added FROM object_labels WHERE label IN (SELECT value FROM json_each(?)))');
      params.push(JSON.stringify(query.labels));
    }
    if (query.markings !== undefined) {
      where.push('o.added IN (SELECT added FROM object_markings WHERE marking IN (SELECT value FROM json_each(?)))');
      params.push(JSON.stringify(query.markings));
    }
    if (query.text !== undefined) {
      const match = fts5Query(query.text);
      if (match === undefined) return undefined;
      where.push('o.added IN (SELECT rowid FROM object_text WHERE object_text MATCH ?)');
      params.push(match);
    }
    return { from: scope.from, key, where: where.join(' AND '), params };
  }

  facets(query: Omit<ObjectQuery, 'limit'>, bound: number): Promise<FacetCounts> {
    return settle(() => {
      const read = this.filtered(query);
      if (read === undefined) return NO_FACETS;
      const rows = this.statement(facetSql(read.from, read.where, read.key, '?')).all(...read.params, bound + 1) as FacetRow[];
      return facetCounts(rows, bound);
    });
  }

  stats(): Promise<ObjectStats> {
    const count = (sql: string): number => (this.db.prepare(sql).get() as { n: number }).n;
    const groups = (sql: string): Record<string, number> => {
      const out: Record<string, number> = {};
      for (const r of this.db.prepare(sql).all() as { k: string; n: number }[]) out[r.k] = r.n;
      return out;
    };
    return settle(() => ({
      objects: count('SELECT count(*) AS n FROM objects WHERE latest = 1'),
      versions: count('SELECT count(*) AS n FROM objects'),
      byType: groups('SELECT type AS k, count(*) AS n FROM objects WHERE latest = 1 GROUP BY type ORDER BY n DESC, k'),
      byMarking: groups(`SELECT m.marking AS k, count(*) AS n FROM object_markings m JOIN objects o ON o.added = m.added
                         WHERE o.latest = 1 GROUP BY m.marking ORDER BY n DESC, k`),
      byCreator: groups(`SELECT coalesce(created_by, '(none)') AS k, count(*) AS n FROM objects WHERE latest = 1
                         GROUP BY created_by ORDER BY n DESC, k`),
    }));
  }

  lastAdded(): Promise<number> {
    return settle(() => this.selectClock.get()?.last_added ?? 0);
  }

  /** A cached statement that returns rows as arrays (raw mode). */
  private statement(sql: string): BetterSqlite3.Statement {
    let s = this.statements.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql).raw(true);
      this.statements.set(sql, s);
    }
    return s;
  }
}

