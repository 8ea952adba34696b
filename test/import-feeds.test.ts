// `accord import` of plain feeds (issue 7, "Plain feeds"): a list, a CSV file and a report's text
// become indicators marked with the chosen TLP and validity; what holds no value is reported with
// its line; importing the same feed again changes nothing; a feed without --tlp is refused.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tlpMarkingId } from '../src/stix/index.js';
import { openStore } from '../src/store/index.js';
import { initNodeDir, runAccord } from './support/cli.js';

describe('accord import of plain feeds', () => {
  let dir: string;
  let data: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-feeds-'));
    data = join(dir, 'node');
    await initNodeDir(data);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const indicators = async (): Promise<Record<string, unknown>[]> => {
    const store = await openStore(`sqlite:${join(data, 'accord.db')}`);
    try {
      return (await store.objects.list({ types: ['indicator', 'vulnerability'], limit: 100 })).items.map((o) => JSON.parse(o.json) as Record<string, unknown>);
    } finally {
      await store.close();
    }
  };

  it('imports a list: one indicator per value, marked and dated, the bad line reported; again: unchanged', async () => {
    const file = join(dir, 'blocklist.txt');
    writeFileSync(file, '# a blocklist\n198.51.100.7\nhxxp://bad[.]example/x\nnot a value\nCVE-2021-44228\n');
    const args = ['import', file, '--tlp', 'amber', '--valid-from', '2027-01-01T00:00:00Z', '--valid-days', '30', '--data', data];
    const first = await runAccord(args);
    expect(first.code, first.stderr).toBe(1);
    expect(first.stdout).toMatch(/new\s+3\n/);
    expect(first.stdout).toMatch(/rejected\s+1\n/);
    expect(first.stdout).toMatch(/blocklist\.txt:4 {2}\[feed\.not-a-value\] not a recognised value/);
    // 198.51.100.7 is a documentation address (RFC 5737): stored, but flagged and labelled.
    expect(first.stdout).toMatch(/warninglisted\s+1 \(stored, labelled warninglist:…, kept out of device exports\)/);
    expect(first.stdout).toMatch(/198\.51\.100\.7 is on special-ipv4/);
    const held = await indicators();
    expect(held.map((o) => o.pattern ?? o.name).sort()).toEqual(['CVE-2021-44228', "[ipv4-addr:value = '198.51.100.7']", "[url:value = 'http://bad.example/x']"].sort());
    for (const o of held) expect(o).toMatchObject({ object_marking_refs: [tlpMarkingId('amber')], created: '2027-01-01T00:00:00.000Z' });
    expect(held.find((o) => o.name === '198.51.100.7')?.labels).toEqual(['warninglist:special-ipv4']);
    expect(held.find((o) => o.name === 'http://bad.example/x')?.labels).toBeUndefined();
    expect(held.find((o) => o.type === 'indicator')).toMatchObject({ valid_from: '2027-01-01T00:00:00.000Z', valid_until: '2027-01-31T00:00:00.000Z' });
    const again = await runAccord(args);
    expect(again.stdout).toMatch(/unchanged\s+3\n/);
  });

  it('imports a CSV column and the text of a report', async () => {
    const csv = join(dir, 'feed.csv');
    writeFileSync(csv, 'seen,ioc\n2027-01-01,evil-one.example\n2027-01-02,"evil-two.example"\n');
    const r = await runAccord(['import', csv, '--tlp', 'green', '--column', 'ioc', '--data', data]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/new\s+2\n/);
    const report = join(dir, 'report.md');
    writeFileSync(report, 'The operators used hxxps://c2[.]evil-three[.]example/gate and 203.0.113.77.\n');
    const t = await runAccord(['import', report, '--format', 'text', '--tlp', 'green', '--data', data]);
    expect(t.code, t.stdout + t.stderr).toBe(0);
    expect(t.stdout).toMatch(/new\s+2\n/);
  });

  it('refuses a feed without a TLP, and an unknown format, naming the option', async () => {
    const file = join(dir, 'plain.txt');
    writeFileSync(file, '198.51.100.8\n');
    const noTlp = await runAccord(['import', file, '--data', data]);
    expect(noTlp.code).toBe(2);
    expect(noTlp.stderr).toMatch(/plain feed: say which TLP its indicators carry with --tlp/);
    const badFormat = await runAccord(['import', file, '--format', 'yaml', '--tlp', 'green', '--data', data]);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/--format is stix, misp, list, csv or text/);
  });
});
