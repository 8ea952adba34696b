// The sharing policy against its normative text. Expected outcomes come from the hand-written
// table in docs/sharing-policy.md, parsed at run time: a row the function disagrees with fails,
// and a row this parser cannot read fails too (never skipped). Nothing here derives an expectation
// from the function under test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../test/support/factories.js';
import { BUILTIN_MARKINGS, TLP_LEVELS, tlpMarkingId, tlpOfObject, type TlpLevel } from '../stix/index.js';
import { audienceOf, checkShare, explain, mayFeedDevices, mayRead, mayRelay, type Decision, type PolicyVersion, type Question } from './policy.js';
import type { Audience, MemberId, MembershipView, Share } from './types.js';

// --- the cast (docs/sharing-policy.md, "The cases") -----------------------------------------------

const LETTERS = ['A', 'B', 'C', 'D', 'S', 'X'] as const;
type Letter = (typeof LETTERS)[number];
const idOf = (l: Letter): MemberId => `identity--00000000-0000-4000-8000-0000000000${(LETTERS.indexOf(l) + 10).toString()}`;
const [A, B, C, D, S, X] = LETTERS.map(idOf) as [MemberId, MemberId, MemberId, MemberId, MemberId, MemberId];
const CURRENT = [A, B, C, D];
const GROUP_G: ReadonlyMap<number, readonly MemberId[]> = new Map([[1, [A, B, C, S]], [2, [A, B, C, S, D]]]);
const NAMES = new Map(LETTERS.map((l) => [idOf(l), `CERT-${l}`] as const));

const membership: MembershipView = {
  isMember: (m) => CURRENT.includes(m),
  members: () => CURRENT,
  groupMembers: (group, version) => (group === 'G' ? GROUP_G.get(version) : undefined),
  nameOf: (m) => NAMES.get(m) ?? m,
};

const HASH = 'a'.repeat(64);
const OTHER_HASH = 'b'.repeat(64);
const MODIFIED = '2026-05-01T00:00:00.000Z';
const EARLIER = '2026-04-01T00:00:00.000Z';

// --- parsing the table ------------------------------------------------------------------------------

interface Row {
  readonly name: string;
  readonly version: PolicyVersion;
  readonly shares: readonly Share[];
  readonly question: Question;
  readonly expected: boolean;
  /** The first share's TLP (as a TLP 2.0 level) and audience kind, for the coverage check. */
  readonly first?: { readonly tlp: TlpLevel; readonly audience: Audience['kind'] };
}

function fail(message: string): never {
  throw new Error(message);
}

function member(cell: string): MemberId {
  const l = LETTERS.find((x) => x === cell.trim());
  return l === undefined ? fail(`unknown member "${cell}"`) : idOf(l);
}

// "WHITE (1.0)" is a TLP 1.0 marking: resolve it through its marking definition, as tlpOfObject
// does for objects, so the table checks the 1.0 → 2.0 mapping and not a copy of it.
function tlp1MarkingId(name: string): string {
  const m = BUILTIN_MARKINGS.find((d) => 'definition_type' in d && d.name === `TLP:${name}`);
  return m === undefined ? fail(`no TLP 1.0 marking "${name}"`) : m.id;
}

function markingIdOf(cell: string): string {
  const t = cell.trim();
  const v1 = /^(WHITE|GREEN|AMBER|RED) \(1\.0\)$/.exec(t);
  if (v1 !== null) return tlp1MarkingId(v1[1] ?? '');
  const level = TLP_LEVELS.find((l) => l.toUpperCase() === t);
  return level === undefined ? fail(`unknown TLP "${cell}"`) : tlpMarkingId(level);
}

function tlpOf(cell: string): TlpLevel {
  return tlpOfObject({ object_marking_refs: [markingIdOf(cell)] }) ?? fail(`unknown TLP "${cell}"`);
}

