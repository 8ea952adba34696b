// The TAXII 2.1 client: every endpoint of §4 and §5, as federation and `accord taxii` use them.
//
//   const client = new TaxiiClient({ credentials: { kind: 'bearer', token } });
//   const root = await client.connect('https://peer.example/taxii2/');   // discovery or API root
//   const collection = root.collection(id);
//   for await (const e of collection.allObjects({ addedAfter })) { … e.text … }
//
// Pages are streamed: each object is handed out, as the raw JSON text the server sent, as soon
// as it has arrived (envelope.ts), so a caller can store it without re-serialising and a page of
// any size is never held. A page ends with a `page` event carrying `more`, `next` and the
// X-TAXII-Date-Added-First/Last headers; `allObjects` follows the pages (§3.5) and says after each
// one where a later pull may resume.
//
// Retries (retry.ts) cover the whole exchange. When a page breaks off mid-body, it is requested
// again from the same position, and the objects already handed out from it — recognised by
// position and digest — are not handed out twice; should the page have changed meanwhile, the
// objects are handed out again rather than risk a gap (at least once, never a miss).
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Static, TSchema } from '@sinclair/typebox';
import { AccordError, compareTimestamps, parseJson } from '../../stix/index.js';
import { parseMediaType, TAXII_MEDIA_TYPE } from '../media-types.js';
import { EnvelopeReader, type EnvelopeItem } from './envelope.js';
import { gaveUp, httpError, parseErrorMessage, protocolError } from './errors.js';
import {
  ApiRootInfo, checkResource, Collection, Collections, Discovery, ManifestRecord, parseResource, Status, Versions,
} from './resources.schema.js';
import { DEFAULT_RETRY, parseRetryAfter, retryDelay, sleep, type RetryPolicy } from './retry.js';
import { checkUrl, describeExchange, readText, Transport, type Exchange, type RawResponse, type RequestSigner } from './transport.js';

export type Credentials =
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | { readonly kind: 'bearer'; readonly token: string };

export interface TaxiiClientOptions {
  /** HTTP Basic (§1.6.9, which every TAXII client must support) or a bearer token. */
  readonly credentials?: Credentials;
  /** Signs every request (how a member's node calls its peers: docs/decisions/0016); instead of credentials. */
  readonly signer?: RequestSigner;
  /** PEM certificate(s) trusted instead of the system's: pins a node with a self-signed certificate. */
  readonly ca?: string | Buffer;
  /** Plain HTTP beyond loopback (TAXII requires HTTPS; default false). */
  readonly allowHttp?: boolean;
  /** Sent as User-Agent (§3.2 asks clients to name themselves). */
  readonly userAgent?: string;
  /** Longest wait for a response's headers, and for each piece of its body (default 30 s). */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Largest single object handed out (default 16 MiB); larger ones are reported as unreadable. */
  readonly maxObjectBytes?: number;
  /** Largest non-streamed resource read (discovery, collections, status, versions; default 16 MiB). */
  readonly maxResourceBytes?: number;
  /** Cancels every request in progress and every wait. */
  readonly signal?: AbortSignal;
  /** Told about each retry (for logs). */
  readonly onRetry?: (r: { readonly what: string; readonly attempt: number; readonly delayMs: number; readonly error: AccordError }) => void;
}

/** `match[<field>]` filters (§3.4.1); several values are ORed. */
export interface MatchFilter {
  readonly id?: readonly string[];
  readonly type?: readonly string[];
  /** `last` (the default), `first`, `all`, or exact version timestamps. */
  readonly version?: readonly string[];
  readonly spec_version?: readonly string[];
}

/** The query of a paged endpoint (§3.4). */
export interface PageQuery {
  readonly addedAfter?: string;
  readonly limit?: number;
  readonly next?: string;
  readonly match?: MatchFilter;
}

/** The end of one page. */
export interface PageEnd {
  readonly kind: 'page';
  /** Elements in the page (handed out or unreadable). */
  readonly objects: number;
  readonly more: boolean;
  /** False when the envelope's members could not be read (see envelope.ts); `more` is then a guess. */
  readonly moreKnown: boolean;
  readonly next?: string;
  readonly dateAddedFirst?: string;
  readonly dateAddedLast?: string;
}

