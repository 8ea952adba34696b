// The proposal bodies of POST /api/v1/members/proposals: each action's change, and a clear
// refusal naming what is missing or wrong.
import { describe, expect, it } from 'vitest';
import { generateNodeKey, publicKeyInfo } from '../trust/index.js';
import { changeOf } from './members.routes.js';

const M = 'identity--3c6f1a2b-4d5e-4f70-8a9b-0c1d2e3f4a5b';

describe('a membership proposal body', () => {
  it('gives the change each action asks for', () => {
    expect(changeOf({ action: 'suspend', subject: M })).toEqual({ action: 'suspend', subject: M });
    expect(changeOf({ action: 'change-url', subject: M, node_url: 'https://node.example/path' })).toEqual({ action: 'change-url', subject: M, nodeUrl: 'https://node.example' });
    expect(changeOf({ action: 'change-rule', rule: '2/3' })).toEqual({ action: 'change-rule', rule: { kind: 'qualified-majority', numerator: 2, denominator: 3 } });
    expect(changeOf({ action: 'compromise-key', subject: M, fingerprint: 'ab'.repeat(32), since: '2027-01-01T00:00:00Z' }))
      .toEqual({ action: 'compromise-key', subject: M, fingerprint: 'ab'.repeat(32), compromisedAt: '2027-01-01T00:00:00.000Z' });
    const key = publicKeyInfo(generateNodeKey('signing')).publicKey;
    expect(changeOf({ action: 'rotate-key', subject: M, public_key: key })).toMatchObject({ action: 'rotate-key', subject: M, key: { publicKey: key } });
  });

  it('names what is missing or wrong', () => {
    const cases: [Parameters<typeof changeOf>[0], RegExp][] = [
      [{ action: 'suspend' }, /suspend needs subject/],
      [{ action: 'admit' }, /admit needs member/],
      [{ action: 'admit', member: { id: M } }, /the member entry is not valid/],
      [{ action: 'change-url', subject: M, node_url: 'not a url' }, /node_url is not a URL/],
      [{ action: 'rotate-key', subject: M, public_key: 'short' }, /public_key/],
      [{ action: 'compromise-key', subject: M, fingerprint: 'ab'.repeat(32), since: 'yesterday' }, /since is not a timestamp/],
      [{ action: 'change-rule' }, /change-rule needs rule/],
    ];
    for (const [body, message] of cases) expect(() => changeOf(body), JSON.stringify(body)).toThrow(expect.objectContaining({ code: 'membership.bad-proposal', message: expect.stringMatching(message) as unknown }) as Error);
  });
});
