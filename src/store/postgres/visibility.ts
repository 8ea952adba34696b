// The share index and the visibility table in PostgreSQL (visibility.port.ts).
//
// Every write that stamps (grant, settle) takes the date_added advisory lock as its first
// statement and stamps from node_clock, exactly as object writes do (objects.ts explains why that
// makes commit order stamp order across processes): a member paging its rows by stamp can never
// find, later, a row stamped at or below a stamp it has passed. revoke and shares.put stamp
// nothing, but take the same lock too, so that a settle (which reads shares and rows under the
// lock) never interleaves with them.
import type { Pool, PoolClient } from 'pg';
import { nextStamp, nowMicros } from '../clock.js';
import type { StoredObject } from '../port.js';
import { newPairs, pairKey, planShares, settleDiff, sourcesOf } from '../visibility-plan.js';
import type {
  SettleResult, SharePage, SharePutOutcome, ShareRepository, ShareRow, VisibilityEntry, VisibilityPlan, VisibilityRepository, VisibilitySnapshot,
} from '../visibility.port.js';
import { DATE_ADDED_LOCK } from './advisory-locks.js';
import { inTransaction, micros } from './transaction.js';

interface ShareDbRow {
  id: string; object_id: string; object_version: string | null; object_hash: string; sharer: string;
  record_added: string; policy: string; state: ShareRow['state']; reason: string | null;
}

const SHARE_COLUMNS = 'id, object_id, object_version, object_hash, sharer, record_added, policy, state, reason';

function shareRow(r: ShareDbRow): ShareRow {
  return {
    id: r.id, objectId: r.object_id, objectVersion: r.object_version, objectHash: r.object_hash, sharer: r.sharer,
    recordAdded: micros(r.record_added), policy: r.policy, state: r.state, reason: r.reason,
  };
}

interface ObjectDbRow {
  added: string; id: string; type: string; spec_version: string; version: string; hash: string; json: string;
  latest: boolean; first: boolean; revoked: boolean;
}

function storedObject(r: ObjectDbRow): StoredObject {
  return {
    added: micros(r.added), id: r.id, type: r.type, specVersion: r.spec_version, version: r.version, hash: r.hash, json: r.json,
    latest: r.latest, first: r.first, revoked: r.revoked,
  };
}

