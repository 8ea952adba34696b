// Uploading STIX through the API: streamed into the import pipeline, answered as JSON lines
// (progress, per-object results, summary), audited per batch, refused clearly when it is not
// STIX or too large.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../../test/support/node-app.js';
import { buildIndicator, buildMalware } from '../../test/support/factories.js';

let node: TestNode;
let auth: Record<string, string>;
beforeEach(async () => {
  node = await startTestNode({ bodyLimit: 64 * 1024 });
  auth = { authorization: `Bearer ${await node.userWithToken('importer', ['analyst'])}` };
});
afterEach(() => node.close());

async function upload(body: string, type = 'application/json'): Promise<{ status: number; lines: Record<string, unknown>[]; type: string | null }> {
  const res = await fetch(`${node.url}/api/v1/imports?name=partner.json`, { method: 'POST', headers: { ...auth, 'content-type': type }, body });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), lines: res.status === 200 ? text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) : [JSON.parse(text) as Record<string, unknown>] };
}

it('stores a bundle object by object and answers progress, each rejection and the summary, as JSON lines', async () => {
  const good = [buildIndicator(), buildMalware(), buildIndicator()];
  const bad: Record<string, unknown> = { ...buildIndicator(), pattern: undefined };
  const bundle = { type: 'bundle', id: 'bundle--6f0e8e2a-5a44-4c1e-9d5e-1f8b2c3d4e5f', objects: [good[0], bad, good[1], good[2]] };
  const r = await upload(JSON.stringify(bundle));
  expect(r.status).toBe(200);
  expect(r.type).toBe('application/x-ndjson; charset=utf-8');
  expect(r.lines.some((l) => 'progress' in l)).toBe(true);
  const results = r.lines.filter((l) => 'result' in l).map((l) => l.result as Record<string, unknown>);
  expect(results).toEqual([expect.objectContaining({ index: 1, id: bad.id, status: 'rejected', code: expect.stringMatching(/^schema\./) as unknown })]);
  expect(r.lines.at(-1)).toEqual({ summary: { items: 4, new: 3, new_version: 0, unchanged: 0, rejected: 1, warned: 0, fatal: null } });
  for (const o of good) expect(await node.store.objects.versions(o.id as string)).toHaveLength(1);
  const audited = await node.store.audit.query({ action: 'object.imported', limit: 10 });
  expect(audited.map((e) => [e.actor.split('/')[0], e.target])).toEqual([['user:importer', 'upload:partner.json']]);
});

it('reports a truncated upload in the summary, keeping what came before it', async () => {
  const first = buildIndicator();
  const r = await upload(`${JSON.stringify(first)}\n{"type": "indicator", "id": "indic`, 'application/x-ndjson');
  expect(r.status).toBe(200);
  const summary = r.lines.at(-1)?.summary as { new: number; fatal: { code: string; message: string } | null };
  expect(summary.new).toBe(1);
  expect(summary.fatal?.message).toBeTruthy();
  expect(await node.store.objects.versions(first.id as string)).toHaveLength(1);
});

it('refuses what is not STIX JSON, and uploads larger than the node accepts, with problems naming why', async () => {
  const csv = await upload('value\n198.51.100.7\n', 'text/csv');
  expect(csv.status).toBe(415);
  expect(csv.lines[0]).toMatchObject({ code: 'import.media-type', detail: expect.stringContaining('accord import') as unknown });
  const big = await upload(JSON.stringify({ type: 'bundle', id: 'bundle--6f0e8e2a-5a44-4c1e-9d5e-1f8b2c3d4e5f', objects: [{ ...buildIndicator(), description: 'x'.repeat(70 * 1024) }] }));
  expect(big.status).toBe(413);
  expect(big.lines[0]).toMatchObject({ code: 'import.too-large' });
});
