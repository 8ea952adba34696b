// Where Add Objects prepares envelopes: in the request's thread, or in worker threads when the
// machine has cores to spare and Accord runs from compiled JavaScript (from TypeScript sources,
// i.e. in unit tests, the request's thread; the end-to-end tests and benchmarks run the workers
// through bin/accord). Results are identical either way: both run prepare.ts.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ExtensionDefinitionInfo } from '../stix/index.js';
import { prepareEnvelope, type PreparedEnvelope } from './prepare.js';

export interface EnvelopePreparer {
  prepare(body: Uint8Array | undefined, known: [string, ExtensionDefinitionInfo][], fallbackVersion: string): Promise<PreparedEnvelope>;
  close(): Promise<void>;
}

class InlinePreparer implements EnvelopePreparer {
  prepare(body: Uint8Array | undefined, known: [string, ExtensionDefinitionInfo][], fallbackVersion: string): Promise<PreparedEnvelope> {
    try {
      return Promise.resolve(prepareEnvelope(body, known, fallbackVersion));
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

interface Waiting {
  resolve(r: PreparedEnvelope): void;
  reject(e: Error): void;
}

/** One worker thread; jobs are answered in order. A worker that dies is replaced on the next job. */
class WorkerSlot {
  private worker: Worker | undefined;
  private seq = 0;
  private readonly waiting = new Map<number, Waiting>();
  pending = 0;

  private start(): Worker {
    const fromSource = import.meta.url.endsWith('.ts');
    const worker = new Worker(new URL(fromSource ? './prepare-worker.ts' : './prepare-worker.js', import.meta.url), {
      execArgv: fromSource ? ['--import', 'tsx'] : [],
    });
    worker.unref();
    worker.on('message', (msg: { seq: number; result?: PreparedEnvelope; error?: string }) => {
      const w = this.waiting.get(msg.seq);
      this.waiting.delete(msg.seq);
      this.pending--;
      if (msg.result !== undefined) w?.resolve(msg.result);
      else w?.reject(new Error(`envelope preparation failed: ${msg.error ?? 'unknown error'}`));
    });
    const failAll = (e: Error): void => {
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
      this.pending = 0;
      this.worker = undefined;
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`envelope preparation worker exited (code ${code})`)));
    return worker;
  }

  prepare(body: Uint8Array | undefined, known: [string, ExtensionDefinitionInfo][], fallbackVersion: string): Promise<PreparedEnvelope> {
    this.worker ??= this.start();
    const seq = this.seq++;
    this.pending++;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      this.worker?.postMessage({ seq, body, known, fallbackVersion });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w !== undefined) await w.terminate();
  }
}

class WorkerPreparer implements EnvelopePreparer {
  private readonly slots: WorkerSlot[];

  constructor(workers: number) {
    this.slots = Array.from({ length: workers }, () => new WorkerSlot());
  }

  prepare(body: Uint8Array | undefined, known: [string, ExtensionDefinitionInfo][], fallbackVersion: string): Promise<PreparedEnvelope> {
    const slot = this.slots.reduce((a, b) => (b.pending < a.pending ? b : a));
    return slot.prepare(body, known, fallbackVersion);
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.close()));
  }
}

/**
 * The preparer for this process: `workers` threads (default: one per core but one, at most 4),
 * or the request's thread when that is 0 or Accord runs from TypeScript sources.
 */
export function envelopePreparer(workers?: number): EnvelopePreparer {
  const n = workers ?? (import.meta.url.endsWith('.ts') ? 0 : Math.min(4, availableParallelism() - 1));
  return n > 0 ? new WorkerPreparer(n) : new InlinePreparer();
}
