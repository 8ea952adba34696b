// Accounts over HTTP: one's own password and second factor (/api/v1/me/…), user administration
// (/api/v1/users, admins) and API tokens (/api/v1/tokens, one's own; admins see everyone's).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf, can, TOKEN_TLP_CEILINGS, type IdentityService, type Principal } from '../identity/index.js';
import { AccordError, type TokenRecord, type UserPreferences, type UserRecord } from '../store/index.js';
import { WEB_LANGUAGES } from './web.routes.js';
import { OPENAPI } from './openapi.js';
import { ProblemSchema } from './problem.schema.js';

const ROLE = Type.Union([Type.Literal('admin'), Type.Literal('analyst'), Type.Literal('liaison'), Type.Literal('observer')]);
const Username = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }) });
type Username = Static<typeof Username>;
const TokenId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
type TokenId = Static<typeof TokenId>;
const SMALL = 16 * 1024;

const UserView = Type.Object({
  username: Type.String(), roles: Type.Array(Type.String()), disabled: Type.Boolean(), locked: Type.Boolean(),
  totp: Type.Boolean(), sso: Type.Boolean(), created_at: Type.String(),
});
const TokenView = Type.Object({
  id: Type.String(), name: Type.String(), owner: Type.Optional(Type.String()), roles: Type.Array(Type.String()), created_at: Type.String(),
  expires_at: Type.Union([Type.String(), Type.Null()]), revoked_at: Type.Union([Type.String(), Type.Null()]),
  last_used_at: Type.Union([Type.String(), Type.Null()]),
  tlp_ceiling: Type.Union([Type.String(), Type.Null()], { description: 'a device token\'s TLP ceiling: it fetches device feeds only, up to this level' }),
});

function userView(u: UserRecord): Static<typeof UserView> {
  return {
    username: u.username, roles: [...u.roles], disabled: u.disabled, locked: u.lockedAt !== null, totp: u.totpSecret !== null,
    sso: u.oidcSubject !== null, created_at: u.createdAt,
  };
}

function tokenView(t: TokenRecord, owner?: string): Static<typeof TokenView> {
  return {
    id: t.id, name: t.name, ...(owner !== undefined ? { owner } : {}), roles: [...t.roles], created_at: t.createdAt,
    expires_at: t.expiresAt, revoked_at: t.revokedAt, last_used_at: t.lastUsedAt, tlp_ceiling: t.tlpCeiling,
  };
}

function who(req: FastifyRequest): Principal {
  if (req.principal === null) throw new AccordError('unauthenticated', 'auth.required', 'not signed in');
  return req.principal;
}

