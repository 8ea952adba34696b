// The client's failures, as AccordErrors with stable codes, and which of them are worth a retry.
//
//   taxii.unreachable      the connection failed or broke (refused, reset, DNS, cut mid-body)  retried
//   taxii.timeout          no response headers, or no body bytes, within the per-request timeout retried
//   taxii.truncated        the body ended before its JSON did                                   retried
//   taxii.http-<status>    the server answered with an error status; `details` carries the
//                          TAXII error message (title, description, error_code, …)  429/502/503/504 retried
//   taxii.tls              the server's certificate was refused (a configuration problem)      never retried
//   taxii.protocol         the server's answer is not what TAXII 2.1 says it must be            never retried
//   taxii.version          the server does not speak TAXII 2.1                                  never retried
//   taxii.not-taxii        the URL answers, but not as a TAXII server (a web page, no API root) never retried
//   taxii.no-api-root, taxii.foreign-api-root   discovery names no usable API root             never retried
//   taxii.bad-url          the URL cannot be used (not https, credentials in it, …)            never retried
//   taxii.aborted          the caller cancelled                                                 never retried
import { AccordError, type ErrorKind } from '../../stix/index.js';

/** The TAXII error message resource (§3.6.1), as far as the server sent one. */
export interface TaxiiErrorMessage {
  readonly title?: string;
  readonly description?: string;
  readonly errorId?: string;
  readonly errorCode?: string;
  readonly httpStatus?: string;
  readonly externalDetails?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** HTTP statuses after which the same request may succeed later. */
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const RETRYABLE_CODES = new Set(['taxii.unreachable', 'taxii.timeout', 'taxii.truncated', ...[...RETRYABLE_STATUS].map((s) => `taxii.http-${s}`)]);

/** True when the failure is transient: the request may be sent again. */
export function isRetryable(e: unknown): e is AccordError {
  return e instanceof AccordError && RETRYABLE_CODES.has(e.code);
}

/** The Retry-After a rate-limited or unavailable answer carried, in seconds, if any. */
export function retryAfterOf(e: AccordError): number | undefined {
  const v = e.details?.retryAfterSeconds;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable',
  408: 'Request Timeout', 409: 'Conflict', 413: 'Content Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content',
  429: 'Too Many Requests', 500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function kindOfStatus(status: number): ErrorKind {
  switch (status) {
    case 401: return 'unauthenticated';
    case 403: return 'forbidden';
    case 404: case 410: return 'not-found';
    case 409: return 'conflict';
    case 413: return 'too-large';
    case 429: return 'rate-limited';
    default: return status >= 500 ? 'unavailable' : 'invalid';
  }
}

/**
 * The error for an HTTP error status: `taxii.http-<status>`, its message naming the request and,
 * when the server sent a TAXII error message, its title and description.
 */
export function httpError(what: string, status: number, message: TaxiiErrorMessage | undefined, retryAfterSeconds: number | undefined): AccordError {
  const title = message?.title;
  const description = message?.description;
  const said = title !== undefined ? `: ${title}${description !== undefined && description !== title ? ` — ${description}` : ''}` : '';
  const text = `${what} answered ${status} ${STATUS_TEXT[status] ?? ''}`.trimEnd() + said;
  return new AccordError(kindOfStatus(status), `taxii.http-${status}`, text, {
    status,
    ...(message !== undefined ? { taxiiError: message } : {}),
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  });
}

/** The server is out of reach or the exchange broke. */
export function unreachable(what: string, why: string, cause?: unknown): AccordError {
  return new AccordError('unavailable', 'taxii.unreachable', `${what} failed: ${why}`, undefined, { cause });
}

/** The server's answer breaks the protocol. */
export function protocolError(what: string, why: string): AccordError {
  return new AccordError('unavailable', 'taxii.protocol', `${what}: ${why}`);
}

/** The same failure, with how many attempts were made before giving up. */
export function gaveUp(e: AccordError, attempts: number): AccordError {
  if (attempts <= 1) return e;
  return new AccordError(e.kind, e.code, `${e.message} (gave up after ${attempts} attempts)`, { ...e.details, attempts }, { cause: e.cause });
}

/** Reads a TAXII error message (or an RFC 9457 problem) from an error response body, leniently. */
export function parseErrorMessage(body: string): TaxiiErrorMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const o = value as Record<string, unknown>;
  const str = (k: string): string | undefined => (typeof o[k] === 'string' ? o[k] : typeof o[k] === 'number' ? String(o[k]) : undefined);
  const title = str('title');
  const description = str('description') ?? str('detail');
  if (title === undefined && description === undefined) return undefined;
  const details = o.details !== null && typeof o.details === 'object' && !Array.isArray(o.details) ? (o.details as Record<string, unknown>) : undefined;
  const m: Record<string, unknown> = {
    title, description, errorId: str('error_id'), errorCode: str('error_code') ?? str('code'), httpStatus: str('http_status'),
    externalDetails: str('external_details'), details,
  };
  for (const k of Object.keys(m)) if (m[k] === undefined) delete m[k];
  return m;
}
