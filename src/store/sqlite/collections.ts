// TAXII collections and status resources in SQLite.
import type Database from 'better-sqlite3';
import { AccordError } from '../../stix/index.js';
import type { CollectionPatch, CollectionRecord, CollectionRepository, StatusRecord, StatusRepository } from '../collections.port.js';
import { settle } from './objects.js';
import { cached } from './statements.js';

interface CollectionRow {
  id: string; title: string; description: string | null; alias: string | null; media_types: string; scope: CollectionRecord['scope'];
  readers: string; writers: string; created_at: string; updated_at: string;
}

function collection(r: CollectionRow): CollectionRecord {
  return {
    id: r.id, title: r.title, description: r.description, alias: r.alias, mediaTypes: JSON.parse(r.media_types) as string[],
    scope: r.scope, readers: JSON.parse(r.readers) as string[], writers: JSON.parse(r.writers) as string[],
    createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

const PATCH_COLUMNS: Readonly<Record<keyof CollectionPatch, string>> = {
  title: 'title', description: 'description', alias: 'alias', mediaTypes: 'media_types', readers: 'readers', writers: 'writers', updatedAt: 'updated_at',
};

function taken(e: unknown, c: { id: string; alias: string | null }): AccordError | undefined {
  const code = (e as { code?: string }).code;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new AccordError('conflict', 'store.collection-exists', `a collection with id ${c.id}${c.alias !== null ? ` or alias ${c.alias}` : ''} already exists`);
  }
  return undefined;
}

export class SqliteCollections implements CollectionRepository {
  constructor(private readonly db: Database.Database) {}

  list(): Promise<CollectionRecord[]> {
    return settle(() => (cached(this.db, 'SELECT * FROM collections ORDER BY created_at, id').all() as CollectionRow[]).map(collection));
  }

  get(idOrAlias: string): Promise<CollectionRecord | undefined> {
    return settle(() => {
      const r = cached(this.db, 'SELECT * FROM collections WHERE id = ? OR alias = ? ORDER BY id = ? DESC LIMIT 1').get(idOrAlias, idOrAlias, idOrAlias) as CollectionRow | undefined;
      return r === undefined ? undefined : collection(r);
    });
  }

  create(c: CollectionRecord): Promise<void> {
    return settle(() => {
      try {
        cached(this.db, `INSERT INTO collections (id, title, description, alias, media_types, scope, readers, writers, created_at, updated_at)
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
          .run(c.id, c.title, c.description, c.alias, JSON.stringify(c.mediaTypes), c.scope, JSON.stringify(c.readers), JSON.stringify(c.writers), c.createdAt, c.updatedAt);
      } catch (e) {
        throw taken(e, c) ?? e;
      }
    });
  }

  update(id: string, patch: CollectionPatch): Promise<CollectionRecord> {
    return settle(() => {
      const keys = (Object.keys(patch) as (keyof CollectionPatch)[]).filter((k) => patch[k] !== undefined);
      if (keys.length > 0) {
        const value = (k: keyof CollectionPatch): unknown => (k === 'mediaTypes' || k === 'readers' || k === 'writers' ? JSON.stringify(patch[k]) : patch[k]);
        try {
          cached(this.db, `UPDATE collections SET ${keys.map((k) => `${PATCH_COLUMNS[k]} = ?`).join(', ')} WHERE id = ?`).run(...keys.map(value), id);
        } catch (e) {
          throw taken(e, { id, alias: patch.alias ?? null }) ?? e;
        }
      }
      const r = cached(this.db, 'SELECT * FROM collections WHERE id = ?').get(id) as CollectionRow | undefined;
      if (r === undefined) throw new AccordError('not-found', 'store.collection-not-found', `no collection ${id}`);
      return collection(r);
    });
  }

  remove(id: string): Promise<boolean> {
    return settle(() => this.db.transaction(() => {
      cached(this.db, 'DELETE FROM collection_objects WHERE collection_id = ?').run(id);
      return cached(this.db, 'DELETE FROM collections WHERE id = ?').run(id).changes === 1;
    }).immediate());
  }
}

export class SqliteStatuses implements StatusRepository {
  constructor(private readonly db: Database.Database) {}

  create(s: StatusRecord): Promise<void> {
    return settle(() => {
      cached(this.db, 'INSERT INTO taxii_status (id, owner_id, collection_id, created_at, body) VALUES (?, ?, ?, ?, ?)')
        .run(s.id, s.ownerId, s.collectionId, s.requestTimestamp, JSON.stringify(s));
    });
  }

  get(id: string): Promise<StatusRecord | undefined> {
    return settle(() => {
      const r = cached(this.db, 'SELECT body FROM taxii_status WHERE id = ?').get(id) as { body: string } | undefined;
      return r === undefined ? undefined : (JSON.parse(r.body) as StatusRecord);
    });
  }
}
