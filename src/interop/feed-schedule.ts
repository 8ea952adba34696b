// The scheduled pulls of a serving node (docs/decisions/0026): one loop per configured feed,
// pulling every `intervalMinutes`. The first pull of each feed is due one interval after its last
// attempt (read from the store), so a restart does not pull every feed again at once; feeds run
// independently, so a slow or failing one never holds the others back. stop() cancels the GETs in
// flight and waits for every loop to end. One process per store runs this (`accord serve` holds
// the "feeds" role, as sync holds its own).
import { setTimeout as delay } from 'node:timers/promises';
import { pullFeed, type FeedDefinition, type FeedPullContext, type FeedPullReport } from './feed-pull.js';

export interface FeedScheduleOptions {
  /** Called with every pull's report (the caller logs and audits it). */
  readonly onReport: (feed: FeedDefinition, report: FeedPullReport) => Promise<void>;
  /** Called when a pull could not even record its failure (the store is unavailable). */
  readonly onError: (feed: FeedDefinition, err: unknown) => void;
}

export class FeedSchedule {
  private readonly abort = new AbortController();
  private loops: Promise<void>[] = [];

  constructor(private readonly ctx: FeedPullContext, private readonly feeds: readonly FeedDefinition[], private readonly options: FeedScheduleOptions) {}

  /** Starts one loop per feed. */
  start(): void {
    if (this.loops.length > 0) return;
    const ctx: FeedPullContext = { ...this.ctx, fetch: { ...this.ctx.fetch, signal: this.abort.signal } };
    this.loops = this.feeds.map((feed) => this.loop(ctx, feed));
  }

  /** Cancels what is in flight and resolves once every loop has ended. */
  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled(this.loops);
  }

  private async loop(ctx: FeedPullContext, feed: FeedDefinition): Promise<void> {
    const interval = feed.intervalMinutes * 60_000;
    const now = (): number => (ctx.now ?? (() => new Date()))().getTime();
    let wait = 0;
    try {
      const last = (await ctx.store.feeds.state(feed.name))?.lastAttempt;
      if (last != null) wait = Math.max(0, Date.parse(last) + interval - now());
    } catch (e) {
      this.options.onError(feed, e);
    }
    for (;;) {
      await this.sleep(wait);
      if (this.abort.signal.aborted) return;
      try {
        const report = await pullFeed(ctx, feed);
        if (this.abort.signal.aborted && report.outcome === 'failed') return;
        await this.options.onReport(feed, report);
      } catch (e) {
        if (this.abort.signal.aborted) return;
        this.options.onError(feed, e);
      }
      wait = interval;
    }
  }

  /** Waits `ms`, or less when stopped. */
  private async sleep(ms: number): Promise<void> {
    await delay(ms, undefined, { signal: this.abort.signal }).catch(() => undefined);
  }
}
