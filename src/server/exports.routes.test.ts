// /api/v1/exports through the real app: an administrator defines and deletes saved exports (each
// audited), anyone signed in lists them, and a wrong definition answers a problem naming the field;
// a token with a TLP ceiling is created through /api/v1/tokens and may not call the API itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../../test/support/node-app.js';

describe('/api/v1/exports', () => {
  let node: TestNode;
  let admin: Record<string, string>;
  let observer: Record<string, string>;
  let analyst: Record<string, string>;
  const call = (who: Record<string, string>, method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown) =>
    node.app.inject({ method, url, headers: who, ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}) });

  beforeAll(async () => {
    node = await startTestNode();
    admin = { authorization: `Bearer ${await node.userWithToken('root', ['admin'])}` };
    observer = { authorization: `Bearer ${await node.userWithToken('watcher', ['observer'])}` };
    analyst = { authorization: `Bearer ${await node.userWithToken('ana', ['analyst'])}` };
  });
  afterAll(() => node.close());

  it('lets an administrator define and delete saved exports, audited, and anyone signed in list them', async () => {
    const made = await call(admin, 'POST', '/api/v1/exports', {
      name: 'edge-ips', format: 'blocklist', list: 'ip', ceiling: 'TLP:GREEN', filter: { labels: ['botnet'], kinds: ['ip'] },
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ name: 'edge-ips', format: 'blocklist', list: 'ip', ceiling: 'green', include_warninglisted: false, url: '/feeds/edge-ips', created_by: expect.stringMatching(/^user:root\/token:/) as unknown });
    expect((await call(admin, 'POST', '/api/v1/exports', { name: 'edge-ips', format: 'zeek' })).statusCode).toBe(409);
    const listed = await call(observer, 'GET', '/api/v1/exports');
    expect(listed.json<{ exports: { name: string; filter: unknown }[] }>().exports).toEqual([expect.objectContaining({ name: 'edge-ips', filter: { labels: ['botnet'], kinds: ['ip'] } })]);
    expect((await call(observer, 'GET', '/api/v1/exports/edge-ips')).json()).toMatchObject({ ceiling: 'green' });
    expect((await call(analyst, 'DELETE', '/api/v1/exports/edge-ips')).statusCode).toBe(403);
    expect((await call(admin, 'DELETE', '/api/v1/exports/edge-ips')).statusCode).toBe(204);
    expect((await call(admin, 'DELETE', '/api/v1/exports/edge-ips')).statusCode).toBe(404);
    const actions = (await node.store.audit.scan(0, 1000)).map((e) => `${e.action} ${e.target ?? ''}`);
    expect(actions).toEqual(expect.arrayContaining(['export.created export:edge-ips', 'export.deleted export:edge-ips']));
  });

  it('names what is wrong in a definition', async () => {
    const cases: [unknown, RegExp][] = [
      [{ name: 'Edge IPs', format: 'zeek' }, /^name: "Edge IPs" must be/],
      [{ name: 'x', format: 'blocklist' }, /^list: the blocklist format needs a list/],
      [{ name: 'x', format: 'zeek', list: 'ip' }, /^list: only the blocklist format takes a list/],
      [{ name: 'x', format: 'zeek', ceiling: 'red' }, /^ceiling: .*RED never goes into a device feed/],
      [{ name: 'x', format: 'zeek', filter: { creators: ['CERT-X'] } }, /^filter\.creators: "CERT-X" is not a STIX identifier/],
      [{ name: 'x', format: 'zeek', filter: { added_after: 'last week' } }, /^filter\.added_after: must be a STIX timestamp/],
    ];
    for (const [body, detail] of cases) {
      const r = await call(admin, 'POST', '/api/v1/exports', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json<{ code: string; detail: string }>(), JSON.stringify(body)).toMatchObject({ code: 'export.invalid', detail: expect.stringMatching(detail) as unknown });
    }
    expect((await call(admin, 'POST', '/api/v1/exports', { name: 'x', format: 'openioc' })).statusCode).toBe(400);
  });

  it('creates device tokens with a TLP ceiling, which may call nothing but feeds', async () => {
    const r = await call(analyst, 'POST', '/api/v1/tokens', { name: 'sensor', tlp_ceiling: 'amber' });
    expect(r.statusCode, r.body).toBe(201);
    const { token, record } = r.json<{ token: string; record: { tlp_ceiling: string } }>();
    expect(record.tlp_ceiling).toBe('amber');
    const refused = await call({ authorization: `Bearer ${token}` }, 'GET', '/api/v1/exports');
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ code: string }>().code).toBe('auth.feed-token-only');
    expect((await call(analyst, 'POST', '/api/v1/tokens', { name: 'bad', tlp_ceiling: 'red' })).statusCode).toBe(400);
  });
});
