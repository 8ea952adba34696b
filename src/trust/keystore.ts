// The encrypted key envelope: how the node's private keys are kept at rest (`node-keys.json`)
// and how they travel in a backup (`accord keys export`). Only Node's crypto is used.
//
// Format (version 1; docs/decisions/0009-key-custody.md):
//
//   { "format": "accord-node-keys" | "accord-node-keys-backup",
//     "version": 1,
//     "created": "<ISO 8601 UTC>",
//     "kdf": { "name": "scrypt", "N": 131072, "r": 8, "p": 1, "salt": "<base64url, 16 bytes>" },
//     "cipher": { "name": "aes-256-gcm", "nonce": "<base64url, 12 bytes>" },
//     "passphrase_check": "<base64url, 16 bytes>",
//     "keys": [ { "purpose": "signing", "alg": "Ed25519", "fingerprint": "<hex>", "public_key": "<base64url raw>" } ],
//     "ciphertext": "<base64url>",
//     "tag": "<base64url, 16 bytes>" }
//
// scrypt (RFC 7914) turns the passphrase (UTF-8 of its NFC form) and salt into 64 bytes: the
// first 32 are the AES-256-GCM key, the last 32 only feed `passphrase_check` (the first 16 bytes
// of their SHA-256), which tells a wrong passphrase from an altered file. One ciphertext holds
// every key: for each key of the `keys` list, in order, a 2-byte big-endian length and the key's
// PKCS#8 DER. The associated data is the RFC 8785 canonical JSON of the whole envelope except
// `ciphertext` and `tag`, so changing any parameter, the salt, the nonce, the list of keys or
// their public halves makes decryption fail. After decryption each key must have the algorithm
// and fingerprint that the clear list announces. Unknown fields are refused, not ignored.
import { createCipheriv, createDecipheriv, createHash, createPrivateKey, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { AccordError, canonicalize } from '../stix/index.js';
import { KEY_ALGORITHM, KEY_PURPOSES, nodeKeyFromPrivate, nodeKeys, publicKeyInfo, rawPublicKey, type KeyAlgorithm, type KeyPurpose, type NodeKey, type NodeKeys, type PublicKeyInfo } from './keys.js';

export type EnvelopeKind = 'node-keys' | 'backup';
const FORMAT: Readonly<Record<EnvelopeKind, string>> = { 'node-keys': 'accord-node-keys', backup: 'accord-node-keys-backup' };
const KIND_OF_FORMAT = new Map<string, EnvelopeKind>(Object.entries(FORMAT).map(([k, f]) => [f, k as EnvelopeKind]));

export const ENVELOPE_VERSION = 1;
/** The scrypt cost every envelope is written with: 128 MiB of memory, about a quarter second. */
export const SCRYPT_COST = { N: 2 ** 17, r: 8, p: 1 } as const;
// What a reader accepts. Never below what we write; bounded above so that a hostile file cannot
// make the node allocate gigabytes or spin for minutes before the header is authenticated.
const N_MIN = 2 ** 17;
const N_MAX = 2 ** 20;
const MAXMEM_LIMIT = 1024 ** 3;
const SALT_BYTES = 16;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const CHECK_BYTES = 16;
const MIN_NEW_PASSPHRASE = 16;

export interface EnvelopeHeader {
  readonly kind: EnvelopeKind;
  readonly version: number;
  readonly created: string;
  readonly keys: readonly PublicKeyInfo[];
}

interface Envelope {
  format: string;
  version: number;
  created: string;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: { name: 'aes-256-gcm'; nonce: string };
  passphrase_check: string;
  keys: { purpose: KeyPurpose; alg: KeyAlgorithm; fingerprint: string; public_key: string }[];
  ciphertext: string;
  tag: string;
}

function malformed(label: string, why: string): AccordError {
  return new AccordError('invalid', 'trust.keyfile-malformed', `${label} is not a valid Accord key file: ${why}`);
}

/** Memory scrypt needs for these parameters (OpenSSL's own count: 128·r·(N + p + 2) bytes). */
function scryptMemory(N: number, r: number, p: number): number {
  return 128 * r * (N + p + 2);
}

function deriveKeys(passphrase: string, salt: Buffer, N: number, r: number, p: number): Promise<{ aesKey: Buffer; check: Buffer }> {
  return new Promise((resolve, reject) => {
    // Node's default maxmem is 32 MiB, too little for N = 2^17; ask for exactly what is needed.
    scrypt(passphrase.normalize('NFC'), salt, 64, { N, r, p, maxmem: scryptMemory(N, r, p) + 1024 * 1024 }, (err, out) => {
      if (err !== null) return reject(err);
      const check = createHash('sha256').update(out.subarray(32)).digest().subarray(0, CHECK_BYTES);
      const aesKey = Buffer.from(out.subarray(0, 32));
      out.fill(0);
      resolve({ aesKey, check });
    });
  });
}

function aad(env: Envelope): Buffer {
  const { ciphertext: _c, tag: _t, ...header } = env;
  return Buffer.from(canonicalize(header), 'utf8');
}

/** Throws unless a passphrase is fit to seal keys with: at least 16 characters. */
export function checkNewPassphrase(passphrase: string, what: string): void {
  if (passphrase.length < MIN_NEW_PASSPHRASE) {
    throw new AccordError('invalid', 'trust.weak-passphrase', `${what} must have at least ${MIN_NEW_PASSPHRASE} characters${passphrase.length === 0 ? ' (it is empty)' : ''}`);
  }
}

/** Encrypts `keys` under `passphrase` into an envelope (JSON text, ends with a newline). */
export async function sealKeys(keys: NodeKeys, passphrase: string, kind: EnvelopeKind): Promise<string> {
  checkNewPassphrase(passphrase, kind === 'backup' ? 'the export passphrase' : 'the key passphrase');
  const salt = randomBytes(SALT_BYTES);
  const nonce = randomBytes(NONCE_BYTES);
  const { N, r, p } = SCRYPT_COST;
  const { aesKey, check } = await deriveKeys(passphrase, salt, N, r, p);
  const env: Envelope = {
    format: FORMAT[kind],
    version: ENVELOPE_VERSION,
    created: new Date().toISOString(),
    kdf: { name: 'scrypt', N, r, p, salt: salt.toString('base64url') },
    cipher: { name: 'aes-256-gcm', nonce: nonce.toString('base64url') },
    passphrase_check: check.toString('base64url'),
    keys: keys.all.map((k) => ({ purpose: k.purpose, alg: k.alg, fingerprint: k.fingerprint, public_key: rawPublicKey(k.publicKey).toString('base64url') })),
    ciphertext: '',
    tag: '',
  };
  const parts: Buffer[] = [];
  for (const k of keys.all) {
    const der = k.privateKey.export({ format: 'der', type: 'pkcs8' });
    const len = Buffer.alloc(2);
    len.writeUInt16BE(der.length);
    parts.push(len, der);
  }
  const plaintext = Buffer.concat(parts);
  const cipher = createCipheriv('aes-256-gcm', aesKey, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(env));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  plaintext.fill(0);
  for (const part of parts) part.fill(0);
  aesKey.fill(0);
  env.ciphertext = ciphertext.toString('base64url');
  env.tag = cipher.getAuthTag().toString('base64url');
  return `${JSON.stringify(env, null, 2)}\n`;
}

// ---- reading: every field checked before any work is done on it ----

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function onlyKeys(o: Obj, allowed: readonly string[], where: string, label: string): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw malformed(label, `unknown field "${where}${k}"`);
  for (const k of allowed) if (!(k in o)) throw malformed(label, `missing field "${where}${k}"`);
}

