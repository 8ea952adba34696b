// The typed error every Accord area throws for a failure its caller must handle. It lives in the
// innermost area so that every other area can use it; the HTTP edge (src/server) maps `kind` to a
// status code and the CLI to an exit code, once, in one place.

/**
 * What kind of failure, independent of transport. `not-acceptable`, `unsupported-media-type` and
 * `unprocessable` are content negotiation and body failures (TAXII 2.1 names 406, 415 and 422).
 */
export type ErrorKind =
  | 'invalid' | 'not-found' | 'conflict' | 'forbidden' | 'unauthenticated' | 'too-large' | 'rate-limited' | 'unavailable' | 'internal'
  | 'not-acceptable' | 'unsupported-media-type' | 'unprocessable';

/** For `rate-limited` errors: `details.retryAfterSeconds` says when to try again. */
export interface RateLimitDetails {
  readonly retryAfterSeconds: number;
}

/** A failure with a stable code (e.g. `store.version-conflict`) that callers and clients can rely on. */
export class AccordError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AccordError';
  }
}

/** True for an AccordError (also across module copies). */
export function isAccordError(e: unknown): e is AccordError {
  return e instanceof AccordError;
}
