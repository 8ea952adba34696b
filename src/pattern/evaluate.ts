// Matching a STIX pattern against observed-data (STIX 2.1 §9; STIX 2.0 Part 5), with the
// semantics of the OASIS reference matcher (oasis-open/cti-pattern-matcher), so that a pattern an
// analyst tests here behaves as it will in other tools:
//
// - An observed-data with `number_observed` N is N observations (instances), each with its
//   `first_observed`…`last_observed` interval. Inside brackets, a comparison selects, per
//   observed-data, the cyber observables ("roots") of the path's object type whose path values
//   pass; AND keeps the roots that pass both sides (so both must hold for the same root), OR
//   those that pass either.
// - An observation expression yields *bindings*: tuples of instances, one per observation
//   expression, lazily and in the reference matcher's order (AND and FOLLOWEDBY interleave the
//   two sides, OR alternates them). AND and FOLLOWEDBY need disjoint instances, FOLLOWEDBY also
//   that the left side's latest first_observed is not after the right side's earliest
//   last_observed; REPEATS n takes n disjoint bindings; WITHIN n SECONDS needs a window of n
//   seconds that overlaps every interval; START/STOP that every interval overlaps [start, stop).
// - The result is the first binding: its observed-data, in input order.
//
// Bad data (a missing or invalid timestamp, number_observed below 1, a reference that is not a
// string, an address that is none) raises PatternEvaluationError naming what is wrong.
import type {
  Comparison, ComparisonExpression, Constant, ExistsTest, ObjectPath, ObservationExpression, Pattern, PatternVersion,
} from './ast.js';
import { addressRange, parseTimestamp } from '../stix/index.js';
import { compileRegex } from './regex.js';

/** The data cannot be evaluated (what is wrong is in the message). */
export class PatternEvaluationError extends Error {
  override readonly name = 'PatternEvaluationError';
}

export interface EvaluationResult {
  readonly matched: boolean;
  /** The ids of the observed-data of the first binding, in input order. */
  readonly matchedObservedData: readonly string[];
}

type Json = unknown;
type Rec = Readonly<Record<string, unknown>>;
type Binding = readonly (string | null)[];

const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array);

/** A STIX timestamp as microseconds since the epoch (read by the stix area's parser), or undefined. */
export function timestampMicros(text: string): number | undefined {
  const t = parseTimestamp(text);
  return t === undefined ? undefined : Number(t.epochMicros);
}

/** One observed-data: its id, interval (µs), number of observations and its observables by id or key. */
interface Observation {
  readonly id: string;
  readonly first: number;
  readonly last: number;
  readonly count: number;
  readonly objects: ReadonlyMap<string, Json>;
}

/** Which STIX version data is in: given, or 2.0 when observed-data embed `objects`, else 2.1. */
export function dataVersion(items: readonly Json[]): PatternVersion {
  return items.some((o) => isRec(o) && o.type === 'observed-data' && isRec(o.objects) && o.object_refs === undefined) ? '2.0' : '2.1';
}

