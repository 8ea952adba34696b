// The compose page's model: what a draft lacks, and the STIX object it makes.
import { expect, it } from 'vitest';
import { EMPTY_DRAFT, problems, TLP_MARKINGS, toStix, uuid4, type Draft } from './compose-model.js';

const ID = 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';
const draft = (over: Partial<Draft>): Draft => ({ ...EMPTY_DRAFT, ...over });

it('names what each kind of object lacks, field by field', () => {
  expect(problems(draft({}), undefined)).toEqual({ name: 'compose.required', pattern: 'compose.required' });
  expect(problems(draft({ name: 'C2', pattern: '[x', validUntil: 'soon' }), false)).toEqual({ pattern: 'compose.badPattern', validUntil: 'compose.badDate' });
  expect(problems(draft({ name: 'C2', pattern: "[ipv4-addr:value = '198.51.100.7']", validFrom: '2026-12-01T00:00', validUntil: '2026-11-01T00:00' }), true))
    .toEqual({ validUntil: 'compose.untilBeforeFrom' });
  expect(problems(draft({ kind: 'report', name: 'Q4', refs: `${ID}\nnot-an-id` }), undefined)).toEqual({ refs: 'compose.badId' });
  expect(problems(draft({ kind: 'note', refs: '' }), undefined)).toEqual({ refs: 'compose.required', content: 'compose.required' });
  expect(problems(draft({ kind: 'relationship', sourceRef: ID, targetRef: '' }), undefined)).toEqual({ targetRef: 'compose.required' });
  expect(problems(draft({ kind: 'relationship', sourceRef: ID, targetRef: ID }), undefined)).toEqual({});
});

it('makes a STIX 2.1 object marked with the chosen TLP, created by this member', () => {
  const at = new Date('2026-11-28T09:00:00.000Z');
  const o = toStix(draft({ name: ' C2 server ', pattern: " [ipv4-addr:value = '198.51.100.7'] ", labels: 'c2, botnet,', tlp: 'red' }), 'identity--00000000-0000-4000-8000-0000000000a0', at);
  expect(o).toMatchObject({
    type: 'indicator', spec_version: '2.1', created: '2026-11-28T09:00:00.000Z', modified: '2026-11-28T09:00:00.000Z', name: 'C2 server',
    pattern: "[ipv4-addr:value = '198.51.100.7']", pattern_type: 'stix', pattern_version: '2.1', valid_from: '2026-11-28T09:00:00.000Z',
    labels: ['c2', 'botnet'], object_marking_refs: [TLP_MARKINGS.red], created_by_ref: 'identity--00000000-0000-4000-8000-0000000000a0',
    indicator_types: ['malicious-activity'],
  });
  expect(String(o.id)).toMatch(/^indicator--[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(toStix(draft({ kind: 'note', name: '', content: 'seen here too', refs: ID }), undefined, at)).toEqual({
    type: 'note', spec_version: '2.1', id: expect.stringMatching(/^note--/) as unknown, created: at.toISOString(), modified: at.toISOString(),
    object_marking_refs: [TLP_MARKINGS.amber], content: 'seen here too', object_refs: [ID],
  });
});

it('draws version 4 UUIDs', () => {
  const seen = new Set(Array.from({ length: 200 }, uuid4));
  expect(seen.size).toBe(200);
  for (const u of seen) expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});
