// The Prometheus text exposition format, version 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format), written by
// hand: a writer that turns metric families into text, and the two kinds of metric the node keeps
// between scrapes (labelled counters and histograms). Gauges are read when scraped, so they have
// no kept state here. What the format asks and the writer enforces (a breach is a bug: it throws):
//   - a family once: `# HELP`, then `# TYPE`, then all its samples together;
//   - metric names [a-zA-Z_:][a-zA-Z0-9_:]*, label names [a-zA-Z_][a-zA-Z0-9_]* and not `__…`;
//   - label values escape backslash, double quote and line feed (\\ \" \n); HELP text escapes
//     backslash and line feed only;
//   - each series (name and label set) once;
//   - a histogram: `_bucket` samples with cumulative counts by `le`, ending with `le="+Inf"`
//     (equal to `_count`), then `_sum` and `_count`;
//   - values as Go's ParseFloat reads them (`+Inf`, `-Inf`, `NaN`); every line ends with \n.
// Counters are named `…_total` (our convention, the format's own for 0.0.4 text).

/** The Content-Type of the 0.0.4 text format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type Labels = Readonly<Record<string, string>>;

export interface Sample {
  readonly labels?: Labels;
  readonly value: number;
}

/** One labelled series of a histogram: counts per bucket (not cumulative), the last one for +Inf. */
export interface HistogramSample {
  readonly labels?: Labels;
  readonly counts: readonly number[];
  readonly sum: number;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A label value as the format writes it between double quotes. */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** HELP text as the format writes it (quotes are not escaped there). */
export function escapeHelp(text: string): string {
  return text.replace(/[\\\n]/g, (c) => (c === '\n' ? '\\n' : '\\\\'));
}

/** A sample value: integers and decimals as JavaScript prints them, the infinities and NaN as Go reads them. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function checkName(name: string): void {
  if (!METRIC_NAME.test(name)) throw new Error(`invalid metric name: ${JSON.stringify(name)}`);
}

function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  for (const [k] of entries) {
    if (!LABEL_NAME.test(k) || k.startsWith('__')) throw new Error(`invalid label name: ${JSON.stringify(k)}`);
  }
  return `{${entries.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`;
}

/** Builds one exposition: families in the order written. */
export class ExpositionWriter {
  private readonly lines: string[] = [];
  /** Sample names taken by the families written so far (a histogram takes three). */
  private readonly taken = new Set<string>();
  private readonly series = new Set<string>();

  /** Writes a gauge family; nothing when it has no samples. */
  gauge(name: string, help: string, samples: readonly Sample[]): this {
    return this.simple(name, 'gauge', help, samples);
  }

  /** Writes a counter family (its name ends in `_total`); nothing when it has no samples. */
  counter(name: string, help: string, samples: readonly Sample[]): this {
    if (!name.endsWith('_total')) throw new Error(`a counter's name ends in _total: ${name}`);
    return this.simple(name, 'counter', help, samples);
  }

  /** Writes a histogram family with these finite upper bounds (ascending); nothing when it has no series. */
  histogram(name: string, help: string, bounds: readonly number[], samples: readonly HistogramSample[]): this {
    if (samples.length === 0) return this;
    for (let i = 0; i < bounds.length; i++) {
      if (!Number.isFinite(bounds[i]) || (i > 0 && (bounds[i] ?? 0) <= (bounds[i - 1] ?? 0))) throw new Error(`${name}: bucket bounds must be finite and ascending`);
    }
    this.begin(name, 'histogram', help, [`${name}_bucket`, `${name}_sum`, `${name}_count`]);
    for (const s of samples) {
      const labels = s.labels ?? {};
      if ('le' in labels) throw new Error(`${name}: a histogram's own labels may not include le`);
      if (s.counts.length !== bounds.length + 1) throw new Error(`${name}: one count per bucket and one for +Inf`);
      let cumulative = 0;
      s.counts.forEach((n, i) => {
        cumulative += n;
        const le = i < bounds.length ? formatValue(bounds[i] ?? 0) : '+Inf';
        this.sample(`${name}_bucket`, { ...labels, le }, cumulative);
      });
      this.sample(`${name}_sum`, labels, s.sum);
      this.sample(`${name}_count`, labels, cumulative);
    }
    return this;
  }

