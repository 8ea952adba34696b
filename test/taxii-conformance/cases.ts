// TAXII 2.1 conformance checks, written from the specification (OASIS TAXII Version 2.1, OASIS
// Standard, 10 June 2021) and not from any server's code. Each case names the section whose
// normative text it checks; the suite runs them, in order, over any TaxiiDriver (driver.ts).
//
// Cases share one server and its default collection; each works on objects with fresh ids and
// narrows reads to them with match[id], so cases do not depend on each other's data. Cases
// marked `raw` build requests by hand (media types, malformed filters, oversized bodies) and need
// a driver with `request`.
//
// Where the specification leaves a choice, the reading third-party clients rely on is taken, and
// the comment at the case says so.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { buildIndicator, buildMalware, nextVersion } from '../support/factories.js';
import {
  checkApiRoot, checkCollection, checkCollections, checkDateAddedHeaders, checkDiscovery, checkEnvelope, checkManifest, checkStatus, checkVersions,
  expectAscending, expectChallenge, expectError, expectStatus, expectTaxiiContentType, expectTaxiiSuccess, isObject, show,
  TAXII_21, type JsonObject, type ManifestRecord, type StatusResource, type StixObject,
} from './checks.js';
import type { ConformanceTarget, Connect, Filters, Harness, RawRequest, TaxiiDriver, TaxiiReply } from './driver.js';

export interface ConformanceCase {
  /** The section(s) of the specification the case checks, e.g. `§5.4`. */
  readonly section: string;
  readonly title: string;
  /** Builds requests by hand: runs only with a driver that has `request`. */
  readonly raw?: boolean;
  readonly run: (h: Harness) => Promise<void>;
}

export const CASES: ConformanceCase[] = [];
function check(section: string, title: string, run: (h: Harness) => Promise<void>): void {
  CASES.push({ section, title, run });
}
function checkRaw(section: string, title: string, run: (h: Harness) => Promise<void>): void {
  CASES.push({ section, title, raw: true, run });
}

// ---------------------------------------------------------------------------------------------
// Helpers

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function raw(d: TaxiiDriver): (req: RawRequest) => Promise<TaxiiReply> {
  if (d.request === undefined) throw new Error('a raw case ran on a driver without request()');
  return (req) => (d.request as NonNullable<TaxiiDriver['request']>).call(d, req);
}

function paths(h: Harness) {
  const root = h.apiRootPath;
  const coll = `${root}collections/${h.collectionId}/`;
  return {
    discovery: '/taxii2/',
    root,
    collections: `${root}collections/`,
    collection: coll,
    manifest: `${coll}manifest/`,
    objects: `${coll}objects/`,
    object: (id: string) => `${coll}objects/${id}/`,
    versions: (id: string) => `${coll}objects/${id}/versions/`,
    status: (id: string) => `${root}status/${id}/`,
  };
}

/** A fresh, valid indicator (or malware) with a random id. */
function indicator(over: JsonObject = {}): StixObject {
  return buildIndicator({ id: `indicator--${randomUUID()}`, ...over }) as StixObject;
}
function malware(over: JsonObject = {}): StixObject {
  return buildMalware({ id: `malware--${randomUUID()}`, ...over }) as StixObject;
}
/** Three versions of one indicator, modified one minute apart, oldest first. */
function threeVersions(): [StixObject, StixObject, StixObject] {
  const v1 = indicator();
  const v2 = nextVersion(v1, { name: `${String(v1.name)} (revised)` }) as StixObject;
  const v3 = nextVersion(v2, { name: `${String(v1.name)} (revised twice)` }) as StixObject;
  return [v1, v2, v3];
}
const ids = (objs: readonly { id: string }[]) => objs.map((o) => o.id);
const byId = (id: string): Filters => ({ match: { id: [id] } });

/** §4.3: polls a status until it is complete. */
async function waitComplete(d: TaxiiDriver, statusId: string): Promise<StatusResource> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const r = await d.status(statusId);
    const s = checkStatus(expectTaxiiSuccess(d, r, 200, '§4.3 Get Status'));
    expect(s.id, '§4.3: the status returned is the one asked for').toBe(statusId);
    if (s.status === 'complete') return s;
    if (Date.now() > deadline) throw new Error(`§4.3: status ${statusId} still pending after 20 s: ${show(r)}`);
    await sleep(50);
  }
}

/** §5.5: posts an envelope, checks the 202 status resource, and waits until it is complete. */
async function add(h: Harness, objects: readonly JsonObject[], d: TaxiiDriver = h.writer): Promise<StatusResource> {
  const r = await d.addObjects(h.collectionId, { objects });
  const s = checkStatus(expectTaxiiSuccess(d, r, 202, '§5.5 Add Objects: 202 with a status resource'));
  // §4.3.1 total_count: "the number of objects in the envelope"; 0 only while processing has not started.
  if (!(s.status === 'pending' && s.total_count === 0)) {
    expect(s.total_count, '§4.3.1 total_count is the number of objects in the envelope').toBe(objects.length);
  }
  const final = s.status === 'complete' ? s : await waitComplete(d, s.id);
  expect(final.total_count, '§4.3.1 total_count is the number of objects in the envelope').toBe(objects.length);
  return final;
}

/** Adds objects that must all succeed. */
async function addAll(h: Harness, objects: readonly JsonObject[], d: TaxiiDriver = h.writer): Promise<StatusResource> {
  const s = await add(h, objects, d);
  expect(s.failure_count, `§5.5: valid objects were refused: ${JSON.stringify(s.failures)}`).toBe(0);
  expect(s.success_count, '§4.3.1 success_count').toBe(objects.length);
  return s;
}

/** Adds each object in its own request, in order (distinct, ascending date_added). */
async function addEach(h: Harness, objects: readonly JsonObject[]): Promise<void> {
  for (const o of objects) await addAll(h, [o]);
}

/** GET objects: checked 200 envelope, date-added headers; returns the objects. */
async function getObjects(h: Harness, filters: Filters, d: TaxiiDriver = h.writer): Promise<{ reply: TaxiiReply; body: JsonObject; objects: StixObject[] }> {
  const reply = await d.getObjects(h.collectionId, filters);
  const body = expectTaxiiSuccess(d, reply, 200, '§5.4 Get Objects');
  const objects = checkEnvelope(body);
  checkDateAddedHeaders(reply, objects.length);
  if (filters.limit !== undefined) expect(objects.length, '§3.4 limit: "MUST NOT contain more objects than requested"').toBeLessThanOrEqual(filters.limit);
  return { reply, body, objects };
}

/** GET manifest: checked 200, records, sort order and headers; returns the records. */
async function getManifest(h: Harness, filters: Filters, d: TaxiiDriver = h.writer): Promise<{ reply: TaxiiReply; body: JsonObject; records: ManifestRecord[] }> {
  const reply = await d.manifest(h.collectionId, filters);
  const body = expectTaxiiSuccess(d, reply, 200, '§5.3 Get Object Manifests');
  const records = checkManifest(body);
  expectAscending(records.map((m) => m.date_added), 'manifest');
  const { first, last } = checkDateAddedHeaders(reply, records.length);
  if (records.length > 0) {
    expect(first, '§3.2: X-TAXII-Date-Added-First is the date_added of the first record').toBe(records[0]?.date_added);
    expect(last, '§3.2: X-TAXII-Date-Added-Last is the date_added of the last record').toBe(records[records.length - 1]?.date_added);
  }
  if (filters.limit !== undefined) expect(records.length, '§3.4 limit').toBeLessThanOrEqual(filters.limit);
  return { reply, body, records };
}

/** GET object: checked 200 envelope whose objects all have that id. */
async function getObject(h: Harness, id: string, filters: Filters = {}, d: TaxiiDriver = h.writer): Promise<{ reply: TaxiiReply; body: JsonObject; objects: StixObject[] }> {
  const reply = await d.getObject(h.collectionId, id, filters);
  const body = expectTaxiiSuccess(d, reply, 200, '§5.6 Get an Object');
  const objects = checkEnvelope(body);
  for (const o of objects) expect(o.id, '§5.6: only the object asked for').toBe(id);
  checkDateAddedHeaders(reply, objects.length);
  return { reply, body, objects };
}

/** GET versions: checked 200 versions resource. */
async function getVersions(h: Harness, id: string, filters: Filters = {}): Promise<{ reply: TaxiiReply; body: JsonObject; versions: string[] }> {
  const reply = await h.writer.versions(h.collectionId, id, filters);
  const body = expectTaxiiSuccess(h.writer, reply, 200, '§5.8 Get Object Versions');
  const versions = checkVersions(body);
  checkDateAddedHeaders(reply, versions.length);
  return { reply, body, versions };
}

/** The (id, version) pairs the manifest holds for these ids, all versions. */
async function stored(h: Harness, objectIds: readonly string[]): Promise<ManifestRecord[]> {
  return (await getManifest(h, { match: { id: objectIds, version: ['all'] } })).records;
}

const modifiedOf = (objs: readonly StixObject[]) => objs.map((o) => o.modified as string);

type PageVia = 'next' | 'added_after';
/**
 * §3.5: pages through GET objects with `limit`, following `next` or `added_after` =
 * X-TAXII-Date-Added-Last, checking each page; returns every object in order.
 */
