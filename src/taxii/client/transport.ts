// One HTTP exchange with a TAXII server, over Node's own http/https modules: the request with
// TAXII's headers, a timeout on every wait, the body handed out as a byte stream (decompressed)
// so that a page of any size flows through without being held, and every failure turned into an
// AccordError with a stable code (errors.ts). Retries are the caller's (client.ts): only it knows
// whether a body was already partly handed on.
//
// Why node:http(s) rather than fetch: the custom CA a self-signed trial node needs is a plain
// `ca` option of https.Agent (fetch needs undici's Agent, which Node does not expose, so another
// dependency); the body is a Node stream that pauses the socket while the consumer stores a batch
// (backpressure down to TCP); and the timeout can count only the time spent waiting for the
// server, not the time the consumer takes between chunks.
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { AccordError } from '../../stix/index.js';
import { TAXII_MEDIA_TYPE } from '../media-types.js';
import { protocolError, unreachable } from './errors.js';
import { aborted } from './retry.js';

export interface TransportOptions {
  /** PEM certificate(s) to trust instead of the system's: the server's own for a self-signed node. */
  readonly ca?: string | Buffer;
  /** Longest wait for the response headers, and for each piece of the body. */
  readonly timeoutMs: number;
  readonly userAgent: string;
  /** The Authorization header value, if any. */
  readonly authorization?: string;
  /** Signs each request as sent (a peer node's HTTP Message Signature); returns the fields to add. */
  readonly signer?: RequestSigner;
  readonly signal?: AbortSignal;
}

/** Adds a signature to a request about to be sent, over its final method, URL, fields and body. */
export type RequestSigner = (request: {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
}) => Readonly<Record<string, string>>;

export interface Exchange {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly url: URL;
  readonly body?: Buffer;
  /** Extra header fields (lower-case names), sent before signing so a signer may cover them. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The body, decompressed; each wait for bytes bounded by the timeout. Iterate at most once. */
  readonly body: AsyncIterable<Uint8Array>;
  /** Drops an unread body (and its connection). */
  discard(): void;
}

/** "GET https://host/path/": the request as messages name it (never the query, which may hold cursors). */
export function describeExchange(method: string, url: URL): string {
  return `${method} ${url.origin}${url.pathname}`;
}

/** True for the loopback host names (where plain HTTP stays on the machine). */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Checks a URL the client is about to use: TAXII runs over HTTPS (§8.5.1); plain HTTP is allowed
 * on loopback, or anywhere when the operator says so. Credentials never travel in a URL.
 */
export function checkUrl(url: URL, allowHttp: boolean): void {
  if (url.username !== '' || url.password !== '') {
    throw new AccordError('invalid', 'taxii.bad-url', `the URL ${url.origin} carries credentials; give them as options instead, so they stay out of logs and shell history`);
  }
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && (allowHttp || isLoopbackHost(url.hostname))) return;
  if (url.protocol === 'http:') {
    throw new AccordError('invalid', 'taxii.bad-url', `TAXII 2.1 requires HTTPS; ${url.origin} is plain HTTP (allowed on loopback, or explicitly with --allow-http)`);
  }
  throw new AccordError('invalid', 'taxii.bad-url', `${url.href} is not an http(s) URL`);
}

const TLS_CODES = /^(CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|ERR_TLS_CERT_ALTNAME_INVALID|ERR_SSL_|HOSTNAME_MISMATCH)/;
const NET_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused', ECONNRESET: 'connection reset by the server', EPIPE: 'connection closed by the server',
  ETIMEDOUT: 'connection timed out', ENOTFOUND: 'unknown host', EAI_AGAIN: 'name lookup failed', EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable', ECONNABORTED: 'connection aborted',
};

/** Turns a socket, TLS or zlib error into the client's error. */
function mapError(e: unknown, what: string): AccordError {
  if (e instanceof AccordError) return e;
  const err = e as NodeJS.ErrnoException;
  const code = err.code ?? '';
  if (TLS_CODES.test(code)) {
    const hint = code === 'ERR_SSL_WRONG_VERSION_NUMBER' ? 'does the server speak HTTPS on that port?' : 'for a node with a self-signed certificate, trust its certificate with --ca FILE';
    return new AccordError('unavailable', 'taxii.tls', `${what} failed: the TLS connection was refused (${code}: ${err.message}); ${hint}`, undefined, { cause: e });
  }
  if (code.startsWith('Z_') || code === 'ERR__ERROR_FORMAT_PADDING') {
    return protocolError(what, `the compressed body cannot be decoded (${err.message})`);
  }
  return unreachable(what, NET_REASONS[code] ?? (code !== '' ? `${code}: ${err.message}` : err.message), e);
}

