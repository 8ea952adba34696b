// Pushing to one peer node (issue 5, "Sync", the push half; docs/decisions/0018-sync.md): what
// became visible to the peer's member since the last push is POSTed at once to its node's default
// collection, so a share reaches its audience in about a second instead of a pull interval.
//
// What is pushed is exactly what the peer could pull: this node's visibility rows for its member
// (`ObjectQuery.visibleTo`, decision 0017), every version, in stamp order. Records come before the
// objects they prove because a settle stamps records first, so a page never carries an object
// whose record the peer has not been sent. The receiver checks a push as it checks a pulled page
// (acceptFromPeer), so pushing adds no trust: it only shortens the wait.
//
// Checkpoint rule: the position (the member's last stamp sent) moves past a page only after the
// peer answered 202 (its TAXII status then says what it stored and what it held back, per
// object). A push cut short is sent again; the receiver reports what it holds already as
// "unchanged". A push never replaces the pull: pulls still run on their interval and catch up on
// whatever a push missed (a peer that was down, a page refused). Each envelope names the range of
// stamps it covers (Accord-Push-Range), so the receiver's next pull starts after what it got
// pushed (push-receiver.ts).
import { AccordError } from '../stix/index.js';
import { TaxiiClient, type CollectionClient } from '../taxii/index.js';
import { peerSigner } from './peer-auth.js';
import { formatPushRange, PUSH_RANGE_FIELD } from './push-receiver.js';
import { readPushState, writePushState, type PushState } from './sync-state.js';
import { PEER_COLLECTION, type PeerTarget, type SyncContext } from './sync.js';

/** The range field as the client sends it (lower case, so the signature covers it under that name). */
const PUSH_RANGE_HEADER = PUSH_RANGE_FIELD.toLowerCase();

/** Objects per pushed envelope, and the most bytes of objects in one (below a node's default body limit). */
export const PUSH_PAGE_SIZE = 500;
export const PUSH_PAGE_BYTES = 4 << 20;

/** What one push did. */
export interface PushReport {
  readonly peer: string;
  /** Envelopes POSTed (each answered 202). */
  readonly requests: number;
  /** Objects and records sent and accepted by the peer's server. */
  readonly pushed: number;
  /** Of those, what the peer's status reported as failures (held back there). */
  readonly refused: number;
  /** The member's last stamp sent. */
  readonly position: number;
}

/** Pushes to one peer; see the module comment. Not reentrant: one push at a time per instance. */
export class PeerPusher {
  constructor(private readonly ctx: SyncContext, readonly peer: PeerTarget, private readonly pageBytes = PUSH_PAGE_BYTES) {}

  /** Pushes everything new for the peer; records the outcome in its push state. Throws on failure (state recorded). */
  async push(): Promise<PushReport> {
    const { store } = this.ctx;
    let state = await readPushState(store, this.peer.id);
    const first = await this.nextPage(state.after);
    if (first.texts.length === 0) return { peer: this.peer.id, requests: 0, pushed: 0, refused: 0, position: state.after };
    const client = new TaxiiClient({
      signer: peerSigner(this.ctx.self, this.ctx.key), userAgent: 'accord-sync',
      ...(this.ctx.timeoutMs !== undefined ? { timeoutMs: this.ctx.timeoutMs } : {}),
      ...(this.ctx.retry !== undefined ? { retry: this.ctx.retry } : {}),
      ...(this.ctx.signal !== undefined ? { signal: this.ctx.signal } : {}),
    });
    const totals = { requests: 0, pushed: 0, refused: 0 };
    try {
      let collection = await this.collection(client, state);
      state = { ...state, nodeUrl: this.peer.nodeUrl, apiRoot: collection.apiRoot.url.href };
      let page = first;
      while (page.texts.length > 0) {
        let status;
        try {
          status = await collection.add(page.texts, { headers: { [PUSH_RANGE_HEADER]: formatPushRange(state.after, page.last) } });
        } catch (e) {
          // The remembered API root is gone (the peer was reinstalled or moved it): discover once more.
          if (totals.requests > 0 || !(e instanceof AccordError) || e.code !== 'taxii.http-404' || state.apiRoot === undefined) throw e;
          collection = await this.collection(client, { ...state, apiRoot: undefined });
          state = { ...state, apiRoot: collection.apiRoot.url.href };
          status = await collection.add(page.texts, { headers: { [PUSH_RANGE_HEADER]: formatPushRange(state.after, page.last) } });
        }
        totals.requests++;
        totals.pushed += page.texts.length;
        totals.refused += status.failure_count;
        // Only now, with the peer's 202 in hand, may the next push start after this page.
        state = { ...state, after: page.last, lastPush: this.now().toISOString(), pushError: null, pushFailures: 0, pushed: state.pushed + page.texts.length };
        await writePushState(store, this.peer.id, state);
        if (!page.more) break;
        page = await this.nextPage(state.after);
      }
    } catch (e) {
      const err = e instanceof AccordError ? e : new AccordError('unavailable', 'sync.push-failed', (e as Error).message);
      const s = await readPushState(store, this.peer.id).catch(() => undefined);
      if (s !== undefined) {
        await writePushState(store, this.peer.id, {
          ...s, pushFailures: s.pushFailures + 1, pushError: { code: err.code, message: err.message, at: this.now().toISOString() },
        }).catch(() => undefined);
      }
      throw err;
    } finally {
      client.close();
    }
    return { peer: this.peer.id, ...totals, position: state.after };
  }

  private now(): Date {
    return this.ctx.now?.() ?? new Date();
  }

  /** The peer's default collection: through the remembered API root, else discovery. */
  private async collection(client: TaxiiClient, state: PushState): Promise<CollectionClient> {
    if (state.apiRoot !== undefined && state.nodeUrl === this.peer.nodeUrl) return client.apiRoot(state.apiRoot).collection(PEER_COLLECTION);
    return (await client.connect(`${this.peer.nodeUrl}/taxii2/`)).collection(PEER_COLLECTION);
  }

  /** The next envelope's objects after `after`: at most PUSH_PAGE_SIZE, and within the byte budget (one at least). */
  private async nextPage(after: number): Promise<{ texts: string[]; last: number; more: boolean }> {
    const page = await this.ctx.store.objects.listBodies({ visibleTo: this.peer.id, after, versions: 'all', limit: this.ctx.pageSize ?? PUSH_PAGE_SIZE });
    const texts: string[] = [];
    let bytes = 0;
    let last = after;
    for (const item of page.items) {
      const size = Buffer.byteLength(item.json);
      if (texts.length > 0 && bytes + size > this.pageBytes) return { texts, last, more: true };
      texts.push(item.json);
      bytes += size;
      last = item.added;
    }
    return { texts, last, more: page.more };
  }
}
