import { describe, expect, it } from 'vitest';
import { thrown } from '../../test/support/thrown.js';
import { AccordError } from '../store/index.js';
import { AUDIT_ACTIONS, isAuditAction } from './actions.js';
import { canonicalDetails, checkEvent, isSecretName, REDACTED } from './details.js';

describe('audit details', () => {
  it('are stored as canonical JSON text', () => {
    expect(canonicalDetails({ b: 1, a: [true, null, 'é'], c: { z: 1, y: 2 } })).toBe('{"a":[true,null,"é"],"b":1,"c":{"y":2,"z":1}}');
    expect(canonicalDetails(undefined)).toBe('{}');
    expect(canonicalDetails({ address: undefined, n: 1 })).toBe('{"n":1}');
  });

  it('never keep a secret: members named like one are redacted at any depth, the name kept', () => {
    const text = canonicalDetails({
      username: 'amina', password: 'hunter2hunter2', newPassword: 'x', client_secret: 's', token: 't', csrfToken: 'c',
      request: { headers: { Authorization: 'Bearer abc', Cookie: 'sid=1' }, items: [{ apiKey: 'k', 'private-key': 'p' }] },
      secrets: ['a', 'b'], totp: '123456', passphrase: { nested: 'object' },
      tokenId: 'tok_1', tokenName: 'ci', passwordChangedAt: '2026-11-27T09:00:00Z',
    });
    for (const secret of ['hunter2hunter2', '"x"', '"s"', '"t"', '"c"', 'Bearer', 'sid=1', '"k"', '"p"', '"a"', '123456', 'nested']) {
      expect(text).not.toContain(secret);
    }
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(parsed.password).toBe(REDACTED);
    expect(parsed.secrets).toBe(REDACTED);
    expect(parsed.request).toEqual({ headers: { Authorization: REDACTED, Cookie: REDACTED }, items: [{ apiKey: REDACTED, 'private-key': REDACTED }] });
    // Names that only start like a secret are ordinary data.
    expect(parsed).toMatchObject({ username: 'amina', tokenId: 'tok_1', tokenName: 'ci', passwordChangedAt: '2026-11-27T09:00:00Z' });
  });

  it('name secrets by suffix, case and separators ignored', () => {
    for (const n of ['password', 'PASSWORD', 'old_password', 'pass-phrase', 'clientSecret', 'token', 'refresh_token', 'API_KEY', 'privateKey', 'authorization', 'cookies', 'credentials', 'otp', 'totp']) expect(isSecretName(n)).toBe(true);
    for (const n of ['tokenId', 'username', 'passwordChangedAt', 'keyFingerprint', 'address', 'secretary_general']) expect(isSecretName(n)).toBe(false);
  });

  it('refuse what is not JSON data, too deep or too long', () => {
    expect(thrown(() => canonicalDetails({ when: new Date() }), AccordError)).toMatchObject({ code: 'audit.bad-details' });
    expect(thrown(() => canonicalDetails({ n: Number.NaN }), AccordError)).toMatchObject({ code: 'audit.bad-details' });
    expect(thrown(() => canonicalDetails({ s: '\ud800' }), AccordError)).toMatchObject({ code: 'audit.bad-details' });
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 40; i++) deep = { d: deep };
    expect(thrown(() => canonicalDetails(deep), AccordError)).toMatchObject({ code: 'audit.bad-details' });
    expect(thrown(() => canonicalDetails({ big: 'x'.repeat(70_000) }), AccordError)).toMatchObject({ code: 'audit.bad-details' });
    expect(thrown(() => canonicalDetails([] as unknown as Record<string, unknown>), AccordError)).toMatchObject({ code: 'audit.bad-details' });
  });
});

describe('audit events', () => {
  it('take their action from the catalogue', () => {
    expect(Object.keys(AUDIT_ACTIONS)).toContain('auth.sign-in');
    for (const name of Object.keys(AUDIT_ACTIONS)) expect(name).toMatch(/^[a-z]+\.[a-z]+(?:-[a-z]+)*$/);
    expect(isAuditAction('auth.sign-in')).toBe(true);
    expect(isAuditAction('toString')).toBe(false);
    expect(thrown(() => checkEvent({ actor: 'user:a', action: 'auth.signin' }), AccordError)).toMatchObject({ kind: 'invalid', code: 'audit.unknown-action' });
  });

  it('default to outcome ok, no target and empty details', () => {
    expect(checkEvent({ actor: 'user:a', action: 'auth.sign-out' })).toEqual({ actor: 'user:a', action: 'auth.sign-out', target: null, outcome: 'ok', details: '{}' });
  });

  it('refuse empty, oversized or control-character names and unknown outcomes', () => {
    expect(thrown(() => checkEvent({ actor: '', action: 'auth.sign-in' }), AccordError)).toMatchObject({ code: 'audit.bad-event' });
    expect(thrown(() => checkEvent({ actor: 'user:a\u0000', action: 'auth.sign-in' }), AccordError)).toMatchObject({ code: 'audit.bad-event' });
    expect(thrown(() => checkEvent({ actor: 'user:\ud800', action: 'auth.sign-in' }), AccordError)).toMatchObject({ code: 'audit.bad-event' });
    expect(thrown(() => checkEvent({ actor: 'x'.repeat(257), action: 'auth.sign-in' }), AccordError)).toMatchObject({ code: 'audit.bad-event' });
    expect(thrown(() => checkEvent({ actor: 'user:a', action: 'auth.sign-in', target: 'a\nb' }), AccordError)).toMatchObject({ code: 'audit.bad-event' });
    expect(thrown(() => checkEvent({ actor: 'user:a', action: 'auth.sign-in', outcome: 'maybe' as 'ok' }), AccordError)).toMatchObject({ code: 'audit.bad-event' });
    // Astral characters are whole code points, not lone surrogates.
    expect(checkEvent({ actor: 'user:😀', action: 'auth.sign-in' }).actor).toBe('user:😀');
  });
});
