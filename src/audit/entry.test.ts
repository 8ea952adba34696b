import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../store/index.js';
import { canonicalEntry, entryHash, GENESIS_HASH, type UnsealedEntry } from './entry.js';

// Characters that exercise every branch of RFC 8785 string serialisation: quotes, backslashes,
// C0 controls (short and \u00xx escapes), DEL, U+2028/2029, non-ASCII, astral (surrogate pairs).
const ALPHABET = ['a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u0001', '\u001f', '\u007f', '\u2028', '\u2029', 'é', 'ß', '中', '€', '😀', '\u{1d11e}', '\ufeff', '<', '>', '&', '\''];

function randomString(max: number): string {
  let s = '';
  const n = randomInt(0, max + 1);
  for (let i = 0; i < n; i++) s += ALPHABET[randomInt(0, ALPHABET.length)];
  return s;
}

function randomValue(depth: number): unknown {
  switch (randomInt(0, depth > 2 ? 4 : 6)) {
    case 0: return randomString(8);
    case 1: return [0, -0, 1, -1.5, 1e21, 1e-7, 123456789.125, Number.MAX_SAFE_INTEGER][randomInt(0, 8)];
    case 2: return [true, false, null][randomInt(0, 3)];
    case 3: return randomString(3);
    case 4: return Array.from({ length: randomInt(0, 4) }, () => randomValue(depth + 1));
    default: return Object.fromEntries(Array.from({ length: randomInt(0, 4) }, () => [randomString(4), randomValue(depth + 1)]));
  }
}

function randomEntry(): UnsealedEntry {
  const details = Object.fromEntries(Array.from({ length: randomInt(0, 5) }, () => [randomString(6), randomValue(0)]));
  return {
    seq: [1, 2, 999, 1000, 123456789, Number.MAX_SAFE_INTEGER][randomInt(0, 6)] as number,
    at: `2026-11-27T09:${String(randomInt(0, 60)).padStart(2, '0')}:00.${String(randomInt(0, 1e6)).padStart(6, '0')}Z`,
    actor: randomString(20) || 'x',
    action: randomString(12) || 'y',
    target: randomInt(0, 3) === 0 ? null : randomString(30),
    outcome: (['ok', 'failed', 'denied'] as const)[randomInt(0, 3)] as UnsealedEntry['outcome'],
    details: canonicalize(details),
    prevHash: randomInt(0, 5) === 0 ? GENESIS_HASH : Buffer.from(Array.from({ length: 32 }, () => randomInt(0, 256))).toString('hex'),
  };
}

describe('the sealed form of an audit entry', () => {
  it('is exactly the RFC 8785 canonical JSON of its eight fields, for random entries', () => {
    for (let i = 0; i < 5000; i++) {
      const e = randomEntry();
      const reference = canonicalize({ seq: e.seq, at: e.at, actor: e.actor, action: e.action, target: e.target, outcome: e.outcome, details: e.details, prevHash: e.prevHash });
      expect(canonicalEntry(e)).toBe(reference);
    }
  });

  it('ignores any field beyond the eight (the stored hash itself, row extras)', () => {
    const e = randomEntry();
    expect(canonicalEntry({ ...e, hash: 'f'.repeat(64) } as UnsealedEntry)).toBe(canonicalEntry(e));
  });

  it('hashes with a fixed label, so the value is stable across releases', () => {
    const e: UnsealedEntry = {
      seq: 1, at: '2026-11-27T09:00:00.000000Z', actor: 'user:admin', action: 'auth.sign-in', target: null, outcome: 'ok', details: '{"address":"127.0.0.1"}', prevHash: GENESIS_HASH,
    };
    // Pinned: changing the serialisation or the label breaks every existing chain.
    // (sha256 of "accord-audit-entry-v1\0" + the canonical JSON, computed independently.)
    expect(entryHash(e)).toBe('d1168f734a106ddc436503bb47df16919f70511982472ee6e722c42c9f171ef0');
    expect(entryHash({ ...e, actor: 'user:admiN' })).not.toBe(entryHash(e));
    expect(entryHash({ ...e, details: '{"address":"127.0.0.2"}' })).not.toBe(entryHash(e));
    expect(entryHash({ ...e, seq: 2 })).not.toBe(entryHash(e));
  });
});
