// Scheduled feed pulls against a real HTTP server on 127.0.0.1 and a real SQLite store: the first
// pull stores, a second one with the ETag gets 304 and stores nothing, a changed feed stores its
// new values and expires a removed one (which comes back as a new version), and a failing feed
// (error status, timeout, too large, redirect loop) is recorded with a clear error while another
// feed goes on. The plan itself (feed-plan.ts) is checked on its own below.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../../test/support/cli.js';
import { tempSqliteStore, type TempStore } from '../../test/support/store.js';
import { tlpMarkingId, validateObject } from '../stix/index.js';
import type { FeedValueRecord } from '../store/index.js';
import { planPull } from './feed-plan.js';
import { pullFeed, type FeedDefinition, type FeedPullContext } from './feed-pull.js';
import { FeedSchedule } from './feed-schedule.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A feed server whose routes the tests change as they go; it counts requests per path. */
let server: Server;
let base: string;
const routes = new Map<string, Handler>();
const hits = new Map<string, IncomingMessage[]>();

/** A route serving `body` with a strong ETag, answering 304 to a matching If-None-Match. */
function serve(path: string, body: () => string, type = 'text/plain'): void {
  routes.set(path, (req, res) => {
    const etag = `"${Buffer.from(body()).toString('base64url').slice(-16)}-${body().length}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': type, etag, 'last-modified': 'Fri, 01 Jan 2027 00:00:00 GMT' }).end(body());
  });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, [...(hits.get(path) ?? []), req]);
    const route = routes.get(path);
    if (route === undefined) res.writeHead(404).end('no such feed');
    else route(req, res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

let temp: TempStore;
let clock: Date;
beforeEach(async () => {
  temp = await tempSqliteStore();
  clock = new Date('2027-03-01T10:00:00.000Z');
  routes.clear();
  hits.clear();
});
afterEach(() => temp.dispose());

const SELF = 'identity--0a000000-0000-4000-8000-000000000001';
const ctx = (): FeedPullContext => ({ store: temp.store, createdBy: SELF, now: () => clock, fetch: { timeoutMs: 1000, maxBytes: 10_000 } });
const feed = (over: Partial<FeedDefinition> = {}): FeedDefinition => ({ name: 'Example blocklist', url: `${base}/list.txt`, format: 'list', tlp: 'amber', intervalMinutes: 60, ...over });

/** The latest version of each indicator, by its name (the value). */
async function latest(): Promise<Map<string, Record<string, unknown>>> {
  const page = await temp.store.objects.list({ types: ['indicator'], limit: 100 });
  return new Map(page.items.map((o) => JSON.parse(o.json) as Record<string, unknown>).map((o) => [String(o.name), o]));
}

describe('pulling a plain feed', () => {
  it('stores the values once, then gets 304 with the ETag and stores nothing', async () => {
    let text = '# example\n203.0.113.10\nhxxp://bad[.]example/x\nnot a value\n';
    serve('/list.txt', () => text);
    const first = await pullFeed(ctx(), feed());
    expect(first).toMatchObject({ outcome: 'stored', listed: 2, added: 2, removed: 0, new: 2, rejected: 1 });
    expect(first.skipped[0]).toMatchObject({ line: 4, reason: expect.stringMatching(/not a recognised value/) as unknown });
    const held = await latest();
    for (const o of held.values()) {
      expect(validateObject(o).issues).toEqual([]);
      expect(o).toMatchObject({ created: clock.toISOString(), modified: clock.toISOString(), valid_from: clock.toISOString(), object_marking_refs: [tlpMarkingId('amber')], created_by_ref: SELF });
      expect(o.valid_until).toBeUndefined();
    }
    const state = await temp.store.feeds.state('Example blocklist');
    expect(state).toMatchObject({ lastSuccess: clock.toISOString(), errorCode: null, pending: false, lastModified: 'Fri, 01 Jan 2027 00:00:00 GMT' });
    expect(state?.etag).toMatch(/^".+"$/);

    clock = new Date('2027-03-01T11:00:00.000Z');
    const second = await pullFeed(ctx(), feed());
    expect(second).toMatchObject({ outcome: 'not-modified', items: 0, new: 0 });
    expect(hits.get('/list.txt')?.[1]?.headers['if-none-match']).toBe(state?.etag);
    expect(hits.get('/list.txt')?.[1]?.headers['if-modified-since']).toBe('Fri, 01 Jan 2027 00:00:00 GMT');
    expect((await temp.store.objects.stats()).versions).toBe(2);
    expect(await temp.store.feeds.state('Example blocklist')).toMatchObject({ lastSuccess: '2027-03-01T11:00:00.000Z', lastAttempt: '2027-03-01T11:00:00.000Z' });

    // The same content served without validators: the values are compared, and nothing is new.
    text = `${text}\n`;
    clock = new Date('2027-03-01T12:00:00.000Z');
    expect(await pullFeed(ctx(), feed())).toMatchObject({ outcome: 'stored', added: 0, removed: 0, items: 0 });
    expect((await temp.store.objects.stats()).versions).toBe(2);
  });

  it('stores new values, expires a removed one, and makes a returning one valid again from its return', async () => {
    let text = '203.0.113.10\nevil.example\n';
    serve('/list.txt', () => text);
    await pullFeed(ctx(), feed());
    const t0 = clock.toISOString();
    text = 'evil.example\nnew-evil.example\n';
    clock = new Date('2027-03-02T10:00:00.000Z');
    const changed = await pullFeed(ctx(), feed());
    expect(changed).toMatchObject({ outcome: 'stored', listed: 2, added: 1, removed: 1, new: 1, newVersion: 1 });
    let held = await latest();
    expect(held.get('203.0.113.10')).toMatchObject({ created: t0, valid_from: t0, modified: clock.toISOString(), valid_until: clock.toISOString() });
    expect(held.get('new-evil.example')).toMatchObject({ created: clock.toISOString(), valid_from: clock.toISOString() });
    expect(held.get('evil.example')).toMatchObject({ modified: t0 });

    text = '203.0.113.10\nevil.example\nnew-evil.example\n';
    clock = new Date('2027-03-05T10:00:00.000Z');
    const back = await pullFeed(ctx(), feed());
    expect(back).toMatchObject({ added: 1, removed: 0, newVersion: 1, new: 0 });
    held = await latest();
    const ip = held.get('203.0.113.10');
    expect(ip).toMatchObject({ created: t0, valid_from: clock.toISOString(), modified: clock.toISOString() });
    expect(ip?.valid_until).toBeUndefined();
    expect((await temp.store.objects.versions(String(ip?.id))).length).toBe(3);
  });

  it('completes a pull that stopped between its value rows and its objects, whatever the server answers', async () => {
    serve('/list.txt', () => 'evil.example\n');
    await pullFeed(ctx(), feed());
    const state = await temp.store.feeds.state('Example blocklist');
    // As if the process had died after saving a new value's row and before storing its object.
    const row = { key: 'domain late.example', created: clock.toISOString(), validFrom: clock.toISOString(), modified: clock.toISOString(), validUntil: null, goneAt: null };
    await temp.store.feeds.saveValues({ ...state!, pending: true }, [row]);
    const r = await pullFeed(ctx(), feed());
    expect(r).toMatchObject({ outcome: 'not-modified', new: 1, unchanged: 1 });
    expect((await latest()).get('late.example')).toMatchObject({ created: clock.toISOString() });
    expect((await temp.store.feeds.state('Example blocklist'))?.pending).toBe(false);
  });

  it('dates validity with validDays, and makes new versions when the TLP changes', async () => {
    serve('/list.txt', () => 'evil.example\n');
    await pullFeed(ctx(), feed({ validDays: 10 }));
    expect((await latest()).get('evil.example')).toMatchObject({ valid_until: '2027-03-11T10:00:00.000Z' });
    clock = new Date('2027-03-02T10:00:00.000Z');
    const red = await pullFeed(ctx(), feed({ validDays: 10, tlp: 'red' }));
    expect(red).toMatchObject({ newVersion: 1 });
    expect((await latest()).get('evil.example')).toMatchObject({ object_marking_refs: [tlpMarkingId('red')], valid_until: '2027-03-12T10:00:00.000Z', created: '2027-03-01T10:00:00.000Z' });
  });

  it('reads a CSV column and stores a STIX bundle as it is', async () => {
    serve('/feed.csv', () => 'first_seen,ioc\n2027-01-01,evil-one.example\n');
    expect(await pullFeed(ctx(), feed({ name: 'csv feed', url: `${base}/feed.csv`, format: 'csv', column: 'ioc' }))).toMatchObject({ new: 1, listed: 1 });
    const indicator = {
      type: 'indicator', spec_version: '2.1', id: 'indicator--3b0a2a8e-6b0c-4c7c-9d5e-1f0b5a6e7c11', created: '2027-01-01T00:00:00.000Z', modified: '2027-01-01T00:00:00.000Z',
      pattern: "[domain-name:value = 'bundle.example']", pattern_type: 'stix', valid_from: '2027-01-01T00:00:00.000Z',
    };
    serve('/bundle.json', () => JSON.stringify({ type: 'bundle', id: 'bundle--6b0a2a8e-6b0c-4c7c-9d5e-1f0b5a6e7c11', objects: [indicator] }), 'application/json');
    const stix = feed({ name: 'stix feed', url: `${base}/bundle.json`, format: 'stix' });
    expect(await pullFeed(ctx(), stix)).toMatchObject({ outcome: 'stored', new: 1 });
    expect(await pullFeed(ctx(), stix)).toMatchObject({ outcome: 'not-modified' });
    expect((await temp.store.objects.versions(indicator.id)).length).toBe(1);
  });

  it('sends the feed\'s headers to its own origin only', async () => {
    serve('/list.txt', () => 'evil.example\n');
    const other = `http://localhost:${(server.address() as AddressInfo).port}`;
    routes.set('/moved', (_req, res) => res.writeHead(302, { location: `${other}/list.txt` }).end());
    const r = await pullFeed(ctx(), feed({ url: `${base}/moved`, headers: { 'x-api-key': 'secret-key' } }));
    expect(r.outcome).toBe('stored');
    expect(hits.get('/moved')?.[0]?.headers['x-api-key']).toBe('secret-key');
    expect(hits.get('/list.txt')?.[0]?.headers['x-api-key']).toBeUndefined();
  });
});

