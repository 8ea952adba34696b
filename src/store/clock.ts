// The per-node date_added clock. TAXII readers page with `added_after`, so a reader must never
// find, later, an object stamped at or below a date_added it has already passed. The adapters
// therefore stamp inside the write lock (SQLite's single writer, PostgreSQL's transaction-level
// advisory lock), from the last value persisted in the same database, so:
//   - commit order is date_added order (the lock serialises stamping and committing), and
//   - stamps never go backwards, whatever the system clock does (a step back, NTP slew, a VM
//     resumed from a snapshot): each stamp is max(now, last + 1).
// Stamps are integers in microseconds since the epoch (TAXII timestamps are shown with six
// fractional digits); a burst faster than one object per microsecond simply runs ahead of the
// wall clock until the burst ends.
import { formatTimestamp, parseTimestamp } from '../stix/index.js';

/** The wall clock in microseconds since the epoch (millisecond resolution, scaled). */
export function nowMicros(): number {
  return Date.now() * 1000;
}

/** The next stamp after `last`, never below the wall clock `now`. */
export function nextStamp(last: number, now: number): number {
  return now > last ? now : last + 1;
}

/** Formats a date_added stamp as a STIX/TAXII timestamp with microsecond precision. */
export function formatMicros(us: number): string {
  return formatTimestamp(BigInt(us), 'microsecond');
}

/**
 * Parses a STIX timestamp into microseconds since the epoch, truncating finer digits (safe for
 * `added_after`: stamps are whole microseconds, so truncation never admits an earlier stamp).
 * Returns undefined when the text is not a timestamp.
 */
export function parseMicros(ts: string): number | undefined {
  const parsed = parseTimestamp(ts);
  return parsed === undefined ? undefined : Number(parsed.epochMicros);
}

/**
 * A version timestamp rewritten so that string order is time order: `Z` dropped and the fraction
 * padded to nine digits (finer digits kept, trailing zeros beyond nine dropped). `…00.1Z` and
 * `…00.100Z` are the same instant and normalise alike, so they are the same version.
 */
export function sortableTimestamp(ts: string): string {
  const body = ts.endsWith('Z') ? ts.slice(0, -1) : ts;
  const dot = body.indexOf('.');
  if (dot < 0) return `${body}.000000000`;
  let frac = body.slice(dot + 1);
  frac = frac.length <= 9 ? frac.padEnd(9, '0') : frac.replace(/0+$/, '').padEnd(9, '0');
  return `${body.slice(0, dot)}.${frac}`;
}
