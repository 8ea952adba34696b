// The node's key pairs as values: which purposes a node has keys for, how a key is named
// (its fingerprint) and how its public half is written. Where the keys are kept is custody.ts;
// how they are encrypted at rest is keystore.ts; how they sign is signing.ts.
//
// A key is named by its fingerprint: lowercase hex SHA-256 of the raw 32-byte public key
// (RFC 8032 §5.1.5 encoding for Ed25519, RFC 7748 §5 u-coordinate for X25519).
import { createHash, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { AccordError } from '../stix/index.js';

/** What a node key is for; each purpose has exactly one algorithm. */
export type KeyPurpose = 'signing' | 'encryption';
export type KeyAlgorithm = 'Ed25519' | 'X25519';

/** The algorithm of each purpose: Ed25519 signs; X25519 (added by the membership work) agrees keys. */
export const KEY_ALGORITHM: Readonly<Record<KeyPurpose, KeyAlgorithm>> = { signing: 'Ed25519', encryption: 'X25519' };
export const KEY_PURPOSES: readonly KeyPurpose[] = ['signing', 'encryption'];

export interface NodeKey {
  readonly purpose: KeyPurpose;
  readonly alg: KeyAlgorithm;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly fingerprint: string;
}

/** The node's keys: at most one per purpose, always a signing key. */
export interface NodeKeys {
  readonly signing: NodeKey;
  /** Every key, signing first, in the order they are stored. */
  readonly all: readonly NodeKey[];
}

/** The public half of a key, as `accord keys show` prints it and peers will record it. */
export interface PublicKeyInfo {
  readonly purpose: KeyPurpose;
  readonly alg: KeyAlgorithm;
  readonly fingerprint: string;
  /** The raw 32-byte public key, base64url. */
  readonly publicKey: string;
}

const NODE_TYPE: Readonly<Record<KeyAlgorithm, 'ed25519' | 'x25519'>> = { Ed25519: 'ed25519', X25519: 'x25519' };

/** The raw 32-byte public key of an Ed25519 or X25519 key. */
export function rawPublicKey(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || (jwk.crv !== 'Ed25519' && jwk.crv !== 'X25519') || typeof jwk.x !== 'string') {
    throw new AccordError('invalid', 'trust.not-okp', 'the key is not an Ed25519 or X25519 public key');
  }
  return Buffer.from(jwk.x, 'base64url');
}

/** The fingerprint that names a public key: hex SHA-256 of its raw bytes. */
export function keyFingerprint(publicKey: KeyObject): string {
  return createHash('sha256').update(rawPublicKey(publicKey)).digest('hex');
}

/** A public key object from its raw 32 bytes. */
export function publicKeyFromRaw(alg: KeyAlgorithm, raw: Uint8Array): KeyObject {
  if (raw.length !== 32) throw new AccordError('invalid', 'trust.bad-public-key', `an ${alg} public key has 32 bytes, not ${raw.length}`);
  return createPublicKey({ key: { kty: 'OKP', crv: alg, x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
}

/** Wraps a private key as a node key of `purpose`; throws when its algorithm is not the purpose's. */
export function nodeKeyFromPrivate(privateKey: KeyObject, purpose: KeyPurpose): NodeKey {
  const alg = KEY_ALGORITHM[purpose];
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== NODE_TYPE[alg]) {
    throw new AccordError('invalid', 'trust.wrong-key-type', `a ${purpose} key must be an ${alg} private key, got ${privateKey.asymmetricKeyType ?? privateKey.type}`);
  }
  const publicKey = createPublicKey(privateKey);
  return { purpose, alg, privateKey, publicKey, fingerprint: keyFingerprint(publicKey) };
}

/** Generates a new key for `purpose`. */
export function generateNodeKey(purpose: KeyPurpose): NodeKey {
  const { privateKey } = KEY_ALGORITHM[purpose] === 'Ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('x25519');
  return nodeKeyFromPrivate(privateKey, purpose);
}

/** Groups keys into a key set: one per purpose, a signing key required, signing first. */
export function nodeKeys(keys: readonly NodeKey[]): NodeKeys {
  const seen = new Set<KeyPurpose>();
  for (const k of keys) {
    if (seen.has(k.purpose)) throw new AccordError('invalid', 'trust.duplicate-purpose', `a node holds one ${k.purpose} key, not several`);
    seen.add(k.purpose);
  }
  const signing = keys.find((k) => k.purpose === 'signing');
  if (signing === undefined) throw new AccordError('invalid', 'trust.no-signing-key', 'a node key set must hold a signing key');
  const ordered = [...keys].sort((a, b) => KEY_PURPOSES.indexOf(a.purpose) - KEY_PURPOSES.indexOf(b.purpose));
  return { signing, all: ordered };
}

/** The public description of a key (never private material). */
export function publicKeyInfo(key: NodeKey): PublicKeyInfo {
  return { purpose: key.purpose, alg: key.alg, fingerprint: key.fingerprint, publicKey: rawPublicKey(key.publicKey).toString('base64url') };
}
