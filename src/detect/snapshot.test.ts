// The detection index snapshot: a detector loaded from one matches every event exactly as the
// detector it was taken from (same hits, same order), also after the same later changes on both;
// a file that is not a whole snapshot of this format and this store is refused, never used.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validatePattern, type Pattern } from '../pattern/index.js';
import { Detector } from './detector.js';
import { P, type LogEvent } from './event.js';
import { decodeSnapshot, encodeSnapshot, readSnapshotFile, SnapshotError, writeSnapshotFile, type LiveState } from './snapshot.js';

function parse(text: string): Pattern {
  const v = validatePattern(text);
  if (!v.ok) throw new Error(`${text}: ${v.errors.map((e) => e.message).join("; ")}`);
  return v.pattern;
}

const ip = (i: number): string => `10.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`;
const id = (i: number): string => `indicator--00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** Every kind of pattern the index holds: exact values (enough for a Bloom filter), ranges, suffixes, anchored, residual, several observations. */
function patternOf(i: number): string {
  switch (i % 14) {
    case 0: return `[ipv4-addr:value = '${ip(i)}']`;
    case 1: return `[domain-name:value = 'h${i}.example' OR domain-name:value = 'h${i}.example.org']`;
    case 2: return `[file:hashes.'SHA-256' = '${i.toString(16).padStart(64, '0')}']`;
    case 3: return `[network-traffic:dst_port = ${1000 + (i % 50)}]`;
    case 4: return `[ipv4-addr:value ISSUBSET '${ip(i).replace(/\.\d+$/, '.0')}/${16 + (i % 17)}']`;
    case 5: return `[ipv6-addr:value ISSUBSET '2001:db8:${(i % 300).toString(16)}::/${40 + (i % 80)}']`;
    case 6: return `[domain-name:value LIKE '%.z${i % 97}.example']`;
    case 7: return `[network-traffic:dst_ref.value = '${ip(i)}' AND network-traffic:dst_port = 443]`;
    // Evaluated on every event: a few only (they cost a full evaluation per event).
    case 8: return i < 100 ? `[domain-name:value != 'h${i}.example']` : `[domain-name:value = 'h${i}.example']`;
    case 9: return `([domain-name:value = 'a${i}.example'] FOLLOWEDBY [url:value = 'http://a${i}.example/x']) WITHIN 600 SECONDS`;
    case 10: return `[url:value = 'http://u${i}.example/\u00e9\u4e2d']`;
    case 11: return `[ipv4-addr:value IN ('${ip(i)}', '${ip(i + 1)}')] AND [domain-name:value LIKE '%.w${i}.example']`;
    case 12: return i < 100 ? `[network-traffic:dst_ref.value ISSUBSET '0.0.0.0/0' AND network-traffic:dst_port = ${i % 7}]` : `[ipv4-addr:value ISSUBSET '${ip(i)}/32']`;
    default: return `[domain-name:value = 'h${i % 500}.example']`;
  }
}

function event(i: number, seconds: number): LogEvent {
  const values = new Map<string, (string | number)[]>([
    [P.ipv4, [ip(i), ip(i * 7 + 3)]],
    [P.dstRef, [ip(i)]],
    [P.dstPort, [i % 3 === 0 ? 443 : 1000 + (i % 60)]],
    [P.domain, [`h${i}.example`, `x.z${i % 97}.example`, `a${i - (i % 14) + 9}.example`, `q.w${i - (i % 14) + 11}.example`]],
    [P.url, [`http://u${i}.example/\u00e9\u4e2d`, `http://a${i - (i % 14) + 9}.example/x`]],
    [P.sha256, [i.toString(16).padStart(64, '0')]],
    [P.ipv6, [`2001:db8:${(i % 300).toString(16)}::${i.toString(16)}`]],
  ]);
  return { type: 'flow', time: new Date(Date.UTC(2026, 0, 1) + seconds * 1000).toISOString(), values };
}

const LIVE: LiveState = { cursor: 42, last: { id: id(1), added: 42 }, known: new Map(), refused: [], due: [] };
const snapshot = (d: Detector, live: LiveState = LIVE, store = 'store-a'): Buffer => Buffer.concat(encodeSnapshot(store, d, live));

/** The hits of both detectors on the same events (every third one from `from` to `to`), each in its order. */
function both(a: Detector, b: Detector, from: number, to: number): { a: unknown[]; b: unknown[] } {
  const out = { a: [] as unknown[], b: [] as unknown[] };
  for (let i = from; i < to; i += i % 14 >= 9 ? 1 : 3) {
    out.a.push(a.match(event(i, i), `e${i}`));
    out.b.push(b.match(event(i, i), `e${i}`));
  }
  return out;
}

