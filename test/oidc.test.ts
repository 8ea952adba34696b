// Sign-in through the member's identity provider, end to end over real HTTP: a real OpenID
// Connect provider (oidc-provider) and real nodes on 127.0.0.1, the browser played by fetch with
// redirects followed by hand and cookies kept. Each scenario gets a node with its own policy
// (and its own client at the provider).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_RULE, ADDRESS_RULE, LoginThrottle, type OidcAccountPolicy } from '../src/identity/index.js';
import { startTestNode, TEST_PASSWORD, type TestNode, type TestNodeOptions } from './support/node-app.js';
import { startTestIdp, TestBrowser, type Hop, type IdpAccount, type TestIdp } from './support/oidc-idp.js';

const CLIENT_SECRET = 'the node\'s client secret at the test provider';
const ROLE_MAP = { 'cert-analysts': ['analyst'], 'cert-admins': ['admin'], 'cert-liaisons': ['liaison', 'observer'] } as const;
const LOGIN = '/api/v1/auth/oidc/login';
const CALLBACK = '/api/v1/auth/oidc/callback';

let idp: TestIdp;
let clients = 0;
const nodes: TestNode[] = [];
beforeAll(async () => {
  idp = await startTestIdp();
});
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.close()));
});
afterAll(() => idp.close());

/** A node that signs in through the test provider with `policy`. */
async function oidcNode(policy: OidcAccountPolicy, extra: TestNodeOptions = {}): Promise<TestNode> {
  const clientId = `accord-${++clients}`;
  const node = await startTestNode({
    ...extra,
    oidc: { settings: { issuer: idp.issuer, clientId, clientSecret: CLIENT_SECRET, scopes: ['openid', 'profile', 'email', 'groups'], roleClaim: 'groups' }, policy },
  });
  nodes.push(node);
  idp.registerClient({ client_id: clientId, client_secret: CLIENT_SECRET, redirect_uris: [node.oidcRedirectUri ?? ''] });
  return node;
}

/**
 * Walks the whole flow as `account`: the node's login, the provider, back to the node's callback,
 * stopping before the final redirect to the web app at `/`.
 */
async function signInThroughIdp(node: TestNode, account: IdpAccount | 'deny', browser = new TestBrowser()): Promise<{ browser: TestBrowser; hops: Hop[]; last: Response; cookie: string }> {
  idp.signInAs(account);
  const origin = new URL(node.url).origin;
  const walked = await browser.walk(`${node.url}${LOGIN}`, (next) => next.origin === origin && !next.pathname.startsWith('/api/'));
  const session = browser.cookie('accord_session');
  return { browser, hops: walked.hops, last: walked.last, cookie: session !== undefined ? `accord_session=${session}` : '' };
}

async function failures(node: TestNode): Promise<Record<string, unknown>[]> {
  const entries = await node.store.audit.query({ action: 'auth.sign-in-failed', limit: 100 });
  return entries.map((e) => ({ actor: e.actor, outcome: e.outcome, ...(JSON.parse(e.details) as Record<string, unknown>) }));
}

