// Matching events against the indicators (issue 8, item 2): the index proposes candidates; an
// exact candidate is a hit as it is, an anchored one only when its whole pattern holds on the
// event (as observed-data); one-observation patterns the index cannot hold are evaluated on every
// event. Patterns over several observations (FOLLOWEDBY, observation AND, qualifiers) are matched
// over a window of the events that satisfy one of their observations (window.ts); their
// observations are filed in the same index, so one lookup per event serves both.
import { evaluatePattern, formatPattern, parsePattern, type Pattern, PatternEvaluationError } from '../pattern/index.js';
import { eventObservedData, type LogEvent } from './event.js';
import { IndicatorIndex, type Candidate } from './indicator-index.js';
import type { SnapshotReader} from './snapshot-format.js';
import { SnapshotError, type SnapshotWriter } from './snapshot-format.js';
import { isLeafKey, WindowMatcher, type WindowOptions } from './window.js';

/** An indicator an event matched, and on what. */
export interface Hit {
  readonly indicator: string;
  /** The path and value that selected it (for patterns evaluated whole: undefined). */
  readonly path?: string;
  readonly value?: string | number;
  /** How the match was decided: by the index alone, or by evaluating the pattern on the event. */
  readonly by: 'index' | 'pattern';
  /** For a pattern over several observations: the ids of the events of the match, oldest first. */
  readonly events?: readonly string[];
}

/** One match of one event, as the sinks (the CLI's output, alerts and sightings) receive it. */
export interface Detection {
  readonly hit: Hit;
  readonly event: LogEvent;
  /** Where the event came from: a file name, `-` for standard input, `ingest` for the HTTP endpoint. */
  readonly source: string;
  /** Its line in that source (1-based), when it has one. */
  readonly line?: number;
  /** The event's text as read (at most 4 KiB kept), for the evidence. */
  readonly raw?: string;
}

export class Detector {
  private readonly index: IndicatorIndex;
  /**
   * The patterns the index cannot decide alone, for confirming a candidate. Exact ones are not
   * kept, and patterns over several observations are kept by the window matcher as their
   * canonical text (about a tenth of an AST's memory): a million ASTs would be most of the memory.
   */
  private readonly patterns = new Map<string, Pattern>();
  /** Residual patterns of one observation, evaluated on every event. */
  private readonly everyEvent = new Set<string>();
  private readonly multi = new Set<string>();
  private readonly windows: WindowMatcher;

  /** `index`: one loaded from a snapshot (see load()); a new, empty one by default. */
  constructor(options: WindowOptions = {}, index = new IndicatorIndex()) {
    this.index = index;
    this.windows = new WindowMatcher(options, this.index);
  }

  /** The index's handle of an indicator held: a snapshot names an indicator by it instead of writing its id again. */
  handleOf(indicator: string): number | undefined {
    return this.index.handleOf(indicator);
  }

  /** The indicator of a handle (the same string the index holds). */
  indicatorAt(handle: number): string | undefined {
    return this.index.indicatorAt(handle);
  }

  /** Writes the compiled state to a snapshot: the index, the patterns kept (as canonical text) and the window matcher's. */
  save(w: SnapshotWriter): void {
    this.index.save(w);
    const kept = [...this.patterns];
    w.put('DPID', kept.map(([id]) => w.str(id)));
    w.put('DPTX', kept.map(([, p]) => w.str(formatPattern(p))));
    w.put('DEVE', [...this.everyEvent].map((id) => w.str(id)));
    w.put('DMUL', [...this.multi].map((id) => w.str(id)));
    this.windows.save(w);
  }

  /** A detector as save() wrote it: it matches every event as the saved one did. */
  static load(r: SnapshotReader, options: WindowOptions = {}): Detector {
    const d = new Detector(options, IndicatorIndex.load(r));
    const ids = r.next('DPID', Int32Array);
    const texts = r.next('DPTX', Int32Array);
    if (texts.length !== ids.length) throw new SnapshotError('the pattern sections disagree on how many patterns there are');
    for (let i = 0; i < ids.length; i++) {
      const p = parsePattern(r.str(texts[i] as number));
      if (!p.ok) throw new SnapshotError(`a kept pattern does not parse: ${p.error.message}`);
      d.patterns.set(r.str(ids[i] as number), p.pattern);
    }
    for (const k of r.next('DEVE', Int32Array)) d.everyEvent.add(r.str(k));
    for (const k of r.next('DMUL', Int32Array)) d.multi.add(r.str(k));
    d.windows.load(r);
    return d;
  }

  /** Indicators held: matched by the index, evaluated on every event, over several observations. */
  get counts(): { readonly indicators: number; readonly exactOrAnchored: number; readonly everyEvent: number; readonly multiObservation: number } {
    const indicators = this.index.size - this.windows.observations;
    return { indicators, exactOrAnchored: indicators - this.everyEvent.size - this.multi.size, everyEvent: this.everyEvent.size, multiObservation: this.multi.size };
  }

  add(indicator: string, pattern: Pattern): void {
    if (this.index.has(indicator)) this.remove(indicator);
    const compiled = this.index.add(indicator, pattern);
    if (compiled === 'exact') return;
    if (compiled === 'residual' && pattern.kind !== 'observation') {
      this.multi.add(indicator);
      this.windows.add(indicator, pattern);
      return;
    }
    this.patterns.set(indicator, pattern);
    if (compiled === 'residual') this.everyEvent.add(indicator);
  }

  remove(indicator: string): void {
    this.index.remove(indicator);
    this.patterns.delete(indicator);
    this.everyEvent.delete(indicator);
    this.multi.delete(indicator);
    this.windows.remove(indicator);
  }

  /** The indicators an event matches (or, for patterns over several observations, completes), each once. */
  match(event: LogEvent, eventId: string): Hit[] {
    const candidates = this.index.lookup(event.values);
    // The common event: nothing selected and nothing to evaluate on every event.
    if (candidates.length === 0 && this.everyEvent.size === 0 && !this.windows.evaluatesEveryEvent) return [];
    const hits = new Map<string, Hit>();
    let observed: Record<string, unknown>[] | undefined;
    const holds = (indicator: string): boolean => {
      const pattern = this.patterns.get(indicator);
      if (pattern === undefined) return false;
      observed ??= eventObservedData(event, eventId);
      try {
        return evaluatePattern(pattern, observed, '2.1').matched;
      } catch (e) {
        if (e instanceof PatternEvaluationError) return false;
        throw e;
      }
    };
    const anchored: Candidate[] = [];
    let observations: Candidate[] | undefined;
    for (const c of candidates) {
      if (isLeafKey(c.indicator)) {
        (observations ??= []).push(c);
        continue;
      }
      if (hits.has(c.indicator)) continue;
      if (c.exact) hits.set(c.indicator, { indicator: c.indicator, path: c.path, value: c.value, by: 'index' });
      else anchored.push(c);
    }
    for (const c of anchored) if (!hits.has(c.indicator) && holds(c.indicator)) hits.set(c.indicator, { indicator: c.indicator, path: c.path, value: c.value, by: 'pattern' });
    for (const indicator of this.everyEvent) if (!hits.has(indicator) && holds(indicator)) hits.set(indicator, { indicator, by: 'pattern' });
    if (observations !== undefined || this.windows.evaluatesEveryEvent) {
      for (const w of this.windows.observe(event, eventId, observations ?? [])) hits.set(w.indicator, { indicator: w.indicator, by: 'pattern', events: w.events });
    }
    return [...hits.values()];
  }
}