describe('detection index snapshot', () => {
  const dir = mkdtempSync(join(tmpdir(), 'accord-snapshot-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // 6,000 indicators: more than 4,096 exact strings on one path, so the Bloom filter is in the snapshot.
  const N = 6000;
  const built = new Detector();
  for (let i = 0; i < N; i++) built.add(id(i), parse(patternOf(i)));
  // Removed and replaced ones: free handles, stale Bloom bits, emptied ranges.
  for (let i = 0; i < N; i += 5) built.remove(id(i));
  for (let i = 1; i < N; i += 50) built.add(id(i), parse(patternOf(i + 4)));

  it('loads a detector that matches every event as the one it was taken from, in the same order', () => {
    const loaded = decodeSnapshot(snapshot(built), 'store-a').detector;
    expect(loaded.counts).toEqual(built.counts);
    const { a, b } = both(built, loaded, 0, N + 100);
    expect(b).toEqual(a);
    expect(a.flat().length).toBeGreaterThan(N / 4);
  });

  it('stays the same as the original through the same later additions and removals', () => {
    const original = new Detector();
    for (let i = 0; i < 3000; i++) original.add(id(i), parse(patternOf(i)));
    const loaded = decodeSnapshot(snapshot(original), 'store-a').detector;
    for (const d of [original, loaded]) {
      for (let i = 0; i < 3000; i += 3) d.remove(id(i));
      for (let i = 3000; i < 4500; i++) d.add(id(i), parse(patternOf(i)));
      for (let i = 1; i < 3000; i += 7) d.add(id(i), parse(patternOf(i + 1)));
    }
    const { a, b } = both(original, loaded, 0, 4600);
    expect(b).toEqual(a);
    // A snapshot of the changed copy loads the same again.
    expect(both(loaded, decodeSnapshot(snapshot(loaded), 'store-a').detector, 0, 4600).b).toEqual(a);
  });

  it('keeps the live state: known versions, waiting patterns, refused indicators, due times, cursor', () => {
    const live: LiveState = {
      cursor: 1_000_000, last: { id: id(7), added: 999_999 },
      known: new Map([
        [id(7), { version: 999_999, name: 'seven', until: 1_700_000_000_000, active: true }],
        [id(8), { version: 12, name: undefined, until: undefined, active: false, pattern: parse(patternOf(9)) }],
      ]),
      refused: [id(9)],
      due: [{ at: 5, id: id(8), kind: 'start', version: 12 }, { at: 1_700_000_000_000, id: id(7), kind: 'end', version: 999_999 }],
    };
    const s = decodeSnapshot(snapshot(new Detector(), live), 'store-a');
    expect(s.meta).toMatchObject({ store: 'store-a', cursor: 1_000_000, last: { id: id(7), added: 999_999 }, indicators: 0 });
    expect(s.live).toEqual({ ...live, refused: [id(9)] });
  });

  it('refuses a file of another store, another format, a wrong magic, a failed checksum or a truncated file', () => {
    const good = snapshot(built);
    const refusal = (bytes: Buffer, store = 'store-a'): string => {
      try {
        decodeSnapshot(bytes, store);
      } catch (e) {
        expect(e).toBeInstanceOf(SnapshotError);
        return (e as Error).message;
      }
      return 'accepted';
    };
    expect(refusal(good, 'store-b')).toMatch(/another store/);
    const otherFormat = Buffer.from(good);
    otherFormat.writeUInt32LE(999, 8);
    expect(refusal(otherFormat)).toMatch(/format 999/);
    const otherMagic = Buffer.from(good);
    otherMagic.write('NOTASNAP', 0, 'latin1');
    expect(refusal(otherMagic)).toMatch(/magic/);
    const flipped = Buffer.from(good);
    flipped[Math.floor(flipped.length / 2)] = (flipped[Math.floor(flipped.length / 2)] as number) ^ 0x10;
    expect(refusal(flipped)).toMatch(/checksum/);
    expect(refusal(good.subarray(0, good.length - 100))).toMatch(/truncated/);
    expect(refusal(good.subarray(0, 20))).toMatch(/truncated/);
    expect(refusal(Buffer.alloc(0))).toMatch(/truncated/);
  });

  it('writes atomically through a temporary file of its own and reads back what it wrote', async () => {
    const file = join(dir, 'detect-index.snapshot');
    expect(await readSnapshotFile(file)).toBeUndefined();
    writeFileSync(file, 'an older file');
    await writeSnapshotFile(file, encodeSnapshot('store-a', built, LIVE));
    expect(readdirSync(dir)).toEqual(['detect-index.snapshot']);
    // (Compared with a copy loaded in memory: `built` has events waiting in its windows by now.)
    const { a, b } = both(decodeSnapshot(snapshot(built), 'store-a').detector, decodeSnapshot(readFileSync(file), 'store-a').detector, 0, 500);
    expect(b).toEqual(a);
    // Two writers at once: each its own temporary name; the file is whole afterwards.
    await Promise.all([writeSnapshotFile(file, encodeSnapshot('store-a', built, LIVE)), writeSnapshotFile(file, encodeSnapshot('store-a', built, LIVE))]);
    expect(readdirSync(dir)).toEqual(['detect-index.snapshot']);
    expect(decodeSnapshot(readFileSync(file), 'store-a').meta.store).toBe('store-a');
  });
});
