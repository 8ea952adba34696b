// `npm run bench -- NAME [options]`: runs one benchmark script from bench/. Each script measures
// one claim and prints its figures; docs/benchmarks.md records them with the machine and command.
import { readdirSync } from 'node:fs';

const name = process.argv[2];
const available = readdirSync(new URL('.', import.meta.url)).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, ''));
if (name === undefined || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- NAME [options]\navailable: ${available.join(', ')}\n`);
  process.exit(2);
}
process.argv.splice(2, 1);
await import(`./${name}.bench.ts`);
