// Membership decisions and the membership state every node computes from them (issue 6, "Charter
// and decisions"; docs/decisions/0021).
//
// A decision (`x-accord-membership-decision`) admits a member, suspends or readmits one, rotates a
// member's signing key, declares a key compromised as of a time, changes a node URL, or changes
// the decision rule. It names the hash of the decision before it (the charter's hash for the
// first): decisions form a chain, so every node orders them the same way. Members endorse a
// decision with an object of their own (`x-accord-membership-endorsement`) signing the decision's
// hash, so that no object is ever changed after it is made (STIX objects cross borders exactly as
// made): the proposer's endorsement is the first, the others follow as members sign.
//
// The state is a pure function of the charter and the *set* of decisions held, never of the order
// they arrived in: from the head (the charter), the decision that names the head and carries
// enough valid endorsements under the rule in force is applied, and so on. When two decisions
// name the same head and both qualify, the chain has forked: neither is applied and both are
// reported (with a rule above one half, a fork needs a member that endorsed both). A decision
// lacking endorsements is pending, with who endorsed and how many more are needed.
//
// An endorsement counts when its signature verifies, its member is active at that point of the
// chain (the subject of a suspension does not vote on it), and its key is one of that member's
// signing keys, not retired before the endorsement was signed (a rotation) and not compromised at
// or before that time. The proposer (created_by_ref) must be active and must endorse. A new
// member admitted does not vote on its own admission.
import type { KeyObject } from 'node:crypto';
import { AccordError, canonicalize } from '../stix/index.js';
import {
  canonicalHash, checkContacts, checkKey, checkMemberEntry, checkNodeUrl, checkRule, quorum, ruleWords,
  type Charter, type CharterKey, type CharterMember, type ContactPoints, type DecisionRule,
} from './charter.js';
import { publicKeyFromRaw, type NodeKey } from './keys.js';
import { signWithContext, SIGNING_CONTEXT, verifyWithContext } from './signing.js';

export const DECISION_TYPE = 'x-accord-membership-decision';

