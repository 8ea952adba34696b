import { describe, expect, it } from 'vitest';
import { searchVector, tokens, tsQuery } from './text-search.js';

describe('postgres text search: what is indexed and queried', () => {
  it('cuts lowercase tokens without Latin diacritics, as FTS5 unicode61 does', () => {
    expect(tokens('Beacon to evil-relay.example.net (198.51.100.7) — Café ÜBER 3e5x')).toEqual(
      ['beacon', 'to', 'evil', 'relay', 'example', 'net', '198', '51', '100', '7', 'cafe', 'uber', '3e5x'],
    );
    expect(tokens('Пример 示例 مثال')).toEqual(['пример', '示例', 'مثال']);
    expect(tokens(' -- ')).toEqual([]);
  });

  it('writes a tsvector literal with every position of every token', () => {
    expect(searchVector('beacon to beacon\nevil-relay')).toBe("'beacon':1,3 'to':2 'evil':4 'relay':5");
    expect(searchVector('')).toBeNull();
    expect(searchVector('— ... —')).toBeNull();
  });

  it('stays within PostgreSQL tsvector limits, as to_tsvector does', () => {
    expect(searchVector(`${'x'.repeat(3000)} y`)).toBe("'y':2");
    const many = searchVector('a '.repeat(20_000)) ?? '';
    expect(many.split(',')).toHaveLength(256);
    expect(searchVector(`${'w '.repeat(20_000)}z`)).toMatch(/'z':16383$/);
  });

  it('makes each term a phrase of its tokens, a trailing * a prefix, and ANDs the terms', () => {
    expect(tsQuery('evil-relay.example.net')).toBe("('evil' <-> 'relay' <-> 'example' <-> 'net')");
    expect(tsQuery('sandw*')).toBe("('sandw':*)");
    expect(tsQuery('Sandworm  "wiper"')).toBe("('sandworm') & ('wiper')");
    expect(tsQuery("evil-rel* o'brien")).toBe("('evil' <-> 'rel':*) & ('o' <-> 'brien')");
  });

  it('matches nothing for no terms, a term without any token, or a token too long to be indexed', () => {
    expect(tsQuery('"  ')).toBeUndefined();
    expect(tsQuery('')).toBeUndefined();
    expect(tsQuery('beacon ---')).toBeUndefined();
    expect(tsQuery('x'.repeat(3000))).toBeUndefined();
  });

  it('cannot be escaped into tsquery syntax', () => {
    expect(tsQuery("x'|!'y&(z:*")).toBe("('x' <-> 'y' <-> 'z':*)");
    expect(tsQuery("a\\' & b")).toBeUndefined(); // '&' alone is a term without tokens
  });
});
