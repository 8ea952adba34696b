// `npm run bench -- interop-export [--items 1000000]`: how fast the defender exports (issue 7)
// turn indicator values into lines, one core. The claim: at least 200,000 lines/s per format.
// 1,000,000 generated items (mixed kinds: IPv4/IPv6, CIDR, domains, http URLs, e-mail, hashes;
// TLP spread over CLEAR…AMBER+STRICT with 1 % RED); each format runs 3 rounds over all of them and
// the median is reported. Lines are the lines written (rules, list entries, rows), headers included.
import { parseArgs } from 'node:util';
import {
  blocklists, csvLines, snortRuleLines, suricataDatasets, suricataRuleLines, zeekIntelLines, type ExportItem, type IndicatorKind,
} from '../src/interop/index.js';
import type { TlpLevel } from '../src/stix/index.js';
import { median } from './measure.js';

const { values } = parseArgs({ options: { items: { type: 'string', default: '1000000' } } });
const n = Number(values.items);
const tlps: TlpLevel[] = ['clear', 'green', 'amber', 'amber+strict'];
const kinds: IndicatorKind[] = ['ipv4', 'ipv4', 'ipv6', 'cidr', 'domain', 'domain', 'url', 'url', 'email', 'md5', 'sha1', 'sha256'];
const hex = (i: number, len: number): string => i.toString(16).padStart(8, '0').repeat(Math.ceil(len / 8)).slice(0, len);

function value(kind: IndicatorKind, i: number): string {
  switch (kind) {
    case 'ipv4': return `${10 + (i >>> 24)}.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`;
    case 'ipv6': return `2001:db8:${(i >>> 16).toString(16)}:${(i & 0xffff).toString(16)}::1`;
    case 'cidr': return `${100 + ((i >>> 16) & 27)}.${(i >>> 8) & 255}.${i & 255}.0/24`;
    case 'domain': return `host-${i}.example-${i % 997}.test`;
    case 'url': return `http://c2-${i % 5003}.example.test/gate/${i}.php?id=${i}&k=a%20b`;
    case 'email': return `sender.${i}@mail-${i % 101}.example.test`;
    case 'md5': return hex(i, 32);
    case 'sha1': return hex(i, 40);
    default: return hex(i, 64);
  }
}

const t0 = performance.now();
const items: ExportItem[] = Array.from({ length: n }, (_, i) => {
  const kind = kinds[i % kinds.length] as IndicatorKind;
  return {
    kind, value: value(kind, i),
    id: `indicator--${hex(i, 8)}-1b2c-4d3e-8f40-${hex(i * 7, 12)}`,
    name: i % 3 === 0 ? `Campaign "${i % 50}"; stage ${i % 7}` : `C2 node ${i}`,
    tlp: i % 100 === 0 ? 'red' : (tlps[i % 4] as TlpLevel),
    validUntil: '2031-01-01T00:00:00.000Z',
  };
});
console.log(`${n.toLocaleString('en-GB')} items generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

function count(lines: Iterable<string>): number {
  let c = 0;
  for (const _ of lines) c++;
  return c;
}

const formats: [string, () => number][] = [
  ['Suricata rules', () => count(suricataRuleLines(items))],
  ['Suricata datasets', () => { const d = suricataDatasets(items); return d.ruleCount + d.valueCount; }],
  ['Snort 3 rules', () => count(snortRuleLines(items))],
  ['Zeek Intel', () => count(zeekIntelLines(items))],
  ['plain blocklists', () => Object.values(blocklists(items).counts).reduce((a, b) => a + b, 0)],
  ['CSV', () => count(csvLines(items))],
];
for (const [name, run] of formats) {
  const rates: number[] = [];
  let lines = 0;
  for (let r = 0; r < 3; r++) {
    const start = performance.now();
    lines = run();
    rates.push(lines / ((performance.now() - start) / 1000));
  }
  const m = median(rates);
  console.log(`${name.padEnd(18)} ${lines.toLocaleString('en-GB').padStart(10)} lines  ${Math.round(m).toLocaleString('en-GB').padStart(10)} lines/s (median of 3, one core)  ${m >= 200_000 ? 'ok' : 'BELOW 200,000'}`);
}
