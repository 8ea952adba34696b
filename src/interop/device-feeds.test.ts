// The device-feed pieces that need no store: the stricter of two ceilings, the STIX bundle (whole
// indicators only, a stable id for the same content) and the saved filter's checks.
import { describe, expect, it } from 'vitest';
import { checkFilter, FEED_FORMATS, stricterCeiling } from './device-feeds.js';
import type { FeedableItem } from './feedable.js';

const ID_A = 'indicator--00000000-0000-4000-8000-00000000000a';
const ID_B = 'indicator--00000000-0000-4000-8000-00000000000b';
const item = (id: string, value: string, tlp: FeedableItem['tlp'], added: number): FeedableItem => ({
  kind: 'domain', value, id, tlp, added, json: `{"id":"${id}","type":"indicator"}`,
});

describe('device feeds', () => {
  it('applies the stricter of the export\'s and the token\'s ceilings', () => {
    expect(stricterCeiling('amber', 'green')).toBe('green');
    expect(stricterCeiling('clear', 'amber+strict')).toBe('clear');
    expect(stricterCeiling(undefined, 'amber')).toBe('amber');
    expect(stricterCeiling('green', undefined)).toBe('green');
    expect(stricterCeiling(undefined, undefined)).toBeUndefined();
  });

  it('bundles whole indicators only, as stored, under an id that depends on the content alone', () => {
    const items = [item(ID_A, 'a.example', 'green', 1), item(ID_B, 'b.example', 'amber', 2), item(ID_B, 'c.example', 'amber', 2)];
    const green = FEED_FORMATS.stix.write(items, { gate: { ceiling: 'green' } });
    expect(JSON.parse(green.text)).toMatchObject({ type: 'bundle', objects: [{ id: ID_A }] });
    expect(green.written).toBe(1);
    expect(green.skipped.map((s) => s.code)).toEqual(['above-ceiling', 'above-ceiling']);
    const withheld = FEED_FORMATS.stix.write(items, { gate: {}, withheld: new Set([ID_A]) });
    expect((JSON.parse(withheld.text) as { objects: { id: string }[] }).objects.map((o) => o.id)).toEqual([ID_B]);
    expect(FEED_FORMATS.stix.write(items, { gate: {} }).text).toBe(FEED_FORMATS.stix.write(items, { gate: {} }).text);
    expect(FEED_FORMATS.stix.write(items, { gate: {} }).text).not.toBe(withheld.text);
    expect(FEED_FORMATS.stix.write([item(ID_A, 'r.example', 'red', 1)], { gate: {} }).written).toBe(0);
  });

  it('writes MISP JSON of whole indicators, one event per creator and day, RED never', () => {
    const indicator = (id: string, value: string, tlp: string): string => JSON.stringify({
      type: 'indicator', spec_version: '2.1', id, created: '2027-01-02T10:00:00.000Z', modified: '2027-01-02T10:00:00.000Z', pattern: `[domain-name:value = '${value}']`,
      pattern_type: 'stix', valid_from: '2027-01-02T10:00:00.000Z', object_marking_refs: [tlp],
    });
    const green = 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb';
    const items = [{ ...item(ID_A, 'a.example', 'green', 1), json: indicator(ID_A, 'a.example', green) }, { ...item(ID_B, 'b.example', 'red', 2), json: indicator(ID_B, 'b.example', green) }];
    const out = FEED_FORMATS.misp.write(items, { gate: {}, publisher: { name: 'CERT-A', uuid: '00000000-0000-4000-8000-0000000000aa' } });
    const doc = JSON.parse(out.text) as { response: { Event: { Org: unknown; Attribute: { type: string; value: string; to_ids: boolean }[] } }[] };
    expect(doc.response).toHaveLength(1);
    expect(doc.response[0]?.Event.Org).toEqual({ name: 'CERT-A', uuid: '00000000-0000-4000-8000-0000000000aa' });
    expect(doc.response[0]?.Event.Attribute.map((a) => [a.type, a.value, a.to_ids])).toEqual([['domain', 'a.example', true]]);
    expect(out.written).toBe(1);
    expect(out.skipped.map((s) => s.item.id)).toEqual([ID_B]);
  });

  it('checks a saved filter part by part', () => {
    expect(checkFilter({ labels: ['botnet', 'botnet'], kinds: ['ip', 'hash'] })).toEqual({ labels: ['botnet'], kinds: ['ip', 'hash'] });
    expect(() => checkFilter({ kinds: ['ipv4'] })).toThrow(/filter\.kinds: "ipv4" is not a kind \(ip, cidr, domain, url, email, hash\)/);
    expect(() => checkFilter({ colour: 'red' })).toThrow(/unknown part colour/);
    expect(() => checkFilter({ labels: [] })).toThrow(/filter\.labels: must be a list of 1 to 100 values/);
    expect(() => checkFilter([])).toThrow(/filter: must be an object/);
  });
});
