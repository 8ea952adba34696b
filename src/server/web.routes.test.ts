// The web app's files as the node serves them: the shell for every page path, hashed assets
// cached for a year and compressed, nothing else answered with the shell, and a clear error
// when the app was not built.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandling } from './errors.js';
import { installSecurityHeaders } from './headers.js';
import { loadWebFiles, webRoutes } from './web.routes.js';

const dir = mkdtempSync(join(tmpdir(), 'accord-web-'));
const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(5000))});`;

async function appWith(root: string): Promise<FastifyInstance> {
  const app = Fastify();
  installSecurityHeaders(app, { tls: false });
  installErrorHandling(app);
  app.get('/api/v1/known', () => ({ ok: true }));
  webRoutes(app, loadWebFiles(root));
  await app.ready();
  return app;
}

describe('a built web app', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    mkdirSync(join(dir, 'built', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'built', 'index.html'), INDEX);
    writeFileSync(join(dir, 'built', 'assets', 'index-abc123.js'), SCRIPT);
    app = await appWith(join(dir, 'built'));
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the shell at / and at every page path, never cached, under the strict CSP', async () => {
    for (const url of ['/', '/account', '/explorer/indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.body).toBe(INDEX);
    }
  });

  it('serves hashed assets for a year, gzipped when the browser accepts it', async () => {
    const plain = await app.inject({ url: '/assets/index-abc123.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.body).toBe(SCRIPT);
    const zipped = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip, br' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.rawPayload).toString()).toBe(SCRIPT);
    expect(zipped.rawPayload.length).toBeLessThan(SCRIPT.length / 10);
  });

  it('answers 404 problems, not the shell, for missing files, unknown API and TAXII routes, and any path that is not a page', async () => {
    for (const url of ['/assets/missing.js', '/api/v1/unknown', '/taxii2/nothing', '/taxii2', '/feeds/x', '/favicon.ico', '/robots.txt', '/no/such/place', '/accountant']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).not.toBe(INDEX);
    }
    expect((await app.inject({ url: '/api/v1/known' })).json()).toEqual({ ok: true });
  });
});

it('says clearly when the app was not built', async () => {
  const app = await appWith(join(dir, 'nothing-here'));
  const res = await app.inject({ url: '/account' });
  expect(res.statusCode).toBe(503);
  expect(res.json()).toMatchObject({ code: 'web.not-built', detail: expect.stringContaining('npm run build') as unknown });
  await app.close();
});