function parseObject(cell: string): PolicyVersion {
  const m = /^(A's|third-party|SCO)(?:, (?:inline (.+)|(unmarked)))?$/.exec(cell.trim()) ?? fail(`unknown object "${cell}"`);
  const [, who, inline, unmarked] = m;
  if (who === "A's" && inline === undefined && unmarked === undefined) fail(`say "inline …" or "unmarked" for A's object: "${cell}"`);
  const inlineTlp = inline === undefined ? undefined : tlpOfObject({ object_marking_refs: [markingIdOf(inline)] });
  const base = {
    hash: HASH,
    ...(inlineTlp === undefined ? {} : { inlineTlp }),
  };
  if (who === 'SCO') return { id: 'ipv4-addr--5f2f3b3e-2a1e-5c1a-9a52-5b1d8c3f0b11', version: null, ...base };
  if (who === 'third-party') return { id: 'attack-pattern--0a3ead4e-6d47-4ccb-854c-a6a4f9d96b22', version: MODIFIED, ...base };
  return { id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', version: MODIFIED, createdBy: A, ...base };
}

function parseAudience(cell: string): Audience {
  const t = cell.trim();
  if (t === 'sharer only') return { kind: 'sharer' };
  if (t === 'all') return { kind: 'all' };
  const g = /^([A-Z])@(\d+)$/.exec(t);
  if (g !== null) return { kind: 'group', group: g[1] ?? '', version: Number(g[2]) };
  return { kind: 'members', members: t.split(',').map(member) };
}

function parseYesNo(cell: string): boolean {
  const t = cell.trim();
  return t === 'yes' ? true : t === 'no' ? false : fail(`expected yes or no, got "${cell}"`);
}

function parseQuestion(cell: string): Question {
  const t = cell.trim();
  let m = /^may (\w) read$/.exec(t);
  if (m !== null) return { kind: 'read', member: member(m[1] ?? '') };
  m = /^may node (\w) pass to (\w)$/.exec(t);
  if (m !== null) return { kind: 'relay', node: member(m[1] ?? ''), to: member(m[2] ?? '') };
  m = /^may (\w) put in device feeds$/.exec(t);
  if (m !== null) return { kind: 'feed', member: member(m[1] ?? '') };
  return fail(`unknown question "${cell}"`);
}

function parseRow(cells: readonly string[], index: number): Row {
  const [name, object, sharer, tlp, audience, relay, question, expected] = cells.map((c) => c.trim());
  if (cells.length < 9 || name === undefined || object === undefined || sharer === undefined || tlp === undefined
    || audience === undefined || relay === undefined || question === undefined || expected === undefined) {
    return fail(`row ${index + 1}: expected 9 cells, got ${cells.length}`);
  }
  const version = parseObject(object);
  const shares: Share[] = [];
  let first: Row['first'];
  if (sharer !== '—') {
    const parts = [sharer, tlp, audience, relay].map((c) => c.split(' + '));
    const n = parts[0]?.length ?? 0;
    if (parts.some((p) => p.length !== n)) fail(`row ${index + 1} ("${name}"): sharer, TLP, audience and relay list different numbers of shares`);
    for (let i = 0; i < n; i++) {
      const [who, binding] = (parts[0]?.[i] ?? '').split(/, (?=earlier version|other hash)/);
      const share: Share = {
        id: `x-accord-share--row-${index + 1}-${i}`,
        objectId: version.id,
        objectVersion: binding === 'earlier version' ? EARLIER : version.version,
        objectHash: binding === 'other hash' ? OTHER_HASH : version.hash,
        sharer: member(who ?? ''),
        tlp: tlpOf(parts[1]?.[i] ?? ''),
        audience: parseAudience(parts[2]?.[i] ?? ''),
        relay: parseYesNo(parts[3]?.[i] ?? ''),
        modified: MODIFIED,
      };
      if (binding !== undefined && binding !== 'earlier version' && binding !== 'other hash') fail(`unknown binding "${binding}"`);
      shares.push(share);
      // Coverage counts TLP 2.0 spellings only, so "WHITE (1.0)" does not stand in for CLEAR.
      if (i === 0 && !(parts[1]?.[0] ?? '').includes('(1.0)')) first = { tlp: share.tlp, audience: share.audience.kind };
    }
  }
  const outcome = expected === 'allow' ? true : expected === 'deny' ? false : fail(`row ${index + 1}: expected allow or deny, got "${expected}"`);
  return { name, version, shares, question: parseQuestion(question), expected: outcome, ...(first === undefined ? {} : { first }) };
}

function readTable(): Row[] {
  const text = readFileSync(join(import.meta.dirname, '../../docs/sharing-policy.md'), 'utf8');
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^\|\s*Case\s*\|/.test(l));
  if (start < 0) return fail('docs/sharing-policy.md: no table with a "Case" column');
  const rows: Row[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(parseRow(line.split('|').slice(1, -1), rows.length));
  }
  return rows;
}

const rows = readTable();

function ask(q: Question, version: PolicyVersion, shares: readonly Share[]): Decision {
  switch (q.kind) {
    case 'read': return mayRead(q.member, version, shares, membership);
    case 'relay': return mayRelay(q.node, q.to, version, shares, membership);
    case 'feed': return mayFeedDevices(q.member, version, shares, membership);
  }
}

describe('docs/sharing-policy.md table', () => {
  it('has enough rows, distinct names, and covers every TLP level × audience kind', () => {
    expect(rows.length).toBeGreaterThanOrEqual(40);
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
    const covered = new Set(rows.flatMap((r) => (r.first === undefined ? [] : [`${r.first.tlp} × ${r.first.audience}`])));
    const missing = TLP_LEVELS.flatMap((t) => (['sharer', 'members', 'group', 'all'] as const).map((a) => `${t} × ${a}`)).filter((k) => !covered.has(k));
    expect(missing).toEqual([]);
    for (const kind of ['read', 'relay', 'feed'] as const) {
      expect(rows.filter((r) => r.question.kind === kind).length, kind).toBeGreaterThanOrEqual(5);
    }
    for (const level of TLP_LEVELS) {
      expect(rows.some((r) => r.question.kind === 'relay' && r.shares[0]?.tlp === level), `relay × ${level}`).toBe(true);
      expect(rows.some((r) => r.question.kind === 'feed' && r.shares[0]?.tlp === level), `feed × ${level}`).toBe(true);
    }
  });

  for (const row of rows) {
    it(`${row.name}: ${row.expected ? 'allow' : 'deny'}`, () => {
      const decision = ask(row.question, row.version, row.shares);
      expect(decision.allowed, explain(decision, membership)).toBe(row.expected);
      // An answer always says why.
      expect(decision.allowed ? decision.grants.length : decision.denials.length).toBeGreaterThan(0);
    });
  }
});

// --- explanations -----------------------------------------------------------------------------------

const own: PolicyVersion = { id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', version: MODIFIED, hash: HASH, inlineTlp: 'amber', createdBy: A };

function share(over: Partial<Share> & Pick<Share, 'tlp' | 'audience'>): Share {
  return { id: 'x-accord-share--1', objectId: own.id, objectVersion: own.version, objectHash: own.hash, sharer: A, relay: false, modified: MODIFIED, ...over };
}

describe('explain', () => {
  const amberBC = share({ tlp: 'amber', audience: { kind: 'members', members: [B, C] } });

  it('says who shared it, under which TLP, with whom, and whether relay is allowed', () => {
    expect(explain(mayRead(B, own, [amberBC], membership), membership))
      .toBe('CERT-B may read this: shared by CERT-A under TLP:AMBER with CERT-B and CERT-C (relay not allowed).');
  });

  it('says why not', () => {
    expect(explain(mayRead(D, own, [amberBC], membership), membership))
      .toBe("CERT-D may not read this: CERT-A's TLP:AMBER share names CERT-B and CERT-C only.");
    expect(explain(mayRead(S, own, [amberBC], membership), membership)).toBe('CERT-S may not read this: CERT-S is not a current member.');
    expect(explain(mayRead(B, own, [], membership), membership)).toBe('CERT-B may not read this: no share covers this version.');
  });

  it('names a refused share and why it was refused', () => {
    const wide = share({ tlp: 'clear', audience: { kind: 'all' } });
    expect(explain(mayRead(B, own, [wide], membership), membership))
      .toBe("CERT-B may not read this: CERT-A's TLP:CLEAR share is refused: the object itself is marked TLP:AMBER.");
    expect(explain(mayRead(A, own, [wide], membership), membership))
      .toBe('CERT-A may read this: its own share under TLP:CLEAR with all members (refused for everyone else: the object itself is marked TLP:AMBER).');
  });

  it('lists every granting share, and speaks of the sharer as "its own share"', () => {
    const green = share({ id: 'x-accord-share--2', sharer: C, tlp: 'green', audience: { kind: 'all' }, relay: true });
    const thirdParty: PolicyVersion = { id: own.id, version: own.version, hash: own.hash };
    expect(explain(mayRead(B, thirdParty, [amberBC, green], membership), membership)).toBe(
      'CERT-B may read this: shared by CERT-A under TLP:AMBER with CERT-B and CERT-C (relay not allowed); '
      + 'also shared by CERT-C under TLP:GREEN with all members (relay allowed).',
    );
    expect(explain(mayRead(A, own, [amberBC], membership), membership))
      .toBe('CERT-A may read this: its own share under TLP:AMBER with CERT-B and CERT-C (relay not allowed).');
  });

  it('explains relay and device-feed answers', () => {
    const red = share({ tlp: 'red', audience: { kind: 'members', members: [B, C] }, relay: true });
    const redOwn: PolicyVersion = { ...own, inlineTlp: 'red' };
    expect(explain(mayRelay(B, C, redOwn, [red], membership), membership))
      .toBe("CERT-B's node may not pass this to CERT-C: TLP:RED is passed on by no one but its sharer (CERT-A).");
    expect(explain(mayRelay(A, C, redOwn, [red], membership), membership))
      .toBe("CERT-A's node may pass this to CERT-C: its own share under TLP:RED with CERT-B and CERT-C (relay not allowed).");
    expect(explain(mayFeedDevices(B, redOwn, [red], membership), membership))
      .toBe('CERT-B may not put this in its device feeds: TLP:RED never goes into device feeds.');
  });
});

describe('checkShare', () => {
  it('names the fault', () => {
    const codes = (s: Share, v: PolicyVersion = own): string => {
      const r = checkShare(s, v, membership);
      return r.valid ? 'valid' : r.code;
    };
    expect(codes(share({ tlp: 'amber', audience: { kind: 'all' } }))).toBe('valid');
    expect(codes(share({ tlp: 'red', audience: { kind: 'all' } }), { ...own, inlineTlp: 'red' })).toBe('red-wide-audience');
    expect(codes(share({ tlp: 'red', audience: { kind: 'group', group: 'G', version: 1 } }))).toBe('red-wide-audience');
    expect(codes(share({ tlp: 'green', audience: { kind: 'all' } }))).toBe('wider-than-inline');
    expect(codes(share({ tlp: 'amber', audience: { kind: 'all' }, objectHash: OTHER_HASH }))).toBe('other-content');
    expect(codes(share({ tlp: 'amber', audience: { kind: 'all' }, objectVersion: EARLIER }))).toBe('other-version');
    expect(codes(share({ tlp: 'amber', audience: { kind: 'all' }, objectId: 'indicator--00000000-0000-4000-8000-000000000000' }))).toBe('other-object');
    expect(codes(share({ tlp: 'amber', audience: { kind: 'all' }, sharer: B }))).toBe('not-originator');
    expect(codes(share({ tlp: 'amber', audience: { kind: 'all' }, sharer: S }), { ...own, createdBy: S })).toBe('sharer-not-member');
  });

  it('is total: odd shares are judged, never thrown on', () => {
    // Shapes the types forbid but a buggy caller could still pass: built from JSON, the casts
    // are the point of the test.
    const base = share({ tlp: 'amber', audience: { kind: 'all' } });
    const weird: Share[] = [
      { ...base, tlp: JSON.parse('"white"') as TlpLevel },
      { ...base, audience: JSON.parse('{"kind":"everyone"}') as Audience },
      { ...base, audience: JSON.parse('{"kind":"members","members":null}') as Audience },
      { ...base, audience: JSON.parse('{"kind":"group","group":"G"}') as Audience },
    ];
    for (const s of weird) {
      expect(checkShare(s, own, membership)).toMatchObject({ valid: false, code: 'malformed' });
      expect(() => audienceOf(own, [s], membership)).not.toThrow();
      expect(mayRead(A, own, [s], membership).allowed).toBe(false);
      expect(mayRelay(A, B, own, [s], membership).allowed).toBe(false);
      expect(mayFeedDevices(A, own, [s], membership).allowed).toBe(false);
      expect(() => explain(mayRead(B, own, [s], membership), membership)).not.toThrow();
    }
  });
});

// --- properties over generated combinations --------------------------------------------------------

// The project's seeded generator (mulberry32), so a failure reproduces.
function prng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

const CAST = LETTERS.map(idOf);
const AUDIENCES: readonly Audience[] = [
  { kind: 'sharer' }, { kind: 'members', members: [B, C] }, { kind: 'members', members: [D, X, S] }, { kind: 'members', members: [] },
  { kind: 'group', group: 'G', version: 1 }, { kind: 'group', group: 'G', version: 2 }, { kind: 'group', group: 'G', version: 9 }, { kind: 'all' },
];
const VERSIONS: readonly PolicyVersion[] = [
  { id: 'ipv4-addr--5f2f3b3e-2a1e-5c1a-9a52-5b1d8c3f0b11', version: null, hash: HASH },
  { id: 'attack-pattern--0a3ead4e-6d47-4ccb-854c-a6a4f9d96b22', version: MODIFIED, hash: HASH, inlineTlp: 'green' },
  { id: own.id, version: MODIFIED, hash: HASH, inlineTlp: 'amber', createdBy: A },
  { id: own.id, version: MODIFIED, hash: HASH, createdBy: B },
];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] ?? fail('empty');
}

