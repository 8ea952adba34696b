// `accord warninglists` (issue 7, "Warninglists") as a real process: the lists loaded and where
// from, which lists values are on, and installing MISP-format files — a new list, one replacing a
// shipped list, one replacing an installed list — each audited; a bad file is refused with its
// name and problem and nothing of the command's files is written; commands started later use the
// installed lists.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initNodeDir, runAccord } from './support/cli.js';

// As the MISP warninglists project writes them (lists/<name>/list.json): version, matching_attributes.
function mispList(name: string, type: string, list: readonly string[]): string {
  return `${JSON.stringify({ description: `${name} for the test`, list, matching_attributes: ['ip-src', 'ip-dst', 'domain'], name, type, version: 20261127 }, null, 2)}\n`;
}

describe('accord warninglists', () => {
  let dir: string;
  let data: string;
  let folder: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-warninglists-'));
    data = join(dir, 'node');
    folder = join(data, 'warninglists');
    await initNodeDir(data);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const listed = async (): Promise<{ name: string; type: string; entries: number; shipped: boolean; file: string }[]> => {
    const r = await runAccord(['warninglists', 'list', '--json', '--data', data]);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as { name: string; type: string; entries: number; shipped: boolean; file: string }[];
  };
  const audited = async (): Promise<{ target: string | null; outcome: string; details: Record<string, unknown> }[]> => {
    const r = await runAccord(['audit', 'export', '--action', 'warninglist.installed', '--data', data]);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout.trim().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { target: string | null; outcome: string; details: Record<string, unknown> });
  };

  it('lists the shipped lists with their type and size, and checks values against them', async () => {
    const r = await runAccord(['warninglists', 'list', '--data', data]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^name\s+type\s+entries\s+from\n/);
    expect(r.stdout).toMatch(/\npublic-resolvers\s+cidr\s+18\s+shipped\n/);
    expect((await listed()).map((l) => l.name)).toEqual(['popular-domains', 'public-resolvers', 'resolver-hostnames', 'special-ipv4', 'special-ipv6']);

    const c = await runAccord(['warninglists', 'check', '8.8.8.8', 'hxxps://mail.google[.]com/x', 'evil.example', '--data', data]);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toBe('8.8.8.8 (ipv4): on public-resolvers\nhttps://mail.google.com/x (url): on popular-domains\nevil.example (domain): on no warninglist\n');
    const bad = await runAccord(['warninglists', 'check', 'not a value', '10.0.0.1', '--json', '--data', data]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toEqual([{ value: 'not a value', kind: null, lists: null }, { value: '10.0.0.1', kind: 'ipv4', lists: ['special-ipv4'] }]);
    expect((await runAccord(['warninglists', 'check', '--data', data])).code).toBe(2);
    expect((await runAccord(['warninglists', 'frobnicate', '--data', data])).code).toBe(2);
  });

  it('installs MISP-format files, replacing lists by name, and records each install', async () => {
    const cloud = join(dir, 'cloud.json');
    const popular = join(dir, 'popular.json');
    writeFileSync(cloud, mispList('List of known Example Cloud ranges', 'cidr', ['52.0.0.0/11', '2600:1f00::/24']));
    writeFileSync(popular, mispList('popular-domains', 'hostname', ['example.org', '.example.net']));
    const r = await runAccord(['warninglists', 'install', cloud, popular, '--data', data]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`installed "List of known Example Cloud ranges" (cidr, 2 entries) as ${join(folder, 'list-of-known-example-cloud-ranges.json')}\n`);
    expect(r.stdout).toContain(`installed "popular-domains" (hostname, 2 entries) as ${join(folder, 'popular-domains.json')}, overriding the shipped list\n`);
    expect(readFileSync(join(folder, 'popular-domains.json'), 'utf8')).toBe(readFileSync(popular, 'utf8')); // copied as it is

    const lists = await listed();
    expect(lists.find((l) => l.name === 'popular-domains')).toMatchObject({ type: 'hostname', entries: 2, shipped: false, file: join(folder, 'popular-domains.json') });
    expect(lists.find((l) => l.name === 'List of known Example Cloud ranges')).toMatchObject({ entries: 2, shipped: false });
    const c = await runAccord(['warninglists', 'check', '52.1.2.3', 'www.example.net', 'google.com', '--data', data]);
    expect(c.stdout).toBe('52.1.2.3 (ipv4): on List of known Example Cloud ranges\nwww.example.net (domain): on popular-domains\ngoogle.com (domain): on no warninglist\n');

    // Again under another file name: the installed list of that name is replaced in its own file.
    const newer = join(dir, 'list.json');
    writeFileSync(newer, mispList('List of known Example Cloud ranges', 'cidr', ['52.0.0.0/11', '2600:1f00::/24', '3.0.0.0/9']));
    const again = await runAccord(['warninglists', 'install', newer, '--data', data]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(', replacing the installed list\n');
    expect(readdirSync(folder).sort()).toEqual(['list-of-known-example-cloud-ranges.json', 'popular-domains.json']);
    expect((await listed()).find((l) => l.name === 'List of known Example Cloud ranges')?.entries).toBe(3);

    const entries = await audited();
    expect(entries.map((e) => [e.target, e.outcome, e.details.replaced])).toEqual([
      ['warninglist:List of known Example Cloud ranges', 'ok', null],
      ['warninglist:popular-domains', 'ok', 'shipped'],
      ['warninglist:List of known Example Cloud ranges', 'ok', 'installed'],
    ]);
    expect(entries[2]?.details).toMatchObject({ file: newer, entries: 3, type: 'cidr', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown });
  });

  it('refuses a bad file with its name and problem, and installs none of the files given with it', async () => {
    const before = readdirSync(folder).sort().map((f) => [f, readFileSync(join(folder, f), 'utf8')]);
    const good = join(dir, 'good.json');
    const regex = join(dir, 'regex.json');
    const badRange = join(dir, 'bad-range.json');
    const notJson = join(dir, 'broken.json');
    writeFileSync(good, mispList('good-list', 'string', ['x']));
    writeFileSync(regex, mispList('regex-list', 'regex', ['^a.*']));
    writeFileSync(badRange, mispList('ranges', 'cidr', ['10.0.0.0/8', '10.0.0.0/40']));
    writeFileSync(notJson, '{"name": "broken", ');
    const r = await runAccord(['warninglists', 'install', good, regex, badRange, notJson, join(dir, 'missing.json'), '--data', data]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`refused: ${regex}: type must be cidr, hostname or string, not "regex"`);
    expect(r.stderr).toContain(`refused: ${badRange}: "10.0.0.0/40" is not an address or a network`);
    expect(r.stderr).toContain(`refused: ${notJson}: not JSON`);
    expect(r.stderr).toContain(`refused: ${join(dir, 'missing.json')}: cannot be read`);
    expect(r.stderr).toContain('nothing installed: 4 of 5 files refused');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readdirSync(folder).sort().map((f) => [f, readFileSync(join(folder, f), 'utf8')])).toEqual(before);
    expect((await listed()).some((l) => l.name === 'good-list')).toBe(false);

    const twins = await runAccord(['warninglists', 'install', good, good, '--data', data]);
    expect(twins.code).toBe(1);
    expect(twins.stderr).toContain('the list name "good-list" is also in');

    const refusedEntries = (await audited()).filter((e) => e.outcome === 'failed');
    expect(refusedEntries.map((e) => e.details.file)).toEqual([regex, badRange, notJson, join(dir, 'missing.json'), good]);
  });

  it('needs an initialised node to install, and writes nothing without one', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const file = join(dir, 'good.json');
    const r = await runAccord(['warninglists', 'install', file, '--data', empty]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('there is no initialised node');
    expect(existsSync(join(empty, 'warninglists'))).toBe(false);
  });
});