function observationsOf(items: readonly Json[], version: PatternVersion): Observation[] {
  const scos = new Map<string, Json>();
  for (const o of items) if (isRec(o) && o.type !== 'observed-data' && typeof o.id === 'string') scos.set(o.id, o);
  const out: Observation[] = [];
  for (const [i, o] of items.entries()) {
    if (!isRec(o) || o.type !== 'observed-data') continue;
    const where = `observed_data[${i}]${typeof o.id === 'string' ? ` (${o.id})` : ''}`;
    const time = (k: 'first_observed' | 'last_observed'): number => {
      const v = o[k];
      const t = typeof v === 'string' ? timestampMicros(v) : undefined;
      if (t === undefined) throw new PatternEvaluationError(`${where}: ${k} is not a STIX timestamp (e.g. 2026-01-31T10:00:00Z): ${JSON.stringify(v) ?? 'missing'}`);
      return t;
    };
    const first = time('first_observed');
    const last = time('last_observed');
    if (last < first) throw new PatternEvaluationError(`${where}: last_observed is before first_observed`);
    const count = o.number_observed;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) throw new PatternEvaluationError(`${where}: number_observed must be an integer of at least 1, not ${JSON.stringify(count) ?? 'missing'}`);
    const objects = new Map<string, Json>();
    if (version === '2.0') {
      if (isRec(o.objects)) for (const [k, v] of Object.entries(o.objects)) objects.set(k, v);
    } else if (Array.isArray(o.object_refs)) {
      for (const ref of o.object_refs) if (typeof ref === 'string' && scos.has(ref)) objects.set(ref, scos.get(ref));
    } else if (isRec(o.objects)) {
      for (const [k, v] of Object.entries(o.objects)) objects.set(k, v);
    }
    out.push({ id: typeof o.id === 'string' ? o.id : `observed_data[${i}]`, first, last, count, objects });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Values selected by an object path

/** Per observation (index), per root observable (id or key), the values the path selects. */
type Selected = Map<number, Map<string, Json[]>>;

function hexBytes(s: string): Uint8Array | undefined {
  return /^(?:[0-9a-fA-F]{2})*$/.test(s) ? Uint8Array.from(Buffer.from(s, 'hex')) : undefined;
}

function base64Bytes(s: string): Uint8Array | undefined {
  return /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s) ? Uint8Array.from(Buffer.from(s, 'base64')) : undefined;
}

/** A property's value, with `*_hex` and `*_bin` properties read as the bytes they hold. */
function propertyValue(name: string, v: Json): Json {
  if (typeof v === 'string' && name.endsWith('_hex')) return hexBytes(v) ?? v;
  if (typeof v === 'string' && name.endsWith('_bin')) return base64Bytes(v) ?? v;
  return v;
}

function select(path: ObjectPath, observations: readonly Observation[]): Selected {
  let current: Selected = new Map();
  for (const [i, obs] of observations.entries()) {
    const roots = new Map<string, Json[]>();
    for (const [key, o] of obs.objects) if (isRec(o) && o.type === path.objectType) roots.set(key, [o]);
    if (roots.size > 0) current.set(i, roots);
  }
  for (const step of path.steps) {
    const next: Selected = new Map();
    for (const [i, roots] of current) {
      const obs = observations[i] as Observation;
      const kept = new Map<string, Json[]>();
      for (const [root, values] of roots) {
        let out: Json[] = [];
        if (step.kind === 'property') {
          for (const v of values) if (isRec(v) && Object.hasOwn(v, step.name)) out.push(propertyValue(step.name, v[step.name]));
          if (step.name.endsWith('_ref')) out = out.flatMap((ref) => deref(ref, obs, step.name));
          else if (step.name.endsWith('_refs')) {
            out = out.flatMap((list) => {
              if (!Array.isArray(list)) throw new PatternEvaluationError(`${obs.id}: the value of ${step.name} is not a list`);
              const objs = (list as Json[]).flatMap((ref) => deref(ref, obs, step.name));
              return objs.length > 0 ? [objs] : [];
            });
          }
        } else if (step.kind === 'index') {
          for (const v of values) if (Array.isArray(v) && step.index < v.length) out.push(v[step.index]);
        } else {
          for (const v of values) if (Array.isArray(v)) out.push(...(v as Json[]));
        }
        if (out.length > 0) kept.set(root, out);
      }
      if (kept.size > 0) next.set(i, kept);
    }
    current = next;
  }
  return current;
}

function deref(ref: Json, obs: Observation, name: string): Json[] {
  if (typeof ref !== 'string') throw new PatternEvaluationError(`${obs.id}: a value of the reference property ${name} is not a string`);
  return obs.objects.has(ref) ? [obs.objects.get(ref)] : [];
}

// ---------------------------------------------------------------------------------------------
// Comparisons

/** Code points of a string, compared as Python compares strings. */
function compareStrings(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i] as string).codePointAt(0)! - (y[i] as string).codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}

/** A string as bytes when every code point is below 256 (how strings compare with binary values), else undefined. */
function latin1(s: string): Uint8Array | undefined {
  const out: number[] = [];
  for (const c of s) {
    const p = c.codePointAt(0) as number;
    if (p > 255) return undefined;
    out.push(p);
  }
  return Uint8Array.from(out);
}

