// The evaluator against cases written from STIX 2.1 §9 and the OASIS reference matcher's
// documented behaviour: comparison operators and types, object paths through references, roots
// under AND, observation operators and their bindings, qualifiers and number_observed, STIX 2.0
// data, and errors in the data.
import { describe, expect, it } from 'vitest';
import { evaluatePattern, PatternEvaluationError, validatePattern, type PatternVersion } from './index.js';

function run(pattern: string, items: readonly unknown[], version?: PatternVersion): { matched: boolean; ids: readonly string[] } {
  const v = validatePattern(pattern, { version: version ?? '2.1' });
  if (!v.ok) throw new Error(`invalid pattern ${pattern}: ${v.errors.map((e) => e.message).join('; ')}`);
  const r = evaluatePattern(v.pattern, items, version);
  return { matched: r.matched, ids: r.matchedObservedData };
}

/** A 2.1 observed-data referring to SCOs, at one instant. */
function od(id: string, at: string, refs: readonly string[], count = 1, last = at): Record<string, unknown> {
  return { type: 'observed-data', spec_version: '2.1', id: `observed-data--${id}`, first_observed: at, last_observed: last, number_observed: count, object_refs: refs };
}

const people = [
  { type: 'x-person', id: 'x-person--a', name: 'alice', age: 10 },
  { type: 'x-person', id: 'x-person--b', name: 'bob', age: 17 },
  { type: 'x-person', id: 'x-person--c', name: 'carol', age: 22 },
  od('00000000-0000-4000-8000-00000000000a', '2004-10-11T21:44:58Z', ['x-person--a']),
  od('00000000-0000-4000-8000-00000000000b', '2008-05-09T01:21:58.6Z', ['x-person--b']),
  od('00000000-0000-4000-8000-00000000000c', '2006-11-03T07:42:18.96Z', ['x-person--c']),
];
const A = 'observed-data--00000000-0000-4000-8000-00000000000a';
const B = 'observed-data--00000000-0000-4000-8000-00000000000b';
const C = 'observed-data--00000000-0000-4000-8000-00000000000c';

describe('observation operators', () => {
  it.each([
    "[x-person:name='alice'] AND [x-person:age>20]",
    "[x-person:name='alice'] OR [x-person:name='carol']",
    "[x-person:name='alice'] OR [x-person:name='zelda']",
    "[x-person:age>10] OR [x-person:name='bob'] OR [x-person:name>'amber']",
    "[x-person:name='alice'] FOLLOWEDBY [x-person:name>'bill']",
    "[x-person:age > 20] OR ([x-person:name > 'zelda'] FOLLOWEDBY [x-person:age < 0])",
    "[x-person:age > 20] OR [x-person:name > 'zelda'] AND [x-person:age < 0]",
    "([x-person:name='carol'] FOLLOWEDBY [x-person:name < 'elizabeth']) AND [x-person:age < 15]",
  ])('matches %s', (p) => expect(run(p, people).matched).toBe(true));

  it.each([
    "[x-person:name='alice'] AND [x-person:name='zelda']",
    "[x-person:name='alice'] AND [x-person:age=10]",
    "[x-person:name='alice'] FOLLOWEDBY [x-person:age=10]",
    "[x-person:name='mary'] OR [x-person:name='zelda']",
    "[x-person:name='bob'] FOLLOWEDBY [x-person:age<15]",
    "[x-person:age > 20] OR [x-person:name > 'zelda'] FOLLOWEDBY [x-person:age < 0]",
    "([x-person:age > 20] OR [x-person:name > 'zelda']) AND [x-person:age < 0]",
    "[x-person:name='carol'] FOLLOWEDBY [x-person:name < 'elizabeth'] AND [x-person:age < 15]",
  ])('does not match %s', (p) => expect(run(p, people).matched).toBe(false));

  it('reports the observed-data of the first binding, in input order', () => {
    expect(run("[x-person:name='carol'] OR [x-person:name='alice']", people).ids).toEqual([C]);
    expect(run("[x-person:name='alice'] AND [x-person:name='carol']", people).ids).toEqual([A, C]);
    expect(run("[x-person:name='carol'] FOLLOWEDBY [x-person:name='bob']", people).ids).toEqual([B, C]);
    expect(run("[x-person:age > 0]", people).ids).toEqual([A]);
    expect(run("[x-person:name='zelda']", people)).toEqual({ matched: false, ids: [] });
  });
});

