// Crash safety of the importer: kill -9 a real import process in the middle, check that only
// whole batches were committed (no partial object, no partial batch), then run the same import
// again and check that it completes the job.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { initNodeDir, runAccord, spawnAccord } from './support/cli.js';
import { buildIndicator, Rng } from './support/factories.js';

const TOTAL = 40_000;
const BATCH = 500;
const dir = mkdtempSync(join(tmpdir(), 'accord-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function count(db: Database.Database): number {
  return (db.prepare("SELECT count(*) AS n FROM objects WHERE type = 'indicator'").get() as { n: number }).n;
}

it('leaves only whole batches after kill -9, and a rerun completes the import', async () => {
  const rng = new Rng(42);
  const file = join(dir, 'indicators.jsonl');
  const objects = Array.from({ length: TOTAL }, () => buildIndicator({}, rng));
  writeFileSync(file, objects.map((o) => JSON.stringify(o)).join('\n'));
  const data = join(dir, 'data');

  await initNodeDir(data);
  const child = spawnAccord(['import', '--data', data, '--batch-size', String(BATCH), '-q', file]);
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  let db: Database.Database | undefined;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
    try {
      db ??= new Database(join(data, 'accord.db'), { readonly: true, fileMustExist: true });
      if (count(db) >= 4 * BATCH) break;
    } catch {
      // the database or its tables do not exist yet
    }
  }
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  db?.close();

  const check = new Database(join(data, 'accord.db'));
  const committed = count(check);
  expect(committed).toBeGreaterThan(0);
  expect(committed).toBeLessThan(TOTAL);
  expect(committed % BATCH).toBe(0);
  expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
  for (const row of check.prepare('SELECT hash, json FROM objects').iterate() as IterableIterator<{ hash: string; json: string }>) {
    expect(createHash('sha256').update(row.json).digest('hex')).toBe(row.hash);
  }
  const clock = (check.prepare('SELECT last_added FROM node_clock').get() as { last_added: number }).last_added;
  const maxAdded = (check.prepare('SELECT max(added) AS m FROM objects').get() as { m: number }).m;
  expect(clock).toBe(maxAdded);
  check.close();

  const rerun = await runAccord(['import', '--data', data, '--batch-size', String(BATCH), '-q', file], { timeoutMs: 120_000 });
  expect(rerun.code, rerun.stderr).toBe(0);
  const fmt = (v: number): string => new Intl.NumberFormat('en-GB').format(v);
  expect(rerun.stdout).toMatch(new RegExp(`new +${fmt(TOTAL - committed)}\\n`));
  expect(rerun.stdout).toMatch(new RegExp(`unchanged +${fmt(committed)}\\n`));
  const after = new Database(join(data, 'accord.db'), { readonly: true });
  expect(count(after)).toBe(TOTAL);
  after.close();
}, 180_000);
