// The TAXII 2.1 client (src/taxii/client) and `accord taxii pull|push`.
//   - Happy paths against a real Accord node: in-process with a real SQLite store, then real
//     node processes for the command line (bin/accord; `npm run build` first).
//   - Failure modes against a small raw HTTP server in this file that misbehaves on purpose
//     (503 then success, 429 with Retry-After, a reset mid-body, a stall, no `next`, a
//     self-signed certificate): a test double for the network, nothing more.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSelfSignedCertificate } from '../src/server/index.js';
import { AccordError } from '../src/stix/index.js';
import { PULL_ALL_VERSIONS, pullCheckpointKey, pullIntoStore, pushObjects, readPullCheckpoint, TaxiiClient, type ObjectEvent, type PageEnd, type PagedEnd, type TaxiiClientOptions } from '../src/taxii/client/index.js';
import { initNodeDir, runAccord, startNode } from './support/cli.js';
import { buildIndicator, buildMalware, nextVersion } from './support/factories.js';
import { startTestNode, TEST_PASSWORD, type TestNode } from './support/node-app.js';
import { tempSqliteStore } from './support/store.js';
import { rejectedWith } from './support/thrown.js';

type Obj = Record<string, unknown>;
const TAXII = 'application/taxii+json;version=2.1';
const FAST: TaxiiClientOptions['retry'] = { baseDelayMs: 10, maxDelayMs: 50 };

/** Everything a page stream handed out: object texts, unreadable notes, page ends. */
type AnyEnd = PageEnd & { readonly index?: number; readonly resumeAddedAfter?: string };
async function drain(events: AsyncIterable<ObjectEvent | PagedEnd>): Promise<{ texts: string[]; ends: AnyEnd[] }> {
  const texts: string[] = [];
  const ends: AnyEnd[] = [];
  for await (const e of events) {
    if (e.kind === 'object') texts.push(e.text);
    else if (e.kind === 'page') ends.push(e);
  }
  return { texts, ends };
}

const ids = (texts: readonly string[]): string[] => texts.map((t) => (JSON.parse(t) as { id: string }).id);

// ---------------------------------------------------------------------------------------------
// A real node, in-process.

