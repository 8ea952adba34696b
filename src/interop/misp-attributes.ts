// MISP attribute types and STIX 2.1, both ways (issue 7, "MISP import" and "Export to MISP"),
// after the MISP project's published MISP-to-STIX 2.1 conventions (misp-stix): an attribute is a
// set of comparisons on cyber observables — `ip-dst` one, `filename|sha256` two on the same file,
// `domain|ip` a domain and the address it resolves to. The comparisons become an indicator's
// pattern (joined by AND, in one observation) when MISP says "to IDS", and the observables of an
// observed-data object when it does not. Where Accord departs from misp-stix, docs/misp.md says so
// (addresses are `ipv4-addr:value` comparisons rather than network-traffic references, so that
// device exports can use them; SCO ids are the deterministic UUIDv5 the STIX specification asks for).
//
// The table is the single source of truth: `mispTypes` (docs and tests) and `termsToMisp` (export)
// read the same entries that `mispShape` (import) does.
import { addressRange, deterministicScoId, uuidv5 } from '../stix/index.js';
import { patternString } from './values.js';

/** One comparison of a pattern: `object:path op value`. */
export interface Term {
  readonly object: string;
  readonly path: string;
  readonly op: '=' | 'ISSUBSET';
  readonly value: string | number;
  /** For a path through a reference (`resolves_to_refs[*].value`, `dst_ref.value`): the referenced SCO's type. */
  readonly ref?: string;
}

/** What one MISP attribute becomes. */
export type Shape =
  | { readonly kind: 'observable'; readonly terms: readonly Term[]; readonly patternOnly?: string }
  | { readonly kind: 'sdo'; readonly type: 'vulnerability' | 'campaign' | 'threat-actor'; readonly name: string }
  | { readonly kind: 'rule'; readonly patternType: 'snort' | 'yara' | 'sigma'; readonly pattern: string }
  | { readonly kind: 'note' }
  | { readonly kind: 'unmapped'; readonly reason: string };

/** MISP hash types and their STIX `hashes` keys (hash-algorithm-ov where it has one). */
export const HASH_KEYS: Readonly<Record<string, string>> = {
  md5: 'MD5', sha1: 'SHA-1', sha224: 'SHA224', sha256: 'SHA-256', sha384: 'SHA384', sha512: 'SHA-512',
  'sha3-224': 'SHA3-224', 'sha3-256': 'SHA3-256', 'sha3-384': 'SHA3-384', 'sha3-512': 'SHA3-512',
  ssdeep: 'SSDEEP', tlsh: 'TLSH', imphash: 'IMPHASH', authentihash: 'AUTHENTIHASH', pehash: 'PEHASH', vhash: 'VHASH', telfhash: 'TELFHASH',
};
const HASH_TYPE_OF_KEY: ReadonlyMap<string, string> = new Map(Object.entries(HASH_KEYS).map(([t, k]) => [k, t]));

/** A `hashes` path as patterns write it: bare when the key is a plain word, quoted otherwise. */
export function hashPath(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `hashes.${key}` : `hashes.'${key}'`;
}

/** The SCO type of an address or CIDR network, or undefined when the text is none. */
function addressType(value: string): 'ipv4-addr' | 'ipv6-addr' | undefined {
  const family = addressRange(value)?.family;
  return family === 4 ? 'ipv4-addr' : family === 6 ? 'ipv6-addr' : undefined;
}

function ipTerm(v: string, object?: string): Term | string {
  const value = v.trim();
  const type = addressType(value);
  if (type === undefined) return `"${value.slice(0, 80)}" is not an IPv4 or IPv6 address or network`;
  const op = value.includes('/') ? 'ISSUBSET' : '=';
  return object === undefined ? { object: type, path: 'value', op, value: type === 'ipv6-addr' ? value.toLowerCase() : value }
    : { object, path: `${object === 'domain-name' ? 'resolves_to_refs[*]' : 'dst_ref'}.value`, op, value, ref: type };
}

function port(v: string): number | string {
  const n = Number(v.trim());
  return Number.isInteger(n) && n >= 0 && n <= 65535 && v.trim() !== '' ? n : `"${v.slice(0, 20)}" is not a port number (0–65535)`;
}

