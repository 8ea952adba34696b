// Conformance of the STIX 2.1 types. Three kinds of evidence, most of it checked by the compiler:
// - the OASIS examples narrow with `isType` and carry every property the types call required,
//   using one table of required keys that the compiler proves equal to each interface's;
// - a hand-written object of every standard type is accepted (`satisfies`);
// - obviously wrong objects are rejected (`@ts-expect-error` fails the type-check if they were not).
// The area is pure; only this test reads files, to load the fixtures.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { SCO_TYPES, SDO_TYPES, SMO_TYPES, SRO_TYPES } from '../kinds.js';
import type { ScoType, SdoType, SmoType, SroType, StandardType } from '../kinds.js';
import { isType } from './index.js';
import type {
  Artifact, AttackPattern, AutonomousSystem, Bundle, Campaign, CourseOfAction, CustomStixObject, Directory,
  DomainName, EmailAddr, EmailMessage, ExtensionDefinition, File, GranularMarking, Grouping, Identity, Incident,
  Indicator, Infrastructure, IntrusionSet, Ipv4Addr, Ipv6Addr, LanguageContent, Location, MacAddr, Malware,
  MalwareAnalysis, MarkingDefinition, Mutex, NetworkTraffic, Note, ObservedData, Opinion, Process, Relationship,
  Report, Sco, Sdo, Sighting, Smo, Software, SocketExt, Sro, StatementMarkingDefinition, StixObject,
  StixObjectByType, ThreatActor, Tlp2MarkingDefinition, TlpMarkingDefinition, Tool, Url, UserAccount,
  Vulnerability, WindowsRegistryKey, WindowsRegistryValue, WithCustom, X509Certificate,
} from './index.js';

// ---------------------------------------------------------------------------------------------
// Required keys: one table, proven equal to the interfaces by the compiler.

/**
 * The keys of `T` that are not optional; for a union, the keys required in every member. (Mapping
 * over `keyof T & string` rather than `keyof T` keeps the mapped type from distributing over a union.)
 */
type RequiredKeys<T> = { [K in keyof T & string]: [T] extends [Record<K, T[K]>] ? K : never }[keyof T & string];

const SDO_SRO_COMMON = ['type', 'spec_version', 'id', 'created', 'modified'] as const;
const SCO_COMMON = ['type', 'id'] as const;

const REQUIRED = {
  'attack-pattern': [...SDO_SRO_COMMON, 'name'],
  'campaign': [...SDO_SRO_COMMON, 'name'],
  'course-of-action': [...SDO_SRO_COMMON, 'name'],
  'grouping': [...SDO_SRO_COMMON, 'context', 'object_refs'],
  'identity': [...SDO_SRO_COMMON, 'name'],
  'incident': [...SDO_SRO_COMMON, 'name'],
  'indicator': [...SDO_SRO_COMMON, 'pattern', 'pattern_type', 'valid_from'],
  'infrastructure': [...SDO_SRO_COMMON, 'name'],
  'intrusion-set': [...SDO_SRO_COMMON, 'name'],
  'location': [...SDO_SRO_COMMON],
  'malware': [...SDO_SRO_COMMON, 'is_family'],
  'malware-analysis': [...SDO_SRO_COMMON, 'product'],
  'note': [...SDO_SRO_COMMON, 'content', 'object_refs'],
  'observed-data': [...SDO_SRO_COMMON, 'first_observed', 'last_observed', 'number_observed'],
  'opinion': [...SDO_SRO_COMMON, 'opinion', 'object_refs'],
  'report': [...SDO_SRO_COMMON, 'name', 'published', 'object_refs'],
  'threat-actor': [...SDO_SRO_COMMON, 'name'],
  'tool': [...SDO_SRO_COMMON, 'name'],
  'vulnerability': [...SDO_SRO_COMMON, 'name'],
  'relationship': [...SDO_SRO_COMMON, 'relationship_type', 'source_ref', 'target_ref'],
  'sighting': [...SDO_SRO_COMMON, 'sighting_of_ref'],
  'artifact': [...SCO_COMMON],
  'autonomous-system': [...SCO_COMMON, 'number'],
  'directory': [...SCO_COMMON, 'path'],
  'domain-name': [...SCO_COMMON, 'value'],
  'email-addr': [...SCO_COMMON, 'value'],
  'email-message': [...SCO_COMMON, 'is_multipart'],
  'file': [...SCO_COMMON],
  'ipv4-addr': [...SCO_COMMON, 'value'],
  'ipv6-addr': [...SCO_COMMON, 'value'],
  'mac-addr': [...SCO_COMMON, 'value'],
  'mutex': [...SCO_COMMON, 'name'],
  'network-traffic': [...SCO_COMMON, 'protocols'],
  'process': [...SCO_COMMON],
  'software': [...SCO_COMMON, 'name'],
  'url': [...SCO_COMMON, 'value'],
  'user-account': [...SCO_COMMON],
  'windows-registry-key': [...SCO_COMMON],
  'x509-certificate': [...SCO_COMMON],
  'extension-definition': [
    ...SDO_SRO_COMMON, 'created_by_ref', 'name', 'schema', 'version', 'extension_types',
  ],
  'language-content': [...SDO_SRO_COMMON, 'object_ref', 'contents'],
  'marking-definition': ['type', 'spec_version', 'id', 'created'],
} as const satisfies { readonly [K in keyof StixObjectByType]: readonly RequiredKeys<StixObjectByType[K]>[] };

