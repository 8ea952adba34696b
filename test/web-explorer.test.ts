// The intelligence explorer in a real browser (Debian's Chromium) against a real node over HTTP:
// search, a facet, paging forward and back with the filters in the URL (the back button undoes a
// filter), an object with two versions and their diff, who received it in the sharing policy's
// words, and a received object full of hostile strings (script, HTML, a javascript: link, a
// right-to-left override, a 1 MB description) that executes nothing and keeps the layout. No
// serious accessibility violation; screenshots of both pages in English and Arabic.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublishingService, VisibilityService } from '../src/sharing/index.js';
import { tlpMarkingId } from '../src/stix/index.js';
import { generateNodeKey } from '../src/trust/index.js';
import { MESSAGES } from '../web/src/i18n/catalog.js';
import { openBrowser, seriousViolations, shot, signIn, type TestBrowser } from './support/browser.js';
import { buildIndicator, buildMalware, buildMemberIdentity, nextVersion } from './support/factories.js';
import { startTestNode, TEST_PASSWORD, type TestNode } from './support/node-app.js';
import { putObjects } from './support/store.js';
import { fixedMembers } from './support/sharing.js';

const { en, ar } = MESSAGES;
const A = 'identity--00000000-0000-4000-8000-0000000000a0';
const B = 'identity--00000000-0000-4000-8000-0000000000b0';
const members = fixedMembers([A, B]);
const HOSTILE_IDENTITY = 'identity--00000000-0000-4000-8000-0000000000ee';

const relay = buildIndicator({
  name: 'Relay controller', labels: ['c2'], object_marking_refs: [tlpMarkingId('green')], created_by_ref: A,
  created: '2026-03-01T10:00:00.000Z', modified: '2026-03-01T10:00:00.000Z', valid_from: '2026-03-01T10:00:00.000Z',
  description: 'Beacons to evil-relay.example.net every five minutes.',
});
const relayV2 = nextVersion(relay, { name: 'Relay controller (confirmed)', labels: ['c2', 'confirmed'] });
const wiper = buildMalware({ name: 'Sandworm wiper', labels: ['wiper'], object_marking_refs: [tlpMarkingId('amber')] });
const bulk = Array.from({ length: 60 }, (_, i) => buildIndicator({ name: `Bulk indicator ${i}`, labels: ['bulk'] }));
const hostile = buildIndicator({
  name: '<script>window.__pwned = 1</script>\u202eevil name',
  description: `<img src=x onerror="window.__pwned = 2"> [click](javascript:window.__pwned=3) ${'\u202e'}${'A'.repeat(1 << 20)}`,
  labels: ['<b onmouseover="window.__pwned=4">label</b>', `\u202e${'L'.repeat(5000)}`],
  created_by_ref: HOSTILE_IDENTITY,
  external_references: [
    { source_name: 'trap', url: 'javascript:window.__pwned=5' },
    { source_name: 'fine', url: 'https://cert.example/advisory' },
  ],
});
const hostileIdentity = { type: 'identity', spec_version: '2.1', id: HOSTILE_IDENTITY, created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z', name: '<script>window.__pwned=6</script>\u202eCERT', identity_class: 'organization' };

let node: TestNode;
let browser: TestBrowser;

beforeAll(async () => {
  const key = generateNodeKey('signing');
  node = await startTestNode({
    publishing: (store, audit) => new PublishingService({
      store, audit, visibility: new VisibilityService(store, members, A), membership: members, self: A, key,
      keyOf: (m, fp) => (m === A && fp === key.fingerprint ? key.publicKey : undefined),
    }),
  });
  await node.identity.addUser({ username: 'amina', password: TEST_PASSWORD, roles: ['analyst'] }, 'test');
  const token = await node.userWithToken('sharer', ['analyst']);
  await putObjects(node.store, [buildMemberIdentity(), hostileIdentity, relay, wiper, ...bulk, hostile]);
  await putObjects(node.store, [relayV2]);
  const shared = await fetch(`${node.url}/api/v1/shares`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ objects: [{ id: relay.id }], tlp: 'green', audience: { kind: 'all' }, relay: true }),
  });
  expect(shared.status).toBe(201);
  browser = await openBrowser({ bypassCSP: true });
});
afterAll(async () => {
  await browser?.close();
  await node?.close();
});

