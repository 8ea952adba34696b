// Access control, in one place. Every route declares what it needs in its config (`access`):
// a permission, `signed-in` (any authenticated principal) or `public`. A route without a
// declaration is refused at start-up (the app does not boot) and, should one slip through,
// denied at request time. Credentials are checked before the body is read:
//   - `Authorization: Bearer accord_…` → an API token;
//   - `Authorization: Basic …` → a password (TAXII clients), throttled like the web sign-in;
//   - the `accord_session` cookie → a web session; unsafe methods then need `X-CSRF-Token`;
//   - on routes that admit peer nodes (`peers: true`: TAXII), an HTTP Message Signature by a
//     member's node key (RFC 9421, docs/decisions/0016) → a peer. Its Content-Digest is checked
//     once the body is in (preHandler), against the bytes received.
// A token with a TLP ceiling (a device's) may call device feed routes only (`feed: true`).
// Presented credentials that do not hold answer 401 even on public routes' neighbours; no
// credentials on a protected route answer 401; credentials without the permission answer 403.
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { authenticatePeer, DEFAULT_MAX_SKEW_SECONDS, peerRequestUrl, verifyContentDigest, type PeerDirectory, type PeerPrincipal, type ReplayCache } from '../federation/index.js';
import { can, type IdentityService, type Permission, type Principal } from '../identity/index.js';
import { AccordError } from '../stix/index.js';
import { readCookie, SESSION_COOKIE } from './cookies.js';

export type RouteAccess = Permission | 'signed-in' | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** Peer nodes may call this route (signed with their member key): to read, or to push (POST Add Objects). */
    peers?: boolean;
    /** A device feed: the only kind of route a token with a TLP ceiling may call (docs/decisions/0025). */
    feed?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** The member node that signed the request, on routes that admit peers. */
    peer: PeerPrincipal | null;
  }
}

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Routes an administrator who must still enrol a second factor may use. */
const ENROLMENT_ROUTES = new Set(['/api/v1/session', '/api/v1/me/totp', '/api/v1/me/totp/confirm']);

export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  readonly access: RouteAccess | undefined;
}

/** The session cookie's value. */
export function sessionCookie(req: FastifyRequest): string | undefined {
  return readCookie(req, SESSION_COOKIE);
}

/** Resolves the principal from the request's credentials; null when it presents none. */
async function authenticate(identity: IdentityService, req: FastifyRequest): Promise<Principal | null> {
  const authorization = req.headers.authorization;
  if (authorization !== undefined) {
    const space = authorization.indexOf(' ');
    const scheme = (space > 0 ? authorization.slice(0, space) : authorization).toLowerCase();
    const value = space > 0 ? authorization.slice(space + 1).trim() : '';
    if (scheme === 'bearer') return identity.tokenPrincipal(value);
    if (scheme === 'basic') {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon <= 0) throw new AccordError('unauthenticated', 'auth.bad-basic', 'HTTP Basic credentials must be base64 of user:password');
      return identity.basicPrincipal(decoded.slice(0, colon), decoded.slice(colon + 1), req.ip);
    }
    throw new AccordError('unauthenticated', 'auth.unsupported-scheme', 'use `Authorization: Bearer <API token>` or HTTP Basic');
  }
  const cookie = sessionCookie(req);
  return cookie !== undefined ? identity.sessionPrincipal(cookie) : null;
}

/** How peer nodes are recognised: the members' keys, this node's public origin, the replay memory. */
export interface PeerAuthentication {
  readonly membership: PeerDirectory;
  /** This node's origin as the members list it (`nodeUrl`): the signed target URI is rebuilt from it, never from Host. */
  readonly publicOrigin: () => string;
  readonly replay: ReplayCache;
}

/**
 * What a peer may do, by method: read what the sharing policy lets its member read, and push
 * (POST Add Objects), which the TAXII area hands to federation's share-record check instead of the
 * import path. Nothing else: a peer never deletes, nor administers.
 */
