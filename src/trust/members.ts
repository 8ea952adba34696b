// The member list every area reads (StaticMembership). It comes from the charter and the members'
// decisions (membership.ts, membership-store.ts; replaced in place as decisions apply), or, for
// a federation without a charter, from the static list every node is configured with — each
// member's STIX identity id, name, node URL and Ed25519 signing key(s) — with sharing groups and
// their versions. Each node checks the list when it starts; a bad list stops the node with every
// problem named, because a wrong key or URL silently splits the federation.
//
// A member may list several keys: the current one and older ones whose signatures must still
// verify (a rotation). A key is named by the member id and its fingerprint (SHA-256 of the raw
// public key, hex), so a signature says which key made it and no key is ever guessed.
import type { KeyObject } from 'node:crypto';
import { AccordError } from '../stix/index.js';
import { checkNodeUrl } from './charter.js';
import { keyFingerprint, publicKeyFromRaw } from './keys.js';

export type MemberStatus = 'active' | 'suspended';

export interface MemberKey {
  readonly fingerprint: string;
  /** The raw 32-byte Ed25519 public key, base64url (as `accord keys show` prints it). */
  readonly publicKey: string;
  readonly key: KeyObject;
  /** Signatures made at or after this time no longer count (a rotation; membership decisions). */
  readonly retiredAt?: string;
  /** Nothing the key signed at or after this time counts (declared compromised). */
  readonly compromisedAt?: string;
}

export interface MemberRecord {
  /** The member's STIX identity id: how every node names it. */
  readonly id: string;
  readonly name: string;
  /** Where its node serves TAXII (its origin; the API root is found by discovery). */
  readonly nodeUrl: string;
  readonly status: MemberStatus;
  readonly keys: readonly MemberKey[];
}

export interface SharingGroupRecord {
  readonly id: string;
  readonly name: string;
  /** Each version's members, by version number (1, 2, …). */
  readonly versions: ReadonlyMap<number, readonly string[]>;
}