/** Required keys a table row forgets; the compiler checks this is `never` for every type. */
type MissingRequired = {
  [K in keyof StixObjectByType]: Exclude<RequiredKeys<StixObjectByType[K]>, (typeof REQUIRED)[K][number]>;
}[keyof StixObjectByType];

/** Property names required by the types for standard type `t`. */
function requiredKeys(t: keyof StixObjectByType): readonly string[] {
  return REQUIRED[t];
}

// ---------------------------------------------------------------------------------------------
// The OASIS examples.

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/oasis-examples/', import.meta.url));

function isRecord(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStixShaped(v: unknown): v is CustomStixObject {
  return isRecord(v) && typeof v.type === 'string' && typeof v.id === 'string';
}

function isStandard(t: string): t is keyof StixObjectByType {
  return Object.hasOwn(REQUIRED, t);
}

/** Every STIX object in the examples (bundles are opened), with the file it came from. */
function loadExamples(): { file: string; object: StixObject | CustomStixObject }[] {
  const files = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
  const out: { file: string; object: StixObject | CustomStixObject }[] = [];
  for (const file of files.sort()) {
    const json: unknown = JSON.parse(readFileSync(`${FIXTURES}${file}`, 'utf8'));
    const items: unknown[] = isRecord(json) && json.type === 'bundle' && Array.isArray(json.objects) ? json.objects : [json];
    for (const item of items) {
      if (!isStixShaped(item)) throw new Error(`${file}: an item without string type and id`);
      out.push({ file, object: item });
    }
  }
  return out;
}

describe('OASIS examples', () => {
  const examples = loadExamples();

  it('are found, with the types this test expects', () => {
    expect(examples.length).toBeGreaterThan(200);
    const seen = new Set(examples.map((e) => e.object.type));
    for (const t of ['indicator', 'malware', 'relationship', 'report', 'ipv4-addr', 'domain-name', 'infrastructure']) {
      expect(seen).toContain(t);
    }
  });

  it('are all of standard types and carry every property the types require', () => {
    for (const { file, object } of examples) {
      expect(isStandard(object.type), `${file}: ${object.type}`).toBe(true);
      if (!isStandard(object.type)) continue;
      for (const key of requiredKeys(object.type)) {
        expect(object, `${file}: ${object.id} lacks ${key}`).toHaveProperty(key);
      }
    }
  });

  it('narrow by type to objects whose properties have the declared runtime types', () => {
    let narrowed = 0;
    for (const { object: o } of examples) {
      if (isType(o, 'indicator')) {
        expectTypeOf(o.pattern).toEqualTypeOf<string>();
        expect(typeof o.pattern).toBe('string');
        expect(typeof o.pattern_type).toBe('string');
        expect(Date.parse(o.valid_from)).not.toBeNaN();
      } else if (isType(o, 'malware')) {
        expect(typeof o.is_family).toBe('boolean');
        if (o.is_family) expect(typeof o.name).toBe('string');
      } else if (isType(o, 'relationship')) {
        expect(o.source_ref).toMatch(/^[a-z0-9-]+--/);
        expect(o.target_ref).toMatch(/^[a-z0-9-]+--/);
        expect(typeof o.relationship_type).toBe('string');
      } else if (isType(o, 'report')) {
        expect(Array.isArray(o.object_refs)).toBe(true);
        expect(Date.parse(o.published)).not.toBeNaN();
      } else if (isType(o, 'ipv4-addr') || isType(o, 'domain-name')) {
        expectTypeOf(o.value).toEqualTypeOf<string>();
        expect(typeof o.value).toBe('string');
      } else if (isType(o, 'identity') || isType(o, 'campaign') || isType(o, 'threat-actor') || isType(o, 'tool')) {
        expect(typeof o.name).toBe('string');
      } else {
        continue;
      }
      expect(o.id.startsWith(`${o.type}--`)).toBe(true);
      narrowed += 1;
    }
    expect(narrowed).toBeGreaterThan(200);
  });
});

// ---------------------------------------------------------------------------------------------
// Hand-written objects: one per standard type, accepted by the types.

const T = '2016-05-12T08:17:27.000Z';
const common = { spec_version: '2.1', created: T, modified: T } as const;
const IDENTITY = 'identity--eae4946b-86cf-4336-b2ae-b0fc02014e74';
const TLP_GREEN = 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da';

const attackPattern = {
  type: 'attack-pattern', ...common, id: 'attack-pattern--61212c03-7e72-4c18-a8c5-de8aac888a4b',
  name: 'Spear Phishing', external_references: [{ source_name: 'capec', external_id: 'CAPEC-163' }],
  kill_chain_phases: [{ kill_chain_name: 'lockheed-martin-cyber-kill-chain', phase_name: 'delivery' }],
} satisfies AttackPattern;

const campaign = {
  type: 'campaign', ...common, id: 'campaign--aa48e150-228e-4cec-a456-d8deee60b72f', name: 'Green Group Attacks',
  first_seen: '2016-04-06T20:03:00Z', last_seen: '2016-07-06T20:03:00Z', objective: 'Steal credentials',
  created_by_ref: IDENTITY, object_marking_refs: [TLP_GREEN],
} satisfies Campaign;

const courseOfAction = {
  type: 'course-of-action', ...common, id: 'course-of-action--54656b66-f970-43d0-b0f3-16426a39f6f0',
  name: 'Add TCP port 80 filter rule to firewall',
} satisfies CourseOfAction;

const grouping = {
  type: 'grouping', ...common, id: 'grouping--231fb039-9b7e-4274-9d8c-a4a678293879', name: 'Unusual traffic',
  context: 'suspicious-activity', object_refs: ['indicator--5748bfd3-dba4-4411-99e9-351da03e4bed'],
} satisfies Grouping;

const identity = {
  type: 'identity', ...common, id: IDENTITY, name: 'ACME CERT', identity_class: 'organization',
  sectors: ['government-national', 'emergency-services'], roles: ['CSIRT'], contact_information: 'cert@example.org',
} satisfies Identity;

const incident = {
  type: 'incident', ...common, id: 'incident--b44ef56c-4c82-415a-bdb4-bb7e1e1a36d7', name: 'Ransomware at the port',
  kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'impact' }],
} satisfies Incident;

