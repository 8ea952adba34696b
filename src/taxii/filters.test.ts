import { describe, expect, it } from 'vitest';
import { AccordError } from '../store/index.js';
import { thrown } from '../../test/support/thrown.js';
import { fingerprintInput, MAX_PAGE, parseFilters, parseNoParameters, rawQuery, storeQueries } from './filters.js';

const ID = 'indicator--3600ad1b-fff1-4c98-bcc9-4de3bc2e2ffb';
const ID2 = 'sighting--4600ad1b-fff1-4c58-bcc9-4de3bc5e2ffd';
const bad = (raw: string, endpoint: Parameters<typeof parseFilters>[1] = 'objects'): AccordError => thrown(() => parseFilters(raw, endpoint), AccordError);

describe('TAXII filters (§3.4, §3.4.1)', () => {
  it('applies the spec\'s defaults when no filter is given', () => {
    expect(parseFilters('', 'objects')).toEqual({ versions: { all: false, first: false, last: true, timestamps: [] } });
    expect(parseFilters('', 'manifest').versions).toEqual({ all: false, first: false, last: true, timestamps: [] });
    expect(parseFilters('', 'object').versions).toEqual({ all: false, first: false, last: true, timestamps: [] });
    expect(parseFilters('', 'versions').versions).toEqual({ all: true });
    expect(parseFilters('', 'delete').versions).toEqual({ all: true });
  });

  it('reads every filter, comma-separated values ORed, brackets encoded or not', () => {
    const f = parseFilters(`added_after=2024-05-01T00:00:00.123456Z&limit=50&match%5Bid%5D=${ID},${ID2}&match[type]=indicator,x-custom-thing&match[version]=first,2018-03-02T01:01:01.123Z,last&match[spec_version]=2.0,2.1`, 'objects');
    expect(f).toEqual({
      addedAfter: Date.UTC(2024, 4, 1) * 1000 + 123456, limit: 50, ids: [ID, ID2], types: ['indicator', 'x-custom-thing'],
      versions: { all: false, first: true, last: true, timestamps: ['2018-03-02T01:01:01.123Z'] }, specVersions: ['2.0', '2.1'],
    });
    expect(parseFilters('match[version]=all', 'objects').versions).toEqual({ all: true });
    // added_after with any precision; finer than a microsecond is truncated (stamps are whole µs).
    expect(parseFilters('added_after=2024-05-01T00:00:00Z', 'objects').addedAfter).toBe(Date.UTC(2024, 4, 1) * 1000);
    expect(parseFilters('added_after=2024-05-01T00:00:00.1234569Z', 'objects').addedAfter).toBe(Date.UTC(2024, 4, 1) * 1000 + 123456);
  });

  it('caps limit at the server\'s page size', () => {
    expect(parseFilters('limit=999999', 'objects').limit).toBe(MAX_PAGE);
  });

  it('refuses malformed values with 400 naming the parameter', () => {
    const cases: [string, RegExp][] = [
      ['match[version]=yesterday', /match\[version\].*yesterday/],
      ['limit=-1', /limit must be a positive integer/],
      ['limit=0', /limit/],
      ['limit=1.5', /limit/],
      ['limit=', /limit/],
      ['limit=99999999999999999999', /limit/],
      ['added_after=yesterday', /added_after/],
      ['added_after=2024-05-01T00:00:00+02:00', /added_after/],
      ['added_after=2024-02-30T00:00:00Z', /added_after/],
      ['match[id]=../../etc/passwd', /match\[id\]/],
      ['match[type]=Indicator', /match\[type\]/],
      ['match[type]=indicator, malware', /match\[type\]/],
      ['match[type]=indicator,,malware', /empty value/],
      ['match[spec_version]=two', /match\[spec_version\]/],
      ['next=', /next/],
    ];
    for (const [raw, message] of cases) {
      const e = bad(raw);
      expect(e.kind, raw).toBe('invalid');
      expect(e.code, raw).toBe('taxii.bad-filter');
      expect(e.message, raw).toMatch(message);
    }
  });

  it('refuses a parameter given twice, and a version named twice or "all" with another', () => {
    expect(bad('added_after=2024-01-01T00:00:00Z&added_after=2024-02-01T00:00:00Z').message).toMatch(/only once/);
    expect(bad('match[type]=indicator&match%5Btype%5D=malware').message).toMatch(/only once/);
    expect(bad('limit=5&limit=5').message).toMatch(/only once/);
    expect(bad('match[version]=last,last').message).toMatch(/twice/);
    expect(bad('match[version]=2018-03-02T01:01:01.1Z,2018-03-02T01:01:01.100Z').message).toMatch(/twice/);
    expect(bad('match[version]=all,last').message).toMatch(/MUST NOT be used with any other/);
    expect(bad(`match[id]=${ID},${ID}`).message).toMatch(/twice/);
  });

  it('takes on each endpoint only what its table lists, and ignores match fields it does not know', () => {
    expect(parseFilters('match[confidence]=90&match[type]=indicator', 'objects').types).toEqual(['indicator']);
    expect(bad(`match[id]=${ID}`, 'object').message).toMatch(/does not take match\[id\]/);
    expect(bad('match[type]=indicator', 'object').message).toMatch(/does not take/);
    expect(bad('match[version]=all', 'versions').message).toMatch(/does not take/);
    expect(bad('limit=10', 'delete').message).toMatch(/does not take limit/);
    expect(bad('format=json').message).toMatch(/does not take format/);
    expect(() => parseNoParameters('')).not.toThrow();
    expect(() => parseNoParameters('match[x]=1')).not.toThrow();
    expect(thrown(() => parseNoParameters('limit=1'), AccordError).code).toBe('taxii.bad-filter');
  });

  it('finds the raw query of a URL', () => {
    expect(rawQuery('/taxii2/accord/collections/x/objects/?limit=1&next=a')).toBe('limit=1&next=a');
    expect(rawQuery('/taxii2/')).toBe('');
  });

  it('turns version unions into one store query per selector', () => {
    const f = parseFilters('match[type]=indicator&match[version]=first,last,2018-03-02T01:01:01.123Z&match[spec_version]=2.1', 'objects');
    expect(storeQueries(f)).toEqual([
      { types: ['indicator'], specVersions: ['2.1'], versions: 'first' },
      { types: ['indicator'], specVersions: ['2.1'], versions: 'last' },
      { types: ['indicator'], specVersions: ['2.1'], versions: 'all', versionTimestamps: ['2018-03-02T01:01:01.123Z'] },
    ]);
    expect(storeQueries(parseFilters('', 'object'), { ids: [ID] })).toEqual([{ ids: [ID], versions: 'last' }]);
    expect(storeQueries(parseFilters('', 'versions'), { ids: [ID] })).toEqual([{ ids: [ID], versions: 'all' }]);
  });

  it('fingerprints what selects objects, not limit or next', () => {
    const a = fingerprintInput('objects', 'c', undefined, parseFilters('match[type]=indicator&limit=5', 'objects'));
    const b = fingerprintInput('objects', 'c', undefined, parseFilters('match[type]=indicator&limit=50&next=x', 'objects'));
    expect(a).toEqual(b);
    expect(fingerprintInput('objects', 'c', undefined, parseFilters('match[type]=malware', 'objects'))).not.toEqual(a);
    expect(fingerprintInput('manifest', 'c', undefined, parseFilters('match[type]=indicator', 'manifest'))).not.toEqual(a);
    expect(fingerprintInput('objects', 'd', undefined, parseFilters('match[type]=indicator', 'objects'))).not.toEqual(a);
  });
});
