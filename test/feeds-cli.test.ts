// `accord feeds` and scheduled pulls with real `accord` processes and a real feed server on
// 127.0.0.1: `feeds pull` stores a list and reports like `accord import`, a failing feed is named
// with its error while the others are pulled (exit 3), a second pull gets 304, `feeds list` shows
// each feed's state without its header values, every pull is audited, a bad `feeds` setting is
// refused naming the field, a feed with an audience under the four-eyes rule becomes a
// publication request, and `accord serve` pulls a feed on its own.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/index.js';
import { initFederation, initNodeDir, runAccord, startNode } from './support/cli.js';

describe('accord feeds', () => {
  let dir: string;
  let data: string;
  let server: Server;
  let base: string;
  const requests: IncomingMessage[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-feeds-cli-'));
    data = join(dir, 'node');
    server = createServer((req, res) => {
      requests.push(req);
      if (req.url === '/down') return void res.writeHead(503, 'Service Unavailable').end();
      const body = req.url === '/scheduled.txt' ? 'scheduled.example\n' : '# blocklist\nevil.example\nhxxp://bad[.]example/x\nnot a value\n';
      const etag = `"${req.url ?? ''}-v1"`;
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
      res.writeHead(200, { 'content-type': 'text/plain', etag }).end(body);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await initNodeDir(data);
  }, 60_000);
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
    rmSync(dir, { recursive: true, force: true });
  });

  const configure = (feeds: unknown, extra: Record<string, unknown> = {}): void => writeFileSync(join(data, 'accord.json'), JSON.stringify({ feeds, ...extra }));
  const good = (): Record<string, unknown> => ({ name: 'CERT-X blocklist', url: `${base}/list.txt?key=in-query`, format: 'list', tlp: 'amber', headers: { 'X-API-Key': 'very-secret' } });

  it('pulls every feed now, names the one that failed, then gets 304; lists their state; audits each pull', async () => {
    configure([good(), { name: 'down', url: `${base}/down`, format: 'list', tlp: 'green' }]);
    const before = await runAccord(['feeds', 'list', '--data', data]);
    expect(before.code, before.stderr).toBe(0);
    expect(before.stdout).toMatch(/CERT-X blocklist\n {2}url +http:\/\/127\.0\.0\.1:\d+\/list\.txt\?…\n/);
    expect(before.stdout).toContain('headers       X-API-Key (values not shown)');
    expect(before.stdout).toMatch(/last pull +never/);

    const first = await runAccord(['feeds', 'pull', '--data', data]);
    expect(first.code, first.stdout + first.stderr).toBe(3);
    expect(first.stdout).toMatch(/Pulled "CERT-X blocklist" \(http:\/\/127\.0\.0\.1:\d+\/list\.txt\): 2 values listed, 2 new to the feed, 0 gone from it\n/);
    expect(first.stdout).toMatch(/new\s+2\n/);
    expect(first.stdout).toMatch(/rejected\s+1\n/);
    expect(first.stdout).toMatch(/CERT-X blocklist:4 {2}\[feed\.not-a-value\] not a recognised value/);
    expect(first.stdout).toMatch(/Pulling "down" failed: \[feed\.http-status\] GET http:\/\/127\.0\.0\.1:\d+\/down: the server answered 503 Service Unavailable/);
    expect(requests.find((r) => r.url?.startsWith('/list.txt'))?.headers['x-api-key']).toBe('very-secret');

    const again = await runAccord(['feeds', 'pull', 'CERT-X blocklist', '--data', data]);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain('"CERT-X blocklist" (');
    expect(again.stdout).toContain('has not changed since the last pull: nothing stored');

    const list = await runAccord(['feeds', 'list', '--data', data]);
    expect(list.stdout).toMatch(/last error +\[feed\.http-status\] GET .*\/down: the server answered 503/);
    expect(list.stdout).toMatch(/validators +ETag "\/list\.txt\?key=in-query-v1"/);
    expect(list.stdout).not.toContain('very-secret');
    const json = JSON.parse((await runAccord(['feeds', 'list', '--json', '--data', data])).stdout) as { feeds: { name: string; headers: string[]; state: { lastSuccess: string | null } }[] };
    expect(json.feeds.map((f) => [f.name, f.headers, f.state.lastSuccess !== null])).toEqual([['CERT-X blocklist', ['X-API-Key'], true], ['down', [], false]]);

    const audit = await runAccord(['audit', 'export', '--action', 'feed.pulled', '--data', data]);
    const entries = audit.stdout.trim().split('\n').map((l) => JSON.parse(l) as { target: string; outcome: string; details: Record<string, unknown> });
    // The two feeds of the first pull in either order, then the 304.
    expect(entries.map((e) => `${e.target} ${e.outcome} ${String(e.details.outcome)}`).sort()).toEqual([
      'feed:CERT-X blocklist ok not-modified', 'feed:CERT-X blocklist ok stored', 'feed:down failed failed',
    ]);
    expect(entries.find((e) => e.details.outcome === 'stored')?.details).toMatchObject({ new: 2, rejected: 1, listed: 2 });
    expect(entries.find((e) => e.outcome === 'failed')?.details).toMatchObject({ error: { code: 'feed.http-status' } });
    expect(audit.stdout).not.toContain('very-secret');
    expect(audit.stdout).not.toContain('in-query');
  });

  it('refuses a bad feeds setting naming the field, and an unknown feed name', async () => {
    configure([{ name: 'x', url: 'ftp://x.example/', format: 'list' }]);
    const bad = await runAccord(['feeds', 'list', '--data', data]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('feeds[0].url must be an http:// or https:// URL');
    expect(bad.stderr).toContain('feeds[0].tlp is required');
    configure([good()]);
    const unknown = await runAccord(['feeds', 'pull', 'nosuch', '--data', data]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no feed named "nosuch" is configured (configured: "CERT-X blocklist")');
  });

  it('files what a feed with an audience stored as a publication request under the four-eyes rule', async () => {
    const { solo } = await initFederation(join(dir, 'federation'), ['solo']);
    writeFileSync(join(solo.data, 'accord.json'), JSON.stringify({
      members: [solo.entry], fourEyes: true, feeds: [{ name: 'shared feed', url: `${base}/list.txt`, format: 'list', tlp: 'amber', audience: 'all' }],
    }));
    const r = await runAccord(['feeds', 'pull', '--data', solo.data]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/new\s+2\n/);
    const id = /Publication request (publication--[0-9a-f-]+) awaits approval by a second user/.exec(r.stdout)?.[1];
    expect(id, r.stdout).toBeDefined();
    const shown = await runAccord(['publications', 'show', String(id), '--data', solo.data]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/pending/);
    expect(shown.stdout).toMatch(/\b2 objects\b/);
  }, 60_000);

  it('is pulled by `accord serve` on its own', async () => {
    configure([{ name: 'scheduled', url: `${base}/scheduled.txt`, format: 'list', tlp: 'green', intervalMinutes: 5 }]);
    const node = await startNode(['--data', data]);
    try {
      let state;
      for (let i = 0; i < 100 && state?.lastSuccess == null; i++) {
        await new Promise((done) => setTimeout(done, 100));
        const store = await openStore(`sqlite:${join(data, 'accord.db')}`);
        try {
          state = await store.feeds.state('scheduled');
        } finally {
          await store.close();
        }
      }
      expect(state).toMatchObject({ errorCode: null, etag: '"/scheduled.txt-v1"' });
      expect(JSON.parse(state?.outcome ?? '{}')).toMatchObject({ outcome: 'stored', new: 1 });
    } finally {
      expect(await node.stop()).toBe(0);
    }
  });
});
