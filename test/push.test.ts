// Push between member nodes with real processes on loopback (issue 5, "Sync", the push half):
// A, B and C run `accord serve` with an hour between pulls, so once their first pulls are done
// only a push can deliver a new share within the test. `accord share` on A (a separate process
// writing A's store) must reach exactly the share's audience within seconds, with its record;
// and a push by a listed member that is not the sharer — a record signed with the wrong key, an
// object altered under a genuine record — is held back with a per-object TAXII status failure.
// The create-to-visible times are written to the test log.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peerSigner } from '../src/federation/index.js';
import { buildShare, signShare } from '../src/sharing/index.js';
import { tlpMarkingId } from '../src/stix/index.js';
import { TaxiiClient } from '../src/taxii/client/index.js';
import { generateNodeKey, publicKeyInfo } from '../src/trust/index.js';
import { freePort, initMemberNode, runAccord, startNode } from './support/cli.js';
import { buildIndicator } from './support/factories.js';

interface Entry { id: string; name: string; nodeUrl: string; keys: string[] }
interface Member { data: string; port: number; entry: Entry; token: string; node?: Awaited<ReturnType<typeof startNode>> }
type Json = Record<string, unknown>;

const TAXII = 'application/taxii+json;version=2.1';
/** A generous bound: push is expected within about a second. */
const DELIVERY_BOUND_MS = 10_000;

