// `npm run bench -- validate`: what each step of preparing one object costs (the CPU half of
// import): strict parse, validation against the official schemas and the spec's rules, RFC 8785
// canonicalisation with SHA-256. Medians of 5 rounds over 20,000 generated indicators and over
// the real ATT&CK Mobile corpus.
import { canonicalHash, parseJson, schemaCompileMillis, validateObject } from '../src/stix/index.js';
import { corpusBundle } from '../test/support/corpora.js';
import { buildIndicator, Rng } from '../test/support/factories.js';
import { median } from './measure.js';

type Obj = Record<string, unknown>;
const t0 = performance.now();
validateObject(buildIndicator({}, new Rng(1)));
const firstCall = performance.now() - t0;

const rng = new Rng(7);
const indicators = Array.from({ length: 20_000 }, () => buildIndicator({}, rng));
const mobile = corpusBundle('mobile-attack').objects;

function perObject(objects: readonly Obj[], work: (o: Obj, text: string) => unknown): number {
  const texts = objects.map((o) => JSON.stringify(o));
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    const start = performance.now();
    for (let i = 0; i < objects.length; i++) work(objects[i] as Obj, texts[i] as string);
    rounds.push(((performance.now() - start) * 1000) / objects.length);
  }
  return median(rounds);
}

const rows: [string, number, number][] = [];
for (const [name, set] of [['indicator (~830 B)', indicators], ['ATT&CK Mobile object', mobile]] as const) {
  rows.push([`${name}: JSON.parse`, perObject(set, (_o, t) => JSON.parse(t)), 0]);
  rows.push([`${name}: parseJson (strict)`, perObject(set, (_o, t) => parseJson(t)), 0]);
  rows.push([`${name}: validateObject`, perObject(set, (o) => validateObject(o)), 0]);
  rows.push([`${name}: canonicalHash`, perObject(set, (o) => canonicalHash(o)), 0]);
}
console.log(`schema compile ${schemaCompileMillis().fast?.toFixed(0)} ms (first validation call ${firstCall.toFixed(0)} ms)`);
for (const [name, us] of rows) console.log(`${name.padEnd(48)} ${us.toFixed(2).padStart(7)} µs/object  ${Math.round(1e6 / us).toLocaleString('en-GB').padStart(10)} objects/s (one core)`);