function b64(o: Obj, field: string, where: string, label: string, bytes?: { min: number; max: number }): Buffer {
  const v = o[field];
  if (typeof v !== 'string' || !/^[A-Za-z0-9_-]*$/.test(v)) throw malformed(label, `"${where}${field}" must be a base64url string`);
  const raw = Buffer.from(v, 'base64url');
  if (raw.toString('base64url') !== v) throw malformed(label, `"${where}${field}" is not canonical base64url`);
  if (bytes !== undefined && (raw.length < bytes.min || raw.length > bytes.max)) {
    throw malformed(label, `"${where}${field}" must be ${bytes.min === bytes.max ? bytes.min : `${bytes.min} to ${bytes.max}`} bytes, got ${raw.length}`);
  }
  return raw;
}

function int(o: Obj, field: string, label: string, min: number, max: number): number {
  const v = o[field];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw malformed(label, `"kdf.${field}" must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
  return v;
}

/** Parses and checks an envelope's structure (not its authenticity). */
function parseEnvelope(text: string, label: string): Envelope {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw malformed(label, `not JSON (${(e as Error).message})`);
  }
  if (!isObj(v)) throw malformed(label, 'not a JSON object');
  if (typeof v.format !== 'string' || !KIND_OF_FORMAT.has(v.format)) throw malformed(label, `"format" must be ${Object.values(FORMAT).map((f) => `"${f}"`).join(' or ')}`);
  if (v.version !== ENVELOPE_VERSION) {
    throw malformed(label, typeof v.version === 'number' && v.version > ENVELOPE_VERSION
      ? `it is version ${v.version}, written by a newer Accord (this one reads version ${ENVELOPE_VERSION})`
      : `unsupported version ${JSON.stringify(v.version)}`);
  }
  onlyKeys(v, ['format', 'version', 'created', 'kdf', 'cipher', 'passphrase_check', 'keys', 'ciphertext', 'tag'], '', label);
  if (typeof v.created !== 'string' || Number.isNaN(Date.parse(v.created))) throw malformed(label, '"created" must be a timestamp');
  const { kdf, cipher, keys } = v;
  if (!isObj(kdf)) throw malformed(label, '"kdf" must be an object');
  onlyKeys(kdf, ['name', 'N', 'r', 'p', 'salt'], 'kdf.', label);
  if (kdf.name !== 'scrypt') throw malformed(label, `unsupported key derivation ${JSON.stringify(kdf.name)} (only "scrypt")`);
  const N = int(kdf, 'N', label, N_MIN, N_MAX);
  if ((N & (N - 1)) !== 0) throw malformed(label, '"kdf.N" must be a power of two');
  const r = int(kdf, 'r', label, 1, 32);
  const p = int(kdf, 'p', label, 1, 16);
  if (scryptMemory(N, r, p) > MAXMEM_LIMIT) throw malformed(label, 'the scrypt parameters need more than 1 GiB of memory');
  b64(kdf, 'salt', 'kdf.', label, { min: SALT_BYTES, max: 64 });
  if (!isObj(cipher)) throw malformed(label, '"cipher" must be an object');
  onlyKeys(cipher, ['name', 'nonce'], 'cipher.', label);
  if (cipher.name !== 'aes-256-gcm') throw malformed(label, `unsupported cipher ${JSON.stringify(cipher.name)} (only "aes-256-gcm")`);
  b64(cipher, 'nonce', 'cipher.', label, { min: NONCE_BYTES, max: NONCE_BYTES });
  b64(v, 'passphrase_check', '', label, { min: CHECK_BYTES, max: CHECK_BYTES });
  b64(v, 'ciphertext', '', label, { min: 1, max: 64 * 1024 });
  b64(v, 'tag', '', label, { min: TAG_BYTES, max: TAG_BYTES });
  if (!Array.isArray(keys) || keys.length === 0 || keys.length > KEY_PURPOSES.length) throw malformed(label, `"keys" must list 1 to ${KEY_PURPOSES.length} keys`);
  keys.forEach((k: unknown, i) => {
    const where = `keys[${i}].`;
    if (!isObj(k)) throw malformed(label, `"keys[${i}]" must be an object`);
    onlyKeys(k, ['purpose', 'alg', 'fingerprint', 'public_key'], where, label);
    if (typeof k.purpose !== 'string' || !(KEY_PURPOSES as readonly string[]).includes(k.purpose)) throw malformed(label, `"${where}purpose" must be one of ${KEY_PURPOSES.join(', ')}`);
    if (k.alg !== KEY_ALGORITHM[k.purpose as KeyPurpose]) throw malformed(label, `"${where}alg" must be ${KEY_ALGORITHM[k.purpose as KeyPurpose]} for a ${k.purpose} key`);
    if (typeof k.fingerprint !== 'string' || !/^[0-9a-f]{64}$/.test(k.fingerprint)) throw malformed(label, `"${where}fingerprint" must be 64 lowercase hex digits`);
    const raw = b64(k, 'public_key', where, label, { min: 32, max: 32 });
    if (createHash('sha256').update(raw).digest('hex') !== k.fingerprint) throw malformed(label, `"${where}fingerprint" is not the SHA-256 of "${where}public_key"`);
  });
  const purposes = keys.map((k: Obj) => k.purpose);
  if (new Set(purposes).size !== purposes.length) throw malformed(label, 'two keys have the same purpose');
  if (!purposes.includes('signing')) throw malformed(label, 'it holds no signing key');
  return v as unknown as Envelope;
}

function headerOf(env: Envelope): EnvelopeHeader {
  return {
    kind: KIND_OF_FORMAT.get(env.format) ?? 'node-keys',
    version: env.version,
    created: env.created,
    keys: env.keys.map((k) => ({ purpose: k.purpose, alg: k.alg, fingerprint: k.fingerprint, publicKey: k.public_key })),
  };
}

/** The clear part of an envelope: what it holds, not yet authenticated. */
export function readEnvelopeHeader(text: string, label: string): EnvelopeHeader {
  return headerOf(parseEnvelope(text, label));
}

/**
 * Decrypts an envelope. `label` (the file name) is used in messages; `kinds` are the envelope
 * kinds the caller accepts. Throws `trust.wrong-passphrase` when the passphrase does not open it
 * and `trust.keyfile-altered` when the passphrase is right but the file was changed.
 */
export async function openKeys(text: string, passphrase: string, label: string, kinds: readonly EnvelopeKind[]): Promise<{ keys: NodeKeys; header: EnvelopeHeader }> {
  const env = parseEnvelope(text, label);
  const header = headerOf(env);
  if (!kinds.includes(header.kind)) {
    throw new AccordError('invalid', 'trust.wrong-envelope', header.kind === 'backup'
      ? `${label} is a key backup, not a node key file; restore it with \`accord keys import ${label}\``
      : `${label} is a node key file, not a key backup`);
  }
  const { N, r, p } = env.kdf;
  const { aesKey, check } = await deriveKeys(passphrase, Buffer.from(env.kdf.salt, 'base64url'), N, r, p);
  try {
    if (!timingSafeEqual(check, Buffer.from(env.passphrase_check, 'base64url'))) {
      throw new AccordError('unauthenticated', 'trust.wrong-passphrase', `the passphrase does not open ${label}`);
    }
    let plaintext: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', aesKey, Buffer.from(env.cipher.nonce, 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAAD(aad(env));
      decipher.setAuthTag(Buffer.from(env.tag, 'base64url'));
      plaintext = Buffer.concat([decipher.update(Buffer.from(env.ciphertext, 'base64url')), decipher.final()]);
    } catch {
      throw new AccordError('unauthenticated', 'trust.keyfile-altered', `${label} was altered: the passphrase is right but the file fails its integrity check (restore it from a backup)`);
    }
    try {
      return { keys: nodeKeys(unpack(plaintext, env, label)), header };
    } finally {
      plaintext.fill(0);
    }
  } finally {
    aesKey.fill(0);
  }
}

function unpack(plaintext: Buffer, env: Envelope, label: string): NodeKey[] {
  // Authenticated content that does not match its header can only come from a writer with the
  // passphrase that is not this code: say so rather than guess.
  const bad = (why: string): AccordError => new AccordError('invalid', 'trust.keyfile-inconsistent', `${label} is authentic but inconsistent: ${why}`);
  const out: NodeKey[] = [];
  let at = 0;
  for (const [i, meta] of env.keys.entries()) {
    if (at + 2 > plaintext.length) throw bad(`key ${i} is missing`);
    const len = plaintext.readUInt16BE(at);
    const der = plaintext.subarray(at + 2, at + 2 + len);
    if (der.length !== len) throw bad(`key ${i} is truncated`);
    at += 2 + len;
    let key: NodeKey;
    try {
      key = nodeKeyFromPrivate(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }), meta.purpose);
    } catch {
      throw bad(`key ${i} is not a PKCS#8 ${meta.alg} private key`);
    }
    if (publicKeyInfo(key).publicKey !== meta.public_key) throw bad(`key ${i} does not have the fingerprint the file announces (${meta.fingerprint})`);
    out.push(key);
  }
  if (at !== plaintext.length) throw bad('it holds more keys than it announces');
  return out;
}
