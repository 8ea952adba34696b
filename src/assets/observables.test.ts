import { describe, expect, it } from 'vitest';
import { patternObservables } from './observables.js';

describe('the values a pattern compares with', () => {
  it('reads =, IN, ISSUBSET, ISSUPERSET and LIKE suffixes anywhere, and leaves out negations and strings inside strings', () => {
    const p = "([ipv4-addr:value='192.0.2.1' AND file:name = 'ipv4-addr:value = \\'10.0.0.1\\''] OR [domain-name:resolves_to_refs[*].value IN ('198.51.100.0/24' , 'x.example')])" +
      " FOLLOWEDBY [url:value NOT = 'http://no.example/'] AND [ipv6-addr:value != '2001:db8::1'] WITHIN 300 SECONDS OR [domain-name:value LIKE '%.grid.example']" +
      " OR [ipv4-addr:value ISSUPERSET '203.0.113.9'] OR [email-message:from_ref.value = 'ceo@grid.example'] OR [file:hashes.'SHA-256' = 'aa']";
    expect(patternObservables(p).map((o) => `${o.kind} ${o.value}`)).toEqual([
      'ip 192.0.2.1', 'ip 198.51.100.0/24', 'domain x.example', 'domain-suffix grid.example', 'ip 203.0.113.9', 'email ceo@grid.example',
    ]);
  });

  it('reads nothing from a pattern that does not parse, however hostile (1 MB, nested 10,000 deep, unclosed string)', () => {
    const started = Date.now();
    expect(patternObservables(`${'a'.repeat(1 << 20)}:`)).toEqual([]);
    expect(patternObservables(`${'('.repeat(10_000)}[ipv4-addr:value = '192.0.2.1']${')'.repeat(10_000)}`)).toEqual([]);
    expect(patternObservables(`${'('.repeat(200)}[ipv4-addr:value = '192.0.2.1']${')'.repeat(200)}`)).toHaveLength(1);
    expect(patternObservables(`[ipv4-addr:value = '${'x'.repeat(1 << 20)}`)).toEqual([]);
    expect(patternObservables(`[x:${'a.'.repeat(1 << 19)}valuX = '192.0.2.1']`)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