/** The end of one page of several. */
export interface PagedEnd extends PageEnd {
  /** The page's number, from 0. */
  readonly index: number;
  /** What `addedAfter` a later pull starts from to continue after this page (absent until known). */
  readonly resumeAddedAfter?: string;
}

export type Unreadable = Extract<EnvelopeItem, { kind: 'unreadable' }>;
/** An object as the server sent it: its JSON text, exactly. */
export interface ObjectText { readonly kind: 'object'; readonly text: string }
export type ObjectEvent = ObjectText | Unreadable | PageEnd;
export type ManifestEvent = { readonly kind: 'record'; readonly record: ManifestRecord } | Unreadable | PageEnd;

export interface VersionsPage {
  readonly versions: readonly string[];
  readonly more: boolean;
  readonly dateAddedFirst?: string;
  readonly dateAddedLast?: string;
}

interface Settings {
  readonly retry: RetryPolicy;
  readonly maxObjectBytes: number;
  readonly maxResourceBytes: number;
  readonly allowHttp: boolean;
  readonly signal: AbortSignal | undefined;
  readonly onRetry: TaxiiClientOptions['onRetry'];
}

const MIB = 1024 * 1024;
/** Error bodies are read up to this size (the TAXII error message is small). */
const MAX_ERROR_BODY = 64 * 1024;
/** Consecutive empty pages tolerated while `next` keeps changing (a server filtering a lot out). */
const MAX_EMPTY_PAGES = 1000;

/** A TAXII 2.1 client; one per set of credentials. Call close() when done. */
export class TaxiiClient {
  private readonly conn: Connection;

  constructor(options: TaxiiClientOptions = {}) {
    this.conn = new Connection(options);
  }

  /** A handle on the API root at `url` (nothing is requested yet); throws `taxii.bad-url` for a URL it will not use. */
  apiRoot(url: string | URL): ApiRootClient {
    return new ApiRootClient(this.conn, this.conn.url(url));
  }

  /** Server discovery (§4.1) at `url` (the server's /taxii2/). */
  async discover(url: string | URL): Promise<Discovery> {
    return this.conn.getResource(this.conn.url(url), Discovery, 'discovery');
  }

  /**
   * Connects to a TAXII server given the URL of an API root, of the discovery endpoint, or of the
   * server itself (its /taxii2/ is asked), and returns the API root with its information fetched.
   * From discovery, the `default` API root is taken (or the only one). An API root on another
   * server than the discovery endpoint is refused: the credentials were given for this one.
   */
  async connect(url: string | URL): Promise<ApiRootClient> {
    let u = this.conn.url(url);
    let found = await this.probe(u);
    if (found === undefined && u.pathname === '/') {
      u = new URL('/taxii2/', u);
      found = await this.probe(u);
    }
    if (found === undefined) {
      throw new AccordError('not-found', 'taxii.not-taxii', `${u.href} is neither a TAXII 2.1 API root nor a discovery endpoint`);
    }
    if (found.kind === 'api-root') return new ApiRootClient(this.conn, u, found.info);
    const d = found.discovery;
    const roots = d.api_roots ?? [];
    const chosen = d.default ?? (roots.length === 1 ? roots[0] : undefined);
    if (chosen === undefined) {
      const listed = roots.length === 0 ? 'advertises no API root' : `advertises several API roots and no default: ${roots.join(', ')}`;
      throw new AccordError('invalid', 'taxii.no-api-root', `the TAXII server at ${u.href} ${listed}; give the URL of one of them`);
    }
    const root = this.conn.url(new URL(chosen, u));
    if (root.origin !== u.origin) {
      throw new AccordError('invalid', 'taxii.foreign-api-root', `the TAXII server at ${u.origin} names an API root on another server (${root.href}); connect to it directly if you trust it with these credentials`);
    }
    const api = new ApiRootClient(this.conn, root);
    await api.info();
    return api;
  }

