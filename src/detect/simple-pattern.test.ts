import { describe, expect, it } from 'vitest';
import { validatePattern } from '../pattern/index.js';
import { parseIndicatorPattern, simplePattern } from './simple-pattern.js';

describe('simplePattern', () => {
  const paths = ['ipv4-addr:value', 'ipv6-addr:value', 'domain-name:value', 'url:value', 'email-addr:value', 'file:name', "file:hashes.'SHA-256'", "file:hashes.'MD5'", "x509-certificate:hashes.'SHA-1'",
    'file:hashes.MD5', "file:hashes.'SHA 256'", 'artifact:payload_bin', 'Domain-name:value', 'x-custom:value', 'ipv4-addr:Value', "file:hashes.'sha-256'"];
  const values = ['198.51.100.7', '203.0.113.0/24', '2001:db8::/32', '300.1.1.1/8', '%.evil.example', 'evil.example', 'http://x.example/a?b=c', '', "it\\'s", 'a\\\\b', 'ab'.repeat(32), 'ünï'];
  const operators = ['=', 'LIKE', 'ISSUBSET', '!=', 'MATCHES', 'IN'];

  it('gives exactly the AST (and result) validatePattern gives, or leaves the pattern to it', () => {
    let fast = 0;
    for (const p of paths) for (const op of operators) for (const v of values) {
      for (const text of [`[${p} ${op} '${v}']`, `[${p}  ${op} '${v}']`, `[${p} ${op} '${v}'] `, `[${p} ${op} '${v}' AND ${p} = 'x']`]) {
        const quick = simplePattern(text);
        if (quick !== undefined) {
          fast++;
          expect(quick, text).toEqual(validatePattern(text));
        }
        expect(parseIndicatorPattern(text), text).toEqual(validatePattern(text));
      }
    }
    expect(fast).toBeGreaterThan(100);
  });
});
