// Who is asking, and the one read filter every TAXII object read passes through.
//
// The TAXII routes never decide what a requester may see in a collection: they build the store
// query from the request's filters and hand it to the read filter, which narrows it (or refuses
// it) for the requester. The sharing work replaces the filter with the sharing policy — e.g. a
// per-member visibility restriction added to the store query — without touching the routes,
// the pagination or the cursors (a cursor is only a position; the query is always re-narrowed,
// so a cursor handed from one requester to another reveals nothing: TAXII 2.1 Appendix B, "next").
import type { CollectionRecord, ObjectQuery } from '../store/index.js';

/** An authenticated requester, as the server hands it to TAXII. */
export interface TaxiiRequester {
  /** `local`: one of this node's own users (through a token, Basic or a session). Peers come with the membership work. */
  readonly kind: 'local';
  readonly userId: string;
  readonly username: string;
  /** The roles in force for this request. */
  readonly roles: readonly string[];
  /** How the audit log names the requester (e.g. `user:omar/token:abc`). */
  readonly actor: string;
}

/** Narrows what a requester may read in a collection. */
export interface TaxiiReadFilter {
  /**
   * The store query restricted to what `requester` may read in `collection`, or null when the
   * requester may read nothing there. Called for every object, manifest and version read.
   */
  restrict(requester: TaxiiRequester, collection: CollectionRecord, query: ObjectQuery): ObjectQuery | null | Promise<ObjectQuery | null>;
}

/**
 * Until the sharing policy exists: the node's own users read everything a collection holds
 * (their access to the collection itself is checked before, by can_read); no one else reads anything.
 */
export const localUsersReadFilter: TaxiiReadFilter = {
  restrict: (requester, _collection, query) => (requester.kind === 'local' ? query : null),
};
