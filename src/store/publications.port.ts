// The storage port for publication requests (issue 5, "drafts and publishing";
// docs/decisions/0019): a share that waits for a second user's approval under the four-eyes rule.
// Nothing of a pending request is signed, indexed or visible to anyone: it lives here only, with
// the object versions it names, until it is approved (then the sharing area signs and stores
// ordinary share records), rejected or withdrawn. The store never judges a request; it keeps the
// rows and makes each decision a compare-and-set on the pending state, so two reviewers deciding
// at once cannot both win.

/** pending → approved | rejected | withdrawn; a decided request never changes state again. */
export type PublicationState = 'pending' | 'approved' | 'rejected' | 'withdrawn';

/** One object version a request asks to share, as it was when the request was made. */
export interface PublicationObject {
  readonly objectId: string;
  /** The stored version (its version timestamp). */
  readonly objectVersion: string;
  /** SHA-256 (lowercase hex) of the version's canonical JSON: approval checks it is still the same content. */
  readonly objectHash: string;
}

export interface PublicationRecord {
  /** `publication--<UUIDv4>`. */
  readonly id: string;
  readonly state: PublicationState;
  /** The TLP 2.0 level of the terms (kept apart from `terms` for listing). */
  readonly tlp: string;
  /** The share terms (the sharing area's BulkShareTerms) as JSON text; the store does not read it. */
  readonly terms: string;
  /** How many objects the request names. */
  readonly objectCount: number;
  /** Who asked (the person the four-eyes rule compares, e.g. `user:alice`, `cli:alice`). */
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  /** Why it was rejected or withdrawn (required for a rejection). */
  readonly reason: string | null;
  /** What the approval did (JSON text written by the sharing area: shared count, refusals); null until then. */
  readonly outcome: string | null;
}

/** A decision on a pending request. */
export interface PublicationDecision {
  readonly state: Exclude<PublicationState, 'pending'>;
  readonly decidedBy: string;
  readonly decidedAt: string;
  readonly reason: string | null;
}

export interface PublicationQuery {
  readonly state?: PublicationState;
  /** Only requests made after this position (the `next` of the previous page; start with 0). */
  readonly after?: number;
  readonly limit: number;
}

export interface PublicationPage {
  /** Oldest first: a review queue. */
  readonly items: readonly PublicationRecord[];
  /** The position to pass as `after` for the next page; absent on the last page. */
  readonly next?: number;
}

export interface PublicationRepository {
  /** Stores a new request with its objects, in one transaction. Throws AccordError `store.publication-exists` for a taken id. */
  create(request: PublicationRecord, objects: readonly PublicationObject[]): Promise<void>;
  get(id: string): Promise<PublicationRecord | undefined>;
  list(query: PublicationQuery): Promise<PublicationPage>;
  /** The request's objects in the order they were asked for, `limit` from position `offset`. */
  objects(id: string, offset: number, limit: number): Promise<PublicationObject[]>;
  /**
   * Decides a pending request: sets its state, decider, time and reason only if it is still
   * pending. Returns the updated request, or undefined when it is unknown or already decided.
   */
  decide(id: string, decision: PublicationDecision): Promise<PublicationRecord | undefined>;
  /** Records what an approval did (JSON text); only on an approved request. */
  setOutcome(id: string, outcome: string): Promise<void>;
}