async function pageObjects(h: Harness, base: Filters, limit: number, via: PageVia, d: TaxiiDriver = h.writer): Promise<{ objects: StixObject[]; pages: number }> {
  const all: StixObject[] = [];
  let filters: Filters = { ...base, limit };
  let lastHeader: string | undefined;
  for (let pages = 1; pages <= 500; pages++) {
    const { reply, body, objects } = await getObjects(h, filters, d);
    all.push(...objects);
    const first = reply.headers['x-taxii-date-added-first'];
    if (lastHeader !== undefined && first !== undefined && objects.length > 0) {
      expect(first > lastHeader, `§3.3/§3.5: page ${pages} starts at ${first}, not after the previous page's last ${lastHeader}`).toBe(true);
    }
    lastHeader = reply.headers['x-taxii-date-added-last'] ?? lastHeader;
    if (body.more !== true) return { objects: all, pages };
    if (via === 'next') {
      // §3.5 says next MAY be given; Accord (issue 4) serves it on every page that has more.
      expect(typeof body.next, `§3.5: more is true and the server pages with next (Accord issue 4): ${show(reply)}`).toBe('string');
      filters = { ...base, limit, next: body.next as string };
    } else {
      expect(lastHeader, '§3.5: paging by added_after needs X-TAXII-Date-Added-Last').toBeDefined();
      filters = { ...base, limit, added_after: lastHeader };
    }
  }
  throw new Error('§3.5: more than 500 pages: the server keeps saying more=true');
}

function expectSameIds(got: readonly { id: string }[], want: readonly { id: string }[], why: string): void {
  expect([...ids(got)].sort(), why).toEqual([...ids(want)].sort());
}

/** Objects shared by the per-endpoint tables (media types, authentication). */
interface Fixture {
  readonly versions: readonly [StixObject, StixObject, StixObject];
  readonly statusId: string;
}
const fixtures = new WeakMap<Harness, Promise<Fixture>>();
function fixture(h: Harness): Promise<Fixture> {
  let f = fixtures.get(h);
  if (f === undefined) {
    f = (async () => {
      const versions = threeVersions();
      await addEach(h, versions.slice(0, 2));
      const s = await addAll(h, versions.slice(2));
      return { versions, statusId: s.id };
    })();
    fixtures.set(h, f);
  }
  return f;
}

// ---------------------------------------------------------------------------------------------
// §4.1 Server Discovery

check('§4.1, §4.1.1, §8.2.1', 'GET /taxii2/ returns a discovery resource that advertises the API root', async (h) => {
  const d = h.writer;
  const r = await d.discover();
  const b = expectTaxiiSuccess(d, r, 200, '§4.1 Server Discovery: 200');
  checkDiscovery(b);
  // §4.1.1 allows omitting api_roots; Accord advertises its root so a client can connect at once (issue 4).
  const roots = ((b.api_roots ?? []) as string[]).map((u) => new URL(u, h.origin));
  expect(roots.some((u) => u.pathname === h.apiRootPath && (u.origin === h.origin || u.protocol === 'https:')),
    `§4.1.1: api_roots should list ${h.apiRootPath}; got ${JSON.stringify(b.api_roots)}`).toBe(true);
});

check('§8.2.1', 'a request without a User-Agent header is served (SHOULD NOT reject)', async (h) => {
  // The raw driver sends no User-Agent at all; a client library sends its own.
  const r = await h.writer.collections();
  expectStatus(r, 200, '§8.2.1 item 7');
});

// ---------------------------------------------------------------------------------------------
// §4.2 API Root

check('§4.2, §4.2.1', 'GET {api-root}/ returns an api-root resource with versions and max_content_length', async (h) => {
  const r = await h.writer.apiRoot();
  checkApiRoot(expectTaxiiSuccess(h.writer, r, 200, '§4.2 Get API Root Information: 200'));
});

checkRaw('§4.2, §3.6.1', 'an unknown API root is 404 with an error message, on every endpoint under it', async (h) => {
  const send = raw(h.writer);
  for (const path of ['/taxii2/no-such-root/', '/taxii2/no-such-root/collections/', `/taxii2/no-such-root/collections/${h.collectionId}/objects/`, `/taxii2/no-such-root/status/${randomUUID()}/`]) {
    expectError(h.writer, await send({ method: 'GET', path }), 404, `§4.2/§5.1/§5.4/§4.3: unknown API root ${path}`);
  }
});

// ---------------------------------------------------------------------------------------------
// §5.5 Add Objects and §4.3 Get Status

check('§5.5, §4.3.1', 'POST objects answers 202 with a status resource counting the envelope', async (h) => {
  const objs = [indicator(), malware()];
  const r = await h.writer.addObjects(h.collectionId, { objects: objs });
  const s = checkStatus(expectTaxiiSuccess(h.writer, r, 202, '§5.5: 202 Accepted'));
  if (!(s.status === 'pending' && s.total_count === 0)) expect(s.total_count, '§4.3.1 total_count').toBe(2);
});

check('§4.3, §4.3.1', 'GET status/{id}/ returns the request\'s status, polled until complete, with each object\'s id and version', async (h) => {
  const objs = [indicator(), malware()];
  const r = await h.writer.addObjects(h.collectionId, { objects: objs });
  const first = checkStatus(expectTaxiiSuccess(h.writer, r, 202, '§5.5: 202 Accepted'));
  const s = await waitComplete(h.writer, first.id);
  expect(s.success_count, `§5.5: both objects are added: ${JSON.stringify(s)}`).toBe(2);
  if (s.successes !== undefined) {
    // §4.3.1 status-details: "For STIX objects the id MUST be the STIX Object id" and "the version MUST be the STIX modified timestamp".
    expect(s.successes.map((x) => [x.id, x.version]).sort(), '§4.3.1 status-details id and version').toEqual(objs.map((o) => [o.id, o.modified]).sort());
  }
  // Asking again for a complete status still answers (§4.3: SHOULD keep it for 24 hours).
  checkStatus(expectTaxiiSuccess(h.writer, await h.writer.status(first.id), 200, '§4.3: a finished status can be read again'));
});

check('§4.3', 'an unknown status id is 404 with an error message', async (h) => {
  expectError(h.writer, await h.writer.status(randomUUID()), 404, '§4.3: "a status ID that is no longer available … MUST return 404"');
});

check('§5.5', 'posting an exact duplicate of an object already in the collection is not an error for that object', async (h) => {
  const o = indicator();
  await addAll(h, [o]);
  const again = await add(h, [o]);
  expect(again.failure_count, `§5.5: "If a client publishes an exact duplicate … the server MUST not return an error for that Object": ${JSON.stringify(again)}`).toBe(0);
  const records = await stored(h, [o.id]);
  expect(records.length, '§5.3: still one version of the object').toBe(1);
});

check('§5.5, §4.3.1', 'a partly invalid envelope: the valid objects are added, each refused one is listed in failures with its id', async (h) => {
  const good = indicator();
  const bad = indicator();
  delete (bad as JsonObject).pattern; // an indicator without its required pattern
  const s = await add(h, [good, bad]);
  expect(s.success_count, `§4.3.1 success_count: ${JSON.stringify(s)}`).toBe(1);
  expect(s.failure_count, `§4.3.1 failure_count: ${JSON.stringify(s)}`).toBe(1);
  if (s.failures !== undefined) {
    expect(s.failures.map((f) => f.id), '§4.3.1 failures list the refused object by its STIX id').toEqual([bad.id]);
  }
  // §4.3.1 makes failures and message optional; Accord lists "each failed object with its reason" (issue 4).
  expect(s.failures?.[0]?.message, `Accord issue 4: the failure says why: ${JSON.stringify(s.failures)}`).toMatch(/\S/);
  expect(ids(await stored(h, [good.id, bad.id])), '§5.5: only the valid object was added').toEqual([good.id]);
});

check('§5.5, §5.2.1', 'a read-only requester (can_write false) posting is refused with 403, and nothing is stored', async (h) => {
  const c = expectTaxiiSuccess(h.reader, await h.reader.collection(h.collectionId), 200, '§5.2');
  checkCollection(c);
  expect(c.can_read, '§5.2.1: the read-only user can read the default collection').toBe(true);
  expect(c.can_write, '§5.2.1: the read-only user cannot write it').toBe(false);
  const o = indicator();
  const r = await h.reader.addObjects(h.collectionId, { objects: [o] });
  // §5.5 allows 403 or 404; the requester can see the collection, so 403 (Forbidden) is the answer that does not lie.
  expectError(h.reader, r, 403, '§5.5: can_write false → "MUST return an HTTP 403 (Forbidden) or HTTP 404"');
  expect(await stored(h, [o.id]), '§5.5: a refused POST stores nothing').toEqual([]);
});

