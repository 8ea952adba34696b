// The TAXII 2.1 server through real HTTP on a real node (SQLite; PostgreSQL for the concurrency
// case): every endpoint, the filters and their defaults, paging under concurrent writes, access
// per collection, and the bad input of issue 4 — each answered with the spec's status and an
// error message resource, nothing stored half, and the node still serving.
import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/store/index.js';
import { createTestDatabase } from '../src/store/postgres/test-support/database.js';
import { initNodeDir, runAccord, startNode } from './support/cli.js';
import { buildIndicator, buildIpv4, buildMalware, nextVersion } from './support/factories.js';
import { startTestNode, TEST_PASSWORD, type TestNode } from './support/node-app.js';

type Obj = Record<string, unknown>;
const TAXII = 'application/taxii+json;version=2.1';
const ROOT = '/taxii2/accord/';

interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Obj;
}

/** A TAXII client for one principal (a Bearer token or Basic credentials). */
function client(node: TestNode, auth: string) {
  const headers = (extra: Record<string, string> = {}): Record<string, string> => ({ authorization: auth, accept: TAXII, ...extra });
  const reply = async (res: Response): Promise<Reply> => {
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text === '' ? {} : (JSON.parse(text) as Obj) };
  };
  return {
    get: async (path: string, extra?: Record<string, string>): Promise<Reply> => reply(await fetch(`${node.url}${path}`, { headers: headers(extra) })),
    post: async (path: string, body: unknown, extra?: Record<string, string>): Promise<Reply> => reply(await fetch(`${node.url}${path}`, {
      method: 'POST', headers: headers({ 'content-type': TAXII, ...extra }), body: typeof body === 'string' || body instanceof Buffer ? body : JSON.stringify(body),
    })),
    del: async (path: string): Promise<Reply> => reply(await fetch(`${node.url}${path}`, { method: 'DELETE', headers: headers() })),
  };
}
type Client = ReturnType<typeof client>;

/** A request sent exactly as written (no URL normalisation), for paths with `..` and odd headers. */
function raw(node: TestNode, path: string, headers: Record<string, string>): Promise<{ status: number; type: string | undefined; body: Obj }> {
  const url = new URL(node.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d)).on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body: JSON.parse(text) as Obj }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** §3.6.1: a TAXII error message resource for `status`. */
function expectError(r: Reply | { status: number; body: Obj; type?: string | undefined; headers?: Headers }, status: number, code?: string): void {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  const type = 'headers' in r && r.headers !== undefined ? r.headers.get('content-type') : (r as { type?: string }).type;
  expect(type).toBe(TAXII);
  expect(r.body).toMatchObject({ title: expect.any(String) as string, description: expect.any(String) as string, http_status: String(status), error_id: expect.any(String) as string });
  if (code !== undefined) expect(r.body.error_code).toBe(code);
}

const objectsOf = (r: Reply): Obj[] => (r.body.objects ?? []) as Obj[];
const idsOf = (r: Reply): unknown[] => objectsOf(r).map((o) => o.id);

