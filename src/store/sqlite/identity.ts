// Accounts, API tokens and web sessions in SQLite.
import type Database from 'better-sqlite3';
import { AccordError } from '../../stix/index.js';
import type {
  SessionRecord, SessionRepository, TokenRecord, TokenRepository, UserPatch, UserPreferences, UserRecord, UserRepository,
} from '../identity.port.js';
import { settle } from './objects.js';

interface UserRow {
  id: string; username: string; password_hash: string | null; roles: string; created_at: string; updated_at: string;
  disabled: number; locked_at: string | null; failed_logins: number; totp_secret: string | null;
  totp_last_step: number | null; oidc_subject: string | null;
}

function user(r: UserRow): UserRecord {
  return {
    id: r.id, username: r.username, passwordHash: r.password_hash, roles: JSON.parse(r.roles) as string[],
    createdAt: r.created_at, updatedAt: r.updated_at, disabled: r.disabled === 1, lockedAt: r.locked_at,
    failedLogins: r.failed_logins, totpSecret: r.totp_secret, totpLastStep: r.totp_last_step, oidcSubject: r.oidc_subject,
  };
}

/** Column ← field, for the fields of a user that may change. */
const USER_COLUMNS: Readonly<Record<keyof UserPatch, string>> = {
  passwordHash: 'password_hash', roles: 'roles', updatedAt: 'updated_at', disabled: 'disabled', lockedAt: 'locked_at',
  failedLogins: 'failed_logins', totpSecret: 'totp_secret', totpLastStep: 'totp_last_step', oidcSubject: 'oidc_subject',
};

function columnValue(key: keyof UserPatch, value: unknown): unknown {
  if (key === 'roles') return JSON.stringify(value);
  if (key === 'disabled') return value === true ? 1 : 0;
  return value;
}

export class SqliteUsers implements UserRepository {
  constructor(private readonly db: Database.Database) {}