type Literal = { kind: 'string'; v: string } | { kind: 'number'; v: number } | { kind: 'boolean'; v: boolean } | { kind: 'timestamp'; v: number } | { kind: 'bytes'; v: Uint8Array };

function literalOf(c: Constant): Literal {
  switch (c.kind) {
    case 'string': return { kind: 'string', v: c.value };
    case 'integer':
    case 'float': return { kind: 'number', v: c.value };
    case 'boolean': return { kind: 'boolean', v: c.value };
    case 'timestamp': return { kind: 'timestamp', v: timestampMicros(c.value) as number };
    case 'hex': return { kind: 'bytes', v: Uint8Array.from(Buffer.from(c.value, 'hex')) };
    case 'binary': return { kind: 'bytes', v: Uint8Array.from(Buffer.from(c.value, 'base64')) };
  }
}

/** The order of a value against a literal, or undefined when they are not comparable. */
function order(value: Json, lit: Literal): number | undefined {
  switch (lit.kind) {
    case 'number': return typeof value === 'number' ? value - lit.v : undefined;
    case 'string':
      if (typeof value === 'string') return compareStrings(value, lit.v);
      if (value instanceof Uint8Array) {
        const b = latin1(lit.v);
        return b === undefined ? undefined : compareBytes(value, b);
      }
      return undefined;
    case 'bytes':
      if (value instanceof Uint8Array) return compareBytes(value, lit.v);
      if (typeof value === 'string') {
        const b = latin1(value);
        return b === undefined ? undefined : compareBytes(b, lit.v);
      }
      return undefined;
    case 'timestamp': {
      if (typeof value !== 'string') return undefined;
      const t = timestampMicros(value);
      if (t === undefined) throw new PatternEvaluationError(`invalid timestamp in the observed data: ${JSON.stringify(value)}`);
      return t - lit.v;
    }
    case 'boolean': return undefined;
  }
}

function equal(value: Json, lit: Literal): boolean {
  if (lit.kind === 'boolean') return value === lit.v;
  return order(value, lit) === 0;
}

/** Whether the address or range `inner` lies within the range `outer`. */
function within(inner: string, outer: string): boolean {
  const a = addressRange(inner);
  const b = addressRange(outer);
  if (a === undefined) throw new PatternEvaluationError(`not an IP address or CIDR range: ${JSON.stringify(inner)}`);
  if (b === undefined) throw new PatternEvaluationError(`not an IP address or CIDR range: ${JSON.stringify(outer)}`);
  if (a.family !== b.family || b.prefix > a.prefix) return false;
  const bits = BigInt(a.family === 4 ? 32 : 128);
  const mask = b.prefix === 0 ? 0n : ((1n << BigInt(b.prefix)) - 1n) << (bits - BigInt(b.prefix));
  return (a.value & mask) === (b.value & mask);
}

/** A LIKE operand as an expression for the linear engine: % any run, _ any one character (neither across a line break), the whole value. */
function likeSource(like: string): string {
  let out = '^';
  for (const c of like) {
    if (c === '%') out += '.*';
    else if (c === '_') out += '.';
    else if (/^[A-Za-z0-9]$/.test(c)) out += c;
    else out += `\\x{${(c.codePointAt(0) as number).toString(16)}}`;
  }
  return `${out}$`;
}

