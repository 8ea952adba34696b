// One process per store runs sync (issues 5 and 6): two `accord serve` processes on one node's
// store — SQLite, and PostgreSQL — the second serves, logs that another process syncs, and takes
// the role over once the first is killed with SIGKILL (a lock file naming a dead process; an
// advisory lock whose connection died). The node has one peer listed (which refuses
// connections): enough to start sync.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ROLE_LOCKS } from '../src/store/postgres/advisory-locks.js';
import { createTestDatabase, type TestDatabase } from '../src/store/postgres/test-support/database.js';
import { generateNodeKey, publicKeyInfo } from '../src/trust/index.js';
import { freePort, initNodeDir, runAccord, startNode } from './support/cli.js';

describe('the sync role', () => {
  const dir = mkdtempSync(join(tmpdir(), 'accord-sync-role-'));
  const nodes: Awaited<ReturnType<typeof startNode>>[] = [];
  afterAll(async () => {
    for (const n of nodes) await n.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  for (const kind of ['sqlite', 'postgres'] as const) {
    it(`is held by one serve process of a store at a time, and taken over when its holder is killed (${kind})`, async () => {
      const data = join(dir, kind);
      const database = kind === 'postgres' ? ['--database', (dbs[dbs.push(await createTestDatabase()) - 1] as TestDatabase).url] : [];
      await initNodeDir(data, ['--name', 'CERT-A', ...database]);
      const port = await freePort();
      const self = JSON.parse((await runAccord(['members', 'self', '--node-url', `http://127.0.0.1:${port}`, '--data', data, ...database])).stdout) as Record<string, unknown>;
      const peer = { id: 'identity--3c6f1a2b-4d5e-4f70-8a9b-0c1d2e3f4a5b', name: 'CERT-B', nodeUrl: `http://127.0.0.1:${await freePort()}`, keys: [publicKeyInfo(generateNodeKey('signing')).publicKey] };
      writeFileSync(join(data, 'accord.json'), JSON.stringify({ members: [self, peer], syncIntervalSeconds: 1 }));
      const logs = ['', ''];
      const env = { ACCORD_LOG_LEVEL: 'info' };
      const first = await startNode(['--data', data, '--port', String(port), ...database], { env });
      nodes.push(first);
      first.child.stdout?.setEncoding('utf8').on('data', (d: string) => (logs[0] += d));
      const second = await startNode(['--data', data, ...database], { env });
      nodes.push(second);
      second.child.stdout?.setEncoding('utf8').on('data', (d: string) => (logs[1] += d));
      const waitFor = async (i: number, text: string): Promise<void> => {
        for (const deadline = Date.now() + 15_000; !(logs[i] ?? '').includes(text); await new Promise((r) => setTimeout(r, 50))) {
          if (Date.now() > deadline) throw new Error(`process ${i + 1} never logged "${text}": ${logs[i] ?? ''}`);
        }
      };
      await waitFor(1, 'another process of this node runs sync');
      expect(logs[1]).not.toContain('"sync started"');
      const exited = new Promise((r) => first.child.once('exit', r));
      first.child.kill('SIGKILL');
      await exited;
      nodes.splice(nodes.indexOf(first), 1);
      await waitFor(1, '"msg":"sync started"');
    });
  }

  it('is given up when the connection holding its lock fails, and taken again, while the node keeps serving (postgres)', async () => {
    const data = join(dir, 'lost');
    const db = await createTestDatabase();
    dbs.push(db);
    await initNodeDir(data, ['--name', 'CERT-A', '--database', db.url]);
    const port = await freePort();
    const self = JSON.parse((await runAccord(['members', 'self', '--node-url', `http://127.0.0.1:${port}`, '--data', data, '--database', db.url])).stdout) as Record<string, unknown>;
    const peer = { id: 'identity--3c6f1a2b-4d5e-4f70-8a9b-0c1d2e3f4a5b', name: 'CERT-B', nodeUrl: `http://127.0.0.1:${await freePort()}`, keys: [publicKeyInfo(generateNodeKey('signing')).publicKey] };
    writeFileSync(join(data, 'accord.json'), JSON.stringify({ members: [self, peer], syncIntervalSeconds: 30 }));
    let log = '';
    const node = await startNode(['--data', data, '--port', String(port), '--database', db.url], { env: { ACCORD_LOG_LEVEL: 'info' } });
    nodes.push(node);
    node.child.stdout?.setEncoding('utf8').on('data', (d: string) => (log += d));
    const waitFor = async (text: string, count = 1): Promise<void> => {
      for (const deadline = Date.now() + 15_000; log.split(text).length - 1 < count; await new Promise((r) => setTimeout(r, 50))) {
        if (Date.now() > deadline) throw new Error(`never logged "${text}" ${count} time(s): ${log}`);
      }
    };
    await waitFor('"msg":"sync started"');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      // The sync role's session-level advisory lock (the asset watch holds a role lock of its own):
      // a bigint key shows in pg_locks as classid (high 32 bits) and objid (low 32 bits).
      const key = BigInt(ROLE_LOCKS.sync);
      const killed = await client.query(`SELECT pg_terminate_backend(l.pid) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                                         WHERE l.locktype = 'advisory' AND a.datname = current_database() AND l.pid <> pg_backend_pid()
                                           AND l.classid::bigint = $1 AND l.objid::bigint = $2`, [String(key >> 32n), String(key & 0xffffffffn)]);
      expect(killed.rows).toHaveLength(1);
    } finally {
      await client.end();
    }
    await waitFor('lost the sync role');
    // Taken again within seconds (not a 30 s sync interval), and the node never stopped serving.
    await waitFor('"msg":"sync started"', 2);
    expect(node.child.exitCode).toBeNull();
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });
});
