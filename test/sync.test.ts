// Sync between member nodes with real processes on loopback (issue 5, "Sync"): A shares X with
// B only (AMBER) and Y with every member (GREEN, relay allowed). B and C pull from A with
// `accord peers sync`; C then pulls from B (a relay) and from D, a "peer" that passes A's answers
// on with Y altered. Requests reaching A are counted by a proxy in front of it: A's listed node
// URL and its publicUrl are the proxy's, so signatures are checked against the URL peers use.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peerSigner } from '../src/federation/index.js';
import { tlpMarkingId } from '../src/stix/index.js';
import { generateNodeKey, loadNodeKeys, publicKeyInfo, type NodeKey } from '../src/trust/index.js';
import { freePort, initMemberNode, runAccord, startNode } from './support/cli.js';
import { buildIndicator } from './support/factories.js';

interface Entry { id: string; name: string; nodeUrl: string; keys: string[] }
interface Member { data: string; port: number; entry: Entry; key: NodeKey }
type Node = Awaited<ReturnType<typeof startNode>>;

/** A loopback HTTP server on `port` answering with `handle`. */
async function listen(port: number, handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<Server> {
  const server = createHttpServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.statusCode = 502;
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

/** Forwards a request to `origin` (optionally re-signed, and the body rewritten) and answers with what came back. */
async function forward(req: IncomingMessage, res: ServerResponse, origin: string, options: { sign?: ReturnType<typeof peerSigner>; rewrite?: (body: string) => string } = {}): Promise<void> {
  const url = `${origin}${req.url ?? '/'}`;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'connection') headers[k] = v;
  if (options.sign !== undefined) {
    for (const k of ['signature', 'signature-input']) delete headers[k];
    const accept = headers.accept ?? 'application/taxii+json;version=2.1';
    Object.assign(headers, options.sign({ method: req.method ?? 'GET', url, headers: { accept } }), { accept });
  }
  const upstream = await fetch(url, { method: req.method ?? 'GET', headers });
  let body = await upstream.text();
  if (options.rewrite !== undefined) body = options.rewrite(body);
  const out: Record<string, string> = {};
  upstream.headers.forEach((v, k) => {
    if (k === 'content-type' || k.startsWith('x-taxii-')) out[k] = v;
  });
  res.writeHead(upstream.status, out);
  res.end(body);
}

const close = (s: Server | undefined): Promise<void> => new Promise((resolve) => (s === undefined ? resolve() : s.close(() => resolve())));

describe('sync: member nodes pull from each other, verify, relay and hold back', () => {
  let dir: string;
  const m = {} as Record<'a' | 'b' | 'c', Member>;
  const d = { id: 'identity--6f1f3c0e-5a7b-4c2d-8e9f-0a1b2c3d4e5f', key: generateNodeKey('signing') };
  const x = buildIndicator({ name: 'X for B only', object_marking_refs: [tlpMarkingId('amber')] });
  const y = buildIndicator({ name: 'Y for everyone', object_marking_refs: [tlpMarkingId('green')] });
  let nodeA: Node | undefined;
  let nodeB: Node | undefined;
  let proxy: Server | undefined;
  let tamper: Server | undefined;
  const requestsToA: string[] = [];

  const accord = async (args: string[], data: string): Promise<string> => {
    const r = await runAccord([...args, '--data', data]);
    expect(r.code, `accord ${args.join(' ')}: ${r.stderr}${r.stdout}`).toBe(0);
    return r.stdout;
  };
  const held = async (data: string): Promise<{ id: string; name?: string }[]> => {
    const out = await accord(['export', '--versions', 'all', '--format', 'jsonl'], data);
    return out.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { id: string; name?: string });
  };
  interface Report { peer: string; objects: number; records: number; stored: number; requests: number; quarantined: { objectId: string; code: string; reason: string }[] }
  const sync = async (data: string, peer: string): Promise<Report> => {
    const out = JSON.parse(await accord(['peers', 'sync', peer, '--json'], data)) as { results: Report[] };
    const [report] = out.results;
    if (report === undefined) throw new Error('no report');
    return report;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-sync-'));
    const proxyPort = await freePort();
    const tamperPort = await freePort();
    for (const name of ['a', 'b', 'c'] as const) {
      const data = join(dir, name);
      // A is reached through the counting proxy: that is its node URL.
      const { port, entry } = await initMemberNode(data, `CERT-${name.toUpperCase()}`, (p) => `http://127.0.0.1:${name === 'a' ? proxyPort : p}`);
      const key = (await loadNodeKeys(data, { env: process.env, cwd: dir })).keys.signing;
      m[name] = { data, port, entry, key };
    }
    const entryD: Entry = { id: d.id, name: 'CERT-D', nodeUrl: `http://127.0.0.1:${tamperPort}`, keys: [publicKeyInfo(d.key).publicKey] };
    const members = [m.a.entry, m.b.entry, m.c.entry, entryD];
    for (const [name, x] of Object.entries(m)) {
      // Background sync off: these tests pull on demand, so that requests to A can be counted.
      writeFileSync(join(x.data, 'accord.json'), JSON.stringify({ members, syncIntervalSeconds: 0, ...(name === 'a' ? { publicUrl: m.a.entry.nodeUrl } : {}) }));
    }
    writeFileSync(join(dir, 'bundle.json'), JSON.stringify({ type: 'bundle', id: 'bundle--1d7c9e2a-3b4f-4a5d-8c6e-7f8091a2b3c4', objects: [x, y] }));
    await accord(['import', join(dir, 'bundle.json')], m.a.data);
    await accord(['share', String(x.id), '--tlp', 'amber', '--members', m.b.entry.id], m.a.data);
    await accord(['share', String(y.id), '--tlp', 'green', '--all', '--relay'], m.a.data);
    nodeA = await startNode(['--data', m.a.data, '--port', String(m.a.port)]);
    nodeB = await startNode(['--data', m.b.data, '--port', String(m.b.port)]);
    const a = `http://127.0.0.1:${m.a.port}`;
    proxy = await listen(proxyPort, async (req, res) => {
      requestsToA.push(`${req.method ?? ''} ${req.url ?? ''}`);
      await forward(req, res, a);
    });
    // D passes on what A serves C, with Y's name altered (A's signed share record is untouched).
    tamper = await listen(tamperPort, (req, res) => forward(req, res, m.a.entry.nodeUrl, {
      sign: peerSigner(m.c.entry.id, m.c.key),
      rewrite: (body) => body.replace('Y for everyone', 'Y for everyone, altered'),
    }));
  }, 180_000);

  afterAll(async () => {
    await nodeA?.stop();
    await nodeB?.stop();
    await close(proxy);
    await close(tamper);
    rmSync(dir, { recursive: true, force: true });
  });

  it('B receives X and Y with their share records; C only Y with its record', async () => {
    const rb = await sync(m.b.data, m.a.entry.id);
    expect(rb.quarantined).toEqual([]);
    expect(rb.records).toBe(2);
    const b = (await held(m.b.data)).map((o) => o.id);
    expect(b).toContain(x.id);
    expect(b).toContain(y.id);
    expect(b.filter((id) => id.startsWith('x-accord-share--'))).toHaveLength(2);

    const rc = await sync(m.c.data, m.a.entry.id);
    expect(rc.quarantined).toEqual([]);
    expect(rc.records).toBe(1);
    const c = (await held(m.c.data)).map((o) => o.id);
    expect(c).toContain(y.id);
    expect(c).not.toContain(x.id);
    expect(c.filter((id) => id.startsWith('x-accord-share--'))).toHaveLength(1);
  }, 60_000);

  it('a pull with nothing new is exactly one request to A', async () => {
    requestsToA.length = 0;
    const r = await sync(m.b.data, m.a.entry.id);
    expect(r.objects).toBe(0);
    expect(requestsToA).toHaveLength(1);
    expect(requestsToA[0]).toMatch(/^GET \/taxii2\/accord\/collections\/default\/objects\/\?added_after=.*match\[version\]=all/);
    const status = JSON.parse(await accord(['peers', 'list', '--json'], m.b.data)) as { peers: { memberId: string; lastSuccess: string | null; accepted: number; caughtUp: boolean }[] };
    const a = status.peers.find((p) => p.memberId === m.a.entry.id);
    expect(a?.lastSuccess).not.toBeNull();
    expect(a?.accepted).toBe(4);
    expect(a?.caughtUp).toBe(true);
  }, 60_000);

  it('C pulling from B gets Y relayed with its record, and never X', async () => {
    const r = await sync(m.c.data, m.b.entry.id);
    expect(r.quarantined).toEqual([]);
    expect(r.objects).toBe(2); // Y and A's share record of Y: B's visibility table holds X back from C
    const c = (await held(m.c.data)).map((o) => o.id);
    expect(c).not.toContain(x.id);
  }, 60_000);

  it('holds back an object altered on the way, with its reason, and keeps the original', async () => {
    const r = await sync(m.c.data, d.id);
    expect(r.quarantined).toHaveLength(1);
    expect(r.quarantined[0]?.objectId).toBe(y.id);
    expect(r.quarantined[0]?.code).toBe('sync.content-mismatch');
    const ys = (await held(m.c.data)).filter((o) => o.id === y.id);
    expect(ys.map((o) => o.name)).toEqual(['Y for everyone']);
    const listing = await accord(['peers', 'quarantine', d.id], m.c.data);
    expect(listing).toMatch(/CERT-D .*1 held back/);
    expect(listing).toContain(String(y.id));
    expect(listing).toMatch(/sync\.content-mismatch: .*altered on the way/);
    // Pulling the same page again holds nothing back twice.
    await accord(['peers', 'sync', d.id, '--from-start'], m.c.data);
    const again = JSON.parse(await accord(['peers', 'quarantine', d.id, '--json'], m.c.data)) as { quarantine: { entries: unknown[] }[] };
    expect(again.quarantine[0]?.entries).toHaveLength(1);
  }, 60_000);

  it('a serving node pulls on its own and reports each peer at GET /api/v1/peers', async () => {
    const cServe = join(dir, 'c-serve.json');
    writeFileSync(cServe, JSON.stringify({
      members: [m.a.entry, m.b.entry, m.c.entry], syncIntervalSeconds: 1,
    }));
    const token = (await accord(['token', 'create', '--user', 'admin', '--name', 'sync test'], m.c.data)).trim().split(/\s+/).find((w) => w.startsWith('accord_')) ?? '';
    const node = await startNode(['--data', m.c.data, '--port', String(m.c.port), '--config', cServe]);
    try {
      let peers: { member_id: string; last_success: string | null; caught_up: boolean }[] = [];
      for (let i = 0; i < 50; i++) {
        const res = await fetch(`${node.url}/api/v1/peers`, { headers: { authorization: `Bearer ${token}` } });
        expect(res.status).toBe(200);
        peers = ((await res.json()) as { peers: typeof peers }).peers;
        const a = peers.find((p) => p.member_id === m.a.entry.id);
        const b = peers.find((p) => p.member_id === m.b.entry.id);
        if (a !== undefined && b !== undefined && a.last_success !== null && b.last_success !== null && Date.parse(a.last_success) > Date.now() - 5000) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(peers.map((p) => p.member_id).sort()).toEqual([m.a.entry.id, m.b.entry.id].sort());
      expect(peers.every((p) => p.caught_up)).toBe(true);
    } finally {
      expect(await node.stop()).toBe(0);
    }
  }, 60_000);
});
