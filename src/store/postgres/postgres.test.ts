// The store contract on PostgreSQL, plus what only this adapter has: migrations shared by
// several processes, a connection string that must not leak into logs, an unreachable server.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIndicator } from '../../../test/support/factories.js';
import { isAccordError } from '../../stix/index.js';
import { storeContract } from '../contract/store.case.js';
import type { Store } from '../port.js';
import { prepareObject } from '../prepare.js';
import { postgresMigrations } from './migrations.js';
import { describeUrl, openPostgresStore } from './pg-store.js';
import { Cleanup, createTestDatabase, type TestDatabase } from './test-support/database.js';

storeContract('postgres', async () => {
  const db = await createTestDatabase();
  return { open: () => openPostgresStore(db.url, { poolSize: 4 }), destroy: () => db.drop() };
});

describe('postgres store: opening', () => {
  const cleanup = new Cleanup();
  let db: TestDatabase;
  const open = (options?: { poolSize?: number }): Promise<Store> =>
    openPostgresStore(db.url, options).then((s) => cleanup.add(s, (x) => x.close()));
  beforeEach(async () => {
    db = cleanup.add(await createTestDatabase(), (x) => x.drop());
  });
  afterEach(() => cleanup.run());

  it('applies the migrations once when several processes open one database at once', async () => {
    const stores = await Promise.all(Array.from({ length: 5 }, () => open({ poolSize: 1 })));
    const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(postgresMigrations.map((m) => m.version));
    await Promise.all(stores.map((s) => s.ping()));
  });

  it('refuses a schema newer than it knows', async () => {
    await open();
    await db.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from the future', '2100-01-01T00:00:00Z')");
    await expect(openPostgresStore(db.url)).rejects.toSatisfy((e) => isAccordError(e) && e.kind === 'unavailable' && e.code === 'store.schema-too-new');
  });

  it('names its location without the password', async () => {
    const url = new URL(db.url);
    url.password = 's3cret-pw';
    expect(describeUrl(url.toString())).not.toContain('s3cret-pw');
    expect(describeUrl('postgres://accord:s3cret-pw@db.internal:5432/accord?password=s3cret-pw')).toBe('postgres://accord@db.internal:5432/accord');
    const store = await open();
    expect(store.kind).toBe('postgres');
    expect(store.location).toBe(describeUrl(db.url));
  });

  it('reports an unreachable server as unavailable, naming where without the password', async () => {
    const err: unknown = await openPostgresStore('postgres://accord:s3cret-pw@127.0.0.1:1/accord').catch((e: unknown) => e);
    expect(isAccordError(err) && err.kind === 'unavailable' && err.code === 'store.open-failed').toBe(true);
    expect((err as Error).message).toContain('127.0.0.1:1');
    expect((err as Error).message).not.toContain('s3cret-pw');
  });
});

describe('postgres store: failed batches', () => {
  const cleanup = new Cleanup();
  let store: Store;
  beforeEach(async () => {
    const db = cleanup.add(await createTestDatabase(), (x) => x.drop());
    store = cleanup.add(await openPostgresStore(db.url, { poolSize: 1 }), (x) => x.close());
  });
  afterEach(() => cleanup.run());

  it('abandons a batch that fails while it is being streamed, and the connection stays usable', async () => {
    const good = prepareObject(buildIndicator());
    const unencodable = { ...prepareObject(buildIndicator()), json: {} as unknown as string };
    await expect(store.objects.put([good, unencodable])).rejects.toThrow();
    expect(await store.objects.versions(good.id)).toEqual([]);
    expect(await store.objects.lastAdded()).toBe(0);
    // One connection in the pool: the next put runs on the very connection the failure used.
    expect((await store.objects.put([good]))[0]?.status).toBe('new');
  });

  it('does not fail a batch for text PostgreSQL cannot hold (U+0000 in a label or a description)', async () => {
    const odd = buildIndicator({ labels: ['nul\u0000label'], description: 'before\u0000after' });
    const [out] = await store.objects.put([prepareObject(odd)]);
    expect(out?.status).toBe('new');
    const [stored] = await store.objects.versions(String(odd.id));
    expect(JSON.parse(stored?.json ?? '{}')).toEqual(odd);
    expect((await store.objects.list({ labels: ['nul\u0000label'], limit: 5 })).items).toHaveLength(1);
    expect((await store.objects.list({ text: 'after', limit: 5 })).items).toHaveLength(1);
  });
});

