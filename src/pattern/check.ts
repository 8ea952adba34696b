// The type checker of STIX patterns: what parses but the specification forbids, each with a
// stable code, a message that says why, and the position of the offending part.
//
// - Object types follow the type naming rules (STIX 2.1 §3.1); a type that is neither a
//   standard cyber-observable (§6) nor a custom `x-` type is only warned about.
// - The first step of an object path is a property name (§3.1: a–z, 0–9, underscore); later
//   steps may be dictionary keys (`hashes.'SHA-256'`), so only their length is checked.
// - Operators take the constants §9.4 allows: `<`, `>`, `<=`, `>=` no boolean; LIKE and MATCHES
//   a string; ISSUBSET and ISSUPERSET a string holding an IPv4 or IPv6 address or CIDR range;
//   IN a non-empty set of constants of one type (integers and decimals count as one: numbers).
// - Qualifiers (§9.6): WITHIN a positive number of seconds, REPEATS a positive integer,
//   START strictly before STOP.
// - Object types in one observation expression (§9.3, "Observation Expressions"): "all
//   Comparison Expressions contained within the Observation Expression MUST start matching
//   against the same SCO in the Observation … An Observation Expression MAY contain Comparison
//   Expressions with Object Paths that start with different object types, but such Comparison
//   Expressions MUST be joined by OR." So comparisons joined by AND must name one object type;
//   OR may mix them (`[ipv4-addr:value = '…' OR ipv6-addr:value = '…']` is the spec's own
//   example). STIX 2.0 Part 5 has the same rule.
import { addressRange, compareTimestamps, SCO_TYPES, typeNameProblem } from '../stix/index.js';
import type { Comparison, ComparisonExpression, ObjectPath, ObservationExpression, Pattern, PatternDiagnostic, PatternVersion } from './ast.js';
import { diagnostic } from './ast.js';
import { formatPath } from './format.js';
import { compileRegex } from './regex.js';

export interface CheckOptions {
  readonly version?: PatternVersion;
}

export interface CheckResult {
  /** What the specification forbids, in source order; empty when the pattern is valid. */
  readonly errors: readonly PatternDiagnostic[];
  readonly warnings: readonly PatternDiagnostic[];
}

const STANDARD_SCO: ReadonlySet<string> = new Set(SCO_TYPES);
const PROPERTY_NAME_RE = /^[a-z0-9_]+$/;
const MAX_NAME = 250;

/** Checks a parsed pattern against the specification's rules; `text` is the text it was parsed from. */
export function checkPattern(pattern: Pattern, text: string, _options: CheckOptions = {}): CheckResult {
  const c = new Checker(text);
  c.observation(pattern);
  const byOffset = (a: PatternDiagnostic, b: PatternDiagnostic): number => a.offset - b.offset;
  return { errors: c.errors.sort(byOffset), warnings: c.warnings.sort(byOffset) };
}

class Checker {
  readonly errors: PatternDiagnostic[] = [];
  readonly warnings: PatternDiagnostic[] = [];
  private readonly warnedTypes = new Set<string>();
  /** Paths already reported for mixing types under AND, so that enclosing ANDs do not repeat it. */
  private readonly mixedReported = new Set<ObjectPath>();

  constructor(private readonly text: string) {}

  /** The offset in the pattern of the character `index` of a string literal's value (its escapes `\\'` and `\\\\` are two characters in the text). */
  private literalOffset(literalStart: number, index: number): number {
    let at = literalStart + 1;
    for (let k = 0; k < index && at < this.text.length; k++) at += this.text[at] === '\\' ? 2 : 1;
    return at;
  }

  private error(offset: number, code: string, message: string): void {
    this.errors.push(diagnostic(this.text, offset, code, 'error', message));
  }

