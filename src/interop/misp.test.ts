import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tlpMarkingId, validateObject } from '../stix/index.js';
import { convertMispEvent, isMispManifest, mispEvents, MispConversion, mispTime } from './misp.js';
import { Warninglists } from './warninglists.js';

const sample = JSON.parse(readFileSync(new URL('./misp-samples/event.json', import.meta.url), 'utf8')) as unknown;

function convert(doc: unknown = sample, options = {}): MispConversion {
  const c = new MispConversion(options);
  for (const e of mispEvents(doc) ?? []) convertMispEvent(c, e);
  return c;
}

function byId(c: MispConversion, id: string): Record<string, unknown> {
  const o = c.objects.find((x) => x.id === id);
  expect(o, id).toBeDefined();
  return o as Record<string, unknown>;
}

describe('MISP event → STIX 2.1', () => {
  const c = convert();

  it('makes only valid STIX 2.1 objects, each once', () => {
    for (const o of c.objects) expect(validateObject(o).issues.filter((i) => i.severity === 'error'), JSON.stringify(o)).toEqual([]);
    expect(new Set(c.objects.map((o) => o.id)).size).toBe(c.objects.length);
  });

  it('counts every attribute, in objects too', () => {
    expect(c.events).toBe(1);
    expect(c.attributes).toBe(8 + 4 + 2);
  });

  it('turns the event into a report by its creator organisation, marked with its TLP, with its tags as labels', () => {
    const r = byId(c, 'report--5e6b322a-9f80-4e2f-9f2a-3cab0a0a4a01');
    expect(r).toMatchObject({
      name: 'Phishing wave against ministries, October 2026', created_by_ref: 'identity--55f6ea5e-2c60-40e5-964f-47a8950d210f',
      created: '2026-10-20T00:00:00.000Z', modified: mispTime('1792570000'), published: mispTime('1792570300'), report_types: ['threat-report'],
      object_marking_refs: [tlpMarkingId('amber')],
    });
    expect(r.labels).toEqual(['Threat-Report', 'misp:threat_level_id="1"', 'misp:analysis="2"', 'PAP:AMBER']);
    expect(byId(c, 'identity--55f6ea5e-2c60-40e5-964f-47a8950d210f')).toMatchObject({ name: 'CERT-Example', identity_class: 'organization' });
    const refs = r.object_refs as string[];
    for (const id of ['indicator--91ae0a21-c7ae-4c7f-b84b-b84a7ce53d1f', 'observed-data--91ae0a21-c7ae-4c7f-b84b-b84a7ce53d20', 'vulnerability--91ae0a21-c7ae-4c7f-b84b-b84a7ce53d22',
      'note--91ae0a21-c7ae-4c7f-b84b-b84a7ce53d23', 'indicator--b0a1c2d3-e4f5-4a6b-8c7d-8e9f0a1b2c3d', 'observed-data--e0a1c2d3-e4f5-4a6b-8c7d-8e9f0a1b2c3d',
      'relationship--d0a1c2d3-e4f5-4a6b-8c7d-8e9f0a1b2c01', 'threat-actor--7cdff317-a673-4474-84ec-4f1754947823']) expect(refs).toContain(id);
  });

  it('an unpublished event is a grouping', () => {
    const doc = JSON.parse(JSON.stringify(sample)) as { Event: Record<string, unknown> };
    doc.Event.published = false;
    const g = byId(convert(doc), 'grouping--5e6b322a-9f80-4e2f-9f2a-3cab0a0a4a01');
    expect(g.context).toBe('suspicious-activity');
    expect(g.published).toBeUndefined();
  });

  it('maps a "to IDS" attribute to an indicator with its pattern, validity, category and tags', () => {
    expect(byId(c, 'indicator--91ae0a21-c7ae-4c7f-b84b-b84a7ce53d1f')).toMatchObject({
      pattern: "[ipv4-addr:value = '198.51.100.7']", pattern_type: 'stix', pattern_version: '2.1', description: 'C2 server',
      valid_from: '2026-10-18T08:00:00.000Z', created: '2026-10-20T00:00:00.000Z', modified: mispTime('1792569000'),
      kill_chain_phases: [{ kill_chain_name: 'misp-category', phase_name: 'network-activity' }],
      labels: ['misp:type="ip-dst"', 'misp:category="Network activity"', 'misp:to_ids="True"', 'kill-chain:Command and Control'],
      object_marking_refs: [tlpMarkingId('amber')],
    });
    expect(byId(c, 'indicator--91ae0a21-c7ae-4c7f-b84b-b84a7ce53d21').pattern)
      .toBe("[file:name = 'invoice.doc' AND file:hashes.'SHA-256' = '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae']");
  });

  it('escapes quotes in patterns and keeps an attribute\'s own, stricter TLP', () => {
    expect(byId(c, 'indicator--91ae0a21-c7ae-4c7f-b84b-b84a7ce53d25')).toMatchObject({
      pattern: "[url:value = 'https://login-ministry.example/o\\'auth']", object_marking_refs: [tlpMarkingId('red')],
    });
  });

  it('maps an attribute not "to IDS" to observed-data with deterministic observables', () => {
    const od = byId(c, 'observed-data--91ae0a21-c7ae-4c7f-b84b-b84a7ce53d20');
    expect(od).toMatchObject({ number_observed: 1, first_observed: mispTime('1792569000'), last_observed: mispTime('1792569000') });
    const [sco] = od.object_refs as string[];
    expect(byId(c, sco as string)).toMatchObject({ type: 'domain-name', value: 'login-ministry.example' });
    expect(sco).toBe('domain-name--' + (sco as string).split('--')[1]);
  });

  it('maps vulnerabilities, free text and galaxies to their SDOs', () => {
    expect(byId(c, 'vulnerability--91ae0a21-c7ae-4c7f-b84b-b84a7ce53d22')).toMatchObject({ name: 'CVE-2026-12345', external_references: [{ source_name: 'cve', external_id: 'CVE-2026-12345' }] });
    expect(byId(c, 'note--91ae0a21-c7ae-4c7f-b84b-b84a7ce53d23')).toMatchObject({ content: "The lure impersonates the ministry's HR office.", object_refs: ['report--5e6b322a-9f80-4e2f-9f2a-3cab0a0a4a01'] });
    expect(byId(c, 'threat-actor--7cdff317-a673-4474-84ec-4f1754947823')).toMatchObject({ name: 'Sofacy', aliases: ['APT 28', 'Fancy Bear'] });
    expect(byId(c, 'attack-pattern--dcaa092b-7de9-4a21-977f-7fcb77e89c48')).toMatchObject({ name: 'Access Token Manipulation - T1134', external_references: [{ source_name: 'mitre-attack', external_id: 'T1134' }] });
    const rel = c.objects.find((o) => o.type === 'relationship' && o.source_ref === 'indicator--91ae0a21-c7ae-4c7f-b84b-b84a7ce53d1f');
    expect(rel).toMatchObject({ relationship_type: 'indicates', target_ref: 'attack-pattern--dcaa092b-7de9-4a21-977f-7fcb77e89c48' });
  });

  it('maps sightings, false positives and expiries to sightings of those kinds', () => {
    expect(byId(c, 'sighting--6a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d')).toMatchObject({
      sighting_of_ref: 'indicator--91ae0a21-c7ae-4c7f-b84b-b84a7ce53d1f', count: 1, where_sighted_refs: ['identity--55f6ea5e-2c60-40e5-964f-47a8950d2100'], first_seen: mispTime('1792569500'),
    });
    expect(byId(c, 'sighting--6a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d').x_accord_sighting_type).toBeUndefined();
    expect(byId(c, 'sighting--6a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4e')).toMatchObject({ x_accord_sighting_type: 'false-positive', x_opencti_negative: true, sighting_of_ref: 'indicator--91ae0a21-c7ae-4c7f-b84b-b84a7ce53d1f' });
    expect(byId(c, 'sighting--6a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4f')).toMatchObject({ x_accord_sighting_type: 'expiry', first_seen: mispTime('1792569700') });
    expect(byId(c, 'sighting--6a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4f').x_opencti_negative).toBeUndefined();
  });

  it('maps a MISP object to one pattern of its attributes, and its references to relationships', () => {
    expect(byId(c, 'indicator--b0a1c2d3-e4f5-4a6b-8c7d-8e9f0a1b2c3d')).toMatchObject({
      pattern: "[file:name = 'dropper.exe' AND file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e' AND file:size = 73802]",
      description: 'The dropper', labels: ['misp:name="file"', 'misp:meta-category="file"', 'misp:to_ids="True"'],
    });
    const od = byId(c, 'observed-data--e0a1c2d3-e4f5-4a6b-8c7d-8e9f0a1b2c3d');
    const scos = (od.object_refs as string[]).map((id) => byId(c, id));
    expect(scos.map((s) => s.type).sort()).toEqual(['domain-name', 'ipv6-addr']);
    const domain = scos.find((s) => s.type === 'domain-name') as Record<string, unknown>;
    expect(domain.resolves_to_refs).toEqual([scos.find((s) => s.type === 'ipv6-addr')?.id]);
    expect(byId(c, 'relationship--d0a1c2d3-e4f5-4a6b-8c7d-8e9f0a1b2c01')).toMatchObject({
      relationship_type: 'communicates-with', source_ref: 'indicator--b0a1c2d3-e4f5-4a6b-8c7d-8e9f0a1b2c3d', target_ref: 'observed-data--e0a1c2d3-e4f5-4a6b-8c7d-8e9f0a1b2c3d',
    });
  });

  it('reports everything it did not map, saying where and why', () => {
    const where = c.unmapped.map((u) => u.where);
    expect(where).toEqual(expect.arrayContaining([
      expect.stringContaining('Attribute[5] (91ae0a21-c7ae-4c7f-b84b-b84a7ce53d24, btc)'),
      expect.stringContaining('Attribute[7] (91ae0a21-c7ae-4c7f-b84b-b84a7ce53d26)'),
      expect.stringContaining('Object[0].Attribute[3] (mimetype)'),
      expect.stringContaining('Object[0].ObjectReference[1]'),
    ]));
    expect(c.unmapped).toHaveLength(4);
    expect(c.unmapped.find((u) => u.where.includes('btc'))?.reason).toMatch(/"btc" has no STIX 2.1 mapping/);
  });

  it('maps distribution to audiences: sharing groups by name, organisation-only kept here', () => {
    expect(c.share.get('indicator--91ae0a21-c7ae-4c7f-b84b-b84a7ce53d1f')).toEqual({ audience: { kind: 'sharing-group', name: 'Ministries CSIRT network', uuid: '5a2f1b3c-0d4e-4f5a-8b6c-7d8e9f0a1b2c' }, tlp: 'amber' });
    expect(c.share.get('indicator--91ae0a21-c7ae-4c7f-b84b-b84a7ce53d25')).toEqual({ audience: { kind: 'sharer' }, tlp: 'red' });
    const doc = JSON.parse(JSON.stringify(sample)) as { Event: Record<string, unknown> };
    doc.Event.distribution = '1';
    expect(convert(doc).share.get('indicator--91ae0a21-c7ae-4c7f-b84b-b84a7ce53d1f')?.audience).toEqual({ kind: 'all', relay: false });
    doc.Event.distribution = '3';
    expect(convert(doc).share.get('indicator--91ae0a21-c7ae-4c7f-b84b-b84a7ce53d1f')?.audience).toEqual({ kind: 'all', relay: true });
  });

  it('is deterministic: the same event converts to the same objects', () => {
    expect(convert().objects).toEqual(c.objects);
  });

  it('recognises the documents MISP writes, and feed manifests', () => {
    const event = (sample as { Event: unknown }).Event;
    expect(mispEvents({ response: [{ Event: event }] })).toHaveLength(1);
    expect(mispEvents([{ Event: event }, { Event: event }])).toHaveLength(2);
    expect(mispEvents(event)).toHaveLength(1);
    expect(mispEvents({ type: 'bundle', objects: [] })).toBeUndefined();
    expect(isMispManifest({ '5e6b322a-9f80-4e2f-9f2a-3cab0a0a4a01': { info: 'x', timestamp: '1' } })).toBe(true);
    expect(isMispManifest({ Event: {} })).toBe(false);
  });

  it('marks unmarked events with the default TLP when one is given', () => {
    const doc = JSON.parse(JSON.stringify(sample)) as { Event: Record<string, unknown> };
    doc.Event.Tag = [];
    expect(byId(convert(doc, { defaultTlp: 'green' }), 'report--5e6b322a-9f80-4e2f-9f2a-3cab0a0a4a01').object_marking_refs).toEqual([tlpMarkingId('green')]);
    expect(byId(convert(doc), 'report--5e6b322a-9f80-4e2f-9f2a-3cab0a0a4a01').object_marking_refs).toBeUndefined();
  });

  it('labels values on warninglists and lists them', () => {
    const flagged = convert(sample, { warninglists: Warninglists.load() });
    expect(byId(flagged, 'indicator--91ae0a21-c7ae-4c7f-b84b-b84a7ce53d1f').labels).toContain('warninglist:special-ipv4');
    expect(byId(flagged, 'observed-data--e0a1c2d3-e4f5-4a6b-8c7d-8e9f0a1b2c3d').labels).toContain('warninglist:special-ipv6');
    expect(flagged.flagged).toEqual([
      { id: 'indicator--91ae0a21-c7ae-4c7f-b84b-b84a7ce53d1f', value: '198.51.100.7', lists: ['special-ipv4'] },
      { id: 'observed-data--e0a1c2d3-e4f5-4a6b-8c7d-8e9f0a1b2c3d', value: '2001:db8::7', lists: ['special-ipv6'] },
    ]);
  });

  it('reports an event without a uuid instead of failing', () => {
    const out = convert({ Event: { info: 'x', Attribute: [{}] } });
    expect(out.objects).toEqual([]);
    expect(out.unmapped[0]?.reason).toMatch(/needs a uuid/);
  });
});
