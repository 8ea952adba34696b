// /api/v1/exports: saved exports, the device feeds served at /feeds/<name> (docs/decisions/0025).
// Administrators define and delete them (config:manage, audited); anyone signed in may list them,
// so that an analyst can see which feeds exist and what goes into each. Thin: the interop area's
// SavedExports checks, stores and audits.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../identity/index.js';
import { FEED_FORMAT_NAMES, FEED_KINDS, type SavedExport, type SavedExports } from '../interop/index.js';
import { OPENAPI } from './openapi.js';
import { ProblemSchema } from './problem.schema.js';

const TAGS = ['exports'];
const Name = Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) });
type Name = Static<typeof Name>;

const Filter = Type.Object({
  labels: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { minItems: 1, maxItems: 100, description: 'only indicators with one of these STIX labels' })),
  creators: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { minItems: 1, maxItems: 100, description: 'only indicators created by one of these identities' })),
  added_after: Type.Optional(Type.String({ maxLength: 40, description: 'only indicators added to this node after this STIX timestamp' })),
  kinds: Type.Optional(Type.Array(Type.Union(Object.keys(FEED_KINDS).map((k) => Type.Literal(k))), { minItems: 1, maxItems: 10, description: 'only values of these kinds' })),
}, { additionalProperties: false });

const NewExport = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 64, description: 'a-z, 0-9 and -: the feed is served at /feeds/<name>' }),
  format: Type.Union(FEED_FORMAT_NAMES.map((f) => Type.Literal(f))),
  list: Type.Optional(Type.String({ maxLength: 16, description: 'blocklist format only: ip, cidr, domain, url or hash' })),
  ceiling: Type.Optional(Type.String({ maxLength: 20, description: 'clear, green, amber or amber+strict (RED never goes into a device feed)' })),
  include_warninglisted: Type.Optional(Type.Boolean({ description: 'values on warninglists go in too (left out by default)' })),
  filter: Type.Optional(Filter),
}, { additionalProperties: false });
type NewExport = Static<typeof NewExport>;

const ExportView = Type.Object({
  name: Type.String(), format: Type.String(), list: Type.Union([Type.String(), Type.Null()]), ceiling: Type.Union([Type.String(), Type.Null()]),
  include_warninglisted: Type.Boolean(), filter: Filter, created_by: Type.String(), created_at: Type.String(),
  url: Type.String({ description: 'where devices poll it, relative to the node' }),
});

function view(e: SavedExport): Static<typeof ExportView> {
  return {
    name: e.name, format: e.format, list: e.list ?? null, ceiling: e.ceiling ?? null, include_warninglisted: e.includeWarninglisted,
    filter: { ...e.filter, ...(e.filter.labels !== undefined ? { labels: [...e.filter.labels] } : {}) } as Static<typeof Filter>,
    created_by: e.createdBy, created_at: e.createdAt, url: `/feeds/${e.name}`,
  };
}

export function exportRoutes(app: FastifyInstance, exports: SavedExports): void {
  const errors = { 400: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };

  app.get('/api/v1/exports', {
    schema: { response: { 200: Type.Object({ exports: Type.Array(ExportView) }), ...errors } },
    config: { access: 'signed-in', rateLimit: { perMinute: 120 }, [OPENAPI]: { summary: 'The saved exports (device feeds) of this node, by name', tags: TAGS } },
  }, async () => ({ exports: (await exports.list()).map(view) }));

  app.get<{ Params: Name }>('/api/v1/exports/:name', {
    schema: { params: Name, response: { 200: ExportView, ...errors } },
    config: { access: 'signed-in', rateLimit: { perMinute: 120 }, [OPENAPI]: { summary: 'One saved export: its format, TLP ceiling and filter', tags: TAGS } },
  }, async (req) => view(await exports.get(req.params.name)));

  app.post<{ Body: NewExport }>('/api/v1/exports', {
    bodyLimit: 64 * 1024,
    schema: { body: NewExport, response: { 201: ExportView, ...errors } },
    config: { access: 'config:manage', rateLimit: { perMinute: 60, burst: 20 }, [OPENAPI]: { summary: 'Define a saved export, served to devices at /feeds/<name> (audited)', tags: TAGS } },
  }, async (req, reply) => {
    const b = req.body;
    const created = await exports.create({
      name: b.name, format: b.format, ...(b.list !== undefined ? { list: b.list } : {}), ...(b.ceiling !== undefined ? { ceiling: b.ceiling } : {}),
      includeWarninglisted: b.include_warninglisted === true, ...(b.filter !== undefined ? { filter: b.filter } : {}),
    }, actorOf(req.principal));
    return reply.status(201).send(view(created));
  });

  app.delete<{ Params: Name }>('/api/v1/exports/:name', {
    schema: { params: Name, response: { 204: Type.Null(), ...errors } },
    config: { access: 'config:manage', rateLimit: { perMinute: 60, burst: 20 }, [OPENAPI]: { summary: 'Delete a saved export; devices polling it get 404 from then on (audited)', tags: TAGS } },
  }, async (req, reply) => {
    await exports.delete(req.params.name, actorOf(req.principal));
    return reply.status(204).send();
  });
}