/** Splits a composite value `a|b` at its first (or last) bar. */
function split(value: string, last = false): [string, string] | undefined {
  const i = last ? value.lastIndexOf('|') : value.indexOf('|');
  return i <= 0 || i === value.length - 1 ? undefined : [value.slice(0, i), value.slice(i + 1)];
}

/** A hash as MISP stores it: hex digests in lower case; others (ssdeep, TLSH) as they are. */
function hexLower(v: string): string {
  const t = v.trim();
  return /^[0-9a-f]+$/i.test(t) ? t.toLowerCase() : t;
}

const eq = (object: string, path: string, value: string | number): Term => ({ object, path, op: '=', value });

/** Builds the shape of one attribute type from its value. */
type Builder = (value: string) => Shape;

function observable(...parts: (Term | string | number)[]): Shape {
  const bad = parts.find((p): p is string => typeof p === 'string');
  if (bad !== undefined) return { kind: 'unmapped', reason: bad };
  return { kind: 'observable', terms: parts as Term[] };
}

function hashBuilder(type: string): Builder {
  const key = HASH_KEYS[type] as string;
  return (v) => observable(eq('file', hashPath(key), hexLower(v)));
}

function filenameHashBuilder(type: string): Builder {
  const key = HASH_KEYS[type] as string;
  return (v) => {
    const parts = split(v);
    if (parts === undefined) return { kind: 'unmapped', reason: `a filename|${type} value is "name|hash", got "${v.slice(0, 80)}"` };
    return observable(eq('file', 'name', parts[0]), eq('file', hashPath(key), hexLower(parts[1])));
  };
}

function withPort(object: 'ip' | 'domain-name', direction: 'src' | 'dst'): Builder {
  return (v) => {
    const parts = split(v, true);
    if (parts === undefined) return { kind: 'unmapped', reason: `the value is "host|port", got "${v.slice(0, 80)}"` };
    const host = object === 'ip' ? ipTerm(parts[0], 'network-traffic') : { object: 'network-traffic', path: `${direction}_ref.value`, op: '=' as const, value: parts[0].toLowerCase(), ref: 'domain-name' };
    const p = port(parts[1]);
    if (typeof host === 'string') return { kind: 'unmapped', reason: host };
    return observable({ ...host, path: `${direction}_ref.value` }, typeof p === 'number' ? eq('network-traffic', `${direction}_port`, p) : p);
  };
}

const single = (object: string, path: string, lower = false): Builder => (v) => observable(eq(object, path, lower ? v.trim().toLowerCase() : v));

