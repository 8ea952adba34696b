// TAXII over a network that misbehaves. First the fault proxy itself (each fault does what it
// says), then `accord taxii pull` between two real nodes through it: drops, truncated and cut
// bodies, stale pages and reordering on every page, and the pull still ends with exactly the
// other node's objects — nothing lost, nothing twice. (Corrupted content that still parses can
// only be caught by the sharing layer's content hashes and signatures, so it is not thrown at a
// plain TAXII pull here.)
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/index.js';
import { initNodeDir, runAccord, startNode } from './support/cli.js';
import { buildIndicator, buildMalware } from './support/factories.js';
import { startFaultProxy } from './support/fault-proxy.js';
import { TEST_PASSWORD } from './support/node-app.js';

describe('the fault proxy', () => {
  let upstream: Server;
  let origin: string;
  let n = 0;
  beforeAll(async () => {
    upstream = createServer((req, res) => {
      n++;
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end((req.url ?? '').startsWith('/fixed') ? 'the same bytes every time. '.repeat(20) : `answer ${n} to ${req.url ?? ''} `.repeat(20));
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => upstream.close(() => r())));

  const get = async (url: string): Promise<string> => (await fetch(url)).text();

  it('drops, truncates, cuts, corrupts, replays stale answers and passes clean ones, as told', async () => {
    const proxy = await startFaultProxy(origin, {}, 7);
    try {
      const clean = await get(`${proxy.url}/x?page=1`);
      expect(clean).toMatch(/^answer \d+ to \/x\?page=1 /);
      proxy.setPlan({ drop: 1 });
      await expect(get(`${proxy.url}/x`)).rejects.toThrow();
      proxy.setPlan({ truncate: 1 });
      await expect(get(`${proxy.url}/x`)).rejects.toThrow(); // fewer bytes than Content-Length, then closed
      proxy.setPlan({ cut: 1 });
      await expect(get(`${proxy.url}/x`)).rejects.toThrow();
      proxy.setPlan({ corrupt: 1 });
      const corrupted = Buffer.from(await (await fetch(`${proxy.url}/fixed`)).arrayBuffer());
      const original = Buffer.from(await (await fetch(`${origin}/fixed`)).arrayBuffer());
      expect(corrupted.length).toBe(original.length);
      expect(corrupted.equals(original)).toBe(false); // bits flipped, length kept
      proxy.setPlan({});
      const page1 = await get(`${proxy.url}/z?page=1`);
      proxy.setPlan({ duplicate: 1 });
      expect(await get(`${proxy.url}/z?page=2`)).toBe(page1); // the earlier page of the same endpoint
      proxy.setPlan({ reorder: 1, reorderMs: 50 });
      expect(await get(`${proxy.url}/w`)).toMatch(/^answer/);
      expect(proxy.stats).toMatchObject({ drop: 1, truncate: 1, cut: 1, corrupt: 1, duplicate: 1, reorder: 1 });
    } finally {
      await proxy.close();
    }
  });
});

describe('accord taxii pull through a misbehaving network', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'accord-taxii-faults-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ends with exactly the other node\'s objects, however the pages were mangled on the way', async () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    await initNodeDir(a);
    await initNodeDir(b);
    expect((await runAccord(['user', 'add', 'puller', '--roles', 'analyst', '--data', a], { env: { ACCORD_USER_PASSWORD: TEST_PASSWORD } })).code).toBe(0);
    const passwordFile = join(dir, 'password');
    writeFileSync(passwordFile, `${TEST_PASSWORD}\n`, { mode: 0o600 });
    chmodSync(passwordFile, 0o600);
    const objects = [...Array.from({ length: 600 }, () => buildIndicator()), ...Array.from({ length: 100 }, () => buildMalware())];
    writeFileSync(join(dir, 'bundle.json'), JSON.stringify({ type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects }));
    expect((await runAccord(['import', '--data', a, join(dir, 'bundle.json')])).code).toBe(0);

    const nodeA = await startNode(['--data', a]);
    const proxy = await startFaultProxy(nodeA.url, {
      only: /\/objects\//, delayMs: [0, 15], drop: 0.1, truncate: 0.1, cut: 0.1, duplicate: 0.15, reorder: 0.1, reorderMs: 100, minBody: 200,
    }, 20261127);
    try {
      const pulled = await runAccord(['taxii', 'pull', `${proxy.url}/taxii2/`, '--collection', 'default', '--user', 'puller', '--password-file', passwordFile,
        '--page-size', '50', '--retries', '40', '--timeout', '10', '--data', b], { timeoutMs: 120_000 });
      expect(pulled.code, `${pulled.stdout}\n${pulled.stderr}`).toBe(0);
      // Faults really happened, and the pull got through them.
      const s = proxy.stats;
      expect(s.drop + s.truncate + s.cut).toBeGreaterThan(3);
      expect(s.duplicate).toBeGreaterThan(0);

      // B holds every version A holds, with the same content, once.
      const storeA = await openStore(`sqlite:${join(a, 'accord.db')}`);
      const storeB = await openStore(`sqlite:${join(b, 'accord.db')}`);
      try {
        const all = async (store: typeof storeA): Promise<string[]> => {
          const out: string[] = [];
          let after = 0;
          for (;;) {
            const page = await store.objects.list({ after, limit: 1000, versions: 'all' });
            out.push(...page.items.map((o) => `${o.id} ${o.hash}`));
            if (!page.more) return out;
            after = page.items.at(-1)?.added ?? after;
          }
        };
        const held = await all(storeB);
        const fromA = await all(storeA);
        expect(new Set(held).size).toBe(held.length);
        for (const o of objects) expect(held.some((h) => h.startsWith(`${String(o.id)} `))).toBe(true);
        // Everything of A, same content; beyond it only B's own member identity.
        expect(fromA.filter((x) => !held.includes(x))).toEqual([]);
        expect(held.filter((x) => !fromA.includes(x)).map((x) => x.split('--')[0])).toEqual(['identity']);
      } finally {
        await storeA.close();
        await storeB.close();
      }
      expect(pulled.stdout).toMatch(/new +\d+\n/);
    } finally {
      await proxy.close();
      await nodeA.stop();
    }
  }, 180_000);
});
