// What the reader tests share: a line's event, or a failure naming why it was skipped.
import type { LogEvent, Skip } from './event.js';

/** The event a reader gave (fails the test with the reason when it skipped the line). */
export function event(r: LogEvent | Skip): LogEvent {
  if ('skip' in r) throw new Error(`skipped: ${r.skip}`);
  return r;
}

/** The event's values as a plain object, by object path. */
export const values = (r: LogEvent | Skip): Record<string, readonly (string | number)[]> => Object.fromEntries(event(r).values);
