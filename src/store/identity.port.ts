// The storage port for accounts, API tokens and web sessions. Secrets never reach the store in
// a usable form: passwords are argon2id hashes, token and session secrets SHA-256 hashes, TOTP
// secrets encrypted by the identity area (opaque text here).

export interface UserRecord {
  readonly id: string;
  readonly username: string;
  /** argon2id PHC string; null for a user who signs in only through the member's identity provider. */
  readonly passwordHash: string | null;
  readonly roles: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly disabled: boolean;
  /** When the account was locked after too many failed sign-ins; null when it is not locked. */
  readonly lockedAt: string | null;
  /** Consecutive failed sign-ins since the last success or unlock. */
  readonly failedLogins: number;
  /** The TOTP secret, encrypted by the identity area; null when the user has no second factor. */
  readonly totpSecret: string | null;
  /** The last TOTP time step accepted, so a code cannot be replayed. */
  readonly totpLastStep: number | null;
  /** `issuer|subject` of the linked OpenID Connect identity, if any. */
  readonly oidcSubject: string | null;
}

/** The fields of a user that may change. */
export type UserPatch = Partial<Omit<UserRecord, 'id' | 'username' | 'createdAt'>>;

export interface UserRepository {
  /** Creates a user; throws AccordError `store.user-exists` when the username (or OIDC subject) is taken. */
  create(user: UserRecord): Promise<void>;
  findByUsername(username: string): Promise<UserRecord | undefined>;
  findById(id: string): Promise<UserRecord | undefined>;
  findByOidcSubject(subject: string): Promise<UserRecord | undefined>;
  /** Every user, by username. */
  list(): Promise<UserRecord[]>;
  /** Changes a user and returns the result; throws AccordError `store.user-not-found`. */
  update(id: string, patch: UserPatch): Promise<UserRecord>;
  /** Adds one failed sign-in atomically (several processes may count at once) and returns the new count. */
  recordFailedLogin(id: string, at: string): Promise<number>;
  count(): Promise<number>;
  /** The user's web preferences; every field null when none were saved. */
  preferences(id: string): Promise<UserPreferences>;
  /** Saves the given preferences (the others stay as they are) and returns them all. */
  setPreferences(id: string, patch: Partial<UserPreferences>): Promise<UserPreferences>;
}

/** What the web app remembers per user, on the server so that it follows the user from one browser to another. */
export interface UserPreferences {
  /** The interface language (a BCP 47 tag the web app offers); null: the browser's. */
  readonly language: string | null;
  /** When the user last opened the dashboard: "new since my last visit" counts from it. */
  readonly lastVisitAt: string | null;
}

/** An API token. Only the hash of its secret is kept. */
export interface TokenRecord {
  /** The public part of the token, used to find it. */
  readonly id: string;
  readonly name: string;
  readonly userId: string;
  /** The roles the token acts with: a subset of its user's roles. */
  readonly roles: readonly string[];
  readonly secretHash: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
  /** The most this token may receive from a device feed (a TLP level below RED); null: no ceiling of its own. */
  readonly tlpCeiling: string | null;
}

export interface TokenRepository {
  create(token: TokenRecord): Promise<void>;
  find(id: string): Promise<TokenRecord | undefined>;
  /** Tokens of one user, or of every user; newest first. */
  list(userId?: string): Promise<TokenRecord[]>;
  /** Revokes a token; false when it does not exist or was already revoked. */
  revoke(id: string, at: string): Promise<boolean>;
  /** Records a use. */
  touch(id: string, at: string): Promise<void>;
}

/** A web session. The session secret and its CSRF token are kept hashed. */
export interface SessionRecord {
  readonly idHash: string;
  readonly userId: string;
  readonly csrfHash: string;
  readonly createdAt: string;
  readonly lastSeenAt: string;
  /** The absolute end of the session, whatever its activity. */
  readonly expiresAt: string;
  readonly revokedAt: string | null;
}

export interface SessionRepository {
  create(session: SessionRecord): Promise<void>;
  find(idHash: string): Promise<SessionRecord | undefined>;
  touch(idHash: string, at: string): Promise<void>;
  /** Ends one session; false when it was unknown or already ended. */
  revoke(idHash: string, at: string): Promise<boolean>;
  /** Ends every open session of a user (password reset, disable, role change); returns how many. */
  revokeForUser(userId: string, at: string): Promise<number>;
}