/** The predicate a comparison applies to each selected value. */
function predicate(c: Comparison): (value: Json) => boolean {
  const negate = (f: (v: Json) => boolean): ((v: Json) => boolean) => (c.negated ? (v) => !f(v) : f);
  if (c.value.kind === 'set') {
    const items = c.value.items.map(literalOf);
    return negate((v) => items.some((lit) => equal(v, lit)));
  }
  const lit = literalOf(c.value);
  switch (c.operator) {
    case '=': return negate((v) => equal(v, lit));
    case '!=': return negate((v) => !equal(v, lit));
    case '<': return negate((v) => (order(v, lit) ?? NaN) < 0);
    case '>': return negate((v) => (order(v, lit) ?? NaN) > 0);
    case '<=': return negate((v) => (order(v, lit) ?? NaN) <= 0);
    case '>=': return negate((v) => (order(v, lit) ?? NaN) >= 0);
    case 'LIKE':
    case 'MATCHES': {
      const source = c.operator === 'LIKE' ? likeSource((lit as { v: string }).v.normalize('NFC')) : (lit as { v: string }).v.normalize('NFC');
      const compiled = compileRegex(source);
      if (!compiled.ok) throw new PatternEvaluationError(`${c.operator}: ${compiled.error.message}`);
      const binaryOk = latin1(source) !== undefined;
      return negate((v) => {
        if (typeof v === 'string') return compiled.regex.test(v.normalize('NFC'));
        if (v instanceof Uint8Array && binaryOk) {
          if (c.operator === 'MATCHES') return compiled.regex.test(v);
          try {
            return compiled.regex.test(new TextDecoder('utf-8', { fatal: true }).decode(v).normalize('NFC'));
          } catch {
            return false;
          }
        }
        return false;
      });
    }
    case 'ISSUBSET': return negate((v) => typeof v === 'string' && within(v, (lit as { v: string }).v));
    case 'ISSUPERSET': return negate((v) => typeof v === 'string' && within((lit as { v: string }).v, v));
    case 'IN': return negate((v) => equal(v, lit));
  }
}

/** Per observation (index, in the order found), the roots that satisfy the comparison expression. */
type Passed = Map<number, Set<string>>;

function comparisonResult(e: ComparisonExpression, observations: readonly Observation[]): Passed {
  if (e.kind === 'comparison' || e.kind === 'exists') return test(e, observations);
  const [first, ...rest] = e.operands.map((o) => comparisonResult(o, observations));
  let acc = first as Passed;
  for (const r of rest) {
    if (e.kind === 'and') {
      const next: Passed = new Map();
      for (const [obs, roots] of acc) {
        const other = r.get(obs);
        if (other === undefined) continue;
        const both = new Set([...roots].filter((x) => other.has(x)));
        if (both.size > 0) next.set(obs, both);
      }
      acc = next;
    } else {
      const next: Passed = new Map(acc);
      for (const [obs, roots] of r) next.set(obs, new Set([...(next.get(obs) ?? []), ...roots]));
      acc = next;
    }
  }
  return acc;
}

