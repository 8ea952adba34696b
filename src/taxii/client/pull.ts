// Pulling a collection into this node's store: the objects a TAXII server hands out go through the
// same ingest as `accord import` (validation, whole batches, per-object outcomes), and where the
// pull stopped is remembered per API root, collection and filters, so the next pull continues with
// `added_after` (§3.4, §3.5).
//
// Checkpoint rule: the checkpoint moves past a page only once everything before it is committed.
// So the pages are fed to ingest in segments of whole pages (at least `batchSize` objects each),
// one ingest per segment; when ingest returns, the segment is in the store, and only then is the
// checkpoint written. An interrupted pull loses nothing: the next one re-reads at most a segment,
// which comes back as "unchanged".
import { createHash } from 'node:crypto';
import { ingest, type BatchStored, type IngestResult, type Store } from '../../store/index.js';
import { AccordError } from '../../stix/index.js';
import type { CollectionClient, MatchFilter, ObjectText, PagedEnd, Unreadable } from './client.js';

/** What a pull remembers in store.meta. */
export interface PullCheckpoint {
  readonly apiRoot: string;
  readonly collection: string;
  readonly match: MatchFilter;
  /** Pass as added_after to continue: the X-TAXII-Date-Added-Last of the last page stored. */
  readonly addedAfter: string;
  readonly updatedAt: string;
}

export interface PullOptions {
  /** match[…] filters (default: every version, `match[version]=all`, as a replica needs). */
  readonly match?: MatchFilter;
  /** Objects per page asked for (default: the server's). */
  readonly limit?: number;
  /** Start after this timestamp instead of the checkpoint. */
  readonly addedAfter?: string;
  /** Objects per transaction, and the least per segment between checkpoints. */
  readonly batchSize: number;
  readonly maxObjectBytes: number;
  /** Every ingest result that is not a plain success (rejections, warnings). */
  readonly onResult?: (r: IngestResult) => void;
  /** Objects the server sent that could not be read (too large, invalid UTF-8, too deep). */
  readonly onUnreadable?: (u: Unreadable) => void;
  /** After each committed batch that stored anything (for the audit log). */
  readonly onBatch?: (b: BatchStored) => Promise<void>;
  /** After each committed segment: the totals so far, and the checkpoint written. */
  readonly onSegment?: (s: PullSummary) => void;
}

export interface PullSummary {
  /** Objects received (unreadable ones included). */
  readonly objects: number;
  readonly bytes: number;
  readonly pages: number;
  readonly new: number;
  readonly newVersion: number;
  readonly unchanged: number;
  readonly rejected: number;
  readonly warned: number;
  /** Where the next pull continues (the checkpoint), when known. */
  readonly resumeAddedAfter?: string;
}

/** The default filters of a pull: every version. */
export const PULL_ALL_VERSIONS: MatchFilter = { version: ['all'] };

/**
 * The store.meta key of a pull's checkpoint: `taxii.pull.<hash>` of the API root URL, the
 * collection id and the filters (a pull of indicators only must not move the checkpoint of a
 * pull of everything).
 */
export function pullCheckpointKey(apiRoot: string, collection: string, match: MatchFilter): string {
  const filters = JSON.stringify(Object.entries(match).sort(([a], [b]) => a.localeCompare(b)));
  return `taxii.pull.${createHash('sha256').update(`${apiRoot}\n${collection}\n${filters}`).digest('hex').slice(0, 32)}`;
}

/** The checkpoint of a pull, if one was written. */
export async function readPullCheckpoint(store: Store, key: string): Promise<PullCheckpoint | undefined> {
  const text = await store.meta.get(key);
  if (text === undefined) return undefined;
  try {
    const c = JSON.parse(text) as Partial<PullCheckpoint>;
    return typeof c.addedAfter === 'string' ? (c as PullCheckpoint) : undefined;
  } catch {
    return undefined;
  }
}

/** Pulls `collection` (by id) into `store`, from its checkpoint (or `addedAfter`) on. */
export async function pullIntoStore(store: Store, collection: CollectionClient, options: PullOptions): Promise<PullSummary> {
  const match = options.match ?? PULL_ALL_VERSIONS;
  const key = pullCheckpointKey(collection.apiRoot.url.href, collection.id, match);
  const saved = await readPullCheckpoint(store, key);
  const from = options.addedAfter ?? saved?.addedAfter;
  const events = collection.allObjects({
    match, ...(from !== undefined ? { addedAfter: from } : {}), ...(options.limit !== undefined ? { limit: options.limit } : {}),
  })[Symbol.asyncIterator]();
  const count = { items: 0, new: 0, newVersion: 0, unchanged: 0, rejected: 0, warned: 0 };
  let pages = 0;
  let bytes = 0;
  let unreadable = 0;
  let resume = saved?.addedAfter;
  const summary = (): PullSummary => ({
    objects: count.items + unreadable, bytes, pages, new: count.new, newVersion: count.newVersion, unchanged: count.unchanged,
    rejected: count.rejected + unreadable, warned: count.warned, ...(resume !== undefined ? { resumeAddedAfter: resume } : {}),
  });
  let exhausted = false;
  while (!exhausted) {
    const segment = { objects: 0, resume: undefined as string | undefined };
    // The segment's objects as JSON lines, which is what ingest reads; a segment ends at a page end.
    const chunks = async function* (): AsyncGenerator<Uint8Array> {
      let lines: string[] = [];
      let size = 0;
      for (;;) {
        const r = await events.next();
        if (r.done === true) {
          exhausted = true;
          break;
        }
        const e: ObjectText | Unreadable | PagedEnd = r.value;
        if (e.kind === 'object') {
          lines.push(e.text, '\n');
          size += e.text.length + 1;
          bytes += e.text.length + 1;
          segment.objects++;
          if (size >= 1 << 20) {
            yield Buffer.from(lines.join(''), 'utf8');
            lines = [];
            size = 0;
          }
        } else if (e.kind === 'unreadable') {
          unreadable++;
          options.onUnreadable?.(e);
        } else {
          pages++;
          if (e.resumeAddedAfter !== undefined) segment.resume = e.resumeAddedAfter;
          if (segment.objects >= options.batchSize) break;
        }
      }
      if (lines.length > 0) yield Buffer.from(lines.join(''), 'utf8');
    };
    const s = await ingest(store, chunks(), {
      batchSize: options.batchSize,
      maxObjectBytes: options.maxObjectBytes,
      ...(options.onResult !== undefined ? { onResult: options.onResult } : {}),
      ...(options.onBatch !== undefined ? { onBatch: options.onBatch } : {}),
    });
    if (s.fatal !== undefined) {
      // Cannot happen with elements the envelope reader completed; if it does, stay before them.
      throw new AccordError('unavailable', 'taxii.unreadable-objects', `the objects from ${collection.url.href} could not be read to their end (${s.fatal.message}); the checkpoint stays before them`);
    }
    for (const k of ['items', 'new', 'newVersion', 'unchanged', 'rejected', 'warned'] as const) count[k] += s[k];
    if (segment.resume !== undefined) {
      const checkpoint: PullCheckpoint = { apiRoot: collection.apiRoot.url.href, collection: collection.id, match, addedAfter: segment.resume, updatedAt: new Date().toISOString() };
      await store.meta.set(key, JSON.stringify(checkpoint));
      resume = segment.resume;
    }
    options.onSegment?.(summary());
  }
  return summary();
}
