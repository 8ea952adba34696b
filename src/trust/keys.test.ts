// Node keys as values: fingerprints, raw public keys, key sets.
import { createHash, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateNodeKey, keyFingerprint, nodeKeyFromPrivate, nodeKeys, publicKeyFromRaw, publicKeyInfo, rawPublicKey } from './keys.js';

// RFC 8032 §7.1, test 1: the secret key and the public key it yields.
const SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';

describe('node keys', () => {
  it('names a key by the SHA-256 of its raw public key (RFC 8032 test vector)', () => {
    const der = Buffer.from(`302e020100300506032b657004220420${SEED}`, 'hex');
    const key = nodeKeyFromPrivate(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }), 'signing');
    expect(rawPublicKey(key.publicKey).toString('hex')).toBe(PUBLIC);
    expect(key.fingerprint).toBe(createHash('sha256').update(Buffer.from(PUBLIC, 'hex')).digest('hex'));
    expect(keyFingerprint(publicKeyFromRaw('Ed25519', Buffer.from(PUBLIC, 'hex')))).toBe(key.fingerprint);
    expect(publicKeyInfo(key)).toEqual({ purpose: 'signing', alg: 'Ed25519', fingerprint: key.fingerprint, publicKey: Buffer.from(PUBLIC, 'hex').toString('base64url') });
  });

  it('ties each purpose to its algorithm', () => {
    expect(generateNodeKey('encryption').alg).toBe('X25519');
    expect(() => nodeKeyFromPrivate(generateNodeKey('encryption').privateKey, 'signing')).toThrow(/a signing key must be an Ed25519 private key, got x25519/);
    expect(() => nodeKeyFromPrivate(generateNodeKey('signing').publicKey, 'signing')).toThrow(/must be an Ed25519 private key/);
  });

  it('makes a key set of one key per purpose, signing first, and requires a signing key', () => {
    const s = generateNodeKey('signing');
    const e = generateNodeKey('encryption');
    expect(nodeKeys([e, s]).all).toEqual([s, e]);
    expect(nodeKeys([e, s]).signing).toBe(s);
    expect(() => nodeKeys([e])).toThrow(/must hold a signing key/);
    expect(() => nodeKeys([s, generateNodeKey('signing')])).toThrow(/one signing key, not several/);
  });
});
