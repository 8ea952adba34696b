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
//
// Instead of the first full load, the index may start from a snapshot (snapshot.ts,
// docs/decisions/0029): restore() takes the compiled index, the known versions, the due times and
// the cursor from the file, after checking that it belongs to this store and that the store has
// not gone back behind it; the first refresh then reads only what was stored since, and applies
// what fell due while the process was stopped (expiries, valid_from reached) — as it would have.
// What the cursor cannot show is an indicator removed from the store without a new version (a
// TAXII DELETE, a retraction that purges the content): reconcile() finds those afterwards, in the
// background, by listing the indicators' latest versions once (no JSON parsed, no pattern compiled).
import { validatePattern, type Pattern } from '../pattern/index.js';
import { isRevoked } from '../stix/index.js';
import type { Store, StoredObject } from '../store/index.js';
import { Detector, type Detection, type Hit } from './detector.js';
import { decodeSnapshot, encodeSnapshot, readSnapshotFile, SnapshotError, writeSnapshotFile, type Due, type KnownVersion, type SnapshotMeta } from './snapshot.js';
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
  /** Start from this snapshot file when it is valid for this store (see restore()), instead of a full load. */
  readonly snapshot?: SnapshotSource;
}

/** Where a LiveDetector may start from, and whom to tell how that went. */
export interface SnapshotSource {
  readonly file: string;
  /** This store's identity (a snapshot of another store is refused); undefined: no snapshot is used. */
  readonly storeIdentity: () => Promise<string | undefined>;
  readonly onRestore?: (outcome: RestoreOutcome) => void;
}

/** What became of a snapshot at the first load. */
export type RestoreOutcome =
  | { readonly restored: SnapshotMeta; readonly ms: number }
  | { readonly absent: true }
  /** Why it was not used (it is not trusted and the index is built from the store). */
  | { readonly refused: string };

/** What one refresh changed. */
export interface LiveChanges {
  /** Indicator versions read from the store. */
  readonly read: number;
  readonly added: number;
  readonly removed: number;
  /** Held before and after, by a newer version. */
  readonly replaced: number;
}

/** An indicator version about to enter the index or wait (its pattern in hand). */
type Known = Omit<KnownVersion, 'active' | 'pattern'> & { readonly pattern: Pattern };

export class LiveDetector {
  private current = new Detector();
  private readonly now: () => number;
  private readonly pageSize: number;
  private readonly sink: DetectionSink;
  private readonly onActivated: LiveDetectorOptions['onActivated'];
  private snapshot: SnapshotSource | undefined;
  /** Until the first load finished: activations then are the index being filled, not arrivals. */
  private filling = true;
  private cursor = 0;
  /** The newest indicator version applied: a snapshot names it, to check the store still has it. */
  private last: { readonly id: string; readonly added: number } | undefined;
  /** Counts the refreshes that changed something: a snapshot is written only when it moved. */
  private changes = 0;
  /** The cursor of the snapshot restored, until reconcile() checked what it held against the store. */
  private unchecked: number | undefined;
  /**
   * Per indicator id, the version in force (in the index) or waiting (valid from later, with its
   * pattern; a version in force keeps none: the index holds it).
   */
  private known = new Map<string, KnownVersion>();
  /** Indicators whose latest version's pattern does not check. */
  private refused = new Set<string>();
  private due = new DueHeap();
  private queue: Promise<unknown> = Promise.resolve();
  /** The first refresh that succeeded (or is running): the whole load. */
  private loading: Promise<unknown> | undefined;

  constructor(private readonly store: Store, options: LiveDetectorOptions = {}) {
    this.now = options.now ?? Date.now;
    this.pageSize = options.pageSize ?? 1000;
    this.sink = options.sink ?? discardDetections;
    this.onActivated = options.onActivated;
    this.snapshot = options.snapshot;
  }

  /** The detector in use (the one a snapshot gave, or the one filled from the store). */
  get detector(): Detector {
    return this.current;
  }

  /** Grows whenever a refresh changed the index or the versions known: compare it to decide whether to write a snapshot. */
  get generation(): number {
    return this.changes;
  }

  /**
   * Starts from a snapshot file instead of a full load (before the first refresh). Returns its
   * header, or undefined when there is no file; throws SnapshotError, leaving this index empty,
   * when the file is not a snapshot of this store's current state (another store, another format,
   * corrupt or truncated, or a store that went back behind it: restored from a backup).
   */
  async restore(file: string, storeIdentity: string): Promise<SnapshotMeta | undefined> {
    if (!this.filling || this.known.size > 0) throw new Error('restore() must come before the first load');
    const bytes = await readSnapshotFile(file);
    if (bytes === undefined) return undefined;
    const s = decodeSnapshot(bytes, storeIdentity);
    const clock = await this.store.objects.lastAdded();
    if (s.meta.cursor > clock) throw new SnapshotError(`it reflects the store up to ${s.meta.cursor}, ahead of the store's clock ${clock}: the store was replaced or restored`);
    const last = s.meta.last;
    if (last !== undefined && !(await this.store.objects.versions(last.id)).some((v) => v.added === last.added)) {
      throw new SnapshotError(`the store no longer holds ${last.id} as stored at ${last.added}: the store was replaced or restored`);
    }
    this.current = s.detector;
    this.known = s.live.known;
    this.refused = new Set(s.live.refused);
    this.due = new DueHeap(s.live.due);
    this.cursor = s.meta.cursor;
    this.last = last;
    this.unchecked = s.meta.cursor;
    return s.meta;
  }

