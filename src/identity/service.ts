// Accounts in use: signing in (web sessions, HTTP Basic, API tokens), account administration,
// second factors and tokens. The HTTP layer and the CLI both call this service; neither checks a
// password or a token itself. Every security-relevant act is written to the audit log.
//
// Failures never say whether an account exists: an unknown name, a wrong password, a disabled
// or locked account all answer `auth.failed` with the same message, and an unknown name still
// costs one argon2 verification so that timing does not tell either. Throttling (per account
// name and per address, unknown names included) answers 429 with Retry-After; ten consecutive
// failures lock the account until an administrator unlocks it.
//
// Sign-in through the member's identity provider (OpenID Connect) ends here too: the relying
// party (oidc.ts) proves who the provider says the user is, `signInWithOidc` decides which
// account that is and whether it may sign in (docs/decisions/0011-oidc.md).
import { createHmac, randomUUID } from 'node:crypto';
import { AccordError, type Store, type TokenRecord, type UserPatch, type UserPreferences, type UserRecord } from '../store/index.js';
import { BasicAuthCache } from './basic-cache.js';
import { checkPasswordPolicy, generatePassword, hashPassword, verifyPassword } from './passwords.js';
import { mapRoles, oidcSubjectKey, type OidcAccountPolicy, type OidcIdentity } from './oidc-claims.js';
import { effectiveRoles, isRole } from './permissions.js';
import type { Principal } from './principal.js';
import type { SecretBox } from './secret-box.js';
import { addressKey, LoginThrottle, shouldLock } from './throttle.js';
import { TOKEN_TLP_CEILINGS } from './principal.js';
import { hashSecret, isWellFormedSecret, newSessionSecret, newToken, parseToken, tokenMatches } from './tokens.js';
import { generateTotpSecret, totpUri, verifyTotp } from './totp.js';
import { createUser, isValidUsername, ROLES, type Role } from './users.js';

/** What the identity service tells the audit log (the audit area's AuditLog satisfies it). */
export interface AuditRecorder {
  record(event: {
    readonly actor: string;
    readonly action: string;
    readonly target?: string | null;
    readonly outcome?: 'ok' | 'failed' | 'denied';
    readonly details?: Record<string, unknown>;
  }): Promise<unknown>;
}

export interface IdentityOptions {
  readonly secretBox: SecretBox;
  readonly audit: AuditRecorder;
  /** Administrators must enrol a TOTP second factor before they can do anything else. */
  readonly requireTotpForAdmins?: boolean;
  /** A session ends after this long without use (default 30 minutes). */
  readonly sessionIdleSeconds?: number;
  /** A session ends this long after sign-in whatever its use (default 12 hours). */
  readonly sessionAbsoluteSeconds?: number;
  /** The issuer shown in authenticator apps (default "Accord"). */
  readonly totpIssuer?: string;
  readonly clock?: () => number;
  readonly throttle?: LoginThrottle;
  /** How long a verified token is remembered (default TOKEN_CACHE_MS on PostgreSQL, 0 on SQLite). */
  readonly tokenMemoryMs?: number;
  /** How identities from the member's OpenID Connect provider map to accounts; absent: OIDC sign-in is refused. */
  readonly oidc?: OidcAccountPolicy;
}

