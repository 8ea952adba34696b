// Unicode checks the JSON layer shares: well-formed UTF-16 (no lone surrogates, RFC 7493 §2.1)
// and UTF-8 validation with the position of the first bad byte (RFC 3629 §4), which the native
// TextDecoder does not report.

// String.prototype.isWellFormed is native in Node ≥ 20 but typed only in TypeScript's
// es2024 lib, which this project does not load; reach it through a typed view of the
// prototype (no cast) and keep a regex fallback for other runtimes.
interface MaybeWellFormed {
  isWellFormed?: (this: string) => boolean;
  toString(): string;
}
const stringPrototype: MaybeWellFormed = String.prototype;
const nativeIsWellFormed = stringPrototype.isWellFormed;
// With the u flag a surrogate pair is one code point, so \p{Cs} only matches lone surrogates.
const loneSurrogate = /\p{Cs}/u;

/** True when `s` has no lone surrogate (it is valid UTF-16, so it can be encoded as UTF-8). */
export function isWellFormed(s: string): boolean {
  return nativeIsWellFormed !== undefined ? nativeIsWellFormed.call(s) : !loneSurrogate.test(s);
}

/** Index of the first lone surrogate in `s`, or -1. */
export function firstLoneSurrogate(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
    }
    return i;
  }
  return -1;
}

/** Number of UTF-8 bytes that encode `s` (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8Length(s: string, start = 0, end = s.length): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/**
 * Index of the first byte of `bytes` that is not part of well-formed UTF-8, or -1.
 * Follows RFC 3629 §4 (Table 3-7 of Unicode): no overlong forms, no surrogates (ED A0..BF),
 * nothing above U+10FFFF. A sequence cut off by the end of `bytes` is reported at its lead byte.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return i;
    if (i + need >= n) return i;
    const second = bytes[i + 1] ?? 0;
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= need; k++) {
      const c = bytes[i + k] ?? 0;
      if (c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}
