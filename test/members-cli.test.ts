// The static member list through the real `accord` command: this node's own entry, the listing,
// every problem of a bad list named at start, and a node that is listed under the wrong key
// refusing to serve rather than sign what its peers would refuse.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateNodeKey, publicKeyInfo } from '../src/trust/index.js';
import { initNodeDir, runAccord } from './support/cli.js';

const OTHER = 'identity--5d2c0c7e-9a44-4d0e-8f6b-3b1f7c2e9a20';

describe('accord members', () => {
  let dir: string;
  let data: string;
  let self: { id: string; name: string; nodeUrl: string; keys: string[] };
  const other = { id: OTHER, name: 'CERT-B', nodeUrl: 'https://accord.cert-b.example', keys: [publicKeyInfo(generateNodeKey('signing')).publicKey] };
  const configure = (settings: unknown): void => writeFileSync(join(data, 'accord.json'), JSON.stringify(settings));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-members-'));
    data = join(dir, 'data');
    await initNodeDir(data);
    const r = await runAccord(['members', 'self', '--node-url', 'https://accord.cert-a.example', '--data', data]);
    expect(r.code, r.stderr).toBe(0);
    self = JSON.parse(r.stdout) as typeof self;
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints this node\'s own entry: its identity, name, URL and signing key', () => {
    expect(self).toMatchObject({ name: 'Test member', nodeUrl: 'https://accord.cert-a.example' });
    expect(self.id).toMatch(/^identity--[0-9a-f-]{36}$/);
    expect(self.keys).toHaveLength(1);
    expect(self.keys[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('says so when no member is configured', async () => {
    const r = await runAccord(['members', '--data', data]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/No members configured/);
  });

  it('lists the members and groups, marking this node', async () => {
    configure({ members: [self, other], sharingGroups: [{ id: 'x-accord-group--3f0c8a4e-2b61-4d7e-9a55-0c1b2d3e4f60', name: 'Energy sector', versions: [{ version: 1, members: [self.id, OTHER] }] }] });
    const r = await runAccord(['members', 'list', '--data', data]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Test member  (this node)');
    expect(r.stdout).toContain('CERT-B\n  identity--5d2c0c7e-9a44-4d0e-8f6b-3b1f7c2e9a20\n  https://accord.cert-b.example\n  key ');
    expect(r.stdout).toContain('group x-accord-group--3f0c8a4e-2b61-4d7e-9a55-0c1b2d3e4f60 (Energy sector) — v1: Test member, CERT-B');
    expect(r.stderr).toBe('');
    const json = JSON.parse((await runAccord(['members', '--json', '--data', data])).stdout) as { self: string; members: { id: string }[] };
    expect(json.self).toBe(self.id);
    expect(json.members.map((m) => m.id)).toEqual([self.id, OTHER]);
  });

  it('names every problem of a bad list, and a node listed with another key refuses to serve', async () => {
    configure({ members: [{ ...self, nodeUrl: 'http://accord.example' }, { ...other, keys: ['short'] }] });
    let r = await runAccord(['members', '--data', data]);
    expect(r.code).toBe(3); // the configuration: docs/decisions/0005
    expect(r.stderr).toMatch(/members\[0\]\.nodeUrl must be https:\/\//);
    expect(r.stderr).toMatch(/members\[1\]\.keys\[0\] must be a 32-byte Ed25519 public key/);

    configure({ members: [{ ...self, keys: other.keys }, { ...other, id: 'identity--9f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e5f', keys: [publicKeyInfo(generateNodeKey('signing')).publicKey] }] });
    r = await runAccord(['members', '--data', data]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/WARNING: the member list gives Test member .* not this node's signing key/s);
    r = await runAccord(['serve', '--port', '0', '--data', data]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/not this node's signing key/);

    configure({ members: [other] });
    r = await runAccord(['serve', '--port', '0', '--data', data]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/this node's member identity identity--.* is not in the member list/);
  });
});
