// What Accord takes from an OpenID Connect identity, and how the identity provider's groups become
// Accord roles. Pure functions: the relying party (oidc.ts) extracts, the identity service maps
// (docs/decisions/0011-oidc.md).
//
// Claims are read by name at the top level first, because providers name custom claims with URLs
// (`https://accord.example/roles`) whose dots are not paths; only when no such member exists is
// a dotted name followed as a path (Keycloak's `realm_access.roles`).
import { ROLES, type Role } from './users.js';

/** An identity the member's identity provider vouched for (ID token, then UserInfo). */
export interface OidcIdentity {
  /** The ID token's `iss`, exactly as the provider writes it. */
  readonly issuer: string;
  /** The ID token's `sub`: stable and unique within the issuer. */
  readonly subject: string;
  /** The configured username claim (default `preferred_username`), when present. */
  readonly username?: string;
  readonly email?: string;
  /** The values of the configured role claim; undefined when no role claim is configured. */
  readonly groups?: readonly string[];
}

/** Identity-provider group (a value of the role claim) → the Accord roles it gives. */
export type OidcRoleMap = Readonly<Record<string, readonly Role[]>>;

/** How the identity service treats identities from the provider. */
export interface OidcAccountPolicy {
  /** Create an account for an unknown identity (needs `roleMap`). Default false. */
  readonly autoCreate?: boolean;
  /**
   * Link an unknown identity to the local account of the same user name on first sign-in.
   * Default false: `preferred_username` is not a stable or unique identifier (OIDC Core §5.7).
   */
  readonly linkByUsername?: boolean;
  /**
   * When set, the provider decides roles: they are recomputed from the role claim at every
   * OIDC sign-in, and an identity whose groups map to no role is refused.
   */
  readonly roleMap?: OidcRoleMap;
}

/** The key an account's `oidcSubject` holds: `issuer|subject`. */
export function oidcSubjectKey(identity: Pick<OidcIdentity, 'issuer' | 'subject'>): string {
  return `${identity.issuer}|${identity.subject}`;
}

/** A claim's value by name, or by dotted path when no member has that exact name. */
export function claimValue(claims: Readonly<Record<string, unknown>>, name: string): unknown {
  if (Object.hasOwn(claims, name)) return claims[name];
  if (!name.includes('.')) return undefined;
  let here: unknown = claims;
  for (const part of name.split('.')) {
    if (here === null || typeof here !== 'object' || Array.isArray(here) || !Object.hasOwn(here, part)) return undefined;
    here = (here as Record<string, unknown>)[part];
  }
  return here;
}

/** A claim as a list of strings: a string is one value, an array keeps its strings, anything else is none. */
export function claimStrings(claims: Readonly<Record<string, unknown>>, name: string): string[] {
  const v = claimValue(claims, name);
  if (typeof v === 'string') return v === '' ? [] : [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x !== '');
  return [];
}

/** A claim as one non-empty string, or undefined. */
export function claimString(claims: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const v = claimValue(claims, name);
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** The Accord roles the groups map to, in the canonical role order (empty when none maps). */
export function mapRoles(groups: readonly string[] | undefined, roleMap: OidcRoleMap): Role[] {
  const given = new Set<Role>();
  for (const g of groups ?? []) for (const r of Object.hasOwn(roleMap, g) ? roleMap[g] ?? [] : []) given.add(r);
  return ROLES.filter((r) => given.has(r));
}
