// The audit log in SQLite. Appends run in an IMMEDIATE transaction: SQLite's single write lock
// makes reading the head and appending after it one step, across threads and processes.
import type Database from 'better-sqlite3';
import type { AuditCheckpoint, AuditEntry, AuditHead, AuditQuery, AuditRepository } from '../audit.port.js';
import { settle } from './objects.js';

interface EntryRow {
  seq: number; at: string; actor: string; action: string; target: string | null; outcome: AuditEntry['outcome'];
  details: string; prev_hash: string; hash: string;
}

function entry(r: EntryRow): AuditEntry {
  return { seq: r.seq, at: r.at, actor: r.actor, action: r.action, target: r.target, outcome: r.outcome, details: r.details, prevHash: r.prev_hash, hash: r.hash };
}

export class SqliteAudit implements AuditRepository {
  private readonly headStmt;
  private readonly insertStmt;
  private readonly appendTx;

  constructor(private readonly db: Database.Database) {
    this.headStmt = db.prepare<[], AuditHead>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.insertStmt = db.prepare(`INSERT INTO audit_log (seq, at, actor, action, target, outcome, details, prev_hash, hash)
                                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.appendTx = db.transaction((seal: (head: AuditHead | undefined) => readonly AuditEntry[]) => {
      const sealed = seal(this.headStmt.get());
      for (const e of sealed) this.insertStmt.run(e.seq, e.at, e.actor, e.action, e.target, e.outcome, e.details, e.prevHash, e.hash);
      return sealed;
    });
  }

  append(seal: (head: AuditHead | undefined) => readonly AuditEntry[]): Promise<readonly AuditEntry[]> {
    return settle(() => this.appendTx.immediate(seal));
  }

  head(): Promise<AuditHead | undefined> {
    return settle(() => this.headStmt.get());
  }

  scan(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    return settle(() => (this.db.prepare('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, limit) as EntryRow[]).map(entry));
  }

  query(q: AuditQuery): Promise<AuditEntry[]> {
    return settle(() => {
      const where = ['seq > ?'];
      const params: (string | number)[] = [q.afterSeq ?? 0];
      if (q.actor !== undefined) { where.push('actor = ?'); params.push(q.actor); }
      if (q.action !== undefined) { where.push('action = ?'); params.push(q.action); }
      if (q.from !== undefined) { where.push('at >= ?'); params.push(q.from); }
      if (q.to !== undefined) { where.push('at <= ?'); params.push(q.to); }
      params.push(q.limit);
      return (this.db.prepare(`SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ?`).all(...params) as EntryRow[]).map(entry);
    });
  }

  addCheckpoint(c: AuditCheckpoint): Promise<void> {
    return settle(() => {
      this.db.prepare('INSERT INTO audit_checkpoints (seq, hash, at, key_fingerprint, signature) VALUES (?, ?, ?, ?, ?)')
        .run(c.seq, c.hash, c.at, c.keyFingerprint, c.signature);
    });
  }

  checkpoints(): Promise<AuditCheckpoint[]> {
    return settle(() => (this.db.prepare('SELECT seq, hash, at, key_fingerprint, signature FROM audit_checkpoints ORDER BY id').all() as
      { seq: number; hash: string; at: string; key_fingerprint: string; signature: string }[])
      .map((r) => ({ seq: r.seq, hash: r.hash, at: r.at, keyFingerprint: r.key_fingerprint, signature: r.signature })));
  }
}
