// Accounts in use: signing in (web sessions, HTTP Basic, API tokens), account administration,
// second factors and tokens. The HTTP layer and the CLI both call this service; neither checks a
// password or a token itself. Every security-relevant act is written to the audit log.
//
// Failures never say whether an account exists: an unknown name, a wrong password, a disabled
// or locked account all answer `auth.failed` with the same message, and an unknown name still
// costs one argon2 verification so that timing does not tell either. Throttling (per account
// name and per address, unknown names included) answers 429 with Retry-After; ten consecutive
// failures lock the account until an administrator unlocks it.
import { AccordError, type Store, type TokenRecord, type UserRecord } from '../store/index.js';
import { BasicAuthCache } from './basic-cache.js';
import { checkPasswordPolicy, generatePassword, hashPassword, verifyPassword } from './passwords.js';
import { effectiveRoles, isRole } from './permissions.js';
import type { Principal } from './principal.js';
import type { SecretBox } from './secret-box.js';
import { addressKey, LoginThrottle, shouldLock } from './throttle.js';
import { hashSecret, isWellFormedSecret, newSessionSecret, newToken, parseToken, tokenMatches } from './tokens.js';
import { generateTotpSecret, totpUri, verifyTotp } from './totp.js';
import { createUser, ROLES, type Role } from './users.js';

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
}

/** A new web session: the secret goes into the cookie, the CSRF token to the page. */
export interface SignedIn {
  readonly principal: Principal;
  readonly sessionSecret: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

const FAILED = 'sign-in failed: the user name, password or code is wrong, or the account cannot sign in now';
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

export class IdentityService {
  private readonly throttle: LoginThrottle;
  private readonly basicCache = new BasicAuthCache();
  private readonly clock: () => number;
  private readonly idleMs: number;
  private readonly absoluteMs: number;

  constructor(private readonly store: Store, private readonly options: IdentityOptions) {
    this.throttle = options.throttle ?? new LoginThrottle();
    this.clock = options.clock ?? Date.now;
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
    const mustEnrol = this.options.requireTotpForAdmins === true && user.roles.includes('admin') && this.totpState(user)?.confirmed !== true;
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
      if (user !== undefined && reason !== 'disabled' && reason !== 'locked') {
        const count = await this.store.users.recordFailedLogin(user.id, this.iso(now));
        if (shouldLock(count) && user.lockedAt === null) {
          await this.store.users.update(user.id, { lockedAt: this.iso(now), updatedAt: this.iso(now) });
          await this.store.sessions.revokeForUser(user.id, this.iso(now));
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

  /** Signs in with a password (and a TOTP code when required) and opens a web session. */
  async signIn(input: { readonly username: string; readonly password: string; readonly totpCode?: string; readonly address: string }): Promise<SignedIn> {
    const user = await this.verifyAttempt(input.username, input.password, input.address, input.totpCode, 'password');
    const now = this.clock();
    const session = newSessionSecret();
    const csrf = newSessionSecret();
    const expiresAt = this.iso(now + this.absoluteMs);
    await this.store.sessions.create({
      idHash: session.secretHash, userId: user.id, csrfHash: csrf.secretHash, createdAt: this.iso(now), lastSeenAt: this.iso(now),
      expiresAt, revokedAt: null,
    });
    await this.options.audit.record({ actor: `user:${user.username}`, action: 'auth.sign-in', details: { via: 'password', address: input.address } });
    return {
      principal: this.principal(user, 'session', { session: { idHash: session.secretHash, csrfHash: csrf.secretHash } }),
      sessionSecret: session.secret, csrfToken: csrf.secret, expiresAt,
    };
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

  /** True when `token` is the CSRF token of the principal's session. */
  checkCsrf(principal: Principal, token: string | undefined): boolean {
    if (principal.session === undefined || token === undefined || !isWellFormedSecret(token)) return false;
    return tokenMatches(token, principal.session.csrfHash);
  }

  /** The principal of an API token; throws `auth.invalid-token` for anything but a live token of an active user. */
  async tokenPrincipal(text: string): Promise<Principal> {
    const parsed = parseToken(text);
    const record = parsed !== undefined ? await this.store.tokens.find(parsed.tokenId) : undefined;
    const now = this.clock();
    const invalid = failed('auth.invalid-token', 'the API token is not valid (unknown, revoked or expired)');
    if (parsed === undefined || record === undefined || !tokenMatches(parsed.secret, record.secretHash)) throw invalid;
    if (record.revokedAt !== null || (record.expiresAt !== null && now >= Date.parse(record.expiresAt))) throw invalid;
    const user = await this.store.users.findById(record.userId);
    if (user === undefined || user.disabled || user.lockedAt !== null) throw invalid;
    if (record.lastUsedAt === null) {
      await this.options.audit.record({ actor: `user:${user.username}/token:${record.id}`, action: 'token.first-use' });
    }
    if (record.lastUsedAt === null || now - Date.parse(record.lastUsedAt) >= TOUCH_EVERY_MS) await this.store.tokens.touch(record.id, this.iso(now));
    return { userId: user.id, username: user.username, roles: effectiveRoles(user.roles, record.roles), via: 'token', tokenId: record.id };
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

  /** Ends every session of a user and forgets their cached Basic verifications. */
  private async cutOff(user: UserRecord): Promise<void> {
    await this.store.sessions.revokeForUser(user.id, this.iso());
    this.basicCache.forgetUser(user.username);
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
    input: { readonly name: string; readonly roles?: readonly string[]; readonly expiresAt?: string | null },
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
    const t = newToken();
    const record: TokenRecord = {
      id: t.tokenId, name, userId: user.id, roles: wanted, secretHash: t.secretHash, createdAt: this.iso(now),
      expiresAt: input.expiresAt == null ? null : new Date(Date.parse(input.expiresAt)).toISOString(), revokedAt: null, lastUsedAt: null,
    };
    await this.store.tokens.create(record);
    await this.options.audit.record({ actor, action: 'token.created', target: `token:${record.id}`, details: { owner: user.username, name, roles: wanted, expiresAt: record.expiresAt } });
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
    if (!(await this.store.tokens.revoke(id, this.iso()))) {
      throw new AccordError('conflict', 'identity.token-revoked', `token ${id} is already revoked`);
    }
    await this.options.audit.record({ actor, action: 'token.revoked', target: `token:${id}` });
  }
}