describe('sign-in through the identity provider', () => {
  it('ends with a working web session for a user whose group maps to analyst', async () => {
    const node = await oidcNode({ autoCreate: true, roleMap: ROLE_MAP });
    const { hops, last, cookie, browser } = await signInThroughIdp(node, { sub: 'idp-0001', preferred_username: 'Amina', email: 'amina@cert.example', groups: ['cert-analysts', 'staff'] });
    expect(hops.map((h) => `${h.status} ${new URL(h.url).pathname}`)).toEqual([`303 ${LOGIN}`, '303 /auth', expect.stringMatching(/^303 \/interaction\//), expect.stringMatching(/^303 \/auth\//), `303 ${CALLBACK}`]);
    expect(last.headers.get('location')).toBe('/');
    const loginCookie = (await fetch(`${node.url}${LOGIN}`, { redirect: 'manual' })).headers.get('set-cookie') ?? '';
    expect(loginCookie).toMatch(/^accord_oidc_login=[\w.-]+; Path=\/api\/v1\/auth\/oidc; HttpOnly; SameSite=Lax; Max-Age=600$/);
    const set = last.headers.getSetCookie();
    expect(set).toContainEqual('accord_oidc_login=; Path=/api/v1/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=0');
    expect(set).toContainEqual(expect.stringMatching(/^accord_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/));
    expect(browser.cookie('accord_oidc_login')).toBeUndefined();

    expect((await fetch(`${node.url}/api/v1/objects`, { headers: { cookie } })).status).toBe(200);
    const me = await fetch(`${node.url}/api/v1/session`, { headers: { cookie } });
    expect(me.headers.get('cache-control')).toBe('no-store');
    const body = (await me.json()) as { username: string; roles: string[]; via: string; csrf_token?: string };
    expect(body).toMatchObject({ username: 'amina', roles: ['analyst'], via: 'session' });
    // The page learns its CSRF token from GET /api/v1/session, and it works.
    const token = await fetch(`${node.url}/api/v1/tokens`, {
      method: 'POST', headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': body.csrf_token ?? '' }, body: JSON.stringify({ name: 'from oidc' }),
    });
    expect(token.status).toBe(201);
    expect((await fetch(`${node.url}/api/v1/users`, { headers: { cookie } })).status).toBe(403);

    const user = await node.store.users.findByUsername('amina');
    expect(user).toMatchObject({ passwordHash: null, roles: ['analyst'], oidcSubject: `${idp.issuer}|idp-0001` });
    const signIns = await node.store.audit.query({ action: 'auth.sign-in', limit: 10 });
    expect(signIns.map((e) => [e.actor, JSON.parse(e.details) as unknown])).toEqual([
      ['user:amina', { via: 'oidc', address: '127.0.0.1', issuer: idp.issuer, subject: 'idp-0001', account: 'created' }],
    ]);
    expect((await node.store.audit.query({ action: 'user.created', limit: 10 })).map((e) => e.target)).toEqual(['user:amina']);

    // The same identity again: the same account, found by issuer|subject, even under a new name.
    const again = await signInThroughIdp(node, { sub: 'idp-0001', preferred_username: 'amina.k', groups: ['cert-analysts'] });
    expect(again.last.headers.get('location')).toBe('/');
    expect((await node.identity.listUsers()).map((u) => u.username)).toEqual(['amina']);
  });

  it('rejects a wrong state, a callback without a login in progress, and a second use of a callback', async () => {
    const node = await oidcNode({ autoCreate: true, roleMap: ROLE_MAP });
    idp.signInAs({ sub: 'idp-0002', preferred_username: 'bo', groups: ['cert-analysts'] });
    const browser = new TestBrowser();
    const walked = await browser.walk(`${node.url}${LOGIN}`, (next) => next.pathname === CALLBACK);
    const callback = new URL(walked.next ?? '');
    const forged = new URL(callback);
    forged.searchParams.set('state', 'a'.repeat(43));
    const wrong = await browser.get(forged.href);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ code: 'auth.oidc-state-mismatch' });
    expect(browser.cookie('accord_session')).toBeUndefined();
    expect(browser.cookie('accord_oidc_login')).toBeUndefined(); // a login is finished once, well or badly

    const elsewhere = await new TestBrowser().get(callback.href); // a callback URL carried to another browser
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.json()).toMatchObject({ code: 'auth.oidc-no-login' });
    expect(await node.store.users.findByUsername('bo')).toBeUndefined();
    expect((await failures(node)).map((f) => f.reason)).toEqual(['state-mismatch', 'no-login-in-progress']);

    const ok = await signInThroughIdp(node, { sub: 'idp-0002', preferred_username: 'bo', groups: ['cert-analysts'] });
    expect(ok.cookie).not.toBe('');
    const replay = await ok.browser.get(ok.hops.at(-1)?.url ?? '');
    expect(replay.status).toBe(400);
  });

  it('refuses (401) a user whose groups map to no role, and audits it', async () => {
    const node = await oidcNode({ autoCreate: true, roleMap: ROLE_MAP });
    const { last, cookie } = await signInThroughIdp(node, { sub: 'idp-0003', preferred_username: 'cy', groups: ['visitors'] });
    expect(last.status).toBe(401);
    expect(await last.json()).toMatchObject({ code: 'auth.oidc-refused' });
    expect(cookie).toBe('');
    expect(await node.store.users.findByUsername('cy')).toBeUndefined();
    expect(await failures(node)).toEqual([{
      actor: 'oidc:cy', outcome: 'failed', via: 'oidc', address: '127.0.0.1', reason: 'no-role-mapping', issuer: idp.issuer, subject: 'idp-0003', username: 'cy',
    }]);
  });

  it('refuses an unknown identity when accounts are not created automatically', async () => {
    const node = await oidcNode({ roleMap: ROLE_MAP });
    const { last } = await signInThroughIdp(node, { sub: 'idp-0004', preferred_username: 'dee', groups: ['cert-analysts'] });
    expect(last.status).toBe(401);
    expect(await node.identity.listUsers()).toEqual([]);
    expect((await failures(node)).map((f) => f.reason)).toEqual(['unknown-identity']);
  });

  it('links to the local account of the same name only when linking by user name is on', async () => {
    const off = await oidcNode({ autoCreate: true, roleMap: ROLE_MAP });
    await off.identity.addUser({ username: 'ema', password: TEST_PASSWORD, roles: ['observer'] }, 'test');
    const refused = await signInThroughIdp(off, { sub: 'idp-0005', preferred_username: 'ema', groups: ['cert-analysts'] });
    expect(refused.last.status).toBe(401);
    expect((await off.store.users.findByUsername('ema'))?.oidcSubject).toBeNull();
    expect((await failures(off)).map((f) => f.reason)).toEqual(['username-taken']);

    const on = await oidcNode({ linkByUsername: true });
    await on.identity.addUser({ username: 'ema', password: TEST_PASSWORD, roles: ['observer'] }, 'test');
    const linked = await signInThroughIdp(on, { sub: 'idp-0005', preferred_username: 'Ema' });
    expect(linked.last.headers.get('location')).toBe('/');
    expect(await (await fetch(`${on.url}/api/v1/session`, { headers: { cookie: linked.cookie } })).json()).toMatchObject({ username: 'ema', roles: ['observer'] });
    const ema = await on.store.users.findByUsername('ema');
    expect(ema?.oidcSubject).toBe(`${idp.issuer}|idp-0005`);
    expect(ema?.passwordHash).not.toBeNull(); // the password still works too
    expect(JSON.parse((await on.store.audit.query({ action: 'auth.sign-in', limit: 10 }))[0]?.details ?? '{}')).toMatchObject({ via: 'oidc', account: 'linked-by-username' });
    // Another identity claiming the same name cannot take the account over.
    const intruder = await signInThroughIdp(on, { sub: 'idp-9999', preferred_username: 'ema' });
    expect(intruder.last.status).toBe(401);
    expect((await failures(on)).map((f) => [f.actor, f.reason])).toEqual([['user:ema', 'username-linked-to-another-identity']]);
  });

  it('refuses a disabled or locked account', async () => {
    const node = await oidcNode({ autoCreate: true, roleMap: ROLE_MAP });
    const account = { sub: 'idp-0006', preferred_username: 'fay', groups: ['cert-analysts'] };
    const first = await signInThroughIdp(node, account);
    expect(first.cookie).not.toBe('');
    await node.identity.setDisabled('fay', true, 'test');
    expect((await fetch(`${node.url}/api/v1/objects`, { headers: { cookie: first.cookie } })).status).toBe(401);
    const disabled = await signInThroughIdp(node, account);
    expect(disabled.last.status).toBe(401);
    await node.identity.setDisabled('fay', false, 'test');
    const user = await node.store.users.findByUsername('fay');
    await node.store.users.update(user?.id ?? '', { lockedAt: new Date().toISOString() });
    expect((await signInThroughIdp(node, account)).last.status).toBe(401);
    await node.identity.unlock('fay', 'test');
    expect((await signInThroughIdp(node, account)).cookie).not.toBe('');
    expect((await failures(node)).map((f) => [f.actor, f.reason])).toEqual([['user:fay', 'disabled'], ['user:fay', 'locked']]);
  });

  it('makes roles follow the provider\'s groups at every sign-in', async () => {
    const node = await oidcNode({ autoCreate: true, roleMap: ROLE_MAP });
    const first = await signInThroughIdp(node, { sub: 'idp-0007', preferred_username: 'gus', groups: ['cert-analysts'] });
    const second = await signInThroughIdp(node, { sub: 'idp-0007', preferred_username: 'gus', groups: ['cert-liaisons'] });
    expect((await node.store.users.findByUsername('gus'))?.roles).toEqual(['liaison', 'observer']);
    expect((await fetch(`${node.url}/api/v1/session`, { headers: { cookie: first.cookie } })).status).toBe(401); // as for any change of roles
    expect(await (await fetch(`${node.url}/api/v1/session`, { headers: { cookie: second.cookie } })).json()).toMatchObject({ roles: ['liaison', 'observer'] });
    const changed = await node.store.audit.query({ action: 'user.roles-changed', limit: 10 });
    expect(changed.map((e) => [e.target, JSON.parse(e.details) as unknown])).toEqual([['user:gus', { from: ['analyst'], to: ['liaison', 'observer'], via: 'oidc' }]]);
    const gone = await signInThroughIdp(node, { sub: 'idp-0007', preferred_username: 'gus', groups: [] });
    expect(gone.last.status).toBe(401);
    expect((await node.store.users.findByUsername('gus'))?.roles).toEqual(['liaison', 'observer']); // a refusal changes nothing
  });

  it('answers a refusal by the provider with 401', async () => {
    const node = await oidcNode({ autoCreate: true, roleMap: ROLE_MAP });
    const { last } = await signInThroughIdp(node, 'deny');
    expect(last.status).toBe(401);
    expect(await last.json()).toMatchObject({ code: 'auth.oidc-denied' });
    expect((await failures(node)).map((f) => [f.actor, f.reason, f.error])).toEqual([['anonymous', 'provider-error', 'access_denied']]);
  });

  it('does not ask Accord\'s second factor (the provider authenticates), nor make provider-only admins enrol one', async () => {
    const node = await oidcNode({ linkByUsername: true, autoCreate: true, roleMap: ROLE_MAP }, { requireTotpForAdmins: true });
    await node.identity.addUser({ username: 'hal', password: TEST_PASSWORD, roles: ['analyst'] }, 'test');
    const hal = await node.store.users.findByUsername('hal');
    await node.store.users.update(hal?.id ?? '', { totpSecret: 'sealed-by-the-identity-area' }); // any factor: it must not be opened
    const linked = await signInThroughIdp(node, { sub: 'idp-0008', preferred_username: 'hal', groups: ['cert-analysts'] });
    expect(linked.cookie).not.toBe('');

    const admin = await signInThroughIdp(node, { sub: 'idp-0009', preferred_username: 'ida', groups: ['cert-admins'] });
    expect(await (await fetch(`${node.url}/api/v1/session`, { headers: { cookie: admin.cookie } })).json()).toMatchObject({ username: 'ida', roles: ['admin'], must_enrol_totp: false });
    expect((await fetch(`${node.url}/api/v1/users`, { headers: { cookie: admin.cookie } })).status).toBe(200);
  });

  it('cannot be locked out by password guesses against an account without a password', async () => {
    // A patient guesser whom the throttle lets through: only the lock-out could stop them.
    const throttle = new LoginThrottle({ account: { ...ACCOUNT_RULE, limit: 1000 }, address: { ...ADDRESS_RULE, limit: 1000 } });
    const node = await oidcNode({ autoCreate: true, roleMap: ROLE_MAP }, { throttle });
    await signInThroughIdp(node, { sub: 'idp-0010', preferred_username: 'jo', groups: ['cert-analysts'] });
    for (let i = 0; i < 10; i++) {
      await expect(node.identity.signIn({ username: 'jo', password: `guess number ${i} here`, address: `198.51.100.${i}` })).rejects.toMatchObject({ code: 'auth.failed' });
    }
    expect(await node.store.users.findByUsername('jo')).toMatchObject({ lockedAt: null, failedLogins: 0 });
    expect((await signInThroughIdp(node, { sub: 'idp-0010', preferred_username: 'jo', groups: ['cert-analysts'] })).cookie).not.toBe('');
  });
});

describe('without OpenID Connect configured', () => {
  it('has no OIDC routes, and refuses an identity handed to the service', async () => {
    const node = await startTestNode();
    nodes.push(node);
    expect((await fetch(`${node.url}${LOGIN}`, { redirect: 'manual' })).status).toBe(404);
    expect((await fetch(`${node.url}${CALLBACK}?code=x&state=y`, { redirect: 'manual' })).status).toBe(404);
    await expect(node.identity.signInWithOidc({ issuer: idp.issuer, subject: 'idp-0011', username: 'kai' }, '127.0.0.1')).rejects.toMatchObject({ code: 'auth.oidc-refused' });
  });
});
