// `accord assets` and `accord alerts` (issue 8, item 3) as real processes: an asset registered,
// a bad one refused naming its field (exit 1), a CSV imported all or nothing; a bundle imported
// by another process while `accord serve` runs raises the alert at once (the serve's watch), with
// the evidence and the creator; an analyst's state change and the alert itself are in the audit
// log; `accord assets watch --once` does the same without a server, and never alerts twice; on one
// PostgreSQL database served by two processes, one runs the watch and the other takes it over.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../src/store/postgres/test-support/database.js';
import { buildIndicator, buildIpv4, buildObservedData, MEMBER_IDENTITY } from './support/factories.js';
import { initNodeDir, runAccord, startNode } from './support/cli.js';

interface AlertJson { id: string; state: string; assetName: string; objectId: string; creator: string | null; evidence: { matches: { why: string }[] }; changes: { to: string; note: string | null }[] }

describe('accord assets and accord alerts', () => {
  let dir: string;
  let data: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-assets-cli-'));
    data = join(dir, 'node');
    await initNodeDir(data);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const accord = (...args: string[]) => runAccord([...args, '--data', data]);
  const alerts = async (): Promise<AlertJson[]> => {
    const r = await accord('alerts', 'list', '--json');
    expect(r.code, r.stderr).toBe(0);
    return r.stdout.trim() === '' ? [] : JSON.parse(r.stdout) as AlertJson[];
  };
  const bundle = (name: string, objects: unknown[]): string => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify({ type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects }));
    return file;
  };

  it('registers assets, refuses bad ones naming the field, and imports CSV all or nothing', async () => {
    const add = await accord('assets', 'add', 'grid', '--sector', 'energy', '--criticality', 'critical', '--owner', 'Grid operations', '--contact', 'soc@grid.example',
      '--range', '192.0.2.0/24,2001:db8:100::/48', '--domain', 'grid.example', '--software', 'cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*');
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toMatch(/^grid {2}critical {2}energy {2}\(asset--[0-9a-f-]{36}\)\n {4}owner Grid operations; contact soc@grid\.example\n {4}ranges {3}192\.0\.2\.0\/24, 2001:db8:100::\/48\n/);
    const bad = await accord('assets', 'add', 'bank', '--sector', 'banking', '--criticality', 'high', '--owner', 'o', '--contact', 'c', '--range', '10.0.0.0/33');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/sector "banking" is not one of .*; ranges\[0\] "10\.0\.0\.0\/33": is not an IPv4/);
    expect((await accord('assets', 'add')).code).toBe(2);
    expect((await accord('assets', 'watch')).code).toBe(2);

    const header = 'name,sector,criticality,owner,contact,ranges,domains,software';
    writeFileSync(join(dir, 'bad.csv'), `${header}\nwater,water,high,Water board,+1 555 0100,198.51.100.0/24,water.example,\nport,harbour,high,o,c,,,\n`);
    const refused = await runAccord(['assets', 'import', 'bad.csv', '--data', data], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('bad.csv:3: sector "harbour" is not one of');
    expect(refused.stderr).toContain('nothing was imported');
    writeFileSync(join(dir, 'good.csv'), `${header}\nwater,water,high,Water board,+1 555 0100,198.51.100.0/24,water.example,\n`);
    const imported = await runAccord(['assets', 'import', 'good.csv', '--data', data], { cwd: dir });
    expect(imported.code, imported.stderr).toBe(0);
    const listed = await accord('assets', 'list', '--json');
    expect((JSON.parse(listed.stdout) as { name: string }[]).map((a) => a.name)).toEqual(['grid', 'water']);
  }, 60_000);

  it('raises an alert at once when `accord serve` sees intelligence touching an asset, and audits its state changes', async () => {
    const node = await startNode(['--data', data]);
    try {
      const touching = buildIndicator({ pattern: "[domain-name:value = 'scada.grid.example']" });
      const unrelated = buildIndicator({ pattern: "[domain-name:value = 'elsewhere.example']" });
      const imported = await accord('import', bundle('touching.json', [touching, unrelated]));
      expect(imported.code, imported.stderr).toBe(0);
      let found: AlertJson[] = [];
      for (let i = 0; i < 60 && found.length === 0; i++) {
        found = await alerts();
        if (found.length === 0) await new Promise((r) => setTimeout(r, 250));
      }
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ state: 'new', assetName: 'grid', objectId: touching.id, creator: MEMBER_IDENTITY });
      expect(found[0]?.evidence.matches[0]?.why).toBe('domain scada.grid.example is a sub-domain of grid.example');
    } finally {
      expect(await node.stop()).toBe(0);
    }
    const [alert] = await alerts();
    const id = alert?.id ?? '';
    const ack = await accord('alerts', 'ack', id, '--note', 'checking with the grid operator');
    expect(ack.code, ack.stderr).toBe(0);
    expect(ack.stdout).toContain('new → acknowledged (checking with the grid operator)');
    expect((await accord('alerts', 'resolve', id)).code).toBe(0);
    const again = await accord('alerts', 'resolve', id);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`the alert is resolved already (${id})`);
    expect((await accord('alerts', 'show', 'alert--nope')).code).toBe(3);
    expect((await accord('alerts', 'list', '--state', 'nope')).code).toBe(2);
    const show = await accord('alerts', 'show', id);
    expect(show.stdout).toMatch(/resolved .* asset grid: indicator/);
    const audit = await accord('audit', 'export', '--action', 'alert.raised');
    expect(audit.stdout).toContain(id);
    const changes = await accord('audit', 'export', '--action', 'alert.state-changed');
    expect(changes.stdout.trim().split('\n')).toHaveLength(2);
  }, 90_000);

  it('runs the watch once from the command line, over what arrived since it last ran, never twice', async () => {
    const ip = buildIpv4({ value: '198.51.100.20' });
    const od = buildObservedData([ip.id as string]);
    expect((await accord('import', bundle('observed.json', [ip, od]))).code).toBe(0);
    const first = await accord('assets', 'watch', '--once');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`^ALERT alert--[0-9a-f-]+: observed-data ${od.id as string} touches asset water\\n$`));
    const again = await accord('assets', 'watch', '--once');
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain('0 object version(s) examined, 0 alert(s) raised');
    expect((await alerts()).map((a) => a.assetName).sort()).toEqual(['grid', 'water']);
  }, 60_000);

  it('runs the watch in one of two `accord serve` processes on one PostgreSQL database, and in the other once it stops', async () => {
    let db: TestDatabase | undefined;
    const nodes: Awaited<ReturnType<typeof startNode>>[] = [];
    try {
      db = await createTestDatabase();
      const pgData = join(dir, 'pg-node');
      const database = ['--data', pgData, '--database', db.url];
      await initNodeDir(pgData, ['--database', db.url]);
      const run = (...args: string[]) => runAccord([...args, ...database]);
      expect((await run('assets', 'add', 'grid', '--sector', 'energy', '--criticality', 'high', '--owner', 'o', '--contact', 'c', '--range', '192.0.2.0/24')).code).toBe(0);
      const logs = ['', ''];
      for (const i of [0, 1]) {
        const n = await startNode(database, { env: { ACCORD_LOG_LEVEL: 'info' } });
        n.child.stdout?.setEncoding('utf8').on('data', (d: string) => (logs[i] += d));
        nodes.push(n);
      }
      const waitFor = async (i: number, text: string, count = 1): Promise<void> => {
        for (const deadline = Date.now() + 20_000; (logs[i] ?? '').split(text).length - 1 < count; await new Promise((r) => setTimeout(r, 50))) {
          if (Date.now() > deadline) throw new Error(`process ${i} never logged "${text}": ${logs[i] ?? ''}`);
        }
      };
      await waitFor(0, 'asset watch started');
      await waitFor(1, 'another process of this node runs the asset watch');
      const pgAlerts = async (count: number): Promise<AlertJson[]> => {
        for (const deadline = Date.now() + 20_000; ; await new Promise((r) => setTimeout(r, 200))) {
          const r = await run('alerts', 'list', '--json');
          const found = r.stdout.trim() === '' ? [] : JSON.parse(r.stdout) as AlertJson[];
          if (found.length >= count || Date.now() > deadline) return found;
        }
      };
      const first = buildIndicator({ pattern: "[ipv4-addr:value = '192.0.2.10']" });
      expect((await run('import', bundle('pg-1.json', [first]))).code).toBe(0);
      expect((await pgAlerts(1)).map((a) => a.objectId)).toEqual([first.id]);
      await waitFor(0, 'intelligence touches the asset');
      expect(logs[1]).not.toContain('intelligence touches the asset');
      // The holder stops: the other process takes the watch over and raises the next alert.
      expect(await nodes[0]?.stop()).toBe(0);
      await waitFor(1, 'asset watch started');
      const second = buildIndicator({ pattern: "[url:value = 'http://192.0.2.11/x']" });
      expect((await run('import', bundle('pg-2.json', [second]))).code).toBe(0);
      expect((await pgAlerts(2)).map((a) => a.objectId).sort()).toEqual([first.id, second.id].sort());
      await waitFor(1, 'intelligence touches the asset');
    } finally {
      for (const n of nodes) await n.stop();
      await db?.drop();
    }
  }, 120_000);
});
