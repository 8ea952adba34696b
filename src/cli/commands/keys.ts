// `accord keys show|export|import|create`: the node's keys for the operator — what they are,
// a backup encrypted under its own passphrase, a restore, and a new key after a loss. Never
// prints private material. Custody itself is the trust area's (src/trust/custody.ts).
import { resolve } from 'node:path';
import { AccordError } from '../../stix/index.js';
import {
  createNodeKeys, describeNodeKeys, exportNodeKeys, findKeyPassphrase, importNodeKeys, inspectBackup, loadNodeKeys, publicKeyFromRaw, publicKeyInfo, readPassphraseFile,
  type KeyNotice, type PublicKeyInfo,
} from '../../trust/index.js';
import { commandLine, configFrom, dispatchSubcommand, type OptionTable, usageText, type Values } from '../args.js';
import { EXIT, type Io } from '../io.js';
import type { Config } from '../config.js';
import { formatKeyNotice, isInitialised, openNodeStore } from '../node.js';
import { cliActor, openNodeServices } from '../services.js';

const EXPORT_PASSPHRASE_ENV = 'ACCORD_EXPORT_PASSPHRASE';
const PASSPHRASE_FILE: OptionTable = {
  'passphrase-file': { type: 'string', arg: 'FILE', describe: `read the export passphrase from FILE, mode 0600 (else env ${EXPORT_PASSPHRASE_ENV})` },
};

const SHOW_OPTIONS: OptionTable = { ...PASSPHRASE_FILE, json: { type: 'boolean', describe: 'print JSON' } };
const EXPORT_OPTIONS: OptionTable = {
  output: { type: 'string', short: 'o', arg: 'FILE', describe: 'the backup file to write (mode 0600)' },
  ...PASSPHRASE_FILE,
  force: { type: 'boolean', describe: 'overwrite FILE if it exists' },
};
const IMPORT_OPTIONS: OptionTable = {
  ...PASSPHRASE_FILE,
  force: { type: 'boolean', describe: 'replace a different key already in the data folder (the old file is kept beside it)' },
};
const CREATE_OPTIONS: OptionTable = {};

const SHOW_USAGE = usageText('accord keys show [FILE] [options]',
  'Prints the fingerprints and public keys of the node\'s keys (opened with the key passphrase when one is configured),\nor of the backup FILE (opened when an export passphrase is given). Never prints private keys.', SHOW_OPTIONS);
const EXPORT_USAGE = usageText('accord keys export --output FILE [options]',
  `Writes a backup of the node's keys, encrypted under an export passphrase of at least 16 characters\n(${EXPORT_PASSPHRASE_ENV} or --passphrase-file) that differs from the key passphrase.`, EXPORT_OPTIONS);
const IMPORT_USAGE = usageText('accord keys import FILE [options]',
  `Restores the node's keys from a backup made by \`accord keys export\` (export passphrase from ${EXPORT_PASSPHRASE_ENV}\nor --passphrase-file) into the data folder, encrypted under the data folder's key passphrase.`, IMPORT_OPTIONS);
const CREATE_USAGE = usageText('accord keys create [options]',
  'Creates a new node key in a data folder that has none, after the old key was lost. Peers will not accept\nits signatures until the members record the key change (docs/operations.md, "Keys").', CREATE_OPTIONS);

export const USAGE = `Usage: accord keys <show|export|import|create> [options]

The node's keys, kept encrypted in <data>/node-keys.json under the key passphrase
(ACCORD_KEY_PASSPHRASE, ACCORD_KEY_PASSPHRASE_FILE, or <data>/key-passphrase).

  show [FILE]           print fingerprints and public keys (of the node, or of a backup FILE)
  export --output FILE  write a backup encrypted under a separate export passphrase
  import FILE           restore the keys from a backup
  create                create a new key after the old one was lost

Run \`accord keys <subcommand> --help\` for its options. Recovery: docs/operations.md, "Keys".
`;

function exportPassphrase(values: Values, io: Io): string | undefined {
  const file = values['passphrase-file'];
  if (typeof file === 'string') return readPassphraseFile(resolve(io.cwd, file), 'the export passphrase file');
  const fromEnv = io.env[EXPORT_PASSPHRASE_ENV];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : undefined;
}

function requiredExportPassphrase(values: Values, io: Io): string {
  const p = exportPassphrase(values, io);
  if (p === undefined) throw new AccordError('invalid', 'cli.usage', `give the export passphrase in ${EXPORT_PASSPHRASE_ENV} or with --passphrase-file FILE`);
  return p;
}

function printNotices(io: Io, notices: readonly KeyNotice[]): void {
  for (const n of notices) io.stderr.write(`${formatKeyNotice(n)}\n`);
}

function keyLines(keys: readonly PublicKeyInfo[]): string {
  return keys.map((k) => `  ${k.purpose} key (${k.alg})\n    fingerprint: ${k.fingerprint}\n    public key:  ${k.publicKey}\n`).join('');
}

function fingerprints(keys: readonly PublicKeyInfo[]): string {
  return keys.map((k) => `${k.fingerprint} (${k.purpose}, ${k.alg})`).join(', ');
}

