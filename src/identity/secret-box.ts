// Secrets that must be read back (TOTP seeds cannot be hashed: verification needs them) are kept
// encrypted with AES-256-GCM under a 32-byte key the node derives from its own key material, so
// a copy of the database alone does not reveal them. Format: `v1.<nonce>.<ciphertext>.<tag>`
// (base64url), with a purpose label as additional data so one kind of secret cannot be swapped
// for another.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AccordError } from '../store/index.js';

export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new RangeError('a SecretBox needs a 32-byte key');
  }

  /** Encrypts `plain` for `purpose`. */
  seal(plain: string, purpose: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(purpose, 'utf8'));
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', nonce.toString('base64url'), ct.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  /** Decrypts what `seal` produced for the same purpose; throws AccordError `identity.secret-unreadable` otherwise. */
  open(sealed: string, purpose: string): string {
    const [v, nonce, ct, tag] = sealed.split('.');
    try {
      if (v !== 'v1' || nonce === undefined || ct === undefined || tag === undefined) throw new Error('format');
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(nonce, 'base64url'));
      decipher.setAAD(Buffer.from(purpose, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
    } catch (e) {
      throw new AccordError('internal', 'identity.secret-unreadable', `a stored ${purpose} cannot be decrypted with this node's key`, undefined, { cause: e });
    }
  }
}