  create(u: UserRecord): Promise<void> {
    return settle(() => {
      try {
        this.db.prepare(`INSERT INTO users (id, username, password_hash, roles, created_at, updated_at, disabled, locked_at,
                           failed_logins, totp_secret, totp_last_step, oidc_subject) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
          .run(u.id, u.username, u.passwordHash, JSON.stringify(u.roles), u.createdAt, u.updatedAt, u.disabled ? 1 : 0,
            u.lockedAt, u.failedLogins, u.totpSecret, u.totpLastStep, u.oidcSubject);
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
          throw new AccordError('conflict', 'store.user-exists', `a user named ${u.username} (or with the same identity-provider subject) already exists`);
        }
        throw e;
      }
    });
  }

  private one(where: string, value: string): Promise<UserRecord | undefined> {
    return settle(() => {
      const r = this.db.prepare(`SELECT * FROM users WHERE ${where} = ?`).get(value) as UserRow | undefined;
      return r === undefined ? undefined : user(r);
    });
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

  list(): Promise<UserRecord[]> {
    return settle(() => (this.db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[]).map(user));
  }

  update(id: string, patch: UserPatch): Promise<UserRecord> {
    return settle(() => {
      const keys = (Object.keys(patch) as (keyof UserPatch)[]).filter((k) => patch[k] !== undefined);
      if (keys.length > 0) {
        const sets = keys.map((k) => `${USER_COLUMNS[k]} = ?`).join(', ');
        this.db.prepare(`UPDATE users SET ${sets} WHERE id = ?`).run(...keys.map((k) => columnValue(k, patch[k])), id);
      }
      const r = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
      if (r === undefined) throw new AccordError('not-found', 'store.user-not-found', `no user with id ${id}`);
      return user(r);
    });
  }

  recordFailedLogin(id: string, at: string): Promise<number> {
    return settle(() => {
      const r = this.db.prepare('UPDATE users SET failed_logins = failed_logins + 1, updated_at = ? WHERE id = ? RETURNING failed_logins')
        .get(at, id) as { failed_logins: number } | undefined;
      if (r === undefined) throw new AccordError('not-found', 'store.user-not-found', `no user with id ${id}`);
      return r.failed_logins;
    });
  }

  count(): Promise<number> {
    return settle(() => (this.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n);
  }

  preferences(id: string): Promise<UserPreferences> {
    return settle(() => this.readPreferences(id));
  }

  setPreferences(id: string, patch: Partial<UserPreferences>): Promise<UserPreferences> {
    return settle(() => this.db.transaction(() => {
      const now = this.readPreferences(id);
      const next: UserPreferences = {
        language: patch.language !== undefined ? patch.language : now.language,
        lastVisitAt: patch.lastVisitAt !== undefined ? patch.lastVisitAt : now.lastVisitAt,
      };
      this.db.prepare(`INSERT INTO user_preferences (user_id, language, last_visit_at) VALUES (?, ?, ?)
                       ON CONFLICT (user_id) DO UPDATE SET language = excluded.language, last_visit_at = excluded.last_visit_at`)
        .run(id, next.language, next.lastVisitAt);
      return next;
    })());
  }

  private readPreferences(id: string): UserPreferences {
    if (this.db.prepare('SELECT 1 FROM users WHERE id = ?').get(id) === undefined) {
      throw new AccordError('not-found', 'store.user-not-found', `no user with id ${id}`);
    }
    const r = this.db.prepare('SELECT language, last_visit_at FROM user_preferences WHERE user_id = ?').get(id) as
      { language: string | null; last_visit_at: string | null } | undefined;
    return { language: r?.language ?? null, lastVisitAt: r?.last_visit_at ?? null };
  }
}

interface TokenRow {
  id: string; name: string; user_id: string; roles: string; secret_hash: string; created_at: string;
  expires_at: string | null; revoked_at: string | null; last_used_at: string | null; tlp_ceiling: string | null;
}

function token(r: TokenRow): TokenRecord {
  return {
    id: r.id, name: r.name, userId: r.user_id, roles: JSON.parse(r.roles) as string[], secretHash: r.secret_hash,
    createdAt: r.created_at, expiresAt: r.expires_at, revokedAt: r.revoked_at, lastUsedAt: r.last_used_at, tlpCeiling: r.tlp_ceiling,
  };
}

export class SqliteTokens implements TokenRepository {
  private readonly findStmt;

  constructor(private readonly db: Database.Database) {
    this.findStmt = db.prepare<[string], TokenRow>('SELECT * FROM tokens WHERE id = ?');
  }

  create(t: TokenRecord): Promise<void> {
    return settle(() => {
      this.db.prepare(`INSERT INTO tokens (id, name, user_id, roles, secret_hash, created_at, expires_at, revoked_at, last_used_at, tlp_ceiling)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(t.id, t.name, t.userId, JSON.stringify(t.roles), t.secretHash, t.createdAt, t.expiresAt, t.revokedAt, t.lastUsedAt, t.tlpCeiling);
    });
  }

  find(id: string): Promise<TokenRecord | undefined> {
    return settle(() => {
      const r = this.findStmt.get(id);
      return r === undefined ? undefined : token(r);
    });
  }

  list(userId?: string): Promise<TokenRecord[]> {
    return settle(() => {
      const rows = userId === undefined
        ? this.db.prepare('SELECT * FROM tokens ORDER BY created_at DESC, id').all() as TokenRow[]
        : this.db.prepare('SELECT * FROM tokens WHERE user_id = ? ORDER BY created_at DESC, id').all(userId) as TokenRow[];
      return rows.map(token);
    });
  }

  revoke(id: string, at: string): Promise<boolean> {
    return settle(() => this.db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes === 1);
  }

  touch(id: string, at: string): Promise<void> {
    return settle(() => {
      this.db.prepare('UPDATE tokens SET last_used_at = ? WHERE id = ?').run(at, id);
    });
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

export class SqliteSessions implements SessionRepository {
  constructor(private readonly db: Database.Database) {}

  create(s: SessionRecord): Promise<void> {
    return settle(() => {
      this.db.prepare(`INSERT INTO sessions (id_hash, user_id, csrf_hash, created_at, last_seen_at, expires_at, revoked_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?)`)
        .run(s.idHash, s.userId, s.csrfHash, s.createdAt, s.lastSeenAt, s.expiresAt, s.revokedAt);
    });
  }

  find(idHash: string): Promise<SessionRecord | undefined> {
    return settle(() => {
      const r = this.db.prepare('SELECT * FROM sessions WHERE id_hash = ?').get(idHash) as SessionRow | undefined;
      return r === undefined ? undefined : session(r);
    });
  }

  touch(idHash: string, at: string): Promise<void> {
    return settle(() => {
      this.db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?').run(at, idHash);
    });
  }

  revoke(idHash: string, at: string): Promise<boolean> {
    return settle(() => this.db.prepare('UPDATE sessions SET revoked_at = ? WHERE id_hash = ? AND revoked_at IS NULL').run(at, idHash).changes === 1);
  }

  revokeForUser(userId: string, at: string): Promise<number> {
    return settle(() => this.db.prepare('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(at, userId).changes);
  }
}
