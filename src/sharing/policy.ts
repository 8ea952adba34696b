// The sharing policy: who may read, relay and feed to devices one object version, given the share
// records that name it (ARCHITECTURE.md decision 4). docs/sharing-policy.md is the normative text
// and its table is the test of this module; the visibility table is tested against this module.
//
// Pure and total: no I/O, no clock, no store; odd input (a non-member in an audience, an unknown
// group version, a share of other content) is judged, never thrown on. Every answer is a Decision
// that lists each share that granted and each reason that did not, so `explain` can say why.
//
// How one share is judged, in this order (each step is a rule of docs/sharing-policy.md):
//   1. Binding. A share names an object id, version and content hash; a share of anything else
//      is not about this version and counts for nobody, not even its sharer. Versions compare as
//      exact strings (a share copies `modified` as stored); the hash settles the content.
//   2. Standing. The sharer must be a current member (the policy has no clock, so it cannot tell a
//      share made before a suspension from one made after), and must be the object's originator
//      when a member created it: another member's object reaches others only through its
//      originator's shares and their relays. A share without standing counts for nobody.
//   3. Width. TLP:RED must name its recipients (no group, not "all"), and no share may be wider
//      than the object's own inline TLP. A share that is too wide is refused: it grants its
//      sharer only, who holds the content anyway; it widens nothing for anyone else.
//   4. Audience. A valid share grants its sharer and the current members in its audience.
// A member may read iff at least one share grants it (a union, so adding a share never removes a
// reader). Relay and device feeds are judged per granting share on top of that.
import { mostRestrictive, TLP_LEVELS, tlpRank, type TlpLevel } from '../stix/index.js';
import type { MemberId, MembershipView, Share } from './types.js';

/** The object version a question is about. */
export interface PolicyVersion {
  /** The object's STIX id. */
  readonly id: string;
  /** Its `modified` (else `created`); null for an unversioned SCO. */
  readonly version: string | null;
  /** SHA-256 (lowercase hex) of its RFC 8785 canonical JSON. */
  readonly hash: string;
  /** The TLP of its own `object_marking_refs` (tlpOfObject: TLP 1.0 maps onto 2.0); absent when unmarked. */
  readonly inlineTlp?: TlpLevel;
  /** The member that created it (its created_by_ref), set only when that identity is or was a member. */
  readonly createdBy?: MemberId;
}

/** What was asked. */
export type Question =
  | { readonly kind: 'read'; readonly member: MemberId }
  | { readonly kind: 'relay'; readonly node: MemberId; readonly to: MemberId }
  | { readonly kind: 'feed'; readonly member: MemberId };

/** Why a share grants. */
export type GrantCode = 'own-share' | 'own-refused-share' | 'named' | 'group-member' | 'all-members' | 'sharer-delivers' | 'relay' | 'feed';

/** Why a share (or the question itself, share null) does not grant. */
export type DenialCode =
  | 'not-a-member' | 'no-share'
  | ShareFault
  | 'kept-by-sharer' | 'not-named' | 'not-in-group' | 'group-version-unknown'
  | 'same-member' | 'node-not-recipient' | 'relay-not-allowed' | 'tlp-forbids-relay'
  | 'red-not-for-devices';

/** Why a share is not valid for a version (checkShare). */
export type ShareFault =
  | 'other-object' | 'other-version' | 'other-content' | 'malformed'
  | 'sharer-not-member' | 'not-originator'
  | 'red-wide-audience' | 'wider-than-inline';

export interface Grant {
  readonly share: Share;
  readonly code: GrantCode;
  readonly reason: string;
}

export interface Denial {
  readonly share: Share | null;
  readonly code: DenialCode;
  readonly reason: string;
}

/** The answer to one question: allowed iff at least one grant. */
export interface Decision {
  readonly question: Question;
  readonly allowed: boolean;
  readonly grants: readonly Grant[];
  readonly denials: readonly Denial[];
}

export type ShareCheck = { readonly valid: true } | { readonly valid: false; readonly code: ShareFault; readonly reason: string };

// Faults of binding and standing void a share; faults of width refuse it (sharer only).
const REFUSALS: ReadonlySet<ShareFault> = new Set<ShareFault>(['red-wide-audience', 'wider-than-inline']);

