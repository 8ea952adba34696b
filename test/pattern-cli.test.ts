// `accord pattern check` as a real process: "valid" and the canonical form (exit 0), the error
// with a caret under its position (exit 1), JSON output, STIX 2.0 rules, usage errors (exit 2).
import { describe, expect, it } from 'vitest';
import { createInterface } from 'node:readline';
import { runAccord, spawnAccord } from './support/cli.js';

describe('accord pattern check', () => {
  it('prints "valid" and the canonical form', async () => {
    const r = await runAccord(['pattern', 'check', "[file:hashes.'MD5' == 'cead3f77f6cda6ec00f57d76c9a6879f'] REPEATS 2 TIMES"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("valid\n[file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f'] REPEATS 2 TIMES\n");
  });

  it('prints the error with a caret under its position, exit 1', async () => {
    const r = await runAccord(['pattern', 'check', "[file:hashes.'SHA-256' EQ 'x']"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      "invalid: at 1:24: expected a comparison operator (=, !=, <, >, <=, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET) after the object path file:hashes.'SHA-256', found 'EQ'\n" +
      "  [file:hashes.'SHA-256' EQ 'x']\n" +
      '                         ^\n');
  });

  it('reports type errors and warnings; --json for tools; --stix-version 2.0', async () => {
    const typed = await runAccord(['pattern', 'check', '[file:size < true]', '--json']);
    expect(typed.code).toBe(1);
    expect(JSON.parse(typed.stdout)).toMatchObject({ valid: false, stix_version: '2.1', errors: [{ code: 'pattern.type', line: 1, column: 14 }] });
    const warned = await runAccord(['pattern', 'check', '[foo:bar = 1]', '--json']);
    expect(warned.code).toBe(0);
    expect(JSON.parse(warned.stdout)).toMatchObject({ valid: true, canonical: '[foo:bar = 1]', warnings: [{ code: 'pattern.unknown-object-type' }] });
    const v20 = await runAccord(['pattern', 'check', '--stix-version', '2.0', '[EXISTS file:name]']);
    expect(v20.code).toBe(1);
    expect(v20.stdout).toContain('EXISTS is not part of STIX 2.0 patterning');
    const v20ok = await runAccord(['pattern', 'check', '--stix-version', '2.0', "[file:name = 'a'] START '2016-06-01T00:00:00Z' STOP '2016-07-01T00:00:00Z'"]);
    expect(v20ok.stdout).toBe("valid\n[file:name = 'a'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'\n");
  });

  it('exits 2 on usage errors', async () => {
    expect((await runAccord(['pattern', 'check'])).code).toBe(2);
    expect((await runAccord(['pattern', 'check', '[file:name = 1]', '--stix-version', '3.0'])).code).toBe(2);
    expect((await runAccord(['pattern', 'frobnicate'])).code).toBe(2);
    expect((await runAccord(['pattern'])).code).toBe(2);
  });
});

describe('accord pattern eval', () => {
  const observed = [
    { type: 'ipv4-addr', id: 'ipv4-addr--1', value: '198.51.100.7' },
    { type: 'observed-data', spec_version: '2.1', id: 'observed-data--00000000-0000-4000-8000-000000000001', first_observed: '2026-01-01T00:00:00Z', last_observed: '2026-01-01T00:00:00Z', number_observed: 1, object_refs: ['ipv4-addr--1'] },
  ];

  it('answers each line at once, in order, before the next line is written', async () => {
    const child = spawnAccord(['pattern', 'eval']);
    const answers = createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
    const ask = async (line: string): Promise<unknown> => {
      child.stdin?.write(`${line}\n`);
      const next = await answers.next();
      return JSON.parse(String(next.value)) as unknown;
    };
    try {
      expect(await ask(JSON.stringify({ pattern: "[ipv4-addr:value = '198.51.100.7']", stix_version: '2.1', observed_data: observed })))
        .toEqual({ matched: true, matched_observed_data: ['observed-data--00000000-0000-4000-8000-000000000001'] });
      expect(await ask(JSON.stringify({ pattern: "[ipv4-addr:value = '203.0.113.1']", stix_version: '2.1', observed_data: observed }))).toEqual({ matched: false, matched_observed_data: [] });
      expect(await ask(JSON.stringify({ pattern: '[ipv4-addr:value = ', observed_data: observed }))).toMatchObject({ error: { kind: 'syntax', message: expect.stringMatching(/at 1:20/) as unknown } });
      expect(await ask(JSON.stringify({ pattern: "[file:name MATCHES '(a)\\\\1']", observed_data: observed }))).toMatchObject({ error: { kind: 'syntax' } });
      const bad = observed.map((o) => (o.type === 'observed-data' ? { ...o, first_observed: 'noon' } : o));
      expect(await ask(JSON.stringify({ pattern: "[ipv4-addr:value = '198.51.100.7']", observed_data: bad }))).toMatchObject({ error: { kind: 'evaluation', message: expect.stringMatching(/first_observed is not a STIX timestamp/) as unknown } });
      expect(await ask('not json')).toMatchObject({ error: { kind: 'evaluation' } });
      expect(await ask('')).toMatchObject({ error: { kind: 'evaluation', message: 'the line is empty' } });
      const v20 = { pattern: "[ipv4-addr:value = '198.51.100.7']", stix_version: '2.0', observed_data: [{ type: 'observed-data', id: 'observed-data--00000000-0000-4000-8000-000000000002', first_observed: '2016-01-01T00:00:00Z', last_observed: '2016-01-01T00:00:00Z', number_observed: 1, objects: { 0: { type: 'ipv4-addr', value: '198.51.100.7' } } }] };
      expect(await ask(JSON.stringify(v20))).toEqual({ matched: true, matched_observed_data: ['observed-data--00000000-0000-4000-8000-000000000002'] });
    } finally {
      child.stdin?.end();
      await new Promise((done) => child.on('close', done));
    }
    expect(child.exitCode).toBe(0);
  }, 30_000);
});
