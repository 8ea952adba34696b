// Authentication end to end over real HTTP: sign-in and sessions, CSRF, throttling and lock-out,
// tokens, HTTP Basic, the second factor, and answers that never reveal whether an account exists.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT_RULE, ADDRESS_RULE, LoginThrottle, totp } from '../src/identity/index.js';
import { startTestNode, TEST_PASSWORD, type TestNode } from './support/node-app.js';

let node: TestNode;
beforeEach(async () => {
  node = await startTestNode();
  await node.identity.addUser({ username: 'amina', password: TEST_PASSWORD, roles: ['analyst'] }, 'test');
});
afterEach(() => node.close());

async function call(path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<Response> {
  return fetch(`${node.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

async function signIn(username = 'amina', password = TEST_PASSWORD, extra: Record<string, string> = {}): Promise<{ res: Response; cookie: string; csrf: string }> {
  const res = await call('/api/v1/session', { method: 'POST', body: { username, password, ...extra } });
  const setCookie = res.headers.get('set-cookie') ?? '';
  const body = (await res.clone().json()) as { csrf_token?: string };
  return { res, cookie: setCookie.split(';')[0] ?? '', csrf: body.csrf_token ?? '' };
}

describe('web sessions', () => {
  it('signs in with an httpOnly SameSite=Strict cookie, and a stolen cookie is useless after sign-out', async () => {
    const { res, cookie, csrf } = await signIn();
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^accord_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    expect(await (await call('/api/v1/session', { headers: { cookie } })).json()).toMatchObject({ username: 'amina', roles: ['analyst'], via: 'session' });
    expect((await call('/api/v1/objects', { headers: { cookie } })).status).toBe(200);
    const out = await call('/api/v1/session', { method: 'DELETE', headers: { cookie, 'x-csrf-token': csrf } });
    expect(out.status).toBe(204);
    const stolen = await call('/api/v1/objects', { headers: { cookie } });
    expect(stolen.status).toBe(401);
  });

  it('needs the CSRF token for requests that change state from a session', async () => {
    const { cookie, csrf } = await signIn();
    const without = await call('/api/v1/tokens', { method: 'POST', headers: { cookie }, body: { name: 'x' } });
    expect(without.status).toBe(403);
    expect(await without.json()).toMatchObject({ code: 'auth.csrf' });
    const wrong = await call('/api/v1/tokens', { method: 'POST', headers: { cookie, 'x-csrf-token': 'A'.repeat(43) }, body: { name: 'x' } });
    expect(wrong.status).toBe(403);
    const right = await call('/api/v1/tokens', { method: 'POST', headers: { cookie, 'x-csrf-token': csrf }, body: { name: 'x' } });
    expect(right.status).toBe(201);
  });

  it('gives a web session its CSRF token again on GET /api/v1/session (after a reload), and nobody else', async () => {
    const { cookie, csrf } = await signIn();
    const again = await call('/api/v1/session', { headers: { cookie } });
    expect(again.headers.get('cache-control')).toBe('no-store');
    expect(await again.json()).toMatchObject({ username: 'amina', via: 'session', csrf_token: csrf });
    const other = await signIn();
    expect(other.csrf).not.toBe(csrf); // one token per session
    const token = await node.userWithToken('bot', ['observer']);
    expect(await (await call('/api/v1/session', { headers: { authorization: `Bearer ${token}` } })).json()).not.toHaveProperty('csrf_token');
    const basic = await call('/api/v1/session', { headers: { authorization: `Basic ${Buffer.from(`amina:${TEST_PASSWORD}`).toString('base64')}` } });
    expect(await basic.json()).not.toHaveProperty('csrf_token');
  });

  it('ends idle and over-age sessions', async () => {
    await node.close();
    let now = Date.parse('2026-11-27T10:00:00.000Z');
    node = await startTestNode({ clock: () => now, sessionIdleSeconds: 600, sessionAbsoluteSeconds: 3600 });
    await node.identity.addUser({ username: 'amina', password: TEST_PASSWORD, roles: ['analyst'] }, 'test');
    const { cookie } = await signIn();
    now += 599_000;
    expect((await call('/api/v1/session', { headers: { cookie } })).status).toBe(200);
    now += 601_000;
    expect((await call('/api/v1/session', { headers: { cookie } })).status).toBe(401);
    const second = await signIn();
    for (let i = 0; i < 6; i++) {
      now += 590_000;
      await call('/api/v1/session', { headers: { cookie: second.cookie } });
    }
    now += 300_000; // 3,840 s after sign-in, never idle for 10 minutes
    expect((await call('/api/v1/session', { headers: { cookie: second.cookie } })).status).toBe(401);
  });
});

describe('failed sign-ins', () => {
  it('answers the same for an unknown account and a wrong password', async () => {
    const unknown = await call('/api/v1/session', { method: 'POST', body: { username: 'nobody', password: TEST_PASSWORD } });
    const wrong = await call('/api/v1/session', { method: 'POST', body: { username: 'amina', password: 'not the password at all' } });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    const a = (await unknown.json()) as { code: string; detail: string };
    const b = (await wrong.json()) as { code: string; detail: string };
    expect([a.code, a.detail]).toEqual([b.code, b.detail]);
    expect(a.code).toBe('auth.failed');
  });

  it('throttles brute force with 429 and Retry-After, for Basic as for the web sign-in', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await call('/api/v1/session', { method: 'POST', body: { username: 'amina', password: `guess number ${i} x` } })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const limited = await call('/api/v1/session', { method: 'POST', body: { username: 'amina', password: TEST_PASSWORD } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const basic = await call('/api/v1/objects', { headers: { authorization: `Basic ${Buffer.from(`amina:${TEST_PASSWORD}`).toString('base64')}` } });
    expect(basic.status).toBe(429);
    const failures = await node.store.audit.query({ action: 'auth.sign-in-failed', limit: 100 });
    expect(failures.length).toBe(8);
  });

  it('locks an account after ten failures until an administrator unlocks it', async () => {
    // A slow, patient attacker: the throttle lets every guess through, only the lock-out stops them.
    await node.close();
    node = await startTestNode({ throttle: new LoginThrottle({ account: { ...ACCOUNT_RULE, limit: 1000 }, address: { ...ADDRESS_RULE, limit: 1000 } }) });
    await node.identity.addUser({ username: 'amina', password: TEST_PASSWORD, roles: ['analyst'] }, 'test');
    // (Straight to the service: the route's own rate limit would answer 429 before ten tries.)
    for (let i = 0; i < 10; i++) {
      await expect(node.identity.signIn({ username: 'amina', password: `wrong guess ${i} here`, address: '198.51.100.7' })).rejects.toMatchObject({ code: 'auth.failed' });
    }
    const user = await node.store.users.findByUsername('amina');
    expect(user?.lockedAt).not.toBeNull();
    expect((await signIn()).res.status).toBe(401);
    expect((await node.store.audit.query({ action: 'auth.locked-out', limit: 10 })).map((e) => e.target)).toEqual(['user:amina']);
    await node.identity.unlock('amina', 'test');
    expect((await signIn()).res.status).toBe(200);
  });
});

describe('API tokens and HTTP Basic', () => {
  it('is unusable after revocation or expiry, and never holds more roles than its owner', async () => {
    const token = await node.userWithToken('bot-owner', ['analyst', 'observer']);
    const auth = { authorization: `Bearer ${token}` };
    expect((await call('/api/v1/objects', { headers: auth })).status).toBe(200);
    const created = await call('/api/v1/tokens', { method: 'POST', headers: auth, body: { name: 'narrow', roles: ['observer'], expires_at: new Date(Date.now() + 60_000).toISOString() } });
    expect(created.status).toBe(201);
    const narrow = (await created.json()) as { token: string; record: { id: string; roles: string[] } };
    expect(narrow.record.roles).toEqual(['observer']);
    const wider = await call('/api/v1/tokens', { method: 'POST', headers: auth, body: { name: 'too wide', roles: ['admin'] } });
    expect(wider.status).toBe(403);
    expect((await call('/api/v1/objects', { headers: { authorization: `Bearer ${narrow.token}` } })).status).toBe(200);
    expect((await call(`/api/v1/tokens/${narrow.record.id}`, { method: 'DELETE', headers: auth })).status).toBe(204);
    const revoked = await call('/api/v1/objects', { headers: { authorization: `Bearer ${narrow.token}` } });
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ code: 'auth.invalid-token' });
    expect(revoked.headers.get('www-authenticate')).toMatch(/Bearer/);
    const expiring = await node.identity.createToken('bot-owner', { name: 'short', expiresAt: new Date(Date.now() + 1500).toISOString() }, 'test');
    expect((await call('/api/v1/objects', { headers: { authorization: `Bearer ${expiring.token}` } })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1600));
    expect((await call('/api/v1/objects', { headers: { authorization: `Bearer ${expiring.token}` } })).status).toBe(401);
    expect((await call('/api/v1/objects', { headers: { authorization: 'Bearer accord_nottoken' } })).status).toBe(401);
    const actions = (await node.store.audit.query({ limit: 100 })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['token.created', 'token.first-use', 'token.revoked']));
  });

  it('accepts HTTP Basic, page after page, and refuses a wrong password', async () => {
    const basic = { authorization: `Basic ${Buffer.from(`amina:${TEST_PASSWORD}`).toString('base64')}` };
    // (That later pages skip argon2 is shown by `npm run bench -- auth`, not by timing a test.)
    for (let i = 0; i < 5; i++) expect((await call('/api/v1/objects', { headers: basic })).status).toBe(200);
    const bad = { authorization: `Basic ${Buffer.from('amina:wrong password given').toString('base64')}` };
    expect((await call('/api/v1/objects', { headers: bad })).status).toBe(401);
  });
});

describe('second factor', () => {
  it('enrols TOTP, then requires and checks a code, refusing a replayed one', async () => {
    const { cookie, csrf } = await signIn();
    const begun = await call('/api/v1/me/totp', { method: 'POST', headers: { cookie, 'x-csrf-token': csrf } });
    const { secret, uri } = (await begun.json()) as { secret: string; uri: string };
    expect(uri).toMatch(/^otpauth:\/\/totp\/Accord:amina\?/);
    const code = totp(secret, Date.now());
    expect((await call('/api/v1/me/totp/confirm', { method: 'POST', headers: { cookie, 'x-csrf-token': csrf }, body: { code } })).status).toBe(204);
    const noCode = await call('/api/v1/session', { method: 'POST', body: { username: 'amina', password: TEST_PASSWORD } });
    expect(await noCode.json()).toMatchObject({ code: 'auth.totp-required' });
    const replay = await call('/api/v1/session', { method: 'POST', body: { username: 'amina', password: TEST_PASSWORD, totp: code } });
    expect(replay.status).toBe(401);
    const next = totp(secret, Date.now() + 30_000);
    expect((await call('/api/v1/session', { method: 'POST', body: { username: 'amina', password: TEST_PASSWORD, totp: next } })).status).toBe(200);
    const basic = await call('/api/v1/objects', { headers: { authorization: `Basic ${Buffer.from(`amina:${TEST_PASSWORD}`).toString('base64')}` } });
    expect(await basic.json()).toMatchObject({ code: 'auth.basic-not-allowed' });
  });

  it('makes administrators enrol first when the node requires it', async () => {
    await node.close();
    node = await startTestNode({ requireTotpForAdmins: true });
    await node.identity.addUser({ username: 'chief', password: TEST_PASSWORD, roles: ['admin'] }, 'test');
    const { res, cookie, csrf } = await signIn('chief');
    expect(await res.json()).toMatchObject({ must_enrol_totp: true });
    const blocked = await call('/api/v1/users', { headers: { cookie } });
    expect(blocked.status).toBe(403);
    expect(await blocked.json()).toMatchObject({ code: 'auth.totp-enrolment-required' });
    const { secret } = (await (await call('/api/v1/me/totp', { method: 'POST', headers: { cookie, 'x-csrf-token': csrf } })).json()) as { secret: string };
    expect((await call('/api/v1/me/totp/confirm', { method: 'POST', headers: { cookie, 'x-csrf-token': csrf }, body: { code: totp(secret, Date.now()) } })).status).toBe(204);
    expect((await call('/api/v1/users', { headers: { cookie } })).status).toBe(200);
  });
});

describe('responses', () => {
  it('carry the security headers, errors and 404s included, and no stack traces', async () => {
    for (const path of ['/healthz', '/api/v1/objects', '/nothing-here']) {
      const res = await call(path);
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
      expect(res.headers.get('content-security-policy')).not.toMatch(/unsafe-inline/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('strict-transport-security')).toBeNull(); // plain HTTP here
      expect(await res.text()).not.toMatch(/\s+at .+\(.+:\d+:\d+\)/);
    }
  });

  it('refuses oversize bodies on small routes', async () => {
    const res = await call('/api/v1/session', { method: 'POST', body: { username: 'amina', password: 'x'.repeat(10_000) } });
    expect(res.status).toBe(413);
  });
});
