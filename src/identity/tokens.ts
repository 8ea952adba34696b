// API tokens and web session secrets: their format, generation and the hash the store keeps.
//
// A token reads `accord_<tokenId>_<secret>`: `tokenId` (12 alphanumeric characters, ~71 bits)
// is stored in clear and finds the record; `secret` (32 random bytes, base64url, 43 characters)
// is stored only as SHA-256 hex. The fixed lengths make the format unambiguous even though
// base64url may itself contain '_'; the `accord_` prefix lets secret scanners recognise a leak.
//
// Why SHA-256 and not argon2: a slow, salted hash exists to make guessing *low-entropy* inputs
// (passwords) expensive after a database leak. A 256-bit random secret cannot be guessed at any
// hashing speed (2^255 tries on average), and it is unique, so salting buys nothing either.
// A fast hash keeps token authentication within its budget (< 0.1 ms per request, issue 3; one
// argon2id verification costs ~20–50 ms and would also hand attackers a CPU-exhaustion lever),
// while a leaked table still yields no usable token.
//
// Session ids follow the same rule: 32 random bytes, kept as SHA-256 hex. They need no separate
// public id: the store looks the session up by the hash itself, which is safe because the hash
// of a full-entropy secret reveals nothing, and timing of that lookup cannot be exploited without
// first finding a SHA-256 preimage.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export const TOKEN_PREFIX = 'accord_';
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const ID_LENGTH = 12;
const SECRET_BYTES = 32;
/** base64url of 32 bytes, unpadded: 42 characters of 6 bits and a last one carrying 4 bits. */
const SECRET_RE = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;
const TOKEN_RE = new RegExp(`^${TOKEN_PREFIX}([A-Za-z0-9]{${ID_LENGTH}})_([A-Za-z0-9_-]{43})$`);
const HASH_RE = /^[0-9a-f]{64}$/;

export interface NewToken {
  /** The whole token, shown to its owner once and never stored. */
  readonly token: string;
  /** The public part, the token record's id. */
  readonly tokenId: string;
  /** SHA-256 hex of the secret part: all the store keeps of it. */
  readonly secretHash: string;
}

/** A new API token and what the store keeps of it. */
export function newToken(): NewToken {
  let tokenId = '';
  for (let i = 0; i < ID_LENGTH; i++) tokenId += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  const secret = randomSecret();
  return { token: `${TOKEN_PREFIX}${tokenId}_${secret}`, tokenId, secretHash: hashSecret(secret) };
}

/** Splits a presented token into its id and secret; undefined unless the format is exactly right. */
export function parseToken(text: string): { tokenId: string; secret: string } | undefined {
  const m = TOKEN_RE.exec(text);
  if (m === null) return undefined;
  const [, tokenId, secret] = m;
  if (tokenId === undefined || secret === undefined || !SECRET_RE.test(secret)) return undefined;
  return { tokenId, secret };
}

/** True when `secret` hashes to `secretHash`, compared in constant time. */
export function tokenMatches(secret: string, secretHash: string): boolean {
  if (!HASH_RE.test(secretHash)) return false;
  return timingSafeEqual(sha256(secret), Buffer.from(secretHash, 'hex'));
}

/** SHA-256 hex of a secret (of its text, as presented): what the store keeps of tokens, sessions and CSRF tokens. */
export function hashSecret(secret: string): string {
  return sha256(secret).toString('hex');
}

/** A new session secret (32 random bytes, base64url) for the cookie, and its hash for the store. */
export function newSessionSecret(): { secret: string; secretHash: string } {
  const secret = randomSecret();
  return { secret, secretHash: hashSecret(secret) };
}

/** True when `text` has the exact shape of a session secret (check a cookie before hashing it). */
export function isWellFormedSecret(text: string): boolean {
  return SECRET_RE.test(text);
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function randomSecret(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}
