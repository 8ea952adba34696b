// The retro-hunt end to end: `accord detect --history` reads a log while no indicator names its
// values; the indicators arrive afterwards; `accord hunt` must find exactly the past sightings the
// log generator planted for them (and counted, independently of the matcher), nothing else.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initNodeDir, runAccord } from './support/cli.js';

const DAY = 86_400_000;
const NOW = Date.now();
const iso = (ms: number): string => new Date(ms).toISOString();
const eveTime = (ms: number): string => iso(ms).replace('Z', '000+0000');
const id = (n: number): string => `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const indicator = (n: number, pattern: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'indicator', spec_version: '2.1', id: id(n), created: iso(NOW - 3_600_000), modified: iso(NOW - 3_600_000),
  name: `indicator ${n}`, pattern, pattern_type: 'stix', valid_from: iso(NOW - 3_600_000), ...extra,
});
const SHA = 'ab'.repeat(32);

describe('accord hunt', () => {
  let dir: string;
  let data: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-retro-'));
    data = join(dir, 'node');
    await initNodeDir(data);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the planted past sightings of indicators that arrived later, and nothing else', async () => {
    // The log: each planted sighting is written down as "indicator path value" with its count.
    const planted = new Map<string, number>();
    const plant = (n: number, path: string, value: string): void => {
      const k = `${id(n)} ${path} ${value}`;
      planted.set(k, (planted.get(k) ?? 0) + 1);
    };
    const lines: string[] = [];
    const flow = (at: number, src: string, dst: string, port = 443): Record<string, unknown> => ({ timestamp: eveTime(at), event_type: 'flow', src_ip: src, src_port: 51000, dest_ip: dst, dest_port: port, proto: 'TCP' });
    const A = NOW - 10 * DAY;
    const B = NOW - 3 * DAY;
    const OLD = NOW - 200 * DAY;
    for (const at of [A, A + 60_000, B]) {
      lines.push(JSON.stringify(flow(at, '10.0.0.5', '198.51.100.7')));
      plant(1, 'ipv4-addr:value', '198.51.100.7');
    }
    lines.push(JSON.stringify(flow(A, '203.0.113.77', '10.0.0.5', 22)));
    plant(2, 'ipv4-addr:value', '203.0.113.77');
    lines.push(JSON.stringify(flow(B, '203.0.113.200', '10.0.0.5', 22)));
    plant(2, 'ipv4-addr:value', '203.0.113.200');
    lines.push(JSON.stringify(flow(B, '203.0.114.1', '10.0.0.5', 22))); // just outside the range
    const dns = (at: number, rrname: string, answers: { rrtype: string; rdata: string }[] = []): string =>
      JSON.stringify({ ...flow(at, '10.0.0.5', '10.9.9.9', 53), event_type: 'dns', dns: { type: 'answer', rrname, rrtype: 'A', answers: answers.map((x) => ({ rrname, ...x })) } });
    lines.push(dns(A, 'c2.Evil.Example'));
    plant(3, 'domain-name:value', 'c2.evil.example');
    lines.push(dns(B, 'x.y.evil.example', [{ rrtype: 'AAAA', rdata: '2001:db8::5' }, { rrtype: 'AAAA', rdata: '2001:db9::1' }]));
    plant(3, 'domain-name:value', 'x.y.evil.example');
    plant(5, 'ipv6-addr:value', '2001:db8::5');
    lines.push(dns(B, 'notevil.example'), dns(B, 'evil.example'));
    lines.push(JSON.stringify({ ...flow(A, '10.0.0.5', '10.1.1.1', 80), event_type: 'fileinfo', fileinfo: { filename: 'x.bin', sha256: SHA.toUpperCase() } }));
    plant(4, "file:hashes.'SHA-256'", SHA);
    lines.push(JSON.stringify(flow(A, '10.0.0.5', '192.0.2.10', 4444))); // the anchored indicator's values: not hunted
    lines.push(JSON.stringify(flow(A, '10.0.0.5', '192.0.2.99')), JSON.stringify(flow(B, '10.0.0.5', '192.0.2.99'))); // indicator 7: valid until NOW - 5 days
    lines.push(JSON.stringify(flow(OLD, '10.0.0.5', '192.0.2.200')));
    plant(8, 'ipv4-addr:value', '192.0.2.200');
    lines.push('not json');
    const log = join(dir, 'eve.json');
    writeFileSync(log, `${lines.join('\n')}\n`);

    const detect = await runAccord(['detect', log, '--history', '--data', data]);
    expect(detect.code, detect.stderr).toBe(0);
    expect(detect.stdout).toBe('');
    expect(detect.stderr).toMatch(/values recorded in the retro-hunt history/);

    const indicators = [
      indicator(1, "[ipv4-addr:value = '198.51.100.7']"),
      indicator(2, "[ipv4-addr:value ISSUBSET '203.0.113.0/24']"),
      indicator(3, "[domain-name:value LIKE '%.evil.example']"),
      indicator(4, `[file:hashes.'SHA-256' = '${SHA}']`),
      indicator(5, "[ipv6-addr:value ISSUBSET '2001:db8::/32']"),
      indicator(6, "[network-traffic:dst_ref.value = '192.0.2.10' AND network-traffic:dst_port = 4444]"),
      indicator(7, "[ipv4-addr:value = '192.0.2.99']", { valid_from: iso(NOW - 30 * DAY), valid_until: iso(NOW - 5 * DAY) }),
      indicator(8, "[ipv4-addr:value = '192.0.2.200']"),
    ];
    const bundle = join(dir, 'indicators.json');
    writeFileSync(bundle, JSON.stringify({ type: 'bundle', id: 'bundle--00000000-0000-4000-8000-000000000001', objects: indicators }));
    const imp = await runAccord(['import', bundle, '--data', data]);
    expect(imp.code, imp.stdout + imp.stderr).toBe(0);

    type Hit = { indicator: string; path: string; value: string; count: number; first_seen: string; last_seen: string };
    const hits = (stdout: string): Hit[] => stdout.trim().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Hit);
    const hunt = await runAccord(['hunt', '--since', '1d', '--data', data]);
    expect(hunt.code, hunt.stderr).toBe(0);
    const found = hits(hunt.stdout);
    expect(new Map(found.map((h) => [`${h.indicator} ${h.path} ${h.value}`, h.count]))).toEqual(planted);
    expect(found.find((h) => h.indicator === id(1))).toMatchObject({ first_seen: iso(A), last_seen: iso(B), count: 3 });
    expect(hunt.stderr).toMatch(/6 indicators hunted, 8 past hits; 1 not hunted/);

    // --record: the past hits become alerts (one per indicator), and hunting again records nothing twice.
    const recorded = await runAccord(['hunt', '--since', '1d', '--record', '--data', data]);
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stderr).toMatch(/recorded: 6 alerts raised, 0 updated/);
    const again = await runAccord(['hunt', '--since', '1d', '--record', '--data', data]);
    expect(again.stderr).toMatch(/recorded: 0 alerts raised, 0 updated/);
    const listed = await runAccord(['detections', 'list', '--json', '--data', data]);
    const alerts = JSON.parse(listed.stdout) as { indicator: { id: string }; count: number; evidence: { source: string }[] }[];
    expect(alerts.find((a) => a.indicator.id === id(2))).toMatchObject({ count: 2, evidence: [{ source: 'retro-hunt' }, { source: 'retro-hunt' }] });

    // Named: an expired indicator is hunted up to its valid_until; an unknown one is an error.
    const named = await runAccord(['hunt', id(7), 'indicator--00000000-0000-4000-8000-000000000099', '--data', data]);
    expect(named.code).toBe(1);
    expect(hits(named.stdout)).toEqual([{ indicator: id(7), path: 'ipv4-addr:value', value: '192.0.2.99', first_seen: iso(A), last_seen: iso(A), count: 1, indicator_name: 'indicator 7' }]);
    expect(named.stderr).toMatch(/indicator--00000000-0000-4000-8000-000000000099: no such indicator is held here/);
    expect((await runAccord(['hunt', 'nope', '--data', data])).code).toBe(2);

    // Retention: the 200-day-old day goes, the rest stays.
    const prune = await runAccord(['history', 'prune', '--data', data]);
    expect(prune.code, prune.stderr).toBe(0);
    expect(prune.stdout).toMatch(/^deleted [1-9]\d* rows of days before /);
    const after = await runAccord(['hunt', id(8), id(1), '--data', data]);
    expect(hits(after.stdout).map((h) => h.indicator)).toEqual([id(1)]);
  }, 90_000);
});
