// The detections page and the critical infrastructure page in a real browser (Debian's Chromium
// through playwright-core) against a real node over HTTP, with the live detection index behind
// the ingest endpoint and sharing under the four-eyes rule: register an asset through the form
// (its mistakes named first) and see the alert the watch raised arrive and acknowledge it; import
// assets from CSV with each row's outcome; post events so that a detection alert appears live,
// share its sighting back (a publication request, four eyes) and resolve it; hostile text in an
// indicator's name and in the events is shown as text and nothing of it runs; no serious
// accessibility violation; screenshots of both pages in English and Arabic.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveDetector, recordDetections } from '../src/detect/index.js';
import { MESSAGES } from '../web/src/i18n/catalog.js';
import { openBrowser, seriousViolations, shot, signIn, type TestBrowser } from './support/browser.js';
import { buildIndicator } from './support/factories.js';
import { startTestNode, TEST_PASSWORD, type TestNode } from './support/node-app.js';
import { testPublishing } from './support/sharing.js';
import { putObjects } from './support/store.js';

const { en, ar } = MESSAGES;
const SELF = 'identity--7f3c2a10-3b1e-4c55-9a3d-2f6b8e0c4d11';
const ORIGINATOR = 'identity--2d1c0b9a-8f7e-4d6c-9b5a-493827161504';
/** Script, HTML, a right-to-left override and a long tail in an indicator's name. */
const HOSTILE_NAME = `<img src=x onerror="globalThis.pwned=1">\u202Egnp.exe<script>globalThis.pwned=2</script> [click](javascript:globalThis.pwned=3) ${'W'.repeat(200_000)}`;

let node: TestNode;
let live: LiveDetector | undefined;
let browser: TestBrowser;
let sensor: string;

beforeAll(async () => {
  node = await startTestNode({
    self: SELF,
    publishing: testPublishing(SELF, [SELF, ORIGINATOR], ['amber+strict']),
    detection: (store) => {
      // Matches become alerts as `accord serve` records them (src/cli/live-detection.ts).
      live = new LiveDetector(store, { sink: async (d) => void await recordDetections(store, d, new Date().toISOString(), { self: SELF, audit: node.audit }) });
      return { live, maxBytes: 1 << 20 };
    },
  });
  await node.identity.addUser({ username: 'amina', password: TEST_PASSWORD, roles: ['analyst'] }, 'test');
  sensor = await node.userWithToken('sensor', ['analyst']);
  await putObjects(node.store, [
    buildIndicator({ name: 'Botnet controller', pattern: "[ipv4-addr:value = '192.0.2.77']", created_by_ref: ORIGINATOR }),
    buildIndicator({ name: HOSTILE_NAME, pattern: "[domain-name:value = 'c2.evil.example']", created_by_ref: ORIGINATOR }),
  ]);
  await live?.refresh();
  browser = await openBrowser({ bypassCSP: true });
});
afterAll(async () => {
  await browser?.close();
  await node?.close();
});

/** A new page, signed in, on the page the menu's `link` opens, once its list shows `empty`. */
async function openPage(link: string, title: string, list: string, empty: string): Promise<Page> {
  const page = await browser.context.newPage();
  await signIn(page, node.url, 'amina');
  await page.getByRole('link', { name: link }).click();
  await page.locator('h1', { hasText: title }).waitFor();
  await page.locator(`section[aria-labelledby="${list}"] p`, { hasText: empty }).waitFor();
  return page;
}

/** Nothing the hostile strings carried has run, and no element came out of them. */
async function nothingRan(page: Page): Promise<void> {
  expect(await page.evaluate('globalThis.pwned')).toBeUndefined();
  expect(await page.locator('main img, main script, main a[href^="javascript"]').count()).toBe(0);
  // The layout holds: nothing is wider than the window.
  expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
}

