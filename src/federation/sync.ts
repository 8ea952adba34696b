// Pulling from one peer node (issue 5, "Sync"; docs/decisions/0018-sync.md). The peer's default
// TAXII collection is read with every version (`match[version]=all`) from the stored checkpoint
// on, each request signed as this member (peer-auth.ts), so the peer serves exactly what its
// visibility table grants this member. Each page goes through acceptFromPeer (accept.ts), the
// same gate a pushed envelope goes through: share records verified, objects accepted only when a
// verified record names their content and the policy lets this member read them, anything else
// held back in the peer's quarantine (sync-state.ts) with a stable code and the reason.
//
// Checkpoint rule: the checkpoint moves past a page only after the page's objects, records,
// index rows and quarantine entries are committed. The store port has no transaction spanning
// objects and meta, so a crash in between re-reads the page on the next pull; that is safe
// because every step is idempotent: a version already held is "unchanged", a record already
// indexed is "unchanged", a recomputation converges to the same rows, and a quarantine entry
// already held is not added again. Re-pulling a page stores nothing twice.
//
// One request when nothing is new: the API root found by discovery is remembered with the
// checkpoint, so a later pull goes straight to the objects endpoint; a page saying more=false
// ends the pull (pageThrough).
import { BatchRootCache } from '../sharing/index.js';
import { AccordError } from '../stix/index.js';
import type { KnownExtensions, Store } from '../store/index.js';
import { TaxiiClient, type CollectionClient, type RetryPolicy } from '../taxii/index.js';
import type { NodeKey, StaticMembership } from '../trust/index.js';
import { acceptFromPeer, equivocationWords, knownExtensions, type AcceptContext, type AcceptReport } from './accept.js';
import { emit, eventsOf, type SyncEventSink } from './events.js';
import { peerSigner } from './peer-auth.js';
import {
  addToQuarantine, readCheckpoint, readStoredStatus, writeCheckpoint, writeStoredStatus, type QuarantineEntry, type SyncCheckpoint,
} from './sync-state.js';

/** The most objects a page may bring when no page size is asked for (a TAXII server's largest `limit`, ours included). */
export const MAX_PAGE_OBJECTS = 10_000;

/** How many times a page that held something back is read again before it counts. */
const REREADS = 2;

/** The peer's collection every node serves its peers from. */
export const PEER_COLLECTION = 'default';

/** A peer to pull from: a member and where its node is. */
export interface PeerTarget {
  readonly id: string;
  readonly name: string;
  readonly nodeUrl: string;
}

export interface SyncContext {
  readonly store: Store;
  readonly membership: StaticMembership;
  /** This node's member id. */
  readonly self: string;
  /** This node's member signing key (requests are signed with it). */
  readonly key: NodeKey;
  /** Verified batch roots, shared by every puller of the process. */
  readonly cache?: BatchRootCache;
  readonly now?: () => Date;
  /** TAXII client settings: timeouts, retries within one pull, cancellation. */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly signal?: AbortSignal;
  /** Objects per page asked of the peer (default: the peer's). */
  readonly pageSize?: number;
  /** Where pages that stored or held back something, and equivocations, are reported (the audit log). */
  readonly events?: SyncEventSink;
}

/** What one pull did. */
export interface PullReport {
  readonly peer: string;
  readonly pages: number;
  /** Elements received (records and unreadable ones included). */
  readonly objects: number;
  readonly records: number;
  /** Stored now (new objects or versions), or held already. */
  readonly stored: number;
  readonly unchanged: number;
  /** Held back in this pull (an entry held already is counted again, not stored again). */
  readonly quarantined: readonly QuarantineEntry[];
  /** Where the next pull continues. */
  readonly checkpoint: string | undefined;
  /** Pages requested (one request each, retries aside; discovery not counted). */
  readonly requests: number;
}

