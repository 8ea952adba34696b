// Key custody end to end, through the real `accord` command: the encrypted key file and its
// passphrase at init, `accord keys show|export|import|create`, `accord serve` refusing to start
// on exposed or unopenable keys, and the migration of a previous version's plaintext key.
import type { ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKeys } from '../src/trust/index.js';
import { runAccord, spawnAccord, startNode, type RunResult } from './support/cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'accord-keys-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Nothing from the environment running the tests may configure a passphrase.
const CLEAN = { ACCORD_KEY_PASSPHRASE: '', ACCORD_KEY_PASSPHRASE_FILE: '', ACCORD_EXPORT_PASSPHRASE: '', ACCORD_ADMIN_PASSWORD: 'a long enough password' };
const EXPORT = 'an export passphrase kept elsewhere';
const mode = (path: string): number => statSync(path).mode & 0o777;

function noStack(r: RunResult): void {
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).not.toMatch(/unexpected error/);
}

/**
 * Stops a node once it answers HTTP. (`serve` prints "listening" just before it installs its
 * SIGTERM handler; a signal sent in between would kill it without a clean stop.)
 */
async function stopWhenServing(node: { url: string; child: ChildProcess; stop?: () => Promise<number | null> }): Promise<number | null> {
  expect((await fetch(`${node.url}/healthz`)).status).toBe(200);
  if (node.stop !== undefined) return node.stop();
  node.child.kill('SIGTERM');
  return null;
}

