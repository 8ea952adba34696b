// Timestamps: every property the specification types as `timestamp` must be a real STIX
// timestamp (§2.16: RFC 3339, UTC, `Z`; the schemas check the syntax but accept Feb 30 and
// friends), `created`/`modified` must be precise to the millisecond (§3.2), and the orderings the
// specification states between pairs of timestamps must hold.

import { pointer } from '../issue.js';
import { STIX_TIMESTAMP_RE, compareValidTimestamps, isStixTimestamp } from '../timestamp.js';
import { isJsonObject, show, type JsonObject } from './findings.js';
import type { Findings } from './findings.js';

/** Timestamp-typed properties per type, as dotted paths (list indices left out). */
export const TIMESTAMP_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  campaign: ['first_seen', 'last_seen'], // §4.2
  indicator: ['valid_from', 'valid_until'], // §4.7
  infrastructure: ['first_seen', 'last_seen'], // §4.8
  'intrusion-set': ['first_seen', 'last_seen'], // §4.9
  malware: ['first_seen', 'last_seen'], // §4.11
  'malware-analysis': ['submitted', 'analysis_started', 'analysis_ended'], // §4.12
  'observed-data': ['first_observed', 'last_observed'], // §4.14
  report: ['published'], // §4.16
  'threat-actor': ['first_seen', 'last_seen'], // §4.17
  relationship: ['start_time', 'stop_time'], // §5.1
  sighting: ['first_seen', 'last_seen'], // §5.2
  directory: ['ctime', 'mtime', 'atime'], // §6.3
  'email-message': ['date'], // §6.6
  file: ['ctime', 'mtime', 'atime', 'extensions.windows-pebinary-ext.time_date_stamp'], // §6.7
  'network-traffic': ['start', 'end'], // §6.12
  process: ['created_time'], // §6.13
  'user-account': ['account_created', 'account_expires', 'credential_last_changed', 'account_first_login', 'account_last_login'], // §6.16
  'windows-registry-key': ['modified_time'], // §6.17
  'x509-certificate': [
    'validity_not_before', 'validity_not_after',
    'x509_v3_extensions.private_key_usage_period_not_before', 'x509_v3_extensions.private_key_usage_period_not_after',
  ], // §6.18
  'language-content': ['object_modified'], // §7.1
};

const SEEN_SECTION: Readonly<Record<string, string>> = {
  campaign: '§4.2', infrastructure: '§4.8', 'intrusion-set': '§4.9', malware: '§4.11', 'threat-actor': '§4.17', sighting: '§5.2',
};

function at(obj: JsonObject, dotted: string): unknown {
  if (!dotted.includes('.')) return obj[dotted];
  let v: unknown = obj;
  for (const part of dotted.split('.')) v = isJsonObject(v) ? v[part] : undefined;
  return v;
}

function pathOf(dotted: string): string {
  return dotted.split('.').reduce((p, part) => pointer(p, part), '');
}

function checkValid(f: Findings, prop: string, path: string, value: unknown): boolean {
  if (typeof value !== 'string') return false; // the schema reports wrong JSON types
  if (isStixTimestamp(value)) return true;
  const why = STIX_TIMESTAMP_RE.test(value)
    ? 'is not a real date and time (day, hour, minute or second out of range)'
    : /[+-]\d{2}:?\d{2}$/.test(value) || !value.endsWith('Z')
      ? 'must be in UTC and end with Z'
      : 'must have the form YYYY-MM-DDTHH:mm:ss[.s+]Z';
  f.error('timestamp.invalid', path, `${prop}: ${show(value)} is not a STIX timestamp — it ${why} (STIX 2.1 §2.16)`);
  return false;
}

function order(
  f: Findings, obj: JsonObject, earlier: string, later: string, strict: boolean, rule: string, section: string,
): void {
  const a = obj[earlier];
  const b = obj[later];
  if (typeof a !== 'string' || typeof b !== 'string' || !isStixTimestamp(a) || !isStixTimestamp(b)) return;
  const c = compareValidTimestamps(b, a);
  if (c < 0 || (strict && c === 0)) {
    f.error(
      rule, pointer('', later),
      `${later} (${b}) must be ${strict ? 'later than' : 'the same as or later than'} ${earlier} (${a}) (STIX 2.1 ${section})`,
    );
  }
}

/** Checks the timestamp-typed properties of an object of type `type` and the orderings between them. */
export function checkTimestamps(f: Findings, type: string, obj: JsonObject): void {
  for (const prop of ['created', 'modified']) {
    const v = obj[prop];
    if (v === undefined) continue;
    const path = `/${prop}`;
    // A valid timestamp has its fraction between index 20 and the final Z.
    if (checkValid(f, prop, path, v) && typeof v === 'string' && v.length < 24) {
      f.error('timestamp.precision', path, `${prop}: ${show(v)} must be precise to at least the millisecond (STIX 2.1 §3.2)`);
    }
  }
  for (const dotted of TIMESTAMP_PROPERTIES[type] ?? []) {
    const v = at(obj, dotted);
    if (v !== undefined && !(typeof v === 'string' && isStixTimestamp(v))) {
      checkValid(f, dotted.split('.').pop() ?? dotted, pathOf(dotted), v);
    }
  }

  order(f, obj, 'created', 'modified', false, 'timestamp-order.modified-before-created', '§3.2');
  switch (type) {
    case 'indicator':
      order(f, obj, 'valid_from', 'valid_until', true, 'timestamp-order.valid-until-not-after-valid-from', '§4.7');
      break;
    case 'campaign': case 'intrusion-set': case 'threat-actor': case 'infrastructure': case 'malware': case 'sighting':
      order(f, obj, 'first_seen', 'last_seen', false, 'timestamp-order.last-seen-before-first-seen', SEEN_SECTION[type] ?? '§4');
      break;
    case 'observed-data':
      order(f, obj, 'first_observed', 'last_observed', false, 'timestamp-order.last-observed-before-first-observed', '§4.14');
      break;
    case 'relationship':
      order(f, obj, 'start_time', 'stop_time', true, 'timestamp-order.stop-time-not-after-start-time', '§5.1');
      break;
    case 'network-traffic':
      order(f, obj, 'start', 'end', false, 'timestamp-order.end-before-start', '§6.12');
      if (obj.is_active === true && 'end' in obj) {
        f.error('network-traffic.end-while-active', '/end', 'end must not be present while is_active is true (STIX 2.1 §6.12)');
        f.explain('', 'schema.oneOf');
        f.explain('/is_active');
      }
      break;
    default:
      break;
  }
}
