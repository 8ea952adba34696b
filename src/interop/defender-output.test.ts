// The defender writers' output pinned byte for byte. The writers are tuned for speed (issue 7:
// ≥ 200,000 lines/s), and a faster writer must write exactly what the slower one wrote: every
// format, with its skipped list (order, codes and reasons), over a varied generated sample —
// every kind, malformed values, duplicates within and across namespaces, https and port URLs,
// IDN and mixed-case names, hostile and long names, RED, expiry, a ceiling, and a sid range small
// enough that sids collide and probe. The digests were taken from the writers before tuning; a
// change that is meant (a new format rule) updates them deliberately, like the sid hash pin.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TlpLevel } from '../stix/index.js';
import {
  blocklists, csv, ruleHash, SidAllocator, snortRules, snortText, suricataDatasets, suricataRules, suricataText, zeekIntel,
  type ExportItem, type IndicatorKind, type SidRange, type Skipped,
} from './index.js';
import { isStixIdForm, sidText } from './defender-values.js';

// mulberry32: a small seeded generator, so the sample is the same on every run.
function generator(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = [
  undefined, '', 'C2 node', 'Campaign "x"; stage 2', 'back\\slash\\', 'pipe | and |41|', 'new\nline\r\nmsg:"x";', 'tab\there',
  '中文名称 — «кириллица» 🚩', '\u2028sep\u0085', '-', '(empty)', '=HYPERLINK("http://x")', '@sum', 'x'.repeat(130), `${'é'.repeat(119)}🚩z`,
];
const TLPS: readonly string[] = ['clear', 'green', 'amber', 'amber+strict'];
const KINDS: readonly IndicatorKind[] = ['ipv4', 'ipv6', 'cidr', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256', 'sha512'];

function sample(n: number): ExportItem[] {
  const rnd = generator(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const int = (k: number): number => Math.floor(rnd() * k);
  const hex = (len: number): string => Array.from({ length: len }, () => '0123456789abcdefABCDEF'[int(22)]).join('');
  // Mostly well-formed values from pools large enough to be written, small enough to repeat.
  const value = (kind: IndicatorKind): string => (rnd() < 0.8 ? common(kind) : odd(kind));
  const common = (kind: IndicatorKind): string => {
    const n = int(600);
    switch (kind) {
      case 'ipv4': return `10.${n >> 8}.${n & 255}.${int(2)}`;
      case 'ipv6': return `2001:db8::${n.toString(16)}`;
      case 'cidr': return `10.${n & 255}.${int(4)}.0/${pick([24, 16, 30])}`;
      case 'domain': return `host-${n}.evil.example`;
      case 'url': return `http://c2-${n}.example.test/gate/${int(3)}.php?id=${n}&k=a%20b`;
      case 'email': return `phish${n}@evil.example`;
      case 'md5': return n.toString(16).padStart(32, '0');
      case 'sha1': return n.toString(16).padStart(40, 'a');
      case 'sha256': return n.toString(16).padStart(64, 'b');
      default: return n.toString(16).padStart(128, 'c');
    }
  };
  const odd = (kind: IndicatorKind): string => {
    switch (kind) {
      case 'ipv4': return pick([`10.0.${int(4)}.${int(256)}`, `192.168.${int(256)}.${int(3)}`, '010.1.1.1', '1.2.3', '256.1.1.1', ' 1.2.3.4']);
      case 'ipv6': return pick([`2001:db8::${int(20).toString(16)}`, `2001:DB8:0:0:0:0:0:${int(9)}`, '::ffff:192.0.2.1', 'fe80::1', 'zz::1', '1:2:3']);
      case 'cidr': return pick([`10.${int(3)}.${int(256)}.0/24`, `10.9.8.${int(256)}/8`, '2001:db8:abcd::/48', `2001:db8::${int(99)}/32`, '0.0.0.0/0', '10.0.0.0/33', '10.0.0.0']);
      case 'domain': return pick([`host-${int(40)}.evil.example`, `MiXeD-${int(5)}.Example.ORG.`, 'bücher.example', 'xn--80ak6aa92e.example', '_dmarc.evil.example', 'localhost', 'a..b', 'x.123']);
      case 'url': return pick([
        `http://c2-${int(30)}.example.test/gate/${int(50)}.php?id=${int(9)}&k=a%20b`, 'http://evil.example:8080/a;b|c\'d"e\\f?x=1&y=%20#frag',
        'http://[2001:db8::1]/x', 'https://secure.example/login', 'http://пример.example/путь?q=ü', 'ftp://x.example/', 'http://u:p@x.example/', 'not a url',
      ]);
      case 'email': return pick([`phish${int(20)}@evil.example`, "o'brien|x+tag@Evil.Example", '=cmd@evil.example', '"q"@x.example', 'nobody']);
      case 'md5': return pick([hex(32), hex(31)]);
      case 'sha1': return hex(40);
      case 'sha256': return pick([hex(64), `${hex(63)}g`]);
      default: return hex(128);
    }
  };
  return Array.from({ length: n }, (_, i) => {
    const kind = pick(KINDS);
    const name = pick(NAMES);
    const id = rnd() < 0.01 ? 'indicator--not-a-uuid' : `indicator--5f0c2b1a-7d3e-4c55-9a10-${(i * 7919).toString(16).padStart(12, '0')}`;
    const validUntil = rnd() < 0.03 ? 'soon' : pick([undefined, undefined, '2031-01-01T00:00:00.000Z', '2020-01-01T00:00:00Z']);
    const tlp = rnd() < 0.05 ? pick(['red', 'white']) : pick(TLPS);
    return {
      kind, value: value(kind), id, tlp: tlp as TlpLevel,
      ...(name === undefined ? {} : { name }), ...(validUntil === undefined ? {} : { validUntil }),
    };
  });
}

const digest = (x: unknown): string => createHash('sha256').update(JSON.stringify(x)).digest('hex');
const skips = (s: readonly Skipped[]): string[] => s.map((k) => `${k.item.id} ${k.item.value} ${k.code} ${k.reason}`);

describe('defender output pinned', () => {
  const items = sample(4_000);
  const now = '2025-06-01T00:00:00Z';
  const small = { base: 1_000_000, size: 20_000 };

  it.each([
    ['Suricata rules', '2b7a1b8ef8944dd83fc3ae27fd9c91337c5567b2704d1966d56f08e8a84c4548', () => { const o = suricataRules(items); return [o.text, o.lines, skips(o.skipped)]; }],
    ['Suricata rules, drop, now, ceiling, small sid range', '0657f09bc873581e5ecbd41193f2c0b4b95de855d8f0a648a015cc761af496ba', () => { const o = suricataRules(items, { action: 'drop', now, ceiling: 'amber', sids: small }); return [o.text, o.lines, skips(o.skipped)]; }],
    ['Suricata datasets', 'a0266736075f52302f13a628c7017f85bc2fdb597b78d08e9d9066ee55e64c7a', () => { const o = suricataDatasets(items); return [o.files, o.rules, o.ruleCount, o.valueCount, skips(o.skipped)]; }],
    ['Suricata datasets, options', '0b5b59883f4699ebe2d08e2c746a0de5af00f1bacce105bfa2ae21c7a8867aef', () => {
      const o = suricataDatasets(items, { prefix: 'cert-x', fileProtocols: ['http', 'smb'], action: 'reject', now, ceiling: 'green', sids: small });
      return [o.files, o.rules, o.ruleCount, o.valueCount, skips(o.skipped)];
    }],
    ['Snort 3 rules', 'e4dd625fa3d7cb94ae8b1008c35c28bae698c36df3948b114eb7081e51e6290e', () => { const o = snortRules(items); return [o.text, o.lines, skips(o.skipped)]; }],
    ['Snort 3 rules, drop, now, ceiling, small sid range', '854bf117fa9b271c81ad91bf59ace13656ae699a9bd9962aa475a64cd8811dda', () => { const o = snortRules(items, { action: 'drop', now, ceiling: 'amber+strict', sids: small }); return [o.text, o.lines, skips(o.skipped)]; }],
    ['Zeek Intel', 'ce882fdb1b7dd063429b851a9a8b801b87d38f9a08c3a749a8419ff4e64b3c4d', () => { const o = zeekIntel(items, { source: 'CERT\tX', indicatorUrl: (id) => `https://node.example/i/${id}`, now }); return [o.text, o.lines, skips(o.skipped)]; }],
    ['plain blocklists', '854e2b8997cbaeb75cae7f9a96d24e0710a86c5e4e1120bdec78515b4c10ac23', () => { const o = blocklists(items, { now }); return [o.lists, o.counts, skips(o.skipped)]; }],
    ['CSV', '51c46493c606cdbb88b7ad796865cf9221793e72e24275dbbbe426da9bc544c6', () => { const o = csv(items, { formulaGuard: false }); return [o.text, o.lines, skips(o.skipped)]; }],
  ] as const)('%s', (_name, pinned, run) => {
    expect(digest(run())).toBe(pinned);
  });
});

// The fast paths against the rules as first written (the slow, obvious code they replaced).
describe('fast paths write what the obvious code wrote', () => {
  const rnd = generator(11);
  const int = (k: number): number => Math.floor(rnd() * k);

  it('msg text: one pass equals printable-then-escape', () => {
    const printable = (t: string): string => t.replace(/[^\x20-\x7e]/gu, (c) => {
      const cp = c.codePointAt(0) as number;
      return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0x2028 || cp === 0x2029 ? ' ' : `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    });
    const sub: Record<string, string> = { '"': "'", ';': ',', '\\': '/' };
    const pieces = ['a', 'Z', ' ', '"', ';', '\\', '|', '\t', '\n', '\u007f', '\u0085', '\u00a0', 'é', '\u2028', '\u2029', '中', '🚩', '\ud83d', '\udea9', '~'];
    const texts = ['', ...NAMES.filter((n) => n !== undefined), ...Array.from({ length: 5_000 }, () => Array.from({ length: int(12) }, () => pieces[int(pieces.length)]).join(''))];
    for (const t of texts) {
      expect(suricataText(t), JSON.stringify(t)).toBe(printable(t).replace(/[\\";]/g, (c) => `\\${c}`));
      expect(snortText(t), JSON.stringify(t)).toBe(printable(t).replace(/[\\";]/g, (c) => sub[c] as string));
    }
  });

  it('the id scan equals the regular expression', () => {
    const re = /^[a-z][a-z0-9-]*--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const valid = ['indicator--5f0c2b1a-7d3e-4c55-9a10-000000000001', 'x--00000000-0000-0000-0000-000000000000', 'x-accord-share--a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', 'a--b--5f0c2b1a-7d3e-4c55-9a10-000000000001'];
    const pool = 'az09-AFgG_. \u00e9';
    const mutate = (t: string): string => {
      const i = int(t.length + 1);
      const c = pool[int(pool.length)] as string;
      return [t.slice(0, i) + c + t.slice(i), t.slice(0, i) + t.slice(i + 1), t.slice(0, i) + c + t.slice(i + 1)][int(3)] as string;
    };
    const texts = ['', '--', ...valid];
    for (let n = 0; n < 20_000; n++) {
      let t = valid[int(valid.length)] as string;
      for (let k = int(3); k >= 0; k--) t = mutate(t);
      texts.push(t);
    }
    for (const t of texts) expect(isStixIdForm(t), JSON.stringify(t)).toBe(re.test(t));
  });

  it('sid text equals String(sid)', () => {
    const sids = [1, 9, 999_999, 1_000_000, 1_000_001, 3_000_000_000, 3_999_999_999, 4_294_967_295, 2_147_483_648, ...Array.from({ length: 20_000 }, () => 1 + int(4_294_967_295))];
    for (const sid of sids) expect(sidText(sid)).toBe(String(sid));
  });

  it('sids: both hashes in one pass over the key, and the used-slot table, equal ruleHash and a Set', () => {
    const reference = (range: SidRange): ((id: string, value: string, variant: string) => number) => {
      const used = new Set<number>();
      return (id, value, variant) => {
        const key = `${id}\n${value}\n${variant}`;
        const h1 = ruleHash(key, 0x5eed) % range.size;
        const h2 = 1 + (ruleHash(key, 0xacc0) % (range.size - 1));
        for (let i = 0, slot = h1; i < range.size; i++, slot = (slot + h2) % range.size) {
          if (!used.has(range.base + slot)) {
            used.add(range.base + slot);
            return range.base + slot;
          }
        }
        throw new RangeError('the sid range is full');
      };
    };
    for (const range of [{ base: 3_000_000_000, size: 1_000_000_000 }, { base: 1, size: 1_000 }, { base: 4_294_966_296, size: 1_000 }]) {
      const fast = new SidAllocator(range);
      const slow = reference(range);
      // Up to the whole of a small range, so that late rules probe many times.
      for (let i = 0; i < Math.min(range.size, 3_000); i++) {
        const id = `indicator--${int(1e9).toString(16)}`;
        const value = ['é', '10.0.0.1', `host${int(50)}.example`, '🚩x'][int(4)] as string;
        const outcome = (next: () => number): number | string => {
          try {
            return next();
          } catch (e) {
            return (e as Error).name; // a probe sequence that covers no free slot: full for both
          }
        };
        expect(outcome(() => fast.next(id, value, 'v'))).toBe(outcome(() => slow(id, value, 'v')));
      }
    }
  });
});
