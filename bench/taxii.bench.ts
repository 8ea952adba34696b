// `npm run bench -- taxii [--count N] [--posts N] [--postgres]` (posts: bundles of 1,000, half from 1 client, half from 4)
// The claims (issue 4): with 1,000,000 objects in the store, a TAXII client paging a collection
// with limit=1000 over real HTTP gets ≥ 0.5× the store's own paged-read rate measured in the same
// run; 32 concurrent clients together get ≥ 0.8× what one client gets; posting bundles of 1,000
// objects is accepted and validated at ≥ 20,000 objects/s; and a page costs the same at 10,000
// and at 1,000,000 objects. A real `accord serve` process on 127.0.0.1 serves a node initialised
// and filled with `accord import` (the corpus of bench/corpus.ts); the clients
// (bench/steps/taxii-client.ts) and the store's own paging (bench/steps/page.ts) each run in a
// process of their own. Pages are match[version]=all: every stored version, as a replicating peer
// pulls. Default store: SQLite in a temporary folder; `--postgres` runs the same on fresh
// databases of the PostgreSQL server named by DATABASE_URL (created and dropped here).
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { corpusFile, generate } from './corpus.js';
import { benchDatabase, dropBenchDatabases } from './databases.js';
import { lastJson, measure, median } from './measure.js';
import { serve as serveNode } from './serve.js';

const { values } = parseArgs({ options: { count: { type: 'string', default: '1000000' }, posts: { type: 'string', default: '200' }, postgres: { type: 'boolean' } } });
const count = Number(values.count);
const SMALL = 10_000;
const LIMIT = 1000;
const CLIENTS = 32;
const bin = new URL('../bin/accord', import.meta.url).pathname;
const step = (name: string): string => new URL(`./steps/${name}.ts`, import.meta.url).pathname;
const tsx = ['--import', 'tsx'];
const work = mkdtempSync(join(tmpdir(), 'accord-bench-taxii-'));
const env = { ACCORD_ADMIN_PASSWORD: 'correct horse battery staple 42', ACCORD_LOG_LEVEL: 'warn' };
const say = (s: string): void => void process.stderr.write(`${s}\n`);
const n = (x: number): string => Math.round(x).toLocaleString('en-GB');
const ms = (x: number): string => `${x.toFixed(1)} ms`;

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}

/** The store of a node: SQLite in its data folder, or a fresh PostgreSQL database. */
async function databaseFor(name: string): Promise<string[]> {
  return values.postgres === true ? benchDatabase('taxii', name) : [];
}

/** A node in `data`, initialised and filled with the first `objects` objects of the corpus. */
async function node(name: string, objects: number, corpus: string): Promise<{ data: string; database: string[]; token: string }> {
  const data = join(work, name);
  const database = await databaseFor(name);
  await measure([bin, 'init', '--data', data, ...database, '--name', 'Benchmark member'], env);
  let input = corpus;
  if (objects < count) {
    input = join(work, `${name}.jsonl`);
    const lines: string[] = [];
    for await (const line of createInterface({ input: createReadStream(corpus) })) {
      lines.push(line);
      if (lines.length === objects) break;
    }
    writeFileSync(input, `${lines.join('\n')}\n`);
  }
  say(`[${name}] accord import ${n(objects)} objects`);
  const imp = await measure([bin, 'import', '--data', data, ...database, '-q', input], env);
  say(`[${name}] imported in ${imp.seconds.toFixed(1)} s`);
  await measure([bin, 'user', 'add', 'bench', '--roles', 'analyst', '--data', data, ...database], { ...env, ACCORD_USER_PASSWORD: 'purple walrus stapler orbit 19' });
  const tok = await measure([bin, 'token', 'create', '--user', 'bench', '--name', 'bench', '--data', data, ...database], env);
  return { data, database, token: tok.stdout.trim() };
}

/** `accord serve` for a node of this benchmark (bench/serve.ts). */
const serve = (n: { data: string; database: string[] }) => serveNode(bin, n.data, n.database, env);

