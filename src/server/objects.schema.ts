// Request and response schemas of /api/v1/objects. Fastify validates requests against them and
// the OpenAPI document publishes them.
import { Type, type Static } from '@sinclair/typebox';

const list = (what: string) => Type.Optional(Type.String({ minLength: 1, maxLength: 4000, description: `${what}, comma-separated (any of them matches)` }));

/** The filters of a list, shared by its facet counts. */
const filters = {
  type: list('STIX object types'),
  id: list('STIX identifiers'),
  creator: list('identity ids of creators (created_by_ref)'),
  marking: list('marking-definition ids (object_marking_refs)'),
  label: list('labels'),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'full-text search over names, descriptions, patterns and observable values; a trailing * matches a prefix' })),
  added_after: Type.Optional(Type.String({ maxLength: 40, description: 'STIX timestamp: only versions this node stored after it (as TAXII added_after); "new since my last visit"' })),
  modified_since: Type.Optional(Type.String({ maxLength: 40, description: 'STIX timestamp: only versions modified at or after it' })),
  modified_until: Type.Optional(Type.String({ maxLength: 40, description: 'STIX timestamp: only versions modified at or before it' })),
  versions: Type.Optional(Type.Union([Type.Literal('last'), Type.Literal('first'), Type.Literal('all')], { description: 'which versions of each object (default last)' })),
};

export const ListObjectsQuery = Type.Object({
  ...filters,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'page size (default 100, at most 1000)' })),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'the `next` value of the previous page, with the same filters' })),
}, { additionalProperties: false });
export type ListObjectsQuery = Static<typeof ListObjectsQuery>;

export const FacetsQuery = Type.Object(filters, { additionalProperties: false });
export type FacetsQuery = Static<typeof FacetsQuery>;

const FacetValueSchema = Type.Object({
  value: Type.String(),
  count: Type.Integer({ minimum: 0, description: 'how many of the counted objects carry the value (a lower bound when `bounded`)' }),
  name: Type.Optional(Type.String({ description: 'a readable name: the TLP marking\'s, or the creator identity\'s as stored here' })),
});

export const FacetsSchema = Type.Object({
  total: Type.Integer({ minimum: 0, description: 'objects counted: all that match, or `bound` when more match' }),
  bounded: Type.Boolean({ description: 'true when more than `bound` objects match: the newest `bound` were counted' }),
  bound: Type.Integer({ description: 'the most objects counted' }),
  facets: Type.Object({
    type: Type.Array(FacetValueSchema),
    creator: Type.Array(FacetValueSchema),
    marking: Type.Array(FacetValueSchema),
    label: Type.Array(FacetValueSchema),
  }, { description: 'each facet\'s values, most frequent first (at most 50 per facet)' }),
}, { description: 'Counts per type, creator, marking and label over the objects the filters match (docs/decisions/0031)' });
export type FacetsSchema = Static<typeof FacetsSchema>;

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
