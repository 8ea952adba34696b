// Patterns over several observations (issue 8, item 2: "a residual evaluator that receives only
// candidate events for the complex patterns (several observations, qualifiers, FOLLOWEDBY)").
//
// Each such pattern is split into its bracketed observations. Every one of them is compiled on
// its own into the index (the detector's own, under the key `indicator NUL n`, so one lookup per
// event serves both), so an event reaches a pattern only when it satisfies one of its
// observations (confirmed by evaluating that observation on the event). Patterns are held as
// their canonical text and parsed again when an event joins (rare): a hundred thousand syntax
// trees would be most of the index's memory. Those events — as
// observed-data — wait in the pattern's window; each time one joins, the whole pattern is
// evaluated over the window with the specification's semantics (FOLLOWEDBY, observation AND/OR,
// WITHIN, REPEATS, START/STOP: src/pattern/evaluate.ts).
//
//   window span  the outermost `WITHIN n SECONDS` when the pattern has one; otherwise
//                `horizonSeconds` (a day unless told). Events older than the newest event minus
//                the span leave the window; so do the oldest beyond `maxEvents` per pattern.
//   a match      reports the events of the first binding and empties the window, so one burst
//                of events gives one alert, and a new match needs new events.
import { evaluatePattern, formatPattern, parsePattern, type ObservationBrackets, type ObservationExpression, type Pattern, PatternEvaluationError } from '../pattern/index.js';
import { eventObservedData, type LogEvent } from './event.js';
import { IndicatorIndex, type Candidate } from './indicator-index.js';
import { SnapshotError, type SnapshotReader, type SnapshotWriter } from './snapshot-format.js';

export interface WindowOptions {
  /** How long an event waits for the rest of a pattern without WITHIN, in seconds (default 86,400). */
  readonly horizonSeconds?: number;
  /** The most events a pattern's window holds; the oldest leave first (default 1,000). */
  readonly maxEvents?: number;
}

/** A pattern over several observations that the window completed. */
export interface WindowHit {
  readonly indicator: string;
  /** The ids of the events of the first binding, oldest first (as given to `observe`). */
  readonly events: readonly string[];
}

interface Waiting {
  readonly eventId: string;
  /** Event time in ms (0 when the event has none). */
  readonly at: number;
  readonly objects: readonly Record<string, unknown>[];
}

interface Held {
  /** The pattern's canonical text. */
  readonly text: string;
  readonly leaves: number;
  readonly spanMs: number;
  window: Waiting[];
}

/** The key of one observation of one pattern in the index (indicator ids have no NUL). */
const leafKey = (indicator: string, leaf: number): string => `${indicator}\u0000${leaf}`;

/** Whether an index key is one of a pattern's observations (not an indicator). */
export const isLeafKey = (key: string): boolean => key.includes('\u0000');

export class WindowMatcher {
  private readonly leafIndex: IndicatorIndex;
  private readonly held = new Map<string, Held>();
  private leafKeys = 0;
  /** Observations the index cannot select, evaluated on every event. */
  private readonly everyEvent = new Set<string>();
  private readonly horizonMs: number;
  private readonly maxEvents: number;

  /** `index`: the index to file the observations in (default one of its own). */
  constructor(options: WindowOptions = {}, index?: IndicatorIndex) {
    this.horizonMs = (options.horizonSeconds ?? 86_400) * 1000;
    this.maxEvents = options.maxEvents ?? 1000;
    this.leafIndex = index ?? new IndicatorIndex();
  }

  /** Patterns held. */
  get size(): number {
    return this.held.size;
  }

  /** Observations filed in the index (keys that are not indicators). */
  get observations(): number {
    return this.leafKeys;
  }

  /** Whether some observation must be evaluated on every event (the index cannot select it). */
  get evaluatesEveryEvent(): boolean {
    return this.everyEvent.size > 0;
  }

  add(indicator: string, pattern: Pattern): void {
    this.remove(indicator);
    const leaves = observationsOf(pattern);
    const within = pattern.kind === 'within' ? pattern.seconds.value * 1000 : undefined;
    this.held.set(indicator, { text: formatPattern(pattern), leaves: leaves.length, spanMs: within ?? this.horizonMs, window: [] });
    for (const [i, leaf] of leaves.entries()) {
      this.leafKeys++;
      if (this.leafIndex.add(leafKey(indicator, i), leaf) === 'residual') this.everyEvent.add(leafKey(indicator, i));
    }
  }

  remove(indicator: string): void {
    const held = this.held.get(indicator);
    if (held === undefined) return;
    for (let i = 0; i < held.leaves; i++) {
      this.leafIndex.remove(leafKey(indicator, i));
      this.everyEvent.delete(leafKey(indicator, i));
      this.leafKeys--;
    }
    this.held.delete(indicator);
  }

