// Domain-separated signatures: a signature made under one context never verifies under another.
import { sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateNodeKey, rawPublicKey } from './keys.js';
import { signWithContext, SIGNING_CONTEXT, verifyWithContext } from './signing.js';

const key = generateNodeKey('signing');

describe('signWithContext / verifyWithContext', () => {
  it('verifies what it signed, from a key object or the raw public key, for text and bytes alike', () => {
    const sig = signWithContext(key, SIGNING_CONTEXT.auditCheckpoint, 'chain head 42');
    expect(sig).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(verifyWithContext(key.publicKey, SIGNING_CONTEXT.auditCheckpoint, 'chain head 42', sig)).toBe(true);
    expect(verifyWithContext(rawPublicKey(key.publicKey), SIGNING_CONTEXT.auditCheckpoint, Buffer.from('chain head 42'), sig)).toBe(true);
    expect(signWithContext(key.privateKey, 'x', new Uint8Array([1, 2, 3]))).toBe(signWithContext(key, 'x', new Uint8Array([1, 2, 3])));
  });

  it('rejects a signature made for one context under another', () => {
    const message = '{"id":"indicator--1"}';
    const sig = signWithContext(key, SIGNING_CONTEXT.share, message);
    expect(verifyWithContext(key.publicKey, SIGNING_CONTEXT.share, message, sig)).toBe(true);
    expect(verifyWithContext(key.publicKey, SIGNING_CONTEXT.auditCheckpoint, message, sig)).toBe(false);
    // Moving bytes between the context and the message does not help: the 0x00 separator fixes the split.
    expect(verifyWithContext(key.publicKey, 'accord-share-v', `1\u0000${message}`, sig)).toBe(false);
  });

  it('signs context || 0x00 || message, so a plain signature of the message does not verify', () => {
    const plain = sign(null, Buffer.from('m'), key.privateKey).toString('base64url');
    expect(verifyWithContext(key.publicKey, 'ctx', 'm', plain)).toBe(false);
    const framed = sign(null, Buffer.from('ctx\u0000m'), key.privateKey).toString('base64url');
    expect(verifyWithContext(key.publicKey, 'ctx', 'm', framed)).toBe(true);
  });

  it('rejects other keys, altered messages and malformed signatures', () => {
    const sig = signWithContext(key, 'ctx', 'm');
    expect(verifyWithContext(generateNodeKey('signing').publicKey, 'ctx', 'm', sig)).toBe(false);
    expect(verifyWithContext(key.publicKey, 'ctx', 'M', sig)).toBe(false);
    expect(verifyWithContext(key.publicKey, 'ctx', 'm', sig.slice(1))).toBe(false);
    expect(verifyWithContext(key.publicKey, 'ctx', 'm', `${sig}=`)).toBe(false);
    expect(verifyWithContext(key.publicKey, 'ctx', 'm', '')).toBe(false);
    // The same bytes spelled with the last character's spare bits set: not accepted.
    const last = sig.at(-1) ?? 'A';
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = `${sig.slice(0, -1)}${alphabet[alphabet.indexOf(last) + 1] ?? 'A'}`;
    expect(Buffer.from(sibling, 'base64url')).toEqual(Buffer.from(sig, 'base64url'));
    expect(verifyWithContext(key.publicKey, 'ctx', 'm', sibling)).toBe(false);
  });

  it('refuses empty, non-ASCII and control-character contexts', () => {
    for (const bad of ['', 'accord-ß-v1', 'with space', 'nul\u0000inside', 'tab\t', 'x'.repeat(256)]) {
      expect(() => signWithContext(key, bad, 'm'), JSON.stringify(bad)).toThrow(/signing context is 1 to 255 visible ASCII/);
      expect(() => verifyWithContext(key.publicKey, bad, 'm', 'A'.repeat(86)), JSON.stringify(bad)).toThrow(/signing context/);
    }
  });

  it('refuses keys that are not Ed25519 keys of the right kind', () => {
    const x = generateNodeKey('encryption');
    expect(() => signWithContext(x.privateKey, 'ctx', 'm')).toThrow(/expected an Ed25519 private key/);
    expect(() => signWithContext(key.publicKey, 'ctx', 'm')).toThrow(/expected an Ed25519 private key/);
    expect(() => verifyWithContext(key.privateKey, 'ctx', 'm', signWithContext(key, 'ctx', 'm'))).toThrow(/expected an Ed25519 public key/);
    expect(() => verifyWithContext(new Uint8Array(31), 'ctx', 'm', 'A')).toThrow(/32 bytes, not 31/);
  });
});
