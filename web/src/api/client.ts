// The node's API, typed from its OpenAPI document (schema.ts, generated). Requests go to the
// same origin with the session cookie; those that change state carry the session's CSRF token
// (X-CSRF-Token), as the node requires of web sessions. Errors arrive as RFC 9457 problems and
// become ApiError, which the pages show through `problemMessage` in the user's language.
import type { MessageKey } from '../i18n/index.js';
import type { paths } from './schema.js';

type Method = 'get' | 'post' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : undefined;
type Responses<P extends keyof paths, M extends Method> = Operation<P, M> extends { responses: infer R } ? R : never;
/** The JSON of a route's success answer (200, else 201, else nothing). */
export type Answer<P extends keyof paths, M extends Method> =
  Responses<P, M> extends { 200: infer R } ? JsonOf<R> : Responses<P, M> extends { 201: infer R } ? JsonOf<R> : undefined;
type BodyOf<P extends keyof paths, M extends Method> = Operation<P, M> extends { requestBody: { content: { 'application/json': infer B } } } ? B : never;
type QueryOf<P extends keyof paths, M extends Method> = Operation<P, M> extends { parameters: { query?: infer Q } } ? Q : never;
type ParamsOf<P extends keyof paths, M extends Method> = Operation<P, M> extends { parameters: { path: infer A } } ? A : never;
type PathsWith<M extends Method> = { [P in keyof paths]: paths[P][M] extends undefined ? never : P }[keyof paths];

export interface Options<P extends keyof paths, M extends Method> {
  readonly query?: QueryOf<P, M>;
  readonly params?: ParamsOf<P, M>;
  readonly signal?: AbortSignal;
}

/** A problem the node answered, or a failure to reach it (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly requestId: string | undefined,
    /** The problem's `errors`: what is wrong where (body.ranges[1], csv:3), when the node names it. */
    readonly errors: readonly { readonly location?: string; readonly message: string }[] = [],
  ) {
    super(detail);
  }
}

/** The message, in the user's language, for a problem the node answered (`codes`: a page's own codes and their messages). */
export function problemMessage(e: unknown, codes: Readonly<Record<string, MessageKey>> = {}): { key: MessageKey; values: Record<string, string> } {
  if (!(e instanceof ApiError)) return { key: 'error.network', values: {} };
  const known: Readonly<Record<string, MessageKey>> = {
    'auth.failed': 'error.signInFailed', 'auth.totp-required': 'error.totpRequired', 'auth.throttled': 'error.throttled',
    'auth.required': 'error.sessionEnded', 'auth.forbidden': 'error.forbidden', 'http.not-found': 'error.notFound',
  };
  const key = codes[e.code] ?? known[e.code] ?? (e.status === 0 ? 'error.network' : e.status === 429 ? 'error.throttled' : 'error.server');
  return { key, values: { detail: e.detail } };
}

let csrfToken: string | undefined;
/** Remembers the session's CSRF token (from signing in, or from GET /api/v1/session). */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Called when the node says the session is gone (401): the app shows the sign-in page. */
let onSignedOut: () => void = () => undefined;
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

function url(path: string, params: unknown, query: unknown): string {
  const scalar = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);
  let u = path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(scalar((params as Record<string, unknown> | undefined)?.[name]) ?? ''));
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    const s = scalar(v);
    if (s !== undefined) q.set(k, s);
  }
  const s = q.toString();
  if (s !== '') u += `?${s}`;
  return u;
}

