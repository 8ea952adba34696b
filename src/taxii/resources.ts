// The TAXII resources this server sends (§3.7, §4.1.1, §4.2.1, §4.3.1, §5.1.1–§5.3.1, §5.8.1),
// built from store records. Objects are served as the stored canonical JSON text, appended to the
// body as is: never parsed and re-serialised on the way out (docs/decisions/0002). Empty lists are
// omitted, as §2 forbids them ("Empty lists are prohibited in TAXII").
import { formatMicros, type CollectionRecord, type StatusDetail, type StatusRecord, type StoredBody, type StoredObject } from '../store/index.js';
import { STIX_MEDIA_TYPE, TAXII_MEDIA_TYPE } from './media-types.js';

/** What a requester may do in a collection (§5.2.1 can_read / can_write). */
export interface CollectionAccess {
  readonly canRead: boolean;
  readonly canWrite: boolean;
}

function pagingMembers(more: boolean, next: string | undefined): string {
  return `"more":${more}${next !== undefined ? `,"next":${JSON.stringify(next)}` : ''}`;
}

/**
 * §3.7 envelope from stored JSON texts, without `objects` when there are none. Written straight
 * into one buffer of the exact size: cheaper than building a string that must then be flattened
 * and encoded again on its way to the socket (a page of 1,000 objects is ~600 KB).
 */
export function envelopeBody(items: readonly StoredBody[], more: boolean, next?: string): Buffer {
  if (items.length === 0) return Buffer.from(`{${pagingMembers(more, next)}}`);
  const head = `{${pagingMembers(more, next)},"objects":[`;
  const lengths = new Array<number>(items.length);
  let total = Buffer.byteLength(head) + items.length + 1; // commas, and "]}" less one comma
  for (let i = 0; i < items.length; i++) total += (lengths[i] = Buffer.byteLength((items[i] as StoredBody).json));
  const buf = Buffer.allocUnsafe(total);
  let at = buf.write(head, 0);
  for (let i = 0; i < items.length; i++) {
    if (i > 0) buf[at++] = 0x2c; // ,
    at += buf.write((items[i] as StoredBody).json, at, lengths[i] as number);
  }
  buf[at++] = 0x5d; // ]
  buf[at++] = 0x7d; // }
  return buf;
}

/** §5.3.1 manifest: one manifest-record per version. */
export function manifestBody(items: readonly StoredObject[], mediaType: string, more: boolean, next?: string): string {
  const records = items.map((o) => ({ id: o.id, date_added: formatMicros(o.added), version: o.version, media_type: mediaType }));
  return JSON.stringify({ more, ...(next !== undefined ? { next } : {}), ...(records.length > 0 ? { objects: records } : {}) });
}

/** §5.8.1 versions. */
export function versionsBody(items: readonly StoredObject[], more: boolean, next?: string): string {
  return JSON.stringify({ more, ...(next !== undefined ? { next } : {}), ...(items.length > 0 ? { versions: items.map((o) => o.version) } : {}) });
}

/** The media type a manifest names for a collection's objects: STIX 2.1 when the collection lists it. */
export function manifestMediaType(c: CollectionRecord): string {
  return c.mediaTypes.includes(STIX_MEDIA_TYPE) ? STIX_MEDIA_TYPE : (c.mediaTypes[0] ?? STIX_MEDIA_TYPE);
}

/** §5.2.1 collection resource, with can_read/can_write for the requester. */
export function collectionResource(c: CollectionRecord, access: CollectionAccess): Record<string, unknown> {
  return {
    id: c.id,
    title: c.title,
    ...(c.description !== null && c.description !== '' ? { description: c.description } : {}),
    ...(c.alias !== null ? { alias: c.alias } : {}),
    can_read: access.canRead,
    can_write: access.canWrite,
    ...(c.mediaTypes.length > 0 ? { media_types: [...c.mediaTypes] } : {}),
  };
}

/** §5.1.1 collections resource: the empty object when there are none. */
export function collectionsResource(items: readonly Record<string, unknown>[]): Record<string, unknown> {
  return items.length > 0 ? { collections: items } : {};
}

function details(list: readonly StatusDetail[]): Record<string, unknown>[] {
  return list.map((d) => ({ id: d.id, version: d.version, ...(d.message !== undefined ? { message: d.message } : {}) }));
}

/** §4.3.1 status resource. */
export function statusResource(s: StatusRecord): Record<string, unknown> {
  return {
    id: s.id,
    status: s.status,
    request_timestamp: s.requestTimestamp,
    total_count: s.totalCount,
    success_count: s.successCount,
    ...(s.successes.length > 0 ? { successes: details(s.successes) } : {}),
    failure_count: s.failureCount,
    ...(s.failures.length > 0 ? { failures: details(s.failures) } : {}),
    pending_count: s.pendingCount,
    ...(s.pendings.length > 0 ? { pendings: details(s.pendings) } : {}),
  };
}

/** What the discovery and API root resources say about this server. */
export interface ServerDescription {
  readonly title: string;
  readonly description?: string;
  readonly contact?: string;
}

/** §4.1.1 discovery resource. API roots are relative URLs (§4.1.1 allows them): no trust in Host headers. */
export function discoveryResource(server: ServerDescription, apiRoots: readonly string[]): Record<string, unknown> {
  return {
    title: server.title,
    ...(server.description !== undefined ? { description: server.description } : {}),
    ...(server.contact !== undefined ? { contact: server.contact } : {}),
    ...(apiRoots.length > 0 ? { default: apiRoots[0], api_roots: [...apiRoots] } : {}),
  };
}

/** §4.2.1 api-root resource; max_content_length is the body limit the server enforces. */
export function apiRootResource(title: string, description: string, maxContentLength: number): Record<string, unknown> {
  return { title, description, versions: [TAXII_MEDIA_TYPE], max_content_length: maxContentLength };
}
