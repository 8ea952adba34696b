// Authorization, route by route and role by role, through real HTTP. The expected matrix is
// written here by hand — it is the policy — and is NOT derived from the routes' declarations:
// a route whose declaration drifts from it fails this test, and so does a new route that is not
// in the matrix yet. The node runs with every optional feature on (sign-in through an OpenID
// Connect provider, started here on loopback), so that optional routes are in the matrix too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/identity/index.js';
import { startTestNode, TEST_PASSWORD, type TestNode } from './support/node-app.js';
import { startTestIdp, type TestIdp } from './support/oidc-idp.js';

type Who = Role | 'anonymous';
const ROLES: readonly Role[] = ['admin', 'analyst', 'liaison', 'observer'];
const ALL: readonly Role[] = ROLES;
const READERS: readonly Role[] = ['analyst', 'liaison', 'observer'];
const ADMIN: readonly Role[] = ['admin'];
const WRITERS: readonly Role[] = ['analyst'];
/** metrics:read: administrators, and observers (so that Prometheus can scrape with an observer's token). */
const METRICS: readonly Role[] = ['admin', 'observer'];
// TAXII routes are checked on the node's default collection (its alias stands for its id).
const COLLECTION = '/taxii2/accord/collections/default';
const OBJECT = 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';
/** assets:manage: administrators and analysts. */
const ASSET_KEEPERS: readonly Role[] = ['admin', 'analyst'];
const ASSET = { sector: 'energy', criticality: 'high', owner: 'Grid operations', contact: 'soc@grid.example', ranges: ['192.0.2.0/24'] };
const PUBLICATION = 'publication--5b0c1a2e-7d3f-4e8a-9b1c-2d3e4f5a6b7c';

interface Case {
  readonly method: string;
  /** The route as registered. */
  readonly route: string;
  /** A concrete URL for it. */
  readonly url: string;
  /** Who may use it: roles, or 'public' for everyone including anonymous callers. */
  readonly allowed: readonly Role[] | 'public';
  readonly body?: (who: Who) => unknown;
}

