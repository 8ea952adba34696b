// Debian's Chromium driven by playwright-core (never a downloaded browser), as ../shared/STACK.md
// says: a persistent context in a temporary profile, and the flags that keep Chromium from
// calling out on this closed network. A missing /usr/bin/chromium fails the test: .ci/run
// installs it (apt-get install chromium).
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { TEST_PASSWORD } from './node-app.js';

export const CHROMIUM = process.env.ACCORD_CHROMIUM ?? '/usr/bin/chromium';

export interface TestBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Opens Chromium headless. `bypassCSP` only lets a test inject axe-core; the app itself never needs it. */
export async function openBrowser(options: { readonly locale?: string; readonly bypassCSP?: boolean } = {}): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'accord-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, locale: options.locale ?? 'en-GB', bypassCSP: options.bypassCSP ?? false,
    viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Where the browser tests save their screenshots (UPDATE_SCREENSHOTS=1 copies them to docs/screenshots). */
export const SHOTS = new URL('../output/screenshots/', import.meta.url).pathname;
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Signs in on the app's sign-in page (fresh cookies); waits for the signed-in shell unless `wait` is false (a refusal expected; by default, when the password is not the tests' own). */
export async function signIn(page: Page, url: string, username: string, password = TEST_PASSWORD, wait = password === TEST_PASSWORD): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${url}/`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('button[type="submit"]').click();
  if (wait) await page.locator('header.top').waitFor();
}

/** Saves a full-page screenshot as `name`.png (and into docs/screenshots with UPDATE_SCREENSHOTS=1). */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const file = join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    const docs = new URL('../../docs/screenshots/', import.meta.url).pathname;
    mkdirSync(docs, { recursive: true });
    copyFileSync(file, join(docs, `${name}.png`));
  }
}

/** axe-core's violations of impact serious or critical on the page as it is now (the context must bypass the CSP). */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}
