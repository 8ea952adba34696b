// STIX timestamps (STIX 2.1 §2.16, "timestamp" type): RFC 3339 date-times, always UTC with a literal `Z`, of the
// exact form `YYYY-MM-DDTHH:mm:ss[.s+]Z`. Fraction digits are significant: `created`/`modified`
// MUST carry at least milliseconds, other properties may carry any precision, and two
// versions of an object can differ by a microsecond. So nothing here goes through `Date`:
// comparison works on the digits themselves, and conversion to numbers uses exact integer
// calendar arithmetic (days-from-civil, H. Hinnant), which also handles years before 100
// that `Date.UTC` would silently move to the 1900s.
//
// Leap seconds (`:60`) are rejected: RFC 3339 allows them, but neither JS nor Python
// datetimes can represent them, so no peer could compare such a timestamp correctly
// (docs/decisions: timestamps).

/** The syntax of a STIX timestamp; calendar validity is checked separately. */
export const STIX_TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/;

export type TimestampPrecision = 'millisecond' | 'microsecond';

/** A timestamp broken down exactly. */
export interface ParsedTimestamp {
  /** Microseconds since 1970-01-01T00:00:00Z; digits beyond the sixth fraction digit are truncated. */
  readonly epochMicros: bigint;
  /** Milliseconds since the epoch (truncated), for code that needs a JS number. */
  readonly epochMillis: number;
  /** How many fraction digits the text carried (0 when there is no fraction). */
  readonly fractionDigits: number;
  /** The fraction digits as written, without the dot ('' when absent); nothing is lost. */
  readonly fraction: string;
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : (DAYS_IN_MONTH[m - 1] ?? 0);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (exact for any year). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The inverse of daysFromCivil. */
function civilFromDays(z: number): [number, number, number] {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

interface Fields {
  y: number; mo: number; d: number; h: number; mi: number; s: number; fraction: string;
}

// Hand-rolled instead of STIX_TIMESTAMP_RE.exec: the validator checks several timestamps per
// object on the import path, and this is several times faster than a capturing regex.
function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function num(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = digit(s, i);
    if (d < 0) return -1;
    n = n * 10 + d;
  }
  return n;
}

function fields(s: string): Fields | undefined {
  const n = s.length;
  if (n < 20 || s.charCodeAt(n - 1) !== 90 /* Z */) return undefined;
  if (s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':' || s[16] !== ':') return undefined;
  let fraction = '';
  if (n > 20) {
    if (s[19] !== '.' || n < 22) return undefined;
    for (let i = 20; i < n - 1; i++) if (digit(s, i) < 0) return undefined;
    fraction = s.slice(20, n - 1);
  }
  const f: Fields = {
    y: num(s, 0, 4), mo: num(s, 5, 7), d: num(s, 8, 10), h: num(s, 11, 13), mi: num(s, 14, 16), s: num(s, 17, 19), fraction,
  };
  if (f.y < 0 || f.h < 0 || f.mi < 0 || f.s < 0) return undefined;
  if (f.mo < 1 || f.mo > 12) return undefined;
  if (f.d < 1 || f.d > daysInMonth(f.y, f.mo)) return undefined;
  if (f.h > 23 || f.mi > 59 || f.s > 59) return undefined;
  return f;
}

/** True when `s` is a STIX timestamp: the §3.2 syntax and a real calendar date and time (no Feb 30, no hour 24). */
export function isStixTimestamp(s: unknown): boolean {
  return typeof s === 'string' && fields(s) !== undefined;
}

/** Parses a STIX timestamp exactly, or returns undefined when it is not one. */
export function parseTimestamp(s: string): ParsedTimestamp | undefined {
  const f = fields(s);
  if (f === undefined) return undefined;
  const seconds = daysFromCivil(f.y, f.mo, f.d) * 86400 + f.h * 3600 + f.mi * 60 + f.s;
  const micros = Number((f.fraction + '000000').slice(0, 6));
  const epochMicros = BigInt(seconds) * 1_000_000n + BigInt(micros);
  return {
    epochMicros,
    epochMillis: seconds * 1000 + Math.floor(micros / 1000),
    fractionDigits: f.fraction.length,
    fraction: f.fraction,
  };
}

/** Number of fraction digits of a STIX timestamp (0 without a fraction), or undefined when invalid. */
export function timestampFractionDigits(s: string): number | undefined {
  return fields(s)?.fraction.length;
}

/**
 * Compares two STIX timestamps exactly (negative, 0, positive), including every fraction digit:
 * `…:00.1Z` equals `…:00.100Z`, and `…:00.0000001Z` is after `…:00Z`. Throws on an invalid timestamp.
 */
export function compareTimestamps(a: string, b: string): number {
  if (fields(a) === undefined) throw new RangeError(`not a STIX timestamp: ${JSON.stringify(a)}`);
  if (fields(b) === undefined) throw new RangeError(`not a STIX timestamp: ${JSON.stringify(b)}`);
  return compareValidTimestamps(a, b);
}

/** compareTimestamps for two strings already known to be STIX timestamps (no checks). */
export function compareValidTimestamps(a: string, b: string): number {
  // The date-time part is fixed-width, so text order is time order.
  for (let i = 0; i < 19; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  // Fractions: digit by digit, a missing digit counting as 0 (".1" equals ".100").
  const la = a.length - 1;
  const lb = b.length - 1;
  for (let i = 20; i < Math.max(la, lb); i++) {
    const x = i < la ? a.charCodeAt(i) : 48;
    const y = i < lb ? b.charCodeAt(i) : 48;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * Formats an instant as a STIX timestamp. A `number` is epoch milliseconds, a `bigint` epoch
 * microseconds. `millisecond` precision truncates microseconds; `microsecond` precision pads
 * milliseconds with zeros. Years outside 0000–9999 cannot be written and throw.
 */
export function formatTimestamp(epoch: number | bigint, precision: TimestampPrecision = 'millisecond'): string {
  let micros: bigint;
  if (typeof epoch === 'bigint') {
    micros = epoch;
  } else {
    if (!Number.isFinite(epoch)) throw new RangeError(`not a finite instant: ${epoch}`);
    micros = BigInt(Math.floor(epoch)) * 1000n;
  }
  const perDay = 86_400_000_000n;
  let days = micros / perDay;
  let rest = micros % perDay;
  if (rest < 0n) {
    rest += perDay;
    days -= 1n;
  }
  const [y, mo, d] = civilFromDays(Number(days));
  if (y < 0 || y > 9999) throw new RangeError(`year ${y} cannot be written as a STIX timestamp`);
  const r = Number(rest);
  const h = Math.floor(r / 3_600_000_000);
  const mi = Math.floor((r % 3_600_000_000) / 60_000_000);
  const s = Math.floor((r % 60_000_000) / 1_000_000);
  const us = r % 1_000_000;
  const frac = precision === 'microsecond' ? pad(us, 6) : pad(Math.floor(us / 1000), 3);
  return `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${frac}Z`;
}

/** The current time as a STIX timestamp with millisecond precision (what `created`/`modified` need). */
export function nowTimestamp(): string {
  return formatTimestamp(Date.now(), 'millisecond');
}
