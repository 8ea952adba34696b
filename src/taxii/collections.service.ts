// TAXII collections: the default collection every node has, who may read and write a collection,
// and their administration (the same service behind /api/v1/collections and `accord collection`).
//
// A collection is either a view of the node's whole store (`scope: all`) or the set of versions
// posted or added to it (`scope: members`). Readers and writers are `role:<role>` or
// `user:<username>`; a requester can read a collection when one of them names it and its roles
// grant objects:read, and write when a writer entry names it and its roles grant objects:write
// (docs/decisions/0014-taxii.md, "collections").
import { randomUUID } from 'node:crypto';
import { AccordError, type CollectionPatch, type CollectionRecord, type CollectionScope, type Store } from '../store/index.js';
import { STIX_MEDIA_TYPE } from './media-types.js';
import type { TaxiiRequester } from './read-filter.js';
import type { CollectionAccess } from './resources.js';

/** The permissions collection access builds on. */
export type TaxiiPermission = 'objects:read' | 'objects:write' | 'audit:read';
/** Decides whether roles grant a permission (the identity area's `can`, handed in by the server). */
export type PermissionCheck = (roles: readonly string[], permission: TaxiiPermission) => boolean;

/** The audit log as TAXII uses it (the audit area's AuditLog, handed in by the server or CLI). */
export interface TaxiiAudit {
  record(event: { readonly actor: string; readonly action: TaxiiAuditAction; readonly target?: string; readonly details?: Readonly<Record<string, unknown>> }): Promise<unknown>;
}
export type TaxiiAuditAction = 'object.imported' | 'object.deleted' | 'collection.created' | 'collection.changed' | 'collection.removed';

/** Where the default collection's id is kept once created (so that removing it sticks). */
export const DEFAULT_COLLECTION_META = 'taxii.default_collection';
/** Media types a collection may list: it stores STIX 2.1 only. */
export const COLLECTION_MEDIA_TYPES: readonly string[] = [STIX_MEDIA_TYPE, 'application/stix+json'];

/** The default collection's settings: the whole store, read by every reading role, written by analysts. */
export const DEFAULT_COLLECTION = {
  title: 'All intelligence on this node',
  description: 'Every object this node holds, as its users may read it. Posting here stores objects on this node.',
  alias: 'default',
  scope: 'all' as CollectionScope,
  readers: ['role:analyst', 'role:liaison', 'role:observer'],
  writers: ['role:analyst'],
} as const;

function now(): string {
  return new Date().toISOString();
}

/**
 * Creates the node's default collection unless it was created before (also when an administrator
 * has since removed it). Called by `accord init` and when `accord serve` starts a node that
 * predates collections. Returns the collection when it was created now.
 */
export async function ensureDefaultCollection(store: Store): Promise<CollectionRecord | undefined> {
  if ((await store.meta.get(DEFAULT_COLLECTION_META)) !== undefined) return undefined;
  const at = now();
  const aliasTaken = (await store.collections.get(DEFAULT_COLLECTION.alias)) !== undefined;
  const record: CollectionRecord = {
    id: randomUUID(), title: DEFAULT_COLLECTION.title, description: DEFAULT_COLLECTION.description,
    alias: aliasTaken ? null : DEFAULT_COLLECTION.alias, mediaTypes: [STIX_MEDIA_TYPE], scope: DEFAULT_COLLECTION.scope,
    readers: [...DEFAULT_COLLECTION.readers], writers: [...DEFAULT_COLLECTION.writers], createdAt: at, updatedAt: at,
  };
  await store.collections.create(record);
  await store.meta.set(DEFAULT_COLLECTION_META, record.id);
  return record;
}

function names(entries: readonly string[], requester: TaxiiRequester): boolean {
  for (const e of entries) {
    if (e.startsWith('role:') ? requester.roles.includes(e.slice(5)) : requester.kind === 'local' && e === `user:${requester.username}`) return true;
  }
  return false;
}

/** can_read / can_write of a collection for a requester (§5.2.1). */
export function collectionAccess(c: CollectionRecord, requester: TaxiiRequester, can: PermissionCheck): CollectionAccess {
  return {
    canRead: can(requester.roles, 'objects:read') && names(c.readers, requester),
    canWrite: can(requester.roles, 'objects:write') && names(c.writers, requester),
  };
}

/** A new collection, as the API and the CLI describe it. */
export interface NewCollection {
  readonly id?: string;
  readonly title: string;
  readonly description?: string | null;
  readonly alias?: string | null;
  readonly mediaTypes?: readonly string[];
  readonly scope?: CollectionScope;
  readonly readers?: readonly string[];
  readonly writers?: readonly string[];
}

/** A change to a collection (the scope and id never change). */
export type CollectionChange = Partial<Pick<NewCollection, 'title' | 'description' | 'alias' | 'mediaTypes' | 'readers' | 'writers'>>;

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const UUID_LIKE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ALIAS = /^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$/;
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

function invalid(message: string): AccordError {
  return new AccordError('invalid', 'taxii.bad-collection', message);
}

