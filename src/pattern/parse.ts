// A hand-written recursive-descent parser for STIX patterns, following the OASIS grammar
// STIXPattern.g4 (2.1 and 2.0) and STIX 2.1 §9:
//
//   pattern       := obsFollowedBy EOF
//   obsFollowedBy := obsOr ('FOLLOWEDBY' obsOr)*          — lowest precedence (§9.7)
//   obsOr         := obsAnd ('OR' obsAnd)*
//   obsAnd        := obsQualified ('AND' obsQualified)*
//   obsQualified  := obsPrimary qualifier*                 — qualifiers attach to the expression just before them
//   obsPrimary    := '[' compOr ']' | '(' obsFollowedBy ')'
//   qualifier     := WITHIN number SECONDS | REPEATS int TIMES | START t'…' STOP t'…'
//   compOr        := compAnd ('OR' compAnd)*
//   compAnd       := compPrimary ('AND' compPrimary)*
//   compPrimary   := '(' compOr ')' | ['NOT'] 'EXISTS' path | path ['NOT'] operator value
//   path          := type ':' name ('.' name | '[' int ']' | '[*]')*
//
// Operands are parsed as any constant whatever the operator: the type rules (no `<` on a
// boolean, LIKE on strings only, …) are check.ts's, with messages that say why. Differences of
// STIX 2.0 (Part 5): no EXISTS, START/STOP may also take plain strings, WITHIN takes integers only.
//
// Hostile input: the text is read once, left to right, with one token of look-ahead; nesting of
// brackets and parentheses is limited to MAX_PATTERN_DEPTH and the length to MAX_PATTERN_LENGTH,
// each with its own error, so no input can overflow the stack or take more than linear time.
// No exception leaves parsePattern.
import type {
  ComparisonExpression, ComparisonOperator, Constant, ConstantSet, IntegerConstant, NumberConstant, ObjectPath, ObservationExpression,
  Pattern, PatternDiagnostic, PatternVersion, PathStep, TimestampConstant,
} from './ast.js';
import { diagnostic, lineColumn } from './ast.js';
import { formatPath } from './format.js';
import { KEYWORDS, Lexer, PatternSyntaxError, quoteForMessage, type Token, type TokenKind } from './lexer.js';

/** Longest pattern accepted, in characters (1 MiB). */
export const MAX_PATTERN_LENGTH = 1024 * 1024;
/**
 * Deepest nesting of brackets and parentheses accepted. Real patterns nest a few levels; each level
 * costs the parser about six stack frames, and a cold (unoptimised) V8 stack holds some 600 levels,
 * so 250 leaves room for the caller's own stack and for the walkers (checker, printer, evaluator).
 */
export const MAX_PATTERN_DEPTH = 250;

export interface ParseOptions {
  /** Which STIX version's patterning applies (default 2.1). */
  readonly version?: PatternVersion;
}

export type ParseResult = { readonly ok: true; readonly pattern: Pattern } | { readonly ok: false; readonly error: PatternDiagnostic };

const COMPARISON_OPERATORS: ReadonlySet<string> = new Set(['=', '!=', '<', '>', '<=', '>=', 'IN', 'LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET']);
const OPERATOR_LIST = '=, !=, <, >, <=, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET';
const OBSERVATION_LEVELS = [['followedby', 'FOLLOWEDBY'], ['observation-or', 'OR'], ['observation-and', 'AND']] as const;
const CONSTANT_KINDS: ReadonlySet<TokenKind> = new Set(['string', 'integer', 'float', 'boolean', 'timestamp', 'hex', 'binary']);
const CONSTANTS_EXPECTED = ["'string'", 'integer', 'decimal number', 'true', 'false', "t'timestamp'", "h'hex'", "b'base64'"];

/** Parses a STIX pattern into its syntax tree, or says where and why it is not one. */
export function parsePattern(text: string, options: ParseOptions = {}): ParseResult {
  if (text.length > MAX_PATTERN_LENGTH) {
    return { ok: false, error: diagnostic(text, MAX_PATTERN_LENGTH, 'pattern.too-long', 'error', `the pattern is ${text.length.toLocaleString('en')} characters long; at most ${MAX_PATTERN_LENGTH.toLocaleString('en')} are accepted`) };
  }
  try {
    return { ok: true, pattern: new Parser(text, options.version ?? '2.1').pattern() };
  } catch (e) {
    if (e instanceof PatternSyntaxError) return { ok: false, error: diagnostic(text, e.offset, e.code, 'error', e.message, e.expected) };
    // A RangeError (stack) or anything unforeseen: still an answer, never a crash.
    return { ok: false, error: diagnostic(text, 0, 'pattern.internal', 'error', `the pattern could not be parsed (${e instanceof Error ? e.message : String(e)})`) };
  }
}

