// Key custody: the node's keys in its data folder. They live encrypted in `node-keys.json`
// (keystore.ts) under the key passphrase (passphrase.ts); both files must be owner-only. This
// module creates them, opens them, moves the plaintext `node-key.pem` of earlier versions into
// the encrypted file, and exports and imports backups (docs/decisions/0009-key-custody.md).
// Operations return notices — what they did that the operator must know — for the CLI to print.
import { createPrivateKey } from 'node:crypto';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { AccordError, isAccordError } from '../stix/index.js';
import { generateNodeKey, nodeKeyFromPrivate, nodeKeys, publicKeyInfo, type NodeKey, type NodeKeys, type PublicKeyInfo } from './keys.js';
import { checkNewPassphrase, openKeys, readEnvelopeHeader, sealKeys, type EnvelopeHeader } from './keystore.js';
import { findKeyPassphrase, generateKeyPassphrase, PASSPHRASE_ENV, PASSPHRASE_FILE_ENV, type CustodyContext, type Passphrase } from './passphrase.js';
import { checkOwnerOnly, eraseFile, readSecretFile, writePrivateFile } from './secret-files.js';

export const NODE_KEYS_FILE = 'node-keys.json';
/** The plaintext PKCS#8 PEM key of versions before key custody; migrated on first load. */
export const LEGACY_NODE_KEY_FILE = 'node-key.pem';

export interface KeyNotice {
  readonly level: 'info' | 'warning';
  readonly message: string;
}

export interface OpenedNodeKeys {
  readonly keys: NodeKeys;
  readonly file: string;
  readonly passphrase: Passphrase;
  readonly notices: readonly KeyNotice[];
}

const KEY_FILE = 'the node key file';
const LEGACY_FILE = 'the plaintext node key';

function files(dataDir: string): { keys: string; legacy: string } {
  return { keys: join(dataDir, NODE_KEYS_FILE), legacy: join(dataDir, LEGACY_NODE_KEY_FILE) };
}

/** True when the data folder holds node keys (encrypted, or plaintext from an earlier version). */
export function nodeKeysExist(dataDir: string): boolean {
  const f = files(dataDir);
  return existsSync(f.keys) || existsSync(f.legacy);
}

function noKey(dataDir: string): AccordError {
  return new AccordError('not-found', 'trust.no-key',
    `no node key in ${dataDir} (${NODE_KEYS_FILE}): run \`accord init\`, restore a backup with \`accord keys import\`, or, if the key is lost, create a new one with \`accord keys create\``);
}

function readLegacyKey(path: string): NodeKey {
  checkOwnerOnly(path, LEGACY_FILE);
  try {
    return nodeKeyFromPrivate(createPrivateKey(readSecretFile(path, LEGACY_FILE)), 'signing');
  } catch (e) {
    if (isAccordError(e) && e.code !== 'trust.wrong-key-type') throw e;
    throw new AccordError('invalid', 'trust.bad-key', `${path} does not hold a readable Ed25519 private key`, undefined, { cause: e });
  }
}

function generatedNotices(p: Passphrase): KeyNotice[] {
  return [
    { level: 'info', message: `No key passphrase was configured (${PASSPHRASE_ENV} or ${PASSPHRASE_FILE_ENV}), so a random one was generated into ${p.source} (mode 0600).` },
    { level: 'warning', message: `${p.source} sits in the data folder next to the key it protects: anyone who copies the folder has the key. Move it out of the data folder (e.g. to a secrets mount) and set ${PASSPHRASE_FILE_ENV} to its new path. Back it up apart from the key file: losing it means losing the key.` },
  ];
}

/** The configured passphrase for a new key file, generated into the data folder when none is. */
function passphraseForNewFile(dataDir: string, ctx: CustodyContext, notices: KeyNotice[]): Passphrase {
  const found = findKeyPassphrase(dataDir, ctx);
  if (found !== undefined) {
    checkNewPassphrase(found.value, `the key passphrase (${found.source})`);
    return found;
  }
  const generated = generateKeyPassphrase(dataDir);
  notices.push(...generatedNotices(generated));
  return generated;
}

async function writeKeyFile(path: string, keys: NodeKeys, passphrase: Passphrase): Promise<void> {
  writePrivateFile(path, await sealKeys(keys, passphrase.value, 'node-keys'), { replace: false, what: KEY_FILE });
}