interface ClientRun { objects: number; requests: number; seconds: number; latencies: number[]; dates?: string[]; peakRssMb?: number }
const client = async (args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<ClientRun & { peakRssMb: number }> => {
  const m = await measure([...tsx, step('taxii-client'), ...args], extraEnv);
  return { ...lastJson<ClientRun>(m.stdout), peakRssMb: m.peakRssMb };
};
const objectsUrl = (url: string): string => `${url}/taxii2/accord/collections/default/objects/`;

const rows: string[][] = [];
const row = (what: string, r: ClientRun, extra = ''): void => {
  rows.push([what, n(r.objects / r.seconds), n(r.requests / r.seconds), ms(percentile(r.latencies, 50)), ms(percentile(r.latencies, 99)), extra]);
};

try {
  const corpus = await corpusFile(count);
  say(`corpus: ${n(count)} objects (${corpus})`);

  // Page latency at 10,000 objects.
  const small = await node('small', SMALL, corpus);
  let server = await serve(small);
  const smallRun = await client(['page', objectsUrl(server.url), small.token, '1', String(LIMIT)], { PASSES: '51' });
  await server.stop();
  const smallLatencies = smallRun.latencies; // 50 warm passes of 10 full pages (10,012 objects: the last page holds 12)
  rmSync(small.data, { recursive: true, force: true });

  const big = await node('big', count, corpus);
  say('[big] the store\'s own paged reads (bench/steps/page.ts)');
  const dbUrl = big.database[1] ?? `sqlite:${join(big.data, 'accord.db')}`;
  const storeRun = await measure([...tsx, step('page'), dbUrl]);
  const storeRate = median(lastJson<{ accord: number[] }>(storeRun.stdout).accord);

  server = await serve(big);
  say('[big] 1 client');
  const one: ClientRun[] = [];
  for (let i = 0; i < 2; i++) one.push(await client(['page', objectsUrl(server.url), big.token, '1', String(LIMIT)]));
  const best = one.reduce((a, b) => (a.objects / a.seconds >= b.objects / b.seconds ? a : b));
  const dates = best.dates ?? [];
  // Client i starts where the single client's page ⌊i·P/32⌋ ended, so the 32 clients read the whole collection once between them.
  const starts = [null, ...Array.from({ length: CLIENTS - 1 }, (_, i) => dates[Math.floor(((i + 1) * dates.length) / CLIENTS) - 1] ?? null), null];
  const startsFile = join(work, 'starts.json');
  writeFileSync(startsFile, JSON.stringify(starts));
  say(`[big] ${CLIENTS} clients`);
  const many: ClientRun[] = [];
  for (let i = 0; i < 2; i++) many.push(await client(['page', objectsUrl(server.url), big.token, String(CLIENTS), String(LIMIT), startsFile]));
  const bestMany = many.reduce((a, b) => (a.objects / a.seconds >= b.objects / b.seconds ? a : b));

  say('[big] posting bundles of 1,000');
  const posts = Number(values.posts);
  const postFile = join(work, 'posts.jsonl');
  const lines: string[] = [];
  let bundle: unknown[] = [];
  for (const o of generate(posts * 1000, 4242)) {
    bundle.push(o);
    if (bundle.length === 1000) {
      lines.push(JSON.stringify({ objects: bundle }));
      bundle = [];
    }
  }
  writeFileSync(postFile, `${lines.join('\n')}\n`);
  // Half the bundles from one client, the other half from 4 clients at once.
  const half = Math.floor(lines.length / 2);
  const postFile1 = join(work, 'posts-1.jsonl');
  const postFile4 = join(work, 'posts-4.jsonl');
  writeFileSync(postFile1, `${lines.slice(0, half).join('\n')}\n`);
  writeFileSync(postFile4, `${lines.slice(half).join('\n')}\n`);
  const post1 = await client(['post', objectsUrl(server.url), big.token, '1', postFile1]);
  const post4 = await client(['post', objectsUrl(server.url), big.token, '4', postFile4]);
  const serverPeak = await server.stop();

  const oneRate = best.objects / best.seconds;
  const manyRate = bestMany.objects / bestMany.seconds;
  row(`1 client, ${n(best.objects)} objects (best of 2)`, best, `${(oneRate / storeRate).toFixed(2)}× store paging`);
  row(`${CLIENTS} clients together, ${n(bestMany.objects)} objects (best of 2)`, bestMany, `${(manyRate / oneRate).toFixed(2)}× 1 client`);
  row(`POST, 1 client, bundles of 1,000 (${half})`, post1);
  row(`POST, 4 clients, bundles of 1,000 (${lines.length - half})`, post4);
  rows.push([`store paged read (listBodies + page body), pages of 1,000`, n(storeRate), '', '', '', '']);
  // Full pages only (the last page of a pass is short).
  const fullSmall = smallLatencies.filter((_, i) => (i + 1) % Math.ceil(SMALL / LIMIT + 1) !== 0);
  const p50Small = percentile(fullSmall, 50);
  const p50Big = percentile(best.latencies.slice(0, -1), 50);

  const header = ['step', 'objects/s', 'requests/s', 'p50 / page', 'p99 / page', 'ratio'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  console.log(`\ntaxii benchmark: ${n(count)} objects, ${values.postgres === true ? 'PostgreSQL' : 'SQLite'}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}\n`);
  console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
  console.log(`\npage latency (limit=${LIMIT}, 1 client): p50 ${ms(p50Small)} at ${n(SMALL)} objects, ${ms(p50Big)} at ${n(count)} objects (${(p50Big / p50Small).toFixed(2)}×); ` +
    `p99 ${ms(percentile(fullSmall, 99))} / ${ms(percentile(best.latencies.slice(0, -1), 99))}`);
  console.log(`peak RSS: accord serve ${serverPeak.toFixed(0)} MB; 1-client process ${(best.peakRssMb ?? 0).toFixed(0)} MB, ${CLIENTS}-client process ${(bestMany.peakRssMb ?? 0).toFixed(0)} MB; store paging step ${storeRun.peakRssMb.toFixed(0)} MB`);
} finally {
  await dropBenchDatabases();
  rmSync(work, { recursive: true, force: true });
}