/** A new web session: the secret goes into the cookie, the CSRF token to the page. */
export interface SignedIn {
  readonly principal: Principal;
  readonly sessionSecret: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

/**
 * How long a verified token is trusted from memory before the store is asked again, on
 * PostgreSQL (where asking costs two network round trips; on SQLite it costs ~20 µs and memory
 * is not used). Changes made through this process (revocation, roles, disabling) take effect at
 * once; those made by another process sharing the database take effect within this time.
 * Expiry is always checked.
 */
export const TOKEN_CACHE_MS = 2000;
const TOKEN_CACHE_MAX = 10_000;

interface CachedToken {
  readonly secretHash: string;
  readonly expiresAt: number;
  readonly principal: Principal;
  readonly cachedAt: number;
}

const FAILED = 'sign-in failed: the user name, password or code is wrong, or the account cannot sign in now';
const OIDC_REFUSED = 'your identity provider signed you in, but this node does not let that identity in (ask the node\'s administrator)';
const TOTP_PURPOSE = 'totp-secret';
const TOUCH_EVERY_MS = 60_000;
/** A real argon2id hash of a random password: unknown names are verified against it (same cost). */
let dummyHash: Promise<string> | undefined;

interface TotpState {
  readonly secret: string;
  readonly confirmed: boolean;
}

function failed(code = 'auth.failed', message = FAILED): AccordError {
  return new AccordError('unauthenticated', code, message);
}

/**
 * The CSRF token of a session, derived from the session secret: HMAC-SHA256 keyed by the secret.
 * Only the holder of the cookie can compute it, it reveals nothing of the secret, and so it can be
 * given to the page again (GET /api/v1/session after a reload or an OIDC sign-in) although the
 * store keeps only its hash.
 */
function csrfTokenOf(sessionSecret: string): string {
  return createHmac('sha256', sessionSecret).update('accord-csrf-v1').digest('base64url');
}

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((r) => b.includes(r));
}

export class IdentityService {
  private readonly throttle: LoginThrottle;
  private readonly basicCache = new BasicAuthCache();
  private readonly tokenCache = new Map<string, CachedToken>();
  private readonly tokenMemoryMs: number;
  private readonly clock: () => number;
  private readonly idleMs: number;
  private readonly absoluteMs: number;

  constructor(private readonly store: Store, private readonly options: IdentityOptions) {
    this.throttle = options.throttle ?? new LoginThrottle();
    this.clock = options.clock ?? Date.now;
    this.tokenMemoryMs = options.tokenMemoryMs ?? (store.kind === 'postgres' ? TOKEN_CACHE_MS : 0);
    this.idleMs = (options.sessionIdleSeconds ?? 1800) * 1000;
    this.absoluteMs = (options.sessionAbsoluteSeconds ?? 43_200) * 1000;
  }

  private iso(ms = this.clock()): string {
    return new Date(ms).toISOString();
  }

  private totpState(user: UserRecord): TotpState | undefined {
    if (user.totpSecret === null) return undefined;
    return JSON.parse(this.options.secretBox.open(user.totpSecret, TOTP_PURPOSE)) as TotpState;
  }

  private principal(user: UserRecord, via: Principal['via'], extra: Partial<Principal> = {}): Principal {
    // The requirement protects password sign-ins; an administrator without a password signs in
    // only through the identity provider, which is responsible for the second factor there.
    const mustEnrol = this.options.requireTotpForAdmins === true && user.roles.includes('admin') && user.passwordHash !== null
      && this.totpState(user)?.confirmed !== true;
    return { userId: user.id, username: user.username, roles: user.roles, via, ...(mustEnrol ? { mustEnrolTotp: true } : {}), ...extra };
  }

