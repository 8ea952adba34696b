import { describe, expect, it } from 'vitest';
import { AccordError } from '../../stix/index.js';
import { httpError, unreachable } from './errors.js';
import { DEFAULT_RETRY, parseRetryAfter, retryDelay } from './retry.js';

const policy = { ...DEFAULT_RETRY, attempts: 6, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 10_000 };
const status = (s: number, retryAfter?: number): AccordError => httpError('GET x', s, undefined, retryAfter);

describe('retryDelay', () => {
  it('backs off exponentially with jitter on transient failures, up to the cap', () => {
    const e = unreachable('GET x', 'connection reset');
    expect(retryDelay(e, 1, policy, () => 0)).toBe(50);
    expect(retryDelay(e, 1, policy, () => 1)).toBe(100);
    expect(retryDelay(e, 3, policy, () => 0)).toBe(200);
    expect(retryDelay(e, 3, policy, () => 1)).toBe(400);
    expect(retryDelay(e, 5, policy, () => 1)).toBe(1000);
    for (const s of [502, 503, 504]) expect(retryDelay(status(s), 1, policy)).toBeGreaterThanOrEqual(50);
    expect(retryDelay(new AccordError('unavailable', 'taxii.timeout', 'slow'), 1, policy)).toBeGreaterThan(0);
  });

  it('never retries other 4xx, 500, protocol or TLS errors, nor past the last attempt', () => {
    for (const s of [400, 401, 403, 404, 406, 413, 415, 422, 500]) expect(retryDelay(status(s), 1, policy)).toBeUndefined();
    expect(retryDelay(new AccordError('unavailable', 'taxii.protocol', 'x'), 1, policy)).toBeUndefined();
    expect(retryDelay(new AccordError('unavailable', 'taxii.tls', 'x'), 1, policy)).toBeUndefined();
    expect(retryDelay(new Error('a bug'), 1, policy)).toBeUndefined();
    expect(retryDelay(status(503), 6, policy)).toBeUndefined();
  });

  it('honours Retry-After exactly, and gives up at once when it asks for too long', () => {
    expect(retryDelay(status(429, 2), 1, policy, () => 0)).toBe(2000);
    expect(retryDelay(status(503, 0), 1, policy)).toBe(0);
    expect(retryDelay(status(429, 60), 1, policy)).toBeUndefined();
    expect(status(429, 60).details).toMatchObject({ retryAfterSeconds: 60 });
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('7')).toBe(7);
    expect(parseRetryAfter(' 0 ')).toBe(0);
    const now = Date.parse('2024-05-01T10:00:00Z');
    expect(parseRetryAfter('Wed, 01 May 2024 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Wed, 01 May 2024 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