  /**
   * Writes a snapshot of the index as it stands between two refreshes (atomically: see
   * writeSnapshotFile). The encoding runs on this thread (about a second per million indicators);
   * the writing does not.
   */
  async save(file: string, storeIdentity: string): Promise<{ readonly bytes: number; readonly generation: number }> {
    const taken = this.queue.then(() => ({
      parts: encodeSnapshot(storeIdentity, this.current, { cursor: this.cursor, last: this.last, known: this.known, refused: this.refused, due: this.due.entries }),
      generation: this.changes,
    }));
    this.queue = taken.catch(() => undefined);
    const { parts, generation } = await taken;
    await writeSnapshotFile(file, parts);
    return { bytes: parts.reduce((n, p) => n + p.length, 0), generation };
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
    return this.current.match(event, eventId);
  }

  /** Hands matches to the sink. */
  deliver(detections: readonly Detection[]): Promise<void> {
    return detections.length === 0 ? Promise.resolve() : this.sink(detections);
  }

  /**
   * After a start from a snapshot: takes out what the snapshot held that the store no longer has
   * (removed without a new version while the process was stopped, or since), and puts in the
   * version that became the latest when a newer one was removed — as a full load would. Lists the
   * indicators' latest versions once, a page at a time between refreshes. Returns how many
   * indicators it changed (0 when the index was not restored, or was checked already).
   */
  async reconcile(): Promise<number> {
    const through = this.unchecked;
    if (through === undefined) return 0;
    const seen = new Set<string>();
    let changed = 0;
    for (let after = 0, more = true; more;) {
      const step = this.queue.then(async () => {
        const page = await this.store.objects.list({ types: ['indicator'], versions: 'last', after, limit: this.pageSize });
        for (const stored of page.items) {
          if (stored.added > through) return { next: after, more: false };
          seen.add(stored.id);
          const k = this.known.get(stored.id);
          // Held in another version than the latest, which is older than the snapshot: a newer one was removed.
          if (k !== undefined && k.version !== stored.added && k.version <= through) {
            this.apply(stored);
            changed++;
          }
          after = stored.added;
        }
        return { next: after, more: page.more && page.items.length > 0 };
      });
      this.queue = step.catch(() => undefined);
      ({ next: after, more } = await step);
    }
    const gone = this.queue.then(() => {
      for (const [id, k] of this.known) {
        if (k.version <= through && !seen.has(id)) {
          this.forget(id);
          changed++;
        }
      }
    });
    this.queue = gone.catch(() => undefined);
    await gone;
    this.unchecked = undefined;
    if (changed > 0) this.changes++;
    return changed;
  }

  /** The first load's try of the snapshot source: a snapshot that cannot be used is reported and left; a store error is thrown (the load is tried again). */
  private async restoreSource(source: SnapshotSource): Promise<void> {
    const started = Date.now();
    const identity = await source.storeIdentity();
    let outcome: RestoreOutcome;
    try {
      const meta = identity === undefined ? undefined : await this.restore(source.file, identity);
      outcome = meta === undefined ? { absent: true } : { restored: meta, ms: Date.now() - started };
    } catch (e) {
      if (!(e instanceof SnapshotError)) throw e;
      outcome = { refused: (e).message };
    }
    this.snapshot = undefined;
    source.onRestore?.(outcome);
  }

  private async pull(): Promise<LiveChanges> {
    if (this.snapshot !== undefined) await this.restoreSource(this.snapshot);
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
        this.last = { id: stored.id, added: stored.added };
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
    if (read + timed.added + timed.removed > 0) this.changes++;
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
      this.known.set(stored.id, { version: known.version, name: known.name, until: known.until, active: false, pattern: known.pattern });
      this.due.push({ at: from, id: stored.id, kind: 'start', version: stored.added });
      return;
    }
    this.activate(stored.id, known);
  }

  private activate(id: string, known: Known): void {
    this.known.set(id, { version: known.version, name: known.name, until: known.until, active: true });
    this.current.add(id, known.pattern);
    if (known.until !== undefined) this.due.push({ at: known.until, id, kind: 'end', version: known.version });
    if (!this.filling) this.onActivated?.(id, known.pattern, known.until);
  }

  private forget(id: string): void {
    if (this.known.get(id)?.active === true) this.current.remove(id);
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
      } else if (!k.active && k.pattern !== undefined) {
        if (k.until !== undefined && k.until <= now) {
          this.forget(d.id);
          continue;
        }
        this.activate(d.id, { ...k, pattern: k.pattern });
        added++;
      }
    }
    return { added, removed };
  }
}

/** A binary min-heap of due times. */
class DueHeap {
  private readonly items: Due[];

  /** `items`: a heap's entries in heap order (as `entries` gave them). */
  constructor(items: readonly Due[] = []) {
    this.items = [...items];
  }

  /** The entries, in heap order. */
  get entries(): readonly Due[] {
    return this.items;
  }

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
