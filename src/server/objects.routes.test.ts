import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIndicator, buildMemberIdentity, buildMalware, nextVersion } from '../../test/support/factories.js';
import { tlpMarkingId } from '../stix/index.js';
import { startTestNode, type TestNode } from '../../test/support/node-app.js';
import { putObjects } from '../../test/support/store.js';

describe('/api/v1/objects', () => {
  let node: TestNode;
  let app: FastifyInstance;
  let t: { store: TestNode['store'] };
  let auth: { authorization: string };
  beforeEach(async () => {
    node = await startTestNode();
    app = node.app;
    t = { store: node.store };
    auth = { authorization: `Bearer ${await node.userWithToken('reader', ['observer'])}` };
  });
  afterEach(() => node.close());

  it('pages through objects with an opaque cursor, each exactly once, serving stored JSON as is', async () => {
    const inds = Array.from({ length: 25 }, () => buildIndicator());
    await putObjects(t.store, inds);
    const seen: unknown[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const res = await app.inject({ headers: auth, url: `/api/v1/objects?type=indicator&limit=10${cursor !== undefined ? `&cursor=${cursor}` : ''}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      const body = res.json<{ objects: unknown[]; more: boolean; next?: string }>();
      seen.push(...body.objects);
      if (!body.more) break;
      cursor = body.next;
    }
    expect(seen).toEqual(inds);
  });

  it('lists only what was stored after added_after ("new since my last visit"), and refuses a bad timestamp', async () => {
    const before = Array.from({ length: 3 }, () => buildIndicator());
    await putObjects(t.store, before);
    await new Promise((r) => setTimeout(r, 5));
    const visit = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const after = Array.from({ length: 2 }, () => buildIndicator());
    await putObjects(t.store, after);
    const res = await app.inject({ headers: auth, url: `/api/v1/objects?added_after=${visit}` });
    expect(res.json<{ objects: unknown[] }>().objects).toEqual(after);
    const bad = await app.inject({ headers: auth, url: '/api/v1/objects?added_after=yesterday' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'api.bad-timestamp', detail: expect.stringContaining('added_after') as unknown });
  });

  it('rejects a cursor used with other filters, and a forged cursor', async () => {
    await putObjects(t.store, Array.from({ length: 3 }, () => buildIndicator()));
    const first = (await app.inject({ headers: auth, url: '/api/v1/objects?type=indicator&limit=1' })).json<{ next: string }>();
    const other = await app.inject({ headers: auth, url: `/api/v1/objects?type=malware&limit=1&cursor=${first.next}` });
    expect(other.statusCode).toBe(400);
    expect(other.json()).toMatchObject({ code: 'cursor.mismatch', status: 400 });
    const forged = await app.inject({ headers: auth, url: '/api/v1/objects?cursor=bm90LWEtY3Vyc29y' });
    expect(forged.json()).toMatchObject({ code: 'cursor.invalid' });
  });

  it('searches full text and filters by label', async () => {
    const mal = buildMalware({ name: 'Industroyer', labels: ['ics'] });
    await putObjects(t.store, [mal, buildIndicator()]);
    const byText = (await app.inject({ headers: auth, url: '/api/v1/objects?q=industroyer' })).json<{ objects: { id: string }[] }>();
    expect(byText.objects.map((o) => o.id)).toEqual([mal.id]);
    const byLabel = (await app.inject({ headers: auth, url: '/api/v1/objects?label=ics,nothing' })).json<{ objects: { id: string }[] }>();
    expect(byLabel.objects.map((o) => o.id)).toEqual([mal.id]);
  });

  it('counts facets over the filtered objects, naming TLP markings and creators held here', async () => {
    const creator = buildMemberIdentity({ name: 'CERT-Example' });
    const a = buildIndicator({ labels: ['c2'], object_marking_refs: [tlpMarkingId('green')], created_by_ref: String(creator.id) });
    await putObjects(t.store, [creator, a, buildIndicator({ labels: ['c2'], object_marking_refs: [tlpMarkingId('amber')], created_by_ref: String(creator.id) }), buildMalware({ created_by_ref: String(creator.id) })]);
    const res = await app.inject({ headers: auth, url: '/api/v1/objects/facets?type=indicator,malware&modified_until=2100-01-01T00:00:00Z' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      total: 3, bounded: false, bound: 10_000,
      facets: {
        type: [{ value: 'indicator', count: 2 }, { value: 'malware', count: 1 }],
        creator: [{ value: String(creator.id), count: 3, name: 'CERT-Example' }],
        marking: [{ value: tlpMarkingId('green'), count: 2, name: 'TLP:GREEN' }, { value: tlpMarkingId('amber'), count: 1, name: 'TLP:AMBER' }],
        label: [{ value: 'c2', count: 2 }],
      },
    });
    const none = await app.inject({ headers: auth, url: '/api/v1/objects/facets?q=nothing-like-this' });
    expect(none.json()).toMatchObject({ total: 0, bounded: false, facets: { type: [] } });
    const bad = await app.inject({ headers: auth, url: '/api/v1/objects/facets?modified_until=yesterday' });
    expect([bad.statusCode, bad.json<{ code: string; detail: string }>().detail]).toEqual([400, expect.stringContaining('modified_until must be a STIX timestamp')]);
  });

  it('returns one object with all its versions', async () => {
    const v1 = buildIndicator();
    const v2 = nextVersion(v1, { name: 'second' });
    await putObjects(t.store, [v1, v2]);
    const res = await app.inject({ headers: auth, url: `/api/v1/objects/${String(v1.id)}` });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ id: string; versions: { version: string; latest: boolean; date_added: string; object: unknown }[] }>();
    expect(body.versions.map((v) => [v.version, v.latest])).toEqual([[v1.modified, false], [v2.modified, true]]);
    expect(body.versions[1]?.object).toEqual(v2);
    expect(body.versions[0]?.date_added).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it('answers bad requests with problem details naming what is wrong', async () => {
    const unknown = await app.inject({ headers: auth, url: '/api/v1/objects?typ=indicator' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(unknown.json()).toMatchObject({ code: 'http.invalid-request', errors: [{ location: 'querystring.typ' }] });
    expect(unknown.json<{ request_id: string }>().request_id).toBe(unknown.headers['x-request-id']);
    const limit = await app.inject({ headers: auth, url: '/api/v1/objects?limit=5000' });
    expect(limit.json()).toMatchObject({ code: 'http.invalid-request', errors: [{ location: 'querystring.limit' }] });
    const ts = await app.inject({ headers: auth, url: '/api/v1/objects?modified_since=yesterday' });
    expect(ts.json()).toMatchObject({ code: 'api.bad-timestamp' });
    const badId = await app.inject({ headers: auth, url: '/api/v1/objects/not-an-id' });
    expect(badId.statusCode).toBe(400);
    const missing = await app.inject({ headers: auth, url: '/api/v1/objects/indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'api.object-not-found' });
    const noRoute = await app.inject({ headers: auth, url: '/api/v1/nothing' });
    expect(noRoute.json()).toMatchObject({ status: 404, code: 'http.not-found' });
  });

  it('hides internal errors behind a generic 500 with a request id', async () => {
    await node.audit.close();
    await t.store.close();
    const res = await app.inject({ headers: auth, url: '/api/v1/objects' });
    expect(res.statusCode).toBe(500);
    const body = res.json<{ detail: string; code: string }>();
    expect(body.code).toBe('internal');
    expect(body.detail).not.toMatch(/database|sqlite|stack/i);
    const ready = await app.inject({ headers: auth, url: '/readyz' });
    expect(ready.statusCode).toBe(503);
  });

  it('publishes an OpenAPI 3.1 document built from the route schemas', async () => {
    const doc = (await app.inject({ headers: auth, url: '/api/v1/openapi.json' })).json<{ openapi: string; paths: Record<string, Record<string, { parameters: { name: string }[] }>> }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/objects', '/api/v1/objects/{id}', '/healthz', '/readyz']));
    expect(doc.paths['/api/v1/objects']?.get?.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['type', 'creator', 'marking', 'label', 'q', 'added_after', 'modified_since', 'versions', 'limit', 'cursor']));
    // Request bodies are documented too (the web app is typed from this document).
    const signIn = (doc.paths['/api/v1/session'] as Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } }>).post;
    expect(Object.keys(signIn?.requestBody?.content['application/json']?.schema.properties ?? {})).toEqual(['username', 'password', 'totp']);
  });
});
