// The TAXII 2.1 server (OASIS TAXII Version 2.1, 10 June 2021): discovery at /taxii2/, one API
// root at /taxii2/accord/, its collections, objects, manifests, versions and status resources.
//
// Thin, as every route: authentication and the route's permission are checked by the server's
// access control before anything here runs (objects:read to read, objects:write to write; a
// status may be read by whoever is signed in and is then checked against its owner; a peer node's
// POST is a push and goes to the injected peerAdd handler, never the import path); here the
// request is negotiated (406/415), its filters parsed (400), the collection's can_read/can_write
// checked for the requester (§5.3–§5.8: 403, or 404 when the collection is not theirs to see at
// all), the store read through the read filter, and the resource sent with its TAXII media type.
// Every failure is thrown; the server's error handler answers under /taxii2/ with a TAXII error
// message resource (error-resource.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  AccordError, formatMicros, sortableTimestamp, type CollectionRecord, type ObjectQuery, type StoredObject, type Store,
} from '../store/index.js';
import { AddObjectsService } from './add-objects.service.js';
import { collectionAccess, type PermissionCheck, type TaxiiAudit } from './collections.service.js';
import {
  DEFAULT_PAGE, fingerprintInput, parseFilters, parseNoParameters, rawQuery, storeQueries, type FilterEndpoint, type TaxiiFilters,
} from './filters.js';
import { checkAccept, checkContentType, TAXII_MEDIA_TYPE } from './media-types.js';
import { Cursors, readUnion, type Page } from './paging.js';
import { addFromPeer, type PeerAddHandler } from './peer-add.service.js';
import { localUsersReadFilter, requesterOwner, type TaxiiReadFilter, type TaxiiRequester } from './read-filter.js';
import {
  apiRootResource, collectionResource, collectionsResource, discoveryResource, envelopeBody, manifestBody, manifestMediaType, statusResource,
  versionsBody, type CollectionAccess, type ServerDescription,
} from './resources.js';

/** The one API root's name and path. */
export const API_ROOT_NAME = 'accord';
export const API_ROOT_PATH = `/taxii2/${API_ROOT_NAME}/`;

export interface TaxiiDeps {
  readonly store: Store;
  readonly audit: TaxiiAudit;
  /** The authenticated requester of a request (null when it presented no credentials). */
  readonly requester: (req: FastifyRequest) => TaxiiRequester | null;
  readonly can: PermissionCheck;
  /** The largest POST body accepted, in bytes: advertised as max_content_length and enforced (413). */
  readonly maxContentLength: number;
  /** What every object read passes through; default: the node's own users only. */
  readonly readFilter?: TaxiiReadFilter;
  /** Title, description and contact of the discovery resource. */
  readonly server?: ServerDescription;
  /** Objects per store transaction when adding objects. */
  readonly batchSize?: number;
  /** Worker threads validating POSTed envelopes (default: one per core but one, at most 4; 0: none). */
  readonly workers?: number;
  /**
   * What a peer node's POST goes through instead of the import path (federation's check of share
   * records, the same as for a pulled page); absent: peers may not push.
   */
  readonly peerAdd?: PeerAddHandler;
}

const STIX_ID = /^[a-z0-9][a-z0-9-]{0,248}[a-z0-9]--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

interface Params {
  readonly collection: string;
  readonly object: string;
  readonly status: string;
}

function send(reply: FastifyReply, status: number, body: string | Buffer, dated?: readonly { readonly added: number }[]): FastifyReply {
  void reply.code(status).header('content-type', TAXII_MEDIA_TYPE);
  // §3.2: the date_added of the first and last object of the response (none when it is empty).
  const first = dated?.[0];
  const last = dated?.at(-1);
  if (first !== undefined && last !== undefined) {
    void reply.header('X-TAXII-Date-Added-First', formatMicros(first.added)).header('X-TAXII-Date-Added-Last', formatMicros(last.added));
  }
  return reply.send(body);
}

function noSuchCollection(id: string): AccordError {
  return new AccordError('not-found', 'taxii.no-such-collection', `there is no collection ${id.slice(0, 100)} in this API root, or you may not see it`);
}

