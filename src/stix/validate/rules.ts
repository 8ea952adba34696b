// The catalogue of the validator's own rule codes (schema findings are `schema.<keyword>`).
// Every finding the validator emits uses one of these codes or a `schema.` code; a test checks it.

import type { Severity } from '../issue.js';

export interface RuleInfo {
  readonly severity: Severity;
  readonly summary: string;
  /** STIX 2.1 section(s) the rule enforces. */
  readonly section: string;
}

/** Rule code → what it enforces. */
export const VALIDATION_RULES: Readonly<Record<string, RuleInfo>> = {
  'object.not-an-object': { severity: 'error', summary: 'a STIX object is a JSON object', section: '§3' },
  'type.bundle': { severity: 'error', summary: 'a bundle is validated object by object, not as an object', section: '§8' },
  'type.name': { severity: 'error', summary: 'type names: a–z, 0–9, single hyphens, 3–250 characters, starting with a letter', section: '§3.1' },
  'custom-object.deprecated': { severity: 'warning', summary: 'custom object type without a new-sdo/new-sco/new-sro extension', section: '§11.2' },
  'id.type-mismatch': { severity: 'error', summary: 'the type part of id equals type', section: '§2.9' },
  'spec-version.unsupported': { severity: 'error', summary: 'spec_version must be 2.1', section: '§3.2' },
  'timestamp.invalid': { severity: 'error', summary: 'timestamp properties hold real RFC 3339 UTC timestamps ending in Z', section: '§2.16' },
  'timestamp.precision': { severity: 'error', summary: 'created and modified are precise to the millisecond or finer', section: '§3.2' },
  'timestamp-order.modified-before-created': { severity: 'error', summary: 'modified >= created', section: '§3.2' },
  'timestamp-order.valid-until-not-after-valid-from': { severity: 'error', summary: 'indicator valid_until > valid_from', section: '§4.7' },
  'timestamp-order.last-seen-before-first-seen': { severity: 'error', summary: 'last_seen >= first_seen', section: '§4.2, §4.8, §4.9, §4.11, §4.17, §5.2' },
  'timestamp-order.last-observed-before-first-observed': { severity: 'error', summary: 'observed-data last_observed >= first_observed', section: '§4.14' },
  'timestamp-order.stop-time-not-after-start-time': { severity: 'error', summary: 'relationship stop_time > start_time', section: '§5.1' },
  'timestamp-order.end-before-start': { severity: 'error', summary: 'network-traffic end >= start', section: '§6.12' },
  'network-traffic.end-while-active': { severity: 'error', summary: 'network-traffic has no end while is_active is true', section: '§6.12' },
  'ref.not-identifier': { severity: 'error', summary: 'an embedded reference the specification defines is a STIX identifier', section: '§2.9' },
  'ref.wrong-type': { severity: 'error', summary: 'an embedded reference points to a type the specification allows for it', section: '§3–§7' },
  'ref.custom-not-identifier': { severity: 'warning', summary: 'a custom property ending in _ref/_refs holds something else than identifiers', section: '§2.9' },
  'custom-property.name': { severity: 'error', summary: 'custom property names: a–z, 0–9, underscore, 3–250 characters', section: '§3.1, §11.1' },
  'custom-property.deprecated': { severity: 'warning', summary: 'custom property not declared by a toplevel-property-extension', section: '§11.1' },
  'extension.key': { severity: 'error', summary: 'extension keys are extension-definition ids or predefined -ext names', section: '§7.3' },
  'extension.type': { severity: 'error', summary: 'extension_type is one of the five extension types', section: '§10.5' },
  'extension.type-not-declared': { severity: 'error', summary: 'the extension-definition lists the extension_type used', section: '§7.3' },
  'extension.new-type-on-standard-object': { severity: 'error', summary: 'new-sdo/new-sco/new-sro extensions only on custom object types', section: '§7.3' },
  'extension.wrong-object-type': { severity: 'error', summary: 'predefined SCO extensions only on their own SCO type', section: '§6' },
  'extension.custom-deprecated': { severity: 'warning', summary: 'custom -ext extensions are deprecated', section: '§11.3' },
  'observed-data.objects-deprecated': { severity: 'warning', summary: 'the observable container (objects) is deprecated; its SCOs may lack ids', section: '§2.13, §4.14' },
  'sco-id.not-deterministic': { severity: 'warning', summary: 'SCO ids SHOULD be the UUIDv5 of their ID-contributing properties', section: '§2.9' },
  'tlp.altered': { severity: 'error', summary: 'a TLP marking definition with an official id has exactly the official content', section: '§7.2.1.4; OASIS TLP 2.0 extension' },
  'tlp.unofficial': { severity: 'error', summary: 'TLP marking definitions are only the official ones', section: '§7.2.1.4; OASIS TLP 2.0 extension' },
};
