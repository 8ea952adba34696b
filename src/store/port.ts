// The storage port: what the rest of Accord may ask of a store, whatever database is behind it.
// Two adapters implement it (sqlite/, postgres/) and one contract suite (contract/) holds both to
// the same behaviour. Everything here is async, so an adapter may be a network database.
import type { AlertRepository, AssetRepository } from './assets.port.js';
import type { DetectionRepository } from './detections.port.js';
import type { ObservationRepository } from './observations.port.js';
import type { AuditRepository } from './audit.port.js';
import type { CollectionRepository, StatusRepository } from './collections.port.js';
import type { SessionRepository, TokenRepository, UserRepository } from './identity.port.js';
import type { FeedRepository } from './feeds.port.js';
import type { PublicationRepository } from './publications.port.js';
import type { RetractionRepository } from './retractions.port.js';
import type { SavedExportRepository } from './exports.port.js';
import type { ShareRepository, VisibilityRepository } from './visibility.port.js';

/** An object version ready to store: the canonical JSON plus what the store indexes. Built by `prepareObject`. */
export interface PreparedObject {
  readonly id: string;
  readonly type: string;
  readonly specVersion: string;
  /** `modified` ?? `created` as written in the object, or null for unversioned objects (most SCOs). */
  readonly version: string | null;
  readonly revoked: boolean;
  readonly createdByRef: string | null;
  readonly labels: readonly string[];
  readonly markings: readonly string[];
  /** Text the full-text index covers (names, descriptions, patterns, observable values). */
  readonly searchText: string;
  /** Lowercase hex SHA-256 of `json`. */
  readonly hash: string;
  /** RFC 8785 canonical JSON of the object exactly as received. */
  readonly json: string;
}

/** A stored object version, as the store hands it out (never a raw database row). */
export interface StoredObject {
  /** date_added, microseconds since the epoch: unique and strictly increasing per node. */
  readonly added: number;
  readonly id: string;
  readonly type: string;
  readonly specVersion: string;
  /** The version timestamp: `modified` ?? `created` ?? date_added (TAXII's rule for unversioned objects). */
  readonly version: string;
  readonly hash: string;
  readonly json: string;
  readonly latest: boolean;
  readonly first: boolean;
  readonly revoked: boolean;
}

/** What happened to one object of a batch. */
export type PutOutcome =
  | { readonly status: 'new' | 'new-version' | 'unchanged'; readonly added: number }
  | { readonly status: 'conflict' | 'rejected'; readonly code: string; readonly message: string };

/** Which versions of each object a query returns. */
export type VersionSelector = 'last' | 'first' | 'all';

/**
 * A filtered, keyset-paginated read in date_added order. All filters are ANDed; values in one list are ORed.
 * With `collection` (a members collection), the read covers the versions added to it, and
 * `added`/`after` are their date_added in that collection.
 * With `visibleTo` (a member id), the read covers the versions visible to that member's node
 * (visibility.port.ts), and `added`/`after` are that member's visibility stamps: a version
 * granted to the member after a page was read has a larger stamp than the page, so the next page
 * finds it. `versions: 'last'`/`'first'` then mean the newest/oldest version *visible to that
 * member* (a member that may read v1 but not v2 gets v1 as the object's latest).
 * `visibleTo` and `collection` together are refused (`store.bad-query`): a version's stamp in a
 * collection and its stamp for a member are two clocks' readings, and paging by either one
 * alone would skip a version that joined the collection (or became visible) after the other.
 */
export interface ObjectQuery {
  /** A members collection's id; absent: every stored version. */
  readonly collection?: string;
  /** A member id: only the versions visible to that member's node, paged by its visibility stamps. */
  readonly visibleTo?: string;
  /** Only versions added strictly after this date_added (µs): the cursor and TAXII's added_after. */
  readonly after?: number;
  readonly limit: number;
  readonly ids?: readonly string[];
  readonly types?: readonly string[];
  readonly createdBy?: readonly string[];
  readonly markings?: readonly string[];
  readonly labels?: readonly string[];
  readonly specVersions?: readonly string[];
  /** Default `last`. */
  readonly versions?: VersionSelector;
  /** Exact version timestamps (TAXII match[version]=<timestamp>); overrides `versions`. */
  readonly versionTimestamps?: readonly string[];
  /** Only versions whose version timestamp is at or after this STIX timestamp. */
  readonly modifiedSince?: string;
  /** Only versions whose version timestamp is at or before this STIX timestamp. */
  readonly modifiedUntil?: string;
  /** Full-text search over names, descriptions, patterns and observable values. */
  readonly text?: string;
}

export interface ObjectPage {
  readonly items: readonly StoredObject[];
  /** True when more matching versions follow the last item. */
  readonly more: boolean;
}

/** What serving object bodies needs of a version: its date_added (for cursors and headers) and its JSON. */
export interface StoredBody {
  readonly added: number;
  readonly json: string;
}

export interface BodyPage {
  readonly items: readonly StoredBody[];
  readonly more: boolean;
}

/** How many of the counted versions carry one value of a facet. */
export interface FacetValue {
  readonly value: string;
  readonly count: number;
}

/**
 * Facet counts over the versions a query matches (docs/decisions/0031): bounded counting. At
 * most `bound` of the newest matching versions are counted; when more match, `bounded` is true,
 * `total` is the bound and each count is a lower bound (what the newest `bound` versions hold).
 */
