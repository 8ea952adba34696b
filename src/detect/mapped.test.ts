// Mapped JSON lines: the mapping's checks (every bad entry named) and events read through it.
import { describe, expect, it } from 'vitest';
import { AccordError } from '../stix/index.js';
import { P } from './event.js';
import { event } from './readers.case.js';
import { mappedJsonReader, objectPathKey, parseMapping } from './mapped.js';

const problem = (json: unknown): string => {
  try {
    parseMapping(json);
  } catch (e) {
    expect(e).toBeInstanceOf(AccordError);
    expect((e as AccordError).code).toBe('detect.bad-mapping');
    return (e as Error).message;
  }
  throw new Error('the mapping was accepted');
};

describe('parseMapping', () => {
  it('parses object paths with the patterning grammar, as the index keys them', () => {
    expect(objectPathKey("file:hashes.'SHA-256'")).toBe(P.sha256);
    expect(objectPathKey('network-traffic:dst_ref.value')).toBe(P.dstRef);
    expect(objectPathKey("network-traffic:protocols[*]")).toBe(P.protocols);
    expect(objectPathKey('ipv4-addr:value] OR [x:y')).toMatchObject({ error: expect.any(String) as unknown });
  });

  it('names every bad entry', () => {
    const m = problem({ fields: { src: 'ipv4-addr value', dst: 'ipv4-addr:value', hash: 7, '': 'url:value' }, time: '', extra: 1 });
    expect(m).toContain('"extra" is not a mapping member');
    expect(m).toContain('"time" must name a field');
    expect(m).toContain('fields["src"]: "ipv4-addr value" is not a STIX object path: at character 11: expected \':\' after the object type ipv4-addr');
    expect(problem({ fields: { a: 'file:' } })).toContain('fields["a"]: "file:" is not a STIX object path: incomplete: expected a property name after the object type, found the end');
    expect(m).toContain('fields["hash"]: must be a STIX object path (a string such as "ipv4-addr:value"), not 7');
    expect(m).toContain('fields[""]: the event field is empty');
    expect(m).not.toContain('fields["dst"]');
    expect(problem({ fields: {} })).toMatch(/"fields" must be an object mapping at least one/);
    expect(problem([])).toMatch(/a mapping is a JSON object/);
  });
});

describe('mappedJsonReader', () => {
  const mapping = parseMapping({
    fields: {
      'source.ip': 'network-traffic:src_ref.value', 'destination.ip': 'network-traffic:dst_ref.value', 'destination.port': 'network-traffic:dst_port',
      'url.full': 'url:value', 'dns.question.name': 'domain-name:value', 'file.hash.sha256': "file:hashes.'SHA-256'", 'dns.answers.data': 'ipv4-addr:value',
      'user.name': 'user-account:user_id',
    },
    time: '@timestamp', type: 'event.action',
  });
  const read = mappedJsonReader(mapping);

  it('reads nested, flat-dotted and listed fields with the built-in readers\' normalisation', () => {
    const e = event(read(JSON.stringify({
      '@timestamp': '2026-11-27T10:00:00.5+01:00', event: { action: 'dns-query' }, source: { ip: '10.0.0.5' }, 'destination.ip': '2001:DB8::1', destination: { port: '53' },
      url: { full: 'https://Evil.Example/x' }, dns: { question: { name: 'Evil.Example.' }, answers: [{ data: '203.0.113.5' }, { data: '203.0.113.6' }] },
      file: { hash: { sha256: 'AB'.repeat(32) } }, user: { name: 'Bob' },
    })));
    expect(e).toMatchObject({ type: 'dns-query', time: '2026-11-27T09:00:00.500Z' });
    expect(Object.fromEntries(e.values)).toEqual({
      [P.ipv4]: ['10.0.0.5', '203.0.113.5', '203.0.113.6'], [P.srcRef]: ['10.0.0.5'], [P.ipv6]: ['2001:db8::1'], [P.dstRef]: ['2001:db8::1'], [P.dstPort]: [53],
      [P.url]: ['https://Evil.Example/x'], [P.domain]: ['evil.example'], [P.sha256]: ['ab'.repeat(32)], [P.user]: ['Bob'],
    });
  });

  it('gives the default type and no time when the fields are absent; skips what is not a JSON object', () => {
    expect(event(read('{"source":{"ip":"10.0.0.5"},"@timestamp":1764237600}'))).toMatchObject({ type: 'json', time: '2025-11-27T10:00:00.000Z' });
    expect(read('{"source":')).toMatchObject({ skip: expect.stringMatching(/^not JSON/) as unknown });
    expect(read('"a string"')).toEqual({ skip: 'not a JSON object' });
  });
});
