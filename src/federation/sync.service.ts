// The sync loops of a serving node: per other active member, one PeerPuller pulling every
// `intervalMs` and one PeerPusher pushing every `intervalMs` *and* as soon as this node's store
// changes. The store announces when its clock moves (date_added and visibility stamps come from
// it, decision 0017): at once on PostgreSQL (LISTEN/NOTIFY, whichever process wrote), by reading
// one row every `watchMs` on SQLite. On an import, a share made by `accord share` in another
// process, objects pulled or pushed here, every pusher that is not backing off is woken and
// pushes what became visible to its member (nothing: no request). A failed pull or push is
// retried sooner, with exponential backoff and jitter (so that nodes coming back after an outage
// do not all call at once), never later than the interval's tenfold; a backing-off pusher is not
// woken by changes. stop() cancels requests in flight and waits for every loop to end. Status is
// written to the store (sync-state.ts), so `accord peers` and GET /api/v1/peers see it from any
// process.
import { BatchRootCache } from '../sharing/index.js';
import type { StoreWatch } from '../store/index.js';
import { PeerPusher, type PushReport } from './push.js';
import { PeerPuller, type PeerTarget, type PullReport, type SyncContext } from './sync.js';

/** Where sync reports (a category logger: `sync`). */
export interface SyncLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface SyncServiceOptions {
  /** Between pulls from one peer, in milliseconds (> 0). */
  readonly intervalMs: number;
  /** The first retry after a failure (default min(interval, 5 s)); doubles per failure. */
  readonly retryBaseMs?: number;
  readonly logger?: SyncLogger;
  /** For tests: a source of jitter in [0, 1). */
  readonly random?: () => number;
  /** Push to peers at once when the store changes (default true). */
  readonly push?: boolean;
  /** How often the store's clock is read to notice a change, in milliseconds (default 250). */
  readonly watchMs?: number;
}

/** A pusher, and whether a change arrived that it has not pushed yet. */
interface PushLane {
  readonly pusher: PeerPusher;
  dirty: boolean;
  /** Ends the lane's sleep (set while it sleeps and is not backing off). */
  wake: (() => void) | undefined;
}

/** The wait after `failures` failed pulls in a row: base·2^(n−1), capped, with ±25 % jitter. */
export function backoffDelay(failures: number, intervalMs: number, baseMs: number, random: () => number): number {
  const cap = Math.max(intervalMs * 10, baseMs);
  const raw = Math.min(cap, baseMs * 2 ** Math.min(30, Math.max(0, failures - 1)));
  return Math.round(raw * (0.75 + random() * 0.5));
}

/** The peers of a node: every active member but itself. */
export function peersOf(ctx: Pick<SyncContext, 'membership' | 'self'>): PeerTarget[] {
  return ctx.membership.all().filter((m) => m.id !== ctx.self && m.status === 'active').map((m) => ({ id: m.id, name: m.name, nodeUrl: m.nodeUrl }));
}

export class SyncService {
  private readonly abort = new AbortController();
  private readonly pullers: PeerPuller[];
  private readonly lanes: PushLane[];
  private loops: Promise<void>[] = [];
  private readonly random: () => number;

  constructor(private readonly ctx: SyncContext, private readonly options: SyncServiceOptions) {
    if (!(options.intervalMs > 0)) throw new RangeError('the sync interval must be positive');
    const shared = { ...ctx, cache: ctx.cache ?? new BatchRootCache(), signal: this.abort.signal };
    const peers = peersOf(ctx);
    this.pullers = peers.map((p) => new PeerPuller(shared, p));
    this.lanes = options.push === false ? [] : peers.map((p) => ({ pusher: new PeerPusher(shared, p), dirty: false, wake: undefined }));
    this.random = options.random ?? Math.random;
  }

  /** The peers being pulled. */
  get peers(): readonly PeerTarget[] {
    return this.pullers.map((p) => p.peer);
  }

