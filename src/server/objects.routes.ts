// /api/v1/objects: browse and search stored objects. Thin: check the query, ask the store,
// and serve the stored JSON text as it is (objects are never re-serialised on the way out).
import type { FastifyInstance } from 'fastify';
import { AccordError, builtinMarking } from '../stix/index.js';
import { decodeCursor, encodeCursor, filterFingerprint, formatMicros, parseMicros, type FacetValue, type ObjectQuery, type Store } from '../store/index.js';
import { FacetsQuery, FacetsSchema, ListObjectsQuery, ObjectIdParams, ObjectPageSchema, ObjectVersionsSchema } from './objects.schema.js';
import { OPENAPI } from './openapi.js';
import { objectsPageBody } from './page-body.js';
import { ProblemSchema } from './problem.schema.js';

const DEFAULT_LIMIT = 100;
/** The most objects one facet count looks at (docs/decisions/0031). */
const FACET_BOUND = 10_000;
/** The longest creator name the facets carry (a received identity's name may be huge). */
const MAX_NAME = 200;

/** The names of the identities held here among `ids` (their latest versions), cut to a readable length. */
async function creatorNames(store: Store, ids: readonly string[]): Promise<Map<string, string>> {
  // One lookup by id each (the id index): a filtered list would page the whole store in date_added
  // order when some creator has no identity object here.
  const found = await Promise.all(ids.map(async (id) => (await store.objects.versions(id)).find((v) => v.latest && v.type === 'identity')));
  const names = new Map<string, string>();
  for (const v of found) {
    if (v === undefined) continue;
    const name = (JSON.parse(v.json) as { name?: unknown }).name;
    if (typeof name === 'string') names.set(v.id, name.length > MAX_NAME ? `${name.slice(0, MAX_NAME)}…` : name);
  }
  return names;
}

function splitList(v: string | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  const items = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return items.length > 0 ? items : undefined;
}

/** Turns the validated query string into a store query (without the cursor). */
/** added_after as the store's clock (µs); 0 when absent. */
function addedAfter(text: string | undefined): number {
  if (text === undefined) return 0;
  const us = parseMicros(text);
  if (us === undefined) throw new AccordError('invalid', 'api.bad-timestamp', `added_after must be a STIX timestamp such as 2024-05-01T00:00:00.000Z, got "${text}"`);
  return us;
}

function toQuery(q: FacetsQuery): Omit<ObjectQuery, 'after' | 'limit'> {
  for (const name of ['modified_since', 'modified_until'] as const) {
    const v = q[name];
    if (v !== undefined && parseMicros(v) === undefined) {
      throw new AccordError('invalid', 'api.bad-timestamp', `${name} must be a STIX timestamp such as 2024-05-01T00:00:00.000Z, got "${v}"`);
    }
  }
  const query: { -readonly [K in keyof ObjectQuery]?: ObjectQuery[K] } = {};
  const set = <K extends keyof ObjectQuery>(k: K, v: ObjectQuery[K] | undefined): void => {
    if (v !== undefined) query[k] = v;
  };
  set('types', splitList(q.type));
  set('ids', splitList(q.id));
  set('createdBy', splitList(q.creator));
  set('markings', splitList(q.marking));
  set('labels', splitList(q.label));
  set('text', q.q);
  set('modifiedSince', q.modified_since);
  set('modifiedUntil', q.modified_until);
  set('versions', q.versions ?? 'last');
  return query;
}

export function objectRoutes(app: FastifyInstance, store: Store): void {
  app.get<{ Querystring: ListObjectsQuery }>('/api/v1/objects', {
    schema: { querystring: ListObjectsQuery, response: { 200: ObjectPageSchema, 400: ProblemSchema } },
    config: { access: 'objects:read', rateLimit: { perMinute: 600 }, [OPENAPI]: { summary: 'List and search objects', tags: ['objects'], description: 'Filters combine with AND; values within one filter with OR. Pages follow date_added order; pass `next` back as `cursor`.' } },
  }, async (req, reply) => {
    const filters = toQuery(req.query);
    const fingerprint = filterFingerprint(filters);
    const after = Math.max(req.query.cursor !== undefined ? decodeCursor(req.query.cursor, fingerprint) : 0, addedAfter(req.query.added_after));
    const page = await store.objects.listBodies({ ...filters, after, limit: req.query.limit ?? DEFAULT_LIMIT });
    const last = page.items.at(-1);
    const next = page.more && last !== undefined ? encodeCursor(last.added, fingerprint) : undefined;
    return reply.type('application/json; charset=utf-8').send(objectsPageBody(page.items, page.more, next));
  });

  app.get<{ Querystring: FacetsQuery }>('/api/v1/objects/facets', {
    schema: { querystring: FacetsQuery, response: { 200: FacetsSchema, 400: ProblemSchema } },
    config: {
      access: 'objects:read', rateLimit: { perMinute: 600 },
      [OPENAPI]: { summary: 'Counts per type, creator, marking and label over the objects the filters match', tags: ['objects'], description: `The same filters as GET /api/v1/objects. Bounded counting: at most ${FACET_BOUND.toLocaleString('en')} of the newest matching objects are counted; above that, \`bounded\` is true and counts are lower bounds (docs/decisions/0031).` },
    },
  }, async (req) => {
    const counts = await store.objects.facets({ ...toQuery(req.query), after: addedAfter(req.query.added_after) }, FACET_BOUND);
    const names = await creatorNames(store, counts.creator.map((c) => c.value));
    const named = (name: (v: string) => string | undefined) => (c: FacetValue) => {
      const n = name(c.value);
      return n !== undefined ? { ...c, name: n } : c;
    };
    return {
      total: counts.total, bounded: counts.bounded, bound: FACET_BOUND,
      facets: {
        type: [...counts.type], label: [...counts.label],
        creator: counts.creator.map(named((v) => names.get(v))), marking: counts.marking.map(named((v) => builtinMarking(v)?.name)),
      },
    };
  });

  app.get<{ Params: ObjectIdParams }>('/api/v1/objects/:id', {
    schema: { params: ObjectIdParams, response: { 200: ObjectVersionsSchema, 400: ProblemSchema, 404: ProblemSchema } },
    config: { access: 'objects:read', [OPENAPI]: { summary: 'One object with all its stored versions', tags: ['objects'] } },
  }, async (req, reply) => {
    const versions = await store.objects.versions(req.params.id);
    if (versions.length === 0) throw new AccordError('not-found', 'api.object-not-found', `no object ${req.params.id} is stored on this node`);
    const items = versions.map((v) =>
      `{"date_added":"${formatMicros(v.added)}","version":${JSON.stringify(v.version)},"latest":${v.latest},"revoked":${v.revoked},"object":${v.json}}`);
    return reply.type('application/json; charset=utf-8').send(`{"id":${JSON.stringify(req.params.id)},"versions":[${items.join(',')}]}`);
  });
}
