// The store contract: one suite every adapter must pass (SQLite and PostgreSQL alike). An
// adapter's test file calls `storeContract` with a factory that gives a fresh, empty database.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildDomain, buildIndicator, buildIpv4, buildMalware, nextVersion, TLP_AMBER, TLP_GREEN } from '../../../test/support/factories.js';
import { parseMicros } from '../clock.js';
import type { ObjectQuery, PreparedObject, Store } from '../port.js';
import { prepareObject } from '../prepare.js';
import { auditContract } from './audit.case.js';
import { collectionsContract } from './collections.case.js';
import { feedsContract } from './feeds.case.js';
import { assetsContract } from './assets.case.js';
import { detectionsContract } from './detections.case.js';
import { observationsContract } from './observations.case.js';
import { savedExportsContract } from './exports.case.js';
import { identityContract } from './identity.case.js';
import { publicationsContract } from './publications.case.js';
import { retractionsContract } from './retractions.case.js';
import { visibilityContract } from './visibility.case.js';

/** Opens stores on one fresh database; `open` may be called again to reopen the same data. */
export interface StoreFactory {
  open(): Promise<Store>;
  /** Drops the database. */
  destroy(): Promise<void>;
}

type Obj = Record<string, unknown>;
const prep = (o: Obj): PreparedObject => prepareObject(o);

async function all(store: Store, q: Omit<ObjectQuery, 'limit'> = {}, page = 3): Promise<string[]> {
  const seen: string[] = [];
  let after = q.after ?? 0;
  for (;;) {
    const res = await store.objects.list({ ...q, after, limit: page });
    for (const o of res.items) seen.push(`${o.id}@${o.version}`);
    if (!res.more) return seen;
    after = res.items.at(-1)?.added ?? after;
  }
}

