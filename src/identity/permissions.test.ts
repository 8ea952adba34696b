import { describe, expect, it } from 'vitest';
import { can, effectiveRoles, isRole, PERMISSION_DESCRIPTIONS, PERMISSIONS, permissionsOf, ROLE_DESCRIPTIONS, ROLE_PERMISSIONS, type Permission } from './permissions.js';
import { ROLES, type Role } from './users.js';

// The expected matrix, written out by hand from issue 3's role descriptions (not derived from the
// table under test): Y = granted.
//                                    admin analyst liaison observer
const MATRIX: Readonly<Record<Permission, string>> = {
  'objects:read':                    '.     Y       Y       Y',
  'objects:write':                   '.     Y       .       .',
  'objects:share':                   '.     Y       .       .',
  'objects:export':                  '.     Y       .       .',
  'detect:run':                      '.     Y       .       .',
  'assets:manage':                   'Y     Y       .       .',
  'cases:work':                      '.     Y       .       .',
  'dialogue:participate':            '.     .       Y       .',
  'requests:manage':                 '.     .       Y       .',
  'consultations:answer':            '.     .       Y       .',
  'audit:read':                      'Y     .       .       .',
  'users:manage':                    'Y     .       .       .',
  'tokens:manage-all':               'Y     .       .       .',
  'tokens:manage-own':               'Y     Y       Y       Y',
  'peers:manage':                    'Y     .       .       .',
  'config:manage':                   'Y     .       .       .',
  'metrics:read':                    'Y     .       .       Y',
  'account:manage-own':              'Y     Y       Y       Y',
};
const COLUMNS: readonly Role[] = ['admin', 'analyst', 'liaison', 'observer'];
const expected = (role: Role, p: Permission): boolean => MATRIX[p].split(/\s+/)[COLUMNS.indexOf(role)] === 'Y';

describe('the role → permission table', () => {
  const cases = ROLES.flatMap((role) => PERMISSIONS.map((p) => [role, p, expected(role, p)] as const));
  it.each(cases)('%s has %s: %s', (role, permission, granted) => {
    expect(can([role], permission)).toBe(granted);
    expect(permissionsOf([role]).has(permission)).toBe(granted);
  });

  it('has exactly the roles of users.ts and the matrix columns', () => {
    expect([...ROLES].sort()).toEqual([...COLUMNS].sort());
    expect(Object.keys(ROLE_PERMISSIONS).sort()).toEqual([...ROLES].sort());
  });

  it.each(ROLES)('%s has at least one permission and lacks at least one', (role) => {
    const has = permissionsOf([role]);
    expect(has.size).toBeGreaterThan(0);
    expect(PERMISSIONS.some((p) => !has.has(p))).toBe(true);
  });

  it('grants every permission to some role (no dead vocabulary) and lists none twice', () => {
    for (const p of PERMISSIONS) expect(ROLES.some((r) => can([r], p))).toBe(true);
    expect(new Set(PERMISSIONS).size).toBe(PERMISSIONS.length);
    for (const r of ROLES) expect(new Set(ROLE_PERMISSIONS[r]).size).toBe(ROLE_PERMISSIONS[r].length);
  });

  it('keeps admin out of intelligence (least privilege) and observer out of every write', () => {
    for (const p of ['objects:read', 'objects:write', 'objects:share', 'objects:export', 'cases:work', 'dialogue:participate'] as const) {
      expect(can(['admin'], p)).toBe(false);
    }
    expect([...permissionsOf(['observer'])].sort()).toEqual(['account:manage-own', 'metrics:read', 'objects:read', 'tokens:manage-own']);
  });

  it('describes every permission and role', () => {
    for (const p of PERMISSIONS) expect(PERMISSION_DESCRIPTIONS[p].length).toBeGreaterThan(10);
    for (const r of ROLES) expect(ROLE_DESCRIPTIONS[r].length).toBeGreaterThan(5);
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(ROLE_PERMISSIONS)).toBe(true);
    for (const r of ROLES) expect(Object.isFrozen(ROLE_PERMISSIONS[r])).toBe(true);
    expect(() => (ROLE_PERMISSIONS.observer as Permission[]).push('users:manage')).toThrow(TypeError);
  });
});

describe('permissionsOf and can', () => {
  it('take the union of several roles', () => {
    const both = permissionsOf(['admin', 'analyst']);
    expect(both.has('users:manage')).toBe(true);
    expect(both.has('objects:write')).toBe(true);
    expect(both.has('dialogue:participate')).toBe(false);
    expect(can(['observer', 'liaison'], 'consultations:answer')).toBe(true);
  });

  it('grant nothing for no roles or unknown roles', () => {
    expect(permissionsOf([]).size).toBe(0);
    expect(permissionsOf(['root', 'Admin', 'ADMIN', '']).size).toBe(0);
    for (const p of PERMISSIONS) {
      expect(can([], p)).toBe(false);
      expect(can(['superuser'], p)).toBe(false);
    }
  });

  it('accept any iterable of roles', () => {
    expect(can(new Set(['analyst']), 'detect:run')).toBe(true);
  });
});

describe('isRole and effectiveRoles', () => {
  it('recognise exactly the four roles', () => {
    expect(ROLES.every(isRole)).toBe(true);
    expect(isRole('Admin')).toBe(false);
    expect(isRole('toString')).toBe(false);
  });

  it('limit a token to the roles its owner still holds', () => {
    expect(effectiveRoles(['analyst', 'observer'], ['analyst'])).toEqual(['analyst']);
    expect(effectiveRoles(['observer'], ['analyst', 'observer'])).toEqual(['observer']); // owner lost analyst
    expect(effectiveRoles(['admin', 'analyst'], ['observer'])).toEqual([]); // never gains a role
    expect(effectiveRoles(['analyst'], ['analyst', 'analyst', 'bogus'])).toEqual(['analyst']);
  });
});
