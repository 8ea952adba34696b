// The proof that a TAXII puller misses nothing on PostgreSQL when several `accord serve`
// processes write to one database at once (ARCHITECTURE.md, "What must never happen"): four
// writer stores (separate pools, so separate connections and transactions) race each other while
// a reader pages with `added_after` semantics. If stamping and committing were not serialised by
// the date_added advisory lock (objects.ts), a writer could commit a lower stamp after the reader
// had already passed it (the reader skips it), or two writers could issue the same stamp.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIndicator } from '../../../test/support/factories.js';
import type { PreparedObject, Store, StoredObject } from '../port.js';
import { prepareObject } from '../prepare.js';
import { openPostgresStore } from './pg-store.js';
import { Cleanup, createTestDatabase, type TestDatabase } from './test-support/database.js';

const WRITERS = 4;
const BATCHES = 40;
const BATCH_SIZE = 25;

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('postgres store: date_added under concurrent writers', () => {
  const cleanup = new Cleanup();
  let db: TestDatabase;
  const open = (): Promise<Store> => openPostgresStore(db.url, { poolSize: 1 }).then((s) => cleanup.add(s, (x) => x.close()));
  beforeEach(async () => {
    db = cleanup.add(await createTestDatabase(), (x) => x.drop());
  });
  afterEach(() => cleanup.run());

  it('a reader paging by date_added sees every committed object exactly once, in strictly increasing order', async () => {
    const writers = await Promise.all(range(WRITERS).map(open));
    const reader = await open();
    // Built before the race, so that the writers' loops do nothing but write.
    const batches: PreparedObject[][][] = writers.map(() => range(BATCHES).map(() => range(BATCH_SIZE).map(() => prepareObject(buildIndicator()))));

    // Each writer puts its batches one after another; the writers run concurrently (no await
    // between them), each in its own connection.
    let writing = true;
    const committed = new Map<string, number>();
    const failures: string[] = [];
    const writes = Promise.all(writers.map(async (writer, w) => {
      for (const batch of batches[w] ?? []) {
        // A failed batch is recorded and the writer goes on, so that the race keeps going and
        // the reader's view is checked whatever went wrong on the writing side.
        try {
          const outcomes = await writer.objects.put(batch);
          outcomes.forEach((o, i) => {
            if (o.status === 'new') committed.set(batch[i]?.id ?? '', o.added);
            else failures.push(`writer ${w}: unexpected outcome ${JSON.stringify(o)}`);
          });
        } catch (e) {
          failures.push(`writer ${w}: ${(e as Error).message}`);
        }
      }
    })).finally(() => {
      writing = false;
    });

    // The reader follows the cursor from 0 until the writers are done and a pass that started
    // after the last acknowledged commit finds nothing more.
    const seen: StoredObject[] = [];
    let pagesWhileWriting = 0;
    const reads = (async () => {
      let after = 0;
      for (;;) {
        const finalPass = !writing; // read before the query: every acknowledged commit precedes it
        const page = await reader.objects.list({ after, limit: 50, versions: 'all' });
        seen.push(...page.items);
        if (!finalPass && page.items.length > 0) pagesWhileWriting++;
        after = page.items.at(-1)?.added ?? after;
        if (finalPass && !page.more) return;
      }
    })();

    await Promise.all([writes, reads]);

    expect(pagesWhileWriting, 'the reader must have raced the writers').toBeGreaterThan(1);
    // date_added strictly increasing in the order the reader met the objects…
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.added).toBeGreaterThan(seen[i - 1]!.added);
    // …every committed object seen exactly once, with the stamp its writer was told…
    const seenIds = seen.map((o) => o.id);
    const seenSet = new Set(seenIds);
    expect(seenSet.size, 'no object may be seen twice').toBe(seenIds.length);
    const missed = [...committed.keys()].filter((id) => !seenSet.has(id));
    expect(missed, `the reader skipped ${missed.length} of ${committed.size} committed objects`).toEqual([]);
    expect(seen.length).toBe(committed.size);
    for (const o of seen) expect(o.added).toBe(committed.get(o.id));
    // …and every batch committed.
    expect(failures.slice(0, 5), `${failures.length} failed puts`).toEqual([]);
    expect(committed.size).toBe(WRITERS * BATCHES * BATCH_SIZE);
  });

  it('a member paging its visibility rows sees every late grant exactly once, while grants and puts race', async () => {
    const member = 'identity--0b000000-0000-4000-8000-000000000001';
    const setup = await open();
    // Versions stored long before they become visible: their date_added is far below any stamp.
    const prepared = range(WRITERS * BATCHES * 5).map(() => prepareObject(buildIndicator()));
    const stored = await setup.objects.put(prepared);
    const versions = stored.map((o) => ('added' in o ? o.added : -1));
    const addedOf = new Map(prepared.map((p, i) => [p.id, versions[i] ?? -1] as const));
    const granters = await Promise.all(range(WRITERS).map(open));
    const reader = await open();
    let writing = true;
    const failures: string[] = [];
    const grants = Promise.all([
      ...granters.map(async (g, w) => {
        for (let b = 0; b < BATCHES; b++) {
          const slice = versions.slice((w * BATCHES + b) * 5, (w * BATCHES + b + 1) * 5);
          try {
            await g.visibility.grant(slice.map((objectAdded) => ({ member, objectAdded })));
          } catch (e) {
            failures.push(`granter ${w}: ${(e as Error).message}`);
          }
        }
      }),
      // Object writes share the clock and the lock; they must not disturb the member's order.
      (async () => {
        for (let b = 0; b < BATCHES; b++) await setup.objects.put([prepareObject(buildIndicator())]);
      })(),
    ]).finally(() => {
      writing = false;
    });
    const seen: number[] = [];
    const stamps: number[] = [];
    let pagesWhileWriting = 0;
    const reads = (async () => {
      let after = 0;
      for (;;) {
        const finalPass = !writing;
        const page = await reader.objects.list({ visibleTo: member, after, limit: 40, versions: 'all' });
        for (const o of page.items) {
          stamps.push(o.added);
          seen.push(addedOf.get(o.id) ?? -1);
        }
        if (!finalPass && page.items.length > 0) pagesWhileWriting++;
        after = page.items.at(-1)?.added ?? after;
        if (finalPass && !page.more) return;
      }
    })();
    await Promise.all([grants, reads]);
    expect(failures.slice(0, 5)).toEqual([]);
    expect(pagesWhileWriting, 'the reader must have raced the granters').toBeGreaterThan(1);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]!).toBeGreaterThan(stamps[i - 1]!);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort((a, b) => a - b)).toEqual([...versions].sort((a, b) => a - b));
  });
});