class Parser {
  private readonly lexer: Lexer;
  private tok: Token;
  private depth = 0;

  constructor(private readonly text: string, private readonly version: PatternVersion) {
    this.lexer = new Lexer(text);
    this.tok = this.lexer.next();
  }

  pattern(): Pattern {
    if (this.at('ident') && this.looksLikePath()) {
      throw new PatternSyntaxError(this.tok.start, 'expected \'[\': comparisons must be inside square brackets, e.g. [file:size = 1280]', ['[', '(']);
    }
    const p = this.followedBy();
    if (!this.at('eof')) {
      const kw = this.at('ident') && KEYWORDS.has(this.tok.value.toUpperCase());
      this.fail(kw ? `expected AND, OR, FOLLOWEDBY, a qualifier or the end of the pattern (keywords are upper case: ${this.tok.value.toUpperCase()})`
        : 'expected AND, OR, FOLLOWEDBY, a qualifier (WITHIN, REPEATS, START) or the end of the pattern', ['AND', 'OR', 'FOLLOWEDBY', 'WITHIN', 'REPEATS', 'START', 'end of pattern']);
    }
    return p;
  }

  // ---- tokens ---------------------------------------------------------------------------

  private advance(): Token {
    const t = this.tok;
    this.tok = this.lexer.next();
    return t;
  }

  /** Whether the current token is of `kind` (a method, so that TypeScript does not narrow across advance()). */
  private at(kind: TokenKind): boolean {
    return this.tok.kind === kind;
  }

  private isKeyword(word: string): boolean {
    return this.at('keyword') && this.tok.value === word;
  }

  private found(): string {
    return this.at('eof') ? 'the end of the pattern' : quoteForMessage(this.text.slice(this.tok.start, this.tok.end));
  }

  private fail(message: string, expected: readonly string[]): never {
    throw new PatternSyntaxError(this.tok.start, `${message}, found ${this.found()}`, expected);
  }

  private expect(kind: TokenKind, what: string): Token {
    if (this.tok.kind !== kind) this.fail(`expected ${what}`, [kind]);
    return this.advance();
  }

  private expectKeyword(word: string, context: string): Token {
    if (!this.isKeyword(word)) this.fail(`expected ${word} ${context}`, [word]);
    return this.advance();
  }

  /** An identifier then ':' — the start of an object path outside brackets. */
  private looksLikePath(): boolean {
    return /^\s*:/.test(this.text.slice(this.tok.end, this.tok.end + 8));
  }

  private enter(): void {
    if (++this.depth > MAX_PATTERN_DEPTH) {
      throw new PatternSyntaxError(this.tok.start, `the pattern is nested more than ${MAX_PATTERN_DEPTH.toLocaleString('en')} levels deep (brackets and parentheses)`, [], 'pattern.too-deep');
    }
  }

  // ---- observation expressions -----------------------------------------------------------

  /**
   * Observation operators by precedence climbing: level 0 FOLLOWEDBY, 1 OR, 2 AND, then the
   * qualified primaries. One function for the three levels keeps the stack shallow per nesting.
   */
  private followedBy(level = 0): ObservationExpression {
    if (level === OBSERVATION_LEVELS.length) return this.qualified();
    const [kind, word] = OBSERVATION_LEVELS[level] as (typeof OBSERVATION_LEVELS)[number];
    const first = this.followedBy(level + 1);
    if (!this.isKeyword(word)) return first;
    const operands = [first];
    while (this.isKeyword(word)) {
      this.advance();
      operands.push(this.followedBy(level + 1));
    }
    return { kind, operands, start: first.start, end: (operands[operands.length - 1] as ObservationExpression).end };
  }

  private qualified(): ObservationExpression {
    let expr = this.obsPrimary();
    for (;;) {
      if (this.isKeyword('WITHIN')) {
        this.advance();
        const seconds = this.qualifierNumber('WITHIN', this.version === '2.1');
        const end = this.expectKeyword('SECONDS', 'after the number of WITHIN (the only unit is SECONDS)').end;
        expr = { kind: 'within', expression: expr, seconds, start: expr.start, end };
      } else if (this.isKeyword('REPEATS')) {
        this.advance();
        const times = this.qualifierNumber('REPEATS', false) as IntegerConstant;
        const end = this.expectKeyword('TIMES', 'after the number of REPEATS').end;
        expr = { kind: 'repeats', expression: expr, times, start: expr.start, end };
      } else if (this.isKeyword('START')) {
        this.advance();
        const startTime = this.qualifierTimestamp('START');
        this.expectKeyword('STOP', 'after START and its timestamp');
        const stopTime = this.qualifierTimestamp('STOP');
        expr = { kind: 'start-stop', expression: expr, startTime, stopTime, start: expr.start, end: stopTime.end };
      } else {
        return expr;
      }
    }
  }

