// The four-eyes rule with the real `accord` command and a real node (issue 5, "drafts and
// publishing"): node A has `"fourEyes": ["amber"]`. An AMBER share at the command line becomes a
// publication request — no share record, no visibility for B — which the same operator may not
// approve; a second user, Bob, approves it through the HTTP API with his own token, and only then
// is the record signed and the object visible to B. Withdrawal and rejection leave nothing behind;
// a GREEN share is immediate and `--json` still prints its signed record.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyShare } from '../src/sharing/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { tlpMarkingId } from '../src/stix/index.js';
import { parseMemberList, StaticMembership } from '../src/trust/index.js';
import { initFederation, runAccord, startNode, type TestMember } from './support/cli.js';
import { buildIndicator } from './support/factories.js';

type Json = Record<string, unknown>;

describe('accord share and accord publications under the four-eyes rule', () => {
  let dir: string;
  const m = {} as Record<'a' | 'b', TestMember>;
  const amber = Array.from({ length: 3 }, (_, i) => buildIndicator({ name: `amber ${i}`, object_marking_refs: [tlpMarkingId('amber')] }));
  const green = buildIndicator({ name: 'green', object_marking_refs: [tlpMarkingId('green')] });
  const accord = (args: string[]) => runAccord([...args, '--data', m.a.data]);
  /** Shares an AMBER object with B: a publication request; its id. */
  const ask = async (object: Json): Promise<string> => {
    const r = await accord(['share', String(object.id), '--tlp', 'amber', '--members', m.b.entry.id]);
    expect(r.code, r.stderr).toBe(0);
    const id = /^Publication request (publication--\S+) awaits approval by a second user\.$/m.exec(r.stdout)?.[1];
    expect(id, r.stdout).toBeDefined();
    return id ?? '';
  };
  /** Reads A's store while no process writes it. */
  const inStore = async <T>(read: (store: Store) => Promise<T>): Promise<T> => {
    const store = await openStore(`sqlite:${join(m.a.data, 'accord.db')}`);
    try {
      return await read(store);
    } finally {
      await store.close();
    }
  };
  const visibleToB = (store: Store): Promise<string[]> => store.objects.list({ visibleTo: m.b.entry.id, versions: 'all', limit: 100 }).then((p) => p.items.map((o) => o.id));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-publications-'));
    Object.assign(m, await initFederation(dir, ['a', 'b'] as const));
    writeFileSync(join(m.a.data, 'accord.json'), JSON.stringify({ members: [m.a.entry, m.b.entry], fourEyes: ['amber'], syncIntervalSeconds: 0 }));
    writeFileSync(join(dir, 'bundle.json'), JSON.stringify({ type: 'bundle', id: 'bundle--7a1c2e3f-4b5d-4e6f-8a9b-0c1d2e3f4a5b', objects: [...amber, green] }));
    expect((await accord(['import', join(dir, 'bundle.json')])).code).toBe(0);
  }, 120_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('files an AMBER share as a pending request that signs nothing and shows nothing to B; its requester may not approve it', async () => {
    const id = await ask(amber[0] as Json);
    const listed = await accord(['publications', 'list', '--state', 'pending', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const lines = listed.stdout.trim().split('\n').map((l) => JSON.parse(l) as Json);
    expect(lines).toMatchObject([{ id, state: 'pending', tlp: 'amber', objectCount: 1 }]);
    expect(String(lines[0]?.requestedBy)).toMatch(/^cli:/);
    await inStore(async (store) => {
      expect(await store.shares.forObject(String(amber[0]?.id))).toEqual([]);
      expect((await store.objects.list({ types: ['x-accord-share'], limit: 5 })).items).toEqual([]);
      expect(await visibleToB(store)).toEqual([]);
    });
    const self = await accord(['publications', 'approve', id]);
    expect(self.code).toBe(1);
    expect(self.stderr).toMatch(/the four-eyes rule needs a second person: cli:\S+ asked for publication--/);
    const shown = await accord(['publications', 'show', id]);
    expect(shown.stdout).toMatch(new RegExp(`^${id}  pending`, 'm'));
    expect(shown.stdout).toContain(`    ${String(amber[0]?.id)} (version ${String(amber[0]?.modified)})`);
  });

  it('shares GREEN at once, and --json prints the signed record (a batch of one)', async () => {
    const r = await accord(['share', String(green.id), '--tlp', 'green', '--all', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const record = JSON.parse(r.stdout) as Json;
    expect(record).toMatchObject({ type: 'x-accord-share', object_ref: green.id, signature: { batch_size: 1, leaf_index: 0, proof: [] } });
    const membership = new StaticMembership(parseMemberList([m.a.entry, m.b.entry], undefined, 'test').members);
    expect(verifyShare(record, (id, fp) => membership.keyOf(id, fp), new Date(), { cache: null }).ok).toBe(true);
  });

  it('lets a second user approve through the API, then B may pull it; withdraw and reject leave nothing behind', async () => {
    const pending = JSON.parse((await accord(['publications', 'list', '--state', 'pending', '--json'])).stdout.trim()) as Json;
    const withdrawn = await ask(amber[1] as Json);
    const rejected = await ask(amber[2] as Json);
    const w = await accord(['publications', 'withdraw', withdrawn]);
    expect([w.code, w.stdout.trim()]).toEqual([0, `Withdrew ${withdrawn}: nothing was shared.`]);
    expect((await accord(['publications', 'reject', rejected, '--reason', 'mine'])).stderr).toMatch(/withdraw it instead/);
    expect((await accord(['publications', 'reject', rejected])).code).toBe(2);

    expect((await accord(['user', 'add', 'bob', '--roles', 'analyst'])).code).toBe(0);
    const created = await accord(['token', 'create', '--user', 'bob', '--name', 'four eyes']);
    const token = created.stdout.trim().split(/\s+/).find((word) => word.startsWith('accord_')) ?? '';
    const node = await startNode(['--data', m.a.data, '--port', String(m.a.port)]);
    try {
      const post = (path: string, body?: Json) => fetch(`${node.url}${path}`, {
        method: 'POST', headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const approved = await post(`/api/v1/publications/${String(pending.id)}/approve`);
      expect(approved.status, await approved.clone().text()).toBe(200);
      expect(await approved.json()).toMatchObject({ publication: { state: 'approved', decided_by: 'user:bob' }, shared: 1, readers: [{ name: 'CERT-B' }] });
      const rej = await post(`/api/v1/publications/${rejected}/reject`, { reason: 'wait for the joint advisory' });
      expect(rej.status).toBe(200);
    } finally {
      await node.stop();
    }

    await inStore(async (store) => {
      const rows = await store.shares.forObject(String(amber[0]?.id));
      expect(rows).toHaveLength(1);
      expect(await visibleToB(store)).toEqual(expect.arrayContaining([amber[0]?.id, rows[0]?.id, green.id]));
      for (const o of [amber[1], amber[2]]) expect(await store.shares.forObject(String(o?.id))).toEqual([]);
      expect(await visibleToB(store)).not.toEqual(expect.arrayContaining([amber[1]?.id]));
    });
    const shown = await accord(['publications', 'show', rejected]);
    expect(shown.stdout).toMatch(/rejected by user:bob/);
    expect(shown.stdout).toContain('reason: wait for the joint advisory');
    const states = (await accord(['publications', 'list', '--json'])).stdout.trim().split('\n').map((l) => (JSON.parse(l) as Json).state);
    expect(states).toEqual(['approved', 'withdrawn', 'rejected']);
    const audit = await accord(['audit', 'export']);
    const actions = audit.stdout.trim().split('\n').map((l) => JSON.parse(l) as { action: string; actor: string })
      .filter((e) => e.action.startsWith('share.') || e.action === 'object.shared').map((e) => `${e.action} ${e.actor.startsWith('cli:') ? 'cli' : e.actor.replace(/\/token:.*/, '')}`);
    expect(actions).toEqual([
      'share.requested cli', 'object.shared cli', 'share.requested cli', 'share.requested cli', 'share.withdrawn cli',
      'object.shared user:bob', 'share.approved user:bob', 'share.rejected user:bob',
    ]);
  }, 120_000);
});
