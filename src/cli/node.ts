// Bringing a node to life: the data folder, the store, the built-in objects every node holds,
// the node key, the member identity and the first administrator. Each step checks what is
// already there, so an interrupted `accord init` can simply be run again.
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { createUser, generatePassword } from '../identity/index.js';
import { BUILTIN_MARKINGS, AccordError } from '../stix/index.js';
import { openStore, prepareValue, type Store } from '../store/index.js';
import { ACCORD_PROJECT_IDENTITY, buildMemberIdentity, createNodeKey, loadNodeKey, MEMBER_EXTENSION_DEFINITION, type MemberKind, type NodeKey } from '../trust/index.js';
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
}

export interface InitResult {
  readonly memberId: string;
  readonly keyFingerprint: string;
  readonly adminUser: string;
  /** Set only when the password was generated here. */
  readonly generatedPassword?: string;
}

/** Stores objects every node holds (TLP markings, Accord's extension-definitions); idempotent. */
export async function seedBuiltins(store: Store): Promise<void> {
  const ctx = { resolveExtensionDefinition: () => undefined };
  const prepared = [...BUILTIN_MARKINGS, ACCORD_PROJECT_IDENTITY, MEMBER_EXTENSION_DEFINITION].map((o) => {
    const { object, issues } = prepareValue(o, ctx);
    if (object === undefined) throw new AccordError('internal', 'node.bad-builtin', `built-in object ${String((o as { id: unknown }).id)} is invalid: ${issues.map((i) => i.message).join('; ')}`);
    return object;
  });
  const outcomes = await store.objects.put(prepared);
  const bad = outcomes.find((o) => o.status === 'conflict' || o.status === 'rejected');
  if (bad !== undefined && 'message' in bad) throw new AccordError('internal', 'node.bad-builtin', bad.message);
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

  let key: NodeKey;
  try {
    key = loadNodeKey(config.dataDir);
  } catch {
    key = createNodeKey(config.dataDir);
  }
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
  if ((await store.users.findByUsername(adminUser)) === undefined) {
    const password = opts.adminPassword ?? (generatedPassword = generatePassword());
    await createUser(store, { username: adminUser, password, roles: ['admin'] });
  }
  await store.meta.set(META_INITIALISED, new Date().toISOString());
  return { memberId, keyFingerprint: key.fingerprint, adminUser, ...(generatedPassword !== undefined ? { generatedPassword } : {}) };
}

/** Opens the node's store named by the configuration. */
export function openNodeStore(config: Config): Promise<Store> {
  return openStore(config.database);
}
