// `npm run bench -- sharing [--nodes 5] [--objects 100000] [--rounds 20] [--postgres] [--profile DIR] [--log-dir DIR]`
// The claims (issue 5): five member nodes in a full mesh replicate 100,000 shared objects within
// 120 s on this machine; under light load a new share is visible on every other node within 2 s
// (p95); a pull with nothing new is one request (counted in test/sync.test.ts, not here).
//
// Each node is a real `accord serve` process with its own data folder, keys and store, listening
// on 127.0.0.1 behind a byte-counting TCP proxy of this process: the member list names the
// proxies, so every request between nodes (pulls and pushes) is counted on the wire. Node i
// imports objects/nodes objects of the benchmark corpus (its own seed) before the clock starts;
// then each node shares its objects at once, 60 % (by id) with all members and 40 % with the next
// two members of the ring (TLP:AMBER, `accord share --ids-file`, one signature per 1,000
// records). What each node must end up holding follows from the records the share commands
// print and the policy's rules for these two audiences; convergence is read from each node's
// own store (a read-only connection; PostgreSQL with --postgres for the last node) once a second.
// Then, with the federation idle, `--rounds` single objects are imported and shared with all
// members one after the other, and the time from the share record's `created` to the object
// being stored on each other node is measured (polled every 10 ms).
// Reported: time to converge (from the first share command), objects replicated per second,
// bytes on the wire per object delivered (object and share record, requests and responses), the
// CPU of the serve processes, and the Ed25519 verifications and their CPU as each node's /metrics
// reports them.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { freePort } from '../test/support/cli.js';
import { buildIndicator, Rng, TLP_GREEN } from '../test/support/factories.js';
import { generate } from './corpus.js';
import { benchDatabase, dropBenchDatabases } from './databases.js';
import { measure, median } from './measure.js';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '5' }, objects: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '20' },
    postgres: { type: 'boolean' }, profile: { type: 'string' }, 'log-dir': { type: 'string' }, timeout: { type: 'string', default: '900' },
  },
});
const NODES = Number(values.nodes);
const OBJECTS = Number(values.objects);
const ROUNDS = Number(values.rounds);
const TIMEOUT_S = Number(values.timeout);
const bin = new URL('../bin/accord', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'accord-bench-sharing-'));
const PASSWORD = 'correct horse battery staple 42';
const env = { ACCORD_ADMIN_PASSWORD: PASSWORD, ACCORD_LOG_LEVEL: 'warn' };
const say = (s: string): void => void process.stderr.write(`${s}\n`);
const n = (x: number): string => Math.round(x).toLocaleString('en-GB');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

/** A TCP proxy to 127.0.0.1:target that counts the bytes it carries each way. */
function countingProxy(port: number, target: number): Promise<{ server: Server; bytes: () => number; reset: () => void }> {
  let bytes = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (d: Buffer) => (bytes += d.length));
    upstream.on('data', (d: Buffer) => (bytes += d.length));
    client.pipe(upstream).pipe(client);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  server.on('close', () => { for (const s of sockets) s.destroy(); });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ server, bytes: () => bytes, reset: () => { bytes = 0; } })));
}

type Obj = Record<string, unknown>;
interface Member { id: string; name: string; nodeUrl: string; keys: string[] }
interface BenchNode {
  readonly name: string;
  readonly data: string;
  readonly port: number;
  readonly proxyPort: number;
  readonly database: string[];
  entry: Member;
  /** Every version imported here: "id|version". */
  readonly own: Set<string>;
  /** The latest version of each object imported here, by id. */
  readonly latest: Map<string, string>;
  child?: ChildProcess;
  proxy?: Awaited<ReturnType<typeof countingProxy>>;
  count?: Counter;
}

/** Counts, in a node's own store, share records and other objects added after `added`; and whether an id is held. */
interface Counter {
  since(added: number): Promise<{ records: number; objects: number }>;
  lastAdded(): Promise<number>;
  holds(id: string): Promise<boolean>;
  close(): Promise<void>;
}

function sqliteCounter(file: string): Counter {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const total = db.prepare('SELECT count(*) AS c FROM objects WHERE added > ?');
  const records = db.prepare("SELECT count(*) AS c FROM objects WHERE type = 'x-accord-share' AND added > ?");
  const last = db.prepare('SELECT coalesce(max(added), 0) AS m FROM objects');
  const holds = db.prepare('SELECT 1 FROM objects WHERE id = ? LIMIT 1');
  return {
    since: (added) => {
      const all = Number((total.get(added) as { c: number }).c);
      const r = Number((records.get(added) as { c: number }).c);
      return Promise.resolve({ records: r, objects: all - r });
    },
    lastAdded: () => Promise.resolve(Number((last.get() as { m: number }).m)),
    holds: (id) => Promise.resolve(holds.get(id) !== undefined),
    close: () => Promise.resolve(void db.close()),
  };
}

