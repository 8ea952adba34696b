// Five member nodes on loopback, one of them on PostgreSQL, every node reached through a fault
// proxy that delays, drops, truncates, cuts, corrupts, replays stale answers and reorders (issue 5,
// "Tests"). Background sync runs (pull every 2 s, push at once). While A's 2,000-object share is
// replicating to C, C is killed with SIGKILL and started again. Once the faults stop, every node must
// hold exactly what the sharing policy lets it read, object by object, each version once:
//   - a share to all members (with relay) converges everywhere;
//   - an AMBER share to B and C never reaches D or E, directly or through B or C;
//   - the same SCO shared by B (to C) and by D (to E) is held by exactly B, C, D and E;
//   - a share to group G at version 1 (A, B, C) reaches B and C; shared again at version 2, which
//     adds D, the older object reaches D too.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../src/store/postgres/test-support/database.js';
import { deterministicScoId, tlpMarkingId } from '../src/stix/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { freePort, initNodeDir, runAccord, startNode } from './support/cli.js';
import { buildIndicator, Rng } from './support/factories.js';
import { startFaultProxy, type FaultPlan, type FaultProxy } from './support/fault-proxy.js';

type Name = 'a' | 'b' | 'c' | 'd' | 'e';
const NAMES: readonly Name[] = ['a', 'b', 'c', 'd', 'e'];
interface Entry { id: string; name: string; nodeUrl: string; keys: string[] }
interface Member {
  readonly data: string;
  readonly port: number;
  readonly database: string[];
  readonly proxy: FaultProxy;
  entry: Entry;
  node?: Awaited<ReturnType<typeof startNode>>;
  store?: Store;
}
type Json = Record<string, unknown>;

const FAULTS: FaultPlan = {
  delayMs: [0, 15], drop: 0.04, truncate: 0.04, cut: 0.04, corrupt: 0.04, duplicate: 0.04, reorder: 0.04, reorderMs: 60, minBody: 200,
};
const BULK = 2000;
const CONVERGE_MS = 90_000;

