import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode } from './base32.js';
import { generateTotpSecret, hotp, totp, totpStep, totpUri, verifyTotp, type TotpAlgorithm } from './totp.js';

const ascii = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'ascii'));
// RFC 6238 Appendix B: the seed is the ASCII string "1234567890" repeated to the hash's length.
const SEEDS: Readonly<Record<TotpAlgorithm, string>> = {
  SHA1: base32Encode(ascii('12345678901234567890')),
  SHA256: base32Encode(ascii('12345678901234567890123456789012')),
  SHA512: base32Encode(ascii('1234567890123456789012345678901234567890123456789012345678901234')),
};
const SHA1_SEED = SEEDS.SHA1;
const s = (seconds: number): number => seconds * 1000;

describe('hotp (RFC 4226 Appendix D)', () => {
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  it.each(expected.map((code, counter) => [counter, code] as const))('counter %i gives %s', (counter, code) => {
    expect(hotp(ascii('12345678901234567890'), counter)).toBe(code);
  });
});

describe('totp (RFC 6238 Appendix B, 8 digits)', () => {
  const table: readonly (readonly [number, string, string, string, string])[] = [
    // time (s), step (hex), SHA1, SHA256, SHA512
    [59, '0000000000000001', '94287082', '46119246', '90693936'],
    [1111111109, '00000000023523EC', '07081804', '68084774', '25091201'],
    [1111111111, '00000000023523ED', '14050471', '67062674', '99943326'],
    [1234567890, '000000000273EF07', '89005924', '91819424', '93441116'],
    [2000000000, '0000000003F940AA', '69279037', '90698825', '38618901'],
    [20000000000, '0000000027BC86AA', '65353130', '77737706', '47863826'],
  ];
  it.each(table)('at %i s (step %s): %s / %s / %s', (time, step, sha1, sha256, sha512) => {
    expect(totpStep(s(time))).toBe(Number.parseInt(step, 16));
    expect(totp(SEEDS.SHA1, s(time), { digits: 8 })).toBe(sha1);
    expect(totp(SEEDS.SHA256, s(time), { digits: 8, algorithm: 'SHA256' })).toBe(sha256);
    expect(totp(SEEDS.SHA512, s(time), { digits: 8, algorithm: 'SHA512' })).toBe(sha512);
  });

  it('uses 6 digits by default: the last six of the 8-digit value', () => {
    expect(totp(SHA1_SEED, s(59))).toBe('287082');
    expect(totp(SHA1_SEED, s(1111111109))).toBe('081804');
  });

  it('keeps one code for the whole 30-second step', () => {
    expect(totp(SHA1_SEED, s(1111111110))).toBe(totp(SHA1_SEED, s(1111111139) + 999));
    expect(totp(SHA1_SEED, s(1111111140))).not.toBe(totp(SHA1_SEED, s(1111111139)));
  });

  it('refuses a secret shorter than 128 bits or not base32', () => {
    expect(() => totp(base32Encode(new Uint8Array(15)), 0)).toThrow(expect.objectContaining({ code: 'identity.weak-totp-secret' }));
    expect(() => totp('not base32!', 0)).toThrow(expect.objectContaining({ code: 'identity.bad-base32' }));
  });

  it('refuses unsupported options', () => {
    expect(() => totp(SHA1_SEED, 0, { digits: 5 })).toThrow(RangeError);
    expect(() => totp(SHA1_SEED, 0, { period: 0 })).toThrow(RangeError);
    expect(() => totp(SHA1_SEED, 0, { algorithm: 'MD5' as TotpAlgorithm })).toThrow(RangeError);
  });
});

describe('generateTotpSecret', () => {
  it('is 20 random bytes as 32 unpadded upper-case base32 characters', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(secret)).toHaveLength(20);
  });

  it('differs every time', () => {
    const secrets = new Set(Array.from({ length: 100 }, generateTotpSecret));
    expect(secrets.size).toBe(100);
  });
});