const indicator = {
  type: 'indicator', ...common, id: 'indicator--5748bfd3-dba4-4411-99e9-351da03e4bed', name: 'C2 address',
  indicator_types: ['malicious-activity', 'x-acme-own-type'], pattern: "[ipv4-addr:value = '198.51.100.3']",
  pattern_type: 'stix', pattern_version: '2.1', valid_from: T, valid_until: '2017-05-12T08:17:27.000Z',
  lang: 'en', confidence: 85, labels: ['c2'],
  granular_markings: [
    { selectors: ['name'], marking_ref: TLP_GREEN },
    { selectors: ['description'], lang: 'de' },
  ],
} satisfies Indicator;

const infrastructure = {
  type: 'infrastructure', ...common, id: 'infrastructure--1d234372-7a6f-4056-91e9-c50be3c573bf', name: 'Poison Ivy C2',
  infrastructure_types: ['command-and-control', 'control-system'],
} satisfies Infrastructure;

const intrusionSet = {
  type: 'intrusion-set', ...common, id: 'intrusion-set--7eec33e3-c13c-4cf7-9008-c2c9710e90ed', name: 'Bobcat Breakin',
  goals: ['acquisition-theft'], resource_level: 'organization', primary_motivation: 'organizational-gain',
  secondary_motivations: ['ideology'],
} satisfies IntrusionSet;

const location = {
  type: 'location', ...common, id: 'location--00a3b3ed-056a-4d6e-87b8-70fdfba0f7c1', region: 'south-eastern-asia',
  latitude: 48.8566, longitude: 2.3522, precision: 1000, country: 'fr', administrative_area: 'FR-IDF',
} satisfies Location;

const malware = {
  type: 'malware', ...common, id: 'malware--af02b3bb-0dee-4210-884e-bd6029eaebfb', name: 'Cryptolocker',
  is_family: true, malware_types: ['ransomware'], architecture_execution_envs: ['x86-64'],
  implementation_languages: ['c++'], capabilities: ['compromises-data-availability'],
  operating_system_refs: ['software--d2239ba4-1d25-4152-93af-8f21b44f8640'],
  sample_refs: ['file--8eba3e5a-87c7-4df1-aa35-fc56cd81e67c'],
} satisfies Malware;

