// TAXII collections and status resources in PostgreSQL.
import type pg from 'pg';
import { AccordError } from '../../stix/index.js';
import type { CollectionPatch, CollectionRecord, CollectionRepository, StatusRecord, StatusRepository } from '../collections.port.js';
import { inTransaction } from './transaction.js';

interface CollectionRow {
  id: string; title: string; description: string | null; alias: string | null; media_types: string[]; scope: CollectionRecord['scope'];
  readers: string[]; writers: string[]; created_at: string; updated_at: string;
}

function collection(r: CollectionRow): CollectionRecord {
  return {
    id: r.id, title: r.title, description: r.description, alias: r.alias, mediaTypes: r.media_types, scope: r.scope,
    readers: r.readers, writers: r.writers, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

const PATCH_COLUMNS: Readonly<Record<keyof CollectionPatch, string>> = {
  title: 'title', description: 'description', alias: 'alias', mediaTypes: 'media_types', readers: 'readers', writers: 'writers', updatedAt: 'updated_at',
};
const ARRAYS = new Set<keyof CollectionPatch>(['mediaTypes', 'readers', 'writers']);

function taken(e: unknown, c: { id: string; alias: string | null }): AccordError | undefined {
  if ((e as { code?: unknown }).code !== '23505') return undefined;
  return new AccordError('conflict', 'store.collection-exists', `a collection with id ${c.id}${c.alias !== null ? ` or alias ${c.alias}` : ''} already exists`);
}

export class PgCollections implements CollectionRepository {
  constructor(private readonly pool: pg.Pool) {}

  async list(): Promise<CollectionRecord[]> {
    return (await this.pool.query<CollectionRow>('SELECT * FROM collections ORDER BY created_at, id')).rows.map(collection);
  }

  async get(idOrAlias: string): Promise<CollectionRecord | undefined> {
    const r = (await this.pool.query<CollectionRow>('SELECT * FROM collections WHERE id = $1 OR alias = $1 ORDER BY (id = $1) DESC LIMIT 1', [idOrAlias])).rows[0];
    return r === undefined ? undefined : collection(r);
  }

  async create(c: CollectionRecord): Promise<void> {
    try {
      await this.pool.query(
        `INSERT INTO collections (id, title, description, alias, media_types, scope, readers, writers, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5::text[], $6, $7::text[], $8::text[], $9, $10)`,
        [c.id, c.title, c.description, c.alias, c.mediaTypes, c.scope, c.readers, c.writers, c.createdAt, c.updatedAt],
      );
    } catch (e) {
      throw taken(e, c) ?? e;
    }
  }

  async update(id: string, patch: CollectionPatch): Promise<CollectionRecord> {
    const keys = (Object.keys(patch) as (keyof CollectionPatch)[]).filter((k) => patch[k] !== undefined);
    const sets = keys.map((k, i) => `${PATCH_COLUMNS[k]} = $${i + 1}${ARRAYS.has(k) ? '::text[]' : ''}`);
    const sql = sets.length > 0 ? `UPDATE collections SET ${sets.join(', ')} WHERE id = $${keys.length + 1} RETURNING *` : 'SELECT * FROM collections WHERE id = $1';
    let r: CollectionRow | undefined;
    try {
      r = (await this.pool.query<CollectionRow>(sql, [...keys.map((k) => patch[k]), id])).rows[0];
    } catch (e) {
      throw taken(e, { id, alias: patch.alias ?? null }) ?? e;
    }
    if (r === undefined) throw new AccordError('not-found', 'store.collection-not-found', `no collection ${id}`);
    return collection(r);
  }

  remove(id: string): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      await client.query('DELETE FROM collection_objects WHERE collection_id = $1', [id]);
      return ((await client.query('DELETE FROM collections WHERE id = $1', [id])).rowCount ?? 0) === 1;
    });
  }
}

export class PgStatuses implements StatusRepository {
  constructor(private readonly pool: pg.Pool) {}

  async create(s: StatusRecord): Promise<void> {
    await this.pool.query('INSERT INTO taxii_status (id, owner_id, collection_id, created_at, body) VALUES ($1, $2, $3, $4, $5)',
      [s.id, s.ownerId, s.collectionId, s.requestTimestamp, JSON.stringify(s)]);
  }

  async get(id: string): Promise<StatusRecord | undefined> {
    const r = (await this.pool.query<{ body: string }>('SELECT body FROM taxii_status WHERE id = $1', [id])).rows[0];
    return r === undefined ? undefined : (JSON.parse(r.body) as StatusRecord);
  }
}
