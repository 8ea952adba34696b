// Store contract, collections part: TAXII collections, membership with its own date_added,
// local removal of versions, and status resources — alike on every adapter.
import { expect, it } from 'vitest';
import { buildIndicator, buildMalware, nextVersion } from '../../../test/support/factories.js';
import { isAccordError } from '../../stix/index.js';
import type { CollectionRecord } from '../collections.port.js';
import type { PreparedObject, Store } from '../port.js';
import { prepareObject } from '../prepare.js';

type Obj = Record<string, unknown>;
const prep = (o: Obj): PreparedObject => prepareObject(o);
const T = '2026-11-27T09:00:00.000Z';

export function buildCollection(over: Partial<CollectionRecord> = {}): CollectionRecord {
  return {
    id: '4f9e6a02-7c1d-4b8e-9a3f-2d5c8e1b7a60', title: 'Partner feed', description: null, alias: null,
    mediaTypes: ['application/stix+json;version=2.1'], scope: 'members', readers: ['role:analyst'], writers: ['role:analyst'],
    createdAt: T, updatedAt: T, ...over,
  };
}

export function collectionsContract(store: () => Store): void {
  it('keeps collections: stable order, by id or alias, unique ids and aliases', async () => {
    const s = store();
    const a = buildCollection({ id: '0b1a6c1e-2f44-4d7e-8a6b-1c2d3e4f5a6b', title: 'Default', scope: 'all', alias: 'default', createdAt: '2026-11-27T08:00:00.000Z' });
    const b = buildCollection();
    await s.collections.create(b);
    await s.collections.create(a);
    expect((await s.collections.list()).map((c) => c.title)).toEqual(['Default', 'Partner feed']);
    expect(await s.collections.get('default')).toEqual(a);
    expect(await s.collections.get(b.id)).toEqual(b);
    expect(await s.collections.get('nothing')).toBeUndefined();
    await expect(s.collections.create({ ...b, alias: 'other' })).rejects.toSatisfy((e) => isAccordError(e) && e.code === 'store.collection-exists');
    await expect(s.collections.update(b.id, { alias: 'default' })).rejects.toSatisfy((e) => isAccordError(e) && e.code === 'store.collection-exists');
    const changed = await s.collections.update(b.id, { title: 'Partner feed (CERT-X)', readers: ['role:analyst', 'user:omar'], updatedAt: '2026-11-27T10:00:00.000Z' });
    expect(changed).toEqual({ ...b, title: 'Partner feed (CERT-X)', readers: ['role:analyst', 'user:omar'], updatedAt: '2026-11-27T10:00:00.000Z' });
    await expect(s.collections.update('nope', { title: 'x' })).rejects.toSatisfy((e) => isAccordError(e) && e.code === 'store.collection-not-found');
    expect(await s.collections.remove(b.id)).toBe(true);
    expect(await s.collections.remove(b.id)).toBe(false);
  });

  it('gives versions added to a members collection a date_added of their own there', async () => {
    const s = store();
    const c = buildCollection();
    await s.collections.create(c);
    const old = buildIndicator({ labels: ['relay'] }); // never the label filtered on below
    const [stored] = await s.objects.put([prep(old)]);
    const added = (stored as { added: number }).added;
    const other = buildMalware({ labels: ['wiper'] });
    const outcomes = await s.objects.put([prep(other), prep(old)], { collection: c.id });
    expect(outcomes.map((o) => o.status)).toEqual(['new', 'unchanged']);
    const page = await s.objects.list({ collection: c.id, limit: 10, versions: 'all' });
    expect(page.items.map((o) => o.id)).toEqual([other.id, old.id]);
    // The old version joined later than everything stored before: a puller paging from its last stamp finds it.
    expect(page.items[1]!.added).toBeGreaterThan((outcomes[0] as { added: number }).added);
    expect(page.items[1]!.added).toBeGreaterThan(added);
    // Adding again changes nothing in the collection.
    await s.objects.put([prep(old)], { collection: c.id });
    expect((await s.objects.list({ collection: c.id, limit: 10, versions: 'all' })).items).toHaveLength(2);
    // Filters work inside a collection; bodies come with the collection's date_added.
    expect((await s.objects.list({ collection: c.id, labels: ['wiper'], limit: 10 })).items.map((o) => o.id)).toEqual([other.id]);
    const bodies = await s.objects.listBodies({ collection: c.id, after: page.items[0]!.added, limit: 10 });
    expect(bodies.items).toEqual([{ added: page.items[1]!.added, json: page.items[1]!.json }]);
    expect(await s.objects.lastAdded()).toBeGreaterThanOrEqual(page.items[1]!.added);
    // The whole store still sees both once, with their own stamps.
    expect((await s.objects.list({ ids: [String(old.id)], limit: 10 })).items.map((o) => o.added)).toEqual([added]);
    expect(await s.collections.remove(c.id)).toBe(true);
    expect((await s.objects.versions(String(old.id)))).toHaveLength(1);
  });

  it('removes versions from a collection, or from the store, keeping latest and first right', async () => {
    const s = store();
    const c = buildCollection();
    await s.collections.create(c);
    const v1 = buildIndicator({ description: 'sandworm relay' });
    const v2 = nextVersion(v1);
    const v3 = nextVersion(v2);
    const keep = buildIndicator();
    await s.objects.put([prep(v1), prep(v2), prep(v3), prep(keep)], { collection: c.id });
    expect(await s.objects.remove({ ids: [String(v1.id)], versions: 'last', collection: c.id })).toBe(1);
    expect((await s.objects.list({ collection: c.id, versions: 'all', limit: 10 })).items.map((o) => o.version)).toEqual([v1.modified, v2.modified, keep.modified]);
    expect((await s.objects.versions(String(v1.id)))).toHaveLength(3);
    expect(await s.objects.remove({ ids: [String(v1.id)], versionTimestamps: [String(v3.modified)] })).toBe(1);
    const left = await s.objects.versions(String(v1.id));
    expect(left.map((v) => [v.version, v.latest, v.first])).toEqual([[v1.modified, false, true], [v2.modified, true, false]]);
    expect(await s.objects.remove({ ids: [String(v1.id)], versions: 'first' })).toBe(1);
    expect((await s.objects.versions(String(v1.id))).map((v) => [v.version, v.latest, v.first])).toEqual([[v2.modified, true, true]]);
    expect(await s.objects.remove({ ids: [String(v1.id)] })).toBe(1);
    expect(await s.objects.versions(String(v1.id))).toEqual([]);
    expect((await s.objects.list({ text: 'sandworm', limit: 10 })).items).toEqual([]);
    expect((await s.objects.list({ collection: c.id, versions: 'all', limit: 10 })).items.map((o) => o.id)).toEqual([keep.id]);
    expect(await s.objects.remove({ ids: ['indicator--00000000-0000-4000-8000-000000000000'] })).toBe(0);
  });

  it('keeps TAXII status resources', async () => {
    const s = store();
    const status = {
      id: '1e2d3c4b-5a69-4877-8695-a4b3c2d1e0f9', status: 'complete' as const, requestTimestamp: '2026-11-27T09:00:00.123456Z',
      totalCount: 3, successCount: 2, failureCount: 1, pendingCount: 0,
      successes: [{ id: 'indicator--1', version: '2026-01-01T00:00:00.000Z' }, { id: 'indicator--2', version: '2026-01-01T00:00:00.000Z', message: 'unchanged' }],
      failures: [{ id: 'indicator--3', version: '2026-01-01T00:00:00.000Z', message: 'schema.required: /pattern' }], pendings: [],
      ownerId: 'u1', collectionId: 'c1',
    };
    await s.statuses.create(status);
    expect(await s.statuses.get(status.id)).toEqual(status);
    expect(await s.statuses.get('nope')).toBeUndefined();
  });
}
