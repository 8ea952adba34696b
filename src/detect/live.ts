// The detection index kept current (issue 8, item 2: "updated incrementally as indicators arrive,
// expire or are revoked — no full rebuild per change"). A LiveDetector owns one Detector, fills it
// with the store's active STIX indicators (valid_from <= now < valid_until, not revoked,
// pattern_type stix) and then follows the store one change at a time:
//
//   - refresh() reads the latest versions of indicators stored after its cursor (date_added,
//     which is commit order on both stores: docs/decisions/0003), then moves the cursor to the
//     store's clock as read before, so other objects stored meanwhile are not scanned again. Each one replaces what the index
//     held for its id: a revoked version, one whose pattern_type is no longer stix, one already
//     expired or whose pattern does not check takes the indicator out; one valid from later waits.
//     An older version stored late is not the latest, so it never displaces a newer one.
//   - time: every refresh first applies what became due (a valid_from reached adds, a valid_until
//     reached removes), from a heap of due times; entries of a replaced version are ignored.
//
// What calls refresh() decides how soon changes arrive: `accord serve` runs it on the store's
// change notices (LISTEN/NOTIFY on PostgreSQL, the clock row read every 250 ms on SQLite) and
// every 500 ms besides, so another process's change reaches this index within a second
// (docs/benchmarks.md). `accord detect` runs it once.
//
// Matches go to a sink given at construction (DetectionSink): a no-op by default; alerts and
// sightings are built behind it.
import { validatePattern, type Pattern } from '../pattern/index.js';
import { isRevoked } from '../stix/index.js';
import type { Store, StoredObject } from '../store/index.js';
import { Detector, type Detection, type Hit } from './detector.js';
import { parseIndicatorPattern } from './simple-pattern.js';
import type { LogEvent } from './event.js';

/** Where matches go: alerts, sightings, a log. Called with batches; awaited (back-pressure). */
export type DetectionSink = (detections: readonly Detection[]) => Promise<void>;

/** The sink that keeps nothing. */
export const discardDetections: DetectionSink = () => Promise.resolve();

export interface LiveDetectorOptions {
  /** The time indicators are judged at, ms since the epoch (default: the clock). */
  readonly now?: () => number;
  readonly sink?: DetectionSink;
  /** Indicators read per store page (default 1000). */
  readonly pageSize?: number;
  /**
   * Told of each indicator version that enters the index after the first load (a new indicator, a
   * new version, a valid_from reached): where retro-hunt starts (docs/detection.md).
   */
  readonly onActivated?: (indicator: string, pattern: Pattern, validUntil: number | undefined) => void;
}

/** What one refresh changed. */
export interface LiveChanges {
  /** Indicator versions read from the store. */
  readonly read: number;
  readonly added: number;
  readonly removed: number;
  /** Held before and after, by a newer version. */
  readonly replaced: number;
}

/** A due time: an indicator's valid_from (start) or valid_until (end), for one version of it. */
interface Due {
  readonly at: number;
  readonly id: string;
  readonly kind: 'start' | 'end';
  /** The date_added of the version that set it: a later version makes it void. */
  readonly version: number;
}

/** An indicator version the index knows of (held or waiting for its valid_from). */
interface Known {
  readonly version: number;
  readonly pattern: Pattern;
  readonly name: string | undefined;
  readonly until: number | undefined;
}

export class LiveDetector {
  readonly detector = new Detector();
  private readonly now: () => number;
  private readonly pageSize: number;
  private readonly sink: DetectionSink;
  private readonly onActivated: LiveDetectorOptions['onActivated'];
  /** Until the first load finished: activations then are the index being filled, not arrivals. */
  private filling = true;
  private cursor = 0;
  /** Per indicator id, the version in force (in the index) or waiting (valid from later). */
  private readonly known = new Map<string, Known & { readonly active: boolean }>();
  /** Indicators whose latest version's pattern does not check. */
  private readonly refused = new Set<string>();
  private readonly due = new DueHeap();
  private queue: Promise<unknown> = Promise.resolve();
  /** The first refresh that succeeded (or is running): the whole load. */
  private loading: Promise<unknown> | undefined;

  constructor(private readonly store: Store, options: LiveDetectorOptions = {}) {
    this.now = options.now ?? Date.now;
    this.pageSize = options.pageSize ?? 1000;
    this.sink = options.sink ?? discardDetections;
    this.onActivated = options.onActivated;
  }

  /** Indicators held, those waiting for their valid_from, and those whose pattern does not check. */
  get counts(): Detector['counts'] & { readonly waiting: number; readonly refused: number } {
    const c = this.detector.counts;
    return { ...c, waiting: this.known.size - c.indicators, refused: this.refused.size };
  }

  /** The name of an indicator the index holds, when it has one. */
  nameOf(indicator: string): string | undefined {
    return this.known.get(indicator)?.name;
  }

  /** Applies what fell due and every indicator version stored since the last refresh; refreshes never overlap. */
  refresh(): Promise<LiveChanges> {
    const run = this.queue.then(() => this.pull());
    this.queue = run.catch(() => undefined);
    if (this.loading === undefined) {
      this.loading = run;
      run.catch(() => {
        if (this.loading === run) this.loading = undefined;
      });
    }
    return run;
  }

