// Names: object type names (STIX 2.1 §3.1) and custom property names (§11.1), and which
// top-level properties the specification defines for each type.
//
// The defined properties are read from the official schemas (the `properties` of the type's
// schema and everything it references through $ref/allOf/oneOf/anyOf), so the list cannot drift
// from them. One addition: the schema for `incident` omits `kill_chain_phases`, which §4.6
// defines.
//
// A top-level property a standard object does not define is a custom property:
// - its name MUST be ASCII a–z, 0–9, underscore, 3–250 characters (§11.1) → error;
// - custom properties are deprecated in favour of extensions (§11.1): a warning, unless a
//   toplevel-property-extension declared on the object covers it. A declared extension whose
//   definition we cannot see (no context answer) is given the benefit of the doubt.

import { pointer } from '../issue.js';
import { isJsonObject, show, type JsonObject, type ValidationContext } from './findings.js';
import type { Findings } from './findings.js';
import { SCHEMA_BASE, schemaFileOf } from './schemas.js';
import { resolveRef, schemaResource, type SchemaNode } from './schema-tree.js';

/** Type names (§3.1): a–z, 0–9 and single hyphens, starting with a letter, not ending in a hyphen, 3–250 characters. */
export const TYPE_NAME_RE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Custom property names (§11.1): ASCII a–z, 0–9 and underscore, 3–250 characters. */
export const CUSTOM_PROPERTY_NAME_RE = /^[a-z0-9_]{3,250}$/;

function collect(node: SchemaNode, baseId: string, into: Set<string>, seen: Set<SchemaNode>): void {
  if (seen.has(node)) return;
  seen.add(node);
  const props = node.properties;
  if (isJsonObject(props)) for (const k of Object.keys(props)) into.add(k);
  if (typeof node.$ref === 'string') {
    const r = resolveRef(node.$ref, baseId);
    if (r !== undefined) collect(r[0], r[1], into, seen);
  }
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    const list = node[key];
    if (Array.isArray(list)) for (const sub of list) if (isJsonObject(sub)) collect(sub, baseId, into, seen);
  }
}

const ADDITIONS: Readonly<Record<string, readonly string[]>> = { incident: ['kill_chain_phases'] };

const definedCache = new Map<string, ReadonlySet<string>>();

/** The top-level properties the specification defines for a standard type (from the official schemas), or undefined for custom types. */
export function definedProperties(type: string): ReadonlySet<string> | undefined {
  const cached = definedCache.get(type);
  if (cached !== undefined) return cached;
  const file = schemaFileOf(type);
  if (file === undefined) return undefined;
  const id = SCHEMA_BASE + file;
  const root = schemaResource(id);
  if (root === undefined) return undefined;
  const set = new Set<string>(ADDITIONS[type] ?? []);
  collect(root, id, set, new Set());
  definedCache.set(type, set);
  return set;
}

/** The common properties of a kind of custom object (core.json or cyber-observable-core.json). */
export function commonProperties(kind: 'core' | 'observable-core'): ReadonlySet<string> {
  const key = `(${kind})`;
  const cached = definedCache.get(key);
  if (cached !== undefined) return cached;
  const id = `${SCHEMA_BASE}common/${kind === 'core' ? 'core' : 'cyber-observable-core'}.json`;
  const set = new Set<string>();
  const root = schemaResource(id);
  if (root !== undefined) collect(root, id, set, new Set());
  definedCache.set(key, set);
  return set;
}

/** Checks a type name against §3.1; returns a reason when it breaks the rules. */
export function typeNameProblem(type: string): string | undefined {
  if (type.length < 3) return 'is shorter than 3 characters';
  if (type.length > 250) return 'is longer than 250 characters';
  if (!TYPE_NAME_RE.test(type)) {
    return 'must use only a–z, 0–9 and single hyphens, start with a letter and not end with a hyphen';
  }
  return undefined;
}

/** Property names covered by the toplevel-property-extensions the object declares; `all` when one of them is unknown. */
function toplevelCoverage(obj: JsonObject, ctx: ValidationContext | undefined): ReadonlySet<string> | 'all' | undefined {
  const ext = obj.extensions;
  if (!isJsonObject(ext)) return undefined;
  let covered: Set<string> | undefined;
  for (const [key, value] of Object.entries(ext)) {
    if (!isJsonObject(value) || value.extension_type !== 'toplevel-property-extension') continue;
    const def = ctx?.resolveExtensionDefinition?.(key);
    if (def === undefined) return 'all';
    covered ??= new Set();
    for (const p of def.extension_properties ?? []) covered.add(p);
  }
  return covered;
}

/**
 * Checks the names of properties `defined` does not contain. On standard objects those are custom
 * properties (deprecated unless a toplevel-property-extension covers them); on custom objects
 * they are the object's own properties and only their names are checked.
 */
export function checkPropertyNames(
  f: Findings, obj: JsonObject, defined: ReadonlySet<string>, standard: boolean, ctx: ValidationContext | undefined,
): void {
  const coverage = standard ? toplevelCoverage(obj, ctx) : 'all';
  for (const key of Object.keys(obj)) {
    if (defined.has(key)) continue;
    const path = pointer('', key);
    if (!CUSTOM_PROPERTY_NAME_RE.test(key)) {
      f.error(
        'custom-property.name', path,
        `property name ${show(key)} is not allowed: names of custom properties must be 3–250 characters of a–z, 0–9 and underscore (STIX 2.1 §11.1)`,
      );
      continue;
    }
    if (coverage === 'all' || coverage?.has(key) === true) continue;
    f.warning(
      'custom-property.deprecated', path,
      `${key} is a custom property; custom properties are deprecated in STIX 2.1 (§11.1) — declare it with a toplevel-property-extension`,
    );
  }
}

/** Checks the property names inside an extension's contents (§3.1 applies there too). */
export function checkExtensionPropertyNames(f: Findings, ext: JsonObject, path: string): void {
  for (const key of Object.keys(ext)) {
    if (key === 'extension_type' || CUSTOM_PROPERTY_NAME_RE.test(key)) continue;
    f.error(
      'custom-property.name', pointer(path, key),
      `property name ${show(key)} is not allowed: property names must be 3–250 characters of a–z, 0–9 and underscore (STIX 2.1 §3.1, §11.1)`,
    );
  }
}
