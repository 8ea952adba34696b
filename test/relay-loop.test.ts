// Relaying in a loop does not multiply traffic (issue 6, "Relaying"): A, B and C are peered in a
// full mesh — a loop — and A shares 50 objects with every member, TLP:CLEAR, relay allowed, so B
// and C may each pass everything on to the other and back to A. Once every node holds the 50
// objects, the traffic stops: each node pushes each object and record to each other node at most
// once (pushes answered "unchanged" are not repeated), nothing is relayed back to A or to the node
// it came from, and a few more sync intervals move nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tlpMarkingId } from '../src/stix/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { initFederation, runAccord, startNode, type TestMember } from './support/cli.js';
import { buildIndicator } from './support/factories.js';

type Name = 'a' | 'b' | 'c';
const NAMES: readonly Name[] = ['a', 'b', 'c'];
const COUNT = 50;

describe('a loop of relays', () => {
  let dir: string;
  const m = {} as Record<Name, TestMember & { node?: Awaited<ReturnType<typeof startNode>>; token?: string; store?: Store }>;
  const objects = Array.from({ length: COUNT }, () => buildIndicator({ object_marking_refs: [tlpMarkingId('clear')] }));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-relay-loop-'));
    Object.assign(m, await initFederation(dir, NAMES));
    const members = NAMES.map((n) => m[n].entry);
    for (const n of NAMES) {
      writeFileSync(join(m[n].data, 'accord.json'), JSON.stringify({ members, syncIntervalSeconds: 1 }));
      const created = await runAccord(['token', 'create', '--user', 'admin', '--name', 'relay test', '--data', m[n].data]);
      m[n].token = created.stdout.trim().split(/\s+/).find((w) => w.startsWith('accord_')) ?? '';
      m[n].node = await startNode(['--data', m[n].data, '--port', String(m[n].port)]);
      m[n].store = await openStore(`sqlite:${join(m[n].data, 'accord.db')}`);
    }
  }, 120_000);

  afterAll(async () => {
    for (const n of NAMES) {
      await m[n]?.node?.stop();
      await m[n]?.store?.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  /** Elements each node pushed to its peers and received by pulls, in all. */
  const traffic = async (): Promise<{ pushed: number; pulled: number }> => {
    let pushed = 0;
    let pulled = 0;
    for (const n of NAMES) {
      const res = await fetch(`http://127.0.0.1:${m[n].port}/api/v1/peers`, { headers: { authorization: `Bearer ${m[n].token ?? ''}` } });
      expect(res.status).toBe(200);
      for (const p of ((await res.json()) as { peers: { pushed: number; objects_received: number }[] }).peers) {
        pushed += p.pushed;
        pulled += p.objects_received;
      }
    }
    return { pushed, pulled };
  };

  it('delivers everything and then goes quiet, each element sent to each node at most once', async () => {
    writeFileSync(join(dir, 'bundle.json'), JSON.stringify({ type: 'bundle', id: 'bundle--8e0a3f4b-5c6d-4e7f-9a81-a2b3c4d5e6f7', objects }));
    expect((await runAccord(['import', join(dir, 'bundle.json'), '--data', m.a.data])).code).toBe(0);
    writeFileSync(join(dir, 'ids.txt'), objects.map((o) => String(o.id)).join('\n'));
    const shared = await runAccord(['share', '--ids-file', join(dir, 'ids.txt'), '--tlp', 'clear', '--all', '--relay', '--data', m.a.data]);
    expect(shared.code, shared.stderr).toBe(0);

    for (const n of ['b', 'c'] as const) {
      for (const deadline = Date.now() + 30_000; ;) {
        const held = await Promise.all(objects.map(async (o) => (await (m[n].store as Store).objects.versions(String(o.id))).length));
        if (held.every((k) => k === 1)) break;
        if (Date.now() > deadline) throw new Error(`${n.toUpperCase()} did not receive the ${COUNT} objects`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    await new Promise((r) => setTimeout(r, 2500)); // the relays' own pushes and pulls settle
    const settled = await traffic();
    await new Promise((r) => setTimeout(r, 4000)); // four more sync intervals
    const later = await traffic();
    expect(later).toEqual(settled);
    // A sends each of the 100 elements (50 objects, 50 records) to B and C; B and C may relay each to
    // the other at most once, and never back to A, the sharer (docs/decisions/0023): 400 at most.
    expect(settled.pushed).toBeLessThanOrEqual(4 * 2 * COUNT);
    for (const n of ['b', 'c'] as const) {
      const res = await fetch(`http://127.0.0.1:${m[n].port}/api/v1/peers`, { headers: { authorization: `Bearer ${m[n].token ?? ''}` } });
      const toA = ((await res.json()) as { peers: { member_id: string; pushed: number }[] }).peers.find((p) => p.member_id === m.a.entry.id);
      expect(toA?.pushed, `${n.toUpperCase()} pushed to A`).toBe(0);
    }
    process.stdout.write(`relay loop: ${settled.pushed} elements pushed, ${settled.pulled} received by pulls, for ${2 * COUNT} elements reaching 2 nodes\n`);
  }, 120_000);
});
