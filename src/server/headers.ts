// Security headers on every response, errors and 404s included. The node serves an API and,
// later, a single-page app from its own origin: nothing inline, nothing framed, nothing sniffed.
// HSTS only when the node itself terminates TLS (over plain HTTP the header is meaningless and
// a proxy in front decides).
import type { FastifyInstance } from 'fastify';

/** The Content-Security-Policy every response carries: same-origin resources only, no inline code. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
  "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

const HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

/** Adds the security headers (and HSTS under TLS) to every response. */
export function installSecurityHeaders(app: FastifyInstance, options: { readonly tls: boolean }): void {
  app.addHook('onRequest', async (req, reply) => {
    void reply.headers(HEADERS);
    // What the API and TAXII answer is for the one who asked: never kept by a shared cache.
    if (req.url.startsWith('/api/') || req.url.startsWith('/taxii2/')) void reply.header('Cache-Control', 'no-store');
    if (options.tls) void reply.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  });
}
