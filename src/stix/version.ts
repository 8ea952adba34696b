// Object versions (STIX 2.1 §3.6). A version of an object is identified by its `id` plus its
// `modified` timestamp; a new version keeps the id and gets a later `modified`.
//
// Objects without `modified`:
// - marking-definition has only `created` and cannot be versioned (§7.2.1), so `created` is
//   its version;
// - SCOs have neither `created` nor `modified` (§6): they are unversioned. For them (and for
//   any object missing both) the version is `undefined`, and the store tells two different
//   contents under one id apart by their content hash (SHA-256 of the RFC 8785 form).
// So the rule is: version = `modified` ?? `created` ?? undefined (unversioned).

import { compareTimestamps, isStixTimestamp } from './timestamp.js';

/** Anything that may carry version properties. */
export interface Versioned {
  readonly modified?: unknown;
  readonly created?: unknown;
}

/** The version identity of one object version. */
export interface VersionKey {
  readonly id: string;
  /** `modified` ?? `created`; undefined means the object is unversioned (SCOs). */
  readonly version: string | undefined;
}

/** The version timestamp of an object: `modified` ?? `created` ?? undefined (unversioned). */
export function versionOf(obj: Versioned): string | undefined {
  if (typeof obj.modified === 'string' && isStixTimestamp(obj.modified)) return obj.modified;
  if (typeof obj.created === 'string' && isStixTimestamp(obj.created)) return obj.created;
  return undefined;
}

/** The version identity (`id` + version timestamp) of an object, or undefined when it has no string id. */
export function versionKey(obj: Versioned & { readonly id?: unknown }): VersionKey | undefined {
  if (typeof obj.id !== 'string') return undefined;
  return { id: obj.id, version: versionOf(obj) };
}

/**
 * Orders two versions of one object by their version timestamps, exactly (sub-millisecond
 * digits count). Unversioned sorts before any versioned object; two unversioned compare equal
 * (the caller compares content hashes). Ids are not compared.
 */
export function compareVersions(a: Versioned, b: Versioned): number {
  const va = versionOf(a);
  const vb = versionOf(b);
  if (va === undefined) return vb === undefined ? 0 : -1;
  if (vb === undefined) return 1;
  return compareTimestamps(va, vb);
}

/** True when the object version says it is revoked (§3.6.3: `revoked` is true). */
export function isRevoked(obj: { readonly revoked?: unknown }): boolean {
  return obj.revoked === true;
}
