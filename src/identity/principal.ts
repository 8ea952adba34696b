// Who is making a request, once authenticated: a user (through a web session or HTTP Basic) or
// an API token acting for a user with a subset of that user's roles.

/** How the principal proved who it is. */
export type AuthMethod = 'session' | 'token' | 'basic';

export interface Principal {
  readonly userId: string;
  readonly username: string;
  /** The roles in force for this request: the user's, or the token's subset of them. */
  readonly roles: readonly string[];
  readonly via: AuthMethod;
  /** Set when the principal is an API token. */
  readonly tokenId?: string;
  /** Set for a web session: the stored hash of its secret and of its CSRF token. */
  readonly session?: { readonly idHash: string; readonly csrfHash: string };
  /** An administrator who must enrol a second factor before doing anything else. */
  readonly mustEnrolTotp?: boolean;
  /**
   * Set for an API token with a TLP ceiling: a device-feed token (docs/decisions/0025), which may
   * fetch device feeds up to this level and nothing else.
   */
  readonly tlpCeiling?: string;
}

/**
 * The TLP ceilings a token may have: the TLP 2.0 levels a device feed may carry (RED never does).
 * Written out here because the identity area does not import the STIX core.
 */
export const TOKEN_TLP_CEILINGS = ['clear', 'green', 'amber', 'amber+strict'] as const;

/** The actor name the audit log records for a principal. */
export function actorOf(p: Principal | null | undefined): string {
  if (p === null || p === undefined) return 'anonymous';
  return p.tokenId !== undefined ? `user:${p.username}/token:${p.tokenId}` : `user:${p.username}`;
}
