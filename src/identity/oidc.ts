// The OpenID Connect relying party: sign-in through the member's own identity provider with the
// authorization code flow, PKCE (S256), `state` and `nonce` (OIDC Core §3.1; RFC 7636; RFC 9700
// §2.1). Built on openid-client, which checks the authorization response (including RFC 9207's
// `iss`), performs the code exchange and validates the ID token: signature against the
// provider's JWKS, `iss`, `aud`, `azp`, `exp`, `iat` and `nonce`.
//
// The provider is found by discovery from the issuer URL, lazily on first use and remembered
// (retried after a failure), so a node starts even while its provider is down. Plain HTTP is
// accepted only for a loopback issuer (tests and trials).
//
// Between the redirect to the provider and the callback, the login's state, nonce and PKCE
// verifier travel in a cookie sealed with the node's key (AES-256-GCM, SecretBox) together with
// its start time: nothing is kept on the server, so any process of the node can finish a login,
// and the 10-minute limit holds even if a browser keeps the cookie longer. The caller sets the
// cookie; this module only makes and opens its value (docs/decisions/0011-oidc.md).
//
// The result is an `OidcIdentity`; mapping it to an account is the identity service's job.
// Refusals at this stage (no login in progress, wrong state, provider error, invalid tokens) are
// written to the audit log as `auth.sign-in-failed` with `via: 'oidc'`.
import { timingSafeEqual } from 'node:crypto';
import type * as OpenId from 'openid-client';
import { AccordError } from '../store/index.js';
import { claimString, claimStrings, claimValue, type OidcIdentity } from './oidc-claims.js';
import type { SecretBox } from './secret-box.js';
import type { AuditRecorder } from './service.js';

/** How long a login may take between the redirect to the provider and the callback. */
export const OIDC_LOGIN_TTL_SECONDS = 600;
export const OIDC_DEFAULT_SCOPES: readonly string[] = ['openid', 'profile', 'email'];
export const OIDC_DEFAULT_USERNAME_CLAIM = 'preferred_username';
const TRANSACTION_PURPOSE = 'oidc-login';

// Loaded on first use: commands that never sign anyone in (import, export, user…) do not pay for it.
let library: Promise<typeof OpenId> | undefined;
const openid = (): Promise<typeof OpenId> => (library ??= import('openid-client'));

export interface OidcSettings {
  /** The issuer identifier; discovery reads `<issuer>/.well-known/openid-configuration`. */
  readonly issuer: string;
  readonly clientId: string;
  /** A confidential client's secret (sent with HTTP Basic, RFC 6749 §2.3.1); none for a public client. */
  readonly clientSecret?: string;
  /** The node's public URL + /api/v1/auth/oidc/callback, exactly as registered at the provider. */
  readonly redirectUri: string;
  /** Default `openid profile email`. */
  readonly scopes?: readonly string[];
  /** Default `preferred_username`. */
  readonly usernameClaim?: string;
  /** The claim that lists the user's groups, mapped to roles by the identity service. */
  readonly roleClaim?: string;
}

export interface OidcDependencies {
  /** Seals the login cookie (use a key of its own, derived from the node's key). */
  readonly secretBox: SecretBox;
  readonly audit: AuditRecorder;
  readonly clock?: () => number;
  /** Timeout of each request to the provider, in seconds (default 10). */
  readonly timeoutSeconds?: number;
}

/** A started login: send the browser to `url`, with `transaction` in a short-lived cookie. */
export interface OidcLoginStart {
  readonly url: string;
  readonly transaction: string;
}

interface Transaction {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
  /** When the login started (ms since the epoch). */
  readonly at: number;
}

/** True for a host name that can only mean this machine. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** True when an error from openid-client means the provider could not be reached or did not answer in time. */
function unreachable(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
  return e instanceof TypeError && e.cause !== undefined && !('code' in e);
}

function describe(e: unknown): string {
  const text = e instanceof Error ? `${e.name}${'code' in e && typeof e.code === 'string' ? ` ${e.code}` : ''}: ${e.message}` : String(e);
  return text.slice(0, 300);
}

export class OidcRelyingParty {
  private configuration: Promise<OpenId.Configuration> | undefined;
  private readonly clock: () => number;
  private readonly scopes: readonly string[];
  private readonly usernameClaim: string;