const malwareAnalysis = {
  type: 'malware-analysis', ...common, id: 'malware-analysis--5defc688-2a0c-406a-8fe6-e8f3c07b6872',
  product: 'microsoft', analysis_engine_version: '5.1.0', result: 'malicious',
  sample_ref: 'file--8eba3e5a-87c7-4df1-aa35-fc56cd81e67c', host_vm_ref: 'software--26c6e00f-2d9b-4549-82be-5538dd92825b',
} satisfies MalwareAnalysis;

const note = {
  type: 'note', ...common, id: 'note--abe87e3a-9144-44a4-adad-dfc46b663267', abstract: 'Tracking',
  content: 'This note indicates the various steps taken.', authors: ['John Doe'],
  object_refs: ['campaign--aa48e150-228e-4cec-a456-d8deee60b72f'],
} satisfies Note;

const observedData = {
  type: 'observed-data', ...common, id: 'observed-data--12cc8200-b13f-4044-b00d-9b2cfce2f339',
  first_observed: '2015-12-21T19:00:00Z', last_observed: '2015-12-21T19:00:00Z', number_observed: 50,
  object_refs: ['ipv4-addr--78367713-e81d-4f6f-af70-bd4122737e42'],
} satisfies ObservedData;

const observedDataLegacy = {
  type: 'observed-data', ...common, id: 'observed-data--0bdf89a5-64df-4744-878e-7b611a5e0bd3',
  first_observed: '2015-12-21T19:00:00Z', last_observed: '2015-12-21T19:00:00Z', number_observed: 1,
  objects: { '0': { type: 'ipv4-addr', value: '198.51.100.2' }, '1': { type: 'network-traffic', dst_ref: '0', protocols: ['tcp'] } },
} satisfies ObservedData;

const opinion = {
  type: 'opinion', ...common, id: 'opinion--9a2d6834-7af4-47d6-bc6f-796b39b4477f', opinion: 'strongly-disagree',
  explanation: 'This is not a C2 server.', object_refs: ['indicator--5748bfd3-dba4-4411-99e9-351da03e4bed'],
} satisfies Opinion;

const report = {
  type: 'report', ...common, id: 'report--a9df461e-6343-4fd5-b723-9513b3782dc2', name: 'The Black Vine Group',
  report_types: ['campaign', 'intrusion-set'], published: '2016-01-20T17:00:00.000Z',
  object_refs: ['campaign--aa48e150-228e-4cec-a456-d8deee60b72f'],
} satisfies Report;

const threatActor = {
  type: 'threat-actor', ...common, id: 'threat-actor--9e3d42ac-734f-46ac-9020-612acfac6520', name: 'Evil Org',
  threat_actor_types: ['crime-syndicate'], roles: ['director'], sophistication: 'advanced',
  resource_level: 'organization', primary_motivation: 'personal-gain', personal_motivations: ['revenge'],
} satisfies ThreatActor;

const tool = {
  type: 'tool', ...common, id: 'tool--1c5e5f7e-928d-498c-8e7d-3ef38a35bd26', name: 'VNC',
  tool_types: ['remote-access'], tool_version: '4.1',
} satisfies Tool;

const vulnerability = {
  type: 'vulnerability', ...common, id: 'vulnerability--9438b706-ef32-40a7-b018-ab92c2150e0e', name: 'CVE-2016-1234',
  external_references: [{ source_name: 'cve', external_id: 'CVE-2016-1234' }],
} satisfies Vulnerability;

const relationship = {
  type: 'relationship', ...common, id: 'relationship--7ae402e2-f959-4512-ba0d-425f322d7e8d',
  relationship_type: 'indicates', source_ref: indicator.id, target_ref: malware.id,
  start_time: T, stop_time: '2016-06-12T08:17:27.000Z',
} satisfies Relationship;

const sighting = {
  type: 'sighting', ...common, id: 'sighting--5d0694f0-26c3-4fc8-816a-ef599afe30bc', sighting_of_ref: indicator.id,
  count: 0, where_sighted_refs: [IDENTITY, location.id], observed_data_refs: [observedData.id], summary: false,
} satisfies Sighting;

