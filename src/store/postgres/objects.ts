// Object versions in PostgreSQL. Several `accord serve` processes may write to one database at
// once, and TAXII readers page through it with `added_after`, so stamping is the hard part.
//
// Why commit order is date_added order (what keeps a puller from missing an object):
// every put() runs in one READ COMMITTED transaction whose first statement takes a
// transaction-level advisory lock (pg_advisory_xact_lock) on one fixed key. Holding it, the
// writer reads node_clock, stamps the batch above the last stamp, writes, advances node_clock
// and commits. PostgreSQL releases transaction-level locks only at the very end of COMMIT,
// after the transaction has been marked committed in the proc array, i.e. after it is visible
// to every snapshot taken from then on. So the next writer gets the lock (and so stamps
// anything) only once all lower stamps are visible. Hence, for a reader's statement snapshot:
// if it sees a row stamped s, the transaction that stamped s committed before the snapshot was
// taken, and every stamp below s was committed before that transaction even took the lock. A
// reader that has seen s will therefore never find, later, a new row stamped at or below s, and
// `added > cursor` pages skip nothing. A rolled-back writer leaves no rows and does not advance
// node_clock, so its unused stamps are reissued to the next writer; nobody saw them.
// Each statement after the lock takes a fresh snapshot (READ COMMITTED), so node_clock and the
// stored versions read under the lock include everything the previous lock holder committed.
// Stamps come from Node's clock (nowMicros), never from the database's: the rules in clock.ts
// make them strictly increasing anyway, and tests can move time.
//
// Because every writer waits for the lock, the time spent inside it bounds the node's write
// throughput. A batch therefore costs a fixed handful of round trips whatever its size: one
// query for the stored versions of all its ids, the version rules applied in memory, one
// streamed COPY per table (rows are encoded while earlier chunks are being stored), one UPDATE
// per flag that changes on older rows, one for the clock.
import type { Pool, PoolClient } from 'pg';
import { nextStamp, nowMicros, sortableTimestamp } from '../clock.js';
import { facetCounts, facetSql, NO_FACETS, type FacetRow } from '../facets.js';
import type { BodyPage, FacetCounts, ObjectPage, ObjectQuery, ObjectRepository, ObjectStats, PreparedObject, PutOutcome, RemoveSelection, StoredBody, StoredObject } from '../port.js';
import { planBatch, type PlannedVersion, type WrittenVersion } from '../versioning.js';
import { visibleEdge, visibleInCollection } from '../visibility-plan.js';
import { DATE_ADDED_LOCK } from './advisory-locks.js';
import { copyField, copyLines } from './copy.js';
import { searchVector, tsQuery } from './text-search.js';
import { inTransaction, micros } from './transaction.js';

/** A row in array mode, in COLUMNS order: arrays are much cheaper than keyed row objects when paging. */
type ObjectRow = [added: string, id: string, type: string, specVersion: string, version: string, hash: string, json: string, latest: boolean, first: boolean, revoked: boolean];

type VersionDbRow = {
  id: string;
  added: string;
  vsort: string;
  vkey: string;
  hash: string;
  revoked: boolean;
  latest: boolean;
  first: boolean;
};

const COLUMN_LIST = ['added', 'id', 'type', 'spec_version', 'version', 'hash', 'json', 'latest', 'first', 'revoked'] as const;
const COLUMNS = COLUMN_LIST.join(', ');

const COPY_OBJECTS = 'objects (added, id, type, spec_version, version, vsort, vkey, revoked, latest, first, created_by, hash, json, search)';

/** The COPY lines of the new versions, in COPY_OBJECTS' column order. */
function* objectLines(written: readonly WrittenVersion[]): Generator<string> {
  for (const { item, version, row } of written) {
    yield [
      row.added, item.id, item.type, item.specVersion, version, row.vsort, row.vkey, row.revoked, row.latest, row.first,
      item.createdByRef, item.hash, item.json, searchVector(item.searchText),
    ].map(copyField).join('\t');
  }
}

/**
 * A label as the label index keeps it. PostgreSQL text cannot hold U+0000, which a label (free
 * text in STIX) may contain; the object itself keeps it (escaped in its JSON), only the index
 * entry and the filter value drop it, so one odd label cannot fail a whole batch.
 */
function indexedLabel(label: string): string {
  return label.includes('\u0000') ? label.replaceAll('\u0000', '') : label;
}

