// /api/v1/shares and /api/v1/publications: sharing objects with other members, and the
// publication requests the four-eyes rule holds back (docs/decisions/0019). Thin: the sharing
// area's PublishingService judges, signs, stores, audits and decides; these routes validate the
// body, name the person (the signed-in user, whatever token or session they use) and present the
// answer in the API's snake_case. Every route needs `objects:share`, except the reading of who
// received an object (`objects:read`). A node built without
// publishing (no signing key and member list given to buildApp) answers 503 on each of them.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../identity/index.js';
import { refusedError, type BulkRefusal, type BulkShareTerms, type Publication, type Publisher, type PublishingService, type Reader, type ShareRecord } from '../sharing/index.js';
import { AccordError } from '../stix/index.js';
import { ObjectIdParams } from './objects.schema.js';
import { OPENAPI } from './openapi.js';
import { ProblemSchema } from './problem.schema.js';
import {
  ApprovedAnswer, MAX_SHARE_OBJECTS, ObjectSharingAnswer, PreviewAnswer, PreviewBody, PublicationDetail, PublicationList, PublicationListQuery, PublicationParams,
  PublicationQuery, PublicationView,
  RejectBody, RequestedAnswer, SharedAnswer, ShareBody,
} from './shares.schema.js';

const SMALL = 64 * 1024;
const TAGS = ['sharing'];

/** The signed-in user as the four-eyes rule sees them (one person whatever the credential) and as the audit log names them. */
export function publisher(req: FastifyRequest): Publisher {
  const p = req.principal;
  if (p === null) throw new AccordError('unauthenticated', 'auth.required', 'sign in, or present an API token or HTTP Basic credentials');
  return { person: `user:${p.username}`, actor: actorOf(p) };
}

function view(p: Publication): PublicationView {
  return {
    id: p.id, state: p.state, tlp: p.tlp, object_count: p.objectCount,
    terms: {
      tlp: p.terms.tlp, audience: p.terms.audience as PublicationView['terms']['audience'], relay: p.terms.relay,
      ...(p.terms.handlingCode !== undefined ? { handling_code: p.terms.handlingCode } : {}),
      ...(p.terms.sourceReliability !== undefined ? { source_reliability: p.terms.sourceReliability } : {}),
      ...(p.terms.informationAccuracy !== undefined ? { information_accuracy: p.terms.informationAccuracy } : {}),
    },
    requested_by: p.requestedBy, requested_at: p.requestedAt, decided_by: p.decidedBy, decided_at: p.decidedAt, reason: p.reason,
    outcome: p.outcome === null ? null : { shared: p.outcome.shared, refused: p.outcome.refused.map(refusal) },
  };
}

/** A request's terms in the sharing area's words. */
function termsOf(b: Omit<ShareBody, 'objects'>): BulkShareTerms {
  return {
    tlp: b.tlp, audience: b.audience, relay: b.relay ?? false,
    ...(b.handling_code !== undefined ? { handlingCode: b.handling_code } : {}),
    ...(b.source_reliability !== undefined ? { sourceReliability: b.source_reliability } : {}),
    ...(b.information_accuracy !== undefined ? { informationAccuracy: b.information_accuracy as 1 | 2 | 3 | 4 } : {}),
  };
}

const refusal = (r: BulkRefusal) => ({ id: r.id, code: r.code, reason: r.reason });
const reader = (r: Reader) => ({ member: r.member, name: r.name, explanation: r.explanation });

