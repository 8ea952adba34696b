// Base32 (RFC 4648 §6, the upper-case "A–Z 2–7" alphabet), the encoding authenticator apps use
// for TOTP secrets. Written here rather than taken from a package: it is thirty lines and the
// decoder must be strict (a secret that decodes "approximately" would silently never verify).
import { AccordError } from '../store/index.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const VALUES = new Map([...ALPHABET].map((c, i) => [c, i]));
/** Unpadded lengths that a whole number of bytes can produce (RFC 4648 §6: 8 chars per 5 bytes). */
const VALID_TAIL = new Set([0, 2, 4, 5, 7]);

/** Encodes bytes as base32; without padding unless `pad` is set (TOTP secrets are unpadded). */
export function base32Encode(bytes: Uint8Array, options: { pad?: boolean } = {}): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xfff; // at most 12 bits are ever pending
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >>> bits) & 31];
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  if (options.pad === true) out += '='.repeat((8 - (out.length % 8)) % 8);
  return out;
}

/**
 * Decodes base32, case-insensitively, with or without correct padding. Throws AccordError
 * `identity.bad-base32` for any other character, an impossible length or non-zero trailing bits
 * (so that every byte string has exactly one accepted spelling, apart from case and padding).
 */
export function base32Decode(text: string): Uint8Array {
  const bad = (why: string): AccordError => new AccordError('invalid', 'identity.bad-base32', `not valid base32: ${why}`);
  let body = text.toUpperCase();
  const firstPad = body.indexOf('=');
  if (firstPad >= 0) {
    if (body.length % 8 !== 0 || !/^=+$/.test(body.slice(firstPad))) throw bad('misplaced padding');
    body = body.slice(0, firstPad);
    if (text.length - firstPad >= 8) throw bad('too much padding');
  }
  if (!VALID_TAIL.has(body.length % 8)) throw bad('impossible length');
  const out = new Uint8Array(Math.floor((body.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let n = 0;
  for (const c of body) {
    const v = VALUES.get(c);
    if (v === undefined) throw bad('unexpected character');
    buffer = ((buffer << 5) | v) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (buffer >>> bits) & 0xff;
    }
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) throw bad('non-zero trailing bits');
  return out;
}
