// The benchmark corpus: N realistic STIX 2.1 objects as JSON lines, generated from a fixed seed
// so every run (and every machine) imports the same bytes. The mix follows what members share:
// indicators with patterns, observables under their deterministic ids, observed-data, sightings,
// relationships, reports and notes, threat context, and later versions of earlier objects.
import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { deterministicScoId } from '../src/stix/index.js';
import {
  buildIndicator, buildMalware, buildObservedData, buildRelationship, buildReport, MEMBER_IDENTITY, nextVersion, Rng, TLP_AMBER, TLP_GREEN, ts,
} from '../test/support/factories.js';

type Obj = Record<string, unknown>;
export const OUT_DIR = new URL('./out/', import.meta.url).pathname;

function sco(r: Rng): Obj {
  const k = r.int(4);
  const o: Obj = k === 0 ? { type: 'ipv4-addr', value: `${1 + r.int(222)}.${r.int(256)}.${r.int(256)}.${1 + r.int(254)}` }
    : k === 1 ? { type: 'domain-name', value: `${r.hex(8)}.${r.pick(['com', 'net', 'org', 'ru', 'cn', 'io'])}` }
    : k === 2 ? { type: 'url', value: `https://${r.hex(6)}.example/${r.hex(10)}/${r.pick(['login.php', 'gate.php', 'update.bin'])}` }
    : { type: 'file', name: `${r.hex(6)}.${r.pick(['exe', 'dll', 'ps1', 'docm'])}`, hashes: { 'SHA-256': r.hex(64), MD5: r.hex(32) }, size: 1000 + r.int(5_000_000) };
  o.spec_version = '2.1';
  o.id = deterministicScoId(o) ?? `${String(o.type)}--${r.uuid()}`;
  return o;
}

/** Yields `count` objects, deterministic for a given seed. */
export function* generate(count: number, seed = 2026): Generator<Obj> {
  const r = new Rng(seed);
  const recent: Obj[] = [];
  const scos: string[] = [];
  const remember = (o: Obj): void => {
    if (recent.length < 5000) recent.push(o);
    else recent[r.int(5000)] = o;
  };
  for (let i = 0; i < count; i++) {
    const roll = r.int(100);
    let o: Obj;
    if (roll < 30) {
      o = buildIndicator({}, r);
      remember(o);
    } else if (roll < 50) {
      o = sco(r);
      scos.push(String(o.id));
      if (scos.length > 2000) scos.splice(0, 1000);
    } else if (roll < 62) {
      const src = recent.length > 0 ? r.pick(recent) : buildIndicator({}, r);
      o = buildRelationship(String(src.id), `malware--${r.uuid()}`, { description: 'Indicator observed in the delivery stage of this malware family.' }, r);
    } else if (roll < 72) {
      const refs = scos.length > 0 ? [r.pick(scos), r.pick(scos)].filter((v, j, a) => a.indexOf(v) === j) : [sco(r).id as string];
      o = buildObservedData(refs, {}, r);
    } else if (roll < 77) {
      const created = ts(r.int(300 * 86400_000));
      o = {
        type: 'sighting', spec_version: '2.1', id: `sighting--${r.uuid()}`, created_by_ref: MEMBER_IDENTITY, created, modified: created,
        first_seen: created, last_seen: created, count: 1 + r.int(20),
        sighting_of_ref: recent.length > 0 ? String(r.pick(recent).id) : `indicator--${r.uuid()}`,
        where_sighted_refs: [MEMBER_IDENTITY], object_marking_refs: [TLP_AMBER],
      };
    } else if (roll < 82) {
      o = buildMalware({}, r);
      remember(o);
    } else if (roll < 85) {
      const refs = Array.from({ length: 5 + r.int(25) }, () => (recent.length > 0 ? String(r.pick(recent).id) : `indicator--${r.uuid()}`));
      o = buildReport([...new Set(refs)], {}, r);
    } else if (roll < 88) {
      const created = ts(r.int(300 * 86400_000));
      o = {
        type: 'note', spec_version: '2.1', id: `note--${r.uuid()}`, created_by_ref: MEMBER_IDENTITY, created, modified: created,
        abstract: 'Liaison comment', content: `Partner CERT confirms activity from this infrastructure; case reference ${r.hex(6)}.`,
        object_refs: [recent.length > 0 ? String(r.pick(recent).id) : `indicator--${r.uuid()}`], object_marking_refs: [TLP_GREEN],
      };
    } else {
      // A later version of an earlier indicator or malware (10 %), as partners revise what they shared.
      const base = recent.length > 0 ? r.pick(recent) : buildIndicator({}, r);
      o = nextVersion(base, { description: `${String(base.description)} Updated assessment ${r.hex(4)}.` }, 60_000 + r.int(86400_000));
      const idx = recent.indexOf(base);
      if (idx >= 0) recent[idx] = o;
    }
    yield o;
  }
}

/** Path of the cached corpus of `count` objects as JSON lines, generating it if needed. */
export async function corpusFile(count: number): Promise<string> {
  mkdirSync(OUT_DIR, { recursive: true });
  const file = join(OUT_DIR, `corpus-${count}.jsonl`);
  if (existsSync(file)) return file;
  const tmp = `${file}.partial`;
  const out = createWriteStream(tmp);
  let buf = '';
  for (const o of generate(count)) {
    buf += `${JSON.stringify(o)}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
  renameSync(tmp, file);
  process.stderr.write(`generated ${file} (${(statSync(file).size / 1e6).toFixed(0)} MB)\n`);
  return file;
}