describe('federation: five nodes, one on PostgreSQL, through faults and a kill -9', () => {
  let dir: string;
  let pg: TestDatabase | undefined;
  const m = {} as Record<Name, Member>;
  const rng = new Rng(515);
  const green = { object_marking_refs: [tlpMarkingId('green')] };
  const forAll = buildIndicator({ ...green, name: 'to all members' }, rng);
  const forBC = buildIndicator({ object_marking_refs: [tlpMarkingId('amber')], name: 'AMBER to B and C' }, rng);
  const forGroup = buildIndicator({ ...green, name: 'to group G' }, rng);
  const bulk = Array.from({ length: BULK }, () => buildIndicator(green, rng));
  const sco: Json = { type: 'ipv4-addr', spec_version: '2.1', value: '198.51.100.77' };
  sco.id = deterministicScoId(sco);
  const group = 'x-accord-group--5e0c9a8b-7d6f-4e3a-9b2c-1d0e8f7a6b5c';

  const accord = async (who: Member, args: string[]): Promise<string> => {
    const r = await runAccord([...args, '--data', who.data, ...who.database], { timeoutMs: 120_000 });
    expect(r.code, `accord ${args.join(' ')}: ${r.stderr}${r.stdout}`).toBe(0);
    return r.stdout;
  };
  const importInto = async (who: Member, objects: readonly Json[]): Promise<void> => {
    const file = join(dir, `import-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify({ type: 'bundle', id: `bundle--${rng.uuid()}`, objects }));
    await accord(who, ['import', file]);
  };
  const start = async (who: Member): Promise<void> => {
    who.node = await startNode(['--data', who.data, '--port', String(who.port), ...who.database], { timeoutMs: 60_000 });
  };
  /** Which of `ids` a node holds, each with how many versions. */
  const holdings = async (who: Member, ids: readonly string[]): Promise<Map<string, number>> => {
    const out = new Map<string, number>();
    for (const id of ids) {
      const n = (await (who.store as Store).objects.versions(id)).length;
      if (n > 0) out.set(id, n);
    }
    return out;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-federation-'));
    pg = await createTestDatabase();
    for (const [i, name] of NAMES.entries()) {
      const port = await freePort();
      const data = join(dir, name);
      const database = name === 'e' ? ['--database', pg.url] : [];
      const proxy = await startFaultProxy(`http://127.0.0.1:${port}`, {}, 100 + i);
      m[name] = { data, port, database, proxy, entry: undefined as unknown as Entry };
      await initNodeDir(data, ['--name', `CERT-${name.toUpperCase()}`, ...database]);
      m[name].entry = JSON.parse(await accord(m[name], ['members', 'self', '--node-url', proxy.url])) as Entry;
    }
    const members = NAMES.map((n) => m[n].entry);
    const ids = (...names: Name[]): string[] => names.map((n) => m[n].entry.id);
    const sharingGroups = [{ id: group, name: 'G', versions: [{ version: 1, members: ids('a', 'b', 'c') }, { version: 2, members: ids('a', 'b', 'c', 'd') }] }];
    for (const n of NAMES) {
      writeFileSync(join(m[n].data, 'accord.json'), JSON.stringify({ members, sharingGroups, publicUrl: m[n].proxy.url, syncIntervalSeconds: 2 }));
    }
    await importInto(m.a, [forAll, forBC, forGroup, ...bulk]);
    await importInto(m.b, [sco]);
    await importInto(m.d, [sco]);
    for (const n of NAMES) await start(m[n]);
    for (const n of NAMES) m[n].store = await openStore(n === 'e' ? pg.url : `sqlite:${join(m[n].data, 'accord.db')}`);
  }, 240_000);

  afterAll(async () => {
    for (const n of NAMES) {
      await m[n]?.node?.stop();
      await m[n]?.store?.close();
      await m[n]?.proxy.close();
    }
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('converges to exactly what the policy allows each member, with nothing lost or twice', async () => {
    for (const n of NAMES) m[n].proxy.setPlan(FAULTS);
    const bulkFile = join(dir, 'bulk.txt');
    writeFileSync(bulkFile, bulk.map((o) => String(o.id)).join('\n'));
    await accord(m.a, ['share', String(forAll.id), '--tlp', 'green', '--all', '--relay']);
    await accord(m.a, ['share', String(forBC.id), '--tlp', 'amber', '--members', `${m.b.entry.id},${m.c.entry.id}`, '--relay']);
    await accord(m.a, ['share', String(forGroup.id), '--tlp', 'green', '--group', `${group}@1`]);
    await accord(m.b, ['share', String(sco.id), '--tlp', 'green', '--members', m.c.entry.id]);
    await accord(m.d, ['share', String(sco.id), '--tlp', 'green', '--members', m.e.entry.id]);
    await accord(m.a, ['share', '--ids-file', bulkFile, '--tlp', 'green', '--all']);

    // C dies without a chance to finish anything while the bulk share replicates to it, and comes back.
    const bulkAtC = async (): Promise<number> => (await (m.c.store as Store).objects.list({ ids: bulk.slice(0, 1000).map((o) => String(o.id)), versions: 'all', limit: 5000 })).items.length
      + (await (m.c.store as Store).objects.list({ ids: bulk.slice(1000).map((o) => String(o.id)), versions: 'all', limit: 5000 })).items.length;
    let atKill = await bulkAtC();
    for (const deadline = Date.now() + 30_000; atKill === 0 && Date.now() < deadline; atKill = await bulkAtC()) await new Promise((resolve) => setTimeout(resolve, 20));
    m.c.node?.child.kill('SIGKILL');
    expect(atKill, 'C was killed in the middle of receiving the bulk share').toBeGreaterThan(0);
    expect(atKill, 'C was killed in the middle of receiving the bulk share').toBeLessThan(BULK);
    await new Promise((resolve) => m.c.node?.child.once('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await start(m.c);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    for (const n of NAMES) m[n].proxy.setPlan({});

    const bulkIds = bulk.map((o) => String(o.id));
    const watched = [String(forAll.id), String(forBC.id), String(forGroup.id), String(sco.id), ...bulkIds];
    const expected: Record<Name, string[]> = {
      a: [String(forAll.id), String(forBC.id), String(forGroup.id), ...bulkIds],
      b: [String(forAll.id), String(forBC.id), String(forGroup.id), String(sco.id), ...bulkIds],
      c: [String(forAll.id), String(forBC.id), String(forGroup.id), String(sco.id), ...bulkIds],
      d: [String(forAll.id), String(sco.id), ...bulkIds],
      e: [String(forAll.id), String(sco.id), ...bulkIds],
    };
    const converge = async (want: Record<Name, string[]>): Promise<Record<Name, Map<string, number>>> => {
      const deadline = Date.now() + CONVERGE_MS;
      for (;;) {
        const held = {} as Record<Name, Map<string, number>>;
        for (const n of NAMES) held[n] = await holdings(m[n], watched);
        if (NAMES.every((n) => held[n].size >= want[n].length) || Date.now() > deadline) return held;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    };
    process.stdout.write(`C held ${atKill} of ${BULK} bulk objects when killed; faults per proxy: ${NAMES.map((n) => `${n.toUpperCase()} ${JSON.stringify(m[n].proxy.stats)}`).join('; ')}\n`);
    const faultsSeen = NAMES.reduce((s, n) => s + m[n].proxy.stats.drop + m[n].proxy.stats.cut + m[n].proxy.stats.corrupt + m[n].proxy.stats.truncate, 0);
    expect(faultsSeen, 'the proxies injected faults').toBeGreaterThan(0);

    let held = await converge(expected);
    for (const n of NAMES) {
      expect([...held[n].keys()].sort(), `what ${n.toUpperCase()} holds`).toEqual([...expected[n]].sort());
      expect([...held[n].values()].every((v) => v === 1), `${n.toUpperCase()} holds each version once`).toBe(true);
    }

    // D joins G at version 2: the older object, shared again with that version, reaches D.
    await accord(m.a, ['share', String(forGroup.id), '--tlp', 'green', '--group', `${group}@2`]);
    held = await converge({ ...expected, d: [...expected.d, String(forGroup.id)] });
    expect(held.d.get(String(forGroup.id))).toBe(1);
    expect(held.e.has(String(forGroup.id))).toBe(false);
    expect(held.d.has(String(forBC.id))).toBe(false);
    expect(held.e.has(String(forBC.id))).toBe(false);
    expect(held.a.has(String(sco.id))).toBe(false);
  }, 240_000);
});
