// Which object types each embedded reference (`*_ref` / `*_refs` property) may point to, as the
// STIX 2.1 specification defines them, written once as data. Section numbers are those of
// STIX 2.1 (with Errata 01). The schemas check a few of these (sighting, malware-analysis); most
// SCO references are typed only as `string` there, so this table is the one source of truth.
//
// `path` is the property's location inside the object with list indices left out and
// extension keys kept: `extensions.archive-ext.contains_refs`, `granular_markings.marking_ref`.

import type { Kind } from '../kinds.js';

/** What a reference may point to: named types and/or whole kinds (`custom` = any non-standard type). */
export interface RefTarget {
  readonly types?: readonly string[];
  readonly kinds?: readonly Exclude<Kind, 'bundle'>[];
  /** Types excluded even though their kind is allowed. */
  readonly except?: readonly string[];
}

export interface RefRule {
  /** Object types the rule applies to; `*` for every object (common properties). */
  readonly on: readonly string[] | '*';
  readonly path: string;
  readonly target: RefTarget;
  /** Where the specification says so. */
  readonly section: string;
}

const SDO_SCO_SRO_SMO_CUSTOM: RefTarget = { kinds: ['sdo', 'sco', 'sro', 'smo', 'custom'] };
const SCO_OR_CUSTOM: RefTarget = { kinds: ['sco', 'custom'] };
const NETWORK_ENDPOINT: RefTarget = { types: ['ipv4-addr', 'ipv6-addr', 'mac-addr', 'domain-name'] };

/** Every embedded reference the specification defines, with what it may point to. */
export const REF_RULES: readonly RefRule[] = [
  // Common properties (§3.2) and data markings (§7.2)
  { on: '*', path: 'created_by_ref', target: { types: ['identity'] }, section: '§3.2' },
  { on: '*', path: 'object_marking_refs', target: { types: ['marking-definition'] }, section: '§3.2, §7.2.2' },
  { on: '*', path: 'granular_markings.marking_ref', target: { types: ['marking-definition'] }, section: '§7.2.3' },

  // SDOs (§4)
  { on: ['grouping'], path: 'object_refs', target: SDO_SCO_SRO_SMO_CUSTOM, section: '§4.4' },
  { on: ['malware'], path: 'operating_system_refs', target: { types: ['software'] }, section: '§4.11' },
  { on: ['malware'], path: 'sample_refs', target: { types: ['file', 'artifact'] }, section: '§4.11' },
  { on: ['malware-analysis'], path: 'host_vm_ref', target: { types: ['software'] }, section: '§4.12' },
  { on: ['malware-analysis'], path: 'operating_system_ref', target: { types: ['software'] }, section: '§4.12' },
  { on: ['malware-analysis'], path: 'installed_software_refs', target: { types: ['software'] }, section: '§4.12' },
  { on: ['malware-analysis'], path: 'analysis_sco_refs', target: SCO_OR_CUSTOM, section: '§4.12' },
  { on: ['malware-analysis'], path: 'sample_ref', target: { types: ['file', 'network-traffic', 'artifact'] }, section: '§4.12' },
  { on: ['note'], path: 'object_refs', target: SDO_SCO_SRO_SMO_CUSTOM, section: '§4.13' },
  // "A list of SCOs and SROs representing the observation" (custom SCOs included).
  { on: ['observed-data'], path: 'object_refs', target: { kinds: ['sco', 'sro', 'custom'] }, section: '§4.14' },
  { on: ['opinion'], path: 'object_refs', target: SDO_SCO_SRO_SMO_CUSTOM, section: '§4.15' },
  { on: ['report'], path: 'object_refs', target: SDO_SCO_SRO_SMO_CUSTOM, section: '§4.16' },

  // SROs (§5): relationships join SDOs and SCOs (custom objects included), never SROs or SMOs.
  { on: ['relationship'], path: 'source_ref', target: { kinds: ['sdo', 'sco', 'custom'] }, section: '§5.1' },
  { on: ['relationship'], path: 'target_ref', target: { kinds: ['sdo', 'sco', 'custom'] }, section: '§5.1' },
  { on: ['sighting'], path: 'sighting_of_ref', target: { kinds: ['sdo', 'custom'] }, section: '§5.2' },
  { on: ['sighting'], path: 'observed_data_refs', target: { types: ['observed-data'] }, section: '§5.2' },
  { on: ['sighting'], path: 'where_sighted_refs', target: { types: ['identity', 'location'] }, section: '§5.2' },

  // SCOs (§6)
  { on: ['directory'], path: 'contains_refs', target: { types: ['file', 'directory'] }, section: '§6.3' },
  { on: ['domain-name'], path: 'resolves_to_refs', target: { types: ['ipv4-addr', 'ipv6-addr', 'domain-name'] }, section: '§6.4' },
  { on: ['email-addr'], path: 'belongs_to_ref', target: { types: ['user-account'] }, section: '§6.5' },
  { on: ['email-message'], path: 'from_ref', target: { types: ['email-addr'] }, section: '§6.6' },
  { on: ['email-message'], path: 'sender_ref', target: { types: ['email-addr'] }, section: '§6.6' },
  { on: ['email-message'], path: 'to_refs', target: { types: ['email-addr'] }, section: '§6.6' },
  { on: ['email-message'], path: 'cc_refs', target: { types: ['email-addr'] }, section: '§6.6' },
  { on: ['email-message'], path: 'bcc_refs', target: { types: ['email-addr'] }, section: '§6.6' },
  { on: ['email-message'], path: 'raw_email_ref', target: { types: ['artifact'] }, section: '§6.6' },
  { on: ['email-message'], path: 'body_multipart.body_raw_ref', target: { types: ['artifact', 'file'] }, section: '§6.6.2' },
  { on: ['file'], path: 'parent_directory_ref', target: { types: ['directory'] }, section: '§6.7' },
  { on: ['file'], path: 'contains_refs', target: SCO_OR_CUSTOM, section: '§6.7' },
  { on: ['file'], path: 'content_ref', target: { types: ['artifact'] }, section: '§6.7' },
  { on: ['file'], path: 'extensions.archive-ext.contains_refs', target: { types: ['file', 'directory'] }, section: '§6.7.2' },
  { on: ['ipv4-addr', 'ipv6-addr'], path: 'resolves_to_refs', target: { types: ['mac-addr'] }, section: '§6.8, §6.9' },
  { on: ['ipv4-addr', 'ipv6-addr'], path: 'belongs_to_refs', target: { types: ['autonomous-system'] }, section: '§6.8, §6.9' },
  { on: ['network-traffic'], path: 'src_ref', target: NETWORK_ENDPOINT, section: '§6.12' },
  { on: ['network-traffic'], path: 'dst_ref', target: NETWORK_ENDPOINT, section: '§6.12' },
  { on: ['network-traffic'], path: 'src_payload_ref', target: { types: ['artifact'] }, section: '§6.12' },
  { on: ['network-traffic'], path: 'dst_payload_ref', target: { types: ['artifact'] }, section: '§6.12' },
  { on: ['network-traffic'], path: 'encapsulates_refs', target: { types: ['network-traffic'] }, section: '§6.12' },
  { on: ['network-traffic'], path: 'encapsulated_by_ref', target: { types: ['network-traffic'] }, section: '§6.12' },
  { on: ['network-traffic'], path: 'extensions.http-request-ext.message_body_data_ref', target: { types: ['artifact'] }, section: '§6.12.2' },
  { on: ['process'], path: 'opened_connection_refs', target: { types: ['network-traffic'] }, section: '§6.13' },
  { on: ['process'], path: 'creator_user_ref', target: { types: ['user-account'] }, section: '§6.13' },
  { on: ['process'], path: 'image_ref', target: { types: ['file'] }, section: '§6.13' },
  { on: ['process'], path: 'parent_ref', target: { types: ['process'] }, section: '§6.13' },
  { on: ['process'], path: 'child_refs', target: { types: ['process'] }, section: '§6.13' },
  { on: ['process'], path: 'extensions.windows-service-ext.service_dll_refs', target: { types: ['file'] }, section: '§6.13.3' },
  { on: ['windows-registry-key'], path: 'creator_user_ref', target: { types: ['user-account'] }, section: '§6.17' },

  // SMOs (§7)
  { on: ['language-content'], path: 'object_ref', target: { kinds: ['sdo', 'sco', 'sro', 'smo', 'custom'], except: ['language-content'] }, section: '§7.1' },
];

