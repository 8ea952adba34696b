// /api/v1/objects: browse and search stored objects. Thin: check the query, ask the store,
// and serve the stored JSON text as it is (objects are never re-serialised on the way out).
import type { FastifyInstance } from 'fastify';
import { AccordError } from '../stix/index.js';
import { decodeCursor, encodeCursor, filterFingerprint, formatMicros, parseMicros, type ObjectQuery, type Store } from '../store/index.js';
import { ListObjectsQuery, ObjectIdParams, ObjectPageSchema, ObjectVersionsSchema } from './objects.schema.js';
import { OPENAPI } from './openapi.js';
import { objectsPageBody } from './page-body.js';
import { ProblemSchema } from './problem.schema.js';

const DEFAULT_LIMIT = 100;

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

function toQuery(q: ListObjectsQuery): Omit<ObjectQuery, 'after' | 'limit'> {
  if (q.modified_since !== undefined && parseMicros(q.modified_since) === undefined) {
    throw new AccordError('invalid', 'api.bad-timestamp', `modified_since must be a STIX timestamp such as 2024-05-01T00:00:00.000Z, got "${q.modified_since}"`);
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
