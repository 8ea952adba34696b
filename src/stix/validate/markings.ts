// Marking definitions that claim to be TLP: the nine official TLP marking definitions (tlp.ts)
// are fixed objects, so one with an official id must equal the official content exactly, and a
// marking definition with another id must not pose as TLP (definition_type "tlp" or the OASIS
// TLP 2.0 extension) — a forged TLP:CLEAR would widen what may be shared.

import { pointer } from '../issue.js';
import { TLP2_EXTENSION_ID, builtinMarking } from '../tlp.js';
import { isJsonObject, show, type JsonObject } from './findings.js';
import type { Findings } from './findings.js';

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (isJsonObject(a) && isJsonObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && same(a[k], b[k]));
  }
  return false;
}

function diff(f: Findings, name: string, got: JsonObject, want: JsonObject, path: string): void {
  const keys = new Set([...Object.keys(want), ...Object.keys(got)]);
  for (const k of keys) {
    const p = pointer(path, k);
    const g = got[k];
    const w = want[k];
    if (isJsonObject(g) && isJsonObject(w)) {
      diff(f, name, g, w, p);
    } else if (!Object.hasOwn(got, k)) {
      f.error('tlp.altered', p, `${name} must have ${k} ${show(w)}, as the official object does`);
    } else if (!Object.hasOwn(want, k)) {
      f.error('tlp.altered', p, `${name} must not have ${k}: the official object has no such property`);
    } else if (!same(g, w)) {
      f.error('tlp.altered', p, `${name} must have ${k} ${show(w)}, not ${show(g)}`);
    }
  }
}

/** Checks a marking-definition against the official TLP marking definitions. */
export function checkTlpMarking(f: Findings, obj: JsonObject): void {
  const id = obj.id;
  if (typeof id !== 'string') return;
  const official = builtinMarking(id);
  if (official !== undefined) {
    const name = `${id} is the official ${official.name} marking definition and`;
    const before = f.issues.length;
    diff(f, name, obj, official as unknown as JsonObject, '');
    if (f.issues.length > before) f.explain('', 'schema.oneOf');
    return;
  }
  const ext = obj.extensions;
  if (obj.definition_type === 'tlp' || (isJsonObject(ext) && Object.hasOwn(ext, TLP2_EXTENSION_ID))) {
    f.error(
      'tlp.unofficial', '/id',
      `${id} claims to be a TLP marking, but TLP markings are only the official marking definitions (STIX 2.1 §7.2.1.4 and the OASIS TLP 2.0 extension)`,
    );
    f.explain('', 'schema.oneOf');
  }
}