  /** Resolves once the active indicators were loaded (the first refresh); starts it when none ran. */
  async loaded(): Promise<void> {
    await (this.loading ?? this.refresh());
  }

  /** The indicators an event matches now. */
  match(event: LogEvent, eventId: string): Hit[] {
    return this.detector.match(event, eventId);
  }

  /** Hands matches to the sink. */
  deliver(detections: readonly Detection[]): Promise<void> {
    return detections.length === 0 ? Promise.resolve() : this.sink(detections);
  }

  private async pull(): Promise<LiveChanges> {
    let read = 0;
    let added = 0;
    let removed = 0;
    let replaced = 0;
    // The store's clock, read first: every version stamped up to it is committed (stamps are given
    // inside the write lock, in commit order), so the cursor may move past it even when nothing
    // after the last indicator was one, and the next refresh does not scan those objects again.
    const mark = await this.store.objects.lastAdded();
    for (let more = mark > this.cursor; more;) {
      const page = await this.store.objects.list({ types: ['indicator'], versions: 'last', after: this.cursor, limit: this.pageSize });
      for (const stored of page.items) {
        this.cursor = stored.added;
        read++;
        const was = this.known.get(stored.id)?.active === true;
        this.apply(stored);
        const is = this.known.get(stored.id)?.active === true;
        if (was && is) replaced++;
        else if (is) added++;
        else if (was) removed++;
      }
      more = page.more && page.items.length > 0;
    }
    this.cursor = Math.max(this.cursor, mark);
    const timed = this.applyDue();
    this.filling = false;
    return { read, added: added + timed.added, removed: removed + timed.removed, replaced };
  }

  /** Replaces whatever the index held for this indicator by its latest version (or by nothing). */
  private apply(stored: StoredObject): void {
    this.forget(stored.id);
    const o = JSON.parse(stored.json) as Record<string, unknown>;
    if (isRevoked(o) || o.pattern_type !== 'stix' || typeof o.pattern !== 'string') return;
    const now = this.now();
    const until = typeof o.valid_until === 'string' ? Date.parse(o.valid_until) : undefined;
    if (until !== undefined && until <= now) return;
    const v = o.pattern_version === '2.0' ? validatePattern(o.pattern, { version: '2.0' }) : parseIndicatorPattern(o.pattern);
    if (!v.ok) {
      this.refused.add(stored.id);
      return;
    }
    const known: Known = { version: stored.added, pattern: v.pattern, name: typeof o.name === 'string' ? o.name : undefined, until };
    const from = typeof o.valid_from === 'string' ? Date.parse(o.valid_from) : undefined;
    if (from !== undefined && from > now) {
      this.known.set(stored.id, { ...known, active: false });
      this.due.push({ at: from, id: stored.id, kind: 'start', version: stored.added });
      return;
    }
    this.activate(stored.id, known);
  }

  private activate(id: string, known: Known): void {
    this.known.set(id, { ...known, active: true });
    this.detector.add(id, known.pattern);
    if (known.until !== undefined) this.due.push({ at: known.until, id, kind: 'end', version: known.version });
    if (!this.filling) this.onActivated?.(id, known.pattern, known.until);
  }

  private forget(id: string): void {
    if (this.known.get(id)?.active === true) this.detector.remove(id);
    this.known.delete(id);
    this.refused.delete(id);
  }

  /** Starts the indicators whose valid_from came and ends those whose valid_until came. */
  private applyDue(): { added: number; removed: number } {
    const now = this.now();
    let added = 0;
    let removed = 0;
    for (let d = this.due.popDue(now); d !== undefined; d = this.due.popDue(now)) {
      const k = this.known.get(d.id);
      if (k === undefined || k.version !== d.version) continue; // a later version replaced it
      if (d.kind === 'end') {
        this.forget(d.id);
        removed++;
      } else if (!k.active) {
        if (k.until !== undefined && k.until <= now) {
          this.forget(d.id);
          continue;
        }
        this.activate(d.id, k);
        added++;
      }
    }
    return { added, removed };
  }
}

/** A binary min-heap of due times. */
class DueHeap {
  private readonly items: Due[] = [];

  push(d: Due): void {
    const a = this.items;
    a.push(d);
    for (let i = a.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if ((a[parent] as Due).at <= d.at) break;
      a[i] = a[parent] as Due;
      a[parent] = d;
      i = parent;
    }
  }

  /** The earliest entry if it is due at `now`, taken out. */
  popDue(now: number): Due | undefined {
    const a = this.items;
    const top = a[0];
    if (top === undefined || top.at > now) return undefined;
    const last = a.pop() as Due;
    if (a.length === 0) return top;
    a[0] = last;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < a.length && (a[l] as Due).at < (a[min] as Due).at) min = l;
      if (r < a.length && (a[r] as Due).at < (a[min] as Due).at) min = r;
      if (min === i) break;
      [a[i], a[min]] = [a[min] as Due, a[i] as Due];
      i = min;
    }
    return top;
  }
}
