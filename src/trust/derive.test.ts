import { describe, expect, it } from 'vitest';
import { deriveSecretKey } from './derive.js';
import { generateNodeKey } from './keys.js';

describe('derived secret keys', () => {
  it('are 32 bytes, stable for a key and label, different across labels and keys', () => {
    const a = generateNodeKey('signing');
    const b = generateNodeKey('signing');
    const k1 = deriveSecretKey(a, 'accord-totp-secrets-v1');
    expect(k1).toHaveLength(32);
    expect(deriveSecretKey(a, 'accord-totp-secrets-v1').equals(k1)).toBe(true);
    expect(deriveSecretKey(a, 'accord-other-v1').equals(k1)).toBe(false);
    expect(deriveSecretKey(b, 'accord-totp-secrets-v1').equals(k1)).toBe(false);
    expect(() => deriveSecretKey(a, 'has space')).toThrow(RangeError);
  });
});