  /** Closes the connections kept open. */
  close(): void {
    this.conn.close();
  }

  /** What the URL is: an API root, discovery, or neither (undefined). */
  private async probe(u: URL): Promise<{ kind: 'api-root'; info: ApiRootInfo } | { kind: 'discovery'; discovery: Discovery } | undefined> {
    const what = describeExchange('GET', u);
    let text: string;
    let taxii: boolean;
    try {
      const res = await this.conn.request({ method: 'GET', url: u }, [200]);
      text = res.text;
      const mt = parseMediaType(String(res.headers['content-type'] ?? ''));
      taxii = mt?.type === 'application' && mt.subtype === 'taxii+json';
    } catch (e) {
      if (e instanceof AccordError && (e.code === 'taxii.http-404' || e.code === 'taxii.http-406' || e.code === 'taxii.not-taxii')) return undefined;
      throw e;
    }
    let value: unknown;
    try {
      value = parseJson(text);
    } catch {
      return undefined;
    }
    if (value !== null && typeof value === 'object' && 'max_content_length' in value) {
      const info = checkResource(ApiRootInfo, value, what, 'api-root');
      checkVersions(info, what);
      return { kind: 'api-root', info };
    }
    // Discovery is told by its media type, or (from a server answering plain JSON) by its api_roots.
    if (value !== null && typeof value === 'object' && (taxii || 'api_roots' in value)) return { kind: 'discovery', discovery: checkResource(Discovery, value, what, 'discovery') };
    return undefined;
  }
}

/** What the handles share: the transport, the settings, and requests with retries. Internal to the client. */
export class Connection {
  private readonly transport: Transport;
  readonly settings: Settings;