  /**
   * Checks a password (and, when the user has one, a TOTP code) for one sign-in attempt, with
   * throttling, failure counting and lock-out. Returns the user on success.
   */
  private async verifyAttempt(username: string, password: string, address: string, totpCode: string | undefined, via: string): Promise<UserRecord> {
    const now = this.clock();
    const name = username.trim().toLowerCase();
    const attempt = { account: name, address: addressKey(address) };
    const gate = this.throttle.check(attempt, now);
    if (!gate.allowed) {
      await this.options.audit.record({ actor: `user:${name}`, action: 'auth.sign-in-failed', outcome: 'denied', details: { via, address, reason: 'throttled' } });
      throw new AccordError('rate-limited', 'auth.throttled', `too many failed sign-ins; try again in ${gate.retryAfterSeconds} s`, { retryAfterSeconds: gate.retryAfterSeconds });
    }
    const user = await this.store.users.findByUsername(name);
    const passwordOk = user?.passwordHash != null
      ? await verifyPassword(user.passwordHash, password)
      : (await verifyPassword(await (dummyHash ??= hashPassword(generatePassword())), password), false);
    const fail = async (reason: string): Promise<never> => {
      this.throttle.recordFailure(attempt, now);
      // An account without a password (identity provider only) cannot be guessed into: no lock-out.
      if (user !== undefined && user.passwordHash !== null && reason !== 'disabled' && reason !== 'locked') {
        const count = await this.store.users.recordFailedLogin(user.id, this.iso(now));
        if (shouldLock(count) && user.lockedAt === null) {
          await this.store.users.update(user.id, { lockedAt: this.iso(now), updatedAt: this.iso(now) });
          await this.cutOff(user);
          await this.options.audit.record({ actor: 'node', action: 'auth.locked-out', target: `user:${user.username}`, details: { failedLogins: count } });
        }
      }
      await this.options.audit.record({ actor: `user:${name}`, action: 'auth.sign-in-failed', outcome: 'failed', details: { via, address, reason } });
      throw failed();
    };
    if (user === undefined) return fail('unknown-user');
    if (!passwordOk) return fail('wrong-password');
    if (user.disabled) return fail('disabled');
    if (user.lockedAt !== null) return fail('locked');
    const totp = this.totpState(user);
    if (totp?.confirmed === true) {
      if (totpCode === undefined || totpCode === '') throw failed('auth.totp-required', 'this account needs a one-time code from its authenticator app');
      const step = verifyTotp(totp.secret, totpCode, now, user.totpLastStep === null ? {} : { lastUsedStep: user.totpLastStep });
      if (step === undefined) return fail('wrong-totp');
      await this.store.users.update(user.id, { totpLastStep: step, updatedAt: this.iso(now) });
    }
    this.throttle.recordSuccess(attempt);
    if (user.failedLogins > 0) await this.store.users.update(user.id, { failedLogins: 0, updatedAt: this.iso(now) });
    return user;
  }

  /** Opens a web session for a user who has just proved who they are, and audits the sign-in. */
  private async openSession(user: UserRecord, details: { readonly via: string; readonly address: string } & Record<string, unknown>): Promise<SignedIn> {
    const now = this.clock();
    const session = newSessionSecret();
    const csrfToken = csrfTokenOf(session.secret);
    const csrfHash = hashSecret(csrfToken);
    const expiresAt = this.iso(now + this.absoluteMs);
    await this.store.sessions.create({
      idHash: session.secretHash, userId: user.id, csrfHash, createdAt: this.iso(now), lastSeenAt: this.iso(now),
      expiresAt, revokedAt: null,
    });
    await this.options.audit.record({ actor: `user:${user.username}`, action: 'auth.sign-in', details });
    return {
      principal: this.principal(user, 'session', { session: { idHash: session.secretHash, csrfHash } }),
      sessionSecret: session.secret, csrfToken, expiresAt,
    };
  }

  /** Signs in with a password (and a TOTP code when required) and opens a web session. */
  async signIn(input: { readonly username: string; readonly password: string; readonly totpCode?: string; readonly address: string }): Promise<SignedIn> {
    const user = await this.verifyAttempt(input.username, input.password, input.address, input.totpCode, 'password');
    return this.openSession(user, { via: 'password', address: input.address });
  }

