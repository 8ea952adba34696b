// One conditional GET of a remote feed (docs/decisions/0026): If-None-Match / If-Modified-Since
// from the last successful pull, a deadline on the whole exchange, a cap on the body's size (it
// is read in full to be compared with what the feed listed before), and redirects followed by
// hand — at most a few, http(s) only, and the feed's own header fields (an API key) never sent to
// another origin. Every failure is an AccordError with a stable code naming the feed's URL
// without its query (which may hold a key), so a failure can be recorded and shown as it is.
import { AccordError } from '../stix/index.js';

export interface FetchFeedOptions {
  /** Validators of the last successful pull. */
  readonly etag?: string | null;
  readonly lastModified?: string | null;
  /** Extra header fields for the feed's own origin (e.g. an API key); never logged. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The whole exchange, redirects and body included (default 60 s). */
  readonly timeoutMs?: number;
  /** The largest body accepted, decompressed (default 64 MiB). */
  readonly maxBytes?: number;
  /** Redirects followed (default 5). */
  readonly maxRedirects?: number;
  readonly userAgent?: string;
  readonly signal?: AbortSignal;
}

export type FetchedFeed =
  | { readonly status: 304 }
  | { readonly status: number; readonly body: Buffer; readonly etag: string | null; readonly lastModified: string | null };

/** The URL as messages and the audit log name it: no query, fragment or credentials. */
export function describeFeedUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function failure(code: string, url: URL, why: string): AccordError {
  return new AccordError('unavailable', code, `GET ${describeFeedUrl(url.href)}: ${why}`);
}

/** Fetches a feed; resolves with 304 or a 2xx body, throws an AccordError otherwise. */
export async function fetchFeed(url: string, options: FetchFeedOptions = {}): Promise<FetchedFeed> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal !== undefined ? [options.signal] : [])];
  const signal = AbortSignal.any(signals);
  const origin = new URL(url);
  let at = origin;
  for (let hop = 0; ; hop++) {
    const own = at.origin === origin.origin;
    const headers: Record<string, string> = {
      'user-agent': options.userAgent ?? 'Accord feed puller',
      accept: 'text/plain, text/csv, application/json, */*;q=0.5',
      ...(own ? options.headers : {}),
      ...(options.etag != null ? { 'if-none-match': options.etag } : {}),
      ...(options.lastModified != null ? { 'if-modified-since': options.lastModified } : {}),
    };
    let res: Response;
    try {
      res = await fetch(at, { headers, redirect: 'manual', signal });
    } catch (e) {
      throw networkFailure(e, at, signal, timeoutMs);
    }
    if (REDIRECTS.has(res.status)) {
      await res.body?.cancel();
      const location = res.headers.get('location');
      if (hop >= (options.maxRedirects ?? 5)) throw failure('feed.too-many-redirects', origin, `more than ${options.maxRedirects ?? 5} redirects`);
      let next: URL;
      try {
        next = new URL(location ?? '', at);
      } catch {
        throw failure('feed.bad-redirect', at, `the server redirected to ${JSON.stringify(location)}, which is not a URL`);
      }
      if (location === null || (next.protocol !== 'http:' && next.protocol !== 'https:')) {
        throw failure('feed.bad-redirect', at, `the server redirected to ${location === null ? 'nowhere (no Location)' : `a ${next.protocol} URL`}; only http and https are followed`);
      }
      if (at.protocol === 'https:' && next.protocol === 'http:') throw failure('feed.bad-redirect', at, `the server redirected from https to plain http (${describeFeedUrl(next.href)}); refused`);
      at = next;
      continue;
    }
    if (res.status === 304) {
      await res.body?.cancel();
      return { status: 304 };
    }
    if (res.status < 200 || res.status > 299) {
      await res.body?.cancel();
      throw failure('feed.http-status', at, `the server answered ${res.status}${res.statusText !== '' ? ` ${res.statusText}` : ''}`);
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (declared > maxBytes) {
      await res.body?.cancel();
      throw failure('feed.too-large', at, `the body is ${declared} bytes, more than the ${maxBytes} accepted`);
    }
    const body = await readCapped(res, at, maxBytes, signal, timeoutMs);
    return { status: res.status, body, etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified') };
  }
}

/** The body, refused once it passes `maxBytes`. */
async function readCapped(res: Response, at: URL, maxBytes: number, signal: AbortSignal, timeoutMs: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (res.body === null) return Buffer.alloc(0);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      size += r.value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw failure('feed.too-large', at, `the body is larger than the ${maxBytes} bytes accepted`);
      }
      chunks.push(r.value);
    }
  } catch (e) {
    throw e instanceof AccordError ? e : networkFailure(e, at, signal, timeoutMs);
  }
  return Buffer.concat(chunks);
}

function networkFailure(e: unknown, at: URL, signal: AbortSignal, timeoutMs: number): AccordError {
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof DOMException && reason.name === 'TimeoutError') return failure('feed.timeout', at, `no complete answer within ${timeoutMs} ms`);
    return failure('feed.aborted', at, 'the pull was stopped');
  }
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  const why = cause?.code !== undefined ? `${cause.code}${cause.message !== undefined ? `: ${cause.message}` : ''}` : cause?.message ?? (e as Error).message;
  return failure('feed.unreachable', at, `the connection failed (${why})`);
}