/** Creates the node's keys in `dataDir`; refuses when the folder already holds a key. */
export async function createNodeKeys(dataDir: string, ctx: CustodyContext): Promise<OpenedNodeKeys> {
  const f = files(dataDir);
  if (nodeKeysExist(dataDir)) {
    throw new AccordError('conflict', 'trust.key-exists', `${existsSync(f.keys) ? f.keys : f.legacy} already exists; a node keeps its key for life (rotation comes with membership decisions)`);
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const notices: KeyNotice[] = [];
  const passphrase = passphraseForNewFile(dataDir, ctx, notices);
  const keys = nodeKeys([generateNodeKey('signing'), generateNodeKey('encryption')]);
  await writeKeyFile(f.keys, keys, passphrase);
  return { keys, file: f.keys, passphrase, notices };
}

/**
 * Opens the node's keys. A plaintext `node-key.pem` from an earlier version is sealed into
 * `node-keys.json` and erased (also when an earlier migration stopped between the two steps).
 * Refuses key or passphrase files that other users may read or write.
 */
export async function loadNodeKeys(dataDir: string, ctx: CustodyContext): Promise<OpenedNodeKeys> {
  const f = files(dataDir);
  const notices: KeyNotice[] = [];
  if (existsSync(f.keys)) {
    checkOwnerOnly(f.keys, KEY_FILE);
    const passphrase = findKeyPassphrase(dataDir, ctx);
    if (passphrase === undefined) {
      throw new AccordError('unauthenticated', 'trust.no-passphrase',
        `${f.keys} is encrypted and no key passphrase is configured: set ${PASSPHRASE_ENV} or ${PASSPHRASE_FILE_ENV}, or put it in ${join(dataDir, 'key-passphrase')} (mode 0600)`);
    }
    const { keys } = await openKeys(readSecretFile(f.keys, KEY_FILE).toString('utf8'), passphrase.value, f.keys, ['node-keys']);
    if (existsSync(f.legacy)) {
      // A migration that stopped after sealing but before erasing: finish it, if it is the same key.
      const legacy = readLegacyKey(f.legacy);
      if (legacy.fingerprint !== keys.signing.fingerprint) {
        throw new AccordError('conflict', 'trust.two-keys',
          `${dataDir} holds two different node keys: ${f.keys} (${keys.signing.fingerprint}) and the plaintext ${f.legacy} (${legacy.fingerprint}); move the one that is not this node's key out of the data folder`);
      }
      eraseFile(f.legacy);
      notices.push({ level: 'info', message: `Erased the plaintext node key ${f.legacy} left by an interrupted migration (its key ${legacy.fingerprint} is in ${f.keys}).` });
    }
    return { keys, file: f.keys, passphrase, notices };
  }
  if (!existsSync(f.legacy)) throw noKey(dataDir);
  const legacy = readLegacyKey(f.legacy);
  const passphrase = passphraseForNewFile(dataDir, ctx, notices);
  const keys = nodeKeys([legacy]);
  await writeKeyFile(f.keys, keys, passphrase);
  eraseFile(f.legacy);
  notices.push({ level: 'info', message: `Moved the plaintext node key ${f.legacy} (${legacy.fingerprint}) into the encrypted ${f.keys} and erased the plaintext file. Backups taken before today still hold the key unencrypted: protect or destroy them.` });
  return { keys, file: f.keys, passphrase, notices };
}

/** The public keys the data folder's key file announces, without opening it (not authenticated). */
export function describeNodeKeys(dataDir: string): { file: string; keys: readonly PublicKeyInfo[] } {
  const f = files(dataDir);
  if (existsSync(f.keys)) {
    checkOwnerOnly(f.keys, KEY_FILE);
    return { file: f.keys, keys: readEnvelopeHeader(readSecretFile(f.keys, KEY_FILE).toString('utf8'), f.keys).keys };
  }
  if (existsSync(f.legacy)) return { file: f.legacy, keys: [publicKeyInfo(readLegacyKey(f.legacy))] };
  throw noKey(dataDir);
}

/** What a backup file holds; decrypted (and so authenticated) when a passphrase is given. */
export async function inspectBackup(path: string, passphrase: string | undefined): Promise<{ header: EnvelopeHeader; verified: boolean }> {
  const text = readSecretFile(path, 'the key backup').toString('utf8');
  if (passphrase === undefined) return { header: readEnvelopeHeader(text, path), verified: false };
  return { header: (await openKeys(text, passphrase, path, ['backup', 'node-keys'])).header, verified: true };
}

/**
 * Writes a backup of the node's keys to `output` (mode 0600), encrypted under the export
 * passphrase, which must differ from the key passphrase.
 */
export async function exportNodeKeys(dataDir: string, ctx: CustodyContext, opts: { output: string; passphrase: string; replace: boolean }): Promise<OpenedNodeKeys> {
  checkNewPassphrase(opts.passphrase, 'the export passphrase');
  if (!opts.replace && existsSync(opts.output)) throw new AccordError('conflict', 'trust.file-exists', `${opts.output} already exists (give --force to overwrite it)`);
  const opened = await loadNodeKeys(dataDir, ctx);
  if (opts.passphrase === opened.passphrase.value) {
    throw new AccordError('invalid', 'trust.same-passphrase', 'the export passphrase must differ from the key passphrase: a backup is kept apart from the node, under its own secret');
  }
  writePrivateFile(opts.output, await sealKeys(opened.keys, opts.passphrase, 'backup'), { replace: opts.replace, what: 'the backup file' });
  return opened;
}

export interface ImportResult {
  /** The keys the data folder held before, if any (unverified when `unopened` says why). */
  readonly before?: readonly PublicKeyInfo[];
  /** Why the key file there could not be opened, when it could not. */
  readonly unopened?: string;
  readonly after: readonly PublicKeyInfo[];
  /** False when the data folder already held exactly these keys. */
  readonly changed: boolean;
  /** Where the replaced key file was moved (with --force). */
  readonly replacedFiles: readonly string[];
  readonly notices: readonly KeyNotice[];
}

function sameKeys(a: readonly PublicKeyInfo[], b: readonly PublicKeyInfo[]): boolean {
  const names = (ks: readonly PublicKeyInfo[]): string => ks.map((k) => `${k.purpose}:${k.fingerprint}`).sort().join(',');
  return names(a) === names(b);
}

/**
 * Restores keys from a backup (or from a copied node key file) into `dataDir`, sealed under the
 * data folder's key passphrase. A folder that holds other keys is left alone unless `force`; then
 * its key file is moved aside (`node-keys.json.replaced-<time>`), never deleted.
 */
export async function importNodeKeys(dataDir: string, ctx: CustodyContext, opts: { input: string; passphrase: string; force: boolean }): Promise<ImportResult> {
  const text = readSecretFile(opts.input, 'the key backup').toString('utf8');
  const { keys } = await openKeys(text, opts.passphrase, opts.input, ['backup', 'node-keys']);
  const after = keys.all.map(publicKeyInfo);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const f = files(dataDir);
  const notices: KeyNotice[] = [];
  const replacedFiles: string[] = [];
  let before: readonly PublicKeyInfo[] | undefined;
  let unopened: string | undefined;
  if (nodeKeysExist(dataDir)) {
    try {
      const current = await loadNodeKeys(dataDir, ctx);
      notices.push(...current.notices);
      before = current.keys.all.map(publicKeyInfo);
    } catch (e) {
      if (!isAccordError(e) || e.code === 'trust.file-permissions') throw e;
      unopened = e.message;
      try {
        before = describeNodeKeys(dataDir).keys;
      } catch {
        // Not even the public part is readable; the message above says why.
      }
    }
    if (unopened === undefined && before !== undefined && sameKeys(before, after)) {
      return { before, after, changed: false, replacedFiles, notices };
    }
    if (!opts.force) {
      const held = before !== undefined ? before.map((k) => k.fingerprint).join(', ') : 'a key';
      throw new AccordError('conflict', 'trust.key-differs', unopened !== undefined
        ? `cannot open the key file in ${dataDir} to compare it with the backup (${unopened}); give --force to replace it (it is kept as ${NODE_KEYS_FILE}.replaced-<time>)`
        : `${dataDir} already holds node key ${held}; the backup holds ${after.map((k) => k.fingerprint).join(', ')}. Replacing a node's key changes how peers recognise it: give --force to replace it (the current file is kept as ${NODE_KEYS_FILE}.replaced-<time>)`);
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    for (const path of [f.keys, f.legacy]) {
      if (!existsSync(path)) continue;
      const aside = `${path}.replaced-${stamp}`;
      renameSync(path, aside);
      replacedFiles.push(aside);
    }
  }
  const passphrase = passphraseForNewFile(dataDir, ctx, notices);
  await writeKeyFile(f.keys, keys, passphrase);
  return { ...(before !== undefined ? { before } : {}), ...(unopened !== undefined ? { unopened } : {}), after, changed: true, replacedFiles, notices };
}
