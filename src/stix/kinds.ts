// The STIX 2.1 object types defined by the specification, grouped by kind (SDO, SRO, SCO, SMO),
// and the id-format helpers everything else builds on. Types not listed here are custom types.

/** STIX Domain Objects (STIX 2.1 §4). */
export const SDO_TYPES = [
  'attack-pattern', 'campaign', 'course-of-action', 'grouping', 'identity', 'incident', 'indicator',
  'infrastructure', 'intrusion-set', 'location', 'malware', 'malware-analysis', 'note', 'observed-data',
  'opinion', 'report', 'threat-actor', 'tool', 'vulnerability',
] as const;

/** STIX Relationship Objects (STIX 2.1 §5). */
export const SRO_TYPES = ['relationship', 'sighting'] as const;

/** STIX Cyber-observable Objects (STIX 2.1 §6). */
export const SCO_TYPES = [
  'artifact', 'autonomous-system', 'directory', 'domain-name', 'email-addr', 'email-message', 'file',
  'ipv4-addr', 'ipv6-addr', 'mac-addr', 'mutex', 'network-traffic', 'process', 'software', 'url',
  'user-account', 'windows-registry-key', 'x509-certificate',
] as const;

/** STIX Meta Objects (STIX 2.1 §7). */
export const SMO_TYPES = ['extension-definition', 'language-content', 'marking-definition'] as const;

export type SdoType = (typeof SDO_TYPES)[number];
export type SroType = (typeof SRO_TYPES)[number];
export type ScoType = (typeof SCO_TYPES)[number];
export type SmoType = (typeof SMO_TYPES)[number];
export type StandardType = SdoType | SroType | ScoType | SmoType;

export type Kind = 'sdo' | 'sro' | 'sco' | 'smo' | 'bundle' | 'custom';

const kindByType: ReadonlyMap<string, Kind> = new Map<string, Kind>([
  ...SDO_TYPES.map((t) => [t, 'sdo'] as const),
  ...SRO_TYPES.map((t) => [t, 'sro'] as const),
  ...SCO_TYPES.map((t) => [t, 'sco'] as const),
  ...SMO_TYPES.map((t) => [t, 'smo'] as const),
  ['bundle', 'bundle'] as const,
]);

/** The kind of a standard type, or `custom` for any other type name. */
export function kindOf(type: string): Kind {
  return kindByType.get(type) ?? 'custom';
}

/** True when `type` is one the specification defines. */
export function isStandardType(type: string): type is StandardType {
  const k = kindByType.get(type);
  return k !== undefined && k !== 'bundle';
}

/** STIX identifier: `type--UUID` (§2.9); the UUID may be any RFC 4122 version 1–5. */
export const IDENTIFIER_RE = /^([a-z][a-z0-9-]+[a-z0-9])--([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12})$/;

/** The type part of a STIX identifier, or undefined when `id` is not an identifier. */
export function typeOfId(id: string): string | undefined {
  const sep = id.indexOf('--');
  if (sep <= 0) return undefined;
  return IDENTIFIER_RE.test(id) ? id.slice(0, sep) : undefined;
}