// Once a recipient holds AMBER+STRICT or RED it may not pass it outside its organisation, even to
// another addressee of the same share: only the sharer's node delivers those.
const RELAY_TLP: ReadonlySet<TlpLevel> = new Set<TlpLevel>(['clear', 'green', 'amber']);

/** Whether a share is valid for this object version, and if not, why. */
export function checkShare(share: Share, version: PolicyVersion, membership: MembershipView): ShareCheck {
  const by = membership.nameOf(share.sharer);
  const fault = (code: ShareFault, reason: string): ShareCheck => ({ valid: false, code, reason });
  if (!TLP_LEVELS.includes(share.tlp) || !wellFormedAudience(share)) return fault('malformed', `${by}'s share is malformed`);
  if (share.objectId !== version.id) return fault('other-object', `${by}'s share is for another object`);
  if (share.objectVersion !== version.version) return fault('other-version', `${by}'s share is for another version of this object`);
  if (share.objectHash !== version.hash) return fault('other-content', `${by}'s share names different content (content hash mismatch)`);
  if (!membership.isMember(share.sharer)) return fault('sharer-not-member', `${by}'s share does not count: ${by} is not a current member`);
  if (version.createdBy !== undefined && version.createdBy !== share.sharer) {
    const owner = membership.nameOf(version.createdBy);
    return fault('not-originator', `${by}'s share does not count: only ${owner}, who created this object, may share it`);
  }
  const refusal = refusalOf(share, version);
  if (refusal !== undefined) return fault(refusal.code, `${by}'s ${tlpName(share.tlp)} share is refused: ${refusal.detail}`);
  return { valid: true };
}

// Rules 5 and 6 of docs/sharing-policy.md: a share too wide for its TLP or for the object's marking.
function refusalOf(share: Share, version: PolicyVersion): { readonly code: ShareFault; readonly detail: string } | undefined {
  if (share.tlp === 'red' && (share.audience.kind === 'all' || share.audience.kind === 'group')) {
    return { code: 'red-wide-audience', detail: `TLP:RED must name its recipients, not address ${share.audience.kind === 'all' ? 'all members' : 'a group'}` };
  }
  if (version.inlineTlp !== undefined && tlpRank(share.tlp) < tlpRank(version.inlineTlp)) {
    return { code: 'wider-than-inline', detail: `the object itself is marked ${tlpName(version.inlineTlp)}` };
  }
  return undefined;
}

/** May `reader` read this object version? */
export function mayRead(reader: MemberId, version: PolicyVersion, shares: readonly Share[], membership: MembershipView): Decision {
  const question: Question = { kind: 'read', member: reader };
  if (!membership.isMember(reader)) return notAMember(question, reader, membership);
  const grants: Grant[] = [];
  const denials: Denial[] = [];
  for (const share of shares) {
    const r = readUnder(share, reader, version, membership);
    if ('denial' in r) denials.push(r.denial);
    else grants.push(r.grant);
  }
  if (shares.length === 0) denials.push({ share: null, code: 'no-share', reason: 'no share covers this version' });
  return { question, allowed: grants.length > 0, grants, denials };
}

/** May `node` (a member's node) pass this object version to member `to`? */
export function mayRelay(node: MemberId, to: MemberId, version: PolicyVersion, shares: readonly Share[], membership: MembershipView): Decision {
  const question: Question = { kind: 'relay', node, to };
  if (!membership.isMember(node)) return notAMember(question, node, membership);
  if (!membership.isMember(to)) return notAMember(question, to, membership);
  if (node === to) return deny(question, { share: null, code: 'same-member', reason: 'a node does not pass objects to itself' });
  const grants: Grant[] = [];
  const denials: Denial[] = [];
  for (const share of shares) {
    // `to` must be able to read under this very share: a relay never widens a share.
    const target = readUnder(share, to, version, membership);
    if ('denial' in target) {
      denials.push(target.denial);
      continue;
    }
    const by = membership.nameOf(share.sharer);
    if (node === share.sharer) {
      grants.push({ share, code: 'sharer-delivers', reason: `${by} shared it with ${membership.nameOf(to)}` });
      continue;
    }
    const self = readUnder(share, node, version, membership);
    if ('denial' in self) {
      denials.push({ share, code: 'node-not-recipient', reason: `${membership.nameOf(node)} is not a recipient of ${by}'s ${tlpName(share.tlp)} share` });
    } else if (!RELAY_TLP.has(share.tlp)) {
      denials.push({ share, code: 'tlp-forbids-relay', reason: `${tlpName(share.tlp)} is passed on by no one but its sharer (${by})` });
    } else if (!share.relay) {
      denials.push({ share, code: 'relay-not-allowed', reason: `${by}'s ${tlpName(share.tlp)} share does not allow relay` });
    } else {
      grants.push({ share, code: 'relay', reason: `${by}'s share allows relay to its audience` });
    }
  }
  if (shares.length === 0) denials.push({ share: null, code: 'no-share', reason: 'no share covers this version' });
  return { question, allowed: grants.length > 0, grants, denials };
}

