// The retro-hunt history (issue 8, item 5; docs/detection.md "Retro-hunt"): the values a member's
// own logs showed, kept compact — one row per (object path, value, UTC day) with the first and
// last sighting and a count, never the events — so that an indicator that arrives later is run
// against the past, and old hits are found too.
//
//   recording   every string value of an event under its object path (addresses, names, URLs,
//               hashes, file names, user agents, …); numbers (ports) and protocol names are not
//               kept, nor values longer than MAX_HISTORY_VALUE. Rows are summed in memory and
//               written in batches (one transaction each).
//   keys        an address also gets a sortable fixed-width key (`4` + 8 hex digits, `6` + 32), so
//               that ISSUBSET a CIDR is a key range; a dotted value (name, URL) its labels
//               reversed (`com.example.www`), so that LIKE '%.example.com' is a key prefix.
//   hunting     the index's own classification (compilePattern): a pattern the index decides
//               alone (`exact`) is hunted term by term; an anchored or residual pattern needs the
//               whole event, which the history does not keep, so it is not hunted.
//   time        hits are sightings before the indicator's valid_until (when it has one); its
//               valid_from does not bound them: finding what happened before the indicator was
//               known is what retro-hunt is for.
import type { Pattern } from '../pattern/index.js';
import type { ObservationRepository, ObservationRow } from '../store/index.js';
import type { Detection } from './detector.js';
import { P, type LogEvent } from './event.js';
import { addressBits, compilePattern, ipv4Number, type Compiled, type IndexTerm } from './indicator-index.js';

/** The default retention of the history, in days. */
export const DEFAULT_RETENTION_DAYS = 90;
/** Longer values are not kept (they would not fit PostgreSQL's index entries, and no indicator names them). */
export const MAX_HISTORY_VALUE = 1024;
/** Paths whose values say nothing an indicator names alone. */
const NOT_KEPT = new Set([P.protocols]);
const DAY_MS = 86_400_000;
const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** A plain IPv4 or IPv6 address as its sortable key (`4` + 8 hex digits, `6` + 32), or null. */
export function addressKey(value: string): string | null {
  const v4 = ipv4Number(value);
  if (v4 !== undefined) return `4${v4.toString(16).padStart(8, '0')}`;
  if (!value.includes(':') || !/^[0-9a-f:.]+$/i.test(value)) return null;
  const a = addressBits(value);
  return a?.family === 6 && a.prefix === 128 ? `6${a.bits.toString(16).padStart(32, '0')}` : null;
}

/** The first and last key of a CIDR (or of one address), or undefined when it is neither. */
export function rangeKeys(cidr: string): { from: string; to: string } | undefined {
  const a = addressBits(cidr);
  if (a === undefined) return undefined;
  const host = BigInt(a.length - a.prefix);
  const low = (a.bits >> host) << host;
  const high = low | ((1n << host) - 1n);
  const key = (n: bigint): string => `${a.family}${n.toString(16).padStart(a.length / 4, '0')}`;
  return { from: key(low), to: key(high) };
}

/** The labels of a dotted value reversed (`www.example.com` → `com.example.www`). */
export const reversedLabels = (value: string): string => value.split('.').reverse().join('.');

interface Pending { path: string; value: string; day: string; firstSeen: string; lastSeen: string; count: number }

/** Records events into the history: summed in memory, written in batches. */
export class ObservationHistory {
  private readonly pending = new Map<string, Pending>();
  private values = 0;
  private rows = 0;
  private readonly batchSize: number;

  constructor(private readonly repo: ObservationRepository, options: { readonly batchSize?: number } = {}) {
    this.batchSize = options.batchSize ?? 50_000;
  }

  /** Values recorded and rows written so far. */
  get counts(): { readonly values: number; readonly rows: number } {
    return { values: this.values, rows: this.rows };
  }

  /**
   * Adds an event's values at its time (or `fallbackTime`, default now, when it has none);
   * true when the buffer is full and flush() is due.
   */
  add(event: LogEvent, fallbackTime?: string): boolean {
    const t = (event.time === undefined ? undefined : ISO_MS.test(event.time) ? event.time : normalise(event.time)) ?? fallbackTime ?? new Date().toISOString();
    const day = t.slice(0, 10);
    for (const [path, list] of event.values) {
      if (NOT_KEPT.has(path)) continue;
      for (const value of list) {
        if (typeof value !== 'string' || value.length > MAX_HISTORY_VALUE) continue;
        this.values++;
        const key = `${path}\u0001${value}\u0001${day}`;
        const p = this.pending.get(key);
        if (p === undefined) this.pending.set(key, { path, value, day, firstSeen: t, lastSeen: t, count: 1 });
        else {
          p.count++;
          if (t < p.firstSeen) p.firstSeen = t;
          if (t > p.lastSeen) p.lastSeen = t;
        }
      }
    }
    return this.pending.size >= this.batchSize;
  }

