// A minimal ASN.1 DER encoder (ITU-T X.690 §8 and §10), just enough to write an X.509
// certificate by hand, plus a reader for one TLV so a key Node exports can be taken apart.
// DER is the canonical subset of BER: definite lengths in the shortest form, INTEGERs in the
// fewest bytes, BOOLEAN TRUE as 0xff, and a DEFAULT value is omitted rather than encoded.
import { AccordError } from '../stix/index.js';

/** Universal tags used here (X.680 §8.4). */
export const Tag = {
  boolean: 0x01, integer: 0x02, bitString: 0x03, octetString: 0x04, oid: 0x06, utf8String: 0x0c,
  sequence: 0x30, set: 0x31, printableString: 0x13, utcTime: 0x17, generalizedTime: 0x18,
} as const;

/** The definite length octets (X.690 §8.1.3): short form below 128, else 0x80|n then n bytes. */
function lengthOctets(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One tag-length-value; `tag` is the whole identifier octet (tag numbers below 31 only). */
export function tlv(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), lengthOctets(content.length), content]);
}

/** SEQUENCE of already encoded elements, in the order given. */
export function sequence(...elements: Uint8Array[]): Buffer {
  return tlv(Tag.sequence, Buffer.concat(elements));
}

/** SET OF already encoded elements; DER (X.690 §11.6) orders them by their encodings. */
export function set(...elements: Uint8Array[]): Buffer {
  return tlv(Tag.set, Buffer.concat([...elements].sort((a, b) => Buffer.compare(a, b))));
}

/** BOOLEAN; DER writes TRUE as 0xff (X.690 §11.1). */
export function boolean(value: boolean): Buffer {
  return tlv(Tag.boolean, Buffer.from([value ? 0xff : 0x00]));
}

/**
 * A non-negative INTEGER, from a number, a bigint or unsigned big-endian bytes. Two's
 * complement in the fewest octets (X.690 §8.3.2): leading zero bytes are dropped, and one is
 * put back when the top bit is set, so that 0x80 is 02 02 00 80 and not the negative 02 01 80.
 */