export const DECISION_ACTIONS = ['admit', 'suspend', 'readmit', 'rotate-key', 'compromise-key', 'change-url', 'change-rule'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

/** Custom STIX objects defined by extension-definitions (STIX 2.1 §7.3), as every node declares them. */
export const DECISION_EXTENSION_ID = 'extension-definition--4f0c3f52-6f8e-4d1b-9a3e-2c7d5b1e8a90';
export const ENDORSEMENT_EXTENSION_ID = 'extension-definition--b7e2d9a4-1c5f-4e8b-8d6a-3f9e0c2b7a15';
export const ENDORSEMENT_TYPE = 'x-accord-membership-endorsement';

/** One member's signature over a decision's hash, as read from its endorsement object. */
export interface Endorsement {
  readonly id: string;
  readonly member: string;
  readonly decisionId: string;
  readonly decisionHash: string;
  readonly keyFingerprint: string;
  /** When it was signed (its `created`). */
  readonly signedAt: string;
  readonly signature: string;
}

/** What a decision changes; `subject` is the member it is about (every action but change-rule). */
export type DecisionChange =
  | { readonly action: 'admit'; readonly member: CharterMember }
  | { readonly action: 'suspend' | 'readmit'; readonly subject: string }
  | { readonly action: 'rotate-key'; readonly subject: string; readonly key: CharterKey }
  | { readonly action: 'compromise-key'; readonly subject: string; readonly fingerprint: string; readonly compromisedAt: string }
  | { readonly action: 'change-url'; readonly subject: string; readonly nodeUrl: string }
  | { readonly action: 'change-rule'; readonly rule: DecisionRule };

/** A decision as read: its id, proposer, the hash it follows, its change, its own hash. */
export interface Decision {
  readonly id: string;
  readonly created: string;
  readonly proposer: string;
  readonly previous: string;
  readonly change: DecisionChange;
  /** SHA-256 of the object's canonical JSON: what endorsers sign and the next decision names. */
  readonly hash: string;
  /** The object as received. */
  readonly value: Readonly<Record<string, unknown>>;
}

type Json = Record<string, unknown>;

const DECISION_ID = /^x-accord-membership-decision--[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const IDENTITY_ID = /^identity--[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const HASH = /^[0-9a-f]{64}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function fail(path: string, message: string): never {
  throw new AccordError('invalid', 'membership.bad-decision', `${path}: ${message}`, { path });
}


/** Contact points as STIX properties (snake_case), in decisions and directory updates. */
function contactProperties(c: ContactPoints): Json {
  return {
    ...(c.pointOfContact !== undefined ? { point_of_contact: c.pointOfContact } : {}), ...(c.email !== undefined ? { email: c.email } : {}),
    ...(c.phone !== undefined ? { phone: c.phone } : {}), ...(c.languages !== undefined ? { languages: c.languages } : {}), ...(c.hours !== undefined ? { hours: c.hours } : {}),
  };
}

/** STIX-style contact properties back in the charter's form, for checkContacts (anything else passed through, to be named). */
function contactsFromProperties(v: Json): Json {
  const { point_of_contact: poc, ...rest } = v;
  return { ...(poc !== undefined ? { pointOfContact: poc } : {}), ...rest };
}

/** A member entry of an admission, written in STIX property style (snake_case), as a charter entry. */
function admittedMember(v: unknown): CharterMember {
  if (!isObject(v)) fail('/member', 'an admission names the member: id, name, node_url, signing_keys, encryption_keys, contacts');
  const problems: string[] = [];
  const contacts = isObject(v.contacts) ? contactsFromProperties(v.contacts) : v.contacts;
  const entry = checkMemberEntry({
    id: v.id, name: v.name, nodeUrl: v.node_url, signingKeys: v.signing_keys, encryptionKeys: v.encryption_keys,
    ...(contacts !== undefined ? { contacts } : {}),
  }, '/member', problems);
  for (const k of Object.keys(v)) if (!['id', 'name', 'node_url', 'signing_keys', 'encryption_keys', 'contacts'].includes(k)) problems.push(`/member/${k} is not a member field`);
  if (entry === undefined || problems.length > 0) fail('/member', problems.join('; '));
  return entry;
}

function subjectOf(v: Json): string {
  if (typeof v.subject_ref !== 'string' || !IDENTITY_ID.test(v.subject_ref)) fail('/subject_ref', `names the member the decision is about (identity--<UUID>), got ${JSON.stringify(v.subject_ref)}`);
  return v.subject_ref;
}

function changeOf(v: Json): DecisionChange {
  const problems: string[] = [];
  switch (v.change) {
    case 'admit':
      return { action: 'admit', member: admittedMember(v.member) };
    case 'suspend':
    case 'readmit':
      return { action: v.change, subject: subjectOf(v) };
    case 'rotate-key': {
      const key = checkKey(v.signing_key, 'Ed25519', '/signing_key', problems);
      if (key === undefined) fail('/signing_key', problems.join('; '));
      return { action: 'rotate-key', subject: subjectOf(v), key };
    }
    case 'compromise-key': {
      if (typeof v.key_fingerprint !== 'string' || !HASH.test(v.key_fingerprint)) fail('/key_fingerprint', 'names the compromised key by its fingerprint (64 hex digits)');
      if (typeof v.compromised_at !== 'string' || !TIMESTAMP.test(v.compromised_at)) fail('/compromised_at', 'is the time from which the key is not to be trusted (a UTC timestamp)');
      return { action: 'compromise-key', subject: subjectOf(v), fingerprint: v.key_fingerprint, compromisedAt: v.compromised_at };
    }
    case 'change-url': {
      const url = checkNodeUrl(v.node_url, '/node_url', problems);
      if (url === undefined) fail('/node_url', problems.join('; '));
      return { action: 'change-url', subject: subjectOf(v), nodeUrl: url };
    }
    case 'change-rule': {
      const rule = checkRule(v.rule, '/rule', problems);
      if (rule === undefined) fail('/rule', problems.join('; '));
      return { action: 'change-rule', rule };
    }
    default:
      return fail('/change', `must be one of ${DECISION_ACTIONS.join(', ')}, got ${JSON.stringify(v.change)}`);
  }
}

/** Reads a decision object; throws AccordError `membership.bad-decision` naming the property (JSON Pointer). */
export function readDecision(value: unknown): Decision {
  if (!isObject(value)) fail('', `a membership decision is a JSON object of type ${DECISION_TYPE}`);
  if (value.type !== DECISION_TYPE) fail('/type', `must be ${DECISION_TYPE}, got ${JSON.stringify(value.type)}`);
  if (value.spec_version !== '2.1') fail('/spec_version', 'must be "2.1"');
  if (typeof value.id !== 'string' || !DECISION_ID.test(value.id)) fail('/id', `must be ${DECISION_TYPE}--<UUID>, got ${JSON.stringify(value.id)}`);
  if (typeof value.created !== 'string' || !TIMESTAMP.test(value.created)) fail('/created', 'must be a UTC timestamp');
  if (value.modified !== value.created) fail('/modified', 'must equal created: a decision is never re-versioned, a later decision changes it');
  if (typeof value.created_by_ref !== 'string' || !IDENTITY_ID.test(value.created_by_ref)) fail('/created_by_ref', 'names the proposing member (identity--<UUID>)');
  if (typeof value.previous_hash !== 'string' || !HASH.test(value.previous_hash)) fail('/previous_hash', 'names the decision (or the charter) this one follows by its SHA-256 (64 hex digits)');
  const ext = isObject(value.extensions) ? value.extensions[DECISION_EXTENSION_ID] : undefined;
  if (!isObject(ext) || ext.extension_type !== 'new-sdo' || Object.keys(value.extensions as Json).length !== 1) {
    fail('/extensions', `a decision declares its type with extensions["${DECISION_EXTENSION_ID}"] = {"extension_type": "new-sdo"}`);
  }
  const change = changeOf(value);
  const allowed = new Set(['type', 'spec_version', 'id', 'created', 'modified', 'created_by_ref', 'previous_hash', 'change', 'extensions',
    ...({ admit: ['member'], suspend: ['subject_ref'], readmit: ['subject_ref'], 'rotate-key': ['subject_ref', 'signing_key'],
      'compromise-key': ['subject_ref', 'key_fingerprint', 'compromised_at'], 'change-url': ['subject_ref', 'node_url'], 'change-rule': ['rule'] } as const)[change.action]]);
  for (const k of Object.keys(value)) if (!allowed.has(k)) fail(`/${k}`, `is not a property of a ${change.action} decision`);
  return {
    id: value.id, created: value.created, proposer: value.created_by_ref, previous: value.previous_hash, change,
    hash: canonicalHash(value), value,
  };
}

/** The STIX properties of a change, for building a decision object. */
function changeProperties(change: DecisionChange): Json {
  switch (change.action) {
    case 'admit': {
      const m = change.member;
      return {
        change: 'admit',
        member: {
          id: m.id, name: m.name, node_url: m.nodeUrl, signing_keys: m.signingKeys.map((k) => k.publicKey), encryption_keys: m.encryptionKeys.map((k) => k.publicKey),
          contacts: contactProperties(m.contacts),
        },
      };
    }
    case 'suspend':
    case 'readmit': return { change: change.action, subject_ref: change.subject };
    case 'rotate-key': return { change: 'rotate-key', subject_ref: change.subject, signing_key: change.key.publicKey };
    case 'compromise-key': return { change: 'compromise-key', subject_ref: change.subject, key_fingerprint: change.fingerprint, compromised_at: change.compromisedAt };
    case 'change-url': return { change: 'change-url', subject_ref: change.subject, node_url: change.nodeUrl };
    case 'change-rule': return { change: 'change-rule', rule: change.rule };
  }
}

/** A new decision object (no endorsements yet) proposed by `proposer`, following `previous`. */
export function proposeDecision(input: { readonly id: string; readonly proposer: string; readonly previous: string; readonly change: DecisionChange; readonly at: string }): Json {
  return {
    type: DECISION_TYPE, spec_version: '2.1', id: input.id, created: input.at, modified: input.at, created_by_ref: input.proposer,
    previous_hash: input.previous, ...changeProperties(input.change), extensions: { [DECISION_EXTENSION_ID]: { extension_type: 'new-sdo' } },
  };
}

/** What an endorsement signs: the decision's hash, who signs, with which key, when. */
function endorsementMessage(decisionHash: string, member: string, fingerprint: string, signedAt: string): string {
  return `${decisionHash}\n${member}\n${fingerprint}\n${signedAt}`;
}

/** `member`'s endorsement object of `decision`, signed with `key` at `at`. */
export function endorse(decision: Pick<Decision, 'id' | 'hash'>, member: string, key: NodeKey, at: string, id: string): Json {
  return {
    type: ENDORSEMENT_TYPE, spec_version: '2.1', id, created: at, modified: at, created_by_ref: member,
    decision_ref: decision.id, decision_hash: decision.hash, key_fingerprint: key.fingerprint,
    signature: signWithContext(key, SIGNING_CONTEXT.membershipEndorsement, endorsementMessage(decision.hash, member, key.fingerprint, at)),
    extensions: { [ENDORSEMENT_EXTENSION_ID]: { extension_type: 'new-sdo' } },
  };
}

const ENDORSEMENT_ID = /^x-accord-membership-endorsement--[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function failEndorsement(path: string, message: string): never {
  throw new AccordError('invalid', 'membership.bad-endorsement', `${path}: ${message}`, { path });
}

/** Reads an endorsement object; throws AccordError `membership.bad-endorsement` naming the property. */
export function readEndorsement(value: unknown): Endorsement {
  if (!isObject(value)) failEndorsement('', `an endorsement is a JSON object of type ${ENDORSEMENT_TYPE}`);
  if (value.type !== ENDORSEMENT_TYPE) failEndorsement('/type', `must be ${ENDORSEMENT_TYPE}, got ${JSON.stringify(value.type)}`);
  if (value.spec_version !== '2.1') failEndorsement('/spec_version', 'must be "2.1"');
  if (typeof value.id !== 'string' || !ENDORSEMENT_ID.test(value.id)) failEndorsement('/id', `must be ${ENDORSEMENT_TYPE}--<UUID>`);
  if (typeof value.created !== 'string' || !TIMESTAMP.test(value.created)) failEndorsement('/created', 'is when the member signed (a UTC timestamp)');
  if (value.modified !== value.created) failEndorsement('/modified', 'must equal created');
  if (typeof value.created_by_ref !== 'string' || !IDENTITY_ID.test(value.created_by_ref)) failEndorsement('/created_by_ref', 'names the endorsing member (identity--<UUID>)');
  if (typeof value.decision_ref !== 'string' || !DECISION_ID.test(value.decision_ref)) failEndorsement('/decision_ref', 'names the decision endorsed');
  if (typeof value.decision_hash !== 'string' || !HASH.test(value.decision_hash)) failEndorsement('/decision_hash', 'is the SHA-256 of the decision endorsed (64 hex digits)');
  if (typeof value.key_fingerprint !== 'string' || !HASH.test(value.key_fingerprint)) failEndorsement('/key_fingerprint', 'names the key that signed (64 hex digits)');
  if (typeof value.signature !== 'string') failEndorsement('/signature', 'is the Ed25519 signature, base64url');
  const ext = isObject(value.extensions) ? value.extensions[ENDORSEMENT_EXTENSION_ID] : undefined;
  if (!isObject(ext) || ext.extension_type !== 'new-sdo' || Object.keys(value.extensions as Json).length !== 1) {
    failEndorsement('/extensions', `an endorsement declares its type with extensions["${ENDORSEMENT_EXTENSION_ID}"] = {"extension_type": "new-sdo"}`);
  }
  const allowed = ['type', 'spec_version', 'id', 'created', 'modified', 'created_by_ref', 'decision_ref', 'decision_hash', 'key_fingerprint', 'signature', 'extensions'];
  for (const k of Object.keys(value)) if (!allowed.includes(k)) failEndorsement(`/${k}`, 'is not a property of an endorsement');
  return {
    id: value.id, member: value.created_by_ref, decisionId: value.decision_ref, decisionHash: value.decision_hash,
    keyFingerprint: value.key_fingerprint, signedAt: value.created, signature: value.signature,
  };
}

/**
 * Checks endorsement signatures and remembers the result per (decision hash, endorsement), so that
 * each is verified once per process however often the state is computed (every node verifies
 * what it receives once; computing the state then costs no signature).
 */
export class EndorsementVerifier {
  private readonly memo = new Map<string, boolean>();
  /** The same endorsement object judged again (the usual case: one set of endorsements, the state computed often). */
  private readonly seen = new WeakMap<Endorsement, { readonly publicKey: string; readonly ok: boolean }>();
  private readonly keys = new Map<string, KeyObject>();
  verifications = 0;

  verify(e: Endorsement, publicKey: string): boolean {
    const same = this.seen.get(e);
    if (same !== undefined && same.publicKey === publicKey) return same.ok;
    const memoKey = `${e.decisionHash}${e.member}${publicKey}${e.signedAt}${e.signature}`;
    let ok = this.memo.get(memoKey);
    if (ok === undefined) {
      let key = this.keys.get(publicKey);
      if (key === undefined) {
        key = publicKeyFromRaw('Ed25519', Buffer.from(publicKey, 'base64url'));
        this.keys.set(publicKey, key);
      }
      this.verifications++;
      ok = verifyWithContext(key, SIGNING_CONTEXT.membershipEndorsement, endorsementMessage(e.decisionHash, e.member, e.keyFingerprint, e.signedAt), e.signature);
      this.memo.set(memoKey, ok);
    }
    this.seen.set(e, { publicKey, ok });
    return ok;
  }
}

/** A signing key of a member as the state knows it. */
export interface KeyState extends CharterKey {
  /** Signatures made at or after this time no longer count (the key was rotated out). */
  readonly retiredAt?: string;
  /** The key is not trusted for anything signed at or after this time. */
  readonly compromisedAt?: string;
}

/** A member as the decisions so far leave it: its charter (or admission) entry, with its keys' history and its status. */
export interface MemberState extends Omit<CharterMember, 'signingKeys'> {
  readonly status: 'active' | 'suspended';
  readonly signingKeys: readonly KeyState[];
  /** The decision that admitted it, or null for a founding member. */
  readonly admittedBy: string | null;
}

/** A decision that names the head but cannot be applied (yet): who endorsed, who has not, what is missing. */
export interface PendingDecision {
  readonly id: string;
  readonly hash: string;
  readonly action: DecisionAction;
  readonly endorsedBy: readonly string[];
  readonly notYet: readonly string[];
  readonly needed: number;
  /** Endorsements that do not count, and why. */
  readonly invalid: readonly { readonly member: string; readonly reason: string }[];
}

export interface RefusedDecision {
  readonly id: string;
  readonly hash: string;
  readonly reason: string;
}

export interface MembershipState {
  readonly charterHash: string;
  /** The hash of the last decision applied (the charter's when none): what the next decision must name. */
  readonly head: string;
  /** The decisions applied, in chain order. */
  readonly applied: readonly string[];
  readonly rule: DecisionRule;
  readonly members: ReadonlyMap<string, MemberState>;
  /** Decisions naming the head that lack endorsements. */
  readonly pending: readonly PendingDecision[];
  /** Decisions that will never apply as they stand: a fork, a proposer that may not propose, a change that makes no sense at its point. */
  readonly refused: readonly RefusedDecision[];
}

type MutableMember = { -readonly [K in keyof MemberState]: MemberState[K] } & { signingKeys: KeyState[] };

function initialMembers(charter: Charter): Map<string, MutableMember> {
  return new Map(charter.members.map((m) => [m.id, {
    id: m.id, name: m.name, nodeUrl: m.nodeUrl, status: 'active', signingKeys: m.signingKeys.map((k) => ({ ...k })),
    encryptionKeys: m.encryptionKeys, contacts: m.contacts, admittedBy: null,
  }]));
}

/** Whether `key` may sign at `at` (retired or compromised at or before it: no). */
function keyValidAt(key: KeyState, at: string): boolean {
  return (key.retiredAt === undefined || at < key.retiredAt) && (key.compromisedAt === undefined || at < key.compromisedAt);
}

/** Why a change cannot apply to this state, or undefined when it can. `keys`: every key fingerprint any member has had. */
function changeProblem(change: DecisionChange, members: Map<string, MutableMember>, keys: ReadonlySet<string>): string | undefined {
  if (change.action === 'change-rule') return undefined;
  if (change.action === 'admit') {
    if (members.has(change.member.id)) return `${change.member.id} is a member already`;
    const reused = [...change.member.signingKeys, ...change.member.encryptionKeys].find((k) => keys.has(k.fingerprint));
    return reused !== undefined ? `the key ${reused.fingerprint} belongs to another member` : undefined;
  }
  const subject = members.get(change.subject);
  if (subject === undefined) return `${change.subject} is not a member`;
  switch (change.action) {
    case 'suspend': return subject.status === 'suspended' ? `${subject.name} is suspended already` : undefined;
    case 'readmit': return subject.status === 'active' ? `${subject.name} is not suspended` : undefined;
    case 'rotate-key': return keys.has(change.key.fingerprint) ? `the key ${change.key.fingerprint} is known already` : undefined;
    case 'compromise-key': return subject.signingKeys.some((k) => k.fingerprint === change.fingerprint) ? undefined : `${subject.name} has no signing key ${change.fingerprint}`;
    case 'change-url': return subject.nodeUrl === change.nodeUrl ? `${subject.name}'s node is at ${change.nodeUrl} already` : undefined;
  }
}

function applyChange(d: Decision, members: Map<string, MutableMember>, keys: Set<string>): DecisionRule | undefined {
  const c = d.change;
  if (c.action === 'admit') for (const k of [...c.member.signingKeys, ...c.member.encryptionKeys]) keys.add(k.fingerprint);
  if (c.action === 'rotate-key') keys.add(c.key.fingerprint);
  switch (c.action) {
    case 'admit':
      members.set(c.member.id, {
        id: c.member.id, name: c.member.name, nodeUrl: c.member.nodeUrl, status: 'active', signingKeys: c.member.signingKeys.map((k) => ({ ...k })),
        encryptionKeys: c.member.encryptionKeys, contacts: c.member.contacts, admittedBy: d.id,
      });
      return undefined;
    case 'change-rule':
      return c.rule;
    default: {
      const m = members.get(c.subject) as MutableMember;
      if (c.action === 'suspend') m.status = 'suspended';
      else if (c.action === 'readmit') m.status = 'active';
      else if (c.action === 'change-url') m.nodeUrl = c.nodeUrl;
      else if (c.action === 'rotate-key') m.signingKeys = [...m.signingKeys.map((k) => (k.retiredAt === undefined ? { ...k, retiredAt: d.created } : k)), { ...c.key }];
      else if (c.action === 'compromise-key') {
        // The earliest compromise time declared for a key stands.
        m.signingKeys = m.signingKeys.map((k) => (k.fingerprint === c.fingerprint ? { ...k, compromisedAt: k.compromisedAt !== undefined && k.compromisedAt < c.compromisedAt ? k.compromisedAt : c.compromisedAt } : k));
      }
      return undefined;
    }
  }
}

/** Judges a decision's endorsements against the state at its point of the chain. */
function tally(d: Decision, endorsements: readonly Endorsement[], members: Map<string, MutableMember>, rule: DecisionRule, verifier: EndorsementVerifier): PendingDecision & { readonly qualifies: boolean } {
  const subject = 'subject' in d.change ? d.change.subject : undefined;
  // Who votes: the active members, but not the member a suspension is about.
  const eligible = [...members.values()].filter((m) => m.status === 'active' && !(d.change.action === 'suspend' && m.id === subject)).map((m) => m.id);
  const voters = new Set(eligible);
  const endorsed = new Set<string>();
  const invalid: { member: string; reason: string }[] = [];
  for (const e of endorsements) {
    if (endorsed.has(e.member)) continue; // counted already
    const m = members.get(e.member);
    if (m === undefined) {
      invalid.push({ member: e.member, reason: 'not a member at this point of the chain' });
      continue;
    }
    if (e.decisionId !== d.id) {
      invalid.push({ member: m.id, reason: `${m.name}'s endorsement ${e.id} names decision ${e.decisionId}, not ${d.id}, under this decision's hash` });
      continue;
    }
    if (!voters.has(m.id)) {
      invalid.push({ member: m.id, reason: m.status === 'suspended' ? `${m.name} is suspended` : `${m.name} does not vote on its own suspension` });
      continue;
    }
    const key = m.signingKeys.find((k) => k.fingerprint === e.keyFingerprint);
    if (key === undefined) {
      invalid.push({ member: m.id, reason: `${m.name} has no signing key ${e.keyFingerprint}` });
      continue;
    }
    if (!keyValidAt(key, e.signedAt)) {
      invalid.push({ member: m.id, reason: `${m.name}'s key ${e.keyFingerprint} was ${key.compromisedAt !== undefined && e.signedAt >= key.compromisedAt ? `compromised as of ${key.compromisedAt}` : `retired as of ${key.retiredAt ?? ''}`} and the endorsement is signed ${e.signedAt}` });
      continue;
    }
    if (!verifier.verify(e, key.publicKey)) {
      invalid.push({ member: m.id, reason: `the signature of ${m.name}'s endorsement does not verify (forged, or made for another decision)` });
      continue;
    }
    endorsed.add(m.id);
  }
  const needed = quorum(rule, eligible.length);
  const proposerOk = endorsed.has(d.proposer);
  // In member order, whatever order the endorsements came in; a member's refused endorsement is not reported once another of its own counts.
  const reported = invalid.filter((x) => !endorsed.has(x.member)).sort((p, q) => (p.member < q.member ? -1 : p.member > q.member ? 1 : p.reason < q.reason ? -1 : 1));
  return {
    id: d.id, hash: d.hash, action: d.change.action, endorsedBy: eligible.filter((id) => endorsed.has(id)), notYet: eligible.filter((id) => !endorsed.has(id)),
    needed: Math.max(0, needed - endorsed.size), invalid: reported, qualifies: proposerOk && endorsed.size >= needed,
  };
}

/**
 * The membership state of a charter and a set of decisions (in any order; the same decision seen
 * twice counts once). Pure and deterministic: two nodes holding the same decisions and
 * endorsements compute the same state.
 */
export function computeMembership(
  charter: Charter, decisions: readonly Decision[], endorsements: readonly Endorsement[], verifier: EndorsementVerifier = new EndorsementVerifier(),
): MembershipState {
  const byHash = new Map<string, Decision>();
  for (const d of decisions) if (!byHash.has(d.hash)) byHash.set(d.hash, d);
  // Endorsements by the decision hash they sign. Their order does not matter: a member counts once
  // any of its endorsements is valid, and tally reports in member order.
  const signed = new Map<string, Endorsement[]>();
  for (const e of endorsements) {
    const list = signed.get(e.decisionHash);
    if (list === undefined) signed.set(e.decisionHash, [e]);
    else list.push(e);
  }
  const next = new Map<string, Decision[]>();
  for (const d of [...byHash.values()].sort((a, b) => (a.hash < b.hash ? -1 : 1))) next.set(d.previous, [...(next.get(d.previous) ?? []), d]);

  const members = initialMembers(charter);
  const keys = new Set(charter.members.flatMap((m) => [...m.signingKeys, ...m.encryptionKeys].map((k) => k.fingerprint)));
  let rule = charter.rule;
  let head = charter.hash;
  const applied: string[] = [];
  const refused: RefusedDecision[] = [];
  let pending: PendingDecision[] = [];
  for (;;) {
    const candidates = next.get(head) ?? [];
    const qualified: Decision[] = [];
    pending = [];
    for (const d of candidates) {
      const proposer = members.get(d.proposer);
      if (proposer === undefined || proposer.status !== 'active') {
        refused.push({ id: d.id, hash: d.hash, reason: `the proposer ${proposer?.name ?? d.proposer} is ${proposer === undefined ? 'not a member' : 'suspended'} at this point of the chain` });
        continue;
      }
      const problem = changeProblem(d.change, members, keys);
      if (problem !== undefined) {
        refused.push({ id: d.id, hash: d.hash, reason: problem });
        continue;
      }
      const t = tally(d, signed.get(d.hash) ?? [], members, rule, verifier);
      if (t.qualifies) qualified.push(d);
      else {
        const { qualifies: _q, ...p } = t;
        pending.push(p);
      }
    }
    if (qualified.length === 1) {
      const d = qualified[0] as Decision;
      rule = applyChange(d, members, keys) ?? rule;
      applied.push(d.id);
      head = d.hash;
      continue;
    }
    if (qualified.length > 1) {
      for (const d of qualified) {
        refused.push({ id: d.id, hash: d.hash, reason: `the chain forks after ${head}: ${qualified.map((x) => x.id).join(' and ')} both follow it with enough endorsements under ${ruleWords(rule)}; neither is applied` });
      }
    }
    break;
  }
  // Decisions that follow nothing this chain reached.
  const appliedSet = new Set(applied);
  const reached = new Set([charter.hash, ...[...byHash.values()].filter((d) => appliedSet.has(d.id)).map((d) => d.hash)]);
  const judged = new Set([...refused.map((r) => r.hash), ...pending.map((p) => p.hash)]);
  for (const d of byHash.values()) {
    if (appliedSet.has(d.id) || judged.has(d.hash)) continue;
    if (!reached.has(d.previous) && !byHash.has(d.previous)) refused.push({ id: d.id, hash: d.hash, reason: `it follows ${d.previous}, which is neither the charter nor a decision held here` });
  }
  return { charterHash: charter.hash, head, applied, rule, members, pending, refused };
}

// The directory of contact points (issue 6, item 2): each member keeps its own entry current with
// `x-accord-member-update` objects signed by its own key — no decision, no endorsements. The one
// with the latest `modified` counts (ties: the higher hash), when its signature verifies with a
// signing key of that member valid at that time.

export const MEMBER_UPDATE_TYPE = 'x-accord-member-update';
export const MEMBER_UPDATE_EXTENSION_ID = 'extension-definition--6a1d3c8e-9b2f-4e7a-b5c4-0d8e2f1a3b6c';
const MEMBER_UPDATE_ID = /^x-accord-member-update--[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A member's update of its own directory entry, as read. */
export interface MemberUpdate {
  readonly id: string;
  readonly member: string;
  readonly modified: string;
  readonly contacts: ContactPoints;
  readonly keyFingerprint: string;
  readonly signature: string;
  /** Canonical JSON of the object without `signature`: what the signature covers. */
  readonly signed: string;
  readonly hash: string;
}

function failUpdate(path: string, message: string): never {
  throw new AccordError('invalid', 'membership.bad-member-update', `${path}: ${message}`, { path });
}

/** `member`'s update of its contact points, signed with `key`. */
export function memberUpdate(input: { readonly id: string; readonly member: string; readonly key: NodeKey; readonly contacts: ContactPoints; readonly at: string }): Json {
  const body = {
    type: MEMBER_UPDATE_TYPE, spec_version: '2.1', id: input.id, created: input.at, modified: input.at, created_by_ref: input.member,
    contacts: contactProperties(input.contacts), key_fingerprint: input.key.fingerprint, extensions: { [MEMBER_UPDATE_EXTENSION_ID]: { extension_type: 'new-sdo' } },
  };
  return { ...body, signature: signWithContext(input.key, SIGNING_CONTEXT.memberUpdate, canonicalize(body)) };
}

/** Reads a member update; throws AccordError `membership.bad-member-update` naming the property. */
export function readMemberUpdate(value: unknown): MemberUpdate {
  if (!isObject(value)) failUpdate('', `a member update is a JSON object of type ${MEMBER_UPDATE_TYPE}`);
  if (value.type !== MEMBER_UPDATE_TYPE) failUpdate('/type', `must be ${MEMBER_UPDATE_TYPE}`);
  if (value.spec_version !== '2.1') failUpdate('/spec_version', 'must be "2.1"');
  if (typeof value.id !== 'string' || !MEMBER_UPDATE_ID.test(value.id)) failUpdate('/id', `must be ${MEMBER_UPDATE_TYPE}--<UUID>`);
  if (typeof value.created !== 'string' || !TIMESTAMP.test(value.created)) failUpdate('/created', 'must be a UTC timestamp');
  if (typeof value.modified !== 'string' || !TIMESTAMP.test(value.modified)) failUpdate('/modified', 'must be a UTC timestamp');
  if (typeof value.created_by_ref !== 'string' || !IDENTITY_ID.test(value.created_by_ref)) failUpdate('/created_by_ref', 'names the member whose entry this is');
  if (typeof value.key_fingerprint !== 'string' || !HASH.test(value.key_fingerprint)) failUpdate('/key_fingerprint', 'names the signing key (64 hex digits)');
  if (typeof value.signature !== 'string') failUpdate('/signature', 'is the Ed25519 signature, base64url');
  const ext = isObject(value.extensions) ? value.extensions[MEMBER_UPDATE_EXTENSION_ID] : undefined;
  if (!isObject(ext) || ext.extension_type !== 'new-sdo' || Object.keys(value.extensions as Json).length !== 1) {
    failUpdate('/extensions', `a member update declares its type with extensions["${MEMBER_UPDATE_EXTENSION_ID}"] = {"extension_type": "new-sdo"}`);
  }
  const c = value.contacts;
  if (!isObject(c)) failUpdate('/contacts', 'is the member\'s contact points: point_of_contact, email, phone, languages, hours');
  const problems: string[] = [];
  const contacts = checkContacts(contactsFromProperties(c), '/contacts', problems);
  if (problems.length > 0) failUpdate('/contacts', problems.join('; '));
  for (const k of Object.keys(value)) {
    if (!['type', 'spec_version', 'id', 'created', 'modified', 'created_by_ref', 'contacts', 'key_fingerprint', 'signature', 'extensions'].includes(k)) failUpdate(`/${k}`, 'is not a property of a member update');
  }
  const { signature: _signature, ...body } = value;
  const signed = canonicalize(body);
  return {
    id: value.id, member: value.created_by_ref, modified: value.modified, contacts, keyFingerprint: value.key_fingerprint, signature: value.signature,
    signed, hash: canonicalHash(value),
  };
}

/**
 * The state with each member's contact points as its latest valid self-update gives them, and
 * the updates that do not count, with the reason (another member's key, a key retired or
 * compromised at that time, a signature that does not verify, an unknown member).
 */
export function applyContactUpdates(state: MembershipState, updates: readonly MemberUpdate[]): { readonly state: MembershipState; readonly refused: readonly RefusedDecision[] } {
  const refused: RefusedDecision[] = [];
  const latest = new Map<string, MemberUpdate>();
  for (const u of updates) {
    const m = state.members.get(u.member);
    const refuse = (reason: string): void => void refused.push({ id: u.id, hash: u.hash, reason });
    if (m === undefined) {
      refuse(`${u.member} is not a member`);
      continue;
    }
    const key = m.signingKeys.find((k) => k.fingerprint === u.keyFingerprint);
    if (key === undefined) {
      refuse(`${m.name} has no signing key ${u.keyFingerprint}: a member updates its own entry only`);
      continue;
    }
    if (!keyValidAt(key, u.modified)) {
      refuse(`${m.name}'s key ${u.keyFingerprint} was retired or compromised before ${u.modified}`);
      continue;
    }
    if (!verifyWithContext(publicKeyFromRaw('Ed25519', Buffer.from(key.publicKey, 'base64url')), SIGNING_CONTEXT.memberUpdate, u.signed, u.signature)) {
      refuse(`the signature of ${m.name}'s update does not verify`);
      continue;
    }
    const held = latest.get(u.member);
    if (held === undefined || u.modified > held.modified || (u.modified === held.modified && u.hash > held.hash)) latest.set(u.member, u);
  }
  const members = new Map(state.members);
  for (const [id, u] of latest) members.set(id, { ...(members.get(id) as MemberState), contacts: u.contacts });
  return { state: { ...state, members }, refused };
}
