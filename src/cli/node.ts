// Bringing a node to life: the data folder, the store, the built-in objects every node holds,
// the node key, the member identity and the first administrator. Each step checks what is
// already there, so an interrupted `accord init` can simply be run again.
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { createUser, generatePassword } from '../identity/index.js';
import { BUILTIN_MARKINGS, AccordError } from '../stix/index.js';
import { RETRACTION_EXTENSION_DEFINITIONS, SHARE_EXTENSION_DEFINITION } from '../sharing/index.js';
import { openStore, prepareValue, type Store } from '../store/index.js';
import {
  ACCORD_PROJECT_IDENTITY, buildMemberIdentity, createNodeKeys, loadNodeKeys, MEMBER_EXTENSION_DEFINITION, MEMBERSHIP_EXTENSION_DEFINITIONS, nodeKeysExist,
  type CustodyContext, type KeyNotice, type MemberKind, type OpenedNodeKeys,
} from '../trust/index.js';
import type { Config } from './config.js';

const META_MEMBER_ID = 'node.member_identity';
const META_KEY_FINGERPRINT = 'node.key_fingerprint';
const META_INITIALISED = 'node.initialised_at';

export interface InitOptions {
  readonly name?: string;
  readonly kind?: MemberKind;
  readonly country?: string;
  readonly adminUser?: string;
  /** When absent a strong password is generated and returned (to be shown once). */
  readonly adminPassword?: string;
  /** Where the key passphrase is looked for (environment, working directory); default this process's. */
  readonly custody?: CustodyContext;
}

export interface InitResult {
  readonly memberId: string;
  readonly keyFingerprint: string;
  readonly adminUser: string;
  /** Set only when the password was generated here. */
  readonly generatedPassword?: string;
  /** What key custody did that the operator must know (a generated passphrase, a migration). */
  readonly keyNotices: readonly KeyNotice[];
  /** Whether init created the administrator (false when an earlier, interrupted init had). */
  readonly createdAdmin: boolean;
}

/** Stores objects every node holds (TLP markings, Accord's extension-definitions); idempotent. */
export async function seedBuiltins(store: Store): Promise<void> {
  const ctx = { resolveExtensionDefinition: () => undefined };
  const prepared = [...BUILTIN_MARKINGS, ACCORD_PROJECT_IDENTITY, MEMBER_EXTENSION_DEFINITION, SHARE_EXTENSION_DEFINITION, ...MEMBERSHIP_EXTENSION_DEFINITIONS, ...RETRACTION_EXTENSION_DEFINITIONS].map((o) => {
    const { object, issues } = prepareValue(o, ctx);
    if (object === undefined) throw new AccordError('internal', 'node.bad-builtin', `built-in object ${String((o as { id: unknown }).id)} is invalid: ${issues.map((i) => i.message).join('; ')}`);
    return object;
  });
  const outcomes = await store.objects.put(prepared);
  const bad = outcomes.find((o) => o.status === 'conflict' || o.status === 'rejected');
  if (bad !== undefined && 'message' in bad) throw new AccordError('internal', 'node.bad-builtin', bad.message);
}

/**
 * The store's identity, for what is cached outside it (the detection index snapshot): the member
 * identity and when the node was initialised, so that a store replaced by another node's or
 * initialised again is told apart; undefined before \`accord init\`.
 */
export async function storeIdentity(store: Store): Promise<string | undefined> {
  const [member, at] = await Promise.all([store.meta.get(META_MEMBER_ID), store.meta.get(META_INITIALISED)]);
  return member === undefined || at === undefined ? undefined : `${member} initialised ${at}`;
}

/** True when the store and data folder hold an initialised node. */
export async function isInitialised(store: Store): Promise<boolean> {
  return (await store.meta.get(META_INITIALISED)) !== undefined;
}

