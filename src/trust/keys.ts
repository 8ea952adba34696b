// The node's Ed25519 key pair: created once by `accord init`, kept in the data folder as a
// PKCS#8 PEM readable only by the node's user. (Encrypting it at rest under an operator
// passphrase comes with the identity work; until then file permissions protect it.)
// A key is named by its fingerprint: lowercase hex SHA-256 of the raw 32-byte public key.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AccordError } from '../stix/index.js';

export const NODE_KEY_FILE = 'node-key.pem';

export interface NodeKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly fingerprint: string;
}

/** The raw 32-byte Ed25519 public key. */
export function rawPublicKey(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new AccordError('invalid', 'trust.not-ed25519', 'the key is not an Ed25519 public key');
  }
  return Buffer.from(jwk.x, 'base64url');
}

/** The fingerprint that names a public key: hex SHA-256 of its raw bytes. */
export function keyFingerprint(publicKey: KeyObject): string {
  return createHash('sha256').update(rawPublicKey(publicKey)).digest('hex');
}

function fromPrivate(privateKey: KeyObject): NodeKey {
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, fingerprint: keyFingerprint(publicKey) };
}

/** Creates the node key in `dataDir`; refuses to overwrite an existing one. */
export function createNodeKey(dataDir: string): NodeKey {
  const file = join(dataDir, NODE_KEY_FILE);
  if (existsSync(file)) {
    throw new AccordError('conflict', 'trust.key-exists', `${file} already exists; a node keeps its key for life (rotation comes with membership decisions)`);
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return fromPrivate(privateKey);
}

/** Loads the node key from `dataDir`. */
export function loadNodeKey(dataDir: string): NodeKey {
  const file = join(dataDir, NODE_KEY_FILE);
  if (!existsSync(file)) throw new AccordError('not-found', 'trust.no-key', `no node key at ${file}; run \`accord init\``);
  try {
    return fromPrivate(createPrivateKey(readFileSync(file)));
  } catch (e) {
    throw new AccordError('invalid', 'trust.bad-key', `${file} does not hold a readable Ed25519 private key`, undefined, { cause: e });
  }
}
