// The charter (issue 6, "Charter and decisions"; docs/decisions/0021): the founding document every
// member node is configured with — the founding members (STIX identity, node URL, Ed25519 signing
// keys, X25519 encryption keys, contact points) and the rule by which members decide on
// membership. Each node pins the charter's SHA-256 (of its RFC 8785 canonical JSON), so a node
// given another charter refuses to start instead of computing another federation. Later changes
// are membership decisions (membership-decision.ts), chained from this hash.
import { AccordError, canonicalize } from '../stix/index.js';
import { createHash, type KeyObject } from 'node:crypto';
import { keyFingerprint, publicKeyFromRaw } from './keys.js';

/** How members decide: everyone eligible, or a qualified majority of them (more than half, so two quorums always share a member). */
export type DecisionRule =
  | { readonly kind: 'consensus' }
  | { readonly kind: 'qualified-majority'; readonly numerator: number; readonly denominator: number };

/** A member's contact points, kept current by the member itself. */
export interface ContactPoints {
  /** The 24/7 point of contact: a desk or a role, not a person's private line. */
  readonly pointOfContact?: string;
  readonly email?: string;
  readonly phone?: string;
  /** BCP 47 language tags the member works in. */
  readonly languages?: readonly string[];
  /** Working hours in words, e.g. "24/7" or "Mon–Fri 08:00–18:00 UTC+1". */
  readonly hours?: string;
}

/** A public key as the charter and decisions carry it: raw bytes base64url, and its fingerprint (SHA-256 hex). */
export interface CharterKey {
  readonly publicKey: string;
  readonly fingerprint: string;
}

export interface CharterMember {
  readonly id: string;
  readonly name: string;
  readonly nodeUrl: string;
  readonly signingKeys: readonly CharterKey[];
  readonly encryptionKeys: readonly CharterKey[];
  readonly contacts: ContactPoints;
}

export interface Charter {
  readonly name: string;
  readonly members: readonly CharterMember[];
  readonly rule: DecisionRule;
  /** SHA-256 of the canonical JSON of the charter as written: what nodes pin and the first decision names. */
  readonly hash: string;
}

type Json = Record<string, unknown>;

const IDENTITY_ID = /^identity--[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const KEY_B64 = /^[A-Za-z0-9_-]{43}$/;
const LANGUAGE = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** SHA-256 (hex) of the RFC 8785 canonical JSON of `value`. */
export function canonicalHash(value: unknown): string {
  return createHash('sha256').update(canonicalize(value), 'utf8').digest('hex');
}

/** A node URL: https (http only on loopback), the origin alone. Undefined (with a problem) otherwise. */
export function checkNodeUrl(v: unknown, at: string, problems: string[]): string | undefined {
  let u: URL;
  try {
    if (typeof v !== 'string') throw new TypeError();
    u = new URL(v);
  } catch {
    problems.push(`${at} must be an absolute URL, got ${JSON.stringify(v)}`);
    return undefined;
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopback(u.hostname))) {
    problems.push(`${at} must be https:// (http:// only on a loopback address), got ${u.href}`);
    return undefined;
  }
  if (u.search !== '' || u.hash !== '' || u.username !== '' || u.password !== '' || u.pathname !== '/') {
    problems.push(`${at} must be the node's origin only (no path, query or credentials), got ${u.href}`);
    return undefined;
  }
  return u.origin;
}

/** One raw public key of `algorithm`, base64url; its fingerprint is the SHA-256 of the raw bytes. */
export function checkKey(v: unknown, algorithm: 'Ed25519' | 'X25519', at: string, problems: string[]): CharterKey | undefined {
  if (typeof v !== 'string' || !KEY_B64.test(v)) {
    problems.push(`${at} must be a 32-byte ${algorithm} public key in base64url (43 characters), got ${JSON.stringify(v)}`);
    return undefined;
  }
  let key: KeyObject;
  try {
    key = publicKeyFromRaw(algorithm, Buffer.from(v, 'base64url'));
  } catch (e) {
    problems.push(`${at} is not a usable ${algorithm} public key: ${(e as Error).message}`);
    return undefined;
  }
  return { publicKey: v, fingerprint: keyFingerprint(key) };
}

