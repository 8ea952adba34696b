// CSV logs: the header line, rows read through the mapping, bad rows skipped with their reason.
import { describe, expect, it } from 'vitest';
import { csvLogReader } from './csv-log.js';
import { P } from './event.js';
import { event } from './readers.case.js';
import { parseMapping } from './mapped.js';

const mapping = parseMapping({ fields: { client: 'network-traffic:src_ref.value', 'url requested': 'url:value', sha256: "file:hashes.'SHA-256'" }, time: 'time', type: 'action' });

describe('csvLogReader', () => {
  it('reads the header, then rows by column name (quoted fields with commas and quotes)', () => {
    const read = csvLogReader(mapping);
    expect(read('time,action,client,url requested,sha256,note')).toEqual({ skip: 'CSV header line', meta: true });
    const e = event(read(`2026-11-27 10:00:00Z,blocked,10.0.0.5,"http://evil.example/a,b?q=""x""",${'CD'.repeat(32)},`));
    expect(e).toMatchObject({ type: 'blocked', time: '2026-11-27T10:00:00.000Z' });
    expect(Object.fromEntries(e.values)).toEqual({
      [P.ipv4]: ['10.0.0.5'], [P.srcRef]: ['10.0.0.5'], [P.url]: ['http://evil.example/a,b?q="x"'], [P.domain]: ['evil.example'], [P.sha256]: ['cd'.repeat(32)],
    });
    expect(event(read('1764237600,,10.0.0.6,,,'))).toMatchObject({ type: 'csv', time: '2025-11-27T10:00:00.000Z' });
  });

  it('skips rows with the wrong number of columns or an open quote, and names missing columns', () => {
    const read = csvLogReader(mapping);
    expect(read('time,action,client')).toEqual({ skip: 'the header line has no column "url requested", "sha256" that the mapping names' });
    expect(read('1,2')).toEqual({ skip: 'has 2 columns where the header has 3' });
    expect(read('1,2,"10.0.0.1')).toMatchObject({ skip: expect.stringMatching(/quoted field is not closed/) as unknown });
  });
});
