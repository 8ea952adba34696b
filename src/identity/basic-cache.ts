// A brief memory of successful HTTP Basic verifications, so that a TAXII client paging through a
// collection with Basic auth pays for one argon2id verification a minute, not one per page.
//
// What it remembers is "this password matched this stored hash", never who the user is or what
// they may do: the caller still loads the user on every request and reads roles and the disabled
// and locked flags from that fresh record. An entry is found by HMAC-SHA256(processKey,
// username ':' password) and is honoured only if the user's stored password hash is still the
// one it was verified against, so a password change invalidates it at once, even one made by
// another process (the CLI). `forgetUser` drops a user's entries early (call it on password
// change, disable or role change, for hygiene; correctness does not depend on it in this process).
//
// Entries hold no password and nothing from which one could be checked offline without the
// process key, which is random per process and never leaves memory. Entries expire `ttlMs` after
// the verification (not after the last use), and at most `maxEntries` are kept, oldest dropped.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { RecencyMap } from './recency-map.js';

export interface BasicAuthCacheOptions {
  /** How long a verification is remembered (default 60 s). */
  readonly ttlMs?: number;
  /** Most entries kept (default 10,000). */
  readonly maxEntries?: number;
}

interface Entry {
  readonly username: string;
  /** HMAC of the stored password hash the password was verified against. */
  readonly hashTag: Buffer;
  readonly expiresAt: number;
}

/** Remembers successful Basic verifications for a short time; see the module comment. */
export class BasicAuthCache {
  readonly #key = randomBytes(32);
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  /** In verification order: the oldest entry is the first to expire. */
  readonly #entries = new RecencyMap<string, Entry>();

  constructor(options: BasicAuthCacheOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 60_000;
    this.#maxEntries = options.maxEntries ?? 10_000;
    if (!(this.#ttlMs > 0) || !Number.isInteger(this.#maxEntries) || this.#maxEntries < 1) {
      throw new RangeError('BasicAuthCache needs a positive ttlMs and maxEntries');
    }
  }

  /**
   * True when `password` was verified for `username` against `passwordHash` (the user's current
   * stored PHC string) less than ttlMs ago. False for anything else, including a user name with
   * a colon (HTTP Basic cannot carry one, and it would make the key ambiguous).
   */
  has(username: string, password: string, passwordHash: string, now: number): boolean {
    const id = this.#id(username, password);
    if (id === undefined) return false;
    const entry = this.#entries.get(id);
    if (entry === undefined) return false;
    if (entry.expiresAt <= now) {
      this.#entries.delete(id);
      return false;
    }
    return timingSafeEqual(entry.hashTag, this.#tag(passwordHash));
  }

  /** Records that `password` matched `passwordHash` for `username` at `now`. */
  remember(username: string, password: string, passwordHash: string, now: number): void {
    const id = this.#id(username, password);
    if (id === undefined) return;
    this.#entries.set(id, { username, hashTag: this.#tag(passwordHash), expiresAt: now + this.#ttlMs });
    for (let oldest = this.#entries.oldest(); oldest !== undefined; oldest = this.#entries.oldest()) {
      if (oldest[1].expiresAt > now && this.#entries.size <= this.#maxEntries) break;
      this.#entries.delete(oldest[0]);
    }
  }

  /** Forgets every entry of `username` (after a password, role or disabled-flag change). */
  forgetUser(username: string): void {
    for (const [id, entry] of this.#entries.entries()) {
      if (entry.username === username) this.#entries.delete(id);
    }
  }

  /** Forgets everything. */
  clear(): void {
    this.#entries.clear();
  }

  /** Entries held, expired ones included until they are swept (for tests and metrics). */
  get size(): number {
    return this.#entries.size;
  }

  #id(username: string, password: string): string | undefined {
    if (username.includes(':')) return undefined;
    return createHmac('sha256', this.#key).update(`${username}:${password}`, 'utf8').digest('base64url');
  }

  #tag(passwordHash: string): Buffer {
    return createHmac('sha256', this.#key).update(`phc\0${passwordHash}`, 'utf8').digest();
  }
}
