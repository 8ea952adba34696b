// The one place where failures become HTTP answers. Every route throws; this maps:
//   - AccordError → its kind's status, with its stable code;
//   - Fastify's own errors (schema validation, body parsing, size limits) → 400/413/415;
//   - anything else → a generic 500 that leaks nothing, logged with the request id.
// Bodies are RFC 9457 problem details (application/problem+json) with Accord's `code`
// and the `request_id` an operator can find in the logs — except under /taxii2/, where TAXII 2.1
// requires its own error message resource with the TAXII media type (§3.6.1): same status, code
// and text, another shape.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isAccordError, type ErrorKind } from '../stix/index.js';
import { isTaxiiPath, TAXII_MEDIA_TYPE, taxiiErrorResource } from '../taxii/index.js';

const STATUS: Readonly<Record<ErrorKind, number>> = {
  invalid: 400, unauthenticated: 401, forbidden: 403, 'not-found': 404, conflict: 409,
  'too-large': 413, 'rate-limited': 429, unavailable: 503, internal: 500,
  'not-acceptable': 406, 'unsupported-media-type': 415, unprocessable: 422,
};
const TITLE: Readonly<Record<number, string>> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable',
  409: 'Conflict', 413: 'Content Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content', 429: 'Too Many Requests',
  500: 'Internal Server Error', 503: 'Service Unavailable',
};

/** One problem found in a request, for `errors` in the problem body. */
export interface ProblemItem {
  readonly location?: string;
  readonly message: string;
}

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly request_id: string;
  readonly errors?: readonly ProblemItem[];
}

/** Builds a problem body. */
export function problem(status: number, code: string, detail: string, requestId: string, errors?: readonly ProblemItem[]): Problem {
  return {
    type: `urn:accord:error:${code}`, title: TITLE[status] ?? 'Error', status, detail, code, request_id: requestId,
    ...(errors !== undefined && errors.length > 0 ? { errors } : {}),
  };
}

function sendProblem(request: FastifyRequest, reply: FastifyReply, p: Problem): FastifyReply {
  if (isTaxiiPath(request.url)) {
    const body = taxiiErrorResource({
      status: p.status, title: p.title, description: p.detail, code: p.code, requestId: p.request_id, ...(p.errors !== undefined ? { errors: p.errors } : {}),
    });
    return reply.status(p.status).header('content-type', TAXII_MEDIA_TYPE).send(JSON.stringify(body));
  }
  return reply.status(p.status).type('application/problem+json; charset=utf-8').send(p);
}

function fromFastify(e: FastifyError, id: string): Problem | undefined {
  if (e.validation !== undefined) {
    const where = e.validationContext ?? 'request';
    const errors = e.validation.map((v) => {
      const location = `${where}${v.instancePath !== '' ? v.instancePath.replace(/\//g, '.') : ''}`;
      const extra = (v.params as { additionalProperty?: unknown }).additionalProperty;
      if (v.keyword === 'additionalProperties' && typeof extra === 'string') {
        return { location: `${location}.${extra}`, message: `"${extra}" is not a known parameter here` };
      }
      return { location, message: v.message ?? 'is invalid' };
    });
    return problem(400, 'http.invalid-request', `the ${where} is invalid: ${errors.map((x) => `${x.location} ${x.message}`).join('; ')}`, id, errors);
  }
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(413, 'http.body-too-large', 'the request body is larger than this node accepts', id);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(415, 'http.unsupported-media-type', e.message, id);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problem(400, 'http.bad-body', e.message, id);
    default:
      if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500) {
        return problem(e.statusCode, 'http.bad-request', e.message, id);
      }
      return undefined;
  }
}

/** The `errors` a domain error carries for the problem body (each with a message, and where when known). */
function problemItems(v: unknown): ProblemItem[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.flatMap((x: unknown) => {
    const item = x as { location?: unknown; message?: unknown } | null;
    if (typeof item?.message !== 'string') return [];
    return [{ ...(typeof item.location === 'string' ? { location: item.location } : {}), message: item.message }];
  });
}

/** Installs the error and not-found handlers on the app. */
export function installErrorHandling(app: FastifyInstance): void {
  // Fastify rewrites a JSON-like Content-Type of a string body (`; version="2.1"; charset=utf-8`);
  // TAXII clients compare the header's tokens with what they asked for, so it goes out exactly as
  // the specification writes it.
  app.addHook('onSend', (_req, reply, payload, done) => {
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('application/taxii+json')) void reply.header('content-type', TAXII_MEDIA_TYPE);
    done(null, payload);
  });
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (isAccordError(error)) {
      const status = STATUS[error.kind];
      if (status >= 500) request.log.error({ err: error }, 'request failed');
      const retryAfter = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      if (typeof retryAfter === 'number') void reply.header('Retry-After', String(Math.max(1, Math.ceil(retryAfter))));
      if (status === 401) void reply.header('WWW-Authenticate', 'Bearer realm="accord", Basic realm="accord", charset="UTF-8"');
      return sendProblem(request, reply, problem(status, error.code, error.message, request.id, problemItems(error.details?.errors)));
    }
    const known = fromFastify(error, request.id);
    if (known !== undefined) return sendProblem(request, reply, known);
    request.log.error({ err: error }, 'unexpected error');
    return sendProblem(request, reply, problem(500, 'internal', `an internal error occurred; quote request id ${request.id} to the node's operator`, request.id));
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, problem(404, 'http.not-found', `no route for ${request.method} ${request.url.split('?')[0]}`, request.id)));
}
