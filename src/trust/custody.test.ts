// Key custody in a data folder: passphrase sources, permission refusals, migration from the
// plaintext node-key.pem of earlier versions, export and import.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectedWith } from '../../test/support/thrown.js';
import { AccordError } from '../stix/index.js';
import { createNodeKeys, exportNodeKeys, importNodeKeys, LEGACY_NODE_KEY_FILE, loadNodeKeys, NODE_KEYS_FILE, nodeKeysExist, type KeyNotice } from './custody.js';
import { generateNodeKey } from './keys.js';
import { KEY_PASSPHRASE_FILE, type CustodyContext } from './passphrase.js';

let root: string;
let n = 0;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'accord-custody-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function folder(): string {
  const dir = join(root, `d${++n}`);
  mkdirSync(dir, { mode: 0o700 });
  return dir;
}

const PASS = 'a passphrase of some length';
const withPass: CustodyContext = { env: { ACCORD_KEY_PASSPHRASE: PASS }, cwd: '/' };
const none: CustodyContext = { env: {}, cwd: '/' };
const mode = (path: string): number => statSync(path).mode & 0o777;
const text = (notices: readonly KeyNotice[]): string => notices.map((x) => x.message).join('\n');

const rejection = (p: Promise<unknown>): Promise<AccordError> => rejectedWith(p, AccordError);

