// Web sign-in and sign-out: /api/v1/session. The session secret travels only in an httpOnly,
// SameSite=Strict cookie (Secure under TLS); the CSRF token is returned in the body for the
// page to send back in X-CSRF-Token on every request that changes state.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { IdentityService, Principal } from '../identity/index.js';
import { AccordError } from '../stix/index.js';
import { SESSION_COOKIE } from './access.js';
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
  csrf_token: Type.Optional(Type.String({ description: 'send back as X-CSRF-Token on requests that change state (only at sign-in)' })),
  expires_at: Type.Optional(Type.String()),
});

function info(p: Principal, extra: { csrf_token?: string; expires_at?: string } = {}): Static<typeof SessionInfo> {
  return { username: p.username, roles: [...p.roles], via: p.via, must_enrol_totp: p.mustEnrolTotp === true, ...extra };
}

function setCookie(reply: FastifyReply, value: string, maxAgeSeconds: number, secure: boolean): void {
  void reply.header('Set-Cookie', `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`);
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
    setCookie(reply, s.sessionSecret, Math.max(1, Math.floor((Date.parse(s.expiresAt) - Date.now()) / 1000)), options.tls);
    return info(s.principal, { csrf_token: s.csrfToken, expires_at: s.expiresAt });
  });

  app.get('/api/v1/session', {
    schema: { response: { 200: SessionInfo, 401: ProblemSchema } },
    config: { access: 'signed-in', [OPENAPI]: { summary: 'Who am I', tags: ['auth'] } },
  }, (req, reply) => {
    if (req.principal === null) throw new AccordError('unauthenticated', 'auth.required', 'not signed in');
    return reply.send(info(req.principal));
  });

  app.delete('/api/v1/session', {
    schema: { response: { 204: Type.Null(), 401: ProblemSchema } },
    config: { access: 'signed-in', [OPENAPI]: { summary: 'Sign out', tags: ['auth'] } },
  }, async (req, reply) => {
    if (req.principal !== null) await identity.signOut(req.principal);
    setCookie(reply, '', 0, options.tls);
    return reply.status(204).send();
  });
}
