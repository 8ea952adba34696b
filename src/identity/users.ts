// Creating accounts. Roles are the four the mechanism knows; a user holds one or more.
import { randomUUID } from 'node:crypto';
import { AccordError, type Store, type UserRecord } from '../store/index.js';
import { checkPasswordPolicy, hashPassword } from './passwords.js';

export const ROLES = ['admin', 'analyst', 'liaison', 'observer'] as const;
export type Role = (typeof ROLES)[number];

const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/** True when `name` is a valid user name (2–64 characters: lowercase letters, digits, '.', '_', '-'). */
export function isValidUsername(name: string): boolean {
  return USERNAME_RE.test(name);
}

export interface NewUser {
  readonly username: string;
  readonly password: string;
  readonly roles: readonly Role[];
}

/** Creates a user after checking the name, the roles and the password policy. */
export async function createUser(store: Store, u: NewUser): Promise<UserRecord> {
  if (!isValidUsername(u.username)) {
    throw new AccordError('invalid', 'identity.bad-username', `"${u.username}" is not a valid user name: 2–64 characters, lowercase letters, digits, '.', '_' or '-', starting with a letter or digit`);
  }
  if (u.roles.length === 0 || u.roles.some((r) => !ROLES.includes(r))) {
    throw new AccordError('invalid', 'identity.bad-roles', `roles must be one or more of ${ROLES.join(', ')}`);
  }
  checkPasswordPolicy(u.password, { username: u.username });
  const now = new Date().toISOString();
  const record: UserRecord = {
    id: randomUUID(),
    username: u.username,
    passwordHash: await hashPassword(u.password),
    roles: [...new Set(u.roles)],
    createdAt: now,
    updatedAt: now,
    disabled: false,
    lockedAt: null,
    failedLogins: 0,
    totpSecret: null,
    totpLastStep: null,
    oidcSubject: null,
  };
  await store.users.create(record);
  return record;
}