/** Runs `work` in one transaction holding the date_added lock (see the header). */
function locked<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  return inTransaction(pool, async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(${DATE_ADDED_LOCK})`);
    return work(client);
  });
}

export class PgShares implements ShareRepository {
  constructor(private readonly pool: Pool) {}

  put(rows: readonly ShareRow[]): Promise<SharePutOutcome[]> {
    if (rows.length === 0) return Promise.resolve([]);
    return locked(this.pool, async (client) => {
      const held = await client.query<ShareDbRow>(`SELECT ${SHARE_COLUMNS} FROM shares WHERE id = ANY($1::text[])`, [rows.map((r) => r.id)]);
      const plan = planShares(new Map(held.rows.map((r) => [r.id, shareRow(r)] as const)), rows);
      const w = plan.writes;
      if (w.length > 0) {
        await client.query(
          `INSERT INTO shares (${SHARE_COLUMNS})
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::text[])
           ON CONFLICT (id) DO UPDATE SET policy = excluded.policy, state = excluded.state, reason = excluded.reason`,
          [w.map((r) => r.id), w.map((r) => r.objectId), w.map((r) => r.objectVersion), w.map((r) => r.objectHash), w.map((r) => r.sharer),
            w.map((r) => r.recordAdded), w.map((r) => r.policy), w.map((r) => r.state), w.map((r) => r.reason)],
        );
      }
      return plan.outcomes;
    });
  }

  async get(ids: readonly string[]): Promise<ShareRow[]> {
    return (await this.pool.query<ShareDbRow>(`SELECT ${SHARE_COLUMNS} FROM shares WHERE id = ANY($1::text[]) ORDER BY id`, [ids])).rows.map(shareRow);
  }

  async forObject(objectId: string): Promise<ShareRow[]> {
    return (await this.pool.query<ShareDbRow>(`SELECT ${SHARE_COLUMNS} FROM shares WHERE object_id = $1 ORDER BY id`, [objectId])).rows.map(shareRow);
  }

  async named(objectIds: readonly string[]): Promise<string[]> {
    const res = await this.pool.query<{ id: string }>('SELECT DISTINCT object_id AS id FROM shares WHERE object_id = ANY($1::text[]) ORDER BY object_id', [objectIds]);
    return res.rows.map((r) => r.id);
  }

  async objectIds(after: string, limit: number): Promise<string[]> {
    const res = await this.pool.query<{ id: string }>('SELECT DISTINCT object_id AS id FROM shares WHERE object_id > $1 ORDER BY object_id LIMIT $2', [after, limit]);
    return res.rows.map((r) => r.id);
  }

  async quarantined(after: string, limit: number): Promise<SharePage> {
    const res = await this.pool.query<ShareDbRow>(
      `SELECT ${SHARE_COLUMNS} FROM shares WHERE state = 'quarantined' AND id > $1 ORDER BY id LIMIT $2`, [after, limit + 1],
    );
    const rows = res.rows.map(shareRow);
    const more = rows.length > limit;
    if (more) rows.pop();
    return { items: rows, more };
  }
}

export class PgVisibility implements VisibilityRepository {
  constructor(private readonly pool: Pool) {}

  grant(entries: readonly VisibilityEntry[]): Promise<number> {
    if (entries.length === 0) return Promise.resolve(0);
    return locked(this.pool, async (client) => {
      const stored = await storedOf(client, [...new Set(entries.map((e) => e.objectAdded))]);
      const held = new Set((await rowsOf(client, [...stored])).map(pairKey));
      return insertStamped(client, newPairs(entries.filter((e) => stored.has(e.objectAdded)), held));
    });
  }

  revoke(entries: readonly VisibilityEntry[]): Promise<number> {
    if (entries.length === 0) return Promise.resolve(0);
    return locked(this.pool, (client) => deletePairs(client, entries));
  }

  async of(objectAdded: number): Promise<string[]> {
    const res = await this.pool.query<{ member_id: string }>('SELECT member_id FROM visibility WHERE object_added = $1 ORDER BY member_id', [objectAdded]);
    return res.rows.map((r) => r.member_id);
  }

  settle(objectIds: readonly string[], decide: (snapshot: VisibilitySnapshot) => VisibilityPlan): Promise<SettleResult> {
    if (objectIds.length === 0) return Promise.resolve({ versions: 0, granted: 0, revoked: 0 });
    const ids = [...new Set(objectIds)];
    return locked(this.pool, async (client) => {
      // Each statement sees everything committed before it (READ COMMITTED), and no other writer
      // of objects, shares or visibility runs while the lock is held: the snapshot is current.
      const versions = (await client.query<ObjectDbRow>(`SELECT added, id, type, spec_version, version, hash, json, latest, first, revoked
        FROM objects WHERE id = ANY($1::text[]) ORDER BY id, vsort, added`, [ids])).rows.map(storedObject);
      const shares = (await client.query<ShareDbRow>(`SELECT ${SHARE_COLUMNS} FROM shares WHERE object_id = ANY($1::text[]) ORDER BY id`, [ids])).rows.map(shareRow);
      const records = await storedOf(client, shares.map((s) => s.recordAdded));
      const settled = new Set([...versions.map((v) => v.added), ...records]);
      const sources = sourcesOf((await client.query<{ object_added: string; member: string }>(
        'SELECT object_added, member FROM received_from WHERE object_added = ANY($1::bigint[])', [versions.map((v) => v.added)],
      )).rows.map((r) => ({ objectAdded: micros(r.object_added), member: r.member })));
      const plan = decide({ versions, shares, settled, sources });
      const diff = settleDiff(settled, records, await rowsOf(client, [...settled]), plan);
      const revoked = await deletePairs(client, diff.revoke);
      const granted = await insertStamped(client, diff.grant);
      return { versions: settled.size, granted, revoked };
    });
  }

  async noteSources(entries: readonly VisibilityEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // Under the date_added lock, like every write a settle reads.
    await locked(this.pool, async (client) => {
      await client.query(
        `INSERT INTO received_from (object_added, member) SELECT * FROM unnest($1::bigint[], $2::text[]) ON CONFLICT DO NOTHING`,
        [entries.map((e) => e.objectAdded), entries.map((e) => e.member)],
      );
    });
  }
}

/** The stored ones among these versions. */
async function storedOf(client: PoolClient, versions: readonly number[]): Promise<Set<number>> {
  if (versions.length === 0) return new Set();
  const res = await client.query<{ added: string }>('SELECT added FROM objects WHERE added = ANY($1::bigint[])', [versions]);
  return new Set(res.rows.map((r) => micros(r.added)));
}

/** The current rows of these versions. */
async function rowsOf(client: PoolClient, versions: readonly number[]): Promise<VisibilityEntry[]> {
  if (versions.length === 0) return [];
  const res = await client.query<{ member_id: string; object_added: string }>(
    'SELECT member_id, object_added FROM visibility WHERE object_added = ANY($1::bigint[])', [versions],
  );
  return res.rows.map((r) => ({ member: r.member_id, objectAdded: micros(r.object_added) }));
}

async function deletePairs(client: PoolClient, entries: readonly VisibilityEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  const res = await client.query(
    `DELETE FROM visibility v USING unnest($1::text[], $2::bigint[]) AS t(m, a) WHERE v.member_id = t.m AND v.object_added = t.a`,
    [entries.map((e) => e.member), entries.map((e) => e.objectAdded)],
  );
  return res.rowCount ?? 0;
}

/** Inside the date_added lock: inserts pairs, each with the next stamp of the node clock. */
async function insertStamped(client: PoolClient, pairs: readonly VisibilityEntry[]): Promise<number> {
  if (pairs.length === 0) return 0;
  const clock = await client.query<{ last_added: string }>('SELECT last_added FROM node_clock WHERE id = 1');
  let last = micros(clock.rows[0]?.last_added ?? 0);
  const now = nowMicros();
  const stamps: number[] = [];
  for (let i = 0; i < pairs.length; i++) {
    last = nextStamp(last, now);
    stamps.push(last);
  }
  await client.query('INSERT INTO visibility (member_id, stamp, object_added) SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[])',
    [pairs.map((p) => p.member), stamps, pairs.map((p) => p.objectAdded)]);
  await client.query('UPDATE node_clock SET last_added = $1 WHERE id = 1', [last]);
  return pairs.length;
}