  private qualifierNumber(word: string, decimals: boolean): NumberConstant {
    const what = decimals ? 'a number' : 'an integer';
    if (this.at('float') && !decimals) {
      this.fail(`expected ${what} after ${word}${word === 'WITHIN' ? ' (STIX 2.0 allows whole seconds only)' : ''}`, ['integer']);
    }
    if (!this.at('integer') && !this.at('float')) this.fail(`expected ${what} after ${word}`, decimals ? ['integer', 'decimal number'] : ['integer']);
    return this.constant() as NumberConstant;
  }

  private qualifierTimestamp(word: string): TimestampConstant {
    const t = this.tok;
    if (t.kind === 'timestamp') return this.constant() as TimestampConstant;
    if (t.kind === 'string' && this.version === '2.0') {
      const c = this.constant();
      // STIX 2.0 wrote START '…' STOP '…' with plain strings; they must still hold timestamps.
      const probe = new Lexer(`t'${c.kind === 'string' ? c.value : ''}'`);
      try {
        probe.next();
      } catch {
        throw new PatternSyntaxError(t.start, `${quoteForMessage(this.text.slice(t.start, t.end))} after ${word} is not a valid STIX timestamp`, ["t'timestamp'"]);
      }
      return { kind: 'timestamp', value: c.kind === 'string' ? c.value : '', start: c.start, end: c.end };
    }
    this.fail(`expected a timestamp t'YYYY-MM-DDTHH:MM:SSZ' after ${word}`, ["t'timestamp'"]);
  }

  private obsPrimary(): ObservationExpression {
    const open = this.tok;
    if (open.kind === '[') {
      this.enter();
      this.advance();
      const comparison = this.compOr();
      if (!this.at(']')) {
        this.fail(this.at('eof') ? "expected ']' to close the observation expression opened at " + this.where(open.start)
          : "expected AND, OR or ']' after the comparison", ['AND', 'OR', ']']);
      }
      const end = this.advance().end;
      this.depth--;
      return { kind: 'observation', comparison, start: open.start, end };
    }
    if (open.kind === '(') {
      this.enter();
      this.advance();
      const inner = this.followedBy();
      if (!this.at(')')) this.fail(`expected AND, OR, FOLLOWEDBY, a qualifier or ')' to close the '(' at ${this.where(open.start)}`, ['AND', 'OR', 'FOLLOWEDBY', 'WITHIN', 'REPEATS', 'START', ')']);
      const end = this.advance().end;
      this.depth--;
      return { ...inner, start: open.start, end };
    }
    this.fail("expected an observation expression: '[' or '('", ['[', '(']);
  }

  private where(offset: number): string {
    const { line, column } = lineColumn(this.text, offset);
    return `${line}:${column}`;
  }

  // ---- comparison expressions -------------------------------------------------------------

  /** Comparison operators inside brackets: level 0 OR, 1 AND, then the primaries. */
  private compOr(level = 0): ComparisonExpression {
    if (level === 2) return this.compPrimary();
    const [kind, word] = level === 0 ? ['or', 'OR'] as const : ['and', 'AND'] as const;
    const first = this.compOr(level + 1);
    if (!this.isKeyword(word)) return first;
    const operands = [first];
    while (this.isKeyword(word)) {
      this.advance();
      operands.push(this.compOr(level + 1));
    }
    return { kind, operands, start: first.start, end: (operands[operands.length - 1] as ComparisonExpression).end };
  }

