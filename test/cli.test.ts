// The `accord` command end to end, as real processes on real stores.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initNodeDir, runAccord, startNode } from './support/cli.js';
import { corpusBundle } from './support/corpora.js';
import { buildIndicator, buildIpv4, buildMalware, buildRelationship, nextVersion } from './support/factories.js';

type Obj = Record<string, unknown>;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'accord-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('accord init', () => {
  it('creates a node and prints the generated administrator password once', async () => {
    const data = join(dir, 'init1');
    const r = await runAccord(['init', '--data', data, '--name', 'CERT of Examplestan', '--country', 'ex']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/member identity: identity--[0-9a-f-]{36}/);
    expect(r.stdout).toMatch(/password: +\S{24}\n/);
    expect(statSync(data).mode & 0o777).toBe(0o700);
    expect(statSync(join(data, 'node-keys.json')).mode & 0o777).toBe(0o600);
    const again = await runAccord(['init', '--data', data]);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/already initialised/);
    const stats = await runAccord(['stats', '--data', data, '--json']);
    const s = JSON.parse(stats.stdout) as { byType: Record<string, number> };
    expect(s.byType).toMatchObject({ 'marking-definition': 9, identity: 2, 'extension-definition': 7 });
  });

  it('takes the password from the environment without printing it, and refuses a weak one', async () => {
    const r = await runAccord(['init', '--data', join(dir, 'init2'), '--organisation', '--admin-user', 'ops'], { env: { ACCORD_ADMIN_PASSWORD: 'correct horse battery staple' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/password/);
    expect(r.stdout).toMatch(/administrator: +ops/);
    const weak = await runAccord(['init', '--data', join(dir, 'init3')], { env: { ACCORD_ADMIN_PASSWORD: 'short' } });
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/at least 12 characters/);
  });

  it('reports every bad setting at once', async () => {
    const r = await runAccord(['stats', '--data', join(dir, 'cfg')], { env: { ACCORD_PORT: 'eighty', ACCORD_LOG_LEVEL: 'loud' } });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/ACCORD_PORT: port must be an integer/);
    expect(r.stderr).toMatch(/ACCORD_LOG_LEVEL: logLevel must be one of/);
  });

  it('rejects unknown options with usage status 2', async () => {
    const r = await runAccord(['import', '--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/frobnicate/);
  });
});