// Content-Type on POST (§3.1, §5.5 Required Headers).
const goodPostTypes = ['application/taxii+json;version=2.1', 'application/taxii+json', 'application/taxii+json; version=2.1'];
for (const ct of goodPostTypes) {
  checkRaw('§3.1, §5.5', `POST with Content-Type "${ct}" (a media type defined for the endpoint) is accepted, not 415`, async (h) => {
    const o = indicator();
    const r = await raw(h.writer)({ method: 'POST', path: paths(h).objects, headers: { 'content-type': ct }, body: JSON.stringify({ objects: [o] }) });
    // §3.1: "Requests with a media type in the Content-Type header that is defined for that Endpoint MUST NOT result in an HTTP 415";
    // "application/taxii+json" is the latest version (§1.6.8.2) and whitespace before a parameter is the same media type (RFC 7231 §3.1.1.1).
    const s = checkStatus(expectTaxiiSuccess(h.writer, r, 202, `§3.1/§5.5 Content-Type ${ct}`));
    if (s.status === 'pending') await waitComplete(h.writer, s.id);
    expect(ids(await stored(h, [o.id]))).toEqual([o.id]);
  });
}
// §3.1 lets a server answer 415 or accept other media types; Accord refuses them (issue 4), as TAXII 2.1 clients expect.
const badPostTypes = ['application/json', 'application/taxii+json;version=2.0', 'application/stix+json;version=2.1', 'text/plain'];
for (const ct of badPostTypes) {
  checkRaw('§3.1, §5.5', `POST with Content-Type "${ct}" is 415 with an error message, and nothing is stored`, async (h) => {
    const o = indicator();
    const r = await raw(h.writer)({ method: 'POST', path: paths(h).objects, headers: { 'content-type': ct }, body: JSON.stringify({ objects: [o] }) });
    expectError(h.writer, r, 415, '§5.5: "415 - The client attempted to POST a payload with a content type the server does not support"');
    expect(await stored(h, [o.id])).toEqual([]);
  });
}
checkRaw('§3.1, §5.5', 'POST without a Content-Type is refused (400 or 415) with an error message', async (h) => {
  const o = indicator();
  const r = await raw(h.writer)({ method: 'POST', path: paths(h).objects, headers: { 'content-type': null }, body: JSON.stringify({ objects: [o] }) });
  expectError(h.writer, r, [400, 415], '§3.1: "All TAXII POST requests MUST include a valid Accept and Content-Type header"');
  expect(await stored(h, [o.id])).toEqual([]);
});
checkRaw('§3.1, §5.5', 'POST with an Accept that is not TAXII 2.1 is 406, and nothing is stored', async (h) => {
  const o = indicator();
  const r = await raw(h.writer)({ method: 'POST', path: paths(h).objects, headers: { accept: 'application/json', 'content-type': TAXII_21 }, body: JSON.stringify({ objects: [o] }) });
  expectError(h.writer, r, 406, '§5.5: "406 - The media type provided in the Accept header is invalid"');
  expect(await stored(h, [o.id])).toEqual([]);
});

// Malformed bodies (§5.5 Failure Responses).
checkRaw('§5.5, §3.6.1', 'POST with malformed JSON is 400 with an error message', async (h) => {
  for (const body of ['{"objects": [', '{objects: []}', 'not json at all', '']) {
    const r = await raw(h.writer)({ method: 'POST', path: paths(h).objects, headers: { 'content-type': TAXII_21 }, body });
    // Ambiguous: §5.5 lists 400 "The server did not understand the request" and 422 "… could not be processed. This can
    // happen, for example, … when sending a malformed body". Read as: a body that is not JSON at all is a request the
    // server could not understand (400; HTTP's 422 presumes "the syntax of the request content is correct", RFC 9110
    // §15.5.21), and 422 is for well-formed content it cannot process. Clients treat both as a refusal.
    expectError(h.writer, r, 400, `§5.5: malformed JSON body ${JSON.stringify(body)}`);
  }
});
checkRaw('§5.5, §3.7', 'POST with JSON that is not an envelope is 400 or 422 with an error message', async (h) => {
  for (const body of ['[]', '"objects"', '{"objects": "indicator"}', '{"objects": {"type": "indicator"}}', 'null']) {
    const r = await raw(h.writer)({ method: 'POST', path: paths(h).objects, headers: { 'content-type': TAXII_21 }, body });
    expectError(h.writer, r, [400, 422], `§5.5: "clients MUST deliver all objects in a TAXII envelope" — body ${body}`);
  }
});

checkRaw('§2, §5.5', 'POST of an envelope with an empty objects list is refused (400 or 422) with an error message', async (h) => {
  const r = await raw(h.writer)({ method: 'POST', path: paths(h).objects, headers: { 'content-type': TAXII_21 }, body: '{"objects": []}' });
  // §2 list: "Empty lists are prohibited in TAXII and MUST NOT be used"; the envelope is malformed, so §5.5's 400 or 422.
  expectError(h.writer, r, [400, 422], '§2: an empty "objects" list');
});

// max_content_length (§4.2.1) and 413 (§5.5).
async function maxContentLength(h: Harness): Promise<number> {
  const b = expectTaxiiSuccess(h.writer, await h.writer.apiRoot(), 200, '§4.2');
  checkApiRoot(b);
  return b.max_content_length as number;
}
/** An envelope holding `objs`, padded with trailing JSON whitespace to exactly `size` octets. */
function paddedEnvelope(objs: readonly JsonObject[], size: number): string {
  const s = JSON.stringify({ objects: objs });
  const len = Buffer.byteLength(s);
  if (len > size) throw new Error(`envelope of ${len} octets does not fit in ${size}`);
  return s + ' '.repeat(size - len);
}

checkRaw('§4.2.1, §5.5', 'a POST one octet over the advertised max_content_length is 413 with an error message, and nothing is stored', async (h) => {
  const max = await maxContentLength(h);
  const o = indicator();
  const r = await raw(h.writer)({ method: 'POST', path: paths(h).objects, headers: { 'content-type': TAXII_21 }, body: paddedEnvelope([o], max + 1) });
  expectError(h.writer, r, 413, '§5.5: "413 - The POSTed payload exceeds the max_content_length of the API Root"');
  expect(await stored(h, [o.id])).toEqual([]);
});
checkRaw('§4.2.1, §5.5', 'a chunked POST (no Content-Length) over max_content_length is 413, and nothing is stored', async (h) => {
  const max = await maxContentLength(h);
  const o = indicator();
  const r = await raw(h.writer)({ method: 'POST', path: paths(h).objects, headers: { 'content-type': TAXII_21 }, body: paddedEnvelope([o], max + 4096), chunked: true });
  expectError(h.writer, r, 413, '§4.2.1/§5.5: the total body length exceeds max_content_length');
  expect(await stored(h, [o.id])).toEqual([]);
});
checkRaw('§4.2.1, §5.5', 'an envelope of many objects larger than max_content_length is 413, and none of them is stored', async (h) => {
  const max = await maxContentLength(h);
  const objs: StixObject[] = [];
  // `{"objects":[` + `]}` is 14 octets, and n objects take n - 1 commas: the size is exact.
  let size = 13;
  while (size <= max) {
    const o = indicator();
    objs.push(o);
    size += Buffer.byteLength(JSON.stringify(o)) + 1;
  }
  const body = JSON.stringify({ objects: objs });
  expect(Buffer.byteLength(body), 'the test\'s own envelope must exceed max_content_length').toBeGreaterThan(max);
  const r = await raw(h.writer)({ method: 'POST', path: paths(h).objects, headers: { 'content-type': TAXII_21 }, body });
  expectError(h.writer, r, 413, '§5.5: 413 for a payload over max_content_length');
  expect(await stored(h, [objs[0]?.id ?? '', objs[objs.length - 1]?.id ?? '']), '§5.5: nothing of a refused POST is stored').toEqual([]);
});
checkRaw('§4.2.1', 'a POST one octet under max_content_length is not 413', async (h) => {
  const max = await maxContentLength(h);
  const o = indicator();
  const r = await raw(h.writer)({ method: 'POST', path: paths(h).objects, headers: { 'content-type': TAXII_21 }, body: paddedEnvelope([o], max - 1) });
  // §4.2.1: "Requests with total body length values smaller than this value MUST NOT result in an HTTP 413".
  const s = checkStatus(expectTaxiiSuccess(h.writer, r, 202, '§4.2.1 max_content_length'));
  if (s.status === 'pending') await waitComplete(h.writer, s.id);
});
checkRaw('§4.2.1', 'a POST of exactly max_content_length octets is not 413', async (h) => {
  const max = await maxContentLength(h);
  const r = await raw(h.writer)({ method: 'POST', path: paths(h).objects, headers: { 'content-type': TAXII_21 }, body: paddedEnvelope([indicator()], max) });
  // §4.2.1: max_content_length is "the maximum size of the request body … that the server can support".
  const s = checkStatus(expectTaxiiSuccess(h.writer, r, 202, '§4.2.1 max_content_length'));
  if (s.status === 'pending') await waitComplete(h.writer, s.id);
});

// ---------------------------------------------------------------------------------------------
// §5.1 Get Collections, §5.2 Get a Collection

check('§5.1, §5.1.1, §5.2.1', 'GET collections/ lists collection resources; the default one can be read and written by its user', async (h) => {
  const list = checkCollections(expectTaxiiSuccess(h.writer, await h.writer.collections(), 200, '§5.1: 200'));
  const mine = list.find((c) => c.id === h.collectionId);
  expect(mine, `§5.1 (Accord issue 4): "A new node has … a default collection that its own users may read and write"; got ${JSON.stringify(list)}`).toBeDefined();
  expect(mine?.can_read, '§5.2.1 can_read for its read-write user').toBe(true);
  expect(mine?.can_write, '§5.2.1 can_write for its read-write user').toBe(true);
});