  /** Starts the pull and push loops of every peer (the first pull and push right away) and the change watcher. */
  start(): void {
    if (this.loops.length > 0) return;
    this.loops = [...this.pullers.map((p) => this.loop(p)), ...this.lanes.map((l) => this.pushLoop(l))];
    if (this.lanes.length > 0) this.loops.push(this.watch());
  }

  /** Cancels what is in flight and resolves once every loop has ended. */
  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled(this.loops);
  }

  private async loop(puller: PeerPuller): Promise<void> {
    const { intervalMs, logger } = this.options;
    const base = this.options.retryBaseMs ?? Math.min(intervalMs, 5000);
    let failures = 0;
    while (!this.abort.signal.aborted) {
      let wait: number;
      try {
        const r: PullReport = await puller.pull();
        failures = 0;
        wait = intervalMs;
        if (r.objects > 0 || r.quarantined.length > 0) {
          logger?.info({ cat: 'sync', peer: r.peer, objects: r.objects, records: r.records, stored: r.stored, quarantined: r.quarantined.length }, 'pulled from peer');
        }
        for (const q of r.quarantined) logger?.warn({ cat: 'sync', peer: r.peer, object: q.objectId, code: q.code }, `held back: ${q.reason}`);
      } catch (e) {
        if (this.abort.signal.aborted) break;
        failures++;
        wait = backoffDelay(failures, intervalMs, base, this.random);
        logger?.warn({ cat: 'sync', peer: puller.peer.id, failures, retryInMs: wait, err: (e as Error).message }, 'pull from peer failed');
      }
      await this.sleep(wait);
    }
  }

  private async pushLoop(lane: PushLane): Promise<void> {
    const { intervalMs, logger } = this.options;
    const base = this.options.retryBaseMs ?? Math.min(intervalMs, 5000);
    let failures = 0;
    while (!this.abort.signal.aborted) {
      lane.dirty = false;
      let wait: number;
      try {
        const r: PushReport = await lane.pusher.push();
        failures = 0;
        wait = intervalMs;
        if (r.pushed > 0) logger?.info({ cat: 'sync', peer: r.peer, pushed: r.pushed, refused: r.refused, requests: r.requests }, 'pushed to peer');
        if (r.refused > 0) logger?.warn({ cat: 'sync', peer: r.peer, refused: r.refused }, 'the peer held back pushed objects (its TAXII status lists why)');
      } catch (e) {
        if (this.abort.signal.aborted) break;
        failures++;
        wait = backoffDelay(failures, intervalMs, base, this.random);
        logger?.warn({ cat: 'sync', peer: lane.pusher.peer.id, failures, retryInMs: wait, err: (e as Error).message }, 'push to peer failed');
      }
      // A change that arrived while pushing is pushed now; a failing peer waits out its backoff.
      if (failures === 0 && lane.dirty) continue;
      await this.sleep(wait, failures === 0 ? lane : undefined);
    }
  }

  /** Wakes the pushers whenever the node clock moves (the store announces it: LISTEN/NOTIFY on PostgreSQL, a one-row reading on SQLite). */
  private async watch(): Promise<void> {
    const wake = (): void => {
      for (const lane of this.lanes) {
        lane.dirty = true;
        lane.wake?.();
      }
    };
    let watch: StoreWatch | undefined;
    while (!this.abort.signal.aborted && watch === undefined) {
      try {
        watch = await this.ctx.store.watch(wake, { pollMs: this.options.watchMs ?? 250 });
      } catch {
        // The store is briefly unavailable: pushes still run on the interval; try again.
        await this.sleep(this.options.watchMs ?? 250);
      }
    }
    await new Promise<void>((resolve) => {
      if (this.abort.signal.aborted) resolve();
      else this.abort.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await watch?.stop();
  }

  private sleep(ms: number, lane?: PushLane): Promise<void> {
    return new Promise((resolve) => {
      if (this.abort.signal.aborted) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        this.abort.signal.removeEventListener('abort', done);
        if (lane !== undefined) lane.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.abort.signal.addEventListener('abort', done, { once: true });
      if (lane !== undefined) lane.wake = done;
    });
  }
}
