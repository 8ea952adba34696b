// `npm run bench -- pattern-eval [--lines 100000]`: how many pattern/observation pairs per second
// `accord pattern eval` answers end to end (issue 8: ≥ 20,000). One line = one pattern and the
// observed-data it is tested against (1–3 observed-data with their SCOs); the patterns mix
// single values, CIDR ranges, LIKE and MATCHES, comparison AND/OR, and observation AND,
// FOLLOWEDBY and WITHIN. Lines are piped through the real process; its answers are counted and
// checked against the number of matches this script planted.
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';

const { values } = parseArgs({ options: { lines: { type: 'string', default: '100000' } } });
const n = Number(values.lines);
const bin = new URL('../bin/accord', import.meta.url).pathname;
const patterns = [
  "[ipv4-addr:value = '198.51.100.7']",
  "[ipv4-addr:value ISSUBSET '198.51.100.0/24']",
  "[domain-name:value LIKE '%.evil.example']",
  "[url:value MATCHES '^https?://[^/]+/gate\\\\.php']",
  "[file:hashes.'SHA-256' = '" + 'ab'.repeat(32) + "' OR file:name = 'dropper.exe']",
  "[network-traffic:dst_ref.value = '198.51.100.7' AND network-traffic:dst_port = 443]",
  "[domain-name:value = 'c2.evil.example'] AND [ipv4-addr:value = '198.51.100.7']",
  "[domain-name:value = 'c2.evil.example'] FOLLOWEDBY [url:value LIKE 'http://%'] WITHIN 300 SECONDS",
];
const at = (s: number): string => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString().replace('.000Z', 'Z');
let planted = 0;
const lines: string[] = [];
for (let i = 0; i < n; i++) {
  const hit = i % 3 === 0;
  const ip = hit ? '198.51.100.7' : `10.${(i >> 8) & 255}.${i & 255}.1`;
  const domain = hit ? 'c2.evil.example' : `host-${i}.example.org`;
  const scos = [
    { type: 'ipv4-addr', id: `ipv4-addr--${i}`, value: ip },
    { type: 'domain-name', id: `domain-name--${i}`, value: domain, resolves_to_refs: [`ipv4-addr--${i}`] },
    { type: 'network-traffic', id: `network-traffic--${i}`, dst_ref: `ipv4-addr--${i}`, dst_port: hit ? 443 : 8080, protocols: ['ipv4', 'tcp'] },
    { type: 'url', id: `url--${i}`, value: hit ? 'http://c2.evil.example/gate.php?id=1' : `https://www.example.org/${i}` },
    { type: 'file', id: `file--${i}`, name: hit ? 'dropper.exe' : `doc-${i}.pdf`, hashes: { 'SHA-256': hit ? 'ab'.repeat(32) : 'cd'.repeat(32) } },
  ];
  const od = (k: number, refs: string[]): object => ({
    type: 'observed-data', spec_version: '2.1', id: `observed-data--00000000-0000-4000-8000-${String(i * 3 + k).padStart(12, '0')}`,
    first_observed: at(i + k * 60), last_observed: at(i + k * 60), number_observed: 1, object_refs: refs,
  });
  const observed = [scos, od(0, [`domain-name--${i}`, `ipv4-addr--${i}`]), od(1, [`network-traffic--${i}`, `ipv4-addr--${i}`]), od(2, [`url--${i}`, `file--${i}`])].flat();
  if (hit) planted++;
  lines.push(JSON.stringify({ pattern: patterns[i % patterns.length], stix_version: '2.1', observed_data: observed }));
}
const input = `${lines.join('\n')}\n`;

const start = performance.now();
const child = spawn(process.execPath, [bin, 'pattern', 'eval'], { stdio: ['pipe', 'pipe', 'inherit'] });
let answers = 0;
let matched = 0;
let errors = 0;
const done = (async () => {
  for await (const line of createInterface({ input: child.stdout })) {
    answers++;
    const a = JSON.parse(line) as { matched?: boolean; error?: unknown };
    if (a.matched === true) matched++;
    if (a.error !== undefined) errors++;
  }
})();
child.stdin.end(input);
await done;
const seconds = (performance.now() - start) / 1000;
console.log(`\npattern eval: ${n.toLocaleString('en-GB')} lines (${(input.length / 1e6).toFixed(1)} MB), ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
console.log(`| lines | seconds | pairs/s | matched (planted) | errors |`);
console.log(`|---|---|---|---|---|`);
console.log(`| ${answers.toLocaleString('en-GB')} | ${seconds.toFixed(1)} | ${Math.round(answers / seconds).toLocaleString('en-GB')} | ${matched.toLocaleString('en-GB')} (${planted.toLocaleString('en-GB')}) | ${errors} |`);
if (answers !== n || errors > 0 || matched !== planted) process.exitCode = 1;