function keyList(v: unknown, algorithm: 'Ed25519' | 'X25519', at: string, problems: string[]): CharterKey[] {
  if (!Array.isArray(v) || v.length === 0) {
    problems.push(`${at} must list at least one ${algorithm} public key (base64url)`);
    return [];
  }
  const out: CharterKey[] = [];
  v.forEach((k: unknown, i) => {
    const key = checkKey(k, algorithm, `${at}[${i}]`, problems);
    if (key === undefined) return;
    if (out.some((x) => x.fingerprint === key.fingerprint)) problems.push(`${at}[${i}] repeats a key`);
    else out.push(key);
  });
  return out;
}

/** Contact points, checked: every field optional, every present one of the right shape. */
export function checkContacts(v: unknown, at: string, problems: string[]): ContactPoints {
  if (v === undefined) return {};
  if (!isObject(v)) {
    problems.push(`${at} must be an object with pointOfContact, email, phone, languages, hours`);
    return {};
  }
  const out: { -readonly [K in keyof ContactPoints]: ContactPoints[K] } = {};
  for (const [k, value] of Object.entries(v)) {
    if (k === 'languages') {
      if (!Array.isArray(value) || !value.every((l) => typeof l === 'string' && LANGUAGE.test(l))) {
        problems.push(`${at}.languages must be a list of BCP 47 language tags (e.g. ["en", "fr"]), got ${JSON.stringify(value)}`);
      } else {
        out.languages = value as string[];
      }
    } else if (k === 'pointOfContact' || k === 'email' || k === 'phone' || k === 'hours') {
      if (typeof value !== 'string' || value.trim() === '' || value.length > 200) problems.push(`${at}.${k} must be a non-empty text of at most 200 characters`);
      else out[k] = value;
    } else {
      problems.push(`${at}.${k} is not a contact field (pointOfContact, email, phone, languages, hours)`);
    }
  }
  return out;
}

/** A decision rule, checked; a qualified majority must be more than half and at most all. */
export function checkRule(v: unknown, at: string, problems: string[]): DecisionRule | undefined {
  if (!isObject(v)) {
    problems.push(`${at} must be {"kind": "consensus"} or {"kind": "qualified-majority", "numerator": 2, "denominator": 3}`);
    return undefined;
  }
  if (v.kind === 'consensus' && Object.keys(v).length === 1) return { kind: 'consensus' };
  if (v.kind === 'qualified-majority') {
    const { numerator: n, denominator: d } = v;
    if (Number.isInteger(n) && Number.isInteger(d) && (d as number) >= 1 && (d as number) <= 1000 && 2 * (n as number) > (d as number) && (n as number) <= (d as number)) {
      return { kind: 'qualified-majority', numerator: n as number, denominator: d as number };
    }
    problems.push(`${at}: a qualified majority is numerator/denominator, whole numbers, more than one half and at most all (e.g. 2/3), got ${JSON.stringify(n)}/${JSON.stringify(d)}`);
    return undefined;
  }
  problems.push(`${at}.kind must be "consensus" or "qualified-majority", got ${JSON.stringify(v.kind)}`);
  return undefined;
}

/** How many of `eligible` endorsements a rule needs. */
export function quorum(rule: DecisionRule, eligible: number): number {
  return rule.kind === 'consensus' ? eligible : Math.ceil((eligible * rule.numerator) / rule.denominator);
}

/** A rule in words: "consensus of all members", "a 2/3 majority". */
export function ruleWords(rule: DecisionRule): string {
  return rule.kind === 'consensus' ? 'consensus of all members' : `a ${rule.numerator}/${rule.denominator} majority`;
}