describe('a failing feed', () => {
  it('is recorded with a clear error, and another feed goes on', async () => {
    serve('/list.txt', () => 'evil.example\n');
    routes.set('/down', (_req, res) => res.writeHead(503, 'Service Unavailable').end());
    routes.set('/slow', () => undefined);
    routes.set('/huge', (_req, res) => res.writeHead(200).end('a'.repeat(20_000)));
    routes.set('/loop', (_req, res) => res.writeHead(302, { location: '/loop' }).end());
    const closed = await freePort();
    const failing = [
      [feed({ name: 'down', url: `${base}/down?key=secret` }), 'feed.http-status', /^GET http:\/\/127\.0\.0\.1:\d+\/down: the server answered 503 Service Unavailable$/],
      [feed({ name: 'slow', url: `${base}/slow` }), 'feed.timeout', /no complete answer within 1000 ms/],
      [feed({ name: 'huge', url: `${base}/huge` }), 'feed.too-large', /larger than the 10000 bytes accepted/],
      [feed({ name: 'loop', url: `${base}/loop` }), 'feed.too-many-redirects', /more than 5 redirects/],
      [feed({ name: 'gone', url: `http://127.0.0.1:${closed}/feed` }), 'feed.unreachable', /the connection failed \(ECONNREFUSED/],
    ] as const;
    const reports = await Promise.all([...failing.map(([f]) => pullFeed(ctx(), f)), pullFeed(ctx(), feed())]);
    failing.forEach(([f, code, message], i) => {
      expect(reports[i], f.name).toMatchObject({ outcome: 'failed', error: { code, message: expect.stringMatching(message) as unknown } });
      expect(reports[i]?.error?.message).not.toContain('secret');
    });
    expect(reports.at(-1)).toMatchObject({ outcome: 'stored', new: 1 });
    expect(await temp.store.feeds.state('down')).toMatchObject({ errorCode: 'feed.http-status', failures: 1, lastSuccess: null });
    await pullFeed(ctx(), failing[0][0]);
    expect(await temp.store.feeds.state('down')).toMatchObject({ failures: 2 });
  });

  it('is pulled on its schedule with the others, and stop() ends every loop', async () => {
    serve('/list.txt', () => 'evil.example\n');
    routes.set('/down', (_req, res) => res.writeHead(500).end());
    const seen: string[] = [];
    const schedule = new FeedSchedule({ ...ctx(), now: () => new Date() }, [feed(), feed({ name: 'down', url: `${base}/down` })], {
      onReport: (f, r) => Promise.resolve(void seen.push(`${f.name}:${r.outcome}`)),
      onError: (_f, e) => { throw e; },
    });
    schedule.start();
    for (let i = 0; i < 100 && seen.length < 2; i++) await new Promise((done) => setTimeout(done, 20));
    await schedule.stop();
    expect(seen.sort()).toEqual(['Example blocklist:stored', 'down:failed']);
  });
});

describe('the plan of a pull', () => {
  const row = (key: string, over: Partial<FeedValueRecord> = {}): FeedValueRecord => ({
    key, created: '2027-01-01T00:00:00.000Z', validFrom: '2027-01-01T00:00:00.000Z', modified: '2027-01-01T00:00:00.000Z', validUntil: null, goneAt: null, ...over,
  });
  const now = new Date('2027-01-10T00:00:00.000Z');

  it('changes nothing for an unchanged feed, and extends validity only when half of it is left', () => {
    expect(planPull({ rows: [row('domain a.example')], listed: ['domain a.example', 'domain a.example'], now, settingsChanged: false })).toEqual({ changed: [], added: 0, removed: 0, listed: 1 });
    const fresh = row('domain a.example', { validUntil: '2027-01-30T00:00:00.000Z' });
    expect(planPull({ rows: [fresh], listed: ['domain a.example'], now, validDays: 30, settingsChanged: false }).changed).toEqual([]);
    const old = row('domain a.example', { validUntil: '2027-01-20T00:00:00.000Z' });
    expect(planPull({ rows: [old], listed: ['domain a.example'], now, validDays: 30, settingsChanged: false }).changed)
      .toEqual([{ ...old, modified: now.toISOString(), validUntil: '2027-02-09T00:00:00.000Z' }]);
  });

  it('expires a removed value unless it expired already, and only marks a CVE gone', () => {
    const expired = row('domain b.example', { validUntil: '2027-01-05T00:00:00.000Z' });
    const plan = planPull({ rows: [row('domain a.example'), expired, row('cve CVE-2021-44228')], listed: [], now, settingsChanged: false });
    expect(plan.removed).toBe(3);
    expect(plan.changed).toEqual([
      row('domain a.example', { modified: now.toISOString(), validUntil: now.toISOString(), goneAt: now.toISOString() }),
      { ...expired, goneAt: now.toISOString() },
      row('cve CVE-2021-44228', { goneAt: now.toISOString() }),
    ]);
  });

  it('keeps versions in order when the clock stepped back', () => {
    const gone = row('domain a.example', { modified: '2027-02-01T00:00:00.000Z', goneAt: '2027-02-01T00:00:00.000Z', validUntil: '2027-02-01T00:00:00.000Z' });
    expect(planPull({ rows: [gone], listed: ['domain a.example'], now, settingsChanged: false }).changed)
      .toEqual([{ ...gone, validFrom: '2027-02-01T00:00:00.001Z', modified: '2027-02-01T00:00:00.001Z', validUntil: null, goneAt: null }]);
  });
});
