import { describe, expect, it } from 'vitest';
import { AccordError, type ObjectQuery } from '../store/index.js';
import { thrown } from '../../test/support/thrown.js';
import { Cursors, readUnion, type Page } from './paging.js';

type Item = { readonly added: number };

/** A fake store: each selector is a sorted list of stamps. */
function reader(lists: Readonly<Record<string, readonly number[]>>): (q: ObjectQuery) => Promise<Page<Item>> {
  return (q) => {
    const all = (lists[q.versions ?? 'last'] ?? []).filter((a) => a > (q.after ?? 0));
    return Promise.resolve({ items: all.slice(0, q.limit).map((added) => ({ added })), more: all.length > q.limit });
  };
}

async function drain(queries: (after: number) => ObjectQuery[], read: (q: ObjectQuery) => Promise<Page<Item>>): Promise<number[]> {
  const seen: number[] = [];
  let after = 0;
  for (;;) {
    const page = await readUnion(queries(after), read);
    seen.push(...page.items.map((i) => i.added));
    if (!page.more) return seen;
    after = page.items.at(-1)?.added ?? after;
  }
}

describe('TAXII paging', () => {
  it('pages the union of several selectors in date_added order, each version once', async () => {
    const read = reader({ first: [1, 4, 6, 9, 12, 15], last: [2, 4, 7, 9, 13, 15, 16] });
    for (const limit of [1, 2, 3, 5, 100]) {
      const seen = await drain((after) => [{ versions: 'first', after, limit }, { versions: 'last', after, limit }], read);
      expect(seen, `limit ${limit}`).toEqual([1, 2, 4, 6, 7, 9, 12, 13, 15, 16]);
    }
  });

  it('reads a single query directly and an empty union as empty', async () => {
    expect((await readUnion([{ versions: 'first', after: 0, limit: 2 }], reader({ first: [1, 2, 3] }))).items).toEqual([{ added: 1 }, { added: 2 }]);
    expect(await readUnion([], reader({}))).toEqual({ items: [], more: false });
  });

  it('issues cursors that only the same filters accept', () => {
    const c = new Cursors(['objects', 'collection', null, ['indicator']]);
    const next = c.after(1_700_000_000_000_123);
    expect(c.position(next)).toBe(1_700_000_000_000_123);
    expect(new Cursors(['objects', 'collection', null, ['indicator']]).position(next)).toBe(1_700_000_000_000_123);
    expect(thrown(() => new Cursors(['objects', 'collection', null, ['malware']]).position(next), AccordError).code).toBe('cursor.mismatch');
    expect(thrown(() => c.position('forged'), AccordError).code).toBe('cursor.invalid');
    expect(thrown(() => c.position(Buffer.from('{"v":1,"a":-5,"f":"x"}').toString('base64url')), AccordError).code).toBe('cursor.invalid');
  });
});