/** Pulls from one peer; see the module comment. Not reentrant: one pull at a time per instance. */
export class PeerPuller {
  private readonly accept: AcceptContext;

  constructor(private readonly ctx: SyncContext, readonly peer: PeerTarget) {
    this.accept = { store: ctx.store, membership: ctx.membership, self: ctx.self, cache: ctx.cache ?? new BatchRootCache(), ...(ctx.now !== undefined ? { now: ctx.now } : {}) };
  }

  /** One pull to the end of what the peer offers; records the outcome in the peer's status. Throws on failure (status recorded). */
  async pull(options: { readonly fromStart?: boolean } = {}): Promise<PullReport> {
    const { store } = this.ctx;
    const started = this.now().toISOString();
    try {
      const report = await this.pullPages(options.fromStart === true);
      const s = await readStoredStatus(store, this.peer.id);
      await writeStoredStatus(store, this.peer.id, {
        ...s, lastAttempt: started, lastSuccess: started, failures: 0,
        objectsReceived: s.objectsReceived + report.objects, recordsReceived: s.recordsReceived + report.records,
        accepted: s.accepted + report.stored, quarantined: s.quarantined + report.quarantined.length, caughtUp: true,
      });
      return report;
    } catch (e) {
      const err = e instanceof AccordError ? e : new AccordError('unavailable', 'sync.failed', (e as Error).message);
      const s = await readStoredStatus(store, this.peer.id).catch(() => undefined);
      if (s !== undefined) {
        await writeStoredStatus(store, this.peer.id, {
          ...s, lastAttempt: started, failures: s.failures + 1, caughtUp: false, lastError: { code: err.code, message: err.message, at: this.now().toISOString() },
        }).catch(() => undefined);
      }
      throw err;
    }
  }

  private now(): Date {
    return this.ctx.now?.() ?? new Date();
  }

