// POST /api/v1/imports: STIX 2.1 objects uploaded from the web app (or any client) — a bundle, a
// JSON array of objects, or JSON lines — streamed into the store's import pipeline exactly as
// `accord import` does (each object validated on its own; a 2 GB upload never sits in memory),
// one audit entry per committed batch. The answer streams too, as JSON lines, so that the page
// can show progress while the node works: {"progress": …} after each batch, {"result": …} for
// each object rejected or stored with warnings (the first 1,000), and last {"summary": …}.
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../audit/index.js';
import { actorOf } from '../identity/index.js';
import { AccordError } from '../stix/index.js';
import { formatMicros, ingest, type IngestResult, type Store } from '../store/index.js';
import { OPENAPI } from './openapi.js';
import { ProblemSchema } from './problem.schema.js';

/** What an upload may be sent as. */
export const IMPORT_MEDIA_TYPES = ['application/json', 'application/stix+json', 'application/x-ndjson', 'application/jsonl'] as const;
/** Results listed one by one; beyond them only counted. */
export const LISTED_RESULTS = 1000;

export interface ImportLimits {
  /** Objects per stored batch. */
  readonly batchSize: number;
  /** The largest single object accepted. */
  readonly maxObjectBytes: number;
  /** The largest upload accepted. */
  readonly maxBytes: number;
}

const Query = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'the uploaded file\'s name, for the audit log' })),
}, { additionalProperties: false });
type Query = Static<typeof Query>;

export function importRoutes(app: FastifyInstance, store: Store, audit: AuditLog, limits: ImportLimits): void {
  void app.register((scope, _opts, done) => {
    // The body stays a stream: the import pipeline reads it under its own limits.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, payload, parsed) => parsed(null, payload));
    scope.post<{ Querystring: Query }>('/api/v1/imports', {
      schema: { querystring: Query, response: { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 413: ProblemSchema, 415: ProblemSchema } },
      config: {
        access: 'objects:write', rateLimit: { perMinute: 30, burst: 10 },
        [OPENAPI]: {
          summary: 'Import STIX 2.1 objects (a bundle, a JSON array or JSON lines); answers JSON lines: progress, per-object results, summary', tags: ['objects'],
          description: `Send the file as ${IMPORT_MEDIA_TYPES.join(', ')}. The answer (200, application/x-ndjson) is a stream of lines: {"progress":{"bytes","items"}} after each stored batch, {"result":{"index","id","status","code","message","line","column"}} for each object rejected or stored with warnings (the first ${LISTED_RESULTS}), and last {"summary":{"items","new","new_version","unchanged","rejected","warned","fatal"}}. Every stored batch is in the audit log.`,
        },
      },
      // After authentication (the app's hooks run first), before any body is read.
      onRequest: (req, _reply, next) => {
        const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
        const length = Number(req.headers['content-length']);
        if (!(IMPORT_MEDIA_TYPES as readonly string[]).includes(type)) {
          next(new AccordError('unsupported-media-type', 'import.media-type', `send STIX 2.1 as ${IMPORT_MEDIA_TYPES.join(', ')}, not ${type === '' ? 'a body without Content-Type' : type} (MISP and plain feeds: use \`accord import\`)`));
        } else if (Number.isFinite(length) && length > limits.maxBytes) {
          next(new AccordError('too-large', 'import.too-large', `the upload (${length} bytes) is larger than ${limits.maxBytes} bytes (the node's httpBodyLimit); use \`accord import\` for larger files`));
        } else next();
      },
    }, async (req, reply) => {
      const actor = actorOf(req.principal);
      const name = req.query.name ?? 'upload';
      const body = req.body as IncomingMessage;
      const out = new PassThrough();
      const line = (value: unknown): void => void out.write(`${JSON.stringify(value)}\n`);
      let listed = 0;
      let read = 0;
      const limited = (async function* (): AsyncGenerator<Uint8Array> {
        for await (const chunk of body as AsyncIterable<Uint8Array>) {
          read += chunk.byteLength;
          if (read > limits.maxBytes) throw new AccordError('too-large', 'import.too-large', `the upload is larger than ${limits.maxBytes} bytes (the node's httpBodyLimit)`);
          yield chunk;
        }
      })();
      void reply.type('application/x-ndjson; charset=utf-8').send(out);
      try {
        const summary = await ingest(store, limited, {
          batchSize: limits.batchSize,
          maxObjectBytes: limits.maxObjectBytes,
          onResult: (r: IngestResult) => {
            if (listed++ >= LISTED_RESULTS) return;
            line({ result: { index: r.index, id: r.id ?? null, status: r.status, code: r.code ?? null, message: r.message ?? null, line: r.line ?? null, column: r.column ?? null } });
          },
          onProgress: (p) => line({ progress: { bytes: p.bytes, items: p.items } }),
          onBatch: async (b) => {
            await audit.record({
              actor, action: 'object.imported', target: `upload:${name}`,
              details: { new: b.new, newVersions: b.newVersion, revoked: b.revoked, dateAddedFirst: formatMicros(b.firstAdded), dateAddedLast: formatMicros(b.lastAdded) },
            });
          },
        });
        line({
          summary: {
            items: summary.items, new: summary.new, new_version: summary.newVersion, unchanged: summary.unchanged, rejected: summary.rejected,
            warned: summary.warned, fatal: summary.fatal ?? null,
          },
        });
      } catch (e) {
        // The answer has begun: the failure is its last line, in the problem's words.
        const known = e instanceof AccordError ? e : undefined;
        req.log.error({ err: e }, 'import failed');
        line({ error: { code: known?.code ?? 'internal', message: known?.message ?? `the import stopped on an internal error (request ${req.id}); what was stored before it stays` } });
      } finally {
        out.end();
      }
      return reply;
    });
    done();
  });
}
