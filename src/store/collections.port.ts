// The storage port for TAXII collections and TAXII status resources.
//
// A collection is either the node's whole store seen through TAXII (`scope: 'all'`: the default
// collection, date_added = the version's own date_added) or a set of object versions added to it
// (`scope: 'members'`). A version added to a members collection gets a date_added of its own in
// that collection, from the node's clock, when it is added — also when the node stored it long
// before — so a client paging that collection with added_after can never miss it.

export type CollectionScope = 'all' | 'members';

export interface CollectionRecord {
  /** A UUIDv4 (TAXII identifier). */
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
  /** An optional, unique, human-friendly name usable instead of the id in URLs. */
  readonly alias: string | null;
  readonly mediaTypes: readonly string[];
  readonly scope: CollectionScope;
  /** Who may read and who may write: `role:<role>` or `user:<username>` (the sharing work adds members). */
  readonly readers: readonly string[];
  readonly writers: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type CollectionPatch = Partial<Pick<CollectionRecord, 'title' | 'description' | 'alias' | 'mediaTypes' | 'readers' | 'writers' | 'updatedAt'>>;

export interface CollectionRepository {
  /** Every collection, oldest first (a stable order, as TAXII requires). */
  list(): Promise<CollectionRecord[]>;
  /** By id or by alias. */
  get(idOrAlias: string): Promise<CollectionRecord | undefined>;
  /** Throws AccordError `store.collection-exists` when the id or alias is taken. */
  create(c: CollectionRecord): Promise<void>;
  /** Throws AccordError `store.collection-not-found`, or `store.collection-exists` for a taken alias. */
  update(id: string, patch: CollectionPatch): Promise<CollectionRecord>;
  /** Removes a collection and its membership (never the objects); false when unknown. */
  remove(id: string): Promise<boolean>;
}

/** One object's outcome in a TAXII status resource. */
export interface StatusDetail {
  readonly id: string;
  readonly version: string;
  readonly message?: string;
}

export interface StatusRecord {
  /** A UUIDv4. */
  readonly id: string;
  readonly status: 'complete' | 'pending';
  readonly requestTimestamp: string;
  readonly totalCount: number;
  readonly successCount: number;
  readonly failureCount: number;
  readonly pendingCount: number;
  readonly successes: readonly StatusDetail[];
  readonly failures: readonly StatusDetail[];
  readonly pendings: readonly StatusDetail[];
  /** The user who made the request: only they (and administrators) may read it. */
  readonly ownerId: string;
  readonly collectionId: string;
}

export interface StatusRepository {
  create(s: StatusRecord): Promise<void>;
  get(id: string): Promise<StatusRecord | undefined>;
}