describe('push: a new share reaches the peers that may read it at once, and nothing else gets in', () => {
  let dir: string;
  const m = {} as Record<'a' | 'b' | 'c', Member>;
  // D is a listed member with no node (its URL refuses connections): the tampering pusher.
  const d = { id: 'identity--0c2f8e7a-4b1d-4e6a-9f3c-5d7e8a9b0c1d', key: generateNodeKey('signing') };
  const timings: string[] = [];
  /** When the last `arrival` saw the object. */
  let arrivedAt = 0;

  const accord = async (args: string[], data: string): Promise<string> => {
    const r = await runAccord([...args, '--data', data]);
    expect(r.code, `accord ${args.join(' ')}: ${r.stderr}${r.stdout}`).toBe(0);
    return r.stdout;
  };
  const get = async (who: Member, path: string): Promise<Response> => fetch(`http://127.0.0.1:${who.port}${path}`, {
    headers: { authorization: `Bearer ${who.token}`, accept: path.startsWith('/taxii2/') ? TAXII : 'application/json' },
  });
  /** The versions of `id` that `who` holds, and the share records it holds for `id`. */
  const holdings = async (who: Member, id: string): Promise<{ versions: Json[]; records: Json[] }> => {
    const res = await get(who, `/taxii2/accord/collections/default/objects/${id}/?match[version]=all`);
    const versions = res.status === 200 ? ((await res.json()) as { objects?: Json[] }).objects ?? [] : [];
    expect([200, 404]).toContain(res.status);
    const rec = await get(who, '/taxii2/accord/collections/default/objects/?match[type]=x-accord-share&match[version]=all');
    const records = rec.status === 200 ? (((await rec.json()) as { objects?: Json[] }).objects ?? []).filter((r) => r.object_ref === id) : [];
    return { versions, records };
  };
  /** Waits until `who` holds `id` and a record of it; the milliseconds since `since`. */
  const arrival = async (who: Member, id: string, since: number): Promise<number> => {
    for (;;) {
      const h = await holdings(who, id);
      if (h.versions.length > 0 && h.records.length > 0) {
        arrivedAt = Date.now();
        return arrivedAt - since;
      }
      if (Date.now() - since > DELIVERY_BOUND_MS) throw new Error(`${who.entry.name} did not receive ${id} within ${DELIVERY_BOUND_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  /** Imports and shares `object` on A (two separate processes); the time the share command started and ended. */
  const shareOnA = async (object: Json, args: string[]): Promise<{ started: number; ended: number; record: Json }> => {
    const file = join(dir, `${String(object.id)}.json`);
    writeFileSync(file, JSON.stringify({ type: 'bundle', id: 'bundle--6a2d1f0e-9c8b-4a7d-8e6f-5b4c3d2e1f0a', objects: [object] }));
    await accord(['import', file], m.a.data);
    const started = Date.now();
    const out = await accord(['share', String(object.id), ...args, '--json'], m.a.data);
    return { started, ended: Date.now(), record: JSON.parse(out) as Json };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-push-'));
    for (const name of ['a', 'b', 'c'] as const) {
      const data = join(dir, name);
      const { port, entry } = await initMemberNode(data, `CERT-${name.toUpperCase()}`);
      // The test's token reads objects (observer) and peer status (admin).
      expect((await runAccord(['user', 'roles', 'admin', '--roles', 'admin,observer', '--data', data])).code).toBe(0);
      const created = await runAccord(['token', 'create', '--user', 'admin', '--name', 'push test', '--data', data]);
      const token = created.stdout.trim().split(/\s+/).find((w) => w.startsWith('accord_')) ?? '';
      m[name] = { data, port, entry, token };
    }
    const entryD: Entry = { id: d.id, name: 'CERT-D', nodeUrl: `http://127.0.0.1:${await freePort()}`, keys: [publicKeyInfo(d.key).publicKey] };
    const members = [m.a.entry, m.b.entry, m.c.entry, entryD];
    // An hour between pulls: after the first pull at start, only a push delivers within the test.
    for (const x of Object.values(m)) writeFileSync(join(x.data, 'accord.json'), JSON.stringify({ members, syncIntervalSeconds: 3600 }));
    await Promise.all(Object.values(m).map(async (x) => {
      x.node = await startNode(['--data', x.data, '--port', String(x.port)]);
    }));
    // The first pulls (at start) are over before anything is shared.
    for (const x of [m.b, m.c]) {
      for (let i = 0; ; i++) {
        const peers = ((await (await get(x, '/api/v1/peers')).json()) as { peers: { member_id: string; last_success: string | null }[] }).peers;
        if (peers.find((p) => p.member_id === m.a.entry.id)?.last_success != null) break;
        if (i > 100) throw new Error(`${x.entry.name} never pulled from A`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }, 180_000);

  afterAll(async () => {
    for (const x of Object.values(m)) await x.node?.stop();
    console.log(`create-to-visible (push, pull interval 3600 s):\n  ${timings.join('\n  ')}`);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a share to B reaches B with its record within seconds, and never C', async () => {
    const x = buildIndicator({ name: 'X for B only', object_marking_refs: [tlpMarkingId('amber')] });
    const { started, ended, record } = await shareOnA(x, ['--tlp', 'amber', '--members', m.b.entry.id]);
    const ms = await arrival(m.b, String(x.id), started);
    timings.push(`members share, A → B: ${ms} ms after \`accord share\` started, ${arrivedAt - ended} ms after it ended, `
      + `${arrivedAt - Date.parse(String(record.created))} ms after the record's created (polled every 25 ms)`);
    const onB = await holdings(m.b, String(x.id));
    expect(onB.records.map((r) => r.id)).toEqual([record.id]);
    // Give C every chance to receive what it must not.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const onC = await holdings(m.c, String(x.id));
    expect(onC.versions).toEqual([]);
    expect(onC.records).toEqual([]);
    // A reports the push to B.
    const peers = ((await (await get(m.a, '/api/v1/peers')).json()) as { peers: { member_id: string; last_push: string | null; pushed: number; push_error: unknown }[] }).peers;
    const b = peers.find((p) => p.member_id === m.b.entry.id);
    expect(b?.last_push).not.toBeNull();
    expect(b?.pushed).toBeGreaterThanOrEqual(2);
    expect(b?.push_error).toBeNull();
    expect(peers.find((p) => p.member_id === d.id)?.push_error).toBeNull(); // nothing for D: no request, no error
  }, 60_000);

  it('a share to every member reaches B and C', async () => {
    const y = buildIndicator({ name: 'Y for everyone', object_marking_refs: [tlpMarkingId('green')] });
    const { started, ended, record } = await shareOnA(y, ['--tlp', 'green', '--all']);
    const [b, c] = await Promise.all([arrival(m.b, String(y.id), started), arrival(m.c, String(y.id), started)]);
    const created = Date.parse(String(record.created));
    timings.push(`share to all, A → B: ${b} ms, A → C: ${c} ms after \`accord share\` started (the command took ${ended - started} ms); `
      + `${started + b - created} / ${started + c - created} ms after the record's created`);
  }, 60_000);

  it('refuses a tampered push: a record signed with the wrong key, an object altered under a genuine record', async () => {
    const z = buildIndicator({ name: 'Z, claimed to come from A', object_marking_refs: [tlpMarkingId('green')] });
    // D signs a record naming A as the sharer: a valid-looking record under the wrong key.
    const forged = signShare(buildShare({ object: z, sharer: m.a.entry.id, tlp: 'green', audience: { kind: 'all' }, relay: false }), d.key);
    // And Y (which B holds, with A's genuine record) altered on the way, its genuine record beside it.
    const y = (await get(m.b, '/taxii2/accord/collections/default/objects/?match[type]=indicator&match[version]=all').then((r) => r.json()) as { objects: Json[] }).objects
      .find((o) => o.name === 'Y for everyone');
    expect(y).toBeDefined();
    const yRecord = (await holdings(m.b, String(y?.id))).records[0];
    const altered = { ...y, name: 'Y for everyone, altered' };
    const client = new TaxiiClient({ signer: peerSigner(d.id, d.key), retry: { attempts: 1 } });
    let status;
    try {
      const root = await client.connect(`http://127.0.0.1:${m.b.port}/taxii2/`);
      status = await root.collection('default').add([forged, z, yRecord, altered].map((o) => JSON.stringify(o)));
    } finally {
      client.close();
    }
    const codes = (status.failures ?? []).map((f) => [f.id, f.message?.split(':')[0]]);
    expect(codes).toEqual([[forged.id, expect.stringMatching(/^share\./)], [z.id, 'sync.no-share-record'], [y?.id, 'sync.content-mismatch']]);
    expect(status.successes?.map((s) => s.id)).toEqual([yRecord?.id]); // the genuine record: already held
    expect((await holdings(m.b, String(z.id))).versions).toEqual([]);
    expect((await holdings(m.b, String(y?.id))).versions.map((v) => v.name)).toEqual(['Y for everyone']);
    const q = JSON.parse(await accord(['peers', 'quarantine', d.id, '--json'], m.b.data)) as { quarantine: { entries: { code: string }[] }[] };
    expect(q.quarantine[0]?.entries.map((e) => e.code).sort()).toEqual(expect.arrayContaining(['sync.content-mismatch', 'sync.no-share-record']));
  }, 60_000);
});