/** Starts `accord serve`, stops it once it listens, and returns its exit status and standard error. */
function serveOnce(data: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawnAccord(['serve', '--data', data, '--port', '0'], { env });
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    let stopping = false;
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      const url = /listening on (http:\/\/\S+)/.exec(stderr)?.[1];
      if (url === undefined || stopping) return;
      stopping = true;
      void stopWhenServing({ url, child }).catch(reject);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

async function init(name: string, env: Record<string, string> = {}): Promise<{ data: string; fingerprint: string; out: RunResult }> {
  const data = join(dir, name);
  const out = await runAccord(['init', '--data', data, '--name', name], { env: { ...CLEAN, ...env } });
  expect(out.code, out.stderr).toBe(0);
  const fingerprint = /node key: +([0-9a-f]{64})/.exec(out.stdout)?.[1];
  expect(fingerprint).toBeDefined();
  return { data, fingerprint: fingerprint ?? '', out };
}

async function shownFingerprint(data: string, env: Record<string, string> = {}): Promise<string> {
  const r = await runAccord(['keys', 'show', '--data', data, '--json'], { env: { ...CLEAN, ...env } });
  expect(r.code, r.stderr).toBe(0);
  const shown = JSON.parse(r.stdout) as { verified: boolean; keys: { fingerprint: string; public_key_pem: string }[] };
  expect(shown.keys[0]?.public_key_pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
  expect(r.stdout).not.toMatch(/PRIVATE/);
  return shown.keys[0]?.fingerprint ?? '';
}

describe('accord init and the key passphrase', () => {
  it('without a passphrase, generates key-passphrase (0600), says so, and keeps the key encrypted', async () => {
    const { data, fingerprint, out } = await init('zero-config');
    expect(mode(join(data, 'key-passphrase'))).toBe(0o600);
    expect(mode(join(data, 'node-keys.json'))).toBe(0o600);
    expect(existsSync(join(data, 'node-key.pem'))).toBe(false);
    expect(out.stdout).toContain(`a random one was generated into ${join(data, 'key-passphrase')} (mode 0600)`);
    expect(out.stdout).toMatch(/WARNING: .*key-passphrase sits in the data folder .*Move it out of the data folder .*ACCORD_KEY_PASSPHRASE_FILE/);
    const envelope = readFileSync(join(data, 'node-keys.json'), 'utf8');
    expect(envelope).not.toMatch(/PRIVATE KEY/);
    expect(JSON.parse(envelope)).toMatchObject({ format: 'accord-node-keys', keys: [{ purpose: 'signing', alg: 'Ed25519', fingerprint }, { purpose: 'encryption', alg: 'X25519' }] });
    expect(await shownFingerprint(data)).toBe(fingerprint);
    const served = await serveOnce(data, CLEAN);
    expect(served.code).toBe(0);
    expect(served.stderr).toMatch(/WARNING: the key passphrase is read from .*key-passphrase, next to the key it protects/);
  });

  it('with ACCORD_KEY_PASSPHRASE, writes no passphrase file; a wrong one gives a clear error and exit 3', async () => {
    const { data, fingerprint, out } = await init('env-pass', { ACCORD_KEY_PASSPHRASE: 'the operator chose this one' });
    expect(existsSync(join(data, 'key-passphrase'))).toBe(false);
    expect(out.stdout).not.toMatch(/WARNING/);
    expect(await shownFingerprint(data, { ACCORD_KEY_PASSPHRASE: 'the operator chose this one' })).toBe(fingerprint);
    const wrong = await runAccord(['keys', 'show', '--data', data], { env: { ...CLEAN, ACCORD_KEY_PASSPHRASE: 'the operator chose another' } });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toBe(`accord keys: the passphrase does not open ${join(data, 'node-keys.json')}\n`);
    // Without a passphrase, show reads the public part only and says it did not open the file.
    const unverified = await runAccord(['keys', 'show', '--data', data], { env: CLEAN });
    expect(unverified.code).toBe(0);
    expect(unverified.stdout).toMatch(/not opened: no key passphrase is configured/);
    expect(unverified.stdout).toContain(fingerprint);
  });
});

describe('accord keys export / import', () => {
  it('restores the keys into another data folder with the fingerprint preserved', async () => {
    const a = await init('export-a');
    const backup = join(dir, 'a-backup.json');
    const exported = await runAccord(['keys', 'export', '--data', a.data, '--output', backup], { env: { ...CLEAN, ACCORD_EXPORT_PASSPHRASE: EXPORT } });
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain(a.fingerprint);
    expect(mode(backup)).toBe(0o600);
    expect(readFileSync(backup, 'utf8')).not.toContain(readFileSync(join(a.data, 'node-keys.json'), 'utf8'));
    const audited = await runAccord(['audit', 'export', '--data', a.data, '--action', 'keys.exported'], { env: CLEAN });
    expect(JSON.parse(audited.stdout.trim())).toMatchObject({ action: 'keys.exported', details: { file: backup, keys: [a.fingerprint, expect.stringMatching(/^[0-9a-f]{64}$/)] } });

    // A new machine: an empty data folder, its own key passphrase from a file.
    const b = join(dir, 'export-b');
    const passFile = join(dir, 'b-passphrase');
    writeFileSync(passFile, 'passphrase of the new machine\n', { mode: 0o600 });
    const exportPassFile = join(dir, 'export-passphrase');
    writeFileSync(exportPassFile, `${EXPORT}\n`, { mode: 0o600 });
    const imported = await runAccord(['keys', 'import', backup, '--data', b, '--passphrase-file', exportPassFile], { env: { ...CLEAN, ACCORD_KEY_PASSPHRASE_FILE: passFile } });
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('Node key before: (none)');
    expect(imported.stdout).toContain(`Node key after:  ${a.fingerprint} (signing, Ed25519)`);
    expect(existsSync(join(b, 'key-passphrase'))).toBe(false);
    expect(await shownFingerprint(b, { ACCORD_KEY_PASSPHRASE_FILE: passFile })).toBe(a.fingerprint);

    // A node started on the restored folder serves with the restored key.
    const node = await startNode(['--data', b, '--name', 'Restored'], { env: { ...CLEAN, ACCORD_KEY_PASSPHRASE_FILE: passFile } });
    expect(await stopWhenServing(node)).toBe(0);
    expect(await shownFingerprint(b, { ACCORD_KEY_PASSPHRASE_FILE: passFile })).toBe(a.fingerprint);
  });

  it('refuses to replace a different key unless --force, printing both fingerprints', async () => {
    const a = await init('replace-a');
    const c = await init('replace-c');
    const backup = join(dir, 'replace-backup.json');
    expect((await runAccord(['keys', 'export', '--data', a.data, '-o', backup], { env: { ...CLEAN, ACCORD_EXPORT_PASSPHRASE: EXPORT } })).code).toBe(0);
    const refused = await runAccord(['keys', 'import', backup, '--data', c.data], { env: { ...CLEAN, ACCORD_EXPORT_PASSPHRASE: EXPORT } });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(new RegExp(`already holds node key ${c.fingerprint}, [0-9a-f]{64}; the backup holds ${a.fingerprint}, [0-9a-f]{64}`));
    noStack(refused);
    expect(await shownFingerprint(c.data)).toBe(c.fingerprint);
    const forced = await runAccord(['keys', 'import', backup, '--data', c.data, '--force'], { env: { ...CLEAN, ACCORD_EXPORT_PASSPHRASE: EXPORT } });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain(`Node key before: ${c.fingerprint} (signing, Ed25519)`);
    expect(forced.stdout).toContain(`Node key after:  ${a.fingerprint} (signing, Ed25519)`);
    expect(forced.stdout).toMatch(/previous key file is kept as .*node-keys\.json\.replaced-/);
    expect(await shownFingerprint(c.data)).toBe(a.fingerprint);
    // The node now starts with a key other than the one recorded at init, and says what that means.
    const started = await serveOnce(c.data, CLEAN);
    expect(started.code).toBe(0);
    expect(started.stderr).toContain(`WARNING: the node key ${a.fingerprint} is not the key recorded when this node was initialised (${c.fingerprint}); peers will not accept its signatures until the members record the key change`);
  });

  it('prints clear errors for bad passphrases, missing files and bad permissions', async () => {
    const a = await init('errors');
    const backup = join(dir, 'errors-backup.json');
    const run = (args: string[], env: Record<string, string> = {}): Promise<RunResult> => runAccord(['keys', ...args, '--data', a.data], { env: { ...CLEAN, ...env } });

    const none = await run(['export', '-o', backup]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/give the export passphrase in ACCORD_EXPORT_PASSPHRASE or with --passphrase-file FILE/);
    const short = await run(['export', '-o', backup], { ACCORD_EXPORT_PASSPHRASE: 'fifteen chars!!' });
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/the export passphrase must have at least 16 characters/);
    const keyPass = readFileSync(join(a.data, 'key-passphrase'), 'utf8').trim();
    const same = await run(['export', '-o', backup], { ACCORD_EXPORT_PASSPHRASE: keyPass });
    expect(same.stderr).toMatch(/must differ from the key passphrase/);
    const openFile = join(dir, 'readable-passphrase');
    writeFileSync(openFile, EXPORT, { mode: 0o644 });
    chmodSync(openFile, 0o644);
    const exposed = await run(['export', '-o', backup, '--passphrase-file', openFile]);
    expect(exposed.code).toBe(3);
    expect(exposed.stderr).toContain(`the export passphrase file ${openFile} may be read or written by other users (mode 0644); the node refuses to use it. Fix: chmod 600 ${openFile}`);
    expect(existsSync(backup)).toBe(false);

    expect((await run(['export', '-o', backup], { ACCORD_EXPORT_PASSPHRASE: EXPORT })).code).toBe(0);
    const again = await run(['export', '-o', backup], { ACCORD_EXPORT_PASSPHRASE: EXPORT });
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/already exists \(give --force to overwrite it\)/);
    const wrong = await run(['import', backup], { ACCORD_EXPORT_PASSPHRASE: `${EXPORT}?` });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toBe(`accord keys: the passphrase does not open ${backup}\n`);
    const missing = await run(['import', join(dir, 'no-such-backup.json')], { ACCORD_EXPORT_PASSPHRASE: EXPORT });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain(`the key backup ${join(dir, 'no-such-backup.json')} does not exist`);
    const notBackup = join(dir, 'not-a-backup.json');
    writeFileSync(notBackup, '{"hello": "world"}');
    const malformed = await run(['import', notBackup], { ACCORD_EXPORT_PASSPHRASE: EXPORT });
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/is not a valid Accord key file/);
    for (const r of [none, short, same, exposed, again, wrong, missing, malformed]) noStack(r);

    const unknown = await runAccord(['keys', 'rotate'], { env: CLEAN });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown subcommand "rotate"/);
    const help = await runAccord(['keys', 'export', '--help'], { env: CLEAN });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: accord keys export --output FILE/);
  });
});

