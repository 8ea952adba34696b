// Checks of TAXII 2.1 resources and replies, written from the specification's property tables
// (OASIS TAXII Version 2.1, OASIS Standard, 10 June 2021). Each function asserts what a table or
// a normative statement requires and names the section in its failure message, so a failing
// case says which rule the server broke and what it sent.
import { expect } from 'vitest';
import { TAXII_21, type TaxiiDriver, type TaxiiReply } from './driver.js';

export { TAXII_21 };

/**
 * §2 timestamp: RFC 3339, `YYYY-MM-DDTHH:MM:SS.ssssssZ`, "MUST have microsecond precision", UTC
 * with "Z". Read as exactly six fractional digits (the format string; the spec's own example
 * `2016-11-02T12:34:34.12345Z` in §4.3 has five, which we take for a typo).
 */
export const TAXII_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/;

/** §2 identifier: an RFC 4122 version 4 UUID. */
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** §7.1.1: a custom property name (a-z, 0-9, underscore; 3 to 250 characters). */
const CUSTOM_PROPERTY = /^[a-z0-9_]{3,250}$/;

/** STIX 2.1 identifier `type--uuid`. */
const STIX_ID = /^([a-z0-9][a-z0-9-]*[a-z0-9])--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type JsonObject = Record<string, unknown>;

