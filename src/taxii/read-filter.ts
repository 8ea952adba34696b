// Who is asking, and the one read filter every TAXII object read passes through.
//
// The TAXII routes never decide what a requester may see in a collection: they build the store
// query from the request's filters and hand it to the read filter, which narrows it (or refuses
// it) for the requester. The sharing policy comes in here as a per-member visibility restriction
// on the store query (`visibleTo`), without touching the routes, the pagination or the cursors (a
// cursor is only a position; the query is always re-narrowed, so a cursor handed from one
// requester to another reveals nothing: TAXII 2.1 Appendix B, "next").
import type { MembershipView } from '../sharing/index.js';
import type { CollectionRecord, ObjectQuery } from '../store/index.js';

/** One of this node's own users (through a token, Basic or a session). */
export interface LocalRequester {
  readonly kind: 'local';
  readonly userId: string;
  readonly username: string;
  /** The roles in force for this request. */
  readonly roles: readonly string[];
  /** How the audit log names the requester (e.g. `user:omar/token:abc`). */
  readonly actor: string;
}

/** Another member's node, authenticated by its member key (federation's authenticatePeer). */
export interface PeerRequester {
  readonly kind: 'peer';
  /** The member's STIX identity id. */
  readonly memberId: string;
  /** The fingerprint of the member key that signed the request. */
  readonly fingerprint: string;
  /**
   * The roles this node grants peers for the request (the server decides). Collection access
   * reads them as for users (`role:` entries); `user:` entries never name a peer.
   */
  readonly roles: readonly string[];
  /** How the audit log names the requester (e.g. `member:identity--…`). */
  readonly actor: string;
}

/** An authenticated requester, as the server hands it to TAXII. */
export type TaxiiRequester = LocalRequester | PeerRequester;

/** Who owns what a requester creates (a TAXII status resource): a user's id, or `member:<id>` for a peer. */
export function requesterOwner(requester: TaxiiRequester): string {
  return requester.kind === 'local' ? requester.userId : `member:${requester.memberId}`;
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
 * Without the sharing policy: the node's own users read everything a collection holds (their
 * access to the collection itself is checked before, by can_read); no one else reads anything.
 */
export const localUsersReadFilter: TaxiiReadFilter = {
  restrict: (requester, _collection, query) => (requester.kind === 'local' ? query : null),
};

export interface SharingReadFilterOptions {
  /** Which members are current: a suspended or unknown member's node reads nothing. */
  readonly membership: Pick<MembershipView, 'isMember'>;
  /** This node's own member id: no peer reads as this node (the visibility table keeps no rows for it). */
  readonly self: string;
}

/**
 * The sharing policy at the TAXII edge. The node's own users read as with localUsersReadFilter. A
 * peer reads the versions the visibility table lets this node pass to its member, paged by that
 * member's visibility stamps, so that `added_after` finds what became visible to it late (a
 * quarantine released, a group joined) and the cost of a poll does not depend on what it may not
 * read. Peers read through the collections that show the whole store (`scope: all`); a members
 * collection is a selection made by this node's users for themselves, and a version's stamp there
 * and its member stamp cannot be paged together (ObjectQuery), so a peer reads nothing in one.
 */
export function sharingReadFilter(options: SharingReadFilterOptions): TaxiiReadFilter {
  return {
    restrict: (requester, collection, query) => {
      if (requester.kind === 'local') return query;
      if (requester.memberId === options.self || !options.membership.isMember(requester.memberId)) return null;
      if (collection.scope !== 'all' || query.collection !== undefined) return null;
      return { ...query, visibleTo: requester.memberId };
    },
  };
}
