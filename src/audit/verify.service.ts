// Verifying the audit log: is the chain in the store exactly what the node sealed and signed?
//
// The chain is read in pages (never whole) in seq order, and each entry is checked in this order:
//   1. its seq is the next one (the chain starts at 1 and has no gaps) — `gap` names the first
//      missing seq; a row numbered below 1 is `out-of-sequence`;
//   2. its prevHash is the previous entry's hash (the genesis value for the first) — `broken-link`;
//   3. its hash is the hash of its fields (entry.ts) — `hash-mismatch`;
//   4. every validly signed checkpoint at its seq names its hash — `checkpoint-mismatch`.
// The link is checked before the hash so that a reordering (two rows swapping contents) is
// named for what it is. An edited field shows as `hash-mismatch` at that entry; if the editor
// also recomputed that hash, as `broken-link` at the next one; if they rewrote every hash after
// it, as `checkpoint-mismatch` at the first checkpoint after it (the message gives the range).
// Checkpoints come from the store and from the file kept outside it (checkpoint.ts). Each must
// be signed by one of `publicKeys` (`bad-signature`, `unknown-key`; a line that is not a
// checkpoint is `bad-checkpoint`), and the chain must reach the newest of them (`truncated`,
// at the first missing seq). Problems are reported in seq order: the first bad seq wins.
//
// What no verifier can show: entries after the newest checkpoint that were cut off or appended
// by someone who can write the database. Their number is reported as `unsealed`; checkpoints
// every T seconds and a copy of the file kept elsewhere keep that window small.
import { existsSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { AccordError, type AuditCheckpoint, type AuditEntry, type AuditHead, type AuditRepository } from '../store/index.js';
import { CheckpointKeys, parseCheckpoint, readCheckpointFile } from './checkpoint.js';
import { entryHash, GENESIS_HASH } from './entry.js';

export type AuditFault =
  | 'gap' | 'out-of-sequence' | 'broken-link' | 'hash-mismatch' | 'truncated'
  | 'checkpoint-mismatch' | 'bad-signature' | 'unknown-key' | 'bad-checkpoint';

/** The first problem found, at the lowest seq. */
export interface AuditFinding {
  readonly seq: number;
  readonly reason: AuditFault;
  /** One sentence for the operator. */
  readonly message: string;
}

export interface AuditVerification {
  readonly ok: boolean;
  readonly firstBad?: AuditFinding;
  /** Entries that passed every check, in chain order (all of them, or those before the first bad one). */
  readonly checked: number;
  /** The last entry verified. */
  readonly head?: AuditHead;
  /** Checkpoints read from each copy, and the seq of the newest validly signed one (0: none). */
  readonly checkpoints: { readonly store: number; readonly file: number; readonly newest: number };
  /** Entries after the newest checkpoint: chained, not yet signed. */
  readonly unsealed: number;
  /** What weakens the result without being tampering (no checkpoint file, a torn last line…). */
  readonly warnings: readonly string[];
}

export interface VerifyOptions {
  /** Keys checkpoints may be signed by (the node's signing key, and earlier ones). */
  readonly publicKeys: readonly KeyObject[];
  /** The checkpoint file kept outside the store; a missing file is an error. */
  readonly checkpointFile?: string;
  /** Entries per page read from the store; default 10,000. */
  readonly pageSize?: number;
  /** Called after each page with the number of entries verified so far. */
  readonly onProgress?: (checked: number) => void;
}

/** Every checkpoint read, checked once; keeps only seq → hash of the valid ones. */
class Checkpoints {
  readonly hashes = new Map<number, string>();
  newest = 0;
  fault: AuditFinding | undefined;
  readonly counts = { store: 0, file: 0 };
  /** Checkpoints already judged (the store and the file hold the same ones). */
  private readonly judged = new Set<string>();

  constructor(private readonly keys: CheckpointKeys) {}

  private problem(f: AuditFinding): void {
    if (this.fault === undefined || f.seq < this.fault.seq) this.fault = f;
  }

  add(c: AuditCheckpoint | string, where: string, seqHint: number): void {
    if (typeof c === 'string') {
      this.problem({ seq: seqHint, reason: 'bad-checkpoint', message: `${where} is not a checkpoint: ${c}` });
      return;
    }
    const id = `${c.seq} ${c.hash} ${c.at} ${c.keyFingerprint} ${c.signature}`;
    if (this.judged.has(id)) return;
    this.judged.add(id);
    const check = this.keys.check(c);
    if (check === 'unknown-key') {
      this.problem({ seq: c.seq, reason: 'unknown-key', message: `${where} (seq ${c.seq}) is signed by key ${c.keyFingerprint}, which is not a known key of this node` });
      return;
    }
    if (check === 'bad-signature') {
      this.problem({ seq: c.seq, reason: 'bad-signature', message: `${where} (seq ${c.seq}) does not carry a valid signature by key ${c.keyFingerprint}` });
      return;
    }
    const known = this.hashes.get(c.seq);
    if (known !== undefined && known !== c.hash) {
      this.problem({ seq: c.seq, reason: 'checkpoint-mismatch', message: `two validly signed checkpoints at seq ${c.seq} name different hashes (${where})` });
      return;
    }
    this.hashes.set(c.seq, c.hash);
    if (c.seq > this.newest) this.newest = c.seq;
  }
}

async function loadCheckpoints(repository: AuditRepository, opts: VerifyOptions, warnings: string[]): Promise<Checkpoints> {
  const cps = new Checkpoints(new CheckpointKeys(opts.publicKeys));
  const stored = await repository.checkpoints();
  stored.forEach((c, i) => {
    cps.counts.store++;
    const parsed = parseCheckpoint(c);
    cps.add(parsed, `checkpoint ${i + 1} in the store`, typeof parsed === 'string' ? 0 : c.seq);
  });
  if (opts.checkpointFile !== undefined) {
    if (!existsSync(opts.checkpointFile)) {
      throw new AccordError('not-found', 'audit.no-checkpoint-file', `no checkpoint file at ${opts.checkpointFile}`);
    }
    for await (const line of readCheckpointFile(opts.checkpointFile)) {
      if (line.torn && typeof line.checkpoint === 'string') {
        warnings.push(`${opts.checkpointFile}:${line.line} is an incomplete last line (a write cut short?); ignored`);
        continue;
      }
      cps.counts.file++;
      cps.add(line.checkpoint, `${opts.checkpointFile}:${line.line}`, 0);
    }
  } else {
    warnings.push('no checkpoint file was given: only checkpoints kept in the store were checked, so cutting off the newest entries together with their checkpoints would go unnoticed');
  }
  if (cps.newest === 0 && cps.fault === undefined) warnings.push('no signed checkpoint was found: the chain is consistent, but nothing proves it is the one the node wrote');
  return cps;
}

/** Verifies the whole audit chain and its checkpoints; reports the first bad entry. */
export async function verifyAudit(store: { readonly audit: AuditRepository }, opts: VerifyOptions): Promise<AuditVerification> {
  const repository = store.audit;
  const warnings: string[] = [];
  const cps = await loadCheckpoints(repository, opts, warnings);
  const pageSize = opts.pageSize ?? 10_000;
  let expected = 1;
  let prevHash = GENESIS_HASH;
  let lastMatched = 0;

  const result = (firstBad?: AuditFinding): AuditVerification => ({
    ok: firstBad === undefined,
    ...(firstBad !== undefined ? { firstBad } : {}),
    checked: expected - 1,
    ...(expected > 1 ? { head: { seq: expected - 1, hash: prevHash } } : {}),
    checkpoints: { store: cps.counts.store, file: cps.counts.file, newest: cps.newest },
    unsealed: firstBad === undefined ? Math.max(0, expected - 1 - cps.newest) : 0,
    warnings,
  });
  const cpFaultBefore = (seq: number): AuditFinding | undefined => (cps.fault !== undefined && cps.fault.seq < seq ? cps.fault : undefined);

  const check = (e: AuditEntry): AuditFinding | undefined => {
    if (e.seq !== expected) {
      return cpFaultBefore(Math.min(e.seq, expected)) ?? (e.seq > expected
        ? { seq: expected, reason: 'gap', message: `entry ${expected} is missing (the next entry stored is ${e.seq})` }
        : { seq: e.seq, reason: 'out-of-sequence', message: `an entry numbered ${e.seq} is stored, but the chain starts at 1` });
    }
    if (e.prevHash !== prevHash) {
      return cpFaultBefore(e.seq) ?? { seq: e.seq, reason: 'broken-link', message: `entry ${e.seq} does not name the hash of ${e.seq === 1 ? 'the chain\'s start' : `entry ${e.seq - 1}`} as its predecessor (removed, inserted or reordered entries)` };
    }
    if (entryHash(e) !== e.hash) {
      return cpFaultBefore(e.seq) ?? { seq: e.seq, reason: 'hash-mismatch', message: `entry ${e.seq} was changed: its hash does not match its contents` };
    }
    const signed = cps.hashes.get(e.seq);
    if (signed !== undefined) {
      if (signed !== e.hash) {
        return cpFaultBefore(e.seq) ?? { seq: e.seq, reason: 'checkpoint-mismatch', message: `entry ${e.seq} is not the one the node signed in its checkpoint: the chain was rewritten after entry ${lastMatched}, up to entry ${e.seq}` };
      }
      lastMatched = e.seq;
    }
    prevHash = e.hash;
    expected++;
    return cpFaultBefore(expected);
  };

  // Rows numbered below 1 must be found too, so the scan starts below any seq.
  let page = repository.scan(Number.MIN_SAFE_INTEGER, pageSize);
  for (;;) {
    const entries = await page;
    const last = entries.at(-1);
    // Read the next page while this one is hashed.
    page = last !== undefined && entries.length === pageSize ? repository.scan(last.seq, pageSize) : Promise.resolve([]);
    for (const e of entries) {
      const bad = check(e);
      if (bad !== undefined) {
        await page.catch(() => undefined);
        return result(bad);
      }
    }
    opts.onProgress?.(expected - 1);
    if (last === undefined || entries.length < pageSize) break;
  }
  if (cps.newest >= expected) {
    return result(cpFaultBefore(expected) ?? {
      seq: expected,
      reason: 'truncated',
      message: `the chain ends at entry ${expected - 1}, but the node signed a checkpoint at entry ${cps.newest}: entries ${expected} to ${cps.newest} (at least) were removed`,
    });
  }
  return result(cps.fault);
}