  /** Writes what is buffered, in one transaction; the rows written. */
  async flush(): Promise<number> {
    if (this.pending.size === 0) return 0;
    const rows: ObservationRow[] = [];
    for (const p of this.pending.values()) {
      const rangeKey = addressKey(p.value);
      rows.push({ ...p, rangeKey, reversed: rangeKey === null && p.value.includes('.') ? reversedLabels(p.value) : null });
    }
    this.pending.clear();
    // In key order: the store's index pages are then written in runs, not at random.
    rows.sort((a, b) => (a.path === b.path ? (a.value < b.value ? -1 : a.value > b.value ? 1 : 0) : a.path < b.path ? -1 : 1));
    await this.repo.record(rows);
    this.rows += rows.length;
    return rows.length;
  }
}

function normalise(time: string): string | undefined {
  const ms = Date.parse(time);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** Deletes the days older than the retention; the rows deleted and the first day kept. */
export async function pruneHistory(repo: ObservationRepository, retentionDays: number, now = new Date()): Promise<{ deleted: number; keptFrom: string }> {
  const keptFrom = new Date(now.getTime() - retentionDays * DAY_MS).toISOString().slice(0, 10);
  return { deleted: await repo.prune(keptFrom), keptFrom };
}

/** A value the history saw that an indicator matches. */
/**
 * A past hit as the alert sinks take a match: an event of kind `retro-hunt` at the value's last
 * sighting, keyed (source and text) by the value and its sightings, so that hunting again — or in
 * another process of the same node — records nothing twice.
 */
export function pastHitDetection(hit: PastHit): Detection {
  const raw = `${hit.path} ${JSON.stringify(hit.value)}: seen ${hit.count} time${hit.count === 1 ? '' : 's'} from ${hit.first_seen} to ${hit.last_seen}`;
  return {
    hit: { indicator: hit.indicator, path: hit.path, value: hit.value, by: 'index' },
    event: { type: 'retro-hunt', time: hit.last_seen, values: new Map([[hit.path, [hit.value]]]) },
    source: 'retro-hunt',
    raw,
  };
}

export interface PastHit {
  readonly indicator: string;
  readonly path: string;
  readonly value: string;
  readonly first_seen: string;
  readonly last_seen: string;
  readonly count: number;
}

export interface RetroHuntResult {
  readonly indicator: string;
  /** How the index compiles the pattern; only `exact` patterns are hunted (see the header). */
  readonly compiled: Compiled;
  readonly hunted: boolean;
  /** By path, then value. */
  readonly hits: readonly PastHit[];
}

export interface RetroHuntOptions {
  /** The indicator's valid_until: only sightings before it. */
  readonly validUntil?: string;
  /** Only sightings at or after this time. */
  readonly since?: string;
  /** At most this many values per term (default 1000). */
  readonly limit?: number;
}

/** Runs one indicator's pattern against the history: the values it would have matched, with their sightings. */
export async function retroHunt(repo: ObservationRepository, indicator: string, pattern: Pattern, options: RetroHuntOptions = {}): Promise<RetroHuntResult> {
  const { compiled, terms } = compilePattern(pattern);
  if (compiled !== 'exact') return { indicator, compiled, hunted: false, hits: [] };
  const bounds = { ...(options.since !== undefined ? { since: options.since } : {}), ...(options.validUntil !== undefined ? { until: options.validUntil } : {}), ...(options.limit !== undefined ? { limit: options.limit } : {}) };
  const hits = new Map<string, PastHit>();
  // Equal values are looked up together, per path; ranges and suffixes one by one.
  const values = new Map<string, string[]>();
  const others: IndexTerm[] = [];
  for (const t of terms) {
    if (t.kind === 'value') {
      if (typeof t.value === 'string') values.set(t.path, [...(values.get(t.path) ?? []), t.value]);
    } else others.push(t);
  }
  const found = async (path: string, match: Parameters<ObservationRepository['find']>[0]['match']): Promise<void> => {
    for (const s of await repo.find({ path, match, ...bounds })) {
      hits.set(`${s.path}\u0001${s.value}`, { indicator, path: s.path, value: s.value, first_seen: s.firstSeen, last_seen: s.lastSeen, count: s.count });
    }
  };
  for (const [path, list] of values) await found(path, { values: [...new Set(list)] });
  for (const t of others) {
    const v = String(t.value);
    if (t.kind === 'range') {
      const range = rangeKeys(v);
      if (range !== undefined) await found(t.path, { range });
    } else await found(t.path, { reversedPrefix: `${reversedLabels(v.slice(1))}.` });
  }
  return { indicator, compiled, hunted: true, hits: [...hits.values()].sort((a, b) => (a.path === b.path ? (a.value < b.value ? -1 : 1) : a.path < b.path ? -1 : 1)) };
}