describe('totpUri', () => {
  it('writes the Key Uri Format authenticator apps read', () => {
    expect(totpUri('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'alice', 'Accord')).toBe(
      'otpauth://totp/Accord:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Accord&algorithm=SHA1&digits=6&period=30',
    );
  });

  it('percent-encodes the label and parameters (spaces as %20, never +)', () => {
    const uri = totpUri(SHA1_SEED, 'alice@example.org', 'Accord — CERT Ruritania & Co');
    expect(uri).toBe(
      'otpauth://totp/Accord%20%E2%80%94%20CERT%20Ruritania%20%26%20Co:alice%40example.org' +
        `?secret=${SHA1_SEED}&issuer=Accord%20%E2%80%94%20CERT%20Ruritania%20%26%20Co&algorithm=SHA1&digits=6&period=30`,
    );
    const url = new URL(uri);
    expect(url.protocol).toBe('otpauth:');
    expect(url.searchParams.get('issuer')).toBe('Accord — CERT Ruritania & Co');
    expect(url.searchParams.get('secret')).toBe(SHA1_SEED);
  });

  it('upper-cases the secret and checks it', () => {
    expect(totpUri(SHA1_SEED.toLowerCase(), 'a', 'b')).toContain(`secret=${SHA1_SEED}&`);
    expect(() => totpUri('short', 'a', 'b')).toThrow();
  });

  it.each([['ali:ce', 'Accord'], ['alice', 'Acc:ord'], ['', 'Accord'], ['alice', '']])('refuses account %j with issuer %j', (account, issuer) => {
    expect(() => totpUri(SHA1_SEED, account, issuer)).toThrow(expect.objectContaining({ code: 'identity.bad-totp-label' }));
  });
});

describe('verifyTotp', () => {
  const now = s(1111111111); // step 0x23523ED = 37037037
  const step = totpStep(now);
  const codeAt = (st: number): string => totp(SHA1_SEED, st * 30_000);

  it('accepts the current code and returns its step', () => {
    expect(verifyTotp(SHA1_SEED, codeAt(step), now)).toBe(step);
  });

  it('accepts one step either side by default, and no further', () => {
    expect(verifyTotp(SHA1_SEED, codeAt(step - 1), now)).toBe(step - 1);
    expect(verifyTotp(SHA1_SEED, codeAt(step + 1), now)).toBe(step + 1);
    expect(verifyTotp(SHA1_SEED, codeAt(step - 2), now)).toBeUndefined();
    expect(verifyTotp(SHA1_SEED, codeAt(step + 2), now)).toBeUndefined();
  });

  it('honours a different window', () => {
    expect(verifyTotp(SHA1_SEED, codeAt(step - 1), now, { window: 0 })).toBeUndefined();
    expect(verifyTotp(SHA1_SEED, codeAt(step), now, { window: 0 })).toBe(step);
    expect(verifyTotp(SHA1_SEED, codeAt(step - 2), now, { window: 2 })).toBe(step - 2);
    expect(() => verifyTotp(SHA1_SEED, codeAt(step), now, { window: -1 })).toThrow(RangeError);
    expect(() => verifyTotp(SHA1_SEED, codeAt(step), now, { window: 1.5 })).toThrow(RangeError);
  });

  it('refuses a replay: the stored step and every earlier one', () => {
    const used = verifyTotp(SHA1_SEED, codeAt(step), now);
    expect(used).toBe(step);
    expect(verifyTotp(SHA1_SEED, codeAt(step), now, { lastUsedStep: used })).toBeUndefined();
    expect(verifyTotp(SHA1_SEED, codeAt(step), now + 30_000, { lastUsedStep: used })).toBeUndefined();
    expect(verifyTotp(SHA1_SEED, codeAt(step - 1), now, { lastUsedStep: used })).toBeUndefined();
    expect(verifyTotp(SHA1_SEED, codeAt(step + 1), now, { lastUsedStep: used })).toBe(step + 1);
    expect(verifyTotp(SHA1_SEED, codeAt(step), now, { lastUsedStep: null })).toBe(step);
  });

  it('accepts the spaces and dashes apps display', () => {
    const code = codeAt(step);
    expect(verifyTotp(SHA1_SEED, `${code.slice(0, 3)} ${code.slice(3)}`, now)).toBe(step);
    expect(verifyTotp(SHA1_SEED, ` ${code.slice(0, 3)}-${code.slice(3)}\n`, now)).toBe(step);
  });

  it.each(['', '12345', '1234567', 'abcdef', '１２３４５６', '+12345', '12345.'])('refuses the malformed code %j', (code) => {
    expect(verifyTotp(SHA1_SEED, code, now)).toBeUndefined();
  });

  it('refuses a wrong code', () => {
    const right = codeAt(step);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    // (vanishingly unlikely, but make sure the "wrong" code is not valid at a neighbouring step)
    const neighbours = [codeAt(step - 1), codeAt(step), codeAt(step + 1)];
    expect(neighbours).not.toContain(wrong);
    expect(verifyTotp(SHA1_SEED, wrong, now)).toBeUndefined();
  });

  it('refuses a code of another secret', () => {
    const other = generateTotpSecret();
    expect(verifyTotp(other, codeAt(step), now)).toBeUndefined();
  });

  it('never considers steps before the epoch', () => {
    expect(verifyTotp(SHA1_SEED, totp(SHA1_SEED, 0), 0)).toBe(0);
  });

  it('works with the other algorithms and lengths', () => {
    const code = totp(SEEDS.SHA256, now, { algorithm: 'SHA256', digits: 8 });
    expect(verifyTotp(SEEDS.SHA256, code, now, { algorithm: 'SHA256', digits: 8 })).toBe(step);
    expect(verifyTotp(SEEDS.SHA256, code, now, { algorithm: 'SHA256' })).toBeUndefined();
  });

  it('tolerates real clock drift up to one step (30 s) either way', () => {
    const phoneTime = now + 25_000; // the phone runs 25 s fast
    expect(verifyTotp(SHA1_SEED, totp(SHA1_SEED, phoneTime), now)).toBeDefined();
  });
});
