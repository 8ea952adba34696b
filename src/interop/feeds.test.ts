// Plain feeds into STIX: lists, CSV with a column, free text; every skipped line reported; the
// objects valid STIX (checked with the node's own validator), deterministic, marked and dated.
import { describe, expect, it } from 'vitest';
import { tlpMarkingId, validateObject } from '../stix/index.js';
import { convertFeed, csvRows, guessFeedFormat } from './feeds.js';

const options = { name: 'Example blocklist', tlp: 'green' as const, validFrom: '2027-01-01T00:00:00.000Z', validUntil: '2027-02-01T00:00:00.000Z' };

describe('a plain list', () => {
  const text = '# example feed\n198.51.100.7\nhxxp://bad[.]example/x  # phishing\n\nnot-a-value!\nd41d8cd98f00b204e9800998ecf8427e\n198.51.100.7\nCVE-2021-44228\n';
  it('becomes one indicator per value (a vulnerability for a CVE), each once, and names the lines it skipped', () => {
    const r = convertFeed(text, 'list', options);
    expect(r.skipped).toEqual([{ line: 5, text: 'not-a-value!', reason: expect.stringMatching(/not a recognised value/) as unknown }]);
    expect(r.objects.map((o) => [o.type, o.pattern ?? o.name])).toEqual([
      ['indicator', "[ipv4-addr:value = '198.51.100.7']"],
      ['indicator', "[url:value = 'http://bad.example/x']"],
      ['indicator', "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']"],
      ['vulnerability', 'CVE-2021-44228'],
    ]);
    for (const o of r.objects) {
      expect(validateObject(o).issues, JSON.stringify(o)).toEqual([]);
      expect(o).toMatchObject({ object_marking_refs: [tlpMarkingId('green')], created: options.validFrom, modified: options.validFrom });
    }
    expect(r.objects[0]).toMatchObject({ valid_from: options.validFrom, valid_until: options.validUntil, pattern_type: 'stix', pattern_version: '2.1' });
    // The same feed, the same settings: the same objects (ids are UUIDv5 of the feed name and value).
    expect(convertFeed(text, 'list', options).objects).toEqual(r.objects);
    expect(convertFeed(text, 'list', { ...options, name: 'Another feed' }).objects[0]?.id).not.toBe(r.objects[0]?.id);
  });

  it('refuses a validity that ends before it starts', () => {
    expect(() => convertFeed('', 'list', { ...options, validUntil: '2026-01-01T00:00:00.000Z' })).toThrow(expect.objectContaining({ code: 'feed.bad-validity' }) as Error);
  });
});

describe('a CSV feed', () => {
  it('reads RFC 4180 fields and takes the value from the named or numbered column', () => {
    expect(csvRows('a,"b,c","d ""e"""\r\n"multi\nline",2\n')).toEqual([{ line: 1, cells: ['a', 'b,c', 'd "e"'] }, { line: 2, cells: ['multi\nline', '2'] }]);
    const csv = 'first_seen,indicator,comment\n2027-01-01,evil.example,"c2, seen twice"\n2027-01-02,"203.0.113.9",\n2027-01-03,???,x\n';
    const byName = convertFeed(csv, 'csv', { ...options, column: 'Indicator' });
    expect(byName.objects.map((o) => o.pattern)).toEqual(["[domain-name:value = 'evil.example']", "[ipv4-addr:value = '203.0.113.9']"]);
    expect(byName.skipped).toEqual([{ line: 4, text: '???', reason: expect.stringMatching(/column 1 is not a recognised value/) as unknown }]);
    const byIndex = convertFeed('evil.example;x\n', 'csv', { ...options, column: 0, delimiter: ';' });
    expect(byIndex.objects).toHaveLength(1);
    expect(() => convertFeed(csv, 'csv', { ...options, column: 'ioc' })).toThrow(expect.objectContaining({ code: 'feed.no-such-column' }) as Error);
    expect(() => csvRows('"open')).toThrow(expect.objectContaining({ code: 'feed.bad-csv' }) as Error);
  });
});

describe('free text', () => {
  it('yields the indicators a report mentions', () => {
    const r = convertFeed('The C2 was hxxps://c2[.]example/gate and 198.51.100.23; see CVE-2024-3400.', 'text', options);
    expect(r.values.map((v) => v.kind)).toEqual(['url', 'ipv4', 'cve']);
    expect(r.objects).toHaveLength(3);
  });

  it('is told apart from a list and a CSV file', () => {
    expect(guessFeedFormat('198.51.100.7\nevil.example\n# c\n')).toBe('list');
    expect(guessFeedFormat('a,b\n1,2\n', 'feed.csv')).toBe('csv');
    expect(guessFeedFormat('The actor used evil.example to deliver its payload to many victims.\nMore prose here.')).toBe('text');
  });
});
