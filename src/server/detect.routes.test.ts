// POST /api/v1/detect/events through the real app: an analyst's token posts eve.json lines and
// gets the matches back (the sink receives them; the call is audited); bad lines are counted and
// sampled; other roles, other media types, unknown formats and oversize bodies get problems; an
// indicator stored meanwhile is matched once the live index has refreshed.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putObjects } from '../../test/support/store.js';
import { startTestNode, type TestNode } from '../../test/support/node-app.js';
import { LiveDetector, type Detection } from '../detect/index.js';

const T = '2026-01-01T00:00:00.000Z';
const id = (n: number): string => `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const indicator = (n: number, pattern: string): Record<string, unknown> => ({
  type: 'indicator', spec_version: '2.1', id: id(n), created: T, modified: T, name: `indicator ${n}`, pattern, pattern_type: 'stix', valid_from: T,
});
const flow = (src: string, dest: string): string => JSON.stringify({ timestamp: '2026-02-01T10:00:00.000000+0000', event_type: 'flow', src_ip: src, dest_ip: dest, src_port: 40000, dest_port: 443, proto: 'TCP' });
const dns = (name: string): string => JSON.stringify({ timestamp: '2026-02-01T10:00:01.000000+0000', event_type: 'dns', src_ip: '10.0.0.5', dest_ip: '10.0.0.53', dns: { type: 'query', rrname: name, rrtype: 'A' } });

describe('POST /api/v1/detect/events', () => {
  let node: TestNode;
  let live: LiveDetector | undefined;
  const sunk: Detection[] = [];
  let analyst: string;
  let observer: string;
  const post = (token: string | undefined, body: string | Readable, query = '', type = 'application/x-ndjson') => node.app.inject({
    method: 'POST', url: `/api/v1/detect/events${query}`, payload: body,
    headers: { 'content-type': type, ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}) },
  });

  beforeAll(async () => {
    node = await startTestNode({
      detection: (store) => {
        live = new LiveDetector(store, { sink: (d) => Promise.resolve(void sunk.push(...d)) });
        return { live, maxBytes: 4096 };
      },
    });
    await putObjects(node.store, [indicator(1, "[ipv4-addr:value = '198.51.100.7']"), indicator(2, "[domain-name:value LIKE '%.evil.example']")]);
    await live?.refresh();
    analyst = await node.userWithToken('sensor', ['analyst']);
    observer = await node.userWithToken('watcher', ['observer']);
  });
  afterAll(() => node.close());

  it('matches each line, counts and samples bad ones, hands matches to the sink and audits the call', async () => {
    const body = [flow('10.0.0.5', '198.51.100.7'), '{"truncated": ', dns('c2.evil.example'), '', 'not json', flow('10.0.0.5', '192.0.2.1')].join('\n');
    const r = await post(analyst, `${body}\n`, '?format=eve');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({
      events: 3, matches: 2, skipped: 2,
      skips: [{ line: 2, reason: expect.stringMatching(/^not JSON/) as unknown }, { line: 5, reason: expect.stringMatching(/^not JSON/) as unknown }],
      detections: [
        { indicator: id(1), indicator_name: 'indicator 1', line: 1, event_type: 'flow', time: '2026-02-01T10:00:00.000Z', path: 'ipv4-addr:value', value: '198.51.100.7', by: 'index' },
        { indicator: id(2), indicator_name: 'indicator 2', line: 3, event_type: 'dns', time: '2026-02-01T10:00:01.000Z', path: 'domain-name:value', value: 'c2.evil.example', by: 'index' },
      ],
    });
    expect(sunk.map((d) => [d.hit.indicator, d.source, d.line])).toEqual([[id(1), 'ingest', 1], [id(2), 'ingest', 3]]);
    const [entry] = (await node.store.audit.scan(0, 1000)).filter((e) => e.action === 'detect.ingested');
    expect(entry?.actor).toMatch(/^user:sensor\/token:/);
    expect(JSON.parse(entry?.details ?? '{}')).toEqual({ format: 'eve', events: 3, matches: 2, skipped: 2, indicators: [id(1), id(2)] });
  });

  it('matches an indicator stored meanwhile once the live index refreshed', async () => {
    await putObjects(node.store, [indicator(3, "[ipv4-addr:value ISSUBSET '203.0.113.0/24']")]);
    await live?.refresh();
    const r = await post(analyst, flow('203.0.113.9', '10.0.0.5'));
    expect(r.json()).toMatchObject({ events: 1, matches: 1, detections: [{ indicator: id(3) }] });
  });

  it('refuses callers without detect:run, other media types, unknown formats and oversize bodies with problems', async () => {
    expect((await post(undefined, flow('10.0.0.5', '198.51.100.7'))).statusCode).toBe(401);
    expect((await post(observer, flow('10.0.0.5', '198.51.100.7'))).statusCode).toBe(403);
    const json = await post(analyst, flow('10.0.0.5', '198.51.100.7'), '', 'application/json');
    expect(json.statusCode).toBe(415);
    expect(json.json()).toMatchObject({ code: 'detect.media-type', detail: expect.stringContaining('application/x-ndjson') as unknown });
    const zeek = await post(analyst, flow('10.0.0.5', '198.51.100.7'), '?format=snort');
    expect(zeek.statusCode).toBe(400);
    expect(zeek.json<{ detail: string }>().detail).toBe('format "snort" is not one this endpoint reads: eve, zeek, cef');
    const big = `${flow('10.0.0.5', '198.51.100.7')}\n`.repeat(40);
    expect((await post(analyst, big)).json()).toMatchObject({ status: 413, code: 'detect.body-too-large' });
    // Streamed without a length: refused once the limit is crossed, after what came before was matched.
    const streamed = await post(analyst, Readable.from(big.match(/[^\n]*\n/g) ?? []));
    expect(streamed.statusCode).toBe(413);
    expect(streamed.json<{ detail: string }>().detail).toMatch(/larger than 4096 bytes .*lines before the limit were read/);
  });

  it('answers 503 where detection does not run', async () => {
    const bare = await startTestNode();
    try {
      const token = await bare.userWithToken('ana', ['analyst']);
      const r = await bare.app.inject({ method: 'POST', url: '/api/v1/detect/events', payload: flow('10.0.0.5', '198.51.100.7'), headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` } });
      expect(r.statusCode).toBe(503);
    } finally {
      await bare.close();
    }
  });
});