async function request(method: string, path: string, body: unknown, options: { readonly params?: unknown; readonly query?: unknown; readonly signal?: AbortSignal } = {}): Promise<unknown> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== undefined) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(url(path, options.params, options.query), {
      method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e), undefined);
  }
  if (res.status === 204) return undefined;
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const p = (json ?? {}) as { code?: unknown; detail?: unknown; request_id?: unknown; errors?: unknown };
    const errors = Array.isArray(p.errors) ? (p.errors as unknown[]).flatMap((x) => {
      const item = x as { location?: unknown; message?: unknown } | null;
      return typeof item?.message === 'string' ? [{ message: item.message, ...(typeof item.location === 'string' ? { location: item.location } : {}) }] : [];
    }) : [];
    const error = new ApiError(res.status, typeof p.code === 'string' ? p.code : `http.${res.status}`,
      typeof p.detail === 'string' ? p.detail : res.statusText, typeof p.request_id === 'string' ? p.request_id : undefined, errors);
    if (res.status === 401 && path !== '/api/v1/session') onSignedOut();
    throw error;
  }
  return json;
}

export const api = {
  get<P extends PathsWith<'get'>>(path: P, options: Options<P, 'get'> = {}): Promise<Answer<P, 'get'>> {
    return request('GET', path, undefined, options) as Promise<Answer<P, 'get'>>;
  },
  post<P extends PathsWith<'post'>>(path: P, body?: BodyOf<P, 'post'>, options: Options<P, 'post'> = {}): Promise<Answer<P, 'post'>> {
    return request('POST', path, body, options) as Promise<Answer<P, 'post'>>;
  },
  patch<P extends PathsWith<'patch'>>(path: P, body: BodyOf<P, 'patch'>, options: Options<P, 'patch'> = {}): Promise<Answer<P, 'patch'>> {
    return request('PATCH', path, body, options) as Promise<Answer<P, 'patch'>>;
  },
  delete<P extends PathsWith<'delete'>>(path: P, options: Options<P, 'delete'> = {}): Promise<Answer<P, 'delete'>> {
    return request('DELETE', path, undefined, options) as Promise<Answer<P, 'delete'>>;
  },
};

/**
 * Sends a file as the body of a POST and reads an answer of JSON lines as it streams (XHR: the
 * only browser API that reports upload progress). `onLine` gets each line parsed; a problem
 * answer (4xx/5xx) rejects with ApiError.
 */
export function uploadLines(path: '/api/v1/imports', file: Blob, options: {
  readonly query?: Readonly<Record<string, string>>;
  readonly contentType: string;
  readonly onUpload?: (sent: number, total: number) => void;
  readonly onLine: (line: unknown) => void;
}): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url(path, undefined, options.query));
    xhr.setRequestHeader('Content-Type', options.contentType);
    xhr.setRequestHeader('Accept', 'application/x-ndjson, application/problem+json');
    if (csrfToken !== undefined) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    let seen = 0;
    const drain = (final: boolean): void => {
      const text = xhr.responseText;
      let end: number;
      while ((end = text.indexOf('\n', seen)) >= 0 || (final && seen < text.length)) {
        const piece = text.slice(seen, end >= 0 ? end : text.length);
        seen = end >= 0 ? end + 1 : text.length;
        if (piece.trim() === '') continue;
        try {
          options.onLine(JSON.parse(piece));
        } catch {
          // A line that is not JSON is not the node's: ignored.
        }
      }
    };
    xhr.upload.onprogress = (e) => options.onUpload?.(e.loaded, e.total);
    xhr.onprogress = () => {
      if (xhr.status === 200) drain(false);
    };
    xhr.onload = () => {
      if (xhr.status === 200) {
        drain(true);
        resolve();
        return;
      }
      let p: { code?: unknown; detail?: unknown; request_id?: unknown } = {};
      try {
        p = JSON.parse(xhr.responseText) as typeof p;
      } catch {
        // Not a problem document: the status says enough.
      }
      if (xhr.status === 401) onSignedOut();
      reject(new ApiError(xhr.status, typeof p.code === 'string' ? p.code : `http.${xhr.status}`, typeof p.detail === 'string' ? p.detail : xhr.statusText,
        typeof p.request_id === 'string' ? p.request_id : undefined));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'the upload could not reach the node', undefined));
    xhr.send(file);
  });
}