const rows = (page: Page) => page.locator('.explorer-table tbody tr');
const pwned = (page: Page): Promise<unknown> => page.evaluate('window.__pwned');

async function openExplorer(page: Page, query = ''): Promise<void> {
  await page.goto(`${node.url}/explorer${query}`);
  await rows(page).first().waitFor();
}

describe('the intelligence explorer in Chromium', () => {
  it('searches, filters by a facet, pages forward and back, with the filters in the URL', async () => {
    const page = await browser.context.newPage();
    await signIn(page, node.url, 'amina', TEST_PASSWORD);
    await page.locator('nav a', { hasText: en['explorer.nav'] }).click();
    await rows(page).first().waitFor();
    // 66 objects (60 bulk, the relay, the wiper, the hostile one, two identities, the relay's share record): pages of 50.
    await expect.poll(() => page.locator('.explorer-results [role="status"]').textContent()).toBe(en['explorer.matches'].replace('{count}', '66'));
    expect(await rows(page).count()).toBe(50);
    await page.locator('button', { hasText: en['explorer.next'] }).click();
    await expect.poll(() => rows(page).count()).toBe(16);
    expect(page.url()).toContain('cursor=');
    await page.locator('button', { hasText: en['explorer.previous'] }).click();
    await expect.poll(() => rows(page).count()).toBe(50);
    expect(page.url()).not.toContain('cursor=');
    expect(await page.locator('button', { hasText: en['explorer.previous'] }).isDisabled()).toBe(true);

    // A facet: the malware type, counted, then chosen; the URL says so and back undoes it.
    const malware = page.locator('.facet li', { hasText: 'malware' });
    expect(await malware.textContent()).toBe('malware 1');
    await malware.locator('input').check();
    await expect.poll(() => rows(page).count()).toBe(1);
    expect(await rows(page).first().textContent()).toContain('Sandworm wiper');
    expect(new URL(page.url()).search).toBe('?type=malware');
    await page.goBack();
    await expect.poll(() => rows(page).count()).toBe(50);

    // Full-text search, then the TLP facet named and counted over what matched.
    await page.locator('#explorer-q').fill('evil-relay.example.net');
    await page.locator('button[type="submit"]', { hasText: en['explorer.searchButton'] }).click();
    await expect.poll(() => rows(page).count()).toBe(1);
    expect(await rows(page).first().textContent()).toContain('Relay controller (confirmed)');
    expect(await page.locator('.facet', { hasText: en['explorer.facet.marking'] }).locator('li').allTextContents()).toEqual(['TLP:GREEN 1']);
    expect(new URL(page.url()).searchParams.get('q')).toBe('evil-relay.example.net');
    await page.locator('button', { hasText: en['explorer.clear'] }).click();
    await expect.poll(() => rows(page).count()).toBe(50);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'en-explorer');
    await page.close();
  });

  it('shows an object with its two versions and their diff, and who received it', async () => {
    const page = await browser.context.newPage();
    await signIn(page, node.url, 'amina', TEST_PASSWORD);
    await openExplorer(page, '?q=relay');
    await page.locator('.explorer-table a', { hasText: 'Relay controller (confirmed)' }).click();
    await page.locator('main h1', { hasText: 'Relay controller (confirmed)' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/explorer/${String(relay.id)}`);
    expect(await page.locator('#object-versions-title').textContent()).toBe(en['explorer.versions'].replace('{count}', '2'));
    const diff = page.locator('table.diff tbody tr');
    expect(await diff.allTextContents()).toEqual([
      `labels${en['explorer.changed']}${JSON.stringify(['c2'], null, 2)}${JSON.stringify(['c2', 'confirmed'], null, 2)}`,
      `modified${en['explorer.changed']}2026-03-01T10:00:00.000Z2026-03-01T10:01:00.000Z`,
      `name${en['explorer.changed']}Relay controllerRelay controller (confirmed)`,
    ]);
    const sharing = page.locator('section[aria-labelledby="object-sharing-title"]');
    await sharing.locator('.shares li').first().waitFor();
    expect(await sharing.locator('.shares li').first().textContent()).toContain('under TLP:GREEN with all members (relay allowed)');
    expect(await sharing.locator('.readers li').first().textContent()).toContain('CERT-B');
    expect(await page.locator('#object-sightings-title').textContent()).toBe(en['explorer.sightings']);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'en-explorer-object');
    await page.close();
  });

  it('shows hostile strings from a received object as text: nothing executes, no javascript: link, the layout holds', async () => {
    const page = await browser.context.newPage();
    await signIn(page, node.url, 'amina', TEST_PASSWORD);
    await openExplorer(page, '?label=%3Cb%20onmouseover%3D%22window.__pwned%3D4%22%3Elabel%3C%2Fb%3E');
    expect(await page.locator('.explorer-table', { hasText: '<script>window.__pwned = 1</script>' }).count()).toBe(1);
    await page.locator('.explorer-table a', { hasText: '<script>' }).click();
    await page.locator('#object-properties-title').waitFor();
    await page.locator('section[aria-labelledby="object-sharing-title"] p').first().waitFor();
    expect(await page.locator('main h1').textContent()).toBe(String(hostile.name));
    expect(await pwned(page)).toBeUndefined();
    expect(await page.locator('main script, main img, main b').count()).toBe(0);
    expect(await page.locator('a[href^="javascript"]').count()).toBe(0);
    expect(await page.locator('a[href="https://cert.example/advisory"]').getAttribute('rel')).toBe('noopener noreferrer');
    // The 1 MB description is cut for display, saying so, and clamped: the page stays about as wide as the window and not absurdly long.
    expect(await page.locator('main').textContent()).toContain(en['explorer.shortened'].replace('{count}', (String(hostile.description).length).toLocaleString('en')));
    const size = await page.evaluate<number[]>('[document.documentElement.scrollWidth, document.documentElement.scrollHeight, innerWidth]');
    expect(size[0]).toBeLessThanOrEqual((size[2] ?? 0) + 1);
    expect(size[1]).toBeLessThan(6000);
    // The override character stays inside its own <bdi>: the text after it on the line is not reversed.
    expect(await page.locator('main h1 bdi').count()).toBe(1);
    for (const box of await page.locator('main a, main button').all()) await box.hover({ trial: true }).catch(() => undefined);
    expect(await pwned(page)).toBeUndefined();
    await page.close();
  });

  it('lays both pages out right to left in Arabic', async () => {
    const page = await browser.context.newPage();
    await signIn(page, node.url, 'amina', TEST_PASSWORD);
    await page.locator('#language').selectOption('ar');
    await openExplorer(page);
    expect(await page.locator('main h1').textContent()).toBe(ar['explorer.title']);
    expect(await page.evaluate('getComputedStyle(document.body).direction')).toBe('rtl');
    // The filters sit at the right-hand edge, the results to their left.
    const facets = await page.locator('.explorer-facets').boundingBox();
    const results = await page.locator('.explorer-results').boundingBox();
    expect(facets!.x).toBeGreaterThan(results!.x);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'ar-explorer');
    await page.goto(`${node.url}/explorer/${String(relay.id)}`);
    await page.locator('table.diff').waitFor();
    await page.locator('section[aria-labelledby="object-sharing-title"] .readers li').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'ar-explorer-object');
    await page.locator('#language').selectOption('en');
    await page.close();
  });
});
