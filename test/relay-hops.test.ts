// The relay limit between real nodes (issue 6, "Relaying"; docs/decisions/0023): four nodes in a
// line, A — B — C — D, each reaching only its neighbours (the others are listed at a dead address).
// A share to every member, relay allowed, travels at most one relay from its sharer: A's reaches
// B directly and C through B, never D (two relays away); B's reaches A and C directly and D
// through C. Each relayed copy arrives with its sharer's record and verifies.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyShare } from '../src/sharing/index.js';
import { tlpMarkingId } from '../src/stix/index.js';
import type { Store } from '../src/store/index.js';
import { publicKeyFromRaw } from '../src/trust/index.js';
import { freePort, initFederation, runAccord, serveFederation, type ServedFederation, type TestMember } from './support/cli.js';
import { buildIndicator } from './support/factories.js';

type Name = 'a' | 'b' | 'c' | 'd';
const LINE: readonly Name[] = ['a', 'b', 'c', 'd'];

describe('the relay limit', () => {
  let dir: string;
  const m = {} as Record<Name, TestMember>;
  let served: ServedFederation<Name> | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-relay-hops-'));
    Object.assign(m, await initFederation(dir, LINE));
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    for (const [i, n] of LINE.entries()) {
      const members = LINE.map((o, j) => (Math.abs(i - j) <= 1 ? m[o].entry : { ...m[o].entry, nodeUrl: nowhere }));
      writeFileSync(join(m[n].data, 'accord.json'), JSON.stringify({ members, syncIntervalSeconds: 1 }));
    }
    served = await serveFederation(m, LINE);
  }, 120_000);

  afterAll(async () => {
    await served?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const store = (n: Name): Store => (served as ServedFederation<Name>).store(n);

  const holds = async (n: Name, id: string): Promise<boolean> => (await store(n).objects.versions(id)).length > 0;
  const share = async (n: Name, object: Record<string, unknown>): Promise<void> => {
    const file = join(dir, `${String(object.id)}.json`);
    writeFileSync(file, JSON.stringify({ type: 'bundle', id: 'bundle--2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f', objects: [object] }));
    for (const args of [['import', file], ['share', String(object.id), '--tlp', 'green', '--all', '--relay']]) {
      const r = await runAccord([...args, '--data', m[n].data]);
      expect(r.code, r.stderr).toBe(0);
    }
  };
  const until = async (what: string, check: () => Promise<boolean>): Promise<void> => {
    for (const deadline = Date.now() + 30_000; !(await check());) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  it('passes a share on at most one relay from its sharer', async () => {
    const fromA = buildIndicator({ object_marking_refs: [tlpMarkingId('green')], name: 'shared by A' });
    const fromB = buildIndicator({ object_marking_refs: [tlpMarkingId('green')], name: 'shared by B' });
    await share('a', fromA);
    await share('b', fromB);
    await until('C holds A\'s object (relayed by B)', () => holds('c', String(fromA.id)));
    await until('D holds B\'s object (relayed by C)', () => holds('d', String(fromB.id)));
    // A and C pull from B on their own schedules: each gets there, however loaded the machine.
    for (const n of ['a', 'c'] as const) await until(`${n} holds B's object`, () => holds(n, String(fromB.id)));
    // Four sync intervals more: A's object never goes a second relay further, to D.
    await new Promise((r) => setTimeout(r, 4000));
    expect(await holds('d', String(fromA.id))).toBe(false);
    // The relayed copy on D carries B's own record, which verifies with B's key.
    const records = await store('d').shares.forObject(String(fromB.id));
    expect(records.map((r) => r.sharer)).toEqual([m.b.entry.id]);
    const stored = (await store('d').objects.versions(records[0]?.id ?? ''))[0];
    const key = publicKeyFromRaw('Ed25519', Buffer.from(m.b.entry.keys[0] ?? '', 'base64url'));
    const verdict = verifyShare(JSON.parse(stored?.json ?? '{}'), () => key, new Date());
    expect(verdict.ok && verdict.share.objectId).toBe(fromB.id);
  }, 90_000);
});