export function shareRoutes(app: FastifyInstance, publishing: PublishingService | undefined): void {
  const service = (): PublishingService => {
    if (publishing === undefined) throw new AccordError('unavailable', 'share.unavailable', 'this node was started without what sharing needs (its signing key and the member list); `accord serve` provides them');
    return publishing;
  };
  const errors = { 400: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 503: ProblemSchema };

  app.post<{ Body: PreviewBody }>('/api/v1/shares/preview', {
    bodyLimit: SMALL,
    schema: { body: PreviewBody, response: { 200: PreviewAnswer, ...errors } },
    config: {
      access: 'objects:share', rateLimit: { perMinute: 300 },
      [OPENAPI]: { summary: 'Which members would read an object if it were shared on these terms, and why — nothing is signed, stored or audited', tags: TAGS },
    },
  }, async (req) => {
    const { object, ...b } = req.body;
    const p = await service().preview(object, termsOf(b));
    return { readers: p.readers.map(reader), refused: p.refused !== undefined ? refusal(p.refused) : null, needs_approval: p.needsApproval };
  });

  app.post<{ Body: ShareBody }>('/api/v1/shares', {
    bodyLimit: SMALL * 4,
    schema: { body: ShareBody, response: { 201: SharedAnswer, 202: RequestedAnswer, 422: ProblemSchema, ...errors } },
    config: {
      access: 'objects:share', rateLimit: { perMinute: 60 },
      [OPENAPI]: {
        summary: `Share up to ${MAX_SHARE_OBJECTS.toLocaleString('en')} stored objects with other members (201), or file a publication request when the four-eyes rule applies (202)`,
        tags: TAGS,
      },
    },
  }, async (req, reply) => {
    const b = req.body;
    const terms = termsOf(b);
    const records: ShareRecord[] = [];
    const s = service();
    const result = await s.shareObjects(b.objects, terms, publisher(req), { onBatch: (batch) => void records.push(...batch.records) });
    if (result.publication === undefined && result.shared === 0) throw refusedError('nothing was shared', result.refused, 'unprocessable');
    const readers = (await s.readers(result)).map(reader);
    if (result.publication !== undefined) return reply.status(202).send({ publication: view(result.publication), refused: result.refused.map(refusal), readers });
    return reply.status(201).send({ shared: result.shared, refused: result.refused.map(refusal), records, readers });
  });

  app.get<{ Params: ObjectIdParams }>('/api/v1/objects/:id/sharing', {
    schema: { params: ObjectIdParams, response: { 200: ObjectSharingAnswer, ...errors } },
    config: { access: 'objects:read', rateLimit: { perMinute: 600 }, [OPENAPI]: { summary: 'Who an object held here was shared with: its shares in plain words, and every member that may read its latest version, with the sharing policy\'s reason', tags: TAGS } },
  }, async (req) => {
    const s = await service().sharing(req.params.id);
    if (s === undefined) throw new AccordError('not-found', 'api.object-not-found', `no object ${req.params.id} is stored on this node`);
    return {
      id: req.params.id, version: s.version, readers: s.readers.map(reader),
      shares: s.shares.map((h) => ({ id: h.id, sharer: h.sharer, sharer_name: h.sharerName, object_version: h.objectVersion, state: h.state, reason: h.reason, words: h.words })),
    };
  });

  app.get<{ Querystring: PublicationListQuery }>('/api/v1/publications', {
    schema: { querystring: PublicationListQuery, response: { 200: PublicationList, ...errors } },
    config: { access: 'objects:share', rateLimit: { perMinute: 120 }, [OPENAPI]: { summary: 'List publication requests, oldest first (the review queue)', tags: TAGS } },
  }, async (req) => {
    const q = req.query;
    const page = await service().list({ limit: q.limit ?? 100, ...(q.state !== undefined ? { state: q.state } : {}), ...(q.after !== undefined ? { after: q.after } : {}) });
    return { publications: page.items.map(view), ...(page.next !== undefined ? { next: page.next } : {}) };
  });

  app.get<{ Params: PublicationParams; Querystring: PublicationQuery }>('/api/v1/publications/:id', {
    schema: { params: PublicationParams, querystring: PublicationQuery, response: { 200: PublicationDetail, ...errors } },
    config: { access: 'objects:share', rateLimit: { perMinute: 120 }, [OPENAPI]: { summary: 'One publication request with the object versions it names', tags: TAGS } },
  }, async (req) => {
    const s = service();
    const p = await s.get(req.params.id);
    const objects = await s.objects(p.id, req.query.offset ?? 0, req.query.limit ?? 1000);
    return { publication: view(p), objects: objects.map((o) => ({ id: o.objectId, version: o.objectVersion, hash: o.objectHash })) };
  });

  app.post<{ Params: PublicationParams }>('/api/v1/publications/:id/approve', {
    schema: { params: PublicationParams, response: { 200: ApprovedAnswer, ...errors } },
    config: {
      access: 'objects:share', rateLimit: { perMinute: 60 },
      [OPENAPI]: { summary: 'Approve a pending publication request as a second user: its objects are re-checked and shared', tags: TAGS },
    },
  }, async (req) => {
    const s = service();
    const { publication, result } = await s.approve(req.params.id, publisher(req));
    return { publication: view(publication), shared: result.shared, refused: result.refused.map(refusal), readers: (await s.readers(result)).map(reader) };
  });

  app.post<{ Params: PublicationParams; Body: RejectBody }>('/api/v1/publications/:id/reject', {
    bodyLimit: SMALL,
    schema: { params: PublicationParams, body: RejectBody, response: { 200: PublicationView, ...errors } },
    config: { access: 'objects:share', rateLimit: { perMinute: 60 }, [OPENAPI]: { summary: 'Reject a pending publication request, with a reason (not by its requester)', tags: TAGS } },
  }, async (req) => view(await service().reject(req.params.id, publisher(req), req.body.reason)));

  app.post<{ Params: PublicationParams }>('/api/v1/publications/:id/withdraw', {
    schema: { params: PublicationParams, response: { 200: PublicationView, ...errors } },
    config: { access: 'objects:share', rateLimit: { perMinute: 60 }, [OPENAPI]: { summary: 'Withdraw one\'s own pending publication request', tags: TAGS } },
  }, async (req) => view(await service().withdraw(req.params.id, publisher(req))));
}