describe('qualifiers', () => {
  const timed = [
    { type: 'x-person', id: 'x-person--a', name: 'alice' },
    { type: 'x-person', id: 'x-person--b', name: 'bob' },
    { type: 'x-person', id: 'x-person--c', name: 'carol' },
    od('00000000-0000-4000-8000-00000000000a', '1994-11-29T13:37:52Z', ['x-person--a']),
    od('00000000-0000-4000-8000-00000000000b', '1994-11-29T13:37:57Z', ['x-person--b']),
    od('00000000-0000-4000-8000-00000000000c', '1994-11-29T13:38:02Z', ['x-person--c']),
  ];
  it.each([
    "[x-person:name = 'bob'] WITHIN 1 SECONDS",
    "[x-person:name = 'bob'] WITHIN 0.0001 SECONDS",
    "([x-person:name = 'alice'] AND [x-person:name < 'carol']) WITHIN 5 SECONDS",
    "([x-person:name = 'alice'] OR [x-person:name = 'darlene']) WITHIN 1 SECONDS",
    "[x-person:name = 'bob'] START t'1994-11-29T13:37:57Z' STOP t'1994-11-29T13:37:58Z'",
    "([x-person:name LIKE 'a%'] AND [x-person:name = 'bob']) START t'1994-11-29T13:37:50Z' STOP t'1994-11-29T13:37:58Z'",
    "[x-person:name MATCHES ''] REPEATS 2 TIMES START t'1994-11-29T13:37:50Z' STOP t'1994-11-29T13:37:58Z'",
  ])('matches %s', (p) => expect(run(p, timed).matched).toBe(true));

  it.each([
    "([x-person:name = 'alice'] AND [x-person:name < 'carol']) WITHIN 4 SECONDS",
    "([x-person:name = 'alice'] AND [x-person:name < 'carol']) WITHIN 4.9999 SECONDS",
    "[x-person:name = 'elizabeth'] WITHIN 10 SECONDS",
    "[x-person:name = 'bob'] START t'1994-11-29T13:37:58Z' STOP t'1994-11-29T13:37:59Z'",
    // Touching only the stop instant does not count: [start, stop).
    "[x-person:name = 'bob'] START t'1994-11-29T13:37:50Z' STOP t'1994-11-29T13:37:57Z'",
    "[x-person:name MATCHES ''] REPEATS 3 TIMES START t'1994-11-29T13:37:50Z' STOP t'1994-11-29T13:37:58Z'",
  ])('does not match %s', (p) => expect(run(p, timed).matched).toBe(false));

  it('counts number_observed as that many observations for REPEATS', () => {
    const data = [{ type: 'ipv4-addr', id: 'ipv4-addr--1', value: '198.51.100.7' }, od('00000000-0000-4000-8000-0000000000d1', '2026-01-01T00:00:00Z', ['ipv4-addr--1'], 3, '2026-01-01T00:05:00Z')];
    expect(run("[ipv4-addr:value = '198.51.100.7'] REPEATS 3 TIMES", data)).toEqual({ matched: true, ids: ['observed-data--00000000-0000-4000-8000-0000000000d1'] });
    expect(run("[ipv4-addr:value = '198.51.100.7'] REPEATS 4 TIMES", data).matched).toBe(false);
  });
});

