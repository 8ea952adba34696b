// `accord demo` as a newcomer runs it: a real process that starts three member nodes, shares the
// sample five ways and prints a summary. The test does not trust the printout: it asks each node's
// own store (`accord export`) and one node's TAXII endpoint what they hold, then stops the demo
// with Ctrl-C and checks that it ends cleanly and leaves no node running.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_SHARES } from '../src/cli/demo-sample.js';
import { runAccord, spawnAccord } from './support/cli.js';

const [clear, greenGroup, amberBravo, redRegional, kept] = DEMO_SHARES.map((s) => s.objectId) as [string, string, string, string, string];

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('accord demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'accord-demo-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts three nodes that hold exactly what the policy allows, and stops them all on Ctrl-C', async () => {
    const started = Date.now();
    const demo = spawnAccord(['demo', '--members', '3', '--dir', join(dir, 'demo'), '--no-open']);
    let stdout = '';
    let stderr = '';
    demo.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let nodes: number[] = [];
    const exited = new Promise<number | null>((done) => demo.once('exit', (code) => done(code)));
    try {
      await new Promise<void>((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`no summary within 50 s:\n${stdout}\n${stderr}`)), 50_000);
        demo.stdout?.setEncoding('utf8').on('data', (d: string) => {
          stdout += d;
          if (stdout.includes('Press Ctrl-C')) {
            clearTimeout(timer);
            done();
          }
        });
        demo.once('exit', (code) => fail(new Error(`accord demo exited with ${String(code)}:\n${stdout}\n${stderr}`)));
      });
      const summarySeconds = (Date.now() - started) / 1000;
      expect(stdout).toMatch(/Regional Organisation \(demo\)\s+not here\s+.*may not read this/);
      expect(summarySeconds).toBeLessThan(45);
      // Each member's web app, served by its node (no desktop here: nothing is opened, the addresses are printed).
      const apps = [...stdout.matchAll(/web app (http:\/\/127\.0\.0\.1:\d+\/)/g)].map((m) => m[1] ?? '');
      expect(apps).toHaveLength(3);
      for (const app of apps) {
        const page = await fetch(app);
        expect(page.status, app).toBe(200);
        expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect(await page.text()).toContain('<div id="root"></div>');
      }

      nodes = execFileSync('ps', ['-o', 'pid=', '--ppid', String(demo.pid)], { encoding: 'utf8' }).split('\n').map((l) => Number(l.trim())).filter((p) => p > 0);
      expect(nodes).toHaveLength(3);

      const held = async (slug: string): Promise<string[]> => {
        const r = await runAccord(['export', '--versions', 'all', '--format', 'jsonl', '--data', join(dir, 'demo', slug)]);
        expect(r.code, r.stderr).toBe(0);
        return r.stdout.split('\n').filter((l) => l.trim() !== '').map((l) => (JSON.parse(l) as { id: string }).id);
      };
      const [alpha, bravo, regional] = await Promise.all(['alpha', 'bravo', 'regional'].map(held)) as [string[], string[], string[]];
      expect(alpha).toEqual(expect.arrayContaining([clear, greenGroup, amberBravo, redRegional, kept]));
      // TLP:CLEAR to all reaches everyone; the group share stops at version 1's members.
      expect(bravo).toEqual(expect.arrayContaining([clear, greenGroup, amberBravo]));
      expect(regional).toEqual(expect.arrayContaining([clear, redRegional]));
      expect(regional).not.toContain(greenGroup);
      // AMBER only on its named recipient, RED only on its own and never relayed, the kept one nowhere else.
      expect(regional).not.toContain(amberBravo);
      expect(bravo).not.toContain(redRegional);
      expect(bravo).not.toContain(kept);
      expect(regional).not.toContain(kept);

      // The printed analyst credentials work, and Bravo's TAXII collection agrees with its store.
      const row = /CERT-Bravo \(demo\)\s+(http:\/\/127\.0\.0\.1:\d+)\s+admin \/ \S+\s+analyst \/ (\S+)/.exec(stdout);
      expect(row, stdout).not.toBeNull();
      const [, url, password] = row as unknown as [string, string, string];
      const res = await fetch(`${url}/taxii2/accord/collections/default/objects/`, {
        headers: { accept: 'application/taxii+json;version=2.1', authorization: `Basic ${Buffer.from(`analyst:${password}`).toString('base64')}` },
      });
      expect(res.status).toBe(200);
      const taxii = ((await res.json()) as { objects?: { id: string }[] }).objects?.map((o) => o.id) ?? [];
      expect(taxii).toContain(amberBravo);
      expect(taxii).not.toContain(redRegional);
      expect(taxii).not.toContain(kept);

      demo.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(stdout).toMatch(/Stopped\./);
      expect(nodes.filter(alive)).toEqual([]);
    } finally {
      // A failed assertion must not leave nodes behind: the demo stops them on SIGINT; anything left is killed.
      if (demo.exitCode === null) {
        demo.kill('SIGINT');
        await Promise.race([exited, new Promise((done) => setTimeout(done, 15_000))]);
      }
      for (const pid of nodes.filter(alive)) process.kill(pid, 'SIGKILL');
    }
  }, 90_000);
});