/** Posts eve.json events to the node's ingest endpoint as the sensor. */
async function ingest(lines: readonly Record<string, unknown>[]): Promise<void> {
  const res = await fetch(`${node.url}/api/v1/detect/events?format=eve`, {
    method: 'POST', headers: { authorization: `Bearer ${sensor}`, 'content-type': 'application/x-ndjson' }, body: `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`,
  });
  expect(res.status, await res.clone().text()).toBe(200);
  expect(await res.json()).toMatchObject({ matches: 1 });
}

describe('detections and the infrastructure registry in Chromium', () => {
  it('registers an asset through the form, sees the watch\'s alert arrive and acknowledges it', async () => {
    const page = await openPage(en['infra.nav'], en['infra.title'], 'asset-alerts-title', en['infra.alertsNone']);
    await page.getByRole('button', { name: en['infra.add'] }).click();
    await page.locator('#asset-new-name').fill('Substation North');
    await page.locator('#asset-new-sector').selectOption('energy');
    await page.locator('#asset-new-criticality').selectOption('critical');
    await page.locator('#asset-new-owner').fill('Grid operations');
    await page.locator('#asset-new-contact').fill('soc@grid.example');
    await page.locator('#asset-new-ranges').fill('192.0.2.0/24\n192.0.2.300');
    await page.getByRole('button', { name: en['infra.save'] }).click();
    // Named in the browser, beside its field, before the node is asked.
    await page.locator('#asset-new-ranges-error', { hasText: '192.0.2.300' }).waitFor();
    expect(await page.locator('#asset-new-ranges').getAttribute('aria-invalid')).toBe('true');
    await page.locator('#asset-new-ranges').fill('192.0.2.0/24');
    await page.getByRole('button', { name: en['infra.save'] }).click();
    await page.locator('[role="status"]', { hasText: 'Substation North is saved' }).waitFor();
    expect(await page.locator('table.assets tbody').textContent()).toContain('192.0.2.0/24');
    // The alert the watch raised on registering arrives by the live marks.
    const row = page.locator('section[aria-labelledby="asset-alerts-title"] tbody tr');
    await row.first().waitFor({ timeout: 10_000 });
    expect(await row.first().textContent()).toContain('Substation North');
    await row.first().getByRole('button', { name: en['alerts.details'] }).click();
    const detail = page.locator('#asset-alert');
    expect(await detail.textContent()).toContain('192.0.2.77');
    expect(await detail.textContent()).toContain(ORIGINATOR);
    await page.locator('#alert-state-note').fill('calling the grid operator');
    await detail.getByRole('button', { name: en['alerts.acknowledge'] }).click();
    await detail.locator('[role="status"]', { hasText: en['alerts.changed'].replace('{state}', en['state.acknowledged']) }).waitFor();
    await detail.locator('.changes li', { hasText: 'calling the grid operator' }).waitFor();
    expect(await row.first().textContent()).toContain(en['state.acknowledged']);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'en-infrastructure');
    await page.close();
  });

  it('imports assets from CSV and shows each row\'s outcome, refused or registered', async () => {
    const page = await browser.context.newPage();
    await signIn(page, node.url, 'amina');
    await page.goto(`${node.url}/infrastructure`);
    const header = 'name,sector,criticality,owner,contact,ranges,domains,software';
    await page.locator('#asset-import-text').fill(`${header}\nbank,financial-services,high,"Payments, core",+1 555 0100,,bank.example,\nharbour,harbour,low,Port,port@example.org,,,\n`);
    await page.getByRole('button', { name: en['infra.importButton'] }).click();
    const rows = page.locator('table.import-rows tbody tr');
    await rows.first().waitFor();
    expect(await page.locator('section[aria-labelledby="asset-import-title"] [role="alert"]').textContent()).toContain(en['infra.importRefused']);
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toMatch(/^Line 3.*harbour/);
    await page.locator('#asset-import-text').fill(`${header}\nbank,financial-services,high,"Payments, core",+1 555 0100,,bank.example;pay.bank.example,\n`);
    await page.getByRole('button', { name: en['infra.importButton'] }).click();
    await page.locator('section[aria-labelledby="asset-import-title"] [role="status"]', { hasText: en['infra.imported'].replace('{count}', '1').replace('{alerts}', '0') }).waitFor();
    expect(await rows.first().textContent()).toBe(`bank${en['infra.rowCreated']}`);
    await page.locator('table.assets th[scope="row"]', { hasText: 'bank' }).waitFor();
    await page.close();
  });

  it('shows a detection alert as events arrive, shares its sighting back under four eyes and resolves it; hostile text stays text', async () => {
    const page = await openPage(en['detections.nav'], en['detections.title'], 'detection-list-title', en['detections.none']);
    await expect.poll(() => page.locator('.live.on').count()).toBe(1);
    await ingest([{
      timestamp: '2026-11-27T10:00:00.000000+0000', event_type: 'dns', src_ip: '10.0.0.5', dest_ip: '10.0.0.53',
      dns: { type: 'query', rrname: 'c2.evil.example', rrtype: 'A' }, note: '<script>globalThis.pwned=4</script>\u202Etxt.exe <img src=x onerror=globalThis.pwned=5>',
    }]);
    const row = page.locator('section[aria-labelledby="detection-list-title"] tbody tr');
    await row.first().waitFor({ timeout: 10_000 });
    // Shown as text, and cut: a 200,000-character name would stall the page's layout.
    const shown = await row.first().locator('th bdi').textContent();
    expect(shown).toBe(`${HOSTILE_NAME.slice(0, 400)}…`);
    await row.first().getByRole('button', { name: en['alerts.details'] }).click();
    const detail = page.locator('#detection');
    await detail.locator('table.evidence pre.raw').waitFor();
    expect(await detail.locator('table.evidence pre.raw').textContent()).toContain('<script>globalThis.pwned=4</script>');
    expect(await detail.locator('table.evidence').textContent()).toContain('c2.evil.example');
    // The sightings gathered on the indicator: this member's own, from the alert.
    await detail.locator('#sightings-title + table tbody tr', { hasText: SELF }).waitFor();
    await page.locator('#share-evidence').check();
    await detail.getByRole('button', { name: en['detections.shareButton'] }).click();
    await detail.locator('.share-back [role="status"]', { hasText: en['detections.sharedPending'] }).waitFor();
    expect(await detail.locator('.share-back [role="status"]').textContent()).toMatch(/publication--/);
    await nothingRan(page);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'en-detections');
    await detail.getByRole('button', { name: en['alerts.resolve'] }).click();
    await detail.locator('.state-actions [role="status"]', { hasText: en['alerts.changed'].replace('{state}', en['state.resolved']) }).waitFor();
    await expect.poll(() => row.first().textContent()).toContain(en['state.resolved']);
    // Filtered to new alerts, the resolved one is gone.
    await page.locator('#detections-state').selectOption('new');
    await page.locator('section[aria-labelledby="detection-list-title"] p', { hasText: en['detections.none'] }).waitFor();
    await nothingRan(page);
    await page.close();
  });

  it('lays both pages out right to left in Arabic, with no serious accessibility violation', async () => {
    const page = await browser.context.newPage();
    await signIn(page, node.url, 'amina');
    await page.locator('#language').selectOption('ar');
    for (const [path, name, title, list] of [
      ['/detections', 'detections', ar['detections.title'], 'detection-list-title'],
      ['/infrastructure', 'infrastructure', ar['infra.title'], 'asset-alerts-title'],
    ] as const) {
      await page.goto(`${node.url}${path}`);
      await page.locator('h1', { hasText: title }).waitFor();
      expect(await page.evaluate('getComputedStyle(document.body).direction')).toBe('rtl');
      await page.locator(`section[aria-labelledby="${list}"] tbody tr`).first().getByRole('button', { name: ar['alerts.details'] }).click();
      await page.locator('.changes li').first().waitFor();
      await nothingRan(page);
      expect(await seriousViolations(page), path).toEqual([]);
      await shot(page, `ar-${name}`);
    }
    await page.locator('#language').selectOption('en');
    await page.close();
  });
});
