// /api/v1/collections: administration of the node's TAXII collections (config:manage). Thin:
// the TAXII area's CollectionsService checks every setting and records each change in the audit
// log; these routes validate the body's shape and present records in the API's snake_case.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../identity/index.js';
import type { CollectionRecord } from '../store/index.js';
import { API_ROOT_PATH, type CollectionsService } from '../taxii/index.js';
import { OPENAPI } from './openapi.js';
import { ProblemSchema } from './problem.schema.js';

const SMALL = 64 * 1024;
const Principals = (what: string) => Type.Array(Type.String({ minLength: 6, maxLength: 80 }), { maxItems: 200, description: `${what}: role:<admin|analyst|liaison|observer> or user:<username>` });
const MediaTypes = Type.Array(Type.String({ maxLength: 100 }), { minItems: 1, maxItems: 10, description: 'media types of the objects it holds (STIX 2.1)' });

const CollectionView = Type.Object({
  id: Type.String({ description: 'TAXII collection id (UUIDv4)' }),
  title: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  alias: Type.Union([Type.String(), Type.Null()], { description: 'usable instead of the id in TAXII URLs' }),
  media_types: Type.Array(Type.String()),
  scope: Type.Union([Type.Literal('all'), Type.Literal('members')], { description: 'all: a view of every object on the node; members: the objects posted or added to it' }),
  readers: Type.Array(Type.String()),
  writers: Type.Array(Type.String()),
  url: Type.String({ description: 'the collection\'s TAXII URL (relative to the node)' }),
  created_at: Type.String(),
  updated_at: Type.String(),
});

const NewCollectionBody = Type.Object({
  id: Type.Optional(Type.String({ maxLength: 36, description: 'a UUIDv4; generated when omitted' })),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  alias: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
  media_types: Type.Optional(MediaTypes),
  scope: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('members')], { description: 'default members' })),
  readers: Type.Optional(Principals('who may read')),
  writers: Type.Optional(Principals('who may write')),
}, { additionalProperties: false });

const CollectionChangeBody = Type.Object({
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  alias: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
  media_types: Type.Optional(MediaTypes),
  readers: Type.Optional(Principals('who may read')),
  writers: Type.Optional(Principals('who may write')),
}, { additionalProperties: false });

const CollectionId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, description: 'id or alias' }) });
type CollectionId = Static<typeof CollectionId>;

function view(c: CollectionRecord): Static<typeof CollectionView> {
  return {
    id: c.id, title: c.title, description: c.description, alias: c.alias, media_types: [...c.mediaTypes], scope: c.scope,
    readers: [...c.readers], writers: [...c.writers], url: `${API_ROOT_PATH}collections/${c.id}/`, created_at: c.createdAt, updated_at: c.updatedAt,
  };
}

export function collectionRoutes(app: FastifyInstance, collections: CollectionsService): void {
  app.get('/api/v1/collections', {
    schema: { response: { 200: Type.Object({ collections: Type.Array(CollectionView) }) } },
    config: { access: 'config:manage', [OPENAPI]: { summary: 'List the TAXII collections with who may read and write them', tags: ['collections'] } },
  }, async () => ({ collections: (await collections.list()).map(view) }));

  app.post<{ Body: Static<typeof NewCollectionBody> }>('/api/v1/collections', {
    bodyLimit: SMALL,
    schema: { body: NewCollectionBody, response: { 201: CollectionView, 400: ProblemSchema, 409: ProblemSchema } },
    config: { access: 'config:manage', [OPENAPI]: { summary: 'Create a TAXII collection', tags: ['collections'] } },
  }, async (req, reply) => {
    const b = req.body;
    const created = await collections.create({
      title: b.title,
      ...(b.id !== undefined ? { id: b.id } : {}), ...(b.description !== undefined ? { description: b.description } : {}),
      ...(b.alias !== undefined ? { alias: b.alias } : {}), ...(b.media_types !== undefined ? { mediaTypes: b.media_types } : {}),
      ...(b.scope !== undefined ? { scope: b.scope } : {}), ...(b.readers !== undefined ? { readers: b.readers } : {}),
      ...(b.writers !== undefined ? { writers: b.writers } : {}),
    }, actorOf(req.principal));
    return reply.status(201).send(view(created));
  });

  app.patch<{ Params: CollectionId; Body: Static<typeof CollectionChangeBody> }>('/api/v1/collections/:id', {
    bodyLimit: SMALL,
    schema: { params: CollectionId, body: CollectionChangeBody, response: { 200: CollectionView, 400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema } },
    config: { access: 'config:manage', [OPENAPI]: { summary: 'Change a collection\'s title, description, alias, media types, readers or writers', tags: ['collections'] } },
  }, async (req) => {
    const b = req.body;
    return view(await collections.update(req.params.id, {
      ...(b.title !== undefined ? { title: b.title } : {}), ...(b.description !== undefined ? { description: b.description } : {}),
      ...(b.alias !== undefined ? { alias: b.alias } : {}), ...(b.media_types !== undefined ? { mediaTypes: b.media_types } : {}),
      ...(b.readers !== undefined ? { readers: b.readers } : {}), ...(b.writers !== undefined ? { writers: b.writers } : {}),
    }, actorOf(req.principal)));
  });

  app.delete<{ Params: CollectionId }>('/api/v1/collections/:id', {
    schema: { params: CollectionId, response: { 204: Type.Null(), 404: ProblemSchema } },
    config: { access: 'config:manage', [OPENAPI]: { summary: 'Remove a collection (the objects it lists stay on the node)', tags: ['collections'] } },
  }, async (req, reply) => {
    await collections.remove(req.params.id, actorOf(req.principal));
    return reply.status(204).send();
  });
}