/** Whether `s` is a TAXII timestamp of §2 that names a real instant. */
export function isTaxiiTimestamp(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = TAXII_TIMESTAMP.exec(s);
  if (m === null) return false;
  const d = new Date(`${s.slice(0, 19)}Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 19) === s.slice(0, 19);
}

/** A short rendering of a reply for failure messages. */
export function show(r: TaxiiReply): string {
  const body = r.body !== undefined ? JSON.stringify(r.body) : (r.text ?? '');
  return `${r.label} → HTTP ${r.status} ${r.headers['content-type'] ?? '(no Content-Type)'} ${body.length > 400 ? `${body.slice(0, 400)}…` : body}`;
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The status is one of `wanted`. */
export function expectStatus(r: TaxiiReply, wanted: number | readonly number[], rule: string): void {
  const list = typeof wanted === 'number' ? [wanted] : wanted;
  expect(list.includes(r.status), `${rule}: expected HTTP ${list.join(' or ')}; got ${show(r)}`).toBe(true);
}

/**
 * §3.1 "All TAXII responses MUST include the appropriate media type and version parameter in the
 * Content-Type header" — the value the endpoint tables give, exactly. HTTP would call
 * `application/taxii+json; version="2.1"` the same media type, but third-party clients compare
 * tokens: the OASIS client (oasis-open/cti-taxii-client, taxii2client/common.py,
 * valid_content_type) removes spaces, splits on ";" and requires the token `version=2.1`.
 */
export function expectTaxiiContentType(d: TaxiiDriver, r: TaxiiReply): void {
  if (!d.wireHeaders) return;
  // Soft: a wrong Content-Type fails the case but does not hide what else the case would find.
  expect.soft(r.headers['content-type'], `§3.1/§4–5 Required Headers: Content-Type of ${show(r)}`).toBe(TAXII_21);
}

/** A successful TAXII reply: the status, the exact Content-Type and a JSON object body (§3.1). */
export function expectTaxiiSuccess(d: TaxiiDriver, r: TaxiiReply, status: number, rule: string): JsonObject {
  expectStatus(r, status, rule);
  expectTaxiiContentType(d, r);
  expect(isObject(r.body), `§3.1 a success response carries the endpoint's resource (a JSON object): ${show(r)}`).toBe(true);
  return r.body as JsonObject;
}

/** The object has `name` as a non-empty-string / string / boolean / … property. */
function expectType(o: JsonObject, name: string, type: 'string' | 'boolean' | 'integer' | 'object', where: string, required: boolean): void {
  const v = o[name];
  if (v === undefined) {
    expect(required, `${where}: required property "${name}" missing in ${JSON.stringify(o)}`).toBe(false);
    return;
  }
  const ok = type === 'integer' ? Number.isSafeInteger(v) : type === 'object' ? isObject(v) : typeof v === type;
  expect(ok, `${where}: "${name}" must be of type ${type}, got ${JSON.stringify(v)}`).toBe(true);
}

/** §2 list: present lists have at least one value, all of type `type`. */
function expectList(o: JsonObject, name: string, where: string, required: boolean, item: (v: unknown, i: number) => void): void {
  const v = o[name];
  if (v === undefined) {
    expect(required, `${where}: required list "${name}" missing`).toBe(false);
    return;
  }
  expect(Array.isArray(v), `${where}: "${name}" must be a list, got ${JSON.stringify(v)}`).toBe(true);
  const list = v as unknown[];
  expect(list.length, `§2 list: "${name}" in ${where} must have at least one value (empty lists are prohibited)`).toBeGreaterThan(0);
  list.forEach(item);
}

/** §3.8 + §7.1.1: every property is one the table defines, or a well-formed custom property. */
function expectKnownProperties(o: JsonObject, known: readonly string[], where: string): void {
  for (const k of Object.keys(o)) {
    if (known.includes(k)) continue;
    expect(CUSTOM_PROPERTY.test(k), `§3.8/§7.1.1 ${where}: property "${k}" is neither defined by the spec nor a valid custom property name`).toBe(true);
  }
}

/** §3.6.1: an error message resource in a failure response with the given status. */
export function expectError(d: TaxiiDriver, r: TaxiiReply, status: number | readonly number[], rule: string): JsonObject {
  expectStatus(r, status, rule);
  expectTaxiiContentType(d, r);
  expect(isObject(r.body), `§3.6/§4–5 Failure Responses (payload: error): the body of ${show(r)} must be an error message resource`).toBe(true);
  const e = r.body as JsonObject;
  const where = `§3.6.1 error message of ${r.label}`;
  expectType(e, 'title', 'string', where, true);
  for (const p of ['description', 'error_id', 'error_code', 'http_status', 'external_details'] as const) expectType(e, p, 'string', where, false);
  expectType(e, 'details', 'object', where, false);
  if (e.http_status !== undefined) {
    expect(e.http_status, `${where}: http_status "MUST match the HTTP status code found in the HTTP header"`).toBe(String(r.status));
  }
  expectKnownProperties(e, ['title', 'description', 'error_id', 'error_code', 'http_status', 'external_details', 'details'], where);
  return e;
}

/** §4.1.1 discovery resource. */
export function checkDiscovery(b: JsonObject): void {
  const where = '§4.1.1 discovery';
  expectType(b, 'title', 'string', where, true);
  for (const p of ['description', 'contact', 'default'] as const) expectType(b, p, 'string', where, false);
  expectList(b, 'api_roots', where, false, (v) => {
    expect(typeof v, `${where}: api_roots holds strings`).toBe('string');
    const url = v as string;
    const relative = url.startsWith('/') && !url.startsWith('//');
    expect(relative || url.startsWith('https://'), `${where}: API Root URL "${url}" MUST be an HTTPS absolute URL or a relative URL beginning with a single "/"`).toBe(true);
    expect(url.startsWith('../'), `${where}: API Root URL "${url}" MUST NOT begin with "../"`).toBe(false);
    expect(url.includes('?'), `${where}: API Root URL "${url}" MUST NOT contain a query component`).toBe(false);
  });
  if (b.default !== undefined) {
    expect(Array.isArray(b.api_roots) && (b.api_roots as unknown[]).includes(b.default), `${where}: "default" MUST be an item in api_roots`).toBe(true);
  }
  expectKnownProperties(b, ['title', 'description', 'contact', 'default', 'api_roots'], where);
}

/** §4.2.1 api-root resource. */
export function checkApiRoot(b: JsonObject): void {
  const where = '§4.2.1 api-root';
  expectType(b, 'title', 'string', where, true);
  expectType(b, 'description', 'string', where, false);
  expectList(b, 'versions', where, true, (v) => {
    expect(typeof v === 'string' && /^application\/taxii\+json;version=\d+\.\d+$/.test(v),
      `${where}: each version MUST be a TAXII media type with the version parameter, got ${JSON.stringify(v)}`).toBe(true);
  });
  expect(b.versions, `${where}: versions MUST include "${TAXII_21}"`).toContain(TAXII_21);
  expectType(b, 'max_content_length', 'integer', where, true);
  expect(b.max_content_length as number, `${where}: max_content_length MUST be a positive integer greater than zero`).toBeGreaterThan(0);
  expectKnownProperties(b, ['title', 'description', 'versions', 'max_content_length'], where);
}

/** §5.2.1 collection resource. */
export function checkCollection(c: JsonObject): void {
  const where = `§5.2.1 collection ${JSON.stringify(c.id)}`;
  expectType(c, 'id', 'string', where, true);
  expect(UUID_V4.test(c.id as string), `${where}: id is an identifier (§2: an RFC 4122 version 4 UUID)`).toBe(true);
  expectType(c, 'title', 'string', where, true);
  expectType(c, 'description', 'string', where, false);
  expectType(c, 'alias', 'string', where, false);
  expectType(c, 'can_read', 'boolean', where, true);
  expectType(c, 'can_write', 'boolean', where, true);
  expectList(c, 'media_types', where, false, (v) => expect(typeof v, `${where}: media_types holds strings`).toBe('string'));
  expectKnownProperties(c, ['id', 'title', 'description', 'alias', 'can_read', 'can_write', 'media_types'], where);
}

/** §5.1.1 collections resource; returns the collections. */
export function checkCollections(b: JsonObject): JsonObject[] {
  const where = '§5.1.1 collections';
  expectList(b, 'collections', where, false, (v) => {
    expect(isObject(v), `${where}: each item is a collection resource`).toBe(true);
    checkCollection(v as JsonObject);
  });
  expectKnownProperties(b, ['collections'], where);
  const list = (b.collections ?? []) as JsonObject[];
  const aliases = list.map((c) => c.alias).filter((a) => a !== undefined);
  expect(new Set(aliases).size, '§5.2.1 alias: "If defined, the alias MUST be unique within a single api-root"').toBe(aliases.length);
  return list;
}

/** §4.3.1 status-details. */
function checkStatusDetails(v: unknown, where: string): void {
  expect(isObject(v), `${where}: each item is a status-details`).toBe(true);
  const d = v as JsonObject;
  expectType(d, 'id', 'string', where, true);
  expectType(d, 'version', 'string', where, true);
  expectType(d, 'message', 'string', where, false);
  expectKnownProperties(d, ['id', 'version', 'message'], `${where} status-details`);
}

export interface StatusDetails { readonly id: string; readonly version: string; readonly message?: string }
export interface StatusResource {
  readonly id: string;
  readonly status: 'complete' | 'pending';
  readonly request_timestamp?: string;
  readonly total_count: number;
  readonly success_count: number;
  readonly failure_count: number;
  readonly pending_count: number;
  readonly successes?: readonly StatusDetails[];
  readonly failures?: readonly StatusDetails[];
  readonly pendings?: readonly StatusDetails[];
}

/** §4.3.1 status resource. */
export function checkStatus(b: JsonObject): StatusResource {
  const where = '§4.3.1 status';
  expectType(b, 'id', 'string', where, true);
  expect(UUID_V4.test(b.id as string), `${where}: id is an identifier (§2: an RFC 4122 version 4 UUID), got ${JSON.stringify(b.id)}`).toBe(true);
  expectType(b, 'status', 'string', where, true);
  expect(['complete', 'pending'], `${where}: status MUST be one of complete or pending`).toContain(b.status);
  if (b.request_timestamp !== undefined) {
    expect(isTaxiiTimestamp(b.request_timestamp), `${where}: request_timestamp is a timestamp (§2, six fractional digits, Z), got ${JSON.stringify(b.request_timestamp)}`).toBe(true);
  }
  for (const p of ['total_count', 'success_count', 'failure_count', 'pending_count'] as const) {
    expectType(b, p, 'integer', where, true);
    expect(b[p] as number, `${where}: ${p} MUST be an integer greater than or equal to zero`).toBeGreaterThanOrEqual(0);
  }
  for (const [list, count] of [['successes', 'success_count'], ['failures', 'failure_count'], ['pendings', 'pending_count']] as const) {
    expectList(b, list, where, false, (v) => checkStatusDetails(v, `${where} ${list}`));
    if (b[list] !== undefined) {
      expect((b[list] as unknown[]).length, `${where}: ${list} lists the objects ${count} counts`).toBe(b[count]);
    }
  }
  const s = b as unknown as StatusResource;
  if (s.total_count > 0) {
    expect(s.success_count + s.failure_count + s.pending_count, `${where}: success_count + failure_count + pending_count account for total_count`).toBe(s.total_count);
  }
  if (s.status === 'complete') {
    expect(s.pending_count, `${where}: a complete status "will not be updated further", so nothing is pending`).toBe(0);
  }
  expectKnownProperties(b, ['id', 'status', 'request_timestamp', 'total_count', 'success_count', 'successes', 'failure_count', 'failures', 'pending_count', 'pendings'], where);
  return s;
}

/** §3.7 "more" and "next" of an envelope (and the `more` of §5.3.1 and §5.8.1). */
function checkPaging(b: JsonObject, where: string, hasNext: boolean): void {
  expectType(b, 'more', 'boolean', where, false);
  if (hasNext) {
    expectType(b, 'next', 'string', where, false);
    if (b.next !== undefined) expect(b.more, `${where}: next "MAY be populated if the more property is set to true" — it is set, so more must be true`).toBe(true);
  }
}

export interface StixObject extends JsonObject { readonly type: string; readonly id: string }

/** §3.7 envelope resource; returns its objects (none when absent). */
export function checkEnvelope(b: JsonObject): StixObject[] {
  const where = '§3.7 envelope';
  checkPaging(b, where, true);
  expectList(b, 'objects', where, false, (v) => {
    expect(isObject(v), `${where}: objects "MUST be a STIX Object"`).toBe(true);
    const o = v as JsonObject;
    expect(typeof o.type === 'string' && typeof o.id === 'string' && STIX_ID.test(o.id) && o.id.startsWith(`${o.type}--`),
      `${where}: objects "MUST be a STIX Object" (type and id "type--uuid"), got ${JSON.stringify(o).slice(0, 200)}`).toBe(true);
  });
  expectKnownProperties(b, ['more', 'next', 'objects'], where);
  return (b.objects ?? []) as StixObject[];
}

export interface ManifestRecord { readonly id: string; readonly date_added: string; readonly version: string; readonly media_type?: string }

/** §5.3.1 manifest resource; returns its records (none when absent). */
export function checkManifest(b: JsonObject): ManifestRecord[] {
  const where = '§5.3.1 manifest';
  // The table lists only "more" and "objects"; "next" is §3.4's pagination cursor, which the
  // manifest endpoint accepts, so a server that pages manifests hands it out the same way.
  checkPaging(b, where, true);
  expectList(b, 'objects', where, false, (v) => {
    expect(isObject(v), `${where}: objects holds manifest-record items`).toBe(true);
    const m = v as JsonObject;
    const rec = `${where} manifest-record ${JSON.stringify(m.id)}`;
    expectType(m, 'id', 'string', rec, true);
    expectType(m, 'date_added', 'string', rec, true);
    expect(isTaxiiTimestamp(m.date_added), `${rec}: date_added is a timestamp (§2: YYYY-MM-DDTHH:MM:SS.ssssssZ), got ${JSON.stringify(m.date_added)}`).toBe(true);
    expectType(m, 'version', 'string', rec, true);
    expectType(m, 'media_type', 'string', rec, false);
    expectKnownProperties(m, ['id', 'date_added', 'version', 'media_type'], rec);
  });
  expectKnownProperties(b, ['more', 'next', 'objects'], where);
  return (b.objects ?? []) as ManifestRecord[];
}

/** §5.8.1 versions resource; returns the versions (none when absent). */
export function checkVersions(b: JsonObject): string[] {
  const where = '§5.8.1 versions';
  checkPaging(b, where, true);
  expectList(b, 'versions', where, false, (v) => expect(typeof v, `${where}: versions holds strings`).toBe('string'));
  expectKnownProperties(b, ['more', 'next', 'versions'], where);
  return (b.versions ?? []) as string[];
}

/**
 * §3.2: X-TAXII-Date-Added-First / -Last on a 200 from the manifest, objects, object and versions
 * endpoints. Both MUST be timestamps, First ≤ Last. The spec says "All HTTP 200 series responses …
 * MUST include" them but defines them as the date_added of the first and last object, which an
 * empty response does not have: read as required when the response holds at least one item, and
 * well-formed whenever present.
 */
export function checkDateAddedHeaders(r: TaxiiReply, itemCount: number): { first?: string; last?: string } {
  const first = r.headers['x-taxii-date-added-first'];
  const last = r.headers['x-taxii-date-added-last'];
  if (itemCount > 0) {
    expect(first, `§3.2: X-TAXII-Date-Added-First MUST be on ${show(r)}`).toBeDefined();
    expect(last, `§3.2: X-TAXII-Date-Added-Last MUST be on ${show(r)}`).toBeDefined();
  }
  for (const [name, v] of [['X-TAXII-Date-Added-First', first], ['X-TAXII-Date-Added-Last', last]] as const) {
    if (v !== undefined) expect(isTaxiiTimestamp(v), `§3.2: the value of ${name} MUST be a timestamp (§2: YYYY-MM-DDTHH:MM:SS.ssssssZ), got "${v}" on ${r.label}`).toBe(true);
  }
  if (first !== undefined && last !== undefined) expect(first <= last, `§3.2/§3.3: X-TAXII-Date-Added-First (${first}) is not after -Last (${last})`).toBe(true);
  return { ...(first !== undefined ? { first } : {}), ...(last !== undefined ? { last } : {}) };
}

/** §3.3: ascending by date_added (timestamps of one fixed format compare as strings). */
export function expectAscending(dates: readonly string[], where: string): void {
  for (let i = 1; i < dates.length; i++) {
    expect((dates[i - 1] as string) <= (dates[i] as string), `§3.3 ${where}: objects MUST be sorted in ascending order by date added; ${dates[i - 1]} comes before ${dates[i]}`).toBe(true);
  }
}

/** §1.6.9: a 401 carries a WWW-Authenticate header with at least one challenge; ours offers HTTP Basic (§8.2.2). */
export function expectChallenge(d: TaxiiDriver, r: TaxiiReply): void {
  if (!d.wireHeaders) return;
  const h = r.headers['www-authenticate'];
  expect(h, `§1.6.9: a 401 MUST come with a WWW-Authenticate header: ${show(r)}`).toBeDefined();
  expect(/^\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+(\s|,|$)/.test(h ?? ''), `§1.6.9/RFC 7235: WWW-Authenticate holds challenges (auth-scheme [params]), got "${h}"`).toBe(true);
  expect(/(^|[\s,])Basic(\s|,|$)/i.test(h ?? ''), `§1.6.9/§8.2.2: the challenges "define which authentication schemes are supported" — HTTP Basic is, so it is offered; got "${h}"`).toBe(true);
}