check('§3.3', 'GET collections/ returns the collections in a consistent order across requests', async (h) => {
  const order = async () => checkCollections(expectTaxiiSuccess(h.writer, await h.writer.collections(), 200, '§5.1')).map((c) => c.id);
  const a = await order();
  expect(await order(), '§3.3: "The Collections Endpoint MUST return Collection Resources in a consistent sort order"').toEqual(a);
  expect(await order()).toEqual(a);
});

check('§5.2, §5.2.1', 'GET collections/{id}/ returns the collection resource listed by GET collections/', async (h) => {
  const list = checkCollections(expectTaxiiSuccess(h.writer, await h.writer.collections(), 200, '§5.1'));
  const one = expectTaxiiSuccess(h.writer, await h.writer.collection(h.collectionId), 200, '§5.2: 200');
  checkCollection(one);
  expect(one, '§5.2: the same resource as in the list').toEqual(list.find((c) => c.id === h.collectionId));
});

check('§5.2.1', 'can_read and can_write are computed for the requester: a read-only user sees can_write false', async (h) => {
  const list = checkCollections(expectTaxiiSuccess(h.reader, await h.reader.collections(), 200, '§5.1'));
  const c = list.find((x) => x.id === h.collectionId);
  expect(c, 'the read-only user sees the default collection').toBeDefined();
  expect([c?.can_read, c?.can_write], '§5.2.1 can_read/can_write "as authenticated"').toEqual([true, false]);
});

check('§5.2.1, §5.3.1', 'manifest media_type values are among the collection\'s media_types', async (h) => {
  const c = expectTaxiiSuccess(h.writer, await h.writer.collection(h.collectionId), 200, '§5.2');
  const o = indicator();
  await addAll(h, [o]);
  const [rec] = (await getManifest(h, byId(o.id))).records;
  expect(rec, '§5.3: the object is in the manifest').toBeDefined();
  if (rec?.media_type !== undefined) {
    // "Absence of [media_types] is equivalent to a single-value list containing application/stix+json".
    const types = (c.media_types ?? ['application/stix+json']) as string[];
    expect(types, '§5.3.1 media_type "MUST be one of the media types listed on the collection resource"').toContain(rec.media_type);
  }
});

// Unknown collection, on every collection endpoint (§5.2–§5.8 Failure Responses: 404 "Collection ID not found").
const unknownCollectionCalls: readonly [string, (d: TaxiiDriver, c: string) => Promise<TaxiiReply>][] = [
  ['§5.2 GET collections/{id}/', (d, c) => d.collection(c)],
  ['§5.3 GET manifest/', (d, c) => d.manifest(c)],
  ['§5.4 GET objects/', (d, c) => d.getObjects(c)],
  ['§5.5 POST objects/', (d, c) => d.addObjects(c, { objects: [indicator()] })],
  ['§5.6 GET objects/{object-id}/', (d, c) => d.getObject(c, `indicator--${randomUUID()}`)],
  ['§5.7 DELETE objects/{object-id}/', (d, c) => d.deleteObject(c, `indicator--${randomUUID()}`)],
  ['§5.8 GET objects/{object-id}/versions/', (d, c) => d.versions(c, `indicator--${randomUUID()}`)],
];
for (const [name, call] of unknownCollectionCalls) {
  check(name.split(' ')[0] ?? '§5', `${name.slice(name.indexOf(' ') + 1)} on an unknown collection is 404 with an error message`, async (h) => {
    expectError(h.writer, await call(h.writer, randomUUID()), 404, `${name}: "404 - The API Root or Collection ID are not found"`);
  });
}

checkRaw('§5.2, §5.6', 'ids that try path traversal are not found (404) or refused (400), with an error message', async (h) => {
  const p = paths(h);
  for (const path of [
    `${h.apiRootPath}collections/..%2F..%2F/`,
    `${h.apiRootPath}collections/%2E%2E/objects/`,
    `${p.objects}..%2F..%2F..%2Fetc%2Fpasswd/`,
    `${p.objects}indicator--..%2F..%2Fcollections/versions/`,
  ]) {
    expectError(h.writer, await raw(h.writer)({ method: 'GET', path }), [400, 404], `§5.2/§5.6: ${path}`);
  }
});

// ---------------------------------------------------------------------------------------------
// §5.3 Get Object Manifests

check('§5.3, §5.3.1, §3.2, §3.3', 'the manifest has one record per object (latest version by default), in date_added order, with the date-added headers', async (h) => {
  const [v1, v2, v3] = threeVersions();
  const other = malware();
  await addEach(h, [v1, other, v2, v3]);
  const { records } = await getManifest(h, { match: { id: [v1.id, other.id] } });
  // §3.4.1 version: "If no version parameter is provided, the server MUST return only the latest version".
  expect(records.map((m) => [m.id, m.version]), '§5.3 + §3.4.1: latest version of each, oldest-added first').toEqual([[other.id, other.modified], [v1.id, v3.modified]]);
});

check('§5.3, §5.3.1', 'manifest match[version]=all lists every version; each record\'s version is the object\'s modified', async (h) => {
  const vs = threeVersions();
  await addEach(h, vs);
  const { records } = await getManifest(h, { match: { id: [vs[0].id], version: ['all'] } });
  // §5.3.1: "For objects in STIX format, the STIX modified property is the version."
  expect(records.map((m) => m.version), '§5.3.1 version = modified, one record per version').toEqual(modifiedOf(vs));
  // A client asks for a version by the value the manifest gave it (§3.4.1 <value>).
  for (const m of records) {
    const { objects } = await getObject(h, m.id, { match: { version: [m.version] } });
    expect(modifiedOf(objects), '§3.4.1: match[version]=<the manifest\'s version> returns that version').toEqual([m.version]);
  }
});

check('§5.3, §3.4.1', 'manifest filtering applies to the source objects (match[type])', async (h) => {
  const i = indicator();
  const m = malware();
  await addAll(h, [i, m]);
  const { records } = await getManifest(h, { match: { id: [i.id, m.id], type: ['malware'] } });
  expect(ids(records), '§5.3: "searching the manifest for a type … will return the manifest entries for objects with [that] type"').toEqual([m.id]);
});

check('§5.3.1', 'a manifest with no records omits "objects" (an empty object)', async (h) => {
  const { body } = await getManifest(h, byId(`indicator--${randomUUID()}`));
  expect(body.objects, '§5.3.1: "If there are no manifest-record items in the list, this key MUST be omitted"').toBeUndefined();
  expect(body.more === undefined || body.more === false, '§5.3.1: nothing more to come').toBe(true);
});

// ---------------------------------------------------------------------------------------------
// §5.4 Get Objects

check('§5.4, §3.7, §3.2', 'GET objects returns the objects as posted, in an envelope, with date-added headers equal to the manifest\'s', async (h) => {
  const objs = [indicator(), malware(), indicator()];
  await addEach(h, objs);
  const f = { match: { id: ids(objs) } };
  const { reply, objects } = await getObjects(h, f);
  expect(objects, '§5.4: the objects, as they were added, oldest-added first (§3.3)').toEqual(objs);
  const { records } = await getManifest(h, f);
  expect(reply.headers['x-taxii-date-added-first'], '§3.2: X-TAXII-Date-Added-First is the date_added of the first object').toBe(records[0]?.date_added);
  expect(reply.headers['x-taxii-date-added-last'], '§3.2: X-TAXII-Date-Added-Last is the date_added of the last object').toBe(records[2]?.date_added);
});

check('§5.4, §3.7', 'a GET objects that matches nothing is 200 with an envelope without "objects"', async (h) => {
  const { body } = await getObjects(h, byId(`indicator--${randomUUID()}`));
  expect(body.objects, '§3.7: "An empty response with no objects property"; §5.4: "the response MUST include an empty envelope"').toBeUndefined();
});

check('§3.4, §3.4.1', 'match[id] with one value and with several comma-separated values (OR)', async (h) => {
  const objs = [indicator(), indicator(), malware()];
  await addAll(h, objs);
  const [a, b, c] = objs as [StixObject, StixObject, StixObject];
  expectSameIds((await getObjects(h, byId(b.id))).objects, [b], '§3.4.1 match[id]');
  expectSameIds((await getObjects(h, { match: { id: [a.id, c.id] } })).objects, [a, c], '§3.4 "If multiple values are present, the match is treated as a logical OR"');
});

check('§3.4, §3.4.1', 'match[type] with one and several types; match fields are ANDed', async (h) => {
  const i1 = indicator();
  const i2 = indicator();
  const m = malware();
  await addAll(h, [i1, i2, m]);
  const all = [i1.id, i2.id, m.id];
  expectSameIds((await getObjects(h, { match: { id: all, type: ['indicator'] } })).objects, [i1, i2], '§3.4.1 match[type]: "Only the types listed … are permitted in the response"');
  expectSameIds((await getObjects(h, { match: { id: all, type: ['malware', 'indicator'] } })).objects, [i1, i2, m], '§3.4 match[type]=malware,indicator is an OR');
  expectSameIds((await getObjects(h, { match: { id: [i1.id, m.id], type: ['indicator'] } })).objects, [i1], '§3.4 "all match fields are ANDed together"');
});

