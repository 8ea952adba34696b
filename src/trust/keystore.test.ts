// The encrypted key envelope: round trip, wrong passphrase, and every field of the envelope
// altered one at a time (each must be detected, never silently accepted).
import { beforeAll, describe, expect, it } from 'vitest';
import { rejectedWith } from '../../test/support/thrown.js';
import { AccordError } from '../stix/index.js';
import { generateNodeKey, nodeKeys, publicKeyInfo } from './keys.js';
import { checkNewPassphrase, openKeys, readEnvelopeHeader, SCRYPT_COST, sealKeys } from './keystore.js';

const PASS = 'correct horse battery staple';
type Json = Record<string, unknown>;

const rejection = (p: Promise<unknown>): Promise<AccordError> => rejectedWith(p, AccordError);

/** Changes the first character of a base64url string (a different, still canonical value). */
function flip(s: string): string {
  return `${s.startsWith('A') ? 'B' : 'A'}${s.slice(1)}`;
}

describe('key envelope', () => {
  const signing = generateNodeKey('signing');
  const keys = nodeKeys([signing]);

  it('round-trips the keys and announces their public halves in clear', async () => {
    const started = performance.now();
    const text = await sealKeys(keys, PASS, 'node-keys');
    const env = JSON.parse(text) as Json;
    expect(env).toMatchObject({ format: 'accord-node-keys', version: 1, kdf: { name: 'scrypt', ...SCRYPT_COST }, cipher: { name: 'aes-256-gcm' } });
    expect(text).not.toContain(signing.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64url'));
    const opened = await openKeys(text, PASS, 'node-keys.json', ['node-keys']);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(opened.keys.signing.fingerprint).toBe(signing.fingerprint);
    expect(opened.keys.signing.privateKey.export({ format: 'der', type: 'pkcs8' })).toEqual(signing.privateKey.export({ format: 'der', type: 'pkcs8' }));
    expect(readEnvelopeHeader(text, 'f').keys).toEqual([publicKeyInfo(signing)]);
  });

  it('holds a signing and an encryption key in one envelope', async () => {
    const encryption = generateNodeKey('encryption');
    const text = await sealKeys(nodeKeys([encryption, signing]), PASS, 'backup');
    const { keys: opened, header } = await openKeys(text, PASS, 'backup.json', ['backup']);
    expect(header.kind).toBe('backup');
    expect(opened.all.map((k) => [k.purpose, k.alg, k.fingerprint])).toEqual([['signing', 'Ed25519', signing.fingerprint], ['encryption', 'X25519', encryption.fingerprint]]);
  });

  it('says plainly that a wrong passphrase does not open the file', async () => {
    const text = await sealKeys(keys, PASS, 'node-keys');
    const e = await rejection(openKeys(text, 'correct horse battery stapler', '/data/node-keys.json', ['node-keys']));
    expect(e.code).toBe('trust.wrong-passphrase');
    expect(e.message).toBe('the passphrase does not open /data/node-keys.json');
  });

  it('treats passphrases by their Unicode NFC form', async () => {
    const text = await sealKeys(keys, 'passphrase with \u00e9 in it', 'node-keys');
    const opened = await openKeys(text, 'passphrase with e\u0301 in it', 'f', ['node-keys']);
    expect(opened.keys.signing.fingerprint).toBe(signing.fingerprint);
  });

  it('refuses an envelope of the other kind', async () => {
    const text = await sealKeys(keys, PASS, 'backup');
    const e = await rejection(openKeys(text, PASS, 'b.json', ['node-keys']));
    expect(e.code).toBe('trust.wrong-envelope');
    expect(e.message).toMatch(/accord keys import b\.json/);
  });

  it('refuses to seal under an empty or short passphrase', async () => {
    expect(() => checkNewPassphrase('', 'the export passphrase')).toThrow(/at least 16 characters \(it is empty\)/);
    await expect(sealKeys(keys, 'fifteen chars!!', 'backup')).rejects.toThrow(/at least 16 characters/);
  });

  describe('detects every altered field', () => {
    let text = '';
    beforeAll(async () => {
      text = await sealKeys(keys, PASS, 'node-keys');
    });
    const other = publicKeyInfo(generateNodeKey('signing'));
    // Each change keeps the envelope well-formed, so only the cryptography can catch it.
    const cases: [string, (e: Json) => void, string][] = [
      ['format', (e) => (e.format = 'accord-node-keys-backup'), 'trust.keyfile-altered'],
      ['created', (e) => (e.created = '2020-01-01T00:00:00.000Z'), 'trust.keyfile-altered'],
      ['kdf.N', (e) => ((e.kdf as Json).N = 2 ** 18), 'trust.wrong-passphrase'],
      ['kdf.r', (e) => ((e.kdf as Json).r = 9), 'trust.wrong-passphrase'],
      ['kdf.p', (e) => ((e.kdf as Json).p = 2), 'trust.wrong-passphrase'],
      ['kdf.salt', (e) => ((e.kdf as Json).salt = flip((e.kdf as Json).salt as string)), 'trust.wrong-passphrase'],
      ['cipher.nonce', (e) => ((e.cipher as Json).nonce = flip((e.cipher as Json).nonce as string)), 'trust.keyfile-altered'],
      ['passphrase_check', (e) => (e.passphrase_check = flip(e.passphrase_check as string)), 'trust.wrong-passphrase'],
      ['keys[0] (another key announced)', (e) => ((e.keys as Json[])[0] = { purpose: 'signing', alg: 'Ed25519', fingerprint: other.fingerprint, public_key: other.publicKey }), 'trust.keyfile-altered'],
      ['ciphertext', (e) => (e.ciphertext = flip(e.ciphertext as string)), 'trust.keyfile-altered'],
      ['tag', (e) => (e.tag = flip(e.tag as string)), 'trust.keyfile-altered'],
    ];
    it.each(cases)('%s', async (_name, change, code) => {
      const env = JSON.parse(text) as Json;
      change(env);
      const e = await rejection(openKeys(JSON.stringify(env), PASS, 'f', ['node-keys', 'backup']));
      expect(e.code).toBe(code);
    });

    const structural: [string, (e: Json) => void, RegExp][] = [
      ['version (newer)', (e) => (e.version = 2), /version 2, written by a newer Accord/],
      ['an unknown field', (e) => (e.comment = 'hi'), /unknown field "comment"/],
      ['a missing field', (e) => delete e.tag, /missing field "tag"/],
      ['kdf.N too large for memory', (e) => ((e.kdf as Json).N = 2 ** 30), /kdf\.N" must be an integer from/],
      ['kdf.N below the minimum', (e) => ((e.kdf as Json).N = 2 ** 10), /kdf\.N" must be an integer from/],
      ['kdf.name', (e) => ((e.kdf as Json).name = 'pbkdf2'), /only "scrypt"/],
      ['cipher.name', (e) => ((e.cipher as Json).name = 'aes-128-gcm'), /only "aes-256-gcm"/],
      ['nonce length', (e) => ((e.cipher as Json).nonce = 'AAAA'), /nonce" must be 12 bytes/],
      ['keys[0].purpose', (e) => ((e.keys as Json[])[0] = { ...(e.keys as Json[])[0], purpose: 'encryption' }), /alg" must be X25519/],
      ['keys[0].fingerprint', (e) => ((e.keys as Json[])[0] = { ...(e.keys as Json[])[0], fingerprint: other.fingerprint }), /is not the SHA-256 of/],
      ['not JSON', () => undefined, /not JSON/],
    ];
    it.each(structural)('%s', async (name, change, message) => {
      const env = JSON.parse(text) as Json;
      change(env);
      const started = performance.now();
      const e = await rejection(openKeys(name === 'not JSON' ? text.slice(0, 40) : JSON.stringify(env), PASS, 'f', ['node-keys']));
      expect(e.code).toBe('trust.keyfile-malformed');
      expect(e.message).toMatch(message);
      // Refused before any key derivation is attempted.
      expect(performance.now() - started).toBeLessThan(100);
    });
  });
});
