// `npm run bench -- retro [--events 1000000] [--indicators 1000] [--postgres]`:
// the retro-hunt history (issue 8, item 5). Generated events (flow, dns, http, tls, fileinfo)
// over 30 days, drawn from value pools of realistic sizes (2,000 internal hosts, 200,000 outside
// addresses, 100,000 names, 300,000 URLs, 50,000 certificates, 100,000 file hashes), recorded
// through ObservationHistory into a real store. Reported: values/s and events/s recorded (summing
// and writing batches included), rows, and the history's size on disk per million events (SQLite);
// then the latency of retro-hunting new indicators against that history — half single values
// (addresses, names, URLs, hashes; half of those seen), a quarter CIDR /24 ranges, a quarter
// domain suffixes — median, 95th percentile and total, with the hits found.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EVENT_PATHS as P, ObservationHistory, retroHunt, type LogEvent } from '../src/detect/index.js';
import { validatePattern } from '../src/pattern/index.js';
import { openStore } from '../src/store/index.js';
import { benchDatabase, dropBenchDatabases } from './databases.js';
import { median } from './measure.js';

const { values } = parseArgs({ options: { events: { type: 'string', default: '1000000' }, indicators: { type: 'string', default: '1000' }, postgres: { type: 'boolean', default: false } } });
const nEv = Number(values.events);
const nInd = Number(values.indicators);
const say = (s: string): void => void process.stderr.write(`${s}\n`);
const fmt = (v: number): string => Math.round(v).toLocaleString('en');
const hex = (i: number, len: number): string => (i * 2654435761 >>> 0).toString(16).padStart(8, '0').repeat(Math.ceil(len / 8)).slice(0, len);
const outside = (i: number): string => `${11 + (i % 200)}.${(i >>> 3) & 255}.${(i * 7) & 255}.${i & 255}`;
const name = (i: number): string => `h${i % 97}.d${i}.example`;
// A deterministic pseudo-random draw, skewed towards the first values of a pool (traffic repeats).
let seed = 42;
const rand = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
const draw = (pool: number): number => Math.floor(pool * rand() ** 2);