  private compPrimary(): ComparisonExpression {
    const t = this.tok;
    if (t.kind === '(') {
      this.enter();
      this.advance();
      const inner = this.compOr();
      if (!this.at(')')) this.fail(`expected AND, OR or ')' to close the '(' at ${this.where(t.start)}`, ['AND', 'OR', ')']);
      const end = this.advance().end;
      this.depth--;
      return { ...inner, start: t.start, end };
    }
    if (this.isKeyword('NOT') || this.isKeyword('EXISTS')) {
      const negated = this.isKeyword('NOT');
      if (negated) this.advance();
      if (!this.isKeyword('EXISTS')) this.fail('expected EXISTS after NOT here (elsewhere NOT goes between the object path and the operator)', ['EXISTS']);
      if (this.version === '2.0') throw new PatternSyntaxError(this.tok.start, 'EXISTS is not part of STIX 2.0 patterning (it was added in STIX 2.1)', [], 'pattern.version');
      this.advance();
      const path = this.path();
      return { kind: 'exists', negated, path, start: t.start, end: path.end };
    }
    if (t.kind === '[') this.fail("expected a comparison: observation expressions ('[…]') cannot be nested", ['object path', '(']);
    if (t.kind !== 'ident') this.fail('expected a comparison: an object path such as file:name, EXISTS, or \'(\'', ['object path', 'EXISTS', '(']);
    const path = this.path();
    const negated = this.isKeyword('NOT');
    if (negated) this.advance();
    const op = this.tok;
    const operator = op.kind === 'keyword' || op.kind === '=' || op.kind === '!=' || op.kind === '<' || op.kind === '>' || op.kind === '<=' || op.kind === '>=' ? op.value === '==' ? '=' : op.value === '<>' ? '!=' : op.value : '';
    if (!COMPARISON_OPERATORS.has(operator)) {
      this.fail(`expected a comparison operator (${OPERATOR_LIST}) after ${negated ? 'NOT' : `the object path ${formatPath(path)}`}`, [...OPERATOR_LIST.split(', ')]);
    }
    this.advance();
    const value = operator === 'IN' ? this.set() : this.operand(operator);
    return { kind: 'comparison', path, negated, operator: operator as ComparisonOperator, value, start: path.start, end: value.end };
  }

  private operand(operator: string): Constant {
    if (!CONSTANT_KINDS.has(this.tok.kind)) {
      const hint = this.at('ident') ? ' (strings are quoted: \'…\')' : this.at('(') ? ' (a set in parentheses goes with IN)' : '';
      this.fail(`expected a constant after ${operator}${hint}`, CONSTANTS_EXPECTED);
    }
    return this.constant();
  }

  private set(): ConstantSet {
    const open = this.expect('(', "'(' to start the set of values after IN");
    const items: Constant[] = [];
    if (!this.at(')')) {
      for (;;) {
        items.push(this.operand(items.length === 0 ? 'IN (' : ','));
        if (this.at(')')) break;
        if (!this.at(',')) this.fail("expected ',' or ')' in the set of values", [',', ')']);
        this.advance();
      }
    }
    const end = this.advance().end;
    return { kind: 'set', items, start: open.start, end };
  }

  private constant(): Constant {
    const t = this.advance();
    const span = { start: t.start, end: t.end };
    switch (t.kind) {
      case 'integer':
        return { kind: 'integer', value: Number(t.value), text: t.value, ...span };
      case 'float':
        return { kind: 'float', value: Number(t.value), text: t.value, ...span };
      case 'boolean':
        return { kind: 'boolean', value: t.value === 'true', ...span };
      case 'string':
      case 'timestamp':
      case 'hex':
      case 'binary':
        return { kind: t.kind, value: t.value, ...span };
      default:
        throw new PatternSyntaxError(t.start, 'expected a constant', CONSTANTS_EXPECTED);
    }
  }

  // ---- object paths -------------------------------------------------------------------------

  private path(): ObjectPath {
    const type = this.expect('ident', 'an object type such as file or ipv4-addr');
    if (!this.at(':')) this.fail(`expected ':' after the object type ${type.value} (an object path is type:property, e.g. file:name)`, [':']);
    this.advance();
    const steps: PathStep[] = [this.name('a property name after the object type')];
    for (;;) {
      if (this.at('.')) {
        this.advance();
        steps.push(this.name("a property name or a quoted key after '.'"));
      } else if (this.at('[')) {
        const open = this.advance();
        if (this.at('*')) {
          this.advance();
          steps.push({ kind: 'any-index', start: open.start, end: this.expect(']', "']' after [*").end });
        } else if (this.at('integer')) {
          const n = this.advance();
          steps.push({ kind: 'index', index: Number(n.value), start: open.start, end: this.expect(']', "']' after the list index").end });
        } else {
          this.fail("expected a list index (a number) or '*' after '['", ['integer', '*']);
        }
      } else {
        const last = steps[steps.length - 1] as PathStep;
        return { kind: 'path', objectType: type.value, steps, start: type.start, end: last.end };
      }
    }
  }

  /** A property name: an identifier, a quoted name, or (unambiguous here) a keyword spelt as a name. */
  private name(what: string): PathStep {
    const t = this.tok;
    if (t.kind === 'ident' || t.kind === 'string' || t.kind === 'keyword' || t.kind === 'boolean') {
      this.advance();
      return { kind: 'property', name: t.value, start: t.start, end: t.end };
    }
    this.fail(`expected ${what}`, ['property name', "'quoted key'"]);
  }
}
