// Loading the detection index from a snapshot, as `accord serve` does at start, in a process of its
// own (so its memory is the loaded index's, not the builder's). Prints the load time (reading the
// file included), the RSS before and after (after a full garbage collection, once the file's bytes
// are freed), and the hits of a few probe events, as JSON.
// Usage: node --expose-gc --import tsx bench/steps/detect-load.ts SNAPSHOT STORE-IDENTITY PROBES.json
import { readFileSync } from 'node:fs';
import { decodeSnapshot } from '../../src/detect/snapshot.js';

const [file, store, probes] = process.argv.slice(2) as [string, string, string];
const rss = (): number => process.memoryUsage().rss / 1e6;
const settled = async (): Promise<number> => {
  for (let i = 0; i < 3; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((r) => setTimeout(r, 50));
  }
  return rss();
};
const before = await settled();
const t = performance.now();
const { detector, live } = decodeSnapshot(readFileSync(file), store);
const seconds = (performance.now() - t) / 1000;
const after = await settled();
const events = (JSON.parse(readFileSync(probes, 'utf8')) as [string, (string | number)[]][][]).map((values) => ({ type: 'probe', time: undefined, values: new Map(values) }));
const hits = events.map((e, i) => detector.match(e, `p${i}`).map((h) => h.indicator).sort());
const known = live.known.size;
live.known.clear();
const rssIndexOnly = await settled();
console.log(JSON.stringify({ seconds, rssBefore: before, rssAfter: after, rssIndexOnly, indicators: detector.counts.indicators, known, hits }));
