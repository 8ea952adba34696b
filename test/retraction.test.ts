// Retraction between real nodes (issue 6, "Retraction"): four member nodes, A, B, C and D, where
// A and D have no direct link (each lists the other at a port nobody listens on), so D receives
// A's relayed shares through B and C.
//   - A purges a version it shared with all members (relay allowed): the content leaves B, C and
//     D (D's retraction comes by relay too), a tombstone stays, and the signed receipts of all
//     three come back to A — D's by relay;
//   - A narrows a share from B and C to B: C's node passes it on no more, both answer;
//   - C signs a retraction of A's share and shares it: every node refuses it, and A's share stays;
//   - a STIX revocation (a new version, revoked) is no retraction: it travels like any version.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readQuarantine } from '../src/federation/index.js';
import { buildRetraction } from '../src/sharing/index.js';
import { tlpMarkingId } from '../src/stix/index.js';
import type { Store } from '../src/store/index.js';
import { freePort, initFederation, runAccord, serveFederation, type ServedFederation, type TestMember } from './support/cli.js';
import { buildIndicator } from './support/factories.js';

type Name = 'a' | 'b' | 'c' | 'd';
const NAMES: readonly Name[] = ['a', 'b', 'c', 'd'];

describe('retraction between nodes', () => {
  let dir: string;
  const m = {} as Record<Name, TestMember>;
  let served: ServedFederation<Name> | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-retraction-'));
    Object.assign(m, await initFederation(dir, NAMES));
    const members = NAMES.map((n) => m[n].entry);
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    for (const n of NAMES) {
      // A and D cannot reach each other: each lists the other at a dead address.
      const list = members.map((e) => ((n === 'a' && e.id === m.d.entry.id) || (n === 'd' && e.id === m.a.entry.id) ? { ...e, nodeUrl: nowhere } : e));
      writeFileSync(join(m[n].data, 'accord.json'), JSON.stringify({ members: list, syncIntervalSeconds: 1 }));
    }
    served = await serveFederation(m, NAMES);
  }, 120_000);

  afterAll(async () => {
    await served?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const store = (n: Name): Store => (served as ServedFederation<Name>).store(n);
  const accord = async (n: Name, args: readonly string[]): Promise<string> => {
    const r = await runAccord([...args, '--data', m[n].data]);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r.stdout;
  };
  const until = async (what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> => {
    for (const deadline = Date.now() + ms; !(await check());) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const holds = async (n: Name, id: string): Promise<boolean> => (await store(n).objects.versions(id)).length > 0;
  const importAndShare = async (object: Record<string, unknown>, share: readonly string[]): Promise<string> => {
    const file = join(dir, `${String(object.id)}.json`);
    writeFileSync(file, JSON.stringify({ type: 'bundle', id: 'bundle--6f1c2d3e-4a5b-4c6d-8e7f-901234567890', objects: [object] }));
    await accord('a', ['import', file]);
    const out = await accord('a', ['share', String(object.id), ...share, '--json']);
    return String((JSON.parse(out) as { id?: unknown }).id);
  };
  type Status = { holders: { member: string; state: string; detail: string }[]; applied: number; pending: number };
  const status = async (id: string): Promise<Status> => JSON.parse(await accord('a', ['retractions', 'show', id, '--json'])) as Status;

  it('purges a relayed version from every holder, and every receipt comes back to the sharer', async () => {
    const x = buildIndicator({ object_marking_refs: [tlpMarkingId('green')], name: 'to be purged' });
    await importAndShare(x, ['--tlp', 'green', '--all', '--relay']);
    for (const n of ['b', 'c', 'd'] as const) await until(`${n.toUpperCase()} holds the object`, () => holds(n, String(x.id)));

    const out = JSON.parse(await accord('a', ['retractions', 'purge', String(x.id), '--reason', 'personal data shared by mistake', '--json'])) as { retraction: { id: string }; applied: { outcome: string } };
    const id = out.retraction.id;
    expect(out.applied.outcome).toBe('content-removed');
    expect(await holds('a', String(x.id))).toBe(false);
    for (const n of ['b', 'c', 'd'] as const) await until(`${n.toUpperCase()} removed the content`, async () => !(await holds(n, String(x.id))));
    for (const n of ['b', 'c', 'd'] as const) {
      // The tombstone stays: the retraction itself, naming id, version and content hash.
      const [row] = await store(n).retractions.get([id]);
      expect(row, n).toMatchObject({ effect: 'purge', objectId: x.id, objectVersion: x.modified, state: 'applied' });
      expect(await holds(n, id)).toBe(true);
    }
    await until('all three receipts are back at A', async () => (await status(id)).applied === 3);
    const s = await status(id);
    expect(s.holders.map((h) => [h.member, h.state])).toEqual([m.b, m.c, m.d].map((t) => [t.entry.id, 'content-removed']).sort());
    // The human-readable view says the same.
    expect(await accord('a', ['retractions', 'show', id])).toMatch(/3 applied, 0 not yet/);
    // Nothing brings the content back: a later pull of every peer holds it back as purged.
    await new Promise((r) => setTimeout(r, 2500));
    for (const n of NAMES) expect(await holds(n, String(x.id)), n).toBe(false);
  }, 90_000);

  it('narrows a share: the dropped member\'s node applies it and answers, and A passes it on to it no more', async () => {
    const y = buildIndicator({ object_marking_refs: [tlpMarkingId('amber')], name: 'to be narrowed' });
    const shareId = await importAndShare(y, ['--tlp', 'amber', '--members', `${m.b.entry.id},${m.c.entry.id}`]);
    for (const n of ['b', 'c'] as const) await until(`${n.toUpperCase()} holds the object`, () => holds(n, String(y.id)));
    const out = JSON.parse(await accord('a', ['retractions', 'narrow', shareId, '--members', m.b.entry.id, '--json'])) as { retraction: { id: string } };
    const id = out.retraction.id;
    await until('B and C answered', async () => (await status(id)).applied === 2);
    const [onC] = await store('c').shares.get([shareId]);
    expect(JSON.parse(onC?.policy ?? '{}')).toMatchObject({ audience: { kind: 'members', members: [m.b.entry.id] } });
    const [version] = await store('a').objects.versions(String(y.id));
    expect(await store('a').visibility.of(version?.added ?? 0)).toEqual([m.b.entry.id]);
  }, 60_000);

  it('refuses a retraction signed by someone other than the sharer, everywhere, and never applies it', async () => {
    const z = buildIndicator({ object_marking_refs: [tlpMarkingId('green')], name: 'not C\'s to retract' });
    const shareId = await importAndShare(z, ['--tlp', 'green', '--all', '--relay']);
    for (const n of ['b', 'c'] as const) await until(`${n.toUpperCase()} holds the object`, () => holds(n, String(z.id)));
    // C's own command refuses at once…
    const refused = await runAccord(['retractions', 'end', shareId, '--data', m.c.data]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is CERT-A's: only the member who made a share may retract it/);
    // …so C forges one with its own key, imports and shares it by hand.
    const forged = buildRetraction({ sharer: m.c.entry.id, key: m.c.key, target: { effect: 'end', shareId } });
    const file = join(dir, 'forged.json');
    writeFileSync(file, JSON.stringify({ type: 'bundle', id: 'bundle--7a1c2d3e-4a5b-4c6d-8e7f-901234567890', objects: [forged] }));
    await accord('c', ['import', file]);
    await accord('c', ['share', String(forged.id), '--tlp', 'green', '--all', '--relay']);
    await until('B held the forged retraction back', async () => (await readQuarantine(store('b'), m.c.entry.id)).some((q) => q.objectId === forged.id && q.code === 'retraction.not-sharer'));
    const [held] = (await readQuarantine(store('b'), m.c.entry.id)).filter((q) => q.objectId === forged.id);
    expect(held?.reason).toMatch(/signed by CERT-C, but share .* is CERT-A's: only the sharer may retract a share; refused, never applied/);
    for (const n of ['a', 'b'] as const) {
      expect(await holds(n, String(forged.id)), n).toBe(false);
      const [row] = await store(n).shares.get([shareId]);
      expect(JSON.parse(row?.policy ?? '{}'), n).toMatchObject({ audience: { kind: 'all' } });
    }
  }, 60_000);

  it('propagates a STIX revocation (a new version with revoked: true) like any version, relayed too', async () => {
    const v1 = buildIndicator({ object_marking_refs: [tlpMarkingId('green')], name: 'to be revoked' });
    await importAndShare(v1, ['--tlp', 'green', '--all', '--relay']);
    for (const n of ['b', 'c', 'd'] as const) await until(`${n.toUpperCase()} holds v1`, () => holds(n, String(v1.id)));
    const v2 = { ...v1, modified: new Date(Date.parse(String(v1.modified)) + 1000).toISOString(), revoked: true };
    await importAndShare(v2, ['--tlp', 'green', '--all', '--relay']);
    for (const n of ['b', 'c', 'd'] as const) {
      await until(`${n.toUpperCase()} holds the revocation`, async () => (await store(n).objects.versions(String(v1.id))).some((v) => v.revoked));
      const versions = await store(n).objects.versions(String(v1.id));
      expect(versions.map((v) => [v.version, v.revoked]), n).toEqual([[v1.modified, false], [v2.modified, true]]);
    }
  }, 60_000);
});
