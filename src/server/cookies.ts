// Cookies, read from and written to the raw headers: the node sets two (the web session, and the
// short-lived OpenID Connect login state), both httpOnly, so no cookie library is needed.
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The web session's cookie. */
export const SESSION_COOKIE = 'accord_session';

export interface CookieOptions {
  readonly maxAgeSeconds: number;
  /** Under TLS: the browser sends it back only over HTTPS. */
  readonly secure: boolean;
  readonly sameSite: 'Strict' | 'Lax';
  readonly path: string;
}

/** Adds one httpOnly cookie to the answer (several calls add several Set-Cookie headers). */
export function setCookie(reply: FastifyReply, name: string, value: string, o: CookieOptions): void {
  void reply.header('Set-Cookie', `${name}=${value}; Path=${o.path}; HttpOnly; SameSite=${o.sameSite}; Max-Age=${o.maxAgeSeconds}${o.secure ? '; Secure' : ''}`);
}

/** A cookie's value from the raw Cookie header, or undefined. */
export function readCookie(req: FastifyRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
