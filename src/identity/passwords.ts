// Passwords: argon2id with OWASP's recommended minimum (19 MiB memory, 2 passes, 1 lane), the
// password policy (a minimum length, not the user name, not a common password: the checks NIST
// SP 800-63B-3 §5.1.1.2 asks for instead of composition rules), and strong first passwords.
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { AccordError } from '../store/index.js';
import { isCommonPassword } from './common-passwords.js';

const ARGON2ID = 2; // @node-rs/argon2 Algorithm.Argon2id (a const enum, not importable under isolatedModules)
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
export const MIN_PASSWORD_LENGTH = 12;

/** Hashes a password with argon2id; the result is a PHC string that carries its own parameters. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** True when `password` matches the PHC hash. */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

/** What the policy may compare a password with. */
export interface PasswordContext {
  /** The account's user name: a password may not be it or contain it. */
  readonly username?: string;
}

/** User names shorter than this are not looked for inside passwords (too many innocent matches). */
const MIN_USERNAME_TO_MATCH = 3;

/**
 * Throws AccordError (kind `invalid`) when the password breaks the policy, with a code per rule:
 * `identity.weak-password.too-short` (under MIN_PASSWORD_LENGTH characters),
 * `identity.weak-password.contains-username` (is or contains the user name, ignoring case) and
 * `identity.weak-password.common` (in the shipped list of common passwords, ignoring case).
 * Messages say what to change and never repeat the password.
 */
export function checkPasswordPolicy(password: string, context: PasswordContext = {}): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    weak('too-short', `a password needs at least ${MIN_PASSWORD_LENGTH} characters; a few unrelated words make a long one easy to remember`);
  }
  const lower = password.toLowerCase();
  const username = context.username?.toLowerCase() ?? '';
  if (username !== '' && (lower === username || (username.length >= MIN_USERNAME_TO_MATCH && lower.includes(username)))) {
    weak('contains-username', 'a password may not contain the user name; choose one that has nothing to do with the account');
  }
  if (isCommonPassword(password)) {
    weak('common', 'this password is on a list of the most common passwords, which attackers try first; choose another');
  }
}

function weak(rule: 'too-short' | 'contains-username' | 'common', message: string): never {
  throw new AccordError('invalid', `identity.weak-password.${rule}`, message);
}

/** A random password of 24 URL-safe characters (144 bits). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
