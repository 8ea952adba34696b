// The vocabulary of sharing (ARCHITECTURE.md, decision 4): share records, audiences and the
// membership view the policy reads. Objects are never altered; a share record says who may read
// one version of one object, and is signed by the member who shares it.
import type { TlpLevel } from '../stix/index.js';

/** A member is named by its STIX identity id (`identity--…`), the same on every node. */
export type MemberId = string;

/**
 * Who a share is for. `sharer`: the sharing member alone (kept on its node, shared with no one);
 * `members`: the named members (the sharer is always included); `group`: the members of a sharing
 * group as it stood at a pinned version (later joiners of the group are not included unless the
 * group version is re-pinned by a new share); `all`: every current member.
 */
export type Audience =
  | { readonly kind: 'sharer' }
  | { readonly kind: 'members'; readonly members: readonly MemberId[] }
  | { readonly kind: 'group'; readonly group: string; readonly version: number }
  | { readonly kind: 'all' };

/** Source reliability (Admiralty scale as the issue names it): A reliable, B usually, C fairly, X cannot be judged. */
export type SourceReliability = 'A' | 'B' | 'C' | 'X';
/** Information accuracy: 1 confirmed, 2 probably true, 3 possibly true, 4 cannot be judged. */
export type InformationAccuracy = 1 | 2 | 3 | 4;

/**
 * A share record as the policy sees it: already parsed and verified (signature, content hash),
 * never a raw STIX object. The STIX form (`x-accord-share`) and its signature are records.ts's.
 */
export interface Share {
  /** The share record's own id (`x-accord-share--…`). */
  readonly id: string;
  /** The shared object's id and version (`modified`, else `created`; null for an unversioned SCO). */
  readonly objectId: string;
  readonly objectVersion: string | null;
  /** SHA-256 (lowercase hex) of the shared version's RFC 8785 canonical JSON. */
  readonly objectHash: string;
  /** The member who shares it (and signed the record). */
  readonly sharer: MemberId;
  /** The one TLP 2.0 level of the share (TLP 1.0 markings map onto it: white → clear). */
  readonly tlp: TlpLevel;
  readonly audience: Audience;
  /** May a recipient's node pass the object on to other members of the audience? */
  readonly relay: boolean;
  readonly handlingCode?: string;
  readonly sourceReliability?: SourceReliability;
  readonly informationAccuracy?: InformationAccuracy;
  /** When the sharer made the record (its `modified`). */
  readonly modified: string;
}

/** What the policy needs to know about membership (static list now, the membership state later). */
export interface MembershipView {
  /** True when `member` is a current (not suspended) member. */
  isMember(member: MemberId): boolean;
  /** Every current member. */
  members(): readonly MemberId[];
  /** The members of a sharing group at one of its versions; undefined when that version is unknown. */
  groupMembers(group: string, version: number): readonly MemberId[] | undefined;
  /** A member's display name, for explanations ("CERT-FR"); the id when unknown. */
  nameOf(member: MemberId): string;
  /**
   * True when `member` is or was a member (a suspended one too). An object such an identity
   * created is its own to share (rule 4), also while it is suspended; without this method only
   * current members count as originators, so suspending a member would let others share its objects.
   */
  isOrWasMember?(member: MemberId): boolean;
}
