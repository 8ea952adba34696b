import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../test/support/factories.js';
import { parseCharter, type Charter } from './charter.js';
import { generateNodeKey, publicKeyInfo, type NodeKey } from './keys.js';
import {
  applyContactUpdates, computeMembership, endorse, EndorsementVerifier, memberUpdate, proposeDecision, readDecision, readEndorsement, readMemberUpdate,
  type Decision, type DecisionChange, type Endorsement, type MembershipState,
} from './membership.js';

interface Founder { id: string; name: string; key: NodeKey; enc: NodeKey }

function founder(i: number): Founder {
  return { id: `identity--${randomUUID()}`, name: `CERT-${String.fromCharCode(65 + i)}`, key: generateNodeKey('signing'), enc: generateNodeKey('encryption') };
}

function entry(f: Founder): Record<string, unknown> {
  return {
    id: f.id, name: f.name, nodeUrl: `https://${f.name.toLowerCase()}.example`,
    signingKeys: [publicKeyInfo(f.key).publicKey], encryptionKeys: [publicKeyInfo(f.enc).publicKey],
    contacts: { pointOfContact: `${f.name} 24/7 desk`, email: `soc@${f.name.toLowerCase()}.example`, languages: ['en', 'fr'], hours: '24/7' },
  };
}

function charterOf(founders: readonly Founder[], rule: Record<string, unknown> = { kind: 'qualified-majority', numerator: 2, denominator: 3 }): Record<string, unknown> {
  return { type: 'x-accord-charter', name: 'Test mechanism', members: founders.map(entry), rule };
}

let tick = Date.parse('2027-03-01T00:00:00.000Z');
const at = (): string => new Date(tick++ * 1 + 1000).toISOString();

/** A decision and its endorsements, as a node holds them. */
interface Held { d: Decision; e: Endorsement[] }
type Signer = Founder | { f: Founder; key: NodeKey; at?: string };

/** `member`'s endorsement of `d` (its key, or the one given; at the decision's time, or the one given). */
function sign(d: Decision, s: Signer): Endorsement {
  const member = 'f' in s ? s.f : s;
  return readEndorsement(endorse(d, member.id, 'f' in s ? s.key : s.key, 'f' in s && s.at !== undefined ? s.at : d.created, `x-accord-membership-endorsement--${randomUUID()}`));
}

/** A decision following `previous`, proposed by the first signer, endorsed by every signer. */
function decide(previous: string, change: DecisionChange, signers: readonly Signer[]): Held {
  const first = signers[0] as Signer;
  const proposer = 'f' in first ? first.f : first;
  const d = readDecision(proposeDecision({ id: `x-accord-membership-decision--${randomUUID()}`, proposer: proposer.id, previous, change, at: at() }));
  return { d, e: signers.map((x) => sign(d, x)) };
}

/** The state of `charter` with these decisions and their endorsements. */
function state(charter: Charter, held: readonly Held[], verifier?: EndorsementVerifier): MembershipState {
  return computeMembership(charter, held.map((h) => h.d), held.flatMap((h) => h.e), verifier);
}

function statuses(s: MembershipState): Record<string, string> {
  return Object.fromEntries([...s.members.values()].map((m) => [m.name, m.status]));
}