check('§3.4.1', 'match[type] naming a STIX type the collection does not hold is not an error', async (h) => {
  const { objects } = await getObjects(h, { match: { id: [`x-no-such--${randomUUID()}`], type: ['grouping', 'course-of-action'] } });
  // "Requests for types defined in STIX Version 2.1 MUST NOT result in an error due to an invalid type."
  expect(objects).toEqual([]);
});

check('§3.4.1', 'match[version]: last by default; first; all; an exact timestamp; several timestamps; first,last', async (h) => {
  const vs = threeVersions();
  const [v1, v2, v3] = vs;
  await addEach(h, vs);
  const f = (version?: string[]): Filters => ({ match: { id: [v1.id], ...(version !== undefined ? { version } : {}) } });
  const got = async (version?: string[]) => modifiedOf((await getObjects(h, f(version))).objects);
  expect(await got(), '§3.4.1: no version parameter → only the latest version').toEqual(modifiedOf([v3]));
  expect(await got(['last']), '§3.4.1 last').toEqual(modifiedOf([v3]));
  expect(await got(['first']), '§3.4.1 first').toEqual(modifiedOf([v1]));
  expect(await got(['all']), '§3.4.1 all, in date_added order').toEqual(modifiedOf(vs));
  expect(await got([v2.modified as string]), '§3.4.1 <value>: "modified time matches exactly"').toEqual(modifiedOf([v2]));
  expect((await got([v1.modified as string, v3.modified as string])).sort(), '§3.4.1: several specific versions').toEqual(modifiedOf([v1, v3]).sort());
  expect((await got(['first', 'last'])).sort(), '§3.4.1 ?match[version]=last,first').toEqual(modifiedOf([v1, v3]).sort());
  expect((await got(['first', v2.modified as string, 'last'])).sort(), '§3.4.1 ?match[version]=first,<value>,last').toEqual(modifiedOf(vs).sort());
});

check('§3.4.1', 'match[spec_version]: 2.1 returns the STIX 2.1 objects, 2.0 excludes them', async (h) => {
  const o = indicator();
  await addAll(h, [o]);
  expectSameIds((await getObjects(h, { match: { id: [o.id], spec_version: ['2.1'] } })).objects, [o], '§3.4.1 spec_version=2.1');
  expectSameIds((await getObjects(h, { match: { id: [o.id], spec_version: ['2.0', '2.1'] } })).objects, [o], '§3.4.1 spec_version=2.0,2.1');
  expect((await getObjects(h, { match: { id: [o.id], spec_version: ['2.0'] } })).objects, '§3.4.1: "MUST NOT include any specification versions that are not included in this parameter"').toEqual([]);
});

checkRaw('§3.4', 'the literal query syntax of the spec\'s examples (unencoded brackets, commas and colons) is understood', async (h) => {
  const vs = threeVersions();
  const m = malware();
  await addEach(h, [...vs, m]);
  const send = raw(h.writer);
  const r1 = await send({ method: 'GET', path: `${paths(h).objects}?match[id]=${vs[0].id},${m.id}&match[type]=indicator,malware&match[version]=${vs[1].modified as string}` });
  expectSameIds(checkEnvelope(expectTaxiiSuccess(h.writer, r1, 200, '§3.4 literal syntax')), [vs[1]], '§3.4 ?match[type]=incident&match[version]=2016-01-01T01:01:01.000Z');
  const r2 = await send({ method: 'GET', path: `${paths(h).manifest}?match[id]=${vs[0].id},${m.id}&match[version]=first,last` });
  expect(checkManifest(expectTaxiiSuccess(h.writer, r2, 200, '§3.4 literal syntax')).length, '§3.4.1 ?match[version]=last,first over two objects').toBe(3);
});

check('§3.4', 'added_after returns only objects added strictly after the timestamp', async (h) => {
  const objs = [indicator(), indicator(), indicator()];
  await addEach(h, objs);
  const { records } = await getManifest(h, { match: { id: ids(objs) } });
  expect(records.length).toBe(3);
  const after = records[0]?.date_added as string;
  const { objects } = await getObjects(h, { match: { id: ids(objs) }, added_after: after });
  expectSameIds(objects, objs.slice(1), '§3.4 added_after: "objects added after the specified timestamp" (not at it)');
  const m = await getManifest(h, { match: { id: ids(objs) }, added_after: records[2]?.date_added });
  expect(m.records, '§3.4 added_after the last date_added: nothing').toEqual([]);
});

check('§3.4, §3.5, §3.7', 'limit caps a page and sets more; paging with next yields every object exactly once, in order', async (h) => {
  const objs = Array.from({ length: 7 }, () => indicator());
  await addEach(h, objs);
  const base = { match: { id: ids(objs) } };
  const first = await getObjects(h, { ...base, limit: 3 });
  expect(first.objects.length, '§3.4 limit: all 3 requested fit under any server limit').toBe(3);
  expect(first.body.more, '§3.4/§3.5: "the response envelope MUST have a value of true in the more property"').toBe(true);
  const { objects, pages } = await pageObjects(h, base, 3, 'next');
  expect(ids(objects), '§3.5: paging through with next returns every object once, oldest-added first').toEqual(ids(objs));
  expect(pages).toBe(3);
});

check('§3.5', 'paging with added_after = X-TAXII-Date-Added-Last yields every object exactly once, in order', async (h) => {
  const objs = Array.from({ length: 5 }, () => malware());
  await addEach(h, objs);
  const { objects } = await pageObjects(h, { match: { id: ids(objs) } }, 2, 'added_after');
  expect(ids(objects), '§3.5: "provide the same query/filter parameters … with the date/time value from the X-TAXII-Date-Added-Last in the added_after"').toEqual(ids(objs));
});

check('§3.5', 'paging by added_after works when one POST added several objects', async (h) => {
  // Objects added by one request still each need their own place in the date_added order, or a
  // client paging by added_after would skip the rest of a request cut by a page boundary.
  const objs = Array.from({ length: 6 }, () => indicator());
  await addAll(h, objs);
  const { objects } = await pageObjects(h, { match: { id: ids(objs) } }, 4, 'added_after');
  expectSameIds(objects, objs, '§3.5 paging by added_after across objects of one POST');
  expect(new Set(ids(objects)).size, '§3.5: no object twice').toBe(objects.length);
});

check('§3.4, §3.5', 'a limit above the number of matches returns them all and more is not true', async (h) => {
  const objs = [indicator(), indicator()];
  await addAll(h, objs);
  const { body, objects } = await getObjects(h, { match: { id: ids(objs) }, limit: 50 });
  expectSameIds(objects, objs, '§3.4 limit: "If the number of objects available … is less than or equal to both … then all objects MUST be included"');
  expect(body.more === undefined || body.more === false, '§3.7 more').toBe(true);
  expect(body.next, '§3.7 next only when more is true').toBeUndefined();
});

check('§3.5, §5.3', 'the manifest pages with limit and added_after too', async (h) => {
  const objs = Array.from({ length: 5 }, () => indicator());
  await addEach(h, objs);
  const seen: string[] = [];
  let filters: Filters = { match: { id: ids(objs) }, limit: 2 };
  for (let i = 0; i < 10; i++) {
    const { reply, body, records } = await getManifest(h, filters);
    seen.push(...ids(records));
    if (body.more !== true) break;
    filters = { match: { id: ids(objs) }, limit: 2, added_after: reply.headers['x-taxii-date-added-last'] };
  }
  expect(seen, '§3.5 manifest paging').toEqual(ids(objs));
});

check('§3.5, Appendix B', 'a next value used with other filters does not return objects outside them', async (h) => {
  const is = [indicator(), indicator(), indicator()];
  const ms = [malware(), malware()];
  await addEach(h, [...is, ...ms]);
  const all = ids([...is, ...ms]);
  const first = await getObjects(h, { match: { id: all, type: ['indicator'] }, limit: 1 });
  expect(first.body.more).toBe(true);
  const next = first.body.next;
  if (typeof next !== 'string') return; // no cursor handed out: nothing to misuse (§3.5 makes next optional)
  const r = await h.writer.getObjects(h.collectionId, { match: { id: all, type: ['malware'] }, limit: 5, next });
  // Appendix B: next "MUST NOT be implicitly trusted, and the value MUST be reevaluated in the context of the provided query".
  if (r.status === 400) {
    expectError(h.writer, r, 400, 'Appendix B: a cursor from another query');
  } else {
    const objects = checkEnvelope(expectTaxiiSuccess(h.writer, r, 200, 'Appendix B'));
    for (const o of objects) expect(o.type, 'Appendix B: no data outside the query set').toBe('malware');
  }
});