  /**
   * Signs in an identity the member's OpenID Connect provider vouched for, and opens a web
   * session. The account is the one linked to `issuer|subject`; failing that, with
   * `linkByUsername`, the unlinked local account of the same name (linked now); failing that,
   * with `autoCreate`, a new account without a password. With a role map, roles follow the
   * provider's groups at every sign-in and no mapped role means no entry. Disabled and locked
   * accounts are refused. Accord's own TOTP is not asked: the provider authenticated the user
   * (docs/decisions/0011-oidc.md). Every refusal is audited and answers `auth.oidc-refused`.
   */
  async signInWithOidc(identity: OidcIdentity, address: string): Promise<SignedIn> {
    const policy = this.options.oidc;
    const key = oidcSubjectKey(identity);
    const name = identity.username?.trim().toLowerCase();
    const refuse = async (reason: string, user?: UserRecord): Promise<never> => {
      await this.options.audit.record({
        actor: user !== undefined ? `user:${user.username}` : `oidc:${(name ?? identity.subject).slice(0, 200)}`,
        action: 'auth.sign-in-failed', outcome: 'failed',
        details: { via: 'oidc', address, reason, issuer: identity.issuer, subject: identity.subject, ...(name !== undefined ? { username: name } : {}) },
      });
      throw failed('auth.oidc-refused', OIDC_REFUSED);
    };
    if (policy === undefined) return refuse('oidc-not-configured');
    const roles = policy.roleMap !== undefined ? mapRoles(identity.groups, policy.roleMap) : undefined;

    // Which account: decided before anything is written, so a refusal changes nothing.
    let user = await this.store.users.findByOidcSubject(key);
    let how: 'subject' | 'username' | 'created' = 'subject';
    if (user === undefined && policy.linkByUsername === true && name !== undefined) {
      const local = await this.store.users.findByUsername(name);
      if (local !== undefined) {
        if (local.oidcSubject !== null) return refuse('username-linked-to-another-identity', local);
        user = local;
        how = 'username';
      }
    }
    if (user === undefined) {
      if (policy.autoCreate !== true) return refuse('unknown-identity');
      if (name === undefined || !isValidUsername(name)) return refuse('no-usable-username');
      if ((await this.store.users.findByUsername(name)) !== undefined) return refuse('username-taken');
      if (roles === undefined || roles.length === 0) return refuse('no-role-mapping');
      how = 'created';
    } else {
      if (user.disabled) return refuse('disabled', user);
      if (user.lockedAt !== null) return refuse('locked', user);
      if (roles !== undefined && roles.length === 0) return refuse('no-role-mapping', user);
    }

    const now = this.iso();
    if (user === undefined) {
      const record: UserRecord = {
        id: randomUUID(), username: name as string, passwordHash: null, roles: roles as Role[], createdAt: now, updatedAt: now,
        disabled: false, lockedAt: null, failedLogins: 0, totpSecret: null, totpLastStep: null, oidcSubject: key,
      };
      await this.store.users.create(record);
      await this.options.audit.record({ actor: 'node', action: 'user.created', target: `user:${record.username}`, details: { roles: record.roles, via: 'oidc', issuer: identity.issuer, subject: identity.subject } });
      user = record;
    } else {
      const patch: UserPatch = {
        ...(how === 'username' ? { oidcSubject: key } : {}),
        ...(roles !== undefined && !sameRoles(roles, user.roles) ? { roles } : {}),
      };
      if (Object.keys(patch).length > 0) {
        const before = user;
        user = await this.store.users.update(user.id, { ...patch, updatedAt: now });
        if (patch.roles !== undefined) {
          await this.cutOff(before); // as for any change of roles: the user's other sessions end
          await this.options.audit.record({ actor: 'node', action: 'user.roles-changed', target: `user:${user.username}`, details: { from: before.roles, to: user.roles, via: 'oidc' } });
        }
      }
    }
    return this.openSession(user, { via: 'oidc', address, issuer: identity.issuer, subject: identity.subject, ...(how !== 'subject' ? { account: how === 'username' ? 'linked-by-username' : 'created' } : {}) });
  }

  /** Ends a web session. */
  async signOut(principal: Principal): Promise<void> {
    if (principal.session === undefined) return;
    await this.store.sessions.revoke(principal.session.idHash, this.iso());
    await this.options.audit.record({ actor: `user:${principal.username}`, action: 'auth.sign-out' });
  }

