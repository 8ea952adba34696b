// Accounts, API tokens and web sessions in PostgreSQL.
import type pg from 'pg';
import { AccordError } from '../../stix/index.js';
import type {
  SessionRecord, SessionRepository, TokenRecord, TokenRepository, UserPatch, UserPreferences, UserRecord, UserRepository,
} from '../identity.port.js';

interface UserRow {
  id: string; username: string; password_hash: string | null; roles: string[]; created_at: string; updated_at: string;
  disabled: boolean; locked_at: string | null; failed_logins: number; totp_secret: string | null;
  totp_last_step: string | null; oidc_subject: string | null;
}

function user(r: UserRow): UserRecord {
  return {
    id: r.id, username: r.username, passwordHash: r.password_hash, roles: r.roles, createdAt: r.created_at,
    updatedAt: r.updated_at, disabled: r.disabled, lockedAt: r.locked_at, failedLogins: r.failed_logins,
    totpSecret: r.totp_secret, totpLastStep: r.totp_last_step === null ? null : Number(r.totp_last_step), oidcSubject: r.oidc_subject,
  };
}

/** Column ← field, for the fields of a user that may change. */
const USER_COLUMNS: Readonly<Record<keyof UserPatch, string>> = {
  passwordHash: 'password_hash', roles: 'roles', updatedAt: 'updated_at', disabled: 'disabled', lockedAt: 'locked_at',
  failedLogins: 'failed_logins', totpSecret: 'totp_secret', totpLastStep: 'totp_last_step', oidcSubject: 'oidc_subject',
};

const isUniqueViolation = (e: unknown): boolean => (e as { code?: unknown }).code === '23505';

export class PgUsers implements UserRepository {
  constructor(private readonly pool: pg.Pool) {}

