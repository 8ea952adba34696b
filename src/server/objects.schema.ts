// Request and response schemas of /api/v1/objects. Fastify validates requests against them and
// the OpenAPI document publishes them.
import { Type, type Static } from '@sinclair/typebox';

const list = (what: string) => Type.Optional(Type.String({ minLength: 1, maxLength: 4000, description: `${what}, comma-separated (any of them matches)` }));

export const ListObjectsQuery = Type.Object({
  type: list('STIX object types'),
  id: list('STIX identifiers'),
  creator: list('identity ids of creators (created_by_ref)'),
  marking: list('marking-definition ids (object_marking_refs)'),
  label: list('labels'),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'full-text search over names, descriptions, patterns and observable values; a trailing * matches a prefix' })),
  added_after: Type.Optional(Type.String({ maxLength: 40, description: 'STIX timestamp: only versions this node stored after it (as TAXII added_after); "new since my last visit"' })),
  modified_since: Type.Optional(Type.String({ maxLength: 40, description: 'STIX timestamp: only versions modified at or after it' })),
  versions: Type.Optional(Type.Union([Type.Literal('last'), Type.Literal('first'), Type.Literal('all')], { description: 'which versions of each object (default last)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'page size (default 100, at most 1000)' })),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'the `next` value of the previous page, with the same filters' })),
}, { additionalProperties: false });
export type ListObjectsQuery = Static<typeof ListObjectsQuery>;

const StixObject = Type.Object({ type: Type.String(), id: Type.String() }, { additionalProperties: true, description: 'A STIX 2.1 object exactly as stored' });

export const ObjectPageSchema = Type.Object({
  objects: Type.Array(StixObject),
  more: Type.Boolean({ description: 'true when another page follows' }),
  next: Type.Optional(Type.String({ description: 'cursor for the next page' })),
}, { description: 'One page of objects in date_added order' });

export const ObjectIdParams = Type.Object({
  id: Type.String({ pattern: '^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$', description: 'a STIX identifier' }),
});
export type ObjectIdParams = Static<typeof ObjectIdParams>;

export const ObjectVersionsSchema = Type.Object({
  id: Type.String(),
  versions: Type.Array(Type.Object({
    date_added: Type.String({ description: 'when this node stored the version (microsecond precision)' }),
    version: Type.String({ description: 'modified, else created, else date_added' }),
    latest: Type.Boolean(),
    revoked: Type.Boolean(),
    object: StixObject,
  })),
}, { description: 'Every stored version of one object, oldest first' });