/** May `member` put this object version into feeds for its own devices (blocklists, IDS rules)? */
export function mayFeedDevices(member: MemberId, version: PolicyVersion, shares: readonly Share[], membership: MembershipView): Decision {
  const question: Question = { kind: 'feed', member };
  const read = mayRead(member, version, shares, membership);
  const grants: Grant[] = [];
  const denials: Denial[] = [...read.denials];
  for (const g of read.grants) {
    // The object's own marking counts too: a refused share still lets its sharer read, and its
    // TLP may be wider than what the object says of itself.
    const level = version.inlineTlp === undefined ? g.share.tlp : mostRestrictive(g.share.tlp, version.inlineTlp);
    if (level === 'red') denials.push({ share: g.share, code: 'red-not-for-devices', reason: 'TLP:RED never goes into device feeds' });
    else grants.push({ share: g.share, code: 'feed', reason: `${tlpName(level)} may go into the member's own device feeds` });
  }
  return { question, allowed: grants.length > 0, grants, denials };
}

/** Exactly the members who may read this version (for "preview of who will receive it"), in membership order. */
export function audienceOf(version: PolicyVersion, shares: readonly Share[], membership: MembershipView): MemberId[] {
  // Candidates beyond members() guard against a view whose list and isMember disagree.
  const candidates = new Set<MemberId>(membership.members());
  for (const s of shares) {
    candidates.add(s.sharer);
    if (wellFormedAudience(s) && s.audience.kind === 'members') for (const m of s.audience.members) candidates.add(m);
  }
  return [...candidates].filter((m) => mayRead(m, version, shares, membership).allowed);
}

/** A decision in plain words, e.g. "CERT-B may read this: shared by CERT-A under TLP:AMBER with CERT-B and CERT-C (relay not allowed)." */
export function explain(decision: Decision, membership: MembershipView): string {
  const q = decision.question;
  const name = (m: MemberId): string => membership.nameOf(m);
  const actor = q.kind === 'relay' ? q.node : q.member;
  const head =
    q.kind === 'read' ? `${name(q.member)} ${decision.allowed ? 'may' : 'may not'} read this`
    : q.kind === 'relay' ? `${name(q.node)}'s node ${decision.allowed ? 'may' : 'may not'} pass this to ${name(q.to)}`
    : `${name(q.member)} ${decision.allowed ? 'may' : 'may not'} put this in its device feeds`;
  if (decision.allowed) {
    const seen = new Set<string>();
    const parts: string[] = [];
    for (const g of decision.grants) {
      if (seen.has(g.share.id)) continue;
      seen.add(g.share.id);
      const who = g.share.sharer === actor ? 'its own share' : `shared by ${name(g.share.sharer)}`;
      const note = g.code === 'own-refused-share' ? g.reason : relayWords(g.share);
      parts.push(`${who} under ${tlpName(g.share.tlp)} ${audienceWords(g.share, membership)} (${note})`);
    }
    return `${head}: ${parts.join('; also ')}.`;
  }
  const reasons = [...new Set(decision.denials.map((d) => d.reason))];
  return `${head}: ${reasons.length > 0 ? reasons.join('; ') : 'no share grants it'}.`;
}