/**
 * The FROM and WHERE of a filtered read, with their parameters so far (`param` adds one and
 * returns its placeholder); undefined when the read can match nothing.
 */
function filtered(query: Omit<ObjectQuery, 'limit'>): { from: string; key: string; where: string; params: unknown[]; param: (value: unknown) => string } | undefined {
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  if (query.visibleTo !== undefined && query.collection !== undefined) throw visibleInCollection();
  const member = query.visibleTo !== undefined;
  const key = member ? 'v.stamp' : query.collection !== undefined ? 'c.added' : 'o.added';
  const from = member ? `visibility v JOIN objects o ON o.added = v.object_added AND v.member_id = ${param(query.visibleTo)}`
    : query.collection !== undefined ? `collection_objects c JOIN objects o ON o.added = c.object_added AND c.collection_id = ${param(query.collection)}`
    : 'objects o';
  const where: string[] = [`${key} > ${param(query.after ?? 0)}::bigint`];
  // One value is compared with "=": then an index on (column, added) also yields date_added order.
  const anyOf = (column: string, values: readonly string[] | undefined): void => {
    if (values === undefined) return;
    where.push(values.length === 1 ? `o.${column} = ${param(values[0])}` : `o.${column} = ANY(${param(values)}::text[])`);
  };
  anyOf('id', query.ids);
  anyOf('type', query.types);
  anyOf('created_by', query.createdBy);
  anyOf('spec_version', query.specVersions);
  if (query.versionTimestamps !== undefined) {
    anyOf('vsort', query.versionTimestamps.map(sortableTimestamp));
  } else if ((query.versions ?? 'last') !== 'all') {
    const first = query.versions === 'first';
    where.push(member ? visibleEdge(first) : first ? 'o.first' : 'o.latest');
  }
  if (query.modifiedSince !== undefined) where.push(`o.vsort >= ${param(sortableTimestamp(query.modifiedSince))}`);
  if (query.modifiedUntil !== undefined) where.push(`o.vsort <= ${param(sortableTimestamp(query.modifiedUntil))}`);
  if (query.labels !== undefined) {
    where.push(`o.added IN (SELECT added FROM object_labels WHERE label = ANY(${param(query.labels.map(indexedLabel))}::text[]))`);
  }
  if (query.markings !== undefined) {
    where.push(`o.added IN (SELECT added FROM object_markings WHERE marking = ANY(${param(query.markings)}::text[]))`);
  }
  if (query.text !== undefined) {
    const match = tsQuery(query.text);
    if (match === undefined) return undefined;
    where.push(`o.search @@ ${param(match)}::tsquery`);
  }
  return { from, key, where: where.join(' AND '), params, param };
}

function present(r: ObjectRow): StoredObject {
  return {
    added: micros(r[0]), id: r[1], type: r[2], specVersion: r[3], version: r[4],
    hash: r[5], json: r[6], latest: r[7], first: r[8], revoked: r[9],
  };
}

export class PgObjects implements ObjectRepository {
  constructor(private readonly pool: Pool) {}

  put(batch: readonly PreparedObject[], options: { readonly collection?: string } = {}): Promise<PutOutcome[]> {
    if (batch.length === 0) return Promise.resolve([]);
    return inTransaction(this.pool, async (client) => {
      // Must stay the first statement: see the header of this file.
      await client.query(`SELECT pg_advisory_xact_lock(${DATE_ADDED_LOCK})`);
      return this.writeLocked(client, batch, options.collection);
    });
  }

  remove(selection: RemoveSelection): Promise<number> {
    if (selection.ids.length === 0) return Promise.resolve(0);
    // Changing object rows takes the date_added lock too: put() reads stored versions under it.
    return inTransaction(this.pool, async (client) => {
      await client.query(`SELECT pg_advisory_xact_lock(${DATE_ADDED_LOCK})`);
      return this.removeLocked(client, selection);
    });
  }

