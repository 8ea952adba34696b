// `npm run bench -- cli-startup`: the claim (issue 2) that `accord --help` starts in under
// 0.5 s. Runs the real command 21 times and reports the median and the slowest wall time.
import { measure, median } from './measure.js';

const bin = new URL('../bin/accord', import.meta.url).pathname;
const runs: number[] = [];
await measure([bin, '--help']); // warm the file cache
for (let i = 0; i < 21; i++) runs.push((await measure([bin, '--help'])).seconds);
const help = { median: median(runs), max: Math.max(...runs) };
const version: number[] = [];
for (let i = 0; i < 21; i++) version.push((await measure([bin, 'stats', '--help'])).seconds);
console.log(`accord --help:       median ${(help.median * 1000).toFixed(0)} ms, slowest ${(help.max * 1000).toFixed(0)} ms (21 runs)`);
console.log(`accord stats --help: median ${(median(version) * 1000).toFixed(0)} ms, slowest ${(Math.max(...version) * 1000).toFixed(0)} ms (21 runs)`);
