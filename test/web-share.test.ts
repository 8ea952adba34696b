// Sharing through the web app across real member nodes: `accord demo` starts three nodes (real
// processes, peered, syncing every 5 s); in Chromium an analyst of CERT-Alpha composes an
// indicator, previews its audience — CERT-Bravo alone — and shares it; CERT-Bravo's dashboard
// shows it arrive (live), while the Regional Organisation never receives it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MESSAGES } from '../web/src/i18n/catalog.js';
import { openBrowser, signIn as signInAs, type TestBrowser } from './support/browser.js';
import { spawnAccord } from './support/cli.js';

const { en } = MESSAGES;
interface DemoNode { readonly name: string; readonly url: string; readonly password: string }

const dir = mkdtempSync(join(tmpdir(), 'accord-web-share-'));
const demo = spawnAccord(['demo', '--members', '3', '--dir', join(dir, 'demo'), '--no-open']);
const exited = new Promise<number | null>((done) => demo.once('exit', (code) => done(code)));
let nodes: DemoNode[] = [];
// One browser profile per node: cookies are per host, not per port, and the demo's nodes share 127.0.0.1.
let browsers: TestBrowser[] = [];

beforeAll(async () => {
  let stdout = '';
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the demo printed no summary within 60 s:\n${stdout}`)), 60_000);
    demo.stdout?.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (stdout.includes('Press Ctrl-C')) {
        clearTimeout(timer);
        done();
      }
    });
    demo.once('exit', (code) => fail(new Error(`accord demo exited with ${String(code)}:\n${stdout}`)));
  });
  nodes = [...stdout.matchAll(/^ {2}(\S.*?)\s{2,}(http:\/\/127\.0\.0\.1:\d+)\s+\S+ \/ \S+\s+analyst \/ (\S+)$/gm)]
    .map((m) => ({ name: (m[1] ?? '').trim(), url: m[2] ?? '', password: m[3] ?? '' }));
  browsers = [await openBrowser(), await openBrowser()];
}, 70_000);

afterAll(async () => {
  for (const b of browsers) await b.close();
  if (demo.exitCode === null) {
    demo.kill('SIGINT');
    await Promise.race([exited, new Promise((done) => setTimeout(done, 15_000))]);
  }
  rmSync(dir, { recursive: true, force: true });
});

function signIn(page: Page, node: DemoNode): Promise<void> {
  return signInAs(page, node.url, 'analyst', node.password);
}

async function holds(node: DemoNode, name: string): Promise<boolean> {
  const res = await fetch(`${node.url}/api/v1/objects?type=indicator&q=${encodeURIComponent(name)}`, {
    headers: { authorization: `Basic ${Buffer.from(`analyst:${node.password}`).toString('base64')}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { objects: { name?: string }[] }).objects.some((o) => o.name === name);
}

it('shares an indicator from Alpha to Bravo alone: Bravo sees it arrive, the Regional Organisation never receives it', async () => {
  const [alpha, bravo, regional] = nodes as [DemoNode, DemoNode, DemoNode];
  expect(nodes.map((n) => n.name)).toEqual(['CERT-Alpha (demo)', 'CERT-Bravo (demo)', 'Regional Organisation (demo)']);
  const name = `Botnet controller ${Date.now()}`;

  const bravoPage = await (browsers[1] as TestBrowser).context.newPage();
  await signIn(bravoPage, bravo);
  await bravoPage.locator('#new-intel-title').waitFor();

  const page = await (browsers[0] as TestBrowser).context.newPage();
  await signIn(page, alpha);
  await page.locator('nav a', { hasText: en['compose.nav'] }).click();
  await page.locator('#compose-name').fill(name);
  await page.locator('#compose-pattern').fill("[ipv4-addr:value = '198.51.100.77'");
  await page.locator('.check.bad', { hasText: 'Line 1' }).waitFor();
  await page.locator('#compose-pattern').fill("[ipv4-addr:value = '198.51.100.77']");
  await page.locator('.check.ok').waitFor();
  await page.locator('input[name="tlp"][value="green"]').check();
  await page.locator('input[name="audience"][value="members"]').check();
  await page.locator('.members label', { hasText: 'CERT-Bravo (demo)' }).locator('input').check();
  await page.locator('button[type="submit"]').click();
  const preview = page.locator('section[aria-labelledby="compose-preview"]');
  await preview.waitFor();
  expect(await preview.locator('li').allTextContents()).toEqual([expect.stringContaining('CERT-Bravo (demo)')]);
  await preview.locator('button', { hasText: en['compose.share'] }).click();
  await page.locator('[role="status"]', { hasText: en['compose.shared'].replace('{count}', '1') }).waitFor();

  // Bravo pulls every 5 s; its dashboard updates by itself when the store's clock moves.
  await bravoPage.locator('section[aria-labelledby="new-intel-title"] td', { hasText: name }).waitFor({ timeout: 30_000 });
  expect(await holds(bravo, name)).toBe(true);
  // Two more sync rounds: the Regional Organisation still holds nothing of it.
  await new Promise((done) => setTimeout(done, 11_000));
  expect(await holds(regional, name)).toBe(false);
  expect(await holds(alpha, name)).toBe(true);
}, 90_000);