const MATRIX: readonly Case[] = [
  { method: 'GET', route: '/healthz', url: '/healthz', allowed: 'public' },
  { method: 'GET', route: '/readyz', url: '/readyz', allowed: 'public' },
  { method: 'GET', route: '/api/v1/openapi.json', url: '/api/v1/openapi.json', allowed: 'public' },
  { method: 'GET', route: '/metrics', url: '/metrics', allowed: METRICS },
  { method: 'POST', route: '/api/v1/session', url: '/api/v1/session', allowed: 'public', body: () => ({ username: 'nobody', password: 'wrong password here' }) },
  { method: 'GET', route: '/api/v1/session', url: '/api/v1/session', allowed: ALL },
  { method: 'DELETE', route: '/api/v1/session', url: '/api/v1/session', allowed: ALL },
  { method: 'GET', route: '/api/v1/auth/oidc/login', url: '/api/v1/auth/oidc/login', allowed: 'public' },
  { method: 'GET', route: '/api/v1/auth/oidc/callback', url: '/api/v1/auth/oidc/callback?code=matrix&state=matrix', allowed: 'public' },
  { method: 'POST', route: '/api/v1/me/password', url: '/api/v1/me/password', allowed: ALL, body: (who) => ({ current: TEST_PASSWORD, new: `a new long passphrase for ${who} 7` }) },
  { method: 'POST', route: '/api/v1/me/totp', url: '/api/v1/me/totp', allowed: ALL },
  { method: 'POST', route: '/api/v1/me/totp/confirm', url: '/api/v1/me/totp/confirm', allowed: ALL, body: () => ({ code: '000000' }) },
  { method: 'GET', route: '/api/v1/me/preferences', url: '/api/v1/me/preferences', allowed: ALL },
  { method: 'PATCH', route: '/api/v1/me/preferences', url: '/api/v1/me/preferences', allowed: ALL, body: () => ({ language: 'fr', visited: true }) },
  { method: 'GET', route: '/api/v1/users', url: '/api/v1/users', allowed: ADMIN },
  { method: 'POST', route: '/api/v1/users', url: '/api/v1/users', allowed: ADMIN, body: (who) => ({ username: `made-by-${who}`, roles: ['observer'] }) },
  { method: 'PATCH', route: '/api/v1/users/:username', url: '/api/v1/users/target', allowed: ADMIN, body: () => ({ roles: ['observer', 'liaison'] }) },
  { method: 'POST', route: '/api/v1/users/:username/unlock', url: '/api/v1/users/target/unlock', allowed: ADMIN },
  { method: 'POST', route: '/api/v1/users/:username/password', url: '/api/v1/users/target/password', allowed: ADMIN },
  { method: 'DELETE', route: '/api/v1/users/:username/totp', url: '/api/v1/users/target/totp', allowed: ADMIN },
  { method: 'GET', route: '/api/v1/tokens', url: '/api/v1/tokens', allowed: ALL },
  { method: 'POST', route: '/api/v1/tokens', url: '/api/v1/tokens', allowed: ALL, body: () => ({ name: 'matrix' }) },
  { method: 'DELETE', route: '/api/v1/tokens/:id', url: '/api/v1/tokens/accordnotreal', allowed: ALL },
  { method: 'GET', route: '/api/v1/audit', url: '/api/v1/audit', allowed: ADMIN },
  { method: 'GET', route: '/api/v1/audit/verification', url: '/api/v1/audit/verification', allowed: ADMIN },
  { method: 'GET', route: '/api/v1/peers', url: '/api/v1/peers', allowed: ADMIN },
  { method: 'GET', route: '/api/v1/objects', url: '/api/v1/objects', allowed: READERS },
  { method: 'GET', route: '/api/v1/objects/:id', url: '/api/v1/objects/indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', allowed: READERS },
  // Uploads of STIX (the web app's import page): objects:write (analysts).
  { method: 'POST', route: '/api/v1/imports', url: '/api/v1/imports', allowed: WRITERS },
  // The pattern language (the compose page's live check and test): pure computation, anyone signed in.
  { method: 'POST', route: '/api/v1/patterns/check', url: '/api/v1/patterns/check', allowed: ALL, body: () => ({ pattern: "[ipv4-addr:value = '198.51.100.7']" }) },
  { method: 'POST', route: '/api/v1/patterns/eval', url: '/api/v1/patterns/eval', allowed: ALL, body: () => ({ pattern: "[ipv4-addr:value = '198.51.100.7']", observed_data: [] }) },
  // A share's preview: objects:share (analysts); the matrix node has no publishing service: allowed calls answer 503.
  { method: 'POST', route: '/api/v1/shares/preview', url: '/api/v1/shares/preview', allowed: WRITERS, body: () => ({ object: { id: OBJECT }, tlp: 'green', audience: { kind: 'all' } }) },
  // The explorer: facet counts, and who received an object (503 here: the matrix node has no publishing service).
  { method: 'GET', route: '/api/v1/objects/facets', url: '/api/v1/objects/facets?type=indicator', allowed: READERS },
  { method: 'GET', route: '/api/v1/objects/:id/sharing', url: `/api/v1/objects/${OBJECT}/sharing`, allowed: READERS },
  // The web app: its shell and files are public (they hold no data); the live notices need a session or token.
  { method: 'GET', route: '/', url: '/', allowed: 'public' },
  { method: 'GET', route: '/assets/*', url: '/assets/missing.js', allowed: 'public' },
  { method: 'GET', route: '/*', url: '/account', allowed: 'public' },
  { method: 'GET', route: '/api/v1/events', url: '/api/v1/events', allowed: ALL },
  // Sharing and the four-eyes rule: objects:share (analysts). The matrix node has no publishing service: allowed calls answer 503.
  { method: 'POST', route: '/api/v1/shares', url: '/api/v1/shares', allowed: WRITERS, body: () => ({ objects: [{ id: OBJECT }], tlp: 'green', audience: { kind: 'all' } }) },
  { method: 'GET', route: '/api/v1/publications', url: '/api/v1/publications', allowed: WRITERS },
  { method: 'GET', route: '/api/v1/members', url: '/api/v1/members', allowed: ALL },
  { method: 'POST', route: '/api/v1/members/proposals', url: '/api/v1/members/proposals', allowed: ['liaison'], body: () => ({ action: 'change-rule', rule: 'consensus' }) },
  { method: 'POST', route: '/api/v1/members/proposals/:id/endorse', url: '/api/v1/members/proposals/x-accord-membership-decision--5b0c1a2e-7d3f-4e8a-9b1c-2d3e4f5a6b7c/endorse', allowed: ['liaison'] },
  { method: 'POST', route: '/api/v1/retractions', url: '/api/v1/retractions', allowed: WRITERS, body: () => ({ effect: 'end', share_id: 'x-accord-share--5b0c1a2e-7d3f-4e8a-9b1c-2d3e4f5a6b7c' }) },
  { method: 'GET', route: '/api/v1/retractions', url: '/api/v1/retractions', allowed: READERS },
  { method: 'GET', route: '/api/v1/retractions/:id', url: '/api/v1/retractions/x-accord-retraction--5b0c1a2e-7d3f-4e8a-9b1c-2d3e4f5a6b7c', allowed: READERS },
  { method: 'GET', route: '/api/v1/publications/:id', url: `/api/v1/publications/${PUBLICATION}`, allowed: WRITERS },
  { method: 'POST', route: '/api/v1/publications/:id/approve', url: `/api/v1/publications/${PUBLICATION}/approve`, allowed: WRITERS },
  { method: 'POST', route: '/api/v1/publications/:id/reject', url: `/api/v1/publications/${PUBLICATION}/reject`, allowed: WRITERS, body: () => ({ reason: 'checked by the access matrix' }) },
  { method: 'POST', route: '/api/v1/publications/:id/withdraw', url: `/api/v1/publications/${PUBLICATION}/withdraw`, allowed: WRITERS },
  // Saved exports: administrators define and delete them; anyone signed in lists them. The feeds themselves need objects:export
  // (analysts' tokens); the matrix node has no feed context, so allowed fetches answer 503.
  { method: 'GET', route: '/api/v1/exports', url: '/api/v1/exports', allowed: ALL },
  { method: 'GET', route: '/api/v1/exports/:name', url: '/api/v1/exports/no-such-export', allowed: ALL },
  { method: 'POST', route: '/api/v1/exports', url: '/api/v1/exports', allowed: ADMIN, body: (who) => ({ name: `made-by-${who}`, format: 'zeek' }) },
  { method: 'DELETE', route: '/api/v1/exports/:name', url: '/api/v1/exports/no-such-export', allowed: ADMIN },
  { method: 'GET', route: '/feeds/:name', url: '/feeds/matrix-feed', allowed: WRITERS },
  { method: 'GET', route: '/feeds/:name/:file', url: '/feeds/matrix-feed/accord-md5.lst', allowed: WRITERS },
  // The critical information infrastructure registry: administrators and analysts keep it (assets:manage); anyone signed in reads it
  // and its alerts; analysts change an alert's state (detect:run).
  { method: 'GET', route: '/api/v1/assets', url: '/api/v1/assets', allowed: ALL },
  { method: 'GET', route: '/api/v1/assets/:id', url: '/api/v1/assets/matrix-asset', allowed: ALL },
  { method: 'POST', route: '/api/v1/assets', url: '/api/v1/assets', allowed: ASSET_KEEPERS, body: (who) => ({ ...ASSET, name: `made-by-${who}` }) },
  { method: 'PATCH', route: '/api/v1/assets/:id', url: '/api/v1/assets/matrix-asset', allowed: ASSET_KEEPERS, body: () => ({ notes: 'checked by the access matrix' }) },
  { method: 'DELETE', route: '/api/v1/assets/:id', url: '/api/v1/assets/no-such-asset', allowed: ASSET_KEEPERS },
  { method: 'POST', route: '/api/v1/assets/import', url: '/api/v1/assets/import', allowed: ASSET_KEEPERS, body: (who) => ({ csv: `name,sector,criticality,owner,contact,ranges,domains,software\nimported-by-${who},energy,low,o,c,,,\n` }) },
  { method: 'GET', route: '/api/v1/alerts', url: '/api/v1/alerts', allowed: ALL },
  { method: 'GET', route: '/api/v1/alerts/:id', url: '/api/v1/alerts/alert--no-such-alert', allowed: ALL },
  { method: 'POST', route: '/api/v1/alerts/:id/state', url: '/api/v1/alerts/alert--no-such-alert/state', allowed: WRITERS, body: () => ({ state: 'acknowledged' }) },
  // Detection ingest: detect:run (analysts); what it answers names the indicators the traffic touched.
  { method: 'POST', route: '/api/v1/detect/events', url: '/api/v1/detect/events', allowed: WRITERS },
  // Detection alerts: anyone signed in reads them; analysts change their state (detect:run) and share their sightings back (objects:share).
  { method: 'GET', route: '/api/v1/detections', url: '/api/v1/detections', allowed: ALL },
  { method: 'GET', route: '/api/v1/detections/:id', url: '/api/v1/detections/detection--no-such-alert', allowed: ALL },
  { method: 'POST', route: '/api/v1/detections/:id/state', url: '/api/v1/detections/detection--no-such-alert/state', allowed: WRITERS, body: () => ({ state: 'acknowledged' }) },
  { method: 'POST', route: '/api/v1/detections/:id/share', url: '/api/v1/detections/detection--no-such-alert/share', allowed: WRITERS, body: () => ({ with_evidence: true }) },
  { method: 'GET', route: '/api/v1/indicators/:id/sightings', url: `/api/v1/indicators/${OBJECT}/sightings`, allowed: READERS },
  { method: 'POST', route: '/api/v1/indicators/:id/sightings', url: `/api/v1/indicators/${OBJECT}/sightings`, allowed: WRITERS, body: () => ({ type: 'expiry' }) },
  { method: 'GET', route: '/api/v1/collections', url: '/api/v1/collections', allowed: ADMIN },
  { method: 'POST', route: '/api/v1/collections', url: '/api/v1/collections', allowed: ADMIN, body: (who) => ({ title: `Made by ${who}`, readers: ['role:analyst'] }) },
  { method: 'PATCH', route: '/api/v1/collections/:id', url: '/api/v1/collections/default', allowed: ADMIN, body: () => ({ description: 'checked by the access matrix' }) },
  { method: 'DELETE', route: '/api/v1/collections/:id', url: '/api/v1/collections/no-such-collection', allowed: ADMIN },
  // TAXII 2.1: reading needs objects:read, writing objects:write (and the collection's can_read / can_write on top).
  { method: 'GET', route: '/taxii2/', url: '/taxii2/', allowed: READERS },
  { method: 'GET', route: '/taxii2/accord/', url: '/taxii2/accord/', allowed: READERS },
  { method: 'GET', route: '/taxii2/accord/status/:status/', url: '/taxii2/accord/status/2d086da7-4bdc-4f91-900e-d77486753710/', allowed: ALL },
  { method: 'GET', route: '/taxii2/accord/collections/', url: '/taxii2/accord/collections/', allowed: READERS },
  { method: 'GET', route: '/taxii2/accord/collections/:collection/', url: `${COLLECTION}/`, allowed: READERS },
  { method: 'GET', route: '/taxii2/accord/collections/:collection/manifest/', url: `${COLLECTION}/manifest/`, allowed: READERS },
  { method: 'GET', route: '/taxii2/accord/collections/:collection/objects/', url: `${COLLECTION}/objects/`, allowed: READERS },
  { method: 'POST', route: '/taxii2/accord/collections/:collection/objects/', url: `${COLLECTION}/objects/`, allowed: WRITERS },
  { method: 'GET', route: '/taxii2/accord/collections/:collection/objects/:object/', url: `${COLLECTION}/objects/${OBJECT}/`, allowed: READERS },
  { method: 'DELETE', route: '/taxii2/accord/collections/:collection/objects/:object/', url: `${COLLECTION}/objects/${OBJECT}/`, allowed: WRITERS },
  { method: 'GET', route: '/taxii2/accord/collections/:collection/objects/:object/versions/', url: `${COLLECTION}/objects/${OBJECT}/versions/`, allowed: READERS },
];

