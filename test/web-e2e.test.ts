// The web app end to end in a real browser (Debian's Chromium through playwright-core) against a
// real node over HTTP: sign in, the dashboard with an infrastructure alert arriving live, the
// language kept per account, Arabic laid out right to left, refusals in the user's language, no
// serious accessibility violation (axe-core) on any page, and a screenshot of every page in
// English and Arabic (test/output/screenshots; UPDATE_SCREENSHOTS=1 also copies them to
// docs/screenshots for the README).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totp } from '../src/identity/index.js';
import { MESSAGES } from '../web/src/i18n/catalog.js';
import { openBrowser, seriousViolations, shot, signIn as signInAs, type TestBrowser } from './support/browser.js';
import { buildIndicator } from './support/factories.js';
import { startTestNode, TEST_PASSWORD, type TestNode } from './support/node-app.js';
import { putObjects } from './support/store.js';

const { en, ar } = MESSAGES;
/** Every page of the signed-in app (path, name for the screenshot). */
const PAGES = [['/', 'dashboard'], ['/compose', 'compose'], ['/import', 'import'], ['/account', 'account']] as const;

let node: TestNode;
let browser: TestBrowser;
let analystToken: string;

beforeAll(async () => {
  node = await startTestNode();
  await node.identity.addUser({ username: 'amina', password: TEST_PASSWORD, roles: ['analyst'] }, 'test');
  analystToken = await node.userWithToken('sensor', ['analyst']);
  browser = await openBrowser({ bypassCSP: true });
});
afterAll(async () => {
  await browser?.close();
  await node?.close();
});

/** Signs amina in (a wrong password: waits for nothing, the refusal is what the test checks). */
function signIn(page: Page, password = TEST_PASSWORD): Promise<void> {
  return signInAs(page, node.url, 'amina', password, password === TEST_PASSWORD);
}

