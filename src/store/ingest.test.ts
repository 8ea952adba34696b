import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIndicator, buildIpv4, nextVersion } from '../../test/support/factories.js';
import { tempSqliteStore, type TempStore } from '../../test/support/store.js';
import { ingest, type IngestResult } from './ingest.js';

type Obj = Record<string, unknown>;
function bytes(text: string, chunk = 4096): AsyncIterable<Uint8Array> {
  const all = new TextEncoder().encode(text);
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < all.length; i += chunk) chunks.push(all.subarray(i, i + chunk));
  return Readable.from(chunks);
}

describe('ingest', () => {
  let t: TempStore;
  beforeEach(async () => {
    t = await tempSqliteStore();
  });
  afterEach(() => t.dispose());

  async function run(text: string, batchSize = 7): Promise<{ summary: Awaited<ReturnType<typeof ingest>>; results: IngestResult[] }> {
    const results: IngestResult[] = [];
    const summary = await ingest(t.store, bytes(text), { batchSize, maxObjectBytes: 1 << 20, worker: false, onResult: (r) => results.push(r) });
    return { summary, results };
  }

  it('keeps the nine valid objects of every ten and names the invalid tenth, in a bundle', async () => {
    const objects: Obj[] = Array.from({ length: 50 }, (_, i) => (i % 10 === 9 ? { ...buildIndicator(), pattern_type: undefined } : buildIndicator()));
    const bundle = JSON.stringify({ type: 'bundle', id: 'bundle--8a3f2a43-3a55-4d37-a9a0-2c1a4bb0e8f1', objects });
    const { summary, results } = await run(bundle);
    expect(summary).toMatchObject({ items: 50, new: 45, rejected: 5, newVersion: 0, unchanged: 0 });
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected.map((r) => r.index)).toEqual([9, 19, 29, 39, 49]);
    for (const r of rejected) {
      expect(r).toMatchObject({ code: 'schema.required', id: objects[r.index]?.id });
      expect(r.issues?.some((i) => i.path === '/pattern_type')).toBe(true);
    }
    const stored = await t.store.objects.list({ types: ['indicator'], limit: 100 });
    expect(stored.items.map((o) => o.id)).toEqual(objects.filter((_, i) => i % 10 !== 9).map((o) => o.id));
  });

  it('reports new, new versions, unchanged and conflicts, in input order across batches', async () => {
    const a = buildIndicator();
    const b = nextVersion(a);
    const lines = [a, buildIpv4(), b, a, { ...a, name: 'conflict' }].map((o) => JSON.stringify(o)).join('\n');
    const { summary, results } = await run(lines, 2);
    expect(summary).toMatchObject({ items: 5, new: 2, newVersion: 1, unchanged: 1, rejected: 1 });
    expect(results.filter((r) => r.status === 'rejected')).toEqual([
      expect.objectContaining({ index: 4, id: a.id, code: 'store.version-conflict', line: 5, column: 1 }),
    ]);
  });

  it('honours an extension-definition that arrives earlier in the same input', async () => {
    const def = {
      type: 'extension-definition', spec_version: '2.1', id: 'extension-definition--6b8f1b8a-9c4e-4d2a-8f0e-3c5d7a9b1e2f',
      created_by_ref: 'identity--7f3c2a10-3b1e-4c55-9a3d-2f6b8e0c4d11', created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z',
      name: 'Case reference', schema: 'A case_reference string property.', version: '1.0.0', extension_types: ['property-extension'],
    };
    const wrongUse = buildIndicator({ extensions: { [def.id]: { extension_type: 'new-sdo' } } });
    const rightUse = buildIndicator({ extensions: { [def.id]: { extension_type: 'property-extension', case_reference: 'EX-2026-17' } } });
    const { summary, results } = await run([def, wrongUse, rightUse].map((o) => JSON.stringify(o)).join('\n'), 1);
    expect(summary).toMatchObject({ new: 2, rejected: 1 });
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ index: 1, id: wrongUse.id });
  });

  it('stores what precedes a truncated end and reports where it stops', async () => {
    const objs = [buildIndicator(), buildIndicator()];
    const text = JSON.stringify({ type: 'bundle', id: 'bundle--8a3f2a43-3a55-4d37-a9a0-2c1a4bb0e8f1', objects: objs });
    const { summary } = await run(text.slice(0, -60), 10);
    expect(summary.new).toBe(1);
    expect(summary.fatal).toMatchObject({ code: 'json.truncated', line: 1 });
  });
});
