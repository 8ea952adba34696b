// `npm run bench -- detect [--indicators 1000000] [--events 2000000] [--minimal-events]`: detection
// (issue 8). Indicators: 70 % single exact values (addresses, domains, URLs, SHA-256), 20 % CIDR
// ranges and domain suffixes, 10 % patterns over several observations (FOLLOWEDBY … WITHIN). A
// generated eve.json (flow, dns, http, tls, fileinfo) with a known set of planted matches, its
// lines as Suricata 7 writes them (about 770 bytes) or, with --minimal-events, only the members
// the reader takes (about 265 bytes). Reported, in the same run: index build time and memory,
// against reading and JSON.parse-ing the stored indicators (the store read is simulated: each
// indicator's JSON text is generated as it is read, so that neither side holds a million
// strings); events/s end to end (read lines in chunks, scan the
// fields, match) against two baselines on the same file — JSON.parse of every line and nothing
// else (read by readline, as the baseline, and by our chunked line reader), and
// `grep -F -f` with 100,000 of the indicator values, and what each part of the path costs a
// line; events/s on pre-parsed events against a naive Map lookup of every extracted value; every
// planted match found, no other.
import { execFileSync } from 'node:child_process';
import { appendFileSync, createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Detector, eveReader, lineBatches, parseIndicatorPattern, type LogEvent } from '../src/detect/index.js';
import { scanEve } from '../src/detect/eve-scan.js';
import { suricataEvent, type EveKind } from '../test/support/eve-events.js';
import { encodeSnapshot, writeSnapshotFile, type KnownVersion } from '../src/detect/snapshot.js';
import { measure } from './measure.js';

const { values } = parseArgs({ options: { indicators: { type: 'string', default: '1000000' }, events: { type: 'string', default: '2000000' }, 'minimal-events': { type: 'boolean', default: false } } });
const nInd = Number(values.indicators);
const nEv = Number(values.events);
const minimalEvents = values['minimal-events'];
const say = (s: string): void => void process.stderr.write(`${s}\n`);
const rss = (): number => process.memoryUsage().rss / 1e6;
const hex = (i: number, len: number): string => i.toString(16).padStart(8, '0').repeat(Math.ceil(len / 8)).slice(0, len);
const ipOf = (i: number): string => `${11 + ((i >>> 24) % 100)}.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`;

