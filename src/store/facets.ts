// Facet counts for the explorer (docs/decisions/0031), the same on both adapters: bounded
// counting. One statement takes at most `bound` + 1 of the newest versions a query matches (a
// keyset scan in date_added order, the way a page is read, so it costs what a big page costs
// however many objects the store holds) and groups them by type, creator, marking and label.
// Under the bound every count is exact; above it the total is "bound+" and each count is a lower
// bound: what the newest `bound` versions carry. Labels and markings are counted as "those whose
// version is IN the scanned ones", not as a join: SQLite's planner otherwise chose to scan the
// whole label and marking tables against the few scanned versions.
import type { FacetCounts, FacetValue } from './port.js';

/** The most values returned per facet (the most frequent ones). */
export const FACET_VALUES = 50;

/** A row of the facet statement: facet, value, count (PostgreSQL hands counts as text). */
export type FacetRow = readonly [facet: string, value: string, count: number | string];

/**
 * The facet statement over a filtered read: `from` and `where` as the adapter builds them for a
 * page, `key` its date_added column, `limit` the placeholder of bound + 1.
 */
export function facetSql(from: string, where: string, key: string, limit: string): string {
  return `WITH m AS MATERIALIZED (
      SELECT o.added AS added, o.type AS type, o.created_by AS created_by FROM ${from} WHERE ${where} ORDER BY ${key} DESC LIMIT ${limit})
    SELECT 'total' AS f, '' AS v, count(*) AS n FROM m
    UNION ALL SELECT 'type', m.type, count(*) FROM m GROUP BY m.type
    UNION ALL SELECT 'creator', m.created_by, count(*) FROM m WHERE m.created_by IS NOT NULL GROUP BY m.created_by
    UNION ALL SELECT 'marking', k.marking, count(*) FROM object_markings k WHERE k.added IN (SELECT m.added FROM m) GROUP BY k.marking
    UNION ALL SELECT 'label', l.label, count(*) FROM object_labels l WHERE l.added IN (SELECT m.added FROM m) GROUP BY l.label`;
}

/** Shapes the statement's rows: counts of the bound + 1 rows scanned cut back to the bound. */
export function facetCounts(rows: readonly FacetRow[], bound: number): FacetCounts {
  const groups: Record<'type' | 'creator' | 'marking' | 'label', FacetValue[]> = { type: [], creator: [], marking: [], label: [] };
  let scanned = 0;
  for (const [facet, value, count] of rows) {
    const n = Number(count);
    if (facet === 'total') scanned = n;
    else if (facet === 'type' || facet === 'creator' || facet === 'marking' || facet === 'label') groups[facet].push({ value, count: Math.min(n, bound) });
  }
  const top = (values: FacetValue[]): FacetValue[] =>
    values.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)).slice(0, FACET_VALUES);
  return {
    total: Math.min(scanned, bound), bounded: scanned > bound,
    type: top(groups.type), creator: top(groups.creator), marking: top(groups.marking), label: top(groups.label),
  };
}

/** The counts of a query that can match nothing (e.g. a search with no terms). */
export const NO_FACETS: FacetCounts = { total: 0, bounded: false, type: [], creator: [], marking: [], label: [] };