/** The attribute types Accord maps, each with what it becomes. */
const TYPES: Readonly<Record<string, Builder>> = {
  'ip-src': (v) => observable(ipTerm(v)),
  'ip-dst': (v) => observable(ipTerm(v)),
  'ip-src|port': withPort('ip', 'src'),
  'ip-dst|port': withPort('ip', 'dst'),
  'hostname|port': withPort('domain-name', 'dst'),
  domain: single('domain-name', 'value', true),
  hostname: single('domain-name', 'value', true),
  'domain|ip': (v) => {
    const parts = split(v);
    if (parts === undefined) return { kind: 'unmapped', reason: `a domain|ip value is "domain|address", got "${v.slice(0, 80)}"` };
    return observable(eq('domain-name', 'value', parts[0].trim().toLowerCase()), ipTerm(parts[1], 'domain-name'));
  },
  url: single('url', 'value'),
  link: single('url', 'value'),
  uri: single('url', 'value'),
  email: single('email-addr', 'value', true),
  'email-src': single('email-addr', 'value', true),
  'email-dst': single('email-addr', 'value', true),
  'email-subject': single('email-message', 'subject'),
  filename: single('file', 'name'),
  'size-in-bytes': (v) => observable(/^\d+$/.test(v.trim()) ? eq('file', 'size', Number(v.trim())) : `"${v.slice(0, 40)}" is not a size in bytes`),
  AS: (v) => {
    const m = /^(?:AS)?(\d{1,10})$/i.exec(v.trim());
    return observable(m !== null ? eq('autonomous-system', 'number', Number(m[1])) : `"${v.slice(0, 40)}" is not an AS number`);
  },
  'mac-address': single('mac-addr', 'value', true),
  mutex: single('mutex', 'name'),
  regkey: single('windows-registry-key', 'key'),
  'x509-fingerprint-md5': single('x509-certificate', hashPath('MD5'), true),
  'x509-fingerprint-sha1': single('x509-certificate', hashPath('SHA-1'), true),
  'x509-fingerprint-sha256': single('x509-certificate', hashPath('SHA-256'), true),
  port: (v) => {
    const p = port(v);
    return typeof p === 'number' ? { kind: 'observable', terms: [eq('network-traffic', 'dst_port', p)], patternOnly: 'a port alone is no observable (network traffic needs an endpoint)' } : { kind: 'unmapped', reason: p };
  },
  'user-agent': (v) => ({ kind: 'observable', terms: [eq('network-traffic', "extensions.'http-request-ext'.request_header.'User-Agent'", v)], patternOnly: 'a user agent alone is no observable (an HTTP request needs its method and target)' }),
  vulnerability: (v) => ({ kind: 'sdo', type: 'vulnerability', name: v.trim() }),
  'campaign-name': (v) => ({ kind: 'sdo', type: 'campaign', name: v.trim() }),
  'threat-actor': (v) => ({ kind: 'sdo', type: 'threat-actor', name: v.trim() }),
  snort: (v) => ({ kind: 'rule', patternType: 'snort', pattern: v }),
  yara: (v) => ({ kind: 'rule', patternType: 'yara', pattern: v }),
  sigma: (v) => ({ kind: 'rule', patternType: 'sigma', pattern: v }),
  text: () => ({ kind: 'note' }),
  comment: () => ({ kind: 'note' }),
  other: () => ({ kind: 'note' }),
  ...Object.fromEntries(Object.keys(HASH_KEYS).flatMap((t) => [[t, hashBuilder(t)], [`filename|${t}`, filenameHashBuilder(t)]])),
  'malware-sample': (v) => {
    const parts = split(v);
    if (parts === undefined) return { kind: 'unmapped', reason: `a malware-sample value is "filename|md5", got "${v.slice(0, 80)}"` };
    return observable(eq('file', 'name', parts[0]), eq('file', 'hashes.MD5', parts[1].trim().toLowerCase()));
  },
};

/** The MISP attribute types Accord maps (docs/misp.md lists them). */
export const mispTypes: readonly string[] = Object.keys(TYPES).sort();

/** What a MISP attribute of this type and value becomes; `unmapped` names why not. */
export function mispShape(type: string, value: string): Shape {
  const build = Object.hasOwn(TYPES, type) ? TYPES[type] : undefined;
  if (build === undefined) return { kind: 'unmapped', reason: `the attribute type "${type.slice(0, 60)}" has no STIX 2.1 mapping in Accord (docs/misp.md lists those that do)` };
  if (value === '') return { kind: 'unmapped', reason: 'the value is empty' };
  return build(value);
}

/** A literal in a pattern: a number as it is, a string quoted and escaped. */
function literal(v: string | number): string {
  return typeof v === 'number' ? String(v) : patternString(v);
}

/**
 * The pattern of comparisons: those on one object type joined by AND in one observation; with
 * several object types (a MISP object such as url + ip), one observation per type joined by the
 * observation operator AND (STIX 2.1 §9.5: comparisons on different object types are not ANDed
 * inside one observation).
 */
export function patternOfTerms(terms: readonly Term[]): string {
  const byType = new Map<string, Term[]>();
  for (const t of terms) byType.set(t.object, [...(byType.get(t.object) ?? []), t]);
  return [...byType.values()].map((group) => `[${group.map((t) => `${t.object}:${t.path} ${t.op} ${literal(t.value)}`).join(' AND ')}]`).join(' AND ');
}

/** Sets a pattern path's value on an SCO under construction (only the paths the table writes). */
function setPath(sco: Record<string, unknown>, path: string, value: unknown): void {
  const hash = /^hashes\.(?:'([^']+)'|([A-Za-z0-9_]+))$/.exec(path);
  if (hash !== null) {
    sco.hashes = { ...(sco.hashes as Record<string, unknown> | undefined), [(hash[1] ?? hash[2]) as string]: value };
  } else sco[path] = value;
}