/** Administration of collections: checks every setting, records every change in the audit log. */
export class CollectionsService {
  constructor(
    private readonly store: Store,
    private readonly audit: TaxiiAudit,
    /** The role names `role:<role>` entries may use. */
    private readonly roles: readonly string[],
  ) {}

  list(): Promise<CollectionRecord[]> {
    return this.store.collections.list();
  }

  /** By id or alias; throws `taxii.no-such-collection` (404). */
  async get(idOrAlias: string): Promise<CollectionRecord> {
    const c = await this.store.collections.get(idOrAlias);
    if (c === undefined) throw new AccordError('not-found', 'taxii.no-such-collection', `there is no collection ${idOrAlias}`);
    return c;
  }

  async create(input: NewCollection, actor: string): Promise<CollectionRecord> {
    if (input.id !== undefined && !UUID_V4.test(input.id)) throw invalid(`id must be a lowercase UUIDv4 (or omitted to have one generated), got "${input.id}"`);
    const scope = input.scope ?? 'members';
    if (scope !== 'all' && scope !== 'members') throw invalid(`scope must be "all" or "members", got "${String(scope)}"`);
    const at = now();
    const record: CollectionRecord = {
      id: input.id ?? randomUUID(),
      title: this.title(input.title),
      description: this.description(input.description ?? null),
      alias: this.alias(input.alias ?? null),
      mediaTypes: this.mediaTypes(input.mediaTypes ?? [STIX_MEDIA_TYPE]),
      scope,
      readers: this.principals('readers', input.readers ?? []),
      writers: this.principals('writers', input.writers ?? []),
      createdAt: at,
      updatedAt: at,
    };
    await this.store.collections.create(record);
    await this.audit.record({ actor, action: 'collection.created', target: `collection:${record.id}`, details: this.summary(record) });
    return record;
  }

  async update(idOrAlias: string, change: CollectionChange, actor: string): Promise<CollectionRecord> {
    const current = await this.get(idOrAlias);
    const patch: { -readonly [K in keyof CollectionPatch]: CollectionPatch[K] } = {};
    if (change.title !== undefined) patch.title = this.title(change.title);
    if (change.description !== undefined) patch.description = this.description(change.description);
    if (change.alias !== undefined) patch.alias = this.alias(change.alias);
    if (change.mediaTypes !== undefined) patch.mediaTypes = this.mediaTypes(change.mediaTypes);
    if (change.readers !== undefined) patch.readers = this.principals('readers', change.readers);
    if (change.writers !== undefined) patch.writers = this.principals('writers', change.writers);
    if (Object.keys(patch).length === 0) return current;
    patch.updatedAt = now();
    const updated = await this.store.collections.update(current.id, patch);
    const changed = Object.keys(patch).filter((k) => k !== 'updatedAt');
    await this.audit.record({ actor, action: 'collection.changed', target: `collection:${current.id}`, details: { changed, ...this.summary(updated) } });
    return updated;
  }

  /** Removes a collection (never the objects it lists); throws `taxii.no-such-collection` (404). */
  async remove(idOrAlias: string, actor: string): Promise<void> {
    const current = await this.get(idOrAlias);
    if (!(await this.store.collections.remove(current.id))) throw new AccordError('not-found', 'taxii.no-such-collection', `there is no collection ${idOrAlias}`);
    await this.audit.record({ actor, action: 'collection.removed', target: `collection:${current.id}`, details: { title: current.title, scope: current.scope } });
  }

  private summary(c: CollectionRecord): Record<string, unknown> {
    return { title: c.title, alias: c.alias, scope: c.scope, readers: c.readers, writers: c.writers };
  }

  private title(t: string): string {
    const v = t.trim();
    if (v === '' || v.length > 200) throw invalid('title must be 1–200 characters');
    return v;
  }

  private description(d: string | null): string | null {
    if (d === null || d.trim() === '') return null;
    if (d.length > 2000) throw invalid('description must be at most 2,000 characters');
    return d;
  }

  private alias(a: string | null): string | null {
    if (a === null || a === '') return null;
    if (!ALIAS.test(a) || UUID_LIKE.test(a)) {
      throw invalid(`alias "${a}" must be 1–64 characters (a–z, 0–9, '.', '_', '-', starting and ending with a letter or digit) and must not look like a UUID`);
    }
    return a;
  }

  private mediaTypes(list: readonly string[]): string[] {
    if (list.length === 0) throw invalid(`media_types must list at least one of ${COLLECTION_MEDIA_TYPES.join(', ')}`);
    for (const m of list) if (!COLLECTION_MEDIA_TYPES.includes(m)) throw invalid(`media type "${m}" cannot be stored here; use ${COLLECTION_MEDIA_TYPES.join(' or ')}`);
    return [...new Set(list)];
  }

  private principals(which: string, list: readonly string[]): string[] {
    for (const p of list) {
      const ok = p.startsWith('role:') ? this.roles.includes(p.slice(5)) : p.startsWith('user:') && USERNAME.test(p.slice(5));
      if (!ok) throw invalid(`${which}: "${p}" must be role:<${this.roles.join('|')}> or user:<username>`);
    }
    return [...new Set(list)];
  }
}