function timeout(what: string, ms: number, phase: string): AccordError {
  return new AccordError('unavailable', 'taxii.timeout', `${what} timed out: no ${phase} within ${ms} ms`);
}

/** Sends requests to TAXII servers; keeps connections open between requests. */
export class Transport {
  private readonly httpAgent = new HttpAgent({ keepAlive: true });
  private readonly httpsAgent: HttpsAgent;

  constructor(private readonly options: TransportOptions) {
    this.httpsAgent = new HttpsAgent({ keepAlive: true, minVersion: 'TLSv1.2', ...(options.ca !== undefined ? { ca: options.ca } : {}) });
  }

  /** Sends one request and resolves when the response headers arrive (whatever the status). */
  send(ex: Exchange): Promise<RawResponse> {
    const { timeoutMs, signal } = this.options;
    const what = describeExchange(ex.method, ex.url);
    const headers: Record<string, string> = {
      accept: TAXII_MEDIA_TYPE,
      'user-agent': this.options.userAgent,
      'accept-encoding': 'gzip, deflate, br',
      ...(this.options.authorization !== undefined ? { authorization: this.options.authorization } : {}),
      ...(ex.body !== undefined ? { 'content-type': TAXII_MEDIA_TYPE, 'content-length': String(ex.body.length) } : {}),
      ...ex.headers,
    };
    // Signed last, over the fields exactly as they go out; every attempt gets a fresh signature.
    if (this.options.signer !== undefined) {
      Object.assign(headers, this.options.signer({ method: ex.method, url: ex.url.href, headers: { ...headers }, ...(ex.body !== undefined ? { body: ex.body } : {}) }));
    }
    return new Promise<RawResponse>((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(aborted());
        return;
      }
      const secure = ex.url.protocol === 'https:';
      const req = (secure ? httpsRequest : httpRequest)(ex.url, { method: ex.method, headers, agent: secure ? this.httpsAgent : this.httpAgent });
      let settled = false;
      const timer = setTimeout(() => req.destroy(timeout(what, timeoutMs, 'response')), timeoutMs);
      const onAbort = (): void => {
        req.destroy(aborted());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      // Errors after the response arrived (a reset mid-body) surface through the body stream.
      req.on('error', (e) => {
        done();
        if (!settled) {
          settled = true;
          reject(mapError(e, what));
        }
      });
      req.on('response', (res: IncomingMessage) => {
        done();
        settled = true;
        let stream: Readable;
        try {
          stream = decoded(res, what);
        } catch (e) {
          res.destroy();
          reject(e instanceof Error ? e : new Error(String(e)));
          return;
        }
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: guarded(stream, what, timeoutMs, signal),
          discard: () => {
            if (!stream.readableEnded) stream.destroy();
          },
        });
      });
      req.end(ex.body);
    });
  }

  /** Closes every kept-alive connection. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

/** The response body with its Content-Encoding undone. */
function decoded(res: IncomingMessage, what: string): Readable {
  const encoding = String(res.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return res;
  const z = encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : undefined;
  if (z === undefined) throw protocolError(what, `the response uses Content-Encoding "${encoding}", which was not asked for`);
  pipeline(res, z, () => undefined); // errors reach the consumer through z
  return z;
}

/**
 * Hands out a body's chunks. Each wait for the next chunk is bounded by the timeout, and only
 * the wait: the time the consumer spends between chunks (storing a batch) does not count.
 */
async function* guarded(stream: Readable, what: string, timeoutMs: number, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array> {
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
  const onAbort = (): void => {
    stream.destroy(aborted());
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      const timer = setTimeout(() => stream.destroy(timeout(what, timeoutMs, 'data')), timeoutMs);
      let r: IteratorResult<Uint8Array>;
      try {
        r = await it.next();
      } catch (e) {
        throw mapError(e, what);
      } finally {
        clearTimeout(timer);
      }
      if (r.done === true) return;
      yield r.value;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!stream.readableEnded) stream.destroy();
  }
}

/** Reads a whole (small) body as UTF-8 text, refusing more than `limit` bytes. */
export async function readText(body: AsyncIterable<Uint8Array>, limit: number, what: string): Promise<string> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) throw protocolError(what, `the response is larger than ${limit} bytes`);
    parts.push(chunk);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(parts));
  } catch {
    throw protocolError(what, 'the response is not valid UTF-8');
  }
}
