// The import page's reading of the node's answer lines.
import { expect, it } from 'vitest';
import { EMPTY, fold, mediaTypeOf, type ImportResult } from './Import.js';

const refused: ImportResult = { index: 1, id: 'indicator--1', status: 'rejected', code: 'schema.required', message: 'pattern is required', line: 3 };

it('folds progress, results, the summary and a failure into the page state; anything else changes nothing', () => {
  let s = fold(EMPTY, { progress: { bytes: 100, items: 7 } });
  expect(s.items).toBe(7);
  s = fold(s, { result: refused });
  expect(s.results).toEqual([refused]);
  const summary = { items: 9, new: 8, new_version: 0, unchanged: 0, rejected: 1, warned: 0, fatal: null };
  s = fold(s, { summary });
  expect(s).toMatchObject({ items: 9, summary });
  expect(fold(s, { error: { code: 'internal', message: 'disk full' } }).failure).toBe('disk full');
  for (const junk of [null, 42, 'text', { other: 1 }, { progress: { items: 'many' } }]) expect(fold(s, junk)).toBe(s);
});

it('sends JSON lines files as application/x-ndjson and everything else as JSON', () => {
  expect(mediaTypeOf('feed.JSONL')).toBe('application/x-ndjson');
  expect(mediaTypeOf('feed.ndjson')).toBe('application/x-ndjson');
  expect(mediaTypeOf('bundle.json')).toBe('application/json');
  expect(mediaTypeOf('bundle')).toBe('application/json');
});
