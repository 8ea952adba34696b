// When to try a request again, and how long to wait first: exponential backoff with jitter for
// transient failures (network errors, timeouts, 502/503/504), the server's own Retry-After for
// 429 and 503 when it gives one. Other 4xx answers are never retried: the same request would get
// the same answer.
import { AccordError } from '../../stix/index.js';
import { isRetryable, retryAfterOf } from './errors.js';

export interface RetryPolicy {
  /** Attempts in all, the first included (1 = no retries). Default 5. */
  readonly attempts: number;
  /** The first backoff, in milliseconds; doubled after each failure. Default 500. */
  readonly baseDelayMs: number;
  /** The longest backoff, in milliseconds. Default 30 000. */
  readonly maxDelayMs: number;
  /** The longest Retry-After honoured, in milliseconds; a server asking for longer makes the request fail now. Default 120 000. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 };

/**
 * How long to wait before attempt `attempt + 1` after `error` ended attempt `attempt`, or undefined
 * when the request must not be retried. Backoff uses "equal jitter": half the exponential delay,
 * plus a random part up to the other half, so that many clients failing together spread out
 * but none retries at once. A Retry-After is honoured exactly (it is the server's decision).
 */
export function retryDelay(error: unknown, attempt: number, policy: RetryPolicy, random: () => number = Math.random): number | undefined {
  if (!isRetryable(error) || attempt >= policy.attempts) return undefined;
  const after = retryAfterOf(error);
  if (after !== undefined) {
    const ms = Math.ceil(after * 1000);
    return ms <= policy.maxRetryAfterMs ? ms : undefined;
  }
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/**
 * Parses a Retry-After header (RFC 9110 §10.2.3: delay-seconds or an HTTP-date) into seconds
 * from `now`; undefined when absent or unreadable.
 */
export function parseRetryAfter(header: string | undefined, now: number = Date.now()): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** Waits `ms`, or rejects with `taxii.aborted` as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(aborted());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(aborted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The error for a cancelled request. */
export function aborted(): AccordError {
  return new AccordError('unavailable', 'taxii.aborted', 'the TAXII request was cancelled');
}
