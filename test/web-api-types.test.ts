// The web app is typed from the node's OpenAPI document: web/src/api/schema.ts is generated from
// it by openapi-typescript. This test regenerates it from a real node's document and fails when
// the committed file differs (a route changed and the app's types were not brought along).
// Run with UPDATE_API_TYPES=1 to write the file instead.
import { readFileSync, writeFileSync } from 'node:fs';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestNode, type TestNode } from './support/node-app.js';

const FILE = new URL('../web/src/api/schema.ts', import.meta.url);
const HEADER = '// Generated from the node\'s OpenAPI document by test/web-api-types.test.ts (UPDATE_API_TYPES=1). Do not edit.\n';

let node: TestNode;
beforeAll(async () => {
  node = await startTestNode();
});
afterAll(async () => {
  await node.close();
});

it('web/src/api/schema.ts matches the node\'s OpenAPI document', async () => {
  const res = await fetch(`${node.url}/api/v1/openapi.json`);
  expect(res.status).toBe(200);
  const doc = await res.json() as Record<string, unknown>;
  const text = HEADER + astToString(await openapiTS(doc as never, { alphabetize: true }));
  if (process.env.UPDATE_API_TYPES === '1') writeFileSync(FILE, text);
  expect(readFileSync(FILE, 'utf8'), 'the web app\'s API types are out of date: run UPDATE_API_TYPES=1 npx vitest run test/web-api-types.test.ts').toBe(text);
});