const artifact = {
  type: 'artifact', spec_version: '2.1', id: 'artifact--6fc472d9-97f4-4335-bd1a-5561369549fc',
  mime_type: 'application/zip', url: 'https://example.com/sample.zip',
  hashes: { 'SHA-256': '6db12788c37247f2316052e142f42f4b259d6561751e5f401a1ae2a6df9c674b' },
  encryption_algorithm: 'mime-type-indicated', decryption_key: 'infected',
} satisfies Artifact;

const autonomousSystem = {
  type: 'autonomous-system', id: 'autonomous-system--3de5387c-2157-4fb1-89c7-5739c8a1c0e0', number: 15139,
  name: 'Slime Industries', rir: 'ARIN',
} satisfies AutonomousSystem;

const directory = {
  type: 'directory', id: 'directory--d426dbaf-8462-4b1a-a8a4-f3462114466b', path: 'C:\\Windows\\System32',
  contains_refs: ['file--8eba3e5a-87c7-4df1-aa35-fc56cd81e67c'],
} satisfies Directory;

const domainName = {
  type: 'domain-name', id: 'domain-name--3b4dcb85-1a1a-4c9d-8ab8-dc9f712df148', value: 'example.com',
  resolves_to_refs: ['ipv4-addr--78367713-e81d-4f6f-af70-bd4122737e42'], defanged: false,
} satisfies DomainName;

const emailAddr = {
  type: 'email-addr', id: 'email-addr--f3df8428-97e8-40b9-9668-aedbfa7e9ab7', value: 'john@example.com',
  display_name: 'John Doe', belongs_to_ref: 'user-account--bab4312b-baa3-4eb0-b572-666ad465c584',
} satisfies EmailAddr;

const emailMessage = {
  type: 'email-message', id: 'email-message--562cd7a1-5f89-413f-b6c5-86c6269023a4', is_multipart: true,
  from_ref: emailAddr.id, to_refs: [emailAddr.id], subject: 'Invoice', date: '1997-11-21T15:55:06Z',
  additional_header_fields: { 'X-Mailer': 'Mutt', Received: ['from a', 'from b'] },
  body_multipart: [
    { content_type: 'text/plain; charset=utf-8', body: 'Please see the attachment.' },
    { content_type: 'application/zip', content_disposition: 'attachment; filename="x.zip"', body_raw_ref: artifact.id },
  ],
} satisfies EmailMessage;

const file = {
  type: 'file', spec_version: '2.1', id: 'file--8eba3e5a-87c7-4df1-aa35-fc56cd81e67c', name: 'qwerty.dll',
  hashes: { MD5: '3773a88f65a5e780c8dff9cdc3a056f3', x_acme_hash: 'abc' }, size: 25536,
  parent_directory_ref: directory.id, content_ref: artifact.id,
  extensions: {
    'ntfs-ext': { sid: '1234567', alternate_data_streams: [{ name: 'second.stream', size: 25536 }] },
    'pdf-ext': { version: '1.7', document_info_dict: { Title: 'Sample document' } },
    'raster-image-ext': { image_height: 768, exif_tags: { Make: 'Nikon', XResolution: 4928 } },
    'archive-ext': { contains_refs: ['file--568320a9-a956-4693-8d35-042d01989a80'] },
    'windows-pebinary-ext': {
      pe_type: 'dll', number_of_sections: 4, time_date_stamp: '2016-01-22T12:31:12Z',
      optional_header: { magic_hex: '010b', size_of_code: 4096 },
      sections: [{ name: '.text', size: 4096, entropy: 6.2, hashes: { 'SHA-256': 'ab' } }],
    },
    'extension-definition--45906045-2f85-4e9a-98fe-eec49327249b': { extension_type: 'property-extension', rank: 5 },
  },
} satisfies File;

const ipv4Addr = {
  type: 'ipv4-addr', id: 'ipv4-addr--78367713-e81d-4f6f-af70-bd4122737e42', value: '198.51.100.3',
  belongs_to_refs: [autonomousSystem.id], resolves_to_refs: ['mac-addr--a89f54ae-3115-416c-b7d9-b6d4b773edeb'],
} satisfies Ipv4Addr;

const ipv6Addr = {
  type: 'ipv6-addr', id: 'ipv6-addr--f70cbf11-f356-452e-a1f4-e99cf2c6bb3c', value: '2001:0db8::/96',
} satisfies Ipv6Addr;

const macAddr = {
  type: 'mac-addr', id: 'mac-addr--a89f54ae-3115-416c-b7d9-b6d4b773edeb', value: 'd2:fb:49:24:37:18',
} satisfies MacAddr;

const mutex = { type: 'mutex', id: 'mutex--0bc0a010-1db7-46b2-89ec-316940acaea0', name: '__CLEANSWEEP__' } satisfies Mutex;

