import { describe, expect, it } from 'vitest';
import { evaluatePattern, validatePattern, type Pattern } from '../pattern/index.js';
import { IndicatorIndex, type EventValues } from './indicator-index.js';

function parse(text: string): Pattern {
  const v = validatePattern(text);
  if (!v.ok) throw new Error(`${text}: ${v.errors.map((e) => e.message).join('; ')}`);
  return v.pattern;
}

const ev = (entries: Record<string, (string | number)[]>): EventValues => new Map(Object.entries(entries));
const ids = (index: IndicatorIndex, e: EventValues): string[] => [...new Set(index.lookup(e).map((c) => c.indicator))].sort();

describe('IndicatorIndex', () => {
  const index = new IndicatorIndex();
  const add = (id: string, p: string): string => index.add(id, parse(p));

  it('compiles patterns: exact, anchored or residual', () => {
    expect(add('ip', "[ipv4-addr:value = '198.51.100.7']")).toBe('exact');
    expect(add('set', "[network-traffic:dst_port IN (4444, 31337)]")).toBe('exact');
    expect(add('net4', "[ipv4-addr:value ISSUBSET '203.0.113.0/24']")).toBe('exact');
    expect(add('net6', "[ipv6-addr:value ISSUBSET '2001:db8:abcd::/48']")).toBe('exact');
    expect(add('suffix', "[domain-name:value LIKE '%.evil.example']")).toBe('exact');
    expect(add('either', "[domain-name:value = 'c2.example' OR url:value = 'http://c2.example/gate']")).toBe('exact');
    expect(add('twoobs', "[file:hashes.'SHA-256' = 'aa'] OR [file:hashes.MD5 = 'bb']")).toBe('exact');
    expect(add('and', "[network-traffic:dst_ref.value = '192.0.2.1' AND network-traffic:dst_port = 8443]")).toBe('anchored');
    expect(add('seq', "[domain-name:value = 'a.example'] FOLLOWEDBY [url:value = 'http://a.example/x'] WITHIN 60 SECONDS")).toBe('residual');
    expect(add('not', "[domain-name:value != 'a.example']")).toBe('residual');
    expect(index.size).toBe(10);
    expect([...index.residualIndicators].sort()).toEqual(['not', 'seq']);
  });

  it('finds what an event touches, and only that', () => {
    expect(ids(index, ev({ 'ipv4-addr:value': ['198.51.100.7'] }))).toEqual(['ip']);
    expect(ids(index, ev({ 'ipv4-addr:value': ['203.0.113.200', '10.0.0.1'] }))).toEqual(['net4']);
    // Read as the evaluator reads addresses: a part with a leading zero is no address.
    expect(ids(index, ev({ 'ipv4-addr:value': ['203.0.113.020'] }))).toEqual([]);
    expect(ids(index, ev({ 'ipv6-addr:value': ['2001:db8:abcd:1::5'] }))).toEqual(['net6']);
    expect(ids(index, ev({ 'ipv6-addr:value': ['2001:db8:abce::5'] }))).toEqual([]);
    expect(ids(index, ev({ 'domain-name:value': ['www.cdn.evil.example'] }))).toEqual(['suffix']);
    expect(ids(index, ev({ 'domain-name:value': ['evil.example', 'notevil.example'] }))).toEqual([]);
    expect(ids(index, ev({ 'url:value': ['http://c2.example/gate'] }))).toEqual(['either']);
    expect(ids(index, ev({ 'file:hashes.MD5': ['bb'] }))).toEqual(['twoobs']);
    expect(ids(index, ev({ 'network-traffic:dst_port': [31337] }))).toEqual(['set']);
    expect(ids(index, ev({ 'network-traffic:dst_port': ['31337'] }))).toEqual([]);
    const anchored = index.lookup(ev({ 'network-traffic:dst_ref.value': ['192.0.2.1'] }));
    expect(anchored).toEqual([{ indicator: 'and', path: 'network-traffic:dst_ref.value', value: '192.0.2.1', exact: false }]);
  });

  it('takes indicators out and replaces them without a rebuild', () => {
    index.remove('ip');
    expect(ids(index, ev({ 'ipv4-addr:value': ['198.51.100.7'] }))).toEqual([]);
    add('net4', "[ipv4-addr:value ISSUBSET '198.51.100.0/24']");
    expect(ids(index, ev({ 'ipv4-addr:value': ['198.51.100.7'] }))).toEqual(['net4']);
    expect(ids(index, ev({ 'ipv4-addr:value': ['203.0.113.200'] }))).toEqual([]);
    index.remove('seq');
    expect(index.residualIndicators.has('seq')).toBe(false);
  });

  it('keeps ranges of every length, and shared keys, right through removals and reuse of handles', () => {
    const idx = new IndicatorIndex();
    const a = (id: string, p: string): string => idx.add(id, parse(p));
    a('wide', "[ipv4-addr:value ISSUBSET '10.1.2.3/12']");
    a('all', "[ipv4-addr:value ISSUBSET '0.0.0.0/0']");
    a('host', "[ipv4-addr:value ISSUBSET '10.0.0.5/32']");
    a('dup', "[ipv4-addr:value ISSUBSET '10.0.0.0/24' OR ipv4-addr:value ISSUBSET '10.0.0.0/24' OR ipv4-addr:value IN ('10.0.0.5', '10.0.0.5')]");
    a('same', "[ipv4-addr:value ISSUBSET '10.0.0.0/24']");
    a('sfx', "[domain-name:value LIKE '%.a.example' OR domain-name:value LIKE '%.a.example']");
    a('sfx2', "[domain-name:value LIKE '%.a.example']");
    const at = (v: string): string[] => ids(idx, ev({ 'ipv4-addr:value': [v], 'domain-name:value': [`x.${v}.a.example`] }));
    expect(at('10.0.0.5')).toEqual(['all', 'dup', 'host', 'same', 'sfx', 'sfx2', 'wide']);
    expect(at('10.15.255.255')).toEqual(['all', 'sfx', 'sfx2', 'wide']);
    expect(at('10.16.0.0')).toEqual(['all', 'sfx', 'sfx2']);
    expect(ids(idx, ev({ 'ipv4-addr:value': ['10.0.0.0/28'] }))).toEqual(['all', 'dup', 'same', 'wide']);
    idx.remove('dup');
    idx.remove('sfx');
    idx.remove('all');
    expect(at('10.0.0.5')).toEqual(['host', 'same', 'sfx2', 'wide']);
    idx.remove('same');
    idx.remove('sfx2');
    expect(at('10.0.0.5')).toEqual(['host', 'wide']);
    a('again', "[ipv4-addr:value = '10.0.0.5']");
    expect(at('10.0.0.5')).toEqual(['again', 'host', 'wide']);
    expect(idx.size).toBe(3);
  });

  it('finds every held value past the size where the pre-filter starts, and none taken out', () => {
    const idx = new IndicatorIndex();
    const n = 20_000;
    for (let i = 0; i < n; i++) idx.add(`d${i}`, parse(`[domain-name:value IN ('h${i}.example', 'g${i}.example')]`));
    // Two thirds taken out: the filter is rebuilt on the way (when as many keys have left as remain).
    for (let i = 0; i < n; i++) if (i % 3 !== 0) idx.remove(`d${i}`);
    for (let i = 0; i < n; i += 97) {
      const held = i % 3 === 0 ? [`d${i}`] : [];
      expect(ids(idx, ev({ 'domain-name:value': [`h${i}.example`] })), `h${i}`).toEqual(held);
      expect(ids(idx, ev({ 'domain-name:value': [`g${i}.example`, `x${i}.example`] })), `g${i}`).toEqual(held);
    }
    idx.add('d1', parse("[domain-name:value = 'h1.example']"));
    expect(ids(idx, ev({ 'domain-name:value': ['h1.example'] }))).toEqual(['d1']);
  });

  it('agrees with the evaluator on every exact indicator, for generated indicators and events', () => {
    const idx = new IndicatorIndex();
    const patterns = new Map<string, Pattern>();
    const ip = (i: number): string => `10.${(i >> 8) & 3}.${i & 7}.${(i * 7) & 3}`;
    for (let i = 0; i < 60; i++) {
      const text = i % 4 === 0 ? `[ipv4-addr:value = '${ip(i)}']`
        : i % 4 === 1 ? `[ipv4-addr:value ISSUBSET '10.${(i >> 8) & 3}.${i & 7}.0/${24 + (i % 8)}']`
          : i % 4 === 2 ? `[domain-name:value LIKE '%.d${i % 5}.example']` : `[domain-name:value IN ('h${i % 3}.d${i % 5}.example', 'x.example')]`;
      const p = parse(text);
      patterns.set(`i${i}`, p);
      expect(idx.add(`i${i}`, p)).toBe('exact');
    }
    for (let e = 0; e < 200; e++) {
      const addr = ip(e * 13);
      const name = `h${e % 3}.d${e % 7}.example`;
      const found = new Set(idx.lookup(ev({ 'ipv4-addr:value': [addr], 'domain-name:value': [name] })).map((c) => c.indicator));
      const observed = [
        { type: 'ipv4-addr', id: 'ipv4-addr--1', value: addr }, { type: 'domain-name', id: 'domain-name--1', value: name },
        { type: 'observed-data', id: 'observed-data--1', first_observed: '2026-01-01T00:00:00Z', last_observed: '2026-01-01T00:00:00Z', number_observed: 1, object_refs: ['ipv4-addr--1', 'domain-name--1'] },
      ];
      for (const [id, p] of patterns) expect(found.has(id), `${id} on ${addr} ${name}`).toBe(evaluatePattern(p, observed).matched);
    }
  });
});
