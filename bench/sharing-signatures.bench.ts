// `npm run bench -- sharing-signatures [--batch 1000] [--rounds 7]`: the claim of
// docs/decisions/0015 that signing share records in batches (one Ed25519 signature over a Merkle
// root, an audit path per record) lifts the ceiling one Ed25519 verification per record puts on
// convergence. Measures, on one core, as records per second (median of the rounds): signing and
// verifying records one by one, signing a batch (tree and paths included), and verifying every
// record of a batch with the root cache (one Ed25519 verification) and without it (each record
// relayed alone). Records share generated indicators; the objects are built and hashed beforehand.
import { parseArgs } from 'node:util';
import {
  BatchRootCache, buildShare, signShare, signShareBatch, verifyShare, type ShareKeyLookup, type ShareRecord, type UnsignedShareRecord,
} from '../src/sharing/index.js';
import { generateNodeKey, signWithContext, verifyWithContext } from '../src/trust/index.js';
import { buildIndicator, Rng } from '../test/support/factories.js';
import { median } from './measure.js';

const { values } = parseArgs({ options: { batch: { type: 'string', default: '1000' }, rounds: { type: 'string', default: '7' } } });
const N = Number(values.batch);
const ROUNDS = Number(values.rounds);

const SHARER = 'identity--2b7d6c1e-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
const MEMBERS = ['identity--9c8b7a6f-5e4d-4c3b-9a1f-0e2d3c4b5a69', 'identity--4f1e2d3c-6b5a-4978-8a6b-5c4d3e2f1a0b'];
const key = generateNodeKey('signing');
const keyOf: ShareKeyLookup = (member, fp) => (member === SHARER && fp === key.fingerprint ? key.publicKey : undefined);
const now = new Date();

const rng = new Rng(2026);
const unsigned: UnsignedShareRecord[] = Array.from({ length: N }, (_, i) => buildShare({
  object: buildIndicator({}, rng), sharer: SHARER, tlp: i % 2 === 0 ? 'amber' : 'green',
  audience: { kind: 'members', members: MEMBERS }, relay: true, sourceReliability: 'B', informationAccuracy: 2, at: now,
}));

/** Records per second of `work` over `count` records: median of ROUNDS timed rounds after one warm-up. */
function rate(count: number, work: () => void): number {
  work();
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = performance.now();
    work();
    rounds.push(count / ((performance.now() - start) / 1000));
  }
  return median(rounds);
}

function mustVerify(records: readonly ShareRecord[], cache: BatchRootCache | null): void {
  for (const r of records) if (!verifyShare(r, keyOf, now, { cache }).ok) throw new Error(`record ${r.id} did not verify`);
}

const message = 'x'.repeat(600);
const rawSig = signWithContext(key, 'accord-bench-v1', message);
const singles = unsigned.map((r) => signShare(r, key));
const batched = signShareBatch(unsigned, key);

const rows: [string, number][] = [
  ['Ed25519 verify alone (600-byte message, for reference)', rate(N, () => {
    for (let i = 0; i < N; i++) verifyWithContext(key.publicKey, 'accord-bench-v1', message, rawSig);
  })],
  ['single: sign each record', rate(N, () => {
    for (const r of unsigned) signShare(r, key);
  })],
  ['single: verify each record', rate(N, () => mustVerify(singles, null))],
  [`batch of ${N}: sign (tree and audit paths included)`, rate(N, () => {
    signShareBatch(unsigned, key);
  })],
  [`batch of ${N}: verify every record, root cache (1 Ed25519)`, rate(N, () => mustVerify(batched, new BatchRootCache()))],
  [`batch of ${N}: verify every record alone, no cache`, rate(N, () => mustVerify(batched, null))],
];

const bytes = (rs: readonly ShareRecord[]): number => Math.round(rs.reduce((s, r) => s + JSON.stringify(r).length, 0) / rs.length);
console.log(`${N.toLocaleString('en-GB')} share records of generated indicators, median of ${ROUNDS} rounds, one core (Node ${process.versions.node})`);
for (const [name, perSecond] of rows) console.log(`${name.padEnd(62)} ${Math.round(perSecond).toLocaleString('en-GB').padStart(10)} records/s`);
const pathLength = batched.reduce((s, r) => s + (r.signature.proof?.length ?? 0), 0) / batched.length;
console.log(`record size (JSON): single-signed ${bytes(singles)} B, batch-signed ${bytes(batched)} B (audit paths of ${pathLength.toFixed(1)} hashes on average)`);
