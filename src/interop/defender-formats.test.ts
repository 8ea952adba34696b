// Every defender format is read back with a parser written from that format's documentation
// (test/support/defender-parsers.ts cites the pages): each value survives, sids are unique and
// stable, hostile names and values cannot add rule options or fields, RED never appears, the
// ceiling holds, and every item is either written or reported as skipped.
import { describe, expect, it } from 'vitest';
import type { TlpLevel } from '../stix/index.js';
import {
  blocklists, canonicalValue, csv, ruleHash, INDICATOR_KINDS, snortRules, suricataDatasets, suricataRules, urlParts, zeekIntel,
  type ExportItem, type IndicatorKind, type Skipped,
} from './index.js';
import {
  contentValue, datasetStrings, dnsWireName, hexList, lines, metadata, parseCsv, parseRule, parseZeekIntel, snortContent, snortMsg, suricataMsg,
  type ParsedRule,
} from '../../test/support/defender-parsers.js';

let counter = 0;
function uuid(n: number): string {
  const h = n.toString(16).padStart(12, '0');
  return `5f0c2b1a-7d3e-4c55-9a10-${h}`;
}
function item(kind: IndicatorKind, value: string, extra: Partial<ExportItem> = {}): ExportItem {
  return { kind, value, id: `indicator--${uuid(++counter)}`, tlp: 'green', name: `item ${counter}`, ...extra };
}

