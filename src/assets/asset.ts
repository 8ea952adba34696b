// What an asset of the registry is, and the checks every way in (API, CLI, CSV) goes through:
// each field checked, each problem named with its field (and list position), lists normalised
// (networks to their first address and prefix, domains to lower case, CPE names as given in
// lower case). Nothing here is a STIX object: an asset never leaves its node.
import type { IndustrySectorOv } from '../stix/index.js';
import type { AssetCriticality, AssetRecord } from '../store/index.js';
import { parseCpe } from './cpe.js';
import { formatNetwork, normalDomain, parseNetwork } from './net.js';

/** The STIX 2.1 industry-sector-ov vocabulary (§10.11, with Errata 01's legal). */
export const SECTORS = [
  'agriculture', 'aerospace', 'automotive', 'chemical', 'commercial', 'communications', 'construction', 'defense', 'education', 'energy',
  'entertainment', 'financial-services', 'government', 'emergency-services', 'government-local', 'government-national',
  'government-public-services', 'government-regional', 'healthcare', 'hospitality-leisure', 'infrastructure', 'dams', 'nuclear', 'water',
  'insurance', 'manufacturing', 'mining', 'non-profit', 'pharmaceuticals', 'retail', 'technology', 'telecommunications', 'transportation',
  'utilities', 'legal',
] as const satisfies readonly IndustrySectorOv[];

export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const satisfies readonly AssetCriticality[];

/** The most entries one list of an asset may hold. */
export const MAX_LIST = 1000;

/** An asset as given, before checks: every field may be anything. */
export interface AssetInput {
  readonly name?: unknown;
  readonly sector?: unknown;
  readonly criticality?: unknown;
  readonly owner?: unknown;
  readonly contact?: unknown;
  readonly notes?: unknown;
  readonly ranges?: unknown;
  readonly domains?: unknown;
  readonly software?: unknown;
}

/** An asset's fields once checked: the store's record without its id and bookkeeping. */
export type AssetFields = Omit<AssetRecord, 'id' | 'createdBy' | 'createdAt' | 'updatedAt'>;

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

function text(problems: FieldProblem[], field: string, value: unknown, max: number, lines = false): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    problems.push({ field, message: `${field} is required (text, 1 to ${max} characters)` });
    return '';
  }
  const v = value.trim();
  if (v.length > max) problems.push({ field, message: `${field} is ${v.length} characters long; at most ${max}` });
  if ((lines ? /(?![\t\n\r])\p{Cc}/u : /\p{Cc}/u).test(v)) problems.push({ field, message: `${field} contains a control character` });
  return v;
}

function oneOf<T extends string>(problems: FieldProblem[], field: string, value: unknown, allowed: readonly T[]): T {
  const v = typeof value === 'string' ? value.trim().toLowerCase() : value;
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  problems.push({ field, message: `${field} ${JSON.stringify(value ?? null)} is not one of ${allowed.join(', ')}` });
  return allowed[0] as T;
}

function list(problems: FieldProblem[], field: string, value: unknown, item: (v: string) => string | { problem: string }): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push({ field, message: `${field} must be a list` });
    return [];
  }
  if (value.length > MAX_LIST) problems.push({ field, message: `${field} has ${value.length} entries; at most ${MAX_LIST}` });
  const out: string[] = [];
  for (const [i, raw] of value.entries()) {
    const r = typeof raw === 'string' ? item(raw.trim()) : { problem: 'is not text' };
    if (typeof r === 'string') {
      if (!out.includes(r)) out.push(r);
    } else {
      problems.push({ field: `${field}[${i}]`, message: `${field}[${i}] ${JSON.stringify(raw)}: ${r.problem}` });
    }
  }
  return out;
}

function range(v: string): string | { problem: string } {
  const n = parseNetwork(v);
  return n === undefined ? { problem: 'is not an IPv4 or IPv6 address or CIDR network (192.0.2.0/24, 2001:db8::/32)' } : formatNetwork(n);
}

function domain(v: string): string | { problem: string } {
  return normalDomain(v) ?? { problem: 'is not a domain or host name (labels of letters, digits, - and _, at most 253 characters)' };
}

function software(v: string): string | { problem: string } {
  const c = parseCpe(v);
  return 'problem' in c ? c : v.toLowerCase();
}

/** The checked fields, or every problem found. */
export function checkAsset(input: AssetInput): { readonly fields: AssetFields } | { readonly problems: readonly FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const notes = input.notes === undefined || input.notes === null || input.notes === '' ? null : text(problems, 'notes', input.notes, 4000, true);
  const fields: AssetFields = {
    name: text(problems, 'name', input.name, 200),
    sector: oneOf(problems, 'sector', input.sector, SECTORS),
    criticality: oneOf(problems, 'criticality', input.criticality, CRITICALITIES),
    owner: text(problems, 'owner', input.owner, 200),
    contact: text(problems, 'contact', input.contact, 200),
    notes,
    ranges: list(problems, 'ranges', input.ranges, range),
    domains: list(problems, 'domains', input.domains, domain),
    software: list(problems, 'software', input.software, software),
  };
  return problems.length > 0 ? { problems } : { fields };
}
