// `accord audit verify|export`: checks the audit chain and its signed checkpoints, and writes
// entries out as JSON lines. The work is the audit area's (src/audit); this file parses the
// command line, finds the keys and the checkpoint file, and prints.
import { existsSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import type { KeyObject } from 'node:crypto';
import { AuditLog, isAuditAction, verifyAudit, type AuditVerification } from '../../audit/index.js';
import { AccordError } from '../../stix/index.js';
import { formatMicros, parseMicros, type AuditEntry, type AuditQuery } from '../../store/index.js';
import { describeNodeKeys, findKeyPassphrase, keyFingerprint, loadNodeKeys, publicKeyFromRaw } from '../../trust/index.js';
import { commandLine, configFrom, dispatchSubcommand, type OptionTable, usageText, type Values } from '../args.js';
import type { Config } from '../config.js';
import { EXIT, type Io } from '../io.js';
import { formatKeyNotice, openNodeKeys, openNodeStore } from '../node.js';
import { cliActor } from '../services.js';
import { n } from '../progress.js';

const CHECKPOINTS: OptionTable = {
  checkpoints: { type: 'string', arg: 'FILE', describe: 'the checkpoint file (default <data>/audit-checkpoints.jsonl)' },
};
const VERIFY_OPTIONS: OptionTable = {
  ...CHECKPOINTS,
  'public-key': { type: 'string', multiple: true, arg: 'KEY', describe: 'trust only these signing keys (base64url, as `accord keys show` prints; repeat for earlier keys)' },
  json: { type: 'boolean', describe: 'print the result as JSON' },
};
const EXPORT_OPTIONS: OptionTable = {
  since: { type: 'string', arg: 'TIMESTAMP', describe: 'only entries recorded at or after this timestamp' },
  actor: { type: 'string', arg: 'ACTOR', describe: 'only entries by this actor (e.g. user:amina)' },
  action: { type: 'string', arg: 'ACTION', describe: 'only entries of this action (e.g. auth.sign-in-failed)' },
  output: { type: 'string', short: 'o', arg: 'FILE', describe: 'write to FILE instead of standard output' },
};

const VERIFY_USAGE = usageText('accord audit verify [options]',
  'Recomputes every entry\'s hash and link, checks every signed checkpoint (in the store and in the checkpoint\nfile) and that no entry was cut off before the newest one. Exit status 0: intact; 1: tampered, naming\nthe first bad entry and why.', VERIFY_OPTIONS);
const EXPORT_USAGE = usageText('accord audit export [options]',
  'Writes audit entries as JSON lines, oldest first, and records the export in the audit log.', EXPORT_OPTIONS);

export const USAGE = `Usage: accord audit <verify|export> [options]

The node's hash-chained audit log (docs/operations.md, "Audit log").

  verify    check the chain and its signed checkpoints (exit 1 when tampered)
  export    write entries as JSON lines, filtered by time, actor or action

Run \`accord audit <subcommand> --help\` for its options.
`;

function checkpointFile(values: Values, config: Config, io: Io): { path: string; explicit: boolean } {
  return typeof values.checkpoints === 'string'
    ? { path: resolve(io.cwd, values.checkpoints), explicit: true }
    : { path: config.auditCheckpointFile, explicit: false };
}

/** The keys checkpoints may be signed by: those given, else the node's (opened when a passphrase is configured). */
async function trustedKeys(values: Values, config: Config, io: Io): Promise<{ keys: KeyObject[]; from: string }> {
  const given = values['public-key'];
  if (Array.isArray(given) && given.length > 0) {
    const keys = given.flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '').map((s) => {
      try {
        return publicKeyFromRaw('Ed25519', Buffer.from(s, 'base64url'));
      } catch (e) {
        throw new AccordError('invalid', 'cli.usage', `--public-key ${s}: not a base64url Ed25519 public key (${(e as Error).message})`);
      }
    });
    return { keys, from: '--public-key' };
  }
  const custody = { env: io.env, cwd: io.cwd };
  if (findKeyPassphrase(config.dataDir, custody) !== undefined) {
    const opened = await loadNodeKeys(config.dataDir, custody);
    for (const notice of opened.notices) io.stderr.write(`${formatKeyNotice(notice)}\n`);
    return { keys: [opened.keys.signing.publicKey], from: opened.file };
  }
  const described = describeNodeKeys(config.dataDir);
  const keys = described.keys.filter((k) => k.purpose === 'signing').map((k) => publicKeyFromRaw('Ed25519', Buffer.from(k.publicKey, 'base64url')));
  return { keys, from: `${described.file}, as the file states it (no key passphrase configured; pin it with --public-key)` };
}

function report(v: AuditVerification, file: string | undefined): string {
  const cps = `${n(v.checkpoints.store)} checkpoints in the store, ${file !== undefined ? `${n(v.checkpoints.file)} in ${file}` : 'no checkpoint file'}`;
  if (v.ok) {
    const signed = v.checkpoints.newest > 0 ? `the newest signs entry ${n(v.checkpoints.newest)}` : 'none signs the chain';
    const unsealed = v.unsealed > 0 ? `; ${n(v.unsealed)} newer entries are chained but not yet signed` : '';
    return `audit log intact: ${n(v.checked)} entries; ${cps}; ${signed}${unsealed}\n`;
  }
  const bad = v.firstBad;
  return `audit log TAMPERED: first bad entry ${bad !== undefined ? `${n(bad.seq)}: ${bad.reason}: ${bad.message}` : '(unknown)'}\n` +
    `${n(v.checked)} entries verified before it; ${cps}\n`;
}

