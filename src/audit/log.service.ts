// The audit log: the one way any area records a security-relevant act. Events are checked and
// their details canonicalised (secrets redacted) before the chain's lock is taken; inside it
// (store.audit.append: SQLite's write lock, a PostgreSQL advisory lock) each entry is numbered
// after the head, stamped and sealed with the hash of its predecessor (entry.ts), so entries
// from every process sharing the store form one chain.
//
// Checkpoints (checkpoint.ts) sign the head: when the chain crosses a multiple of
// `checkpointEvery` entries, every `checkpointIntervalMs` if this process recorded anything since
// its last checkpoint, and on close(). No entry is recorded for a checkpoint: it would be a new
// head needing a checkpoint of its own (docs/decisions/0010-audit-chain.md).
import type { KeyObject } from 'node:crypto';
import { AccordError, formatMicros, type AuditCheckpoint, type AuditEntry, type AuditHead, type AuditRepository } from '../store/index.js';
import type { NodeKey } from '../trust/index.js';
import { CheckpointFile, signCheckpoint } from './checkpoint.js';
import { checkEvent, type AuditEvent, type CheckedEvent } from './details.js';
import { entryHash, GENESIS_HASH } from './entry.js';
import { verifyAudit, type AuditVerification } from './verify.service.js';

export interface AuditLogOptions {
  /** The store's audit repository (`store.audit`). */
  readonly repository: AuditRepository;
  /** The node's signing key. */
  readonly key: NodeKey;
  /** Where checkpoints are appended outside the store (defaultCheckpointFile(dataDir)). */
  readonly checkpointFile: string;
  /** Checkpoint whenever the chain crosses a multiple of this many entries; default 1,000. */
  readonly checkpointEvery?: number;
  /** Checkpoint this often when entries were recorded since the last one; default 60 s; 0: never on a timer. */
  readonly checkpointIntervalMs?: number;
  /** Wall clock in microseconds since the epoch (tests); default: the system clock at µs resolution. */
  readonly nowMicros?: () => number;
  /** Told about checkpoints that failed in the background (the entries themselves are committed). */
  readonly onError?: (error: Error) => void;
}

/**
 * The wall clock in microseconds, with microsecond resolution: the monotonic clock, anchored to
 * Date.now() (millisecond resolution) and re-anchored whenever the two drift a millisecond apart
 * (the wall clock was stepped or slewed), so it follows the wall clock to within a millisecond.
 */
function microClock(): () => number {
  let offset: number | undefined;
  return () => {
    const mono = Number(process.hrtime.bigint() / 1000n);
    const wall = Date.now() * 1000;
    if (offset === undefined || Math.abs(mono + offset - wall) >= 1000) offset = wall - mono;
    return mono + offset;
  };
}

/** The append-only, hash-chained audit log with signed checkpoints. */
export class AuditLog {
  private readonly every: number;
  private readonly nowMicros: () => number;
  private readonly timer: NodeJS.Timeout | undefined;
  /** The last `at` issued by this process, in µs: stamps are strictly increasing per process. */
  private lastMicros = 0;
  /** Entries recorded by this process since its last checkpoint. */
  private dirty = false;
  private lastCheckpointSeq = 0;
  /** Checkpoints run one after another (file lines in order, no duplicate work). */
  private checkpoints: Promise<unknown> = Promise.resolve();
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;

  private constructor(private readonly opts: AuditLogOptions, private readonly file: CheckpointFile) {
    this.every = opts.checkpointEvery ?? 1000;
    this.nowMicros = opts.nowMicros ?? microClock();
    const interval = opts.checkpointIntervalMs ?? 60_000;
    if (interval > 0) {
      this.timer = setInterval(() => {
        if (this.dirty) this.checkpoint().catch((e: unknown) => this.report(e));
      }, interval);
      this.timer.unref();
    }
  }

  /** Opens the audit log (and its checkpoint file, created if missing). */
  static async open(opts: AuditLogOptions): Promise<AuditLog> {
    const every = opts.checkpointEvery ?? 1000;
    if (!Number.isSafeInteger(every) || every < 1) throw new AccordError('invalid', 'audit.bad-option', `checkpointEvery must be a positive integer, got ${every}`);
    const interval = opts.checkpointIntervalMs ?? 60_000;
    if (!Number.isFinite(interval) || interval < 0) throw new AccordError('invalid', 'audit.bad-option', `checkpointIntervalMs must be 0 or more, got ${interval}`);
    return new AuditLog(opts, await CheckpointFile.open(opts.checkpointFile));
  }

