// STIX identifiers (STIX 2.1 §2.9): `type--UUID`.
//
// SDOs, SROs and SMOs get a random UUIDv4. SCOs SHOULD get a deterministic UUIDv5 so that
// every producer who sees the same observable gives it the same id (this is what lets many
// members hold one `ipv4-addr` under one id):
//   UUIDv5( namespace 00abedb4-aa42-466c-9c01-fed23315a9b7,
//           RFC 8785 canonical JSON of { the type's ID-contributing properties present on the object } )
// - Only the properties the specification lists for the type contribute (table below, §6.x
//   "ID Contributing Properties"), and only those present on the object.
// - For `hashes`, exactly one hash contributes, chosen by preference MD5, SHA-1, SHA-256,
//   SHA-512, otherwise the first key in document order (as python-stix2 `_choose_one_hash`
//   does; hash names and values are used as written, not normalised).
// - If none of the contributing properties is present (and always for `process`, which has
//   none), the SCO gets a UUIDv4 instead: deterministicScoId returns undefined.
// - Custom SCO types (a `new-sco` extension) declare no contributing properties we could know,
//   so we cannot recompute their ids: deterministicScoId returns undefined for them too.
//
// UUIDv5 is RFC 4122 §4.3: SHA-1 over the namespace's 16 bytes followed by the name's UTF-8
// bytes; the first 16 bytes of the digest, with the version nibble set to 5 and the variant
// bits to 10xx.

import { createHash, randomUUID } from 'node:crypto';
import { canonicalize } from './json/canonical.js';

/** The UUIDv5 namespace the specification fixes for SCO ids (§2.9). */
export const SCO_ID_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/** ID-contributing properties per standard SCO type (STIX 2.1 §6.1–§6.18). `process` has none. */
const CONTRIBUTING: Readonly<Record<string, readonly string[]>> = {
  artifact: ['hashes', 'payload_bin'], // §6.1
  'autonomous-system': ['number'], // §6.2
  directory: ['path'], // §6.3
  'domain-name': ['value'], // §6.4
  'email-addr': ['value'], // §6.5
  'email-message': ['from_ref', 'subject', 'body'], // §6.6
  file: ['hashes', 'name', 'extensions', 'parent_directory_ref'], // §6.7
  'ipv4-addr': ['value'], // §6.8
  'ipv6-addr': ['value'], // §6.9
  'mac-addr': ['value'], // §6.10
  mutex: ['name'], // §6.11
  'network-traffic': ['start', 'end', 'src_ref', 'dst_ref', 'src_port', 'dst_port', 'protocols', 'extensions'], // §6.12
  process: [], // §6.13: no contributing properties, always UUIDv4
  software: ['name', 'cpe', 'swid', 'vendor', 'version'], // §6.14
  url: ['value'], // §6.15
  'user-account': ['account_type', 'user_id', 'account_login'], // §6.16
  'windows-registry-key': ['key', 'values'], // §6.17
  'x509-certificate': ['hashes', 'serial_number'], // §6.18
};

const HASH_PREFERENCE = ['MD5', 'SHA-1', 'SHA-256', 'SHA-512'] as const;

/** A new random identifier for an object of this type: `type--UUIDv4`. */
export function newStixId(type: string): string {
  return `${type}--${randomUUID()}`;
}

function uuidBytes(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new RangeError(`not a UUID: ${uuid}`);
  return Buffer.from(hex, 'hex');
}

function formatUuid(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** RFC 4122 §4.3 name-based UUID, version 5 (SHA-1), of a UTF-8 name in a namespace. */
export function uuidv5(namespace: string, name: string): string {
  const digest = createHash('sha1').update(uuidBytes(namespace)).update(name, 'utf8').digest();
  const b = digest.subarray(0, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  return formatUuid(b);
}

/**
 * The ID-contributing properties of a standard SCO type (`[]` for process), or undefined when
 * the type is not a standard SCO (SDOs, SROs, SMOs, and custom SCOs, whose properties we cannot know).
 */
export function scoIdContributingProperties(type: string): readonly string[] | undefined {
  return Object.hasOwn(CONTRIBUTING, type) ? CONTRIBUTING[type] : undefined;
}

function isRecord(v: unknown): v is Readonly<Record<string, unknown>> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The one hash that contributes to an id: MD5, SHA-1, SHA-256, SHA-512, else the first key. */
function chooseOneHash(hashes: Readonly<Record<string, unknown>>): Record<string, unknown> | undefined {
  for (const name of HASH_PREFERENCE) {
    if (Object.hasOwn(hashes, name)) return { [name]: hashes[name] };
  }
  const first = Object.keys(hashes)[0];
  return first === undefined ? undefined : { [first]: hashes[first] };
}

/** The object whose canonical JSON names a deterministic SCO id, or undefined when nothing contributes. */
export function scoIdName(obj: Readonly<Record<string, unknown>>): Record<string, unknown> | undefined {
  if (typeof obj.type !== 'string') return undefined;
  const props = scoIdContributingProperties(obj.type);
  if (props === undefined) return undefined;
  const name: Record<string, unknown> = {};
  let any = false;
  for (const p of props) {
    if (!Object.hasOwn(obj, p) || obj[p] === undefined) continue;
    const value = obj[p];
    if (p === 'hashes') {
      // An empty or malformed hashes dictionary (invalid anyway) contributes nothing.
      const one = isRecord(value) ? chooseOneHash(value) : undefined;
      if (one === undefined) continue;
      name[p] = one;
    } else {
      name[p] = value;
    }
    any = true;
  }
  return any ? name : undefined;
}

/**
 * The deterministic id (§2.9) of a standard SCO, computed from its ID-contributing properties;
 * undefined when there is none: not a standard SCO type (custom SCOs included), `process`, or
 * no contributing property present — such SCOs get a UUIDv4 (see newScoId).
 */
export function deterministicScoId(obj: Readonly<Record<string, unknown>>): string | undefined {
  const name = scoIdName(obj);
  if (name === undefined) return undefined;
  return `${String(obj.type)}--${uuidv5(SCO_ID_NAMESPACE, canonicalize(name))}`;
}

/** The id a producer should give a new SCO: its deterministic id when it has one, else a UUIDv4. */
export function newScoId(obj: Readonly<Record<string, unknown>> & { readonly type: string }): string {
  return deterministicScoId(obj) ?? newStixId(obj.type);
}
