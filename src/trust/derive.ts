// Keys for data the node encrypts for itself (TOTP seeds, later other local secrets), derived
// from the node's signing key with HKDF-SHA-256 under a label per use, so they follow the node
// key through backup and restore (`accord keys export|import`) and need no key file of their own.
import { hkdfSync } from 'node:crypto';
import type { NodeKey } from './keys.js';

/** A 32-byte key for `label` (an ASCII purpose such as `accord-totp-secrets-v1`), derived from `key`. */
export function deriveSecretKey(key: NodeKey, label: string): Buffer {
  if (!/^[\x21-\x7e]+$/.test(label)) throw new RangeError('a derivation label is printable ASCII without spaces');
  const ikm = key.privateKey.export({ format: 'der', type: 'pkcs8' });
  return Buffer.from(hkdfSync('sha256', ikm, Buffer.from('accord-node-derived-keys', 'ascii'), Buffer.from(label, 'ascii'), 32));
}