describe('TAXII client against a real Accord node', () => {
  let node: TestNode;
  let token: string;
  let client: TaxiiClient;
  beforeAll(async () => {
    node = await startTestNode();
    token = await node.userWithToken('ana', ['analyst']);
    client = new TaxiiClient({ credentials: { kind: 'bearer', token }, retry: FAST });
  });
  afterAll(async () => {
    client.close();
    await node.close();
  });

  it('connects from the server URL, the discovery URL or the API root URL, and reads what hangs off the root', async () => {
    const fromServer = await client.connect(node.url);
    const fromDiscovery = await client.connect(`${node.url}/taxii2/`);
    const direct = await client.connect(`${node.url}/taxii2/accord`);
    expect(fromServer.url.href).toBe(`${node.url}/taxii2/accord/`);
    expect(fromDiscovery.url.href).toBe(fromServer.url.href);
    expect(direct.url.href).toBe(fromServer.url.href);
    const discovery = await client.discover(`${node.url}/taxii2/`);
    expect(discovery.api_roots).toContain('/taxii2/accord/');
    const info = await direct.info();
    expect(info.versions).toContain(TAXII);
    expect(info.max_content_length).toBe(1 << 20);
    const collections = await direct.collections();
    const def = collections.find((c) => c.alias === 'default');
    expect(def).toMatchObject({ can_read: true, can_write: true });
    expect(await direct.collection('default').info()).toEqual(def);
  });

  it('adds objects, waits for the status, pages through them with next, and reads manifest, object, versions; deletes', async () => {
    const root = await client.connect(node.url);
    const col = root.collection((await root.collection('default').info()).id);
    const start = (await drain(col.allObjects())).ends.at(-1)?.resumeAddedAfter;
    const objects: Obj[] = Array.from({ length: 7 }, (_, i) => (i % 2 === 0 ? buildIndicator() : buildMalware()));
    const posted = await col.add(objects.map((o) => JSON.stringify(o)));
    const status = await root.waitForStatus(posted);
    expect(status).toMatchObject({ status: 'complete', total_count: 7, success_count: 7, failure_count: 0, pending_count: 0 });

    const paged = await drain(col.allObjects({ ...(start !== undefined ? { addedAfter: start } : {}), limit: 3 }));
    expect(ids(paged.texts)).toEqual(objects.map((o) => o.id));
    expect(paged.ends.map((e) => e.objects)).toEqual([3, 3, 1]);
    expect(paged.ends.slice(0, 2).every((e) => e.more && e.next !== undefined)).toBe(true);
    // Each object's text is exactly what the server sent (its stored canonical JSON): parse equal.
    expect(paged.texts.map((t) => JSON.parse(t) as Obj)).toEqual(objects);

    const records = [];
    for await (const e of col.allManifest({ ...(start !== undefined ? { addedAfter: start } : {}), limit: 4, match: { type: ['malware'] } })) if (e.kind === 'record') records.push(e.record);
    expect(records.map((r) => r.id)).toEqual(objects.filter((o) => o.type === 'malware').map((o) => o.id));

    const first = objects[0] as Obj;
    const later = nextVersion(first, { name: 'renamed' });
    await root.waitForStatus(await col.add([JSON.stringify(later)]));
    const versions = await col.versions(String(first.id));
    expect(versions.versions).toEqual([first.modified, later.modified]);
    expect(versions.dateAddedLast).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const all = await drain(col.object(String(first.id), { match: { version: ['all'] } }));
    expect(all.texts.map((t) => (JSON.parse(t) as Obj).name)).toEqual([first.name, 'renamed']);

    await col.delete(String(first.id), { version: [String(first.modified)] });
    expect((await col.versions(String(first.id))).versions).toEqual([later.modified]);
    await col.delete(String(first.id));
    const gone = await rejectedWith(drain(col.object(String(first.id))), AccordError);
    expect(gone).toMatchObject({ code: 'taxii.http-404', kind: 'not-found' });
  });

  it('authenticates with HTTP Basic, and maps refusals to typed errors carrying the TAXII error message', async () => {
    await node.identity.addUser({ username: 'omar', password: TEST_PASSWORD, roles: ['observer'] }, 'test');
    const basic = new TaxiiClient({ credentials: { kind: 'basic', username: 'omar', password: TEST_PASSWORD }, retry: FAST });
    const anonymous = new TaxiiClient({ retry: FAST });
    try {
      const root = await basic.connect(node.url);
      const def = await root.collection('default').info();
      expect(def).toMatchObject({ can_read: true, can_write: false });
      const forbidden = await rejectedWith(root.collection(def.id).add([JSON.stringify(buildIndicator())]), AccordError);
      expect(forbidden).toMatchObject({ kind: 'forbidden', code: 'taxii.http-403', details: { status: 403, taxiiError: { title: expect.any(String) as string } } });
      const unknown = await rejectedWith(root.collection('4b7b8a0a-1f7a-4c36-9c4a-6f1d3f1c2b11').info(), AccordError);
      expect(unknown).toMatchObject({ kind: 'not-found', code: 'taxii.http-404' });
      expect(unknown.message).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/taxii2\/accord\/collections\/4b7b8a0a-1f7a-4c36-9c4a-6f1d3f1c2b11\/ answered 404 Not Found: /);
      const noCredentials = await rejectedWith(anonymous.apiRoot(`${node.url}/taxii2/accord/`).collections(), AccordError);
      expect(noCredentials).toMatchObject({ kind: 'unauthenticated', code: 'taxii.http-401' });
      const wrong = new TaxiiClient({ credentials: { kind: 'basic', username: 'omar', password: 'not the password at all' }, retry: FAST });
      try {
        expect(await rejectedWith(wrong.apiRoot(`${node.url}/taxii2/accord/`).info(), AccordError)).toMatchObject({ code: 'taxii.http-401' });
      } finally {
        wrong.close();
      }
    } finally {
      basic.close();
      anonymous.close();
    }
  });

  it('pushes in envelopes within the API root\'s max_content_length, and reports an object too large for any', async () => {
    const small = await startTestNode({ bodyLimit: 8 * 1024 });
    const pusher = new TaxiiClient({ credentials: { kind: 'bearer', token: await small.userWithToken('ana', ['analyst']) }, retry: FAST });
    try {
      const root = await pusher.connect(small.url);
      expect((await root.info()).max_content_length).toBe(8 * 1024);
      const col = root.collection('default');
      const objects = Array.from({ length: 40 }, () => buildIndicator());
      const huge = buildIndicator({ description: 'x'.repeat(10_000) });
      const items = [...objects.slice(0, 20), huge, ...objects.slice(20)].map((o) => ({ text: JSON.stringify(o), id: String(o.id) }));
      const sent: { objects: number; bytes: number; success: number }[] = [];
      const tooLarge: string[] = [];
      for await (const e of pushObjects(col, items, { maxObjects: 25 })) {
        if (e.kind === 'sent') sent.push({ objects: e.objects, bytes: e.bytes, success: e.status.success_count });
        else tooLarge.push(String(e.item.id));
      }
      expect(tooLarge).toEqual([huge.id]);
      expect(sent.length).toBeGreaterThan(2);
      expect(sent.every((s) => s.bytes <= 8 * 1024 && s.objects <= 25 && s.success === s.objects)).toBe(true);
      expect(sent.reduce((a, s) => a + s.objects, 0)).toBe(40);
      const back = await drain(col.allObjects({ match: { type: ['indicator'] } }));
      expect(new Set(ids(back.texts))).toEqual(new Set(objects.map((o) => o.id)));
    } finally {
      pusher.close();
      await small.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// A server that misbehaves on purpose.

interface Fault {
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: IncomingMessage[];
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

/** Starts a raw HTTP(S) server on loopback that answers with `handler` (n: the request's number, from 1). */
async function fault(handler: Handler, tls?: { cert: string; key: string }): Promise<Fault> {
  const requests: IncomingMessage[] = [];
  const sockets = new Set<Socket>();
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    requests.push(req);
    handler(req, res, requests.length);
  };
  const server: Server = tls !== undefined ? createHttpsServer(tls, onRequest) : createHttpServer(onRequest);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls !== undefined ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

const API_ROOT = { title: 'Fault', versions: [TAXII], max_content_length: 1000 };
const COLLECTIONS = { collections: [{ id: '91a7b528-80eb-42ed-a74d-c6fbd5a26116', title: 'C', can_read: true, can_write: true }] };

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': TAXII, ...headers });
  res.end(JSON.stringify(body));
}

const object = (i: number): string => JSON.stringify({ type: 'indicator', spec_version: '2.1', id: `indicator--00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, name: `object ${i} ✓` });
const stamp = (i: number): string => `2024-01-01T00:00:00.${String(i).padStart(6, '0')}Z`;

describe('TAXII client against a misbehaving server', () => {
  const servers: Fault[] = [];
  const clients: TaxiiClient[] = [];
  const start = async (handler: Handler, tls?: { cert: string; key: string }): Promise<Fault> => {
    const f = await fault(handler, tls);
    servers.push(f);
    return f;
  };
  const newClient = (options: TaxiiClientOptions = {}): TaxiiClient => {
    const c = new TaxiiClient({ retry: FAST, ...options });
    clients.push(c);
    return c;
  };
  afterAll(async () => {
    for (const c of clients) c.close();
    for (const s of servers) await s.close();
  });

  it('sends the TAXII Accept and Content-Type, a User-Agent and the credentials', async () => {
    const f = await start((req, res) => {
      if (req.method === 'POST') json(res, 202, { id: 's1', status: 'complete', total_count: 1, success_count: 1, failure_count: 0, pending_count: 0 });
      else json(res, 200, API_ROOT);
    });
    const c = newClient({ credentials: { kind: 'basic', username: 'amina', password: 'pässword' }, userAgent: 'accord-test/1' });
    const root = c.apiRoot(`${f.url}/api1`);
    await root.info();
    await root.collection('c1').add([object(1)]);
    const [get, post] = f.requests;
    expect(get?.url).toBe('/api1/');
    expect(get?.headers).toMatchObject({ accept: TAXII, 'user-agent': 'accord-test/1', authorization: `Basic ${Buffer.from('amina:pässword').toString('base64')}` });
    expect(post?.url).toBe('/api1/collections/c1/objects/');
    expect(post?.headers).toMatchObject({ accept: TAXII, 'content-type': TAXII });
    const bearer = newClient({ credentials: { kind: 'bearer', token: 'accord_abc' } });
    await bearer.apiRoot(`${f.url}/api1/`).info();
    expect(f.requests[2]?.headers.authorization).toBe('Bearer accord_abc');
  });

  it('retries 502, 503 and 504 with backoff, then succeeds', async () => {
    const f = await start((_req, res, n) => (n <= 3 ? json(res, [502, 503, 504][n - 1] as number, { title: 'busy' }) : json(res, 200, COLLECTIONS)));
    const retries: number[] = [];
    const c = newClient({ onRetry: (r) => retries.push(r.attempt) });
    expect(await c.apiRoot(`${f.url}/r/`).collections()).toHaveLength(1);
    expect(f.requests).toHaveLength(4);
    expect(retries).toEqual([1, 2, 3]);
  });

  it('honours Retry-After on 429, and gives up at once when it asks for longer than allowed', async () => {
    const f = await start((_req, res, n) => (n === 1 ? json(res, 429, { title: 'slow down' }, { 'retry-after': '1' }) : json(res, 200, COLLECTIONS)));
    const c = newClient();
    const t0 = Date.now();
    await c.apiRoot(`${f.url}/r/`).collections();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(f.requests).toHaveLength(2);

    const g = await start((_req, res) => json(res, 429, { title: 'Too many', description: 'come back tomorrow' }, { 'retry-after': '86400' }));
    const e = await rejectedWith(newClient().apiRoot(`${g.url}/r/`).collections(), AccordError);
    expect(e).toMatchObject({ kind: 'rate-limited', code: 'taxii.http-429', details: { retryAfterSeconds: 86400 } });
    expect(e.message).toMatch(/429 Too Many Requests: Too many — come back tomorrow/);
    expect(g.requests).toHaveLength(1);
  });

  it('never retries a 4xx (other than 429) or a 500, and carries the server\'s error message', async () => {
    for (const status of [400, 404, 500]) {
      const f = await start((_req, res) => json(res, status, { title: `Error ${status}`, description: 'what went wrong', error_code: 'E42', http_status: String(status) }));
      const e = await rejectedWith(newClient().apiRoot(`${f.url}/r/`).collections(), AccordError);
      expect(e.code).toBe(`taxii.http-${status}`);
      expect(e.details).toMatchObject({ status, taxiiError: { title: `Error ${status}`, description: 'what went wrong', errorCode: 'E42', httpStatus: String(status) } });
      expect(f.requests).toHaveLength(1);
    }
  });

  it('gives up after the last attempt, naming how many were made', async () => {
    const f = await start((_req, res) => json(res, 503, { title: 'down' }));
    const e = await rejectedWith(newClient({ retry: { ...FAST, attempts: 3 } }).apiRoot(`${f.url}/r/`).info(), AccordError);
    expect(e).toMatchObject({ code: 'taxii.http-503', kind: 'unavailable', message: expect.stringMatching(/gave up after 3 attempts/) as string });
    expect(f.requests).toHaveLength(3);
  });

  it('requests a page again when the connection is reset mid-body, and hands out each object once', async () => {
    const page = `{"more":false,"objects":[${[1, 2, 3, 4].map(object).join(',')}]}`;
    const f = await start((_req, res, n) => {
      res.writeHead(200, { 'content-type': TAXII, 'content-length': String(Buffer.byteLength(page)), 'x-taxii-date-added-first': stamp(1), 'x-taxii-date-added-last': stamp(4) });
      if (n === 1) {
        res.write(page.slice(0, page.indexOf(object(3)) + 10)); // objects 1 and 2, and part of 3
        setTimeout(() => res.socket?.destroy(), 50);
      } else {
        res.end(page);
      }
    });
    const got = await drain(newClient().apiRoot(`${f.url}/r/`).collection('c').objects());
    expect(got.texts).toEqual([1, 2, 3, 4].map(object));
    expect(got.ends).toEqual([{ kind: 'page', objects: 4, more: false, moreKnown: true, dateAddedFirst: stamp(1), dateAddedLast: stamp(4) }]);
    expect(f.requests).toHaveLength(2);
  });

  it('times out a response that does not come, and a body that stalls; retries; never counts the consumer\'s own time', async () => {
    const silent = await start(() => undefined);
    const e = await rejectedWith(newClient({ timeoutMs: 200, retry: { ...FAST, attempts: 2 } }).apiRoot(`${silent.url}/r/`).info(), AccordError);
    expect(e).toMatchObject({ code: 'taxii.timeout', message: expect.stringMatching(/no response within 200 ms.*gave up after 2 attempts/) as string });
    expect(silent.requests).toHaveLength(2);

    const page = `{"objects":[${object(1)},${object(2)}]}`;
    const stalling = await start((_req, res, n) => {
      res.writeHead(200, { 'content-type': TAXII });
      if (n === 1) res.write(page.slice(0, page.indexOf(object(2)))); // then nothing
      else res.end(page);
    });
    const texts: string[] = [];
    for await (const ev of newClient({ timeoutMs: 300 }).apiRoot(`${stalling.url}/r/`).collection('c').objects()) {
      if (ev.kind !== 'object') continue;
      texts.push(ev.text);
      await new Promise((r) => setTimeout(r, 500)); // a slow consumer is not a slow server
    }
    expect(texts).toEqual([object(1), object(2)]);
    expect(stalling.requests).toHaveLength(2);
  });

  it('stops at once, without retrying, when the caller cancels', async () => {
    const silent = await start(() => undefined);
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 100);
    const t0 = Date.now();
    const e = await rejectedWith(newClient({ signal: abort.signal, timeoutMs: 10_000 }).apiRoot(`${silent.url}/r/`).info(), AccordError);
    expect(e).toMatchObject({ code: 'taxii.aborted' });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(silent.requests).toHaveLength(1);
  });

  it('pages with added_after from X-TAXII-Date-Added-Last when the server omits next', async () => {
    const all = Array.from({ length: 7 }, (_, i) => i + 1);
    const f = await start((req, res) => {
      const q = new URL(req.url ?? '/', 'http://x').searchParams;
      const after = q.get('added_after');
      const from = after === null ? 0 : all.findIndex((i) => stamp(i) === after) + 1;
      const limit = Number(q.get('limit') ?? 100);
      const slice = all.slice(from, from + limit);
      res.writeHead(200, { 'content-type': TAXII, ...(slice.length > 0 ? { 'x-taxii-date-added-first': stamp(slice[0] as number), 'x-taxii-date-added-last': stamp(slice.at(-1) as number) } : {}) });
      res.end(JSON.stringify({ more: from + limit < all.length, ...(slice.length > 0 ? { objects: slice.map((i) => JSON.parse(object(i)) as Obj) } : {}) }));
    });
    const got = await drain(newClient().apiRoot(`${f.url}/r/`).collection('c').allObjects({ limit: 3, match: { type: ['indicator'] } }));
    expect(ids(got.texts)).toEqual(all.map((i) => (JSON.parse(object(i)) as Obj).id));
    expect(f.requests.map((r) => r.url)).toEqual([
      '/r/collections/c/objects/?limit=3&match[type]=indicator',
      `/r/collections/c/objects/?added_after=${encodeURIComponent(stamp(3))}&limit=3&match[type]=indicator`,
      `/r/collections/c/objects/?added_after=${encodeURIComponent(stamp(6))}&limit=3&match[type]=indicator`,
    ]);
    expect(got.ends.at(-1)?.resumeAddedAfter).toBe(stamp(7));
  });

  it('pulls into a store, moving the checkpoint only past committed pages, so a pull cut short loses nothing', async () => {
    const objects = Array.from({ length: 9 }, () => buildIndicator());
    let broken = true;
    const f = await start((req, res) => {
      const after = new URL(req.url ?? '/', 'http://x').searchParams.get('added_after');
      const from = after === null ? 0 : Number(after.slice(-7, -1));
      if (broken && from >= 6) return json(res, 503, { title: 'down for maintenance' });
      const slice = objects.slice(from, from + 3);
      res.writeHead(200, { 'content-type': TAXII, ...(slice.length > 0 ? { 'x-taxii-date-added-first': stamp(from + 1), 'x-taxii-date-added-last': stamp(from + slice.length) } : {}) });
      res.end(JSON.stringify({ more: from + 3 < objects.length, ...(slice.length > 0 ? { objects: slice } : {}) }));
    });
    const t = await tempSqliteStore();
    try {
      const col = newClient({ retry: { ...FAST, attempts: 2 } }).apiRoot(`${f.url}/r/`).collection('c');
      const failed = await rejectedWith(pullIntoStore(t.store, col, { batchSize: 3, maxObjectBytes: 1 << 20 }), AccordError);
      expect(failed).toMatchObject({ code: 'taxii.http-503' });
      const key = pullCheckpointKey(`${f.url}/r/`, 'c', PULL_ALL_VERSIONS);
      expect(await readPullCheckpoint(t.store, key)).toMatchObject({ addedAfter: stamp(6), match: { version: ['all'] } });
      expect((await t.store.objects.list({ limit: 100, types: ['indicator'] })).items).toHaveLength(6);
      broken = false;
      const done = await pullIntoStore(t.store, col, { batchSize: 3, maxObjectBytes: 1 << 20 });
      expect(done).toMatchObject({ objects: 3, new: 3, unchanged: 0, rejected: 0, resumeAddedAfter: stamp(9) });
      expect(f.requests.at(-1)?.url).toBe(`/r/collections/c/objects/?added_after=${encodeURIComponent(stamp(6))}&match[version]=all`);
      const stored = (await t.store.objects.list({ limit: 100, types: ['indicator'] })).items.map((o) => o.id);
      expect(stored).toEqual(objects.map((o) => o.id));
    } finally {
      await t.dispose();
    }
  });

  it('hands each object out as it arrives, before the page has ended', async () => {
    let release: () => void = () => undefined;
    const released = new Promise<void>((r) => (release = r));
    const f = await start((_req, res) => {
      res.writeHead(200, { 'content-type': TAXII });
      res.write(`{"objects":[${object(1)},`);
      void released.then(() => res.end(`${object(2)}],"more":false}`));
    });
    const seen: string[] = [];
    for await (const e of newClient().apiRoot(`${f.url}/r/`).collection('c').objects()) {
      if (e.kind !== 'object') continue;
      seen.push(e.text);
      if (seen.length === 1) release(); // the rest of the page is sent only now
    }
    expect(seen).toEqual([object(1), object(2)]);
  });

  it('refuses a self-signed certificate it was not given (no retry), and trusts it with ca', async () => {
    const cert = generateSelfSignedCertificate();
    const f = await start((_req, res) => json(res, 200, API_ROOT), { cert: cert.certPem, key: cert.keyPem });
    const refused = await rejectedWith(newClient().apiRoot(`${f.url}/r/`).info(), AccordError);
    expect(refused).toMatchObject({ code: 'taxii.tls', message: expect.stringMatching(/--ca FILE/) as string });
    expect(f.requests).toHaveLength(0);
    expect(await newClient({ ca: cert.certPem }).apiRoot(`${f.url}/r/`).info()).toEqual(API_ROOT);
  });

  it('refuses plain HTTP beyond loopback, credentials in URLs, other TAXII versions and non-TAXII answers', async () => {
    expect(() => newClient().apiRoot('http://taxii.example.org/api1/')).toThrow(expect.objectContaining({ code: 'taxii.bad-url' }) as Error);
    expect(() => newClient().apiRoot('https://u:p@taxii.example.org/api1/')).toThrow(expect.objectContaining({ code: 'taxii.bad-url' }) as Error);
    expect(newClient({ allowHttp: true }).apiRoot('http://taxii.example.org/api1').url.href).toBe('http://taxii.example.org/api1/');
    const old = await start((_req, res) => json(res, 200, API_ROOT, { 'content-type': 'application/vnd.oasis.taxii+json; version=2.0' }));
    expect(await rejectedWith(newClient().apiRoot(`${old.url}/r/`).info(), AccordError)).toMatchObject({ code: 'taxii.version' });
    const web = await start((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html></html>');
    });
    expect(await rejectedWith(newClient().connect(`${web.url}/somewhere/`), AccordError)).toMatchObject({ code: 'taxii.not-taxii' });
    const bad = await start((_req, res) => json(res, 200, { title: 'no versions' }));
    expect(await rejectedWith(newClient().apiRoot(`${bad.url}/r/`).info(), AccordError)).toMatchObject({ code: 'taxii.protocol', message: expect.stringMatching(/api-root resource/) as string });
  });
});

// ---------------------------------------------------------------------------------------------
// The command line, between real node processes.

describe('accord taxii pull / push between real nodes', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'accord-taxii-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const bundle = (objects: readonly Obj[]): string => JSON.stringify({ type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects });

  it('pulls one node\'s collection into another through import\'s pipeline, then continues from its checkpoint', async () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    await initNodeDir(a);
    await initNodeDir(b);
    const added = await runAccord(['user', 'add', 'puller', '--roles', 'analyst', '--data', a], { env: { ACCORD_USER_PASSWORD: TEST_PASSWORD } });
    expect(added.code, added.stderr).toBe(0);
    const passwordFile = join(dir, 'password');
    writeFileSync(passwordFile, `${TEST_PASSWORD}\n`, { mode: 0o600 });
    chmodSync(passwordFile, 0o600);
    const first = Array.from({ length: 25 }, () => buildIndicator());
    writeFileSync(join(dir, 'first.json'), bundle(first));
    expect((await runAccord(['import', '--data', a, join(dir, 'first.json')])).code).toBe(0);

    const nodeA = await startNode(['--data', a]);
    const nodeB = await startNode(['--data', b]);
    try {
      const pullArgs = ['taxii', 'pull', nodeA.url, '--collection', 'default', '--user', 'puller', '--password-file', passwordFile, '--page-size', '10', '--batch-size', '10', '--data', b];
      const pulled = await runAccord(pullArgs);
      expect(pulled.code, pulled.stderr).toBe(0);
      expect(pulled.stdout).toMatch(/Pulled "All intelligence on this node" \([0-9a-f-]{36}\) at http:\/\/127\.0\.0\.1:\d+\/taxii2\/accord\/: \d+ objects in \d+ pages/);
      // A's 25 indicators and its member identity are new here; the 17 built-in objects every node holds are not.
      expect(pulled.stdout, pulled.stdout).toMatch(/: 43 objects in 5 pages/);
      expect(pulled.stdout).toMatch(/new +26\n/);
      expect(pulled.stdout).toMatch(/unchanged +17\n/);
      expect(pulled.stdout).toMatch(/The next pull continues after \d{4}-\d\d-\d\dT[\d:.]+Z\./);

      // What node B serves now holds A's objects, exactly.
      await runAccord(['user', 'add', 'reader', '--roles', 'analyst', '--data', b], { env: { ACCORD_USER_PASSWORD: TEST_PASSWORD } });
      const client = new TaxiiClient({ credentials: { kind: 'basic', username: 'reader', password: TEST_PASSWORD } });
      try {
        const got = await drain((await client.connect(nodeB.url)).collection('default').allObjects({ match: { type: ['indicator'] } }));
        expect(got.texts.map((t) => JSON.parse(t) as Obj)).toEqual(first);
      } finally {
        client.close();
      }

      // One audit entry per committed batch, naming the collection pulled from.
      const audit = await runAccord(['audit', 'export', '--data', b, '--action', 'object.imported']);
      const entries = audit.stdout.trim().split('\n').map((l) => JSON.parse(l) as { target: string; details: { new: number } });
      expect(entries.length).toBeGreaterThanOrEqual(3);
      expect(entries.every((e) => /^taxii:http:\/\/127\.0\.0\.1:\d+\/taxii2\/accord\/collections\/[0-9a-f-]{36}\/$/.test(e.target))).toBe(true);
      expect(entries.reduce((s, e) => s + e.details.new, 0)).toBe(26);

      // More objects (one a new version) reach A; the next pull starts where the last stopped.
      const second = [buildIndicator(), buildMalware(), nextVersion(first[0] as Obj, { name: 'revised' })];
      writeFileSync(join(dir, 'second.json'), bundle(second));
      expect((await runAccord(['import', '--data', a, join(dir, 'second.json')])).code).toBe(0);
      const again = await runAccord(pullArgs);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/: 3 objects in 1 pages/);
      expect(again.stdout).toMatch(/new +2\n/);
      expect(again.stdout).toMatch(/new versions +1\n/);
      expect(again.stdout).toMatch(/unchanged +0\n/);
      const nothing = await runAccord(pullArgs);
      expect(nothing.stdout).toMatch(/: 0 objects in 1 pages/);
      // --added-after overrides the checkpoint: everything again (every version), all unchanged.
      const full = await runAccord([...pullArgs, '--added-after', '2000-01-01T00:00:00.000000Z']);
      expect(full.stdout).toMatch(/: 46 objects in 5 pages/);
      expect(full.stdout).toMatch(/unchanged +46\n/);
      // A filtered pull keeps a checkpoint of its own.
      const malware = await runAccord([...pullArgs, '--type', 'malware', '--versions', 'last']);
      expect(malware.stdout).toMatch(/: 1 objects in 1 pages/);
    } finally {
      await nodeA.stop();
      await nodeB.stop();
    }
  });

  it('pushes files to a node: invalid objects stay here, the rest are reported from the status resources', async () => {
    const data = join(dir, 'push');
    await initNodeDir(data, ['--self-signed']);
    const tokenOut = await runAccord(['user', 'add', 'pusher', '--roles', 'analyst', '--data', data], { env: { ACCORD_USER_PASSWORD: TEST_PASSWORD } });
    expect(tokenOut.code, tokenOut.stderr).toBe(0);
    const token = (await runAccord(['token', 'create', '--user', 'pusher', '--name', 'push', '--data', data])).stdout.match(/accord_\S+/)?.[0] ?? '';
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, token, { mode: 0o600 });
    const good = Array.from({ length: 12 }, () => buildIndicator());
    const invalid = { ...buildIndicator(), pattern_type: undefined, id: 'indicator--not-a-uuid' };
    writeFileSync(join(dir, 'push.json'), bundle([...good.slice(0, 6), invalid, ...good.slice(6)]));
    const node = await startNode(['--data', data]);
    try {
      const ca = join(data, 'tls-cert.pem');
      const noCa = await runAccord(['taxii', 'push', node.url, '--collection', 'default', '--token-file', tokenFile, join(dir, 'push.json')]);
      expect(noCa.code).toBe(3);
      expect(noCa.stderr).toMatch(/TLS connection was refused.*--ca FILE/);
      const r = await runAccord(['taxii', 'push', node.url, '--collection', 'default', '--token-file', tokenFile, '--ca', ca, '--envelope-size', '5', join(dir, 'push.json')]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toMatch(/: 12 objects in 3 envelopes/);
      expect(r.stdout).toMatch(/succeeded +12\n/);
      expect(r.stdout).toMatch(/failed +0\n/);
      expect(r.stdout).toMatch(/not sent +1 /);
      expect(r.stdout).toMatch(/push\.json:\d+:\d+ +indicator--not-a-uuid/);
      const client = new TaxiiClient({ credentials: { kind: 'bearer', token }, ca: readFileSync(ca) });
      try {
        const got = await drain((await client.connect(node.url)).collection('default').allObjects({ match: { type: ['indicator'] } }));
        expect(new Set(ids(got.texts))).toEqual(new Set(good.map((o) => o.id)));
      } finally {
        client.close();
      }
    } finally {
      await node.stop();
    }
  });

  it('says what is wrong with the command line', async () => {
    expect((await runAccord(['taxii', 'pull', 'https://x.example/'])).stderr).toMatch(/--collection ID is required/);
    expect((await runAccord(['taxii', 'pull', 'http://x.example/', '--collection', 'c', '--data', join(dir, 'a')])).stderr).toMatch(/requires HTTPS/);
    const both = await runAccord(['taxii', 'push', 'https://x.example/', '--collection', 'c', '--user', 'u', '--token-file', 'f', '-']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/either --user .* or --token-file/);
  });
});