  observation(node: ObservationExpression): void {
    switch (node.kind) {
      case 'observation':
        this.comparison(node.comparison);
        return;
      case 'observation-and':
      case 'observation-or':
      case 'followedby':
        for (const o of node.operands) this.observation(o);
        this.unboundQualifier(node);
        return;
      case 'within':
        if (!(node.seconds.value > 0)) this.error(node.seconds.start, 'pattern.qualifier', `WITHIN needs a positive number of seconds, not ${node.seconds.text} (§9.6)`);
        this.observation(node.expression);
        return;
      case 'repeats':
        if (!(node.times.value > 0)) this.error(node.times.start, 'pattern.qualifier', `REPEATS needs a positive integer, not ${node.times.text} (§9.6)`);
        this.observation(node.expression);
        return;
      case 'start-stop':
        if (compareTimestamps(node.startTime.value, node.stopTime.value) >= 0) {
          this.error(node.stopTime.start, 'pattern.qualifier', `STOP ${node.stopTime.value} must be later than START ${node.startTime.value} (§9.6)`);
        }
        this.observation(node.expression);
        return;
    }
  }

  /**
   * `[a] FOLLOWEDBY [b] WITHIN 60 SECONDS` qualifies `[b]` alone (qualifiers bind tighter, §9.7),
   * which is rarely what the author meant: a warning at the qualifier, unless the qualified part
   * is in parentheses of its own (then the grouping is written out).
   */
  private unboundQualifier(node: Extract<ObservationExpression, { kind: 'observation-and' | 'observation-or' | 'followedby' }>): void {
    const last = node.operands[node.operands.length - 1] as ObservationExpression;
    if (last.kind !== 'within' && last.kind !== 'repeats' && last.kind !== 'start-stop') return;
    const own = this.text.slice(last.start, last.end);
    if (this.text.slice(0, last.start).trimEnd().endsWith('(') || (own.startsWith('(') && own.endsWith(')'))) return;
    const keyword = last.kind === 'within' ? 'WITHIN' : last.kind === 'repeats' ? 'REPEATS' : 'START';
    const operator = node.kind === 'followedby' ? 'FOLLOWEDBY' : node.kind === 'observation-and' ? 'AND' : 'OR';
    const at = this.text.toUpperCase().indexOf(keyword, last.expression.end);
    this.warnings.push(diagnostic(this.text, at >= 0 ? at : last.start, 'pattern.qualifier-scope', 'warning',
      `${keyword} applies to the observation just before it, not to the whole ${operator} (qualifiers bind tighter, §9.7); ` +
      `write (… ${operator} …) ${keyword} … to qualify the whole, or put the qualified observation in parentheses to keep this meaning`));
  }

  /** Checks a comparison expression; returns each object type it names with where it first does. */
  private comparison(node: ComparisonExpression): Map<string, ObjectPath> {
    switch (node.kind) {
      case 'exists':
        this.path(node.path);
        return new Map([[node.path.objectType, node.path]]);
      case 'comparison':
        this.path(node.path);
        this.operands(node);
        return new Map([[node.path.objectType, node.path]]);
      case 'or':
      case 'and': {
        const types = new Map<string, ObjectPath>();
        for (const o of node.operands) {
          for (const [type, path] of this.comparison(o)) if (!types.has(type)) types.set(type, path);
        }
        if (node.kind === 'and' && types.size > 1) {
          const [first, second] = [...types.values()] as [ObjectPath, ObjectPath];
          if (this.mixedReported.has(second)) return types;
          this.mixedReported.add(second);
          this.error(second.start, 'pattern.mixed-types',
            `comparisons joined by AND must start from one object type, but ${formatPath(second)} starts from ${second.objectType} and ${formatPath(first)} from ${first.objectType}: join them with OR, or put them in separate observation expressions ([…] AND […]) (§9.3)`);
        }
        return types;
      }
    }
  }

