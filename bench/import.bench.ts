// `npm run bench -- import [--count N] [--only sqlite|postgres]`
// The claim (issue 2): import with full validation and every index ≥ 0.6× a bare insert of the
// same rows measured in the same run, ≥ 20,000 objects/s into PostgreSQL; paged reads ≥ 0.8×
// a bare keyset scan of the same rows; peak RSS under 1 GB whatever the input size. Each step
// runs as its own process so its peak memory is its own. PostgreSQL steps need DATABASE_URL
// (a server where the benchmark may create and drop a database).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { corpusFile } from './corpus.js';
import { lastJson, measure, median, type Measured } from './measure.js';

const { values } = parseArgs({ options: { count: { type: 'string', default: '1000000' }, only: { type: 'string' } } });
const count = Number(values.count);
const bin = new URL('../bin/accord', import.meta.url).pathname;
const step = (name: string): string => new URL(`./steps/${name}.ts`, import.meta.url).pathname;
const tsx = ['--import', 'tsx'];

const corpus = await corpusFile(count);
const corpusMb = statSync(corpus).size / 1e6;
const work = mkdtempSync(join(tmpdir(), 'accord-bench-'));
const rows: string[][] = [];
const rate = (n: number, s: number): string => `${Math.round(n / s).toLocaleString('en-GB')}/s`;
const mb = (m: Measured): string => `${m.peakRssMb.toFixed(0)} MB`;
const say = (s: string): void => void process.stderr.write(`${s}\n`);

function importedCount(stdout: string): number {
  const m = /: ([\d,]+) objects in/.exec(stdout);
  return m?.[1] !== undefined ? Number(m[1].replace(/,/g, '')) : NaN;
}

async function suite(label: string, database: string, dataDir: string, bare: { keyed?: { rows: number; seconds: number }; append?: { rows: number; seconds: number }; copy?: { rows: number; seconds: number } }): Promise<void> {
  say(`[${label}] accord init`);
  await measure([bin, 'init', '--data', dataDir, '--database', database, '--name', 'Benchmark member'], { ACCORD_ADMIN_PASSWORD: 'correct horse battery staple 42', ACCORD_LOG_LEVEL: 'warn' });
  say(`[${label}] accord import`);
  const imp = await measure([bin, 'import', '--data', dataDir, '--database', database, '-q', corpus], { ACCORD_LOG_LEVEL: 'warn' });
  const n = importedCount(imp.stdout);
  const importRate = n / imp.seconds;
  if (bare.keyed !== undefined) rows.push([label, 'bare insert, keyed (id, version) + JSON, one transaction', rate(bare.keyed.rows, bare.keyed.seconds), '', '']);
  if (bare.append !== undefined) rows.push([label, 'bare append of the JSON text, one transaction', rate(bare.append.rows, bare.append.seconds), '', '']);
  if (bare.copy !== undefined) rows.push([label, 'bare COPY, keyed (id, version) + JSON', rate(bare.copy.rows, bare.copy.seconds), '', '']);
  const ref = bare.keyed ?? bare.copy;
  const ratio = ref !== undefined ? (importRate / (ref.rows / ref.seconds)).toFixed(2) : '';
  rows.push([label, 'accord import (validation, canonical JSON, hash, all indexes, full-text)', rate(n, imp.seconds), mb(imp), ratio ? `${ratio}× keyed bare` : '']);

  say(`[${label}] accord export`);
  const exp = await measure([bin, 'export', '--data', dataDir, '--database', database, '--versions', 'all', '--format', 'jsonl', '-o', '/dev/null'], { ACCORD_LOG_LEVEL: 'warn' });
  rows.push([label, 'accord export (all versions, JSON lines)', rate(n, exp.seconds), mb(exp), '']);

  say(`[${label}] paging`);
  const page = await measure([...tsx, step('page'), database]);
  const p = lastJson<{ rows: number; bare: number[]; accord: number[] }>(page.stdout);
  const ratios = p.accord.map((a, i) => a / (p.bare[i] as number));
  rows.push([label, 'bare keyset scan, pages of 1,000 (median of 5)', `${Math.round(median(p.bare)).toLocaleString('en-GB')}/s`, '', '']);
  rows.push([label, 'accord paging, pages of 1,000 with page bodies (median of 5)', `${Math.round(median(p.accord)).toLocaleString('en-GB')}/s`, mb(page), `${median(ratios).toFixed(2)}× bare scan`]);
}

try {
  say(`corpus: ${count.toLocaleString('en-GB')} objects, ${corpusMb.toFixed(0)} MB (${corpus})`);
  if (values.only !== 'postgres') {
    say('[sqlite] bare baselines');
    const bareSqlite = await measure([...tsx, step('bare-sqlite'), corpus, join(work, 'bare')]);
    const b = lastJson<{ keyed: { rows: number; seconds: number }; append: { rows: number; seconds: number } }>(bareSqlite.stdout);
    rmSync(join(work, 'bare'), { recursive: true, force: true });
    await suite('SQLite', `sqlite:${join(work, 'sqlite', 'accord.db')}`, join(work, 'sqlite'), b);
    rmSync(join(work, 'sqlite'), { recursive: true, force: true });
  }

  const admin = process.env.DATABASE_URL;
  if (values.only !== 'sqlite') {
    if (admin === undefined) throw new Error('DATABASE_URL is not set: point it at a PostgreSQL server, or pass --only sqlite');
    const name = `accord_bench_${process.pid}`;
    const adminClient = new pg.Client({ connectionString: admin });
    await adminClient.connect();
    const url = new URL(admin);
    try {
      await adminClient.query(`CREATE DATABASE ${name}_bare`);
      url.pathname = `/${name}_bare`;
      say('[postgres] bare COPY baseline');
      const bareCopy = await measure([...tsx, step('bare-pg'), corpus, url.toString()]);
      await adminClient.query(`DROP DATABASE ${name}_bare WITH (FORCE)`);
      await adminClient.query(`CREATE DATABASE ${name}`);
      url.pathname = `/${name}`;
      await suite('PostgreSQL', url.toString(), join(work, 'pg'), { copy: lastJson<{ rows: number; seconds: number }>(bareCopy.stdout) });
    } finally {
      await adminClient.query(`DROP DATABASE IF EXISTS ${name}_bare WITH (FORCE)`);
      await adminClient.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await adminClient.end();
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const header = ['store', 'step', 'objects/s', 'peak RSS', 'ratio'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
console.log(`\nimport benchmark: ${count.toLocaleString('en-GB')} objects (${corpusMb.toFixed(0)} MB JSON lines), ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}\n`);
console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