describe('accord import / export / validate', () => {
  it('imports a real corpus, changes nothing the second time, and exports it unchanged', async () => {
    const data = join(dir, 'ics');
    const file = join(dir, 'ics.json');
    const ics = corpusBundle('ics-attack');
    writeFileSync(file, JSON.stringify(ics));
    await initNodeDir(data);
    const first = await runAccord(['import', '--data', data, file]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/new +1,826/);
    const audited = await runAccord(['audit', 'export', '--data', data, '--action', 'object.imported']);
    const entries = audited.stdout.trim().split('\n').map((l) => JSON.parse(l) as { target: string; details: { new: number; dateAddedFirst: string } });
    expect(entries).toMatchObject([{ target: `file:${file}`, details: { new: 1826 } }]);
    const second = await runAccord(['import', '--data', data, file]);
    expect(second.stdout).toMatch(/new +0\n/);
    expect(second.stdout).toMatch(/unchanged +1,826/);
    const out = join(dir, 'ics-export.json');
    const exp = await runAccord(['export', '--data', data, '--type', 'attack-pattern,malware', '--type', 'relationship', '-o', out]);
    expect(exp.code, exp.stderr).toBe(0);
    const bundle = JSON.parse(readFileSync(out, 'utf8')) as { type: string; id: string; objects: Obj[] };
    expect(bundle.type).toBe('bundle');
    const wanted = ics.objects.filter((o) => ['attack-pattern', 'malware', 'relationship'].includes(String(o.type)));
    expect(bundle.objects).toHaveLength(wanted.length);
    const byId = new Map(bundle.objects.map((o) => [o.id, o]));
    for (const o of wanted) expect(byId.get(o.id)).toEqual(o);
    const validated = await runAccord(['validate', out]);
    expect(validated.code, validated.stdout).toBe(0);
    // Fidelity: every object, custom types and x_mitre_* properties included, comes out as it went in.
    const everything = await runAccord(['export', '--data', data, '--format', 'jsonl']);
    const exported = new Map(everything.stdout.trim().split('\n').map((l) => JSON.parse(l) as Obj).map((o) => [o.id, o]));
    expect(exported.size).toBe(ics.objects.length + 18); // + 9 TLP markings, the Accord identity, its seven extension-definitions (member, share record, membership decision, endorsement, directory update, retraction, receipt), the member
    for (const o of ics.objects) expect(exported.get(o.id)).toEqual(o);
  });

  it('exports JSON lines with filters', async () => {
    const data = join(dir, 'jsonl');
    const mal = buildMalware({ name: 'Triton' });
    const ind = buildIndicator();
    const v2 = nextVersion(ind, { name: 'second version' });
    const file = join(dir, 'small.jsonl');
    writeFileSync(file, [mal, ind, v2].map((o) => JSON.stringify(o)).join('\n'));
    await initNodeDir(data);
    expect((await runAccord(['import', '--data', data, file])).code).toBe(0);
    const all = await runAccord(['export', '--data', data, '--format', 'jsonl', '--type', 'indicator', '--versions', 'all']);
    expect(all.stdout.trim().split('\n').map((l) => JSON.parse(l) as Obj)).toEqual([ind, v2]);
    const text = await runAccord(['export', '--data', data, '--format', 'jsonl', '--text', 'triton']);
    expect(text.stdout.trim().split('\n').map((l) => (JSON.parse(l) as Obj).id)).toEqual([mal.id]);
    const bad = await runAccord(['export', '--data', data, '--since', 'last week']);
    expect(bad.code).toBe(2);
  });

  it('keeps valid objects and names what is wrong, where, for every kind of bad input', async () => {
    const data = join(dir, 'bad');
    const good = Array.from({ length: 18 }, () => buildIndicator());
    const conflicting: Obj = { ...good[0], name: 'same id and modified, other content' };
    const invalid: Obj = { ...buildIndicator(), valid_until: '2000-01-01T00:00:00.000Z' };
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const huge: Obj = { ...buildMalware(), description: 'x'.repeat(100 * 1024 * 1024) };
    const lines = [
      ...good.slice(0, 9).map((o) => JSON.stringify(o)),
      '{"type": "indicator", "id": broken json}',
      JSON.stringify(invalid),
      JSON.stringify(conflicting),
      deep,
      JSON.stringify(huge),
      '{"type":"x","a":1,"a":2}',
      ...good.slice(9).map((o) => JSON.stringify(o)),
    ];
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, lines.join('\n'));
    const report = join(dir, 'bad-report.jsonl');
    await initNodeDir(data);
    const r = await runAccord(['import', '--data', data, '--report', report, file], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/new +18\n/);
    expect(r.stdout).toMatch(/rejected +6\n/);
    const rows = readFileSync(report, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { line: number; code: string; id?: string; message: string });
    const byLine = new Map(rows.map((x) => [x.line, x]));
    expect(byLine.get(10)).toMatchObject({ code: 'json.syntax' });
    expect(byLine.get(11)).toMatchObject({ code: 'timestamp-order.valid-until-not-after-valid-from', id: invalid.id });
    expect(byLine.get(12)).toMatchObject({ code: 'store.version-conflict', id: good[0]?.id });
    expect(byLine.get(13)).toMatchObject({ code: 'json.too-deep' });
    expect(byLine.get(14)).toMatchObject({ code: 'json.too-large', id: huge.id });
    expect(byLine.get(15)).toMatchObject({ code: 'json.duplicate-key' });
    for (const row of rows) expect(row.message.length).toBeGreaterThan(10);
    const kept = await runAccord(['export', '--data', data, '--format', 'jsonl', '--type', 'indicator']);
    expect(kept.stdout.trim().split('\n').map((l) => JSON.parse(l) as Obj)).toEqual(good);
  }, 180_000);

  it('imports what precedes a truncated end and says where the input stops', async () => {
    const data = join(dir, 'trunc');
    const objs = [buildIpv4(), buildIndicator(), buildIndicator()];
    const text = JSON.stringify({ type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects: objs });
    const file = join(dir, 'trunc.json');
    writeFileSync(file, text.slice(0, text.length - 40));
    await initNodeDir(data);
    const r = await runAccord(['import', '--data', data, file]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/trunc\.json:1:\d+: .*json\.truncated/);
    expect(r.stdout).toMatch(/new +2\n/);
  });

  it('reads standard input, and validates with exit status 1 and precise findings', async () => {
    const rel = buildRelationship('indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb');
    const ok = buildIndicator();
    const input = `${JSON.stringify(ok)}\n${JSON.stringify(rel)}\n`;
    const v = await runAccord(['validate', '-'], { input });
    expect(v.code).toBe(1);
    expect(v.stdout).toContain(`ERROR ${String(rel.id)} /target_ref`);
    expect(v.stdout).toMatch(/2 objects checked: 1 valid, 1 invalid/);
    const good = await runAccord(['validate', '-'], { input: JSON.stringify(ok) });
    expect(good.code).toBe(0);
    // A parse error is located in the whole input, in the prefix and in the message alike.
    const broken = await runAccord(['validate', '-'], { input: `${JSON.stringify(ok)}\n${JSON.stringify(ok)}\n{"type":"x","a":1,"a":2}\n` });
    expect(broken.stdout).toContain('-:3:19: ERROR (no id) [json.duplicate-key] duplicate key "a" in object at (root) (line 3, column 19)');
  });
});