/**
 * The cyber observables of comparisons, referenced ones first, with deterministic ids (§2.9;
 * `fallback` names the id of an SCO type that has none). Undefined when they make no valid
 * observable, with the reason in `patternOnly` of the shape.
 */
export function observablesOfTerms(terms: readonly Term[], fallback: (type: string) => string): Record<string, unknown>[] {
  const main = new Map<string, Record<string, unknown>>();
  const referenced: Record<string, unknown>[] = [];
  for (const t of terms) {
    const sco = main.get(t.object) ?? { type: t.object, spec_version: '2.1' };
    main.set(t.object, sco);
    if (t.ref === undefined) {
      setPath(sco, t.path, t.value);
      continue;
    }
    const child: Record<string, unknown> = { type: t.ref, spec_version: '2.1', value: t.value };
    child.id = deterministicScoId(child) ?? fallback(t.ref);
    referenced.push(child);
    const prop = t.path.split('.')[0]?.replace('[*]', '') as string;
    if (prop.endsWith('_refs')) sco[prop] = [...((sco[prop] as string[] | undefined) ?? []), child.id];
    else sco[prop] = child.id;
  }
  const out = [...referenced];
  for (const sco of main.values()) {
    if (sco.type === 'network-traffic') sco.protocols = [referenced.some((r) => r.type === 'ipv6-addr') ? 'ipv6' : 'ipv4'];
    if (sco.type === 'email-message') sco.is_multipart = false;
    const { type, spec_version: version, ...rest } = sco;
    const ordered: Record<string, unknown> = { type, spec_version: version, id: '', ...rest };
    ordered.id = deterministicScoId(ordered) ?? fallback(String(type));
    out.push(ordered);
  }
  return out;
}

/** A namespace for ids Accord derives from MISP uuids (relationships, SCOs without contributing properties). */
export const MISP_NAMESPACE = '3c7e5b2a-9d41-5f0e-8a6b-1d2c3e4f5a6b';

/** A stable UUID derived from MISP names (loose events, object attributes, observables without contributing properties). */
export function mispDerivedUuid(...names: readonly string[]): string {
  return uuidv5(MISP_NAMESPACE, names.join('\n'));
}

/** A stable id of a type derived from MISP names. */
export function mispDerivedId(type: string, ...names: readonly string[]): string {
  return `${type}--${mispDerivedUuid(...names)}`;
}

// ---------------------------------------------------------------------------------------------
// STIX → MISP (export)

/** The MISP attribute type and value for comparisons, or undefined when no single attribute holds them. */
export function termsToMisp(terms: readonly Term[], hint?: string): { type: string; value: string } | undefined {
  // The type the attribute had (its `misp:type` label) when it still describes the comparisons.
  if (hint !== undefined && Object.hasOwn(TYPES, hint)) {
    const value = composite(hint, terms);
    if (value !== undefined) {
      const again = mispShape(hint, value);
      if (again.kind === 'observable' && patternOfTerms(again.terms) === patternOfTerms(terms)) return { type: hint, value };
    }
  }
  if (terms.length === 1) {
    const [t] = terms as [Term];
    const type = singleType(t);
    if (type !== undefined) return { type, value: String(t.value) };
  }
  if (terms.length === 2) {
    const [a, b] = terms as [Term, Term];
    if (a.object === 'file' && a.path === 'name' && b.object === 'file' && b.path.startsWith('hashes.')) {
      const hashType = HASH_TYPE_OF_KEY.get(b.path.replace(/^hashes\.'?|'$/g, ''));
      if (hashType !== undefined) return { type: `filename|${hashType}`, value: `${String(a.value)}|${String(b.value)}` };
    }
    if (a.object === 'domain-name' && a.path === 'value' && b.ref !== undefined && b.path === 'resolves_to_refs[*].value') return { type: 'domain|ip', value: `${String(a.value)}|${String(b.value)}` };
    if (a.object === 'network-traffic' && b.object === 'network-traffic') {
      const dir = /^(src|dst)_ref\.value$/.exec(a.path)?.[1];
      if (dir !== undefined && b.path === `${dir}_port`) {
        const type = a.ref === 'domain-name' ? 'hostname|port' : `ip-${dir}|port`;
        return { type, value: `${String(a.value)}|${String(b.value)}` };
      }
    }
  }
  return undefined;
}

