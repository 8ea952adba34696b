// Domain-separated Ed25519 signatures. One node key signs many kinds of statement (audit
// checkpoints, share records, retractions, receipts…); a signature made for one kind must never
// be accepted as another, even when the two messages happen to be the same bytes. So every
// signature covers `context || 0x00 || message`, where context is a fixed ASCII label naming
// the kind of statement and its version (`accord-audit-checkpoint-v1`). The label cannot contain
// 0x00, so the split between label and message is unambiguous. (The same idea as the context
// string of Ed25519ctx, RFC 8032 §5.1, which Node's crypto does not offer, and of the signature
// contexts of TLS 1.3, RFC 8446 §4.4.3.) Signatures are written base64url, 64 bytes raw.
import { sign, verify, type KeyObject } from 'node:crypto';
import { AccordError } from '../stix/index.js';
import { publicKeyFromRaw, type NodeKey } from './keys.js';

/** Every context Accord signs under, in one place so that no two uses share a label. */
export const SIGNING_CONTEXT = {
  /** A checkpoint of the audit log's chain head (issue 3). */
  auditCheckpoint: 'accord-audit-checkpoint-v1',
  /** A share record (issue 5). */
  share: 'accord-share-v1',
  /** The Merkle root of a batch of share records, with the batch size (issue 5, docs/decisions/0015). */
  shareBatch: 'accord-share-batch-v1',
  /** A member's endorsement of a membership decision: its hash and the time of signing (issue 6, docs/decisions/0021). */
  membershipEndorsement: 'accord-membership-endorsement-v1',
  /** A member's update of its own directory entry (contact points; issue 6). */
  memberUpdate: 'accord-member-update-v1',
  /** A sharer's retraction of its own share (narrow, end) or of an object version's content (purge) (issue 6, docs/decisions/0022). */
  retraction: 'accord-retraction-v1',
  /** A holder's receipt: it applied a retraction (issue 6). */
  retractionReceipt: 'accord-retraction-receipt-v1',
} as const;

const CONTEXT_RE = /^[\x21-\x7e]{1,255}$/;
const SIGNATURE_RE = /^[A-Za-z0-9_-]{86}$/;

function signedBytes(context: string, message: Uint8Array | string): Buffer {
  if (!CONTEXT_RE.test(context)) {
    throw new AccordError('invalid', 'trust.bad-context', `a signing context is 1 to 255 visible ASCII characters (no spaces), got ${JSON.stringify(context)}`);
  }
  const body = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
  return Buffer.concat([Buffer.from(context, 'ascii'), Buffer.of(0), body]);
}

function ed25519(key: KeyObject, type: 'private' | 'public'): KeyObject {
  if (key.type !== type || key.asymmetricKeyType !== 'ed25519') {
    throw new AccordError('invalid', 'trust.wrong-key-type', `expected an Ed25519 ${type} key, got ${key.asymmetricKeyType ?? key.type} ${key.type}`);
  }
  return key;
}

/** Signs `context || 0x00 || message` with an Ed25519 private key; returns the base64url signature. */
export function signWithContext(key: NodeKey | KeyObject, context: string, message: Uint8Array | string): string {
  const privateKey = ed25519('privateKey' in key ? key.privateKey : key, 'private');
  return sign(null, signedBytes(context, message), privateKey).toString('base64url');
}

/**
 * True when `signature` is a valid Ed25519 signature of `context || 0x00 || message` by
 * `publicKey` (a key object or the raw 32 bytes). A malformed signature is simply false; a bad
 * context or a key of another type throws, as they are the caller's mistakes.
 */
export function verifyWithContext(publicKey: KeyObject | Uint8Array, context: string, message: Uint8Array | string, signature: string): boolean {
  const key = ed25519(publicKey instanceof Uint8Array ? publicKeyFromRaw('Ed25519', publicKey) : publicKey, 'public');
  const data = signedBytes(context, message);
  if (!SIGNATURE_RE.test(signature)) return false;
  const raw = Buffer.from(signature, 'base64url');
  // One spelling per signature: the last character's two spare bits must be zero.
  if (raw.toString('base64url') !== signature) return false;
  return verify(null, data, key, raw);
}
