// `npm run bench -- detect [--indicators 1000000] [--events 2000000]`: detection (issue 8).
// Indicators: 70 % single exact values (addresses, domains, URLs, SHA-256), 20 % CIDR ranges and
// domain suffixes, 10 % patterns over several observations (FOLLOWEDBY … WITHIN). A generated
// eve.json (flow, dns, http, tls, fileinfo) with a known set of planted matches. Reported, in the
// same run: index build time and memory, against reading and JSON.parse-ing the stored indicators
// (the store read is simulated: each indicator's JSON text is generated as it is read, so that
// neither side holds a million strings); events/s end to end (read lines in chunks, scan the
// fields, match) against two baselines on the same file — JSON.parse of every line and nothing
// else (read by readline, as the baseline, and by our chunked line reader), and
// `grep -F -f` with 100,000 of the indicator values; events/s on pre-parsed events against a
// naive Map lookup of every extracted value; every planted match found, no other.
import { execFileSync } from 'node:child_process';
import { appendFileSync, createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Detector, eveReader, lineBatches, parseIndicatorPattern, type LogEvent } from '../src/detect/index.js';

const { values } = parseArgs({ options: { indicators: { type: 'string', default: '1000000' }, events: { type: 'string', default: '2000000' } } });
const nInd = Number(values.indicators);
const nEv = Number(values.events);
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

  // Events: one in 1,000 planted to match an exact or range indicator.
  const log = join(work, 'eve.json');
  writeFileSync(log, '');
  let lines: string[] = [];
  let mb = 0;
  const planted = new Set<number>();
  const ts = '2026-11-27T10:00:00.000000+0000';
  for (let e = 0; e < nEv; e++) {
    const hit = e % 1000 === 0;
    const i = (e * 7919) % nInd;
    const k = e % 5;
    let ev: Record<string, unknown>;
    const base = { timestamp: ts, src_ip: `192.168.${(e >> 8) & 255}.${e & 255}`, src_port: 40000 + (e % 20000), proto: 'TCP' };
    if (k === 0) ev = { ...base, event_type: 'flow', dest_ip: hit ? ipOf(i - (i % 10)) : `172.16.${(e >> 8) & 255}.${e & 255}`, dest_port: 443, flow: { pkts_toserver: 5, bytes_toserver: 900 } };
    else if (k === 1) ev = { ...base, event_type: 'dns', dest_ip: '10.0.0.53', dest_port: 53, dns: { type: 'query', id: e, rrname: hit ? `h${i - (i % 10) + 2}.bad.example` : `www${e}.example.org`, rrtype: 'A' } };
    else if (k === 2) ev = { ...base, event_type: 'http', dest_ip: '172.16.0.1', dest_port: 80, http: { hostname: hit ? `x.z${i - (i % 10) + 8}.example` : `site${e}.example.org`, url: '/index.html', http_user_agent: 'Mozilla/5.0', status: 200 } };
    else if (k === 3) ev = { ...base, event_type: 'tls', dest_ip: '172.16.0.2', dest_port: 443, tls: { sni: `cdn${e}.example.net`, version: 'TLS 1.3', fingerprint: hex(e, 40).replace(/(..)(?!$)/g, '$1:') } };
    else ev = { ...base, event_type: 'fileinfo', dest_ip: '172.16.0.3', dest_port: 80, fileinfo: { filename: `f${e}.bin`, size: 1234, sha256: hit ? hex(i - (i % 10) + 5, 64) : hex(e + 0x7fffffff, 64) } };
    if (hit) planted.add(e + 1);
    lines.push(JSON.stringify(ev));
    if (lines.length === 100_000 || e === nEv - 1) {
      const text = `${lines.join('\n')}\n`;
      mb += text.length / 1e6;
      appendFileSync(log, text);
      lines = [];
    }
  }
  say(`eve.json: ${nEv.toLocaleString('en-GB')} events, ${mb.toFixed(0)} MB, ${planted.size.toLocaleString('en-GB')} planted matches`);
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

  // End to end: read lines in chunks, scan the fields, match (nothing kept, as in a real run).
  t = performance.now();
  const found = new Set<number>();
  let wrong = 0;
  let line = 0;
  const read = eveReader();
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
  console.log(`\ndetect: ${nInd.toLocaleString('en-GB')} indicators, ${nEv.toLocaleString('en-GB')} events (${mb.toFixed(0)} MB), ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
  console.log('| measure | value |');
  console.log('|---|---|');
  console.log(`| index build from stored JSON (JSON.parse + pattern parse + index) | ${buildSeconds.toFixed(1)} s = ${(buildSeconds / readSeconds).toFixed(2)}× reading and JSON.parse-ing them (${readSeconds.toFixed(1)} s) |`);
  console.log(`| index memory | RSS ${rssBefore.toFixed(0)} → ${rssIndex.toFixed(0)} MB after the build (+${(rssIndex - rssBefore).toFixed(0)} MB) |`);
  console.log(`| end to end (chunked read, field scan, match) | ${r(endToEnd)} events/s = ${(endToEnd / parseOnly).toFixed(2)}× JSON.parse (readline), ${(endToEnd / parseChunked).toFixed(2)}× JSON.parse (chunked read), ${(endToEnd / grepRate).toFixed(2)}× grep -F |`);
  console.log(`| baseline: readline + JSON.parse per line | ${r(parseOnly)} events/s |`);
  console.log(`| baseline: chunked read + JSON.parse per line | ${r(parseChunked)} events/s |`);
  console.log(`| baseline: grep -F -f (100,000 values) | ${r(grepRate)} events/s (${(mb / grepSeconds).toFixed(1)} MB/s) |`);
  console.log(`| pre-parsed events, matcher only | ${r(preParsed)} events/s = ${(preParsed / naiveRate).toFixed(2)}× a Map lookup of every value (${r(naiveRate)} events/s, ${naiveHits} hits) |`);
  console.log(`| peak RSS of the whole run | ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB |`);
  console.log(`| planted matches found | ${found.size.toLocaleString('en-GB')} of ${planted.size.toLocaleString('en-GB')}; other matches ${wrong} |`);
  if (found.size !== planted.size || wrong > 0) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
