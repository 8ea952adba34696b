// RFC 8785 JSON Canonicalization Scheme (JCS): the one serialisation whose SHA-256 identifies an
// object's content across nodes (ARCHITECTURE.md, decision 4), so two members holding the same
// object version compute the same hash whatever key order or escaping they received it in.
//
// JCS is defined in terms of ECMAScript (RFC 8785 §3.2.2): strings and numbers are serialised
// exactly as JSON.stringify does, and object members are sorted by the UTF-16 code units of
// their names (§3.2.3). What JSON.stringify would silently drop or mangle (undefined, functions,
// symbols, NaN, Infinity, lone surrogates, Dates, Maps…) is rejected instead: a canonical form of
// something that is not I-JSON (RFC 7493) would hash content no other node can reproduce.

import { pointer } from '../issue.js';
import { JsonError, describePath } from './errors.js';
import { isWellFormed } from './unicode.js';

// Bound on nesting: deeper values (or reference cycles) are rejected rather than risk the stack.
const MAX_DEPTH = 1000;

// Only these need JSON.stringify's escaping (§3.2.2.2); any other string is copied between quotes.
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;

/** Why a value is not JSON; the path is read from `trail` where it was thrown. */
class NotJson extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

// Path to the value being serialised, one segment per level: kept up to date in place (cheaper
// than try/catch per member) and read only when a NotJson is thrown. canonicalize restores its
// length on exit, so a getter that calls canonicalize re-entrantly cannot corrupt it.
const trail: (string | number)[] = [];

/**
 * The RFC 8785 canonical JSON text of `value`; throws JsonError `canonical.not-json` (with the
 * path) when `value` is not I-JSON data.
 */
export function canonicalize(value: unknown): string {
  const base = trail.length;
  try {
    return serialize(value, 0);
  } catch (e) {
    if (!(e instanceof NotJson)) throw e;
    let path = '';
    for (let k = base; k < trail.length; k++) path = pointer(path, trail[k] ?? '');
    throw new JsonError('canonical.not-json', `cannot canonicalize ${describePath(path)}: ${e.reason}`, { offset: 0, line: 0, column: 0, path });
  } finally {
    trail.length = base;
  }
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function serialize(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'string':
      return serializeString(value, 'the string');
    case 'number':
      // §3.2.2.3: ECMAScript Number::toString, which String() is; it already prints -0 as "0".
      if (!Number.isFinite(value)) throw new NotJson(`${String(value)} is not a JSON number`);
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (depth >= MAX_DEPTH) throw new NotJson(`nested deeper than ${MAX_DEPTH} levels (or a reference cycle)`);
      if (Array.isArray(value)) return serializeArray(value, depth + 1);
      if (!isPlainObject(value)) throw new NotJson(`${describeObject(value)} is not a plain object`);
      return serializeObject(value, depth + 1);
    default:
      throw new NotJson(`${typeof value} is not a JSON value`);
  }
}

/**
 * §3.2.2.2: the JSON.stringify form — `\"`, `\\`, `\b \f \n \r \t`, other C0 controls as
 * lowercase `\u00xx`, everything else (including DEL, U+2028/2029 and non-ASCII) literal. Only
 * lone surrogates, which JSON.stringify would escape, are rejected (RFC 7493 §2.1).
 */
function serializeString(s: string, what: string): string {
  if (!isWellFormed(s)) throw new NotJson(`${what} ${JSON.stringify(s)} has a lone surrogate`);
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

function serializeArray(items: readonly unknown[], depth: number): string {
  let out = '[';
  const level = trail.length;
  trail.push(0);
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ',';
    trail[level] = i;
    // Holes read as undefined and are rejected like undefined.
    out += serialize(items[i], depth);
  }
  trail.pop();
  return out + ']';
}

function serializeObject(object: Record<string, unknown>, depth: number): string {
  // §3.2.3: members sorted by the UTF-16 code units of their names, which is exactly what the
  // default sort compares. Only own enumerable string keys count, as for JSON.stringify.
  const keys = Object.keys(object).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] ?? '';
    if (i > 0) out += ',';
    // A bad name is reported at the object: the pointer could not name the member anyway.
    out += serializeString(key, 'the property name');
    out += ':';
    trail.push(key);
    out += serialize(object[key], depth);
    trail.pop();
  }
  return out + '}';
}

function describeObject(value: object): string {
  const proto: unknown = Object.getPrototypeOf(value);
  const ctor: unknown = typeof proto === 'object' && proto !== null ? Reflect.get(proto, 'constructor') : undefined;
  const name = typeof ctor === 'function' ? ctor.name : '';
  return name !== '' ? `a ${name}` : 'an object with a custom prototype';
}