  private async pullPages(fromStart: boolean): Promise<PullReport> {
    const { store } = this.ctx;
    const saved = await readCheckpoint(store, this.peer.id);
    // Stamps are the peer node's clock: a checkpoint for another URL means nothing here.
    let checkpoint: SyncCheckpoint = saved !== undefined && saved.nodeUrl === this.peer.nodeUrl && !fromStart
      ? saved : { nodeUrl: this.peer.nodeUrl, ...(saved?.apiRoot !== undefined && saved.nodeUrl === this.peer.nodeUrl ? { apiRoot: saved.apiRoot } : {}), updatedAt: this.now().toISOString() };
    const client = new TaxiiClient({
      signer: peerSigner(this.ctx.self, this.ctx.key), userAgent: 'accord-sync',
      ...(this.ctx.timeoutMs !== undefined ? { timeoutMs: this.ctx.timeoutMs } : {}),
      ...(this.ctx.retry !== undefined ? { retry: this.ctx.retry } : {}),
      ...(this.ctx.signal !== undefined ? { signal: this.ctx.signal } : {}),
    });
    const totals = { pages: 0, objects: 0, records: 0, stored: 0, unchanged: 0, requests: 0 };
    const held: QuarantineEntry[] = [];
    try {
      let collection: CollectionClient;
      let discovered = false;
      if (checkpoint.apiRoot !== undefined) {
        collection = client.apiRoot(checkpoint.apiRoot).collection(PEER_COLLECTION);
      } else {
        collection = (await client.connect(`${this.peer.nodeUrl}/taxii2/`)).collection(PEER_COLLECTION);
        discovered = true;
        checkpoint = { ...checkpoint, apiRoot: collection.apiRoot.url.href };
      }
      const known = await knownExtensions(store);
      // A page that held something back is read again (at most REREADS times) before it counts:
      // bytes damaged on the way look like altered objects or bad signatures, and a held item
      // behind the checkpoint would stay behind it. What is still held back after that stays held.
      let rereads = 0;
      let storedBefore = 0;
      // A page is held whole before it is checked: its size is bounded by what was asked for.
      const pageCap = this.ctx.pageSize ?? MAX_PAGE_OBJECTS;
      for (let attempt = 0; ; attempt++) {
        try {
          let texts: string[] = [];
          let unreadable: QuarantineEntry[] = [];
          // Read again from `checkpoint`: it moved ahead (pushes delivered the rest), or a page is to be read once more.
          let restart = false;
          const query = {
            match: { version: ['all'] },
            ...(checkpoint.addedAfter !== undefined ? { addedAfter: checkpoint.addedAfter } : {}),
            ...(this.ctx.pageSize !== undefined ? { limit: this.ctx.pageSize } : {}),
          };
          for await (const e of collection.allObjects(query)) {
            if (e.kind === 'object') {
              texts.push(e.text);
              if (texts.length > pageCap) {
                throw new AccordError('unavailable', 'sync.page-too-large', `the peer sent more than ${pageCap} objects in one page, more than asked for: the pull stops here (nothing of this page was stored)`);
              }
            } else if (e.kind === 'unreadable') {
              unreadable.push({ at: this.now().toISOString(), objectId: null, version: null, hash: null, code: `sync.${e.code}`, reason: e.message });
            } else {
              totals.requests++;
              totals.pages++;
              const page = await this.storePage(texts, known);
              const pageHeld = [...unreadable, ...page.held];
              totals.objects += texts.length + unreadable.length;
              totals.stored += page.stored;
              if (pageHeld.length > 0 && rereads < REREADS) {
                rereads++;
                storedBefore += page.stored;
                restart = true; // the same position again
                break;
              }
              rereads = 0;
              totals.records += page.records;
              totals.unchanged += page.unchanged;
              await addToQuarantine(store, this.peer.id, pageHeld);
              await this.report(page, texts.length + unreadable.length, storedBefore);
              storedBefore = 0;
              held.push(...pageHeld);
              texts = [];
              unreadable = [];
              // Only now, with the page committed, may the next pull start after it.
              if (e.resumeAddedAfter !== undefined) checkpoint = { ...checkpoint, addedAfter: e.resumeAddedAfter };
              const written = await writeCheckpoint(store, this.peer.id, { ...checkpoint, updatedAt: this.now().toISOString() });
              // Pushes from the peer delivered what lies ahead meanwhile (push-receiver.ts): read on from where
              // they stopped — unless asked to read everything again.
              if (!fromStart && written.addedAfter !== checkpoint.addedAfter) {
                checkpoint = written;
                restart = true;
                break;
              }
            }
          }
          if (restart) {
            attempt = -1;
            continue;
          }
          break;
        } catch (e) {
          // The remembered API root is gone (the peer was reinstalled or moved it): discover once more.
          if (discovered || attempt > 0 || !(e instanceof AccordError) || e.code !== 'taxii.http-404' || totals.pages > 0) throw e;
          collection = (await client.connect(`${this.peer.nodeUrl}/taxii2/`)).collection(PEER_COLLECTION);
          discovered = true;
          checkpoint = { ...checkpoint, apiRoot: collection.apiRoot.url.href };
        }
      }
    } finally {
      client.close();
    }
    return { peer: this.peer.id, ...totals, quarantined: held, checkpoint: checkpoint.addedAfter };
  }

  /** Checks, stores and indexes one page (acceptFromPeer). */
  private storePage(texts: readonly string[], known: KnownExtensions): Promise<AcceptReport> {
    return acceptFromPeer(this.accept, texts, this.peer.id, known);
  }

  /** Reports a committed page to the event sink; `storedBefore` counts what earlier readings of it stored. */
  private async report(page: AcceptReport, received: number, storedBefore: number): Promise<void> {
    await emit(this.ctx.events, eventsOf({ ...page, stored: page.stored + storedBefore }, 'pull', this.peer.id, received, (e) => equivocationWords(e, this.ctx.membership)));
  }
}
