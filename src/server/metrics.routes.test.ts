import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../../test/support/node-app.js';
import type { PeerSyncStatus } from '../federation/index.js';
import { BatchRootCache, buildShare, signShare, signShareBatch, verifyShare, type UnsignedShareRecord } from '../sharing/index.js';
import { generateNodeKey } from '../trust/index.js';
import { buildIndicator } from '../../test/support/factories.js';
import { buildApp } from './app.js';
import type { PeerStatusSource } from './peers.routes.js';

// A strict reading of the text format 0.0.4: every line is a HELP, a TYPE or a sample; every
// sample belongs to the family declared last (histograms by _bucket/_sum/_count); a family is
// declared once; no series twice; the text ends with a newline.
const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"';
const VALUE = '(?:[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|[+-]Inf|NaN)';
const HELP_LINE = new RegExp(`^# HELP (${NAME}) ((?:[^\\\\\\n]|\\\\[\\\\n])*)$`);
const TYPE_LINE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const SAMPLE_LINE = new RegExp(`^(${NAME})(\\{${LABEL}(?:,${LABEL})*\\})? (${VALUE})$`);

interface Series { readonly name: string; readonly labels: Readonly<Record<string, string>>; readonly value: number }
interface Family { readonly type: string; readonly help: string; readonly series: Series[] }

function unescape(v: string): string {
  return v.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));
}

