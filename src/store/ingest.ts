// Ingest: STIX input of any size, from bytes to stored versions. Reads the input as a stream
// (a 2 GB bundle never sits in memory), parses and validates each object on its own, and stores
// valid ones in batches, one transaction per batch, so a crash leaves only whole batches behind
// and running the same import again completes it (stored versions come back as "unchanged").
// Each object gets its own outcome; one bad object never fails the rest.
//
// Speed: preparing an object (parse, validate, canonicalise, hash) costs about as much CPU as
// writing it with all its indexes, so with a worker the two overlap: while this thread writes
// batch k, the worker prepares batch k+1. Results are identical with and without the worker
// (the same prepareItems runs in both), and batches are committed in input order.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { readJsonStream, type StixIssue } from '../stix/index.js';
import { KnownExtensions, prepareItems, type PreparedItem, type RawItem, type Rejection } from './ingest-prepare.js';
import type { PutOutcome, Store } from './port.js';

export type IngestStatus = 'new' | 'new-version' | 'unchanged' | 'rejected';

/** What happened to one item of the input. */
export interface IngestResult {
  /** Ordinal of the item in the input (0-based). */
  readonly index: number;
  readonly id?: string;
  /** Where the item starts in the input (1-based line and column), when read from a stream. */
  readonly line?: number;
  readonly column?: number;
  readonly status: IngestStatus;
  /** For rejections: the stable code of the first error (e.g. `schema.required`, `store.version-conflict`). */
  readonly code?: string;
  readonly message?: string;
  /** Every finding about the item, errors and warnings. */
  readonly issues?: readonly StixIssue[];
  readonly added?: number;
}

export interface IngestSummary {
  readonly items: number;
  readonly new: number;
  readonly newVersion: number;
  readonly unchanged: number;
  readonly rejected: number;
  /** Items stored with warnings. */
  readonly warned: number;
  /** Set when the input could not be read to its end (truncated, broken structure). */
  readonly fatal?: { readonly code: string; readonly message: string; readonly line?: number; readonly column?: number };
}

/** What one committed batch stored. */
export interface BatchStored {
  readonly new: number;
  readonly newVersion: number;
  /** Stored versions that say `revoked: true`. */
  readonly revoked: number;
  readonly firstAdded: number;
  readonly lastAdded: number;
}

export interface IngestOptions {
  readonly batchSize: number;
  readonly maxObjectBytes: number;
  /**
   * Prepare batches in a worker thread. Default: when the machine has more than one core and
   * Accord runs from compiled JavaScript (from TypeScript sources, i.e. in unit tests, batches
   * are prepared in this thread; the end-to-end tests exercise the worker through bin/accord).
   */
  readonly worker?: boolean;
  /** Called with every result that is not a plain success (rejections and warnings). */
  readonly onResult?: (r: IngestResult) => void;
  /** Called with the id of every object stored (new, new version or unchanged), after its batch is committed. */
  readonly onStored?: (id: string) => void;
  /** Called after each batch is committed. */
  readonly onProgress?: (p: { readonly bytes: number; readonly items: number }) => void;
  /**
   * Called after each batch that stored anything, before the next one is written: the counts and
   * the date_added range of the versions it stored (every version in that range is from this
   * batch), for the audit log.
   */
  readonly onBatch?: (b: BatchStored) => Promise<void>;
}

/** Prepares batches, in this thread or in a worker; batches resolve in submission order. */
interface Preparer {
  prepare(items: readonly RawItem[]): Promise<PreparedItem[]>;
  close(): Promise<void>;
}