async function pgCounter(url: string): Promise<Counter> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const one = async (sql: string, args: unknown[]): Promise<number> => Number(((await c.query(sql, args)).rows[0] as { c: string }).c);
  return {
    since: async (added) => {
      const all = await one('SELECT count(*) AS c FROM objects WHERE added > $1', [added]);
      const r = await one("SELECT count(*) AS c FROM objects WHERE type = 'x-accord-share' AND added > $1", [added]);
      return { records: r, objects: all - r };
    },
    lastAdded: () => one('SELECT coalesce(max(added), 0) AS c FROM objects', []),
    holds: async (id) => (await c.query('SELECT 1 FROM objects WHERE id = $1 LIMIT 1', [id])).rowCount !== 0,
    close: () => c.end(),
  };
}

async function accord(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
  return (await measure([bin, ...args], { ...env, ...extraEnv })).stdout;
}

function startServe(node: BenchNode): Promise<ChildProcess> {
  const profile = values.profile !== undefined ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [];
  const child = spawn(process.execPath, [...profile, bin, 'serve', '--data', node.data, '--port', String(node.port), '--host', '127.0.0.1', ...node.database], {
    env: { ...process.env, ...env, ...(values['log-dir'] !== undefined ? { ACCORD_LOG_LEVEL: 'info' } : {}) },
    stdio: ['ignore', values['log-dir'] !== undefined ? openSync(join(values['log-dir'], `${node.name}.log`), 'w') : 'ignore', 'pipe'],
  });
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (stderr.includes('listening on')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`${node.name} exited with ${code}: ${stderr.slice(-2000)}`)));
  });
}

