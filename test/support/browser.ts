// Debian's Chromium driven by playwright-core (never a downloaded browser), as ../shared/STACK.md
// says: a persistent context in a temporary profile, and the flags that keep Chromium from
// calling out on this closed network. A missing /usr/bin/chromium fails the test: .ci/run
// installs it (apt-get install chromium).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

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
