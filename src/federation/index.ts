// The public surface of the federation area. Other areas import only this file.
export {
  ACCORD_SIGNATURE_LABEL, ACCORD_SIGNATURE_TAG, accordKeyId, contentDigest, DEFAULT_MAX_SKEW_SECONDS, DEFAULT_SIGNATURE_LIFETIME_SECONDS,
  MAX_SIGNATURE_LIFETIME_SECONDS, parseAccordKeyId, ReplayCache, REQUIRED_COMPONENTS, signRequest, verifyContentDigest, verifyRequest,
  type HeaderBag, type HttpRequestMessage, type SignatureHeaders, type SignRequestOptions, type VerifiedSigner, type VerifyRequestOptions,
} from './http-signatures.js';
export { authenticatePeer, peerRequestUrl, peerSigner, type PeerDirectory, type PeerPrincipal, type PeerRequest } from './peer-auth.js';
export { acceptFromPeer, audienceIncludes, equivocationWords, type AcceptContext, type AcceptedItem, type AcceptReport, type Equivocation } from './accept.js';
export type { SyncEvent, SyncEventSink } from './events.js';
export { PeerPusher, PUSH_PAGE_BYTES, PUSH_PAGE_SIZE, type PushReport } from './push.js';
export { formatPushRange, parsePushRange, peerPushHandler, PUSH_RANGE_FIELD, type PushReceiverContext } from './push-receiver.js';
export { PEER_COLLECTION, PeerPuller, type PeerTarget, type PullReport, type SyncContext } from './sync.js';
export { backoffDelay, peersOf, SyncService, type SyncLogger, type SyncServiceOptions } from './sync.service.js';
export {
  MAX_QUARANTINE_ENTRIES, readCheckpoint, readPeerStatuses, readPushState, readQuarantine, resetCheckpoint,
  type PeerSyncStatus, type PushState, type QuarantineEntry, type SyncCheckpoint,
} from './sync-state.js';
