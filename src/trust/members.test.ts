import { describe, expect, it } from 'vitest';
import { isAccordError } from '../stix/index.js';
import { generateNodeKey, publicKeyInfo } from './keys.js';
import { parseMemberList, StaticMembership } from './members.js';

const A = 'identity--0b7a8e7c-1a68-4d5a-9c7c-2a0c9f4d2b11';
const B = 'identity--5d2c0c7e-9a44-4d0e-8f6b-3b1f7c2e9a20';
const C = 'identity--9f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e5f';
const keyA = publicKeyInfo(generateNodeKey('signing'));
const keyA2 = publicKeyInfo(generateNodeKey('signing'));
const keyB = publicKeyInfo(generateNodeKey('signing'));
const keyC = publicKeyInfo(generateNodeKey('signing'));

const members = [
  { id: A, name: 'CERT-A', nodeUrl: 'https://accord.cert-a.example', keys: [keyA.publicKey, keyA2.publicKey] },
  { id: B, name: 'CERT-B', nodeUrl: 'http://127.0.0.1:8471', keys: [keyB.publicKey] },
  { id: C, name: 'Org C', nodeUrl: 'https://c.example:8443/', keys: [keyC.publicKey], status: 'suspended' },
];
const groups = [{ id: 'x-accord-group--3f0c8a4e-2b61-4d7e-9a55-0c1b2d3e4f60', name: 'Energy', versions: [{ version: 1, members: [A, B] }, { version: 2, members: [A, B, C] }] }];

function problemsOf(m: unknown, g?: unknown): string[] {
  try {
    parseMemberList(m, g, 'accord.json');
  } catch (e) {
    if (isAccordError(e) && e.code === 'trust.bad-member-list') return (e.details as { problems: string[] }).problems;
    throw e;
  }
  return [];
}

describe('the static member list', () => {
  it('reads members and sharing groups, and answers who is a member, in which group version, with which key', () => {
    const parsed = parseMemberList(members, groups, 'accord.json');
    const m = new StaticMembership(parsed.members, parsed.groups);
    expect(m.members()).toEqual([A, B]);
    expect(m.isMember(A)).toBe(true);
    expect(m.isMember(C)).toBe(false); // suspended
    expect(m.isMember('identity--00000000-0000-4000-8000-000000000000')).toBe(false);
    expect(m.all().map((x) => x.nodeUrl)).toEqual(['https://accord.cert-a.example', 'http://127.0.0.1:8471', 'https://c.example:8443']);
    expect(m.groupMembers('x-accord-group--3f0c8a4e-2b61-4d7e-9a55-0c1b2d3e4f60', 1)).toEqual([A, B]);
    expect(m.groupMembers('x-accord-group--3f0c8a4e-2b61-4d7e-9a55-0c1b2d3e4f60', 2)).toEqual([A, B, C]);
    expect(m.groupMembers('x-accord-group--3f0c8a4e-2b61-4d7e-9a55-0c1b2d3e4f60', 3)).toBeUndefined();
    expect(m.groupMembers('other', 1)).toBeUndefined();
    expect(m.nameOf(B)).toBe('CERT-B');
    expect(m.nameOf('identity--x')).toBe('identity--x');
    // Both keys of A verify its signatures (a rotation); a key is found by member and fingerprint only.
    expect(m.keyOf(A, keyA.fingerprint)).toBeDefined();
    expect(m.keyOf(A, keyA2.fingerprint)).toBeDefined();
    expect(m.keyOf(B, keyA.fingerprint)).toBeUndefined();
    expect(m.keyOf(A, 'ab'.repeat(32))).toBeUndefined();
    expect(StaticMembership.none().members()).toEqual([]);
  });

  it('names every problem of a bad list at once, with where it is', () => {
    const problems = problemsOf([
      { id: 'identity--not-a-uuid', name: '', nodeUrl: 'http://accord.example', keys: [] },
      { id: B, name: 'B', nodeUrl: 'https://b.example/taxii2/', keys: ['short'], colour: 'red' },
      { id: B, name: 'B again', nodeUrl: 'https://b2.example', keys: [keyA.publicKey], status: 'gone' },
      { id: A, name: 'A', nodeUrl: 'https://a.example', keys: [keyA.publicKey, keyA.publicKey] },
      'C',
    ], [{ id: 'Bad Id', name: 'x', versions: [{ version: 2, members: [A] }] }, { id: 'x-accord-group--00000000-0000-4000-8000-000000000001', name: 'g', versions: [{ version: 1, members: [C] }] }]);
    const expected = [
      /members\[0\]\.id must be the member's STIX identity id/,
      /members\[0\]\.name must be a non-empty string/,
      /members\[0\]\.nodeUrl must be https:\/\/ .*http:\/\/accord\.example/,
      /members\[0\]\.keys must list at least one Ed25519 public key/,
      /members\[1\] has unknown properties: colour/,
      /members\[1\]\.nodeUrl must be the node's origin only/,
      /members\[1\]\.keys\[0\] must be a 32-byte Ed25519 public key/,
      /members\[2\]\.id identity--5d2c.* is listed twice/,
      /members\[2\]\.status must be "active" or "suspended"/,
      /members\[3\]\.keys\[1\] repeats a key/,
      /members\[4\] must be an object/,
      /sharingGroups\[0\]\.id must be a sharing group id/,
      /sharingGroups\[0\]\.versions\[0\]\.version must be 1/,
      /sharingGroups\[1\]\.versions\[0\]\.members names identity--9f1e.*, not in members/,
    ];
    for (const re of expected) expect(problems.some((p) => re.test(p)), `${re} in\n${problems.join('\n')}`).toBe(true);
    expect(problems.every((p) => p.startsWith('accord.json: '))).toBe(true);
    expect(problemsOf({})).toEqual(['accord.json: members must be a list of {id, name, nodeUrl, keys}']);
    expect(problemsOf(members, 'x')).toEqual(['accord.json: sharingGroups must be a list of {id, name, versions}']);
  });

  it('refuses two members with the same key: a signature must name exactly one member', () => {
    const problems = problemsOf([
      { id: A, name: 'A', nodeUrl: 'https://a.example', keys: [keyA.publicKey] },
      { id: B, name: 'B', nodeUrl: 'https://b.example', keys: [keyA.publicKey] },
    ]);
    expect(problems).toEqual([`accord.json: members ${A} and ${B} share the key ${keyA.fingerprint}`]);
  });
});