describe('the web app in Chromium', () => {
  it('refuses a wrong password in the user\'s language, then signs in to the dashboard', async () => {
    const page = await browser.context.newPage();
    await signIn(page, 'not the password at all');
    await expect.poll(() => page.locator('[role="alert"]').first().textContent()).toContain(en['error.signInFailed']);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'en-sign-in');
    await page.locator('#password').fill(TEST_PASSWORD);
    await page.locator('button[type="submit"]').click();
    await page.locator('h1', { hasText: 'Welcome, amina' }).waitFor();
    expect(await page.locator('#new-intel-title').textContent()).toBe(en['dashboard.newIntel']);
    await page.close();
  });

  it('asks for the one-time code of an account with a second factor, then signs in', async () => {
    await node.identity.addUser({ username: 'omar', password: TEST_PASSWORD, roles: ['liaison'] }, 'test');
    const session = await node.identity.signIn({ username: 'omar', password: TEST_PASSWORD, address: '127.0.0.1' });
    const { secret } = await node.identity.beginTotp(session.principal);
    await node.identity.confirmTotp(session.principal, totp(secret, Date.now()));
    const page = await browser.context.newPage();
    await page.context().clearCookies();
    await page.goto(`${node.url}/`);
    await page.locator('#username').fill('omar');
    await page.locator('#password').fill(TEST_PASSWORD);
    await page.locator('button[type="submit"]').click();
    await page.locator('[role="alert"]', { hasText: en['error.totpRequired'] }).waitFor();
    await page.locator('#totp').fill('12');
    await page.locator('button[type="submit"]').click();
    await page.locator('[role="alert"]', { hasText: en['signIn.totpFormat'] }).waitFor();
    // The next step's code: the current one was spent confirming the second factor (no replay).
    await page.locator('#totp').fill(totp(secret, Date.now() + 30_000));
    await page.locator('button[type="submit"]').click();
    await page.locator('h1', { hasText: 'Welcome, omar' }).waitFor();
    // A liaison officer reads but does not write: no compose or import in the menu, no administration.
    expect(await page.locator('nav a').allTextContents()).toEqual([en['nav.dashboard'], en['explorer.nav'], en['detections.nav'], en['infra.nav'], en['federation.nav'], en['nav.account']]);
    await page.close();
  });

  it('shows an alert on the infrastructure the moment it is raised (live, no reload)', async () => {
    await putObjects(node.store, [buildIndicator({ name: 'Botnet controller', pattern: "[ipv4-addr:value = '192.0.2.77']" })]);
    const page = await browser.context.newPage();
    await signIn(page);
    await page.locator('#asset-alerts-title').waitFor();
    await expect.poll(() => page.locator('.live.on').count()).toBe(1);
    expect(await page.locator('#asset-alerts-title + *').textContent()).toContain(en['dashboard.noAssetAlerts']);
    // An analyst registers the substation's range through the API; the watch runs it against what is held.
    const res = await fetch(`${node.url}/api/v1/assets`, {
      method: 'POST', headers: { authorization: `Bearer ${analystToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Substation North', sector: 'energy', criticality: 'critical', owner: 'Grid operations', contact: 'soc@grid.example', ranges: ['192.0.2.0/24'] }),
    });
    expect(res.status).toBe(201);
    const row = page.locator('section[aria-labelledby="asset-alerts-title"] tbody tr');
    await row.first().waitFor({ timeout: 10_000 });
    expect(await row.first().textContent()).toContain('Substation North');
    expect(await page.locator('section[aria-labelledby="new-intel-title"]').textContent()).toContain('Botnet controller');
    for (const [path, name] of PAGES) {
      await page.goto(`${node.url}${path}`);
      await page.locator('main h1').waitFor();
      expect(await seriousViolations(page), path).toEqual([]);
      await shot(page, `en-${name}`);
    }
    await page.close();
  });

  it('imports a bundle: progress, the counts, and each refused object with the node\'s reason and line', async () => {
    const good = [buildIndicator({ name: 'Phishing kit host' }), buildIndicator()];
    const bad: Record<string, unknown> = { ...buildIndicator(), pattern_type: undefined, name: '<img src=x onerror="window.__pwned=1">' };
    const bundle = JSON.stringify({ type: 'bundle', id: 'bundle--6f0e8e2a-5a44-4c1e-9d5e-1f8b2c3d4e5f', objects: [good[0], bad, good[1]] }, null, 1);
    const page = await browser.context.newPage();
    await signIn(page);
    await page.locator('nav a', { hasText: en['import.nav'] }).click();
    await page.locator('#import-file').setInputFiles({ name: 'partner.json', mimeType: 'application/json', buffer: Buffer.from(bundle) });
    await page.locator('button[type="submit"]').click();
    await page.locator('#import-summary').waitFor();
    const counts = await page.locator('.counts').textContent();
    expect(counts).toContain(`${en['import.new']}2`);
    expect(counts).toContain(`${en['import.rejected']}1`);
    const row = page.locator('tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.first().textContent()).toContain(bad.id as string);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    for (const o of good) expect(await node.store.objects.versions(o.id as string)).toHaveLength(1);
    await page.close();
  });

  it('switches to Arabic: right-to-left layout, Arabic text, remembered for the account', async () => {
    const page = await browser.context.newPage();
    await signIn(page);
    await page.goto(`${node.url}/account`);
    await page.locator('#account-language').selectOption('ar');
    await page.locator('[role="status"]', { hasText: ar['account.saved'] }).waitFor();
    expect([await page.locator('html').getAttribute('dir'), await page.locator('html').getAttribute('lang')]).toEqual(['rtl', 'ar']);
    expect(await page.locator('main h1').textContent()).toBe(ar['account.title']);
    // The menu starts at the right-hand edge in a right-to-left layout.
    const brand = await page.locator('.brand').boundingBox();
    expect(brand!.x).toBeGreaterThan(640);
    for (const [path, name] of PAGES) {
      await page.goto(`${node.url}${path}`);
      await page.locator('main h1').waitFor();
      // The browser's computed direction (the page's code runs there: a string keeps Node's types out of it).
      expect(await page.evaluate('getComputedStyle(document.body).direction')).toBe('rtl');
      expect(await seriousViolations(page), path).toEqual([]);
      await shot(page, `ar-${name}`);
    }
    // Remembered on the node for the account: a fresh browser (another profile) opens in Arabic after sign-in.
    const other = await openBrowser({ locale: 'en-US' });
    try {
      const fresh = await other.context.newPage();
      await signIn(fresh);
      await fresh.locator('h1', { hasText: ar['dashboard.welcome'].replace('{name}', 'amina') }).waitFor();
      expect(await fresh.locator('html').getAttribute('dir')).toBe('rtl');
    } finally {
      await other.close();
    }
    await page.locator('#language').selectOption('en');
    await page.close();
  });
});