describe('creating and opening the node keys', () => {
  it('without a configured passphrase, generates one into the data folder (0600) and says so', async () => {
    const dir = folder();
    const created = await createNodeKeys(dir, none);
    const passFile = join(dir, KEY_PASSPHRASE_FILE);
    expect(mode(passFile)).toBe(0o600);
    expect(mode(join(dir, NODE_KEYS_FILE))).toBe(0o600);
    expect(readFileSync(passFile, 'utf8')).toMatch(/^[A-Za-z0-9_-]{43}\n$/);
    expect(created.passphrase.inDataFolder).toBe(true);
    expect(text(created.notices)).toMatch(/generated into .*key-passphrase \(mode 0600\)/);
    expect(text(created.notices)).toMatch(/Move it out of the data folder .* ACCORD_KEY_PASSPHRASE_FILE/);
    const loaded = await loadNodeKeys(dir, none);
    expect(loaded.keys.signing.fingerprint).toBe(created.keys.signing.fingerprint);
    expect(loaded.notices).toEqual([]);
  });

  it('takes the passphrase from ACCORD_KEY_PASSPHRASE, then ACCORD_KEY_PASSPHRASE_FILE (relative to the working directory)', async () => {
    const dir = folder();
    const created = await createNodeKeys(dir, withPass);
    expect(existsSync(join(dir, KEY_PASSPHRASE_FILE))).toBe(false);
    expect(created.notices).toEqual([]);
    writeFileSync(join(root, `secret${n}`), `${PASS}\n`, { mode: 0o600 });
    const fromFile = await loadNodeKeys(dir, { env: { ACCORD_KEY_PASSPHRASE_FILE: `secret${n}` }, cwd: root });
    expect(fromFile.keys.signing.fingerprint).toBe(created.keys.signing.fingerprint);
    expect(fromFile.passphrase.source).toBe(join(root, `secret${n}`));
    const missing = await rejection(loadNodeKeys(dir, { env: { ACCORD_KEY_PASSPHRASE_FILE: 'nowhere' }, cwd: root }));
    expect(missing.message).toBe(`ACCORD_KEY_PASSPHRASE_FILE names ${join(root, 'nowhere')}, which does not exist`);
    const wrong = await rejection(loadNodeKeys(dir, { env: { ACCORD_KEY_PASSPHRASE: 'not the passphrase at all' }, cwd: '/' }));
    expect(wrong.message).toBe(`the passphrase does not open ${join(dir, NODE_KEYS_FILE)}`);
    const unset = await rejection(loadNodeKeys(dir, none));
    expect(unset.code).toBe('trust.no-passphrase');
    expect(unset.message).toMatch(/is encrypted and no key passphrase is configured: set ACCORD_KEY_PASSPHRASE/);
  });

  it('refuses a short configured passphrase for a new key, and never replaces an existing key', async () => {
    const dir = folder();
    const short = await rejection(createNodeKeys(dir, { env: { ACCORD_KEY_PASSPHRASE: 'too short' }, cwd: '/' }));
    expect(short.message).toMatch(/the key passphrase \(ACCORD_KEY_PASSPHRASE\) must have at least 16 characters/);
    expect(nodeKeysExist(dir)).toBe(false);
    await createNodeKeys(dir, withPass);
    expect((await rejection(createNodeKeys(dir, withPass))).code).toBe('trust.key-exists');
  });

  it('refuses key and passphrase files that other users may read or write, naming the file and the fix', async () => {
    const dir = folder();
    await createNodeKeys(dir, none);
    const keyFile = join(dir, NODE_KEYS_FILE);
    const passFile = join(dir, KEY_PASSPHRASE_FILE);
    for (const [file, bits] of [[keyFile, 0o644], [keyFile, 0o640], [keyFile, 0o602], [passFile, 0o604], [passFile, 0o660]] as const) {
      chmodSync(file, bits);
      const e = await rejection(loadNodeKeys(dir, none));
      expect(e.code).toBe('trust.file-permissions');
      expect(e.kind).toBe('forbidden');
      expect(e.message).toContain(`${file} may be read or written by other users (mode 0${bits.toString(8)})`);
      expect(e.message).toContain(`Fix: chmod 600 ${file}`);
      chmodSync(file, 0o600);
    }
    chmodSync(keyFile, 0o400);
    expect((await loadNodeKeys(dir, none)).keys.signing.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('migration from the plaintext node-key.pem', () => {
  function legacyFolder(): { dir: string; fingerprint: string; pem: string } {
    const dir = folder();
    const key = generateNodeKey('signing');
    const pem = key.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    writeFileSync(join(dir, LEGACY_NODE_KEY_FILE), pem, { mode: 0o600 });
    return { dir, fingerprint: key.fingerprint, pem };
  }

  it('seals the key into node-keys.json, erases the plaintext file and reports it', async () => {
    const { dir, fingerprint } = legacyFolder();
    expect(nodeKeysExist(dir)).toBe(true);
    const opened = await loadNodeKeys(dir, withPass);
    expect(opened.keys.signing.fingerprint).toBe(fingerprint);
    expect(existsSync(join(dir, LEGACY_NODE_KEY_FILE))).toBe(false);
    expect(mode(join(dir, NODE_KEYS_FILE))).toBe(0o600);
    expect(text(opened.notices)).toMatch(new RegExp(`Moved the plaintext node key .*node-key\\.pem \\(${fingerprint}\\) into the encrypted .*node-keys\\.json and erased the plaintext file`));
    const again = await loadNodeKeys(dir, withPass);
    expect(again.keys.signing.fingerprint).toBe(fingerprint);
    expect(again.notices).toEqual([]);
  });

  it('generates the passphrase on the way when none is configured (an upgraded zero-configuration node)', async () => {
    const { dir, fingerprint } = legacyFolder();
    const opened = await loadNodeKeys(dir, none);
    expect(opened.keys.signing.fingerprint).toBe(fingerprint);
    expect(mode(join(dir, KEY_PASSPHRASE_FILE))).toBe(0o600);
    expect(text(opened.notices)).toMatch(/generated into/);
  });

  it('finishes a migration interrupted between sealing and erasing, and refuses two different keys', async () => {
    const { dir, fingerprint, pem } = legacyFolder();
    await loadNodeKeys(dir, withPass);
    writeFileSync(join(dir, LEGACY_NODE_KEY_FILE), pem, { mode: 0o600 });
    const finished = await loadNodeKeys(dir, withPass);
    expect(finished.keys.signing.fingerprint).toBe(fingerprint);
    expect(existsSync(join(dir, LEGACY_NODE_KEY_FILE))).toBe(false);
    expect(text(finished.notices)).toMatch(/left by an interrupted migration/);
    const stranger = generateNodeKey('signing');
    writeFileSync(join(dir, LEGACY_NODE_KEY_FILE), stranger.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    const two = await rejection(loadNodeKeys(dir, withPass));
    expect(two.code).toBe('trust.two-keys');
    expect(two.message).toContain(stranger.fingerprint);
    expect(existsSync(join(dir, LEGACY_NODE_KEY_FILE))).toBe(true);
  });

  it('refuses a plaintext key others may read, and one that is not an Ed25519 key', async () => {
    const { dir } = legacyFolder();
    chmodSync(join(dir, LEGACY_NODE_KEY_FILE), 0o644);
    expect((await rejection(loadNodeKeys(dir, withPass))).message).toMatch(/plaintext node key .* Fix: chmod 600/);
    writeFileSync(join(dir, LEGACY_NODE_KEY_FILE), 'not a key');
    chmodSync(join(dir, LEGACY_NODE_KEY_FILE), 0o600);
    expect((await rejection(loadNodeKeys(dir, withPass))).message).toMatch(/does not hold a readable Ed25519 private key/);
    expect(existsSync(join(dir, NODE_KEYS_FILE))).toBe(false);
  });
});

describe('export and import', () => {
  const EXPORT = 'a different export passphrase';

  it('moves the keys between data folders under the export passphrase, fingerprint preserved', async () => {
    const a = folder();
    const b = folder();
    const created = await createNodeKeys(a, withPass);
    const backup = join(root, `backup${n}.json`);
    await exportNodeKeys(a, withPass, { output: backup, passphrase: EXPORT, replace: false });
    expect(mode(backup)).toBe(0o600);
    expect(JSON.parse(readFileSync(backup, 'utf8'))).toMatchObject({ format: 'accord-node-keys-backup' });
    expect((await rejection(exportNodeKeys(a, withPass, { output: backup, passphrase: EXPORT, replace: false }))).code).toBe('trust.file-exists');
    expect((await rejection(exportNodeKeys(a, withPass, { output: `${backup}2`, passphrase: PASS, replace: false }))).code).toBe('trust.same-passphrase');

    const other: CustodyContext = { env: { ACCORD_KEY_PASSPHRASE: 'the second folder passphrase' }, cwd: '/' };
    expect((await rejection(importNodeKeys(b, other, { input: backup, passphrase: `${EXPORT}!`, force: false }))).code).toBe('trust.wrong-passphrase');
    const imported = await importNodeKeys(b, other, { input: backup, passphrase: EXPORT, force: false });
    expect(imported).toMatchObject({ changed: true, replacedFiles: [] });
    expect(imported.before).toBeUndefined();
    expect(imported.after.map((k) => k.fingerprint)).toEqual(created.keys.all.map((k) => k.fingerprint));
    expect((await loadNodeKeys(b, other)).keys.signing.fingerprint).toBe(created.keys.signing.fingerprint);
    const again = await importNodeKeys(b, other, { input: backup, passphrase: EXPORT, force: false });
    expect(again.changed).toBe(false);
  });

  it('refuses to replace a different key unless forced, and then keeps the old file aside', async () => {
    const a = folder();
    const b = folder();
    await createNodeKeys(a, withPass);
    const theirs = await createNodeKeys(b, withPass);
    const backup = join(root, `backup${n}.json`);
    const exported = await exportNodeKeys(a, withPass, { output: backup, passphrase: EXPORT, replace: false });
    const refused = await rejection(importNodeKeys(b, withPass, { input: backup, passphrase: EXPORT, force: false }));
    expect(refused.code).toBe('trust.key-differs');
    expect(refused.message).toContain(theirs.keys.signing.fingerprint);
    expect(refused.message).toContain('--force');
    const forced = await importNodeKeys(b, withPass, { input: backup, passphrase: EXPORT, force: true });
    expect(forced.before?.map((k) => k.fingerprint)).toEqual(theirs.keys.all.map((k) => k.fingerprint));
    expect(forced.after.map((k) => k.fingerprint)).toEqual(exported.keys.all.map((k) => k.fingerprint));
    expect(forced.replacedFiles).toHaveLength(1);
    expect(forced.replacedFiles[0]).toMatch(/node-keys\.json\.replaced-/);
    expect((await loadNodeKeys(b, withPass)).keys.signing.fingerprint).toBe(exported.keys.signing.fingerprint);
  });
});
