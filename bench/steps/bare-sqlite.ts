// Baselines for the import benchmark, on SQLite with the node's pragmas (16 KiB pages, WAL, synchronous=FULL):
//   keyed:  the same rows as a minimal object store needs them — each line parsed for its id
//           and version, inserted with a unique (id, version) index — in one transaction;
//   append: each line's text appended to a rowid table, in one transaction (the floor).
// Usage: node --import tsx bench/steps/bare-sqlite.ts CORPUS DIR
import { createReadStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';

const [corpus, dir] = process.argv.slice(2) as [string, string];
mkdirSync(dir, { recursive: true });

async function run(file: string, keyed: boolean): Promise<{ rows: number; seconds: number }> {
  const db = new Database(join(dir, file));
  db.pragma('page_size = 16384'); // as the node's store
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(keyed
    ? 'CREATE TABLE bare (added INTEGER PRIMARY KEY, id TEXT NOT NULL, version TEXT NOT NULL, json TEXT NOT NULL); CREATE UNIQUE INDEX bare_id ON bare (id, version)'
    : 'CREATE TABLE bare (added INTEGER PRIMARY KEY, json TEXT NOT NULL)');
  const keyedInsert = keyed ? db.prepare('INSERT OR IGNORE INTO bare (id, version, json) VALUES (?, ?, ?)') : undefined;
  const appendInsert = keyed ? undefined : db.prepare('INSERT INTO bare (json) VALUES (?)');
  let rows = 0;
  const start = performance.now();
  db.exec('BEGIN');
  for await (const line of createInterface({ input: createReadStream(corpus, { highWaterMark: 1 << 20 }), crlfDelay: Infinity })) {
    if (line === '') continue;
    rows++;
    if (keyedInsert !== undefined) {
      const o = JSON.parse(line) as { id: string; modified?: string; created?: string };
      keyedInsert.run(o.id, o.modified ?? o.created ?? '', line);
    } else {
      appendInsert?.run(line);
    }
  }
  db.exec('COMMIT');
  const seconds = (performance.now() - start) / 1000;
  db.close();
  return { rows, seconds };
}

const keyed = await run('bare-keyed.db', true);
const append = await run('bare-append.db', false);
console.log(JSON.stringify({ keyed, append }));