export function accountRoutes(app: FastifyInstance, identity: IdentityService): void {
  // --- one's own account --------------------------------------------------------------------
  const PasswordChange = Type.Object({ current: Type.String({ minLength: 1, maxLength: 1024 }), new: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false });
  app.post<{ Body: Static<typeof PasswordChange> }>('/api/v1/me/password', {
    bodyLimit: SMALL,
    schema: { body: PasswordChange, response: { 204: Type.Null(), 400: ProblemSchema, 401: ProblemSchema } },
    config: { access: 'account:manage-own', rateLimit: { perMinute: 10 }, [OPENAPI]: { summary: 'Change my password (ends my sessions)', tags: ['account'] } },
  }, async (req, reply) => {
    await identity.changeOwnPassword(who(req), req.body.current, req.body.new);
    return reply.status(204).send();
  });

  app.post('/api/v1/me/totp', {
    schema: { response: { 200: Type.Object({ secret: Type.String(), uri: Type.String() }), 409: ProblemSchema } },
    config: { access: 'account:manage-own', [OPENAPI]: { summary: 'Start enrolling a TOTP second factor', tags: ['account'] } },
  }, async (req) => identity.beginTotp(who(req)));

  const Code = Type.Object({ code: Type.String({ minLength: 6, maxLength: 10 }) }, { additionalProperties: false });
  app.post<{ Body: Static<typeof Code> }>('/api/v1/me/totp/confirm', {
    bodyLimit: SMALL,
    schema: { body: Code, response: { 204: Type.Null(), 400: ProblemSchema, 409: ProblemSchema } },
    config: { access: 'account:manage-own', rateLimit: { perMinute: 10 }, [OPENAPI]: { summary: 'Confirm the second factor with a first code', tags: ['account'] } },
  }, async (req, reply) => {
    await identity.confirmTotp(who(req), req.body.code);
    return reply.status(204).send();
  });

  // The web app's preferences: its language (one of the six it is translated into) and the last
  // visit "new since my last visit" counts from. Not security-relevant: not audited.
  const Preferences = Type.Object({
    language: Type.Union([Type.Union(WEB_LANGUAGES.map((l) => Type.Literal(l))), Type.Null()], { description: 'the interface language; null: the browser\'s' }),
    last_visit_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  });
  const PreferencesPatch = Type.Object({
    language: Type.Optional(Preferences.properties.language),
    visited: Type.Optional(Type.Literal(true, { description: 'record a visit now' })),
  }, { additionalProperties: false });
  const preferencesView = (p: UserPreferences): Static<typeof Preferences> => ({ language: p.language as Static<typeof Preferences>['language'], last_visit_at: p.lastVisitAt });
  app.get('/api/v1/me/preferences', {
    schema: { response: { 200: Preferences, 401: ProblemSchema } },
    config: { access: 'account:manage-own', [OPENAPI]: { summary: 'My web preferences', tags: ['account'] } },
  }, async (req) => preferencesView(await identity.preferences(who(req))));
  app.patch<{ Body: Static<typeof PreferencesPatch> }>('/api/v1/me/preferences', {
    bodyLimit: SMALL,
    schema: { body: PreferencesPatch, response: { 200: Preferences, 400: ProblemSchema, 401: ProblemSchema } },
    config: { access: 'account:manage-own', rateLimit: { perMinute: 60 }, [OPENAPI]: { summary: 'Change my web preferences, or record a visit', tags: ['account'] } },
  }, async (req) => preferencesView(await identity.setPreferences(who(req), {
    ...(req.body.language !== undefined ? { language: req.body.language } : {}),
    ...(req.body.visited === true ? { lastVisitAt: new Date().toISOString() } : {}),
  })));

  // --- user administration ------------------------------------------------------------------
  app.get('/api/v1/users', {
    schema: { response: { 200: Type.Object({ users: Type.Array(UserView) }) } },
    config: { access: 'users:manage', [OPENAPI]: { summary: 'List users', tags: ['users'] } },
  }, async () => ({ users: (await identity.listUsers()).map(userView) }));

  const NewUser = Type.Object({
    username: Type.String({ minLength: 2, maxLength: 64 }), roles: Type.Array(ROLE, { minItems: 1 }),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: 'omit to have one generated (returned once)' })),
  }, { additionalProperties: false });
  app.post<{ Body: Static<typeof NewUser> }>('/api/v1/users', {
    bodyLimit: SMALL,
    schema: { body: NewUser, response: { 201: Type.Object({ user: UserView, password: Type.Optional(Type.String()) }), 400: ProblemSchema, 409: ProblemSchema } },
    config: { access: 'users:manage', [OPENAPI]: { summary: 'Create a user', tags: ['users'] } },
  }, async (req, reply) => {
    const r = await identity.addUser(req.body, actorOf(req.principal));
    return reply.status(201).send({ user: userView(r.user), ...(r.generatedPassword !== undefined ? { password: r.generatedPassword } : {}) });
  });

  const UserChange = Type.Object({ roles: Type.Optional(Type.Array(ROLE, { minItems: 1 })), disabled: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
  app.patch<{ Params: Username; Body: Static<typeof UserChange> }>('/api/v1/users/:username', {
    bodyLimit: SMALL,
    schema: { params: Username, body: UserChange, response: { 200: UserView, 400: ProblemSchema, 404: ProblemSchema } },
    config: { access: 'users:manage', [OPENAPI]: { summary: 'Change roles or disable/enable a user (ends their sessions)', tags: ['users'] } },
  }, async (req) => {
    const actor = actorOf(req.principal);
    let user: UserRecord | undefined;
    if (req.body.roles !== undefined) user = await identity.setRoles(req.params.username, req.body.roles, actor);
    if (req.body.disabled !== undefined) user = await identity.setDisabled(req.params.username, req.body.disabled, actor);
    user ??= (await identity.listUsers()).find((u) => u.username === req.params.username);
    if (user === undefined) throw new AccordError('not-found', 'identity.no-such-user', `there is no user named ${req.params.username}`);
    return userView(user);
  });

  app.post<{ Params: Username }>('/api/v1/users/:username/unlock', {
    schema: { params: Username, response: { 200: UserView, 404: ProblemSchema } },
    config: { access: 'users:manage', [OPENAPI]: { summary: 'Unlock a locked-out user', tags: ['users'] } },
  }, async (req) => userView(await identity.unlock(req.params.username, actorOf(req.principal))));

  app.post<{ Params: Username }>('/api/v1/users/:username/password', {
    schema: { params: Username, response: { 200: Type.Object({ password: Type.String({ description: 'the new password, shown once' }) }), 404: ProblemSchema } },
    config: { access: 'users:manage', [OPENAPI]: { summary: 'Reset a user\'s password to a generated one (ends their sessions)', tags: ['users'] } },
  }, async (req) => {
    const r = await identity.resetPassword(req.params.username, undefined, actorOf(req.principal));
    return { password: r.generatedPassword ?? '' };
  });

  app.delete<{ Params: Username }>('/api/v1/users/:username/totp', {
    schema: { params: Username, response: { 204: Type.Null(), 404: ProblemSchema } },
    config: { access: 'users:manage', [OPENAPI]: { summary: 'Remove a user\'s second factor (lost device)', tags: ['users'] } },
  }, async (req, reply) => {
    await identity.disableTotp(req.params.username, actorOf(req.principal));
    return reply.status(204).send();
  });

  // --- API tokens ---------------------------------------------------------------------------
  const TokenList = Type.Object({ all: Type.Optional(Type.Boolean({ description: 'every user\'s tokens (needs tokens:manage-all)' })) }, { additionalProperties: false });
  app.get<{ Querystring: Static<typeof TokenList> }>('/api/v1/tokens', {
    schema: { querystring: TokenList, response: { 200: Type.Object({ tokens: Type.Array(TokenView) }), 403: ProblemSchema } },
    config: { access: 'tokens:manage-own', [OPENAPI]: { summary: 'List my API tokens (or everyone\'s)', tags: ['tokens'] } },
  }, async (req) => {
    const p = who(req);
    if (req.query.all === true) {
      if (!can(p.roles, 'tokens:manage-all')) throw new AccordError('forbidden', 'auth.forbidden', 'listing every user\'s tokens needs the tokens:manage-all permission');
      const names = new Map((await identity.listUsers()).map((u) => [u.id, u.username]));
      return { tokens: (await identity.listTokens()).map((t) => tokenView(t, names.get(t.userId))) };
    }
    return { tokens: (await identity.listTokens(p.username)).map((t) => tokenView(t)) };
  });

  const NewToken = Type.Object({
    name: Type.String({ minLength: 1, maxLength: 100 }), roles: Type.Optional(Type.Array(ROLE, { minItems: 1 })),
    expires_at: Type.Optional(Type.String({ maxLength: 40, description: 'timestamp; omit for a token that does not expire' })),
    tlp_ceiling: Type.Optional(Type.Union(TOKEN_TLP_CEILINGS.map((l) => Type.Literal(l)), { description: 'a device token: it may fetch device feeds (/feeds/…) only, up to this TLP' })),
  }, { additionalProperties: false });
  app.post<{ Body: Static<typeof NewToken> }>('/api/v1/tokens', {
    bodyLimit: SMALL,
    schema: { body: NewToken, response: { 201: Type.Object({ token: Type.String({ description: 'shown once: store it now' }), record: TokenView }), 400: ProblemSchema, 403: ProblemSchema } },
    config: { access: 'tokens:manage-own', rateLimit: { perMinute: 20 }, [OPENAPI]: { summary: 'Create an API token for myself', tags: ['tokens'] } },
  }, async (req, reply) => {
    const p = who(req);
    if (req.body.expires_at !== undefined && Number.isNaN(Date.parse(req.body.expires_at))) {
      throw new AccordError('invalid', 'identity.bad-token-expiry', 'expires_at must be a timestamp such as 2027-01-01T00:00:00Z');
    }
    const r = await identity.createToken(p.username, {
      name: req.body.name, ...(req.body.roles !== undefined ? { roles: req.body.roles } : {}), expiresAt: req.body.expires_at ?? null,
      ...(req.body.tlp_ceiling !== undefined ? { tlpCeiling: req.body.tlp_ceiling } : {}),
    }, actorOf(p), p.tokenId !== undefined ? p.roles : undefined);
    return reply.status(201).send({ token: r.token, record: tokenView(r.record) });
  });

  app.delete<{ Params: TokenId }>('/api/v1/tokens/:id', {
    schema: { params: TokenId, response: { 204: Type.Null(), 404: ProblemSchema, 409: ProblemSchema } },
    config: { access: 'tokens:manage-own', [OPENAPI]: { summary: 'Revoke an API token (mine, or anyone\'s with tokens:manage-all)', tags: ['tokens'] } },
  }, async (req, reply) => {
    const p = who(req);
    await identity.revokeToken(req.params.id, actorOf(p), can(p.roles, 'tokens:manage-all') ? undefined : p.userId);
    return reply.status(204).send();
  });
}
