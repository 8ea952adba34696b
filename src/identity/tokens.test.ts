import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashSecret, isWellFormedSecret, newSessionSecret, newToken, parseToken, tokenMatches } from './tokens.js';

const sha256hex = (s: string): string => createHash('sha256').update(s).digest('hex');

describe('newToken', () => {
  it('has the documented shape and stores only the hash of its secret', () => {
    const t = newToken();
    expect(t.token).toMatch(/^accord_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(t.tokenId).toMatch(/^[A-Za-z0-9]{12}$/);
    expect(t.token.startsWith(`accord_${t.tokenId}_`)).toBe(true);
    const secret = t.token.slice('accord_'.length + 13);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(t.secretHash).toBe(sha256hex(secret));
    expect(t.secretHash).not.toContain(secret);
  });

  it('parses back and matches its own hash', () => {
    for (let i = 0; i < 200; i++) {
      const t = newToken();
      const parsed = parseToken(t.token);
      expect(parsed?.tokenId).toBe(t.tokenId);
      expect(parsed && tokenMatches(parsed.secret, t.secretHash)).toBe(true);
    }
  });

  it('is unique, and token ids use the whole alphabet', () => {
    const tokens = Array.from({ length: 2000 }, newToken);
    expect(new Set(tokens.map((t) => t.tokenId)).size).toBe(2000);
    expect(new Set(tokens.map((t) => t.token)).size).toBe(2000);
    const chars = new Set(tokens.flatMap((t) => [...t.tokenId]));
    expect(chars.size).toBe(62);
  });
});

describe('parseToken', () => {
  const good = `accord_AbCdEfGh1234_${Buffer.alloc(32, 0xfb).toString('base64url')}`;

  it('accepts the exact format, whose secret may contain _ and -', () => {
    expect(good).toMatch(/_-|-_|[_-]{2}/);
    expect(parseToken(good)).toEqual({ tokenId: 'AbCdEfGh1234', secret: Buffer.alloc(32, 0xfb).toString('base64url') });
  });

  it.each([
    ['empty', ''],
    ['no prefix', good.slice('accord_'.length)],
    ['another prefix', good.replace('accord_', 'acord_')],
    ['upper-case prefix', good.replace('accord_', 'ACCORD_')],
    ['a short id', good.replace('AbCdEfGh1234', 'AbCdEfGh123')],
    ['a long id', good.replace('AbCdEfGh1234', 'AbCdEfGh12345')],
    ['an id with _', good.replace('AbCdEfGh1234', 'AbCdEfGh_234')],
    ['a short secret', good.slice(0, -1)],
    ['a long secret', `${good}A`],
    ['padding', `${good}=`],
    ['a standard base64 character', good.slice(0, -2) + '+w'],
    ['a non-canonical last character', good.slice(0, -1) + 'B'],
    ['leading space', ` ${good}`],
    ['trailing newline', `${good}\n`],
    ['the Bearer scheme left in', `Bearer ${good}`],
    ['non-ASCII', good.replace('A', 'Ａ')],
  ])('refuses %s', (_why, text) => {
    expect(parseToken(text)).toBeUndefined();
  });
});

describe('tokenMatches', () => {
  it('is false for another secret, a malformed or upper-case hash', () => {
    const t = newToken();
    const other = newToken();
    const secret = parseToken(t.token)?.secret ?? '';
    expect(tokenMatches(secret, t.secretHash)).toBe(true);
    expect(tokenMatches(secret, other.secretHash)).toBe(false);
    expect(tokenMatches(secret, t.secretHash.toUpperCase())).toBe(false);
    expect(tokenMatches(secret, t.secretHash.slice(1))).toBe(false);
    expect(tokenMatches(secret, '')).toBe(false);
    expect(tokenMatches(secret, `${t.secretHash.slice(0, -1)}g`)).toBe(false);
  });
});

describe('session secrets', () => {
  it('are 32 random bytes, hashed with SHA-256', () => {
    const { secret, secretHash } = newSessionSecret();
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(isWellFormedSecret(secret)).toBe(true);
    expect(secretHash).toBe(sha256hex(secret));
    expect(hashSecret(secret)).toBe(secretHash);
    expect(tokenMatches(secret, secretHash)).toBe(true);
  });

  it('differ every time', () => {
    expect(new Set(Array.from({ length: 1000 }, () => newSessionSecret().secret)).size).toBe(1000);
  });

  it.each(['', 'x', `${newSessionSecret().secret}=`, newSessionSecret().secret.slice(1), 'a'.repeat(43)])('are checked for shape: %j', (text) => {
    expect(isWellFormedSecret(text)).toBe(false);
  });
});
