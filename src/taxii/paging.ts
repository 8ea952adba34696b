// Pages of a collection in date_added order (§3.3, §3.5), with stateless cursors.
//
// Why no object is missed or served twice, even while others write: date_added is unique per node
// and stamped inside the store's write lock, so commit order is date_added order
// (docs/decisions/0003). A page is "the first `limit` versions with date_added > p", and `next` is
// the date_added of the last version served plus a fingerprint of the filters. Whatever commits
// after a page was read gets a larger stamp than everything that page served, so the next page
// finds it; nothing already served can reappear. Nothing is kept on the server, so a cursor
// survives a restart and works on any process sharing the database.
//
// Unions: `match[version]=first,last` asks for two selectors the store answers one at a time. Each
// sub-query is read from the same position with the same limit and the results are merged by
// date_added (a version both first and last — an object with one version — appears once). The
// `limit` smallest stamps of the union are all among the `limit` smallest of some sub-query, so
// the merged page is exactly the union's next page.
import { decodeCursor, encodeCursor, filterFingerprint, type ObjectQuery } from '../store/index.js';

/** A page read from the store. */
export interface Page<T extends { readonly added: number }> {
  readonly items: readonly T[];
  readonly more: boolean;
}

/** Reads the next page of the union of `queries` after `after`. */
export async function readUnion<T extends { readonly added: number }>(
  queries: readonly ObjectQuery[],
  read: (q: ObjectQuery) => Promise<Page<T>>,
): Promise<Page<T>> {
  if (queries.length === 1) return read(queries[0] as ObjectQuery);
  if (queries.length === 0) return { items: [], more: false };
  const limit = (queries[0] as ObjectQuery).limit;
  const pages = await Promise.all(queries.map(read));
  const byAdded = new Map<number, T>();
  for (const p of pages) for (const item of p.items) byAdded.set(item.added, item);
  const merged = [...byAdded.values()].sort((a, b) => a.added - b.added);
  const more = merged.length > limit || pages.some((p) => p.more);
  return { items: merged.slice(0, limit), more };
}

/** Cursors bound to a filter fingerprint. */
export class Cursors {
  private readonly fingerprint: string;

  constructor(filters: unknown) {
    this.fingerprint = filterFingerprint(filters);
  }

  /** The position `next` stands for; throws `cursor.invalid` / `cursor.mismatch` (400). */
  position(next: string): number {
    return decodeCursor(next, this.fingerprint);
  }

  /** The `next` value for the page that follows the version stamped `added`. */
  after(added: number): string {
    return encodeCursor(added, this.fingerprint);
  }
}
