// /api/v1/audit: administrators read the audit log, filtered by actor, action and time, in chain
// order, a page at a time (the cursor is the last position served).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AccordError, formatMicros, parseMicros, type Store } from '../store/index.js';
import { OPENAPI } from './openapi.js';
import { ProblemSchema } from './problem.schema.js';

const AuditQuery = Type.Object({
  actor: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'e.g. user:admin' })),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'e.g. auth.sign-in-failed' })),
  from: Type.Optional(Type.String({ maxLength: 40, description: 'timestamp, inclusive' })),
  to: Type.Optional(Type.String({ maxLength: 40, description: 'timestamp, inclusive' })),
  after: Type.Optional(Type.Integer({ minimum: 0, description: 'the `next` value of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'default 100' })),
}, { additionalProperties: false });
type AuditQuery = Static<typeof AuditQuery>;

const Entry = Type.Object({
  seq: Type.Integer(), at: Type.String(), actor: Type.String(), action: Type.String(), target: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(), details: Type.Record(Type.String(), Type.Unknown()), prev_hash: Type.String(), hash: Type.String(),
});

export function auditRoutes(app: FastifyInstance, store: Store): void {
  app.get<{ Querystring: AuditQuery }>('/api/v1/audit', {
    schema: { querystring: AuditQuery, response: { 200: Type.Object({ entries: Type.Array(Entry), next: Type.Optional(Type.Integer()) }), 400: ProblemSchema } },
    config: { access: 'audit:read', rateLimit: { perMinute: 120 }, [OPENAPI]: { summary: 'Query the audit log', tags: ['audit'] } },
  }, async (req) => {
    // Entries carry six-digit timestamps; bounds are rewritten the same way so text order is time order.
    const bound = (k: 'from' | 'to'): string | undefined => {
      const v = req.query[k];
      if (v === undefined) return undefined;
      const us = parseMicros(v);
      if (us === undefined) throw new AccordError('invalid', 'api.bad-timestamp', `${k} must be a timestamp such as 2026-11-01T00:00:00.000Z`);
      return formatMicros(us);
    };
    const from = bound('from');
    const to = bound('to');
    const limit = req.query.limit ?? 100;
    const rows = await store.audit.query({
      limit: limit + 1, afterSeq: req.query.after ?? 0,
      ...(req.query.actor !== undefined ? { actor: req.query.actor } : {}), ...(req.query.action !== undefined ? { action: req.query.action } : {}),
      ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}),
    });
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    return {
      entries: page.map((e) => ({
        seq: e.seq, at: e.at, actor: e.actor, action: e.action, target: e.target, outcome: e.outcome,
        details: JSON.parse(e.details) as Record<string, unknown>, prev_hash: e.prevHash, hash: e.hash,
      })),
      ...(more ? { next: page.at(-1)?.seq } : {}),
    };
  });
}