const networkTraffic = {
  type: 'network-traffic', id: 'network-traffic--eb8e2d80-53a6-47b8-96fe-68cd2d7ea47c', src_ref: ipv4Addr.id,
  dst_ref: domainName.id, src_port: 24678, dst_port: 80, protocols: ['ipv4', 'tcp', 'http'], is_active: false,
  start: T, end: '2016-05-12T08:18:27.000Z', ipfix: { minimumIpTotalLength: 32, tcpControlBits: '0x02' },
  extensions: {
    'http-request-ext': { request_method: 'get', request_value: '/download.html', request_header: { Host: ['www.example.com'] } },
    'tcp-ext': { src_flags_hex: '00000002' },
    'icmp-ext': { icmp_type_hex: '08', icmp_code_hex: '00' },
    'socket-ext': { address_family: 'AF_INET', socket_type: 'SOCK_STREAM', options: { SO_ACCEPTCONN: 1 } },
  },
} satisfies NetworkTraffic;

const process_ = {
  type: 'process', id: 'process--e176eeda-c81a-4102-b710-708ff3d8bc91', pid: 2217, created_time: T,
  command_line: 'C:\\Windows\\System32\\sirvizio.exe /s', image_ref: file.id,
  environment_variables: { PATH: 'C:\\Windows' },
  extensions: {
    'windows-process-ext': { aslr_enabled: true, priority: 'HIGH_PRIORITY_CLASS', integrity_level: 'high' },
    'windows-service-ext': { service_name: 'sirvizio', start_type: 'SERVICE_AUTO_START', service_type: 'SERVICE_WIN32_OWN_PROCESS', service_status: 'SERVICE_RUNNING' },
  },
} satisfies Process;

const software = {
  type: 'software', id: 'software--d2239ba4-1d25-4152-93af-8f21b44f8640', name: 'Word',
  cpe: 'cpe:2.3:a:microsoft:word:2000:*:*:*:*:*:*:*', languages: ['en'], vendor: 'Microsoft', version: '2002',
} satisfies Software;

const url = { type: 'url', id: 'url--b732b30e-6e7f-45c1-b18f-6020a1b4f3e1', value: 'https://example.com/research/index.html' } satisfies Url;

const userAccount = {
  type: 'user-account', id: 'user-account--bab4312b-baa3-4eb0-b572-666ad465c584', user_id: '1001',
  account_login: 'jdoe', account_type: 'unix', is_privileged: false, account_created: '2016-01-20T12:31:12Z',
  extensions: { 'unix-account-ext': { gid: 1001, groups: ['wheel'], home_dir: '/home/jdoe', shell: '/bin/bash' } },
} satisfies UserAccount;

const windowsRegistryKey = {
  type: 'windows-registry-key', id: 'windows-registry-key--cc1b5475-525d-4194-b19f-6a0e5dcb53ef',
  key: 'HKEY_LOCAL_MACHINE\\System\\Foo\\Bar', modified_time: T, number_of_subkeys: 2,
  values: [{ name: 'Foo', data: 'qwerty', data_type: 'REG_SZ' }, { name: '', data: '42', data_type: 'REG_DWORD' }],
} satisfies WindowsRegistryKey;

const x509Certificate = {
  type: 'x509-certificate', id: 'x509-certificate--06a93376-275a-4e40-96a9-df635fd08239',
  issuer: 'C=ZA, O=Thawte Consulting cc, CN=Thawte Server CA', serial_number: '02:08:87:83:f2:13',
  validity_not_before: '2016-03-12T12:00:00Z', validity_not_after: '2016-08-21T12:00:00Z',
  subject_public_key_exponent: 65537,
  x509_v3_extensions: { basic_constraints: 'critical,CA:TRUE, pathlen:0', private_key_usage_period_not_after: '2018-03-12T12:00:00Z' },
} satisfies X509Certificate;

const extensionDefinition = {
  type: 'extension-definition', ...common, id: 'extension-definition--45906045-2f85-4e9a-98fe-eec49327249b',
  created_by_ref: IDENTITY, name: 'Extension Foo', schema: 'https://www.example.com/schema-foo/v1/',
  version: '1.2.1', extension_types: ['property-extension', 'toplevel-property-extension'],
  extension_properties: ['toxicity', 'rank'],
} satisfies ExtensionDefinition;

const languageContent = {
  type: 'language-content', ...common, id: 'language-content--6e1762cc-de78-46f2-80df-40cad84b2aef',
  object_ref: campaign.id, object_modified: campaign.modified,
  contents: { de: { name: 'Bank Angriff' }, fr: { name: 'Attaque Bank', aliases: ['', 'Groupe vert'] } },
} satisfies LanguageContent;

