// `accord detect` end to end: a node holding indicators of every kind the detector handles, and a
// generated eve.json whose generator writes down, independently of the matcher, which lines it
// planted for which indicator. The matches must equal that list: all found, nothing else.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initNodeDir, runAccord } from './support/cli.js';

const T = '2026-01-01T00:00:00.000Z';
const indicator = (n: number, pattern: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'indicator', spec_version: '2.1', id: `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, created: T, modified: T,
  name: `indicator ${n}`, pattern, pattern_type: 'stix', valid_from: T, ...extra,
});
const id = (n: number): string => `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('accord detect on eve.json', () => {
  let dir: string;
  let data: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-detect-'));
    data = join(dir, 'node');
    await initNodeDir(data);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds every planted match and nothing else', async () => {
    const indicators = [
      indicator(1, "[ipv4-addr:value = '198.51.100.7']"),
      indicator(2, "[ipv4-addr:value ISSUBSET '203.0.113.0/24']"),
      indicator(3, "[domain-name:value LIKE '%.evil.example']"),
      indicator(4, "[network-traffic:dst_ref.value = '192.0.2.10' AND network-traffic:dst_port = 4444]"),
      indicator(5, "[url:value MATCHES '/gate\\\\.php\\\\?id=[0-9]+$']"),
      indicator(6, "[file:hashes.'SHA-256' = '" + 'ab'.repeat(32) + "']"),
      indicator(7, "[x509-certificate:hashes.'SHA-1' = '" + '12'.repeat(20) + "']"),
      indicator(8, "[domain-name:value = 'a.example'] FOLLOWEDBY [domain-name:value = 'b.example']"),
      indicator(9, "[ipv4-addr:value = '198.51.100.99']", { valid_until: '2026-01-02T00:00:00.000Z' }),
      indicator(10, "[ipv4-addr:value = '198.51.100.98']", { revoked: true }),
      indicator(11, '([network-traffic:dst_port = 6667] REPEATS 2 TIMES) WITHIN 60 SECONDS'),
    ];
    const bundle = join(dir, 'indicators.json');
    writeFileSync(bundle, JSON.stringify({ type: 'bundle', id: 'bundle--00000000-0000-4000-8000-000000000001', objects: indicators }));
    const imp = await runAccord(['import', bundle, '--data', data]);
    expect(imp.code, imp.stdout + imp.stderr).toBe(0);

    const lines: string[] = [];
    const planted: string[] = [];
    const flow = (src: string, dst: string, port: number): Record<string, unknown> => ({ timestamp: '2026-11-27T10:00:00.000000+0000', event_type: 'flow', src_ip: src, src_port: 51000, dest_ip: dst, dest_port: port, proto: 'TCP' });
    for (let i = 0; i < 300; i++) {
      const kind = i % 10;
      let e: Record<string, unknown>;
      const plant = (n: number): void => void planted.push(`${id(n)} ${lines.length + 1}`);
      if (kind === 0 && i % 20 === 0) { e = flow('10.0.0.5', '198.51.100.7', 443); plant(1); }
      else if (kind === 1) { e = flow('203.0.113.77', '10.0.0.5', 22); plant(2); }
      else if (kind === 2) { e = { ...flow('10.0.0.5', '10.9.9.9', 53), event_type: 'dns', dns: { type: 'query', rrname: `c2-${i}.Evil.Example`, rrtype: 'A' } }; plant(3); }
      else if (kind === 3) { e = flow('10.0.0.5', '192.0.2.10', 4444); plant(4); }
      else if (kind === 4) { e = flow('10.0.0.5', '192.0.2.10', 443); } // anchored value, but the port does not hold
      else if (kind === 5) { e = { ...flow('10.0.0.5', '10.1.1.1', 80), event_type: 'http', http: { hostname: 'shop.example.org', url: `/gate.php?id=${i}`, http_user_agent: 'curl/8' } }; plant(5); }
      else if (kind === 6) { e = { ...flow('10.0.0.5', '10.1.1.1', 80), event_type: 'fileinfo', fileinfo: { filename: 'x.bin', sha256: 'AB'.repeat(32) } }; plant(6); }
      else if (kind === 7) { e = { ...flow('10.0.0.5', '10.1.1.2', 443), event_type: 'tls', tls: { sni: 'ok.example', fingerprint: Array(20).fill('12').join(':') } }; plant(7); }
      else if (kind === 8) { e = flow('10.0.0.5', '198.51.100.99', 443); } // expired indicator
      else { e = flow('10.0.0.5', i % 2 === 0 ? '198.51.100.98' : '10.2.2.2', 8080); } // revoked indicator, or nothing
      lines.push(JSON.stringify(e));
    }
    // Patterns over several observations (FOLLOWEDBY compares the events' times, not their order in
    // the file): b before a does not complete 8; a then b does, at b's line.
    const dns = (name: string, second: number): string => JSON.stringify({ ...flow('10.0.0.5', '10.9.9.9', 53), timestamp: `2026-11-27T10:00:${second}.000000+0000`, event_type: 'dns', dns: { type: 'query', rrname: name, rrtype: 'A' } });
    lines.push(dns('b.example', 10), dns('a.example', 20), dns('b.example', 30));
    planted.push(`${id(8)} ${lines.length}`);
    lines.push(JSON.stringify(flow('10.0.0.5', '192.0.2.66', 6667)), JSON.stringify(flow('10.0.0.5', '192.0.2.67', 6667)));
    planted.push(`${id(11)} ${lines.length}`);
    lines.push('{"truncated": ');
    lines.push('not json at all');
    const log = join(dir, 'eve.json');
    writeFileSync(log, `${lines.join('\n')}\n`);

    const r = await runAccord(['detect', log, '--data', data]);
    expect(r.code, r.stderr).toBe(0);
    const found = r.stdout.trim().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { indicator: string; line: number }).map((m) => `${m.indicator} ${m.line}`);
    expect(found.sort()).toEqual(planted.sort());
    expect(r.stderr).toMatch(/9 active indicators \(6 indexed, 1 evaluated on every event, 2 over several observations\)/);
    expect(r.stderr).toMatch(/305 events in .* 2 lines skipped/);
    expect(r.stderr).toMatch(/line 306: not JSON: /);
  }, 60_000);

  it('counts and samples truncated, binary and 10 MB lines, in every format, and still matches the rest', async () => {
    const match = JSON.stringify({ timestamp: '2026-11-27T10:00:00.000000+0000', event_type: 'flow', src_ip: '10.0.0.5', dest_ip: '198.51.100.7', dest_port: 443, proto: 'TCP' });
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256).map((b) => (b === 10 || b === 13 ? 0 : b))); // one line, NULs and invalid UTF-8 in it
    const huge = `{"event_type":"flow","dest_ip":"198.51.100.7","pad":"${'x'.repeat(10 * 1024 * 1024)}"}`;
    const cases: Record<string, { good: string; lines: (string | Buffer)[] }> = {
      eve: { good: match, lines: [match.slice(0, 50), binary, `${'{'.repeat(10 * 1024 * 1024)}`, huge] },
      zeek: { good: JSON.stringify({ _path: 'conn', ts: 1764237600, 'id.orig_h': '10.0.0.5', 'id.orig_p': 51000, 'id.resp_h': '198.51.100.7', 'id.resp_p': 443, proto: 'tcp' }), lines: ['{"_path":"conn","ts":17', binary, `#fields\t${'a\t'.repeat(1 << 20)}`] },
      cef: { good: '<134>Nov 27 10:00:00 fw01 CEF:0|Example|Gateway|1.0|1|flow|5|src=10.0.0.5 dst=198.51.100.7 dpt=443', lines: ['<134>Nov 27 10:00:00 fw01 CEF:0|Exam', binary, `CEF:0|a|b|c|d|e|5|${'k=v '.repeat(2 << 20)}`] },
    };
    for (const [format, c] of Object.entries(cases)) {
      const log = join(dir, `bad.${format}`);
      const parts: Buffer[] = [];
      for (const l of [c.good, ...c.lines, c.good]) parts.push(Buffer.isBuffer(l) ? l : Buffer.from(l), Buffer.from('\n'));
      writeFileSync(log, Buffer.concat(parts));
      const started = Date.now();
      const r = await runAccord(['detect', '--format', format, log, '--data', data]);
      expect(r.code, `${format}: ${r.stderr}`).toBe(0);
      const found = r.stdout.trim().split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as { indicator: string; line: number }));
      // The first and the last line match indicator 1 whatever came between them.
      expect(found.filter((m) => m.indicator === id(1)).map((m) => m.line).filter((l) => l === 1 || l === c.lines.length + 2), format).toEqual([1, c.lines.length + 2]);
      expect(r.stderr, format).toMatch(/lines skipped/);
      expect(r.stderr, format).toMatch(/line 2: /);
      expect(Date.now() - started, format).toBeLessThan(30_000);
    }
  }, 120_000);
});
