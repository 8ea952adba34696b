// Login throttling: how many failed sign-ins a key (an account name, a client address) may make
// before it must wait, and for how long. Pure and in memory, with the clock passed in, so tests
// are exact; one LoginThrottle per server process serves every way a password is presented (web
// sign-in, HTTP Basic on TAXII), which must all record their failures here.
//
// The rule per key: at most `limit` failures in any sliding `windowMs`. The failure that reaches
// the limit blocks the key for a back-off period that doubles with each consecutive block
// (`baseBlockMs`, 2×, 4×… up to `maxBlockMs`); after a block the key starts a fresh window. A key
// idle for `windowMs` after its last failure or block is forgotten, back-off included.
//
// Memory is bounded: the failures kept per key never exceed `limit`, and at most `maxKeys` keys
// are tracked per rule; beyond that the least recently failing key is dropped. So an attacker
// spraying addresses or account names costs a bounded amount of memory, and can at worst make us
// forget the oldest keys (the persisted lock-out counter in the store still holds).
//
// Account lock-out is the other, persisted half: the store counts consecutive failures per user
// (UserRecord.failedLogins) and `shouldLock` says when that count locks the account until an
// admin unlocks it.
import { RecencyMap } from './recency-map.js';

export interface ThrottleRule {
  /** Failures allowed in any window before the key is blocked. */
  readonly limit: number;
  readonly windowMs: number;
  /** The first block; each consecutive block doubles it. */
  readonly baseBlockMs: number;
  readonly maxBlockMs: number;
  /** Most keys tracked at once; the least recently failing is forgotten beyond it. */
  readonly maxKeys: number;
}

export type ThrottleDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

const MINUTE = 60_000;
/** Per account: 5 failures per 15 minutes, then 15 min, 30 min, 1 h blocks. */
export const ACCOUNT_RULE: ThrottleRule = { limit: 5, windowMs: 15 * MINUTE, baseBlockMs: 15 * MINUTE, maxBlockMs: 60 * MINUTE, maxKeys: 100_000 };
/** Per client address: 20 failures per 15 minutes (several people may share a NAT), same back-off. */
export const ADDRESS_RULE: ThrottleRule = { limit: 20, windowMs: 15 * MINUTE, baseBlockMs: 15 * MINUTE, maxBlockMs: 60 * MINUTE, maxKeys: 100_000 };
/** Consecutive failed sign-ins after which an account is locked until an admin unlocks it. */
export const LOCKOUT_THRESHOLD = 10;

/** True when an account with `failedCount` consecutive failed sign-ins must be locked. */
export function shouldLock(failedCount: number): boolean {
  return failedCount >= LOCKOUT_THRESHOLD;
}

const ALLOWED: ThrottleDecision = { allowed: true };
/** How many idle keys one recordFailure sweeps at most (amortised clean-up, O(1) per call). */
const SWEEP = 4;

interface KeyState {
  /** Failure times in the current window, oldest first, at most `limit`. */
  failures: number[];
  /** Consecutive blocks so far, for the back-off. */
  strikes: number;
  blockedUntil: number;
  /** The last failure or the end of the last block, whichever is later. */
  lastActivity: number;
}

/** Sliding-window failure counting with exponential back-off, for one kind of key. */
export class Throttle {
  readonly #rule: ThrottleRule;
  /** Least recently failing first: a failure moves its key to the end. */
  readonly #keys = new RecencyMap<string, KeyState>();

