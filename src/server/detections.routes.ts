// /api/v1/detections and the sightings of an indicator (issue 8, item 2; docs/detection.md, "Alerts
// and sightings"): the alerts raised when indicators matched the member's own logs, their states
// (analysts: detect:run; audited), sharing an alert's sighting back to the indicator's originator
// (objects:share, through the publishing service with its four-eyes rule), and every sighting the
// node holds of an indicator, with totals. Thin: the detect area's DetectionBook decides, stores
// and audits; alerts are local rows and are never served to a peer.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../audit/index.js';
import { DETECTION_STATES, DetectionBook, detectionJson, gatheredJson, SIGHTING_TYPES, sightingJson, type Publish, type SharedBack } from '../detect/index.js';
import { actorOf } from '../identity/index.js';
import type { PublishingService } from '../sharing/index.js';
import { AccordError, type Store } from '../store/index.js';
import { OPENAPI } from './openapi.js';
import { ProblemSchema } from './problem.schema.js';
import { publisher } from './shares.routes.js';

const TAGS = ['detection'];
const Ref = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
type Ref = Static<typeof Ref>;
const Tlp = Type.Optional(Type.Union(['clear', 'green', 'amber', 'amber+strict', 'red'].map((t) => Type.Literal(t)), { description: 'the TLP to share under (default amber+strict)' }));
const DetectionList = Type.Object({
  state: Type.Optional(Type.Union(DETECTION_STATES.map((s) => Type.Literal(s)))),
  indicator: Type.Optional(Type.String({ maxLength: 100, description: 'only the alerts of this indicator' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
}, { additionalProperties: false });
type DetectionList = Static<typeof DetectionList>;
const StateChange = Type.Object({
  state: Type.Union(DETECTION_STATES.filter((s) => s !== 'new').map((s) => Type.Literal(s))),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
  share: Type.Optional(Type.Boolean({ description: 'false-positive: share the false-positive sighting with the indicator\'s originator' })),
  tlp: Tlp,
}, { additionalProperties: false });
type StateChange = Static<typeof StateChange>;
const ShareBack = Type.Object({ with_evidence: Type.Optional(Type.Boolean({ description: 'the observed-data of the sampled events and their SCOs too' })), tlp: Tlp }, { additionalProperties: false });
type ShareBack = Static<typeof ShareBack>;
const Report = Type.Object({
  type: Type.Optional(Type.Union(SIGHTING_TYPES.map((t) => Type.Literal(t)), { description: 'sighting (default), false-positive or expiry (MISP sighting types 0, 1, 2)' })),
  count: Type.Optional(Type.Integer({ minimum: 0, maximum: 999_999_999 })),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
  share: Type.Optional(Type.Boolean({ description: 'share it with the indicator\'s originator at once' })),
  tlp: Tlp,
}, { additionalProperties: false });
type Report = Static<typeof Report>;

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
/** A detection alert (src/detect/views.ts detectionJson). */
const DetectionView = Type.Object({
  id: Type.String(), state: Type.String(),
  indicator: Type.Object({ id: Type.String(), name: Nullable(Type.String()), originator: Nullable(Type.String()) }),
  count: Type.Integer(), first_seen: Type.String(), last_seen: Type.String(), created_at: Type.String(), updated_at: Type.String(),
  sighting: Type.Object({ id: Type.String(), version: Nullable(Type.String()), shared_version: Nullable(Type.String()), shared_at: Nullable(Type.String()) }),
  evidence: Type.Array(Type.Object({
    seen: Type.String(), source: Type.String(), line: Nullable(Type.Integer()), event_type: Type.String(), path: Nullable(Type.String()), value: Nullable(Type.String()),
    why: Type.String(), raw: Nullable(Type.String({ description: 'the event\'s text as read, at most 4 KiB' })),
    values: Type.Unknown({ description: 'the event\'s values by object path' }), observed_data: Type.String(),
  }), { description: 'the first events that matched' }),
  changes: Type.Array(Type.Object({ at: Type.String(), actor: Type.String(), from: Type.String(), to: Type.String(), note: Nullable(Type.String()) }), { description: 'state changes, oldest first' }),
}, { additionalProperties: true });
const SightingView = Type.Object({
  id: Type.String(), version: Type.String(), indicator: Type.String(), type: Type.String(), where_sighted: Type.Array(Type.String()),
  creator: Type.Union([Type.String(), Type.Null()]), count: Type.Integer(), first_seen: Type.Union([Type.String(), Type.Null()]), last_seen: Type.Union([Type.String(), Type.Null()]),
});
const Totals = Type.Object({ sightings: Type.Integer(), count: Type.Integer() });
const Gathered = Type.Object({
  indicator: Type.String(), sightings: Type.Array(SightingView),
  by_member: Type.Array(Type.Object({ member: Type.String(), type: Type.String(), sightings: Type.Integer(), count: Type.Integer() })),
  by_type: Type.Object(Object.fromEntries(SIGHTING_TYPES.map((t) => [t, Totals]))),
});
const Shared = Type.Object({
  sighting: Type.Object({ id: Type.String(), version: Type.String() }), originator: Type.String(), shared: Type.Integer(),
  refused: Type.Array(Type.Object({ id: Type.String(), code: Type.String(), reason: Type.String() })),
  publication: Type.Union([Type.String(), Type.Null()], { description: 'the publication request filed instead, under the four-eyes rule' }),
});

function sharedView(r: SharedBack): Static<typeof Shared> {
  return { sighting: r.sighting, originator: r.originator, shared: r.outcome.shared, refused: r.outcome.refused.map((x) => ({ ...x })), publication: r.outcome.publication?.id ?? null };
}

export function detectionRoutes(app: FastifyInstance, store: Store, audit: AuditLog, self: string | undefined, publishing: PublishingService | undefined): void {
  const book = new DetectionBook(store, self ?? '', audit);
  const publishFor = (req: Parameters<typeof publisher>[0]): Publish => {
    if (self === undefined) throw new AccordError('unavailable', 'detection.unavailable', 'this node was started without its member identity; `accord serve` provides it');
    if (publishing === undefined) throw new AccordError('unavailable', 'share.unavailable', 'this node was started without what sharing needs (its signing key and the member list); `accord serve` provides them');
    const by = publisher(req);
    return (refs, terms) => publishing.shareObjects(refs, terms, by);
  };
  const errors = { 400: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 503: ProblemSchema };
  const cfg = (access: string, summary: string, perMinute = 120): Record<string, unknown> => ({ access, rateLimit: { perMinute }, [OPENAPI]: { summary, tags: TAGS } });

  app.get<{ Querystring: DetectionList }>('/api/v1/detections', {
    schema: { querystring: DetectionList, response: { 200: Type.Object({ detections: Type.Array(DetectionView) }), ...errors } },
    config: cfg('signed-in', 'Detection alerts: what matched the member\'s own logs, one open alert per indicator, the last updated first'),
  }, async (req) => {
    const q = req.query;
    const list = await book.list({ ...(q.state !== undefined ? { state: q.state } : {}), ...(q.indicator !== undefined ? { indicatorId: q.indicator } : {}), ...(q.limit !== undefined ? { limit: q.limit } : {}) });
    return { detections: list.map(detectionJson) };
  });

  app.get<{ Params: Ref }>('/api/v1/detections/:id', {
    schema: { params: Ref, response: { 200: DetectionView, ...errors } },
    config: cfg('signed-in', 'One detection alert: the indicator and its originator, count, first and last seen, the evidence, its sighting and every state change'),
  }, async (req) => detectionJson(await book.get(req.params.id)));

  app.post<{ Params: Ref; Body: StateChange }>('/api/v1/detections/:id/state', {
    schema: { params: Ref, body: StateChange, response: { 200: DetectionView, ...errors } },
    config: cfg('detect:run', 'Acknowledge, resolve or mark a detection alert a false positive (which files a false-positive sighting), with a note (audited)', 60),
  }, async (req) => {
    const b = req.body;
    const { alert, falsePositive } = await book.change(req.params.id, b.state, actorOf(req.principal), b.note);
    const shared = falsePositive !== undefined && b.share === true ? await book.shareSighting(falsePositive, publishFor(req), actorOf(req.principal), b.tlp) : undefined;
    return { ...detectionJson(alert), ...(falsePositive !== undefined ? { false_positive: sightingJson(falsePositive) } : {}), ...(shared !== undefined ? { shared: sharedView(shared) } : {}) };
  });

  app.post<{ Params: Ref; Body: ShareBack }>('/api/v1/detections/:id/share', {
    schema: { params: Ref, body: ShareBack, response: { 200: Shared, ...errors } },
    config: cfg('objects:share', 'Share the alert\'s current sighting (and with_evidence its observed-data) with the indicator\'s originator alone (audited)', 60),
  }, async (req) => sharedView(await book.share(req.params.id, publishFor(req), actorOf(req.principal), { withEvidence: req.body.with_evidence === true, ...(req.body.tlp !== undefined ? { tlp: req.body.tlp } : {}) })));

  app.get<{ Params: Ref }>('/api/v1/indicators/:id/sightings', {
    schema: { params: Ref, response: { 200: Gathered, ...errors } },
    config: cfg('objects:read', 'Every sighting this node holds of an indicator (this member\'s and those shared with it), with totals per member and per type'),
  }, async (req) => gatheredJson(await book.sightingsOf(req.params.id)));

  app.post<{ Params: Ref; Body: Report }>('/api/v1/indicators/:id/sightings', {
    schema: { params: Ref, body: Report, response: { 201: Type.Object({ sighting: SightingView, shared: Type.Optional(Shared) }), ...errors } },
    config: cfg('detect:run', 'File a sighting, false positive or expiry of an indicator by this member (audited); local unless share is set', 60),
  }, async (req, reply) => {
    const b = req.body;
    const publish = b.share === true ? publishFor(req) : undefined;
    const s = await book.report(req.params.id, b.type ?? 'sighting', actorOf(req.principal), { ...(b.count !== undefined ? { count: b.count } : {}), ...(b.note !== undefined ? { note: b.note } : {}) });
    const shared = publish !== undefined ? await book.shareSighting(s, publish, actorOf(req.principal), b.tlp) : undefined;
    return reply.status(201).send({ sighting: sightingJson(s), ...(shared !== undefined ? { shared: sharedView(shared) } : {}) });
  });
}