function test(c: Comparison | ExistsTest, observations: readonly Observation[]): Passed {
  const selected = select(c.path, observations);
  const out: Passed = new Map();
  if (c.kind === 'exists' && c.negated) {
    // NOT EXISTS: the roots of the type whose path selects nothing.
    const typed = select({ ...c.path, steps: [] }, observations);
    for (const [obs, roots] of typed) {
      const missing = new Set([...roots.keys()].filter((r) => selected.get(obs)?.has(r) !== true));
      if (missing.size > 0) out.set(obs, missing);
    }
    return out;
  }
  const pred = c.kind === 'exists' ? (): boolean => true : predicate(c);
  for (const [obs, roots] of selected) {
    const passed = new Set<string>();
    for (const [root, values] of roots) if (values.some(pred)) passed.add(root);
    if (passed.size > 0) out.set(obs, passed);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Observation expressions: bindings

/** Whether two bindings share no instance. */
function disjoint(a: Binding, b: Binding): boolean {
  const s = new Set(a.filter((x): x is string => x !== null));
  return b.every((x) => x === null || !s.has(x));
}

const obsOf = (instance: string): number => Number(instance.slice(0, instance.indexOf(':')));

/** The number of instances a binding of this expression holds (for padding OR's other side). */
function bindingSize(e: ObservationExpression): number {
  switch (e.kind) {
    case 'observation': return 1;
    case 'repeats': return bindingSize(e.expression) * e.times.value;
    case 'within':
    case 'start-stop': return bindingSize(e.expression);
    default: return e.operands.reduce((n, o) => n + bindingSize(o), 0);
  }
}

/** A generator's values one at a time, remembering them (Python's next(gen, None) over a cache). */
function* interleave(left: Iterator<Binding>, right: Iterator<Binding>, join: (l: Binding, r: Binding) => Binding | undefined): Generator<Binding> {
  const lefts: Binding[] = [];
  const rights: Binding[] = [];
  let l = left.next();
  let r = right.next();
  if (l.done === true || r.done === true) return;
  while (l.done !== true || r.done !== true) {
    if (r.done !== true) {
      for (const lb of lefts) {
        const j = join(lb, r.value);
        if (j !== undefined) yield j;
      }
      rights.push(r.value);
      r = right.next();
    }
    if (l.done !== true) {
      for (const rb of rights) {
        const j = join(l.value, rb);
        if (j !== undefined) yield j;
      }
      lefts.push(l.value);
      l = left.next();
    }
  }
}

/** The number of non-null instances. */
const tupleSize = (b: Binding): number => b.reduce((n, x) => n + (x === null ? 0 : 1), 0);

/** Raised inside the combination search when too few disjoint bindings remain (pruning, as the reference matcher does). */
class NotEnoughValues extends Error {
  constructor(readonly missing: number) {
    super(`${missing} bindings missing`);
  }
}

/** An upper bound on the largest set of mutually disjoint bindings (the reference matcher's pruning). */
function boundLargest(values: readonly Binding[]): number {
  if (values.length === 0) return 0;
  const maxSize = Math.max(...values.map(tupleSize));
  const bySize = Array.from({ length: maxSize + 1 }, () => new Set<string>());
  for (const v of values) for (const x of v) if (x !== null) bySize[tupleSize(v)]?.add(x);
  const consumed = new Set<string>();
  let size = 0;
  for (let i = 1; i < maxSize; i++) {
    const available = [...(bySize[i] ?? [])].filter((x) => !consumed.has(x));
    size += Math.ceil(available.length / i);
    for (const x of available) consumed.add(x);
  }
  size += Math.floor([...(bySize[maxSize] ?? [])].filter((x) => !consumed.has(x)).length / maxSize);
  return size;
}

/** Disjoint combinations of `size` bindings from a list, in the reference matcher's order (throws NotEnoughValues). */
function* combinationsFromList(values: readonly Binding[], size: number): Generator<Binding[]> {
  if (size === 1) {
    for (const v of values) yield [v];
    return;
  }
  const bound = boundLargest(values);
  if (bound < size) throw new NotEnoughValues(size - bound);
  for (let i = 0; i + size <= values.length; i++) {
    const head = values[i] as Binding;
    const later = values.slice(i + 1);
    const filtered = later.filter((c) => disjoint(head, c));
    let yielded = false;
    try {
      for (const sub of combinationsFromList(filtered, size - 1)) {
        yield [head, ...sub];
        yielded = true;
      }
    } catch (e) {
      if (!(e instanceof NotEnoughValues)) throw e;
      if (yielded) continue;
      const maxAdd = Math.min(later.length - filtered.length, tupleSize(head));
      const expectedMissing = e.missing + 1 - maxAdd;
      if (expectedMissing > 0) {
        if (i === 0) throw new NotEnoughValues(expectedMissing);
        return;
      }
    }
  }
}

/** Disjoint combinations of `size` bindings from a stream, each yielded when its last member arrives. */
function* combinations(values: Iterator<Binding>, size: number): Generator<Binding> {
  if (size === 1) {
    for (let v = values.next(); v.done !== true; v = values.next()) yield v.value;
    return;
  }
  const seen: Binding[] = [];
  for (let k = 0; k < size - 1; k++) {
    const v = values.next();
    if (v.done === true) break;
    seen.push(v.value);
  }
  for (let v = values.next(); v.done !== true; v = values.next()) {
    const next = v.value;
    try {
      for (const sub of combinationsFromList(seen.filter((c) => disjoint(c, next)), size - 1)) yield [...sub.flat(), ...next];
    } catch (e) {
      if (!(e instanceof NotEnoughValues)) throw e;
    }
    seen.push(next);
  }
}

/** Whether some window of `micros` overlaps every interval (touching counts). */
function fitsWithin(intervals: readonly (readonly [number, number])[], micros: number): boolean {
  const start = Math.min(...intervals.map((i) => i[1]));
  const end = start + micros;
  return intervals.every(([a, b]) => a <= end && start <= b);
}

class Bindings {
  constructor(private readonly observations: readonly Observation[]) {}

  private interval(instance: string): readonly [number, number] {
    const o = this.observations[obsOf(instance)] as Observation;
    return [o.first, o.last];
  }

  private intervals(b: Binding): (readonly [number, number])[] {
    return b.filter((x): x is string => x !== null).map((x) => this.interval(x));
  }

  of(e: ObservationExpression): Generator<Binding> {
    switch (e.kind) {
      case 'observation': return this.simple(e.comparison);
      case 'observation-and':
      case 'observation-or':
      case 'followedby': {
        let acc = this.of(e.operands[0] as ObservationExpression);
        let accSize = bindingSize(e.operands[0] as ObservationExpression);
        for (const operand of e.operands.slice(1)) {
          const right = this.of(operand);
          const rightSize = bindingSize(operand);
          acc = e.kind === 'observation-or' ? this.or(acc, right, accSize, rightSize)
            : interleave(acc, right, e.kind === 'observation-and' ? (l, r) => (disjoint(l, r) ? [...l, ...r] : undefined) : (l, r) => this.followedBy(l, r));
          accSize += rightSize;
        }
        return acc;
      }
      case 'repeats': return combinations(this.of(e.expression), e.times.value);
      case 'within': {
        const micros = Math.round(e.seconds.value * 1e6);
        return this.filter(this.of(e.expression), (b) => fitsWithin(this.intervals(b), micros));
      }
      case 'start-stop': {
        const start = timestampMicros(e.startTime.value) as number;
        const stop = timestampMicros(e.stopTime.value) as number;
        if (!(start < stop)) return this.filter(this.of(e.expression), () => false);
        // Overlap with [start, stop): touching at start counts, touching only at stop does not.
        return this.filter(this.of(e.expression), (b) => this.intervals(b).every(([first, last]) => first !== stop && first <= stop && start <= last));
      }
    }
  }

  private *filter(source: Generator<Binding>, keep: (b: Binding) => boolean): Generator<Binding> {
    for (const b of source) if (keep(b)) yield b;
  }

  private *simple(c: ComparisonExpression): Generator<Binding> {
    for (const obs of comparisonResult(c, this.observations).keys()) {
      const count = (this.observations[obs] as Observation).count;
      for (let i = 0; i < count; i++) yield [`${obs}:${i}`];
    }
  }

  private *or(left: Generator<Binding>, right: Generator<Binding>, leftSize: number, rightSize: number): Generator<Binding> {
    const padLeft = Array<null>(leftSize).fill(null);
    const padRight = Array<null>(rightSize).fill(null);
    let l = left.next();
    let r = right.next();
    while (l.done !== true || r.done !== true) {
      if (l.done !== true) {
        yield [...l.value, ...padRight];
        l = left.next();
      }
      if (r.done !== true) {
        yield [...padLeft, ...r.value];
        r = right.next();
      }
    }
  }

  private followedBy(l: Binding, r: Binding): Binding | undefined {
    if (!disjoint(l, r)) return undefined;
    const latestLeftFirst = Math.max(...this.intervals(l).map((i) => i[0]));
    const earliestRightLast = Math.min(...this.intervals(r).map((i) => i[1]));
    return latestLeftFirst <= earliestRightLast ? [...l, ...r] : undefined;
  }
}

/**
 * Evaluates a parsed and checked pattern against observed-data (2.1: the observed-data and the
 * SCOs they refer to; 2.0: observed-data with embedded `objects`), in the given STIX version or
 * the one the data shows.
 */
export function evaluatePattern(pattern: Pattern, items: readonly Json[], version: PatternVersion = dataVersion(items)): EvaluationResult {
  const observations = observationsOf(items, version);
  const first = new Bindings(observations).of(pattern).next();
  if (first.done === true) return { matched: false, matchedObservedData: [] };
  // As the reference matcher reports a binding: the first instance of each observed-data, in input order.
  const indexes = [...new Set(first.value.filter((x): x is string => x !== null && x.endsWith(':0')).map(obsOf))].sort((a, b) => a - b);
  return { matched: true, matchedObservedData: indexes.map((i) => (observations[i] as Observation).id) };
}
