// Values of plain feeds and reports: refanging, strict recognition, extraction from free text, and
// the STIX patterns they become.
import { describe, expect, it } from 'vitest';
import { classify, extract, patternOf, patternString, refang } from './values.js';

describe('refanging', () => {
  it('writes back the defanged forms analysts use', () => {
    expect(refang('hxxps://evil[.]example(.)com/a[.]php')).toBe('https://evil.example.com/a.php');
    expect(refang('hxxp[:]//10[.]0[.]0[.]1')).toBe('http://10.0.0.1');
    expect(refang('bad (dot) example [dot] org')).toBe('bad.example.org');
    expect(refang('ops[@]example{.}net and ops(at)example.net')).toBe('ops@example.net and ops@example.net');
    expect(refang('fxp://files\\.example.org')).toBe('ftp://files.example.org');
    expect(refang('nothing to see here.')).toBe('nothing to see here.');
  });
});

describe('recognising a value', () => {
  const cases: [string, string | undefined, string?][] = [
    ['192.0.2.1', 'ipv4'], ['192.0.2.1/24', 'cidr'], ['256.1.1.1', undefined], ['01.2.3.4', undefined], ['10.0.0.0/33', undefined],
    ['2001:db8::1', 'ipv6'], ['2001:DB8:0:0:0:0:0:1', 'ipv6', '2001:db8:0:0:0:0:0:1'], ['::ffff:192.0.2.1', 'ipv6'], ['2001:db8::/32', 'cidr'],
    ['2001:db8:::1', undefined], ['1:2:3:4:5:6:7:8:9', undefined],
    ['Evil.Example.COM', 'domain', 'evil.example.com'], ['xn--80ak6aa92e.com', 'domain'], ['localhost', undefined], ['-bad.example', undefined],
    ['https://Evil.Example/Path?Q=1', 'url', 'https://evil.example/Path?Q=1'], ['hxxp://198.51.100.7:8080/x', 'url', 'http://198.51.100.7:8080/x'],
    ['javascript://x.example', undefined], ['http://not a url', undefined],
    ['Ops@Example.org', 'email', 'ops@example.org'],
    ['d41d8cd98f00b204e9800998ecf8427e', 'md5'], ['da39a3ee5e6b4b0d3255bfef95601890afd80709', 'sha1'],
    ['E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855', 'sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e', 'sha512'],
    ['d41d8cd98f00b204e9800998ecf8427', undefined], ['cve-2021-44228', 'cve', 'CVE-2021-44228'], ['AS64496', 'asn'], ['as0064496', 'asn', 'AS64496'],
    ['two words', undefined], ['', undefined],
  ];
  it.each(cases)('%s → %s', (raw, kind, value) => {
    const t = classify(raw);
    expect(t?.kind).toBe(kind);
    if (kind !== undefined) expect(t?.value).toBe(value ?? raw);
  });
});

describe('extracting values from free text', () => {
  it('finds each value once, refanged, in order, without trailing punctuation or the hosts of URLs found', () => {
    const text = `The actor used hxxps://login-update[.]example/verify.php, then 203.0.113.5 (and 203.0.113.5 again).
      Payload SHA-256 E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855; phishing from billing[@]pay-example.net.
      It exploits CVE-2021-44228 via AS64496 and talks to c2.bad-example.org and 2001:db8::bad:1. Not a value: version 1.2.3.`;
    expect(extract(text)).toEqual([
      { kind: 'url', value: 'https://login-update.example/verify.php' },
      { kind: 'ipv4', value: '203.0.113.5' },
      { kind: 'sha256', value: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
      { kind: 'email', value: 'billing@pay-example.net' },
      { kind: 'cve', value: 'CVE-2021-44228' },
      { kind: 'asn', value: 'AS64496' },
      { kind: 'domain', value: 'c2.bad-example.org' },
      { kind: 'ipv6', value: '2001:db8::bad:1' },
    ]);
  });
});

describe('the STIX pattern of a value', () => {
  it('quotes the value as the patterning grammar says and uses the object paths of the spec', () => {
    expect(patternString("it's a \\ test")).toBe("'it\\'s a \\\\ test'");
    expect(patternOf({ kind: 'ipv4', value: '192.0.2.1' })).toBe("[ipv4-addr:value = '192.0.2.1']");
    expect(patternOf({ kind: 'cidr', value: '192.0.2.0/24' })).toBe("[ipv4-addr:value ISSUBSET '192.0.2.0/24']");
    expect(patternOf({ kind: 'cidr', value: '2001:db8::/32' })).toBe("[ipv6-addr:value ISSUBSET '2001:db8::/32']");
    expect(patternOf({ kind: 'url', value: "http://x.example/it's" })).toBe("[url:value = 'http://x.example/it\\'s']");
    expect(patternOf({ kind: 'sha256', value: 'ab'.repeat(32) })).toBe(`[file:hashes.'SHA-256' = '${'ab'.repeat(32)}']`);
    expect(patternOf({ kind: 'md5', value: 'ab'.repeat(16) })).toBe(`[file:hashes.MD5 = '${'ab'.repeat(16)}']`);
    expect(patternOf({ kind: 'asn', value: 'AS64496' })).toBe('[autonomous-system:number = 64496]');
    expect(patternOf({ kind: 'cve', value: 'CVE-2021-44228' })).toBeUndefined();
  });
});
