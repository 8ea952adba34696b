// Passwords: argon2id with OWASP's recommended minimum (19 MiB memory, 2 passes, 1 lane),
// a minimum length, and generation of strong first passwords. (The common-password list and
// login throttling come with the identity work.)
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { AccordError } from '../store/index.js';

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

/** Throws AccordError `identity.weak-password` when the password breaks the policy. */
export function checkPasswordPolicy(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new AccordError('invalid', 'identity.weak-password', `a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  }
}

/** A random password of 24 URL-safe characters (144 bits). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