/**
 * Property subtrees whose keys are not property names, so a key ending in `_ref` there is data,
 * not a reference: the deprecated observable container (its refs are local keys like "0"),
 * language-content `contents`, and the dictionaries the specification defines.
 */
export const NOT_PROPERTY_SUBTREES: ReadonlyMap<string, readonly string[]> = new Map([
  ['observed-data', ['objects']],
  ['language-content', ['contents']],
  ['email-message', ['additional_header_fields']],
  ['network-traffic', ['ipfix', 'extensions.http-request-ext.request_header', 'extensions.socket-ext.options']],
  ['process', ['environment_variables', 'extensions.windows-process-ext.startup_info']],
  ['file', ['extensions.pdf-ext.document_info_dict', 'extensions.raster-image-ext.exif_tags']],
]);

const byType: ReadonlyMap<string, ReadonlyMap<string, RefRule>> = (() => {
  const m = new Map<string, Map<string, RefRule>>();
  for (const r of REF_RULES) {
    for (const t of r.on === '*' ? ['*'] : r.on) {
      let inner = m.get(t);
      if (inner === undefined) m.set(t, (inner = new Map<string, RefRule>()));
      inner.set(r.path, r);
    }
  }
  return m;
})();

const common = byType.get('*');

/** The rule for a reference property at `path` on an object of `type`, if the specification defines one. */
export function refRuleFor(type: string, path: string): RefRule | undefined {
  return byType.get(type)?.get(path) ?? common?.get(path);
}

/** Describes a target for messages: "an identity or a location", "any SDO, any SCO or any custom object". */
export function describeTarget(t: RefTarget): string {
  const parts: string[] = (t.types ?? []).map((type) => (/^[aeiox]/.test(type) ? `an ${type}` : `a ${type}`));
  const kindNames: Record<string, string> = { sdo: 'SDO', sco: 'SCO', sro: 'SRO', smo: 'SMO', custom: 'custom object' };
  for (const k of t.kinds ?? []) parts.push(`any ${kindNames[k] ?? k}`);
  const text = parts.length <= 1 ? (parts[0] ?? 'nothing') : `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1] ?? ''}`;
  return t.except !== undefined && t.except.length > 0 ? `${text} (not ${t.except.join(', ')})` : text;
}
