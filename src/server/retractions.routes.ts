// /api/v1/retractions: narrowing, ending and purging what this member shared, everywhere it went,
// and who has applied it (docs/decisions/0022). Thin, like the share routes: the sharing area's
// PublishingService signs, stores, shares, applies and audits; these routes validate and present.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../identity/index.js';
import type { Publisher, PublishingService, RetractRequest } from '../sharing/index.js';
import { AccordError, type RetractionRow } from '../store/index.js';
import { OPENAPI } from './openapi.js';
import { ProblemSchema } from './problem.schema.js';
import {
  RetractAnswer, RetractBody, RetractionList, RetractionListQuery, RetractionParams, RetractionStatusAnswer, type RetractionView,
} from './retractions.schema.js';

const TAGS = ['sharing'];

function publisher(req: FastifyRequest): Publisher {
  const p = req.principal;
  if (p === null) throw new AccordError('unauthenticated', 'auth.required', 'sign in, or present an API token or HTTP Basic credentials');
  return { person: `user:${p.username}`, actor: actorOf(p) };
}

function members(text: string | null): string[] | null {
  if (text === null) return null;
  const v: unknown = JSON.parse(text);
  return Array.isArray(v) ? v.map(String) : null;
}

function view(r: RetractionRow): RetractionView {
  return {
    id: r.id, sharer: r.sharer, effect: r.effect, share_id: r.shareId, object_id: r.objectId, object_version: r.objectVersion, object_hash: r.objectHash,
    members: members(r.members), created: r.created, state: r.state, outcome: r.outcome, applied_at: r.appliedAt,
  };
}

function requestOf(b: RetractBody): RetractRequest {
  const reason = b.reason !== undefined ? { reason: b.reason } : {};
  if (b.effect === 'purge') return { effect: 'purge', objectId: b.object_id, ...(b.version !== undefined ? { version: b.version } : {}), ...reason };
  if (b.effect === 'end') return { effect: 'end', shareId: b.share_id, ...reason };
  return { effect: 'narrow', shareId: b.share_id, members: b.members, ...reason };
}

export function retractionRoutes(app: FastifyInstance, publishing: PublishingService | undefined): void {
  const service = (): PublishingService => {
    if (publishing === undefined) throw new AccordError('unavailable', 'share.unavailable', 'this node was started without what sharing needs (its signing key and the member list); `accord serve` provides them');
    return publishing;
  };
  const errors = { 400: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 503: ProblemSchema };

  app.post<{ Body: RetractBody }>('/api/v1/retractions', {
    bodyLimit: 64 * 1024,
    schema: { body: RetractBody, response: { 201: RetractAnswer, ...errors } },
    config: {
      access: 'objects:share', rateLimit: { perMinute: 60 },
      [OPENAPI]: { summary: 'Narrow or end one of this member\'s shares, or purge an object version it shared from every node that holds it (signed, shared, applied here at once)', tags: TAGS },
    },
  }, async (req, reply) => {
    const r = await service().retract(requestOf(req.body), publisher(req));
    return reply.status(201).send({ retraction: r.retraction, applied: { state: r.applied.state, outcome: r.applied.outcome, detail: r.applied.detail }, audience: r.audience });
  });

  app.get<{ Querystring: RetractionListQuery }>('/api/v1/retractions', {
    schema: { querystring: RetractionListQuery, response: { 200: RetractionList, ...errors } },
    config: { access: 'objects:read', rateLimit: { perMinute: 120 }, [OPENAPI]: { summary: 'Retractions held here, newest first: this member\'s and those received, with what each did here', tags: TAGS } },
  }, async (req) => ({
    retractions: (await service().retractions({ limit: req.query.limit ?? 100, ...(req.query.sharer !== undefined ? { sharer: req.query.sharer } : {}) })).map(view),
  }));

  app.get<{ Params: RetractionParams }>('/api/v1/retractions/:id', {
    schema: { params: RetractionParams, response: { 200: RetractionStatusAnswer, ...errors } },
    config: {
      access: 'objects:read', rateLimit: { perMinute: 120 },
      [OPENAPI]: { summary: 'One retraction and, per member it went to, who has applied it (a signed receipt came back) and who may still hold the old state', tags: TAGS },
    },
  }, async (req) => {
    const s = await service().retractionStatus(req.params.id);
    return { retraction: view(s.row), holders: s.holders, applied: s.applied, pending: s.pending };
  });
}
