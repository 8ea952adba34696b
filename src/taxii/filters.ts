// TAXII 2.1 URL filtering parameters (§3.4, §3.4.1), parsed from the raw query string so that a
// repeated parameter is seen (it is an error: "MUST NOT have more than one instance", "each
// <field> MUST NOT occur more than once"). Every malformed value is a 400 naming the parameter.
//
// Which parameters each endpoint takes is the endpoint tables of §5.3–§5.8. A match field this
// server does not know is ignored ("servers MAY ignore fields they do not understand"); a known
// field an endpoint does not take (match[type] on Get an Object, whose "only valid match
// parameter is version") and any other parameter are refused, so that a typo never silently
// widens a query (docs/decisions/0005).
//
// Defaults when a filter is absent (§3.4.1): match[version] → last (Get Object Versions: all;
// Delete an Object: all versions, since deleting "an object" removes it); match[spec_version] →
// the latest specification version held for each object — every stored object is STIX 2.1, so
// no filter at all.
import { AccordError, parseMicros, sortableTimestamp, type ObjectQuery, type VersionSelector } from '../store/index.js';

/** The endpoints that take filters. */
export type FilterEndpoint = 'objects' | 'manifest' | 'object' | 'versions' | 'delete';

/** match[version]: `all`, or any of first/last and exact version timestamps (ORed). */
export type VersionFilter =
  | { readonly all: true }
  | { readonly all: false; readonly first: boolean; readonly last: boolean; readonly timestamps: readonly string[] };

export interface TaxiiFilters {
  /** added_after as date_added microseconds (exclusive). */
  readonly addedAfter?: number;
  readonly limit?: number;
  readonly next?: string;
  readonly ids?: readonly string[];
  readonly types?: readonly string[];
  readonly versions: VersionFilter;
  readonly specVersions?: readonly string[];
}

/** Largest page this server sends, whatever the client asks (§3.4 limit: "server-imposed limit"). */
export const MAX_PAGE = 10_000;
/** Page size when the client gives no limit. */
export const DEFAULT_PAGE = 1_000;

const PAGING = ['added_after', 'limit', 'next'] as const;
const ACCEPTED: Readonly<Record<FilterEndpoint, readonly string[]>> = {
  objects: [...PAGING, 'match[id]', 'match[type]', 'match[version]', 'match[spec_version]'],
  manifest: [...PAGING, 'match[id]', 'match[type]', 'match[version]', 'match[spec_version]'],
  object: [...PAGING, 'match[version]', 'match[spec_version]'],
  versions: [...PAGING, 'match[spec_version]'],
  delete: ['match[version]', 'match[spec_version]'],
};
/** Every match field TAXII 2.1 defines (§3.4.1). */
const KNOWN_MATCH_FIELDS = new Set(['match[id]', 'match[type]', 'match[version]', 'match[spec_version]']);

const STIX_ID = /^[a-z0-9][a-z0-9-]{0,248}[a-z0-9]--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const STIX_TYPE = /^[a-z0-9][a-z0-9-]{1,248}[a-z0-9]$/;
const SPEC_VERSION = /^\d{1,3}\.\d{1,3}$/;
const POSITIVE_INTEGER = /^[1-9]\d{0,15}$/;

function bad(message: string, parameter?: string): AccordError {
  return new AccordError('invalid', 'taxii.bad-filter', message, parameter !== undefined ? { parameter } : undefined);
}

/** The parameters of a raw query string (`a=1&b=2`, no leading `?`), in order, decoded. */
export function queryParameters(raw: string): [string, string][] {
  if (raw === '') return [];
  return [...new URLSearchParams(raw)];
}

/** The raw query string of a request URL (after `?`, '' when none). */
export function rawQuery(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? '' : url.slice(q + 1);
}

/** Rejects any query parameter on an endpoint that takes none (discovery, API root, collections, status). */
export function parseNoParameters(raw: string): void {
  for (const [name] of queryParameters(raw)) {
    if (name.startsWith('match[') && name.endsWith(']')) continue;
    throw bad(`this endpoint takes no "${name}" parameter`, name);
  }
}

/** A comma-separated list; every value must satisfy `ok`. */
function list(name: string, value: string, ok: (v: string) => boolean, what: string): string[] {
  const values = value.split(',');
  for (const v of values) {
    if (v === '') throw bad(`${name} has an empty value; separate several values with a comma and no spaces`, name);
    if (!ok(v)) throw bad(`${name}: "${v.slice(0, 100)}" is not ${what}`, name);
  }
  if (new Set(values).size !== values.length) throw bad(`${name} lists the same value twice`, name);
  return values;
}