describe('TAXII 2.1 server', () => {
  let node: TestNode;
  let analyst: Client;
  let observer: Client;
  let admin: Client;
  let other: Client;
  let collectionId: string;
  let col: string;

  beforeAll(async () => {
    node = await startTestNode();
    analyst = client(node, `Bearer ${await node.userWithToken('ana', ['analyst'])}`);
    observer = client(node, `Bearer ${await node.userWithToken('obi', ['observer'])}`);
    admin = client(node, `Bearer ${await node.userWithToken('root', ['admin'])}`);
    other = client(node, `Bearer ${await node.userWithToken('otto', ['analyst'])}`);
    const list = await analyst.get(`${ROOT}collections/`);
    collectionId = String((list.body.collections as Obj[])[0]?.id);
    col = `${ROOT}collections/${collectionId}/`;
  });
  afterAll(() => node.close());

  it('serves discovery, the API root and the collections with can_read / can_write for the requester', async () => {
    const d = await analyst.get('/taxii2/');
    expect(d.status).toBe(200);
    expect(d.headers.get('content-type')).toBe(TAXII);
    expect(d.body).toMatchObject({ default: ROOT, api_roots: [ROOT] });
    const root = await observer.get(ROOT);
    expect(root.body).toEqual({ title: 'Accord', description: expect.any(String) as string, versions: [TAXII], max_content_length: 1 << 20 });
    expect((await analyst.get(`${ROOT}collections/`)).body.collections).toEqual([expect.objectContaining({ id: collectionId, alias: 'default', can_read: true, can_write: true, media_types: ['application/stix+json;version=2.1'] })]);
    expect((await observer.get(col)).body).toMatchObject({ id: collectionId, can_read: true, can_write: false });
    expect((await observer.get(`${ROOT}collections/default/`)).body).toMatchObject({ id: collectionId });
    // HTTP Basic, as TAXII clients use it (§1.6.9).
    const basic = client(node, `Basic ${Buffer.from(`obi:${TEST_PASSWORD}`).toString('base64')}`);
    expect((await basic.get(col)).status).toBe(200);
    // Administrators run the node but read no intelligence.
    expectError(await admin.get('/taxii2/'), 403);
    const anonymous = await fetch(`${node.url}/taxii2/`, { headers: { accept: TAXII } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/Basic/);
  });

  it('adds objects (202, a complete status), pollable by its owner and administrators only', async () => {
    const objects = [buildIndicator(), buildMalware(), { type: 'indicator', id: 'indicator--9d2b7a4e-1c3f-4e5a-8b6c-7d8e9f0a1b2c', spec_version: '2.1' }];
    const r = await analyst.post(`${col}objects/`, { objects });
    expect(r.status).toBe(202);
    expect(r.headers.get('content-type')).toBe(TAXII);
    expect(r.body).toMatchObject({ status: 'complete', total_count: 3, success_count: 2, failure_count: 1, pending_count: 0 });
    expect(r.body.request_timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect((r.body.failures as Obj[])[0]).toMatchObject({ id: 'indicator--9d2b7a4e-1c3f-4e5a-8b6c-7d8e9f0a1b2c', message: expect.stringContaining('schema.required') as string });
    const statusPath = `${ROOT}status/${String(r.body.id)}/`;
    expect((await analyst.get(statusPath)).body).toEqual(r.body);
    expect((await admin.get(statusPath)).status).toBe(200);
    expectError(await other.get(statusPath), 404, 'taxii.no-such-status');
    expectError(await analyst.get(`${ROOT}status/not-a-uuid/`), 404);
    // The same objects again: no error for exact duplicates (§5.5).
    const again = await analyst.post(`${col}objects/`, { objects: objects.slice(0, 2) });
    expect(again.body).toMatchObject({ success_count: 2, failure_count: 0 });
    const entries = await node.store.audit.query({ limit: 1000, afterSeq: 0, action: 'object.imported' });
    expect(entries.length).toBe(1);
    expect(entries[0]).toMatchObject({ actor: expect.stringMatching(/^user:ana\/token:/) as string, target: `taxii-collection:${collectionId}` });
    // A read-only requester may not write: 403 (it can see the collection).
    expectError(await observer.post(`${col}objects/`, { objects: [buildIndicator()] }), 403);
  });

  it('filters by id, type, version and spec_version, with the spec\'s defaults', async () => {
    const v1 = buildIndicator({ labels: ['filters'] });
    const v2 = nextVersion(v1);
    const v3 = nextVersion(v2);
    const m = buildMalware();
    const ip = buildIpv4();
    await analyst.post(`${col}objects/`, { objects: [v1, v2, v3, m, ip] });
    const ids = `match[id]=${String(v1.id)},${String(m.id)},${String(ip.id)}`;
    const get = (q: string) => analyst.get(`${col}objects/?${ids}&${q}`);
    // Default: the latest version of each object, in date_added order.
    expect(objectsOf(await get('')).map((o) => o.modified ?? o.id)).toEqual([v3.modified, m.modified, ip.id]);
    expect(objectsOf(await get('match[version]=first')).filter((o) => o.id === v1.id).map((o) => o.modified)).toEqual([v1.modified]);
    expect(objectsOf(await get('match[version]=all')).filter((o) => o.id === v1.id).map((o) => o.modified)).toEqual([v1.modified, v2.modified, v3.modified]);
    expect(objectsOf(await get('match[version]=first,last&match[type]=indicator')).map((o) => o.modified)).toEqual([v1.modified, v3.modified]);
    expect(objectsOf(await get(`match[version]=${String(v2.modified)}`)).map((o) => o.modified)).toEqual([v2.modified]);
    // The same instant written with more digits is the same version; ORed with first.
    expect(objectsOf(await get(`match[type]=indicator&match[version]=${String(v2.modified).replace('Z', '000Z')},first`)).map((o) => o.modified)).toEqual([v1.modified, v2.modified]);
    expect(idsOf(await get('match[type]=malware,ipv4-addr'))).toEqual([m.id, ip.id]);
    expect(idsOf(await get('match[spec_version]=2.0'))).toEqual([]);
    expect(idsOf(await get('match[spec_version]=2.0,2.1'))).toHaveLength(3);
    // Unknown match fields are ignored (§3.4); a STIX type nobody holds is no error.
    expect(idsOf(await get('match[confidence]=90&match[type]=x-nothing-here'))).toEqual([]);
    // added_after: strictly after the date_added shown in the headers.
    const all = await get('match[version]=all');
    const first = objectsOf(all).length;
    const after = await get(`match[version]=all&added_after=${String(all.headers.get('x-taxii-date-added-first'))}`);
    expect(objectsOf(after)).toHaveLength(first - 1);
    // The manifest filters the same way and describes each version.
    const manifest = await analyst.get(`${col}manifest/?match[id]=${String(v1.id)}&match[version]=all`);
    expect(manifest.body.objects).toEqual([v1, v2, v3].map((v) => ({ id: v1.id, date_added: expect.stringMatching(/\.\d{6}Z$/) as string, version: v.modified, media_type: 'application/stix+json;version=2.1' })));
    expect(manifest.headers.get('x-taxii-date-added-first')).toBe((manifest.body.objects as Obj[])[0]?.date_added);
    expect(manifest.headers.get('x-taxii-date-added-last')).toBe((manifest.body.objects as Obj[])[2]?.date_added);
    // One object, its versions.
    expect(objectsOf(await analyst.get(`${col}objects/${String(v1.id)}/`)).map((o) => o.modified)).toEqual([v3.modified]);
    expect(objectsOf(await analyst.get(`${col}objects/${String(v1.id)}/?match[version]=all&limit=2`))).toHaveLength(2);
    const versions = await analyst.get(`${col}objects/${String(v1.id)}/versions/`);
    expect(versions.body).toEqual({ more: false, versions: [v1.modified, v2.modified, v3.modified] });
    expect(versions.headers.get('x-taxii-date-added-first')).toMatch(/\.\d{6}Z$/);
    // An unversioned SCO's version is its date_added, usable as match[version].
    const ipVersion = ((await analyst.get(`${col}objects/${String(ip.id)}/versions/`)).body.versions as string[])[0];
    expect(idsOf(await analyst.get(`${col}objects/${String(ip.id)}/?match[version]=${String(ipVersion)}`))).toEqual([ip.id]);
  });

  it('pages with limit and next; next works only with the same filters, also after a restart', async () => {
    const objects = Array.from({ length: 23 }, () => buildIndicator({ labels: ['paging'] }));
    await analyst.post(`${col}objects/`, { objects });
    const query = `match[id]=${objects.map((o) => String(o.id)).join(',')}`;
    const seen: unknown[] = [];
    let next: string | undefined;
    let lastDate = '';
    for (;;) {
      const page: Reply = await observer.get(`${col}objects/?${query}&limit=5${next !== undefined ? `&next=${encodeURIComponent(next)}` : ''}`);
      expect(page.status).toBe(200);
      const firstDate = String(page.headers.get('x-taxii-date-added-first'));
      expect(firstDate > lastDate).toBe(true);
      lastDate = String(page.headers.get('x-taxii-date-added-last'));
      seen.push(...idsOf(page));
      if (page.body.more !== true) {
        expect(page.body.next).toBeUndefined();
        break;
      }
      next = String(page.body.next);
    }
    expect(seen).toEqual(objects.map((o) => o.id));
    // A cursor from one query is refused with another (400), and a forged one too.
    const first = await observer.get(`${col}objects/?${query}&limit=5`);
    const cursor = encodeURIComponent(String(first.body.next));
    expectError(await observer.get(`${col}objects/?match[type]=malware&limit=5&next=${cursor}`), 400, 'cursor.mismatch');
    expectError(await observer.get(`${col}manifest/?${query}&limit=5&next=${cursor}`), 400, 'cursor.mismatch');
    expectError(await observer.get(`${col}objects/?${query}&next=${Buffer.from('{"v":1,"a":1e30,"f":"x"}').toString('base64url')}`), 400, 'cursor.invalid');
    // limit may change between pages; the cursor holds on another app instance (a restart, another process).
    const second = await startTestNode({ store: node.store });
    try {
      const token = await second.userWithToken('obi2', ['observer']);
      const r = await client(second, `Bearer ${token}`).get(`${col}objects/?${query}&limit=50&next=${cursor}`);
      expect(idsOf(r)).toEqual(objects.slice(5).map((o) => o.id));
      expect(r.body.more).toBe(false);
    } finally {
      await second.close();
    }
    // Without a client limit the server's page size applies; an empty result is an envelope without objects.
    expect((await observer.get(`${col}objects/?match[type]=x-nothing-here`)).body).toEqual({ more: false });
  });

  it('deletes an object or some of its versions; it is then gone (404) and the delete is audited', async () => {
    const v1 = buildIndicator();
    const v2 = nextVersion(v1);
    const keep = buildIndicator();
    await analyst.post(`${col}objects/`, { objects: [v1, v2, keep] });
    const path = `${col}objects/${String(v1.id)}/`;
    expectError(await observer.del(path), 403); // no objects:write
    const d = await analyst.del(`${path}?match[version]=${String(v2.modified)}`);
    expect(d.status).toBe(200);
    expect(d.headers.get('content-type')).toBe(TAXII);
    expectError(await analyst.get(`${path}?match[version]=${String(v2.modified)}`), 404, 'taxii.no-such-object');
    expect(objectsOf(await analyst.get(path)).map((o) => o.modified)).toEqual([v1.modified]);
    expect((await analyst.del(path)).status).toBe(200);
    expectError(await analyst.get(path), 404);
    expectError(await analyst.get(`${path}versions/`), 404);
    expectError(await analyst.del(path), 404);
    expect(idsOf(await analyst.get(`${col}objects/?match[id]=${String(v1.id)},${String(keep.id)}`))).toEqual([keep.id]);
    expect(await node.store.objects.versions(String(v1.id))).toEqual([]);
    const entries = await node.store.audit.query({ limit: 10, afterSeq: 0, action: 'object.deleted' });
    expect(entries.map((e) => e.target)).toEqual([`object:${String(v1.id)}`, `object:${String(v1.id)}`]);
    expect(JSON.parse(entries[0]?.details ?? '{}')).toMatchObject({ via: 'taxii', removed: 1, versions: [v2.modified] });
  });

  it('keeps members collections to themselves: can_read / can_write per collection, 403 or 404', async () => {
    const adminToken = await node.userWithToken('cfg', ['admin']);
    const api = (method: string, path: string, body?: unknown) => fetch(`${node.url}${path}`, {
      method, headers: { authorization: `Bearer ${adminToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const res = await api('POST', '/api/v1/collections', { title: 'Partner feed', alias: 'partner-feed', readers: ['user:ana', 'user:obi'], writers: ['user:ana'] });
    expect(res.status).toBe(201);
    const feed = (await res.json()) as { id: string; url: string; scope: string };
    expect(feed).toMatchObject({ scope: 'members', url: `${ROOT}collections/${feed.id}/` });
    const fc = `${ROOT}collections/${feed.id}/`;
    const held = buildIndicator();
    await analyst.post(`${col}objects/`, { objects: [held] });
    const fresh = buildMalware();
    expect((await analyst.post(`${fc}objects/`, { objects: [held, fresh] })).body).toMatchObject({ success_count: 2 });
    // Only what was added to it; an object it holds is also in the default collection (the whole store).
    expect(idsOf(await observer.get(`${fc}objects/`))).toEqual([held.id, fresh.id]);
    expect(idsOf(await observer.get(`${col}objects/?match[id]=${String(fresh.id)}`))).toEqual([fresh.id]);
    // Someone not named sees nothing of it (404); a reader may not write (403).
    expect(((await other.get(`${ROOT}collections/`)).body.collections as Obj[]).map((c) => c.id)).toEqual([collectionId]);
    expectError(await other.get(fc), 404, 'taxii.no-such-collection');
    expectError(await other.get(`${fc}objects/`), 404);
    expectError(await other.post(`${fc}objects/`, { objects: [] }), 404);
    expectError(await observer.post(`${fc}objects/`, { objects: [] }), 403);
    expectError(await observer.del(`${fc}objects/${String(held.id)}/`), 403);
    // DELETE from a members collection takes the object out of it, not off the node.
    expect((await analyst.del(`${fc}objects/${String(held.id)}/`)).status).toBe(200);
    expect(idsOf(await observer.get(`${fc}objects/`))).toEqual([fresh.id]);
    expect(idsOf(await observer.get(`${col}objects/${String(held.id)}/`))).toEqual([held.id]);
    // Administration: change who reads, then remove it; every change in the audit log.
    expect((await api('PATCH', `/api/v1/collections/partner-feed`, { readers: ['role:observer'] })).status).toBe(200);
    expect((await api('GET', '/api/v1/collections')).status).toBe(200);
    expectError(await analyst.get(`${fc}objects/`), 403); // still a writer, no longer a reader
    expect((await api('DELETE', `/api/v1/collections/${feed.id}`)).status).toBe(204);
    expectError(await observer.get(fc), 404);
    expect((await api('DELETE', `/api/v1/collections/${feed.id}`)).status).toBe(404);
    expect((await api('POST', '/api/v1/collections', { title: 'x', readers: ['role:root'] })).status).toBe(400);
    const actions = (await node.store.audit.query({ limit: 1000, afterSeq: 0 })).map((e) => e.action).filter((a) => a.startsWith('collection.'));
    expect(actions).toEqual(['collection.created', 'collection.changed', 'collection.removed']);
  });

  describe('bad input: the spec\'s status and an error resource, nothing stored half, the node still serving', () => {
    const stillServing = async (): Promise<void> => {
      expect((await observer.get(`${col}objects/?limit=1`)).status).toBe(200);
    };

    it('a body that is not JSON: 400; JSON that is no envelope with objects: 422; nothing stored', async () => {
      const last = await node.store.objects.lastAdded();
      const good = JSON.stringify(buildIndicator());
      for (const body of [`{"objects": [${good}, {"type": "indicator",`, `{"objects": [${good}], "objects": []}`, '']) {
        expectError(await analyst.post(`${col}objects/`, body), 400, 'taxii.unreadable-body');
      }
      for (const body of ['[1, 2]', '{"objects": "x"}', '{"objects": []}', '{"more": false}']) {
        expectError(await analyst.post(`${col}objects/`, body), 422, 'taxii.bad-envelope');
      }
      expect(await node.store.objects.lastAdded()).toBe(last);
      await stillServing();
    });

    it('a POST above max_content_length (100,000 objects): 413, nothing stored', async () => {
      const last = await node.store.objects.lastAdded();
      const indicator = buildIndicator();
      const template = JSON.stringify(indicator);
      const id = String(indicator.id);
      const parts: string[] = [];
      for (let i = 0; i < 100_000; i++) parts.push(template.replace(id, `indicator--${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`));
      const body = `{"objects":[${parts.join(',')}]}`;
      expect(body.length).toBeGreaterThan(1 << 20);
      const r = await analyst.post(`${col}objects/`, body);
      expectError(r, 413);
      expect(await node.store.objects.lastAdded()).toBe(last);
      expect(await node.store.objects.versions('indicator--00000000-0000-4000-8000-000000000000')).toEqual([]);
      // Just within the limit is accepted (§4.2.1: smaller requests MUST NOT get 413).
      const small = `{"objects":[${parts.slice(0, Math.floor((1 << 20) / (template.length + 1)) - 1).join(',')}]}`;
      expect(small.length).toBeLessThanOrEqual(1 << 20);
      expect((await analyst.post(`${col}objects/`, small)).status).toBe(202);
      await stillServing();
    });

    it('invalid filters: 400', async () => {
      for (const q of ['match[version]=yesterday', 'limit=-1', 'limit=0', 'added_after=soon', 'match[type]=indicator&match[type]=malware', 'match[version]=all,first', 'next=forged']) {
        expectError(await observer.get(`${col}objects/?${q}`), 400);
        expectError(await observer.get(`${col}manifest/?${q}`), 400);
      }
      expectError(await observer.get(`${ROOT}collections/?limit=1`), 400, 'taxii.bad-filter');
      await stillServing();
    });

    it('unknown API roots, collections and paths without their trailing slash: 404', async () => {
      expectError(await observer.get('/taxii2/nope/'), 404);
      expectError(await observer.get('/taxii2/nope/collections/'), 404);
      expectError(await observer.get(`${ROOT}collections/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/objects/`), 404, 'taxii.no-such-collection');
      expectError(await observer.get(`${ROOT}collections`), 404);
      expectError(await observer.get('/taxii2'), 404);
      await stillServing();
    });

    it('path traversal in ids: 404, nothing outside the API answers', async () => {
      const headers = { authorization: `Bearer ${await node.userWithToken('trav', ['observer'])}`, accept: TAXII };
      for (const path of [
        `${col}objects/..%2F..%2Fetc/`, `${col}objects/..%2F..%2F..%2Fetc%2Fpasswd/`, `${col}objects/%2e%2e%2f%2e%2e%2fetc/versions/`,
        `${ROOT}collections/..%2F..%2Fetc/`, `${ROOT}collections/../../../etc/passwd/`, `${ROOT}status/..%2F..%2Fetc/`,
        `${ROOT}collections/${collectionId}/objects/indicator--..%2F..%2F/`,
      ]) {
        const r = await raw(node, path, headers);
        expectError(r, 404);
      }
      await stillServing();
    });

    it('wrong versions in Accept (406) and Content-Type (415)', async () => {
      expectError(await observer.get(ROOT, { accept: 'application/taxii+json;version=2.0' }), 406, 'taxii.not-acceptable');
      expectError(await observer.get(`${col}objects/`, { accept: 'application/vnd.oasis.taxii+json; version=2.0' }), 406);
      expectError(await observer.get(`${col}objects/`, { accept: 'application/json' }), 406);
      const last = await node.store.objects.lastAdded();
      expectError(await analyst.post(`${col}objects/`, { objects: [buildIndicator()] }, { 'content-type': 'application/taxii+json;version=2.0' }), 415, 'taxii.unsupported-media-type');
      expectError(await analyst.post(`${col}objects/`, { objects: [buildIndicator()] }, { 'content-type': 'application/json' }), 415);
      expectError(await analyst.post(`${col}objects/`, { objects: [buildIndicator()] }, { accept: 'application/taxii+json;version=2.0' }), 406);
      expect(await node.store.objects.lastAdded()).toBe(last);
      // Without a version, the media type means the latest this server supports: 2.1.
      expect((await observer.get(ROOT, { accept: 'application/taxii+json' })).status).toBe(200);
      expect((await analyst.post(`${col}objects/`, { objects: [buildIndicator()] }, { 'content-type': 'application/taxii+json' })).status).toBe(202);
      await stillServing();
    });
  });
});

describe('TAXII paging while another client posts (concurrency, issue 4)', () => {
  /**
   * One client posts envelopes continuously to one app instance; another pages through the default
   * collection of a second instance on the same database with limit/next (match[version]=all),
   * then follows on with added_after = X-TAXII-Date-Added-Last. Every object whose POST was
   * acknowledged before the reader's last page must have been seen, exactly once, in date_added order.
   */
  async function race(open: () => Promise<Store>): Promise<void> {
    const storeA = await open();
    const storeB = await open();
    const a = await startTestNode({ store: storeA, bodyLimit: 8 << 20 });
    const b = await startTestNode({ store: storeB });
    try {
      const writer = client(a, `Bearer ${await a.userWithToken('writer', ['analyst'])}`);
      const reader = client(b, `Bearer ${await b.userWithToken('reader', ['observer'])}`);
      const coll = `${ROOT}collections/default/objects/`;
      const acknowledged = new Set<string>();
      let writing = true;
      const writes = (async () => {
        for (let i = 0; i < 30; i++) {
          const objects = Array.from({ length: 40 }, () => buildIndicator());
          const r = await writer.post(coll, { objects });
          expect(r.body.success_count).toBe(40);
          for (const o of objects) acknowledged.add(String(o.id));
        }
      })().finally(() => {
        writing = false;
      });
      const seen: string[] = [];
      const dates: string[] = [];
      let pagesWhileWriting = 0;
      const reads = (async () => {
        let addedAfter: string | undefined;
        for (;;) {
          // Decided before the request: every POST acknowledged by now committed before this page is read.
          const finalPass = !writing;
          const before = new Set(acknowledged);
          let next: string | undefined;
          for (;;) {
            const q = [`match[version]=all`, `limit=17`, ...(addedAfter !== undefined ? [`added_after=${addedAfter}`] : []), ...(next !== undefined ? [`next=${encodeURIComponent(next)}`] : [])];
            const page = await reader.get(`${coll}?${q.join('&')}`);
            expect(page.status).toBe(200);
            for (const o of objectsOf(page)) seen.push(String(o.id));
            if (objectsOf(page).length > 0) {
              dates.push(String(page.headers.get('x-taxii-date-added-first')), String(page.headers.get('x-taxii-date-added-last')));
              if (!finalPass) pagesWhileWriting++;
            }
            if (page.body.more !== true) {
              if (page.headers.get('x-taxii-date-added-last') !== null) addedAfter = String(page.headers.get('x-taxii-date-added-last'));
              break;
            }
            next = String(page.body.next);
          }
          if (finalPass) {
            const seenSet = new Set(seen);
            const missed = [...before].filter((id) => !seenSet.has(id));
            expect(missed, `missed ${missed.length} acknowledged objects`).toEqual([]);
            return;
          }
        }
      })();
      await Promise.all([writes, reads]);
      expect(pagesWhileWriting, 'the reader must have raced the writer').toBeGreaterThan(3);
      expect(new Set(seen).size, 'no object may be served twice').toBe(seen.length);
      for (const id of acknowledged) expect(seen).toContain(id);
      for (let i = 1; i < dates.length; i++) expect(dates[i]! >= dates[i - 1]!).toBe(true);
    } finally {
      await a.close();
      await b.close();
      await storeA.close();
      await storeB.close();
    }
  }

  it('on SQLite (two app instances on one database file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-taxii-race-'));
    try {
      await race(() => openStore(`sqlite:${join(dir, 'accord.db')}`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on PostgreSQL (two app instances sharing the database)', async () => {
    const db = await createTestDatabase();
    try {
      await race(() => openStore(db.url));
    } finally {
      await db.drop();
    }
  });
});

describe('accord collection (command line)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'accord-collection-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the default collection made by init, and adds, updates and removes collections', async () => {
    const data = join(dir, 'node');
    await initNodeDir(data);
    const list = await runAccord(['collection', 'list', '--data', data, '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ alias: 'default', scope: 'all', readers: ['role:analyst', 'role:liaison', 'role:observer'], writers: ['role:analyst'] })]);
    const add = await runAccord(['collection', 'add', '--data', data, '--title', 'Partner feed', '--alias', 'partner', '--readers', 'role:analyst,user:omar', '--writers', 'role:analyst']);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toMatch(/scope members; readers role:analyst, user:omar; writers role:analyst/);
    const up = await runAccord(['collection', 'update', 'partner', '--data', data, '--title', 'Partner feed (CERT-X)', '--alias', '']);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).not.toMatch(/alias/);
    const bad = await runAccord(['collection', 'add', '--data', data, '--title', 'x', '--readers', 'role:root']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/role:<admin\|analyst\|liaison\|observer>/);
    const id = /^([0-9a-f-]{36}) {2}Partner feed \(CERT-X\)/m.exec(up.stdout)?.[1];
    const rm = await runAccord(['collection', 'remove', String(id), '--data', data]);
    expect(rm.code, rm.stderr).toBe(0);
    expect(JSON.parse((await runAccord(['collection', 'list', '--data', data, '--json'])).stdout)).toHaveLength(1);
    const audit = await runAccord(['audit', 'export', '--data', data, '--action', 'collection.created']);
    expect(audit.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('serves TAXII from `accord serve`, validating POSTed envelopes in its worker thread', async () => {
    const data = join(dir, 'serve');
    await initNodeDir(data);
    expect((await runAccord(['user', 'add', 'ana', '--roles', 'analyst', '--data', data], { env: { ACCORD_USER_PASSWORD: TEST_PASSWORD } })).code).toBe(0);
    const token = (await runAccord(['token', 'create', '--user', 'ana', '--name', 'taxii', '--data', data])).stdout.trim();
    const node = await startNode(['--data', data]);
    try {
      const headers = { authorization: `Bearer ${token}`, accept: TAXII, 'content-type': TAXII };
      const objects = [buildIndicator(), { type: 'indicator', id: 'indicator--0f3b5ad1-5e39-4d1c-9d6e-1f0d6a1c2b3e', spec_version: '2.1' }, buildIpv4()];
      const posted = await fetch(`${node.url}${ROOT}collections/default/objects/`, { method: 'POST', headers, body: JSON.stringify({ objects }) });
      expect(posted.status).toBe(202);
      expect(await posted.json()).toMatchObject({ status: 'complete', total_count: 3, success_count: 2, failure_count: 1 });
      const bad = await fetch(`${node.url}${ROOT}collections/default/objects/`, { method: 'POST', headers, body: '{"objects": [1,' });
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toBe(TAXII);
      const got = await fetch(`${node.url}${ROOT}collections/default/objects/?match[id]=${String(objects[0]?.id)}`, { headers });
      expect(((await got.json()) as { objects: Obj[] }).objects.map((o) => o.id)).toEqual([objects[0]?.id]);
    } finally {
      expect(await node.stop()).toBe(0);
    }
  });
});
