// Baseline for the PostgreSQL import: COPY of the same rows (id, version, JSON text) into a
// table with a unique (id, version) index, from one Node process, in batches of 10,000.
// Usage: node --import tsx bench/steps/bare-pg.ts CORPUS DATABASE_URL
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';

const [corpus, url] = process.argv.slice(2) as [string, string];
const client = new pg.Client({ connectionString: url });
await client.connect();
await client.query('CREATE TABLE bare (added BIGSERIAL PRIMARY KEY, id TEXT COLLATE "C" NOT NULL, version TEXT COLLATE "C" NOT NULL, json TEXT NOT NULL)');
await client.query('CREATE UNIQUE INDEX bare_id ON bare (id, version)');
const esc = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
let rows = 0;
let batch: string[] = [];
const flush = async (): Promise<void> => {
  if (batch.length === 0) return;
  await client.query('BEGIN');
  await pipeline(Readable.from([batch.join('')]), client.query(copyStreams.from('COPY bare (id, version, json) FROM STDIN')));
  await client.query('COMMIT');
  batch = [];
};
const start = performance.now();
for await (const line of createInterface({ input: createReadStream(corpus, { highWaterMark: 1 << 20 }), crlfDelay: Infinity })) {
  if (line === '') continue;
  rows++;
  const o = JSON.parse(line) as { id: string; modified?: string; created?: string };
  batch.push(`${esc(o.id)}\t${esc(o.modified ?? o.created ?? `#${rows}`)}\t${esc(line)}\n`);
  if (batch.length >= 10_000) await flush();
}
await flush();
const seconds = (performance.now() - start) / 1000;
await client.end();
console.log(JSON.stringify({ rows, seconds }));
