// Scale-out (issue 6, "two processes on one PostgreSQL database, one killed mid-sync, lose and
// double nothing"): member B's node runs as two `accord serve` processes on one PostgreSQL
// database (same data folder and database, two ports). B1 holds the sync role, B2 serves only.
// Member A (SQLite) shares BULK indicators with B, TLP:GREEN; A's own sync is off, so nothing is
// pushed: everything B gets, B's sync-role process pulls, 1,000 elements a page. While B1 is in the
// middle of that pull (B's store holds about half the indicators) it is killed with SIGKILL.
// B2 must take the sync role over within seconds and finish the pull. Then, object by object, B's
// store must hold every shared version exactly once with A's content hash, every share record
// exactly once and indexed, nothing else new, and nothing held back; and B2 must serve it all.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readQuarantine } from '../src/federation/index.js';
import { tlpMarkingId } from '../src/stix/index.js';
import { openStore, type Store, type StoredObject } from '../src/store/index.js';
import { createTestDatabase, type TestDatabase } from '../src/store/postgres/test-support/database.js';
import { freePort, initNodeDir, runAccord, startNode } from './support/cli.js';
import { buildIndicator, Rng } from './support/factories.js';

const BULK = 4000;
const TAXII = 'application/taxii+json;version=2.1';
interface Entry { id: string; name: string; nodeUrl: string; keys: string[] }
type Node = Awaited<ReturnType<typeof startNode>>;
type Json = Record<string, unknown>;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Every stored version of a store, paged in date_added order. */
async function allVersions(store: Store): Promise<StoredObject[]> {
  const out: StoredObject[] = [];
  for (let after = 0; ;) {
    const page = await store.objects.list({ after, limit: 5000, versions: 'all' });
    out.push(...page.items);
    const last = page.items.at(-1);
    if (!page.more || last === undefined) return out;
    after = last.added;
  }
}

