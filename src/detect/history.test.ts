import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validatePattern, type Pattern } from '../pattern/index.js';
import { openStore, type Store } from '../store/index.js';
import { P, type LogEvent } from './event.js';
import { addressKey, ObservationHistory, pruneHistory, rangeKeys, retroHunt, reversedLabels } from './history.js';

function parse(text: string): Pattern {
  const v = validatePattern(text);
  if (!v.ok) throw new Error(`${text}: ${v.errors.map((e) => e.message).join('; ')}`);
  return v.pattern;
}
const event = (time: string | undefined, entries: Record<string, (string | number)[]>): LogEvent => ({ type: 'flow', time, values: new Map(Object.entries(entries)) });
const NOW = '2026-11-27T12:00:00.000Z';

describe('history keys', () => {
  it('makes addresses sortable and ranges key ranges', () => {
    expect(addressKey('198.51.100.7')).toBe('4c6336407');
    expect(addressKey('2001:db8::5')).toBe(`620010db8${'0'.repeat(20)}0005`);
    expect(addressKey('c2.example')).toBeNull();
    expect(addressKey('http://[2001:db8::1]/')).toBeNull();
    expect(rangeKeys('198.51.100.0/24')).toEqual({ from: '4c6336400', to: '4c63364ff' });
    expect(rangeKeys('198.51.100.77/24')).toEqual({ from: '4c6336400', to: '4c63364ff' });
    expect(rangeKeys('2001:db8::/32')).toEqual({ from: `620010db8${'0'.repeat(24)}`, to: `620010db8${'f'.repeat(24)}` });
    expect(rangeKeys('nope')).toBeUndefined();
    expect(reversedLabels('www.evil.example')).toBe('example.evil.www');
  });
});

