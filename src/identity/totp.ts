// TOTP second factor (RFC 6238) over HOTP (RFC 4226): secrets, provisioning URIs and
// verification. Defaults are what every authenticator app supports: HMAC-SHA1, 6 digits,
// 30-second steps counted from the Unix epoch.
//
// Replay: a code stays valid for its whole step (and, with the ±1 window, for up to 90 s), so a
// code seen over a shoulder or phished can be used again. RFC 6238 §5.2 says the verifier must
// not accept the second attempt of a valid code: `verifyTotp` returns the step it matched, the
// caller stores it (UserRecord.totpLastStep) and passes it back as `lastUsedStep`, and steps at
// or before it are refused. A caller that does not store the step gives replay protection away.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AccordError } from '../store/index.js';
import { base32Decode, base32Encode } from './base32.js';

export type TotpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

export interface TotpOptions {
  /** HMAC hash; authenticator apps reliably support only SHA1 (the default). */
  readonly algorithm?: TotpAlgorithm;
  /** Code length, 6 (default) to 10. */
  readonly digits?: number;
  /** Step length in seconds (default 30). */
  readonly period?: number;
}

export interface VerifyTotpOptions extends TotpOptions {
  /** Steps accepted either side of the current one, for clock drift and typing time (default 1). */
  readonly window?: number;
  /** The step of the last code accepted for this user: it and every earlier step are refused. */
  readonly lastUsedStep?: number | null;
}

export const TOTP_DEFAULTS = { algorithm: 'SHA1', digits: 6, period: 30 } as const satisfies Required<TotpOptions>;
/** RFC 4226 §4 R6: a shared secret of at least 128 bits (160 recommended, which we generate). */
const MIN_SECRET_BYTES = 16;
const SECRET_BYTES = 20;

/** A new TOTP secret: 20 random bytes (160 bits, RFC 4226's recommendation) as unpadded base32. */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(SECRET_BYTES));
}

/**
 * The `otpauth://totp/…` provisioning URI authenticator apps read from a QR code (the de facto
 * "Key Uri Format" of Google Authenticator): label `issuer:account`, and `issuer` repeated as a
 * parameter, which newer apps prefer. Neither part may contain a colon.
 */
export function totpUri(secret: string, account: string, issuer: string, options: TotpOptions = {}): string {
  const o = resolve(options);
  secretBytes(secret); // refuse a malformed secret here rather than in the user's phone
  for (const [what, value] of [['account', account], ['issuer', issuer]] as const) {
    if (value.length === 0 || value.includes(':')) {
      throw new AccordError('invalid', 'identity.bad-totp-label', `the TOTP ${what} must be non-empty and contain no colon`);
    }
  }
  const params = new URLSearchParams({ secret: secret.toUpperCase(), issuer, algorithm: o.algorithm, digits: String(o.digits), period: String(o.period) });
  // URLSearchParams writes spaces as '+', which some apps show literally; %20 is read by all.
  return `otpauth://totp/${encodeURIComponent(issuer)}:${encodeURIComponent(account)}?${params.toString().replaceAll('+', '%20')}`;
}

/** The TOTP time step of `now` (milliseconds since the epoch). */
export function totpStep(now: number, period: number = TOTP_DEFAULTS.period): number {
  return Math.floor(now / 1000 / period);
}

/** The HOTP value (RFC 4226 §5.3) of `key` at `counter`, as a zero-padded string of `digits`. */
export function hotp(key: Uint8Array, counter: number, options: TotpOptions = {}): string {
  const o = resolve(options);
  if (!Number.isSafeInteger(counter) || counter < 0) throw new RangeError('the HOTP counter must be a non-negative safe integer');
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter)); // 64-bit: steps beyond 2^32 (year 2106 and RFC 6238's 20000000000) still work
  const mac = createHmac(o.algorithm.toLowerCase(), key).update(message).digest();
  // Dynamic truncation (§5.3): the low nibble of the last byte picks four bytes, top bit cleared.
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fff_ffff;
  return String(binary % 10 ** o.digits).padStart(o.digits, '0');
}

/** The TOTP code of a base32 `secret` at `now` (milliseconds since the epoch). */
export function totp(secret: string, now: number, options: TotpOptions = {}): string {
  const o = resolve(options);
  return hotp(secretBytes(secret), totpStep(now, o.period), o);
}

/**
 * Checks a code typed by the user against the steps within `window` of `now`. Returns the step
 * the code matched, or undefined. The caller must store the returned step and pass it as
 * `lastUsedStep` next time, so that the same code (or an older one) is never accepted twice.
 * Every candidate step is computed and compared in constant time, whatever matches first.
 */
export function verifyTotp(secret: string, code: string, now: number, options: VerifyTotpOptions = {}): number | undefined {
  const o = resolve(options);
  const window = options.window ?? 1;
  if (!Number.isInteger(window) || window < 0 || window > 10) throw new RangeError('the TOTP window must be an integer from 0 to 10');
  const key = secretBytes(secret);
  const typed = code.replace(/[\s-]/g, ''); // apps show "123 456"; people type what they see
  if (typed.length !== o.digits || !/^\d+$/.test(typed)) return undefined;
  const given = Buffer.from(typed, 'ascii');
  const current = totpStep(now, o.period);
  let matched: number | undefined;
  for (let step = current - window; step <= current + window; step++) {
    if (step < 0) continue;
    const same = timingSafeEqual(Buffer.from(hotp(key, step, o), 'ascii'), given);
    // The earliest acceptable step wins; the loop never exits early.
    if (same && (options.lastUsedStep == null || step > options.lastUsedStep)) matched ??= step;
  }
  return matched;
}

function resolve(options: TotpOptions): Required<TotpOptions> {
  const o = { ...TOTP_DEFAULTS, ...options };
  if (!['SHA1', 'SHA256', 'SHA512'].includes(o.algorithm)) throw new RangeError(`unsupported TOTP algorithm ${String(o.algorithm)}`);
  if (!Number.isInteger(o.digits) || o.digits < 6 || o.digits > 10) throw new RangeError('TOTP codes have 6 to 10 digits');
  if (!Number.isInteger(o.period) || o.period < 1) throw new RangeError('the TOTP period is a positive whole number of seconds');
  return o;
}

function secretBytes(secret: string): Uint8Array {
  const bytes = base32Decode(secret);
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new AccordError('invalid', 'identity.weak-totp-secret', `a TOTP secret needs at least ${MIN_SECRET_BYTES * 8} bits`);
  }
  return bytes;
}
