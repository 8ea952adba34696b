// Sign-in through the member's identity provider (OpenID Connect): /api/v1/auth/oidc/…, present
// only when the node is configured for it. Both routes are public: they are how one signs in.
//
//   login     starts a login and redirects the browser to the provider. The login's state, nonce
//             and PKCE verifier go in a sealed, httpOnly cookie limited to this path, for 10
//             minutes. It is SameSite=Lax, not Strict: the provider sends the browser back with
//             a top-level cross-site navigation, on which browsers send Lax cookies but not
//             Strict ones. Lax still keeps it out of cross-site subrequests and POSTs.
//   callback  finishes it: the relying party checks state, exchanges the code and validates the
//             ID token; the identity service picks the account and opens a web session; the
//             answer sets the usual session cookie and redirects to `/`. The page then reads
//             its CSRF token from GET /api/v1/session. The login cookie is cleared whatever
//             the outcome, so a login can be finished once.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { OIDC_LOGIN_TTL_SECONDS, type IdentityService, type OidcRelyingParty } from '../identity/index.js';
import { OPENAPI } from './openapi.js';
import { ProblemSchema } from './problem.schema.js';
import { readCookie, setCookie } from './cookies.js';
import { setSessionCookie } from './session.routes.js';

export const OIDC_LOGIN_PATH = '/api/v1/auth/oidc/login';
export const OIDC_CALLBACK_PATH = '/api/v1/auth/oidc/callback';
/** The cookie that carries a login in progress (sealed; see src/identity/oidc.ts). */
export const OIDC_LOGIN_COOKIE = 'accord_oidc_login';
const COOKIE_PATH = '/api/v1/auth/oidc';
// Per client address. Nothing can be guessed here (the provider checks passwords), so the limit
// only bounds work and requests to the provider; it is generous because a whole office may sign
// in at nine from one NAT address.
const SIGN_IN_RATE = { perMinute: 120, burst: 60 } as const;

const Param = (description: string, maxLength = 4096) => Type.Optional(Type.String({ maxLength, description }));
// The authorization response (RFC 6749 §4.1.2, RFC 9207); other parameters a provider adds pass.
const CallbackQuery = Type.Object({
  code: Param('the authorization code'),
  state: Param('the state this node sent', 512),
  iss: Param('the issuer (RFC 9207)', 2048),
  error: Param('the provider\'s error code, when it did not sign the user in', 256),
  error_description: Param('the provider\'s explanation', 2048),
});
type CallbackQuery = Static<typeof CallbackQuery>;
const Redirect = Type.Null({ description: 'a redirect (see the Location header)' });

export function oidcRoutes(app: FastifyInstance, identity: IdentityService, rp: OidcRelyingParty, options: { readonly tls: boolean }): void {
  const cookie = { secure: options.tls, sameSite: 'Lax', path: COOKIE_PATH } as const;

  app.get(OIDC_LOGIN_PATH, {
    schema: { response: { 303: Redirect, 429: ProblemSchema, 503: ProblemSchema } },
    config: {
      access: 'public', rateLimit: SIGN_IN_RATE,
      [OPENAPI]: { summary: 'Sign in through the identity provider (redirects there)', tags: ['auth'] },
    },
  }, async (_req, reply) => {
    const start = await rp.begin();
    setCookie(reply, OIDC_LOGIN_COOKIE, start.transaction, { ...cookie, maxAgeSeconds: OIDC_LOGIN_TTL_SECONDS });
    return reply.redirect(start.url, 303);
  });

  app.get<{ Querystring: CallbackQuery }>(OIDC_CALLBACK_PATH, {
    schema: { querystring: CallbackQuery, response: { 303: Redirect, 400: ProblemSchema, 401: ProblemSchema, 429: ProblemSchema, 503: ProblemSchema } },
    config: {
      access: 'public', rateLimit: SIGN_IN_RATE,
      [OPENAPI]: { summary: 'Where the identity provider sends the browser back; opens a web session and redirects to /', tags: ['auth'] },
    },
  }, async (req, reply) => {
    setCookie(reply, OIDC_LOGIN_COOKIE, '', { ...cookie, maxAgeSeconds: 0 });
    const oidcIdentity = await rp.complete(req.query, readCookie(req, OIDC_LOGIN_COOKIE), req.ip);
    const signedIn = await identity.signInWithOidc(oidcIdentity, req.ip);
    setSessionCookie(reply, signedIn, options.tls);
    return reply.redirect('/', 303);
  });
}
