// `npm run bench -- membership [--members 100] [--decisions 10000] [--rounds 3]`
// The claim (issue 6): the membership state of a charter of 100 members and 10,000 decisions is
// computed in ≤ 1 s. The decisions form one chain under a 2/3 majority: URL changes, key
// rotations, suspensions and readmissions, a few admissions of new members, each endorsed by just
// enough active members (about 67 of 100), each endorsement an object of its own with a real
// Ed25519 signature. Generated once
// (about 700,000 signatures) and kept under bench/out/ for later runs.
// Measured, median of the rounds: (a) computing the state with every endorsement already verified
// — what a node does each time it recomputes, having verified each endorsement once when it
// received it; (b) the first computation, which also verifies every endorsement; (c) reading
// (checking and hashing) the decision and endorsement objects.
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  computeMembership, endorse, EndorsementVerifier, generateNodeKey, parseCharter, proposeDecision, publicKeyInfo, readDecision, readEndorsement,
  type DecisionChange, type NodeKey,
} from '../src/trust/index.js';
import { Rng } from '../test/support/factories.js';
import { median } from './measure.js';

const { values } = parseArgs({ options: { members: { type: 'string', default: '100' }, decisions: { type: 'string', default: '10000' }, rounds: { type: 'string', default: '3' } } });
const MEMBERS = Number(values.members);
const DECISIONS = Number(values.decisions);
const ROUNDS = Number(values.rounds);
const OUT = new URL('./out/', import.meta.url).pathname;
const file = join(OUT, `membership-v3-${MEMBERS}-${DECISIONS}.jsonl`);
const say = (s: string): void => void process.stderr.write(`${s}\n`);

interface Generated { charter: Record<string, unknown>; decisions: Record<string, unknown>[]; endorsements: Record<string, unknown>[] }

function generate(): Generated {
  const r = new Rng(2027);
  type M = { id: string; name: string; key: NodeKey; active: boolean; url: number };
  const members: M[] = Array.from({ length: MEMBERS }, (_, i) => ({ id: `identity--${r.uuid()}`, name: `Member ${i + 1}`, key: generateNodeKey('signing'), active: true, url: 0 }));
  const charter = {
    type: 'x-accord-charter', name: 'Benchmark mechanism', rule: { kind: 'qualified-majority', numerator: 2, denominator: 3 },
    members: members.map((m, i) => ({
      id: m.id, name: m.name, nodeUrl: `https://node-${i + 1}.example`, signingKeys: [publicKeyInfo(m.key).publicKey],
      encryptionKeys: [publicKeyInfo(generateNodeKey('encryption')).publicKey], contacts: { pointOfContact: `${m.name} 24/7`, languages: ['en'] },
    })),
  };
  let head = parseCharter(charter).hash;
  const decisions: Record<string, unknown>[] = [];
  const endorsements: Record<string, unknown>[] = [];
  let t = Date.parse('2027-01-01T00:00:00.000Z');
  for (let i = 0; i < DECISIONS; i++) {
    const active = members.filter((m) => m.active);
    const suspended = members.filter((m) => !m.active);
    let change: DecisionChange;
    let subject: M | undefined;
    let rotated: NodeKey | undefined;
    // 40 % URL changes, 20 % key rotations, 19 % suspensions (at most 5 at a time), readmissions, 1 in 200 admissions.
    const roll = r.int(1000);
    const changeUrl = (): DecisionChange => {
      const m = r.pick(members);
      subject = m;
      m.url++;
      return { action: 'change-url', subject: m.id, nodeUrl: `https://node-${members.indexOf(m) + 1}-v${m.url}.example` };
    };
    if (roll < 400) {
      change = changeUrl();
    } else if (roll < 600) {
      subject = r.pick(active);
      rotated = generateNodeKey('signing');
      change = { action: 'rotate-key', subject: subject.id, key: { publicKey: publicKeyInfo(rotated).publicKey, fingerprint: rotated.fingerprint } };
    } else if (roll < 790) {
      if (suspended.length < 5) {
        subject = r.pick(active.slice(1));
        change = { action: 'suspend', subject: subject.id };
      } else change = changeUrl();
    } else if (roll < 995) {
      if (suspended.length > 0) {
        subject = r.pick(suspended);
        change = { action: 'readmit', subject: subject.id };
      } else change = changeUrl();
    } else {
      const m: M = { id: `identity--${r.uuid()}`, name: `Member ${members.length + 1}`, key: generateNodeKey('signing'), active: false, url: 0 };
      const enc = generateNodeKey('encryption');
      change = {
        action: 'admit',
        member: {
          id: m.id, name: m.name, nodeUrl: `https://node-${members.length + 1}.example`, contacts: { languages: ['en'] },
          signingKeys: [{ publicKey: publicKeyInfo(m.key).publicKey, fingerprint: m.key.fingerprint }],
          encryptionKeys: [{ publicKey: publicKeyInfo(enc).publicKey, fingerprint: enc.fingerprint }],
        },
      };
      members.push(m); // votes from the next decision on
      subject = m;
    }
    const created = new Date(t += 1000).toISOString();
    const voters = active.filter((m) => !(change.action === 'suspend' && m === subject));
    const needed = Math.ceil((voters.length * 2) / 3);
    const proposer = voters[0] as M;
    const value = proposeDecision({ id: `x-accord-membership-decision--${r.uuid()}`, proposer: proposer.id, previous: head, change, at: created });
    const decision = readDecision(value);
    const signers = [proposer, ...voters.slice(1).sort(() => r.int(3) - 1).slice(0, needed - 1)];
    decisions.push(value);
    for (const m of signers) endorsements.push(endorse(decision, m.id, m.key, created, `x-accord-membership-endorsement--${r.uuid()}`));
    head = decision.hash;
    // The generator's view follows: a member signs with its new key from the rotation on.
    if (rotated !== undefined && subject !== undefined) subject.key = rotated;
    if (change.action === 'suspend' && subject !== undefined) subject.active = false;
    if (change.action === 'readmit' && subject !== undefined) subject.active = true;
    if (change.action === 'admit') (members.at(-1) as M).active = true;
    if (i % 1000 === 999) say(`  generated ${i + 1} decisions`);
  }
  return { charter, decisions, endorsements };
}