function versionFilter(value: string): VersionFilter {
  const name = 'match[version]';
  const values = value.split(',');
  let first = false;
  let last = false;
  let all = false;
  const timestamps: string[] = [];
  const instants = new Set<string>();
  for (const v of values) {
    if (v === 'first' || v === 'last' || v === 'all') {
      if ((v === 'first' && first) || (v === 'last' && last) || (v === 'all' && all)) throw bad(`${name} names "${v}" twice`, name);
      if (v === 'first') first = true;
      else if (v === 'last') last = true;
      else all = true;
      continue;
    }
    const us = parseMicros(v);
    if (v === '' || us === undefined) {
      throw bad(`${name}: "${v.slice(0, 100)}" is neither first, last, all nor a STIX timestamp such as 2016-01-01T01:01:01.000Z`, name);
    }
    // Versions are compared by instant (docs/decisions/0002): …00.1Z and …00.100Z are one version.
    const key = sortableTimestamp(v);
    if (instants.has(key)) throw bad(`${name} names the version ${v} twice`, name);
    instants.add(key);
    timestamps.push(v);
  }
  if (all) {
    if (values.length > 1) throw bad(`${name}: "all" MUST NOT be used with any other version`, name);
    return { all: true };
  }
  return { all: false, first, last, timestamps };
}

/**
 * Parses the filtering parameters of `endpoint` from a raw query string; throws `taxii.bad-filter`
 * (400) on a repeated, malformed or (for this endpoint) undefined parameter.
 */
export function parseFilters(raw: string, endpoint: FilterEndpoint): TaxiiFilters {
  const accepted = ACCEPTED[endpoint];
  const seen = new Set<string>();
  const out: {
    addedAfter?: number; limit?: number; next?: string; ids?: string[]; types?: string[]; versions?: VersionFilter; specVersions?: string[];
  } = {};
  for (const [name, value] of queryParameters(raw)) {
    if (seen.has(name)) throw bad(`${name} may be given only once (several values go in one parameter, separated by commas)`, name);
    seen.add(name);
    if (!accepted.includes(name)) {
      if (name.startsWith('match[') && name.endsWith(']') && !KNOWN_MATCH_FIELDS.has(name)) continue;
      throw bad(`this endpoint does not take ${name}${accepted.length > 0 ? ` (it takes ${accepted.join(', ')})` : ''}`, name);
    }
    switch (name) {
      case 'added_after': {
        const us = parseMicros(value);
        if (us === undefined) throw bad(`added_after: "${value.slice(0, 100)}" is not a timestamp such as 2024-05-01T00:00:00.000000Z`, name);
        out.addedAfter = Math.max(0, us);
        break;
      }
      case 'limit':
        if (!POSITIVE_INTEGER.test(value)) throw bad(`limit must be a positive integer greater than zero, got "${value.slice(0, 100)}"`, name);
        out.limit = Math.min(Number(value), MAX_PAGE);
        break;
      case 'next':
        if (value === '' || value.length > 500) throw bad('next must be the value of "next" of the previous page, passed back as received', name);
        out.next = value;
        break;
      case 'match[id]':
        out.ids = list(name, value, (v) => STIX_ID.test(v), 'a STIX identifier (type--UUID)');
        break;
      case 'match[type]':
        out.types = list(name, value, (v) => STIX_TYPE.test(v), 'an object type (3–250 characters: a–z, 0–9, hyphen)');
        break;
      case 'match[version]':
        out.versions = versionFilter(value);
        break;
      case 'match[spec_version]':
        out.specVersions = list(name, value, (v) => SPEC_VERSION.test(v), 'a specification version such as 2.1');
        break;
    }
  }
  const versions = out.versions ?? (endpoint === 'versions' || endpoint === 'delete' ? { all: true as const } : { all: false as const, first: false, last: true, timestamps: [] });
  return { ...out, versions };
}

/** What the cursor's fingerprint covers: everything that selects objects (not `limit`, not `next`). */
export function fingerprintInput(endpoint: FilterEndpoint, collectionId: string, objectId: string | undefined, f: TaxiiFilters): unknown {
  return [endpoint, collectionId, objectId ?? null, f.addedAfter ?? null, f.ids ?? null, f.types ?? null, f.versions, f.specVersions ?? null];
}

/**
 * The store queries whose union the filters select (without collection, cursor and limit): one
 * per version selector, since `match[version]=first,last,<timestamp>` ORs selectors the store
 * answers one at a time (docs/decisions/0014-taxii.md, "version unions").
 */
export function storeQueries(f: TaxiiFilters, base: Partial<Pick<ObjectQuery, 'ids'>> = {}): Omit<ObjectQuery, 'after' | 'limit'>[] {
  const common: { -readonly [K in keyof ObjectQuery]?: ObjectQuery[K] } = {};
  const ids = base.ids ?? f.ids;
  if (ids !== undefined) common.ids = ids;
  if (f.types !== undefined) common.types = f.types;
  if (f.specVersions !== undefined) common.specVersions = f.specVersions;
  const v = f.versions;
  if (v.all) return [{ ...common, versions: 'all' }];
  const out: Omit<ObjectQuery, 'after' | 'limit'>[] = [];
  const selectors: VersionSelector[] = [];
  if (v.first) selectors.push('first');
  if (v.last) selectors.push('last');
  for (const s of selectors) out.push({ ...common, versions: s });
  if (v.timestamps.length > 0) out.push({ ...common, versions: 'all', versionTimestamps: v.timestamps });
  return out;
}
