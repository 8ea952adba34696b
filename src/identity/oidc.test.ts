// The relying party on its own, against a real provider (oidc-provider) on loopback: the
// authorization request it builds, the checks on the way back, confidential and public clients.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIdp, TestBrowser, type TestIdp } from '../../test/support/oidc-idp.js';
import { OidcRelyingParty, type OidcSettings } from './oidc.js';
import { SecretBox } from './secret-box.js';
import type { AuditRecorder } from './service.js';

const REDIRECT = 'http://127.0.0.1:9/api/v1/auth/oidc/callback'; // never requested: the walk stops there
const SECRET = 'a confidential client secret';

let idp: TestIdp;
beforeAll(async () => {
  idp = await startTestIdp();
  idp.registerClient({ client_id: 'confidential', client_secret: SECRET, redirect_uris: [REDIRECT] });
  idp.registerClient({ client_id: 'public', token_endpoint_auth_method: 'none', redirect_uris: [REDIRECT] });
});
afterAll(() => idp.close());

type Recorded = Parameters<AuditRecorder['record']>[0];

function relyingParty(settings: Partial<OidcSettings> = {}, clock?: () => number): { rp: OidcRelyingParty; events: Recorded[] } {
  const events: Recorded[] = [];
  const audit: AuditRecorder = { record: (e) => Promise.resolve(void events.push(e)) };
  const rp = new OidcRelyingParty(
    { issuer: idp.issuer, clientId: 'confidential', clientSecret: SECRET, redirectUri: REDIRECT, scopes: ['openid', 'profile', 'email', 'groups'], roleClaim: 'groups', ...settings },
    { secretBox: new SecretBox(randomBytes(32)), audit, ...(clock !== undefined ? { clock } : {}) },
  );
  return { rp, events };
}

/** Starts a login and lets the provider answer; returns the callback's query and the login cookie. */
async function login(rp: OidcRelyingParty): Promise<{ query: Record<string, string>; transaction: string; authorizationUrl: URL }> {
  const start = await rp.begin();
  const walked = await new TestBrowser().walk(start.url, (next) => next.href.startsWith(REDIRECT));
  if (walked.next === undefined) throw new Error(`the provider did not come back: ${JSON.stringify(walked.hops)}`);
  return { query: Object.fromEntries(new URL(walked.next).searchParams), transaction: start.transaction, authorizationUrl: new URL(start.url) };
}

describe('OIDC relying party', () => {
  it('asks for a code with PKCE S256, state and nonce, and returns the identity with claims from UserInfo', async () => {
    idp.signInAs({ sub: 'sub-1', preferred_username: 'amina', email: 'amina@cert.example', groups: ['cert-analysts', 'ops'] });
    const { rp, events } = relyingParty();
    const { query, transaction, authorizationUrl } = await login(rp);
    const p = authorizationUrl.searchParams;
    expect(p.get('response_type')).toBe('code');
    expect(p.get('code_challenge_method')).toBe('S256');
    expect(p.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(p.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(p.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(p.get('scope')).toBe('openid profile email groups');
    expect(transaction).not.toContain(p.get('state')); // sealed, not readable
    const identity = await rp.complete(query, transaction, '127.0.0.1');
    expect(identity).toEqual({ issuer: idp.issuer, subject: 'sub-1', username: 'amina', email: 'amina@cert.example', groups: ['cert-analysts', 'ops'] });
    expect(events).toEqual([]);
  });

  it('works as a public client (no secret, PKCE alone)', async () => {
    idp.signInAs({ sub: 'sub-2', preferred_username: 'bo' });
    const { rp } = relyingParty({ clientId: 'public', clientSecret: undefined, roleClaim: undefined });
    const { query, transaction } = await login(rp);
    expect(await rp.complete(query, transaction, '127.0.0.1')).toEqual({ issuer: idp.issuer, subject: 'sub-2', username: 'bo' });
  });

  it('refuses a wrong state, a missing, forged or expired login cookie, and a code used twice', async () => {
    idp.signInAs({ sub: 'sub-3', preferred_username: 'cy' });
    let now = Date.now();
    const { rp, events } = relyingParty({}, () => now);
    const { query, transaction } = await login(rp);
    await expect(rp.complete({ ...query, state: 'x'.repeat(43) }, transaction, '192.0.2.1')).rejects.toMatchObject({ code: 'auth.oidc-state-mismatch', kind: 'invalid' });
    await expect(rp.complete(query, undefined, '192.0.2.1')).rejects.toMatchObject({ code: 'auth.oidc-no-login' });
    // Forged: the first character of the authentication tag changed (the last characters of a
    // base64url field may carry spare bits only, so changing them can leave the bytes as they were).
    const parts = transaction.split('.');
    const tag = parts[3] ?? '';
    const forged = [...parts.slice(0, 3), `${tag.startsWith('A') ? 'B' : 'A'}${tag.slice(1)}`].join('.');
    expect(forged).not.toBe(transaction);
    await expect(rp.complete(query, forged, '192.0.2.1')).rejects.toMatchObject({ code: 'auth.oidc-no-login' });
    const other = relyingParty().rp; // another node's key cannot open this node's cookie
    await expect(other.complete(query, transaction, '192.0.2.1')).rejects.toMatchObject({ code: 'auth.oidc-no-login' });
    now += 601_000;
    await expect(rp.complete(query, transaction, '192.0.2.1')).rejects.toMatchObject({ code: 'auth.oidc-no-login' });
    now -= 601_000;
    expect((await rp.complete(query, transaction, '192.0.2.1')).subject).toBe('sub-3');
    await expect(rp.complete(query, transaction, '192.0.2.1')).rejects.toMatchObject({ code: 'auth.oidc-failed', kind: 'unauthenticated' });
    expect(events.map((e) => [e.action, e.outcome, e.details?.via, e.details?.reason])).toEqual([
      ['auth.sign-in-failed', 'failed', 'oidc', 'state-mismatch'],
      ['auth.sign-in-failed', 'failed', 'oidc', 'no-login-in-progress'],
      ['auth.sign-in-failed', 'failed', 'oidc', 'no-login-in-progress'],
      ['auth.sign-in-failed', 'failed', 'oidc', 'no-login-in-progress'],
      ['auth.sign-in-failed', 'failed', 'oidc', 'invalid-response'],
    ]);
    expect(events.filter((e) => e.details?.reason === 'no-login-in-progress')).toHaveLength(3);
  });

  it('reports a refusal by the provider, and a provider that cannot be reached', async () => {
    idp.signInAs('deny');
    const { rp, events } = relyingParty();
    const { query, transaction } = await login(rp);
    expect(query.error).toBe('access_denied');
    await expect(rp.complete(query, transaction, '127.0.0.1')).rejects.toMatchObject({ code: 'auth.oidc-denied', kind: 'unauthenticated' });
    expect(events.at(-1)?.details).toMatchObject({ reason: 'provider-error', error: 'access_denied' });
    const down = relyingParty({ issuer: 'http://127.0.0.1:9' }).rp;
    await expect(down.begin()).rejects.toMatchObject({ code: 'auth.oidc-unavailable', kind: 'unavailable' });
  });

  it('accepts plain HTTP only for a loopback issuer', () => {
    expect(() => relyingParty({ issuer: 'http://idp.example' })).toThrow(/https/);
    expect(() => relyingParty({ issuer: 'https://idp.example' })).not.toThrow();
  });
});
