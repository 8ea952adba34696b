// The audit log in PostgreSQL. Appends take a transaction-level advisory lock on the chain
// before reading its head, so writers in several processes append one after another and each
// entry names the hash of the entry committed just before it.
import type pg from 'pg';
import type { AuditCheckpoint, AuditEntry, AuditHead, AuditQuery, AuditRepository } from '../audit.port.js';
import { AUDIT_CHAIN_LOCK } from './advisory-locks.js';
import { copyField, copyLines } from './copy.js';
import { inTransaction } from './transaction.js';

interface EntryRow {
  seq: string; at: string; actor: string; action: string; target: string | null; outcome: AuditEntry['outcome'];
  details: string; prev_hash: string; hash: string;
}

function entry(r: EntryRow): AuditEntry {
  return { seq: Number(r.seq), at: r.at, actor: r.actor, action: r.action, target: r.target, outcome: r.outcome, details: r.details, prevHash: r.prev_hash, hash: r.hash };
}

export class PgAudit implements AuditRepository {
  constructor(private readonly pool: pg.Pool) {}

  append(seal: (head: AuditHead | undefined) => readonly AuditEntry[]): Promise<readonly AuditEntry[]> {
    return inTransaction(this.pool, async (client) => {
      await client.query(`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
      const head = (await client.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')).rows[0];
      const sealed = seal(head === undefined ? undefined : { seq: Number(head.seq), hash: head.hash });
      if (sealed.length > 0) {
        const lines = sealed.map((e) => [e.seq, e.at, e.actor, e.action, e.target, e.outcome, e.details, e.prevHash, e.hash].map(copyField).join('\t'));
        await copyLines(client, 'audit_log (seq, at, actor, action, target, outcome, details, prev_hash, hash)', lines);
      }
      return sealed;
    });
  }

  async head(): Promise<AuditHead | undefined> {
    const r = (await this.pool.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')).rows[0];
    return r === undefined ? undefined : { seq: Number(r.seq), hash: r.hash };
  }

  async scan(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    return (await this.pool.query<EntryRow>('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [afterSeq, limit])).rows.map(entry);
  }

  async query(q: AuditQuery): Promise<AuditEntry[]> {
    const params: unknown[] = [q.afterSeq ?? 0];
    const where = ['seq > $1'];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.actor !== undefined) add('actor = ?', q.actor);
    if (q.action !== undefined) add('action = ?', q.action);
    if (q.from !== undefined) add('at >= ?', q.from);
    if (q.to !== undefined) add('at <= ?', q.to);
    params.push(q.limit);
    return (await this.pool.query<EntryRow>(`SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY seq LIMIT $${params.length}`, params)).rows.map(entry);
  }

  async addCheckpoint(c: AuditCheckpoint): Promise<void> {
    await this.pool.query('INSERT INTO audit_checkpoints (seq, hash, at, key_fingerprint, signature) VALUES ($1, $2, $3, $4, $5)',
      [c.seq, c.hash, c.at, c.keyFingerprint, c.signature]);
  }

  async checkpoints(): Promise<AuditCheckpoint[]> {
    const rows = (await this.pool.query<{ seq: string; hash: string; at: string; key_fingerprint: string; signature: string }>(
      'SELECT seq, hash, at, key_fingerprint, signature FROM audit_checkpoints ORDER BY id')).rows;
    return rows.map((r) => ({ seq: Number(r.seq), hash: r.hash, at: r.at, keyFingerprint: r.key_fingerprint, signature: r.signature }));
  }
}