/** A share's terms in plain words, e.g. "under TLP:GREEN with all members (relay allowed)" (for summaries of many shares). */
export function shareWords(share: Share, membership: MembershipView): string {
  return `under ${tlpName(share.tlp)} ${audienceWords(share, membership)} (${relayWords(share)})`;
}

// --- one share, one member --------------------------------------------------------------------

type Judged = { readonly grant: Grant } | { readonly denial: Denial };

// Whether `member` (known to be current) reads under `share`: steps 1–4 of the header.
function readUnder(share: Share, member: MemberId, version: PolicyVersion, membership: MembershipView): Judged {
  const check = checkShare(share, version, membership);
  if (!check.valid && !REFUSALS.has(check.code)) return { denial: { share, code: check.code, reason: check.reason } };
  if (member === share.sharer) {
    const refusal = refusalOf(share, version);
    return refusal === undefined
      ? { grant: { share, code: 'own-share', reason: `${membership.nameOf(member)} made this share` } }
      : { grant: { share, code: 'own-refused-share', reason: `refused for everyone else: ${refusal.detail}` } };
  }
  if (!check.valid) return { denial: { share, code: check.code, reason: check.reason } };
  const by = membership.nameOf(share.sharer);
  const tlp = tlpName(share.tlp);
  const who = membership.nameOf(member);
  const a = share.audience;
  switch (a.kind) {
    case 'sharer':
      return { denial: { share, code: 'kept-by-sharer', reason: `${by}'s ${tlp} share is kept to ${by} alone` } };
    case 'members':
      return a.members.includes(member)
        ? { grant: { share, code: 'named', reason: `${by}'s ${tlp} share names ${who}` } }
        : { denial: { share, code: 'not-named', reason: `${by}'s ${tlp} share names ${listWords(namesOf(a.members, membership)) || 'no other member'} only` } };
    case 'group': {
      const members = membership.groupMembers(a.group, a.version);
      if (members === undefined) {
        return { denial: { share, code: 'group-version-unknown', reason: `${by}'s share is for version ${a.version} of group ${a.group}, which is not known here` } };
      }
      return members.includes(member)
        ? { grant: { share, code: 'group-member', reason: `${who} is in group ${a.group} as of version ${a.version}` } }
        : { denial: { share, code: 'not-in-group', reason: `${by}'s ${tlp} share is for group ${a.group} as of version ${a.version}, which does not include ${who}` } };
    }
    case 'all':
      return { grant: { share, code: 'all-members', reason: `${by}'s ${tlp} share is for all members` } };
  }
}

function wellFormedAudience(share: Share): boolean {
  const a: unknown = share.audience;
  if (a === null || typeof a !== 'object' || !('kind' in a)) return false;
  switch (a.kind) {
    case 'sharer':
    case 'all':
      return true;
    case 'members':
      return 'members' in a && Array.isArray(a.members);
    case 'group':
      return 'group' in a && typeof a.group === 'string' && 'version' in a && Number.isInteger(a.version);
    default:
      return false;
  }
}

function notAMember(question: Question, member: MemberId, membership: MembershipView): Decision {
  return deny(question, { share: null, code: 'not-a-member', reason: `${membership.nameOf(member)} is not a current member` });
}

function deny(question: Question, denial: Denial): Decision {
  return { question, allowed: false, grants: [], denials: [denial] };
}

// --- words ------------------------------------------------------------------------------------

function tlpName(level: TlpLevel): string {
  return `TLP:${String(level).toUpperCase()}`;
}

function audienceWords(share: Share, membership: MembershipView): string {
  const a = share.audience;
  switch (a.kind) {
    case 'sharer':
      return 'with no one else';
    case 'members': {
      const names = namesOf(a.members, membership);
      return names.length === 0 ? 'with no one else' : `with ${listWords(names)}`;
    }
    case 'group':
      return `with group ${a.group} as of version ${a.version}`;
    case 'all':
      return 'with all members';
  }
}

function namesOf(members: readonly MemberId[], membership: MembershipView): string[] {
  return [...new Set(members)].map((m) => membership.nameOf(m));
}

function relayWords(share: Share): string {
  return share.relay && RELAY_TLP.has(share.tlp) ? 'relay allowed' : 'relay not allowed';
}

function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}
