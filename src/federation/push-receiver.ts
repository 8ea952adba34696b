// Receiving a push: what the TAXII server hands over when a peer node POSTs to this node's
// default collection (the server injects it as TaxiiDeps.peerAdd; the taxii area does not import
// federation). It is the pull's gate, acceptFromPeer, word for word: a pushed object is stored
// only when a verified share record names its content and the policy lets this member read it.
// What is held back goes into the pushing peer's quarantine, as for a pull, and each element's
// outcome into the TAXII status the pusher receives.
import { BatchRootCache } from '../sharing/index.js';
import { formatMicros, type Store } from '../store/index.js';
import type { PeerAddHandler, PeerAddOutcome } from '../taxii/index.js';
import type { StaticMembership } from '../trust/index.js';
import { acceptFromPeer, type AcceptContext } from './accept.js';
import { addToQuarantine } from './sync-state.js';

export interface PushReceiverContext {
  readonly store: Store;
  readonly membership: StaticMembership;
  /** This node's member id. */
  readonly self: string;
  /** Verified batch roots, shared by the process (the sync loops' cache, when there is one). */
  readonly cache?: BatchRootCache;
  readonly now?: () => Date;
}

/** The handler of peers' POSTs: acceptFromPeer, the pusher's quarantine, one outcome per element. */
export function peerPushHandler(ctx: PushReceiverContext): PeerAddHandler {
  const accept: AcceptContext = { store: ctx.store, membership: ctx.membership, self: ctx.self, cache: ctx.cache ?? new BatchRootCache(), ...(ctx.now !== undefined ? { now: ctx.now } : {}) };
  return async (memberId, texts) => {
    const report = await acceptFromPeer(accept, texts);
    await addToQuarantine(ctx.store, memberId, report.held);
    return report.items.map((item): PeerAddOutcome => item.ok
      // Unversioned objects (most SCOs) are versioned by their date_added, as in the manifest.
      ? { ok: true, id: item.id, version: item.version ?? formatMicros(item.added), ...(item.status === 'unchanged' ? { message: 'already held: unchanged' } : {}) }
      : { ok: false, id: item.held.objectId, version: item.held.version, message: `${item.held.code}: ${item.held.reason}` });
  };
}