/** The value of a composite type from its comparisons (undefined when they do not fit it). */
function composite(type: string, terms: readonly Term[]): string | undefined {
  if (terms.length === 1) return String((terms[0] as Term).value);
  if (terms.length === 2 && (type.includes('|') || type === 'malware-sample')) return terms.map((t) => String(t.value)).join('|');
  return undefined;
}

/** The MISP type of one comparison without a hint. */
function singleType(t: Term): string | undefined {
  if (t.path.startsWith('hashes.') && t.object === 'file') return HASH_TYPE_OF_KEY.get(t.path.replace(/^hashes\.'?|'$/g, ''));
  if (t.object === 'x509-certificate') {
    const key = t.path.replace(/^hashes\.'?|'$/g, '');
    return key === 'MD5' ? 'x509-fingerprint-md5' : key === 'SHA-1' ? 'x509-fingerprint-sha1' : key === 'SHA-256' ? 'x509-fingerprint-sha256' : undefined;
  }
  const byPath: Readonly<Record<string, string>> = {
    'ipv4-addr:value': 'ip-dst', 'ipv6-addr:value': 'ip-dst', 'domain-name:value': 'domain', 'url:value': 'url', 'email-addr:value': 'email',
    'email-message:subject': 'email-subject', 'file:name': 'filename', 'file:size': 'size-in-bytes', 'autonomous-system:number': 'AS',
    'mac-addr:value': 'mac-address', 'mutex:name': 'mutex', 'windows-registry-key:key': 'regkey', 'network-traffic:dst_port': 'port',
    "network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'": 'user-agent',
  };
  return byPath[`${t.object}:${t.path}`];
}

/**
 * The comparisons of a pattern that is one observation of comparisons joined by AND (with `=` or
 * ISSUBSET on string or integer literals) — the patterns the MISP import writes and most
 * single-value indicators have; undefined for anything else.
 */
export function termsOfPattern(pattern: string): Term[] | undefined {
  // Observations joined by AND (as patternOfTerms writes several object types): each one's comparisons.
  const observations = pattern.trim().split(/\]\s+AND\s+\[/);
  if (observations.length > 1) {
    const all: Term[] = [];
    for (const [i, o] of observations.entries()) {
      const one = termsOfPattern(`${i > 0 ? '[' : ''}${o}${i < observations.length - 1 ? ']' : ''}`);
      if (one === undefined) return undefined;
      all.push(...one);
    }
    return all;
  }
  const m = /^\s*\[(.*)\]\s*$/s.exec(pattern);
  if (m === null) return undefined;
  const body = m[1] as string;
  const terms: Term[] = [];
  const re = /\s*([a-z0-9-]+):((?:[A-Za-z0-9_]+|'[^'\\]*')(?:\[\*\])?(?:\.(?:[A-Za-z0-9_]+|'[^'\\]*')(?:\[\*\])?)*)\s+(=|ISSUBSET)\s+(?:'((?:[^'\\]|\\['\\])*)'|(-?\d+))\s*(AND\b|$)/y;
  let at = 0;
  while (at < body.length) {
    re.lastIndex = at;
    const t = re.exec(body);
    if (t === null) return undefined;
    const object = t[1] as string;
    const path = t[2] as string;
    const value = t[4] !== undefined ? t[4].replace(/\\(['\\])/g, '$1') : Number(t[5]);
    const refPath = /^(resolves_to_refs\[\*\]|dst_ref|src_ref)\.value$/.test(path);
    const ref = refPath && typeof value === 'string' ? (addressType(value) ?? 'domain-name') : undefined;
    terms.push({ object, path, op: t[3] as '=' | 'ISSUBSET', value, ...(ref !== undefined ? { ref } : {}) });
    at = re.lastIndex;
    if (t[6] === '') break;
  }
  return at >= body.length && terms.length > 0 ? terms : undefined;
}