function randomShare(rand: () => number, v: PolicyVersion, n: number): Share {
  const binding = rand();
  return {
    id: `x-accord-share--gen-${n}`,
    objectId: v.id,
    objectVersion: binding < 0.1 ? EARLIER : v.version,
    objectHash: binding > 0.9 ? OTHER_HASH : v.hash,
    sharer: pick(rand, [A, B, C, D, S]),
    tlp: pick(rand, TLP_LEVELS),
    audience: pick(rand, AUDIENCES),
    relay: rand() < 0.5,
    modified: MODIFIED,
  };
}

interface Case {
  readonly version: PolicyVersion;
  readonly shares: Share[];
}

function cases(seed: number, count: number): Case[] {
  const rand = prng(seed);
  const out: Case[] = [];
  for (let i = 0; i < count; i++) {
    const version = pick(rand, VERSIONS);
    const n = Math.floor(rand() * 4);
    out.push({ version, shares: Array.from({ length: n }, (_, k) => randomShare(rand, version, i * 10 + k)) });
  }
  return out;
}

// Every answer for every pair of the cast: the read, relay and feed outcomes as one string.
function outcomes(version: PolicyVersion, shares: readonly Share[]): string[] {
  const out: string[] = [];
  for (const m of CAST) {
    out.push(`read ${m} ${String(mayRead(m, version, shares, membership).allowed)}`);
    out.push(`feed ${m} ${String(mayFeedDevices(m, version, shares, membership).allowed)}`);
    for (const to of CAST) out.push(`relay ${m}→${to} ${String(mayRelay(m, to, version, shares, membership).allowed)}`);
  }
  return out;
}