const SAMPLES: Readonly<Record<IndicatorKind, readonly string[]>> = {
  ipv4: ['203.0.113.7', '0.0.0.0', '255.255.255.255'],
  ipv6: ['2001:db8::7', '2001:DB8:0:0:0:0:0:8', '::ffff:192.0.2.1', 'fe80::1'],
  cidr: ['198.51.100.0/24', '10.9.8.7/8', '2001:db8:abcd::/48', '2001:db8::ff/32', '0.0.0.0/0'],
  domain: ['evil.example', 'MiXeD.Example.ORG.', 'bücher.example', 'xn--80ak6aa92e.example', '_dmarc.evil.example'],
  url: ['http://evil.example/payload.exe', 'http://evil.example:8080/a;b|c\'d"e\\f?x=1&y=%20#frag', 'http://[2001:db8::1]/x', 'https://secure.example/login', 'http://пример.example/путь?q=ü'],
  email: ['phish@evil.example', "o'brien|x+tag@Evil.Example", '=cmd@evil.example'],
  md5: ['D41D8CD98F00B204E9800998ECF8427E'],
  sha1: ['da39a3ee5e6b4b0d3255bfef95601890afd80709'],
  sha256: ['e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  sha512: ['cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e'],
};

function sampleItems(): ExportItem[] {
  return INDICATOR_KINDS.flatMap((k) => SAMPLES[k].map((v) => item(k, v)));
}

function canon(i: ExportItem): string {
  const c = canonicalValue(i.kind, i.value);
  if (typeof c !== 'string') throw new Error(`sample ${i.value} is invalid: ${c.error}`);
  return c;
}

function opt(rule: ParsedRule, keyword: string): string {
  const o = rule.options.find((x) => x.keyword === keyword);
  if (o?.raw === undefined) throw new Error(`no ${keyword}`);
  return o.raw;
}

function everyItemAccounted(input: readonly ExportItem[], written: ReadonlySet<string>, skipped: readonly Skipped[]): void {
  const skippedIds = new Set(skipped.map((s) => s.item.id));
  for (const i of input) expect(written.has(i.id) || skippedIds.has(i.id), `${i.kind} ${i.value} neither written nor skipped`).toBe(true);
}

describe('canonical values', () => {
  it('normalises what engines compare and refuses what is malformed', () => {
    const dottedQuad = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
    for (const v of ['0.0.0.0', '1.2.3.4', '255.255.255.255', '1.2.3', '1.2.3.4.5', '00.1.2.3', '1..2.3', '256.1.1.1', '1.2.3.4.', '.1.2.3', '199.249.0.10', '1.2.3.0400']) {
      expect(canonicalValue('ipv4', v) === v, v).toBe(dottedQuad.test(v));
    }
    expect(ruleHash('indicator--x\n1.2.3.4\nsuricata:ip', 0x5eed)).toBe(3245263703386621);
    expect(canonicalValue('ipv6', '2001:DB8:0:0:0:0:0:8')).toBe('2001:db8::8');
    expect(canonicalValue('cidr', '10.9.8.7/8')).toBe('10.0.0.0/8');
    expect(canonicalValue('cidr', '2001:db8::ff/32')).toBe('2001:db8::/32');
    expect(canonicalValue('cidr', '2001:db8:ffff:1::/33')).toBe('2001:db8:8000::/33');
    expect(canonicalValue('domain', 'MiXeD.Example.ORG.')).toBe('mixed.example.org');
    expect(canonicalValue('domain', 'bücher.example')).toBe('xn--bcher-kva.example');
    expect(canonicalValue('url', 'http://Evil.Example/a#frag')).toBe('http://evil.example/a');
    expect(canonicalValue('md5', 'D41D8CD98F00B204E9800998ECF8427E')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    for (const [kind, bad] of [
      ['ipv4', '010.0.0.1'], ['ipv4', '1.2.3.256'], ['ipv4', '1.2.3.4 '], ['ipv6', '2001:db8::1%eth0'], ['cidr', '1.2.3.0/33'], ['cidr', '1.2.3.0'],
      ['domain', 'evil.example";sid:1;'], ['domain', 'localhost'], ['domain', '1.2.3.4'], ['domain', 'a\nb.example'],
      ['url', 'http://evil.example/a\nb'], ['url', 'http://evil.example/a\tb'], ['url', 'ftp://evil.example/'], ['url', 'http://u:p@evil.example/'], ['url', '/relative'],
      ['email', '"quoted"@evil.example'], ['email', 'no-at-sign'], ['email', 'a b@evil.example'], ['md5', 'xyz'], ['sha256', 'e3b0'],
    ] as const) expect(typeof canonicalValue(kind, bad), `${kind} ${JSON.stringify(bad)}`).not.toBe('string');
  });
});

describe('Suricata rules', () => {
  it('round-trips every value it can express, field by field', () => {
    const input = sampleItems();
    const out = suricataRules(input);
    const rules = lines(out.text).map(parseRule);
    const written = new Set<string>();
    for (const r of rules) {
      expect(r.action).toBe('alert');
      expect(opt(r, 'rev')).toBe('1');
      const meta = metadata(opt(r, 'metadata'));
      const id = meta.get('accord_indicator') as string;
      const src = input.find((i) => i.id === id) as ExportItem;
      expect(src).toBeDefined();
      written.add(id);
      expect(meta.get('accord_tlp')).toBe(src.tlp);
      expect(suricataMsg(opt(r, 'msg'))).toContain(`${src.name as string} (${id})`);
      expect(suricataMsg(opt(r, 'msg')).startsWith('ACCORD ')).toBe(true);
      const value = canon(src);
      const contents = r.options.filter((o) => o.keyword === 'content').map((o) => contentValue(o.raw as string).toString('utf8'));
      if (src.kind === 'ipv4' || src.kind === 'ipv6' || src.kind === 'cidr') {
        expect([r.proto, r.src, r.direction, r.dst]).toEqual(['ip', 'any', '<>', value]);
      } else if (src.kind === 'domain') {
        expect(contents).toEqual([value]);
        expect(Number(opt(r, 'bsize'))).toBe(Buffer.byteLength(value));
        expect(['dns.query', 'tls.sni', 'http.host'].filter((b) => r.options.some((o) => o.keyword === b))).toHaveLength(1);
      } else if (src.kind === 'url') {
        const u = urlParts(value);
        expect(contents).toEqual([u.host, u.target]);
        expect(r.dport).toBe(u.port === undefined ? 'any' : String(u.port));
        expect(`http://${contents[0] as string}${u.port === undefined ? '' : `:${u.port}`}${contents[1] as string}`).toBe(value);
      } else throw new Error(`unexpected ${src.kind} rule`);
    }
    everyItemAccounted(input, written, out.skipped);
    const reasons = new Map(out.skipped.map((s) => [s.item.kind, s.code]));
    expect(reasons.get('email')).toBe('unsupported-kind');
    expect(reasons.get('md5')).toBe('unsupported-kind');
    expect(reasons.get('url')).toBe('unsupported-value'); // the https one
    expect(out.skipped.every((s) => s.reason.length > 10)).toBe(true);
  });

  it('writes three rules per domain, one per buffer', () => {
    const out = suricataRules([item('domain', 'evil.example')]);
    expect(lines(out.text).map(parseRule).map((r) => r.proto)).toEqual(['dns', 'tls', 'http']);
  });

  it('gives unique sids, stable across exports and independent of the other items', () => {
    const many = Array.from({ length: 20_000 }, (_, n) => item(n % 2 === 0 ? 'ipv4' : 'domain', n % 2 === 0 ? `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` : `host${n}.evil.example`));
    const sids = (items: readonly ExportItem[]): Map<string, number> => new Map(lines(suricataRules(items).text).map(parseRule).map((r) => [`${metadata(opt(r, 'metadata')).get('accord_indicator') as string}|${r.proto}`, Number(opt(r, 'sid'))]));
    const a = sids(many);
    expect(a.size).toBe(10_000 + 3 * 10_000);
    expect(new Set(a.values()).size).toBe(a.size);
    for (const s of a.values()) expect(s >= 3_000_000_000 && s < 4_000_000_000).toBe(true);
    expect(sids(many)).toEqual(a);
    const b = sids(many.slice(5_000, 5_100).reverse());
    for (const [k, s] of b) expect(a.get(k)).toBe(s);
    const custom = lines(suricataRules(many.slice(0, 100), { sids: { base: 1_000_000, size: 1_000_000 } }).text).map((l) => Number(opt(parseRule(l), 'sid')));
    expect(custom.every((s) => s >= 1_000_000 && s < 2_000_000)).toBe(true);
  });
});

const HOSTILE_NAMES = [
  'x"; sid:1; content:"pwn', 'a;b;c', 'back\\slash\\', 'pipe | and |41|', 'new\nline\r\nmsg:"x";', 'tab\there', '中文名称 — «кириллица» 🚩', ')(alert ip any any -> any any (sid:2;)', '\u2028sep', '-', '(empty)', '=HYPERLINK("http://x")',
];

describe('hostile names and values', () => {
  const hostile = HOSTILE_NAMES.flatMap((name, n) => [
    item('ipv4', `192.0.2.${n + 1}`, { name }),
    item('domain', `h${n}.evil.example`, { name }),
    item('url', `http://evil.example/${n}/a;b|c'd"e\\f\u00e9?q="x";sid:9`, { name }),
    item('email', `o'b|${n}@evil.example`, { name }),
  ]);

  it('cannot add options to a Suricata rule', () => {
    for (const r of lines(suricataRules(hostile).text).map(parseRule)) {
      const kws = r.options.map((o) => o.keyword);
      expect(kws[0]).toBe('msg');
      expect(kws.slice(-3)).toEqual(['metadata', 'sid', 'rev']);
      expect(kws.filter((k) => k === 'sid')).toHaveLength(1);
      const allowed = new Set(['msg', 'metadata', 'sid', 'rev', 'content', 'nocase', 'bsize', 'startswith', 'dns.query', 'tls.sni', 'http.host', 'http.uri.raw']);
      expect(kws.every((k) => allowed.has(k))).toBe(true);
      const msg = suricataMsg(opt(r, 'msg'));
      const src = hostile.find((i) => msg.includes(i.id)) as ExportItem;
      expect(/[^\x20-\x7e]/.test(msg)).toBe(false);
      if ((src.name as string).startsWith('x"; sid')) expect(msg).toContain('x"; sid:1; content:"pwn');
      if ((src.name as string).startsWith('中文')) expect(msg).toContain('U+4E2D');
    }
  });

  it('cannot add options to a Snort rule', () => {
    for (const r of lines(snortRules(hostile).text).map(parseRule)) {
      const kws = r.options.map((o) => o.keyword);
      expect(kws[0]).toBe('msg');
      expect(kws.slice(-3)).toEqual(['metadata', 'sid', 'rev']);
      expect(new Set(kws).size === kws.length || kws.filter((k) => k === 'content').length === 2).toBe(true);
      expect(snortMsg(opt(r, 'msg')).startsWith('ACCORD ')).toBe(true);
    }
  });

  it('cannot add fields or rows to a Zeek Intel file', () => {
    const out = zeekIntel(hostile);
    const { rows } = parseZeekIntel(out.text);
    const expected = hostile.length;
    expect(rows).toHaveLength(expected);
    for (const row of rows) {
      expect(row['meta.source']).toBe('Accord');
      expect(row['meta.desc']).toMatch(/TLP:GREEN$/);
      expect(row['meta.url']).toBeUndefined();
    }
  });

  it('keeps every name intact in CSV', () => {
    const out = csv(hostile, { formulaGuard: false });
    const recs = parseCsv(out.text);
    expect(recs[0]).toEqual(['value', 'kind', 'indicator_id', 'name', 'tlp', 'valid_until']);
    expect(recs.slice(1).map((r) => r[3])).toEqual(hostile.map((i) => i.name));
    const guarded = parseCsv(csv(hostile).text).slice(1);
    expect(guarded.find((r) => (r[3] as string).includes('HYPERLINK'))?.[3]).toBe(`'=HYPERLINK("http://x")`);
  });
});

describe('Suricata datasets', () => {
  it('writes each list in its documented encoding and rules that load it', () => {
    const input = sampleItems();
    const out = suricataDatasets(input);
    expect(datasetStrings(out.files['accord-domains.lst'] as string).sort()).toEqual(input.filter((i) => i.kind === 'domain').map(canon).sort());
    expect(lines(out.files['accord-ip.lst'] as string).sort()).toEqual(input.filter((i) => i.kind === 'ipv4' || i.kind === 'ipv6').map(canon).sort());
    expect(hexList(out.files['accord-md5.lst'] as string, 32)).toEqual([canon(input.find((i) => i.kind === 'md5') as ExportItem)]);
    expect(hexList(out.files['accord-sha1.lst'] as string, 40)).toHaveLength(1);
    expect(hexList(out.files['accord-sha256.lst'] as string, 64)).toHaveLength(1);
    const rules = lines(out.rules).map(parseRule);
    expect(new Set(rules.map((r) => opt(r, 'sid'))).size).toBe(rules.length);
    const loads = rules.flatMap((r) => r.options.filter((o) => o.keyword === 'dataset').map((o) => o.raw as string));
    expect(loads.filter((l) => l.startsWith('isset,accord-domains, type string, load accord-domains.lst'))).toHaveLength(3);
    expect(loads.filter((l) => l.startsWith('isset,accord-ip, type ip, load accord-ip.lst'))).toHaveLength(2);
    for (const kw of ['filemd5', 'filesha1', 'filesha256']) expect(rules.filter((r) => r.options.some((o) => o.keyword === kw))).toHaveLength(5);
    // CIDRs and http URLs get per-value rules in the same file.
    expect(rules.filter((r) => r.dst.includes('/'))).toHaveLength(SAMPLES.cidr.length);
    expect(rules.filter((r) => r.options.some((o) => o.keyword === 'http.uri.raw'))).toHaveLength(4);
    expect(out.skipped.map((s) => s.item.kind).sort()).toEqual(['email', 'email', 'email', 'sha512', 'url']);
  });
});

describe('Snort 3 rules', () => {
  it('round-trips IPs, DNS names and URLs', () => {
    const input = sampleItems();
    const out = snortRules(input);
    const written = new Set<string>();
    for (const r of lines(out.text).map(parseRule)) {
      const id = metadata(opt(r, 'metadata')).get('accord_indicator') as string;
      const src = input.find((i) => i.id === id) as ExportItem;
      written.add(id);
      const value = canon(src);
      const contents = r.options.filter((o) => o.keyword === 'content').map((o) => snortContent(o.raw as string));
      if (src.kind === 'domain') {
        expect([r.proto, r.dport]).toEqual(['udp', '53']);
        expect(dnsWireName((contents[0] as { bytes: Buffer }).bytes)).toBe(value);
        expect(contents[0]?.modifiers).toEqual(['nocase']);
      } else if (src.kind === 'url') {
        const u = urlParts(value);
        const host = contents[0]?.bytes.toString('utf8') as string;
        expect(host).toBe(u.port === undefined ? u.host : `${u.host}:${u.port}`);
        expect(contents[1]?.bytes.toString('utf8')).toBe(u.target);
        expect(r.options.map((o) => o.keyword)).toContain('http_raw_uri');
      } else {
        expect(r.dst).toBe(value);
      }
    }
    everyItemAccounted(input, written, out.skipped);
    expect(out.skipped.filter((s) => s.code === 'unsupported-kind').map((s) => s.item.kind).sort()).toEqual(['email', 'email', 'email', 'md5', 'sha1', 'sha256', 'sha512']);
  });
});

describe('Zeek Intel', () => {
  it('writes the documented header, types and values', () => {
    const input = sampleItems();
    const out = zeekIntel(input, { indicatorUrl: (id) => `https://accord.example/objects/${id}` });
    expect(out.text.split('\n')[0]).toBe('#fields\tindicator\tindicator_type\tmeta.source\tmeta.desc\tmeta.url');
    const { rows } = parseZeekIntel(out.text);
    const types: Record<string, string> = { ipv4: 'Intel::ADDR', ipv6: 'Intel::ADDR', cidr: 'Intel::SUBNET', domain: 'Intel::DOMAIN', url: 'Intel::URL', email: 'Intel::EMAIL', md5: 'Intel::FILE_HASH', sha1: 'Intel::FILE_HASH', sha256: 'Intel::FILE_HASH' };
    for (const row of rows) {
      const id = /\((indicator--[0-9a-f-]+)\)/.exec(row['meta.desc'] as string)?.[1] as string;
      const src = input.find((i) => i.id === id) as ExportItem;
      expect(row.indicator_type).toBe(types[src.kind]);
      const value = canon(src);
      expect(row.indicator).toBe(src.kind === 'url' ? value.replace(/^https?:\/\//, '') : value);
      expect(row['meta.url']).toBe(`https://accord.example/objects/${id}`);
    }
    expect(rows).toHaveLength(input.length - 1);
    expect(out.skipped.map((s) => s.item.kind)).toEqual(['sha512']);
  });
});

describe('plain blocklists', () => {
  it('one canonical value per line, per list, each value once', () => {
    const input = [...sampleItems(), item('ipv4', '203.0.113.7')];
    const out = blocklists(input);
    const want = (kinds: IndicatorKind[]): string[] => [...new Set(input.filter((i) => kinds.includes(i.kind)).map(canon))];
    expect(lines(out.lists.ip)).toEqual(want(['ipv4', 'ipv6']));
    expect(lines(out.lists.cidr)).toEqual(want(['cidr']));
    expect(lines(out.lists.domain)).toEqual(want(['domain']));
    expect(lines(out.lists.url)).toEqual(want(['url']));
    expect(lines(out.lists.hash)).toEqual(want(['md5', 'sha1', 'sha256', 'sha512']));
    expect(out.skipped.map((s) => s.code).sort()).toEqual(['duplicate', 'unsupported-kind', 'unsupported-kind', 'unsupported-kind']);
  });
});

describe('CSV', () => {
  it('round-trips every field (RFC 4180)', () => {
    const input = sampleItems().map((i, n) => ({ ...i, validUntil: n % 2 === 0 ? '2031-01-02T03:04:05.000Z' : undefined, name: `n,"${n}"\r\nx` }));
    const out = csv(input, { formulaGuard: false });
    expect(out.text.endsWith('\r\n')).toBe(true);
    const recs = parseCsv(out.text).slice(1);
    expect(recs).toEqual(input.map((i) => [canon(i), i.kind, i.id, i.name, i.tlp, i.validUntil ?? '']));
  });
});

describe('TLP and expiry', () => {
  const levels: TlpLevel[] = ['clear', 'green', 'amber', 'amber+strict', 'red'];
  const mixed = levels.flatMap((tlp, n) => [
    item('ipv4', `198.18.0.${n + 1}`, { tlp }),
    item('domain', `tlp${n}.secret.example`, { tlp }),
    item('url', `http://tlp${n}.secret.example/x`, { tlp }),
    item('email', `tlp${n}@secret.example`, { tlp }),
    item('sha256', `${n}`.repeat(64), { tlp }),
  ]);
  const red = mixed.filter((i) => i.tlp === 'red');
  const redValues = red.map((i) => canon(i));

  const outputs = (ceiling?: TlpLevel): { text: string; skipped: readonly Skipped[] }[] => {
    const d = suricataDatasets(mixed, { ceiling });
    const b = blocklists(mixed, { ceiling });
    return [
      suricataRules(mixed, { ceiling }), snortRules(mixed, { ceiling }), zeekIntel(mixed, { ceiling }), csv(mixed, { ceiling }),
      { text: d.rules + Object.values(d.files).join('') + datasetStrings(d.files['accord-domains.lst'] ?? '').join('\n'), skipped: d.skipped },
      { text: Object.values(b.lists).join(''), skipped: b.skipped },
    ];
  };

  it('never writes TLP:RED and reports it', () => {
    for (const o of outputs()) {
      for (const v of redValues) expect(o.text.includes(v.replace(/^https?:\/\//, '')) || o.text.includes('tlp4.secret')).toBe(false);
      expect(o.text).not.toMatch(/accord_tlp red|TLP:RED|,red,/);
      for (const r of red) expect(o.skipped.find((s) => s.item.id === r.id)?.code).toBe('tlp-red');
    }
  });

  it('skips items above the ceiling', () => {
    for (const o of outputs('amber')) {
      expect(o.text).not.toMatch(/tlp3\.secret|198\.18\.0\.4|amber\+strict|AMBER\+STRICT/);
      expect(o.text).toMatch(/tlp2\.secret|198\.18\.0\.3|dHBsMi5zZWNyZXQuZXhhbXBsZQ==/);
      for (const i of mixed.filter((x) => x.tlp === 'amber+strict')) expect(o.skipped.find((s) => s.item.id === i.id)?.code).toBe('above-ceiling');
    }
    const green = csv(mixed, { ceiling: 'clear' });
    expect(parseCsv(green.text).slice(1).every((r) => r[4] === 'clear')).toBe(true);
  });

  it('skips expired items, bad ids and unknown levels with a reason', () => {
    const input = [
      item('ipv4', '192.0.2.50', { validUntil: '2020-01-01T00:00:00Z' }),
      item('ipv4', '192.0.2.51', { validUntil: '2030-01-01T00:00:00Z' }),
      { ...item('ipv4', '192.0.2.52'), id: 'indicator--not-a-uuid"; sid:1;' },
      { ...item('ipv4', '192.0.2.53'), tlp: 'white' as TlpLevel },
    ];
    const out = csv(input, { now: '2025-06-01T00:00:00Z' });
    expect(parseCsv(out.text).slice(1).map((r) => r[0])).toEqual(['192.0.2.51']);
    expect(out.skipped.map((s) => s.code)).toEqual(['expired', 'invalid-id', 'invalid-tlp']);
  });
});