describe('postgres store: full-text search', () => {
  const cleanup = new Cleanup();
  let store: Store;
  beforeEach(async () => {
    const db = cleanup.add(await createTestDatabase(), (x) => x.drop());
    store = cleanup.add(await openPostgresStore(db.url), (x) => x.close());
  });
  afterEach(() => cleanup.run());

  it('finds parts of host names, words whatever their case and accents, and non-Latin scripts', async () => {
    const ind = buildIndicator({ description: 'C2 at evil-relay.example.net; Café ÜBER; 示例 вредонос; build 3e5x' });
    const [out] = await store.objects.put([prepareObject(ind)]);
    expect(out?.status).toBe('new');
    const found = async (text: string): Promise<boolean> => (await store.objects.list({ text, limit: 5 })).items.length === 1;
    for (const text of ['example.net', 'relay.example', 'EVIL-relay.example.NET', 'cafe', 'über', 'uber', '示例', 'ВРЕДОНОС', '3e5x', 'exam*', 'cafe-uber']) {
      expect(await found(text), text).toBe(true);
    }
    for (const text of ['net.example', 'relay.net', '3e5', 'uber-cafe', 'examples*']) {
      expect(await found(text), text).toBe(false);
    }
  });

  it('indexes text beyond PostgreSQL tsvector limits instead of failing the batch', async () => {
    const huge = buildIndicator({ description: `${'x'.repeat(3000)} ${'word '.repeat(20_000)}tail` });
    const [out] = await store.objects.put([prepareObject(huge)]);
    expect(out?.status).toBe('new');
    expect((await store.objects.list({ text: 'tail', limit: 5 })).items.map((o) => o.id)).toEqual([huge.id]);
  });
});

describe('postgres store: a lost connection', () => {
  let db: TestDatabase;
  let store: Store;
  beforeEach(async () => {
    db = await createTestDatabase();
    store = await openPostgresStore(db.url);
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  /** Terminates the server processes of this database's connections that match `where` (SQL on pg_stat_activity). */
  const terminate = async (where: string): Promise<number> => {
    const admin = await openPostgresStore(db.url);
    try {
      const pool = (admin as unknown as { pool: { query: (q: string) => Promise<{ rows: unknown[] }> } }).pool;
      return (await pool.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND ${where}`)).rows.length;
    } finally {
      await admin.close();
    }
  };

  it('loses the role when the connection holding its lock fails, without stopping the process, and the role can be taken again', async () => {
    const lease = await store.exclusive('sync');
    expect(lease).toBeDefined();
    // The lock's holder is the only backend holding an advisory lock.
    expect(await terminate("pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))")).toBe(1);
    await expect(lease?.lost).resolves.toMatch(/the connection holding the sync role failed/);
    const again = await store.exclusive('sync');
    expect(again).toBeDefined();
    await lease?.release(); // releasing a lost lease is harmless and does not touch the new holder
    const other = await openPostgresStore(db.url);
    try {
      expect(await other.exclusive('sync')).toBeUndefined();
    } finally {
      await other.close();
    }
    await again?.release();
  });

  it('keeps announcing changes after its LISTEN connection fails: it listens again and says something may have changed', async () => {
    const heard: number[] = [];
    const watch = await store.watch((n) => heard.push(n));
    expect(await terminate("query LIKE 'LISTEN%'")).toBe(1);
    for (const deadline = Date.now() + 5000; !heard.includes(0) && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 20));
    expect(heard).toContain(0);
    const [put] = await store.objects.put([prepareObject(buildIndicator())]);
    const added = (put as { added: number }).added;
    for (const deadline = Date.now() + 5000; !heard.includes(added) && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 20));
    expect(heard).toContain(added);
    await watch.stop();
  });
});