describe('scale-out: two serve processes on one PostgreSQL database, the sync-role holder killed mid-pull', () => {
  let dir: string;
  let pg: TestDatabase | undefined;
  const nodes: Node[] = [];
  const stores: Store[] = [];
  const rng = new Rng(6060);
  const bulk = Array.from({ length: BULK }, () => buildIndicator({ object_marking_refs: [tlpMarkingId('green')] }, rng));
  const bulkIds = bulk.map((o) => String(o.id));
  const original = new Map(bulk.map((o) => [String(o.id), o]));
  let a: { data: string; port: number; entry: Entry; node?: Node; store?: Store };
  let b: { data: string; database: string[]; ports: [number, number]; entry: Entry; token: string; logs: [string, string]; b1?: Node; b2?: Node; store?: Store };

  const accord = async (data: string, args: readonly string[], database: readonly string[] = []): Promise<string> => {
    const r = await runAccord([...args, '--data', data, ...database], { timeoutMs: 120_000 });
    expect(r.code, `accord ${args.join(' ')}: ${r.stderr}${r.stdout}`).toBe(0);
    return r.stdout;
  };
  /** Waits until B process `i` (0: B1, 1: B2) logged `text`; returns when it was seen. */
  const logged = async (i: 0 | 1, text: string, ms = 20_000): Promise<number> => {
    for (const deadline = Date.now() + ms; !b.logs[i].includes(text); await sleep(20)) {
      if (Date.now() > deadline) throw new Error(`B${i + 1} never logged "${text}": ${b.logs[i]}`);
    }
    return Date.now();
  };
  /** How many of the shared indicators B's database holds (one SQL count: cheap enough to poll every few ms). */
  const bulkAtB = async (): Promise<number> =>
    Number((await (pg as TestDatabase).query<{ n: string }>("SELECT count(*) AS n FROM objects WHERE type = 'indicator'"))[0]?.n ?? -1);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-scale-out-'));
    pg = await createTestDatabase();
    const aData = join(dir, 'a');
    await initNodeDir(aData, ['--name', 'CERT-A']);
    const aPort = await freePort();
    a = { data: aData, port: aPort, entry: JSON.parse(await accord(aData, ['members', 'self', '--node-url', `http://127.0.0.1:${aPort}`])) as Entry };

    const bData = join(dir, 'b');
    const database = ['--database', pg.url];
    await initNodeDir(bData, ['--name', 'CERT-B', ...database]);
    const ports: [number, number] = [await freePort(), await freePort()];
    // The member list names B1's port: B2 is the same node behind another port (as behind a load balancer).
    const entry = JSON.parse(await accord(bData, ['members', 'self', '--node-url', `http://127.0.0.1:${ports[0]}`], database)) as Entry;
    // The test's token reads objects (observer) and peer status (admin).
    await accord(bData, ['user', 'roles', 'admin', '--roles', 'admin,observer'], database);
    const created = await accord(bData, ['token', 'create', '--user', 'admin', '--name', 'scale-out test'], database);
    const token = created.trim().split(/\s+/).find((w) => w.startsWith('accord_')) ?? '';
    expect(token).not.toBe('');
    b = { data: bData, database, ports, entry, token, logs: ['', ''] };

    const members = [a.entry, b.entry];
    // A does not sync (no pushes to B): what B gets, B's sync-role process pulls.
    writeFileSync(join(a.data, 'accord.json'), JSON.stringify({ members, syncIntervalSeconds: 0 }));
    writeFileSync(join(b.data, 'accord.json'), JSON.stringify({ members, syncIntervalSeconds: 1 }));

    a.node = await startNode(['--data', a.data, '--port', String(a.port)]);
    nodes.push(a.node);
    a.node.child.stdout?.resume();
    a.store = await openStore(`sqlite:${join(a.data, 'accord.db')}`);
    stores.push(a.store);

    const env = { ACCORD_LOG_LEVEL: 'info' };
    b.b1 = await startNode(['--data', b.data, '--port', String(ports[0]), ...database], { env });
    nodes.push(b.b1);
    b.b1.child.stdout?.setEncoding('utf8').on('data', (d: string) => (b.logs[0] += d));
    await logged(0, '"msg":"sync started"');
    b.b2 = await startNode(['--data', b.data, '--port', String(ports[1]), ...database], { env });
    nodes.push(b.b2);
    b.b2.child.stdout?.setEncoding('utf8').on('data', (d: string) => (b.logs[1] += d));
    await logged(1, 'another process of this node runs sync');
    b.store = await openStore(pg.url);
    stores.push(b.store);
  }, 120_000);

  afterAll(async () => {
    for (const n of nodes) await n.stop();
    for (const s of stores) await s.close();
    await pg?.drop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('B2 takes the sync role over within seconds and finishes the pull: every version and record once, nothing else, nothing held back', async () => {
    const bStore = b.store as Store;
    const aStore = a.store as Store;
    expect(b.logs[1], 'B2 has not synced before B1 dies').not.toContain('"msg":"sync started"');
    const before = new Set((await allVersions(bStore)).map((v) => `${v.id}|${v.version}`));
    expect(await bulkAtB()).toBe(0);

    const bundle = join(dir, 'bulk.json');
    writeFileSync(bundle, JSON.stringify({ type: 'bundle', id: `bundle--${rng.uuid()}`, objects: bulk }));
    await accord(a.data, ['import', bundle]);
    const idsFile = join(dir, 'ids.txt');
    writeFileSync(idsFile, bulkIds.join('\n'));
    await accord(a.data, ['share', '--ids-file', idsFile, '--tlp', 'green', '--members', b.entry.id]);

    // What A holds and signed: one version per indicator, one share record per indicator.
    const aVersion = new Map<string, StoredObject>();
    const records = new Map<string, StoredObject>(); // record id → A's stored record
    for (const id of bulkIds) {
      const versions = await aStore.objects.versions(id);
      expect(versions, `A holds ${id} once`).toHaveLength(1);
      aVersion.set(id, versions[0] as StoredObject);
      const rows = await aStore.shares.forObject(id);
      expect(rows, `A shared ${id} once`).toHaveLength(1);
      const record = await aStore.objects.versions((rows[0] as { id: string }).id);
      expect(record).toHaveLength(1);
      records.set((rows[0] as { id: string }).id, record[0] as StoredObject);
    }
    expect(records.size).toBe(BULK);

    // B1 pulls (every second); once half the indicators are in B's database, B1 dies. (A page is
    // 1,000 elements, records and indicators mixed, committed at once: the count moves in steps.)
    let atKill = 0;
    for (const deadline = Date.now() + 30_000; atKill < BULK / 2 && Date.now() < deadline; atKill = await bulkAtB()) await sleep(5);
    expect(b.logs[1], 'B2 only serves while B1 pulls').not.toContain('"msg":"sync started"');
    const exited = new Promise((resolve) => b.b1?.child.once('exit', resolve));
    b.b1?.child.kill('SIGKILL');
    await exited;
    const killedAt = Date.now();
    nodes.splice(nodes.indexOf(b.b1 as Node), 1);
    const afterKill = await bulkAtB();
    // Where the kill landed: records stored but not yet indexed, and no checkpoint past them, is the hard case.
    const [state] = await (pg as TestDatabase).query<{ records: string; indexed: string; checkpoint: string | null }>(
      "SELECT (SELECT count(*) FROM objects WHERE type = 'x-accord-share') AS records, (SELECT count(*) FROM shares) AS indexed, (SELECT value FROM meta WHERE key = $1) AS checkpoint",
      [`sync.checkpoint.${a.entry.id}`],
    );
    const resumeAt = (JSON.parse(state?.checkpoint ?? '{}') as { addedAfter?: string }).addedAfter ?? 'none';
    process.stdout.write(`scale-out: B1 killed holding ${afterKill} of ${BULK} indicators, ${state?.records ?? '?'} records of which ${state?.indexed ?? '?'} indexed, checkpoint ${resumeAt}\n`);
    expect(atKill, 'B1 was killed in the middle of the pull').toBeGreaterThan(0);
    expect(afterKill, 'B1 was killed in the middle of the pull').toBeLessThan(BULK);
    expect(b.logs[0], 'B1 was the one pulling').toContain('"msg":"sync started"');

    // B2 takes the role over (it retries every sync interval: 1 s) and finishes.
    const tookOver = await logged(1, '"msg":"sync started"');
    const takeoverMs = tookOver - killedAt;
    let held = afterKill;
    for (const deadline = Date.now() + 30_000; held < BULK && Date.now() < deadline; held = await bulkAtB()) await sleep(100);
    const finishedMs = Date.now() - killedAt;
    process.stdout.write(`scale-out: B2 took the sync role over ${takeoverMs} ms after B1 died and held all ${held} indicators ${finishedMs} ms after\n`);
    expect(takeoverMs, 'the sync role was taken over within seconds').toBeLessThan(20_000);
    expect(held).toBe(BULK);
    // The pull is over when B2 reports a pull that succeeded after the kill and read to the end.
    const survivor = `http://127.0.0.1:${b.ports[1]}`;
    const auth = { authorization: `Bearer ${b.token}` };
    const peerStatus = async (): Promise<Json | undefined> => {
      const res = await fetch(`${survivor}/api/v1/peers`, { headers: auth });
      expect(res.status).toBe(200);
      return ((await res.json()) as { peers: Json[] }).peers.find((p) => p.member_id === a.entry.id);
    };
    let peerA = await peerStatus();
    const killedIso = new Date(killedAt).toISOString();
    for (const deadline = Date.now() + 30_000; !(peerA?.caught_up === true && String(peerA.last_success) >= killedIso) && Date.now() < deadline; peerA = await peerStatus()) await sleep(200);
    expect(peerA, 'B2 reports on peer A').toBeDefined();
    expect(peerA?.caught_up, 'B2 read A to the end').toBe(true);
    expect(String(peerA?.last_success) >= killedIso, `B2 pulled successfully after the kill (last success ${String(peerA?.last_success)})`).toBe(true);

    // Object by object: each shared version once, with A's content, each record once and indexed.
    const shareRows = new Map((await bStore.shares.get([...records.keys()])).map((r) => [r.id, r]));
    for (const id of bulkIds) {
      const versions = await bStore.objects.versions(id);
      expect(versions.length, `B holds ${id} once`).toBe(1);
      const [v] = versions as [StoredObject];
      const want = aVersion.get(id) as StoredObject;
      expect(v.hash, `${id} has A's content`).toBe(want.hash);
      expect(v.version).toBe(want.version);
      expect(JSON.parse(v.json)).toEqual(original.get(id));
      const rows = await bStore.shares.forObject(id);
      expect(rows.length, `one share record indexed for ${id}`).toBe(1);
      expect(rows[0]?.objectHash).toBe(want.hash);
      expect(rows[0]?.state).toBe('valid');
    }
    for (const [recordId, want] of records) {
      const versions = await bStore.objects.versions(recordId);
      expect(versions.length, `B holds record ${recordId} once`).toBe(1);
      expect((versions[0] as StoredObject).hash, `record ${recordId} unchanged`).toBe(want.hash);
      const row = shareRows.get(recordId);
      expect(row, `record ${recordId} indexed`).toBeDefined();
      expect(row?.recordAdded).toBe((versions[0] as StoredObject).added);
      expect(row?.sharer).toBe(a.entry.id);
      expect(row?.state).toBe('valid');
    }
    expect(shareRows.size).toBe(BULK);
    // Nothing else arrived, and nothing twice: the new versions are exactly the indicators and their records.
    const after = await allVersions(bStore);
    const added = after.filter((v) => !before.has(`${v.id}|${v.version}`));
    expect(added.length, 'new versions on B').toBe(2 * BULK);
    expect(new Set(added.map((v) => v.id))).toEqual(new Set([...bulkIds, ...records.keys()]));
    expect(await bStore.shares.objectIds('', 2 * BULK)).toEqual([...bulkIds].sort());
    // The same in SQL, so that a duplicate the store's reads might hide would show.
    const counts = (await (pg as TestDatabase).query<{ objects: string; distinct_ids: string; shares: string }>(
      "SELECT (SELECT count(*) FROM objects WHERE type IN ('indicator', 'x-accord-share')) AS objects, (SELECT count(DISTINCT id) FROM objects WHERE type IN ('indicator', 'x-accord-share')) AS distinct_ids, (SELECT count(*) FROM shares) AS shares",
    ))[0];
    expect(counts).toEqual({ objects: String(2 * BULK), distinct_ids: String(2 * BULK), shares: String(BULK) });

    // Shared without relay: B may pass none of it on to any member.
    expect(await (pg as TestDatabase).query("SELECT o.id FROM visibility v JOIN objects o ON o.added = v.object_added WHERE o.type IN ('indicator', 'x-accord-share') LIMIT 5")).toEqual([]);
    // Nothing held back: neither in the store nor in what the surviving process reports.
    expect(await readQuarantine(bStore, a.entry.id)).toEqual([]);
    peerA = await peerStatus();
    expect(peerA?.quarantined).toBe(0);
    expect(peerA?.recent_quarantine).toEqual([]);
    expect(peerA?.caught_up).toBe(true);
    expect(peerA?.last_error).toBeNull();

    // The surviving process serves them: TAXII (one page of all of them) and the platform API.
    const taxii = await fetch(`${survivor}/taxii2/accord/collections/default/objects/?match[type]=indicator&limit=${BULK}`, { headers: { ...auth, accept: TAXII } });
    expect(taxii.status, await taxii.clone().text()).toBe(200);
    const envelope = (await taxii.json()) as { objects?: Json[]; more?: boolean };
    expect(envelope.more ?? false).toBe(false);
    const byId = (x: Json, y: Json): number => (String(x.id) < String(y.id) ? -1 : 1);
    expect([...(envelope.objects ?? [])].sort(byId), 'B2 serves every indicator as A sent it').toEqual([...bulk].sort(byId));
    const sample = bulkIds[BULK - 1] as string;
    const one = await fetch(`${survivor}/api/v1/objects/${sample}`, { headers: auth });
    expect(one.status).toBe(200);
    const served = (await one.json()) as { versions: { object: Json }[] };
    expect(served.versions.map((v) => v.object)).toEqual([original.get(sample)]);
  }, 120_000);
});
