// `accord pattern check` as a real process: "valid" and the canonical form (exit 0), the error
// with a caret under its position (exit 1), JSON output, STIX 2.0 rules, usage errors (exit 2).
import { describe, expect, it } from 'vitest';
import { runAccord } from './support/cli.js';

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