  /** The principal of a session cookie's secret, or null when the session is unknown, ended or expired. */
  async sessionPrincipal(secret: string): Promise<Principal | null> {
    if (!isWellFormedSecret(secret)) return null;
    const idHash = hashSecret(secret);
    const s = await this.store.sessions.find(idHash);
    const now = this.clock();
    if (s === undefined || s.revokedAt !== null) return null;
    if (now >= Date.parse(s.expiresAt) || now - Date.parse(s.lastSeenAt) >= this.idleMs) return null;
    const user = await this.store.users.findById(s.userId);
    if (user === undefined || user.disabled || user.lockedAt !== null) return null;
    if (now - Date.parse(s.lastSeenAt) >= TOUCH_EVERY_MS) await this.store.sessions.touch(idHash, this.iso(now));
    return this.principal(user, 'session', { session: { idHash, csrfHash: s.csrfHash } });
  }

  /**
   * The CSRF token of the principal's session, given the session cookie's secret; undefined for
   * any other principal, a secret that is not this session's, or a session opened before CSRF
   * tokens were derived from the secret (its token cannot be shown again: sign in anew).
   */
  sessionCsrfToken(principal: Principal, sessionSecret: string): string | undefined {
    if (principal.session === undefined || !isWellFormedSecret(sessionSecret) || hashSecret(sessionSecret) !== principal.session.idHash) return undefined;
    const token = csrfTokenOf(sessionSecret);
    return tokenMatches(token, principal.session.csrfHash) ? token : undefined;
  }

  /** True when `token` is the CSRF token of the principal's session. */
  checkCsrf(principal: Principal, token: string | undefined): boolean {
    if (principal.session === undefined || token === undefined || !isWellFormedSecret(token)) return false;
    return tokenMatches(token, principal.session.csrfHash);
  }

  /** The principal of an API token; throws `auth.invalid-token` for anything but a live token of an active user. */
  async tokenPrincipal(text: string): Promise<Principal> {
    const parsed = parseToken(text);
    const now = this.clock();
    const invalid = failed('auth.invalid-token', 'the API token is not valid (unknown, revoked or expired)');
    if (parsed === undefined) throw invalid;
    const cached = this.tokenCache.get(parsed.tokenId);
    if (cached !== undefined && now - cached.cachedAt < this.tokenMemoryMs) {
      if (!tokenMatches(parsed.secret, cached.secretHash) || now >= cached.expiresAt) throw invalid;
      return cached.principal;
    }
    const record = await this.store.tokens.find(parsed.tokenId);
    if (record === undefined || !tokenMatches(parsed.secret, record.secretHash)) throw invalid;
    if (record.revokedAt !== null || (record.expiresAt !== null && now >= Date.parse(record.expiresAt))) throw invalid;
    const user = await this.store.users.findById(record.userId);
    if (user === undefined || user.disabled || user.lockedAt !== null) throw invalid;
    if (record.lastUsedAt === null) {
      await this.options.audit.record({ actor: `user:${user.username}/token:${record.id}`, action: 'token.first-use' });
    }
    if (record.lastUsedAt === null || now - Date.parse(record.lastUsedAt) >= TOUCH_EVERY_MS) await this.store.tokens.touch(record.id, this.iso(now));
    const principal: Principal = { userId: user.id, username: user.username, roles: effectiveRoles(user.roles, record.roles), via: 'token', tokenId: record.id,
      ...(record.tlpCeiling !== null ? { tlpCeiling: record.tlpCeiling } : {}) };
    if (this.tokenMemoryMs > 0) {
      if (this.tokenCache.size >= TOKEN_CACHE_MAX) this.tokenCache.clear();
      this.tokenCache.set(record.id, {
        secretHash: record.secretHash, principal, cachedAt: now,
        expiresAt: record.expiresAt === null ? Infinity : Date.parse(record.expiresAt),
      });
    }
    return principal;
  }

