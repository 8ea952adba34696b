// `npm run bench -- interop [--events 10000] [--per-event 100] [--part misp|export|all] [--database URL]`
// The claims (issue 7): importing a MISP feed of 10,000 events with 1,000,000 attributes runs at
// ≥ 50,000 attributes/s, and exporting 1,000,000 indicators to each defender format at ≥ 200,000
// lines/s (`--part export` runs bench/interop-export.bench.ts).
//
// The feed is generated as MISP writes one: a folder with manifest.json and one <uuid>.json per
// event, each with `--per-event` attributes (80 % "to IDS": ip-dst, domain, hostname, url, md5,
// sha256, filename|sha256, email-src; 20 % not: domain, ip-src, which become observed-data with an
// observable), a TLP tag and a tag. Two figures:
//   convert — reading, parsing and converting every event to STIX JSON lines, in this process
//             (median of 3 rounds): the MISP side's own cost;
//   import  — `accord import <feed>/manifest.json` end to end in its own process, into a new node
//             (SQLite by default, --database for PostgreSQL): conversion plus validation and storage.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { convertMispEvent, MispConversion, mispEvents } from '../src/interop/index.js';
import { parseJson } from '../src/stix/index.js';
import { measure, median } from './measure.js';

const { values } = parseArgs({ options: {
  events: { type: 'string', default: '10000' }, 'per-event': { type: 'string', default: '100' }, part: { type: 'string', default: 'all' }, database: { type: 'string' },
} });
const say = (s: string): void => void process.stderr.write(`${s}\n`);
const part = values.part;

if (part === 'export' || part === 'all') await import(new URL('./interop-export.bench.ts', import.meta.url).href);

if (part === 'misp' || part === 'all') {
  const events = Number(values.events);
  const per = Number(values['per-event']);
  const attributes = events * per;
  const work = mkdtempSync(join(tmpdir(), 'accord-bench-misp-'));
  try {
    const feed = join(work, 'feed');
    mkdirSync(feed);
    const hex = (i: number, len: number): string => i.toString(16).padStart(8, '0').repeat(Math.ceil(len / 8)).slice(0, len);
    const uuid = (i: number, salt: number): string => `${hex(i, 8)}-${hex(salt, 4)}-4${hex(i, 3)}-8${hex(salt, 3)}-${hex(i * 31 + salt, 12)}`;
    const t0 = performance.now();
    const manifest: Record<string, unknown> = {};
    for (let e = 0; e < events; e++) {
      const eu = uuid(e, 1);
      const attrs = [];
      for (let a = 0; a < per; a++) {
        const i = e * per + a;
        const ids = a % 5 !== 4;
        const [type, value] = ids ? [
          ['ip-dst', `${10 + (i >>> 24)}.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`], ['domain', `c2-${i}.example-${i % 997}.test`],
          ['hostname', `host-${i}.example.test`], ['url', `http://c2-${i % 5003}.example.test/gate/${i}.php`], ['md5', hex(i, 32)], ['sha256', hex(i, 64)],
          ['filename|sha256', `dropper-${i}.exe|${hex(i * 3, 64)}`], ['email-src', `sender.${i}@mail-${i % 101}.example.test`],
        ][i % 8] as [string, string] : (i % 2 === 0 ? ['domain', `seen-${i}.example.test`] : ['ip-src', `172.${16 + (i >>> 16) % 16}.${(i >>> 8) & 255}.${i & 255}`]);
        attrs.push({ uuid: uuid(i, 2), type, category: type.includes('sha') || type === 'md5' ? 'Payload delivery' : 'Network activity', value, to_ids: ids, distribution: '5', timestamp: String(1790000000 + e), comment: a % 10 === 0 ? `attribute ${i}` : '' });
      }
      const event = {
        uuid: eu, info: `Benchmark event ${e}`, date: '2026-10-01', timestamp: String(1790000000 + e), published: true, publish_timestamp: String(1790000000 + e),
        analysis: '2', threat_level_id: '2', distribution: '3', Orgc: { name: `CERT-${e % 7}`, uuid: uuid(e % 7, 3) },
        Tag: [{ name: e % 2 === 0 ? 'tlp:green' : 'tlp:amber' }, { name: `campaign:${e % 50}` }], Attribute: attrs,
      };
      writeFileSync(join(feed, `${eu}.json`), JSON.stringify({ Event: event }));
      manifest[eu] = { info: event.info, Orgc: event.Orgc, Tag: event.Tag, date: event.date, timestamp: event.timestamp, analysis: '2', threat_level_id: '2' };
    }
    writeFileSync(join(feed, 'manifest.json'), JSON.stringify(manifest));
    say(`MISP feed of ${events.toLocaleString('en-GB')} events, ${attributes.toLocaleString('en-GB')} attributes written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const files = Object.keys(manifest).map((u) => join(feed, `${u}.json`));
    const convertSeconds: number[] = [];
    let objects = 0;
    for (let round = 0; round < 3; round++) {
      const start = performance.now();
      const c = new MispConversion();
      let bytes = 0;
      for (const f of files) {
        for (const ev of mispEvents(parseJson(readFileSync(f, 'utf8'))) ?? []) convertMispEvent(c, ev);
        for (const o of c.drain()) bytes += JSON.stringify(o).length + 1;
      }
      convertSeconds.push((performance.now() - start) / 1000);
      objects = c.share.size;

      if (bytes === 0) throw new Error('nothing converted');
    }
    const convert = median(convertSeconds);

    const data = join(work, 'node');
    const database = values.database ?? `sqlite:${join(data, 'accord.db')}`;
    const bin = new URL('../bin/accord', import.meta.url).pathname;
    await measure([bin, 'init', '--data', data, '--database', database, '--name', 'Benchmark member'], { ACCORD_ADMIN_PASSWORD: 'correct horse battery staple 42', ACCORD_LOG_LEVEL: 'warn' });
    say('accord import …/manifest.json');
    const imp = await measure([bin, 'import', '--data', data, '--database', database, '-q', join(feed, 'manifest.json')], { ACCORD_LOG_LEVEL: 'warn' });
    const stored = /: ([\d,]+) objects in/.exec(imp.stdout)?.[1]?.replace(/,/g, '');
    const rate = (n: number, s: number): string => Math.round(n / s).toLocaleString('en-GB');
    console.log(`\ninterop (MISP import): ${events.toLocaleString('en-GB')} events, ${attributes.toLocaleString('en-GB')} attributes → ${objects.toLocaleString('en-GB')} STIX objects; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
    console.log(`| step | seconds | attributes/s | objects/s | peak RSS |`);
    console.log(`|---|---|---|---|---|`);
    console.log(`| convert (median of 3: ${convertSeconds.map((s) => s.toFixed(1)).join(', ')} s) | ${convert.toFixed(1)} | ${rate(attributes, convert)} | ${rate(objects, convert)} | — |`);
    console.log(`| accord import, ${database.startsWith('postgres') ? 'PostgreSQL' : 'SQLite'} | ${imp.seconds.toFixed(1)} | ${rate(attributes, imp.seconds)} | ${rate(Number(stored), imp.seconds)} | ${imp.peakRssMb.toFixed(0)} MB |`);
    if (database.startsWith('postgres')) say('(the PostgreSQL database was left as it is: drop it yourself)');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
