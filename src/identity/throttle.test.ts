import { describe, expect, it } from 'vitest';
import { ACCOUNT_RULE, ADDRESS_RULE, addressKey, LOCKOUT_THRESHOLD, LoginThrottle, shouldLock, Throttle, type ThrottleRule } from './throttle.js';

const MIN = 60_000;
const T0 = Date.UTC(2030, 0, 1);
const RULE: ThrottleRule = { limit: 5, windowMs: 15 * MIN, baseBlockMs: 15 * MIN, maxBlockMs: 60 * MIN, maxKeys: 1000 };

function fail(t: Throttle, key: string, times: readonly number[]): void {
  for (const at of times) t.recordFailure(key, at);
}

describe('Throttle', () => {
  it('allows a key it has never seen', () => {
    expect(new Throttle(RULE).check('alice', T0)).toEqual({ allowed: true });
  });

  it('allows limit − 1 failures, blocks at the limit for baseBlockMs, to the millisecond', () => {
    const t = new Throttle(RULE);
    fail(t, 'alice', [T0, T0 + 1000, T0 + 2000, T0 + 3000]);
    expect(t.check('alice', T0 + 3000)).toEqual({ allowed: true });
    t.recordFailure('alice', T0 + 4000);
    expect(t.check('alice', T0 + 4000)).toEqual({ allowed: false, retryAfterSeconds: 15 * 60 });
    expect(t.check('alice', T0 + 4000 + 15 * MIN - 1)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(t.check('alice', T0 + 4000 + 15 * MIN)).toEqual({ allowed: true });
  });

  it('rounds Retry-After up to whole seconds', () => {
    const t = new Throttle(RULE);
    fail(t, 'k', [T0, T0, T0, T0, T0]);
    expect(t.check('k', T0 + 1)).toEqual({ allowed: false, retryAfterSeconds: 900 });
    expect(t.check('k', T0 + 1001)).toEqual({ allowed: false, retryAfterSeconds: 899 });
  });

  it('counts only failures inside the sliding window', () => {
    const t = new Throttle(RULE);
    // Four failures, then one just as the first leaves the window: still four in the window.
    fail(t, 'bob', [T0, T0 + MIN, T0 + 2 * MIN, T0 + 3 * MIN, T0 + 15 * MIN]);
    expect(t.check('bob', T0 + 15 * MIN)).toEqual({ allowed: true });
    // One more while those four are still inside its window reaches five.
    t.recordFailure('bob', T0 + 15 * MIN + 30_000);
    expect(t.check('bob', T0 + 15 * MIN + 30_000).allowed).toBe(false);
  });

  it('never lets more than `limit` failures through in any window (drip attack)', () => {
    const t = new Throttle(RULE);
    const accepted: number[] = [];
    for (let at = T0; at < T0 + 24 * 60 * MIN; at += 10_000) {
      if (t.check('carol', at).allowed) {
        accepted.push(at);
        t.recordFailure('carol', at);
      }
    }
    for (const start of accepted) {
      expect(accepted.filter((a) => a >= start && a < start + RULE.windowMs).length).toBeLessThanOrEqual(RULE.limit);
    }
    // Back-off: 5 guesses, 15 min; 5, 30 min; then 5 per hour — about 125 a day, where the
    // sliding window alone would allow 480.
    expect(accepted.length).toBeLessThanOrEqual(5 + 5 + 5 * 24);
  });

  it('doubles each consecutive block up to maxBlockMs', () => {
    const t = new Throttle(RULE);
    const blocks: number[] = [];
    let now = T0;
    for (let round = 0; round < 5; round++) {
      fail(t, 'dave', [now, now, now, now, now]);
      const d = t.check('dave', now);
      expect(d.allowed).toBe(false);
      if (!d.allowed) {
        blocks.push(d.retryAfterSeconds / 60);
        now += d.retryAfterSeconds * 1000;
      }
      expect(t.check('dave', now).allowed).toBe(true);
    }
    expect(blocks).toEqual([15, 30, 60, 60, 60]);
  });

  it('forgets the back-off after a quiet window following the block', () => {
    const t = new Throttle(RULE);
    fail(t, 'erin', [T0, T0, T0, T0, T0]); // blocked until T0 + 15 min
    const quietEnd = T0 + 15 * MIN + 15 * MIN;
    fail(t, 'erin', [quietEnd - 1, quietEnd - 1, quietEnd - 1, quietEnd - 1, quietEnd - 1]);
    expect(t.check('erin', quietEnd - 1)).toEqual({ allowed: false, retryAfterSeconds: 30 * 60 }); // second strike
    const t2 = new Throttle(RULE);
    fail(t2, 'erin', [T0, T0, T0, T0, T0]);
    fail(t2, 'erin', [quietEnd, quietEnd, quietEnd, quietEnd, quietEnd]);
    expect(t2.check('erin', quietEnd)).toEqual({ allowed: false, retryAfterSeconds: 15 * 60 }); // first strike again
  });

  it('clears a key on success, back-off included', () => {
    const t = new Throttle(RULE);
    fail(t, 'frank', [T0, T0, T0, T0, T0]);
    t.recordSuccess('frank');
    expect(t.check('frank', T0)).toEqual({ allowed: true });
    expect(t.size).toBe(0);
    fail(t, 'frank', [T0, T0, T0, T0]);
    expect(t.check('frank', T0).allowed).toBe(true);
  });

  it('keeps keys apart', () => {
    const t = new Throttle(RULE);
    fail(t, 'a', [T0, T0, T0, T0, T0]);
    expect(t.check('a', T0).allowed).toBe(false);
    expect(t.check('b', T0).allowed).toBe(true);
  });

  it('caps the number of keys, forgetting the least recently failing', () => {
    const t = new Throttle({ ...RULE, maxKeys: 100 });
    fail(t, 'victim', [T0, T0, T0, T0, T0]);
    for (let i = 0; i < 99; i++) t.recordFailure(`spray-${i}`, T0 + 1);
    expect(t.size).toBe(100);
    expect(t.check('victim', T0 + 2).allowed).toBe(false);
    t.recordFailure('spray-99', T0 + 2);
    expect(t.size).toBe(100);
    expect(t.check('victim', T0 + 2).allowed).toBe(true); // the oldest went
    for (let i = 100; i < 100_000; i++) t.recordFailure(`spray-${i}`, T0 + 3);
    expect(t.size).toBe(100);
  });

  it('a failure refreshes a key against eviction', () => {
    const t = new Throttle({ ...RULE, maxKeys: 3 });
    fail(t, 'x', [T0]);
    fail(t, 'y', [T0]);
    fail(t, 'z', [T0]);
    fail(t, 'x', [T0 + 1, T0 + 1, T0 + 1, T0 + 1]); // x is now the most recent, and blocked
    fail(t, 'w', [T0 + 2]); // evicts y
    expect(t.size).toBe(3);
    expect(t.check('x', T0 + 2).allowed).toBe(false);
  });

  it('sweeps idle keys as it goes', () => {
    const t = new Throttle(RULE);
    for (let i = 0; i < 50; i++) t.recordFailure(`old-${i}`, T0);
    expect(t.size).toBe(50);
    const later = T0 + RULE.windowMs;
    for (let i = 0; i < 20; i++) t.recordFailure(`new-${i}`, later);
    expect(t.size).toBeLessThan(50); // each failure sweeps a few of the idle keys
    for (let i = 20; i < 40; i++) t.recordFailure(`new-${i}`, later);
    expect(t.size).toBe(40);
  });

  it('refuses a nonsensical rule', () => {
    expect(() => new Throttle({ ...RULE, limit: 0 })).toThrow(RangeError);
    expect(() => new Throttle({ ...RULE, windowMs: Number.NaN })).toThrow(RangeError);
    expect(() => new Throttle({ ...RULE, maxBlockMs: RULE.baseBlockMs - 1 })).toThrow(RangeError);
  });
});

describe('LoginThrottle', () => {
  const at = (account: string, address = '192.0.2.1'): { account: string; address: string } => ({ account, address });

  it('blocks an account after 5 failures, whatever the address (distributed guessing)', () => {
    const lt = new LoginThrottle();
    for (let i = 0; i < 5; i++) lt.recordFailure(at('alice', `198.51.100.${i}`), T0);
    expect(lt.check(at('alice', '203.0.113.9'), T0)).toEqual({ allowed: false, retryAfterSeconds: 900 });
    expect(lt.check(at('bob', '203.0.113.9'), T0)).toEqual({ allowed: true });
  });

  it('treats account names case-insensitively', () => {
    const lt = new LoginThrottle();
    for (const name of ['alice', 'Alice', 'ALICE', 'aLiCe', 'alicE']) lt.recordFailure(at(name, `198.51.100.${name.length}`), T0);
    expect(lt.check(at('alice'), T0).allowed).toBe(false);
  });

  it('blocks an address after 20 failures, whatever the accounts (password spraying)', () => {
    const lt = new LoginThrottle();
    for (let i = 0; i < 19; i++) lt.recordFailure(at(`user${i}`), T0);
    expect(lt.check(at('someone-else'), T0).allowed).toBe(true);
    lt.recordFailure(at('user19'), T0);
    expect(lt.check(at('someone-else'), T0)).toEqual({ allowed: false, retryAfterSeconds: 900 });
    expect(lt.check(at('someone-else', '192.0.2.2'), T0).allowed).toBe(true);
  });

  it('answers the longer wait when both are blocked', () => {
    const lt = new LoginThrottle();
    for (let i = 0; i < 5; i++) lt.recordFailure(at('alice', '192.0.2.50'), T0);
    for (let i = 0; i < 20; i++) lt.recordFailure(at(`u${i}`), T0 + 60_000);
    for (let i = 0; i < 5; i++) lt.recordFailure(at('alice', '192.0.2.51'), T0 + 15 * MIN); // second strike: 30 min
    expect(lt.check(at('alice'), T0 + 15 * MIN)).toEqual({ allowed: false, retryAfterSeconds: 30 * 60 });
    expect(lt.check(at('bob'), T0 + 15 * MIN)).toEqual({ allowed: false, retryAfterSeconds: 60 });
  });

  it('a success clears the account but not the address', () => {
    const lt = new LoginThrottle();
    for (let i = 0; i < 4; i++) lt.recordFailure(at('alice'), T0);
    for (let i = 0; i < 15; i++) lt.recordFailure(at(`victim${i}`), T0);
    lt.recordSuccess(at('alice'));
    lt.recordFailure(at('alice'), T0);
    expect(lt.check(at('alice', '192.0.2.99'), T0).allowed).toBe(true); // account count restarted at 1
    expect(lt.size).toEqual({ accounts: 16, addresses: 1 });
    expect(lt.check(at('x'), T0).allowed).toBe(false); // the address reached 20: 4 + 15 + 1
  });

  it('uses the documented defaults', () => {
    expect(ACCOUNT_RULE).toMatchObject({ limit: 5, windowMs: 15 * MIN, maxKeys: 100_000 });
    expect(ADDRESS_RULE).toMatchObject({ limit: 20, windowMs: 15 * MIN, maxKeys: 100_000 });
  });
});

describe('shouldLock', () => {
  it('locks at 10 consecutive failures', () => {
    expect(LOCKOUT_THRESHOLD).toBe(10);
    expect(shouldLock(0)).toBe(false);
    expect(shouldLock(9)).toBe(false);
    expect(shouldLock(10)).toBe(true);
    expect(shouldLock(11)).toBe(true);
  });
});

describe('addressKey', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['::FFFF:192.0.2.1', '192.0.2.1'],
    ['::ffff:c000:201', '192.0.2.1'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::9', '2001:db8:1:2::/64'],
    ['2001:DB8:0001:0002:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['2001:db8::', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['2001:db8:1:2::192.0.2.1', '2001:db8:1:2::/64'],
    ['not an address', 'not an address'],
    ['1::2::3', '1::2::3'],
    ['1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7:8:9'],
    ['12345::', '12345::'],
    ['', ''],
  ])('%s → %s', (input, key) => {
    expect(addressKey(input)).toBe(key);
  });

  it('puts every address of one /64 under one key', () => {
    const lt = new LoginThrottle();
    for (let i = 1; i <= 20; i++) lt.recordFailure({ account: `u${i}`, address: addressKey(`2001:db8:aa:bb::${i.toString(16)}`) }, T0);
    expect(lt.check({ account: 'z', address: addressKey('2001:db8:aa:bb:ffff::1') }, T0).allowed).toBe(false);
    expect(lt.check({ account: 'z', address: addressKey('2001:db8:aa:bc::1') }, T0).allowed).toBe(true);
  });
});
