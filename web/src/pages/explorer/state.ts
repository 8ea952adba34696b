// The explorer's filters and pages, kept in the URL's query string so that a search can be shared
// and the browser's back button undoes a filter or a page: one parameter per filter (values
// comma-separated, as the API takes them), the date range as two days, and the cursor of the
// page shown. "Previous" follows the cursors seen on the way forward (the API's cursors only go
// forward).

/** The facets the explorer counts and filters by, as the API names them. */
export const FACETS = ['type', 'marking', 'creator', 'label'] as const;
export type Facet = (typeof FACETS)[number];

export interface Filters {
  /** Full-text search. */
  readonly q: string;
  readonly type: readonly string[];
  readonly marking: readonly string[];
  readonly creator: readonly string[];
  readonly label: readonly string[];
  /** Modified on or after this day (YYYY-MM-DD), or ''. */
  readonly from: string;
  /** Modified on or before this day (YYYY-MM-DD), or ''. */
  readonly to: string;
  /** The cursor of the page shown ('' for the first). */
  readonly cursor: string;
}

export const NO_FILTERS: Filters = { q: '', type: [], marking: [], creator: [], label: [], from: '', to: '', cursor: '' };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const list = (v: string | null): string[] => (v === null ? [] : v.split(',').filter((s) => s !== ''));
const day = (v: string | null): string => (v !== null && DAY.test(v) ? v : '');

/** The filters a query string says (unknown parameters and malformed days are ignored). */
export function readFilters(search: string): Filters {
  const p = new URLSearchParams(search);
  return {
    q: (p.get('q') ?? '').trim(), type: list(p.get('type')), marking: list(p.get('marking')), creator: list(p.get('creator')), label: list(p.get('label')),
    from: day(p.get('from')), to: day(p.get('to')), cursor: p.get('cursor') ?? '',
  };
}

/** The query string for these filters ('' when none), in a fixed order. */
export function writeFilters(f: Filters): string {
  const p = new URLSearchParams();
  if (f.q !== '') p.set('q', f.q);
  for (const facet of FACETS) if (f[facet].length > 0) p.set(facet, f[facet].join(','));
  if (f.from !== '') p.set('from', f.from);
  if (f.to !== '') p.set('to', f.to);
  if (f.cursor !== '') p.set('cursor', f.cursor);
  const s = p.toString();
  return s === '' ? '' : `?${s}`;
}

/** The filters as GET /api/v1/objects and /api/v1/objects/facets take them. */
export interface ApiFilters {
  q?: string;
  type?: string;
  marking?: string;
  creator?: string;
  label?: string;
  modified_since?: string;
  modified_until?: string;
}

/** The API's query (GET /api/v1/objects and /facets) for these filters, without the cursor. */
export function apiFilters(f: Filters): ApiFilters {
  const q: ApiFilters = {};
  if (f.q !== '') q.q = f.q;
  for (const facet of FACETS) if (f[facet].length > 0) q[facet] = f[facet].join(',');
  if (f.from !== '') q.modified_since = `${f.from}T00:00:00.000Z`;
  if (f.to !== '') q.modified_until = `${f.to}T23:59:59.999Z`;
  return q;
}

/** The filters with one facet value chosen or no longer chosen; back to the first page. */
export function toggle(f: Filters, facet: Facet, value: string): Filters {
  const values = f[facet].includes(value) ? f[facet].filter((v) => v !== value) : [...f[facet], value];
  return { ...f, [facet]: values, cursor: '' };
}

/** Whether any filter is set (the cursor is not a filter). */
export function filtered(f: Filters): boolean {
  return f.q !== '' || f.from !== '' || f.to !== '' || FACETS.some((facet) => f[facet].length > 0);
}

/**
 * The cursors seen: for each page reached by "next", the cursor of the page before it. The API's
 * cursors only go forward, so "previous" is the way back along the path taken; a page opened from
 * a shared link has no known predecessor, and "previous" leads to the first page.
 */
export class CursorTrail {
  private readonly before = new Map<string, string>();

  /** Notes that `next` was reached from the page of `current` ('' for the first page). */
  forward(current: string, next: string): void {
    this.before.set(next, current);
  }

  /** The cursor of the page before `current` ('' for the first page); undefined on the first page itself. */
  back(current: string): string | undefined {
    if (current === '') return undefined;
    return this.before.get(current) ?? '';
  }
}

/** A count as shown: exact, or "n+" when the node counted only up to its bound. */
export function countText(count: number, bounded: boolean, number: (n: number) => string): string {
  return bounded ? `${number(count)}+` : number(count);
}