class InlinePreparer implements Preparer {
  constructor(private readonly known: KnownExtensions) {}
  prepare(items: readonly RawItem[]): Promise<PreparedItem[]> {
    return Promise.resolve(prepareItems(items, this.known));
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

class WorkerPreparer implements Preparer {
  private readonly worker: Worker;
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: (r: PreparedItem[]) => void; reject: (e: Error) => void }>();

  constructor(known: KnownExtensions) {
    // From compiled JS the worker is a sibling .js file; from TypeScript sources (tests) it is
    // the .ts file, loaded through tsx.
    const fromSource = import.meta.url.endsWith('.ts');
    this.worker = new Worker(new URL(fromSource ? './ingest-worker.ts' : './ingest-worker.js', import.meta.url), {
      workerData: { known: known.entries() },
      execArgv: fromSource ? ['--import', 'tsx'] : [],
    });
    this.worker.on('message', (msg: { seq: number; results?: PreparedItem[]; error?: string }) => {
      const w = this.waiting.get(msg.seq);
      this.waiting.delete(msg.seq);
      if (msg.results !== undefined) w?.resolve(msg.results);
      else w?.reject(new Error(`ingest worker failed: ${msg.error ?? 'unknown error'}`));
    });
    const failAll = (e: Error): void => {
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    };
    this.worker.on('error', failAll);
    this.worker.on('exit', (code) => failAll(new Error(`ingest worker exited (code ${code})`)));
  }

  prepare(items: readonly RawItem[]): Promise<PreparedItem[]> {
    const seq = this.seq++;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      this.worker.postMessage({ seq, items });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/** Loads the extension-definitions the store already holds. */
export async function storedExtensions(store: Store): Promise<KnownExtensions> {
  const known = new KnownExtensions();
  let after = 0;
  for (;;) {
    const page = await store.objects.listBodies({ types: ['extension-definition'], after, limit: 500 });
    for (const o of page.items) known.remember(JSON.parse(o.json));
    if (!page.more) return known;
    after = page.items.at(-1)?.added ?? after;
  }
}

/** One batch as read: raw items to prepare, and items the reader already rejected, in input order. */
type Slot = { readonly raw: RawItem } | { readonly rejection: Rejection };

/** Imports a stream of STIX input into the store; see the module comment for the guarantees. */
export async function ingest(store: Store, chunks: AsyncIterable<Uint8Array>, options: IngestOptions): Promise<IngestSummary> {
  const count = { items: 0, new: 0, newVersion: 0, unchanged: 0, rejected: 0, warned: 0 };
  const known = await storedExtensions(store);
  const useWorker = options.worker ?? (availableParallelism() > 1 && !import.meta.url.endsWith('.ts'));
  const preparer: Preparer = useWorker ? new WorkerPreparer(known) : new InlinePreparer(known);
  let bytes = 0;
  const counted = (async function* () {
    for await (const chunk of chunks) {
      bytes += chunk.byteLength;
      yield chunk;
    }
  })();

  const reject = (r: Rejection): void => {
    count.rejected++;
    options.onResult?.({ ...r, status: 'rejected' });
  };

  /** Writes one prepared batch and reports each item; items keep their input order. */
  const write = async (slots: readonly Slot[], prepared: readonly PreparedItem[]): Promise<void> => {
    const ok: Extract<PreparedItem, { kind: 'ok' }>[] = [];
    for (const p of prepared) if (p.kind === 'ok') ok.push(p);
    const outcomes: PutOutcome[] = ok.length > 0 ? await store.objects.put(ok.map((p) => p.object)) : [];
    const outcomeByIndex = new Map(ok.map((p, i) => [p.index, { p, out: outcomes[i] as PutOutcome }]));
    const stored = { new: 0, newVersion: 0, revoked: 0, firstAdded: Infinity, lastAdded: 0 };
    let next = 0;
    for (const slot of slots) {
      if ('rejection' in slot) {
        reject(slot.rejection);
        continue;
      }
      const p = prepared[next++] as PreparedItem;
      if (p.kind === 'rejected') {
        reject(p.rejection);
        continue;
      }
      const { out } = outcomeByIndex.get(p.index) as { out: PutOutcome };
      const base = { index: p.index, id: p.object.id, line: p.line, column: p.column };
      if (!('added' in out)) {
        reject({ ...base, code: out.code, message: out.message, issues: p.warnings });
        continue;
      }
      options.onStored?.(p.object.id);
      if (out.status === 'unchanged') {
        count.unchanged++;
      } else {
        if (out.status === 'new') {
          count.new++;
          stored.new++;
        } else {
          count.newVersion++;
          stored.newVersion++;
        }
        if (p.object.revoked) stored.revoked++;
        stored.firstAdded = Math.min(stored.firstAdded, out.added);
        stored.lastAdded = Math.max(stored.lastAdded, out.added);
      }
      if (p.warnings.length > 0) {
        count.warned++;
        options.onResult?.({ ...base, status: out.status, added: out.added, issues: p.warnings });
      }
    }
    if (stored.new + stored.newVersion > 0) await options.onBatch?.(stored);
    options.onProgress?.({ bytes, items: count.items });
  };

  let slots: Slot[] = [];
  let raws: RawItem[] = [];
  let inFlight: { slots: Slot[]; prepared: Promise<PreparedItem[]> } | undefined;
  /** Hands the current batch to the preparer, then writes the previous one meanwhile. */
  const submit = async (): Promise<void> => {
    const current = slots.length > 0 ? { slots, prepared: preparer.prepare(raws) } : undefined;
    slots = [];
    raws = [];
    if (inFlight !== undefined) await write(inFlight.slots, await inFlight.prepared);
    inFlight = current;
  };

  let fatal: IngestSummary['fatal'];
  try {
    for await (const item of readJsonStream(counted, { maxItemBytes: options.maxObjectBytes })) {
      if (item.kind === 'error') {
        const e = item.error;
        if (item.fatal) {
          fatal = { code: e.rule, message: e.message, line: e.line, column: e.column };
          break;
        }
        count.items++;
        slots.push({ rejection: { index: item.index, ...(item.objectId !== undefined ? { id: item.objectId } : {}), line: e.line, column: e.column, code: e.rule, message: e.message } });
        continue;
      }
      count.items++;
      const raw: RawItem = { kind: 'value', index: item.index, text: item.text, offset: item.offset, line: item.line, column: item.column };
      slots.push({ raw });
      raws.push(raw);
      if (slots.length >= options.batchSize) await submit();
    }
    await submit();
    await submit();
  } finally {
    await preparer.close();
  }
  if (fatal !== undefined) {
    count.rejected++;
    options.onResult?.({ index: count.items, status: 'rejected', code: fatal.code, message: fatal.message, ...(fatal.line !== undefined ? { line: fatal.line, column: fatal.column } : {}) });
  }
  return { ...count, ...(fatal !== undefined ? { fatal } : {}) };
}

