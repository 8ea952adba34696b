import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeDatabase, loadConfig } from './config.js';

describe('configuration', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'accord-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('has defaults that need no configuration', () => {
    const c = loadConfig({ flags: {}, env: {}, cwd: dir });
    expect(c).toMatchObject({ dataDir: join(dir, 'data'), host: '127.0.0.1', port: 8470, logLevel: 'info', importBatchSize: 10_000 });
    expect(c.database).toBe(`sqlite:${join(dir, 'data', 'accord.db')}`);
  });

  it('lets the environment override the file and flags override both', () => {
    const data = join(dir, 'node');
    const file = join(dir, 'node.json');
    writeFileSync(file, JSON.stringify({ port: 9000, host: '127.0.0.2', logLevel: 'debug' }));
    const c = loadConfig({ configFile: file, env: { ACCORD_DATA: data, ACCORD_PORT: '9100' }, flags: { port: '9200' }, cwd: dir });
    expect(c).toMatchObject({ dataDir: data, host: '127.0.0.2', port: 9200, logLevel: 'debug' });
  });

  it('reads <data>/accord.json by default', () => {
    writeFileSync(join(dir, 'accord.json'), JSON.stringify({ database: 'postgres://accord:s3cret@db.example:5432/accord' }));
    const c = loadConfig({ flags: { dataDir: dir }, env: {}, cwd: '/' });
    expect(c.database).toBe('postgres://accord:s3cret@db.example:5432/accord');
    expect(describeDatabase(c.database)).toBe('postgres://accord:***@db.example:5432/accord');
  });

  it('reports every bad setting at once, naming its source', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ port: 'http', colour: 'blue' }));
    let message = '';
    try {
      loadConfig({ configFile: file, env: { ACCORD_LOG_LEVEL: 'chatty' }, flags: { importBatchSize: '0' }, cwd: dir });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain(`${file}: unknown setting "colour"`);
    expect(message).toContain(`${file} (port): port must be an integer from 0 to 65535, got "http"`);
    expect(message).toContain('ACCORD_LOG_LEVEL: logLevel must be one of');
    expect(message).toContain('--batch-size: importBatchSize must be an integer from 1 to 100000');
  });

  it('reads the retro-hunt history\'s retention in days, 90 by default', () => {
    expect(loadConfig({ flags: {}, env: {}, cwd: dir }).historyRetentionDays).toBe(90);
    expect(loadConfig({ flags: {}, env: { ACCORD_HISTORY_RETENTION_DAYS: '30' }, cwd: dir }).historyRetentionDays).toBe(30);
    expect(() => loadConfig({ flags: {}, env: { ACCORD_HISTORY_RETENTION_DAYS: '0' }, cwd: dir })).toThrow('ACCORD_HISTORY_RETENTION_DAYS: historyRetentionDays must be an integer from 1 to 3650, got "0"');
  });

  it('reads the four-eyes rule as false, true or a list of TLP levels, and names a bad one', () => {
    expect(loadConfig({ flags: {}, env: {}, cwd: dir }).fourEyes).toEqual([]);
    const file = join(dir, 'four-eyes.json');
    writeFileSync(file, JSON.stringify({ fourEyes: ['red', 'AMBER', 'amber+strict'] }));
    expect(loadConfig({ configFile: file, flags: {}, env: {}, cwd: dir }).fourEyes).toEqual(['amber', 'amber+strict', 'red']);
    writeFileSync(file, JSON.stringify({ fourEyes: true }));
    expect(loadConfig({ configFile: file, flags: {}, env: {}, cwd: dir }).fourEyes).toEqual(['clear', 'green', 'amber', 'amber+strict', 'red']);
    expect(loadConfig({ flags: {}, env: { ACCORD_FOUR_EYES: 'amber, red' }, cwd: dir }).fourEyes).toEqual(['amber', 'red']);
    expect(loadConfig({ flags: {}, env: { ACCORD_FOUR_EYES: '["green"]' }, cwd: dir }).fourEyes).toEqual(['green']);
    expect(loadConfig({ configFile: file, flags: {}, env: { ACCORD_FOUR_EYES: 'false' }, cwd: dir }).fourEyes).toEqual([]);
    writeFileSync(file, JSON.stringify({ fourEyes: ['amber', 'white'] }));
    expect(() => loadConfig({ configFile: file, flags: {}, env: {}, cwd: dir }))
      .toThrow(`${file} (fourEyes): fourEyes names "white", which is not a TLP 2.0 level; fourEyes must be true, false or a list of TLP levels`);
    writeFileSync(file, JSON.stringify({ fourEyes: 'sometimes' }));
    expect(() => loadConfig({ configFile: file, flags: {}, env: {}, cwd: dir })).toThrow(/fourEyes names "sometimes", which is not a TLP 2.0 level/);
    writeFileSync(file, JSON.stringify({ fourEyes: { amber: true } }));
    expect(() => loadConfig({ configFile: file, flags: {}, env: {}, cwd: dir })).toThrow(/fourEyes must be true, false or a list of TLP levels .*, got \{"amber":true\}/);
  });

  it('takes a charter with its pinned hash, never with a member list, and names what is missing', () => {
    const charter = join(dir, 'charter.json');
    writeFileSync(charter, '{}');
    const pin = 'AB'.repeat(32);
    expect(loadConfig({ flags: {}, env: { ACCORD_CHARTER: charter, ACCORD_CHARTER_SHA256: pin }, cwd: dir })).toMatchObject({ charter, charterSha256: pin.toLowerCase(), members: [] });
    expect(() => loadConfig({ flags: {}, env: { ACCORD_CHARTER: charter }, cwd: dir })).toThrow(/charterSha256 \(64 hex digits, the SHA-256 every member agreed on\) is required with a charter/);
    expect(() => loadConfig({ flags: {}, env: { ACCORD_CHARTER_SHA256: pin }, cwd: dir })).toThrow(/charterSha256 pins a charter: give the charter file too/);
    expect(() => loadConfig({ flags: {}, env: { ACCORD_CHARTER: join(dir, 'nowhere.json'), ACCORD_CHARTER_SHA256: pin }, cwd: dir })).toThrow(/charter names .*nowhere\.json, which does not exist/);
    expect(() => loadConfig({ flags: {}, env: { ACCORD_CHARTER: charter, ACCORD_CHARTER_SHA256: pin, ACCORD_MEMBERS: '[]' }, cwd: dir })).toThrow(/members may not be given with a charter/);
  });

  it('rejects a configuration file that is not JSON, and a missing --config file', () => {
    writeFileSync(join(dir, 'accord.json'), '{ port: 1');
    expect(() => loadConfig({ flags: { dataDir: dir }, env: {}, cwd: dir })).toThrow(/not valid JSON/);
    expect(() => loadConfig({ configFile: 'nope.json', flags: {}, env: {}, cwd: dir })).toThrow(/--config nope.json: no such file/);
  });
});