  constructor(options: TaxiiClientOptions) {
    const c = options.credentials;
    const authorization = c === undefined ? undefined
      : c.kind === 'basic' ? `Basic ${Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64')}`
      : `Bearer ${c.token}`;
    if (c?.kind === 'basic' && c.username.includes(':')) throw new AccordError('invalid', 'taxii.bad-credentials', 'an HTTP Basic user name cannot contain ":"');
    this.transport = new Transport({
      timeoutMs: options.timeoutMs ?? 30_000,
      userAgent: options.userAgent ?? 'accord-taxii-client',
      ...(authorization !== undefined ? { authorization } : {}),
      ...(options.signer !== undefined ? { signer: options.signer } : {}),
      ...(options.ca !== undefined ? { ca: options.ca } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    });
    this.settings = {
      retry: { ...DEFAULT_RETRY, ...options.retry },
      maxObjectBytes: options.maxObjectBytes ?? 16 * MIB,
      maxResourceBytes: options.maxResourceBytes ?? 16 * MIB,
      allowHttp: options.allowHttp ?? false,
      signal: options.signal,
      onRetry: options.onRetry,
    };
  }

  close(): void {
    this.transport.close();
  }

  /** A URL the client may use, with the trailing slash every TAXII endpoint has (§3.1). */
  url(input: string | URL): URL {
    let u: URL;
    try {
      u = new URL(input);
    } catch {
      throw new AccordError('invalid', 'taxii.bad-url', `"${String(input)}" is not a URL`);
    }
    checkUrl(u, this.settings.allowHttp);
    if (!u.pathname.endsWith('/')) u.pathname += '/';
    u.hash = '';
    u.search = ''; // §4.1.1: API root URLs have no query; endpoints add their own

    return u;
  }

  /** Runs `attempt` until it succeeds, fails for good, or the retries run out. */
  async withRetries<T>(what: string, attempt: (n: number) => Promise<T>): Promise<T> {
    for (let n = 1; ; n++) {
      try {
        return await attempt(n);
      } catch (e) {
        await this.backoff(e, n, what);
      }
    }
  }

  /** Waits before attempt n + 1, or rethrows `e` when there is none. */
  async backoff(e: unknown, n: number, what: string): Promise<void> {
    const delay = retryDelay(e, n, this.settings.retry);
    if (delay === undefined || !(e instanceof AccordError)) throw e instanceof AccordError ? gaveUp(e, n) : e;
    this.settings.onRetry?.({ what, attempt: n, delayMs: delay, error: e });
    await sleep(delay, this.settings.signal);
  }

  /** Sends once; throws the error status as an AccordError. */
  async open(ex: Exchange, ok: readonly number[]): Promise<RawResponse> {
    const what = describeExchange(ex.method, ex.url);
    const res = await this.transport.send(ex);
    if (ok.includes(res.status)) {
      try {
        checkContentType(res.headers, what);
      } catch (e) {
        res.discard();
        throw e;
      }
      return res;
    }
    let message;
    try {
      message = parseErrorMessage(await readText(res.body, MAX_ERROR_BODY, what));
    } catch {
      res.discard();
    }
    if (res.status >= 300 && res.status < 400) {
      const location = String(res.headers.location ?? '(nowhere)');
      message = { title: 'Redirect', description: `the server redirects to ${location}; give that URL instead (redirects are not followed, so that credentials only go where they were meant to)` };
    }
    throw httpError(what, res.status, message, res.status === 429 || res.status === 503 ? parseRetryAfter(firstHeader(res.headers['retry-after'])) : undefined);
  }

  /** A whole (non-streamed) exchange, retried. */
  request(ex: Exchange, ok: readonly number[]): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> {
    const what = describeExchange(ex.method, ex.url);
    return this.withRetries(what, async () => {
      const res = await this.open(ex, ok);
      return { status: res.status, headers: res.headers, text: await readText(res.body, this.settings.maxResourceBytes, what) };
    });
  }

  /** GETs a resource and checks it against its schema. */
  async getResource<S extends TSchema>(url: URL, schema: S, name: string): Promise<Static<S>> {
    const { text } = await this.request({ method: 'GET', url }, [200]);
    return parseResource(schema, text, describeExchange('GET', url), name);
  }

  /**
   * One page of an envelope endpoint, streamed: its elements, then its end. Retried as a
   * whole; elements already handed out are not handed out again (see the module comment).
   */
  async *envelopePage(url: URL): AsyncGenerator<EnvelopeItem | PageEnd> {
    const what = describeExchange('GET', url);
    const handedOut: string[] = [];
    for (let attempt = 1; ; attempt++) {
      let position = 0;
      let replaying = handedOut.length > 0;
      try {
        const res = await this.open({ method: 'GET', url }, [200]);
        const reader = new EnvelopeReader(res.body, { maxItemBytes: this.settings.maxObjectBytes, what });
        for await (const item of reader.items()) {
          const digest = item.kind === 'element' ? createHash('sha1').update(item.text).digest('base64') : `!${item.code}:${item.message}`;
          if (replaying && handedOut[position] === digest) {
            position++;
            continue;
          }
          replaying = false;
          handedOut[position++] = digest;
          yield item;
        }
        const members = reader.members;
        const first = firstHeader(res.headers['x-taxii-date-added-first']);
        const last = firstHeader(res.headers['x-taxii-date-added-last']);
        yield {
          kind: 'page', objects: position, more: members?.more === true, moreKnown: members !== undefined,
          ...(members?.next !== undefined ? { next: members.next } : {}),
          ...(first !== undefined ? { dateAddedFirst: first } : {}),
          ...(last !== undefined ? { dateAddedLast: last } : {}),
        };
        return;
      } catch (e) {
        await this.backoff(e, attempt, what);
      }
    }
  }
}

/** An API root (§4.2) and what hangs off it: collections and status resources. */
export class ApiRootClient {
  private cachedInfo: ApiRootInfo | undefined;

  constructor(private readonly client: Connection, readonly url: URL, info?: ApiRootInfo) {
    this.cachedInfo = info;
  }

  /** The API root's information (fetched once): title, versions, max_content_length. */
  async info(): Promise<ApiRootInfo> {
    if (this.cachedInfo === undefined) {
      const info = await this.client.getResource(this.url, ApiRootInfo, 'api-root');
      checkVersions(info, describeExchange('GET', this.url));
      this.cachedInfo = info;
    }
    return this.cachedInfo;
  }

