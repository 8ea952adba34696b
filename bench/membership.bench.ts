// `npm run bench -- membership [--members 100] [--decisions 10000] [--rounds 3] [--retractions 20] [--part state|retraction|all]`
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
//
// Part 2, the claim (issue 6): a retraction's round trip to every holder in a 5-node mesh, p95
// ≤ 5 s. Five `accord serve` processes (SQLite, loopback, full mesh, sync interval 30 s: pushes
// carry everything); node A shares objects with every member (TLP:GREEN, relayed), then purges
// them one at a time with `accord retractions purge`. Measured per retraction: from its `created`
// (set by the command as it signs) — and, more conservatively, from starting the command — to the
// moment A's store holds the signed receipts of all four holders.
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  computeMembership, endorse, EndorsementVerifier, generateNodeKey, parseCharter, proposeDecision, publicKeyInfo, readDecision, readEndorsement,
  type DecisionChange, type NodeKey,
} from '../src/trust/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { initFederation, runAccord, startNode } from '../test/support/cli.js';
import { buildIndicator, Rng, TLP_GREEN } from '../test/support/factories.js';
import { median } from './measure.js';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '100' }, decisions: { type: 'string', default: '10000' }, rounds: { type: 'string', default: '3' },
    retractions: { type: 'string', default: '20' }, part: { type: 'string', default: 'all' },
  },
});
const PART = String(values.part);
if (!['state', 'retraction', 'all'].includes(PART)) throw new Error(`--part is state, retraction or all, not ${PART}`);
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

async function statePart(): Promise<void> {
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
}

async function retractionPart(): Promise<void> {
  const COUNT = Number(values.retractions);
  const dir = mkdtempSync(join(tmpdir(), 'accord-bench-retraction-'));
  const names = ['a', 'b', 'c', 'd', 'e'] as const;
  const nodes: Awaited<ReturnType<typeof startNode>>[] = [];
  let store: Store | undefined;
  try {
    say(`retraction: starting 5 nodes (SQLite, loopback, full mesh) in ${dir}`);
    const m = await initFederation(dir, names);
    const members = names.map((n) => m[n].entry);
    for (const n of names) writeFileSync(join(m[n].data, 'accord.json'), JSON.stringify({ members, syncIntervalSeconds: 30 }));
    for (const n of names) nodes.push(await startNode(['--data', m[n].data, '--port', String(m[n].port)]));
    const objects = Array.from({ length: COUNT }, (_, i) => buildIndicator({ object_marking_refs: [TLP_GREEN], name: `retraction bench ${i}` }));
    writeFileSync(join(dir, 'bundle.json'), JSON.stringify({ type: 'bundle', id: 'bundle--1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b', objects }));
    writeFileSync(join(dir, 'ids.txt'), objects.map((o) => String(o.id)).join('\n'));
    const run = async (args: readonly string[]): Promise<string> => {
      const r = await runAccord([...args, '--data', m.a.data]);
      if (r.code !== 0) throw new Error(`accord ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
      return r.stdout;
    };
    await run(['import', join(dir, 'bundle.json')]);
    await run(['share', '--ids-file', join(dir, 'ids.txt'), '--tlp', 'green', '--all', '--relay']);
    const holders = await Promise.all((['b', 'c', 'd', 'e'] as const).map((n) => openStore(`sqlite:${join(m[n].data, 'accord.db')}`)));
    try {
      for (const deadline = Date.now() + 60_000; ;) {
        const held = await Promise.all(holders.map(async (h) => (await Promise.all(objects.map(async (o) => (await h.objects.versions(String(o.id))).length))).every((k) => k === 1)));
        if (held.every(Boolean)) break;
        if (Date.now() > deadline) throw new Error('the shared objects did not reach every node within 60 s');
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      for (const h of holders) await h.close();
    }
    store = await openStore(`sqlite:${join(m.a.data, 'accord.db')}`);
    const fromCreated: number[] = [];
    const fromCommand: number[] = [];
    for (const o of objects) {
      const started = Date.now();
      const out = JSON.parse(await run(['retractions', 'purge', String(o.id), '--json'])) as { retraction: { id: string; created: string } };
      const created = Date.parse(out.retraction.created);
      for (const deadline = Date.now() + 60_000; ;) {
        const receipts = await store.retractions.receipts([out.retraction.id]);
        if (receipts.length === 4) break;
        if (Date.now() > deadline) throw new Error(`only ${receipts.length} of 4 receipts for ${out.retraction.id} after 60 s`);
        await new Promise((r) => setTimeout(r, 20));
      }
      const done = Date.now();
      fromCreated.push(done - created);
      fromCommand.push(done - started);
    }
    const p = (xs: readonly number[], q: number): number => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)] ?? NaN;
    const s2 = (x: number): string => `${(x / 1000).toFixed(2)} s`;
    say(`  retraction round trip to all 4 holders, ${COUNT} purges one after another:`);
    say(`    from the retraction's creation: median ${s2(median(fromCreated))}, p95 ${s2(p(fromCreated, 0.95))}, max ${s2(Math.max(...fromCreated))} (target p95 ≤ 5 s)`);
    say(`    from starting \`accord retractions purge\`: median ${s2(median(fromCommand))}, p95 ${s2(p(fromCommand, 0.95))}`);
    process.stdout.write(`${JSON.stringify({ retractions: COUNT, round_trip_p50_ms: median(fromCreated), round_trip_p95_ms: p(fromCreated, 0.95), command_p95_ms: p(fromCommand, 0.95) })}\n`);
  } finally {
    await store?.close();
    for (const n of nodes) await n.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (PART !== 'retraction') await statePart();
if (PART !== 'state') await retractionPart();
