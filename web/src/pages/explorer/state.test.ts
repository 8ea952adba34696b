// The explorer's URL state and paging: filters survive a round trip through the query string,
// choosing a facet value goes back to the first page, and "previous" retraces the cursors seen.
import { describe, expect, it } from 'vitest';
import { apiFilters, countText, CursorTrail, filtered, NO_FILTERS, readFilters, toggle, writeFilters } from './state.js';

describe('explorer filters in the URL', () => {
  it('round-trips every filter through the query string, in a fixed order', () => {
    const f = { q: 'evil relay', type: ['indicator', 'malware'], marking: ['marking-definition--x'], creator: ['identity--a'], label: ['c2'], from: '2026-01-01', to: '2026-02-01', cursor: 'abc' };
    const s = writeFilters(f);
    expect(s).toBe('?q=evil+relay&type=indicator%2Cmalware&marking=marking-definition--x&creator=identity--a&label=c2&from=2026-01-01&to=2026-02-01&cursor=abc');
    expect(readFilters(s)).toEqual(f);
    expect(writeFilters(NO_FILTERS)).toBe('');
    expect(readFilters('')).toEqual(NO_FILTERS);
  });

  it('ignores malformed days and empty list items', () => {
    expect(readFilters('?from=yesterday&to=2026-13&type=,indicator,,')).toEqual({ ...NO_FILTERS, type: ['indicator'] });
  });

  it('asks the API with the same filters, days as whole UTC days, without the cursor', () => {
    expect(apiFilters({ ...NO_FILTERS, q: 'x', label: ['a', 'b'], from: '2026-01-01', to: '2026-01-31', cursor: 'abc' })).toEqual({
      q: 'x', label: 'a,b', modified_since: '2026-01-01T00:00:00.000Z', modified_until: '2026-01-31T23:59:59.999Z',
    });
    expect(apiFilters(NO_FILTERS)).toEqual({});
  });

  it('toggles a facet value and goes back to the first page', () => {
    const on = toggle({ ...NO_FILTERS, cursor: 'page3' }, 'type', 'indicator');
    expect(on).toEqual({ ...NO_FILTERS, type: ['indicator'] });
    expect(toggle(toggle(on, 'type', 'malware'), 'type', 'indicator').type).toEqual(['malware']);
    expect(filtered(on)).toBe(true);
    expect(filtered({ ...NO_FILTERS, cursor: 'x' })).toBe(false);
  });
});

describe('paging with forward-only cursors', () => {
  it('retraces the cursors seen, and leads from an unknown page to the first', () => {
    const trail = new CursorTrail();
    expect(trail.back('')).toBeUndefined();
    trail.forward('', 'c2');
    trail.forward('c2', 'c3');
    expect(trail.back('c3')).toBe('c2');
    expect(trail.back('c2')).toBe('');
    expect(trail.back('shared-link-cursor')).toBe('');
  });
});

describe('counts', () => {
  it('shows a bounded count as a lower bound', () => {
    const number = (n: number): string => n.toLocaleString('en');
    expect(countText(10_000, true, number)).toBe('10,000+');
    expect(countText(42, false, number)).toBe('42');
  });
});
