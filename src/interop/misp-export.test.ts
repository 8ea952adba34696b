import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { tlpMarkingId } from '../stix/index.js';
import { convertMispEvent, mispEvents, MispConversion } from './misp.js';
import { MispExport } from './misp-export.js';

const sample = JSON.parse(readFileSync(new URL('./misp-samples/event.json', import.meta.url), 'utf8')) as { Event: Record<string, unknown> };
const publisher = { name: 'CERT-Accord', uuid: '0b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e' };

type Rec = Record<string, unknown>;

function toStix(doc: unknown): MispConversion {
  const c = new MispConversion();
  for (const e of mispEvents(doc) ?? []) convertMispEvent(c, e);
  return c;
}

function toMisp(objects: readonly Rec[]): ReturnType<MispExport['feed']> {
  const x = new MispExport(publisher);
  for (const o of objects) x.add(o);
  return x.feed();
}

/** Every attribute value of an event (in objects too), as type|value in lower case. */
function values(event: Rec): string[] {
  const attrs = [...(event.Attribute as Rec[]), ...(event.Object as { Attribute: Rec[] }[]).flatMap((o) => o.Attribute)];
  return attrs.map((a) => `${String(a.type)}|${String(a.value).toLowerCase()}`).sort();
}

describe('STIX 2.1 → MISP', () => {
  const stix = toStix(sample);
  const feed = toMisp(stix.objects);
  const event = feed.events[0]?.Event as Rec;

  it('writes one event per report, with its fields and tags', () => {
    expect(feed.events).toHaveLength(1);
    expect(event).toMatchObject({
      uuid: '5e6b322a-9f80-4e2f-9f2a-3cab0a0a4a01', info: 'Phishing wave against ministries, October 2026', date: '2026-10-20',
      timestamp: '1792570000', published: true, publish_timestamp: '1792570300', threat_level_id: '1', analysis: '2', distribution: '0',
      Orgc: { name: 'CERT-Example', uuid: '55f6ea5e-2c60-40e5-964f-47a8950d210f' }, Org: publisher,
    });
    expect((event.Tag as { name: string }[]).map((t) => t.name)).toEqual(['tlp:amber', 'PAP:AMBER', 'misp-galaxy:threat-actor="Sofacy"']);
  });

  it('round trip MISP → STIX → MISP keeps every value that was mapped, with its type', () => {
    const original = sample.Event;
    const kept = [...(original.Attribute as Rec[]), ...(original.Object as { Attribute: Rec[] }[]).flatMap((o) => o.Attribute)]
      .filter((a) => a.deleted !== true && !['btc', 'mime-type'].includes(String(a.type)));
    expect(values(event)).toEqual(kept.map((a) => `${String(a.type)}|${String(a.value).toLowerCase()}`).sort());
  });

  it('keeps objects with their attributes and references, sightings and galaxies', () => {
    const objects = event.Object as Rec[];
    const file = objects.find((o) => o.name === 'file') as Rec;
    expect(file).toMatchObject({ uuid: 'b0a1c2d3-e4f5-4a6b-8c7d-8e9f0a1b2c3d', 'meta-category': 'file', comment: 'The dropper' });
    expect((file.Attribute as Rec[]).map((a) => [a.object_relation, a.value])).toEqual([['filename', 'dropper.exe'], ['md5', 'd41d8cd98f00b204e9800998ecf8427e'], ['size-in-bytes', '73802']]);
    expect(file.ObjectReference).toEqual([expect.objectContaining({ referenced_uuid: 'e0a1c2d3-e4f5-4a6b-8c7d-8e9f0a1b2c3d', relationship_type: 'communicates-with' })]);
    const ip = (event.Attribute as Rec[]).find((a) => a.type === 'ip-dst') as Rec;
    expect(ip).toMatchObject({ uuid: '91ae0a21-c7ae-4c7f-b84b-b84a7ce53d1f', to_ids: true, category: 'Network activity', comment: 'C2 server' });
    expect((ip.Sighting as Rec[]).map((s) => [s.type, s.date_sighting])).toEqual([['0', '1792569500'], ['1', '1792569600'], ['2', '1792569700']]);
    expect((ip.Galaxy as Rec[])[0]).toMatchObject({ type: 'mitre-attack-pattern', GalaxyCluster: [expect.objectContaining({ uuid: 'dcaa092b-7de9-4a21-977f-7fcb77e89c48' })] });
    expect((event.Galaxy as Rec[]).map((g) => g.type)).toEqual(['threat-actor']);
    const domain = (event.Attribute as Rec[]).find((a) => a.type === 'domain') as Rec;
    expect(domain.to_ids).toBe(false);
  });

  it('MISP → STIX → MISP → STIX gives the same STIX objects', () => {
    const again = toStix(feed.events[0]);
    const byId = new Map(again.objects.map((o) => [o.id, o]));
    for (const o of stix.objects) expect(byId.get(o.id as string), o.id as string).toEqual(o);
  });

  it('writes an object over several object types as observations joined by AND, and reads it back', () => {
    const doc = JSON.parse(JSON.stringify(sample)) as { Event: Record<string, unknown> };
    doc.Event.Attribute = [];
    doc.Event.Object = [{
      uuid: 'a1a1a1a1-e4f5-4a6b-8c7d-8e9f0a1b2c3d', name: 'url', 'meta-category': 'network', timestamp: '1792569100', Attribute: [
        { type: 'url', object_relation: 'url', value: 'https://drop.example/a', to_ids: true },
        { type: 'ip-dst', object_relation: 'ip', value: '203.0.113.5', to_ids: true },
      ],
    }];
    const converted = toStix(doc);
    const indicator = converted.objects.find((o) => o.id === 'indicator--a1a1a1a1-e4f5-4a6b-8c7d-8e9f0a1b2c3d');
    expect(indicator?.pattern).toBe("[url:value = 'https://drop.example/a'] AND [ipv4-addr:value = '203.0.113.5']");
    const back = toMisp(converted.objects).events[0]?.Event as Rec;
    expect((back.Object as Rec[]).map((o) => (o.Attribute as Rec[]).map((a) => [a.type, a.value]))).toEqual([[['url', 'https://drop.example/a'], ['ip-dst', '203.0.113.5']]]);
  });

  it('writes the feed\'s manifest and hashes', () => {
    expect(feed.manifest['5e6b322a-9f80-4e2f-9f2a-3cab0a0a4a01']).toMatchObject({ info: 'Phishing wave against ministries, October 2026', timestamp: '1792570000' });
    expect(feed.hashes).toContainEqual([createHash('md5').update('198.51.100.7').digest('hex'), '5e6b322a-9f80-4e2f-9f2a-3cab0a0a4a01']);
  });

  it('gathers indicators no report names into an event per creator and day, and reports what MISP cannot hold', () => {
    const objects: Rec[] = [
      { type: 'identity', spec_version: '2.1', id: 'identity--0b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e', created: '2027-01-01T00:00:00.000Z', modified: '2027-01-01T00:00:00.000Z', name: 'CERT-Accord', identity_class: 'organization' },
      { type: 'indicator', spec_version: '2.1', id: 'indicator--11111111-1111-4111-8111-111111111111', created_by_ref: 'identity--0b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e', created: '2027-01-02T10:00:00.000Z', modified: '2027-01-02T10:00:00.000Z', pattern: "[domain-name:value = 'a.example']", pattern_type: 'stix', valid_from: '2027-01-02T10:00:00.000Z', object_marking_refs: [tlpMarkingId('green')] },
      { type: 'indicator', spec_version: '2.1', id: 'indicator--22222222-2222-4222-8222-222222222222', created_by_ref: 'identity--0b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e', created: '2027-01-02T11:00:00.000Z', modified: '2027-01-02T11:00:00.000Z', pattern: "[file:hashes.'SHA-256' = 'aa'] FOLLOWEDBY [domain-name:value = 'b.example']", pattern_type: 'stix', valid_from: '2027-01-02T11:00:00.000Z' },
    ];
    const f = toMisp(objects);
    expect(f.events).toHaveLength(1);
    const e = f.events[0]?.Event as Rec;
    expect(e).toMatchObject({ info: 'CERT-Accord: indicators of 2027-01-02', date: '2027-01-02', distribution: '1', published: false });
    expect((e.Attribute as Rec[]).map((a) => [a.type, a.value, a.to_ids])).toEqual([['domain', 'a.example', true]]);
    expect(f.unmapped).toHaveLength(1);
    expect(f.unmapped[0]?.where).toBe('indicator--22222222-2222-4222-8222-222222222222');
    expect(f.unmapped[0]?.reason).toMatch(/not one observation of equality comparisons/);
  });
});
