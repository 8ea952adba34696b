// Store contract, accounts part: users, API tokens and sessions behave alike on every adapter.
import { expect, it } from 'vitest';
import { isAccordError } from '../../stix/index.js';
import type { Store } from '../port.js';
import type { UserRecord } from '../identity.port.js';

const T = '2026-11-27T09:00:00.000Z';

export function buildUser(over: Partial<UserRecord> = {}): UserRecord {
  return {
    id: `u-${Math.random().toString(36).slice(2)}`, username: `user${Math.random().toString(36).slice(2, 8)}`, passwordHash: '$argon2id$x',
    roles: ['analyst'], createdAt: T, updatedAt: T, disabled: false, lockedAt: null, failedLogins: 0, totpSecret: null,
    totpLastStep: null, oidcSubject: null, ...over,
  };
}

export function identityContract(store: () => Store): void {
  it('keeps users: create, find, list, update, unique names and subjects', async () => {
    const s = store();
    const admin = buildUser({ id: 'u1', username: 'admin', roles: ['admin'] });
    await s.users.create(admin);
    await expect(s.users.create({ ...admin, id: 'u2' })).rejects.toSatisfy((e) => isAccordError(e) && e.code === 'store.user-exists');
    expect(await s.users.findByUsername('admin')).toEqual(admin);
    expect(await s.users.findById('u1')).toEqual(admin);
    expect(await s.users.findByUsername('nobody')).toBeUndefined();
    const sso = buildUser({ id: 'u3', username: 'amina', passwordHash: null, oidcSubject: 'https://idp.example|248289761001' });
    await s.users.create(sso);
    await expect(s.users.create(buildUser({ oidcSubject: sso.oidcSubject }))).rejects.toSatisfy((e) => isAccordError(e) && e.code === 'store.user-exists');
    expect(await s.users.findByOidcSubject('https://idp.example|248289761001')).toEqual(sso);
    expect((await s.users.list()).map((u) => u.username)).toEqual(['admin', 'amina']);
    expect(await s.users.count()).toBe(2);
    const changed = await s.users.update('u1', { roles: ['admin', 'analyst'], disabled: true, totpSecret: 'enc:xyz', totpLastStep: 58_000_123, updatedAt: '2026-11-27T10:00:00.000Z' });
    expect(changed).toEqual({ ...admin, roles: ['admin', 'analyst'], disabled: true, totpSecret: 'enc:xyz', totpLastStep: 58_000_123, updatedAt: '2026-11-27T10:00:00.000Z' });
    expect(await s.users.update('u1', { passwordHash: null })).toMatchObject({ passwordHash: null, disabled: true });
    await expect(s.users.update('nope', { disabled: true })).rejects.toSatisfy((e) => isAccordError(e) && e.code === 'store.user-not-found');
  });

  it('keeps web preferences per user: defaults, partial changes, explicit clearing, unknown users refused', async () => {
    const s = store();
    await s.users.create(buildUser({ id: 'p1', username: 'prefs' }));
    expect(await s.users.preferences('p1')).toEqual({ language: null, lastVisitAt: null });
    expect(await s.users.setPreferences('p1', { language: 'ar' })).toEqual({ language: 'ar', lastVisitAt: null });
    expect(await s.users.setPreferences('p1', { lastVisitAt: T })).toEqual({ language: 'ar', lastVisitAt: T });
    expect(await s.users.setPreferences('p1', {})).toEqual({ language: 'ar', lastVisitAt: T });
    expect(await s.users.setPreferences('p1', { language: null })).toEqual({ language: null, lastVisitAt: T });
    expect(await s.users.preferences('p1')).toEqual({ language: null, lastVisitAt: T });
    const missing = (e: unknown): boolean => isAccordError(e) && e.code === 'store.user-not-found';
    await expect(s.users.preferences('nobody')).rejects.toSatisfy(missing);
    await expect(s.users.setPreferences('nobody', { language: 'fr' })).rejects.toSatisfy(missing);
  });

  it('counts failed sign-ins atomically', async () => {
    const s = store();
    const u = buildUser();
    await s.users.create(u);
    const counts = await Promise.all(Array.from({ length: 10 }, () => s.users.recordFailedLogin(u.id, T)));
    expect([...counts].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect((await s.users.update(u.id, { failedLogins: 0, lockedAt: T })).failedLogins).toBe(0);
  });

  it('keeps API tokens: find, list, revoke once, record use', async () => {
    const s = store();
    const u = buildUser();
    await s.users.create(u);
    const base = { userId: u.id, roles: ['analyst'], secretHash: 'ab'.repeat(32), expiresAt: null, revokedAt: null, lastUsedAt: null, tlpCeiling: null };
    await s.tokens.create({ ...base, id: 'tok-a', name: 'misp sync', createdAt: '2026-11-27T09:00:00.000Z' });
    await s.tokens.create({ ...base, id: 'tok-b', name: 'siem', createdAt: '2026-11-27T09:30:00.000Z', expiresAt: '2027-01-01T00:00:00.000Z' });
    expect(await s.tokens.find('tok-a')).toMatchObject({ name: 'misp sync', roles: ['analyst'], revokedAt: null });
    expect((await s.tokens.list(u.id)).map((t) => t.id)).toEqual(['tok-b', 'tok-a']);
    expect((await s.tokens.list()).map((t) => t.id)).toEqual(['tok-b', 'tok-a']);
    expect(await s.tokens.list('someone-else')).toEqual([]);
    await s.tokens.touch('tok-a', '2026-11-27T11:00:00.000Z');
    expect((await s.tokens.find('tok-a'))?.lastUsedAt).toBe('2026-11-27T11:00:00.000Z');
    expect(await s.tokens.revoke('tok-a', '2026-11-27T12:00:00.000Z')).toBe(true);
    expect(await s.tokens.revoke('tok-a', '2026-11-27T13:00:00.000Z')).toBe(false);
    expect((await s.tokens.find('tok-a'))?.revokedAt).toBe('2026-11-27T12:00:00.000Z');
    expect(await s.tokens.find('nope')).toBeUndefined();
  });

  it('keeps a token\'s TLP ceiling for device feeds', async () => {
    const s = store();
    const u = buildUser();
    await s.users.create(u);
    const t = { id: 'tok-feed', name: 'suricata sensor', userId: u.id, roles: ['analyst'], secretHash: 'cd'.repeat(32), createdAt: T, expiresAt: null, revokedAt: null, lastUsedAt: null, tlpCeiling: 'green' };
    await s.tokens.create(t);
    expect(await s.tokens.find('tok-feed')).toEqual(t);
    expect((await s.tokens.list(u.id))[0]?.tlpCeiling).toBe('green');
  });

  it('keeps sessions: touch, revoke one, revoke all of a user', async () => {
    const s = store();
    const u = buildUser();
    await s.users.create(u);
    const base = { userId: u.id, csrfHash: 'c'.repeat(64), createdAt: T, lastSeenAt: T, expiresAt: '2026-11-28T09:00:00.000Z', revokedAt: null };
    await s.sessions.create({ ...base, idHash: 'h1' });
    await s.sessions.create({ ...base, idHash: 'h2' });
    await s.sessions.create({ ...base, idHash: 'h3' });
    await s.sessions.touch('h1', '2026-11-27T09:05:00.000Z');
    expect(await s.sessions.find('h1')).toEqual({ ...base, idHash: 'h1', lastSeenAt: '2026-11-27T09:05:00.000Z' });
    expect(await s.sessions.revoke('h1', '2026-11-27T09:10:00.000Z')).toBe(true);
    expect(await s.sessions.revoke('h1', '2026-11-27T09:11:00.000Z')).toBe(false);
    expect(await s.sessions.revokeForUser(u.id, '2026-11-27T09:12:00.000Z')).toBe(2);
    expect((await s.sessions.find('h3'))?.revokedAt).toBe('2026-11-27T09:12:00.000Z');
    expect(await s.sessions.find('nope')).toBeUndefined();
  });
}
