// The `feeds` setting: a good list is read with its defaults; every bad field is reported at once,
// named by its place in the list; a header's value (a secret) never appears in a message.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('the feeds setting', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'accord-feeds-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const load = (feeds: unknown): ReturnType<typeof loadConfig> => {
    writeFileSync(join(dir, 'accord.json'), JSON.stringify({ feeds }));
    return loadConfig({ flags: { dataDir: dir }, env: {}, cwd: dir });
  };
  const problems = (feeds: unknown): string => {
    try {
      load(feeds);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('the configuration was accepted');
  };

  it('reads feeds with their defaults, and none when unset', () => {
    expect(loadConfig({ flags: { dataDir: dir }, env: {}, cwd: dir }).feeds).toEqual([]);
    const c = load([
      { name: 'CERT-X blocklist', url: 'https://feeds.example.org/block.txt', format: 'list', tlp: 'TLP:AMBER', validDays: 30, headers: { 'X-API-Key': 'k' }, audience: 'all' },
      { name: 'csv', url: 'http://feeds.example.org/f.csv', format: 'csv', tlp: 'green', column: 'ioc', delimiter: '\\t', intervalMinutes: 15, audience: { group: 'x-accord-group--1@2' } },
    ]);
    expect(c.feeds).toEqual([
      { name: 'CERT-X blocklist', url: 'https://feeds.example.org/block.txt', format: 'list', tlp: 'amber', intervalMinutes: 60, validDays: 30, headers: { 'X-API-Key': 'k' }, audience: { kind: 'all' } },
      { name: 'csv', url: 'http://feeds.example.org/f.csv', format: 'csv', tlp: 'green', intervalMinutes: 15, column: 'ioc', delimiter: '\t', audience: { kind: 'group', group: 'x-accord-group--1', version: 2 } },
    ]);
    const env = loadConfig({ flags: { dataDir: join(dir, 'none') }, env: { ACCORD_FEEDS: JSON.stringify([{ name: 'e', url: 'https://e.example/', format: 'stix', tlp: 'clear' }]) }, cwd: dir });
    expect(env.feeds.map((f) => f.format)).toEqual(['stix']);
  });

  it('names every bad field by its place in the list', () => {
    const file = join(dir, 'accord.json');
    const message = problems([
      { name: 'ok', url: 'https://feeds.example.org/a', format: 'list', tlp: 'amber' },
      { name: 'no tlp', url: 'ftp://feeds.example.org/b', format: 'yaml', intervalMinutes: 1, colour: 'blue' },
      { name: 'ok', url: 'https://user:pw@feeds.example.org/c', format: 'list', tlp: 'red', column: 2, validDays: -1, headers: { Host: 'x', 'X-Key': 'line\nbreak-secret' }, audience: 'everyone' },
      'not an object',
      { name: 'ok', url: 'https://feeds.example.org/d', format: 'list', tlp: 'green' },
    ]);
    const at = `${file} (feeds): feeds`;
    expect(message).toContain(`${at}[1]: unknown field "colour"`);
    expect(message).toContain(`${at}[1].url must be an http:// or https:// URL, got "ftp://feeds.example.org/b"`);
    expect(message).toContain(`${at}[1].format must be one of list, csv, text, stix, got "yaml"`);
    expect(message).toContain(`${at}[1].tlp is required`);
    expect(message).toContain(`${at}[1].intervalMinutes must be a whole number of minutes from 5 to 10080, got 1`);
    expect(message).toContain(`${at}[2].url must not carry credentials`);
    expect(message).toContain(`${at}[2]: column and delimiter are for format "csv" only`);
    expect(message).toContain(`${at}[2].validDays must be a number of days above 0`);
    expect(message).toContain(`${at}[2].headers.Host is set by the puller itself`);
    expect(message).toContain(`${at}[2].headers.X-Key must be a string on one line`);
    expect(message).toContain(`${at}[2].audience must be "all", {"members": ["identity--…"]} or {"group": "x-accord-group--…@VERSION"}, got "everyone"`);
    expect(message).toContain(`${at}[3] must be an object with name, url, format and tlp`);
    expect(message).toContain(`${at}[4].name "ok" is the name of feeds[0] too`);
    expect(message).not.toContain('break-secret');
    expect(problems({ name: 'x' })).toContain(`${file} (feeds): feeds must be a list of feeds`);
  });
});
