// /api/v1/peers: administrators see how sync with each peer node stands (last success, last
// error, totals, what was held back, and how pushing to it stands). The status is read from the store, so pulls made by
// `accord peers sync` in another process show too. Read-only: peers come from the member list.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { PeerSyncStatus, QuarantineEntry } from '../federation/index.js';
import { OPENAPI } from './openapi.js';

/** What the route needs: each peer's status and its most recent quarantine entries. */
export interface PeerStatusSource {
  statuses(): Promise<readonly PeerSyncStatus[]>;
  quarantine(memberId: string): Promise<readonly QuarantineEntry[]>;
}

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Held = Type.Object({
  at: Type.String(), object_id: Nullable(Type.String()), version: Nullable(Type.String()), hash: Nullable(Type.String()), code: Type.String(), reason: Type.String(),
});
const Peer = Type.Object({
  member_id: Type.String(), name: Type.String(), node_url: Type.String(),
  last_attempt: Nullable(Type.String()), last_success: Nullable(Type.String()),
  last_error: Type.Union([Type.Object({ code: Type.String(), message: Type.String(), at: Type.String() }), Type.Null()]),
  failures: Type.Integer(), objects_received: Type.Integer(), records_received: Type.Integer(), accepted: Type.Integer(), quarantined: Type.Integer(),
  checkpoint: Nullable(Type.String()), caught_up: Type.Boolean(), lag_seconds: Type.Union([Type.Integer(), Type.Null()]),
  last_push: Nullable(Type.String({ description: 'the last push the peer accepted (202)' })),
  push_error: Type.Union([Type.Object({ code: Type.String(), message: Type.String(), at: Type.String() }), Type.Null()]),
  push_failures: Type.Integer({ description: 'failed pushes since the last accepted one' }),
  pushed: Type.Integer({ description: 'objects and share records pushed to the peer in all' }),
  recent_quarantine: Type.Array(Held, { description: 'the latest entries held back (at most 20); `accord peers quarantine` lists all' }),
});

/** Entries of the quarantine shown per peer. */
const RECENT = 20;

export function peerRoutes(app: FastifyInstance, source: PeerStatusSource | undefined): void {
  app.get('/api/v1/peers', {
    schema: { response: { 200: Type.Object({ peers: Type.Array(Peer) }) } },
    config: { access: 'peers:manage', rateLimit: { perMinute: 120 }, [OPENAPI]: { summary: 'Sync status of each peer node', tags: ['peers'] } },
  }, async () => {
    if (source === undefined) return { peers: [] };
    const out = [];
    for (const s of await source.statuses()) {
      const held = (await source.quarantine(s.memberId)).slice(-RECENT);
      out.push({
        member_id: s.memberId, name: s.name, node_url: s.nodeUrl, last_attempt: s.lastAttempt, last_success: s.lastSuccess, last_error: s.lastError,
        failures: s.failures, objects_received: s.objectsReceived, records_received: s.recordsReceived, accepted: s.accepted, quarantined: s.quarantined,
        checkpoint: s.checkpoint, caught_up: s.caughtUp, lag_seconds: s.lagSeconds,
        last_push: s.lastPush, push_error: s.pushError, push_failures: s.pushFailures, pushed: s.pushed,
        recent_quarantine: held.map((q) => ({ at: q.at, object_id: q.objectId, version: q.version, hash: q.hash, code: q.code, reason: q.reason })),
      });
    }
    return { peers: out };
  });
}