export interface FacetCounts {
  readonly total: number;
  readonly bounded: boolean;
  /** Each facet's values, most frequent first (ties by value). */
  readonly type: readonly FacetValue[];
  readonly creator: readonly FacetValue[];
  readonly marking: readonly FacetValue[];
  readonly label: readonly FacetValue[];
}

export interface ObjectStats {
  /** Objects (distinct ids) and stored versions. */
  readonly objects: number;
  readonly versions: number;
  /** Counts over the latest version of each object. */
  readonly byType: Readonly<Record<string, number>>;
  readonly byMarking: Readonly<Record<string, number>>;
  readonly byCreator: Readonly<Record<string, number>>;
}

/** Which versions of which objects `remove` takes away. */
export interface RemoveSelection {
  readonly ids: readonly string[];
  /** Default `all`. */
  readonly versions?: VersionSelector;
  /** Exact version timestamps; overrides `versions`. */
  readonly versionTimestamps?: readonly string[];
  readonly specVersions?: readonly string[];
  /** From this members collection only; absent: from the store itself. */
  readonly collection?: string;
}

export interface ObjectRepository {
  /**
   * Stores a batch in one transaction: all of it or, on failure, none of it. Reports per object.
   * With `collection` (a members collection), every version stored or already held is also added
   * to it (with its own date_added there) in the same transaction.
   */
  put(batch: readonly PreparedObject[], options?: { readonly collection?: string }): Promise<PutOutcome[]>;
  /**
   * Removes versions (this node's copy only) in one transaction and returns how many. From the
   * store, versions leave every collection and the visibility table too; the latest/first flags
   * of what remains are kept right. Share rows stay: removing the local copy of a share record
   * does not end the share (a retraction does).
   */
  remove(selection: RemoveSelection): Promise<number>;
  /** Every stored version of one object, oldest version first; empty when unknown. */
  versions(id: string): Promise<StoredObject[]>;
  list(query: ObjectQuery): Promise<ObjectPage>;
  /** The same query as `list`, returning only date_added and the JSON text: the fast path for serving pages and exports. */
  listBodies(query: ObjectQuery): Promise<BodyPage>;
  stats(): Promise<ObjectStats>;
  /** Counts per type, creator, marking and label over at most `bound` of the newest versions the query matches (`after` still applies; `limit` does not). */
  facets(query: Omit<ObjectQuery, 'limit'>, bound: number): Promise<FacetCounts>;
  /** The highest date_added issued so far (0 when none). */
  lastAdded(): Promise<number>;
}

/** Small node-level settings (the member identity, the node's public key, …). */
export interface MetaRepository {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Where the data lives, for logs (no credentials). */
  readonly location: string;
  readonly objects: ObjectRepository;
  readonly users: UserRepository;
  readonly tokens: TokenRepository;
  readonly sessions: SessionRepository;
  readonly audit: AuditRepository;
  readonly collections: CollectionRepository;
  readonly statuses: StatusRepository;
  readonly shares: ShareRepository;
  readonly visibility: VisibilityRepository;
  /** Shares waiting for a second user's approval (the four-eyes rule). */
  readonly publications: PublicationRepository;
  /** Retractions held here and what they did; receipts holders returned (docs/decisions/0022). */
  readonly retractions: RetractionRepository;
  /** Remote feeds pulled on a schedule: validators, last outcome, the dates of each value's indicator (docs/decisions/0026). */
  readonly feeds: FeedRepository;
  /** Device feeds defined once and polled over HTTP (docs/decisions/0025). */
  readonly savedExports: SavedExportRepository;
  /** The critical information infrastructure registry: the member's own assets (local-only, never shared). */
  readonly assets: AssetRepository;
  /** What the registry's watch raised when intelligence touched an asset, and each alert's state changes. */
  readonly alerts: AlertRepository;
  /** Detection alerts: what matching the member's own logs found, per indicator, with the evidence (local-only). */
  readonly detections: DetectionRepository;
  /** The retro-hunt history: values the member's own logs showed, per path and day (local-only). */
  readonly observations: ObservationRepository;
  readonly meta: MetaRepository;
  /** Resolves when the database answers; used by /readyz. */
  ping(): Promise<void>;
  /**
   * Takes a named role for this process among every process using this store (e.g. "sync": the
   * one `accord serve` that pulls and pushes), or undefined while another process holds it. Held
   * until released, the store closed, or the process gone (a crash frees it): on PostgreSQL a
   * session advisory lock on a connection of its own, on SQLite a lock file beside the database
   * naming the holder's process id.
   */
  exclusive(name: ExclusiveRole): Promise<ExclusiveLease | undefined>;
  /**
   * Calls `listener` with the store's clock soon after any process using this store advanced it
   * (objects stored, visibility granted): at once on PostgreSQL (LISTEN/NOTIFY), within
   * `pollMs` on SQLite (the clock is read, one row). Changes may be announced together.
   */
  watch(listener: (lastAdded: number) => void, options?: { readonly pollMs?: number }): Promise<StoreWatch>;
  close(): Promise<void>;
}

/** A watch on the store's clock; stop() ends it. */
export interface StoreWatch {
  stop(): Promise<void>;
}

/** The roles one process at a time may hold for a store. */
export type ExclusiveRole = 'sync' | 'feeds' | 'assets';

/** A role held; release() gives it up (idempotent). */
export interface ExclusiveLease {
  release(): Promise<void>;
  /**
   * Settles when the role can no longer be trusted to be held (PostgreSQL: the lock's connection
   * failed, so the server released the lock), with the reason. The holder must stop the work the
   * role guards and take the role again. A lock file is never lost this way: it stays pending.
   */
  readonly lost: Promise<string>;
}
