// /feeds/<name>: saved exports served to defenders' devices (docs/decisions/0025). A device polls
// with an API token (`Authorization: Bearer …`; nothing else is accepted here) and gets the
// export's content, capped at the stricter of the export's and the token's TLP ceilings, with a
// strong ETag (If-None-Match → 304, no body) and, with `?added_after=`, only what was added to the
// node since, plus `X-Accord-Date-Added-Last`: the value to pass next time. Every fetch is logged;
// every refused one (no or bad token, no permission, no such feed) is in the audit log.
import { createHash } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditLog } from '../audit/index.js';
import { actorOf } from '../identity/index.js';
import {
  feedCeiling, feedTimestamp, renderFeed, type FeedContext, type RenderedFeed, type SavedExport, type SavedExports,
} from '../interop/index.js';
import { AccordError, isAccordError, nowTimestamp } from '../stix/index.js';
import { parseMicros } from '../store/index.js';
import { OPENAPI } from './openapi.js';
import { ProblemSchema } from './problem.schema.js';

const TAGS = ['feeds'];
const Params = Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) });
const FileParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }), file: Type.String({ minLength: 1, maxLength: 128 }) });
const Query = Type.Object({
  added_after: Type.Optional(Type.String({ maxLength: 40, description: 'only indicators added to this node after this timestamp (the last answer\'s X-Accord-Date-Added-Last)' })),
}, { additionalProperties: false });
type Query = Static<typeof Query>;

/** Strong entity tag of a representation: its SHA-256 (RFC 9110 §8.8.3). */
function entityTag(body: string): string {
  return `"${createHash('sha256').update(body, 'utf8').digest('base64url')}"`;
}

/** If-None-Match (RFC 9110 §13.1.2) holds: `*`, or one of its tags equals ours by weak comparison. */
function notModified(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').map((t) => t.trim().replace(/^W\//, '')).some((t) => t === '*' || t === etag);
}

export function feedRoutes(app: FastifyInstance, exports: SavedExports, context: FeedContext | undefined, audit: AuditLog): void {
  const log = app.log.child({ cat: 'feeds' });
  const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 503: ProblemSchema };

  // A refused fetch — however it was refused, in the access hook or here — goes to the audit log.
  const onError = async (req: FastifyRequest, _reply: FastifyReply, error: Error): Promise<void> => {
    const code = isAccordError(error) ? error.code : 'feed.failed';
    const status = isAccordError(error) ? error.kind : 'internal';
    try {
      await audit.record({
        actor: actorOf(req.principal), action: 'feed.refused', target: `export:${(req.params as { name?: string }).name ?? '?'}`,
        details: { code, status, address: req.ip },
      });
    } catch (e) {
      log.error({ err: e }, 'could not record a refused feed fetch in the audit log');
    }
  };

  /** The feed for this request: the token's ceiling applied, and added_after if asked. */
  const render = async (req: FastifyRequest<{ Params: { name: string }; Querystring: Query }>): Promise<{ feed: RenderedFeed; saved: SavedExport }> => {
    const p = req.principal;
    if (p === null || p.via !== 'token') throw new AccordError('unauthenticated', 'feed.token-required', 'device feeds are fetched with an API token: Authorization: Bearer accord_…');
    const saved = await exports.get(req.params.name);
    if (context === undefined) throw new AccordError('unavailable', 'feed.unavailable', 'this node was started without what device feeds need (the member list and this member\'s id); `accord serve` provides them');
    let addedAfter: number | undefined;
    if (req.query.added_after !== undefined) {
      addedAfter = parseMicros(req.query.added_after);
      if (addedAfter === undefined) throw new AccordError('invalid', 'feed.bad-added-after', `added_after must be a timestamp such as 2026-11-27T09:00:00.000000Z, got "${req.query.added_after}"`);
    }
    const feed = await renderFeed(context, saved, {
      now: nowTimestamp(),
      ...(p.tlpCeiling !== undefined ? { tokenCeiling: feedCeiling(p.tlpCeiling, 'the token\'s ceiling') } : {}),
      ...(addedAfter !== undefined ? { addedAfter } : {}),
    });
    log.info({
      feed: saved.name, token: p.tokenId, format: saved.format, ceiling: feed.ceiling ?? null, written: feed.written, warninglisted: feed.warninglisted.length,
      incremental: addedAfter !== undefined,
    }, 'device feed fetched');
    return { feed, saved };
  };

  /** Sends a representation with its validators and the date_added headers, or 304 when the device has it already. */
  const send = (req: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply, feed: RenderedFeed, body: string, contentType: string): FastifyReply => {
    const etag = entityTag(body);
    // The content depends on the token (its ceiling): no shared cache may hand it to another device.
    void reply.header('ETag', etag).header('Cache-Control', 'private, no-cache').header('Vary', 'Authorization');
    if (feed.firstAdded !== undefined) void reply.header('X-Accord-Date-Added-First', feedTimestamp(feed.firstAdded));
    const next = feed.lastAdded ?? (req.query.added_after !== undefined ? parseMicros(req.query.added_after) : undefined);
    if (next !== undefined) void reply.header('X-Accord-Date-Added-Last', feedTimestamp(next));
    if (feed.ceiling !== undefined) void reply.header('X-Accord-Feed-Ceiling', `TLP:${feed.ceiling.toUpperCase()}`);
    const inm = req.headers['if-none-match'];
    if (notModified(Array.isArray(inm) ? inm.join(',') : inm, etag)) return reply.status(304).send();
    // A Buffer: Fastify would rewrite the media type of a string body (quoting the version, adding a charset).
    return reply.header('content-type', contentType).send(Buffer.from(body, 'utf8'));
  };

  /** What both feed routes declare: device tokens allowed (`feed`), refusals audited. */
  const declared = <P extends typeof Params | typeof FileParams>(params: P, summary: string) => ({
    schema: { params, querystring: Query, response: errors },
    onError,
    config: { access: 'objects:export' as const, feed: true, rateLimit: { perMinute: 120 }, [OPENAPI]: { summary, tags: TAGS } },
  });

  app.get<{ Params: Static<typeof Params>; Querystring: Query }>('/feeds/:name',
    declared(Params, 'A saved export for a device to load (Bearer token; ETag and If-None-Match; ?added_after= for what is new)'), async (req, reply) => {
    const { feed } = await render(req);
    return send(req, reply, feed, feed.text, feed.contentType);
  });

  app.get<{ Params: Static<typeof FileParams>; Querystring: Query }>('/feeds/:name/:file',
    declared(FileParams, 'One list file a suricata-datasets feed\'s rules load (same authentication, ETag and added_after)'), async (req, reply) => {
    const { feed, saved } = await render(req);
    const text = feed.files?.[req.params.file];
    if (text === undefined) {
      throw new AccordError('not-found', 'feed.no-such-file', `the feed ${saved.name} has no file "${req.params.file}"${feed.files !== undefined ? ` (it has ${Object.keys(feed.files).join(', ')})` : ' (only suricata-datasets feeds have files)'}`);
    }
    return send(req, reply, feed, text, 'text/plain; charset=utf-8');
  });
}