function noSuchObject(id: string): AccordError {
  return new AccordError('not-found', 'taxii.no-such-object', `there is no object ${id.slice(0, 300)} in this collection matching the request, or you may not see it`);
}

/** Registers the TAXII 2.1 routes (in their own scope: their own body parser and negotiation). */
export function registerTaxii(app: FastifyInstance, deps: TaxiiDeps): void {
  void app.register((scope, _opts, done) => {
    taxiiScope(scope, deps);
    done();
  });
}

function taxiiScope(scope: FastifyInstance, deps: TaxiiDeps): void {
  const { store, can } = deps;
  const readFilter = deps.readFilter ?? localUsersReadFilter;
  const server: ServerDescription = deps.server ?? { title: 'Accord TAXII 2.1 server', description: 'The TAXII 2.1 interface of an Accord member node' };
  const adder = new AddObjectsService(store, deps.audit, {
    ...(deps.batchSize !== undefined ? { batchSize: deps.batchSize } : {}), ...(deps.workers !== undefined ? { workers: deps.workers } : {}),
  });
  scope.addHook('onClose', async () => adder.close());

  // Bodies are read raw and parsed strictly by the service (duplicate keys, lone surrogates…).
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: deps.maxContentLength }, (_req, body, done) => done(null, body));
  // §3.1: after authentication (the server's hooks run first), before any body is read.
  scope.addHook('onRequest', (req, _reply, done) => {
    try {
      checkAccept(req.headers.accept);
      if (req.method === 'POST') checkContentType(req.headers['content-type']);
      done();
    } catch (e) {
      done(e as Error);
    }
  });

  const requester = (req: FastifyRequest): TaxiiRequester => {
    const r = deps.requester(req);
    if (r === null) throw new AccordError('unauthenticated', 'auth.required', 'sign in, or present an API token or HTTP Basic credentials');
    return r;
  };

  /** The collection of the request and the requester's access to it, as `need` requires (§5.3–§5.8). */
  const collectionFor = async (req: FastifyRequest, need: 'see' | 'read' | 'write' | 'delete') => {
    const who = requester(req);
    const id = (req.params as Params).collection;
    const c = await store.collections.get(id);
    if (c === undefined) throw noSuchCollection(id);
    const access = collectionAccess(c, who, can);
    const none = !access.canRead && !access.canWrite;
    if (none) throw noSuchCollection(id);
    const refuse = (what: string): AccordError => new AccordError('forbidden', 'taxii.forbidden', `you may not ${what} collection ${c.id}`);
    if (need === 'read' && !access.canRead) throw refuse('read from');
    if (need === 'write' && !access.canWrite) throw refuse('write to');
    // §5.7: DELETE needs both; one of them missing is 403, both 404 (above).
    if (need === 'delete' && !(access.canRead && access.canWrite)) throw refuse('delete from');
    return { c, access, who };
  };

  /** One page of a filtered read of `c`, through the read filter, with its `next`. */
  const readPage = async <T extends { readonly added: number }>(
    endpoint: FilterEndpoint, c: CollectionRecord, who: TaxiiRequester, objectId: string | undefined, f: TaxiiFilters,
    read: (q: ObjectQuery) => Promise<Page<T>>,
  ): Promise<Page<T> & { readonly next?: string }> => {
    const cursors = new Cursors(fingerprintInput(endpoint, c.id, objectId, f));
    let after = f.addedAfter ?? 0;
    if (f.next !== undefined) after = Math.max(after, cursors.position(f.next));
    const limit = f.limit ?? DEFAULT_PAGE;
    const queries: ObjectQuery[] = [];
    for (const q of storeQueries(f, objectId !== undefined ? { ids: [objectId] } : {})) {
      const restricted = await readFilter.restrict(who, c, { ...q, ...(c.scope === 'members' ? { collection: c.id } : {}), after, limit });
      if (restricted !== null) queries.push(restricted);
    }
    const page = await readUnion(queries, read);
    const last = page.items.at(-1);
    return { ...page, ...(page.more && last !== undefined ? { next: cursors.after(last.added) } : {}) };
  };

  const objectIdOf = (req: FastifyRequest): string => {
    const id = (req.params as Params).object;
    if (!STIX_ID.test(id)) throw noSuchObject(id);
    return id;
  };

  // --- server information (§4) -----------------------------------------------------------------
  scope.get('/taxii2/', { config: { access: 'objects:read', peers: true } }, async (req, reply) => {
    parseNoParameters(rawQuery(req.url));
    return send(reply, 200, JSON.stringify(discoveryResource(server, [API_ROOT_PATH])));
  });

  scope.get(API_ROOT_PATH, { config: { access: 'objects:read', peers: true } }, async (req, reply) => {
    parseNoParameters(rawQuery(req.url));
    return send(reply, 200, JSON.stringify(apiRootResource('Accord', 'The collections of this Accord node', deps.maxContentLength)));
  });

  scope.get(`${API_ROOT_PATH}status/:status/`, { config: { access: 'signed-in' } }, async (req, reply) => {
    parseNoParameters(rawQuery(req.url));
    const who = requester(req);
    const id = (req.params as Params).status;
    const s = UUID.test(id) ? await store.statuses.get(id.toLowerCase()) : undefined;
    // Someone else's status is as good as absent (§4.3: 404 "or the client does not have access").
    if (s === undefined || (s.ownerId !== requesterOwner(who) && !can(who.roles, 'audit:read'))) {
      throw new AccordError('not-found', 'taxii.no-such-status', `there is no status ${id.slice(0, 100)} of yours in this API root`);
    }
    return send(reply, 200, JSON.stringify(statusResource(s)));
  });

  // --- collections (§5.1, §5.2) ----------------------------------------------------------------
  scope.get(`${API_ROOT_PATH}collections/`, { config: { access: 'objects:read', peers: true } }, async (req, reply) => {
    parseNoParameters(rawQuery(req.url));
    const who = requester(req);
    const visible: Record<string, unknown>[] = [];
    for (const c of await store.collections.list()) {
      const access: CollectionAccess = collectionAccess(c, who, can);
      if (access.canRead || access.canWrite) visible.push(collectionResource(c, access));
    }
    return send(reply, 200, JSON.stringify(collectionsResource(visible)));
  });

  scope.get(`${API_ROOT_PATH}collections/:collection/`, { config: { access: 'objects:read', peers: true } }, async (req, reply) => {
    parseNoParameters(rawQuery(req.url));
    const { c, access } = await collectionFor(req, 'see');
    return send(reply, 200, JSON.stringify(collectionResource(c, access)));
  });

  // --- manifest, objects, versions (§5.3–§5.8) -------------------------------------------------
  scope.get(`${API_ROOT_PATH}collections/:collection/manifest/`, { config: { access: 'objects:read', peers: true } }, async (req, reply) => {
    const { c, who } = await collectionFor(req, 'read');
    const f = parseFilters(rawQuery(req.url), 'manifest');
    const page = await readPage('manifest', c, who, undefined, f, (q) => store.objects.list(q));
    return send(reply, 200, manifestBody(page.items, manifestMediaType(c), page.more, page.next), page.items);
  });

  scope.get(`${API_ROOT_PATH}collections/:collection/objects/`, { config: { access: 'objects:read', peers: true } }, async (req, reply) => {
    const { c, who } = await collectionFor(req, 'read');
    const f = parseFilters(rawQuery(req.url), 'objects');
    const page = await readPage('objects', c, who, undefined, f, (q) => store.objects.listBodies(q));
    return send(reply, 200, envelopeBody(page.items, page.more, page.next), page.items);
  });

  scope.post(`${API_ROOT_PATH}collections/:collection/objects/`, { bodyLimit: deps.maxContentLength, config: { access: 'objects:write', peers: true } }, async (req, reply) => {
    const receivedMicros = Date.now() * 1000;
    parseNoParameters(rawQuery(req.url));
    const pusher = requester(req);
    if (pusher.kind === 'peer') {
      // A peer pushes into what it reads from: a collection showing the whole store. Whether each
      // object may be stored is the peer handler's decision (share records), not can_write's.
      const { c } = await collectionFor(req, 'read');
      if (deps.peerAdd === undefined || c.scope !== 'all') throw new AccordError('forbidden', 'taxii.peer-push-refused', `peer nodes may not push to collection ${c.id}`);
      const range = req.headers['accord-push-range'];
      const { status, failed } = await addFromPeer(store, deps.peerAdd, deps.maxContentLength, {
        collection: c, requester: pusher, body: req.body as Buffer | undefined, receivedMicros, ...(typeof range === 'string' ? { pushRange: range } : {}),
      });
      req.log.info({ cat: 'sync', peer: pusher.memberId, collection: c.id, status: status.id, total: status.totalCount, failed }, 'objects pushed by a peer');
      return send(reply, 202, JSON.stringify(statusResource(status)));
    }
    const { c, who } = await collectionFor(req, 'write');
    const { status, summary } = await adder.add({ collection: c, requester: who, body: req.body as Buffer | undefined, receivedMicros });
    req.log.info({ cat: 'taxii', collection: c.id, status: status.id, total: status.totalCount, ...summary }, 'objects added');
    return send(reply, 202, JSON.stringify(statusResource(status)));
  });

  scope.get(`${API_ROOT_PATH}collections/:collection/objects/:object/`, { config: { access: 'objects:read', peers: true } }, async (req, reply) => {
    const { c, who } = await collectionFor(req, 'read');
    const objectId = objectIdOf(req);
    const f = parseFilters(rawQuery(req.url), 'object');
    const page = await readPage('object', c, who, objectId, f, (q) => store.objects.listBodies(q));
    // §5.7: after a DELETE, getting that object (or that version) MUST answer 404.
    if (page.items.length === 0 && f.next === undefined) throw noSuchObject(objectId);
    return send(reply, 200, envelopeBody(page.items, page.more, page.next), page.items);
  });

  scope.get(`${API_ROOT_PATH}collections/:collection/objects/:object/versions/`, { config: { access: 'objects:read', peers: true } }, async (req, reply) => {
    const { c, who } = await collectionFor(req, 'read');
    const objectId = objectIdOf(req);
    const f = parseFilters(rawQuery(req.url), 'versions');
    const page = await readPage('versions', c, who, objectId, f, (q) => store.objects.list(q));
    if (page.items.length === 0 && f.next === undefined) throw noSuchObject(objectId);
    return send(reply, 200, versionsBody(page.items, page.more, page.next), page.items);
  });

  scope.delete(`${API_ROOT_PATH}collections/:collection/objects/:object/`, { config: { access: 'objects:write' } }, async (req, reply) => {
    const { c, who } = await collectionFor(req, 'delete');
    const objectId = objectIdOf(req);
    const f = parseFilters(rawQuery(req.url), 'delete');
    // What the requester can see of the object in this collection, then the versions selected.
    const visible: StoredObject[] = [];
    let after = 0;
    for (;;) {
      const q = await readFilter.restrict(who, c, {
        ids: [objectId], versions: 'all', ...(f.specVersions !== undefined ? { specVersions: f.specVersions } : {}),
        ...(c.scope === 'members' ? { collection: c.id } : {}), after, limit: 1000,
      });
      if (q === null) break;
      const page = await store.objects.list(q);
      visible.push(...page.items);
      const last = page.items.at(-1);
      if (!page.more || last === undefined) break;
      after = last.added;
    }
    const v = f.versions;
    const wanted = v.all ? undefined : new Set(v.timestamps.map(sortableTimestamp));
    const selected = v.all ? visible : visible.filter((o) => (v.first && o.first) || (v.last && o.latest) || (wanted?.has(sortableTimestamp(o.version)) ?? false));
    if (selected.length === 0) throw noSuchObject(objectId);
    const versions = [...new Set(selected.map((o) => o.version))];
    // A members collection loses the versions; the default collection (the whole store) is this node's copy itself.
    const removed = await store.objects.remove({
      ids: [objectId], versionTimestamps: versions, ...(c.scope === 'members' ? { collection: c.id } : {}),
    });
    await deps.audit.record({
      actor: who.actor, action: 'object.deleted', target: `object:${objectId}`,
      details: { via: 'taxii', collection: c.id, scope: c.scope, versions, removed },
    });
    void reply.code(200).header('content-type', TAXII_MEDIA_TYPE);
    return reply.send();
  });
}
