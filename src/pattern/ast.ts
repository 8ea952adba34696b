// The syntax tree of a STIX pattern (STIX 2.1 §9, STIX 2.0 Part 5). Every node carries the
// offsets of its source text (`start` inclusive, `end` exclusive, in UTF-16 code units), so that
// the checker, the evaluator and the CLI can point at the exact place. Nodes form discriminated
// unions on `kind`, easy to walk with a switch.
//
// Chains of one operator written without parentheses (`a AND b AND c`) are one n-ary node: the
// operators are left-associative (§9.7) and associative in meaning, and a flat list keeps a
// pattern of 100,000 ANDs as shallow as one of three. Parentheses leave no node of their own;
// a parenthesised chain of the same operator stays a nested node, so printing gives back the
// same tree.

/** Where a node is in the pattern text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** The STIX version whose patterning rules apply. */
export type PatternVersion = '2.1' | '2.0';

/** A whole pattern: one observation expression (possibly combined and qualified). */
export type Pattern = ObservationExpression;

export type ObservationExpression = ObservationBrackets | ObservationChain | QualifiedObservation;

/** `[ comparison ]`: what one observation (observed-data) must satisfy. */
export interface ObservationBrackets extends Span {
  readonly kind: 'observation';
  readonly comparison: ComparisonExpression;
}

/** `a AND b …`, `a OR b …`, `a FOLLOWEDBY b …` between observation expressions (§9.5). */
export interface ObservationChain extends Span {
  readonly kind: 'observation-and' | 'observation-or' | 'followedby';
  /** Two or more operands, in source order. */
  readonly operands: readonly ObservationExpression[];
}

export type QualifiedObservation = WithinQualified | RepeatsQualified | StartStopQualified;

/** `expr WITHIN n SECONDS` (§9.6). */
export interface WithinQualified extends Span {
  readonly kind: 'within';
  readonly expression: ObservationExpression;
  /** The number of seconds (an integer or, in 2.1, a decimal number), as written. */
  readonly seconds: NumberConstant;
}

/** `expr REPEATS n TIMES` (§9.6). */
export interface RepeatsQualified extends Span {
  readonly kind: 'repeats';
  readonly expression: ObservationExpression;
  readonly times: IntegerConstant;
}

/** `expr START t'…' STOP t'…'` (§9.6); the instants are STIX timestamps. */
export interface StartStopQualified extends Span {
  readonly kind: 'start-stop';
  readonly expression: ObservationExpression;
  readonly startTime: TimestampConstant;
  readonly stopTime: TimestampConstant;
}

export type ComparisonExpression = ComparisonChain | Comparison | ExistsTest;

/** `a AND b …` / `a OR b …` between comparison expressions inside brackets. */
export interface ComparisonChain extends Span {
  readonly kind: 'and' | 'or';
  readonly operands: readonly ComparisonExpression[];
}

export type ComparisonOperator = '=' | '!=' | '<' | '>' | '<=' | '>=' | 'IN' | 'LIKE' | 'MATCHES' | 'ISSUBSET' | 'ISSUPERSET';

/** `path [NOT] op value` (§9.4). For `IN` the value is a set. */
export interface Comparison extends Span {
  readonly kind: 'comparison';
  readonly path: ObjectPath;
  readonly negated: boolean;
  readonly operator: ComparisonOperator;
  readonly value: Constant | ConstantSet;
}

/** `[NOT] EXISTS path` (STIX 2.1 only). */
export interface ExistsTest extends Span {
  readonly kind: 'exists';
  readonly negated: boolean;
  readonly path: ObjectPath;
}

/** `type:step.step[0]…` (§9.3 object paths). `*_ref(s)` steps are plain properties here. */
export interface ObjectPath extends Span {
  readonly kind: 'path';
  readonly objectType: string;
  /** The first step is always a property; at least one step. */
  readonly steps: readonly PathStep[];
}

export type PathStep = PropertyStep | IndexStep | AnyIndexStep;

/** A property name or dictionary key (`.name`, `.'quoted-key'`). */
export interface PropertyStep extends Span {
  readonly kind: 'property';
  readonly name: string;
}

/** `[n]`: one element of a list. */
export interface IndexStep extends Span {
  readonly kind: 'index';
  readonly index: number;
}

/** `[*]`: any element of a list (or any value of a dictionary). */
export interface AnyIndexStep extends Span {
  readonly kind: 'any-index';
}

/** `( c1, c2, … )` after IN. */
export interface ConstantSet extends Span {
  readonly kind: 'set';
  readonly items: readonly Constant[];
}

export type Constant = StringConstant | IntegerConstant | FloatConstant | BooleanConstant | TimestampConstant | HexConstant | BinaryConstant;
export type NumberConstant = IntegerConstant | FloatConstant;

/** `'…'` with the escapes `\'` and `\\` resolved. */
export interface StringConstant extends Span {
  readonly kind: 'string';
  readonly value: string;
}

/** An integer; `text` is its canonical decimal form (exact even beyond 2^53). */
export interface IntegerConstant extends Span {
  readonly kind: 'integer';
  readonly value: number;
  readonly text: string;
}

/** A decimal number; `text` is its canonical form (`-0.5`, never `-.5` or `+0.5`). */
export interface FloatConstant extends Span {
  readonly kind: 'float';
  readonly value: number;
  readonly text: string;
}

export interface BooleanConstant extends Span {
  readonly kind: 'boolean';
  readonly value: boolean;
}

/** `t'…'`: a valid STIX timestamp, as written. */
export interface TimestampConstant extends Span {
  readonly kind: 'timestamp';
  readonly value: string;
}

/** `h'…'`: bytes as an even number of lower-case hex digits. */
export interface HexConstant extends Span {
  readonly kind: 'hex';
  readonly value: string;
}

/** `b'…'`: bytes as (valid, padded) base64. */
export interface BinaryConstant extends Span {
  readonly kind: 'binary';
  readonly value: string;
}

/** One finding about a pattern: a syntax error, a type error or a warning, with its position. */
export interface PatternDiagnostic {
  /** Stable code, e.g. `pattern.syntax`, `pattern.type`, `pattern.object-type`. */
  readonly code: string;
  readonly severity: 'error' | 'warning';
  /** Starts with the position: `at 1:17: expected …`. */
  readonly message: string;
  /** Offset in the pattern text (UTF-16 code units, from 0). */
  readonly offset: number;
  /** Line and column, both from 1. */
  readonly line: number;
  readonly column: number;
  /** For syntax errors: what would have been accepted here. */
  readonly expected: readonly string[];
}

/** Line and column (both from 1) of an offset in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const to = Math.min(offset, text.length);
  for (let i = 0; i < to; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Builds a diagnostic at `offset`, prefixing the message with its line and column. */
export function diagnostic(text: string, offset: number, code: string, severity: 'error' | 'warning', message: string, expected: readonly string[] = []): PatternDiagnostic {
  const { line, column } = lineColumn(text, offset);
  return { code, severity, message: `at ${line}:${column}: ${message}`, offset, line, column, expected };
}