describe('route × role access matrix (real HTTP)', () => {
  let node: TestNode;
  let idp: TestIdp;
  const tokens = new Map<Who, string>();
  beforeAll(async () => {
    idp = await startTestIdp();
    node = await startTestNode({ oidc: { settings: { issuer: idp.issuer, clientId: 'matrix', clientSecret: 'matrix client secret' }, policy: {} } });
    idp.registerClient({ client_id: 'matrix', client_secret: 'matrix client secret', redirect_uris: [node.oidcRedirectUri ?? ''] });
    for (const role of ROLES) tokens.set(role, await node.userWithToken(`matrix-${role}`, [role]));
    await node.identity.addUser({ username: 'target', password: TEST_PASSWORD, roles: ['observer'] }, 'test');
    await node.store.savedExports.create({
      name: 'matrix-feed', format: 'suricata-datasets', list: null, tlpCeiling: null, includeWarninglisted: false, filter: '{}', createdBy: 'test', createdAt: '2026-11-27T09:00:00.000Z',
    });
    await node.store.assets.create([{
      id: 'asset--matrix', name: 'matrix-asset', ...ASSET, criticality: 'high', notes: null, domains: [], software: [], createdBy: 'test', createdAt: '2026-11-27T09:00:00.000Z', updatedAt: '2026-11-27T09:00:00.000Z',
    }]);
  });
  afterAll(async () => {
    await node.close();
    await idp.close();
  });

  it('declares access on every route, and the matrix lists exactly the registered routes', () => {
    const registered = node.app.routeTable().filter((r) => r.method !== 'HEAD');
    for (const r of registered) expect(r.access, `${r.method} ${r.url}`).toBeDefined();
    const key = (m: string, u: string): string => `${m} ${u}`;
    expect(registered.map((r) => key(r.method, r.url)).sort()).toEqual(MATRIX.map((c) => key(c.method, c.route)).sort());
  });

  it('gives every role routes it may use and routes it may not', () => {
    for (const role of ROLES) {
      const may = MATRIX.filter((c) => c.allowed !== 'public' && c.allowed.includes(role));
      const mayNot = MATRIX.filter((c) => c.allowed !== 'public' && !c.allowed.includes(role));
      expect(may.length, role).toBeGreaterThan(0);
      expect(mayNot.length, role).toBeGreaterThan(0);
    }
  });

  for (const who of ['anonymous', ...ROLES] as Who[]) {
    it(`answers ${who} as the matrix says`, async () => {
      const problems: string[] = [];
      for (const c of MATRIX) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        const token = tokens.get(who);
        if (token !== undefined) headers.authorization = `Bearer ${token}`;
        const res = await fetch(`${node.url}${c.url}`, { method: c.method, headers, redirect: 'manual', ...(c.body !== undefined ? { body: JSON.stringify(c.body(who)) } : c.method === 'POST' || c.method === 'PATCH' ? { body: '{}' } : {}) });
        const allowed = c.allowed === 'public' || (who !== 'anonymous' && c.allowed.includes(who));
        const expected = allowed ? 'allowed' : who === 'anonymous' ? 401 : 403;
        const got = res.status === 401 || res.status === 403 ? res.status : 'allowed';
        if (c.allowed === 'public' && c.route === '/api/v1/session' && res.status === 401) continue; // a failed sign-in, not a refusal
        if (got !== expected) problems.push(`${c.method} ${c.url}: expected ${expected}, got ${res.status} ${await res.text()}`);
      }
      expect(problems).toEqual([]);
    });
  }
});