describe('the charter', () => {
  const founders = [0, 1, 2].map(founder);

  it('reads the founding members and the rule, and is pinned by its SHA-256', () => {
    const value = charterOf(founders);
    const charter = parseCharter(value);
    expect(charter.members.map((m) => m.name)).toEqual(['CERT-A', 'CERT-B', 'CERT-C']);
    expect(charter.rule).toEqual({ kind: 'qualified-majority', numerator: 2, denominator: 3 });
    expect(charter.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(parseCharter(value, charter.hash.toUpperCase()).hash).toBe(charter.hash);
    // Same content, keys in another order: the same charter.
    expect(parseCharter(JSON.parse(JSON.stringify({ rule: value.rule, members: value.members, name: value.name, type: value.type }))).hash).toBe(charter.hash);
    expect(() => parseCharter({ ...value, name: 'Another mechanism' }, charter.hash)).toThrow(expect.objectContaining({ code: 'trust.charter-mismatch' }));
  });

  it('names every problem of a bad charter', () => {
    const bad = charterOf(founders, { kind: 'qualified-majority', numerator: 1, denominator: 2 });
    const members = bad.members as Record<string, unknown>[];
    members[1] = { ...members[1], id: 'identity--nope', nodeUrl: 'http://cert-b.example/taxii2/' };
    members[2] = { ...members[2], signingKeys: (members[0] as { signingKeys: string[] }).signingKeys };
    let message = '';
    try {
      parseCharter({ ...bad, extra: true });
    } catch (e) {
      expect(e).toMatchObject({ code: 'trust.bad-charter' });
      message = (e as Error).message;
    }
    expect(message).toContain('more than one half');
    expect(message).toContain('charter.members[1].id must be');
    expect(message).toContain('charter.members[1].nodeUrl must be https://');
    expect(message).toMatch(/the key [0-9a-f]{64} is listed for identity--.* and for identity--/);
    expect(message).toContain('charter.extra is not a charter field');
  });
});

describe('membership decisions', () => {
  const f = [0, 1, 2, 3, 4].map(founder);
  const [a, b, c, d, e] = f as [Founder, Founder, Founder, Founder, Founder];
  const majority = parseCharter(charterOf(f));
  const consensus = parseCharter(charterOf(f, { kind: 'consensus' }));
  const newcomer = founder(5);
  const admitNewcomer = { action: 'admit', member: parseCharter(charterOf([newcomer])).members[0] } as DecisionChange;

  it('admits a member with a 2/3 majority of the active members, and says what is missing before', () => {
    const three = decide(majority.hash, admitNewcomer, [a, b, c]);
    let s = state(majority, [three]);
    expect(s.applied).toEqual([]);
    expect(s.pending).toEqual([expect.objectContaining({ id: three.d.id, needed: 1, endorsedBy: [a.id, b.id, c.id], notYet: [d.id, e.id] })]);
    // D's endorsement arrives later, as its own object: the decision applies.
    s = state(majority, [{ d: three.d, e: [...three.e, sign(three.d, d)] }]);
    expect(s.applied).toEqual([three.d.id]);
    expect(s.head).toBe(three.d.hash);
    expect(s.members.get(newcomer.id)).toMatchObject({ name: 'CERT-F', status: 'active', admittedBy: three.d.id, contacts: { pointOfContact: 'CERT-F 24/7 desk' } });
    // The same decision and endorsements held twice count once.
    expect(state(majority, [three, three]).pending[0]?.endorsedBy).toHaveLength(3);
  });

  it('needs every active member under consensus, and the proposer always', () => {
    expect(state(consensus, [decide(consensus.hash, admitNewcomer, [a, b, c, d])]).pending[0]).toMatchObject({ needed: 1, notYet: [e.id] });
    expect(state(consensus, [decide(consensus.hash, admitNewcomer, f)]).members.has(newcomer.id)).toBe(true);
    // Four others endorse what E proposed, but E did not sign: not applied.
    const proposed = decide(majority.hash, admitNewcomer, [e, a, b, c]);
    expect(state(majority, [{ d: proposed.d, e: proposed.e.slice(1) }]).applied).toEqual([]);
    expect(state(majority, [proposed]).applied).toEqual([proposed.d.id]);
  });

  it('computes the same state whatever order the decisions and endorsements arrive in', () => {
    const chain: Held[] = [];
    let head = majority.hash;
    const changes: DecisionChange[] = [
      admitNewcomer,
      { action: 'suspend', subject: e.id },
      { action: 'change-url', subject: b.id, nodeUrl: 'https://new-b.example' },
      { action: 'readmit', subject: e.id },
      { action: 'change-rule', rule: { kind: 'consensus' } },
      { action: 'suspend', subject: c.id },
    ];
    for (const [i, change] of changes.entries()) {
      // Under consensus (the sixth change), every active member but the suspension's subject signs.
      const signers = i < 5 ? [a, b, c, d] : [...f, newcomer].filter((m) => m.id !== c.id);
      const h = decide(head, change, signers);
      chain.push(h);
      head = h.d.hash;
    }
    const reference = state(majority, chain);
    expect(reference.applied).toEqual(chain.map((h) => h.d.id));
    expect(statuses(reference)).toMatchObject({ 'CERT-C': 'suspended', 'CERT-E': 'active', 'CERT-F': 'active' });
    expect(reference.members.get(b.id)?.nodeUrl).toBe('https://new-b.example');
    expect(reference.rule).toEqual({ kind: 'consensus' });
    const rng = new Rng(6);
    const shuffle = <T>(xs: readonly T[]): T[] => xs.map((x) => ({ x, k: rng.int(1_000_000) })).sort((p, q) => p.k - q.k).map((p) => p.x);
    for (let round = 0; round < 20; round++) {
      const s = computeMembership(majority, shuffle(chain.map((h) => h.d)), shuffle(chain.flatMap((h) => h.e)));
      expect({ head: s.head, applied: s.applied, statuses: statuses(s) }).toEqual({ head: reference.head, applied: reference.applied, statuses: statuses(reference) });
    }
  });

  it('applies neither branch of a fork, and reports both', () => {
    const x = decide(majority.hash, { action: 'suspend', subject: e.id }, [a, b, c, d]);
    const y = decide(majority.hash, admitNewcomer, [a, b, c, d]);
    const s = state(majority, [x, y]);
    expect(s.applied).toEqual([]);
    expect(s.head).toBe(majority.hash);
    expect(s.refused.map((r) => r.id).sort()).toEqual([x.d.id, y.d.id].sort());
    expect(s.refused[0]?.reason).toMatch(/the chain forks after .*neither is applied/);
    // What followed one branch is not reached either.
    const after = decide(x.d.hash, { action: 'readmit', subject: e.id }, [a, b, c, d]);
    expect(state(majority, [x, y, after]).applied).toEqual([]);
  });

  it("refuses forged and replayed endorsements, a suspended member's endorsement, and a suspended proposer", () => {
    const target = decide(majority.hash, admitNewcomer, [a, b, c]);
    const other = decide(majority.hash, { action: 'change-url', subject: a.id, nodeUrl: 'https://a2.example' }, [a, b, c, d]);
    const stranger = generateNodeKey('signing');
    const forgedE = { ...sign(target.d, { f: e, key: stranger }), keyFingerprint: e.key.fingerprint }; // another key under E's name
    const replayedD = { ...(other.e[3] as Endorsement), decisionHash: target.d.hash, decisionId: target.d.id }; // D's signature of another decision
    const s = state(majority, [{ d: target.d, e: [...target.e, forgedE, replayedD] }]);
    expect(s.applied).toEqual([]);
    expect(s.pending[0]?.invalid.map((x) => x.reason).sort()).toEqual([
      expect.stringMatching(/CERT-D's endorsement does not verify/), expect.stringMatching(/CERT-E's endorsement does not verify/),
    ]);
    const relabelled = { ...(other.e[3] as Endorsement), decisionId: target.d.id };
    expect(state(majority, [other, { d: target.d, e: [...target.e, { ...relabelled, decisionHash: other.d.hash }] }]).refused).toEqual([]);

    const suspendE = decide(majority.hash, { action: 'suspend', subject: e.id }, [a, b, c, d]);
    const byE = decide(suspendE.d.hash, admitNewcomer, [e, a, b, c, d]);
    const t = state(majority, [suspendE, byE]);
    expect(t.applied).toEqual([suspendE.d.id]);
    expect(t.refused).toEqual([expect.objectContaining({ id: byE.d.id, reason: expect.stringMatching(/proposer CERT-E is suspended/) as unknown })]);
    const withE = decide(suspendE.d.hash, admitNewcomer, [a, b, e]);
    expect(state(majority, [suspendE, withE]).pending[0]?.invalid).toEqual([{ member: e.id, reason: 'CERT-E is suspended' }]);
  });

  it("keeps a rotated key's earlier signatures valid, and refuses what a compromised key signed from its compromise on", () => {
    const newKey = generateNodeKey('signing');
    const rotate = decide(majority.hash, { action: 'rotate-key', subject: a.id, key: { publicKey: publicKeyInfo(newKey).publicKey, fingerprint: newKey.fingerprint } }, [a, b, c, d]);
    // A's old key signed this before the rotation (a decision that waited for endorsements): it still counts.
    const early = new Date(Date.parse(rotate.d.created) - 60_000).toISOString();
    const next = decide(rotate.d.hash, admitNewcomer, [b, { f: a, key: a.key, at: early }, c, d]);
    expect(state(majority, [rotate, next]).applied).toEqual([rotate.d.id, next.d.id]);
    // Signed with the old key after the rotation: does not count; with the new key: counts.
    const late = decide(rotate.d.hash, admitNewcomer, [b, { f: a, key: a.key }, c]);
    expect(state(majority, [rotate, late]).pending[0]?.invalid[0]?.reason).toMatch(/retired as of/);
    expect(state(majority, [rotate, decide(rotate.d.hash, admitNewcomer, [b, { f: a, key: newKey }, c, d])]).applied).toHaveLength(2);

    const compromisedAt = '2027-03-01T00:00:10.000Z';
    const compromise = decide(majority.hash, { action: 'compromise-key', subject: b.id, fingerprint: b.key.fingerprint, compromisedAt }, [c, d, e, a]);
    const before = decide(compromise.d.hash, admitNewcomer, [a, { f: b, key: b.key, at: '2027-03-01T00:00:09.000Z' }, c, d]);
    expect(state(majority, [compromise, before]).applied).toEqual([compromise.d.id, before.d.id]);
    const after = decide(compromise.d.hash, admitNewcomer, [a, { f: b, key: b.key, at: compromisedAt }, c]);
    expect(state(majority, [compromise, after]).pending[0]?.invalid).toEqual([
      { member: b.id, reason: expect.stringMatching(/compromised as of 2027-03-01T00:00:10.000Z/) as unknown },
    ]);
  });

  it('refuses a decision that follows nothing held, and one that makes no sense at its point', () => {
    const orphan = decide('0'.repeat(64), admitNewcomer, [a, b, c, d]);
    const readmitActive = decide(majority.hash, { action: 'readmit', subject: b.id }, [a, b, c, d]);
    const s = state(majority, [orphan, readmitActive]);
    expect(s.refused.map((r) => r.reason).sort()).toEqual([
      'CERT-B is not suspended', `it follows ${'0'.repeat(64)}, which is neither the charter nor a decision held here`,
    ].sort());
  });

  it('reads decisions and endorsements strictly, naming the property at fault', () => {
    const held = decide(majority.hash, admitNewcomer, [a, b, c, d]);
    const good = held.d.value;
    const code = (read: (v: unknown) => unknown, v: unknown): string => {
      try {
        read(v);
        return 'ok';
      } catch (x) {
        return `${(x as { code: string }).code} ${(x as { details?: { path?: string } }).details?.path ?? ''}`;
      }
    };
    const dec = (v: unknown): string => code(readDecision, v);
    expect(dec(good)).toBe('ok');
    expect(dec({ ...good, change: 'expel' })).toBe('membership.bad-decision /change');
    expect(dec({ ...good, modified: '2030-01-01T00:00:00Z' })).toBe('membership.bad-decision /modified');
    expect(dec({ ...good, subject_ref: a.id })).toBe('membership.bad-decision /subject_ref');
    expect(dec({ ...good, previous_hash: 'abc' })).toBe('membership.bad-decision /previous_hash');
    expect(dec({ ...good, member: { ...(good.member as object), node_url: 'ftp://x' } })).toBe('membership.bad-decision /member');
    expect(dec({ ...good, extensions: {} })).toBe('membership.bad-decision /extensions');
    expect(dec([good])).toBe('membership.bad-decision ');
    const endorsement = endorse(held.d, a.id, a.key, held.d.created, `x-accord-membership-endorsement--${randomUUID()}`);
    expect(code(readEndorsement, endorsement)).toBe('ok');
    expect(code(readEndorsement, { ...endorsement, decision_hash: 'x' })).toBe('membership.bad-endorsement /decision_hash');
    expect(code(readEndorsement, { ...endorsement, note: 'hi' })).toBe('membership.bad-endorsement /note');
  });

  it('verifies each endorsement once however often the state is computed', () => {
    const held = decide(majority.hash, admitNewcomer, [a, b, c, d]);
    const verifier = new EndorsementVerifier();
    state(majority, [held], verifier);
    state(majority, [{ d: readDecision(held.d.value), e: held.e.map((x) => ({ ...x })) }], verifier);
    expect(verifier.verifications).toBe(4);
  });
});

describe('the directory of contact points', () => {
  const f = [0, 1, 2].map(founder);
  const [a, b] = f as [Founder, Founder, Founder];
  const charter = parseCharter(charterOf(f));
  const base = computeMembership(charter, [], []);
  const update = (who: Founder, key: NodeKey, contacts: Record<string, unknown>, when: string) =>
    readMemberUpdate(memberUpdate({ id: `x-accord-member-update--${randomUUID()}`, member: who.id, key, contacts, at: when }));

  it("keeps each member's own latest signed update, and refuses one made with another member's key", () => {
    const first = update(a, a.key, { pointOfContact: 'CERT-A duty officer', languages: ['en', 'ar'], hours: '24/7' }, '2027-04-01T00:00:00.000Z');
    const later = update(a, a.key, { pointOfContact: 'CERT-A night desk', languages: ['ar'], hours: '24/7' }, '2027-05-01T00:00:00.000Z');
    const byB = readMemberUpdate({ ...memberUpdate({ id: `x-accord-member-update--${randomUUID()}`, member: a.id, key: b.key, contacts: { pointOfContact: 'hijacked' }, at: '2027-06-01T00:00:00.000Z' }) });
    const { state, refused } = applyContactUpdates(base, [later, byB, first]);
    expect(state.members.get(a.id)?.contacts).toEqual({ pointOfContact: 'CERT-A night desk', languages: ['ar'], hours: '24/7' });
    expect(state.members.get(b.id)?.contacts.pointOfContact).toBe('CERT-B 24/7 desk'); // the charter's
    expect(refused).toEqual([{ id: byB.id, hash: byB.hash, reason: expect.stringMatching(/CERT-A has no signing key .*a member updates its own entry only/) as unknown }]);
    // A changed contact under the member's signature does not verify.
    const altered = readMemberUpdate({ ...(memberUpdate({ id: `x-accord-member-update--${randomUUID()}`, member: a.id, key: a.key, contacts: { email: 'soc@a.example' }, at: '2027-07-01T00:00:00.000Z' })), contacts: { email: 'attacker@evil.example' } });
    expect(applyContactUpdates(base, [altered]).refused[0]?.reason).toMatch(/does not verify/);
  });

  it('reads updates strictly', () => {
    const good = memberUpdate({ id: `x-accord-member-update--${randomUUID()}`, member: a.id, key: a.key, contacts: { languages: ['fr'] }, at: '2027-04-01T00:00:00.000Z' });
    expect(() => readMemberUpdate({ ...good, contacts: { languages: ['not a tag!'] } })).toThrow(expect.objectContaining({ code: 'membership.bad-member-update' }));
    expect(() => readMemberUpdate({ ...good, contacts: { fax: '+1' } })).toThrow(/fax is not a contact field/);
    expect(() => readMemberUpdate({ ...good, role: 'admin' })).toThrow(/\/role: is not a property/);
  });
});

export type { Charter };