export function integer(value: number | bigint | Uint8Array): Buffer {
  let bytes: Buffer;
  if (value instanceof Uint8Array) {
    bytes = Buffer.from(value);
  } else {
    let n = BigInt(value);
    if (n < 0n) throw new AccordError('internal', 'der.negative-integer', 'the DER encoder writes only non-negative INTEGERs');
    const out: number[] = [];
    do { out.unshift(Number(n & 0xffn)); n >>= 8n; } while (n > 0n);
    bytes = Buffer.from(out);
  }
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  bytes = bytes.subarray(start);
  if (bytes.length === 0) bytes = Buffer.from([0]);
  return tlv(Tag.integer, (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

/** BIT STRING: the count of unused bits in the last octet, then the octets (X.690 §8.6). */
export function bitString(bytes: Uint8Array, unusedBits = 0): Buffer {
  if (!Number.isInteger(unusedBits) || unusedBits < 0 || unusedBits > 7 || (bytes.length === 0 && unusedBits !== 0)) {
    throw new AccordError('internal', 'der.bad-bit-string', `a BIT STRING cannot have ${unusedBits} unused bits here`);
  }
  return tlv(Tag.bitString, Buffer.concat([Buffer.from([unusedBits]), bytes]));
}

/** OCTET STRING. */
export function octetString(bytes: Uint8Array): Buffer {
  return tlv(Tag.octetString, bytes);
}

/**
 * OBJECT IDENTIFIER from dotted text (X.690 §8.19): the first two arcs share one subidentifier
 * (40·a + b), and each subidentifier is base 128, most significant group first, with the high
 * bit set on every byte but the last.
 */
export function oid(dotted: string): Buffer {
  if (!/^[0-2](\.(0|[1-9]\d*))+$/.test(dotted)) {
    throw new AccordError('internal', 'der.bad-oid', `not an object identifier: ${dotted}`);
  }
  const arcs = dotted.split('.').map((a) => BigInt(a));
  const [first = 0n, second = 0n, ...rest] = arcs;
  if (first < 2n && second > 39n) throw new AccordError('internal', 'der.bad-oid', `not an object identifier: ${dotted}`);
  const out: number[] = [];
  for (let sub of [first * 40n + second, ...rest]) {
    const groups = [Number(sub & 0x7fn)];
    for (sub >>= 7n; sub > 0n; sub >>= 7n) groups.unshift(Number(sub & 0x7fn) | 0x80);
    out.push(...groups);
  }
  return tlv(Tag.oid, Buffer.from(out));
}

/** UTF8String. */
export function utf8String(text: string): Buffer {
  return tlv(Tag.utf8String, Buffer.from(text, 'utf8'));
}

/** True if `text` fits PrintableString's alphabet (X.680 §41.4). */
export function isPrintable(text: string): boolean {
  return /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(text);
}

/** PrintableString; refuses characters outside its alphabet. */
export function printableString(text: string): Buffer {
  if (!isPrintable(text)) throw new AccordError('internal', 'der.not-printable', 'the text has characters PrintableString cannot hold');
  return tlv(Tag.printableString, Buffer.from(text, 'latin1'));
}

/**
 * An X.509 Time (RFC 5280 §4.1.2.5), to the whole second in UTC ('Z'), no fractions: UTCTime
 * YYMMDDHHMMSSZ for 1950 through 2049, GeneralizedTime YYYYMMDDHHMMSSZ for any other year.
 * Milliseconds are dropped (truncated), not rounded.
 */
export function time(date: Date): Buffer {
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < 0 || year > 9999) {
    throw new AccordError('internal', 'der.bad-time', 'an X.509 time must fall in years 0000 to 9999');
  }
  const two = (n: number): string => String(n).padStart(2, '0');
  const rest = `${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`;
  return year >= 1950 && year <= 2049
    ? tlv(Tag.utcTime, Buffer.from(`${two(year % 100)}${rest}`, 'latin1'))
    : tlv(Tag.generalizedTime, Buffer.from(`${String(year).padStart(4, '0')}${rest}`, 'latin1'));
}

/** [n] EXPLICIT: a constructed context-specific tag wrapping one whole encoding. */
export function explicit(tagNumber: number, inner: Uint8Array): Buffer {
  return tlv(0xa0 | contextNumber(tagNumber), inner);
}

/** [n] IMPLICIT over a primitive type: the context tag replaces the type's own tag. */
export function implicitPrimitive(tagNumber: number, content: Uint8Array): Buffer {
  return tlv(0x80 | contextNumber(tagNumber), content);
}

function contextNumber(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > 30) throw new AccordError('internal', 'der.bad-tag', `context tag [${n}] needs the long form, which this encoder does not write`);
  return n;
}

/** One element read back: its identifier octet, its contents, and where the next element starts. */
export interface DerElement {
  readonly tag: number;
  readonly content: Buffer;
  readonly end: number;
}

/** Reads the DER element at `offset` (single-byte tags, definite lengths only). */
export function readTlv(der: Buffer, offset = 0): DerElement {
  const bad = (why: string): AccordError => new AccordError('internal', 'der.malformed', `malformed DER at byte ${offset}: ${why}`);
  const tag = der[offset];
  const first = der[offset + 1];
  if (tag === undefined || first === undefined) throw bad('truncated header');
  if ((tag & 0x1f) === 0x1f) throw bad('multi-byte tag');
  let length = first;
  let start = offset + 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4) throw bad('indefinite or oversized length');
    length = 0;
    for (let i = 0; i < count; i += 1) {
      const b = der[start + i];
      if (b === undefined) throw bad('truncated length');
      length = length * 256 + b;
    }
    start += count;
  }
  if (start + length > der.length) throw bad('content runs past the end');
  return { tag, content: der.subarray(start, start + length), end: start + length };
}
