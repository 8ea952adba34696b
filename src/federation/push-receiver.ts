// Receiving a push: what the TAXII server hands over when a peer node POSTs to this node's
// default collection (the server injects it as TaxiiDeps.peerAdd; the taxii area does not import
// federation). It is the pull's gate, acceptFromPeer, word for word: a pushed object is stored
// only when a verified share record names its content and the policy lets this member read it.
// What is held back goes into the pushing peer's quarantine, as for a pull, and each element's
// outcome into the TAXII status the pusher receives.
//
// A push carries its range in the pusher's visibility stamps for this member (Accord-Push-Range:
// "<after> <through>", two TAXII timestamps, covered by the request signature). Once the push is
// committed here, the pull checkpoint for that peer moves past the range when it stood inside it
// (coverPushedRange): a pull never fetches again what a push delivered, so with pushes working a
// pull with nothing new stays one request and the wire carries each object once.
import { BatchRootCache } from '../sharing/index.js';
import { AccordError, formatMicros, parseMicros, type Store } from '../store/index.js';
import type { PeerAddHandler, PeerAddOutcome } from '../taxii/index.js';
import type { StaticMembership } from '../trust/index.js';
import { acceptFromPeer, equivocationWords, type AcceptContext } from './accept.js';
import { emit, eventsOf, type SyncEventSink } from './events.js';
import { addToQuarantine, coverPushedRange } from './sync-state.js';

/** The field a pusher names its range with (see push.ts). */
export const PUSH_RANGE_FIELD = 'Accord-Push-Range';

/** "<after> <through>": the pusher's visibility stamps for this member that the envelope covers, as TAXII timestamps. */
export function formatPushRange(after: number, through: number): string {
  return `${formatMicros(after)} ${formatMicros(through)}`;
}

/** Reads an Accord-Push-Range value; an AccordError (400) names what is wrong with it. */
export function parsePushRange(value: string): { after: number; through: number } {
  const parts = value.trim().split(/\s+/);
  const [after, through] = parts.map((p) => parseMicros(p));
  if (parts.length !== 2 || after === undefined || through === undefined || !(after < through)) {
    throw new AccordError('invalid', 'sync.bad-push-range', `${PUSH_RANGE_FIELD} must be two timestamps, the first before the second ("<after> <through>"), got ${JSON.stringify(value.slice(0, 120))}`);
  }
  return { after, through };
}

export interface PushReceiverContext {
  readonly store: Store;
  readonly membership: StaticMembership;
  /** This node's member id. */
  readonly self: string;
  /** Verified batch roots, shared by the process (the sync loops' cache, when there is one). */
  readonly cache?: BatchRootCache;
  readonly now?: () => Date;
  /** Where pushes that stored or held back something, and equivocations, are reported (the audit log). */
  readonly events?: SyncEventSink;
}

/** The handler of peers' POSTs: acceptFromPeer, the pusher's quarantine, one outcome per element. */
export function peerPushHandler(ctx: PushReceiverContext): PeerAddHandler {
  const accept: AcceptContext = { store: ctx.store, membership: ctx.membership, self: ctx.self, cache: ctx.cache ?? new BatchRootCache(), ...(ctx.now !== undefined ? { now: ctx.now } : {}) };
  return async (memberId, texts, context) => {
    const range = context.pushRange !== undefined ? parsePushRange(context.pushRange) : undefined;
    const report = await acceptFromPeer(accept, texts, memberId);
    await addToQuarantine(ctx.store, memberId, report.held);
    await emit(ctx.events, eventsOf(report, 'push', memberId, texts.length, (e) => equivocationWords(e, ctx.membership)));
    // Committed: a pull need not fetch this range again — unless something was held back, which may
    // have been damaged on the way: then the next pull reads the range and judges it once more.
    const nodeUrl = range !== undefined && report.held.length === 0 ? ctx.membership.member(memberId)?.nodeUrl : undefined;
    if (range !== undefined && nodeUrl !== undefined) await coverPushedRange(ctx.store, memberId, nodeUrl, range);
    return report.items.map((item): PeerAddOutcome => item.ok
      // Unversioned objects (most SCOs) are versioned by their date_added, as in the manifest.
      ? { ok: true, id: item.id, version: item.version ?? formatMicros(item.added), ...(item.status === 'unchanged' ? { message: 'already held: unchanged' } : {}) }
      : { ok: false, id: item.held.objectId, version: item.held.version, message: `${item.held.code}: ${item.held.reason}` });
  };
}
