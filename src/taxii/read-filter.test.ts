// The read filters: what each requester's store query becomes, and — through the real TAXII routes
// and a real store — what a peer then reads: only the versions the visibility table gives its
// member, paged by that member's stamps, so a late grant is found by its next added_after pull.
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIndicator } from '../../test/support/factories.js';
import { tempSqliteStore, type TempStore } from '../../test/support/store.js';
import { prepareObject, type CollectionRecord, type ObjectQuery } from '../store/index.js';
import { collectionAccess, ensureDefaultCollection, type PermissionCheck } from './collections.service.js';
import { localUsersReadFilter, requesterOwner, sharingReadFilter, type PeerRequester, type TaxiiRequester } from './read-filter.js';
import { API_ROOT_PATH, registerTaxii } from './taxii.routes.js';

const SELF = 'identity--00000000-0000-4000-8000-0000000000a0';
const B = 'identity--00000000-0000-4000-8000-0000000000b0';
const C = 'identity--00000000-0000-4000-8000-0000000000c0';
const SUSPENDED = 'identity--00000000-0000-4000-8000-0000000000d0';
const current = new Set([SELF, B, C]);
const membership = { isMember: (m: string): boolean => current.has(m) };

const local: TaxiiRequester = { kind: 'local', userId: 'u-1', username: 'amina', roles: ['analyst'], actor: 'user:amina' };
const peer = (memberId: string): PeerRequester => ({ kind: 'peer', memberId, fingerprint: 'f'.repeat(64), roles: ['observer'], actor: `member:${memberId}` });

const T = '2026-11-27T09:00:00.000Z';
const collection = (scope: CollectionRecord['scope']): CollectionRecord => ({
  id: '4f9e6a02-7c1d-4b8e-9a3f-2d5c8e1b7a60', title: 'c', description: null, alias: null, mediaTypes: [], scope,
  readers: ['role:observer', 'user:amina'], writers: [], createdAt: T, updatedAt: T,
});
const query: ObjectQuery = { after: 42, limit: 10, types: ['indicator'], versions: 'all' };

describe('TAXII read filters', () => {
  const filter = sharingReadFilter({ membership, self: SELF });

  it('leaves the node\'s own users\' queries as they are, with either filter', async () => {
    for (const scope of ['all', 'members'] as const) {
      const q = scope === 'members' ? { ...query, collection: 'c1' } : query;
      expect(await filter.restrict(local, collection(scope), q)).toBe(q);
      expect(await localUsersReadFilter.restrict(local, collection(scope), q)).toBe(q);
    }
  });

  it('narrows a current member\'s node to its visibility rows, whatever the query asked', async () => {
    expect(await filter.restrict(peer(B), collection('all'), query)).toEqual({ ...query, visibleTo: B });
    // A query can never name another member.
    expect(await filter.restrict(peer(B), collection('all'), { ...query, visibleTo: C })).toEqual({ ...query, visibleTo: B });
  });

  it('gives nothing to a suspended or unknown member, to a request signed as this node, in a members collection, or without the sharing filter', async () => {
    expect(await filter.restrict(peer(SUSPENDED), collection('all'), query)).toBeNull();
    expect(await filter.restrict(peer('identity--00000000-0000-4000-8000-0000000000e0'), collection('all'), query)).toBeNull();
    expect(await filter.restrict(peer(SELF), collection('all'), query)).toBeNull();
    expect(await filter.restrict(peer(B), collection('members'), { ...query, collection: 'c1' })).toBeNull();
    expect(await localUsersReadFilter.restrict(peer(B), collection('all'), query)).toBeNull();
  });

  it('names owners and collection access per kind of requester: roles for both, user entries for users only', () => {
    expect(requesterOwner(local)).toBe('u-1');
    expect(requesterOwner(peer(B))).toBe(`member:${B}`);
    const can: PermissionCheck = (roles, p) => p === 'objects:read' && roles.length > 0;
    expect(collectionAccess(collection('all'), peer(B), can).canRead).toBe(true);
    expect(collectionAccess({ ...collection('all'), readers: [`user:${B}`, 'user:amina'] }, peer(B), can).canRead).toBe(false);
    expect(collectionAccess({ ...collection('all'), readers: ['user:amina'] }, local, can).canRead).toBe(true);
  });
});

describe('TAXII reads of a peer, through the routes', () => {
  let t: TempStore;
  let app: FastifyInstance;
  beforeEach(async () => {
    t = await tempSqliteStore();
    app = Fastify();
    registerTaxii(app, {
      store: t.store,
      audit: { record: () => Promise.resolve() },
      can: (roles) => roles.length > 0,
      maxContentLength: 1 << 20,
      // Stands in for the server's authentication: a header names the peer, else a local user.
      requester: (req) => {
        const m = req.headers['x-test-member'];
        return typeof m === 'string' ? peer(m) : local;
      },
      readFilter: sharingReadFilter({ membership, self: SELF }),
      workers: 0,
    });
    await app.ready();
  });
  afterEach(async () => {
    await app.close();
    await t.dispose();
  });

  const get = async (path: string, member?: string): Promise<{ ids: string[]; first?: string; last?: string }> => {
    const res = await app.inject({
      method: 'GET', url: path,
      headers: { accept: 'application/taxii+json;version=2.1', ...(member !== undefined ? { 'x-test-member': member } : {}) },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = JSON.parse(res.body) as { objects?: { id: string }[] };
    const first = res.headers['x-taxii-date-added-first'];
    const last = res.headers['x-taxii-date-added-last'];
    return { ids: (body.objects ?? []).map((o) => o.id), ...(typeof first === 'string' ? { first } : {}), ...(typeof last === 'string' ? { last } : {}) };
  };

  it('serves a peer only what is visible to its member, and a late grant on its next added_after pull', async () => {
    const c = await ensureDefaultCollection(t.store);
    const objects = [buildIndicator(), buildIndicator(), buildIndicator()];
    const added = (await t.store.objects.put(objects.map((o) => prepareObject(o)))).map((o) => ('added' in o ? o.added : -1));
    await t.store.visibility.grant([{ member: B, objectAdded: added[1]! }, { member: C, objectAdded: added[2]! }]);
    const path = `${API_ROOT_PATH}collections/${c!.id}/objects/`;
    expect((await get(path)).ids).toEqual(objects.map((o) => o.id));
    const first = await get(path, B);
    expect(first.ids).toEqual([objects[1]!.id]);
    expect((await get(path, C)).ids).toEqual([objects[2]!.id]);
    expect((await get(path, SUSPENDED)).ids).toEqual([]);
    // The oldest object becomes visible to B now: B's next pull from where it stopped finds it.
    await t.store.visibility.grant([{ member: B, objectAdded: added[0]! }]);
    const next = await get(`${path}?added_after=${first.last}`, B);
    expect(next.ids).toEqual([objects[0]!.id]);
    expect(next.first! > first.last!).toBe(true);
    const manifest = await app.inject({
      method: 'GET', url: `${API_ROOT_PATH}collections/${c!.id}/manifest/`, headers: { accept: 'application/taxii+json;version=2.1', 'x-test-member': B },
    });
    expect((JSON.parse(manifest.body) as { objects: { id: string }[] }).objects.map((o) => o.id)).toEqual([objects[1]!.id, objects[0]!.id]);
  });
});
