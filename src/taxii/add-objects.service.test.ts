import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccordError, type CollectionRecord } from '../store/index.js';
import { buildIndicator, buildIpv4, nextVersion } from '../../test/support/factories.js';
import { rejectedWith } from '../../test/support/thrown.js';
import { tempSqliteStore, type TempStore } from '../../test/support/store.js';
import { AddObjectsService } from './add-objects.service.js';
import { ensureDefaultCollection, type TaxiiAudit } from './collections.service.js';
import { prepareEnvelope } from './prepare.js';
import type { TaxiiRequester } from './read-filter.js';

const requester: TaxiiRequester = { kind: 'local', userId: 'u-1', username: 'ana', roles: ['analyst'], actor: 'user:ana' };
const body = (v: unknown): Buffer => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));

class RecordingAudit implements TaxiiAudit {
  readonly events: { action: string; target?: string; details?: Readonly<Record<string, unknown>> }[] = [];
  record(e: { action: string; target?: string; details?: Readonly<Record<string, unknown>> }): Promise<void> {
    this.events.push(e);
    return Promise.resolve();
  }
}

describe('TAXII Add Objects (§5.5)', () => {
  let t: TempStore;
  let audit: RecordingAudit;
  let all: CollectionRecord;
  let services: AddObjectsService[];
  beforeEach(async () => {
    t = await tempSqliteStore();
    audit = new RecordingAudit();
    all = (await ensureDefaultCollection(t.store)) as CollectionRecord;
    services = [];
  });
  afterEach(async () => {
    for (const s of services) await s.close();
    await t.dispose();
  });

  const service = (batchSize?: number): AddObjectsService => {
    const s = new AddObjectsService(t.store, audit, { workers: 0, ...(batchSize !== undefined ? { batchSize } : {}) });
    services.push(s);
    return s;
  };
  const add = (collection: CollectionRecord, b: Buffer | undefined, batchSize?: number) =>
    service(batchSize).add({ collection, requester, body: b, receivedMicros: Date.UTC(2026, 10, 27, 9) * 1000 + 123456 });

  it('refuses what is not a well-formed envelope with objects, saying why', () => {
    const cases: [Buffer | undefined, string, RegExp][] = [
      [undefined, 'unreadable', /no body/], [body(''), 'unreadable', /no body/], [body('{"objects": ['), 'unreadable', /not well-formed JSON.*line 1/],
      [body('{"objects": [], "objects": []}'), 'unreadable', /duplicate/], [Buffer.from([0x7b, 0xff, 0x7d]), 'unreadable', /UTF-8/],
      [body('[]'), 'not-envelope', /TAXII envelope/], [body('{"objects": {}}'), 'not-envelope', /list/],
      [body('{}'), 'not-envelope', /no "objects"/], [body('{"objects": []}'), 'not-envelope', /empty list/],
    ];
    for (const [b, reason, message] of cases) {
      const r = prepareEnvelope(b, [], 'v');
      expect('refused' in r && r.refused.reason, String(b)).toBe(reason);
      expect('refused' in r && r.refused.message, String(b)).toMatch(message);
    }
    expect(prepareEnvelope(body({ more: false, objects: [1] }), [], 'v')).toEqual({ entries: [{ ok: false, failure: { id: 'objects[0]', version: 'v', message: expect.any(String) as string } }] });
  });

  it('writes concurrent requests for the same collection together, each with its own outcomes', async () => {
    const s = service();
    const envelopes = Array.from({ length: 4 }, () => Array.from({ length: 3 }, () => buildIndicator()));
    const results = await Promise.all(envelopes.map((objects) => s.add({ collection: all, requester, body: body({ objects }), receivedMicros: 1 })));
    results.forEach((r, i) => expect(r.status.successes.map((x) => x.id)).toEqual(envelopes[i]?.map((o) => o.id)));
    // Each request's date_added range holds only its own versions.
    const ranges = results.map((r) => ({ first: r.summary.firstAdded ?? 0, last: r.summary.lastAdded ?? 0 }));
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]?.first).toBeGreaterThan(ranges[i - 1]?.last ?? Infinity);
  });

  it('stores valid objects, reports each failure with its id, version and reason, and audits the POST', async () => {
    const ind = buildIndicator();
    const ip = buildIpv4();
    const stale = buildIndicator();
    await add(all, body({ objects: [stale] }));
    const conflicting = { ...stale, description: 'other content, same version' };
    const { status, summary } = await add(all, body({
      objects: [ind, ip, { type: 'indicator', id: 'indicator--0f3b5ad1-5e39-4d1c-9d6e-1f0d6a1c2b3e', modified: '2024-01-01T00:00:00.000Z' }, 42, stale, conflicting, nextVersion(ind)],
    }));
    expect(status).toMatchObject({ status: 'complete', totalCount: 7, successCount: 4, failureCount: 3, pendingCount: 0, requestTimestamp: '2026-11-27T09:00:00.123456Z', ownerId: 'u-1', collectionId: all.id });
    expect(status.successes.map((x) => x.id)).toEqual([ind.id, ip.id, stale.id, ind.id]);
    expect(status.successes[1]?.version).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/); // unversioned: its date_added
    expect(status.successes[2]).toEqual({ id: stale.id, version: stale.modified, message: 'already held: unchanged' });
    expect(status.failures).toEqual([
      { id: 'indicator--0f3b5ad1-5e39-4d1c-9d6e-1f0d6a1c2b3e', version: '2024-01-01T00:00:00.000Z', message: expect.stringMatching(/^\[schema\.required\]/) as string },
      { id: 'objects[3]', version: '2026-11-27T09:00:00.123456Z', message: expect.stringMatching(/object/) as string },
      { id: stale.id, version: stale.modified, message: expect.stringMatching(/^store\.version-conflict/) as string },
    ]);
    expect(await t.store.statuses.get(status.id)).toEqual(status);
    expect(summary).toMatchObject({ new: 2, newVersions: 1, unchanged: 1, failed: 3 });
    expect(audit.events.at(-1)).toMatchObject({ action: 'object.imported', target: `taxii-collection:${all.id}`, details: { via: 'taxii', status: status.id, new: 2, newVersions: 1, failed: 3 } });
    expect((await t.store.objects.versions(String(ind.id))).length).toBe(2);
  });

  it('adds to a members collection what it stores or already holds, batch by batch', async () => {
    const held = buildIndicator();
    await add(all, body({ objects: [held] }));
    const c: CollectionRecord = { ...all, id: '4f9e6a02-7c1d-4b8e-9a3f-2d5c8e1b7a60', alias: null, scope: 'members', title: 'Feed' };
    await t.store.collections.create(c);
    const fresh = Array.from({ length: 5 }, () => buildIndicator());
    const before = audit.events.length;
    const { status } = await add(c, body({ objects: [held, ...fresh] }), 2);
    expect(status.successCount).toBe(6);
    const page = await t.store.objects.list({ collection: c.id, limit: 10, versions: 'all' });
    expect(page.items.map((o) => o.id)).toEqual([held.id, ...fresh.map((o) => o.id)]);
    expect(audit.events.length).toBe(before + 1);
  });

  it('uses extension-definitions stored earlier or sent earlier in the same envelope', async () => {
    const ext = {
      type: 'extension-definition', spec_version: '2.1', id: 'extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e',
      created_by_ref: 'identity--7f3c2a10-3b1e-4c55-9a3d-2f6b8e0c4d11', created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z',
      name: 'Test SDO', schema: 'https://example.com/schema.json', version: '1.0.0', extension_types: ['new-sdo'],
    };
    const custom = {
      type: 'x-test-thing', spec_version: '2.1', id: 'x-test-thing--6d2c2b1a-1f4e-4b51-8e0a-7b1d0c9e8f7a', created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z',
      extensions: { [ext.id]: { extension_type: 'new-sdo' } },
    };
    const { status } = await add(all, body({ objects: [ext, custom] }));
    expect(status.failures).toEqual([]);
    expect(status.successCount).toBe(2);
  });

  it('stores nothing when the envelope is refused', async () => {
    const last = await t.store.objects.lastAdded();
    await rejectedWith(add(all, body(`{"objects": [${JSON.stringify(buildIndicator())}, {"id": 1, "id": 2}]}`)), AccordError);
    expect(await t.store.objects.lastAdded()).toBe(last);
    expect(audit.events).toEqual([]);
  });
});