  private path(path: ObjectPath): void {
    const type = path.objectType;
    const problem = typeNameProblem(type);
    if (problem !== undefined) {
      this.error(path.start, 'pattern.object-type', `object type ${type} is not a valid STIX type name: it ${problem} (§3.1)`);
    } else if (!STANDARD_SCO.has(type) && !type.startsWith('x-') && !this.warnedTypes.has(type)) {
      this.warnedTypes.add(type);
      this.warnings.push(diagnostic(this.text, path.start, 'pattern.unknown-object-type', 'warning',
        `object type ${type} is neither a STIX cyber-observable type (§6) nor a custom x- type; no standard observation will match it`));
    }
    path.steps.forEach((step, i) => {
      if (step.kind === 'index' && step.index < 0) this.error(step.start, 'pattern.path', `list index ${step.index} must be 0 or more`);
      if (step.kind !== 'property') return;
      if (i === 0 && !PROPERTY_NAME_RE.test(step.name)) {
        this.error(step.start, 'pattern.property-name', `property name ${JSON.stringify(step.name)} breaks the naming rules: only a–z, 0–9 and underscore (§3.1)`);
      } else if (step.name.length === 0 || step.name.length > MAX_NAME) {
        this.error(step.start, 'pattern.property-name', `a property name or key must be 1–${MAX_NAME} characters long`);
      }
    });
  }

  private operands(node: Comparison): void {
    const op = node.operator;
    const v = node.value;
    if (op === 'IN') {
      if (v.kind !== 'set') return;
      if (v.items.length === 0) {
        this.error(v.start, 'pattern.type', 'IN needs at least one value in its set (§9.4)');
        return;
      }
      const first = v.items[0];
      const kindOf = (k: string): string => (k === 'integer' || k === 'float' ? 'number' : k);
      const other = v.items.find((i) => kindOf(i.kind) !== kindOf(first?.kind ?? ''));
      if (first !== undefined && other !== undefined) {
        this.error(other.start, 'pattern.type', `the values of IN must all be of one type: this one is ${describe(other.kind)}, the first is ${describe(first.kind)} (§9.4)`);
      }
      return;
    }
    if (v.kind === 'set') return;
    if ((op === '<' || op === '>' || op === '<=' || op === '>=') && v.kind === 'boolean') {
      this.error(v.start, 'pattern.type', `${op} cannot compare with a boolean: only numbers, strings, timestamps and binary values are ordered (§9.4)`);
    } else if ((op === 'LIKE' || op === 'MATCHES') && v.kind !== 'string') {
      this.error(v.start, 'pattern.type', `${op} takes a string ${op === 'LIKE' ? "with % and _ wildcards" : 'holding a regular expression'}, not ${describe(v.kind)} (§9.4)`);
    } else if (op === 'MATCHES' && v.kind === 'string') {
      // The expression must compile in the linear-time engine (decision 0027): what it refuses
      // (backreferences, lookaround, …) is an error here, pointed at in the pattern text.
      const compiled = compileRegex(v.value);
      if (!compiled.ok) this.error(this.literalOffset(v.start, compiled.error.offset), 'pattern.regex', `MATCHES: ${compiled.error.message}`);
    } else if (op === 'ISSUBSET' || op === 'ISSUPERSET') {
      if (v.kind !== 'string') {
        this.error(v.start, 'pattern.type', `${op} takes a string holding an IP address or CIDR range, not ${describe(v.kind)} (§9.4)`);
      } else if (!isCidr(v.value)) {
        this.error(v.start, 'pattern.type', `${op} takes an IPv4 or IPv6 address or CIDR range such as '192.0.2.0/24' or '2001:db8::/32'; ${JSON.stringify(v.value)} is not one (§9.4)`);
      }
    }
  }
}

function describe(kind: string): string {
  switch (kind) {
    case 'integer': return 'an integer';
    case 'float': return 'a decimal number';
    case 'boolean': return 'a boolean';
    case 'timestamp': return 'a timestamp';
    case 'hex': return 'a hex (binary) value';
    case 'binary': return 'a binary value';
    default: return 'a string';
  }
}

/** Whether `s` is an IPv4 or IPv6 address or CIDR range, as ISSUBSET/ISSUPERSET take. */
export function isCidr(s: string): boolean {
  return addressRange(s) !== undefined;
}
