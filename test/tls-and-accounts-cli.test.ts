// TLS end to end (a self-signed trial certificate, HTTPS with verification on, HSTS, Secure
// cookies) and the account commands an administrator uses at the command line.
import { request } from 'node:https';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initNodeDir, runAccord, startNode } from './support/cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'accord-tls-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ADMIN_PASSWORD = 'correct horse battery staple 42';

function httpsCall(url: string, ca: string, init: { method?: string; body?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request({ hostname: '127.0.0.1', servername: 'localhost', port: u.port, path: u.pathname, method: init.method ?? 'GET', ca, rejectUnauthorized: true, headers: init.body !== undefined ? { 'content-type': 'application/json' } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d)).on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('TLS', () => {
  it('init --self-signed makes the node serve HTTPS with HSTS and Secure session cookies', async () => {
    const data = join(dir, 'tls');
    await initNodeDir(data, ['--self-signed']);
    expect(statSync(join(data, 'tls-key.pem')).mode & 0o777).toBe(0o600);
    const ca = readFileSync(join(data, 'tls-cert.pem'), 'utf8');
    const node = await startNode(['--data', data]);
    try {
      expect(node.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const health = await httpsCall(`${node.url}/healthz`, ca);
      expect(health.status).toBe(200);
      expect(health.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      const signIn = await httpsCall(`${node.url}/api/v1/session`, ca, { method: 'POST', body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
      expect(signIn.status).toBe(200);
      expect(String(signIn.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict; Max-Age=\d+; Secure/);
      await expect(fetch(`${node.url}/healthz`)).rejects.toThrow(); // an unknown certificate is refused
    } finally {
      await node.stop();
    }
  });

  it('refuses half a TLS configuration, naming what is missing', async () => {
    const data = join(dir, 'half');
    await initNodeDir(data);
    const r = await runAccord(['serve', '--data', data, '--port', '0', '--tls-cert', join(data, 'nothing.pem')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/tlsCert names .*nothing\.pem, which does not exist/);
    expect(r.stderr).toMatch(/TLS needs both tlsCert and tlsKey/);
  });
});

describe('accord user', () => {
  it('adds, lists, changes roles, disables, unlocks and resets, each in the audit log', async () => {
    const data = join(dir, 'users');
    await initNodeDir(data);
    const added = await runAccord(['user', 'add', 'omar', '--roles', 'liaison', '--data', data]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/password: \S{24}\n/);
    expect((await runAccord(['user', 'roles', 'omar', '--roles', 'liaison,observer', '--data', data])).stdout).toBe('omar: liaison, observer\n');
    expect((await runAccord(['user', 'disable', 'omar', '--data', data])).code).toBe(0);
    const list = JSON.parse((await runAccord(['user', 'list', '--json', '--data', data])).stdout) as { username: string; roles: string[]; disabled: boolean }[];
    expect(list.find((u) => u.username === 'omar')).toMatchObject({ roles: ['liaison', 'observer'], disabled: true });
    expect((await runAccord(['user', 'enable', 'omar', '--data', data])).code).toBe(0);
    expect((await runAccord(['user', 'unlock', 'omar', '--data', data])).code).toBe(0);
    const reset = await runAccord(['user', 'reset-password', 'omar', '--data', data]);
    expect(reset.stdout).toMatch(/new password for omar: \S{24}/);
    const weak = await runAccord(['user', 'reset-password', 'omar', '--data', data], { env: { ACCORD_USER_PASSWORD: 'password1234' } });
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/common/);
    expect((await runAccord(['user', 'roles', 'nobody', '--roles', 'observer', '--data', data])).stderr).toMatch(/there is no user named nobody/);
    const audit = await runAccord(['audit', 'export', '--data', data, '--actor', `cli:${process.env.USER ?? 'root'}`]);
    const actions = audit.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { action: string }).action);
    expect(actions).toEqual(expect.arrayContaining(['user.created', 'user.roles-changed', 'user.disabled', 'user.enabled', 'auth.unlocked', 'user.password-reset']));
  });
});