/** Initialises a node; throws `node.already-initialised` when it already is. */
export async function initNode(config: Config, store: Store, opts: InitOptions): Promise<InitResult> {
  if (await isInitialised(store)) {
    throw new AccordError('conflict', 'node.already-initialised', `the node in ${config.dataDir} is already initialised (member ${await store.meta.get(META_MEMBER_ID)})`);
  }
  if (opts.country !== undefined && !/^[A-Z]{2}$/.test(opts.country)) {
    throw new AccordError('invalid', 'node.bad-country', `--country must be an ISO 3166-1 alpha-2 code such as FR or KE, got "${opts.country}"`);
  }
  // The store may have created the folder already (with the default mode): it holds the node key
  // and, on SQLite, the data, so only the node's user may enter it.
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  chmodSync(config.dataDir, 0o700);
  await seedBuiltins(store);

  // An existing key is opened (and its errors reported), never silently replaced by a new one.
  const custody = opts.custody ?? processCustody();
  const opened = nodeKeysExist(config.dataDir) ? await loadNodeKeys(config.dataDir, custody) : await createNodeKeys(config.dataDir, custody);
  const key = opened.keys.signing;
  await store.meta.set(META_KEY_FINGERPRINT, key.fingerprint);

  let memberId = await store.meta.get(META_MEMBER_ID);
  if (memberId === undefined) {
    memberId = `identity--${randomUUID()}`;
    const identity = buildMemberIdentity({
      id: memberId,
      name: opts.name ?? `Unnamed member (${hostname()})`,
      kind: opts.kind ?? (opts.country !== undefined ? 'country' : 'organisation'),
      ...(opts.country !== undefined ? { country: opts.country } : {}),
      created: new Date().toISOString(),
    });
    const { object, issues } = prepareValue(identity, { resolveExtensionDefinition: () => ({ extension_types: ['property-extension'] }) });
    if (object === undefined) throw new AccordError('invalid', 'node.bad-identity', `the member identity is invalid: ${issues.map((i) => i.message).join('; ')}`);
    await store.objects.put([object]);
    await store.meta.set(META_MEMBER_ID, memberId);
  }

  const adminUser = opts.adminUser ?? 'admin';
  let generatedPassword: string | undefined;
  const createdAdmin = (await store.users.findByUsername(adminUser)) === undefined;
  if (createdAdmin) {
    const password = opts.adminPassword ?? (generatedPassword = generatePassword());
    await createUser(store, { username: adminUser, password, roles: ['admin'] });
  }
  await store.meta.set(META_INITIALISED, new Date().toISOString());
  return {
    memberId, keyFingerprint: key.fingerprint, adminUser, keyNotices: opened.notices, createdAdmin,
    ...(generatedPassword !== undefined ? { generatedPassword } : {}),
  };
}

function processCustody(): CustodyContext {
  return { env: process.env, cwd: process.cwd() };
}

/**
 * Opens the node's keys for `accord serve`: refuses to start when they cannot be opened, and
 * warns when the passphrase sits in the data folder or the key is not the one recorded at init.
 */
export async function openNodeKeys(config: Config, store: Store, custody: CustodyContext): Promise<OpenedNodeKeys> {
  const opened = await loadNodeKeys(config.dataDir, custody);
  const notices = [...opened.notices];
  if (opened.passphrase.inDataFolder) {
    notices.push({ level: 'warning', message: `the key passphrase is read from ${opened.passphrase.source}, next to the key it protects; move it out of the data folder and set ACCORD_KEY_PASSPHRASE_FILE (docs/operations.md, "Keys")` });
  }
  const recorded = await store.meta.get(META_KEY_FINGERPRINT);
  if (recorded !== undefined && recorded !== opened.keys.signing.fingerprint) {
    notices.push({ level: 'warning', message: `the node key ${opened.keys.signing.fingerprint} is not the key recorded when this node was initialised (${recorded}); peers will not accept its signatures until the members record the key change (docs/operations.md, "Keys")` });
  }
  return { ...opened, notices };
}

/** One line for a key notice, as the commands print it. */
export function formatKeyNotice(n: KeyNotice): string {
  return n.level === 'warning' ? `WARNING: ${n.message}` : n.message;
}

/** The node's own member identity id (set by `accord init`). */
export async function nodeMemberId(store: Store): Promise<string> {
  const id = await store.meta.get(META_MEMBER_ID);
  if (id === undefined) throw new AccordError('unavailable', 'node.not-initialised', 'the node is not initialised: run `accord init` first');
  return id;
}

/** Opens the node's store named by the configuration. */
export function openNodeStore(config: Config): Promise<Store> {
  return openStore(config.database);
}
