// Add Objects (§5.5): an envelope POSTed to a collection, processed while the client waits.
//
// The envelope is parsed and validated by prepare.ts (in a worker thread when the machine has
// cores to spare); a body that is not a well-formed envelope is refused (400 when it is not JSON,
// 422 when it is JSON but no envelope with objects) and nothing is stored. Valid objects are
// stored in batches (one transaction each, shared with concurrent
// requests: object-writer.ts); one bad object never fails the others: it becomes a failure in
// the status resource with its id, its version and the reason. Processing is synchronous, so the
// status is `complete` when the 202 is sent; it is stored so that a client can also fetch it
// from the status endpoint (§4.3), and each POST that changed something is one audit entry.
import { randomUUID } from 'node:crypto';
import type { ExtensionDefinitionInfo } from '../stix/index.js';
import {
  AccordError, formatMicros, storedExtensions, type CollectionRecord, type PreparedObject, type StatusDetail, type StatusRecord, type Store,
} from '../store/index.js';
import type { TaxiiAudit } from './collections.service.js';
import { ObjectWriter } from './object-writer.js';
import type { PreparedEntry } from './prepare.js';
import { envelopePreparer, type EnvelopePreparer } from './preparer.js';
import { requesterOwner, type TaxiiRequester } from './read-filter.js';

/** Objects per store transaction. */
export const DEFAULT_BATCH_SIZE = 10_000;

/** What one POST stored, for the audit log and the logs. */
export interface AddSummary {
  readonly new: number;
  readonly newVersions: number;
  readonly unchanged: number;
  readonly revoked: number;
  readonly failed: number;
  readonly firstAdded?: number;
  readonly lastAdded?: number;
}

export interface AddRequest {
  readonly collection: CollectionRecord;
  readonly requester: TaxiiRequester;
  /** The raw request body (undefined when there is none). */
  readonly body: Uint8Array | undefined;
  /** The request's arrival, µs since the epoch. */
  readonly receivedMicros: number;
}

export interface AddObjectsOptions {
  /** Objects per store transaction (default 10,000). */
  readonly batchSize?: number;
  /** Worker threads preparing envelopes (default: one per core but one, at most 4; 0: in the request's thread). */
  readonly workers?: number;
}

/** Extension-definitions already stored, which objects in an envelope may use. */
async function knownEntries(store: Store): Promise<[string, ExtensionDefinitionInfo][]> {
  return (await storedExtensions(store)).entries();
}

export class AddObjectsService {
  private readonly preparer: EnvelopePreparer;
  private readonly inline: EnvelopePreparer = envelopePreparer(0);
  private readonly writer: ObjectWriter;
  private readonly batchSize: number;
  /** Add Objects requests being processed by this process. */
  private inFlight = 0;

  constructor(private readonly store: Store, private readonly audit: TaxiiAudit, options: AddObjectsOptions = {}) {
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.preparer = envelopePreparer(options.workers);
    this.writer = new ObjectWriter(store, this.batchSize);
  }

  /** Validates and stores the objects of one POST; returns the stored status resource and what was stored. */
  async add(req: AddRequest): Promise<{ status: StatusRecord; summary: AddSummary }> {
    this.inFlight++;
    try {
      return await this.process(req);
    } finally {
      this.inFlight--;
    }
  }

  private async process(req: AddRequest): Promise<{ status: StatusRecord; summary: AddSummary }> {
    const { collection } = req;
    const requestTimestamp = formatMicros(req.receivedMicros);
    // Alone, a request is cheapest prepared where it is (no copies between threads); while others
    // are being written, the worker prepares it meanwhile.
    const preparer = this.inFlight > 1 ? this.preparer : this.inline;
    const prepared = await preparer.prepare(req.body, await knownEntries(this.store), requestTimestamp);
    if ('refused' in prepared) {
      const { reason, message, details } = prepared.refused;
      throw new AccordError(reason === 'unreadable' ? 'invalid' : 'unprocessable', reason === 'unreadable' ? 'taxii.unreadable-body' : 'taxii.bad-envelope', message, details);
    }
    const { entries } = prepared;

    const successes: StatusDetail[] = [];
    const failures: StatusDetail[] = [];
    const counts = { new: 0, newVersions: 0, unchanged: 0, revoked: 0, firstAdded: Infinity, lastAdded: 0 };
    const members = collection.scope === 'members' ? collection.id : undefined;
    // Batches keep the envelope's order; failed entries are reported where they stood.
    for (let start = 0; start < entries.length;) {
      const slice: PreparedEntry[] = [];
      const objects: PreparedObject[] = [];
      for (; start < entries.length && objects.length < this.batchSize; start++) {
        const e = entries[start] as PreparedEntry;
        slice.push(e);
        if (e.ok) objects.push(e.object);
      }
      const outcomes = await this.writer.put(objects, members);
      let k = 0;
      for (const e of slice) {
        if (!e.ok) {
          failures.push(e.failure);
          continue;
        }
        const out = outcomes[k++];
        if (out === undefined || !('added' in out)) {
          failures.push({ id: e.id, version: e.version, message: out !== undefined ? `${out.code}: ${out.message}` : 'not stored' });
          continue;
        }
        // Unversioned objects (most SCOs) are versioned by their date_added, as in the manifest.
        const version = e.object.version ?? formatMicros(out.added);
        if (out.status === 'unchanged') {
          counts.unchanged++;
          successes.push({ id: e.id, version, message: 'already held: unchanged' });
          continue;
        }
        if (out.status === 'new') counts.new++;
        else counts.newVersions++;
        if (e.object.revoked) counts.revoked++;
        counts.firstAdded = Math.min(counts.firstAdded, out.added);
        counts.lastAdded = Math.max(counts.lastAdded, out.added);
        successes.push({ id: e.id, version });
      }
    }

    const status: StatusRecord = {
      id: randomUUID(), status: 'complete', requestTimestamp,
      totalCount: entries.length, successCount: successes.length, failureCount: failures.length, pendingCount: 0,
      successes, failures, pendings: [], ownerId: requesterOwner(req.requester), collectionId: collection.id,
    };
    await this.store.statuses.create(status);
    const stored = counts.new + counts.newVersions;
    const summary: AddSummary = {
      new: counts.new, newVersions: counts.newVersions, unchanged: counts.unchanged, revoked: counts.revoked, failed: failures.length,
      ...(stored > 0 ? { firstAdded: counts.firstAdded, lastAdded: counts.lastAdded } : {}),
    };
    // One entry per POST that changed something: new versions or, in a members collection,
    // versions added to it. A shared transaction stamps each request's objects in turn, so the
    // date_added range holds only versions this POST stored.
    if (stored > 0 || (members !== undefined && successes.length > 0)) {
      await this.audit.record({
        actor: req.requester.actor, action: 'object.imported', target: `taxii-collection:${collection.id}`,
        details: {
          via: 'taxii', status: status.id, new: summary.new, newVersions: summary.newVersions, unchanged: summary.unchanged, revoked: summary.revoked,
          failed: summary.failed,
          ...(stored > 0 ? { dateAddedFirst: formatMicros(counts.firstAdded), dateAddedLast: formatMicros(counts.lastAdded) } : {}),
        },
      });
    }
    return { status, summary };
  }

  /** Stops the worker threads. */
  close(): Promise<void> {
    return this.preparer.close();
  }
}