check('§3.3, §3.5', 'under concurrent writes, a client paging (next, then added_after) sees every object committed before its last page exactly once', async (h) => {
  // A client pulls the way federation and third-party tools do: it follows next while more is
  // true, and once caught up it polls again with added_after = X-TAXII-Date-Added-Last; meanwhile
  // another client posts. Whatever was committed before the client's last request must have been
  // seen, and nothing twice.
  const batches = Array.from({ length: 10 }, () => [indicator(), malware(), indicator()]);
  const all = batches.flat();
  const base = { match: { id: ids(all) } };
  const committedAt = new Map<string, number>();
  let writing = true;
  const writer = (async () => {
    for (const b of batches) {
      await addAll(h, b);
      const t = performance.now();
      for (const o of b) committedAt.set(o.id, t);
      await sleep(5);
    }
    writing = false;
  })();
  const seen: string[] = [];
  // §3.5: next is followed "along with the same original query options" — including added_after once polling.
  let query: Filters = { ...base, limit: 2 };
  let filters: Filters = query;
  let lastHeader: string | undefined;
  let lastRequestAt = 0;
  let requests = 0;
  try {
    for (;;) {
      const doneBefore = !writing;
      lastRequestAt = performance.now();
      const { reply, body, objects } = await getObjects(h, filters, h.reader);
      requests++;
      seen.push(...ids(objects));
      lastHeader = reply.headers['x-taxii-date-added-last'] ?? lastHeader;
      if (body.more === true && typeof body.next === 'string') {
        filters = { ...query, next: body.next };
      } else {
        if (body.more !== true && doneBefore) break;
        query = { ...base, limit: 2, ...(lastHeader !== undefined ? { added_after: lastHeader } : {}) };
        filters = query;
        if (body.more !== true) await sleep(10);
      }
      if (requests > 2000) throw new Error('the paging client never caught up');
    }
  } finally {
    await writer;
  }
  expect(new Set(seen).size, `§3.5: an object was returned twice while paging: ${JSON.stringify(seen)}`).toBe(seen.length);
  const mustSee = all.filter((o) => (committedAt.get(o.id) ?? Infinity) < lastRequestAt);
  expect(mustSee.length, 'every post completed before the last request').toBe(all.length);
  expectSameIds(all.filter((o) => seen.includes(o.id)), mustSee, '§3.3/§3.5: every object committed before the last page was seen');
});

check('§3.3, §3.5', 'paging through the whole collection without filters returns each object once, in date_added order', async (h) => {
  const mine = [indicator(), malware()];
  await addEach(h, mine);
  const { objects } = await pageObjects(h, {}, 25, 'next');
  const seen = ids(objects);
  expect(new Set(seen).size, '§3.5: no object twice (only the latest version of each, §3.4.1)').toBe(seen.length);
  for (const o of mine) expect(seen, '§5.4: every object of the collection').toContain(o.id);
  expect(seen.slice(-2), '§3.3: "the most recently added object is last in the list"').toEqual(ids(mine));
  const { body, objects: unlimited } = await getObjects(h, {});
  if (unlimited.length < objects.length) {
    expect(body.more, '§3.4 limit: a server-imposed limit left objects out, so "more" MUST be true').toBe(true);
  }
  await getManifest(h, { limit: 100 }); // checks the order and headers of an unfiltered manifest page
});

check('§3.5', 'following next after the remaining objects were deleted is not an error ("more": true may lead to nothing)', async (h) => {
  const objs = [indicator(), indicator(), indicator()];
  await addEach(h, objs);
  const base = { match: { id: ids(objs) } };
  const first = await getObjects(h, { ...base, limit: 1 });
  expect(first.body.more).toBe(true);
  if (typeof first.body.next !== 'string') return; // §3.5: next is optional
  for (const o of objs.slice(1)) expectStatus(await h.writer.deleteObject(h.collectionId, o.id), 200, '§5.7');
  // §3.5: "It is possible for the server to return "more": true in a response, yet present no additional objects in the
  // follow-on query. This can occur when the additional objects are deleted from a collection between requests."
  const { objects } = await getObjects(h, { ...base, limit: 1, next: first.body.next });
  expect(objects, '§3.5: the deleted objects are not returned').toEqual([]);
});

check('§3.5', 'the same next value asked twice gives the same page (a stateless cursor, Accord issue 4)', async (h) => {
  const objs = [indicator(), indicator(), indicator()];
  await addEach(h, objs);
  const base = { match: { id: ids(objs) } };
  const first = await getObjects(h, { ...base, limit: 1 });
  if (typeof first.body.next !== 'string') return;
  const a = await getObjects(h, { ...base, limit: 1, next: first.body.next });
  const b = await getObjects(h, { ...base, limit: 1, next: first.body.next });
  expect(ids(b.objects), 'the cursor is not consumed by use').toEqual(ids(a.objects));
  expect(ids(a.objects)).toEqual([objs[1]?.id]);
});

check('§3.4', 'a limit larger than the server is willing to serve is not an error', async (h) => {
  const o = indicator();
  await addAll(h, [o]);
  // "A response to a request with a defined client limit that is greater than the number of objects that the server is
  // willing or able to provide MAY result in a response with fewer objects than what was requested" — not in an error.
  expect(ids((await getObjects(h, { ...byId(o.id), limit: 10_000_000 })).objects)).toEqual([o.id]);
  expect(ids((await getManifest(h, { ...byId(o.id), limit: 10_000_000 })).records)).toEqual([o.id]);
});

check('§3.4.1, §5.3.1, §5.8, §4.3.1', 'an object without modified (a marking definition) has its created timestamp as version everywhere', async (h) => {
  const created = new Date(Date.UTC(2024, 4, 1, 12, 0, 0, 123)).toISOString();
  const md: StixObject = {
    type: 'marking-definition', spec_version: '2.1', id: `marking-definition--${randomUUID()}`, created,
    name: 'Conformance statement', definition_type: 'statement', definition: { statement: 'Copyright Accord conformance suite' },
  };
  const s = await addAll(h, [md]);
  if (s.successes !== undefined) expect(s.successes[0]?.version, '§4.3.1 status-details: "the server MUST use the created timestamp"').toBe(created);
  expect((await getManifest(h, byId(md.id))).records.map((m) => m.version), '§5.3.1 manifest-record version: "the server MUST use the created timestamp"').toEqual([created]);
  expect((await getVersions(h, md.id)).versions, '§5.8: "If a STIX object is not versioned … the server MUST use created timestamp"').toEqual([created]);
  expect((await getObject(h, md.id, { match: { version: [created] } })).objects, '§3.4.1: "this version parameter MUST use the created timestamp"').toEqual([md]);
});

check('§3.4.1, §5.3.1, §5.8', 'an object with neither created nor modified (an SCO) has one consistent version across manifest, versions and match[version]', async (h) => {
  const sco: StixObject = { type: 'ipv4-addr', spec_version: '2.1', id: `ipv4-addr--${randomUUID()}`, value: `198.51.100.${1 + Math.floor(Math.random() * 254)}` };
  await addAll(h, [sco]);
  const [rec] = (await getManifest(h, byId(sco.id))).records;
  expect(rec, '§5.3: the SCO is in the manifest').toBeDefined();
  const version = rec?.version as string;
  // "the server SHOULD use a value for the version that is consistent to the server"
  expect((await getVersions(h, sco.id)).versions, '§5.8: the same version as the manifest').toEqual([version]);
  expect((await getObject(h, sco.id, { match: { version: [version] } })).objects, '§3.4.1: the manifest\'s version selects the object').toEqual([sco]);
});

// ---------------------------------------------------------------------------------------------
// §5.6 Get an Object

check('§5.6, §3.2', 'GET objects/{object-id}/ returns the latest version in an envelope, with the date-added headers', async (h) => {
  const vs = threeVersions();
  await addEach(h, vs);
  const { objects } = await getObject(h, vs[0].id);
  expect(objects, '§5.6 + §3.4.1: the latest version only, as posted').toEqual([vs[2]]);
});

check('§5.6, §3.4.1', 'GET objects/{object-id}/ with match[version] = first, last, all, a timestamp, first,last', async (h) => {
  const vs = threeVersions();
  const [v1, v2, v3] = vs;
  await addEach(h, vs);
  const got = async (version: string[]) => modifiedOf((await getObject(h, v1.id, { match: { version } })).objects);
  expect(await got(['first']), '§3.4.1 first').toEqual(modifiedOf([v1]));
  expect(await got(['last']), '§3.4.1 last').toEqual(modifiedOf([v3]));
  expect(await got(['all']), '§3.4.1 all').toEqual(modifiedOf(vs));
  expect(await got([v2.modified as string]), '§3.4.1 <value>').toEqual(modifiedOf([v2]));
  expect((await got(['first', 'last'])).sort(), '§3.4.1 first,last').toEqual(modifiedOf([v1, v3]).sort());
  const { reply } = await getObject(h, v1.id, { match: { version: ['all'] } });
  const { records } = await getManifest(h, { match: { id: [v1.id], version: ['all'] } });
  expect([reply.headers['x-taxii-date-added-first'], reply.headers['x-taxii-date-added-last']], '§3.2: the date_added of the first and last object of the response')
    .toEqual([records[0]?.date_added, records[2]?.date_added]);
});

check('§5.6, §3.4, §3.5', 'GET objects/{object-id}/ pages through versions with limit', async (h) => {
  const vs = threeVersions();
  await addEach(h, vs);
  const seen: string[] = [];
  let filters: Filters = { match: { version: ['all'] }, limit: 1 };
  for (let i = 0; i < 10; i++) {
    const { reply, body, objects } = await getObject(h, vs[0].id, filters);
    expect(objects.length, '§3.4 limit=1').toBeLessThanOrEqual(1);
    seen.push(...modifiedOf(objects));
    if (body.more !== true) break;
    filters = typeof body.next === 'string'
      ? { match: { version: ['all'] }, limit: 1, next: body.next }
      : { match: { version: ['all'] }, limit: 1, added_after: reply.headers['x-taxii-date-added-last'] };
  }
  expect(seen, '§3.5: every version once, in date_added order').toEqual(modifiedOf(vs));
});

