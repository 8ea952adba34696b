// Device feeds (issue 7, item 4; docs/decisions/0025), end to end with real processes: saved
// exports made with `accord exports`, device tokens with TLP ceilings made with `accord token`,
// and `accord serve` answering devices' polls at /feeds/<name> — a GREEN token never receives
// AMBER values, RED never appears, a matching ETag gives 304, `added_after` gives only what is
// new, and refused fetches are in the audit log.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importShared, initNodeDir, runAccord, startNode } from './support/cli.js';

describe('device feeds over HTTP', () => {
  let dir: string;
  let data: string;
  let node: Awaited<ReturnType<typeof startNode>>;
  let greenToken: string;
  let fullToken: string;
  const accord = async (args: readonly string[]): Promise<{ stdout: string; stderr: string }> => {
    const r = await runAccord([...args, '--data', data]);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };
  const feed = (path: string, token: string | undefined, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${node.url}${path}`, { headers: { ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}), ...headers } });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-device-feeds-'));
    data = join(dir, 'node');
    await initNodeDir(data);
    const self = (await accord(['members', 'self', '--node-url', 'https://node.example'])).stdout;
    writeFileSync(join(data, 'accord.json'), JSON.stringify({ members: [JSON.parse(self) as unknown] }));
    await importShared(data, dir, 'green-feed', 'evil.example\nd41d8cd98f00b204e9800998ecf8427e\n198.51.100.7\n', 'green');
    await importShared(data, dir, 'amber-feed', 'amber.example\nhttp://amber.example/x\n', 'amber');
    await importShared(data, dir, 'red-feed', 'red.example\n', 'red');
    await accord(['user', 'add', 'sensor', '--roles', 'analyst']);
    greenToken = (await accord(['token', 'create', '--user', 'sensor', '--name', 'suricata box', '--tlp-ceiling', 'green'])).stdout.trim();
    fullToken = (await accord(['token', 'create', '--user', 'sensor', '--name', 'soc box'])).stdout.trim();
    await accord(['exports', 'create', 'domains', '--format', 'blocklist', '--list', 'domain']);
    await accord(['exports', 'create', 'bundle', '--format', 'stix']);
    await accord(['exports', 'create', 'zeek-all', '--format', 'zeek']);
    await accord(['exports', 'create', 'sets', '--format', 'suricata-datasets', '--kind', 'hash,domain']);
    node = await startNode(['--data', data]);
  }, 120_000);
  afterAll(async () => {
    await node?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('manages saved exports at the command line, refusing what is wrong as usage errors', async () => {
    const listed = (await accord(['exports', 'list', '--json'])).stdout;
    expect((JSON.parse(listed) as { name: string }[]).map((e) => e.name)).toEqual(['bundle', 'domains', 'sets', 'zeek-all']);
    expect((await accord(['exports', 'show', 'domains'])).stdout).toMatch(/domains {2}blocklist \(domain\) {2}ceiling none \(never RED\)[\s\S]*\/feeds\/domains/);
    const bad = await runAccord(['exports', 'create', 'Bad Name', '--format', 'zeek', '--data', data]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/name: "Bad Name" must be/);
    const red = await runAccord(['exports', 'create', 'reds', '--format', 'zeek', '--ceiling', 'red', '--data', data]);
    expect(red.code).toBe(2);
    expect(red.stderr).toMatch(/RED never goes into a device feed/);
    const taken = await runAccord(['exports', 'create', 'domains', '--format', 'csv', '--data', data]);
    expect(taken.code).not.toBe(0);
    expect(taken.stderr).toMatch(/already exists/);
    const badToken = await runAccord(['token', 'create', '--user', 'sensor', '--name', 'x', '--tlp-ceiling', 'red', '--data', data]);
    expect(badToken.code).toBe(2);
  });

  it('gives a GREEN token only values at GREEN or below, never AMBER or RED', async () => {
    const r = await feed('/feeds/domains', greenToken);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(r.headers.get('x-accord-feed-ceiling')).toBe('TLP:GREEN');
    expect(r.headers.get('vary')).toMatch(/Authorization/i);
    expect(await r.text()).toBe('evil.example\n');
    const bundle = await (await feed('/feeds/bundle', greenToken)).text();
    expect(bundle).toContain('evil.example');
    expect(bundle).not.toMatch(/amber\.example|red\.example/);
  });

  it('gives a token without a ceiling everything but RED, and leaves warninglisted values out', async () => {
    const r = await feed('/feeds/domains', fullToken);
    expect(r.headers.get('x-accord-feed-ceiling')).toBeNull();
    expect((await r.text()).split('\n').filter((l) => l !== '').sort()).toEqual(['amber.example', 'evil.example']);
    const zeek = await (await feed('/feeds/zeek-all', fullToken)).text();
    expect(zeek).toMatch(/^#fields\tindicator/);
    expect(zeek).toContain('amber.example');
    expect(zeek).not.toContain('198.51.100.7'); // RFC 5737 documentation range: on special-ipv4
    expect(zeek).not.toContain('red.example');
    const stix = await feed('/feeds/bundle', fullToken);
    expect(stix.headers.get('content-type')).toBe('application/stix+json;version=2.1');
    const body = JSON.parse(await stix.text()) as { type: string; objects: { type: string; name: string }[] };
    expect(body.type).toBe('bundle');
    // The green feed's indicators whose value is warninglisted stay out whole; RED never goes in.
    expect(body.objects.map((o) => o.name).sort()).toEqual(['amber.example', 'd41d8cd98f00b204e9800998ecf8427e', 'evil.example', 'http://amber.example/x']);
  });

  it('serves a suricata-datasets feed\'s rules and the list files they load, narrowed to the kinds asked for', async () => {
    const rules = await (await feed('/feeds/sets', fullToken)).text();
    expect(rules).toMatch(/filemd5:accord-md5\.lst;/);
    expect(rules).toMatch(/dataset:isset,accord-domains/);
    expect(rules).not.toMatch(/amber\.example\/x/); // URLs are not among the kinds of this export
    const md5 = await feed('/feeds/sets/accord-md5.lst', fullToken);
    expect(md5.status).toBe(200);
    expect(await md5.text()).toContain('d41d8cd98f00b204e9800998ecf8427e');
    const missing = await feed('/feeds/sets/nope.lst', fullToken);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { detail: string }).detail).toMatch(/has no file "nope\.lst" \(it has .*accord-md5\.lst/);
  });

  it('answers 304 without a body when the ETag still holds', async () => {
    const first = await feed('/feeds/domains', fullToken);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    await first.text();
    const again = await feed('/feeds/domains', fullToken, { 'if-none-match': etag ?? '' });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    // Another token's ceiling is another representation: another tag.
    const green = await feed('/feeds/domains', greenToken, { 'if-none-match': etag ?? '' });
    expect(green.status).toBe(200);
    expect(green.headers.get('etag')).not.toBe(etag);
  });

  it('returns only what was added after added_after, and says what to pass next time', async () => {
    const full = await feed('/feeds/domains', fullToken);
    const last = full.headers.get('x-accord-date-added-last');
    expect(last).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const nothing = await feed(`/feeds/domains?added_after=${last ?? ''}`, fullToken);
    expect(await nothing.text()).toBe('');
    expect(nothing.headers.get('x-accord-date-added-last')).toBe(last);
    await importShared(data, dir, 'later-feed', 'later.example\n', 'green');
    const newer = await feed(`/feeds/domains?added_after=${last ?? ''}`, fullToken);
    expect(await newer.text()).toBe('later.example\n');
    expect(newer.headers.get('x-accord-date-added-last')! > last!).toBe(true);
    const bad = await feed('/feeds/domains?added_after=yesterday', fullToken);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('feed.bad-added-after');
  }, 60_000);

  it('refuses fetches without a good token, and a device token anywhere else; refusals are audited', async () => {
    expect((await feed('/feeds/domains', undefined)).status).toBe(401);
    expect((await feed('/feeds/domains', 'accord_AAAAAAAAAAAA_notarealsecretnotarealsecretnotarealsecret0')).status).toBe(401);
    const unknown = await feed('/feeds/no-such-feed', fullToken);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { detail: string }).detail).toMatch(/no saved export named "no-such-feed"/);
    const elsewhere = await feed('/api/v1/objects', greenToken);
    expect(elsewhere.status).toBe(403);
    expect(((await elsewhere.json()) as { code: string }).code).toBe('auth.feed-token-only');
    const audit = (await accord(['audit', 'export', '--action', 'feed.refused'])).stdout.trim().split('\n').map((l) => JSON.parse(l) as { actor: string; target: string; details: { code: string } });
    expect(audit.map((e) => `${e.target} ${e.details.code}`)).toEqual(expect.arrayContaining([
      'export:domains auth.required', 'export:domains auth.invalid-token', 'export:no-such-feed export.not-found',
    ]));
  });

  it('stops serving a deleted export', async () => {
    await accord(['exports', 'delete', 'zeek-all']);
    expect((await feed('/feeds/zeek-all', fullToken)).status).toBe(404);
    const audit = (await accord(['audit', 'export', '--action', 'export.deleted'])).stdout;
    expect(audit).toContain('export:zeek-all');
  });
});
