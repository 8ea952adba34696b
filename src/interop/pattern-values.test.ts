// Reading the values of simple indicator patterns for device lists, and refusing everything else with the reason.
import { describe, expect, it } from 'vitest';
import { valuesOfPattern } from './pattern-values.js';

describe('the values of a pattern', () => {
  it('reads ORed equalities on single values, in and between observations', () => {
    expect(valuesOfPattern("[ipv4-addr:value = '198.51.100.7']")).toEqual({ values: [{ kind: 'ipv4', value: '198.51.100.7' }] });
    expect(valuesOfPattern("[domain-name:value = 'a.example' OR domain-name:value = 'b.example'] OR [url:value = 'http://c.example/it\\'s']")).toEqual({
      values: [{ kind: 'domain', value: 'a.example' }, { kind: 'domain', value: 'b.example' }, { kind: 'url', value: "http://c.example/it's" }],
    });
    expect(valuesOfPattern("[ipv4-addr:value ISSUBSET '192.0.2.0/24']")).toEqual({ values: [{ kind: 'cidr', value: '192.0.2.0/24' }] });
    expect(valuesOfPattern("[file:hashes.'SHA-256' = 'ab'] OR [file:hashes.MD5 = 'cd']")).toEqual({ values: [{ kind: 'sha256', value: 'ab' }, { kind: 'md5', value: 'cd' }] });
    expect(valuesOfPattern("[email-addr:value='x@y.example']")).toEqual({ values: [{ kind: 'email', value: 'x@y.example' }] });
  });

  it('refuses what a device list cannot carry, saying why', () => {
    const cases: [string, RegExp][] = [
      ["[ipv4-addr:value = '1.2.3.4' AND ipv4-addr:value = '5.6.7.8']", /AND where OR or \] was expected/],
      ["[ipv4-addr:value = '1.2.3.4'] FOLLOWEDBY [ipv4-addr:value = '5.6.7.8']", /FOLLOWEDBY between observations/],
      ["[ipv4-addr:value = '1.2.3.4'] WITHIN 5 SECONDS", /WITHIN between observations/],
      ["[domain-name:value LIKE '%.example']", /operator LIKE/],
      ["[network-traffic:dst_port = 443]", /compared with 443, not a string/],
      ["[process:name = 'evil.exe']", /process:name = is not a value a device list can carry/],
      ["[url:value = 'open", /not closed/],
      ["[url:value = 'bad \\x']", /not an escape/],
    ];
    for (const [pattern, reason] of cases) {
      const r = valuesOfPattern(pattern);
      expect('reason' in r ? r.reason : 'read', pattern).toMatch(reason);
    }
  });
});