const statementMarking = {
  type: 'marking-definition', spec_version: '2.1', id: 'marking-definition--6057a38b-c6d4-4c6f-9b45-faf7184b9633',
  created: '2016-08-01T00:00:00.000Z', definition_type: 'statement', definition: { statement: 'Copyright 2019, Example Corp' },
} satisfies StatementMarkingDefinition;

const tlpGreen = {
  type: 'marking-definition', spec_version: '2.1', id: TLP_GREEN, created: '2017-01-20T00:00:00.000Z',
  definition_type: 'tlp', name: 'TLP:GREEN', definition: { tlp: 'green' },
} satisfies TlpMarkingDefinition;

const tlp2Clear = {
  type: 'marking-definition', spec_version: '2.1', id: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  created: '2022-10-01T00:00:00.000Z', name: 'TLP:CLEAR',
  extensions: {
    'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': { extension_type: 'property-extension', tlp_2_0: 'clear' },
  },
} satisfies Tlp2MarkingDefinition;

const iepMarking = {
  type: 'marking-definition', spec_version: '2.1', id: 'marking-definition--98d513c6-0c78-473c-b7fd-91174513be06',
  created: T, definition_type: 'iep', definition: { tlp: 'amber', affected_party_notifications: 'may' },
} satisfies MarkingDefinition;

/** One sample of every standard type, keyed by type (the compiler checks the keys and value types). */
const SAMPLES: { readonly [K in keyof StixObjectByType]: StixObjectByType[K] } = {
  'attack-pattern': attackPattern, 'campaign': campaign, 'course-of-action': courseOfAction, 'grouping': grouping,
  'identity': identity, 'incident': incident, 'indicator': indicator, 'infrastructure': infrastructure,
  'intrusion-set': intrusionSet, 'location': location, 'malware': malware, 'malware-analysis': malwareAnalysis,
  'note': note, 'observed-data': observedData, 'opinion': opinion, 'report': report, 'threat-actor': threatActor,
  'tool': tool, 'vulnerability': vulnerability, 'relationship': relationship, 'sighting': sighting,
  'artifact': artifact, 'autonomous-system': autonomousSystem, 'directory': directory, 'domain-name': domainName,
  'email-addr': emailAddr, 'email-message': emailMessage, 'file': file, 'ipv4-addr': ipv4Addr, 'ipv6-addr': ipv6Addr,
  'mac-addr': macAddr, 'mutex': mutex, 'network-traffic': networkTraffic, 'process': process_, 'software': software,
  'url': url, 'user-account': userAccount, 'windows-registry-key': windowsRegistryKey,
  'x509-certificate': x509Certificate, 'extension-definition': extensionDefinition,
  'language-content': languageContent, 'marking-definition': tlpGreen,
};

const EXTRA_SAMPLES: readonly StixObject[] = [observedDataLegacy, statementMarking, tlp2Clear, iepMarking];