  constructor(private readonly settings: OidcSettings, private readonly deps: OidcDependencies) {
    const issuer = new URL(settings.issuer);
    if (issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && isLoopbackHost(issuer.hostname))) {
      throw new AccordError('invalid', 'oidc.insecure-issuer', `the OpenID Connect issuer must be an https:// URL (http:// only on loopback), got ${settings.issuer}`);
    }
    this.clock = deps.clock ?? Date.now;
    this.scopes = settings.scopes ?? OIDC_DEFAULT_SCOPES;
    this.usernameClaim = settings.usernameClaim ?? OIDC_DEFAULT_USERNAME_CLAIM;
  }

  /** The configured issuer (as configured; identities carry the provider's own spelling). */
  get issuer(): string {
    return this.settings.issuer;
  }

  /** The provider's configuration, discovered once; a failed discovery is retried at the next use. */
  private discover(): Promise<OpenId.Configuration> {
    this.configuration ??= (async () => {
      const client = await openid();
      const issuer = new URL(this.settings.issuer);
      const auth = this.settings.clientSecret !== undefined ? client.ClientSecretBasic(this.settings.clientSecret) : client.None();
      const metadata: Partial<OpenId.ClientMetadata> = {
        redirect_uris: [this.settings.redirectUri], response_types: ['code'],
        ...(this.settings.clientSecret !== undefined ? { client_secret: this.settings.clientSecret } : {}),
      };
      return client.discovery(issuer, this.settings.clientId, metadata, auth, {
        timeout: this.deps.timeoutSeconds ?? 10,
        ...(issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {}),
      });
    })().catch((e: unknown) => {
      this.configuration = undefined;
      throw new AccordError('unavailable', 'auth.oidc-unavailable', 'the identity provider cannot be reached or did not answer as expected; try again later', undefined, { cause: e });
    });
    return this.configuration;
  }

  /** Starts a login: the provider's authorization URL and the sealed transaction for the cookie. */
  async begin(): Promise<OidcLoginStart> {
    const config = await this.discover();
    const client = await openid();
    const t: Transaction = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), at: this.clock() };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: this.scopes.join(' '),
      state: t.state,
      nonce: t.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(t.verifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, transaction: this.deps.secretBox.seal(JSON.stringify(t), TRANSACTION_PURPOSE) };
  }

  private async refuse(reason: string, address: string, error: AccordError, details: Record<string, unknown> = {}): Promise<never> {
    await this.deps.audit.record({
      actor: 'anonymous', action: 'auth.sign-in-failed', outcome: 'failed',
      details: { via: 'oidc', address, reason, issuer: this.settings.issuer, ...details },
    });
    throw error;
  }

  private openTransaction(sealed: string | undefined): Transaction | undefined {
    if (sealed === undefined || sealed === '') return undefined;
    try {
      const t = JSON.parse(this.deps.secretBox.open(sealed, TRANSACTION_PURPOSE)) as Partial<Transaction>;
      if (typeof t.state !== 'string' || typeof t.nonce !== 'string' || typeof t.verifier !== 'string' || typeof t.at !== 'number') return undefined;
      const age = this.clock() - t.at;
      return age >= 0 && age <= OIDC_LOGIN_TTL_SECONDS * 1000 ? (t as Transaction) : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Finishes a login from the callback's query parameters and the transaction cookie's value:
   * checks state, exchanges the code (with the PKCE verifier), validates the ID token (with the
   * nonce) and reads the claims, from UserInfo too when the ID token lacks the username or role
   * claim. Throws AccordError: `auth.oidc-no-login` and `auth.oidc-state-mismatch` (400),
   * `auth.oidc-denied` and `auth.oidc-failed` (401), `auth.oidc-unavailable` (503).
   */
  async complete(query: Readonly<Record<string, string | undefined>>, sealed: string | undefined, address: string): Promise<OidcIdentity> {
    const t = this.openTransaction(sealed);
    if (t === undefined) {
      return this.refuse('no-login-in-progress', address, new AccordError('invalid', 'auth.oidc-no-login',
        `no sign-in through the identity provider is in progress in this browser (it expires after ${OIDC_LOGIN_TTL_SECONDS / 60} minutes, and needs cookies); start again at /api/v1/auth/oidc/login`));
    }
    if (query.state === undefined || !sameText(query.state, t.state)) {
      return this.refuse('state-mismatch', address, new AccordError('invalid', 'auth.oidc-state-mismatch',
        'the answer from the identity provider does not belong to the sign-in this browser started; start again at /api/v1/auth/oidc/login'));
    }
    if (query.error !== undefined) {
      return this.refuse('provider-error', address, new AccordError('unauthenticated', 'auth.oidc-denied', 'the identity provider did not sign you in'),
        { error: query.error.slice(0, 100) });
    }
    const config = await this.discover();
    const client = await openid();
    const current = new URL(this.settings.redirectUri);
    for (const [k, v] of Object.entries(query)) if (typeof v === 'string') current.searchParams.set(k, v);
    let claims: Record<string, unknown>;
    try {
      const tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: t.verifier, expectedState: t.state, expectedNonce: t.nonce, idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (idClaims === undefined) throw new Error('no ID token');
      claims = { ...idClaims };
      const needed = [this.usernameClaim, ...(this.settings.roleClaim !== undefined ? [this.settings.roleClaim] : [])];
      if (needed.some((c) => claimValue(claims, c) === undefined) && config.serverMetadata().userinfo_endpoint !== undefined) {
        // Providers may answer scope-requested claims only at UserInfo (OIDC Core §5.4); the ID
        // token still decides `iss` and `sub`, and fetchUserInfo checks UserInfo's `sub` is the same.
        const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        claims = { ...info, ...idClaims };
      }
    } catch (e) {
      if (unreachable(e)) {
        return this.refuse('provider-unreachable', address, new AccordError('unavailable', 'auth.oidc-unavailable',
          'the identity provider cannot be reached; try again later', undefined, { cause: e }), { error: describe(e) });
      }
      return this.refuse('invalid-response', address, new AccordError('unauthenticated', 'auth.oidc-failed',
        'the sign-in through the identity provider could not be completed; start again at /api/v1/auth/oidc/login', undefined, { cause: e }), { error: describe(e) });
    }
    const username = claimString(claims, this.usernameClaim);
    const email = claimString(claims, 'email');
    return {
      issuer: String(claims.iss), subject: String(claims.sub),
      ...(username !== undefined ? { username } : {}),
      ...(email !== undefined ? { email } : {}),
      ...(this.settings.roleClaim !== undefined ? { groups: claimStrings(claims, this.settings.roleClaim) } : {}),
    };
  }
}
