// The node answers the app's shell only on the app's page paths (src/server/web.routes.ts
// WEB_PAGES): every page in the menu must be one of them, or reloading it gives a 404.
import { expect, it } from 'vitest';
import { WEB_PAGES } from '../../src/server/web.routes.js';
import { PAGES } from './app.js';

it('has the node serve every page of the menu', () => {
  const served: readonly string[] = WEB_PAGES;
  expect(PAGES.map((p) => p.path).filter((path) => path !== '/' && !served.includes(path))).toEqual([]);
});