const work = mkdtempSync(join(tmpdir(), 'accord-bench-retro-'));
// --postgres: a fresh database on the server DATABASE_URL names, dropped at the end.
const database = values.postgres === true ? (await benchDatabase('retro', 'history'))[1] ?? '' : `sqlite:${join(work, 'accord.db')}`;
let store = await openStore(database);
try {
  const start = Date.parse('2026-10-01T00:00:00.000Z');
  const span = 30 * 86_400_000;
  const event = (i: number): LogEvent => {
    const v = new Map<string, (string | number)[]>();
    const src = `10.${(i % 2000) >> 8}.${i % 2000 & 255}.${7}`;
    const dst = outside(draw(200_000));
    v.set(P.ipv4, [src, dst]);
    v.set(P.srcRef, [src]);
    v.set(P.dstRef, [dst]);
    v.set(P.srcPort, [40000 + (i % 20000)]);
    v.set(P.dstPort, [443]);
    v.set(P.protocols, ['tcp']);
    const kind = i % 5;
    if (kind === 1) v.set(P.domain, [name(draw(100_000))]);
    if (kind === 2) {
      const d = draw(300_000);
      v.set(P.domain, [name(d % 100_000)]);
      v.set(P.url, [`http://${name(d % 100_000)}/p${d}/index.php?id=${d % 13}`]);
      v.set(P.userAgent, [`agent/${d % 50}`]);
    }
    if (kind === 3) {
      v.set(P.domain, [name(draw(100_000))]);
      v.set(P.certSha1, [hex(draw(50_000), 40)]);
    }
    if (kind === 4) {
      const f = draw(100_000);
      v.set(P.fileName, [`f${f}.bin`]);
      v.set(P.sha256, [hex(f, 64)]);
    }
    return { type: 'flow', time: new Date(start + Math.floor((i / nEv) * span)).toISOString(), values: v };
  };

  // Generating the events alone, timed apart so that the recording rate excludes it.
  const g0 = performance.now();
  let sink = 0;
  for (let i = 0; i < nEv; i++) sink += event(i).values.size;
  const generateSeconds = (performance.now() - g0) / 1000;
  seed = 42;

  say(`recording ${fmt(nEv)} events into ${store.kind}…`);
  const history = new ObservationHistory(store.observations);
  // Values seen, sampled, for the new indicators that should find something.
  const seenIps: string[] = [];
  const seenNames: string[] = [];
  const t0 = performance.now();
  for (let i = 0; i < nEv; i++) {
    const e = event(i);
    if (i % 1009 === 0) {
      seenIps.push(String(e.values.get(P.ipv4)?.[1]));
      if (e.values.has(P.domain)) seenNames.push(String(e.values.get(P.domain)?.[0]));
    }
    if (history.add(e)) await history.flush();
  }
  await history.flush();
  const recordSeconds = (performance.now() - t0) / 1000 - generateSeconds;
  const { values: nValues, rows: written } = history.counts;
  let size = await store.observations.size();
  await store.close();
  // On SQLite, the file once closed (the write-ahead log checkpointed into it and removed).
  let bytes = 0;
  if (store.kind === 'sqlite') for (const f of readdirSync(work)) bytes += statSync(join(work, f)).size;
  store = await openStore(database);
  size = await store.observations.size();

  // New indicators: half single values (half of those seen), a quarter /24 ranges, a quarter suffixes.
  const patterns: string[] = [];
  let planted = 0;
  for (let k = 0; k < nInd; k++) {
    const seen = k % 2 === 0;
    if (seen) planted++;
    const ip = seen ? seenIps[k % seenIps.length] ?? '' : `1.${k >> 8 & 255}.${k & 255}.1`;
    const host = seen ? seenNames[k % seenNames.length] ?? '' : `h1.d${900_000 + k}.example`;
    switch (k % 8) {
      case 0: case 1: patterns.push(`[ipv4-addr:value = '${ip}']`); break;
      case 2: case 3: patterns.push(`[domain-name:value = '${host}']`); break;
      case 4: case 5: patterns.push(`[ipv4-addr:value ISSUBSET '${ip.replace(/\.\d+$/, '.0')}/24']`); break;
      default: patterns.push(`[domain-name:value LIKE '%.${host.split('.').slice(1).join('.')}']`);
    }
  }
  const latencies: number[] = [];
  let hits = 0;
  const t1 = performance.now();
  for (const [k, text] of patterns.entries()) {
    const v = validatePattern(text);
    if (!v.ok) throw new Error(text);
    const s = performance.now();
    const r = await retroHunt(store.observations, `indicator--${k}`, v.pattern);
    latencies.push(performance.now() - s);
    hits += r.hits.length;
    if (k % 2 === 0 && r.hits.length === 0) throw new Error(`${text}: a value seen, but no hit`);
    if (k % 2 === 1 && r.hits.length > 0) throw new Error(`${text}: never seen, but hit`);
  }
  const huntSeconds = (performance.now() - t1) / 1000;
  latencies.sort((a, b) => a - b);

  const result = {
    store: store.kind, events: nEv, values: nValues, rows: size.rows, rowsWritten: written,
    recordSeconds: Number(recordSeconds.toFixed(2)), valuesPerSecond: Math.round(nValues / recordSeconds), eventsPerSecond: Math.round(nEv / recordSeconds),
    ...(bytes > 0 ? { diskMb: Number((bytes / 1e6).toFixed(1)), diskMbPerMillionEvents: Number(((bytes / 1e6) * (1e6 / nEv)).toFixed(1)), bytesPerRow: Math.round(bytes / Math.max(size.rows, 1)) } : {}),
    generateSeconds: Number(generateSeconds.toFixed(2)), sink, indicators: nInd, indicatorsWithHits: planted, hits, huntSeconds: Number(huntSeconds.toFixed(2)),
    huntMedianMs: Number(median(latencies).toFixed(3)), huntP95Ms: Number((latencies[Math.floor(latencies.length * 0.95)] ?? 0).toFixed(3)),
  };
  say(`${fmt(nValues)} values (${fmt(nEv)} events) recorded in ${recordSeconds.toFixed(1)} s: ${fmt(result.valuesPerSecond)} values/s, ${fmt(result.eventsPerSecond)} events/s; ${fmt(size.rows)} rows`);
  if (bytes > 0) say(`history on disk: ${(bytes / 1e6).toFixed(1)} MB (${result.diskMbPerMillionEvents} MB per million events)`);
  say(`retro-hunt of ${fmt(nInd)} indicators: ${huntSeconds.toFixed(2)} s, median ${result.huntMedianMs} ms, p95 ${result.huntP95Ms} ms; ${fmt(hits)} past hits, every one of the ${fmt(planted)} seen values found, none of the others`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await store.close();
  rmSync(work, { recursive: true, force: true });
  await dropBenchDatabases();
}