  /** Runs inside the date_added lock: removes the selected versions from a collection or from the store. */
  private async removeLocked(client: PoolClient, sel: RemoveSelection): Promise<number> {
    const params: unknown[] = [sel.ids];
    const where = ['o.id = ANY($1::text[])'];
    if (sel.specVersions !== undefined) {
      params.push(sel.specVersions);
      where.push(`o.spec_version = ANY($${params.length}::text[])`);
    }
    if (sel.versionTimestamps !== undefined) {
      params.push(sel.versionTimestamps.map(sortableTimestamp));
      where.push(`o.vsort = ANY($${params.length}::text[])`);
    } else if (sel.versions === 'last' || sel.versions === 'first') {
      where.push(sel.versions === 'first' ? 'o.first' : 'o.latest');
    }
    const selected = `SELECT o.added FROM objects o WHERE ${where.join(' AND ')}`;
    if (sel.collection !== undefined) {
      params.push(sel.collection);
      const res = await client.query(`DELETE FROM collection_objects WHERE collection_id = $${params.length} AND object_added IN (${selected})`, params);
      return res.rowCount ?? 0;
    }
    const doomed = (await client.query<{ added: string; id: string }>(`DELETE FROM objects o WHERE ${where.join(' AND ')} RETURNING o.added, o.id`, params)).rows;
    if (doomed.length === 0) return 0;
    const added = doomed.map((d) => d.added);
    await client.query('DELETE FROM object_labels WHERE added = ANY($1::bigint[])', [added]);
    await client.query('DELETE FROM object_markings WHERE added = ANY($1::bigint[])', [added]);
    await client.query('DELETE FROM collection_objects WHERE object_added = ANY($1::bigint[])', [added]);
    await client.query('DELETE FROM visibility WHERE object_added = ANY($1::bigint[])', [added]);
    // What remains of each object gets its newest and oldest versions marked again.
    await client.query(`UPDATE objects SET
        latest = (added = (SELECT x.added FROM objects x WHERE x.id = objects.id ORDER BY x.vsort DESC, x.added DESC LIMIT 1)),
        first = (added = (SELECT x.added FROM objects x WHERE x.id = objects.id ORDER BY x.vsort ASC, x.added ASC LIMIT 1))
      WHERE id = ANY($1::text[])`, [[...new Set(doomed.map((d) => d.id))]]);
    return doomed.length;
  }

  /** Runs inside the date_added lock: stamps, stores and reports each object of the batch. */
  private async writeLocked(client: PoolClient, batch: readonly PreparedObject[], collection: string | undefined): Promise<PutOutcome[]> {
    const clock = await client.query<{ last_added: string }>('SELECT last_added FROM node_clock WHERE id = 1');
    const view = await this.storedVersions(client, batch);
    // The rules are applied item by item, in batch order, against a view that includes the
    // versions written earlier in the same batch (planBatch), exactly as SQLite does.
    const plan = planBatch(batch, view, micros(clock.rows[0]?.last_added ?? 0), nowMicros());
    const { outcomes, written, clearLatest, clearFirst } = plan;
    let last = plan.last;
    if (written.length > 0) await this.insert(client, written);
    if (clearLatest.length > 0) await client.query('UPDATE objects SET latest = false WHERE added = ANY($1::bigint[])', [clearLatest]);
    if (clearFirst.length > 0) await client.query('UPDATE objects SET first = false WHERE added = ANY($1::bigint[])', [clearFirst]);
    if (collection !== undefined) {
      // Each version stored or already held joins the collection with a date_added of its own there.
      const now = nowMicros();
      const stamps: number[] = [];
      const versions: number[] = [];
      for (const out of outcomes) {
        if (!('added' in out)) continue;
        last = nextStamp(last, now);
        stamps.push(last);
        versions.push(out.added);
      }
      if (stamps.length > 0) {
        await client.query(`INSERT INTO collection_objects (collection_id, added, object_added)
          SELECT $1, a, v FROM unnest($2::bigint[], $3::bigint[]) AS t(a, v) ON CONFLICT DO NOTHING`, [collection, stamps, versions]);
      }
    }
    if (last !== plan.last || written.length > 0) await client.query('UPDATE node_clock SET last_added = $1 WHERE id = 1', [last]);
    return outcomes;
  }

  /** The stored versions of every id in the batch, in one query. */
  private async storedVersions(client: PoolClient, batch: readonly PreparedObject[]): Promise<Map<string, PlannedVersion[]>> {
    const ids = [...new Set(batch.map((item) => item.id))];
    const res = await client.query<VersionDbRow>(
      'SELECT id, added, vsort, vkey, hash, revoked, latest, first FROM objects WHERE id = ANY($1::text[])', [ids],
    );
    const view = new Map<string, PlannedVersion[]>();
    for (const r of res.rows) {
      const versions = view.get(r.id) ?? [];
      versions.push({
        added: micros(r.added), vsort: r.vsort, vkey: r.vkey, hash: r.hash, revoked: r.revoked,
        latest: r.latest, first: r.first, stored: true,
      });
      view.set(r.id, versions);
    }
    return view;
  }