check('§5.6', 'GET objects/{object-id}/ for an object not in the collection is 404 with an error message', async (h) => {
  expectError(h.writer, await h.writer.getObject(h.collectionId, `indicator--${randomUUID()}`), 404, '§5.6: "404 - The API Root, Collection ID and/or Object ID are not found"');
});

check('§5.6', 'GET objects/{object-id}/ for a version the object does not have: an empty envelope or 404', async (h) => {
  const o = indicator();
  await addAll(h, [o]);
  const r = await h.writer.getObject(h.collectionId, o.id, { match: { version: ['2001-01-01T00:00:00.000Z'] } });
  // §5.6 says both "If no STIX objects are returned, the response MUST include an empty envelope" and
  // 404 when the object is not found; the object exists, so either answer is read as conformant.
  if (r.status === 404) expectError(h.writer, r, 404, '§5.6');
  else expect(checkEnvelope(expectTaxiiSuccess(h.writer, r, 200, '§5.6')), '§5.6 empty envelope').toEqual([]);
});

// ---------------------------------------------------------------------------------------------
// §5.7 Delete an Object

check('§5.7', 'DELETE an object: 200, then Get an Object is 404 and the manifest, objects and versions no longer show it', async (h) => {
  const vs = threeVersions();
  const keep = indicator();
  await addEach(h, [...vs, keep]);
  const id = vs[0].id;
  const r = await h.writer.deleteObject(h.collectionId, id);
  expectStatus(r, 200, '§5.7: "200 - The request was successful"');
  expectTaxiiContentType(h.writer, r);
  expectError(h.writer, await h.writer.getObject(h.collectionId, id), 404, '§5.7: "any subsequent attempts to fetch that object … MUST return an HTTP 404"');
  expect(ids((await getObjects(h, { match: { id: [id, keep.id], version: ['all'] } })).objects), '§5.7: its contents "MUST NOT return the object"').toEqual([keep.id]);
  expect(ids(await stored(h, [id, keep.id])), '§5.7: the manifest "MUST NOT return the object"').toEqual([keep.id]);
  expectError(h.writer, await h.writer.versions(h.collectionId, id), 404, '§5.7/§5.8: no versions of a deleted object');
});

check('§5.7, §3.4.1', 'DELETE one version with match[version]: that version is gone, the others remain', async (h) => {
  const vs = threeVersions();
  const [v1, v2, v3] = vs;
  await addEach(h, vs);
  const r = await h.writer.deleteObject(h.collectionId, v1.id, { match: { version: [v1.modified as string] } });
  expectStatus(r, 200, '§5.7 "To support removing a particular version of an object … match parameter … version"');
  expect((await getVersions(h, v1.id)).versions, '§5.7: the other versions remain').toEqual(modifiedOf([v2, v3]));
  expect(modifiedOf((await getObject(h, v1.id, { match: { version: ['all'] } })).objects), '§5.7').toEqual(modifiedOf([v2, v3]));
  expectError(h.writer, await h.writer.getObject(h.collectionId, v1.id, { match: { version: [v1.modified as string] } }), 404,
    '§5.7: "any subsequent attempts to fetch that object/version … MUST return an HTTP 404"');
});

check('§5.7', 'DELETE by a requester with can_read true and can_write false is 403, and the object stays', async (h) => {
  const o = indicator();
  await addAll(h, [o]);
  // §5.7's table: can_read true, can_write false → "HTTP 403 (Forbidden)" is mandatory.
  expectError(h.reader, await h.reader.deleteObject(h.collectionId, o.id), 403, '§5.7 mandatory responses table');
  expect(ids(await stored(h, [o.id]))).toEqual([o.id]);
});

check('§5.7', 'DELETE of an object not in the collection is 404 with an error message', async (h) => {
  expectError(h.writer, await h.writer.deleteObject(h.collectionId, `indicator--${randomUUID()}`), 404, '§5.7: "404 - … Object ID are not found"');
});

// ---------------------------------------------------------------------------------------------
// §5.8 Get Object Versions

check('§5.8, §5.8.1, §3.2', 'GET versions/ lists every version, oldest-added first, with the date-added headers', async (h) => {
  const vs = threeVersions();
  await addEach(h, vs);
  const { reply, versions } = await getVersions(h, vs[0].id);
  expect(versions, '§5.8: "a list of one or more versions of an object"').toEqual(modifiedOf(vs));
  const { records } = await getManifest(h, { match: { id: [vs[0].id], version: ['all'] } });
  expect([reply.headers['x-taxii-date-added-first'], reply.headers['x-taxii-date-added-last']], '§3.2 on the versions endpoint')
    .toEqual([records[0]?.date_added, records[2]?.date_added]);
});

check('§5.8, §3.4', 'GET versions/ with limit=1 returns one version and more=true', async (h) => {
  const vs = threeVersions();
  await addEach(h, vs);
  const { body, versions } = await getVersions(h, vs[0].id, { limit: 1 });
  expect(versions, '§3.4 limit; oldest first').toEqual(modifiedOf([vs[0]]));
  expect(body.more, '§5.8.1 more').toBe(true);
});

check('§5.8', 'GET versions/ of an object not in the collection is 404 with an error message', async (h) => {
  expectError(h.writer, await h.writer.versions(h.collectionId, `indicator--${randomUUID()}`), 404, '§5.8: "404 - … Object ID are not found"');
});

// ---------------------------------------------------------------------------------------------
// §3.4 Filtering: malformed parameters are 400

const badQueries: readonly { readonly where: 'objects' | 'manifest' | 'object' | 'versions'; readonly query: string; readonly rule: string }[] = [
  { where: 'objects', query: 'match[version]=yesterday', rule: '§3.4.1 version values are last, first, all or a STIX timestamp' },
  { where: 'objects', query: 'match[version]=2024-01-01', rule: '§3.4.1 <value> "MUST follow the rules for timestamp"' },
  { where: 'objects', query: 'limit=-1', rule: '§3.4 limit "MUST be a positive integer greater than zero"' },
  { where: 'objects', query: 'limit=0', rule: '§3.4 limit "MUST be a positive integer greater than zero"' },
  { where: 'objects', query: 'limit=abc', rule: '§3.4 limit is "A single integer value"' },
  { where: 'objects', query: 'limit=1.5', rule: '§3.4 limit is an integer' },
  { where: 'objects', query: 'limit=', rule: '§3.4 limit is an integer' },
  { where: 'objects', query: 'limit=1&limit=2', rule: '§3.4 limit is "A single integer value"' },
  { where: 'objects', query: 'added_after=yesterday', rule: '§3.4 added_after is a timestamp' },
  { where: 'objects', query: 'added_after=2024-13-45T25:00:00.000000Z', rule: '§3.4 added_after is a timestamp' },
  { where: 'objects', query: 'added_after=', rule: '§3.4 added_after is a timestamp' },
  { where: 'objects', query: 'added_after=2024-01-01T00:00:00.000000Z&added_after=2024-02-01T00:00:00.000000Z', rule: '§3.4 "A request MUST NOT have more than one instance of this URL query parameter"' },
  { where: 'objects', query: 'added_after=2024-01-01T00:00:00.000000Z,2024-02-01T00:00:00.000000Z', rule: '§3.4 added_after "MUST contain only a single timestamp"' },
  { where: 'objects', query: 'match[type]=indicator&match[type]=malware', rule: '§3.4 "each <field> MUST NOT occur more than once in a request"' },
  { where: 'objects', query: 'match[version]=all,last', rule: '§3.4.1 "The all keyword MUST NOT be used with any other version parameter"' },
  { where: 'objects', query: 'match[version]=last,last', rule: '§3.4.1 "each keyword … MUST NOT occur more than once"' },
  { where: 'objects', query: 'next=forged', rule: '§3.4 next is a value the server handed out (Appendix B: never trusted)' },
  { where: 'objects', query: `next=${Buffer.from('{"after":"2024-01-01T00:00:00.000000Z","id":1}').toString('base64url')}`, rule: '§3.4 next: a cursor the server never issued' },
  { where: 'objects', query: 'next=..%2F..%2Fetc%2Fpasswd', rule: '§3.4 next: a cursor the server never issued' },
  { where: 'manifest', query: 'match[version]=yesterday', rule: '§3.4.1 version values' },
  { where: 'manifest', query: 'limit=-1', rule: '§3.4 limit' },
  { where: 'manifest', query: 'added_after=2024-01-01T00:00:00.000000Z&added_after=2024-02-01T00:00:00.000000Z', rule: '§3.4 one added_after' },
  { where: 'manifest', query: 'next=forged', rule: '§3.4 next' },
  { where: 'object', query: 'match[version]=yesterday', rule: '§3.4.1 version values' },
  { where: 'object', query: 'limit=abc', rule: '§3.4 limit' },
  { where: 'object', query: 'added_after=yesterday', rule: '§3.4 added_after' },
  { where: 'versions', query: 'limit=-1', rule: '§3.4 limit' },
  { where: 'versions', query: 'added_after=yesterday', rule: '§3.4 added_after' },
  { where: 'versions', query: 'next=forged', rule: '§3.4 next' },
];
for (const q of badQueries) {
  checkRaw('§3.4', `GET ${q.where} ?${q.query.length > 60 ? `${q.query.slice(0, 60)}…` : q.query} is 400 with an error message`, async (h) => {
    const f = await fixture(h);
    const p = paths(h);
    const base = q.where === 'objects' ? p.objects : q.where === 'manifest' ? p.manifest : q.where === 'object' ? p.object(f.versions[0].id) : p.versions(f.versions[0].id);
    const r = await raw(h.writer)({ method: 'GET', path: `${base}?${q.query}` });
    expectError(h.writer, r, 400, `§3.4 "If any of the URL query parameters are malformed, the TAXII Server MUST return an HTTP 400" — ${q.rule}`);
  });
}