const IDENTITY_ID = /^identity--[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** Sharing groups are named by STIX-style ids, as share records name them (`audience.group_ref`). */
const GROUP_ID = /^x-accord-group--[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const KEY_B64 = /^[A-Za-z0-9_-]{43}$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function memberKeys(v: unknown, at: string, problems: string[]): MemberKey[] {
  if (!Array.isArray(v) || v.length === 0) {
    problems.push(`${at}.keys must list at least one Ed25519 public key (base64url, as \`accord keys show\` prints it)`);
    return [];
  }
  const keys: MemberKey[] = [];
  v.forEach((k: unknown, i) => {
    if (typeof k !== 'string' || !KEY_B64.test(k)) {
      problems.push(`${at}.keys[${i}] must be a 32-byte Ed25519 public key in base64url (43 characters), got ${JSON.stringify(k)}`);
      return;
    }
    const key = publicKeyFromRaw('Ed25519', Buffer.from(k, 'base64url'));
    const fingerprint = keyFingerprint(key);
    if (keys.some((x) => x.fingerprint === fingerprint)) problems.push(`${at}.keys[${i}] repeats a key`);
    else keys.push({ fingerprint, publicKey: k, key });
  });
  return keys;
}

/**
 * The members and sharing groups of the configuration, checked; throws `trust.bad-member-list`
 * naming every problem. With `groupsOnly` (membership comes from a charter), `members` is ignored
 * and groups may name any member id: members admitted later are not known when the node starts.
 */
export function parseMemberList(members: unknown, groups: unknown, where: string, groupsOnly = false): { members: MemberRecord[]; groups: SharingGroupRecord[] } {
  const problems: string[] = [];
  const list: MemberRecord[] = [];
  if (groupsOnly) {
    // no member list: the charter gives it
  } else if (!Array.isArray(members)) {
    problems.push(`${where}: members must be a list of {id, name, nodeUrl, keys}`);
  } else {
    const seen = new Set<string>();
    members.forEach((m: unknown, i) => {
      const at = `${where}: members[${i}]`;
      if (!isObject(m)) {
        problems.push(`${at} must be an object {id, name, nodeUrl, keys}`);
        return;
      }
      const unknown = Object.keys(m).filter((k) => !['id', 'name', 'nodeUrl', 'keys', 'status'].includes(k));
      if (unknown.length > 0) problems.push(`${at} has unknown properties: ${unknown.join(', ')} (known: id, name, nodeUrl, keys, status)`);
      const id = typeof m.id === 'string' && IDENTITY_ID.test(m.id) ? m.id : undefined;
      if (id === undefined) problems.push(`${at}.id must be the member's STIX identity id (identity--<uuid>, lowercase), got ${JSON.stringify(m.id)}`);
      else if (seen.has(id)) problems.push(`${at}.id ${id} is listed twice`);
      if (id !== undefined) seen.add(id);
      const name = typeof m.name === 'string' && m.name.trim() !== '' ? m.name.trim() : undefined;
      if (name === undefined) problems.push(`${at}.name must be a non-empty string`);
      const url = checkNodeUrl(m.nodeUrl, `${at}.nodeUrl`, problems);
      const status = m.status === undefined ? 'active' : m.status;
      if (status !== 'active' && status !== 'suspended') problems.push(`${at}.status must be "active" or "suspended", got ${JSON.stringify(m.status)}`);
      const keys = memberKeys(m.keys, at, problems);
      if (id !== undefined && name !== undefined && url !== undefined && keys.length > 0 && (status === 'active' || status === 'suspended')) {
        list.push({ id, name, nodeUrl: url, status, keys });
      }
    });
    for (const m of list) {
      for (const k of m.keys) {
        const other = list.find((x) => x !== m && x.keys.some((y) => y.fingerprint === k.fingerprint));
        if (other !== undefined && list.indexOf(other) > list.indexOf(m)) problems.push(`${where}: members ${m.id} and ${other.id} share the key ${k.fingerprint}`);
      }
    }
  }
  const groupList: SharingGroupRecord[] = [];
  if (groups !== undefined) {
    if (!Array.isArray(groups)) {
      problems.push(`${where}: sharingGroups must be a list of {id, name, versions}`);
    } else {
      groups.forEach((g: unknown, i) => {
        const at = `${where}: sharingGroups[${i}]`;
        if (!isObject(g)) {
          problems.push(`${at} must be an object {id, name, versions}`);
          return;
        }
        const id = typeof g.id === 'string' && GROUP_ID.test(g.id) ? g.id : undefined;
        if (id === undefined) problems.push(`${at}.id must be a sharing group id, x-accord-group--<uuid> (lowercase), got ${JSON.stringify(g.id)}`);
        else if (groupList.some((x) => x.id === id)) problems.push(`${at}.id ${id} is listed twice`);
        const name = typeof g.name === 'string' && g.name.trim() !== '' ? g.name.trim() : undefined;
        if (name === undefined) problems.push(`${at}.name must be a non-empty string`);
        const versions = new Map<number, readonly string[]>();
        if (!Array.isArray(g.versions) || g.versions.length === 0) {
          problems.push(`${at}.versions must list the group's versions: [{"version": 1, "members": ["identity--…", …]}, …]`);
        } else {
          g.versions.forEach((v: unknown, j) => {
            const vat = `${at}.versions[${j}]`;
            const n = isObject(v) ? v.version : undefined;
            const ms = isObject(v) ? v.members : undefined;
            if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n !== j + 1) {
              problems.push(`${vat}.version must be ${j + 1} (versions are numbered 1, 2, … in order), got ${JSON.stringify(n)}`);
              return;
            }
            if (!Array.isArray(ms) || ms.length === 0 || !ms.every((x) => typeof x === 'string')) {
              problems.push(`${vat}.members must list member ids`);
              return;
            }
            const strays = (ms).filter((x) => (groupsOnly ? !/^identity--[0-9a-f-]{36}$/.test(x) : !list.some((m) => m.id === x)));
            if (strays.length > 0) problems.push(`${vat}.members names ${strays.join(', ')}, ${groupsOnly ? 'which are not member identity ids' : 'not in members'}`);
            versions.set(n, [...new Set(ms)]);
          });
        }
        if (id !== undefined && name !== undefined) groupList.push({ id, name, versions });
      });
    }
  }
  if (problems.length > 0) {
    throw new AccordError('invalid', 'trust.bad-member-list', `the member list is not valid:\n  - ${problems.join('\n  - ')}`, { problems });
  }
  return { members: list, groups: groupList };
}

/**
 * The membership every node computes from the same static list. It has the shape of the sharing
 * area's MembershipView (src/sharing/types.ts), which this area may not import.
 */
export class StaticMembership {
  private byId: ReadonlyMap<string, MemberRecord>;
  private groups: ReadonlyMap<string, SharingGroupRecord>;

  constructor(members: readonly MemberRecord[], groups: readonly SharingGroupRecord[] = []) {
    this.byId = new Map(members.map((m) => [m.id, m]));
    this.groups = new Map(groups.map((g) => [g.id, g]));
  }

  /**
   * Takes another member list at once (membership decided by the members changed: a decision
   * applied). Every holder of this object sees the new list from its next question on.
   */
  replace(members: readonly MemberRecord[], groups: readonly SharingGroupRecord[] = this.sharingGroups()): void {
    this.byId = new Map(members.map((m) => [m.id, m]));
    this.groups = new Map(groups.map((g) => [g.id, g]));
  }

  /** An empty membership: a node with no member list shares with no one. */
  static none(): StaticMembership {
    return new StaticMembership([]);
  }

  member(id: string): MemberRecord | undefined {
    return this.byId.get(id);
  }

  /** Every listed member, suspended ones too (for listings). */
  all(): readonly MemberRecord[] {
    return [...this.byId.values()];
  }

  isMember(id: string): boolean {
    return this.byId.get(id)?.status === 'active';
  }

  members(): readonly string[] {
    return [...this.byId.values()].filter((m) => m.status === 'active').map((m) => m.id);
  }

  /** Listed at all, suspended or not: its objects are its own to share (the sharing policy's originators). */
  isOrWasMember(id: string): boolean {
    return this.byId.has(id);
  }

  groupMembers(group: string, version: number): readonly string[] | undefined {
    return this.groups.get(group)?.versions.get(version);
  }

  sharingGroups(): readonly SharingGroupRecord[] {
    return [...this.groups.values()];
  }

  nameOf(id: string): string {
    return this.byId.get(id)?.name ?? id;
  }

  /**
   * The public key a member signs with under `fingerprint`; undefined when unknown (never a
   * guess). With `signedAt`, also undefined when the key was retired or declared compromised at
   * or before that time: what it signed then does not count.
   */
  keyOf(id: string, fingerprint: string, signedAt?: string): KeyObject | undefined {
    const k = this.byId.get(id)?.keys.find((x) => x.fingerprint === fingerprint);
    if (k === undefined || signedAt === undefined) return k?.key;
    const at = Date.parse(signedAt);
    const expired = (limit: string | undefined): boolean => limit !== undefined && !(at < Date.parse(limit));
    return expired(k.retiredAt) || expired(k.compromisedAt) ? undefined : k.key;
  }
}

/**
 * Why this node cannot take part with this member list, or undefined when it can: a node that is
 * listed must be listed under its own identity with its current signing key, or every peer
 * would refuse what it signs.
 */
export function selfListingProblem(membership: StaticMembership, memberId: string, fingerprint: string): string | undefined {
  if (membership.all().length === 0) return undefined;
  const self = membership.member(memberId);
  if (self === undefined) return `this node's member identity ${memberId} is not in the member list; add it (\`accord members self\` prints the entry) or fix the list`;
  if (!self.keys.some((k) => k.fingerprint === fingerprint)) {
    return `the member list gives ${self.name} (${memberId}) the keys ${self.keys.map((k) => k.fingerprint).join(', ')}, not this node's signing key ${fingerprint}; peers would refuse its signatures (\`accord members self\` prints the right entry)`;
  }
  return undefined;
}
