// /api/v1/audit: administrators read the audit log, filtered by actor, action and time, in chain
// order, a page at a time (the cursor is the last position served); and have the chain verified
// against its signed checkpoints, as `accord audit verify` does (docs/decisions/0010).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AuditLog, AuditVerification } from '../audit/index.js';
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

const Verification = Type.Object({
  ok: Type.Boolean({ description: 'the chain and every checkpoint verify' }),
  first_bad: Type.Union([Type.Object({
    seq: Type.Integer(),
    reason: Type.Union(['gap', 'out-of-sequence', 'broken-link', 'hash-mismatch', 'truncated', 'checkpoint-mismatch', 'bad-signature', 'unknown-key', 'bad-checkpoint'].map((r) => Type.Literal(r))),
    message: Type.String(),
  }), Type.Null()], { description: 'the first problem, at the lowest entry' }),
  checked: Type.Integer({ description: 'entries that passed every check (before the first bad one)' }),
  head: Type.Union([Type.Object({ seq: Type.Integer(), hash: Type.String() }), Type.Null()], { description: 'the last entry verified' }),
  checkpoints: Type.Object({
    store: Type.Integer({ description: 'checkpoints kept in the store' }), file: Type.Integer({ description: 'checkpoints in the file kept outside the store' }),
    newest: Type.Integer({ description: 'the entry the newest validly signed checkpoint signs (0: none)' }),
  }),
  unsealed: Type.Integer({ description: 'entries after the newest checkpoint: chained, not yet signed' }),
  warnings: Type.Array(Type.String()),
  verified_at: Type.String(),
});

function verificationView(v: AuditVerification): Static<typeof Verification> {
  return {
    ok: v.ok, first_bad: v.firstBad ?? null, checked: v.checked, head: v.head ?? null, checkpoints: v.checkpoints, unsealed: v.unsealed,
    warnings: [...v.warnings], verified_at: new Date().toISOString(),
  };
}

export function auditRoutes(app: FastifyInstance, store: Store, audit: AuditLog): void {
  app.get('/api/v1/audit/verification', {
    schema: { response: { 200: Verification } },
    config: {
      access: 'audit:read', rateLimit: { perMinute: 30, burst: 20 },
      [OPENAPI]: { summary: 'Verify the audit chain and its signed checkpoints now (as `accord audit verify`): whether it is intact, and where the first break is', tags: ['audit'] },
    },
  }, async () => verificationView(await audit.verify()));


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