// ---------------------------------------------------------------------------------------------
// §3.1 Content negotiation on every endpoint, and §1.6.9 authentication on every endpoint

interface Endpoint {
  readonly name: string;
  /** The request built by hand (may add a throwaway object first). */
  readonly request: (h: Harness) => Promise<RawRequest>;
  /** The same exchange through the driver's endpoint method. */
  readonly call: (h: Harness, d: TaxiiDriver) => Promise<TaxiiReply>;
  /** The endpoint may be open to anonymous callers (§4.1, §4.2 list 401 but do not require authentication). */
  readonly mayBePublic?: boolean;
  readonly success: number;
}
const get = (path: string): RawRequest => ({ method: 'GET', path });
/** A throwaway object to delete. */
async function deletable(h: Harness): Promise<string> {
  const o = indicator();
  await addAll(h, [o]);
  return o.id;
}
const endpoints: readonly Endpoint[] = [
  { name: '§4.1 GET /taxii2/', success: 200, mayBePublic: true, request: () => Promise.resolve(get('/taxii2/')), call: (_h, d) => d.discover() },
  { name: '§4.2 GET {api-root}/', success: 200, mayBePublic: true, request: (h) => Promise.resolve(get(h.apiRootPath)), call: (_h, d) => d.apiRoot() },
  { name: '§4.3 GET status/{id}/', success: 200, request: async (h) => get(paths(h).status((await fixture(h)).statusId)), call: async (h, d) => d.status((await fixture(h)).statusId) },
  { name: '§5.1 GET collections/', success: 200, request: (h) => Promise.resolve(get(paths(h).collections)), call: (_h, d) => d.collections() },
  { name: '§5.2 GET collections/{id}/', success: 200, request: (h) => Promise.resolve(get(paths(h).collection)), call: (h, d) => d.collection(h.collectionId) },
  { name: '§5.3 GET manifest/', success: 200, request: (h) => Promise.resolve(get(paths(h).manifest)), call: (h, d) => d.manifest(h.collectionId) },
  { name: '§5.4 GET objects/', success: 200, request: (h) => Promise.resolve(get(paths(h).objects)), call: (h, d) => d.getObjects(h.collectionId) },
  {
    name: '§5.5 POST objects/', success: 202,
    request: (h) => Promise.resolve({ method: 'POST', path: paths(h).objects, headers: { 'content-type': TAXII_21 }, body: JSON.stringify({ objects: [indicator()] }) }),
    call: (h, d) => d.addObjects(h.collectionId, { objects: [indicator()] }),
  },
  {
    name: '§5.6 GET objects/{object-id}/', success: 200,
    request: async (h) => get(paths(h).object((await fixture(h)).versions[0].id)), call: async (h, d) => d.getObject(h.collectionId, (await fixture(h)).versions[0].id),
  },
  {
    name: '§5.7 DELETE objects/{object-id}/', success: 200,
    request: async (h) => ({ method: 'DELETE', path: paths(h).object(await deletable(h)) }), call: async (h, d) => d.deleteObject(h.collectionId, await deletable(h)),
  },
  {
    name: '§5.8 GET versions/', success: 200,
    request: async (h) => get(paths(h).versions((await fixture(h)).versions[0].id)), call: async (h, d) => d.versions(h.collectionId, (await fixture(h)).versions[0].id),
  },
];
const sectionOf = (e: Endpoint) => e.name.split(' ')[0] ?? '§3.1';
const labelOf = (e: Endpoint) => e.name.slice(e.name.indexOf(' ') + 1);

/** Sends the endpoint's hand-built request as `d`, with `headers` replacing the defaults. */
async function sendWith(h: Harness, d: TaxiiDriver, e: Endpoint, headers: Record<string, string | null>): Promise<TaxiiReply> {
  const req = await e.request(h);
  return raw(d)({ ...req, headers: { ...req.headers, ...headers } });
}

// §3.1: Accept values defined for the endpoint MUST NOT be 406, and the answer is TAXII 2.1.
const goodAccepts = [
  'application/taxii+json', // "Latest version of TAXII that the server supports" (§1.6.8.2); §3.1: SHOULD answer the highest
  'application/taxii+json; version=2.1',
  'application/json, application/taxii+json;version=2.1',
  'application/taxii+json;version=2.1,application/stix+json;version=2.1', // §5.3's Required Headers
];
for (const e of endpoints.filter((x) => x.name.includes(' GET '))) {
  for (const accept of goodAccepts) {
    checkRaw(`${sectionOf(e)}, §3.1`, `${labelOf(e)} with Accept "${accept}" is served as TAXII 2.1 (not 406)`, async (h) => {
      const r = await sendWith(h, h.writer, e, { accept });
      expectStatus(r, e.success, `§3.1: "Requests with media types in the Accept headers that are defined for that Endpoint MUST NOT result in an HTTP 406"`);
      expectTaxiiContentType(h.writer, r);
    });
  }
}
// §3.1 lets a server answer 406 to other media types; every endpoint's Failure Responses list 406 for an invalid
// Accept, and Accord refuses (issue 4) rather than answer in a version the client did not ask for.
const badAccepts = ['application/json', 'application/taxii+json;version=2.0', 'text/html'];
for (const e of endpoints) {
  for (const accept of badAccepts) {
    checkRaw(`${sectionOf(e)}, §3.1`, `${labelOf(e)} with Accept "${accept}" is 406 with an error message`, async (h) => {
      expectError(h.writer, await sendWith(h, h.writer, e, { accept }), 406, `${e.name}: "406 - The media type provided in the Accept header is invalid"`);
    });
  }
}

// §1.6.9: no credentials → 401 with WWW-Authenticate (§5.x: "MUST return either an HTTP 401 (Unauthorized) or an HTTP 404";
// §1.6.9 names 401 with the challenge, which is what lets a client know it should authenticate).
for (const e of endpoints) {
  check(`${sectionOf(e)}, §1.6.9`, `${labelOf(e)} without credentials is 401 with WWW-Authenticate and an error message${e.mayBePublic === true ? ' (or open to all)' : ''}`, async (h) => {
    const r = await e.call(h, h.anonymous);
    if (e.mayBePublic === true && r.status === e.success) return;
    expectError(h.anonymous, r, 401, `${e.name}: "401 - The client needs to authenticate"`);
    expectChallenge(h.anonymous, r);
  });
}
check('§1.6.9', 'a wrong HTTP Basic password and a bearer token never issued are 401 with WWW-Authenticate', async (h) => {
  for (const d of [h.wrongPassword, h.unknownToken]) {
    const r = await d.collections();
    expectError(d, r, 401, '§1.6.9: no acceptable Authorization header');
    expectChallenge(d, r);
  }
});
check('§8.2.2, §1.6.9', 'HTTP Basic credentials are accepted for reading and writing', async (h) => {
  checkCollections(expectTaxiiSuccess(h.basicWriter, await h.basicWriter.collections(), 200, '§8.2.2: "It SHOULD implement the HTTP Basic authentication scheme"'));
  const o = indicator();
  await addAll(h, [o], h.basicWriter);
  expect(ids((await getObjects(h, byId(o.id), h.basicWriter)).objects)).toEqual([o.id]);
});
check('§5.4', 'a read-only requester (can_read true) reads objects', async (h) => {
  const o = indicator();
  await addAll(h, [o]);
  expect((await getObjects(h, byId(o.id), h.reader)).objects).toEqual([o]);
  expect(ids((await getManifest(h, byId(o.id), h.reader)).records)).toEqual([o.id]);
});

// ---------------------------------------------------------------------------------------------

/** Stands in for the default collection when the server lists none the writer may read and write. */
export const NO_DEFAULT_COLLECTION = '00000000-0000-4000-8000-000000000000';

/**
 * Builds the harness: one driver per principal, and the default collection found through the
 * writer. When none is found, a placeholder id stands in so every case still runs and fails on its
 * own terms (and the §5.1 case reports the missing collection).
 */
export async function buildHarness(target: ConformanceTarget, connect: Connect): Promise<Harness> {
  const writer = connect(target.writer, target);
  const r = await writer.collections();
  const list = (isObject(r.body) && Array.isArray(r.body.collections) ? r.body.collections : []) as unknown[];
  const def = list.find((c): c is JsonObject => isObject(c) && c.can_read === true && c.can_write === true && typeof c.id === 'string');
  return {
    origin: target.origin,
    apiRootPath: target.apiRootPath,
    collectionId: def !== undefined ? def.id as string : NO_DEFAULT_COLLECTION,
    writer,
    basicWriter: connect(target.basicWriter, target),
    reader: connect(target.reader, target),
    anonymous: connect({ kind: 'anonymous' }, target),
    wrongPassword: connect(target.wrongPassword, target),
    unknownToken: connect(target.unknownToken, target),
  };
}