  /** The exposition text. */
  text(): string {
    return this.lines.length === 0 ? '' : `${this.lines.join('\n')}\n`;
  }

  private simple(name: string, type: 'gauge' | 'counter', help: string, samples: readonly Sample[]): this {
    if (samples.length === 0) return this;
    this.begin(name, type, help, [name]);
    for (const s of samples) this.sample(name, s.labels ?? {}, s.value);
    return this;
  }

  private begin(name: string, type: string, help: string, sampleNames: readonly string[]): void {
    checkName(name);
    for (const n of [name, ...sampleNames]) {
      if (this.taken.has(n)) throw new Error(`metric ${n} written twice`);
    }
    for (const n of [name, ...sampleNames]) this.taken.add(n);
    this.lines.push(`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`);
  }

  private sample(name: string, labels: Labels, value: number): void {
    const text = labelText(labels);
    // The same label set in another order is the same series.
    const key = `${name}${JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))}`;
    if (this.series.has(key)) throw new Error(`duplicate series: ${name}${text}`);
    this.series.add(key);
    this.lines.push(`${name}${text} ${formatValue(value)}`);
  }
}

/** Label sets kept by a counter or histogram, keyed by their values in the declared label order. */
class LabelledSeries<T> {
  private readonly byKey = new Map<string, { labels: Labels; state: T }>();
  constructor(private readonly labelNames: readonly string[], private readonly initial: () => T) {}

  get(labels: Labels): T {
    const values = this.labelNames.map((n) => labels[n] ?? '');
    const key = JSON.stringify(values);
    let entry = this.byKey.get(key);
    if (entry === undefined) {
      entry = { labels: Object.fromEntries(this.labelNames.map((n, i) => [n, values[i] ?? ''])), state: this.initial() };
      this.byKey.set(key, entry);
    }
    return entry.state;
  }

  entries(): IterableIterator<{ labels: Labels; state: T }> {
    return this.byKey.values();
  }
}

/** A counter with labels, kept in the process (it starts at zero when the process does). */
export class Counter {
  private readonly series: LabelledSeries<{ value: number }>;
  constructor(readonly name: string, readonly help: string, labelNames: readonly string[]) {
    this.series = new LabelledSeries(labelNames, () => ({ value: 0 }));
  }

  /** Adds `by` (default 1, never negative) to the series of these labels. */
  inc(labels: Labels, by = 1): void {
    if (!(by >= 0)) throw new Error(`${this.name}: a counter only goes up`);
    this.series.get(labels).value += by;
  }

  writeTo(w: ExpositionWriter): void {
    w.counter(this.name, this.help, [...this.series.entries()].map((e) => ({ labels: e.labels, value: e.state.value })));
  }
}

/** A histogram with labels and fixed bucket bounds, kept in the process. */
export class Histogram {
  private readonly series: LabelledSeries<{ counts: number[]; sum: number }>;
  constructor(readonly name: string, readonly help: string, labelNames: readonly string[], readonly bounds: readonly number[]) {
    this.series = new LabelledSeries(labelNames, () => ({ counts: new Array<number>(bounds.length + 1).fill(0), sum: 0 }));
  }

  /** Counts one observation in the first bucket whose bound is at least `value`. */
  observe(labels: Labels, value: number): void {
    const s = this.series.get(labels);
    let i = this.bounds.findIndex((b) => value <= b);
    if (i < 0) i = this.bounds.length;
    s.counts[i] = (s.counts[i] ?? 0) + 1;
    s.sum += value;
  }

  writeTo(w: ExpositionWriter): void {
    w.histogram(this.name, this.help, this.bounds, [...this.series.entries()].map((e) => ({ labels: e.labels, counts: e.state.counts, sum: e.state.sum })));
  }
}
