import { describe, it, expect } from 'vitest';
import { canonicalHash, contentHash } from './hash.js';
import { JsonError } from './errors.js';

describe('contentHash', () => {
  it('is the lowercase hex SHA-256 of the UTF-8 bytes', () => {
    // FIPS 180-2 vectors, and U+20AC as its three UTF-8 bytes E2 82 AC.
    expect(contentHash('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(contentHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(contentHash('€')).toBe('c4cc90ed3d26f12d4b08a75140970a7904035c31cbb4515a83f19b9003c00d1d');
  });
});

describe('canonicalHash', () => {
  it('hashes the canonical form, so key order and spacing do not matter', () => {
    const a = canonicalHash({ a: 1 });
    expect(a).toEqual({ canonical: '{"a":1}', hash: '015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862' });
    expect(canonicalHash({ b: [1, 2], a: 'x' }).hash).toBe(canonicalHash({ a: 'x', b: [1, 2] }).hash);
    expect(canonicalHash({ a: 'x' }).hash).not.toBe(canonicalHash({ a: 'y' }).hash);
  });

  it('throws canonical.not-json for values that are not JSON', () => {
    expect(() => canonicalHash({ when: new Date(0) })).toThrow(JsonError);
  });
});