  /**
   * The principal of HTTP Basic credentials (TAXII clients). A successful verification is
   * remembered for a minute so paging clients do not pay argon2 per page. Accounts with a
   * second factor cannot use Basic: they use API tokens.
   */
  async basicPrincipal(username: string, password: string, address: string): Promise<Principal> {
    const now = this.clock();
    const cached = await this.store.users.findByUsername(username.trim().toLowerCase());
    if (cached?.passwordHash != null && !cached.disabled && cached.lockedAt === null && this.basicCache.has(cached.username, password, cached.passwordHash, now)) {
      return this.principal(cached, 'basic');
    }
    const user = await this.verifyAttempt(username, password, address, undefined, 'basic').catch((e: unknown) => {
      if (e instanceof AccordError && e.code === 'auth.totp-required') {
        throw failed('auth.basic-not-allowed', 'this account has a second factor: use an API token instead of a password');
      }
      throw e;
    });
    if (user.passwordHash !== null) this.basicCache.remember(user.username, password, user.passwordHash, now);
    return this.principal(user, 'basic');
  }

  // --- administration ---------------------------------------------------------------------

  private async mustFind(username: string): Promise<UserRecord> {
    const user = await this.store.users.findByUsername(username.trim().toLowerCase());
    if (user === undefined) throw new AccordError('not-found', 'identity.no-such-user', `there is no user named ${username}`);
    return user;
  }

  private checkRoles(roles: readonly string[]): Role[] {
    const bad = roles.filter((r) => !isRole(r));
    if (roles.length === 0 || bad.length > 0) {
      throw new AccordError('invalid', 'identity.bad-roles', `roles must be one or more of ${ROLES.join(', ')}${bad.length > 0 ? `; not ${bad.join(', ')}` : ''}`);
    }
    return [...new Set(roles)] as Role[];
  }

  /** Ends every session of a user and forgets what this process remembers of their credentials. */
  private async cutOff(user: UserRecord): Promise<void> {
    await this.store.sessions.revokeForUser(user.id, this.iso());
    this.basicCache.forgetUser(user.username);
    for (const [id, t] of this.tokenCache) if (t.principal.userId === user.id) this.tokenCache.delete(id);
  }

  /** Creates a user; without a password one is generated and returned (to be shown once). */
  async addUser(input: { readonly username: string; readonly password?: string; readonly roles: readonly string[] }, actor: string): Promise<{ user: UserRecord; generatedPassword?: string }> {
    const roles = this.checkRoles(input.roles);
    const generatedPassword = input.password === undefined ? generatePassword() : undefined;
    const user = await createUser(this.store, { username: input.username, password: input.password ?? (generatedPassword as string), roles });
    await this.options.audit.record({ actor, action: 'user.created', target: `user:${user.username}`, details: { roles } });
    return { user, ...(generatedPassword !== undefined ? { generatedPassword } : {}) };
  }

  listUsers(): Promise<UserRecord[]> {
    return this.store.users.list();
  }

  async setRoles(username: string, roles: readonly string[], actor: string): Promise<UserRecord> {
    const user = await this.mustFind(username);
    const next = this.checkRoles(roles);
    const updated = await this.store.users.update(user.id, { roles: next, updatedAt: this.iso() });
    await this.cutOff(user);
    await this.options.audit.record({ actor, action: 'user.roles-changed', target: `user:${user.username}`, details: { from: user.roles, to: next } });
    return updated;
  }

  async setDisabled(username: string, disabled: boolean, actor: string): Promise<UserRecord> {
    const user = await this.mustFind(username);
    const updated = await this.store.users.update(user.id, { disabled, updatedAt: this.iso() });
    if (disabled) await this.cutOff(user);
    await this.options.audit.record({ actor, action: disabled ? 'user.disabled' : 'user.enabled', target: `user:${user.username}` });
    return updated;
  }

