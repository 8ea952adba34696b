// The sync loops of a serving node: one PeerPuller per other active member, all peers in
// parallel, each pulling every `intervalMs`. A failed pull is retried sooner, with exponential
// backoff and jitter (so that nodes coming back after an outage do not all call at once), and
// never later than the interval's tenfold. stop() cancels requests in flight and waits for every
// loop to end. Status is written to the store by the pullers (sync-state.ts), so `accord peers`
// and GET /api/v1/peers see it from any process.
import { BatchRootCache } from '../sharing/index.js';
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
  private loops: Promise<void>[] = [];
  private readonly random: () => number;

  constructor(ctx: SyncContext, private readonly options: SyncServiceOptions) {
    if (!(options.intervalMs > 0)) throw new RangeError('the sync interval must be positive');
    const shared = { ...ctx, cache: ctx.cache ?? new BatchRootCache(), signal: this.abort.signal };
    this.pullers = peersOf(ctx).map((p) => new PeerPuller(shared, p));
    this.random = options.random ?? Math.random;
  }

  /** The peers being pulled. */
  get peers(): readonly PeerTarget[] {
    return this.pullers.map((p) => p.peer);
  }

  /** Starts one loop per peer (the first pull right away). */
  start(): void {
    if (this.loops.length > 0) return;
    this.loops = this.pullers.map((p) => this.loop(p));
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

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.abort.signal.aborted) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        this.abort.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.abort.signal.addEventListener('abort', done, { once: true });
    });
  }
}
