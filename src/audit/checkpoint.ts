// Signed checkpoints of the chain head, and the file outside the store that keeps a copy of each.
//
// A checkpoint is the node's Ed25519 signature, under the context `accord-audit-checkpoint-v1`
// (trust/signing.ts: the signature covers context || 0x00 || message), over the RFC 8785 JSON
// of {at, hash, seq}: "the chain had `seq` entries, the last one hashing to `hash`, at `at`".
// The hash chain alone shows that entries were changed, removed, inserted or reordered; only a
// signature the database cannot forge shows that the newest entries were cut off, and only a
// copy kept outside the database survives someone who can rewrite the database. So every
// checkpoint is appended, one JSON line, to a file (fsync'd before the checkpoint counts), which
// the operator ships elsewhere; `verifyAudit` checks the chain against both copies.
import { existsSync, mkdirSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { dirname, join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import type { AuditCheckpoint, AuditHead } from '../store/index.js';
import { keyFingerprint, signWithContext, SIGNING_CONTEXT, verifyWithContext, type NodeKey } from '../trust/index.js';

/** The signing context of checkpoints (one context per kind of signed statement). */
export const CHECKPOINT_CONTEXT: string = SIGNING_CONTEXT.auditCheckpoint;

/** The checkpoint file's name in the data folder, unless configured otherwise. */
export const CHECKPOINT_FILE = 'audit-checkpoints.jsonl';

/** Where the checkpoint file is by default: `<data>/audit-checkpoints.jsonl`. */
export function defaultCheckpointFile(dataDir: string): string {
  return join(dataDir, CHECKPOINT_FILE);
}

/** The signed message: the RFC 8785 JSON of {at, hash, seq} (members in canonical order). */
export function checkpointMessage(c: { readonly seq: number; readonly hash: string; readonly at: string }): string {
  return `{"at":${JSON.stringify(c.at)},"hash":${JSON.stringify(c.hash)},"seq":${c.seq}}`;
}

/** Signs the head `head` at time `at` with the node's signing key. */
export function signCheckpoint(key: NodeKey, head: AuditHead, at: string): AuditCheckpoint {
  const body = { seq: head.seq, hash: head.hash, at };
  return { ...body, keyFingerprint: key.fingerprint, signature: signWithContext(key, CHECKPOINT_CONTEXT, checkpointMessage(body)) };
}

export type CheckpointCheck = 'ok' | 'bad-signature' | 'unknown-key';

/** The public keys checkpoints may be signed by, by fingerprint. */
export class CheckpointKeys {
  private readonly byFingerprint = new Map<string, KeyObject>();

  constructor(publicKeys: readonly KeyObject[]) {
    for (const k of publicKeys) this.byFingerprint.set(keyFingerprint(k), k);
  }

  /** Whether `c` is signed by one of the keys. */
  check(c: AuditCheckpoint): CheckpointCheck {
    const key = this.byFingerprint.get(c.keyFingerprint);
    if (key === undefined) return 'unknown-key';
    return verifyWithContext(key, CHECKPOINT_CONTEXT, checkpointMessage(c), c.signature) ? 'ok' : 'bad-signature';
  }
}

/** The checkpoint file, open for appending. Lines are written whole and fsync'd one by one. */
export class CheckpointFile {
  private constructor(readonly path: string, private readonly handle: FileHandle) {}

  /** Opens (creating if needed, mode 0600) the file for appending. */
  static async open(path: string): Promise<CheckpointFile> {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const created = !existsSync(path);
    const handle = await open(path, 'a', 0o600);
    if (created) {
      // A new file's name must be durable too, or a crash could lose the whole file.
      const dir = await open(dirname(path), 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    }
    return new CheckpointFile(path, handle);
  }

  /** Appends one checkpoint as a JSON line and waits until it is on disk. */
  async append(c: AuditCheckpoint): Promise<void> {
    const line = `${JSON.stringify({ seq: c.seq, hash: c.hash, at: c.at, keyFingerprint: c.keyFingerprint, signature: c.signature })}\n`;
    // One write call per line: with O_APPEND, lines from several processes never interleave.
    await this.handle.write(line);
    await this.handle.sync();
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

const HEX64 = /^[0-9a-f]{64}$/;

/** A checkpoint read from outside (a file line, a row): the shape checked, else why not. */
export function parseCheckpoint(value: unknown): AuditCheckpoint | string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not a JSON object';
  const v = value as Record<string, unknown>;
  if (typeof v.seq !== 'number' || !Number.isSafeInteger(v.seq) || v.seq < 1) return 'seq is not a positive integer';
  if (typeof v.hash !== 'string' || !HEX64.test(v.hash)) return 'hash is not 64 lowercase hex digits';
  if (typeof v.at !== 'string') return 'at is not a string';
  if (typeof v.keyFingerprint !== 'string' || !HEX64.test(v.keyFingerprint)) return 'keyFingerprint is not 64 lowercase hex digits';
  if (typeof v.signature !== 'string') return 'signature is not a string';
  return { seq: v.seq, hash: v.hash, at: v.at, keyFingerprint: v.keyFingerprint, signature: v.signature };
}

/** One line of the checkpoint file. */
export interface CheckpointLine {
  readonly line: number;
  /** The checkpoint, or why the line is not one. */
  readonly checkpoint: AuditCheckpoint | string;
  /** True for a last line without its newline (a write cut short by a crash). */
  readonly torn: boolean;
}

/** Streams the checkpoint file line by line (blank lines skipped). */
export async function* readCheckpointFile(path: string): AsyncGenerator<CheckpointLine> {
  let rest = '';
  let line = 0;
  const parse = (text: string, torn: boolean): CheckpointLine => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { line, checkpoint: 'not valid JSON', torn };
    }
    return { line, checkpoint: parseCheckpoint(value), torn };
  };
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 })) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop() ?? '';
    for (const text of lines) {
      line++;
      if (text.trim() !== '') yield parse(text, false);
    }
  }
  if (rest.trim() !== '') {
    line++;
    yield parse(rest, true);
  }
}
