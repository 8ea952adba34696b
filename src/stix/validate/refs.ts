// Embedded references (`*_ref`, `*_refs`): every one, wherever it sits in the object (top level,
// inside predefined SCO extensions, inside granular markings, inside nested types such as
// email MIME parts), must be a STIX identifier, and where the specification says what it may
// point to (ref-rules.ts) its type part must be one of those.
//
// References in properties the specification does not define (custom properties, property
// extensions, custom objects) have no known target; a value that is not an identifier there is
// only a warning, because the specification constrains names ending in _ref/_refs for its own
// properties and leaves custom ones to their producers (docs/decisions: stix validation).

import { IDENTIFIER_RE, kindOf } from '../kinds.js';
import { pointer } from '../issue.js';
import { a, isJsonObject, show, type JsonObject } from './findings.js';
import type { Findings } from './findings.js';
import { NOT_PROPERTY_SUBTREES, describeTarget, refRuleFor, type RefRule } from './ref-rules.js';

function allows(rule: RefRule, targetType: string): boolean {
  const t = rule.target;
  if (targetType === 'bundle') return false;
  if (t.except?.includes(targetType) === true) return false;
  if (t.types?.includes(targetType) === true) return true;
  const k = kindOf(targetType);
  return k !== 'bundle' && t.kinds?.includes(k) === true;
}

// `at` builds the JSON Pointer of the value; it is only called when there is something to report.
function checkOne(f: Findings, type: string, rule: RefRule | undefined, prop: string, at: () => string, value: unknown): void {
  if (typeof value !== 'string') return; // the schema reports wrong JSON types
  if (!IDENTIFIER_RE.test(value)) {
    if (rule !== undefined) {
      f.error('ref.not-identifier', at(), `${prop}: ${show(value)} is not a STIX identifier (type--UUID), as an embedded reference must be (STIX 2.1 ${rule.section})`);
    } else {
      f.warning('ref.custom-not-identifier', at(), `${prop}: ${show(value)} is not a STIX identifier, though the property name ends in _ref/_refs`);
    }
    return;
  }
  if (rule === undefined) return;
  const target = value.slice(0, value.indexOf('--'));
  if (!allows(rule, target)) {
    f.error(
      'ref.wrong-type', at(),
      `${prop} of ${a(type)} must reference ${describeTarget(rule.target)} (STIX 2.1 ${rule.section}), not ${a(target)}`,
    );
  }
}

// Paths are carried as JSON Pointers (built only on the way down into objects and arrays of
// objects, which are few) and as dotted rule paths (list indices left out).
function walk(f: Findings, type: string, value: JsonObject, dotted: string, path: string, skip: readonly string[]): void {
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const v = value[key];
    if (key.endsWith('_ref')) {
      const d = dotted === '' ? key : `${dotted}.${key}`;
      checkOne(f, type, refRuleFor(type, d), key, () => pointer(path, key), v);
    } else if (key.endsWith('_refs')) {
      if (!Array.isArray(v)) continue;
      const d = dotted === '' ? key : `${dotted}.${key}`;
      const rule = refRuleFor(type, d);
      for (let i = 0; i < v.length; i++) checkOne(f, type, rule, key, () => pointer(pointer(path, key), i), v[i]);
    } else if (v !== null && typeof v === 'object') {
      const d = dotted === '' ? key : `${dotted}.${key}`;
      if (skip.includes(d)) continue;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const item: unknown = v[i];
          if (isJsonObject(item)) walk(f, type, item, d, pointer(pointer(path, key), i), skip);
        }
      } else if (isJsonObject(v)) {
        walk(f, type, v, d, pointer(path, key), skip);
      }
    }
  }
}

/** Checks every embedded reference in `obj` (of type `type`). */
export function checkRefs(f: Findings, type: string, obj: JsonObject): void {
  walk(f, type, obj, '', '', skipFor(type));
}

const skipCache = new Map<string, readonly string[]>();

function skipFor(type: string): readonly string[] {
  let s = skipCache.get(type);
  if (s === undefined) {
    s = [...(NOT_PROPERTY_SUBTREES.get(type) ?? []), 'hashes', 'external_references'];
    skipCache.set(type, s);
  }
  return s;
}
