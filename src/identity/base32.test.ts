import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode } from './base32.js';

// RFC 4648 §10 test vectors.
const VECTORS: readonly (readonly [string, string])[] = [
  ['', ''],
  ['f', 'MY======'],
  ['fo', 'MZXQ===='],
  ['foo', 'MZXW6==='],
  ['foob', 'MZXW6YQ='],
  ['fooba', 'MZXW6YTB'],
  ['foobar', 'MZXW6YTBOI======'],
];
const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'ascii'));

describe('base32 (RFC 4648)', () => {
  it.each(VECTORS)('encodes %j as %s with padding', (plain, encoded) => {
    expect(base32Encode(bytes(plain), { pad: true })).toBe(encoded);
  });

  it.each(VECTORS)('encodes %j without padding by default', (plain, encoded) => {
    expect(base32Encode(bytes(plain))).toBe(encoded.replace(/=+$/, ''));
  });

  it.each(VECTORS)('decodes %j from %s, padded, unpadded and lower-case', (plain, encoded) => {
    expect(Buffer.from(base32Decode(encoded)).toString('ascii')).toBe(plain);
    expect(Buffer.from(base32Decode(encoded.replace(/=+$/, ''))).toString('ascii')).toBe(plain);
    expect(Buffer.from(base32Decode(encoded.toLowerCase())).toString('ascii')).toBe(plain);
  });

  it('round-trips random bytes of every length up to 64', () => {
    for (let n = 0; n <= 64; n++) {
      const b = new Uint8Array(randomBytes(n));
      expect(base32Decode(base32Encode(b))).toEqual(b);
      expect(base32Decode(base32Encode(b, { pad: true }))).toEqual(b);
    }
  });

  it('round-trips every byte value', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    expect(base32Decode(base32Encode(all))).toEqual(all);
  });

  it.each([
    ['MZXW6YT1', 'a character outside the alphabet'],
    ['MZXW6YT0', 'the digit 0'],
    ['MZXW 6YTB', 'a space'],
    ['M', 'a length no byte string has (1)'],
    ['MZX', 'a length no byte string has (3)'],
    ['MZXW6Y', 'a length no byte string has (6)'],
    ['MZ', 'non-zero trailing bits (the canonical spelling of "f" is MY)'],
    ['MZXW6YR', 'non-zero trailing bits (the canonical spelling of "foob" ends in Q)'],
  ])('rejects %s: %s', (text) => {
    expect(() => base32Decode(text)).toThrow(expect.objectContaining({ code: 'identity.bad-base32' }));
  });

  it.each(['MY=====', 'MY=======', 'M=Y=====', 'MZXW6YTB========', '=MY======'])('rejects bad padding %s', (text) => {
    expect(() => base32Decode(text)).toThrow(expect.objectContaining({ code: 'identity.bad-base32' }));
  });
});