function parse(text: string): Map<string, Family> {
  expect(text.endsWith('\n')).toBe(true);
  const families = new Map<string, Family>();
  const seen = new Set<string>();
  let help: { name: string; text: string } | undefined;
  let current: { name: string; family: Family } | undefined;
  for (const line of text.slice(0, -1).split('\n')) {
    const h = HELP_LINE.exec(line);
    const t = TYPE_LINE.exec(line);
    const s = SAMPLE_LINE.exec(line);
    if (h !== null) {
      help = { name: h[1] ?? '', text: unescape(h[2] ?? '') };
    } else if (t !== null) {
      const name = t[1] ?? '';
      expect(help?.name, `HELP before TYPE of ${name}`).toBe(name);
      expect(families.has(name), `${name} declared once`).toBe(false);
      current = { name, family: { type: t[2] ?? '', help: help?.text ?? '', series: [] } };
      families.set(name, current.family);
    } else if (s !== null) {
      const name = s[1] ?? '';
      expect(current, `a TYPE before ${line}`).toBeDefined();
      const owner = current?.family.type === 'histogram' ? name.replace(/_(bucket|sum|count)$/, '') : name;
      expect(owner, `${line} belongs to the family declared last`).toBe(current?.name);
      const labels: Record<string, string> = {};
      for (const m of (s[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[m[1] ?? ''] = unescape(m[2] ?? '');
      const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
      expect(seen.has(key), `series ${line} once`).toBe(false);
      seen.add(key);
      current?.family.series.push({ name, labels, value: Number(s[3]?.replace('Inf', 'Infinity')) });
    } else {
      throw new Error(`not a line of the 0.0.4 text format: ${JSON.stringify(line)}`);
    }
  }
  return families;
}

function value(families: Map<string, Family>, name: string, labels: Readonly<Record<string, string>> = {}): number | undefined {
  const family = families.get(name) ?? families.get(name.replace(/_(bucket|sum|count)$/, ''));
  const match = family?.series.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)) ?? [];
  if (match.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} matches ${match.length} series`);
  return match[0]?.value;
}

const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

function status(over: Partial<PeerSyncStatus> & Pick<PeerSyncStatus, 'memberId' | 'name'>): PeerSyncStatus {
  return {
    nodeUrl: 'https://peer.example', lastAttempt: null, lastSuccess: null, lastError: null, failures: 0, objectsReceived: 0, recordsReceived: 0,
    accepted: 0, quarantined: 0, checkpoint: null, caughtUp: false, lagSeconds: null, lastPush: null, pushError: null, pushFailures: 0, pushed: 0, ...over,
  };
}

describe('GET /metrics', () => {
  let node: TestNode;
  let app: FastifyInstance;
  const bearer: Record<string, { authorization: string }> = {};
  beforeAll(async () => {
    node = await startTestNode();
    app = node.app;
    for (const role of ['admin', 'observer', 'analyst'] as const) bearer[role] = { authorization: `Bearer ${await node.userWithToken(`metrics-${role}`, [role])}` };
  });
  afterAll(() => node.close());

  const scrape = async (as: { authorization: string } | undefined = bearer.observer): Promise<Map<string, Family>> => {
    const res = await app.inject({ url: '/metrics', ...(as !== undefined ? { headers: as } : {}) });
    expect(res.statusCode).toBe(200);
    return parse(res.body);
  };

  it('needs credentials, and the metrics:read permission (admin, observer)', async () => {
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(401);
    const analyst = await app.inject({ url: '/metrics', headers: bearer.analyst });
    expect(analyst.statusCode).toBe(403);
    expect(analyst.json()).toMatchObject({ code: 'auth.forbidden' });
    for (const role of ['admin', 'observer']) {
      const res = await app.inject({ url: '/metrics', headers: bearer[role] });
      expect(res.statusCode, role).toBe(200);
      expect(res.headers['content-type']).toBe(CONTENT_TYPE);
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('is valid text format throughout, with the node and process metrics', async () => {
    const m = await scrape(bearer.admin);
    expect(value(m, 'accord_build_info', { version: 'test' })).toBe(1);
    expect(m.get('accord_build_info')?.type).toBe('gauge');
    expect(value(m, 'accord_peers')).toBe(0);
    expect(value(m, 'accord_scrape_collector_success', { collector: 'peers' })).toBe(1);
    expect(value(m, 'process_resident_memory_bytes')).toBeGreaterThan(1 << 20);
    expect(value(m, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(m.get('process_cpu_seconds_total')?.type).toBe('counter');
    const start = value(m, 'process_start_time_seconds') ?? 0;
    expect(start).toBeLessThanOrEqual(Date.now() / 1000);
    expect(start).toBeGreaterThan(Date.now() / 1000 - 3600);
    if (process.platform === 'linux') expect(value(m, 'process_open_fds')).toBeGreaterThan(2);
    for (const [name, f] of m) {
      expect(f.help.length, name).toBeGreaterThan(5);
      if (f.type === 'counter') expect(name).toMatch(/_total$/);
    }
  });

  it('counts requests by method, route pattern and status, and times them in a histogram', async () => {
    const healthz = { method: 'GET', route: '/healthz', status: '200' };
    const before = value(await scrape(), 'accord_http_requests_total', healthz) ?? 0;
    await app.inject({ url: '/healthz' });
    await app.inject({ url: '/healthz' });
    const id = 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';
    expect((await app.inject({ url: `/api/v1/objects/${id}`, headers: bearer.observer })).statusCode).toBe(404);
    expect((await app.inject({ url: '/no/such/place?x=1' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/taxii2/accord/collections/default/objects/', headers: { ...bearer.observer, accept: 'application/taxii+json;version=2.1' } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/v1/openapi.json' })).statusCode).toBe(200);
    const res = await app.inject({ url: '/metrics', headers: bearer.observer });
    const m = parse(res.body);
    expect(value(m, 'accord_http_requests_total', healthz)).toBe(before + 2);
    expect(value(m, 'accord_http_requests_total', { method: 'GET', route: '/api/v1/objects/:id', status: '404' })).toBe(1);
    expect(value(m, 'accord_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    expect(value(m, 'accord_http_requests_total', { method: 'GET', route: '/metrics', status: '401' })).toBe(1);
    expect(value(m, 'accord_http_requests_total', { method: 'GET', route: '/taxii2/accord/collections/:collection/objects/', status: '200' })).toBe(1);
    expect(value(m, 'accord_http_requests_total', { method: 'GET', route: '/api/v1/openapi.json', status: '200' })).toBe(1);
    expect(value(m, 'accord_http_requests_total', { method: 'GET', route: '/metrics', status: '403' })).toBe(1);
    // Route labels are patterns: no object id, no raw path, no query string.
    expect(res.body).not.toContain(id);
    expect(res.body).not.toContain('/no/such/place');
    const duration = m.get('accord_http_request_duration_seconds');
    expect(duration?.type).toBe('histogram');
    const labels = { method: 'GET', route: '/healthz' };
    const buckets = duration?.series.filter((s) => s.name.endsWith('_bucket') && s.labels.route === '/healthz').map((s) => s.value) ?? [];
    expect(buckets.length).toBeGreaterThan(2);
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b)); // cumulative
    expect(value(m, 'accord_http_request_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(value(m, 'accord_http_request_duration_seconds_count', labels));
    expect(value(m, 'accord_http_request_duration_seconds_count', labels)).toBe(before + 2);
    expect(value(m, 'accord_http_request_duration_seconds_sum', labels)).toBeGreaterThan(0);
  });

  it('counts the share records this process verified and the Ed25519 verifications they cost', async () => {
    const before = await scrape();
    const key = generateNodeKey('signing');
    const sharer = 'identity--2b7d6c1e-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
    const unsigned = [0, 1, 2].map(() => buildShare({ object: buildIndicator(), sharer, tlp: 'green', audience: { kind: 'all' }, relay: false }));
    const keyOf = (m: string, fp: string) => (m === sharer && fp === key.fingerprint ? key.publicKey : undefined);
    // Three records of one batch checked alone (a verification each), the same with their root remembered (one), one signed alone (one).
    for (const record of signShareBatch(unsigned, key)) expect(verifyShare(record, keyOf, new Date(), { cache: new BatchRootCache() }).ok).toBe(true);
    const cache = new BatchRootCache();
    for (const record of signShareBatch(unsigned, key)) expect(verifyShare(record, keyOf, new Date(), { cache }).ok).toBe(true);
    expect(verifyShare(signShare(unsigned[0] as UnsignedShareRecord, key), keyOf, new Date()).ok).toBe(true);
    const after = await scrape();
    const delta = (name: string): number => (value(after, name) ?? NaN) - (value(before, name) ?? NaN);
    expect(delta('accord_share_records_verified_total')).toBe(7);
    expect(delta('accord_share_signature_verifications_total')).toBe(3 + 1 + 1);
    expect(delta('accord_share_signature_verify_seconds_total')).toBeGreaterThan(0);
    expect(after.get('accord_share_signature_verify_seconds_total')?.type).toBe('counter');
  });
});

describe('GET /metrics with peers', () => {
  let node: TestNode;
  let token: { authorization: string };
  const apps: FastifyInstance[] = [];
  beforeAll(async () => {
    node = await startTestNode();
    token = { authorization: `Bearer ${await node.userWithToken('prometheus', ['observer'])}` };
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    await node.close();
  });

  /** A second app on the test node's store and identity, with this peer status. */
  const appWith = async (statuses: PeerStatusSource['statuses']): Promise<FastifyInstance> => {
    const a = await buildApp({
      store: node.store, identity: node.identity, audit: node.audit, logger: pino({ level: 'silent' }), bodyLimit: 1 << 20, version: 'test', tls: false,
      peerStatus: { statuses, quarantine: () => Promise.resolve([]) },
    });
    apps.push(a);
    return a;
  };

  it('gives each peer its series, labelled by member id and name, leaving out what is unknown', async () => {
    const success = '2026-01-02T03:04:05.000Z';
    const app = await appWith(() => Promise.resolve([
      status({
        memberId: 'member-bravo', name: 'CERT-Bravo', lastAttempt: success, lastSuccess: success, caughtUp: true, lagSeconds: 42,
        objectsReceived: 120, recordsReceived: 20, accepted: 110, quarantined: 10, lastPush: '2026-01-02T03:05:00.000Z', pushed: 7,
      }),
      status({ memberId: 'member-charlie', name: 'Regional "Org"\\\nEast', lastAttempt: success, failures: 3, pushFailures: 2 }),
    ]));
    const res = await app.inject({ url: '/metrics', headers: token });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(CONTENT_TYPE);
    const m = parse(res.body);
    const bravo = { member: 'member-bravo', name: 'CERT-Bravo' };
    const charlie = { member: 'member-charlie', name: 'Regional "Org"\\\nEast' };
    expect(value(m, 'accord_peers')).toBe(2);
    expect(value(m, 'accord_peer_up', bravo)).toBe(1);
    expect(value(m, 'accord_peer_up', charlie)).toBe(0);
    expect(value(m, 'accord_peer_last_success_timestamp_seconds', bravo)).toBe(Date.parse(success) / 1000);
    expect(value(m, 'accord_peer_last_success_timestamp_seconds', charlie)).toBeUndefined();
    expect(value(m, 'accord_peer_last_attempt_timestamp_seconds', charlie)).toBe(Date.parse(success) / 1000);
    expect(value(m, 'accord_peer_lag_seconds', bravo)).toBe(42);
    expect(value(m, 'accord_peer_lag_seconds', charlie)).toBeUndefined();
    expect(value(m, 'accord_peer_caught_up', bravo)).toBe(1);
    expect(value(m, 'accord_peer_caught_up', charlie)).toBe(0);
    expect(value(m, 'accord_peer_pull_failures', charlie)).toBe(3);
    expect(value(m, 'accord_peer_objects_received_total', bravo)).toBe(120);
    expect(value(m, 'accord_peer_records_received_total', bravo)).toBe(20);
    expect(value(m, 'accord_peer_accepted_total', bravo)).toBe(110);
    expect(value(m, 'accord_peer_quarantined_total', bravo)).toBe(10);
    expect(value(m, 'accord_peer_pushed_total', bravo)).toBe(7);
    expect(value(m, 'accord_peer_push_failures', charlie)).toBe(2);
    expect(value(m, 'accord_peer_last_push_timestamp_seconds', bravo)).toBe(Date.parse('2026-01-02T03:05:00.000Z') / 1000);
    expect(value(m, 'accord_peer_last_push_timestamp_seconds', charlie)).toBeUndefined();
    expect(m.get('accord_peer_quarantined_total')?.type).toBe('counter');
    expect(m.get('accord_peer_pull_failures')?.type).toBe('gauge');
    // The name travels escaped: one line per series.
    expect(res.body).toContain('accord_peer_up{member="member-charlie",name="Regional \\"Org\\"\\\\\\nEast"} 0\n');
  });

  it('still answers, with the process metrics, when the peer status cannot be read', async () => {
    const app = await appWith(() => Promise.reject(new Error('store down')));
    const res = await app.inject({ url: '/metrics', headers: token });
    expect(res.statusCode).toBe(200);
    const m = parse(res.body);
    expect(value(m, 'accord_scrape_collector_success', { collector: 'peers' })).toBe(0);
    expect(m.has('accord_peers')).toBe(false);
    expect(value(m, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});
