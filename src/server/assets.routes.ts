// /api/v1/assets and /api/v1/alerts: the critical information infrastructure registry and the
// alerts its watch raises (issue 8, item 3; docs/detection.md). Administrators and analysts keep
// the registry (assets:manage); anyone signed in reads it and its alerts; analysts change an
// alert's state (detect:run). Every change is audited by the assets area. Thin: the registry
// checks, stores, audits and runs the watch; nothing here is ever served to a peer.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ALERT_STATES, CRITICALITIES, CSV_COLUMNS, SECTORS, type AlertBook, type AssetRegistry } from '../assets/index.js';
import { actorOf } from '../identity/index.js';
import { AccordError, type AlertRecord, type AssetRecord } from '../store/index.js';
import { OPENAPI } from './openapi.js';
import { ProblemSchema } from './problem.schema.js';

const TAGS = ['assets'];
const Ref = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200, description: 'the asset\'s id (asset--…) or name' }) });
type Ref = Static<typeof Ref>;
const AlertRef = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
type AlertRef = Static<typeof AlertRef>;

const List = (description: string): ReturnType<typeof Type.Array> => Type.Array(Type.String({ maxLength: 300 }), { maxItems: 1000, description });
const Fields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  sector: Type.String({ maxLength: 40, description: `a STIX 2.1 industry sector: ${SECTORS.join(', ')}` }),
  criticality: Type.String({ maxLength: 20, description: CRITICALITIES.join(', ') }),
  owner: Type.String({ minLength: 1, maxLength: 200 }),
  contact: Type.String({ minLength: 1, maxLength: 200 }),
  notes: Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()])),
  ranges: Type.Optional(List('IPv4/IPv6 addresses and CIDR networks')),
  domains: Type.Optional(List('domains and host names; a domain covers its sub-domains')),
  software: Type.Optional(List('CPE 2.3 formatted strings, with versions')),
};
const NewAsset = Type.Object(Fields, { additionalProperties: false });
type NewAsset = Static<typeof NewAsset>;
const AssetPatch = Type.Partial(Type.Object(Fields), { additionalProperties: false });
type AssetPatch = Static<typeof AssetPatch>;
const CsvImport = Type.Object({ csv: Type.String({ maxLength: 4 * 1024 * 1024, description: `CSV text with the header ${CSV_COLUMNS.join(',')} (notes optional); lists separated by ;` }) }, { additionalProperties: false });
type CsvImport = Static<typeof CsvImport>;
const StateChange = Type.Object({
  state: Type.Union(ALERT_STATES.filter((s) => s !== 'new').map((s) => Type.Literal(s))),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
}, { additionalProperties: false });
type StateChange = Static<typeof StateChange>;
const AlertList = Type.Object({
  state: Type.Optional(Type.Union(ALERT_STATES.map((s) => Type.Literal(s)))),
  asset: Type.Optional(Type.String({ maxLength: 200, description: 'an asset\'s id or name' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
}, { additionalProperties: false });
type AlertList = Static<typeof AlertList>;

const Strings = Type.Array(Type.String());
const AssetView = Type.Object({
  id: Type.String(), name: Type.String(), sector: Type.String(), criticality: Type.String(), owner: Type.String(), contact: Type.String(),
  notes: Type.Union([Type.String(), Type.Null()]), ranges: Strings, domains: Strings, software: Strings,
  created_by: Type.String(), created_at: Type.String(), updated_at: Type.String(),
});
const AlertView = Type.Object({
  id: Type.String(), state: Type.String(), asset: Type.Object({ id: Type.String(), name: Type.String() }),
  object: Type.Object({ id: Type.String(), type: Type.String(), version: Type.String() }),
  creator: Type.Union([Type.String(), Type.Null()]), sharers: Strings,
  evidence: Type.Object({
    matches: Type.Array(Type.Object({ field: Type.String(), entry: Type.String(), value: Type.String(), where: Type.String(), why: Type.String() }), { description: 'each reason: the asset\'s list and entry, the value in the intelligence, where it was found and why' }),
    via: Type.Optional(Type.String({ description: 'the relationship that joined the intelligence to what matched' })),
    cves: Type.Optional(Strings),
  }, { description: 'what matched and why' }),
  created_at: Type.String(),
  changes: Type.Array(Type.Object({ at: Type.String(), actor: Type.String(), from: Type.String(), to: Type.String(), note: Type.Union([Type.String(), Type.Null()]) })),
});
const Changed = Type.Object({ asset: AssetView, alerts_raised: Type.Integer({ description: 'alerts the asset raised against what the node holds' }) });

export function assetView(a: AssetRecord): Static<typeof AssetView> {
  return {
    id: a.id, name: a.name, sector: a.sector, criticality: a.criticality, owner: a.owner, contact: a.contact, notes: a.notes,
    ranges: [...a.ranges], domains: [...a.domains], software: [...a.software], created_by: a.createdBy, created_at: a.createdAt, updated_at: a.updatedAt,
  };
}

export function alertView(a: AlertRecord): Static<typeof AlertView> {
  return {
    id: a.id, state: a.state, asset: { id: a.assetId, name: a.assetName }, object: { id: a.objectId, type: a.objectType, version: a.objectVersion },
    creator: a.creator, sharers: [...a.sharers], evidence: JSON.parse(a.evidence) as Static<typeof AlertView>['evidence'], created_at: a.createdAt,
    changes: a.changes.map((c) => ({ ...c })),
  };
}

export function assetRoutes(app: FastifyInstance, registry: AssetRegistry, alerts: AlertBook): void {
  const errors = { 400: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };
  const read = (summary: string): Record<string, unknown> => ({ access: 'signed-in', rateLimit: { perMinute: 120 }, [OPENAPI]: { summary, tags: TAGS } });
  const write = (access: 'assets:manage' | 'detect:run', summary: string): Record<string, unknown> => ({ access, rateLimit: { perMinute: 60, burst: 20 }, [OPENAPI]: { summary, tags: TAGS } });

  app.get('/api/v1/assets', {
    schema: { response: { 200: Type.Object({ assets: Type.Array(AssetView) }), ...errors } },
    config: read('The registered critical information infrastructure assets, by name (local-only: never shared)'),
  }, async () => ({ assets: (await registry.list()).map(assetView) }));

  app.get<{ Params: Ref }>('/api/v1/assets/:id', {
    schema: { params: Ref, response: { 200: AssetView, ...errors } },
    config: read('One asset, by id or name'),
  }, async (req) => assetView(await registry.get(req.params.id)));

  app.post<{ Body: NewAsset }>('/api/v1/assets', {
    bodyLimit: 1024 * 1024,
    schema: { body: NewAsset, response: { 201: Changed, ...errors } },
    config: write('assets:manage', 'Register an asset; it is run against the intelligence already held at once (audited)'),
  }, async (req, reply) => {
    const { asset, alerts: raised } = await registry.add(req.body, actorOf(req.principal));
    return reply.status(201).send({ asset: assetView(asset), alerts_raised: raised.length });
  });

  app.patch<{ Params: Ref; Body: AssetPatch }>('/api/v1/assets/:id', {
    bodyLimit: 1024 * 1024,
    schema: { params: Ref, body: AssetPatch, response: { 200: Changed, ...errors } },
    config: write('assets:manage', 'Change an asset (the fields given; lists are replaced whole) and run it against what is held again (audited)'),
  }, async (req) => {
    const { asset, alerts: raised } = await registry.update(req.params.id, req.body, actorOf(req.principal));
    return { asset: assetView(asset), alerts_raised: raised.length };
  });

  app.delete<{ Params: Ref }>('/api/v1/assets/:id', {
    schema: { params: Ref, response: { 204: Type.Null(), ...errors } },
    config: write('assets:manage', 'Remove an asset; its alerts stay (audited)'),
  }, async (req, reply) => {
    await registry.remove(req.params.id, actorOf(req.principal));
    return reply.status(204).send();
  });

  app.post<{ Body: CsvImport }>('/api/v1/assets/import', {
    bodyLimit: 5 * 1024 * 1024,
    schema: { body: CsvImport, response: { 201: Type.Object({ assets: Type.Array(AssetView), alerts_raised: Type.Integer() }), ...errors } },
    config: write('assets:manage', 'Import assets from CSV: all rows, or none when any row is bad (every bad row named by line; audited)'),
  }, async (req, reply) => {
    const r = await registry.importCsv(req.body.csv, actorOf(req.principal));
    if (r.problems.length > 0) {
      const lines = r.problems.slice(0, 20).map((p) => `line ${p.line}: ${p.problems.map((q) => q.message).join('; ')}`);
      // Every bad row's problems in `errors` too, each at csv:LINE, for a per-row outcome.
      const errors = r.problems.flatMap((p) => p.problems.map((q) => ({ location: `csv:${p.line}`, message: q.message })));
      throw new AccordError('invalid', 'asset.bad-rows', `${r.problems.length} row(s) are not valid, nothing was imported: ${lines.join(' | ')}${r.problems.length > 20 ? ' | …' : ''}`, { errors });
    }
    return reply.status(201).send({ assets: r.created.map(assetView), alerts_raised: r.alerts.length });
  });

  app.get<{ Querystring: AlertList }>('/api/v1/alerts', {
    schema: { querystring: AlertList, response: { 200: Type.Object({ alerts: Type.Array(AlertView) }), ...errors } },
    config: read('Alerts the asset watch raised, newest first, by state or asset'),
  }, async (req) => {
    const q = req.query;
    const assetId = q.asset === undefined ? undefined : (await registry.get(q.asset)).id;
    return { alerts: (await alerts.list({ ...(q.state !== undefined ? { state: q.state } : {}), ...(assetId !== undefined ? { assetId } : {}), ...(q.limit !== undefined ? { limit: q.limit } : {}) })).map(alertView) };
  });

  app.get<{ Params: AlertRef }>('/api/v1/alerts/:id', {
    schema: { params: AlertRef, response: { 200: AlertView, ...errors } },
    config: read('One alert: the asset, the intelligence that touched it, who shared it, the evidence and every state change'),
  }, async (req) => alertView(await alerts.get(req.params.id)));

  app.post<{ Params: AlertRef; Body: StateChange }>('/api/v1/alerts/:id/state', {
    schema: { params: AlertRef, body: StateChange, response: { 200: AlertView, ...errors } },
    config: write('detect:run', 'Acknowledge, resolve or mark an alert a false positive, with a note (audited)'),
  }, async (req) => alertView(await alerts.change(req.params.id, req.body.state, actorOf(req.principal), req.body.note)));
}
