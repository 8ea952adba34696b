// Rate limits for expensive or sensitive routes: a token bucket per key (the principal, or the
// client address for anonymous routes), declared in the route config as `rateLimit`. Sign-in
// failures have their own, stricter throttle in the identity area; this bounds everything else.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AccordError } from '../stix/index.js';

export interface RateLimit {
  /** Sustained requests per minute. */
  readonly perMinute: number;
  /** Requests allowed at once (default perMinute / 4, at least 5). */
  readonly burst?: number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    rateLimit?: RateLimit;
  }
}

interface Bucket {
  tokens: number;
  at: number;
}

const MAX_KEYS = 50_000;

/** Enforces each route's `rateLimit` (after access control, so a principal is known). */
export function installRateLimits(app: FastifyInstance, clock: () => number = Date.now): void {
  const buckets = new Map<string, Bucket>();
  app.addHook('onRequest', (req: FastifyRequest, _reply, done) => {
    const limit = req.routeOptions.config.rateLimit;
    if (limit === undefined) return done();
    const burst = limit.burst ?? Math.max(5, Math.floor(limit.perMinute / 4));
    const key = `${req.routeOptions.url ?? ''}|${req.principal?.userId ?? `ip:${req.ip}`}`;
    const now = clock();
    const b = buckets.get(key) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 60_000) * limit.perMinute);
    b.at = now;
    if (b.tokens < 1) {
      const retryAfterSeconds = Math.ceil(((1 - b.tokens) * 60) / limit.perMinute);
      return done(new AccordError('rate-limited', 'http.rate-limited', `too many requests to this route; try again in ${retryAfterSeconds} s`, { retryAfterSeconds }));
    }
    b.tokens -= 1;
    buckets.delete(key);
    buckets.set(key, b);
    if (buckets.size > MAX_KEYS) {
      const oldest = buckets.keys().next().value;
      if (oldest !== undefined) buckets.delete(oldest);
    }
    done();
  });
}