  /** Writes the patterns held (not the events waiting in their windows: a restart empties them, as a fresh build does). */
  save(w: SnapshotWriter): void {
    const held = [...this.held];
    w.put('WHID', held.map(([id]) => w.str(id)));
    w.put('WHTX', held.map(([, h]) => w.str(h.text)));
    w.put('WHLV', held.map(([, h]) => h.leaves));
    w.put('WHSP', held.map(([, h]) => h.spanMs), Float64Array);
    w.put('WEVE', [...this.everyEvent].map((k) => w.str(k)));
    w.put('WLKN', [this.leafKeys], Float64Array);
  }

  /** Takes back what save() wrote; the observations are in the (loaded) index already. */
  load(r: SnapshotReader): void {
    const ids = r.next('WHID', Int32Array);
    const texts = r.next('WHTX', Int32Array);
    const leaves = r.next('WHLV', Int32Array);
    const spans = r.next('WHSP', Float64Array);
    if (texts.length !== ids.length || leaves.length !== ids.length || spans.length !== ids.length) throw new SnapshotError('the window sections disagree on how many patterns there are');
    for (let i = 0; i < ids.length; i++) this.held.set(r.str(ids[i] as number), { text: r.str(texts[i] as number), leaves: leaves[i] as number, spanMs: spans[i] as number, window: [] });
    for (const k of r.next('WEVE', Int32Array)) this.everyEvent.add(r.str(k));
    this.leafKeys = r.next('WLKN', Float64Array)[0] ?? 0;
  }

  /**
   * Offers one event to the windows of the patterns it concerns; returns the patterns it
   * completed. `candidates`: what the shared index's lookup gave for the observations' keys (when
   * the index is the matcher's own, it looks the event up itself).
   */
  observe(event: LogEvent, eventId: string, candidates?: readonly Candidate[]): WindowHit[] {
    if (this.held.size === 0) return [];
    const parsed = new Map<string, { pattern: Pattern; leaves: readonly Pattern[] }>();
    const parse = (indicator: string, held: Held): { pattern: Pattern; leaves: readonly Pattern[] } => {
      let p = parsed.get(indicator);
      if (p === undefined) {
        const r = parsePattern(held.text);
        if (!r.ok) throw new Error(`the canonical form of ${indicator}'s pattern does not parse: ${r.error.message}`);
        p = { pattern: r.pattern, leaves: observationsOf(r.pattern) };
        parsed.set(indicator, p);
      }
      return p;
    };
    let objects: Record<string, unknown>[] | undefined;
    const asObserved = (): Record<string, unknown>[] => (objects ??= eventObservedData(event, eventId));
    const joined = new Set<string>();
    const consider = (key: string, exact: boolean): void => {
      const cut = key.indexOf('\u0000');
      const indicator = key.slice(0, cut);
      if (joined.has(indicator)) return;
      const held = this.held.get(indicator);
      if (held === undefined) return;
      if (!exact && !holds(parse(indicator, held).leaves[Number(key.slice(cut + 1))] as Pattern, asObserved())) return;
      joined.add(indicator);
    };
    for (const c of candidates ?? this.leafIndex.lookup(event.values)) if (isLeafKey(c.indicator)) consider(c.indicator, c.exact);
    for (const key of this.everyEvent) consider(key, false);
    const hits: WindowHit[] = [];
    const at = event.time === undefined ? 0 : Date.parse(event.time);
    for (const indicator of joined) {
      const held = this.held.get(indicator) as Held;
      held.window.push({ eventId, at, objects: asObserved() });
      const newest = held.window.reduce((m, w) => Math.max(m, w.at), 0);
      held.window = held.window.filter((w) => w.at >= newest - held.spanMs);
      if (held.window.length > this.maxEvents) held.window.splice(0, held.window.length - this.maxEvents);
      const items = held.window.flatMap((w) => w.objects);
      let result;
      try {
        result = evaluatePattern(parse(indicator, held).pattern, items, '2.1');
      } catch (e) {
        if (e instanceof PatternEvaluationError) continue;
        throw e;
      }
      if (!result.matched) continue;
      const ids = new Set(result.matchedObservedData);
      hits.push({ indicator, events: held.window.filter((w) => ids.has(`observed-data--${w.eventId}`)).map((w) => w.eventId) });
      held.window = [];
    }
    return hits;
  }
}

/** Whether one observation holds on one event (as observed-data). */
function holds(leaf: Pattern, observed: readonly Record<string, unknown>[]): boolean {
  try {
    return evaluatePattern(leaf, observed, '2.1').matched;
  } catch (e) {
    if (e instanceof PatternEvaluationError) return false;
    throw e;
  }
}

/** The bracketed observations of a pattern, in source order. */
function observationsOf(e: ObservationExpression): ObservationBrackets[] {
  switch (e.kind) {
    case 'observation': return [e];
    case 'observation-and':
    case 'observation-or':
    case 'followedby': return e.operands.flatMap(observationsOf);
    case 'within':
    case 'repeats':
    case 'start-stop': return observationsOf(e.expression);
  }
}
