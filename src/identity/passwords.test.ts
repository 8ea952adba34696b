import { describe, expect, it } from 'vitest';
import { isAccordError } from '../store/index.js';
import { commonPasswords, isCommonPassword } from './common-passwords.js';
import { checkPasswordPolicy, generatePassword, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword, type PasswordContext } from './passwords.js';

/** The error code checkPasswordPolicy throws, or 'ok'; and checks the message never holds the password. */
function verdict(password: string, context?: PasswordContext): string {
  try {
    checkPasswordPolicy(password, context);
    return 'ok';
  } catch (e) {
    if (!isAccordError(e)) throw e;
    expect(e.kind).toBe('invalid');
    if (password !== '') {
      expect(e.message.toLowerCase()).not.toContain(password.toLowerCase());
      expect(JSON.stringify(e.details ?? {})).not.toContain(password);
    }
    return e.code;
  }
}

describe('checkPasswordPolicy', () => {
  it('accepts a long, uncommon password', () => {
    expect(verdict('violet tractor umbrella 42')).toBe('ok');
    expect(verdict(generatePassword(), { username: 'alice' })).toBe('ok');
  });

  it(`refuses fewer than ${MIN_PASSWORD_LENGTH} characters, counted as code points`, () => {
    expect(MIN_PASSWORD_LENGTH).toBe(12);
    expect(verdict('')).toBe('identity.weak-password.too-short');
    expect(verdict('Zq8#vT2!mW9')).toBe('identity.weak-password.too-short');
    expect(verdict('Zq8#vT2!mW9x')).toBe('ok');
    // Eleven emoji are 22 UTF-16 units but 11 characters.
    expect(verdict('🦊🐙🦉🐢🦀🐝🦋🐌🦎🐍🦂')).toBe('identity.weak-password.too-short');
    expect(verdict('🦊🐙🦉🐢🦀🐝🦋🐌🦎🐍🦂🐞')).toBe('ok');
  });

  it('refuses a common password, ignoring case', () => {
    // On the list and at least 12 characters long, so the length rule does not hide them.
    for (const p of ['qwertyuiop123', '1qaz2wsx3edc', 'unbelievable', 'QWERTYUIOP123', 'Administrator']) {
      expect(verdict(p)).toBe('identity.weak-password.common');
    }
  });

  it('refuses the user name, or a password containing it, ignoring case', () => {
    expect(verdict('mariana.lopez', { username: 'mariana.lopez' })).toBe('identity.weak-password.contains-username');
    expect(verdict('Mariana.Lopez', { username: 'mariana.lopez' })).toBe('identity.weak-password.contains-username');
    expect(verdict('2024-MARIANA.LOPEZ!', { username: 'mariana.lopez' })).toBe('identity.weak-password.contains-username');
    expect(verdict('bob loves green tea', { username: 'bob' })).toBe('identity.weak-password.contains-username');
    expect(verdict('bob loves green tea', { username: 'alice' })).toBe('ok');
    expect(verdict('bob loves green tea')).toBe('ok');
  });

  it('does not look for a two-letter user name inside a password', () => {
    expect(verdict('enjoy jolly jousting', { username: 'jo' })).toBe('ok');
  });

  it('checks the rules in a fixed order: length, user name, common list', () => {
    expect(verdict('alice', { username: 'alice' })).toBe('identity.weak-password.too-short');
    expect(verdict('administrator', { username: 'admin' })).toBe('identity.weak-password.contains-username');
  });

  it('is still callable without a context (compatible with existing callers)', () => {
    expect(() => checkPasswordPolicy('a perfectly fine passphrase')).not.toThrow();
  });
});

describe('the common-password list', () => {
  it('ships at least 10,000 lower-case, distinct passwords, most common first', () => {
    const list = commonPasswords();
    expect(list.size).toBeGreaterThanOrEqual(10_000);
    const first = [...list].slice(0, 3);
    expect(first).toEqual(['123456', 'password', '12345678']);
    for (const p of list) expect(p).toBe(p.toLowerCase());
    expect(list.has('')).toBe(false);
    expect([...list].some((p) => p.startsWith('# '))).toBe(false); // the header is not a password
  });

  it('is loaded once', () => {
    expect(commonPasswords()).toBe(commonPasswords());
  });

  it('answers case-insensitively', () => {
    expect(isCommonPassword('PassWord')).toBe(true);
    expect(isCommonPassword('violet tractor umbrella 42')).toBe(false);
  });
});

describe('hashPassword and verifyPassword', () => {
  it('verify the right password only, and refuse a malformed hash', async () => {
    const phc = await hashPassword('violet tractor umbrella 42');
    expect(phc).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(phc, 'violet tractor umbrella 42')).toBe(true);
    expect(await verifyPassword(phc, 'violet tractor umbrella 43')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });

  it('generates 24-character URL-safe passwords', () => {
    expect(generatePassword()).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });
});