describe('policy properties', () => {
  it('adding a share never takes away a reader, a relay or a feed (the union is monotonic)', () => {
    const rand = prng(7);
    for (const { version, shares } of cases(1, 400)) {
      const more = [...shares, randomShare(rand, version, 999)];
      const before = outcomes(version, shares);
      const after = new Set(outcomes(version, more));
      for (const o of before.filter((x) => x.endsWith(' true'))) expect(after.has(o), o).toBe(true);
    }
  });

  it('a share of other content or another version changes nothing', () => {
    const rand = prng(11);
    for (const { version, shares } of cases(2, 300)) {
      const extra = randomShare(rand, version, 998);
      const before = outcomes(version, shares);
      expect(outcomes(version, [...shares, { ...extra, objectHash: OTHER_HASH }])).toEqual(before);
      expect(outcomes(version, [{ ...extra, objectVersion: EARLIER }, ...shares])).toEqual(before);
    }
  });

  it('the sharer always reads what it shared, when the share is about this version and it may share it', () => {
    const rand = prng(13);
    for (const { version, shares } of cases(3, 300)) {
      const extra = { ...randomShare(rand, version, 997), objectVersion: version.version, objectHash: version.hash };
      const sharer = version.createdBy ?? pick(rand, [A, B, C, D]);
      const all = [...shares, { ...extra, sharer }];
      expect(mayRead(sharer, version, all, membership).allowed).toBe(true);
    }
  });

  it('non-members and suspended members never read, relay or feed', () => {
    for (const { version, shares } of cases(4, 300)) {
      for (const m of [S, X]) {
        expect(mayRead(m, version, shares, membership).allowed).toBe(false);
        expect(mayFeedDevices(m, version, shares, membership).allowed).toBe(false);
        for (const o of CAST) {
          expect(mayRelay(m, o, version, shares, membership).allowed).toBe(false);
          expect(mayRelay(o, m, version, shares, membership).allowed).toBe(false);
        }
      }
    }
  });

  it('relay and device feeds never reach beyond the readers', () => {
    for (const { version, shares } of cases(5, 300)) {
      for (const m of CAST) {
        const reads = mayRead(m, version, shares, membership).allowed;
        if (mayFeedDevices(m, version, shares, membership).allowed) expect(reads).toBe(true);
        for (const n of CAST) if (mayRelay(n, m, version, shares, membership).allowed) expect(reads).toBe(true);
      }
    }
  });

  it('audienceOf is exactly the members mayRead allows', () => {
    for (const { version, shares } of cases(6, 400)) {
      const audience = audienceOf(version, shares, membership);
      expect(new Set(audience).size).toBe(audience.length);
      expect(new Set(audience)).toEqual(new Set(CAST.filter((m) => mayRead(m, version, shares, membership).allowed)));
    }
  });

  it('the order of shares does not matter', () => {
    for (const { version, shares } of cases(8, 200)) {
      expect(outcomes(version, [...shares].reverse())).toEqual(outcomes(version, shares));
    }
  });
});