  /** Every collection the server shows this client (§5.1). */
  async collections(): Promise<Collection[]> {
    return (await this.client.getResource(new URL('collections/', this.url), Collections, 'collections')).collections ?? [];
  }

  /** A handle on one collection, by id or alias (nothing is requested yet). */
  collection(idOrAlias: string): CollectionClient {
    return new CollectionClient(this.client, this, idOrAlias, new URL(`collections/${encodeURIComponent(idOrAlias)}/`, this.url));
  }

  /** A status resource (§4.3). */
  status(id: string): Promise<Status> {
    return this.client.getResource(new URL(`status/${encodeURIComponent(id)}/`, this.url), Status, 'status');
  }

  /**
   * Polls a status resource until it is complete, at most `maxWaitMs` (default 60 s), waiting
   * `pollMs` (default 250 ms), doubling up to 5 s, between polls. Returns the last status seen,
   * which is still `pending` when the wait ran out.
   */
  async waitForStatus(status: Status, options: { readonly maxWaitMs?: number; readonly pollMs?: number } = {}): Promise<Status> {
    const deadline = Date.now() + (options.maxWaitMs ?? 60_000);
    let interval = options.pollMs ?? 250;
    let current = status;
    while (current.status !== 'complete') {
      const left = deadline - Date.now();
      if (left <= 0) return current;
      await sleep(Math.min(interval, left), this.client.settings.signal);
      current = await this.status(current.id);
      interval = Math.min(interval * 2, 5000);
    }
    return current;
  }
}

/** One collection (§5): its information, manifest, objects, versions; adding and deleting. */
export class CollectionClient {
  constructor(private readonly client: Connection, readonly apiRoot: ApiRootClient, /** The id or alias it was opened by. */ readonly id: string, readonly url: URL) {}

  /** The collection's information (§5.2), including can_read and can_write for this client. */
  info(): Promise<Collection> {
    return this.client.getResource(this.url, Collection, 'collection');
  }

  /** One page of objects (§5.4): each object's text, then the page's end. */
  async *objects(query: PageQuery = {}): AsyncGenerator<ObjectEvent> {
    for await (const item of this.client.envelopePage(withQuery(new URL('objects/', this.url), query))) {
      yield item.kind === 'element' ? { kind: 'object', text: item.text } : item;
    }
  }

  /** Every page of objects from `query` on (§3.5); after each page, where a later pull may resume. */
  allObjects(query: PageQuery = {}): AsyncGenerator<ObjectText | Unreadable | PagedEnd> {
    return pageThrough((q) => this.objects(q), query, describeExchange('GET', new URL('objects/', this.url)));
  }

  /** One page of manifest records (§5.3). */
  async *manifest(query: PageQuery = {}): AsyncGenerator<ManifestEvent> {
    const url = withQuery(new URL('manifest/', this.url), query);
    const what = describeExchange('GET', url);
    for await (const item of this.client.envelopePage(url)) {
      if (item.kind !== 'element') {
        yield item;
        continue;
      }
      let value: unknown;
      try {
        value = parseJson(item.text);
      } catch (e) {
        throw protocolError(what, `a manifest record is not valid JSON: ${(e as Error).message}`);
      }
      yield { kind: 'record', record: checkResource(ManifestRecord, value, what, 'manifest-record') };
    }
  }

  /** Every page of the manifest from `query` on. */
  allManifest(query: PageQuery = {}): AsyncGenerator<Exclude<ManifestEvent, PageEnd> | PagedEnd> {
    return pageThrough((q) => this.manifest(q), query, describeExchange('GET', new URL('manifest/', this.url)));
  }

  /** One page of the versions of one object (§5.6); `match` takes `version` and `spec_version`. */
  async *object(objectId: string, query: PageQuery = {}): AsyncGenerator<ObjectEvent> {
    for await (const item of this.client.envelopePage(withQuery(this.objectUrl(objectId), query))) {
      yield item.kind === 'element' ? { kind: 'object', text: item.text } : item;
    }
  }