describe('hand-written objects', () => {
  const all: readonly StixObject[] = [...Object.values(SAMPLES), ...EXTRA_SAMPLES];

  it('cover every standard type and carry every required property', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...SDO_TYPES, ...SRO_TYPES, ...SCO_TYPES, ...SMO_TYPES].sort());
    for (const o of all) {
      expect(isStandard(o.type)).toBe(true);
      for (const key of requiredKeys(o.type)) expect(o, `${o.id} lacks ${key}`).toHaveProperty(key);
      expect(o.id.startsWith(`${o.type}--`)).toBe(true);
    }
  });

  it('narrow with isType, and only to their own type', () => {
    const o: StixObject | CustomStixObject = indicator;
    expect(isType(o, 'indicator')).toBe(true);
    expect(isType(o, 'malware')).toBe(false);
    if (isType(o, 'indicator')) expectTypeOf(o).toEqualTypeOf<Indicator>();
    const m: StixObject = tlp2Clear;
    if (isType(m, 'marking-definition') && m.definition_type === undefined) {
      expectTypeOf(m.extensions).toExtend<object>();
      expect(m.extensions).toHaveProperty(['extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d', 'tlp_2_0'], 'clear');
    } else {
      expect.unreachable('the TLP 2.0 marking is the extension form');
    }
  });

  it('admit x_ custom properties through WithCustom, and anything through CustomStixObject', () => {
    const withCustom = { ...indicator, x_acme_score: 7, x_acme_notes: { seen: true } } satisfies WithCustom<Indicator>;
    const customObject = {
      type: 'x-acme-widget', id: 'x-acme-widget--7c99a2f5-2463-4ae9-b6f6-aa014ecf14c4', spec_version: '2.1', color: 'blue',
    } satisfies CustomStixObject;
    const bundle = {
      type: 'bundle', id: 'bundle--8a95c3f3-d630-4fa7-b4ec-5a234a619e9d', objects: [indicator, withCustom, customObject],
    } satisfies Bundle;
    expect(bundle.objects.map((x) => x.type)).toEqual(['indicator', 'indicator', 'x-acme-widget']);
    expect(isType(customObject, 'indicator')).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Compile-time facts. These are checked by `tsc`; at runtime the assertions do nothing.

describe('compile-time shape', () => {
  it('maps exactly the standard types, split by kind as in kinds.ts', () => {
    expectTypeOf<keyof StixObjectByType>().toEqualTypeOf<StandardType>();
    expectTypeOf<Sdo['type']>().toEqualTypeOf<SdoType>();
    expectTypeOf<Sro['type']>().toEqualTypeOf<SroType>();
    expectTypeOf<Sco['type']>().toEqualTypeOf<ScoType>();
    expectTypeOf<Smo['type']>().toEqualTypeOf<SmoType>();
    expectTypeOf<MissingRequired>().toBeNever();
  });

  it('types ids by object type, open vocabularies as any string, enumerations as closed unions', () => {
    expectTypeOf<Indicator['id']>().toEqualTypeOf<`indicator--${string}`>();
    expectTypeOf<'my-own-type'>().toExtend<NonNullable<Malware['malware_types']>[number]>();
    expectTypeOf<'maybe'>().not.toExtend<Opinion['opinion']>();
    expectTypeOf<'REG_FOO'>().not.toExtend<NonNullable<WindowsRegistryValue['data_type']>>();
  });

  it('rejects obviously wrong objects', () => {
    const { pattern: _pattern, ...noPattern } = indicator;
    // @ts-expect-error -- pattern is required
    const _a: Indicator = noPattern;
    const { is_family: _isFamily, ...noIsFamily } = malware;
    // @ts-expect-error -- is_family is required
    const _b: Malware = noIsFamily;
    const { created_by_ref: _creator, ...noCreator } = extensionDefinition;
    // @ts-expect-error -- an extension definition must name its creator
    const _c: ExtensionDefinition = noCreator;
    // @ts-expect-error -- opinion is a closed enumeration
    const _d: Opinion = { ...opinion, opinion: 'maybe' };
    // @ts-expect-error -- address_family is a closed enumeration
    const _e: SocketExt = { address_family: 'AF_FOO' };
    // @ts-expect-error -- data_type is a closed enumeration
    const _f: WindowsRegistryValue = { name: 'Foo', data_type: 'REG_FOO' };
    // @ts-expect-error -- encryption_algorithm is a closed enumeration
    const _g: Artifact = { ...artifact, encryption_algorithm: 'rot13' };
    // @ts-expect-error -- extension_types is a closed enumeration
    const _h: ExtensionDefinition = { ...extensionDefinition, extension_types: ['new-thing'] };
    // @ts-expect-error -- TLP 1.0 has four levels
    const _i: TlpMarkingDefinition = { ...tlpGreen, definition: { tlp: 'purple' } };
    // @ts-expect-error -- spec_version of a 2.1 object is '2.1'
    const _j: Campaign = { ...campaign, spec_version: '2.0' };
    // @ts-expect-error -- the id must be of the object's own type
    const _k: Indicator = { ...indicator, id: 'malware--af02b3bb-0dee-4210-884e-bd6029eaebfb' };
    // @ts-expect-error -- a custom property needs the x_ prefix (and WithCustom)
    const _l: Indicator = { ...indicator, acme_score: 7 };
    // @ts-expect-error -- SCOs are not versioned: no created
    const _m: Ipv4Addr = { ...ipv4Addr, created: T };
    // @ts-expect-error -- a granular marking is a data marking or a language marking, not both
    const _n: GranularMarking = { selectors: ['name'], marking_ref: TLP_GREEN, lang: 'de' };
    // @ts-expect-error -- sample_refs point at files or artifacts only
    const _o: Malware = { ...malware, sample_refs: ['url--b732b30e-6e7f-45c1-b18f-6020a1b4f3e1'] };
    // @ts-expect-error -- protocols is required
    const _p: NetworkTraffic = { type: 'network-traffic', id: networkTraffic.id, src_ref: ipv4Addr.id };
    expect(true).toBe(true);
  });
});
