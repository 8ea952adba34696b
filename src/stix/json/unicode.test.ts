import { describe, it, expect } from 'vitest';
import { firstInvalidUtf8, firstLoneSurrogate, isWellFormed, utf8Length } from './unicode.js';

describe('isWellFormed / firstLoneSurrogate', () => {
  it('accepts pairs and rejects lone surrogates anywhere', () => {
    for (const s of ['', 'abc', 'é€', '😀', 'a😀b\ud83d\ude00']) {
      expect(isWellFormed(s)).toBe(true);
      expect(firstLoneSurrogate(s)).toBe(-1);
    }
    const bad: [string, number][] = [['\ud800', 0], ['a\udc00', 1], ['😀\ud83d', 2], ['\ude00\ud83d', 0], ['ab\ud800x', 2]];
    for (const [s, at] of bad) {
      expect(isWellFormed(s)).toBe(false);
      expect(firstLoneSurrogate(s)).toBe(at);
    }
  });
});

describe('utf8Length', () => {
  it('matches TextEncoder', () => {
    for (const s of ['', 'a', 'é', '€', '😀', 'aé€😀z', '\u07ff\u0800\uffff']) {
      expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
    }
    expect(utf8Length('ab€cd', 1, 3)).toBe(4);
  });
});

describe('firstInvalidUtf8', () => {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  function valid(bytes: Uint8Array): boolean {
    try {
      decoder.decode(bytes);
      return true;
    } catch {
      return false;
    }
  }

  it('finds the first bad byte', () => {
    const cases: [number[], number][] = [
      [[0x61, 0x62], -1],
      [[0xe2, 0x82, 0xac], -1],
      [[0xf0, 0x9f, 0x98, 0x80], -1],
      [[0x61, 0x80], 1],
      [[0xc0, 0x80], 0],
      [[0xc1, 0xbf], 0],
      [[0xe0, 0x80, 0x80], 0],
      [[0xed, 0xa0, 0x80], 0],
      [[0xf0, 0x80, 0x80, 0x80], 0],
      [[0xf4, 0x90, 0x80, 0x80], 0],
      [[0xf5, 0x80, 0x80, 0x80], 0],
      [[0x61, 0xe2, 0x82], 1],
      [[0xe2, 0x28, 0xa1], 0],
      [[0xff], 0],
    ];
    for (const [bytes, at] of cases) expect(firstInvalidUtf8(Uint8Array.from(bytes)), bytes.join(',')).toBe(at);
  });

  it('agrees with the fatal TextDecoder on random byte strings', () => {
    let seed = 12345;
    const next = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 8;
    const interesting = [0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff];
    for (let n = 0; n < 20000; n++) {
      const bytes = Uint8Array.from({ length: 1 + (next() % 6) }, () => interesting[next() % interesting.length] ?? 0);
      expect(firstInvalidUtf8(bytes) === -1, Array.from(bytes).join(',')).toBe(valid(bytes));
    }
  });
});
