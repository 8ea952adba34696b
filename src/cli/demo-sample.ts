// The sample intelligence `accord demo` imports on its first node and the shares it makes of it:
// a small, realistic STIX 2.1 picture (an ATT&CK technique, a threat actor, its loader, two
// indicators and the relationships between them), each object carrying its TLP 2.0 marking
// inline, and one share per audience the sharing policy knows (docs/sharing-policy.md). Every
// name, domain and address is fictional (example.net, TEST-NET-3, user-assigned country codes).
import { tlpMarkingId, type TlpLevel } from '../stix/index.js';

/** One member of the demo: its data folder's name, member name and kind. */
export interface DemoMember {
  readonly slug: string;
  readonly name: string;
  readonly country?: string;
}

/** Up to six members; the first three are the ones every demo has. */
export const DEMO_MEMBERS: readonly DemoMember[] = [
  { slug: 'alpha', name: 'CERT-Alpha (demo)', country: 'XA' },
  { slug: 'bravo', name: 'CERT-Bravo (demo)', country: 'XB' },
  { slug: 'regional', name: 'Regional Organisation (demo)' },
  { slug: 'charlie', name: 'CERT-Charlie (demo)', country: 'XC' },
  { slug: 'delta', name: 'CERT-Delta (demo)', country: 'XD' },
  { slug: 'echo', name: 'CERT-Echo (demo)', country: 'XE' },
];

/** The demo's sharing group: Alpha and Bravo at version 1; the regional organisation joins at version 2. */
export const DEMO_GROUP = { id: 'x-accord-group--5d1e7c3a-9b2f-4e6d-8a1c-3f4b5e6d7a8b', name: 'Demo working group' } as const;

/** The sharing groups setting for the demo members (ids in DEMO_MEMBERS order). */
export function demoSharingGroups(memberIds: readonly string[]): unknown[] {
  const [alpha, bravo, regional] = memberIds;
  return [{
    id: DEMO_GROUP.id, name: DEMO_GROUP.name,
    versions: [{ version: 1, members: [alpha, bravo] }, { version: 2, members: [alpha, bravo, regional] }],
  }];
}

/** Who a sample object is shared with; member indexes are into DEMO_MEMBERS. */
export type DemoAudience =
  | { readonly kind: 'all'; readonly relay: boolean }
  | { readonly kind: 'group'; readonly version: number }
  | { readonly kind: 'member'; readonly member: number }
  | { readonly kind: 'sharer' };

/** One share the demo makes: which sample object, at which TLP, to whom, and in plain words. */
export interface DemoShare {
  readonly objectId: string;
  readonly label: string;
  readonly tlp: TlpLevel;
  readonly audience: DemoAudience;
  readonly says: string;
}

const CREATED = '2025-03-04T09:15:00.000Z';
const ID = {
  attackPattern: 'attack-pattern--7e1c2b4d-3a5f-4c6e-9d8b-1a2b3c4d5e6f',
  actor: 'threat-actor--2f4e6a8c-1b3d-4f5a-8c7e-9d0a1b2c3d4e',
  malware: 'malware--9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  domainIndicator: 'indicator--4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d',
  ipIndicator: 'indicator--8d7c6b5a-4f3e-4d2c-8b1a-0f9e8d7c6b5a',
} as const;

/** The `accord share` command lines' audiences, in the order the demo makes them. */
export const DEMO_SHARES: readonly DemoShare[] = [
  { objectId: ID.attackPattern, label: 'attack-pattern T1566.001 Spearphishing Attachment', tlp: 'clear', audience: { kind: 'all', relay: true }, says: 'every member, relay allowed' },
  { objectId: ID.actor, label: 'threat-actor "Ember Jackal"', tlp: 'green', audience: { kind: 'group', version: 1 }, says: `${DEMO_GROUP.name} as of version 1 (Alpha, Bravo)` },
  { objectId: ID.domainIndicator, label: 'indicator: C2 domain update-check.dustpine.example.net', tlp: 'amber', audience: { kind: 'member', member: 1 }, says: 'CERT-Bravo alone' },
  { objectId: ID.ipIndicator, label: 'indicator: staging server 203.0.113.47', tlp: 'red', audience: { kind: 'member', member: 2 }, says: 'the Regional Organisation alone, no relay' },
  { objectId: ID.malware, label: 'malware "DustPine" loader', tlp: 'amber', audience: { kind: 'sharer' }, says: 'no one else (kept: sharer only)' },
];

/** The sample objects, created by `creator` (the first member's identity), as one STIX bundle. */
export function demoBundle(creator: string): Record<string, unknown> {
  const common = (id: string, tlp: TlpLevel): Record<string, unknown> => ({
    spec_version: '2.1', id, created: CREATED, modified: CREATED, created_by_ref: creator, object_marking_refs: [tlpMarkingId(tlp)],
  });
  const objects = [
    {
      type: 'attack-pattern', ...common(ID.attackPattern, 'clear'), name: 'Spearphishing Attachment',
      description: 'Adversaries send emails with a malicious attachment to gain access to victim systems.',
      external_references: [{ source_name: 'mitre-attack', external_id: 'T1566.001', url: 'https://attack.mitre.org/techniques/T1566/001/' }],
      kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'initial-access' }],
    },
    {
      type: 'threat-actor', ...common(ID.actor, 'green'), name: 'Ember Jackal',
      description: 'A fictional group that targets emergency services with extortion and disruption.',
      threat_actor_types: ['terrorist'], aliases: ['EJ-7'], first_seen: '2024-11-02T00:00:00.000Z',
      roles: ['agent'], sophistication: 'intermediate', resource_level: 'organization', primary_motivation: 'ideology',
    },
    {
      type: 'malware', ...common(ID.malware, 'amber'), name: 'DustPine', is_family: true,
      description: 'A loader delivered in document attachments; it fetches its second stage over HTTPS.',
      malware_types: ['dropper'], capabilities: ['communicates-with-c2'],
    },
    {
      type: 'indicator', ...common(ID.domainIndicator, 'amber'), name: 'DustPine C2 domain',
      indicator_types: ['malicious-activity'], pattern: "[domain-name:value = 'update-check.dustpine.example.net']",
      pattern_type: 'stix', valid_from: CREATED,
    },
    {
      type: 'indicator', ...common(ID.ipIndicator, 'red'), name: 'Ember Jackal staging server',
      indicator_types: ['malicious-activity'], pattern: "[ipv4-addr:value = '203.0.113.47'] AND [network-traffic:dst_port = 8443]",
      pattern_type: 'stix', valid_from: CREATED,
    },
    relationship('relationship--1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e', 'uses', ID.actor, ID.attackPattern, 'green'),
    relationship('relationship--6e5d4c3b-2a1f-4e0d-9c8b-7a6f5e4d3c2b', 'uses', ID.actor, ID.malware, 'amber'),
    relationship('relationship--0a9b8c7d-6e5f-4a4b-8c3d-2e1f0a9b8c7d', 'indicates', ID.domainIndicator, ID.malware, 'amber'),
  ];
  function relationship(id: string, type: string, source: string, target: string, tlp: TlpLevel): Record<string, unknown> {
    return { type: 'relationship', ...common(id, tlp), relationship_type: type, source_ref: source, target_ref: target };
  }
  return { type: 'bundle', id: 'bundle--3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f', objects };
}