describe('ObservationHistory and retroHunt', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
  });
  afterEach(() => store.close());

  it('sums values per path, value and day, and writes them in batches', async () => {
    const h = new ObservationHistory(store.observations, { batchSize: 3 });
    expect(h.add(event('2026-11-20T10:00:00.000Z', { [P.ipv4]: ['198.51.100.7', '10.0.0.5'], [P.protocols]: ['tcp'], [P.dstPort]: [443] }), NOW)).toBe(false);
    expect(h.add(event('2026-11-20T09:00:00.000000Z', { [P.ipv4]: ['198.51.100.7'] }), NOW)).toBe(false);
    expect(h.add(event(undefined, { [P.domain]: ['c2.evil.example'], [P.url]: [`http://x.example/${'a'.repeat(2000)}`] }), NOW)).toBe(true);
    expect(await h.flush()).toBe(3);
    expect(await h.flush()).toBe(0);
    expect(h.counts).toEqual({ values: 4, rows: 3 });
    const seen = await store.observations.find({ path: P.ipv4, match: { values: ['198.51.100.7'] } });
    expect(seen).toEqual([{ path: P.ipv4, value: '198.51.100.7', firstSeen: '2026-11-20T09:00:00.000Z', lastSeen: '2026-11-20T10:00:00.000Z', count: 2 }]);
    expect(await store.observations.find({ path: P.domain, match: { values: ['c2.evil.example'] } })).toEqual([{ path: P.domain, value: 'c2.evil.example', firstSeen: NOW, lastSeen: NOW, count: 1 }]);
  });

  it('finds the past values an exact pattern matches: =, IN, ISSUBSET v4 and v6, LIKE suffix and exact, ORed observations', async () => {
    const h = new ObservationHistory(store.observations);
    h.add(event('2026-10-01T10:00:00.000Z', { [P.ipv4]: ['198.51.100.7', '203.0.113.9'], [P.dstRef]: ['203.0.113.9'] }), NOW);
    h.add(event('2026-10-02T10:00:00.000Z', { [P.ipv6]: ['2001:db8::5', '2001:db9::5'], [P.domain]: ['a.b.evil.example', 'notevil.example'] }), NOW);
    h.add(event('2026-10-03T10:00:00.000Z', { [P.sha256]: ['ab'.repeat(32)], [P.url]: ['http://c2.example/gate'] }), NOW);
    h.add(event('2026-10-04T10:00:00.000Z', { [P.ipv4]: ['198.51.100.7'] }), NOW);
    await h.flush();
    const hunt = async (text: string, options = {}): Promise<string[]> => {
      const r = await retroHunt(store.observations, 'indicator--x', parse(text), options);
      return r.hits.map((x) => `${x.path} ${x.value} ${x.count}`);
    };
    expect(await hunt("[ipv4-addr:value = '198.51.100.7']")).toEqual(['ipv4-addr:value 198.51.100.7 2']);
    expect(await hunt("[ipv4-addr:value IN ('198.51.100.7', '192.0.2.1')] OR [file:hashes.'SHA-256' = '" + 'ab'.repeat(32) + "']"))
      .toEqual([`file:hashes.'SHA-256' ${'ab'.repeat(32)} 1`, 'ipv4-addr:value 198.51.100.7 2']);
    expect(await hunt("[ipv4-addr:value ISSUBSET '203.0.113.0/24' OR network-traffic:dst_ref.value ISSUBSET '203.0.113.0/28']")).toEqual(['ipv4-addr:value 203.0.113.9 1', 'network-traffic:dst_ref.value 203.0.113.9 1']);
    expect(await hunt("[ipv6-addr:value ISSUBSET '2001:db8::/32']")).toEqual(['ipv6-addr:value 2001:db8::5 1']);
    expect(await hunt("[domain-name:value LIKE '%.evil.example']")).toEqual(['domain-name:value a.b.evil.example 1']);
    expect(await hunt("[url:value LIKE 'http://c2.example/gate']")).toEqual(['url:value http://c2.example/gate 1']);
    expect(await hunt("[domain-name:value = 'never.example']")).toEqual([]);
    // valid_until bounds the sightings; `since` too; valid_from does not.
    const seen = await retroHunt(store.observations, 'indicator--x', parse("[ipv4-addr:value = '198.51.100.7']"), { validUntil: '2026-10-03T00:00:00.000Z' });
    expect(seen.hits).toEqual([{ indicator: 'indicator--x', path: P.ipv4, value: '198.51.100.7', first_seen: '2026-10-01T10:00:00.000Z', last_seen: '2026-10-01T10:00:00.000Z', count: 1 }]);
    expect(await hunt("[ipv4-addr:value = '198.51.100.7']", { since: '2026-10-04T00:00:00.000Z' })).toEqual(['ipv4-addr:value 198.51.100.7 1']);
  });

  it('does not hunt patterns that need the whole event', async () => {
    for (const [text, compiled] of [
      ["[network-traffic:dst_ref.value = '192.0.2.10' AND network-traffic:dst_port = 4444]", 'anchored'],
      ["[domain-name:value = 'a.example'] FOLLOWEDBY [domain-name:value = 'b.example']", 'residual'],
    ] as const) {
      expect(await retroHunt(store.observations, 'indicator--x', parse(text))).toEqual({ indicator: 'indicator--x', compiled, hunted: false, hits: [] });
    }
  });

  it('prunes the days older than the retention', async () => {
    const h = new ObservationHistory(store.observations);
    h.add(event('2026-08-01T10:00:00.000Z', { [P.ipv4]: ['192.0.2.1'] }), NOW);
    h.add(event('2026-08-29T23:00:00.000Z', { [P.ipv4]: ['192.0.2.2'] }), NOW);
    h.add(event('2026-11-27T10:00:00.000Z', { [P.ipv4]: ['192.0.2.3'] }), NOW);
    await h.flush();
    expect(await pruneHistory(store.observations, 90, new Date(NOW))).toEqual({ deleted: 1, keptFrom: '2026-08-29' });
    expect(await store.observations.size()).toEqual({ rows: 2, oldestDay: '2026-08-29', newestDay: '2026-11-27' });
  });
});
