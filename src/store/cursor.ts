// Opaque, stateless page cursors. A cursor is the date_added of the last item served plus a
// fingerprint of the filters it was issued for; nothing is kept on the server, so a cursor
// survives a restart and works on any process that shares the database. date_added is unique
// and commit order is date_added order, so "everything after this stamp" never skips or
// repeats an object, even while others write.
import { createHash } from 'node:crypto';
import { AccordError } from '../stix/index.js';

/** A short fingerprint of the filters a cursor belongs to. */
export function filterFingerprint(filters: unknown): string {
  return createHash('sha256').update(JSON.stringify(filters)).digest('base64url').slice(0, 12);
}

/** Encodes a cursor for the page that follows `added`. */
export function encodeCursor(added: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ v: 1, a: added, f: fingerprint })).toString('base64url');
}

/** Decodes a cursor; throws AccordError (`cursor.invalid`, `cursor.mismatch`) when it is not ours or not for these filters. */
export function decodeCursor(cursor: string, fingerprint: string): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const c = parsed as { v?: unknown; a?: unknown; f?: unknown } | undefined;
  if (c === undefined || c === null || c.v !== 1 || typeof c.a !== 'number' || !Number.isSafeInteger(c.a) || c.a < 0 || typeof c.f !== 'string') {
    throw new AccordError('invalid', 'cursor.invalid', 'the cursor is not one this node issued (it must be passed back exactly as received)');
  }
  if (c.f !== fingerprint) {
    throw new AccordError('invalid', 'cursor.mismatch', 'the cursor was issued for different filters; repeat the same filters when following a cursor');
  }
  return c.a;
}
