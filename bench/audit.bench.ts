// `npm run bench -- audit [--count N] [--batch B] [--only sqlite|postgres]`
// The claim (issue 3): the audit log takes 1,000,000 entries appended through AuditLog (hash-
// chained, a signed checkpoint every 1,000 entries, fsync'd to the checkpoint file) and verifies
// the whole chain at ≥ 100,000 entries/s. Each step runs as its own process (this script, in
// step mode) so that its peak RSS is its own. PostgreSQL steps need DATABASE_URL (a server where
// the benchmark may create and drop a database); without it only SQLite runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { AuditLog, verifyAudit } from '../src/audit/index.js';
import { openStore } from '../src/store/index.js';
import { generateNodeKey, publicKeyFromRaw, rawPublicKey } from '../src/trust/index.js';
import { lastJson, measure, median, type Measured } from './measure.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '1000' },
    only: { type: 'string' },
    step: { type: 'string' },
    database: { type: 'string' },
    checkpoints: { type: 'string' },
    'public-key': { type: 'string' },
  },
});
const count = Number(values.count);
const batch = Number(values.batch);

const ACTIONS = ['auth.sign-in', 'object.created', 'object.new-version', 'object.shared', 'object.exported', 'token.first-use'] as const;

/** Step: append `count` entries in batches through AuditLog; prints {entries, seconds, checkpoints, publicKey}. */
async function appendStep(database: string, checkpointFile: string): Promise<void> {
  const store = await openStore(database);
  const key = generateNodeKey('signing');
  const log = await AuditLog.open({ repository: store.audit, key, checkpointFile });
  const start = performance.now();
  for (let i = 0; i < count; i += batch) {
    const n = Math.min(batch, count - i);
    await log.recordMany(Array.from({ length: n }, (_, j) => {
      const k = i + j;
      return {
        actor: `user:analyst${k % 40}`,
        action: ACTIONS[k % ACTIONS.length] ?? 'object.created',
        target: `indicator--${(k * 2654435761 % 0xffffffff).toString(16).padStart(8, '0')}-4c1f-4a8e-9d2b-${String(k).padStart(12, '0')}`,
        details: { address: `198.51.100.${k % 250}`, collection: 'c-1', n: k },
      };
    }));
  }
  await log.close();
  const seconds = (performance.now() - start) / 1000;
  const checkpoints = (await store.audit.checkpoints()).length;
  await store.close();
  console.log(JSON.stringify({ entries: count, seconds, checkpoints, publicKey: rawPublicKey(key.publicKey).toString('base64url') }));
}

/** Step: verify the chain three times; prints {entries, seconds: [...], ok}. */
async function verifyStep(database: string, checkpointFile: string, publicKey: string): Promise<void> {
  const store = await openStore(database);
  const key = publicKeyFromRaw('Ed25519', Buffer.from(publicKey, 'base64url'));
  const seconds: number[] = [];
  let checked = 0;
  for (let round = 0; round < 3; round++) {
    const start = performance.now();
    const v = await verifyAudit(store, { publicKeys: [key], checkpointFile });
    seconds.push((performance.now() - start) / 1000);
    if (!v.ok) throw new Error(`the benchmark chain does not verify: ${JSON.stringify(v.firstBad)}`);
    checked = v.checked;
  }
  await store.close();
  console.log(JSON.stringify({ entries: checked, seconds }));
}

if (values.step !== undefined) {
  const database = values.database as string;
  const checkpointFile = values.checkpoints as string;
  if (values.step === 'append') await appendStep(database, checkpointFile);
  else await verifyStep(database, checkpointFile, values['public-key'] as string);
} else {
  const self = fileURLToPath(import.meta.url);
  const step = (name: string, database: string, checkpointFile: string, extra: string[] = []): Promise<Measured> =>
    measure(['--import', 'tsx', self, '--step', name, '--database', database, '--checkpoints', checkpointFile, '--count', String(count), '--batch', String(batch), ...extra]);
  const rows: string[][] = [];
  const rate = (n: number, s: number): string => `${Math.round(n / s).toLocaleString('en-GB')}/s`;
  const say = (s: string): void => void process.stderr.write(`${s}\n`);
  const work = mkdtempSync(join(tmpdir(), 'accord-bench-audit-'));

  const suite = async (label: string, database: string): Promise<void> => {
    const checkpointFile = join(work, `${label}-checkpoints.jsonl`);
    say(`[${label}] append ${count.toLocaleString('en-GB')} entries in batches of ${batch}`);
    const a = await step('append', database, checkpointFile);
    const appended = lastJson<{ entries: number; seconds: number; checkpoints: number; publicKey: string }>(a.stdout);
    rows.push([label, `append through AuditLog, batches of ${batch} (${appended.checkpoints} signed checkpoints, fsync'd)`, rate(appended.entries, appended.seconds), `${appended.seconds.toFixed(1)} s`, `${a.peakRssMb.toFixed(0)} MB`]);
    say(`[${label}] verify (3 rounds)`);
    const v = await step('verify', database, checkpointFile, ['--public-key', appended.publicKey]);
    const verified = lastJson<{ entries: number; seconds: number[] }>(v.stdout);
    const s = median(verified.seconds);
    rows.push([label, `verifyAudit: every hash, link and checkpoint, pages of 10,000 (median of 3; ${verified.seconds.map((x) => x.toFixed(2)).join(' / ')} s)`, rate(verified.entries, s), `${s.toFixed(2)} s`, `${v.peakRssMb.toFixed(0)} MB`]);
  };

  try {
    if (values.only !== 'postgres') {
      await suite('SQLite', `sqlite:${join(work, 'sqlite', 'accord.db')}`);
      rmSync(join(work, 'sqlite'), { recursive: true, force: true });
    }
    const admin = process.env.DATABASE_URL;
    if (values.only !== 'sqlite') {
      if (admin === undefined || admin === '') {
        if (values.only === 'postgres') throw new Error('DATABASE_URL is not set: point it at a PostgreSQL server');
        say('DATABASE_URL is not set: PostgreSQL skipped');
      } else {
        const name = `accord_bench_audit_${process.pid}`;
        const client = new pg.Client({ connectionString: admin });
        await client.connect();
        try {
          await client.query(`CREATE DATABASE ${name}`);
          const url = new URL(admin);
          url.pathname = `/${name}`;
          await suite('PostgreSQL', url.toString());
        } finally {
          await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await client.end();
        }
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  const header = ['store', 'step', 'entries/s', 'time', 'peak RSS'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  console.log(`\naudit benchmark: ${count.toLocaleString('en-GB')} entries, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}\n`);
  console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
}
