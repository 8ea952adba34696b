// One pull of a configured remote feed (issue 7, item 2; docs/decisions/0026): a conditional GET,
// then — for a plain feed — the values compared with what the feed listed before (feed-plan.ts),
// the indicators of the values that changed made from their stored dates and stored in whole
// batches, and — when the feed names an audience — what was stored shared through the publishing
// service (a publication request under the four-eyes rule). A STIX feed's bundle is stored as it
// is. A pull never throws for the feed's sake: a failure (unreachable, timeout, non-2xx, too
// large, unreadable) is recorded in the feed's state and reported, and other feeds go on.
//
// Crash safety: the changed value rows are saved (with the feed marked pending) before their
// objects are stored, and the validators only after. A pull that stops in between leaves the feed
// pending, and the next pull first stores the objects of every row again (the store reports those
// it holds as unchanged), whatever the server answers.
import { Readable } from 'node:stream';
import type { Audience, BulkCandidate, BulkRefusal, Publisher, PublishingService } from '../sharing/index.js';
import { AccordError, isAccordError, type TlpLevel } from '../stix/index.js';
import { ingest, type BatchStored, type FeedStateRecord, type FeedValueRecord, type IngestResult, type Store } from '../store/index.js';
import { describeFeedUrl, fetchFeed, type FetchFeedOptions } from './feed-fetch.js';
import { planPull } from './feed-plan.js';
import { datedFeedObject, feedValues, valueKey, type FeedFormat, type FeedOptions, type SkippedValue } from './feeds.js';
import type { TypedValue, ValueKind } from './values.js';

/** The formats a pulled feed may have: the plain ones, or a STIX 2.1 bundle. */
export type PulledFeedFormat = FeedFormat | 'stix';

/** A feed as configured (`feeds` in accord.json). */
export interface FeedDefinition {
  /** Part of every indicator's id: renaming a feed makes other indicators. */
  readonly name: string;
  readonly url: string;
  readonly format: PulledFeedFormat;
  /** The TLP its indicators are marked with, and its shares' TLP. */
  readonly tlp: TlpLevel;
  readonly column?: number | string;
  readonly delimiter?: string;
  /** Indicators are valid for this many days, extended while the feed lists them. */
  readonly validDays?: number;
  readonly intervalMinutes: number;
  /** Header fields sent with each request (e.g. an API key); never logged or shown. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Share what each pull stores with this audience. */
  readonly audience?: Audience;
}

export interface FeedPullContext {
  readonly store: Store;
  /** The member the indicators are created by. */
  readonly createdBy: string;
  readonly warninglists?: FeedOptions['warninglists'];
  readonly batchSize?: number;
  readonly maxObjectBytes?: number;
  /** Timeout, size cap, redirects, cancellation of the GET. */
  readonly fetch?: Omit<FetchFeedOptions, 'etag' | 'lastModified' | 'headers'>;
  /** The clock (tests). */
  readonly now?: () => Date;
  /** Shares what a pull stored, for a feed with an audience. */
  readonly publishing?: PublishingService;
  readonly publisher?: Publisher;
  /** After each committed batch of a pull (the audit log's object.imported). */
  readonly onBatch?: (feed: FeedDefinition, batch: BatchStored) => Promise<void>;
}

/** What a share after a pull did. */
export interface FeedShareReport {
  readonly shared: number;
  readonly refused: number;
  /** The first objects refused, and why. */
  readonly refusals?: readonly BulkRefusal[];
  /** The publication request filed instead (four-eyes rule). */
  readonly publication?: string;
  readonly error?: { readonly code: string; readonly message: string };
}

/** What one pull did. */
export interface FeedPullReport {
  readonly feed: string;
  /** The URL without its query. */
  readonly url: string;
  readonly outcome: 'stored' | 'not-modified' | 'failed';
  readonly at: string;
  /** Distinct values the feed lists (plain feeds, after a 2xx). */
  readonly listed: number;
  /** Values new to the feed (or back), and values found gone. */
  readonly added: number;
  readonly removed: number;
  /** The store's counts over the objects this pull made or read. */
  readonly items: number;
  readonly new: number;
  readonly newVersion: number;
  readonly unchanged: number;
  /** Objects the store refused, plus lines that hold no value. */
  readonly rejected: number;
  /** Values on warninglists among those stored now. */
  readonly flagged: number;
  /** The first lines that hold no value, and the first objects refused. */
  readonly skipped: readonly SkippedValue[];
  readonly refusals: readonly { readonly id?: string; readonly code: string; readonly message: string }[];
  readonly flaggedValues: readonly { readonly value: string; readonly lists: readonly string[] }[];
  readonly shared?: FeedShareReport;
  readonly error?: { readonly code: string; readonly message: string };
}

