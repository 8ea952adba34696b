// /api/v1/assets and /api/v1/alerts through the real app: an analyst registers an asset (audited),
// intelligence already held raises its alert at once, a bad asset or CSV answers a problem naming
// the field or line, and an alert moves through its states (audited).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndicator } from '../../test/support/factories.js';
import { startTestNode, type TestNode } from '../../test/support/node-app.js';
import { prepareObject } from '../store/index.js';

describe('/api/v1/assets and /api/v1/alerts', () => {
  let node: TestNode;
  let analyst: Record<string, string>;
  let observer: Record<string, string>;
  const call = (who: Record<string, string>, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
    node.app.inject({ method, url, headers: who, ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}) });
  const grid = { name: 'grid', sector: 'energy', criticality: 'critical', owner: 'Grid operations', contact: 'soc@grid.example', ranges: ['192.0.2.0/24'], domains: ['grid.example'] };

  beforeAll(async () => {
    node = await startTestNode();
    analyst = { authorization: `Bearer ${await node.userWithToken('ana', ['analyst'])}` };
    observer = { authorization: `Bearer ${await node.userWithToken('watcher', ['observer'])}` };
  });
  afterAll(() => node.close());

  it('registers an asset, runs it against what is held, and lets an analyst work the alert', async () => {
    const ind = buildIndicator({ pattern: "[url:value = 'https://vpn.grid.example/']" });
    await node.store.objects.put([prepareObject(ind)]);
    const made = await call(analyst, 'POST', '/api/v1/assets', grid);
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ asset: { name: 'grid', ranges: ['192.0.2.0/24'], created_by: expect.stringMatching(/^user:ana\/token:/) as unknown }, alerts_raised: 1 });
    expect((await call(analyst, 'POST', '/api/v1/assets', grid)).statusCode).toBe(409);
    expect((await call(observer, 'GET', '/api/v1/assets/grid')).json()).toMatchObject({ sector: 'energy', domains: ['grid.example'] });

    const listed = await call(observer, 'GET', '/api/v1/alerts?state=new&asset=grid');
    const [alert] = listed.json<{ alerts: { id: string; object: { id: string }; evidence: { matches: { why: string }[] } }[] }>().alerts;
    expect(alert?.object.id).toBe(ind.id);
    expect(alert?.evidence.matches[0]?.why).toBe("the URL's host vpn.grid.example is a sub-domain of grid.example");
    const id = alert?.id ?? '';
    expect((await call(observer, 'POST', `/api/v1/alerts/${id}/state`, { state: 'acknowledged' })).statusCode).toBe(403);
    const acked = await call(analyst, 'POST', `/api/v1/alerts/${id}/state`, { state: 'resolved', note: 'patched the VPN' });
    expect(acked.json()).toMatchObject({ state: 'resolved', changes: [{ from: 'new', to: 'resolved', note: 'patched the VPN' }] });
    expect((await call(analyst, 'POST', `/api/v1/alerts/${id}/state`, { state: 'resolved' })).statusCode).toBe(409);
    expect((await call(analyst, 'POST', `/api/v1/alerts/${id}/state`, { state: 'new' })).statusCode).toBe(400);

    const changed = await call(analyst, 'PATCH', '/api/v1/assets/grid', { criticality: 'high', software: ['cpe:2.3:a:fortinet:fortios:7.0.1:*:*:*:*:*:*:*'] });
    expect(changed.json()).toMatchObject({ asset: { criticality: 'high', ranges: ['192.0.2.0/24'] }, alerts_raised: 0 });
    expect((await call(analyst, 'DELETE', '/api/v1/assets/grid')).statusCode).toBe(204);
    expect((await call(analyst, 'DELETE', '/api/v1/assets/grid')).statusCode).toBe(404);
    const actions = (await node.store.audit.scan(0, 1000)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['asset.created', 'alert.raised', 'alert.state-changed', 'asset.updated', 'asset.removed']));
  });

  it('names what is wrong in an asset and in a CSV import, and writes nothing', async () => {
    const bad = await call(analyst, 'POST', '/api/v1/assets', { ...grid, name: 'bad', sector: 'banking', ranges: ['192.0.2.0/40'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ detail: string }>().detail).toMatch(/sector "banking" is not one of .*; ranges\[0\] "192\.0\.2\.0\/40": is not an IPv4/);
    // Each problem also at its field, so that a form can mark it.
    expect(bad.json<{ errors: { location: string }[] }>().errors.map((e) => e.location)).toEqual(['body.sector', 'body.ranges[0]']);
    const csv = 'name,sector,criticality,owner,contact,ranges,domains,software\nok,energy,low,o,c,,,\nnope,energy,low,o,c,,,cpe:2.3:a:x\n';
    const r = await call(analyst, 'POST', '/api/v1/assets/import', { csv });
    expect(r.statusCode).toBe(400);
    expect(r.json<{ detail: string }>().detail).toMatch(/^1 row\(s\) are not valid, nothing was imported: line 3: software\[0\]/);
    expect(r.json<{ errors: unknown[] }>().errors).toEqual([{ location: 'csv:3', message: expect.stringMatching(/^software\[0\] "cpe:2\.3:a:x"/) as unknown }]);
    expect((await call(observer, 'GET', '/api/v1/assets')).json()).toEqual({ assets: [] });
    const good = await call(analyst, 'POST', '/api/v1/assets/import', { csv: csv.replace(',cpe:2.3:a:x', ',') });
    expect(good.json<{ assets: { name: string }[] }>().assets.map((a) => a.name)).toEqual(['ok', 'nope']);
  });
});
