// Publication requests in PostgreSQL (publications.port.ts). A decision is one conditional UPDATE
// (`WHERE state = 'pending'`): the row lock it takes makes it a compare-and-set under READ COMMITTED.
import type pg from 'pg';
import { AccordError } from '../../stix/index.js';
import type {
  PublicationDecision, PublicationObject, PublicationPage, PublicationQuery, PublicationRecord, PublicationRepository,
} from '../publications.port.js';
import { publicationOf, type PublicationRow } from '../publication-rows.js';
import { inTransaction } from './transaction.js';

/** Object rows per INSERT statement (5 parameters each, far below PostgreSQL's 65,535). */
const INSERT_CHUNK = 1000;

export class PgPublications implements PublicationRepository {
  constructor(private readonly pool: pg.Pool) {}

  create(p: PublicationRecord, objects: readonly PublicationObject[]): Promise<void> {
    return inTransaction(this.pool, async (client) => {
      let seq: string | undefined;
      try {
        seq = (await client.query<{ seq: string }>(
          `INSERT INTO publications (id, state, tlp, terms, object_count, requested_by, requested_at, decided_by, decided_at, reason, outcome)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING seq`,
          [p.id, p.state, p.tlp, p.terms, p.objectCount, p.requestedBy, p.requestedAt, p.decidedBy, p.decidedAt, p.reason, p.outcome],
        )).rows[0]?.seq;
      } catch (e) {
        if ((e as { code?: unknown }).code === '23505') throw new AccordError('conflict', 'store.publication-exists', `a publication request ${p.id} already exists`);
        throw e;
      }
      for (let start = 0; start < objects.length; start += INSERT_CHUNK) {
        const chunk = objects.slice(start, start + INSERT_CHUNK);
        const values = chunk.map((_, i) => `($1, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4}, $${i * 4 + 5})`);
        await client.query(
          `INSERT INTO publication_objects (publication_seq, position, object_id, object_version, object_hash) VALUES ${values.join(', ')}`,
          [seq, ...chunk.flatMap((o, i) => [start + i, o.objectId, o.objectVersion, o.objectHash])],
        );
      }
    });
  }

  async get(id: string): Promise<PublicationRecord | undefined> {
    const r = (await this.pool.query<PublicationRow>('SELECT * FROM publications WHERE id = $1', [id])).rows[0];
    return r === undefined ? undefined : publicationOf(r);
  }

  async list(q: PublicationQuery): Promise<PublicationPage> {
    const rows = (await this.pool.query<PublicationRow>(
      `SELECT * FROM publications WHERE seq > $1 AND ($2::text IS NULL OR state = $2) ORDER BY seq LIMIT $3`,
      [q.after ?? 0, q.state ?? null, q.limit + 1],
    )).rows;
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return { items: page.map(publicationOf), ...(rows.length > q.limit && last !== undefined ? { next: Number(last.seq) } : {}) };
  }

  async objects(id: string, offset: number, limit: number): Promise<PublicationObject[]> {
    const rows = (await this.pool.query<{ object_id: string; object_version: string; object_hash: string }>(
      `SELECT o.object_id, o.object_version, o.object_hash FROM publication_objects o
       JOIN publications p ON p.seq = o.publication_seq
       WHERE p.id = $1 AND o.position >= $2 ORDER BY o.position LIMIT $3`,
      [id, offset, limit],
    )).rows;
    return rows.map((r) => ({ objectId: r.object_id, objectVersion: r.object_version, objectHash: r.object_hash }));
  }

  async decide(id: string, d: PublicationDecision): Promise<PublicationRecord | undefined> {
    const r = (await this.pool.query<PublicationRow>(
      `UPDATE publications SET state = $1, decided_by = $2, decided_at = $3, reason = $4 WHERE id = $5 AND state = 'pending' RETURNING *`,
      [d.state, d.decidedBy, d.decidedAt, d.reason, id],
    )).rows[0];
    return r === undefined ? undefined : publicationOf(r);
  }

  async setOutcome(id: string, outcome: string): Promise<void> {
    await this.pool.query("UPDATE publications SET outcome = $1 WHERE id = $2 AND state = 'approved'", [outcome, id]);
  }
}
