// Publication requests in SQLite (publications.port.ts). A decision is one conditional UPDATE
// (`WHERE state = 'pending'`): SQLite's write lock makes it a compare-and-set.
import type BetterSqlite3 from 'better-sqlite3';
import { AccordError } from '../../stix/index.js';
import type {
  PublicationDecision, PublicationObject, PublicationPage, PublicationQuery, PublicationRecord, PublicationRepository,
} from '../publications.port.js';
import { publicationOf, type PublicationRow } from '../publication-rows.js';
import { settle } from './objects.js';

export class SqlitePublications implements PublicationRepository {
  constructor(private readonly db: BetterSqlite3.Database) {}

  create(p: PublicationRecord, objects: readonly PublicationObject[]): Promise<void> {
    return settle(() => this.db.transaction(() => {
      let seq: number;
      try {
        seq = Number(this.db.prepare(`INSERT INTO publications (id, state, tlp, terms, object_count, requested_by, requested_at, decided_by, decided_at, reason, outcome)
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
          .run(p.id, p.state, p.tlp, p.terms, p.objectCount, p.requestedBy, p.requestedAt, p.decidedBy, p.decidedAt, p.reason, p.outcome).lastInsertRowid);
      } catch (e) {
        if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new AccordError('conflict', 'store.publication-exists', `a publication request ${p.id} already exists`);
        throw e;
      }
      const add = this.db.prepare('INSERT INTO publication_objects (publication_seq, position, object_id, object_version, object_hash) VALUES (?, ?, ?, ?, ?)');
      objects.forEach((o, i) => add.run(seq, i, o.objectId, o.objectVersion, o.objectHash));
    }).immediate());
  }

  get(id: string): Promise<PublicationRecord | undefined> {
    return settle(() => {
      const r = this.db.prepare('SELECT * FROM publications WHERE id = ?').get(id) as PublicationRow | undefined;
      return r === undefined ? undefined : publicationOf(r);
    });
  }

  list(q: PublicationQuery): Promise<PublicationPage> {
    return settle(() => {
      const rows = this.db.prepare(`SELECT * FROM publications WHERE seq > ? ${q.state !== undefined ? 'AND state = ?' : ''} ORDER BY seq LIMIT ?`)
        .all(...[q.after ?? 0, ...(q.state !== undefined ? [q.state] : []), q.limit + 1]) as PublicationRow[];
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      return { items: page.map(publicationOf), ...(rows.length > q.limit && last !== undefined ? { next: Number(last.seq) } : {}) };
    });
  }

  objects(id: string, offset: number, limit: number): Promise<PublicationObject[]> {
    return settle(() => (this.db.prepare(`SELECT o.object_id, o.object_version, o.object_hash FROM publication_objects o
                                          JOIN publications p ON p.seq = o.publication_seq
                                          WHERE p.id = ? AND o.position >= ? ORDER BY o.position LIMIT ?`)
      .all(id, offset, limit) as { object_id: string; object_version: string; object_hash: string }[])
      .map((r) => ({ objectId: r.object_id, objectVersion: r.object_version, objectHash: r.object_hash })));
  }

  decide(id: string, d: PublicationDecision): Promise<PublicationRecord | undefined> {
    return settle(() => {
      const r = this.db.prepare(`UPDATE publications SET state = ?, decided_by = ?, decided_at = ?, reason = ?
                                 WHERE id = ? AND state = 'pending' RETURNING *`)
        .get(d.state, d.decidedBy, d.decidedAt, d.reason, id) as PublicationRow | undefined;
      return r === undefined ? undefined : publicationOf(r);
    });
  }

  setOutcome(id: string, outcome: string): Promise<void> {
    return settle(() => {
      this.db.prepare("UPDATE publications SET outcome = ? WHERE id = ? AND state = 'approved'").run(outcome, id);
    });
  }
}
