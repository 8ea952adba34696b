// Membership decided by the members, with real nodes (issue 6): A, B and C found the mechanism
// under a 2/3 majority (the charter every node pins); D's node runs with the same charter but is
// not a member. A proposes D's admission, B endorses it: every node applies it, D among them —
// it receives the decisions that admit it — and then receives what A shares with all members.
// Then A proposes D's suspension, C endorses it: A's next share to all never reaches D.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tlpMarkingId } from '../src/stix/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { loadNodeKeys, parseCharter, publicKeyInfo } from '../src/trust/index.js';
import { freePort, initNodeDir, runAccord, startNode } from './support/cli.js';
import { buildIndicator } from './support/factories.js';

type Name = 'a' | 'b' | 'c' | 'd';
const NAMES: readonly Name[] = ['a', 'b', 'c', 'd'];
interface Node { data: string; port: number; id: string; entry: Record<string, unknown>; serve?: Awaited<ReturnType<typeof startNode>>; store?: Store }
interface Listing { members: { id: string; name: string; status: string; contacts?: Record<string, unknown> }[]; pending: { id: string; needed: number; endorsedBy: string[] }[]; refused: unknown[] }

describe('membership decided by the members, between real nodes', () => {
  let dir: string;
  const n = {} as Record<Name, Node>;
  const accord = async (who: Node, args: string[]): Promise<string> => {
    const r = await runAccord([...args, '--data', who.data], { timeoutMs: 60_000 });
    expect(r.code, `accord ${args.join(' ')}: ${r.stderr}${r.stdout}`).toBe(0);
    return r.stdout;
  };
  const listing = async (who: Node): Promise<Listing> => JSON.parse(await accord(who, ['members', '--json'])) as Listing;
  const until = async <T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = await probe();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const holds = async (who: Node, id: string): Promise<boolean> => (await (who.store as Store).objects.versions(id)).length > 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-membership-'));
    for (const name of NAMES) {
      const data = join(dir, name);
      await initNodeDir(data, ['--name', `CERT-${name.toUpperCase()}`]);
      const port = await freePort();
      const keys = (await loadNodeKeys(data, { env: process.env, cwd: dir })).keys;
      const self = JSON.parse((await runAccord(['members', 'self', '--data', data])).stdout) as { id: string };
      const entry = {
        id: self.id, name: `CERT-${name.toUpperCase()}`, nodeUrl: `http://127.0.0.1:${port}`,
        signingKeys: [publicKeyInfo(keys.signing).publicKey], encryptionKeys: keys.all.filter((k) => k.purpose === 'encryption').map((k) => publicKeyInfo(k).publicKey),
        contacts: { pointOfContact: `CERT-${name.toUpperCase()} duty desk`, languages: ['en'] },
      };
      n[name] = { data, port, id: self.id, entry };
    }
    const charter = { type: 'x-accord-charter', name: 'Test mechanism', rule: { kind: 'qualified-majority', numerator: 2, denominator: 3 }, members: [n.a.entry, n.b.entry, n.c.entry] };
    const charterFile = join(dir, 'charter.json');
    writeFileSync(charterFile, JSON.stringify(charter, null, 2));
    const sha = parseCharter(charter).hash;
    writeFileSync(join(dir, 'd-entry.json'), JSON.stringify(n.d.entry));
    for (const name of NAMES) {
      writeFileSync(join(n[name].data, 'accord.json'), JSON.stringify({ charter: charterFile, charterSha256: sha, syncIntervalSeconds: 1 }));
      n[name].serve = await startNode(['--data', n[name].data, '--port', String(n[name].port)]);
      n[name].store = await openStore(`sqlite:${join(n[name].data, 'accord.db')}`);
    }
  }, 120_000);

  afterAll(async () => {
    for (const name of NAMES) {
      await n[name]?.serve?.stop();
      await n[name]?.store?.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('admits D with two of three endorsements, and D then receives what is shared with all members', async () => {
    expect((await listing(n.d)).members.map((m) => m.name)).toEqual(['CERT-A', 'CERT-B', 'CERT-C']);
    expect((await runAccord(['members', 'propose', 'suspend', n.a.id, '--data', n.d.data])).stderr).toMatch(/not an active member/);

    const proposed = await accord(n.a, ['members', 'propose', 'admit', '--member-file', join(dir, 'd-entry.json')]);
    const decision = /Proposed (x-accord-membership-decision--[0-9a-f-]+)/.exec(proposed)?.[1] ?? '';
    // B receives the proposal with A's endorsement: one more is needed.
    const pending = await until('the proposal on B', async () => (await listing(n.b)).pending.find((p) => p.id === decision));
    expect(pending).toMatchObject({ needed: 1, endorsedBy: [n.a.id] });
    expect(await accord(n.b, ['members', 'endorse', decision])).toMatch(/it is applied/);

    // Every node applies it — D too, which receives the decision that admits it.
    for (const name of NAMES) {
      await until(`D admitted on ${name.toUpperCase()}`, async () => ((await listing(n[name])).members.find((m) => m.id === n.d.id)?.status === 'active' ? true : undefined));
    }
    const indicator = buildIndicator({ object_marking_refs: [tlpMarkingId('green')], name: 'for all members, D included' });
    writeFileSync(join(dir, 'one.json'), JSON.stringify({ type: 'bundle', id: 'bundle--5b7d0c1e-2f3a-4b5c-8d6e-7f8091a2b3c4', objects: [indicator] }));
    await accord(n.a, ['import', join(dir, 'one.json')]);
    await accord(n.a, ['share', String(indicator.id), '--tlp', 'green', '--all']);
    await until('the indicator on D', async () => ((await holds(n.d, String(indicator.id))) ? true : undefined));

    // D keeps its own directory entry current; the others see it.
    await accord(n.d, ['members', 'update-contacts', '--poc', 'CERT-D night desk', '--hours', '24/7']);
    await until('D\'s contacts on C', async () => ((await listing(n.c)).members.find((m) => m.id === n.d.id)?.contacts?.pointOfContact === 'CERT-D night desk' ? true : undefined));
  }, 120_000);

  it('suspends D with two of three endorsements: what A shares with all afterwards never reaches D', async () => {
    const proposed = await accord(n.a, ['members', 'propose', 'suspend', n.d.id]);
    const decision = /Proposed (x-accord-membership-decision--[0-9a-f-]+)/.exec(proposed)?.[1] ?? '';
    await until('the suspension on C', async () => ((await listing(n.c)).pending.some((p) => p.id === decision) ? true : undefined));
    // C's liaison officer endorses it through the API of C's serving node.
    await runAccord(['user', 'add', 'liaison', '--roles', 'liaison', '--data', n.c.data], { env: { ACCORD_USER_PASSWORD: 'correct horse battery staple 42' } });
    const token = (await accord(n.c, ['token', 'create', '--user', 'liaison', '--name', 'endorsing'])).trim().split(/\s+/).find((w) => w.startsWith('accord_')) ?? '';
    const api = (path: string, method = 'GET'): Promise<Response> => fetch(`http://127.0.0.1:${n.c.port}/api/v1/${path}`, { method, headers: { authorization: `Bearer ${token}` } });
    const state = (await (await api('members')).json()) as { pending: { id: string; endorsedBy: string[]; notYet: string[]; needed: number }[] };
    expect(state.pending.find((p) => p.id === decision)).toMatchObject({ endorsedBy: [n.a.id], needed: 1 });
    const endorsed = await api(`members/proposals/${decision}/endorse`, 'POST');
    expect(endorsed.status, await endorsed.clone().text()).toBe(200);
    expect(await endorsed.json()).toEqual({ id: decision, applied: true });
    for (const name of ['a', 'b', 'c'] as const) {
      await until(`D suspended on ${name.toUpperCase()}`, async () => ((await listing(n[name])).members.find((m) => m.id === n.d.id)?.status === 'suspended' ? true : undefined));
    }
    const later = buildIndicator({ object_marking_refs: [tlpMarkingId('green')], name: 'after the suspension' });
    writeFileSync(join(dir, 'two.json'), JSON.stringify({ type: 'bundle', id: 'bundle--6c8e1d2f-3a4b-4c5d-9e6f-8091a2b3c4d5', objects: [later] }));
    await accord(n.a, ['import', join(dir, 'two.json')]);
    await accord(n.a, ['share', String(later.id), '--tlp', 'green', '--all']);
    await until('the later indicator on B', async () => ((await holds(n.b, String(later.id))) ? true : undefined));
    await new Promise((r) => setTimeout(r, 3000)); // a few sync intervals
    expect(await holds(n.d, String(later.id))).toBe(false);
  }, 120_000);

  it('takes back what a key signed from the moment it is declared compromised', async () => {
    const since = new Date().toISOString();
    const x = buildIndicator({ object_marking_refs: [tlpMarkingId('green')], name: 'shared by B after its key was stolen' });
    writeFileSync(join(dir, 'three.json'), JSON.stringify({ type: 'bundle', id: 'bundle--7d9f2e3a-4b5c-4d6e-8f70-91a2b3c4d5e6', objects: [x] }));
    await accord(n.b, ['import', join(dir, 'three.json')]);
    const record = JSON.parse(await accord(n.b, ['share', String(x.id), '--tlp', 'green', '--all', '--json'])) as { id: string; signature: { key_fingerprint: string } };
    await until('B\'s record on A', async () => ((await (n.a.store as Store).shares.get([record.id]))[0]?.state === 'valid' ? true : undefined));

    const proposed = await accord(n.a, ['members', 'propose', 'compromise-key', n.b.id, record.signature.key_fingerprint, '--since', since]);
    const decision = /Proposed (x-accord-membership-decision--[0-9a-f-]+)/.exec(proposed)?.[1] ?? '';
    await until('the compromise on C', async () => ((await listing(n.c)).pending.some((p) => p.id === decision) ? true : undefined));
    await accord(n.c, ['members', 'endorse', decision]);
    await until('B\'s record quarantined on A', async () => ((await (n.a.store as Store).shares.get([record.id]))[0]?.state === 'quarantined' ? true : undefined));
    const audit = await accord(n.a, ['audit', 'export', '--action', 'membership.records-quarantined']);
    expect(audit).toContain(record.id);
  }, 120_000);
});
