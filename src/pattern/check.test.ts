// The type checker: what parses but STIX 2.1 §9 forbids is rejected with its position and why;
// unknown object types are only warned about.
import { describe, expect, it } from 'vitest';
import { SPEC_EXAMPLES } from './corpus.case.js';
import { isCidr, validatePattern } from './index.js';

describe('checkPattern', () => {
  it.each(SPEC_EXAMPLES)('accepts the specification\'s example (%s) without errors', (_section, text) => {
    const r = validatePattern(text);
    expect(r.ok, r.ok ? '' : r.errors.map((e) => e.message).join('\n')).toBe(true);
  });

  it.each([
    ['[file:size < true]', 14, 'pattern.type', '< cannot compare with a boolean'],
    ['[file:size >= false]', 15, 'pattern.type', '>= cannot compare with a boolean'],
    ['[file:name LIKE 5]', 17, 'pattern.type', 'LIKE takes a string'],
    ["[file:name MATCHES h'ff']", 20, 'pattern.type', 'MATCHES takes a string'],
    ['[ipv4-addr:value ISSUBSET 10]', 27, 'pattern.type', 'ISSUBSET takes a string holding an IP address or CIDR range'],
    ["[ipv4-addr:value ISSUBSET '10.0.0.0/33']", 27, 'pattern.type', 'is not one'],
    ["[ipv6-addr:value NOT ISSUPERSET 'example.com']", 33, 'pattern.type', 'ISSUPERSET takes an IPv4 or IPv6 address'],
    ['[file:name IN ()]', 15, 'pattern.type', 'IN needs at least one value'],
    ["[file:name IN ('a', 1)]", 21, 'pattern.type', 'must all be of one type: this one is an integer, the first is a string'],
    ['[file:size = 1] WITHIN 0 SECONDS', 24, 'pattern.qualifier', 'WITHIN needs a positive number of seconds, not 0'],
    ['[file:size = 1] WITHIN -5 SECONDS', 24, 'pattern.qualifier', 'not -5'],
    ['[file:size = 1] REPEATS 0 TIMES', 25, 'pattern.qualifier', 'REPEATS needs a positive integer'],
    ["[file:size = 1] START t'2016-06-01T00:00:00Z' STOP t'2016-06-01T00:00:00Z'", 52, 'pattern.qualifier', 'must be later than START'],
    ["[x_whatever:detected = t'2018-03-22T12:11:14.1Z']", 2, 'pattern.object-type', 'object type x_whatever is not a valid STIX type name'],
    ['[ab:x = 1]', 2, 'pattern.object-type', 'shorter than 3 characters'],
    ['[File:name = 1]', 2, 'pattern.object-type', 'not a valid STIX type name'],
    ["[file:File_Name = 'x']", 7, 'pattern.property-name', 'property name "File_Name" breaks the naming rules'],
    ["[file:'na me' = 'x']", 7, 'pattern.property-name', 'breaks the naming rules'],
    ["[file:name[-1] = 'x']", 11, 'pattern.path', 'list index -1 must be 0 or more'],
    ["[network-traffic:src_port = 37020 AND user-account:user_id = 'root']", 39, 'pattern.mixed-types', 'comparisons joined by AND must start from one object type'],
    ["[(file:name = 'a' OR process:name = 'b') AND file:size = 1]", 22, 'pattern.mixed-types', '(§9.3)'],
  ])('%s', (text, column, code, fragment) => {
    const r = validatePattern(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const e = r.errors[0];
    expect(e?.message).toContain(fragment);
    expect(e).toMatchObject({ code, line: 1, column, severity: 'error' });
  });

  it('allows OR across object types and numbers of both kinds in IN', () => {
    expect(validatePattern("[ipv4-addr:value = '198.51.100.1' OR domain-name:value = 'example.com']").ok).toBe(true);
    expect(validatePattern('[file:size IN (1, 2.5)]').ok).toBe(true);
  });

  it('reports every error, in source order, and a mixed AND once however deep', () => {
    const r = validatePattern("[file:size < true AND (file:name = 'a' AND process:pid = 1)] WITHIN 0 SECONDS");
    expect(!r.ok && r.errors.map((e) => e.code)).toEqual(['pattern.type', 'pattern.mixed-types', 'pattern.qualifier']);
  });

  it('warns (once per type) about types that are neither standard SCOs nor x- types', () => {
    const r = validatePattern('[foo:bar = 1 OR foo:baz = 2] AND [indicator:name = 1] AND [x-acme:y = 1]');
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => [w.code, w.column])).toEqual([['pattern.unknown-object-type', 2], ['pattern.unknown-object-type', 35]]);
    expect(r.warnings[0]?.message).toContain('object type foo is neither a STIX cyber-observable type');
  });

  it('warns when a qualifier after FOLLOWEDBY, AND or OR qualifies only the last observation', () => {
    const warn = (text: string): [string, number][] => validatePattern(text).warnings.map((w) => [w.code, w.column]);
    expect(warn("[a:x = 1] FOLLOWEDBY [b:y = 2] WITHIN 60 SECONDS")).toEqual([['pattern.qualifier-scope', 32]]);
    expect(validatePattern("[a:x = 1] AND [b:y = 2] REPEATS 2 TIMES").warnings[0]?.message).toContain('REPEATS applies to the observation just before it, not to the whole AND');
    expect(warn("([a:x = 1] FOLLOWEDBY [b:y = 2]) WITHIN 60 SECONDS")).toEqual([]);
    expect(warn("[a:x = 1] FOLLOWEDBY ([b:y = 2] WITHIN 60 SECONDS)")).toEqual([]);
    expect(warn("[a:x = 1] WITHIN 60 SECONDS FOLLOWEDBY [b:y = 2]")).toEqual([]);
  });

  it('refuses a MATCHES expression the linear-time engine cannot run, pointing into the pattern', () => {
    const text = "[file:name MATCHES 'it\\'s(a)\\\\1']";
    const r = validatePattern(text);
    expect(r.ok).toBe(false);
    const [error] = r.ok ? [] : r.errors;
    expect(error).toMatchObject({ code: 'pattern.regex' });
    expect(error?.message).toMatch(/MATCHES: .*backreference/i);
    expect(text.slice(error?.offset ?? 0)).toBe("\\\\1']");
    expect(validatePattern("[file:name MATCHES '^[a-z]+\\\\.exe$']").ok).toBe(true);
  });

  it('isCidr: IPv4 and IPv6 addresses and ranges', () => {
    for (const ok of ['10.0.0.0/8', '198.51.100.7', '0.0.0.0/0', '2001:db8::/32', '::1', '::', '::ffff:192.0.2.1/128', '2001:0db8:dead:beef:0000:0000:0000:0000/64']) expect(isCidr(ok), ok).toBe(true);
    for (const bad of ['10.0.0.0/33', '256.0.0.1', '10.0.0', '2001:db8::/129', '1::2::3', '2001:db8:0:0:0:0:0:0:1', 'example.com', '10.0.0.0/', '10.0.0.0/8/8', '']) expect(isCidr(bad), bad).toBe(false);
  });
});