  constructor(rule: ThrottleRule) {
    for (const [name, v] of Object.entries(rule)) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 1) throw new RangeError(`throttle rule ${name} must be a positive number`);
    }
    if (rule.maxBlockMs < rule.baseBlockMs) throw new RangeError('throttle rule maxBlockMs must not be less than baseBlockMs');
    this.#rule = rule;
  }

  /** Whether `key` may try now, and if not, in how many whole seconds it may (for Retry-After). */
  check(key: string, now: number): ThrottleDecision {
    const state = this.#keys.get(key);
    if (state === undefined || state.blockedUntil <= now) return ALLOWED;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((state.blockedUntil - now) / 1000)) };
  }

  /** Counts a failure of `key` at `now`; the failure that reaches the limit starts a block. */
  recordFailure(key: string, now: number): void {
    const rule = this.#rule;
    let state = this.#keys.get(key);
    if (state !== undefined && this.#isIdle(state, now)) state = undefined; // forgotten, back-off included
    state ??= { failures: [], strikes: 0, blockedUntil: 0, lastActivity: now };
    this.#keys.set(key, state);

    const since = now - rule.windowMs;
    while (state.failures.length > 0 && (state.failures[0] ?? now) <= since) state.failures.shift();
    state.failures.push(now);
    state.lastActivity = Math.max(state.lastActivity, now);
    if (state.failures.length >= rule.limit) {
      state.strikes += 1;
      const block = Math.min(rule.baseBlockMs * 2 ** (state.strikes - 1), rule.maxBlockMs);
      state.blockedUntil = Math.max(state.blockedUntil, now + block);
      state.lastActivity = state.blockedUntil;
      state.failures = [];
    }
    this.#evict(now);
  }

  /** Forgets `key` entirely: its failures and its back-off. */
  recordSuccess(key: string): void {
    this.#keys.delete(key);
  }

  /** How many keys are tracked (for tests and metrics). */
  get size(): number {
    return this.#keys.size;
  }

  #isIdle(state: KeyState, now: number): boolean {
    return now - state.lastActivity >= this.#rule.windowMs;
  }

  #evict(now: number): void {
    for (let swept = 0; swept < SWEEP; swept++) {
      const oldest = this.#keys.oldest();
      if (oldest === undefined || !this.#isIdle(oldest[1], now)) break;
      this.#keys.delete(oldest[0]);
    }
    while (this.#keys.size > this.#rule.maxKeys) {
      const oldest = this.#keys.oldest();
      if (oldest === undefined) break;
      this.#keys.delete(oldest[0]);
    }
  }
}

/** Who is trying: the account name as typed and the client's address key (see `addressKey`). */
export interface LoginAttempt {
  readonly account: string;
  readonly address: string;
}

/**
 * The two throttles every sign-in path consults: per account and per address. Account names are
 * compared case-insensitively (user names are lower-case, so "Alice" must not be a fresh key).
 * Names that match no user are throttled the same way, so throttling reveals nothing about which
 * accounts exist.
 */
export class LoginThrottle {
  readonly #accounts: Throttle;
  readonly #addresses: Throttle;

  constructor(rules: { account?: ThrottleRule; address?: ThrottleRule } = {}) {
    this.#accounts = new Throttle(rules.account ?? ACCOUNT_RULE);
    this.#addresses = new Throttle(rules.address ?? ADDRESS_RULE);
  }

  /** Allowed only when both the account and the address are; otherwise the longer wait. */
  check(attempt: LoginAttempt, now: number): ThrottleDecision {
    const a = this.#accounts.check(accountKey(attempt.account), now);
    const b = this.#addresses.check(attempt.address, now);
    if (a.allowed) return b;
    if (b.allowed) return a;
    return a.retryAfterSeconds >= b.retryAfterSeconds ? a : b;
  }

  /** Counts a failed sign-in against both the account and the address. */
  recordFailure(attempt: LoginAttempt, now: number): void {
    this.#accounts.recordFailure(accountKey(attempt.account), now);
    this.#addresses.recordFailure(attempt.address, now);
  }

  /**
   * Clears the account's failures. The address keeps its count: otherwise an attacker could
   * sign in to an account of their own between guesses at others to reset their address.
   */
  recordSuccess(attempt: LoginAttempt): void {
    this.#accounts.recordSuccess(accountKey(attempt.account));
  }

  /** Tracked keys per kind (for tests and metrics). */
  get size(): { accounts: number; addresses: number } {
    return { accounts: this.#accounts.size, addresses: this.#addresses.size };
  }
}

function accountKey(account: string): string {
  return account.normalize('NFKC').toLowerCase();
}

/**
 * The throttling key of a client address: IPv4 as is (also when IPv4-mapped, `::ffff:a.b.c.d`),
 * IPv6 by its /64 prefix, because one subscriber usually holds a whole /64 and could otherwise
 * use a new address for every guess. Anything else is returned unchanged.
 */
export function addressKey(address: string): string {
  const groups = expandIpv6(address);
  if (groups === undefined) return address;
  if (groups.slice(0, 6).join(',') === '0,0,0,0,0,65535') {
    const [hi = 0, lo = 0] = groups.slice(6);
    return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
  }
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address (zone and embedded IPv4 allowed), or undefined. */
function expandIpv6(address: string): number[] | undefined {
  let text = address.replace(/%.*$/, '');
  if (!text.includes(':')) return undefined;
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4 !== null) {
    const o = v4.slice(1).map(Number);
    if (o.some((n) => n > 255)) return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = o;
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(Number.parseInt(g, 16));
    }
    return out;
  };
  const head = parse(halves[0] ?? '');
  const tail = halves.length === 2 ? parse(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}
