import { describe, expect, it } from 'vitest';
import { BasicAuthCache } from './basic-cache.js';

const T0 = Date.UTC(2030, 0, 1);
const PHC = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';
const PHC2 = '$argon2id$v=19$m=19456,t=2,p=1$b3RoZXJzYWx0c2FsdA$b3RoZXJoYXNob3RoZXJoYXNob3RoZXJoYXNob3RoZXI';
const PASSWORD = 'correct horse battery staple';

describe('BasicAuthCache', () => {
  it('remembers a verification for 60 s by default, then forgets it', () => {
    const c = new BasicAuthCache();
    expect(c.has('alice', PASSWORD, PHC, T0)).toBe(false);
    c.remember('alice', PASSWORD, PHC, T0);
    expect(c.has('alice', PASSWORD, PHC, T0)).toBe(true);
    expect(c.has('alice', PASSWORD, PHC, T0 + 59_999)).toBe(true);
    expect(c.has('alice', PASSWORD, PHC, T0 + 60_000)).toBe(false);
    expect(c.size).toBe(0); // the expired entry was dropped when found
  });

  it('counts the lifetime from the verification, not from the last use', () => {
    const c = new BasicAuthCache({ ttlMs: 1000 });
    c.remember('alice', PASSWORD, PHC, T0);
    for (let t = T0; t < T0 + 1000; t += 100) expect(c.has('alice', PASSWORD, PHC, t)).toBe(true);
    expect(c.has('alice', PASSWORD, PHC, T0 + 1000)).toBe(false);
  });

  it('answers false for another password, another user or another stored hash', () => {
    const c = new BasicAuthCache();
    c.remember('alice', PASSWORD, PHC, T0);
    expect(c.has('alice', `${PASSWORD}!`, PHC, T0)).toBe(false);
    expect(c.has('alice', PASSWORD.toUpperCase(), PHC, T0)).toBe(false);
    expect(c.has('bob', PASSWORD, PHC, T0)).toBe(false);
    // The password was changed (perhaps by another process): a new stored hash.
    expect(c.has('alice', PASSWORD, PHC2, T0)).toBe(false);
  });

  it('keeps the user name and password apart (no ambiguity at the colon)', () => {
    const c = new BasicAuthCache();
    c.remember('ali', 'ce:secret', PHC, T0);
    expect(c.has('ali:ce', 'secret', PHC, T0)).toBe(false);
    c.remember('ali:ce', 'secret', PHC, T0); // ignored: Basic cannot carry a colon in the name
    expect(c.size).toBe(1);
    expect(c.has('ali:ce', 'secret', PHC, T0)).toBe(false);
  });

  it('forgets one user on request and nobody else', () => {
    const c = new BasicAuthCache();
    c.remember('alice', PASSWORD, PHC, T0);
    c.remember('alice', 'another password', PHC, T0);
    c.remember('bob', PASSWORD, PHC2, T0);
    c.forgetUser('alice');
    expect(c.has('alice', PASSWORD, PHC, T0)).toBe(false);
    expect(c.has('alice', 'another password', PHC, T0)).toBe(false);
    expect(c.has('bob', PASSWORD, PHC2, T0)).toBe(true);
    expect(c.size).toBe(1);
    c.clear();
    expect(c.size).toBe(0);
  });

  it('a new verification refreshes the entry', () => {
    const c = new BasicAuthCache({ ttlMs: 1000 });
    c.remember('alice', PASSWORD, PHC, T0);
    c.remember('alice', PASSWORD, PHC, T0 + 900);
    expect(c.has('alice', PASSWORD, PHC, T0 + 1500)).toBe(true);
    expect(c.size).toBe(1);
  });

  it('holds at most maxEntries, dropping the oldest', () => {
    const c = new BasicAuthCache({ maxEntries: 100 });
    for (let i = 0; i < 1000; i++) c.remember(`user${i}`, PASSWORD, PHC, T0 + i);
    expect(c.size).toBe(100);
    expect(c.has('user899', PASSWORD, PHC, T0 + 1000)).toBe(false);
    expect(c.has('user900', PASSWORD, PHC, T0 + 1000)).toBe(true);
    expect(c.has('user999', PASSWORD, PHC, T0 + 1000)).toBe(true);
  });

  it('sweeps expired entries when it remembers new ones', () => {
    const c = new BasicAuthCache({ ttlMs: 1000 });
    for (let i = 0; i < 50; i++) c.remember(`user${i}`, PASSWORD, PHC, T0);
    c.remember('late', PASSWORD, PHC, T0 + 1000);
    expect(c.size).toBe(1);
  });

  it('refuses nonsensical options', () => {
    expect(() => new BasicAuthCache({ ttlMs: 0 })).toThrow(RangeError);
    expect(() => new BasicAuthCache({ maxEntries: 0 })).toThrow(RangeError);
    expect(() => new BasicAuthCache({ ttlMs: Number.NaN })).toThrow(RangeError);
  });
});