  async unlock(username: string, actor: string): Promise<UserRecord> {
    const user = await this.mustFind(username);
    const updated = await this.store.users.update(user.id, { lockedAt: null, failedLogins: 0, updatedAt: this.iso() });
    await this.options.audit.record({ actor, action: 'auth.unlocked', target: `user:${user.username}` });
    return updated;
  }

  /** Sets a new password (generated and returned when none is given); ends the user's sessions. */
  async resetPassword(username: string, password: string | undefined, actor: string): Promise<{ generatedPassword?: string }> {
    const user = await this.mustFind(username);
    const next = password ?? generatePassword();
    checkPasswordPolicy(next, { username: user.username });
    await this.store.users.update(user.id, { passwordHash: await hashPassword(next), failedLogins: 0, lockedAt: null, updatedAt: this.iso() });
    await this.cutOff(user);
    await this.options.audit.record({ actor, action: 'user.password-reset', target: `user:${user.username}` });
    return password === undefined ? { generatedPassword: next } : {};
  }

  /** A signed-in user changes their own password, proving the current one. */
  /** The signed-in user's web preferences. */
  preferences(principal: Principal): Promise<UserPreferences> {
    return this.store.users.preferences(principal.userId);
  }

  /** Saves some of the signed-in user's web preferences (not security-relevant: not audited). */
  setPreferences(principal: Principal, patch: Partial<UserPreferences>): Promise<UserPreferences> {
    return this.store.users.setPreferences(principal.userId, patch);
  }

  async changeOwnPassword(principal: Principal, current: string, next: string): Promise<void> {
    const user = await this.mustFind(principal.username);
    if (user.passwordHash === null || !(await verifyPassword(user.passwordHash, current))) throw failed();
    checkPasswordPolicy(next, { username: user.username });
    await this.store.users.update(user.id, { passwordHash: await hashPassword(next), updatedAt: this.iso() });
    await this.cutOff(user);
    await this.options.audit.record({ actor: `user:${user.username}`, action: 'user.password-reset', target: `user:${user.username}`, details: { self: true } });
  }

  // --- second factor ------------------------------------------------------------------------

  /** Starts TOTP enrolment: a new secret (not yet in force) and its otpauth:// URI for the app. */
  async beginTotp(principal: Principal): Promise<{ secret: string; uri: string }> {
    const user = await this.mustFind(principal.username);
    if (this.totpState(user)?.confirmed === true) {
      throw new AccordError('conflict', 'identity.totp-active', 'a second factor is already active; disable it first');
    }
    const secret = generateTotpSecret();
    const sealed = this.options.secretBox.seal(JSON.stringify({ secret, confirmed: false } satisfies TotpState), TOTP_PURPOSE);
    await this.store.users.update(user.id, { totpSecret: sealed, totpLastStep: null, updatedAt: this.iso() });
    return { secret, uri: totpUri(secret, user.username, this.options.totpIssuer ?? 'Accord') };
  }

  /** Confirms enrolment with a first code from the app; the second factor is in force from now on. */
  async confirmTotp(principal: Principal, code: string): Promise<void> {
    const user = await this.mustFind(principal.username);
    const state = this.totpState(user);
    if (state === undefined || state.confirmed) throw new AccordError('conflict', 'identity.totp-not-pending', 'start TOTP enrolment first');
    const step = verifyTotp(state.secret, code, this.clock());
    if (step === undefined) throw new AccordError('invalid', 'identity.totp-wrong-code', 'the code does not match; check the device clock and try the next code');
    const sealed = this.options.secretBox.seal(JSON.stringify({ secret: state.secret, confirmed: true } satisfies TotpState), TOTP_PURPOSE);
    await this.store.users.update(user.id, { totpSecret: sealed, totpLastStep: step, updatedAt: this.iso() });
    await this.options.audit.record({ actor: `user:${user.username}`, action: 'auth.totp-enabled', target: `user:${user.username}` });
  }