  /** Where checkpoints are written outside the store. */
  get checkpointFile(): string {
    return this.file.path;
  }

  /** Appends one event; resolves with the sealed entry once it is committed. */
  async record(event: AuditEvent): Promise<AuditEntry> {
    const [entry] = await this.recordMany([event]);
    return entry as AuditEntry;
  }

  /** Appends events in one transaction, in order; all are checked first, so none or all are stored. */
  recordMany(events: readonly AuditEvent[]): Promise<readonly AuditEntry[]> {
    if (this.closed) return Promise.reject(new AccordError('unavailable', 'audit.closed', 'the audit log is closed'));
    let checked: CheckedEvent[];
    try {
      checked = events.map((e) => checkEvent(e));
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    const work = this.append(checked);
    this.inFlight.add(work);
    return work.finally(() => this.inFlight.delete(work));
  }

  private async append(checked: readonly CheckedEvent[]): Promise<readonly AuditEntry[]> {
    if (checked.length === 0) return [];
    const sealed = await this.opts.repository.append((head) => this.seal(checked, head));
    this.dirty = true;
    const last = sealed.at(-1);
    if (last !== undefined && Math.floor(last.seq / this.every) > Math.floor((last.seq - sealed.length) / this.every)) {
      // The entries are committed whatever happens to the checkpoint: a failure is reported, not thrown.
      await this.checkpoint().catch((e: unknown) => this.report(e));
    }
    return sealed;
  }

  /** Numbers, stamps and seals entries after `head`; runs inside the chain's lock. */
  private seal(checked: readonly CheckedEvent[], head: AuditHead | undefined): AuditEntry[] {
    let seq = head?.seq ?? 0;
    let prevHash = head?.hash ?? GENESIS_HASH;
    const now = this.nowMicros();
    return checked.map((c) => {
      this.lastMicros = now > this.lastMicros ? now : this.lastMicros + 1;
      const unsealed = { seq: ++seq, at: formatMicros(this.lastMicros), actor: c.actor, action: c.action, target: c.target, outcome: c.outcome, details: c.details, prevHash };
      prevHash = entryHash(unsealed);
      return { ...unsealed, hash: prevHash };
    });
  }

  /**
   * Signs the chain's current head, appends the checkpoint to the file (fsync'd) and stores it.
   * Resolves with it, or with undefined when the log is empty or the head is already signed.
   */
  checkpoint(): Promise<AuditCheckpoint | undefined> {
    const run = this.checkpoints.then(async () => {
      this.dirty = false;
      const head = await this.opts.repository.head();
      if (head === undefined || head.seq <= this.lastCheckpointSeq) return undefined;
      try {
        // Never earlier than the entries this process stamped (a burst can run ahead of the clock).
        const checkpoint = signCheckpoint(this.opts.key, head, formatMicros(Math.max(this.nowMicros(), this.lastMicros)));
        // The copy outside the store first: it is the one that proves what the store may lose.
        await this.file.append(checkpoint);
        await this.opts.repository.addCheckpoint(checkpoint);
        this.lastCheckpointSeq = head.seq;
        return checkpoint;
      } catch (e) {
        this.dirty = true;
        throw e;
      }
    });
    this.checkpoints = run.catch(() => undefined);
    return run;
  }

  /**
   * Verifies the whole chain against the checkpoints in the store and in this log's file, as
   * `accord audit verify` does, trusting this log's key and `earlierKeys` (keys the node signed
   * with before a change). Signs nothing: a checkpoint of a rewritten head would vouch for it.
   */
  verify(earlierKeys: readonly KeyObject[] = []): Promise<AuditVerification> {
    return verifyAudit({ audit: this.opts.repository }, { publicKeys: [this.opts.key.publicKey, ...earlierKeys], checkpointFile: this.file.path });
  }

  /** Waits for entries being recorded, signs a last checkpoint if anything is unsigned, closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    await Promise.allSettled([...this.inFlight]);
    try {
      if (this.dirty) await this.checkpoint();
      else await this.checkpoints;
    } finally {
      await this.file.close();
    }
  }

  private report(e: unknown): void {
    const error = e instanceof Error ? e : new Error(String(e));
    if (this.opts.onError !== undefined) this.opts.onError(error);
    else process.emitWarning(`audit checkpoint failed: ${error.message}`);
  }
}