const PEER_ACCESS: Readonly<Record<string, ReadonlySet<RouteAccess>>> = {
  GET: new Set(['objects:read', 'signed-in']),
  HEAD: new Set(['objects:read', 'signed-in']),
  POST: new Set(['objects:write']),
};

/** Installs authentication and authorization; returns the route table for tests and checks. */
export function installAccessControl(app: FastifyInstance, identity: IdentityService, peers?: PeerAuthentication): { routes(): readonly RouteEntry[] } {
  const routes: RouteEntry[] = [];
  app.decorateRequest('principal', null);
  app.decorateRequest('peer', null);
  app.addHook('onRoute', (route: RouteOptions) => {
    const access = route.config?.access;
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, access });
  });
  app.addHook('onReady', (done) => {
    const undeclared = routes.filter((r) => r.access === undefined);
    done(undeclared.length > 0 ? new Error(`routes without a declared access: ${undeclared.map((r) => `${r.method} ${r.url}`).join(', ')}`) : undefined);
  });
  app.addHook('onRequest', async (req) => {
    if (req.routeOptions.url === undefined) return; // no such route: the 404 handler answers
    const access = req.routeOptions.config.access;
    if (access === undefined) throw new AccordError('forbidden', 'auth.undeclared-route', 'this route declares no access and is denied');
    if (access === 'public') return;
    if (peers !== undefined && req.routeOptions.config.peers === true && req.headers.authorization === undefined && req.headers['signature-input'] !== undefined) {
      req.peer = authenticatePeer(
        { method: req.method, url: peerRequestUrl(peers.publicOrigin(), req.url), headers: req.headers },
        peers.membership, peers.replay, new Date(), DEFAULT_MAX_SKEW_SECONDS, true,
      );
      if (PEER_ACCESS[req.method]?.has(access) !== true) throw new AccordError('forbidden', 'auth.peer-forbidden', `peer nodes may not ${req.method} here (this needs ${access})`);
      return;
    }
    const principal = await authenticate(identity, req);
    if (principal === null) throw new AccordError('unauthenticated', 'auth.required', 'sign in, or present an API token or HTTP Basic credentials');
    req.principal = principal;
    // A token with a TLP ceiling is a device's: its ceiling means something only to feeds, so it may call nothing else.
    if (principal.tlpCeiling !== undefined && req.routeOptions.config.feed !== true) {
      throw new AccordError('forbidden', 'auth.feed-token-only', 'this token has a TLP ceiling: it may fetch device feeds (/feeds/…) and nothing else');
    }
    if (principal.via === 'session' && !SAFE_METHODS.has(req.method) && !identity.checkCsrf(principal, headerValue(req, CSRF_HEADER))) {
      throw new AccordError('forbidden', 'auth.csrf', `a request changing state from a web session needs the ${CSRF_HEADER} header from sign-in`);
    }
    if (principal.mustEnrolTotp === true && !ENROLMENT_ROUTES.has(req.routeOptions.url)) {
      throw new AccordError('forbidden', 'auth.totp-enrolment-required', 'administrators must enrol a second factor first (POST /api/v1/me/totp)');
    }
    if (access !== 'signed-in' && !can(principal.roles, access)) {
      throw new AccordError('forbidden', 'auth.forbidden', `this needs the ${access} permission, which your roles (${principal.roles.join(', ')}) do not give`);
    }
  });
  // The body a peer signed must be the body received (RFC 9530 Content-Digest).
  app.addHook('preHandler', (req, _reply, done) => {
    try {
      const body = req.body;
      const bytes = Buffer.isBuffer(body) ? body : typeof body === 'string' ? body : undefined;
      const digest = req.headers['content-digest'];
      if (req.peer !== null && bytes !== undefined && bytes.length > 0) verifyContentDigest(Array.isArray(digest) ? digest.join(', ') : (digest ?? ''), bytes);
      done();
    } catch (e) {
      done(e as Error);
    }
  });
  return { routes: () => routes };
}

function headerValue(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
