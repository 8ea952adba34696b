// pageThrough against scripted pages: how the client follows next, falls back to added_after,
// and stops (§3.5).
import { describe, expect, it } from 'vitest';
import { AccordError } from '../../stix/index.js';
import { rejectedWith } from '../../../test/support/thrown.js';
import { pageThrough, withQuery, type ObjectEvent, type PageEnd, type PageQuery } from './client.js';

type Script = (q: PageQuery) => { objects: string[]; end: Omit<PageEnd, 'kind' | 'objects'> };

function pager(script: Script): { fetch: (q: PageQuery) => AsyncGenerator<ObjectEvent>; requests: PageQuery[] } {
  const requests: PageQuery[] = [];
  return {
    requests,
    fetch: async function* (q) {
      requests.push(q);
      const { objects, end } = await Promise.resolve(script(q));
      for (const text of objects) yield { kind: 'object', text };
      yield { kind: 'page', objects: objects.length, ...end };
    },
  };
}

async function collect(script: Script, query: PageQuery = {}): Promise<{ texts: string[]; ends: unknown[]; requests: PageQuery[] }> {
  const p = pager(script);
  const texts: string[] = [];
  const ends: unknown[] = [];
  for await (const e of pageThrough(p.fetch, query, 'GET test')) {
    if (e.kind === 'object') texts.push(e.text);
    else if (e.kind === 'page') ends.push({ index: e.index, resume: e.resumeAddedAfter });
  }
  return { texts, ends, requests: p.requests };
}

const T = (s: number): string => `2024-01-01T00:00:${String(s).padStart(2, '0')}.000000Z`;

describe('pageThrough', () => {
  it('follows next with the original query, and says after each page where to resume', async () => {
    const r = await collect((q) => (q.next === undefined
      ? { objects: ['a', 'b'], end: { more: true, moreKnown: true, next: 'p2', dateAddedFirst: T(1), dateAddedLast: T(2) } }
      : { objects: ['c'], end: { more: false, moreKnown: true, dateAddedFirst: T(3), dateAddedLast: T(3) } }), { addedAfter: T(0), limit: 2 });
    expect(r.texts).toEqual(['a', 'b', 'c']);
    expect(r.requests).toEqual([{ addedAfter: T(0), limit: 2 }, { addedAfter: T(0), limit: 2, next: 'p2' }]);
    expect(r.ends).toEqual([{ index: 0, resume: T(2) }, { index: 1, resume: T(3) }]);
  });

  it('pages with added_after = X-TAXII-Date-Added-Last when the server gives no next', async () => {
    const data = ['a', 'b', 'c', 'd', 'e'];
    const r = await collect((q) => {
      const from = q.addedAfter === undefined ? 0 : Number(q.addedAfter.slice(17, 19));
      const objects = data.slice(from, from + 2);
      return { objects, end: { more: from + 2 < data.length, moreKnown: true, dateAddedFirst: T(from + 1), dateAddedLast: T(from + objects.length) } };
    }, { limit: 2, match: { type: ['indicator'] } });
    expect(r.texts).toEqual(data);
    expect(r.requests.map((q) => q.addedAfter)).toEqual([undefined, T(2), T(4)]);
    expect(r.requests.every((q) => q.match?.type?.[0] === 'indicator' && q.limit === 2)).toBe(true);
  });

  it('stops on an empty page that says more but offers no way further (§3.5)', async () => {
    const r = await collect((q) => (q.addedAfter === undefined
      ? { objects: ['a'], end: { more: true, moreKnown: true, dateAddedLast: T(1) } }
      : { objects: [], end: { more: true, moreKnown: true } }));
    expect(r.texts).toEqual(['a']);
    expect(r.requests).toHaveLength(2);
  });

  it('goes on while pages bring objects when the members could not be read', async () => {
    const r = await collect((q) => (q.addedAfter === undefined
      ? { objects: ['a'], end: { more: false, moreKnown: false, dateAddedLast: T(1) } }
      : { objects: [], end: { more: false, moreKnown: false } }));
    expect(r.texts).toEqual(['a']);
    expect(r.requests).toHaveLength(2);
  });

  it('refuses to loop when the server neither gives next nor advances X-TAXII-Date-Added-Last', async () => {
    const e = await rejectedWith(collect(() => ({ objects: ['a'], end: { more: true, moreKnown: true, dateAddedLast: T(1) } }), { addedAfter: T(1) }), AccordError);
    expect(e).toMatchObject({ code: 'taxii.protocol', message: expect.stringMatching(/not after added_after/) as string });
    const none = await rejectedWith(collect(() => ({ objects: ['a'], end: { more: true, moreKnown: true } })), AccordError);
    expect(none.message).toMatch(/neither "next" nor an X-TAXII-Date-Added-Last/);
  });
});

describe('withQuery', () => {
  it('writes the filters as §3.4 spells them', () => {
    const u = withQuery(new URL('https://h/taxii2/r/collections/c/objects/'), {
      addedAfter: '2024-01-01T00:00:00.000000Z', limit: 10, next: 'a b&c', match: { type: ['indicator', 'malware'], version: ['all'], id: [] },
    });
    expect(u.search).toBe('?added_after=2024-01-01T00%3A00%3A00.000000Z&limit=10&next=a%20b%26c&match[type]=indicator,malware&match[version]=all');
  });
});