async function verify(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, VERIFY_OPTIONS, VERIFY_USAGE, io, 'none');
  if (parsed === undefined) return EXIT.ok;
  const { values } = parsed;
  const config = configFrom(values, io, { logLevel: 'warn' });
  const cp = checkpointFile(values, config, io);
  if (cp.explicit && !existsSync(cp.path)) throw new AccordError('not-found', 'audit.no-checkpoint-file', `--checkpoints ${cp.path}: no such file`);
  const file = existsSync(cp.path) ? cp.path : undefined;
  const { keys, from } = await trustedKeys(values, config, io);
  const store = await openNodeStore(config);
  let v: AuditVerification;
  try {
    v = await verifyAudit(store, { publicKeys: keys, ...(file !== undefined ? { checkpointFile: file } : {}) });
  } finally {
    await store.close();
  }
  if (values.json === true) {
    io.stdout.write(`${JSON.stringify({ ...v, keys: keys.map((k) => keyFingerprint(k)), checkpointFile: file ?? null }, null, 2)}\n`);
  } else {
    io.stdout.write(report(v, file));
    io.stderr.write(`checkpoints checked against ${keys.map((k) => keyFingerprint(k)).join(', ')} (${from})\n`);
    if (file === undefined) io.stderr.write(`warning: no checkpoint file at ${cp.path}; give the copy you keep elsewhere with --checkpoints FILE\n`);
    for (const w of v.warnings) if (file !== undefined || !w.startsWith('no checkpoint file')) io.stderr.write(`warning: ${w}\n`);
  }
  return v.ok ? EXIT.ok : EXIT.invalid;
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/** One exported line: the entry as stored, with its details as JSON rather than text. */
function line(e: AuditEntry): string {
  let details: unknown = e.details;
  try {
    details = JSON.parse(e.details);
  } catch {
    // Not JSON (the store was tampered with): exported as the text it is.
  }
  return `${JSON.stringify({ seq: e.seq, at: e.at, actor: e.actor, action: e.action, target: e.target, outcome: e.outcome, details, prevHash: e.prevHash, hash: e.hash })}\n`;
}

async function exportEntries(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, EXPORT_OPTIONS, EXPORT_USAGE, io, 'none');
  if (parsed === undefined) return EXIT.ok;
  const { values } = parsed;
  let since: string | undefined;
  if (typeof values.since === 'string') {
    const us = parseMicros(values.since);
    if (us === undefined) throw new AccordError('invalid', 'cli.usage', `--since must be a timestamp such as 2026-11-01T00:00:00Z, got "${values.since}"`);
    since = formatMicros(us);
  }
  if (typeof values.action === 'string' && !isAuditAction(values.action)) {
    throw new AccordError('invalid', 'cli.usage', `--action "${values.action}" is not an audited action (see docs/operations.md, "Audit log")`);
  }
  const filter: Omit<AuditQuery, 'afterSeq' | 'limit'> = {
    ...(since !== undefined ? { from: since } : {}),
    ...(typeof values.actor === 'string' ? { actor: values.actor } : {}),
    ...(typeof values.action === 'string' ? { action: values.action } : {}),
  };
  const config = configFrom(values, io, { logLevel: 'warn' });
  const store = await openNodeStore(config);
  try {
    // The export is itself audited, so the node's key must open (to sign the checkpoint) before anything is written.
    const opened = await openNodeKeys(config, store, { env: io.env, cwd: io.cwd });
    for (const notice of opened.notices) io.stderr.write(`${formatKeyNotice(notice)}\n`);
    const log = await AuditLog.open({ repository: store.audit, key: opened.keys.signing, checkpointFile: config.auditCheckpointFile, checkpointIntervalMs: 0 });
    const output = typeof values.output === 'string' ? resolve(io.cwd, values.output) : undefined;
    const out: Writable = output !== undefined ? createWriteStream(output, { mode: 0o600 }) : io.stdout;
    let count = 0;
    let outcome: 'ok' | 'failed' = 'failed';
    try {
      let afterSeq = 0;
      for (;;) {
        const page = await store.audit.query({ ...filter, afterSeq, limit: 1000 });
        if (page.length > 0) await write(out, page.map(line).join(''));
        count += page.length;
        const last = page.at(-1);
        if (last === undefined || page.length < 1000) break;
        afterSeq = last.seq;
      }
      outcome = 'ok';
    } finally {
      if (out !== io.stdout) await new Promise<void>((done) => out.end(done));
      await log.record({ actor: cliActor(), action: 'audit.exported', target: output ?? null, outcome, details: { filter, entries: count } });
      await log.close();
    }
    io.stderr.write(`exported ${n(count)} audit entries\n`);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

const SUBCOMMANDS: Readonly<Record<string, (argv: readonly string[], io: Io) => Promise<number>>> = { verify, export: exportEntries };

export function run(argv: readonly string[], io: Io): Promise<number> {
  return dispatchSubcommand(argv, io, USAGE, SUBCOMMANDS);
}