/** The generated data as JSON lines (one object per line, tagged C, D or E): too big for one JSON string. */
async function save(g: Generated): Promise<void> {
  const out = createWriteStream(`${file}.tmp`);
  const line = async (tag: string, o: unknown): Promise<void> => {
    if (!out.write(`${tag} ${JSON.stringify(o)}\n`)) await once(out, 'drain');
  };
  await line('C', g.charter);
  for (const d of g.decisions) await line('D', d);
  for (const e of g.endorsements) await line('E', e);
  out.end();
  await once(out, 'close');
  renameSync(`${file}.tmp`, file);
}

async function load(): Promise<Generated> {
  const g: Generated = { charter: {}, decisions: [], endorsements: [] };
  for await (const l of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    const o = JSON.parse(l.slice(2)) as Record<string, unknown>;
    if (l.startsWith('C ')) g.charter = o;
    else if (l.startsWith('D ')) g.decisions.push(o);
    else g.endorsements.push(o);
  }
  return g;
}

mkdirSync(OUT, { recursive: true });
let data: Generated;
if (existsSync(file)) {
  data = await load();
} else {
  say(`membership: generating ${DECISIONS} decisions over ${MEMBERS} members (once; kept in ${file})`);
  data = generate();
  await save(data);
}
const charter = parseCharter(data.charter);
const endorsements = data.endorsements.length;
say(`membership: ${MEMBERS} founding members, ${data.decisions.length} decisions, ${endorsements} endorsements`);

const reads: number[] = [];
const cold: number[] = [];
const warm: number[] = [];
let last;
for (let round = 0; round < ROUNDS; round++) {
  let t0 = performance.now();
  const decisions = data.decisions.map((d) => readDecision(d));
  const signatures = data.endorsements.map((e) => readEndorsement(e));
  reads.push(performance.now() - t0);
  const verifier = new EndorsementVerifier();
  t0 = performance.now();
  computeMembership(charter, decisions, signatures, verifier);
  cold.push(performance.now() - t0);
  t0 = performance.now();
  last = computeMembership(charter, decisions, signatures, verifier);
  warm.push(performance.now() - t0);
  if (last.applied.length !== decisions.length) throw new Error(`only ${last.applied.length} of ${decisions.length} decisions applied: ${JSON.stringify(last.refused.slice(0, 3))} ${JSON.stringify(last.pending.slice(0, 1))}`);
}
const ms = (x: number): string => `${x.toFixed(0)} ms`;
say(`  state with endorsements verified already: ${ms(median(warm))} (target ≤ 1,000 ms)`);
say(`  first computation, verifying every endorsement: ${ms(median(cold))}`);
say(`  reading the decisions and endorsements (check, hash): ${ms(median(reads))}`);
say(`  ${last?.members.size ?? 0} members in the end, ${[...(last?.members.values() ?? [])].filter((m) => m.status === 'suspended').length} suspended`);
process.stdout.write(`${JSON.stringify({ members: MEMBERS, decisions: DECISIONS, endorsements, warm_ms: median(warm), cold_ms: median(cold), read_ms: median(reads) })}\n`);