  /** Removes a user's second factor (an administrator, e.g. after a lost phone). */
  async disableTotp(username: string, actor: string): Promise<void> {
    const user = await this.mustFind(username);
    await this.store.users.update(user.id, { totpSecret: null, totpLastStep: null, updatedAt: this.iso() });
    await this.cutOff(user);
    await this.options.audit.record({ actor, action: 'auth.totp-disabled', target: `user:${user.username}` });
  }

  // --- API tokens ---------------------------------------------------------------------------

  /**
   * Creates an API token for `username`, acting with `roles` (default: all the user's roles; never
   * more than the user holds, nor more than `limitRoles`, the creating token's own roles).
   * The token text is returned once and never stored.
   */
  async createToken(
    username: string,
    input: { readonly name: string; readonly roles?: readonly string[]; readonly expiresAt?: string | null; readonly tlpCeiling?: string | null },
    actor: string,
    limitRoles?: readonly string[],
  ): Promise<{ token: string; record: TokenRecord }> {
    const user = await this.mustFind(username);
    const name = input.name.trim();
    if (name.length === 0 || name.length > 100) throw new AccordError('invalid', 'identity.bad-token-name', 'a token needs a name of 1 to 100 characters');
    const wanted = input.roles === undefined ? [...user.roles] : this.checkRoles(input.roles);
    const beyond = wanted.filter((r) => !user.roles.includes(r) || (limitRoles !== undefined && !limitRoles.includes(r)));
    if (beyond.length > 0) {
      throw new AccordError('forbidden', 'identity.token-roles-beyond-owner', `a token cannot hold roles its creator does not: ${beyond.join(', ')}`);
    }
    const now = this.clock();
    if (input.expiresAt != null && !(Date.parse(input.expiresAt) > now)) {
      throw new AccordError('invalid', 'identity.bad-token-expiry', 'expires_at must be a timestamp in the future');
    }
    const tlpCeiling = input.tlpCeiling ?? null;
    if (tlpCeiling !== null && !(TOKEN_TLP_CEILINGS as readonly string[]).includes(tlpCeiling)) {
      throw new AccordError('invalid', 'identity.bad-token-ceiling', `a token's TLP ceiling is ${TOKEN_TLP_CEILINGS.join(', ')} (RED never goes into a device feed), not "${tlpCeiling}"`);
    }
    const t = newToken();
    const record: TokenRecord = {
      id: t.tokenId, name, userId: user.id, roles: wanted, secretHash: t.secretHash, createdAt: this.iso(now),
      expiresAt: input.expiresAt == null ? null : new Date(Date.parse(input.expiresAt)).toISOString(), revokedAt: null, lastUsedAt: null, tlpCeiling,
    };
    await this.store.tokens.create(record);
    await this.options.audit.record({ actor, action: 'token.created', target: `token:${record.id}`, details: { owner: user.username, name, roles: wanted, expiresAt: record.expiresAt, tlpCeiling } });
    return { token: t.token, record };
  }

  /** Tokens of one user (by name), or of everyone. */
  async listTokens(username?: string): Promise<TokenRecord[]> {
    if (username === undefined) return this.store.tokens.list();
    return this.store.tokens.list((await this.mustFind(username)).id);
  }

  /** Revokes a token; when `ownerId` is given, only a token of that user. */
  async revokeToken(id: string, actor: string, ownerId?: string): Promise<void> {
    const record = await this.store.tokens.find(id);
    if (record === undefined || (ownerId !== undefined && record.userId !== ownerId)) {
      throw new AccordError('not-found', 'identity.no-such-token', `there is no token ${id}${ownerId !== undefined ? ' of yours' : ''}`);
    }
    this.tokenCache.delete(id);
    if (!(await this.store.tokens.revoke(id, this.iso()))) {
      throw new AccordError('conflict', 'identity.token-revoked', `token ${id} is already revoked`);
    }
    await this.options.audit.record({ actor, action: 'token.revoked', target: `token:${id}` });
  }
}