export function storeContract(name: string, makeFactory: () => Promise<StoreFactory>): void {
  describe(`store contract: ${name}`, () => {
    let factory: StoreFactory;
    let store: Store;
    beforeEach(async () => {
      factory = await makeFactory();
      store = await factory.open();
    });
    afterEach(async () => {
      vi.useRealTimers();
      // Either may be missing when the factory itself failed; report that failure, not a TypeError.
      await (store as Store | undefined)?.close();
      await (factory as StoreFactory | undefined)?.destroy();
    });

    it('stores an object exactly and reports new, then unchanged', async () => {
      const ind = buildIndicator({ x_custom_thing: { nested: [1, 2.5, 'ü'] } });
      const [first] = await store.objects.put([prep(ind)]);
      expect(first?.status).toBe('new');
      const [again] = await store.objects.put([prep(ind)]);
      expect(again).toEqual({ status: 'unchanged', added: (first as { added: number }).added });
      const versions = await store.objects.versions(String(ind.id));
      expect(versions).toHaveLength(1);
      expect(JSON.parse(versions[0]!.json)).toEqual(ind);
      expect(versions[0]).toMatchObject({ id: ind.id, type: 'indicator', specVersion: '2.1', version: ind.modified, latest: true, first: true, revoked: false });
    });

    it('rejects the same version with different content as a conflict and keeps the first', async () => {
      const ind = buildIndicator();
      await store.objects.put([prep(ind)]);
      const [out] = await store.objects.put([prep({ ...ind, name: 'changed without a new modified' })]);
      expect(out).toMatchObject({ status: 'conflict', code: 'store.version-conflict' });
      const versions = await store.objects.versions(String(ind.id));
      expect(versions.map((v) => (JSON.parse(v.json) as Obj).name)).toEqual([ind.name]);
    });

    it('treats the same instant written with different precision as the same version', async () => {
      const ind = buildIndicator({ created: '2024-03-01T10:00:00.100Z', modified: '2024-03-01T10:00:00.100Z' });
      await store.objects.put([prep(ind)]);
      const [out] = await store.objects.put([prep({ ...ind, modified: '2024-03-01T10:00:00.1000Z' })]);
      expect(out?.status).toBe('conflict');
    });

    it('keeps every version; the newest is latest, the oldest first, whatever the arrival order', async () => {
      const v1 = buildIndicator();
      const v2 = nextVersion(v1, { name: 'v2' });
      const v3 = nextVersion(v2, { name: 'v3' });
      expect((await store.objects.put([prep(v1), prep(v3)])).map((o) => o.status)).toEqual(['new', 'new-version']);
      expect((await store.objects.put([prep(v2)]))[0]?.status).toBe('new-version');
      const versions = await store.objects.versions(String(v1.id));
      expect(versions.map((v) => [v.version, v.latest, v.first])).toEqual([
        [v1.modified, false, true], [v2.modified, false, false], [v3.modified, true, false],
      ]);
      const last = await store.objects.list({ ids: [String(v1.id)], limit: 10 });
      expect(last.items.map((o) => o.version)).toEqual([v3.modified]);
      const first = await store.objects.list({ ids: [String(v1.id)], versions: 'first', limit: 10 });
      expect(first.items.map((o) => o.version)).toEqual([v1.modified]);
      const allV = await store.objects.list({ ids: [String(v1.id)], versions: 'all', limit: 10 });
      expect(allV.items).toHaveLength(3);
      const exact = await store.objects.list({ ids: [String(v1.id)], versionTimestamps: [String(v2.modified)], limit: 10 });
      expect(exact.items.map((o) => o.version)).toEqual([v2.modified]);
    });

    it('refuses a version after a revoked one, but keeps older history', async () => {
      const v1 = buildIndicator();
      const v2 = nextVersion(v1);
      const v3 = nextVersion(v2, { revoked: true });
      await store.objects.put([prep(v1), prep(v3)]);
      const [later] = await store.objects.put([prep(nextVersion(v3, { revoked: false }))]);
      expect(later).toMatchObject({ status: 'rejected', code: 'store.after-revoked' });
      const [older] = await store.objects.put([prep(v2)]);
      expect(older?.status).toBe('new-version');
      const versions = await store.objects.versions(String(v1.id));
      expect(versions.map((v) => [v.latest, v.revoked])).toEqual([[false, false], [false, false], [true, true]]);
    });

    it('keeps each distinct content of an unversioned SCO, versioned by date_added', async () => {
      const ip = buildIpv4();
      const [a] = await store.objects.put([prep(ip)]);
      expect((await store.objects.put([prep(ip)]))[0]?.status).toBe('unchanged');
      const [b] = await store.objects.put([prep({ ...ip, x_seen_by: 'another member' })]);
      expect(b?.status).toBe('new-version');
      const versions = await store.objects.versions(String(ip.id));
      expect(versions).toHaveLength(2);
      for (const v of versions) expect(parseMicros(v.version)).toBe(v.added);
      expect(versions.map((v) => v.latest)).toEqual([false, true]);
      expect(a && 'added' in a && b && 'added' in b && a.added < b.added).toBe(true);
    });

    it('stamps date_added strictly increasing, across batches and a system clock step back', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2031-05-05T12:00:00.000Z'));
      const first = await store.objects.put([prep(buildIndicator()), prep(buildIndicator())]);
      vi.setSystemTime(new Date('2020-01-01T00:00:00.000Z')); // the clock steps back 11 years
      const second = await store.objects.put([prep(buildIndicator())]);
      const stamps = [...first, ...second].map((o) => ('added' in o ? o.added : -1));
      expect(stamps[0]).toBe(Date.UTC(2031, 4, 5, 12) * 1000);
      for (let i = 1; i < stamps.length; i++) expect(stamps[i]).toBeGreaterThan(stamps[i - 1]!);
      expect(await store.objects.lastAdded()).toBe(stamps.at(-1));
    });

    it('gives an exclusive role to one holder at a time, again once released or closed', async () => {
      const other = await factory.open();
      try {
        const lease = await store.exclusive('sync');
        expect(lease).toBeDefined();
        expect(await other.exclusive('sync')).toBeUndefined();
        expect(await store.exclusive('sync')).toBeUndefined(); // not reentrant: one holder, one lease
        await lease?.release();
        await lease?.release(); // idempotent
        const taken = await other.exclusive('sync');
        expect(taken).toBeDefined();
        expect(await store.exclusive('sync')).toBeUndefined();
        await other.close(); // closing the store gives the role up
        const back = await store.exclusive('sync');
        expect(back).toBeDefined();
        await back?.release();
      } finally {
        await other.close();
      }
    });

    it('announces changes another connection makes, and stops announcing when told', async () => {
      const other = await factory.open();
      try {
        const heard: number[] = [];
        const watch = await store.watch((n) => heard.push(n), { pollMs: 20 });
        const [put] = await other.objects.put([prep(buildIndicator())]);
        const added = (put as { added: number }).added;
        for (const deadline = Date.now() + 5000; !heard.includes(added) && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 10));
        expect(heard).toContain(added);
        await watch.stop();
        const count = heard.length;
        await other.objects.put([prep(buildIndicator())]);
        await new Promise((r) => setTimeout(r, 200));
        expect(heard).toHaveLength(count);
      } finally {
        await other.close();
      }
    });

    it('keeps the clock and the data across a reopen', async () => {
      const ind = buildIndicator();
      const [out] = await store.objects.put([prep(ind)]);
      await store.close();
      store = await factory.open();
      expect(await store.objects.lastAdded()).toBe((out as { added: number }).added);
      expect((await store.objects.versions(String(ind.id)))).toHaveLength(1);
      const [next] = await store.objects.put([prep(buildIndicator())]);
      expect((next as { added: number }).added).toBeGreaterThan((out as { added: number }).added);
    });

    it('writes a batch whole or not at all', async () => {
      const good = buildIndicator();
      const broken = { ...prep(buildIndicator()), type: null as unknown as string };
      await expect(store.objects.put([prep(good), broken])).rejects.toThrow();
      expect(await store.objects.versions(String(good.id))).toEqual([]);
      expect(await store.objects.lastAdded()).toBe(0);
      expect((await store.objects.put([prep(good)]))[0]?.status).toBe('new');
    });

    it('filters and pages in date_added order, every match exactly once', async () => {
      const mal = buildMalware({ name: 'Sandworm wiper', labels: ['wiper'] });
      const inds = Array.from({ length: 7 }, (_, i) => buildIndicator({
        labels: i % 2 === 0 ? ['even'] : ['odd'], object_marking_refs: [i < 3 ? TLP_AMBER : TLP_GREEN],
        description: i === 4 ? 'beacon to evil-relay.example.net seen' : 'nothing special',
        ...(i === 6 ? { created_by_ref: 'identity--0b7a8e7c-1a68-4d5a-9c7c-2a0c9f4d2b11' } : {}),
      }));
      const dom = buildDomain({ value: 'evil-relay.example.net' });
      await store.objects.put([prep(mal), ...inds.map(prep), prep(dom)]);
      const ids = (q: Omit<ObjectQuery, 'limit'>): Promise<string[]> => all(store, q).then((xs) => xs.map((x) => x.split('@')[0]!));
      expect(await ids({})).toEqual([mal.id, ...inds.map((i) => i.id), dom.id]);
      expect(await ids({ types: ['malware', 'domain-name'] })).toEqual([mal.id, dom.id]);
      expect(await ids({ labels: ['even'] })).toEqual([0, 2, 4, 6].map((i) => inds[i]!.id));
      expect(await ids({ labels: ['even', 'wiper'] })).toEqual([mal.id, ...[0, 2, 4, 6].map((i) => inds[i]!.id)]);
      expect(await ids({ markings: [TLP_AMBER], types: ['indicator'] })).toEqual([0, 1, 2].map((i) => inds[i]!.id));
      expect(await ids({ createdBy: ['identity--0b7a8e7c-1a68-4d5a-9c7c-2a0c9f4d2b11'] })).toEqual([inds[6]!.id]);
      expect(await ids({ text: 'evil-relay.example.net' })).toEqual([inds[4]!.id, dom.id]);
      expect(await ids({ text: 'sandworm' })).toEqual([mal.id]);
      expect(await ids({ text: 'sandw*' })).toEqual([mal.id]);
      expect(await ids({ text: '"  ' })).toEqual([]);
      expect(await ids({ specVersions: ['2.0'] })).toEqual([]);
      const bodies = await store.objects.listBodies({ labels: ['even'], limit: 10 });
      const full = await store.objects.list({ labels: ['even'], limit: 10 });
      expect(bodies.items).toEqual(full.items.map((o) => ({ added: o.added, json: o.json })));
      const firstTwo = await store.objects.list({ limit: 2 });
      expect(firstTwo.more).toBe(true);
      expect(await ids({ after: firstTwo.items[1]!.added })).toEqual([...inds.slice(1).map((i) => i.id), dom.id]);
    });

    it('filters by version timestamp', async () => {
      const old = buildIndicator({ created: '2020-01-01T00:00:00.000Z', modified: '2020-01-01T00:00:00.000Z' });
      const recent = buildIndicator({ created: '2025-01-01T00:00:00.000Z', modified: '2025-06-01T00:00:00.000Z' });
      await store.objects.put([prep(old), prep(recent)]);
      const res = await store.objects.list({ modifiedSince: '2024-12-31T23:59:59.999Z', limit: 10 });
      expect(res.items.map((o) => o.id)).toEqual([recent.id]);
      const until = await store.objects.list({ modifiedUntil: '2025-06-01T00:00:00.000Z', limit: 10 });
      expect(until.items.map((o) => o.id)).toEqual([old.id, recent.id]);
      const range = await store.objects.list({ modifiedSince: '2019-01-01T00:00:00Z', modifiedUntil: '2025-05-31T23:59:59.999Z', limit: 10 });
      expect(range.items.map((o) => o.id)).toEqual([old.id]);
    });

    it('counts facets over the filtered latest versions, exactly under the bound and as lower bounds above it', async () => {
      const creator = 'identity--0b7a8e7c-1a68-4d5a-9c7c-2a0c9f4d2b11';
      const a = buildIndicator({ labels: ['c2', 'botnet'], object_marking_refs: [TLP_GREEN], created_by_ref: creator, description: 'beacon to relay' });
      const b = buildIndicator({ labels: ['c2'], object_marking_refs: [TLP_AMBER], created_by_ref: creator });
      const m = buildMalware({ name: 'Relay wiper', labels: ['wiper'], object_marking_refs: [TLP_GREEN] });
      await store.objects.put([prep(a), prep(nextVersion(a)), prep(b), prep(m), prep(buildIpv4())]);
      const all = await store.objects.facets({}, 100);
      expect(all).toEqual({
        total: 4, bounded: false,
        type: [{ value: 'indicator', count: 2 }, { value: 'ipv4-addr', count: 1 }, { value: 'malware', count: 1 }],
        creator: [{ value: creator, count: 2 }, { value: String(m.created_by_ref), count: 1 }].sort((x, y) => y.count - x.count || (x.value < y.value ? -1 : 1)),
        marking: [{ value: TLP_GREEN, count: 2 }, { value: TLP_AMBER, count: 1 }],
        label: [{ value: 'c2', count: 2 }, { value: 'botnet', count: 1 }, { value: 'wiper', count: 1 }],
      });
      const green = await store.objects.facets({ markings: [TLP_GREEN] }, 100);
      expect([green.total, green.type]).toEqual([2, [{ value: 'indicator', count: 1 }, { value: 'malware', count: 1 }]]);
      const searched = await store.objects.facets({ text: 'relay', types: ['indicator'] }, 100);
      expect([searched.total, searched.label]).toEqual([1, [{ value: 'botnet', count: 1 }, { value: 'c2', count: 1 }]]);
      const bounded = await store.objects.facets({}, 2);
      expect([bounded.total, bounded.bounded]).toEqual([2, true]);
      expect(bounded.type.reduce((n, v) => n + v.count, 0)).toBeLessThanOrEqual(3);
      expect(await store.objects.facets({ text: '"  ' }, 100)).toMatchObject({ total: 0, bounded: false, type: [] });
    });

    it('counts by type, marking and creator over latest versions', async () => {
      const a = buildIndicator({ object_marking_refs: [TLP_GREEN] });
      await store.objects.put([prep(a), prep(nextVersion(a)), prep(buildIndicator({ object_marking_refs: [TLP_AMBER] })), prep(buildIpv4())]);
      const s = await store.objects.stats();
      expect(s.objects).toBe(3);
      expect(s.versions).toBe(4);
      expect(s.byType).toEqual({ indicator: 2, 'ipv4-addr': 1 });
      expect(s.byMarking).toEqual({ [TLP_GREEN]: 1, [TLP_AMBER]: 1 });
      expect(s.byCreator).toEqual({ [String(a.created_by_ref)]: 2, '(none)': 1 });
    });

    it('keeps node settings', async () => {
      expect(await store.meta.get('k')).toBeUndefined();
      await store.meta.set('k', 'v1');
      await store.meta.set('k', 'v2');
      expect(await store.meta.get('k')).toBe('v2');
      await store.ping();
    });

    identityContract(() => store);
    auditContract(() => store);
    collectionsContract(() => store);
    visibilityContract(() => store);
    publicationsContract(() => store);
    retractionsContract(() => store);
    feedsContract(() => store);
    savedExportsContract(() => store);
    assetsContract(() => store);
    detectionsContract(() => store);
    observationsContract(() => store);
  });
}