/** Lines, refusals and warninglisted values kept per report. */
const SHOWN = 20;

/** What the objects were made with: a change makes a new version of every listed value. */
function settingsOf(feed: FeedDefinition): string {
  return JSON.stringify({ tlp: feed.tlp, validDays: feed.validDays ?? null });
}

function emptyState(feed: FeedDefinition): FeedStateRecord {
  return {
    name: feed.name, url: feed.url, etag: null, lastModified: null, lastAttempt: null, lastSuccess: null,
    errorCode: null, errorMessage: null, failures: 0, settings: null, pending: false, outcome: null,
  };
}

/** A stored key back to its value. */
function valueOfKey(key: string): TypedValue {
  const space = key.indexOf(' ');
  return { kind: key.slice(0, space) as ValueKind, value: key.slice(space + 1) };
}

/** Counts over what the store did with a pull's objects, and what to show of it. */
class Tally {
  items = 0;
  new = 0;
  newVersion = 0;
  unchanged = 0;
  rejected = 0;
  flagged = 0;
  readonly refusals: { id?: string; code: string; message: string }[] = [];
  readonly flaggedValues: { value: string; lists: string[] }[] = [];
  /** date_added ranges of the committed batches: exactly the versions this pull stored. */
  readonly ranges: { first: number; last: number }[] = [];