  /**
   * Writes the new versions, their labels and markings: one COPY per table. Rows are encoded as
   * they are streamed, so that Node's share of the work overlaps with the server's.
   */
  private async insert(client: PoolClient, written: readonly WrittenVersion[]): Promise<void> {
    await copyLines(client, COPY_OBJECTS, objectLines(written));
    const labels: string[] = [];
    const markings: string[] = [];
    for (const { item, row } of written) {
      for (const label of new Set(item.labels.map(indexedLabel))) labels.push(`${copyField(label)}\t${row.added}`);
      for (const marking of new Set(item.markings)) markings.push(`${copyField(marking)}\t${row.added}`);
    }
    if (labels.length > 0) await copyLines(client, 'object_labels (label, added)', labels);
    if (markings.length > 0) await copyLines(client, 'object_markings (marking, added)', markings);
  }

  async versions(id: string): Promise<StoredObject[]> {
    const res = await this.pool.query<ObjectRow>({ text: `SELECT ${COLUMNS} FROM objects WHERE id = $1 ORDER BY vsort, added`, values: [id], rowMode: 'array' });
    return res.rows.map(present);
  }

  list(query: ObjectQuery): Promise<ObjectPage> {
    return this.select<ObjectRow, StoredObject>(query, COLUMN_LIST, present);
  }

  listBodies(query: ObjectQuery): Promise<BodyPage> {
    return this.select<[string, string], StoredBody>(query, ['added', 'json'], (r) => ({ added: micros(r[0]), json: r[1] }));
  }

  /**
   * Runs a filtered, keyset-paginated read, selecting `columns` and shaping each row with `shape`.
   * Over a members collection, `added` (the cursor and the date_added served) is the version's
   * date_added in the collection; for a member (`visibleTo`), its visibility stamp.
   */
  private async select<R extends unknown[], T>(query: ObjectQuery, columns: readonly string[], shape: (row: R) => T): Promise<{ items: T[]; more: boolean }> {
    const read = filtered(query);
    if (read === undefined) return { items: [], more: false };
    const selected = columns.map((c) => (c === 'added' ? read.key : `o.${c}`)).join(', ');
    const sql = `SELECT ${selected} FROM ${read.from} WHERE ${read.where} ORDER BY ${read.key} LIMIT ${read.param(query.limit + 1)}`;
    const rows = (await this.pool.query<R>({ text: sql, values: read.params, rowMode: 'array' })).rows;
    const more = rows.length > query.limit;
    if (more) rows.pop();
    return { items: rows.map(shape), more };
  }

  async facets(query: Omit<ObjectQuery, 'limit'>, bound: number): Promise<FacetCounts> {
    const read = filtered(query);
    if (read === undefined) return NO_FACETS;
    const sql = facetSql(read.from, read.where, read.key, read.param(bound + 1));
    return facetCounts((await this.pool.query<FacetRow & unknown[]>({ text: sql, values: read.params, rowMode: 'array' })).rows, bound);
  }

  stats(): Promise<ObjectStats> {
    // One snapshot for all the counts, so they agree with each other.
    return inTransaction(this.pool, async (client) => {
      const count = async (sql: string): Promise<number> => Number((await client.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
      const groups = async (sql: string): Promise<Record<string, number>> => {
        const out: Record<string, number> = {};
        for (const r of (await client.query<{ k: string; n: string }>(sql)).rows) out[r.k] = Number(r.n);
        return out;
      };
      return {
        objects: await count('SELECT count(*) AS n FROM objects WHERE latest'),
        versions: await count('SELECT count(*) AS n FROM objects'),
        byType: await groups('SELECT type AS k, count(*) AS n FROM objects WHERE latest GROUP BY type ORDER BY n DESC, k'),
        byMarking: await groups(`SELECT m.marking AS k, count(*) AS n FROM object_markings m JOIN objects o ON o.added = m.added
                                 WHERE o.latest GROUP BY m.marking ORDER BY n DESC, k`),
        byCreator: await groups(`SELECT coalesce(created_by, '(none)') AS k, count(*) AS n FROM objects WHERE latest
                                 GROUP BY created_by ORDER BY n DESC, k`),
      };
    }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  async lastAdded(): Promise<number> {
    const res = await this.pool.query<{ last_added: string }>('SELECT last_added FROM node_clock WHERE id = 1');
    return micros(res.rows[0]?.last_added ?? 0);
  }
}
