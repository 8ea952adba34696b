import { describe, expect, it } from 'vitest';
import { claimString, claimStrings, claimValue, mapRoles, oidcSubjectKey } from './oidc-claims.js';

describe('OIDC claims', () => {
  const claims = {
    sub: 'u1', preferred_username: '  Alice ', groups: ['cert-analysts', 7, '', 'ops'], role: 'observers',
    'https://accord.example/roles': ['cert-leads'], realm_access: { roles: ['cert-admins'] }, 'a.b': 'top', a: { b: 'nested' },
  };

  it('reads a claim by exact name first, then as a dotted path', () => {
    expect(claimStrings(claims, 'https://accord.example/roles')).toEqual(['cert-leads']);
    expect(claimStrings(claims, 'realm_access.roles')).toEqual(['cert-admins']);
    expect(claimValue(claims, 'a.b')).toBe('top');
    expect(claimValue(claims, 'realm_access.nothing')).toBeUndefined();
    expect(claimValue(claims, 'toString')).toBeUndefined();
  });

  it('keeps only non-empty strings of a list, and takes a single string as one value', () => {
    expect(claimStrings(claims, 'groups')).toEqual(['cert-analysts', 'ops']);
    expect(claimStrings(claims, 'role')).toEqual(['observers']);
    expect(claimStrings(claims, 'missing')).toEqual([]);
    expect(claimString(claims, 'preferred_username')).toBe('Alice');
    expect(claimString(claims, 'groups')).toBeUndefined();
  });

  it('maps groups to roles in the canonical order, ignoring unmapped groups', () => {
    const map = { 'cert-analysts': ['analyst'], 'cert-leads': ['liaison', 'analyst'], toString: ['admin'] } as const;
    expect(mapRoles(['cert-leads', 'cert-analysts', 'visitors'], map)).toEqual(['analyst', 'liaison']);
    expect(mapRoles(['visitors'], map)).toEqual([]);
    expect(mapRoles(undefined, map)).toEqual([]);
    expect(mapRoles(['constructor', '__proto__'], { 'cert-analysts': ['analyst'] })).toEqual([]);
  });

  it('keys an identity by issuer and subject', () => {
    expect(oidcSubjectKey({ issuer: 'https://idp.example', subject: 'u1' })).toBe('https://idp.example|u1');
  });
});