// Indicators: i % 10 in 0..6 exact, 7..8 CIDR / suffix, 9 multi-observation.
const work = mkdtempSync(join(tmpdir(), 'accord-bench-detect-'));
try {
  const grepValues: string[] = [];
  const patternOf = (i: number): string => {
    const k = i % 10;
    if (k <= 1) return `[ipv4-addr:value = '${ipOf(i)}']`;
    if (k <= 3) return `[domain-name:value = 'h${i}.bad.example']`;
    if (k === 4) return `[url:value = 'http://u${i}.bad.example/x']`;
    if (k <= 6) return `[file:hashes.'SHA-256' = '${hex(i, 64)}']`;
    if (k === 7) return `[ipv4-addr:value ISSUBSET '${ipOf(i).replace(/\.\d+$/, '.0')}/24']`;
    if (k === 8) return `[domain-name:value LIKE '%.z${i}.example']`;
    return `([domain-name:value = 'a${i}.example'] FOLLOWEDBY [url:value = 'http://a${i}.example/x']) WITHIN 600 SECONDS`;
  };
  /** The store read, simulated: each indicator's stored JSON, made as it is read. */
  function* stored(): Generator<string> {
    for (let i = 0; i < nInd; i++) {
      const u = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      yield `{"type":"indicator","spec_version":"2.1","id":"indicator--${u}","created":"2026-11-01T00:00:00.000Z","modified":"2026-11-01T00:00:00.000Z","created_by_ref":"identity--${u}","name":"indicator ${i}","indicator_types":["malicious-activity"],"pattern":${JSON.stringify(patternOf(i))},"pattern_type":"stix","valid_from":"2026-11-01T00:00:00Z","labels":["bench"]}`;
    }
  }
  type Stored = { id: string; pattern: string };
  // Baseline: read and JSON.parse the stored indicators, nothing else.
  let t = performance.now();
  let kept = 0;
  for (const json of stored()) kept += (JSON.parse(json) as Stored).pattern.length > 0 ? 1 : 0;
  const readSeconds = (performance.now() - t) / 1000;
  const rssBefore = rss();
  // Build: read, JSON.parse, parse the pattern (the simple shapes the fast way), add to the index — no AST kept that the index does not need.
  t = performance.now();
  const detector = new Detector();
  for (const json of stored()) {
    const o = JSON.parse(json) as Stored;
    const v = parseIndicatorPattern(o.pattern);
    if (!v.ok) throw new Error(o.pattern);
    detector.add(o.id, v.pattern);
  }
  const buildSeconds = (performance.now() - t) / 1000;
  const rssIndex = rss();
  for (let i = 0; i < nInd; i++) {
    const k = i % 10;
    if (k <= 1) grepValues.push(ipOf(i));
    else if (k <= 3) grepValues.push(`h${i}.bad.example`);
    else if (k === 4) grepValues.push(`u${i}.bad.example`);
    else if (k <= 6) grepValues.push(hex(i, 64));
  }
  say(`${nInd.toLocaleString('en-GB')} indicators (${kept}): read + JSON.parse ${readSeconds.toFixed(1)} s; built in ${buildSeconds.toFixed(1)} s, RSS ${rssBefore.toFixed(0)} → ${rssIndex.toFixed(0)} MB`);

  // The persisted compiled index (docs/decisions/0029): written as `accord serve` writes it, with
  // the live index's table of known versions (id, date_added, name) that serve keeps beside the
  // detector (keyed by the same id strings as the index, as in serve); loaded in a process of its
  // own, which then answers probe events as the built one does. In a function, so that what the
  // writing allocates is garbage before the events are read.
  async function snapshotRound(): Promise<{ encodeSeconds: number; writeSeconds: number; snapshotMb: number; load: { seconds: number; rssBefore: number; rssAfter: number; rssIndexOnly: number }; sameHits: boolean; probeHits: number }> {
    const known = new Map<string, KnownVersion>();
    for (let i = 0; i < nInd; i++) {
      const id = detector.indicatorAt(detector.handleOf(`indicator--00000000-0000-4000-8000-${String(i).padStart(12, '0')}`) ?? -1) as string;
      known.set(id, { version: i + 1, name: `indicator ${i}`, until: undefined, active: true });
    }
    const snapshotFile = join(work, 'detect-index.snapshot');
    const started = performance.now();
    const parts = encodeSnapshot('bench', detector, { cursor: nInd, last: undefined, known, refused: [], due: [] });
    const encodeSeconds = (performance.now() - started) / 1000;
    await writeSnapshotFile(snapshotFile, parts);
    const writeSeconds = (performance.now() - started) / 1000;
    const snapshotMb = parts.reduce((n, p) => n + p.length, 0) / 1e6;
    const probes = [...Array(300).keys()].map((j) => {
      const i = (j * 4999) % nInd;
      return [['ipv4-addr:value', [ipOf(i)]], ['domain-name:value', [`h${i}.bad.example`, `x.z${i}.example`, `a${i}.example`]], ['url:value', [`http://u${i}.bad.example/x`, `http://a${i}.example/x`]], ["file:hashes.'SHA-256'", [hex(i, 64)]]];
    });
    const probesFile = join(work, 'probes.json');
    writeFileSync(probesFile, JSON.stringify(probes));
    const loadRun = await measure(['--expose-gc', '--import', 'tsx', new URL('./steps/detect-load.ts', import.meta.url).pathname, snapshotFile, 'bench', probesFile]);
    rmSync(snapshotFile);
    const load = JSON.parse(loadRun.stdout.trim().split('\n').at(-1) as string) as { seconds: number; rssBefore: number; rssAfter: number; rssIndexOnly: number; indicators: number; hits: string[][] };
    const builtHits = probes.map((values, n) => detector.match({ type: 'probe', time: undefined, values: new Map(values as [string, (string | number)[]][]) }, `p${n}`).map((h) => h.indicator).sort());
    const sameHits = JSON.stringify(builtHits) === JSON.stringify(load.hits) && load.indicators === detector.counts.indicators;
    say(`snapshot: encoded in ${encodeSeconds.toFixed(1)} s, written in ${writeSeconds.toFixed(1)} s, ${snapshotMb.toFixed(0)} MB; loaded in ${load.seconds.toFixed(1)} s, RSS ${load.rssBefore.toFixed(0)} → ${load.rssAfter.toFixed(0)} MB; probe hits ${sameHits ? 'the same' : 'DIFFERENT'} (${builtHits.flat().length})`);
    return { encodeSeconds, writeSeconds, snapshotMb, load, sameHits, probeHits: builtHits.flat().length };
  }
  const { encodeSeconds, writeSeconds, snapshotMb, load, sameHits, probeHits } = await snapshotRound();

  // Events: one in 1,000 planted to match an exact or range indicator. Suricata 7's own shape
  // (test/support/eve-events.ts), or with --minimal-events the 5-tuple and the few members read.
  const log = join(work, 'eve.json');
  writeFileSync(log, '');
  let lines: string[] = [];
  let mb = 0;
  const planted = new Set<number>();
  const kinds = ['flow', 'dns', 'http', 'tls', 'fileinfo'] as const;
  for (let e = 0; e < nEv; e++) {
    const hit = e % 1000 === 0;
    const i = (e * 7919) % nInd;
    const k = e % 5;
    const tuple = { src_ip: `192.168.${(e >> 8) & 255}.${e & 255}`, src_port: 40000 + (e % 20000) };
    const o = k === 0 ? { ...tuple, dest_ip: hit ? ipOf(i - (i % 10)) : `172.16.${(e >> 8) & 255}.${e & 255}`, dest_port: 443 }
      : k === 1 ? { ...tuple, dest_ip: '10.0.0.53', dest_port: 53, value: hit ? `h${i - (i % 10) + 2}.bad.example` : `www${e}.example.org` }
      : k === 2 ? { ...tuple, dest_ip: '172.16.0.1', dest_port: 80, value: hit ? `x.z${i - (i % 10) + 8}.example` : `site${e}.example.org` }
      : k === 3 ? { ...tuple, dest_ip: '172.16.0.2', dest_port: 443, value: `cdn${e}.example.net` }
      : { ...tuple, dest_ip: '172.16.0.3', dest_port: 80, value: hit ? hex(i - (i % 10) + 5, 64) : hex(e + 0x7fffffff, 64) };
    if (hit) planted.add(e + 1);
    lines.push(JSON.stringify(suricataEvent(kinds[k] as EveKind, e, o, minimalEvents)));
    if (lines.length === 100_000 || e === nEv - 1) {
      const text = `${lines.join('\n')}\n`;
      mb += text.length / 1e6;
      appendFileSync(log, text);
      lines = [];
    }
  }
  say(`eve.json (${minimalEvents ? 'minimal' : 'Suricata 7'} events): ${nEv.toLocaleString('en-GB')} events, ${mb.toFixed(0)} MB, ${planted.size.toLocaleString('en-GB')} planted matches`);
  const chunked = () => lineBatches(createReadStream(log, { highWaterMark: 1 << 20 }));

  // Baseline (a): read and JSON.parse every line, nothing else (readline, as the issue has it).
  t = performance.now();
  let count = 0;
  for await (const l of createInterface({ input: createReadStream(log), crlfDelay: Infinity })) {
    JSON.parse(l);
    count++;
  }
  const parseOnly = count / ((performance.now() - t) / 1000);
  // Baseline (a'): the same with our chunked line reader, to show what the reading alone is worth.
  t = performance.now();
  count = 0;
  for await (const batch of chunked()) {
    for (const l of batch) {
      if (typeof l === 'string') JSON.parse(l);
      count++;
    }
  }
  const parseChunked = count / ((performance.now() - t) / 1000);

  // What each part of the end-to-end path costs a line. Reading and splitting: a pass over the
  // file that does nothing else. The rest on the first 200,000 lines held in memory (the best of
  // three passes each, so that another process on the machine moves them less): the field scan
  // alone, the reader (scan + the event's values), the reader and the match. These passes also
  // warm the scanner up, as a long run would be, before the end-to-end pass.
  const read = eveReader();
  let splitNs = Infinity;
  for (let pass = 0; pass < 2; pass++) {
    const start = performance.now();
    let n = 0;
    for await (const batch of chunked()) n += batch.length;
    splitNs = Math.min(splitNs, ((performance.now() - start) * 1e6) / n);
  }
  const sample: string[] = [];
  for await (const batch of chunked()) {
    for (const l of batch) if (typeof l === 'string' && sample.length < 200_000) sample.push(l);
    if (sample.length >= 200_000) break;
  }
  const bestNs = (each: (l: string) => unknown): number => {
    let best = Infinity;
    for (let pass = 0; pass < 3; pass++) {
      const start = performance.now();
      for (const l of sample) each(l);
      best = Math.min(best, ((performance.now() - start) * 1e6) / sample.length);
    }
    return best;
  };
  const parseNs = bestNs((l) => JSON.parse(l));
  const scanNs = bestNs((l) => scanEve(l));
  const readNs = bestNs((l) => read(l));
  const matchNs = bestNs((l) => {
    const ev = read(l);
    if (!('skip' in ev)) detector.match(ev, 'e');
  });

  // End to end: read lines in chunks, scan the fields, match (nothing kept, as in a real run).
  t = performance.now();
  const found = new Set<number>();
  let wrong = 0;
  let line = 0;
  for await (const batch of chunked()) {
    for (const l of batch) {
      line++;
      if (typeof l !== 'string') continue;
      const ev = read(l);
      if ('skip' in ev) continue;
      const hits = detector.match(ev, 'e');
      if (hits.length > 0) {
        if (planted.has(line)) found.add(line);
        else wrong++;
      }
    }
  }
  const endToEnd = line / ((performance.now() - t) / 1000);

  // Pre-parsed events: the matcher alone, against a naive Map lookup of every extracted value.
  const events: LogEvent[] = [];
  for await (const batch of chunked()) {
    for (const l of batch) {
      const ev = typeof l === 'string' && events.length < 500_000 ? read(l) : undefined;
      if (ev !== undefined && !('skip' in ev)) events.push(ev);
    }
  }
  t = performance.now();
  for (const ev of events) detector.match(ev, 'e');
  const preParsed = events.length / ((performance.now() - t) / 1000);
  const naive = new Map<string, number>(grepValues.map((v, i) => [v, i]));
  t = performance.now();
  let naiveHits = 0;
  for (const ev of events) for (const vs of ev.values.values()) for (const v of vs) if (naive.has(String(v))) naiveHits++;
  const naiveRate = events.length / ((performance.now() - t) / 1000);

  // Baseline (b): grep -F -f with 100,000 of the values.
  const patternsFile = join(work, 'values.txt');
  writeFileSync(patternsFile, `${grepValues.slice(0, 100_000).join('\n')}\n`);
  t = performance.now();
  try {
    execFileSync('grep', ['-c', '-F', '-f', patternsFile, log], { maxBuffer: 1 << 20 });
  } catch { /* grep exits 1 when nothing matches */ }
  const grepSeconds = (performance.now() - t) / 1000;
  const grepRate = nEv / grepSeconds;

  const r = (x: number): string => Math.round(x).toLocaleString('en-GB');
  console.log(`\ndetect: ${nInd.toLocaleString('en-GB')} indicators, ${nEv.toLocaleString('en-GB')} ${minimalEvents ? 'minimal' : 'Suricata 7'} events (${mb.toFixed(0)} MB, ${Math.round(mb * 1e6 / nEv)} bytes a line), ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
  console.log('| measure | value |');
  console.log('|---|---|');
  console.log(`| index build from stored JSON (JSON.parse + pattern parse + index) | ${buildSeconds.toFixed(1)} s = ${(buildSeconds / readSeconds).toFixed(2)}× reading and JSON.parse-ing them (${readSeconds.toFixed(1)} s) |`);
  console.log(`| index memory | RSS ${rssBefore.toFixed(0)} → ${rssIndex.toFixed(0)} MB after the build (+${(rssIndex - rssBefore).toFixed(0)} MB) |`);
  console.log(`| snapshot write (s) | ${writeSeconds.toFixed(2)} (of which encoding, on the main thread, ${encodeSeconds.toFixed(2)}) |`);
  console.log(`| snapshot size (MB) | ${snapshotMb.toFixed(0)} |`);
  console.log(`| load from snapshot (s), in a new process | ${load.seconds.toFixed(2)} |`);
  console.log(`| load ÷ read + JSON.parse baseline | ${(load.seconds / readSeconds).toFixed(2)}× |`);
  console.log(`| RSS after loading (index + the live table of known versions, after GC) | ${load.rssBefore.toFixed(0)} → ${load.rssAfter.toFixed(0)} MB (+${(load.rssAfter - load.rssBefore).toFixed(0)} MB); without the table ${load.rssIndexOnly.toFixed(0)} MB |`);
  console.log(`| probe events on the loaded index | ${sameHits ? 'the same hits as the built index' : 'DIFFERENT hits from the built index'} (${probeHits} hits) |`);
  console.log(`| end to end (chunked read, field scan, match) | ${r(endToEnd)} events/s = ${(endToEnd / parseOnly).toFixed(2)}× JSON.parse (readline), ${(endToEnd / parseChunked).toFixed(2)}× JSON.parse (chunked read), ${(endToEnd / grepRate).toFixed(2)}× grep -F |`);
  const endNs = 1e9 / endToEnd;
  console.log(`| … per line: reading and splitting + field scan + event values + match | ${splitNs.toFixed(0)} + ${scanNs.toFixed(0)} + ${(readNs - scanNs).toFixed(0)} + ${(matchNs - readNs).toFixed(0)} = ${(splitNs + matchNs).toFixed(0)} ns (end to end measured: ${endNs.toFixed(0)} ns; JSON.parse of a line held in memory: ${parseNs.toFixed(0)} ns) |`);
  console.log(`| baseline: readline + JSON.parse per line | ${r(parseOnly)} events/s |`);
  console.log(`| baseline: chunked read + JSON.parse per line | ${r(parseChunked)} events/s |`);
  console.log(`| baseline: grep -F -f (100,000 values) | ${r(grepRate)} events/s (${(mb / grepSeconds).toFixed(1)} MB/s) |`);
  console.log(`| pre-parsed events, matcher only | ${r(preParsed)} events/s = ${(preParsed / naiveRate).toFixed(2)}× a Map lookup of every value (${r(naiveRate)} events/s, ${naiveHits} hits) |`);
  console.log(`| peak RSS of the whole run | ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB |`);
  console.log(`| planted matches found | ${found.size.toLocaleString('en-GB')} of ${planted.size.toLocaleString('en-GB')}; other matches ${wrong} |`);
  if (found.size !== planted.size || wrong > 0 || !sameHits) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