  async create(u: UserRecord): Promise<void> {
    try {
      await this.pool.query(
        `INSERT INTO users (id, username, password_hash, roles, created_at, updated_at, disabled, locked_at, failed_logins,
                            totp_secret, totp_last_step, oidc_subject)
         VALUES ($1, $2, $3, $4::text[], $5, $6, $7, $8, $9, $10, $11, $12)`,
        [u.id, u.username, u.passwordHash, u.roles, u.createdAt, u.updatedAt, u.disabled, u.lockedAt, u.failedLogins,
          u.totpSecret, u.totpLastStep, u.oidcSubject],
      );
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw new AccordError('conflict', 'store.user-exists', `a user named ${u.username} (or with the same identity-provider subject) already exists`);
      }
      throw e;
    }
  }

  private async one(where: string, value: string): Promise<UserRecord | undefined> {
    const r = (await this.pool.query<UserRow>(`SELECT * FROM users WHERE ${where} = $1`, [value])).rows[0];
    return r === undefined ? undefined : user(r);
  }

  findByUsername(username: string): Promise<UserRecord | undefined> {
    return this.one('username', username);
  }

  findById(id: string): Promise<UserRecord | undefined> {
    return this.one('id', id);
  }

  findByOidcSubject(subject: string): Promise<UserRecord | undefined> {
    return this.one('oidc_subject', subject);
  }

  async list(): Promise<UserRecord[]> {
    return (await this.pool.query<UserRow>('SELECT * FROM users ORDER BY username COLLATE "C"')).rows.map(user);
  }

  async update(id: string, patch: UserPatch): Promise<UserRecord> {
    const keys = (Object.keys(patch) as (keyof UserPatch)[]).filter((k) => patch[k] !== undefined);
    const values: unknown[] = keys.map((k) => patch[k]);
    const sets = keys.map((k, i) => `${USER_COLUMNS[k]} = $${i + 1}${k === 'roles' ? '::text[]' : ''}`);
    const sql = sets.length > 0
      ? `UPDATE users SET ${sets.join(', ')} WHERE id = $${keys.length + 1} RETURNING *`
      : 'SELECT * FROM users WHERE id = $1';
    const r = (await this.pool.query<UserRow>(sql, [...values, id])).rows[0];
    if (r === undefined) throw new AccordError('not-found', 'store.user-not-found', `no user with id ${id}`);
    return user(r);
  }

  async recordFailedLogin(id: string, at: string): Promise<number> {
    const r = (await this.pool.query<{ failed_logins: number }>(
      'UPDATE users SET failed_logins = failed_logins + 1, updated_at = $1 WHERE id = $2 RETURNING failed_logins', [at, id])).rows[0];
    if (r === undefined) throw new AccordError('not-found', 'store.user-not-found', `no user with id ${id}`);
    return r.failed_logins;
  }

  async preferences(id: string): Promise<UserPreferences> {
    const r = (await this.pool.query<{ language: string | null; last_visit_at: string | null }>(
      'SELECT p.language, p.last_visit_at FROM users u LEFT JOIN user_preferences p ON p.user_id = u.id WHERE u.id = $1', [id])).rows[0];
    if (r === undefined) throw new AccordError('not-found', 'store.user-not-found', `no user with id ${id}`);
    return { language: r.language, lastVisitAt: r.last_visit_at };
  }

  async setPreferences(id: string, patch: Partial<UserPreferences>): Promise<UserPreferences> {
    // One statement writes: a flag per field says whether the patch sets it (null clears it).
    await this.pool.query(
      `INSERT INTO user_preferences (user_id, language, last_visit_at) SELECT id, $3::text, $5::text FROM users WHERE id = $1
       ON CONFLICT (user_id) DO UPDATE SET
         language = CASE WHEN $2::boolean THEN excluded.language ELSE user_preferences.language END,
         last_visit_at = CASE WHEN $4::boolean THEN excluded.last_visit_at ELSE user_preferences.last_visit_at END`,
      [id, patch.language !== undefined, patch.language ?? null, patch.lastVisitAt !== undefined, patch.lastVisitAt ?? null]);
    return this.preferences(id);
  }

  async count(): Promise<number> {
    return Number((await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM users')).rows[0]?.n ?? 0);
  }
}

interface TokenRow {
  id: string; name: string; user_id: string; roles: string[]; secret_hash: string; created_at: string;
  expires_at: string | null; revoked_at: string | null; last_used_at: string | null; tlp_ceiling: string | null;
}

function token(r: TokenRow): TokenRecord {
  return {
    id: r.id, name: r.name, userId: r.user_id, roles: r.roles, secretHash: r.secret_hash, createdAt: r.created_at,
    expiresAt: r.expires_at, revokedAt: r.revoked_at, lastUsedAt: r.last_used_at, tlpCeiling: r.tlp_ceiling,
  };
}

export class PgTokens implements TokenRepository {
  constructor(private readonly pool: pg.Pool) {}

  async create(t: TokenRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO tokens (id, name, user_id, roles, secret_hash, created_at, expires_at, revoked_at, last_used_at, tlp_ceiling)
       VALUES ($1, $2, $3, $4::text[], $5, $6, $7, $8, $9, $10)`,
      [t.id, t.name, t.userId, t.roles, t.secretHash, t.createdAt, t.expiresAt, t.revokedAt, t.lastUsedAt, t.tlpCeiling],
    );
  }

  async find(id: string): Promise<TokenRecord | undefined> {
    const r = (await this.pool.query<TokenRow>({ name: 'accord-token-find', text: 'SELECT * FROM tokens WHERE id = $1', values: [id] })).rows[0];
    return r === undefined ? undefined : token(r);
  }

  async list(userId?: string): Promise<TokenRecord[]> {
    const res = userId === undefined
      ? await this.pool.query<TokenRow>('SELECT * FROM tokens ORDER BY created_at DESC, id')
      : await this.pool.query<TokenRow>('SELECT * FROM tokens WHERE user_id = $1 ORDER BY created_at DESC, id', [userId]);
    return res.rows.map(token);
  }

  async revoke(id: string, at: string): Promise<boolean> {
    return ((await this.pool.query('UPDATE tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id])).rowCount ?? 0) === 1;
  }

  async touch(id: string, at: string): Promise<void> {
    await this.pool.query('UPDATE tokens SET last_used_at = $1 WHERE id = $2', [at, id]);
  }
}

interface SessionRow {
  id_hash: string; user_id: string; csrf_hash: string; created_at: string; last_seen_at: string; expires_at: string; revoked_at: string | null;
}

function session(r: SessionRow): SessionRecord {
  return {
    idHash: r.id_hash, userId: r.user_id, csrfHash: r.csrf_hash, createdAt: r.created_at, lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at, revokedAt: r.revoked_at,
  };
}

export class PgSessions implements SessionRepository {
  constructor(private readonly pool: pg.Pool) {}

  async create(s: SessionRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO sessions (id_hash, user_id, csrf_hash, created_at, last_seen_at, expires_at, revoked_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [s.idHash, s.userId, s.csrfHash, s.createdAt, s.lastSeenAt, s.expiresAt, s.revokedAt],
    );
  }

  async find(idHash: string): Promise<SessionRecord | undefined> {
    const r = (await this.pool.query<SessionRow>('SELECT * FROM sessions WHERE id_hash = $1', [idHash])).rows[0];
    return r === undefined ? undefined : session(r);
  }

  async touch(idHash: string, at: string): Promise<void> {
    await this.pool.query('UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2', [at, idHash]);
  }

  async revoke(idHash: string, at: string): Promise<boolean> {
    return ((await this.pool.query('UPDATE sessions SET revoked_at = $1 WHERE id_hash = $2 AND revoked_at IS NULL', [at, idHash])).rowCount ?? 0) === 1;
  }

  async revokeForUser(userId: string, at: string): Promise<number> {
    return (await this.pool.query('UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL', [at, userId])).rowCount ?? 0;
  }
}
