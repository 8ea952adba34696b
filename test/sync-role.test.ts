// One process per store runs sync (issue 5): two `accord serve` processes on one node's store —
// the second serves, logs that another process syncs, and takes the role over once the first
// stops. The node has one peer listed (which refuses connections): enough to start sync.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateNodeKey, publicKeyInfo } from '../src/trust/index.js';
import { freePort, initMemberNode, startNode } from './support/cli.js';

describe('the sync role', () => {
  const dir = mkdtempSync(join(tmpdir(), 'accord-sync-role-'));
  const nodes: Awaited<ReturnType<typeof startNode>>[] = [];
  afterAll(async () => {
    for (const n of nodes) await n.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is held by one serve process of a store at a time, and taken over when its holder stops', async () => {
    const data = join(dir, 'a');
    const { port, entry } = await initMemberNode(data, 'CERT-A');
    const peer = { id: 'identity--3c6f1a2b-4d5e-4f70-8a9b-0c1d2e3f4a5b', name: 'CERT-B', nodeUrl: `http://127.0.0.1:${await freePort()}`, keys: [publicKeyInfo(generateNodeKey('signing')).publicKey] };
    writeFileSync(join(data, 'accord.json'), JSON.stringify({ members: [entry, peer], syncIntervalSeconds: 1 }));
    const logs = ['', ''];
    const env = { ACCORD_LOG_LEVEL: 'info' };
    const first = await startNode(['--data', data, '--port', String(port)], { env });
    nodes.push(first);
    first.child.stdout?.setEncoding('utf8').on('data', (d: string) => (logs[0] += d));
    const second = await startNode(['--data', data], { env });
    nodes.push(second);
    second.child.stdout?.setEncoding('utf8').on('data', (d: string) => (logs[1] += d));
    const waitFor = async (i: number, text: string): Promise<void> => {
      for (const deadline = Date.now() + 15_000; !(logs[i] ?? '').includes(text); await new Promise((r) => setTimeout(r, 50))) {
        if (Date.now() > deadline) throw new Error(`process ${i + 1} never logged "${text}": ${logs[i] ?? ''}`);
      }
    };
    await waitFor(1, 'another process of this node runs sync');
    expect(logs[1]).not.toContain('"sync started"');
    expect(await first.stop()).toBe(0);
    await waitFor(1, '"msg":"sync started"');
  });
});
