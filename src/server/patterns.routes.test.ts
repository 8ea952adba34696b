// The pattern language over HTTP: the same answers as `accord pattern check --json` and
// `accord pattern eval`, to anyone signed in, and clear refusals of malformed requests.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../../test/support/node-app.js';

let node: TestNode;
let auth: Record<string, string>;
beforeAll(async () => {
  node = await startTestNode();
  auth = { authorization: `Bearer ${await node.userWithToken('reader', ['observer'])}` };
});
afterAll(() => node.close());

const post = (url: string, payload: Record<string, unknown>) => node.app.inject({ method: 'POST', url, headers: auth, payload });

it('checks a pattern: canonical form when valid, each error with its line, column and what was expected', async () => {
  const ok = await post('/api/v1/patterns/check', { pattern: "[ipv4-addr:value='198.51.100.7' ]" });
  expect(ok.json()).toEqual({ valid: true, stix_version: '2.1', canonical: "[ipv4-addr:value = '198.51.100.7']", warnings: [] });
  const bad = await post('/api/v1/patterns/check', { pattern: '[file:size < true]' });
  expect(bad.json()).toMatchObject({ valid: false, errors: [{ code: 'pattern.type', line: 1, column: 14 }] });
  const warned = await post('/api/v1/patterns/check', { pattern: "[domain-name:value = 'a.example'] FOLLOWEDBY [url:value = 'http://a.example/'] WITHIN 60 SECONDS" });
  expect(warned.json()).toMatchObject({ valid: true, warnings: [{ code: 'pattern.qualifier-scope' }] });
});

it('tests a pattern against sample observations, and names syntax and evaluation errors apart', async () => {
  const observed = [{
    type: 'observed-data', spec_version: '2.1', id: 'observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf', created: '2026-11-28T09:00:00.000Z', modified: '2026-11-28T09:00:00.000Z',
    first_observed: '2026-11-28T09:00:00Z', last_observed: '2026-11-28T09:00:00Z', number_observed: 1, object_refs: ['ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd'],
  }, { type: 'ipv4-addr', spec_version: '2.1', id: 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd', value: '198.51.100.7' }];
  const hit = await post('/api/v1/patterns/eval', { pattern: "[ipv4-addr:value ISSUBSET '198.51.100.0/24']", observed_data: observed });
  expect(hit.json()).toEqual({ matched: true, matched_observed_data: ['observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf'] });
  const miss = await post('/api/v1/patterns/eval', { pattern: "[ipv4-addr:value = '203.0.113.1']", observed_data: observed });
  expect(miss.json()).toEqual({ matched: false, matched_observed_data: [] });
  const syntax = await post('/api/v1/patterns/eval', { pattern: '[ipv4-addr:value =', observed_data: observed });
  expect(syntax.json()).toMatchObject({ error: { kind: 'syntax' } });
  const evaluation = await post('/api/v1/patterns/eval', { pattern: "[ipv4-addr:value = '198.51.100.7']", observed_data: [{ ...observed[0], first_observed: 'yesterday' }, observed[1]] });
  expect(evaluation.json()).toMatchObject({ error: { kind: 'evaluation' } });
});

it('refuses a request without a pattern, with a problem naming the field', async () => {
  const res = await post('/api/v1/patterns/check', { text: '[x:y = 1]' });
  expect(res.statusCode).toBe(400);
  expect(res.body).toContain('pattern');
});