  /** Stores JSON lines of objects in whole batches. */
  async ingest(ctx: FeedPullContext, feed: FeedDefinition, lines: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<void> {
    const summary = await ingest(ctx.store, Readable.from(lines), {
      batchSize: ctx.batchSize ?? 10_000, maxObjectBytes: ctx.maxObjectBytes ?? 16 * 1024 * 1024,
      onResult: (r: IngestResult) => {
        if (r.status === 'rejected' && this.refusals.length < SHOWN) this.refusals.push({ ...(r.id !== undefined ? { id: r.id } : {}), code: r.code ?? 'rejected', message: r.message ?? '' });
      },
      onBatch: async (b) => {
        this.ranges.push({ first: b.firstAdded, last: b.lastAdded });
        await ctx.onBatch?.(feed, b);
      },
    });
    this.items += summary.items;
    this.new += summary.new;
    this.newVersion += summary.newVersion;
    this.unchanged += summary.unchanged;
    this.rejected += summary.rejected;
    if (summary.fatal !== undefined) throw new AccordError('invalid', summary.fatal.code, `the feed's content cannot be read to its end: ${summary.fatal.message}`);
  }
}

/** The objects of these rows, as JSON lines, with the warninglisted ones counted. */
function* rowObjects(ctx: FeedPullContext, feed: FeedDefinition, rows: readonly FeedValueRecord[], tally: Tally): Iterable<Uint8Array> {
  const options = { name: feed.name, tlp: feed.tlp, createdBy: ctx.createdBy, ...(ctx.warninglists !== undefined ? { warninglists: ctx.warninglists } : {}) };
  for (const row of rows) {
    const value = valueOfKey(row.key);
    const { object, lists } = datedFeedObject(value, options, { created: row.created, modified: row.modified, validFrom: row.validFrom, validUntil: row.validUntil ?? undefined });
    if (lists.length > 0) {
      tally.flagged++;
      if (tally.flaggedValues.length < SHOWN) tally.flaggedValues.push({ value: value.value, lists });
    }
    yield Buffer.from(`${JSON.stringify(object)}\n`);
  }
}

/** Every version a pull stored (its batches' date_added ranges), as share candidates. */
async function* storedVersions(store: Store, ranges: readonly { first: number; last: number }[]): AsyncIterable<BulkCandidate> {
  for (const range of ranges) {
    let after = range.first - 1;
    for (;;) {
      const page = await store.objects.list({ after, versions: 'all', limit: 1000 });
      for (const stored of page.items) if (stored.added <= range.last) yield { id: stored.id, stored };
      const last = page.items.at(-1);
      if (!page.more || last === undefined || last.added >= range.last) break;
      after = last.added;
    }
  }
}

/** Shares what the pull stored with the feed's audience; a failure is reported, not thrown. */
async function shareStored(ctx: FeedPullContext, feed: FeedDefinition, tally: Tally): Promise<FeedShareReport | undefined> {
  if (feed.audience === undefined || ctx.publishing === undefined || ctx.publisher === undefined || tally.ranges.length === 0) return undefined;
  try {
    const result = await ctx.publishing.share(storedVersions(ctx.store, tally.ranges), { tlp: feed.tlp, audience: feed.audience, relay: false }, ctx.publisher);
    return {
      shared: result.shared, refused: result.refused.length, ...(result.refused.length > 0 ? { refusals: result.refused.slice(0, 5) } : {}),
      ...(result.publication !== undefined ? { publication: result.publication.id } : {}),
    };
  } catch (e) {
    if (!isAccordError(e)) throw e;
    return { shared: 0, refused: 0, error: { code: e.code, message: e.message } };
  }
}

/** Pulls one feed now (see the header); resolves with what happened, also on failure. */
export async function pullFeed(ctx: FeedPullContext, feed: FeedDefinition): Promise<FeedPullReport> {
  const clock = ctx.now ?? (() => new Date());
  const at = clock().toISOString();
  const before = await ctx.store.feeds.state(feed.name);
  // A feed moved to another URL is fetched without the old one's validators.
  const base: FeedStateRecord = before === undefined ? emptyState(feed) : before.url === feed.url ? before : { ...before, url: feed.url, etag: null, lastModified: null };
  const settings = settingsOf(feed);
  const tally = new Tally();
  let skipped: SkippedValue[] = [];
  let counts = { listed: 0, added: 0, removed: 0 };
  let state: FeedStateRecord = { ...base, name: feed.name, url: feed.url, lastAttempt: at };
  let status: FeedPullReport['outcome'];
  try {
    const plain = feed.format !== 'stix';
    // A pull that stopped between its rows and its objects is completed first.
    if (plain && base.pending) await tally.ingest(ctx, feed, rowObjects(ctx, feed, await ctx.store.feeds.values(feed.name), tally));
    const sameSettings = base.settings === settings;
    const fetched = await fetchFeed(feed.url, {
      ...ctx.fetch, ...(feed.headers !== undefined ? { headers: feed.headers } : {}),
      ...(sameSettings ? { etag: base.etag, lastModified: base.lastModified } : {}),
    });
    if (fetched.status === 304 || !('body' in fetched)) {
      status = 'not-modified';
      state = { ...state, pending: false };
    } else {
      status = 'stored';
      if (plain) {
        const text = fetched.body.toString('utf8');
        const parsed = feedValues(text, feed.format, { ...(feed.column !== undefined ? { column: feed.column } : {}), ...(feed.delimiter !== undefined ? { delimiter: feed.delimiter } : {}) });
        skipped = parsed.skipped;
        const plan = planPull({ rows: await ctx.store.feeds.values(feed.name), listed: parsed.values.map(valueKey), now: clock(), validDays: feed.validDays, settingsChanged: !sameSettings });
        counts = { listed: plan.listed, added: plan.added, removed: plan.removed };
        if (plan.changed.length > 0) {
          state = { ...state, pending: true, settings };
          await ctx.store.feeds.saveValues(state, plan.changed);
          await tally.ingest(ctx, feed, rowObjects(ctx, feed, plan.changed, tally));
        }
      } else {
        await tally.ingest(ctx, feed, [fetched.body]);
      }
      state = { ...state, etag: fetched.etag, lastModified: fetched.lastModified, pending: false, settings };
    }
    state = { ...state, lastSuccess: at, errorCode: null, errorMessage: null, failures: 0 };
  } catch (e) {
    if (!isAccordError(e)) throw e;
    status = 'failed';
    state = { ...state, errorCode: e.code, errorMessage: e.message, failures: base.failures + 1 };
  }
  const shared = status === 'stored' ? await shareStored(ctx, feed, tally) : undefined;
  const report: FeedPullReport = {
    feed: feed.name, url: describeFeedUrl(feed.url), outcome: status, at, ...counts,
    items: tally.items, new: tally.new, newVersion: tally.newVersion, unchanged: tally.unchanged, rejected: tally.rejected + skipped.length, flagged: tally.flagged,
    skipped: skipped.slice(0, SHOWN), refusals: tally.refusals, flaggedValues: tally.flaggedValues,
    ...(shared !== undefined ? { shared } : {}),
    ...(state.errorCode !== null && status === 'failed' ? { error: { code: state.errorCode, message: state.errorMessage ?? '' } } : {}),
  };
  const { skipped: _s, refusals: _r, flaggedValues: _f, ...outcome } = report;
  await ctx.store.feeds.saveState({ ...state, outcome: JSON.stringify(outcome) });
  return report;
}