describe('comparisons', () => {
  const data = [
    { type: 'domain-name', id: 'domain-name--d', value: 'c2.evil.example', resolves_to_refs: ['ipv4-addr--i', 'ipv6-addr--j'] },
    { type: 'ipv4-addr', id: 'ipv4-addr--i', value: '198.51.100.7' },
    { type: 'ipv6-addr', id: 'ipv6-addr--j', value: '2001:db8::7' },
    { type: 'network-traffic', id: 'network-traffic--n', dst_ref: 'ipv4-addr--i', dst_port: 443, protocols: ['ipv4', 'tcp'] },
    { type: 'file', id: 'file--f', name: 'Invoice.exe', size: 73802, hashes: { 'SHA-256': 'ab'.repeat(32) }, ctime: '2026-01-02T03:04:05.123Z' },
    { type: 'file', id: 'file--g', name: 'readme.txt', size: 10 },
    { type: 'artifact', id: 'artifact--x', payload_bin: Buffer.from('MZ\x90\x00evil payload').toString('base64') },
    od('00000000-0000-4000-8000-0000000000e1', '2026-01-01T00:00:00Z', ['domain-name--d', 'ipv4-addr--i', 'ipv6-addr--j', 'network-traffic--n', 'file--f', 'file--g', 'artifact--x']),
  ];
  it.each([
    "[domain-name:value = 'c2.evil.example']",
    "[domain-name:value != 'other.example']",
    "[domain-name:resolves_to_refs[*].value = '198.51.100.7']",
    "[domain-name:resolves_to_refs[1].value = '2001:db8::7']",
    "[network-traffic:dst_ref.value ISSUBSET '198.51.100.0/24']",
    "[network-traffic:dst_port IN (80, 443)]",
    "[network-traffic:protocols[*] = 'tcp']",
    "[ipv6-addr:value ISSUBSET '2001:db8::/32']",
    "[ipv4-addr:value ISSUPERSET '198.51.100.7']",
    "[file:hashes.'SHA-256' = '" + 'ab'.repeat(32) + "']",
    "[file:name LIKE '%.exe']",
    "[file:name MATCHES '^[A-Z][a-z]+\\\\.exe$']",
    "[file:size > 70000 AND file:name = 'Invoice.exe']",
    "[file:size >= 73802.0]",
    "[file:ctime > t'2026-01-01T00:00:00Z']",
    "[file:name NOT LIKE '%.txt' AND file:size > 1000]",
    "[artifact:payload_bin MATCHES 'evil']",
    "[artifact:payload_bin = b'" + Buffer.from('MZ\x90\x00evil payload').toString('base64') + "']",
    '[NOT EXISTS file:hashes.MD5]',
    '[EXISTS file:hashes.\'SHA-256\']',
  ])('matches %s', (p) => expect(run(p, data).matched).toBe(true));

  it.each([
    "[domain-name:value = 'C2.EVIL.EXAMPLE']",
    "[domain-name:resolves_to_refs[5].value = '198.51.100.7']",
    "[network-traffic:dst_ref.value ISSUBSET '203.0.113.0/24']",
    "[ipv6-addr:value ISSUBSET '198.51.100.0/24']",
    // Both comparisons must hold for the same file: one file has the size, the other the name.
    "[file:size > 70000 AND file:name = 'readme.txt']",
    "[file:name LIKE '%.pdf']",
    '[file:size < 5]',
    '[EXISTS file:hashes.MD5 AND file:size = 10]',
  ])('does not match %s', (p) => expect(run(p, data).matched).toBe(false));
});

describe('STIX 2.0 data and errors', () => {
  it('evaluates observed-data that embed their objects (2.0), references by key', () => {
    const data = [{
      type: 'observed-data', id: 'observed-data--00000000-0000-4000-8000-0000000000f1', first_observed: '2017-01-01T00:00:00Z', last_observed: '2017-01-01T00:00:00Z', number_observed: 1,
      objects: { 0: { type: 'ipv4-addr', value: '203.0.113.9' }, 1: { type: 'network-traffic', dst_ref: '0', dst_port: 22, protocols: ['tcp'] } },
    }];
    expect(run("[network-traffic:dst_ref.value = '203.0.113.9' AND network-traffic:dst_port = 22]", data, '2.0')).toEqual({ matched: true, ids: ['observed-data--00000000-0000-4000-8000-0000000000f1'] });
    const v = validatePattern("[ipv4-addr:value = '203.0.113.9']");
    expect(v.ok && evaluatePattern(v.pattern, data).matched).toBe(true);
  });

  it('names what is wrong in the data', () => {
    const v = validatePattern("[file:ctime > t'2026-01-01T00:00:00Z']");
    if (!v.ok) throw new Error('pattern');
    const bad = (items: unknown[]): string => {
      try {
        evaluatePattern(v.pattern, items);
        return 'no error';
      } catch (e) {
        expect(e).toBeInstanceOf(PatternEvaluationError);
        return (e as Error).message;
      }
    };
    expect(bad([{ ...od('00000000-0000-4000-8000-0000000000f2', '2026-01-01 00:00:00', []) }])).toMatch(/first_observed is not a STIX timestamp/);
    expect(bad([{ ...od('00000000-0000-4000-8000-0000000000f2', '2026-01-01T00:00:00Z', []), number_observed: 0 }])).toMatch(/number_observed must be an integer of at least 1/);
    expect(bad([{ type: 'file', id: 'file--z', ctime: 'yesterday' }, od('00000000-0000-4000-8000-0000000000f3', '2026-01-01T00:00:00Z', ['file--z'])])).toMatch(/invalid timestamp in the observed data: "yesterday"/);
  });
});
