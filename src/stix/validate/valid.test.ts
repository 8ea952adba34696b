// Valid objects must pass with no error: one of every standard type (modelled on the STIX 2.1
// examples), the built-in TLP markings, extension use, and factory-built data.
import { describe, expect, it } from 'vitest';
import { buildDomain, buildIndicator, buildMalware, buildMemberIdentity, buildObservedData, buildRelationship, buildReport } from '../../../test/support/factories.js';
import { newScoId } from '../ids.js';
import { formatIssue } from '../issue.js';
import { SCO_TYPES, SDO_TYPES, SMO_TYPES, SRO_TYPES, kindOf } from '../kinds.js';
import { BUILTIN_MARKINGS } from '../tlp.js';
import { extensionDefinitionInfo, validateObject, type ValidationContext } from './index.js';

const T = '2016-05-12T08:17:27.000Z';
const IDENTITY = 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff';
const sdo = (type: string, uuid: string, rest: Record<string, unknown>) => ({
  type, spec_version: '2.1', id: `${type}--${uuid}`, created: T, modified: T, created_by_ref: IDENTITY, ...rest,
});
const IP3 = 'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4';
const DOMAIN = 'domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7';
const FILE = 'file--9af228db-9a04-5787-ad43-ccadc137a0e2';

const SPEC_EXAMPLES: Record<string, Record<string, unknown> & { type: string }> = {
  'attack-pattern': sdo('attack-pattern', '0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061', { name: 'Spear Phishing', external_references: [{ source_name: 'capec', external_id: 'CAPEC-163' }], kill_chain_phases: [{ kill_chain_name: 'lockheed-martin-cyber-kill-chain', phase_name: 'delivery' }] }),
  campaign: sdo('campaign', '8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', { name: 'Green Group Attacks Against Finance', first_seen: '2016-04-06T20:03:00Z', last_seen: '2016-07-06T20:03:00Z', objective: 'Steal money' }),
  'course-of-action': sdo('course-of-action', '8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', { name: 'Add TCP port 80 Filter Rule to the existing Block UDP 1434 Filter' }),
  grouping: sdo('grouping', '84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3', { name: 'The Black Vine Cyberespionage Group', context: 'suspicious-activity', object_refs: [IP3, DOMAIN, 'indicator--26ffb872-1dd9-446e-b6f5-d58527e5b5d2'] }),
  identity: sdo('identity', '023d105b-752e-4e3c-941c-7d3f3cb15e9e', { name: 'John Smith', identity_class: 'individual', sectors: ['government-national'] }),
  incident: sdo('incident', '8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', { name: 'Breach of the water utility', kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'impact' }] }),
  indicator: sdo('indicator', '8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', { indicator_types: ['malicious-activity'], name: 'Poison Ivy Malware', pattern: "[file:hashes.'SHA-256' = '4bac27393bdd9777ce02453256c5577cd02275510b2227f473d03f533924f877']", pattern_type: 'stix', valid_from: '2016-01-01T00:00:00Z', valid_until: '2017-01-01T00:00:00Z' }),
  infrastructure: sdo('infrastructure', '38c47d93-d984-4fd9-b87b-d69d0841628d', { name: 'Poison Ivy C2', infrastructure_types: ['command-and-control'], first_seen: '2016-01-01T00:00:00Z', last_seen: '2016-01-01T00:00:00Z' }),
  'intrusion-set': sdo('intrusion-set', '4e78f46f-a023-4e5f-bc24-71b3ca22ec29', { name: 'Bobcat Breakin', aliases: ['Zookeeper'], goals: ['acquisition-theft'] }),
  location: sdo('location', 'a6e9345f-5a15-4c29-8bb3-7dcc5d168d64', { latitude: 48.8566, longitude: 2.3522, region: 'northern-america' }),
  malware: sdo('malware', '0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061', { name: 'Cryptolocker', malware_types: ['ransomware'], is_family: false, sample_refs: [FILE], operating_system_refs: ['software--a1827f6d-ca53-5605-9e93-4316cd22a00a'] }),
  'malware-analysis': sdo('malware-analysis', 'd25167b7-fed0-4068-9ccd-a73dd2c5b07c', { product: 'microsoft', result: 'malicious', sample_ref: FILE, analysis_sco_refs: [FILE, IP3] }),
  note: sdo('note', '0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061', { abstract: 'Tracking Team Note#1', content: 'This note indicates the various steps taken…', authors: ['John Doe'], object_refs: ['campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'] }),
  'observed-data': sdo('observed-data', 'b67d30ff-02ac-498a-92f9-32f845f448cf', { first_observed: '2015-12-21T19:00:00Z', last_observed: '2015-12-21T19:00:00Z', number_observed: 50, object_refs: [IP3, DOMAIN] }),
  opinion: sdo('opinion', 'b01efc25-77b4-4003-b18b-f6e24b5cd9f7', { object_refs: ['relationship--16d2358f-3b0d-4c88-b047-0da2f7ed4471'], opinion: 'strongly-disagree', explanation: 'This doesn’t seem like it is feasible.' }),
  report: sdo('report', '84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3', { name: 'The Black Vine Cyberespionage Group', report_types: ['campaign'], published: '2016-01-20T17:00:00.000Z', object_refs: ['indicator--26ffb872-1dd9-446e-b6f5-d58527e5b5d2', IP3] }),
  'threat-actor': sdo('threat-actor', '8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', { threat_actor_types: ['crime-syndicate'], name: 'Evil Org', aliases: ['Syndicate 1'], roles: ['director'], sophistication: 'advanced', resource_level: 'team', primary_motivation: 'organizational-gain' }),
  tool: sdo('tool', '8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', { tool_types: ['remote-access'], name: 'VNC' }),
  vulnerability: sdo('vulnerability', '0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061', { name: 'CVE-2016-1234', external_references: [{ source_name: 'cve', external_id: 'CVE-2016-1234' }] }),
  relationship: sdo('relationship', '44298a74-ba52-4f0c-87a3-1824e67d7fad', { relationship_type: 'indicates', source_ref: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', target_ref: 'malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b', start_time: '2016-01-01T00:00:00Z', stop_time: '2016-02-01T00:00:00Z' }),
  sighting: sdo('sighting', 'ee20065d-2555-424f-ad9e-0f8428623c75', { first_seen: '2015-12-21T19:00:00Z', last_seen: '2015-12-21T19:00:00Z', count: 50, sighting_of_ref: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', observed_data_refs: ['observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf'], where_sighted_refs: [IDENTITY, 'location--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64'] }),
  artifact: { type: 'artifact', spec_version: '2.1', id: 'artifact--6f437177-6e48-5cf8-9d9e-872a2bddd641', mime_type: 'application/zip', payload_bin: 'VBORw0KGgoAAAANSUhEUgAAADI==', encryption_algorithm: 'mime-type-indicated', decryption_key: 'My voice is my passport' },
  'autonomous-system': { type: 'autonomous-system', spec_version: '2.1', id: 'autonomous-system--3aa27478-50b5-5ab8-9da9-cdc12b657fff', number: 15139, name: 'Slime Industries', rir: 'ARIN' },
  directory: { type: 'directory', spec_version: '2.1', id: 'directory--0a58d0c1-59e6-5afd-8252-dcd3f13e5622', path: 'C:\\Windows\\System32', contains_refs: [FILE] },
  'domain-name': { type: 'domain-name', spec_version: '2.1', id: DOMAIN, value: 'example.com', resolves_to_refs: [IP3] },
  'email-addr': { type: 'email-addr', spec_version: '2.1', id: 'email-addr--2d77a846-6264-5d51-b586-e43822ea1ea3', value: 'john@example.com', display_name: 'John Doe' },
  'email-message': {
    type: 'email-message', spec_version: '2.1', id: 'email-message--72b7698f-10c2-565a-a2a6-b4996a2f2265', is_multipart: true,
    date: '1997-11-21T15:55:06.000Z', from_ref: 'email-addr--89f52ea8-d6ef-51e9-8fce-6a29236436ed', to_refs: ['email-addr--d1b3bf0c-f02a-51a1-8102-11aba7959868'],
    subject: 'Check out this picture of a cat!',
    body_multipart: [{ content_type: 'text/plain; charset=utf-8', content_disposition: 'inline', body: 'Cats are funny!' }, { content_type: 'image/png', content_disposition: 'attachment; filename="tabby.png"', body_raw_ref: 'artifact--4cce66f8-6eaa-53cb-85d5-3a85fca3a6c5' }],
  },
  file: { type: 'file', spec_version: '2.1', id: 'file--ec3415cc-5f4f-5ec8-bdb1-6f86996ae66d', hashes: { 'SHA-256': 'ceafbfd424be2ca4a5f0402cae090dda2fb0526cf521b60b60077c0f622b285a' }, name: 'foo.zip', mime_type: 'application/zip', extensions: { 'archive-ext': { contains_refs: [FILE, 'directory--0a58d0c1-59e6-5afd-8252-dcd3f13e5622'] } } },
  'ipv4-addr': { type: 'ipv4-addr', spec_version: '2.1', id: IP3, value: '198.51.100.3' },
  'ipv6-addr': { type: 'ipv6-addr', spec_version: '2.1', id: 'ipv6-addr--85a85a8c-ee99-5722-946d-3c3a3270fc6f', value: '2001:0db8:85a3:0000:0000:8a2e:0370:7334' },
  'mac-addr': { type: 'mac-addr', spec_version: '2.1', id: 'mac-addr--757b1725-9903-54f5-a855-1240691d7659', value: 'd2:fb:49:24:37:18' },
  mutex: { type: 'mutex', spec_version: '2.1', id: 'mutex--f93fe911-e545-5239-b9b0-597840d0c871', name: '__CLEANSWEEP__' },
  'network-traffic': {
    type: 'network-traffic', spec_version: '2.1', id: 'network-traffic--f4b3d4b2-7d5b-53b1-a0e6-1f6ab4c6bd5d', src_ref: IP3, dst_ref: DOMAIN,
    protocols: ['ipv4', 'tcp', 'http'], start: '2016-01-01T00:00:00Z', end: '2016-01-01T00:00:01Z', is_active: false,
    extensions: { 'http-request-ext': { request_method: 'get', request_value: '/download.html', request_version: 'http/1.1', request_header: { 'Accept-Encoding': ['gzip,deflate'] }, message_body_data_ref: 'artifact--4cce66f8-6eaa-53cb-85d5-3a85fca3a6c5' } },
  },
  process: { type: 'process', spec_version: '2.1', id: 'process--07bc30ad-ebc2-4579-881d-b9cdc7f2b33c', pid: 1221, created_time: '2016-01-20T14:11:25.55Z', command_line: './gedit-bin --new-window', image_ref: FILE, extensions: { 'windows-process-ext': { aslr_enabled: true, dep_enabled: true, priority: 'HIGH_PRIORITY_CLASS', owner_sid: 'S-1-5-21-186985262-1144665072-74031268-1309' } } },
  software: { type: 'software', spec_version: '2.1', id: 'software--710b0b41-d4d0-5d6c-a400-fc9254554ffc', name: 'Word', cpe: 'cpe:2.3:a:microsoft:word:2000:*:*:*:*:*:*:*', version: '2002', vendor: 'Microsoft' },
  url: { type: 'url', spec_version: '2.1', id: 'url--47c3cf9a-5027-5bf0-997a-017c7edc7c55', value: 'https://example.com/research/index.html' },
  'user-account': { type: 'user-account', spec_version: '2.1', id: 'user-account--f94d689e-707d-58c3-b803-c720bb6ed096', user_id: '1001', account_login: 'jdoe', account_type: 'unix', display_name: 'John Doe', account_created: '2016-01-20T12:31:12Z', extensions: { 'unix-account-ext': { gid: 1001, groups: ['wheel'], home_dir: '/home/jdoe', shell: '/bin/bash' } } },
  'windows-registry-key': { type: 'windows-registry-key', spec_version: '2.1', id: 'windows-registry-key--36594eba-bcc7-5014-9835-0e154264e588', values: [{ name: 'Foo', data: 'qwerty' }, { name: 'Bar', data: '42' }] },
  'x509-certificate': { type: 'x509-certificate', spec_version: '2.1', id: 'x509-certificate--463d7b2a-8516-5a50-a3d7-6f801465d5de', issuer: 'C=ZA, ST=Western Cape, L=Cape Town, O=Thawte Consulting cc', validity_not_before: '2016-03-12T12:00:00Z', validity_not_after: '2016-08-21T12:00:00Z', subject: 'C=US, ST=Maryland, L=Pasadena, O=Brent Baccala', serial_number: '36:f7:d4:32:f4:ab:70:ea:d3:ce:98:6e:ea:99:93:49:32:0a:b7:06' },
  'extension-definition': sdo('extension-definition', 'd83fce45-ef58-4c6c-a3f4-1fbc32e98c6e', { name: 'Accord share record', description: 'x-accord-share objects', schema: 'https://accord.example/schemas/share.json', version: '1.0.0', extension_types: ['new-sdo'] }),
  'language-content': sdo('language-content', 'b86bd89f-98bb-4fa9-8cb2-9ad421da981d', { object_ref: 'campaign--12a111f0-b824-4baf-a224-83b80237a094', object_modified: '2017-02-08T21:31:22.007Z', contents: { de: { name: 'Bank Angriff 1', description: 'Weitere Informationen über Banküberfall' } } }),
  'marking-definition': { type: 'marking-definition', spec_version: '2.1', id: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41dd', created: T, definition_type: 'statement', definition: { statement: 'Copyright 2019, Example Corp' } },
};

/** SCOs get their deterministic id (ids themselves are tested in ids.test.ts). */
const EXAMPLES: Record<string, Record<string, unknown>> = Object.fromEntries(
  Object.entries(SPEC_EXAMPLES).map(([t, o]) => [t, kindOf(t) === 'sco' ? { ...o, id: newScoId(o) } : o]),
);

function errors(obj: unknown, ctx?: ValidationContext): string[] {
  return validateObject(obj, ctx).issues.filter((i) => i.severity === 'error').map(formatIssue);
}

describe('valid objects of every standard type', () => {
  it('has an example of each type', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual([...SDO_TYPES, ...SRO_TYPES, ...SCO_TYPES, ...SMO_TYPES].sort());
  });

  for (const [type, obj] of Object.entries(EXAMPLES)) {
    it(`accepts a ${type}`, () => {
      const r = validateObject(obj);
      expect(r.issues.map(formatIssue)).toEqual([]);
      expect(r.ok).toBe(true);
    });
  }

  it('accepts the deprecated observable container with STIX 2.0-style SCOs (no ids), with a warning', () => {
    // python-stix2 stix2/test/v21/test_observed_data.py EXPECTED_WITH_REF
    const od = {
      type: 'observed-data', spec_version: '2.1', id: 'observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf', created_by_ref: IDENTITY,
      created: '2016-04-06T19:58:16.000Z', modified: '2016-04-06T19:58:16.000Z', first_observed: '2015-12-21T19:00:00Z',
      last_observed: '2015-12-21T19:00:00Z', number_observed: 50,
      objects: { 0: { type: 'file', name: 'foo.exe' }, 1: { type: 'directory', path: '/usr/home', contains_refs: ['0'] } },
    };
    const r = validateObject(od);
    expect(r.issues.map((i) => [i.severity, i.rule, i.path])).toEqual([['warning', 'observed-data.objects-deprecated', '/objects']]);
    const bad = { ...od, objects: { 0: { type: 'ipv4-addr', value: 5 } } };
    expect(validateObject(bad).issues.filter((i) => i.severity === 'error').map((i) => [i.rule, i.path])).toEqual([['schema.type', '/objects/0/value']]);
  });

  it('accepts SCOs without spec_version (it is optional for them)', () => {
    const { spec_version: _, ...ip } = EXAMPLES['ipv4-addr'] ?? {};
    expect(errors(ip)).toEqual([]);
  });

  it('accepts the nine built-in TLP marking definitions with no finding at all', () => {
    for (const m of BUILTIN_MARKINGS) expect(validateObject(m).issues).toEqual([]);
  });

  it('accepts objects marked with TLP 2.0 and TLP 1.0 markings', () => {
    const ind = { ...EXAMPLES.indicator, object_marking_refs: ['marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb', 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9'] };
    expect(errors(ind)).toEqual([]);
  });

  it('accepts factory-built data', () => {
    const ind = buildIndicator();
    const mal = buildMalware();
    for (const o of [buildMemberIdentity(), ind, mal, buildDomain(), buildRelationship(String(ind.id), String(mal.id)), buildObservedData([IP3]), buildReport([String(ind.id)])]) {
      expect(errors(o)).toEqual([]);
    }
  });
});

describe('extensions', () => {
  const NEW_SDO = 'extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e';
  const TOPLEVEL = 'extension-definition--71736db5-10db-43d3-b0e3-65cf81601fe1';
  const PROPERTY = 'extension-definition--a932fcc6-e032-476c-826f-cb970a5a1ade';
  const context: ValidationContext = {
    resolveExtensionDefinition: (id) => ({
      [NEW_SDO]: { extension_types: ['new-sdo'] },
      [TOPLEVEL]: { extension_types: ['toplevel-property-extension'], extension_properties: ['toxicity', 'rank'] },
      [PROPERTY]: { extension_types: ['property-extension'] },
    })[id],
  };

  it('accepts a custom object type defined by a new-sdo extension, with no warning', () => {
    const share = {
      type: 'x-accord-share', spec_version: '2.1', id: 'x-accord-share--4b1f6e5a-2f4c-4e7f-9f3e-2a0d8c1b7e55', created: T, modified: T,
      object_ref: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', tlp: 'amber', extensions: { [NEW_SDO]: { extension_type: 'new-sdo' } },
    };
    expect(validateObject(share, context).issues).toEqual([]);
    expect(validateObject(share).issues).toEqual([]); // the definition unknown: nothing to contradict
  });

  it('accepts a custom SCO type defined by a new-sco extension without created/modified', () => {
    const sco = { type: 'x-acme-sensor', id: 'x-acme-sensor--4b1f6e5a-2f4c-4e7f-9f3e-2a0d8c1b7e55', serial: 'A-1', extensions: { [NEW_SDO]: { extension_type: 'new-sco' } } };
    expect(errors(sco)).toEqual([]);
  });

  it('accepts custom properties declared by a toplevel-property-extension, without warnings', () => {
    const ind = { ...EXAMPLES.indicator, toxicity: 8, rank: 3, extensions: { [TOPLEVEL]: { extension_type: 'toplevel-property-extension' } } };
    expect(validateObject(ind, context).issues).toEqual([]);
  });

  it('gives an undeclared toplevel-property-extension the benefit of the doubt', () => {
    const other = 'extension-definition--0e9e1e5a-7d1c-4f5e-9c1a-3b2d4c5e6f70';
    const ind = { ...EXAMPLES.indicator, toxicity: 8, extensions: { [other]: { extension_type: 'toplevel-property-extension' } } };
    expect(validateObject(ind, context).issues).toEqual([]);
  });

  it('accepts a property-extension', () => {
    const ind = { ...EXAMPLES.indicator, extensions: { [PROPERTY]: { extension_type: 'property-extension', rank: 5, source_country: 'ZZ' } } };
    expect(validateObject(ind, context).issues).toEqual([]);
  });

  it('reads extension-definition objects into context entries', () => {
    expect(extensionDefinitionInfo(EXAMPLES['extension-definition'])).toEqual({ extension_types: ['new-sdo'] });
    expect(extensionDefinitionInfo({ type: 'extension-definition', extension_types: ['toplevel-property-extension'], extension_properties: ['a_b'] }))
      .toEqual({ extension_types: ['toplevel-property-extension'], extension_properties: ['a_b'] });
    expect(extensionDefinitionInfo(EXAMPLES.indicator)).toBeUndefined();
    expect(extensionDefinitionInfo({ type: 'extension-definition', extension_types: [1] })).toBeUndefined();
  });
});
