// The permission vocabulary and the fixed role → permission table (issue 3, "Accounts and roles").
// Routes declare one permission each; `can` is the only place that decides whether a set of roles
// grants it. The table follows least privilege: a role gets what its description in the issue
// names and nothing more, so `admin` runs the node (users, tokens, peers, configuration, audit)
// but reads no intelligence unless the person also holds `analyst` or `observer`; a user's
// permissions are the union of their roles'.
// ROLES belongs here, with the table it keys; it stays in users.ts until that file moves it.
import { ROLES, type Role } from './users.js';

export const PERMISSIONS = [
  'objects:read',
  'objects:write',
  'objects:share',
  'objects:export',
  'detect:run',
  'assets:manage',
  'cases:work',
  'dialogue:participate',
  'requests:manage',
  'consultations:answer',
  'audit:read',
  'users:manage',
  'tokens:manage-all',
  'tokens:manage-own',
  'peers:manage',
  'config:manage',
  'metrics:read',
  'account:manage-own',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What each permission allows, in the words the API documentation and the CLI show. */
export const PERMISSION_DESCRIPTIONS: Readonly<Record<Permission, string>> = Object.freeze({
  'objects:read': 'read intelligence: objects, versions, collections, search, TAXII reads',
  'objects:write': 'create, import, version and revoke objects; TAXII writes',
  'objects:share': 'share objects with partner members (share records)',
  'objects:export': 'export objects in bulk (STIX bundles, MISP, feeds)',
  'detect:run': 'run detection, and acknowledge, resolve or dismiss the alerts it and the asset watch raise',
  'assets:manage': 'register, change, import and remove the critical information infrastructure assets the watch looks after',
  'cases:work': 'open joint cases and work in them',
  'dialogue:participate': 'take part in channels with partner members',
  'requests:manage': 'send and answer requests for assistance on behalf of the member',
  'consultations:answer': 'answer consultations on behalf of the member',
  'audit:read': 'read and export the audit log',
  'users:manage': 'create, disable, unlock users, reset passwords, change roles',
  'tokens:manage-all': "list and revoke every user's API tokens",
  'tokens:manage-own': 'create, list and revoke one’s own API tokens (never beyond one’s roles)',
  'peers:manage': 'add, change and remove peer nodes',
  'config:manage': "change the node's configuration",
  'metrics:read': "read the node's operational metrics (Prometheus)",
  'account:manage-own': 'change one’s own password and second factor, see and end one’s own sessions',
});

/** Every account may look after itself; these come with any role. */
const SELF: readonly Permission[] = ['account:manage-own', 'tokens:manage-own'];

/** The fixed table. Read it as the policy: it is not derived from anything. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = Object.freeze({
  admin: grant('users:manage', 'tokens:manage-all', 'peers:manage', 'config:manage', 'audit:read', 'metrics:read', 'assets:manage'),
  analyst: grant('objects:read', 'objects:write', 'objects:share', 'objects:export', 'detect:run', 'assets:manage', 'cases:work'),
  liaison: grant('objects:read', 'dialogue:participate', 'requests:manage', 'consultations:answer'),
  // Observer also reads the metrics, so that Prometheus can scrape with an observer's token instead of an administrator's.
  observer: grant('objects:read', 'metrics:read'),
});

/** What each role is for, for help texts. */
export const ROLE_DESCRIPTIONS: Readonly<Record<Role, string>> = Object.freeze({
  admin: 'runs the node: users, tokens, peers, configuration, audit log, metrics, the asset registry (no intelligence without another role)',
  analyst: 'creates, imports, shares and exports intelligence; runs detection; keeps the asset registry; works in cases',
  liaison: 'dialogue, requests for assistance and consultations on behalf of the member; reads intelligence',
  observer: "reads intelligence and the node's operational metrics",
});

function grant(...permissions: Permission[]): readonly Permission[] {
  return Object.freeze([...SELF, ...permissions]);
}

/** True when `value` is one of the four roles. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The union of the permissions of `roles`; unknown role names (e.g. from an old record) grant nothing. */
export function permissionsOf(roles: Iterable<string>): ReadonlySet<Permission> {
  const out = new Set<Permission>();
  for (const role of roles) {
    if (isRole(role)) for (const p of ROLE_PERMISSIONS[role]) out.add(p);
  }
  return out;
}

/** True when any of `roles` grants `permission`. */
export function can(roles: Iterable<string>, permission: Permission): boolean {
  for (const role of roles) {
    if (isRole(role) && ROLE_PERMISSIONS[role].includes(permission)) return true;
  }
  return false;
}

/**
 * The roles an API token acts with: those it was created with that its owner still holds, so a
 * token never outlives a role its owner lost, nor gains one the owner got later.
 */
export function effectiveRoles(ownerRoles: Iterable<string>, tokenRoles: Iterable<string>): Role[] {
  const owner = new Set(ownerRoles);
  return [...new Set(tokenRoles)].filter((r): r is Role => isRole(r) && owner.has(r));
}