describe('accord serve', () => {
  it('initialises on first start, serves on a free port to signed-in users only, and stops on SIGTERM', async () => {
    const data = join(dir, 'serve');
    const env = { ACCORD_ADMIN_PASSWORD: 'a long enough password' };
    const node = await startNode(['--data', data, '--name', 'Serve test'], { env });
    try {
      expect(node.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await (await fetch(`${node.url}/healthz`)).json()).toEqual({ status: 'ok' });
      expect(await (await fetch(`${node.url}/readyz`)).json()).toEqual({ status: 'ready', store: 'sqlite' });
      expect((await fetch(`${node.url}/api/v1/objects`)).status).toBe(401);
      const signIn = await fetch(`${node.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: env.ACCORD_ADMIN_PASSWORD }) });
      expect(await signIn.json()).toMatchObject({ username: 'admin', roles: ['admin'] });
      // An analyst and a token, made at the command line while the node runs.
      expect((await runAccord(['user', 'add', 'reader', '--roles', 'observer', '--data', data], { env: { ...env, ACCORD_USER_PASSWORD: 'correct horse battery staple 42' } })).code).toBe(0);
      const created = await runAccord(['token', 'create', '--user', 'reader', '--name', 'test', '--data', data], { env });
      expect(created.code, created.stderr).toBe(0);
      const auth = { authorization: `Bearer ${created.stdout.trim()}` };
      const page = await (await fetch(`${node.url}/api/v1/objects?type=identity`, { headers: auth })).json() as { objects: Obj[] };
      expect(page.objects.map((o) => o.name)).toContain('Serve test');
      const id = /^token (\S+) for reader/m.exec(created.stderr)?.[1] ?? '';
      expect((await runAccord(['token', 'revoke', id, '--data', data], { env })).code).toBe(0);
      expect((await fetch(`${node.url}/api/v1/objects`, { headers: auth })).status).toBe(401);
    } finally {
      expect(await node.stop()).toBe(0);
    }
    const verify = await runAccord(['audit', 'verify', '--data', data], { env });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    const exported = await runAccord(['audit', 'export', '--data', data], { env });
    const actions = exported.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { action: string }).action);
    expect(actions).toEqual(expect.arrayContaining(['user.created', 'node.started', 'auth.sign-in', 'token.created', 'token.first-use', 'token.revoked', 'node.stopped']));
  });
});