  /** One page of an object's version list (§5.8). */
  async versions(objectId: string, query: PageQuery = {}): Promise<VersionsPage> {
    const url = withQuery(new URL('versions/', this.objectUrl(objectId)), query);
    const { text, headers } = await this.client.request({ method: 'GET', url }, [200]);
    const v = parseResource(Versions, text, describeExchange('GET', url), 'versions');
    const first = firstHeader(headers['x-taxii-date-added-first']);
    const last = firstHeader(headers['x-taxii-date-added-last']);
    return {
      versions: v.versions ?? [], more: v.more === true,
      ...(first !== undefined ? { dateAddedFirst: first } : {}),
      ...(last !== undefined ? { dateAddedLast: last } : {}),
    };
  }

  /**
   * Adds objects (§5.5): one envelope of the given object texts, sent as they are. Returns the
   * status resource the server answered with (poll it with the API root's waitForStatus).
   * `headers` go out with the request (a peer node's push range, which its signature covers).
   */
  async add(texts: readonly string[], options: { readonly headers?: Readonly<Record<string, string>> } = {}): Promise<Status> {
    if (texts.length === 0) throw new AccordError('invalid', 'taxii.empty-envelope', 'an envelope to add must hold at least one object');
    const url = new URL('objects/', this.url);
    const body = Buffer.from(envelopeText(texts), 'utf8');
    const { text } = await this.client.request({ method: 'POST', url, body, ...(options.headers !== undefined ? { headers: options.headers } : {}) }, [202, 200, 201]);
    return parseResource(Status, text, describeExchange('POST', url), 'status');
  }

  /** Deletes an object, or the versions `match` names (§5.7). */
  async delete(objectId: string, match: Pick<MatchFilter, 'version' | 'spec_version'> = {}): Promise<void> {
    await this.client.request({ method: 'DELETE', url: withQuery(this.objectUrl(objectId), { match }) }, [200, 204]);
  }

