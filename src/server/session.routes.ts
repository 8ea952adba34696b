// Web sign-in and sign-out: /api/v1/session. The session secret travels only in an httpOnly,
// SameSite=Strict cookie (Secure under TLS); the CSRF token is returned in the body for the
// page to send back in X-CSRF-Token on every request that changes state — at sign-in, and by
// GET for a web session (after a reload, or a sign-in through the identity provider, which ends
// in a redirect and cannot hand the page a body). That answer is safe to give: it goes only to
// the holder of the session cookie, the API allows no cross-origin reads (no CORS), and every
// /api/ answer is `Cache-Control: no-store` (headers.ts). Every cookie the node sets is written
// by the helpers here: every route that opens a session uses `setSessionCookie`.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { IdentityService, Principal, SignedIn } from '../identity/index.js';
import { AccordError } from '../stix/index.js';
import { sessionCookie } from './access.js';
import { SESSION_COOKIE, setCookie } from './cookies.js';
import { OPENAPI } from './openapi.js';
import { ProblemSchema } from './problem.schema.js';

const SignInBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
  totp: Type.Optional(Type.String({ minLength: 6, maxLength: 10, description: 'one-time code, when the account has a second factor' })),
}, { additionalProperties: false });
type SignInBody = Static<typeof SignInBody>;

const SessionInfo = Type.Object({
  username: Type.String(),
  roles: Type.Array(Type.String()),
  via: Type.String({ description: 'session, token or basic' }),
  must_enrol_totp: Type.Boolean(),
  csrf_token: Type.Optional(Type.String({ description: 'send back as X-CSRF-Token on requests that change state (web sessions only)' })),
  expires_at: Type.Optional(Type.String()),
});

function info(p: Principal, extra: { csrf_token?: string; expires_at?: string } = {}): Static<typeof SessionInfo> {
  return { username: p.username, roles: [...p.roles], via: p.via, must_enrol_totp: p.mustEnrolTotp === true, ...extra };
}

/** Sets the session cookie of a new web session, or clears it (null). */
export function setSessionCookie(reply: FastifyReply, session: Pick<SignedIn, 'sessionSecret' | 'expiresAt'> | null, secure: boolean): void {
  const maxAgeSeconds = session === null ? 0 : Math.max(1, Math.floor((Date.parse(session.expiresAt) - Date.now()) / 1000));
  setCookie(reply, SESSION_COOKIE, session?.sessionSecret ?? '', { maxAgeSeconds, secure, sameSite: 'Strict', path: '/' });
}

export function sessionRoutes(app: FastifyInstance, identity: IdentityService, options: { readonly tls: boolean }): void {
  app.post<{ Body: SignInBody }>('/api/v1/session', {
    bodyLimit: 4096,
    schema: { body: SignInBody, response: { 200: SessionInfo, 400: ProblemSchema, 401: ProblemSchema, 429: ProblemSchema } },
    config: { access: 'public', rateLimit: { perMinute: 30 }, [OPENAPI]: { summary: 'Sign in (web session)', tags: ['auth'] } },
  }, async (req, reply) => {
    const s = await identity.signIn({
      username: req.body.username, password: req.body.password, address: req.ip,
      ...(req.body.totp !== undefined ? { totpCode: req.body.totp } : {}),
    });
    setSessionCookie(reply, s, options.tls);
    return info(s.principal, { csrf_token: s.csrfToken, expires_at: s.expiresAt });
  });

  app.get('/api/v1/session', {
    schema: { response: { 200: SessionInfo, 401: ProblemSchema } },
    config: { access: 'signed-in', [OPENAPI]: { summary: 'Who am I', tags: ['auth'] } },
  }, (req, reply) => {
    if (req.principal === null) throw new AccordError('unauthenticated', 'auth.required', 'not signed in');
    const secret = req.principal.via === 'session' ? sessionCookie(req) : undefined;
    const csrf = secret !== undefined ? identity.sessionCsrfToken(req.principal, secret) : undefined;
    return reply.send(info(req.principal, csrf !== undefined ? { csrf_token: csrf } : {}));
  });

  app.delete('/api/v1/session', {
    schema: { response: { 204: Type.Null(), 401: ProblemSchema } },
    config: { access: 'signed-in', [OPENAPI]: { summary: 'Sign out', tags: ['auth'] } },
  }, async (req, reply) => {
    if (req.principal !== null) await identity.signOut(req.principal);
    setSessionCookie(reply, null, options.tls);
    return reply.status(204).send();
  });
}
