// The detection index snapshot through `accord serve` on SQLite (docs/decisions/0029): the first
// start builds the index and writes the snapshot in the data folder; an indicator is revoked and
// another added while the node is stopped; the restart loads the snapshot (its log says so) and
// its ingest endpoint no longer matches the revoked indicator and matches the new one. A damaged
// snapshot is ignored with a warning and the index built from the store.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/index.js';
import { initNodeDir, runAccord, startNode, waitUntil } from './support/cli.js';
import { flowLine, indicatorId, ipIndicator } from './support/detect.js';
import { putObjects } from './support/store.js';

const id = indicatorId;
const indicator = ipIndicator;
const flow = flowLine;

describe('accord serve and the detection index snapshot', () => {
  let dir: string;
  let data: string;
  let token = '';

  /** Stores objects in the node's SQLite database while no server runs. */
  const put = async (objects: Record<string, unknown>[]): Promise<void> => {
    const store = await openStore(`sqlite:${join(data, 'accord.db')}`);
    try {
      await putObjects(store, objects);
    } finally {
      await store.close();
    }
  };
  /** Starts the node, with its log (info and above) collected. */
  const serve = async (): Promise<{ node: Awaited<ReturnType<typeof startNode>>; log: () => string }> => {
    const node = await startNode(['--data', data], { env: { ACCORD_LOG_LEVEL: 'info' } });
    let log = '';
    node.child.stdout?.setEncoding('utf8').on('data', (d: string) => (log += d));
    return { node, log: () => log };
  };
  const matches = async (url: string, ip: string): Promise<string[]> => {
    const r = await fetch(`${url}/api/v1/detect/events`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' }, body: flow(ip) });
    expect(r.status, await r.clone().text()).toBe(200);
    return ((await r.json()) as { detections: { indicator: string }[] }).detections.map((d) => d.indicator);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-detect-snapshot-'));
    data = join(dir, 'node');
    await initNodeDir(data);
    const accord = async (args: readonly string[]): Promise<string> => {
      const r = await runAccord([...args, '--data', data]);
      expect(r.code, `accord ${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r.stdout;
    };
    await accord(['user', 'roles', 'admin', '--roles', 'admin,analyst']);
    token = (await accord(['token', 'create', '--user', 'admin', '--name', 'sensor'])).trim().split(/\s+/).find((w) => w.startsWith('accord_')) ?? '';
    expect(token).not.toBe('');
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('restarts from the snapshot and still sees an indicator revoked while it was stopped', async () => {
    const file = join(data, 'detect-index.snapshot');
    await put([indicator(1, '198.51.100.1'), indicator(2, '198.51.100.2')]);
    const first = await serve();
    try {
      await waitUntil('the first index is loaded', async () => (await matches(first.node.url, '198.51.100.1')).includes(id(1)));
      await waitUntil('the snapshot is written', () => Promise.resolve(existsSync(file)));
    } finally {
      expect(await first.node.stop()).toBe(0);
    }
    expect(first.log()).toContain('detection index snapshot written');

    await put([indicator(1, '198.51.100.1', { modified: '2026-01-02T00:00:00.000Z', revoked: true }), indicator(3, '198.51.100.3')]);

    const second = await serve();
    try {
      await waitUntil('the restarted index sees the new indicator', async () => (await matches(second.node.url, '198.51.100.3')).includes(id(3)));
      expect(await matches(second.node.url, '198.51.100.1')).toEqual([]);
      expect(await matches(second.node.url, '198.51.100.2')).toEqual([id(2)]);
      expect(second.log()).toContain('detection index loaded from its snapshot');
    } finally {
      expect(await second.node.stop()).toBe(0);
    }

    // A damaged snapshot: a warning, and the index is built from the store as before.
    writeFileSync(file, 'ACCDXSNP, cut short');
    const third = await serve();
    try {
      await waitUntil('the index built from the store sees indicator 3', async () => (await matches(third.node.url, '198.51.100.3')).includes(id(3)));
      expect(await matches(third.node.url, '198.51.100.1')).toEqual([]);
      expect(third.log()).toContain('detection index snapshot not used');
    } finally {
      expect(await third.node.stop()).toBe(0);
    }
  }, 120_000);
});