async function show(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, SHOW_OPTIONS, SHOW_USAGE, io, 'some');
  if (parsed === undefined) return EXIT.ok;
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new AccordError('invalid', 'cli.usage', `unexpected argument "${positionals[1]}"`);
  let file: string;
  let keys: readonly PublicKeyInfo[];
  let how: string;
  let verified: boolean;
  const backup = positionals[0];
  if (backup !== undefined) {
    file = resolve(io.cwd, backup);
    const r = await inspectBackup(file, exportPassphrase(values, io));
    keys = r.header.keys;
    verified = r.verified;
    how = r.verified ? 'opened with the export passphrase' : 'not opened: give the export passphrase to check it; keys as the file states them';
  } else {
    const config = configFrom(values, io, { logLevel: 'warn' });
    const custody = { env: io.env, cwd: io.cwd };
    const passphrase = findKeyPassphrase(config.dataDir, custody);
    if (passphrase !== undefined) {
      const opened = await loadNodeKeys(config.dataDir, custody);
      printNotices(io, opened.notices);
      file = opened.file;
      verified = true;
      keys = opened.keys.all.map(publicKeyInfo);
      how = `opened with the key passphrase from ${opened.passphrase.source}`;
    } else {
      const described = describeNodeKeys(config.dataDir);
      file = described.file;
      verified = false;
      keys = described.keys;
      how = 'not opened: no key passphrase is configured; keys as the file states them';
    }
  }
  if (values.json === true) {
    const out = keys.map((k) => ({
      purpose: k.purpose, alg: k.alg, fingerprint: k.fingerprint, public_key: k.publicKey,
      public_key_pem: publicKeyFromRaw(k.alg, Buffer.from(k.publicKey, 'base64url')).export({ format: 'pem', type: 'spki' }).toString(),
    }));
    io.stdout.write(`${JSON.stringify({ file, verified, keys: out }, null, 2)}\n`);
  } else {
    io.stdout.write(`${file} (${how})\n${keyLines(keys)}`);
  }
  return EXIT.ok;
}

async function exportKeys(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, EXPORT_OPTIONS, EXPORT_USAGE, io, 'none');
  if (parsed === undefined) return EXIT.ok;
  const { values } = parsed;
  if (typeof values.output !== 'string') throw new AccordError('invalid', 'cli.usage', 'give the backup file with --output FILE');
  const config = configFrom(values, io, { logLevel: 'warn' });
  const output = resolve(io.cwd, values.output);
  const passphrase = requiredExportPassphrase(values, io);
  const opened = await exportNodeKeys(config.dataDir, { env: io.env, cwd: io.cwd }, { output, passphrase, replace: values.force === true });
  printNotices(io, opened.notices);
  await recordKeyEvent(config, io, 'keys.exported', { file: output, keys: opened.keys.all.map((k) => k.fingerprint) });
  io.stdout.write(`Exported the node keys to ${output} (mode 0600), encrypted under the export passphrase:\n${keyLines(opened.keys.all.map(publicKeyInfo))}Keep the backup and its passphrase in different places; either alone is useless, and losing the passphrase loses the backup.\n`);
  return EXIT.ok;
}

async function importKeys(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, IMPORT_OPTIONS, IMPORT_USAGE, io, 'some');
  if (parsed === undefined) return EXIT.ok;
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || positionals[0] === undefined) throw new AccordError('invalid', 'cli.usage', 'give exactly one backup FILE to import');
  const config = configFrom(values, io, { logLevel: 'warn' });
  const input = resolve(io.cwd, positionals[0]);
  const passphrase = requiredExportPassphrase(values, io);
  const r = await importNodeKeys(config.dataDir, { env: io.env, cwd: io.cwd }, { input, passphrase, force: values.force === true });
  printNotices(io, r.notices);
  const before = r.before === undefined ? '(none)' : `${fingerprints(r.before)}${r.unopened !== undefined ? ' (as the file states; it could not be opened)' : ''}`;
  io.stdout.write(`Node key before: ${before}\nNode key after:  ${fingerprints(r.after)}\n`);
  if (!r.changed) {
    io.stdout.write(`The data folder ${config.dataDir} already holds these keys; nothing changed.\n`);
    return EXIT.ok;
  }
  for (const f of r.replacedFiles) io.stdout.write(`The previous key file is kept as ${f}.\n`);
  await recordKeyEvent(config, io, 'keys.imported', { file: input, before: r.before?.map((k) => k.fingerprint) ?? null, after: r.after.map((k) => k.fingerprint) });
  io.stdout.write(`Restored the node keys into ${config.dataDir}. Restart a running node to use them.\n`);
  return EXIT.ok;
}

async function create(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, CREATE_OPTIONS, CREATE_USAGE, io, 'none');
  if (parsed === undefined) return EXIT.ok;
  const config = configFrom(parsed.values, io, { logLevel: 'warn' });
  const opened = await createNodeKeys(config.dataDir, { env: io.env, cwd: io.cwd });
  io.stdout.write(`Created a new node key in ${opened.file}:\n  fingerprint: ${opened.keys.signing.fingerprint}\n`);
  await recordKeyEvent(config, io, 'keys.created', { key: opened.keys.signing.fingerprint });
  printNotices(io, [...opened.notices, {
    level: 'warning',
    message: 'this is a new key, not the member\'s previous one. Peers will not accept its signatures until the members record the key change (docs/operations.md, "Keys"). Back it up now with `accord keys export`.',
  }]);
  return EXIT.ok;
}

/** Records a key event in the audit log of the node in the data folder, when there is one (signed with the key now in force). */
async function recordKeyEvent(config: Config, io: Io, action: 'keys.exported' | 'keys.imported' | 'keys.created', details: Record<string, unknown>): Promise<void> {
  const store = await openNodeStore(config);
  if (!(await isInitialised(store))) {
    await store.close();
    return;
  }
  const node = await openNodeServices(config, io, store);
  try {
    await node.audit.record({ actor: cliActor(), action, details });
  } finally {
    await node.close();
  }
}

const SUBCOMMANDS: Readonly<Record<string, (argv: readonly string[], io: Io) => Promise<number>>> = {
  show, export: exportKeys, import: importKeys, create,
};

export function run(argv: readonly string[], io: Io): Promise<number> {
  return dispatchSubcommand(argv, io, USAGE, SUBCOMMANDS);
}