/** One member entry of a charter or an admission, checked. */
export function checkMemberEntry(v: unknown, at: string, problems: string[]): CharterMember | undefined {
  if (!isObject(v)) {
    problems.push(`${at} must be an object with id, name, nodeUrl, signingKeys, encryptionKeys and contacts`);
    return undefined;
  }
  const before = problems.length;
  if (typeof v.id !== 'string' || !IDENTITY_ID.test(v.id)) problems.push(`${at}.id must be the member's STIX identity id (identity--<UUID>), got ${JSON.stringify(v.id)}`);
  if (typeof v.name !== 'string' || v.name.trim() === '' || v.name.length > 200) problems.push(`${at}.name must be a non-empty name of at most 200 characters`);
  const url = checkNodeUrl(v.nodeUrl, `${at}.nodeUrl`, problems);
  const signingKeys = keyList(v.signingKeys, 'Ed25519', `${at}.signingKeys`, problems);
  const encryptionKeys = keyList(v.encryptionKeys, 'X25519', `${at}.encryptionKeys`, problems);
  const contacts = checkContacts(v.contacts, `${at}.contacts`, problems);
  for (const k of Object.keys(v)) {
    if (!['id', 'name', 'nodeUrl', 'signingKeys', 'encryptionKeys', 'contacts'].includes(k)) problems.push(`${at}.${k} is not a member field`);
  }
  if (problems.length > before || url === undefined) return undefined;
  return { id: v.id as string, name: v.name as string, nodeUrl: url, signingKeys, encryptionKeys, contacts };
}

/**
 * Reads a charter (the parsed JSON of the charter file) and checks it against the SHA-256 the
 * node pinned, when given. Throws AccordError `trust.bad-charter` naming every problem, or
 * `trust.charter-mismatch` when the hash differs from the pinned one.
 */
export function parseCharter(value: unknown, pinnedSha256?: string): Charter {
  const problems: string[] = [];
  if (!isObject(value)) throw new AccordError('invalid', 'trust.bad-charter', 'the charter must be a JSON object with type "x-accord-charter", name, members and rule');
  const hash = canonicalHash(value);
  if (pinnedSha256 !== undefined && pinnedSha256.toLowerCase() !== hash) {
    throw new AccordError('invalid', 'trust.charter-mismatch', `the charter's SHA-256 is ${hash}, but this node is pinned to ${pinnedSha256}: it was given another charter than the other members (or the file was changed)`);
  }
  if (value.type !== 'x-accord-charter') problems.push(`charter.type must be "x-accord-charter", got ${JSON.stringify(value.type)}`);
  if (typeof value.name !== 'string' || value.name.trim() === '') problems.push('charter.name must be a non-empty text');
  const rule = checkRule(value.rule, 'charter.rule', problems);
  const members: CharterMember[] = [];
  if (!Array.isArray(value.members) || value.members.length === 0) problems.push('charter.members must list the founding members');
  else {
    value.members.forEach((m: unknown, i) => {
      const member = checkMemberEntry(m, `charter.members[${i}]`, problems);
      if (member === undefined) return;
      if (members.some((x) => x.id === member.id)) problems.push(`charter.members[${i}] repeats member ${member.id}`);
      else members.push(member);
    });
  }
  const seen = new Map<string, string>();
  for (const m of members) {
    for (const k of [...m.signingKeys, ...m.encryptionKeys]) {
      const other = seen.get(k.fingerprint);
      if (other !== undefined) problems.push(`the key ${k.fingerprint} is listed for ${other} and for ${m.id}: every key belongs to one member`);
      seen.set(k.fingerprint, m.id);
    }
  }
  for (const k of Object.keys(value)) if (!['type', 'name', 'members', 'rule'].includes(k)) problems.push(`charter.${k} is not a charter field`);
  if (problems.length > 0 || rule === undefined) {
    throw new AccordError('invalid', 'trust.bad-charter', `the charter is not valid:\n  - ${problems.join('\n  - ')}`);
  }
  return { name: value.name as string, members, rule, hash };
}
