// Authenticating a request from a peer node: the member it comes from, proven by its member key
// (HTTP Message Signatures, RFC 9421, under Accord's profile — see http-signatures.ts and
// docs/decisions/0016-peer-authentication.md). Independent of Fastify: the server's auth hook
// hands over the method, the URL rebuilt from this node's configured public origin, the header
// fields and the body bytes exactly as received, and gets back a principal or an AccordError.
import { AccordError } from '../stix/index.js';
import type { RequestSigner } from '../taxii/index.js';
import type { NodeKey, StaticMembership } from '../trust/index.js';
import { accordKeyId, DEFAULT_MAX_SKEW_SECONDS, signRequest, verifyRequest, type HeaderBag, type ReplayCache } from './http-signatures.js';

/** A peer node acting for its member. */
export interface PeerPrincipal {
  readonly kind: 'peer';
  /** The member's STIX identity id. */
  readonly memberId: string;
  /** The fingerprint of the member key that signed the request. */
  readonly fingerprint: string;
}

/** A request as received, before anything parsed or decoded its body. */
export interface PeerRequest {
  readonly method: string;
  /** Absolute: `peerRequestUrl(publicOrigin, requestTarget)`, never the Host header's word. */
  readonly url: string;
  readonly headers: HeaderBag;
  /** The body bytes as received (undefined or empty when there is none). */
  readonly rawBody?: Uint8Array | string | undefined;
}

/** What authentication needs to know of the membership: members' keys and who is active. */
export type PeerDirectory = Pick<StaticMembership, 'keyOf' | 'isMember'>;

/**
 * The absolute URL of a received request: this node's public origin (as members list it) and the
 * request target (origin-form, `/path?query`). Joined as text, not resolved: a target such as
 * `//elsewhere/x` stays a path on this origin instead of naming another host.
 */
export function peerRequestUrl(publicOrigin: string, requestTarget: string): string {
  let origin: string;
  try {
    origin = new URL(publicOrigin).origin;
  } catch {
    throw new AccordError('invalid', 'peer.bad-target-uri', `the public origin must be an absolute URL, got ${JSON.stringify(publicOrigin)}`);
  }
  if (!requestTarget.startsWith('/')) {
    throw new AccordError('invalid', 'peer.bad-target-uri', `a request target in origin-form starts with "/", got ${JSON.stringify(requestTarget)}`);
  }
  return `${origin}${requestTarget}`;
}

/**
 * The peer that signed `req`, or an AccordError: `unauthenticated` (`peer.*`, see verifyRequest)
 * when the signature does not hold, `forbidden` (`peer.member-not-active`) when it does but the
 * member is suspended. The nonce goes into `replayCache` only once the request verified.
 */
export function authenticatePeer(
  req: PeerRequest, membership: PeerDirectory, replayCache: ReplayCache, now: Date, maxSkewSeconds = DEFAULT_MAX_SKEW_SECONDS, bodyPending = false,
): PeerPrincipal {
  const { memberId, fingerprint } = verifyRequest(
    { method: req.method, url: req.url, headers: req.headers, body: req.rawBody },
    {
      // A request is signed now: a key retired or compromised by now does not authenticate.
      keyOf: (id, fp) => membership.keyOf(id, fp, now.toISOString()),
      now,
      maxSkewSeconds,
      seenNonce: (nonce, keepUntil, at) => replayCache.seen(nonce, keepUntil, at),
      bodyPending,
    },
  );
  if (!membership.isMember(memberId)) {
    throw new AccordError('forbidden', 'peer.member-not-active', `the request is signed by ${memberId}, which is not an active member (suspended members' nodes are not served)`);
  }
  return { kind: 'peer', memberId, fingerprint };
}

/**
 * How this node signs its requests to peers: the TAXII client calls it on every attempt, over the
 * fields and body exactly as they go out, so each attempt carries a fresh nonce and lifetime.
 */
export function peerSigner(memberId: string, key: NodeKey): RequestSigner {
  const keyId = accordKeyId(memberId, key.fingerprint);
  return (req) => signRequest({ method: req.method, url: req.url, headers: req.headers, ...(req.body !== undefined ? { body: req.body } : {}) }, { key, keyId });
}