  private objectUrl(objectId: string): URL {
    return new URL(`objects/${encodeURIComponent(objectId)}/`, this.url);
  }
}

/** The envelope `{"objects":[…]}` around object texts, which go in as they are. */
export function envelopeText(texts: readonly string[]): string {
  return `{"objects":[${texts.join(',')}]}`;
}

/** Bytes of the envelope around `count` objects of `objectBytes` UTF-8 bytes in all. */
export function envelopeBytes(count: number, objectBytes: number): number {
  return '{"objects":[]}'.length + objectBytes + Math.max(0, count - 1);
}

/**
 * Follows the pages of a paged endpoint (§3.5) from `query` on: with `next` while the server
 * gives one (keeping the other parameters), else with `added_after` set to the page's
 * X-TAXII-Date-Added-Last. Stops when `more` is false, or when a page brings nothing and gives no
 * way further (§3.5: `more` may be true with nothing left). When the envelope's members could
 * not be read, it goes on while pages bring objects.
 */
export async function* pageThrough<E extends { readonly kind: string }>(
  fetchPage: (q: PageQuery) => AsyncGenerator<E | PageEnd>, query: PageQuery, what: string,
): AsyncGenerator<Exclude<E, PageEnd> | PagedEnd> {
  let request = query;
  let resume = query.addedAfter;
  let empty = 0;
  for (let index = 0; ; index++) {
    let end: PageEnd | undefined;
    for await (const e of fetchPage(request)) {
      if (isPageEnd(e)) end = e;
      else yield e as Exclude<E, PageEnd>;
    }
    if (end === undefined) throw protocolError(what, 'a page ended without its end');
    if (end.dateAddedLast !== undefined && (resume === undefined || later(end.dateAddedLast, resume, what))) resume = end.dateAddedLast;
    yield { ...end, index, ...(resume !== undefined ? { resumeAddedAfter: resume } : {}) };
    if (!(end.moreKnown ? end.more : end.objects > 0)) return;
    empty = end.objects === 0 ? empty + 1 : 0;
    if (end.next !== undefined) {
      if (end.objects === 0 && end.next === request.next) return;
      if (empty > MAX_EMPTY_PAGES) throw protocolError(what, `${MAX_EMPTY_PAGES} pages in a row brought nothing; giving up`);
      request = { ...query, next: end.next };
    } else if (end.dateAddedLast !== undefined) {
      if (request.addedAfter !== undefined && !later(end.dateAddedLast, request.addedAfter, what)) {
        throw protocolError(what, `X-TAXII-Date-Added-Last (${end.dateAddedLast}) is not after added_after (${request.addedAfter}), so paging would not advance`);
      }
      const { next: _next, ...rest } = query;
      request = { ...rest, addedAfter: end.dateAddedLast };
    } else if (end.objects === 0) {
      return;
    } else {
      throw protocolError(what, 'the server says there is more but gives neither "next" nor an X-TAXII-Date-Added-Last header to continue from');
    }
  }
}

function isPageEnd(e: { readonly kind: string }): e is PageEnd {
  return e.kind === 'page';
}

/** a > b, for TAXII timestamps; a server's unreadable timestamp is a protocol error. */
function later(a: string, b: string, what: string): boolean {
  try {
    return compareTimestamps(a, b) > 0;
  } catch {
    throw protocolError(what, `cannot compare the timestamps "${a}" and "${b}" (X-TAXII-Date-Added-Last must be a TAXII timestamp)`);
  }
}

/** Adds the query parameters of §3.4: brackets and commas literal, as the specification writes them. */
export function withQuery(url: URL, query: PageQuery): URL {
  const parts: string[] = [];
  if (query.addedAfter !== undefined) parts.push(`added_after=${encodeURIComponent(query.addedAfter)}`);
  if (query.limit !== undefined) parts.push(`limit=${query.limit}`);
  if (query.next !== undefined) parts.push(`next=${encodeURIComponent(query.next)}`);
  for (const [field, values] of Object.entries(query.match ?? {}) as [string, readonly string[] | undefined][]) {
    if (values === undefined || values.length === 0) continue;
    parts.push(`match[${field}]=${values.map(encodeURIComponent).join(',')}`);
  }
  const u = new URL(url);
  u.search = parts.length > 0 ? `?${parts.join('&')}` : '';
  return u;
}

function firstHeader(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  const t = s?.trim();
  return t === undefined || t === '' ? undefined : t;
}

/** The server must speak TAXII 2.1 (§4.2.1: its versions list the 2.1 media type). */
function checkVersions(info: ApiRootInfo, what: string): void {
  const norm = (s: string): string => s.toLowerCase().replace(/\s+/g, '');
  if (!info.versions.map(norm).includes(TAXII_MEDIA_TYPE)) {
    throw new AccordError('unavailable', 'taxii.version', `${what}: the API root supports ${info.versions.join(', ')}, not TAXII 2.1`);
  }
}

/**
 * A successful response must be TAXII JSON (§1.6.8). `application/json` is tolerated; another
 * TAXII version, or something else altogether (a web page), is refused.
 */
function checkContentType(headers: IncomingHttpHeaders, what: string): void {
  const ct = headers['content-type'];
  if (ct === undefined) return;
  const mt = parseMediaType(ct);
  const essence = mt === undefined ? ct.split(';')[0]?.trim() ?? ct : `${mt.type}/${mt.subtype}`;
  const version = mt?.params.version;
  if (essence === 'application/vnd.oasis.taxii+json') throw new AccordError('unavailable', 'taxii.version', `${what}: the server speaks TAXII ${version ?? '2.0'}, not 2.1`);
  if (essence === 'application/taxii+json') {
    if (version !== undefined && version !== '2.1') throw new AccordError('unavailable', 'taxii.version', `${what}: the server answered in TAXII ${version}, not 2.1`);
    return;
  }
  if (essence === 'application/json') return;
  throw new AccordError('not-found', 'taxii.not-taxii', `${what}: the response is ${essence}, not TAXII (is this the URL of a TAXII 2.1 server?)`);
}
