// Patterns over several observations (issue 8, item 2: "a residual evaluator that receives only
// candidate events for the complex patterns (several observations, qualifiers, FOLLOWEDBY)").
//
// Each such pattern is split into its bracketed observations. Every one of them is compiled on
// its own into a second index, so an event reaches a pattern only when it satisfies one of its
// observations (confirmed by evaluating that observation on the event). Those events — as
// observed-data — wait in the pattern's window; each time one joins, the whole pattern is
// evaluated over the window with the specification's semantics (FOLLOWEDBY, observation AND/OR,
// WITHIN, REPEATS, START/STOP: src/pattern/evaluate.ts).
//
//   window span  the outermost `WITHIN n SECONDS` when the pattern has one; otherwise
//                `horizonSeconds` (a day unless told). Events older than the newest event minus
//                the span leave the window; so do the oldest beyond `maxEvents` per pattern.
//   a match      reports the events of the first binding and empties the window, so one burst
//                of events gives one alert, and a new match needs new events.
import { evaluatePattern, type ObservationBrackets, type ObservationExpression, type Pattern, PatternEvaluationError } from '../pattern/index.js';
import { eventObservedData, type LogEvent } from './event.js';
import { IndicatorIndex } from './indicator-index.js';

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
  readonly pattern: Pattern;
  readonly leaves: readonly Pattern[];
  readonly spanMs: number;
  window: Waiting[];
}

/** The key of one observation of one pattern in the leaf index (indicator ids have no NUL). */
const leafKey = (indicator: string, leaf: number): string => `${indicator}\u0000${leaf}`;

export class WindowMatcher {
  private readonly leafIndex = new IndicatorIndex();
  private readonly held = new Map<string, Held>();
  /** Observations the index cannot select, evaluated on every event. */
  private readonly everyEvent = new Set<string>();
  private readonly horizonMs: number;
  private readonly maxEvents: number;

  constructor(options: WindowOptions = {}) {
    this.horizonMs = (options.horizonSeconds ?? 86_400) * 1000;
    this.maxEvents = options.maxEvents ?? 1000;
  }

  get size(): number {
    return this.held.size;
  }

  add(indicator: string, pattern: Pattern): void {
    this.remove(indicator);
    const leaves = observationsOf(pattern).map((o): Pattern => o);
    const within = pattern.kind === 'within' ? pattern.seconds.value * 1000 : undefined;
    this.held.set(indicator, { pattern, leaves, spanMs: within ?? this.horizonMs, window: [] });
    for (const [i, leaf] of leaves.entries()) {
      if (this.leafIndex.add(leafKey(indicator, i), leaf) === 'residual') this.everyEvent.add(leafKey(indicator, i));
    }
  }

  remove(indicator: string): void {
    const held = this.held.get(indicator);
    if (held === undefined) return;
    for (let i = 0; i < held.leaves.length; i++) {
      this.leafIndex.remove(leafKey(indicator, i));
      this.everyEvent.delete(leafKey(indicator, i));
    }
    this.held.delete(indicator);
  }

  /** Offers one event to the windows of the patterns it concerns; returns the patterns it completed. */
  observe(event: LogEvent, eventId: string): WindowHit[] {
    if (this.held.size === 0) return [];
    let objects: Record<string, unknown>[] | undefined;
    const asObserved = (): Record<string, unknown>[] => (objects ??= eventObservedData(event, eventId));
    const joined = new Set<string>();
    const consider = (key: string, exact: boolean): void => {
      const cut = key.indexOf('\u0000');
      const indicator = key.slice(0, cut);
      if (joined.has(indicator)) return;
      const held = this.held.get(indicator);
      if (held === undefined) return;
      if (!exact && !holds(held.leaves[Number(key.slice(cut + 1))] as Pattern, asObserved())) return;
      joined.add(indicator);
    };
    for (const c of this.leafIndex.lookup(event.values)) consider(c.indicator, c.exact);
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
        result = evaluatePattern(held.pattern, items, '2.1');
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