async function metricsOf(node: BenchNode, token: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const res = await fetch(`http://127.0.0.1:${node.port}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) return out;
  for (const line of (await res.text()).split('\n')) {
    const m = /^([a-z_:]+)(\{[^}]*\})? ([0-9.e+-]+)$/i.exec(line);
    if (m !== null) out.set(`${m[1]}${m[2] ?? ''}`, Number(m[3]));
  }
  return out;
}

const nodes: BenchNode[] = [];
async function cleanUp(): Promise<void> {
  for (const node of nodes) {
    await node.count?.close().catch(() => undefined);
    if (node.child !== undefined && node.child.exitCode === null) {
      node.child.kill('SIGTERM');
      await once(node.child, 'exit').catch(() => undefined);
    }
    node.proxy?.server.close();
  }
  await dropBenchDatabases();
  rmSync(work, { recursive: true, force: true });
}

try {
  say(`sharing: ${NODES} nodes, ${n(OBJECTS)} objects, ${cpus().length} cores, work in ${work}`);
  // 1. Nodes, each with its part of the corpus, not yet serving.
  const perNode = Math.floor(OBJECTS / NODES);
  for (let i = 0; i < NODES; i++) {
    const name = String.fromCharCode(65 + i);
    const data = join(work, name);
    const database = values.postgres === true && i === NODES - 1 ? await benchDatabase('sharing', name.toLowerCase()) : [];
    const node: BenchNode = {
      name, data, port: await freePort(), proxyPort: await freePort(), database, entry: undefined as unknown as Member, own: new Set(), latest: new Map(),
    };
    nodes.push(node);
    await accord(['init', '--data', data, ...database, '--name', `CERT-${name}`]);
    node.entry = JSON.parse(await accord(['members', 'self', '--data', data, ...database, '--node-url', `http://127.0.0.1:${node.proxyPort}`])) as Member;
    const file = join(work, `${name}.jsonl`);
    const out = createWriteStream(file);
    for (const o of generate(perNode, 7001 + i)) {
      const id = String(o.id);
      const stamp = o.modified ?? o.created;
      const version = typeof stamp === 'string' ? stamp : '';
      node.own.add(`${id}|${version}`);
      const held = node.latest.get(id);
      if (held === undefined || version > held) node.latest.set(id, version);
      if (!out.write(`${JSON.stringify(o)}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'close');
    const t = await measure([bin, 'import', file, '--data', data, ...database], env);
    say(`  ${name}: imported ${n(perNode)} objects (${n(node.latest.size)} ids) in ${t.seconds.toFixed(1)} s${database.length > 0 ? ' (PostgreSQL)' : ''}`);
  }
  const members = nodes.map((x) => x.entry);
  for (const x of nodes) {
    writeFileSync(join(x.data, 'accord.json'), JSON.stringify({ members, publicUrl: `http://127.0.0.1:${x.proxyPort}`, syncIntervalSeconds: 30 }));
  }

  // 2. What each node must receive: records that name it, and the versions they prove.
  const allIds: string[][] = [];
  const namedIds: string[][] = [];
  const ring = (i: number, k: number): BenchNode => nodes[(i + k) % NODES] as BenchNode;
  for (const [i, x] of nodes.entries()) {
    const ids = [...x.latest.keys()].sort();
    const rng = new Rng(9000 + i);
    const all: string[] = [];
    const named: string[] = [];
    for (const id of ids) (rng.int(100) < 60 ? all : named).push(id);
    allIds.push(all);
    namedIds.push(named);
    writeFileSync(join(work, `${x.name}-all.txt`), `${all.join('\n')}\n`);
    writeFileSync(join(work, `${x.name}-named.txt`), `${named.join('\n')}\n`);
  }
  const expected = nodes.map((x, i) => {
    let records = 0;
    const versions = new Set<string>();
    for (const [j, y] of nodes.entries()) {
      if (j === i) continue;
      const names = NODES <= 2 ? [ring(j, 1)] : [ring(j, 1), ring(j, 2)];
      const lists = [allIds[j] as string[], ...(names.includes(x) ? [namedIds[j] as string[]] : [])];
      for (const list of lists) {
        for (const id of list) {
          records++;
          versions.add(`${id}|${y.latest.get(id) ?? ''}`);
        }
      }
    }
    let objects = 0;
    for (const v of versions) if (!x.own.has(v)) objects++;
    return { records, objects };
  });

  // 3. Serve, behind the counting proxies; let the first (empty) pulls pass.
  for (const x of nodes) {
    x.proxy = await countingProxy(x.proxyPort, x.port);
    x.child = await startServe(x);
  }
  for (const x of nodes) {
    const url = x.database[1];
    x.count = url !== undefined ? await pgCounter(url) : sqliteCounter(join(x.data, 'accord.db'));
  }
  await sleep(3000);
  const baseline = await Promise.all(nodes.map((x) => (x.count as Counter).lastAdded()));
  for (const x of nodes) x.proxy?.reset();
  const cpuBefore = nodes.map((x) => cpuSeconds(x.child?.pid ?? 0));

  // 4. The clock starts: every node shares at once, each node's two shares one after the other.
  const start = performance.now();
  const ownRecords = nodes.map(() => 0);
  const sharing = nodes.map(async (x, i) => {
    const names = (NODES <= 2 ? [ring(i, 1)] : [ring(i, 1), ring(i, 2)]).map((y) => y.entry.id).join(',');
    const a = await accord(['share', '--ids-file', join(work, `${x.name}-all.txt`), '--tlp', 'amber', '--all', '--json', '--data', x.data, ...x.database]);
    const b = await accord(['share', '--ids-file', join(work, `${x.name}-named.txt`), '--tlp', 'amber', '--members', names, '--json', '--data', x.data, ...x.database]);
    ownRecords[i] = (a.match(/\n/g)?.length ?? 0) + (b.match(/\n/g)?.length ?? 0);
    return (performance.now() - start) / 1000;
  });
  const shareSeconds = await Promise.all(sharing);
  say(`  shares signed and stored on every node after ${Math.max(...shareSeconds).toFixed(1)} s (${shareSeconds.map((s) => s.toFixed(1)).join(', ')})`);
  for (const [i, x] of nodes.entries()) {
    const want = (allIds[i]?.length ?? 0) + (namedIds[i]?.length ?? 0);
    if (ownRecords[i] !== want) throw new Error(`${x.name} shared ${ownRecords[i]} objects, not ${want}`);
  }

  // 5. Convergence: every node holds every record and version it may read.
  const convergedAt = nodes.map(() => NaN);
  for (;;) {
    for (const [i, x] of nodes.entries()) {
      if (!Number.isNaN(convergedAt[i])) continue;
      const got = await (x.count as Counter).since(baseline[i] as number);
      const want = expected[i] as { records: number; objects: number };
      const records = got.records - (ownRecords[i] as number);
      if (records > want.records || got.objects > want.objects) throw new Error(`${x.name} holds more than it may: ${records}/${want.records} records, ${got.objects}/${want.objects} objects`);
      if (records === want.records && got.objects === want.objects) convergedAt[i] = (performance.now() - start) / 1000;
    }
    if (convergedAt.every((t) => !Number.isNaN(t))) break;
    const elapsed = (performance.now() - start) / 1000;
    if (elapsed > TIMEOUT_S) {
      const state = await Promise.all(nodes.map(async (x, i) => `${x.name} ${JSON.stringify(await (x.count as Counter).since(baseline[i] as number))} of ${JSON.stringify(expected[i])}`));
      throw new Error(`no convergence within ${TIMEOUT_S} s: ${state.join('; ')}`);
    }
    await sleep(1000);
  }
  const converge = Math.max(...convergedAt);
  const wire = nodes.reduce((s, x) => s + (x.proxy?.bytes() ?? 0), 0);
  const cpu = nodes.reduce((s, x, i) => s + cpuSeconds(x.child?.pid ?? 0) - (cpuBefore[i] as number), 0);
  const delivered = expected.reduce((s, e) => s + e.records, 0);
  say(`  converged after ${converge.toFixed(1)} s (per node: ${convergedAt.map((t) => t.toFixed(1)).join(', ')})`);

  // 6. Light load: one object at a time, create-to-visible on every other node.
  const latencies: number[] = [];
  const rng = new Rng(4242);
  for (let r = 0; r < ROUNDS; r++) {
    const i = r % NODES;
    const x = nodes[i] as BenchNode;
    const object: Obj = buildIndicator({ object_marking_refs: [TLP_GREEN] }, rng);
    const file = join(work, `round-${r}.json`);
    writeFileSync(file, JSON.stringify({ type: 'bundle', id: `bundle--${rng.uuid()}`, objects: [object] }));
    await accord(['import', file, '--data', x.data, ...x.database]);
    const record = JSON.parse(await accord(['share', String(object.id), '--tlp', 'green', '--all', '--json', '--data', x.data, ...x.database])) as Obj;
    const created = Date.parse(String(record.created));
    const waiting = new Set(nodes.filter((y) => y !== x));
    while (waiting.size > 0) {
      for (const y of [...waiting]) {
        if (await (y.count as Counter).holds(String(object.id))) {
          latencies.push(Date.now() - created);
          waiting.delete(y);
        }
      }
      if (Date.now() - created > 30_000) throw new Error(`round ${r}: ${[...waiting].map((y) => y.name).join(', ')} did not receive ${String(object.id)} within 30 s`);
      await sleep(10);
    }
  }

  // 7. What the nodes say they verified.
  const tokens = await Promise.all(nodes.map(async (x) => (await accord(['token', 'create', '--user', 'admin', '--name', 'bench', '--data', x.data, ...x.database])).trim().split('\n').at(-1) ?? ''));
  let signatures = 0;
  let verifySeconds = 0;
  let recordsVerified = 0;
  for (const [i, x] of nodes.entries()) {
    const m = await metricsOf(x, tokens[i] as string);
    signatures += m.get('accord_share_signature_verifications_total') ?? NaN;
    verifySeconds += m.get('accord_share_signature_verify_seconds_total') ?? NaN;
    recordsVerified += m.get('accord_share_records_verified_total') ?? NaN;
  }

  const result = {
    nodes: NODES, objects: OBJECTS, cores: cpus().length, store: values.postgres === true ? `SQLite ×${NODES - 1}, PostgreSQL ×1` : 'SQLite',
    share_seconds: Math.max(...shareSeconds), converge_seconds: converge, converged_per_node: convergedAt,
    delivered_objects: delivered, replicated_per_second: delivered / converge,
    wire_bytes: wire, bytes_per_object: wire / delivered, serve_cpu_seconds: cpu,
    records_verified: recordsVerified, signature_verifications: signatures, verify_cpu_seconds: verifySeconds,
    create_to_visible_ms: { p50: median(latencies), p95: percentile(latencies, 95), max: Math.max(...latencies), samples: latencies.length },
  };
  say(`  delivered ${n(delivered)} objects with their records: ${n(delivered / converge)} per second, ${n(wire / delivered)} bytes each on the wire`);
  say(`  serve CPU ${cpu.toFixed(1)} s; ${n(recordsVerified)} records verified with ${n(signatures)} Ed25519 verifications, ${verifySeconds.toFixed(2)} s`);
  say(`  create-to-visible p50 ${median(latencies).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms, max ${Math.max(...latencies)} ms (${latencies.length} deliveries)`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await cleanUp();
}
