// POST /api/v1/detect/events: a sensor (or a log shipper) posts its events as NDJSON and they are
// matched against the node's live indicator index at once (issue 8, item 2; docs/detection.md).
// Analysts' tokens may call it (detect:run): what it answers names the indicators the traffic
// touched, which is intelligence. The body is streamed line by line, never held whole; its own
// byte limit (detectIngestLimit) replaces the node's JSON body limit. Bad lines are counted and
// sampled; the request fails only for a wrong media type, format or an oversize body. Each call is
// audited (who, how many events and matches). Thin: splitting, reading and matching live in detect/.
import type { IncomingMessage } from 'node:http';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../audit/index.js';
import { detectLines, INGEST_FORMATS, ingestReader, streamLines, type IngestFormat, type LiveDetector, type ObservationHistory } from '../detect/index.js';
import { actorOf } from '../identity/index.js';
import { AccordError } from '../stix/index.js';
import { OPENAPI } from './openapi.js';
import { ProblemSchema } from './problem.schema.js';

/** The live index the endpoint matches against, and the largest body it reads. */
export interface DetectionIngest {
  readonly live: LiveDetector;
  /** Bytes; a longer body is refused with 413 (what came before the limit was matched). */
  readonly maxBytes: number;
  /** The retro-hunt history the events' values go to, when the node keeps one. */
  readonly history?: ObservationHistory;
}

export const NDJSON_MEDIA_TYPE = 'application/x-ndjson';

const Query = Type.Object({
  format: Type.Optional(Type.String({ maxLength: 40, description: `the log format of each line: ${INGEST_FORMATS.join(', ')} (default eve, Suricata eve.json)` })),
}, { additionalProperties: false });
type Query = Static<typeof Query>;

const Summary = Type.Object({
  events: Type.Integer({ description: 'lines read as events' }),
  matches: Type.Integer({ description: 'indicator matches, one per event and indicator' }),
  skipped: Type.Integer({ description: 'lines that gave no event (not JSON, too long, …)' }),
  skips: Type.Array(Type.Object({ line: Type.Integer(), reason: Type.String() }), { description: 'the first skipped lines' }),
  detections: Type.Array(Type.Object({
    indicator: Type.String(), indicator_name: Type.Optional(Type.String()), line: Type.Optional(Type.Integer()), event_type: Type.String(), time: Type.Optional(Type.String()),
    path: Type.Optional(Type.String()), value: Type.Optional(Type.Union([Type.String(), Type.Number()])), by: Type.String({ description: 'index: the index decided; pattern: the whole pattern was evaluated on the event' }),
    lines: Type.Optional(Type.Array(Type.Integer(), { description: 'for a pattern over several observations: the lines of all its events (this request\'s; 0 for an event of an earlier request)' })),
  }), { description: 'the first matches' }),
});

export function detectRoutes(app: FastifyInstance, ingest: DetectionIngest | undefined, audit: AuditLog): void {
  void app.register((scope, _opts, done) => {
    // The body stays a stream: the handler reads it line by line under its own limit.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, payload, parsed) => parsed(null, payload));
    scope.post<{ Querystring: Query }>('/api/v1/detect/events', {
      schema: { querystring: Query, response: { 200: Summary, 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 413: ProblemSchema, 415: ProblemSchema, 503: ProblemSchema } },
      config: {
        access: 'detect:run', rateLimit: { perMinute: 600, burst: 60 },
        [OPENAPI]: { summary: `Match log events (${NDJSON_MEDIA_TYPE}, one event per line) against the active indicators; matches are answered and kept (audited)`, tags: ['detection'] },
      },
      // After authentication (the app's hooks run first), before any body is read.
      onRequest: (req, _reply, next) => {
        const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
        const length = Number(req.headers['content-length']);
        if (type !== NDJSON_MEDIA_TYPE) {
          next(new AccordError('unsupported-media-type', 'detect.media-type', `send the events as ${NDJSON_MEDIA_TYPE} (one JSON event per line), not ${type === '' ? 'a body without Content-Type' : type}`));
        } else if (ingest !== undefined && Number.isFinite(length) && length > ingest.maxBytes) {
          next(new AccordError('too-large', 'detect.body-too-large', `the body (${length} bytes) is larger than ${ingest.maxBytes} bytes (the node's detectIngestLimit); send it in parts`));
        } else next();
      },
    }, async (req) => {
      const format = req.query.format ?? 'eve';
      if (!(INGEST_FORMATS as readonly string[]).includes(format)) {
        throw new AccordError('invalid', 'detect.unknown-format', `format ${JSON.stringify(format)} is not one this endpoint reads: ${INGEST_FORMATS.join(', ')}`);
      }
      if (ingest === undefined) throw new AccordError('unavailable', 'detect.not-running', 'detection does not run in this process');
      // A process just started answers once its index holds every active indicator.
      await ingest.live.loaded();
      const body = req.body as IncomingMessage;
      const summary = await detectLines(streamLines(body, ingest.maxBytes), ingestReader(format as IngestFormat), ingest.live, { source: 'ingest', ...(ingest.history !== undefined ? { history: ingest.history } : {}) });
      await audit.record({
        actor: actorOf(req.principal), action: 'detect.ingested',
        details: { format, events: summary.events, matches: summary.matches, skipped: summary.skipped, indicators: [...new Set(summary.detections.map((d) => d.indicator))].slice(0, 20) },
      });
      return summary;
    });
    done();
  });
}
