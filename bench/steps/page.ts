// Paged reads as TAXII serves them: pages of 1,000 in date_added order, each page's body built
// from the stored JSON text (never re-serialised). Compared, in the same process and
// interleaved round by round, with a bare keyset scan of the same rows through the driver.
// Usage: node --import tsx bench/steps/page.ts DATABASE   (sqlite:<file> or postgres://…)
// On PostgreSQL the step first runs VACUUM (ANALYZE) and CHECKPOINT (it needs a superuser).
import Database from 'better-sqlite3';
import pg from 'pg';
import { objectsPageBody } from '../../src/server/page-body.js';
import { openStore } from '../../src/store/index.js';

const database = process.argv[2] as string;
const PAGE = 1000;
const ROUNDS = 5;
const store = await openStore(database);

async function accordPass(): Promise<number> {
  let after = 0;
  let rows = 0;
  let bytes = 0;
  for (;;) {
    const page = await store.objects.listBodies({ after, limit: PAGE, versions: 'all' });
    const body = objectsPageBody(page.items, page.more);
    bytes += body.length;
    rows += page.items.length;
    if (!page.more) break;
    after = page.items.at(-1)?.added ?? after;
  }
  return bytes > 0 ? rows : 0;
}

let barePass: () => Promise<number>;
let closeBare: () => Promise<void>;
if (database.startsWith('postgres')) {
  const pool = new pg.Pool({ connectionString: database, max: 1 });
  // Measure a settled database, not autovacuum and checkpoints catching up with the import.
  await pool.query('VACUUM (ANALYZE) objects');
  await pool.query('CHECKPOINT');
  barePass = async () => {
    let after = '0';
    let rows = 0;
    for (;;) {
      const r = await pool.query<{ added: string; json: string }>('SELECT added, json FROM objects WHERE added > $1 ORDER BY added LIMIT $2', [after, PAGE]);
      rows += r.rows.length;
      if (r.rows.length < PAGE) return rows;
      after = r.rows.at(-1)?.added ?? after;
    }
  };
  closeBare = () => pool.end();
} else {
  const db = new Database(database.slice('sqlite:'.length), { readonly: true });
  // Raw (array) rows: the cheapest way the driver can hand out rows.
  const stmt = db.prepare<[number, number], [number, string]>('SELECT added, json FROM objects WHERE added > ? ORDER BY added LIMIT ?').raw(true);
  barePass = () => {
    let after = 0;
    let rows = 0;
    for (;;) {
      const page = stmt.all(after, PAGE);
      rows += page.length;
      if (page.length < PAGE) return Promise.resolve(rows);
      after = page.at(-1)?.[0] ?? after;
    }
  };
  closeBare = () => {
    db.close();
    return Promise.resolve();
  };
}

const bare: number[] = [];
const accord: number[] = [];
let rows = 0;
for (let r = 0; r < ROUNDS; r++) {
  let t = performance.now();
  rows = await barePass();
  bare.push(rows / ((performance.now() - t) / 1000));
  t = performance.now();
  const n = await accordPass();
  accord.push(n / ((performance.now() - t) / 1000));
}
await closeBare();
await store.close();
console.log(JSON.stringify({ rows, bare, accord }));