describe('accord serve and the node keys', () => {
  it('refuses to start when the key file may be read by others, or the passphrase is wrong', async () => {
    const { data } = await init('serve-exposed');
    const keyFile = join(data, 'node-keys.json');
    chmodSync(keyFile, 0o644);
    await expect(startNode(['--data', data], { env: CLEAN })).rejects.toThrow(/node exited with 3/);
    const r = await runAccord(['serve', '--data', data, '--port', '0'], { env: CLEAN });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`accord serve: the node key file ${keyFile} may be read or written by other users (mode 0644); the node refuses to use it. Fix: chmod 600 ${keyFile}\n`);
    chmodSync(keyFile, 0o600);
    chmodSync(join(data, 'key-passphrase'), 0o640);
    const passExposed = await runAccord(['serve', '--data', data, '--port', '0'], { env: CLEAN });
    expect(passExposed.code).toBe(3);
    expect(passExposed.stderr).toContain(`Fix: chmod 600 ${join(data, 'key-passphrase')}`);
    chmodSync(join(data, 'key-passphrase'), 0o600);
    const wrong = await runAccord(['serve', '--data', data, '--port', '0'], { env: { ...CLEAN, ACCORD_KEY_PASSPHRASE: 'this is not the passphrase' } });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toBe(`accord serve: the passphrase does not open ${keyFile}\n`);
    const node = await startNode(['--data', data], { env: CLEAN });
    expect(await stopWhenServing(node)).toBe(0);
  });

  it('moves a previous version\'s plaintext node-key.pem into the encrypted file when the keys are next opened', async () => {
    // A data folder as the previous version left it: same store, the same key as plaintext PEM.
    const { data, fingerprint } = await init('legacy');
    const passphrase = readFileSync(join(data, 'key-passphrase'), 'utf8').trim();
    const { keys } = await openKeys(readFileSync(join(data, 'node-keys.json'), 'utf8'), passphrase, 'node-keys.json', ['node-keys']);
    writeFileSync(join(data, 'node-key.pem'), keys.signing.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    unlinkSync(join(data, 'node-keys.json'));
    unlinkSync(join(data, 'key-passphrase'));

    const migrated = await runAccord(['keys', 'show', '--data', data], { env: { ...CLEAN, ACCORD_KEY_PASSPHRASE: 'the operator set one before upgrading' } });
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stderr).toMatch(new RegExp(`Moved the plaintext node key .*node-key\\.pem \\(${fingerprint}\\) into the encrypted .*node-keys\\.json and erased the plaintext file`));
    expect(existsSync(join(data, 'node-key.pem'))).toBe(false);
    expect(mode(join(data, 'node-keys.json'))).toBe(0o600);
    expect(await shownFingerprint(data, { ACCORD_KEY_PASSPHRASE: 'the operator set one before upgrading' })).toBe(fingerprint);
  });

  it('migrates a zero-configuration node on `accord serve`, generating the passphrase', async () => {
    const { data, fingerprint } = await init('legacy-serve');
    const passphrase = readFileSync(join(data, 'key-passphrase'), 'utf8').trim();
    const { keys } = await openKeys(readFileSync(join(data, 'node-keys.json'), 'utf8'), passphrase, 'node-keys.json', ['node-keys']);
    writeFileSync(join(data, 'node-key.pem'), keys.signing.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    unlinkSync(join(data, 'node-keys.json'));
    unlinkSync(join(data, 'key-passphrase'));
    const node = await startNode(['--data', data], { env: CLEAN });
    expect(await stopWhenServing(node)).toBe(0);
    expect(existsSync(join(data, 'node-key.pem'))).toBe(false);
    expect(mode(join(data, 'key-passphrase'))).toBe(0o600);
    expect(await shownFingerprint(data)).toBe(fingerprint);
  });
});
