// Store contract, the retro-hunt history: one row per (path, value, day) that a batch adds to
// (counts summed, first/last sighting widened); lookups by value, by address key range and by
// reversed-name prefix, each summed over the days and bounded in time; retention deletes whole
// days in bounded batches.
import { expect, it } from 'vitest';
import type { ObservationRow } from '../observations.port.js';
import type { Store } from '../port.js';

const v4 = (a: string): string => `4${a.split('.').map((o) => Number(o).toString(16).padStart(2, '0')).join('')}`;
const reversed = (name: string): string => name.split('.').reverse().join('.');

function row(path: string, value: string, at: string, over: Partial<ObservationRow> = {}): ObservationRow {
  return {
    path, value, day: at.slice(0, 10), firstSeen: at, lastSeen: at, count: 1,
    rangeKey: path.startsWith('ipv4') ? v4(value) : null, reversed: path.startsWith('domain') ? reversed(value) : null, ...over,
  };
}

export function observationsContract(store: () => Store): void {
  it('adds a batch to the (path, value, day) it names: counts summed, first and last sighting widened', async () => {
    const s = store();
    await s.observations.record([row('ipv4-addr:value', '198.51.100.7', '2026-11-20T10:00:00.000Z', { count: 3 }), row('ipv4-addr:value', '198.51.100.8', '2026-11-20T10:00:00.000Z')]);
    await s.observations.record([row('ipv4-addr:value', '198.51.100.7', '2026-11-20T08:00:00.000Z', { lastSeen: '2026-11-20T23:59:59.999Z', count: 2 })]);
    await s.observations.record([row('ipv4-addr:value', '198.51.100.7', '2026-11-21T01:00:00.000Z')]);
    expect(await s.observations.find({ path: 'ipv4-addr:value', match: { values: ['198.51.100.7', '203.0.113.1'] } })).toEqual([
      { path: 'ipv4-addr:value', value: '198.51.100.7', firstSeen: '2026-11-20T08:00:00.000Z', lastSeen: '2026-11-21T01:00:00.000Z', count: 6 },
    ]);
    expect(await s.observations.size()).toEqual({ rows: 3, oldestDay: '2026-11-20', newestDay: '2026-11-21' });
    // Only the path asked: the same value under another path is another row.
    expect(await s.observations.find({ path: 'network-traffic:dst_ref.value', match: { values: ['198.51.100.7'] } })).toEqual([]);
    expect(await s.observations.find({ path: 'ipv4-addr:value', match: { values: [] } })).toEqual([]);
  });

  it('writes a large batch whole, in one transaction', async () => {
    const s = store();
    const rows = Array.from({ length: 1234 }, (_, i) => row('file:hashes.\'SHA-256\'', i.toString(16).padStart(64, '0'), '2026-11-20T10:00:00.000Z'));
    await s.observations.record(rows);
    await s.observations.record(rows);
    expect((await s.observations.size()).rows).toBe(1234);
    const found = await s.observations.find({ path: 'file:hashes.\'SHA-256\'', match: { values: [rows[0]?.value ?? '', rows[1233]?.value ?? ''] } });
    expect(found.map((f) => f.count)).toEqual([2, 2]);
  });

  it('finds the addresses of a range by their sortable key, IPv4 and IPv6', async () => {
    const s = store();
    const at = '2026-11-20T10:00:00.000Z';
    const v6 = (hex: string): ObservationRow => row('ipv6-addr:value', hex, at, { rangeKey: `6${hex.replace(/:/g, '')}` });
    await s.observations.record([
      row('ipv4-addr:value', '10.0.0.255', at), row('ipv4-addr:value', '10.0.1.0', at), row('ipv4-addr:value', '10.0.1.255', at), row('ipv4-addr:value', '10.0.2.0', at),
      row('ipv4-addr:value', '9.255.255.255', at),
      v6('2001:0db8:0000:0000:0000:0000:0000:0005'), v6('2001:0db8:ffff:ffff:ffff:ffff:ffff:ffff'), v6('2001:0db9:0000:0000:0000:0000:0000:0000'),
    ]);
    const in4 = await s.observations.find({ path: 'ipv4-addr:value', match: { range: { from: v4('10.0.1.0'), to: v4('10.0.1.255') } } });
    expect(in4.map((f) => f.value)).toEqual(['10.0.1.0', '10.0.1.255']);
    const in6 = await s.observations.find({ path: 'ipv6-addr:value', match: { range: { from: `62001${'0db8'}${'0'.repeat(24)}`, to: `62001${'0db8'}${'f'.repeat(24)}` } } });
    expect(in6.map((f) => f.value)).toEqual(['2001:0db8:0000:0000:0000:0000:0000:0005', '2001:0db8:ffff:ffff:ffff:ffff:ffff:ffff']);
  });

  it('finds the names under a domain by their reversed labels', async () => {
    const s = store();
    const at = '2026-11-20T10:00:00.000Z';
    await s.observations.record(['evil.example', 'c2.evil.example', 'a.b.evil.example', 'notevil.example', 'evil.example.org', 'evil.examplf'].map((d) => row('domain-name:value', d, at)));
    const under = await s.observations.find({ path: 'domain-name:value', match: { reversedPrefix: 'example.evil.' } });
    expect(under.map((f) => f.value)).toEqual(['a.b.evil.example', 'c2.evil.example']);
  });

  it('bounds a lookup in time: sightings since, and before', async () => {
    const s = store();
    await s.observations.record(['2026-11-18T10:00:00.000Z', '2026-11-19T10:00:00.000Z', '2026-11-20T10:00:00.000Z'].map((at) => row('domain-name:value', 'c2.evil.example', at)));
    const q = { path: 'domain-name:value', match: { values: ['c2.evil.example'] } } as const;
    expect(await s.observations.find({ ...q, since: '2026-11-19T00:00:00.000Z' })).toEqual([{ path: 'domain-name:value', value: 'c2.evil.example', firstSeen: '2026-11-19T10:00:00.000Z', lastSeen: '2026-11-20T10:00:00.000Z', count: 2 }]);
    expect(await s.observations.find({ ...q, until: '2026-11-19T10:00:00.000Z' })).toEqual([{ path: 'domain-name:value', value: 'c2.evil.example', firstSeen: '2026-11-18T10:00:00.000Z', lastSeen: '2026-11-18T10:00:00.000Z', count: 1 }]);
    expect(await s.observations.find({ ...q, since: '2026-11-21T00:00:00.000Z' })).toEqual([]);
  });

  it('prunes the days before retention in bounded batches, and nothing newer', async () => {
    const s = store();
    const old = Array.from({ length: 25 }, (_, i) => row('ipv4-addr:value', `192.0.2.${i}`, '2026-08-01T10:00:00.000Z'));
    await s.observations.record([...old, ...old.map((r) => ({ ...r, day: '2026-08-02', firstSeen: '2026-08-02T10:00:00.000Z', lastSeen: '2026-08-02T10:00:00.000Z' })), row('ipv4-addr:value', '192.0.2.1', '2026-11-20T10:00:00.000Z')]);
    expect(await s.observations.prune('2026-08-02', 10)).toBe(25);
    expect(await s.observations.size()).toEqual({ rows: 26, oldestDay: '2026-08-02', newestDay: '2026-11-20' });
    expect(await s.observations.prune('2026-11-20', 7)).toBe(25);
    expect(await s.observations.prune('2026-11-20', 7)).toBe(0);
    expect(await s.observations.find({ path: 'ipv4-addr:value', match: { values: ['192.0.2.1'] } })).toEqual([
      { path: 'ipv4-addr:value', value: '192.0.2.1', firstSeen: '2026-11-20T10:00:00.000Z', lastSeen: '2026-11-20T10:00:00.000Z', count: 1 },
    ]);
  });
}
