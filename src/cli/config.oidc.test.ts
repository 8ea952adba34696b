import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

function problems(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('OpenID Connect settings', () => {
  let dir: string;
  let secret: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'accord-config-oidc-'));
    secret = join(dir, 'oidc-client-secret');
    writeFileSync(secret, 'the client secret\n', { mode: 0o600 });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are off by default', () => {
    const c = loadConfig({ flags: {}, env: {}, cwd: dir });
    expect(c).toMatchObject({
      oidcIssuer: undefined, oidcClientId: undefined, oidcRedirectUri: undefined, oidcScopes: ['openid', 'profile', 'email'],
      oidcUsernameClaim: 'preferred_username', oidcRoleClaim: undefined, oidcRoleMap: undefined, oidcAutoCreate: false, oidcLinkByUsername: false,
    });
  });

  it('read from the file, with the environment on top', () => {
    const file = join(dir, 'accord.json');
    writeFileSync(file, JSON.stringify({
      oidcIssuer: 'https://login.cert.example/realms/cert', oidcClientId: 'accord', oidcClientSecretFile: 'oidc-client-secret',
      oidcRedirectUri: 'https://accord.cert.example/api/v1/auth/oidc/callback', oidcScopes: ['openid', 'profile', 'groups'],
      oidcRoleClaim: 'groups', oidcRoleMap: { 'cert-analysts': 'analyst', 'cert-leads': ['analyst', 'liaison'] }, oidcAutoCreate: true,
    }));
    const c = loadConfig({ configFile: file, env: { ACCORD_OIDC_USERNAME_CLAIM: 'email', ACCORD_OIDC_ROLE_MAP: '{"cert-admins": "admin"}', ACCORD_OIDC_LINK_BY_USERNAME: 'yes' }, flags: {}, cwd: dir });
    expect(c).toMatchObject({
      oidcIssuer: 'https://login.cert.example/realms/cert', oidcClientId: 'accord', oidcClientSecretFile: secret,
      oidcRedirectUri: 'https://accord.cert.example/api/v1/auth/oidc/callback', oidcScopes: ['openid', 'profile', 'groups'],
      oidcUsernameClaim: 'email', oidcRoleClaim: 'groups', oidcRoleMap: { 'cert-admins': ['admin'] }, oidcAutoCreate: true, oidcLinkByUsername: true,
    });
    const spaced = loadConfig({ flags: {}, cwd: dir, env: {
      ACCORD_OIDC_ISSUER: 'http://127.0.0.1:9000', ACCORD_OIDC_CLIENT_ID: 'accord', ACCORD_OIDC_REDIRECT_URI: 'http://127.0.0.1:8470/api/v1/auth/oidc/callback',
      ACCORD_OIDC_SCOPES: 'openid  email,groups',
    } });
    expect(spaced).toMatchObject({ oidcIssuer: 'http://127.0.0.1:9000', oidcScopes: ['openid', 'email', 'groups'], oidcClientSecretFile: undefined });
  });

  it('list every problem, naming the setting and where it came from', () => {
    chmodSync(secret, 0o644);
    const message = problems(() => loadConfig({ flags: {}, cwd: dir, env: {
      ACCORD_OIDC_ISSUER: 'http://login.cert.example', ACCORD_OIDC_CLIENT_SECRET_FILE: secret, ACCORD_OIDC_REDIRECT_URI: 'https://accord.cert.example/callback',
      ACCORD_OIDC_SCOPES: 'profile email', ACCORD_OIDC_ROLE_CLAIM: 'groups', ACCORD_OIDC_AUTO_CREATE: 'sure',
    } }));
    expect(message).toContain('ACCORD_OIDC_ISSUER: oidcIssuer must be an https:// URL (http:// only for a loopback address)');
    expect(message).toContain('oidcIssuer is set, so oidcClientId is needed too');
    expect(message).toContain('ACCORD_OIDC_REDIRECT_URI: oidcRedirectUri must be the node\'s public URL + /api/v1/auth/oidc/callback');
    expect(message).toMatch(/ACCORD_OIDC_CLIENT_SECRET_FILE: .* may be read or written by other users \(mode 0644\).*chmod 600/);
    expect(message).toContain('ACCORD_OIDC_SCOPES: oidcScopes must be scope names separated by spaces (or a JSON array), including openid');
    expect(message).toContain('oidcRoleClaim and oidcRoleMap go together');
    expect(message).toContain('ACCORD_OIDC_AUTO_CREATE: oidcAutoCreate must be true or false');
  });

  it('refuse auto-creation without a role mapping, a bad role map, and settings without an issuer', () => {
    const base = { ACCORD_OIDC_ISSUER: 'https://login.cert.example', ACCORD_OIDC_CLIENT_ID: 'accord', ACCORD_OIDC_REDIRECT_URI: 'https://accord.cert.example/api/v1/auth/oidc/callback' };
    expect(problems(() => loadConfig({ flags: {}, cwd: dir, env: { ...base, ACCORD_OIDC_AUTO_CREATE: 'true' } })))
      .toContain('ACCORD_OIDC_AUTO_CREATE: oidcAutoCreate needs oidcRoleClaim and oidcRoleMap');
    const badMap = problems(() => loadConfig({ flags: {}, cwd: dir, env: { ...base, ACCORD_OIDC_ROLE_CLAIM: 'groups', ACCORD_OIDC_ROLE_MAP: '{"cert": "superuser", "ops": []}' } }));
    expect(badMap).toContain('oidcRoleMap maps "cert" to "superuser"');
    expect(badMap).toContain('oidcRoleMap maps "ops" to []');
    expect(problems(() => loadConfig({ flags: {}, cwd: dir, env: { ...base, ACCORD_OIDC_ROLE_CLAIM: 'groups', ACCORD_OIDC_ROLE_MAP: '{nope' } })))
      .toContain('ACCORD_OIDC_ROLE_MAP: oidcRoleMap is not valid JSON');
    expect(problems(() => loadConfig({ flags: {}, cwd: dir, env: { ACCORD_OIDC_CLIENT_ID: 'accord', ACCORD_OIDC_AUTO_CREATE: 'true' } })))
      .toContain('oidcClientId, oidcAutoCreate have no effect without oidcIssuer');
  });
});
