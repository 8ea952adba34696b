// The regular-expression engine behind the STIX `MATCHES` operator (STIX 2.1 §9.5: the right-hand
// side is a PCRE regular expression). A shared indicator is untrusted input, and a backtracking
// engine (JavaScript's RegExp, PCRE itself) can take exponential time on patterns such as
// `(a+)+$`, so MATCHES runs here instead, in time linear in the input (decision 0027):
//
//   1. The source is parsed into a small tree; features that no linear-time engine can run
//      (backreferences, lookaround, atomic groups, possessive quantifiers, recursion, verbs) are
//      refused with their offset, never approximated. Counted repetition is expanded, and the
//      expanded program is bounded (`maxStates`, 10,000 by default).
//   2. The tree is compiled once into a Thompson NFA: a flat program of instructions (match one
//      character of a set, split, jump, assert a position, accept).
//   3. `test` simulates the NFA with a Pike VM: the set of live instructions advances one code
//      point at a time, each instruction at most once per position, so the work is
//      O(input length × program size) whatever the pattern, and no stack grows with the input.
//      Only a yes/no answer is needed, so captures and greediness play no part.
//
// Semantics follow PCRE2 in UTF mode without UCP: the input is a sequence of code points (a
// surrogate pair is one character); `\d \w \s \b` are ASCII; `.` is any character but `\n`;
// `$` matches at the end or before a final `\n`; `(?i)` folds case with Unicode simple case
// folding. Binary values (STIX binary type) are matched byte by byte, each byte being the
// character U+0000–U+00FF with ASCII-only case folding, as PCRE does on bytes; a regular
// expression written with characters above U+00FF never matches a binary value (the OASIS
// reference matcher's reading of the spec's binary/string comparison rule).

/** Why a regular expression was refused, and where (a UTF-16 offset into the source). */
export interface RegexError {
  readonly message: string;
  readonly offset: number;
}

/** A compiled regular expression that answers in time linear in its input. */
export interface LinearRegex {
  readonly source: string;
  /** Instructions in the compiled program (the bound `maxStates` applies to this). */
  readonly states: number;
  /** Whether the expression matches anywhere in the input (a string, or a binary value's bytes). */
  test(input: string | Uint8Array): boolean;
}

export type CompileRegexResult = { readonly ok: true; readonly regex: LinearRegex } | { readonly ok: false; readonly error: RegexError };

export interface CompileRegexOptions {
  /** The largest program accepted after counted repetitions are expanded. */
  readonly maxStates?: number;
}

export const DEFAULT_MAX_STATES = 10_000;
/** PCRE2's default limit on group nesting (PARENS_NEST_LIMIT); it also bounds our recursion. */
export const MAX_GROUP_DEPTH = 250;
/** PCRE's largest repetition count. */
const MAX_REPEAT = 65_535;
const MAX_CODE_POINT = 0x10ffff;

// --- character sets: sorted, disjoint, inclusive ranges [lo0, hi0, lo1, hi1, …] -------------------

type Ranges = readonly number[];

function normalise(ranges: Ranges): number[] {
  const pairs: [number, number][] = [];
  for (let i = 0; i + 1 < ranges.length; i += 2) pairs.push([ranges[i] as number, ranges[i + 1] as number]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of pairs) {
    const last = out.length - 1;
    if (last > 0 && lo <= (out[last] as number) + 1) out[last] = Math.max(out[last] as number, hi);
    else out.push(lo, hi);
  }
  return out;
}

function complement(ranges: Ranges): number[] {
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i + 1 < ranges.length; i += 2) {
    if ((ranges[i] as number) > next) out.push(next, (ranges[i] as number) - 1);
    next = (ranges[i + 1] as number) + 1;
  }
  if (next <= MAX_CODE_POINT) out.push(next, MAX_CODE_POINT);
  return out;
}

function rangesHave(ranges: ArrayLike<number>, cp: number): boolean {
  let lo = 0;
  let hi = (ranges.length >> 1) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < (ranges[2 * mid] as number)) hi = mid - 1;
    else if (cp > (ranges[2 * mid + 1] as number)) lo = mid + 1;
    else return true;
  }
  return false;
}

/** A character set as the VM reads it: a bitmap for ASCII, binary search above. */
class CharSet {
  private readonly ascii = new Uint32Array(4);
  private readonly ranges: Int32Array;
  constructor(ranges: Ranges) {
    this.ranges = Int32Array.from(ranges);
    for (let cp = 0; cp < 128; cp++) if (rangesHave(ranges, cp)) (this.ascii[cp >> 5] as number) |= 1 << (cp & 31);
  }
  has(cp: number): boolean {
    if (cp < 128) return ((this.ascii[cp >> 5] as number) & (1 << (cp & 31))) !== 0;
    return rangesHave(this.ranges, cp);
  }
}

const DIGIT: Ranges = [0x30, 0x39];
const WORD: Ranges = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
const SPACE: Ranges = [0x09, 0x0d, 0x20, 0x20]; // \t \n \v \f \r and space, as PCRE2
const HSPACE: Ranges = normalise([0x09, 0x09, 0x20, 0x20, 0xa0, 0xa0, 0x1680, 0x1680, 0x180e, 0x180e, 0x2000, 0x200a, 0x202f, 0x202f, 0x205f, 0x205f, 0x3000, 0x3000]);
const VSPACE: Ranges = [0x0a, 0x0d, 0x85, 0x85, 0x2028, 0x2029];
const NEWLINE = 0x0a;

const ESCAPED_ASSERTIONS: Readonly<Record<string, Assertion>> = { A: 'start', z: 'end', Z: 'end-or-final-newline', b: 'word-boundary', B: 'not-word-boundary' };

/** PCRE's POSIX classes inside brackets (ASCII, as PCRE2 without UCP). */
const POSIX: Readonly<Record<string, Ranges>> = {
  alnum: [0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a],
  alpha: [0x41, 0x5a, 0x61, 0x7a],
  ascii: [0x00, 0x7f],
  blank: [0x09, 0x09, 0x20, 0x20],
  cntrl: [0x00, 0x1f, 0x7f, 0x7f],
  digit: DIGIT,
  graph: [0x21, 0x7e],
  lower: [0x61, 0x7a],
  print: [0x20, 0x7e],
  punct: [0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e],
  space: SPACE,
  upper: [0x41, 0x5a],
  word: WORD,
  xdigit: [0x30, 0x39, 0x41, 0x46, 0x61, 0x66],
};

// --- case folding ----------------------------------------------------------------------------------

/** For each cased character, the other characters of its case-folding class. */
type CaseTable = ReadonlyMap<number, readonly number[]>;

let unicodeCases: CaseTable | undefined;

/** Two characters equal under the platform's Unicode simple case folding (a fixed, safe expression). */
const SAME_CASELESS = /^([\s\S])\1$/iu;

/**
 * Unicode simple case-folding classes (k/K/U+212A, s/S/U+017F, σ/ς/Σ …), built once on first use.
 * Candidates come from toLowerCase/toUpperCase; each pair is kept only if the platform's own
 * case-insensitive matching (RegExp with the `iu` flags, i.e. Unicode simple case folding) agrees,
 * which drops pairs that are not foldings (ı and I, for instance). About 20 ms.
 */
function unicodeCaseTable(): CaseTable {
  if (unicodeCases) return unicodeCases;
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r) as number;
    parent.set(x, r);
    return r;
  };
  for (let cp = 0; cp < 0x20000; cp++) {
    if (cp >= 0xd800 && cp < 0xe000) continue;
    const s = String.fromCodePoint(cp);
    for (const t of [s.toLowerCase(), s.toUpperCase()]) {
      const other = t.codePointAt(0) as number;
      if (t === s || t.length !== String.fromCodePoint(other).length) continue;
      if (!SAME_CASELESS.test(s + t)) continue;
      const a = find(cp);
      const b = find(other);
      if (a !== b) parent.set(a, b);
    }
  }
  const classes = new Map<number, number[]>();
  for (const cp of parent.keys()) {
    const root = find(cp);
    const members = classes.get(root) ?? [];
    members.push(cp);
    classes.set(root, members);
  }
  const table = new Map<number, number[]>();
  for (const members of classes.values()) for (const cp of members) table.set(cp, members.filter((m) => m !== cp));
  unicodeCases = table;
  return table;
}

let asciiCases: CaseTable | undefined;

function asciiCaseTable(): CaseTable {
  if (asciiCases) return asciiCases;
  const table = new Map<number, number[]>();
  for (let cp = 0x41; cp <= 0x5a; cp++) {
    table.set(cp, [cp + 0x20]);
    table.set(cp + 0x20, [cp]);
  }
  asciiCases = table;
  return table;
}

/** The set with every case variant of its members added. */
function caseClose(ranges: Ranges, table: CaseTable): number[] {
  const extra: number[] = [];
  const add = (cp: number): void => {
    for (const o of table.get(cp) ?? []) extra.push(o, o);
  };
  let span = 0;
  for (let i = 0; i + 1 < ranges.length; i += 2) span += (ranges[i + 1] as number) - (ranges[i] as number) + 1;
  if (span <= table.size) {
    for (let i = 0; i + 1 < ranges.length; i += 2) for (let cp = ranges[i] as number; cp <= (ranges[i + 1] as number); cp++) add(cp);
  } else {
    for (const cp of table.keys()) if (rangesHave(ranges, cp)) add(cp);
  }
  return extra.length === 0 ? [...ranges] : normalise([...ranges, ...extra]);
}

// --- the tree --------------------------------------------------------------------------------------

type Assertion = 'start' | 'line-start' | 'end' | 'end-or-final-newline' | 'line-end' | 'word-boundary' | 'not-word-boundary';

/**
 * One character from a set. `foldable` members take part in case folding when `caseless`;
 * `fixed` ones (`\d`, `\w`, `\s`… which PCRE does not fold) do not. Negation applies last.
 */
interface CharNode {
  readonly kind: 'char';
  readonly foldable: Ranges;
  readonly fixed: Ranges;
  readonly negated: boolean;
  readonly caseless: boolean;
}

type Node =
  | CharNode
  | { readonly kind: 'assert'; readonly assertion: Assertion }
  | { readonly kind: 'cat'; readonly items: readonly Node[] }
  | { readonly kind: 'alt'; readonly items: readonly Node[] }
  | { readonly kind: 'repeat'; readonly item: Node; readonly min: number; readonly max: number };

const sizes = new WeakMap<Node, number>();

/** Program size of a node, as `emit` will lay it out (remembered, so that parsing stays linear). */
function sizeOf(node: Node): number {
  let size = sizes.get(node);
  if (size === undefined) {
    size = layoutSize(node);
    sizes.set(node, size);
  }
  return size;
}

function layoutSize(node: Node): number {
  switch (node.kind) {
    case 'char':
    case 'assert':
      return 1;
    case 'cat':
      return node.items.reduce((n, item) => n + sizeOf(item), 0);
    case 'alt':
      return node.items.reduce((n, item) => n + sizeOf(item), 0) + 2 * (node.items.length - 1);
    case 'repeat':
      return repeatSize(sizeOf(node.item), node.min, node.max);
  }
}

function repeatSize(item: number, min: number, max: number): number {
  if (max === Infinity) return min === 0 ? item + 2 : min * item + 1;
  return min * item + (max - min) * (item + 1);
}

// --- the parser ------------------------------------------------------------------------------------

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
}

class RegexSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const LINEAR = 'it cannot be matched in linear time';
// Fixed lexical shapes, tried in place (sticky) so that parsing stays linear in the source.
const QUANTIFIER = /\{(\d*)(,(\d*))?\}/y;
const OCTAL = /[0-7]{0,2}/y;
const HEX_ESCAPE = /(?:\{([0-9a-fA-F]{1,8})\}|([0-9a-fA-F]{1,2}))/y;
const UNICODE_ESCAPE = /(?:\{([0-9a-fA-F]{1,8})\}|([0-9a-fA-F]{4}))/y;
const LOW_SURROGATE_ESCAPE = /\\u([dD][c-fC-F][0-9a-fA-F]{2})/y;
const POSIX_CLASS = /\[:(\^?)([a-z]+):\]/y;

class Parser {
  private pos = 0;
  private depth = 0;
  private flags: Flags = { i: false, m: false, s: false };

  constructor(
    private readonly src: string,
    private readonly maxStates: number,
  ) {}

  parse(): Node {
    const node = this.alternation();
    if (this.pos < this.src.length) throw this.fail('unmatched ) at offset %', this.pos);
    return node;
  }

  private fail(message: string, offset: number): RegexSyntaxError {
    return new RegexSyntaxError(message.replace('%', String(offset)), offset);
  }

  private refuse(feature: string, offset: number, why = LINEAR): RegexSyntaxError {
    return this.fail(`${feature} at offset % is not supported: ${why}`, offset);
  }

  /** A sticky regular expression (of our own, fixed) tried at the current position. */
  private look(re: RegExp): RegExpExecArray | null {
    re.lastIndex = this.pos;
    return re.exec(this.src);
  }

  private peek(k = 0): string {
    return this.src[this.pos + k] ?? '';
  }

  private checkSize(node: Node, offset: number): void {
    const size = sizeOf(node);
    if (size + 1 > this.maxStates) {
      throw this.fail(`the regular expression is too large at offset %: it needs ${size + 1} states, at most ${this.maxStates} are allowed (use smaller repetition counts)`, offset);
    }
  }

  private alternation(): Node {
    const start = this.pos;
    const items = [this.sequence()];
    let size = sizeOf(items[0] as Node);
    while (this.peek() === '|') {
      this.pos++;
      const item = this.sequence();
      size += sizeOf(item) + 2;
      if (size + 1 > this.maxStates) this.checkSize({ kind: 'alt', items: [...items, item] }, start);
      items.push(item);
    }
    return items.length === 1 ? (items[0] as Node) : { kind: 'alt', items };
  }

  private sequence(): Node {
    const items: Node[] = [];
    let size = 0;
    while (this.pos < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
      const atomStart = this.pos;
      const atom = this.atom();
      if (atom === null) continue;
      const node = this.quantified(atom, atomStart);
      if (sizeOf(node) === 0) continue; // an empty group matches the empty string: nothing to lay out
      size += sizeOf(node);
      if (size + 1 > this.maxStates) this.checkSize({ kind: 'cat', items: [...items, node] }, atomStart);
      items.push(node);
    }
    return items.length === 1 ? (items[0] as Node) : { kind: 'cat', items };
  }

  /** A quantifier after an atom, if there is one. */
  private quantified(atom: Node, atomStart: number): Node {
    const qStart = this.pos;
    const q = this.quantifier();
    if (q === null) return atom;
    if (atom.kind === 'assert' && this.src[atomStart] !== '(') throw this.fail('nothing to repeat at offset %: an anchor or word boundary cannot take a quantifier', qStart);
    if (this.peek() === '+') throw this.refuse(`possessive quantifier ${this.src.slice(qStart, this.pos + 1)}`, qStart, `${LINEAR}; drop the final +`);
    if (this.peek() === '?') this.pos++; // lazy: the same yes/no answer
    const nextStart = this.pos;
    if (this.quantifier() !== null) throw this.fail('nothing to repeat at offset %: a quantifier cannot follow a quantifier (use a group)', nextStart);
    if (sizeOf(atom) === 0) return atom; // repeating nothing is nothing (and costs no time to lay out)
    if (atom.kind === 'cat' && this.src.startsWith('\\Q', atomStart)) {
      // A quantifier after \Q…\E repeats its last character only, as after any literal.
      const last = atom.items[atom.items.length - 1] as Node;
      return { kind: 'cat', items: [...atom.items.slice(0, -1), { kind: 'repeat', item: last, min: q.min, max: q.max }] };
    }
    const node: Node = { kind: 'repeat', item: atom, min: q.min, max: q.max };
    if (q.max !== Infinity || q.min > 1) this.checkSize(node, atomStart);
    return node;
  }

  /** `* + ? {m} {m,} {m,n}` at the current position, consumed; null (nothing consumed) if none. */
  private quantifier(): { min: number; max: number } | null {
    const c = this.peek();
    if (c === '*' || c === '+' || c === '?') {
      this.pos++;
      return c === '*' ? { min: 0, max: Infinity } : c === '+' ? { min: 1, max: Infinity } : { min: 0, max: 1 };
    }
    if (c !== '{') return null;
    const m = this.look(QUANTIFIER);
    if (!m || (m[1] === '' && m[2] === undefined)) return null; // a literal {, as in PCRE
    if (m[1] === '') throw this.fail('quantifier {,n} at offset % is ambiguous across PCRE versions: write {0,n}', this.pos);
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) throw this.fail(`repetition count at offset % is above ${MAX_REPEAT}`, this.pos);
    if (max < min) throw this.fail(`quantifier ${m[0]} at offset % has its numbers out of order`, this.pos);
    this.pos += m[0].length;
    return { min, max };
  }

  /** One atom; null for things that match nothing and take no quantifier (comments, flags, \E). */
  private atom(): Node | null {
    const start = this.pos;
    const c = this.peek();
    switch (c) {
      case '(':
        return this.group();
      case '[':
        return this.bracket();
      case '.':
        this.pos++;
        return this.flags.s ? this.set([0, MAX_CODE_POINT]) : this.set([NEWLINE, NEWLINE], true);
      case '^':
        this.pos++;
        return { kind: 'assert', assertion: this.flags.m ? 'line-start' : 'start' };
      case '$':
        this.pos++;
        return { kind: 'assert', assertion: this.flags.m ? 'line-end' : 'end-or-final-newline' };
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
        throw this.fail(`nothing to repeat at offset %: ${c} must follow a character or a group`, start);
      default: {
        if (c === '{' && this.quantifierAhead()) throw this.fail('nothing to repeat at offset %: {…} must follow a character or a group', start);
        const cp = this.src.codePointAt(this.pos) as number;
        this.pos += cp > 0xffff ? 2 : 1;
        return this.literal(cp);
      }
    }
  }

  private quantifierAhead(): boolean {
    const save = this.pos;
    try {
      return this.quantifier() !== null;
    } catch {
      return true;
    } finally {
      this.pos = save;
    }
  }

  private set(ranges: Ranges, negated = false, foldable = false): CharNode {
    return foldable ? { kind: 'char', foldable: ranges, fixed: [], negated, caseless: this.flags.i } : { kind: 'char', foldable: [], fixed: ranges, negated, caseless: false };
  }

  private literal(cp: number): CharNode {
    return this.set([cp, cp], false, true);
  }

  private group(): Node | null {
    const open = this.pos;
    this.pos++; // (
    if (this.peek() === '*') throw this.refuse(`backtracking control verb or option (*${/^[A-Za-z_]*/.exec(this.src.slice(this.pos + 1, this.pos + 40))?.[0] ?? ''}…)`, open, 'only plain regular expressions are');
    const outer = this.flags;
    const inner = this.peek() === '?' ? this.groupSyntax(open) : outer;
    if (inner === null) return null;
    if (++this.depth > MAX_GROUP_DEPTH) throw this.fail(`groups are nested deeper than ${MAX_GROUP_DEPTH} at offset %`, open);
    this.flags = { ...inner };
    const body = this.alternation();
    this.flags = outer;
    this.depth--;
    if (this.peek() !== ')') throw this.fail('missing ) for the group opened at offset %', open);
    this.pos++;
    return body;
  }

  /**
   * What follows `(?`. Refuses what cannot run in linear time; consumes the syntax of the groups
   * that can (non-capturing, named, branch reset, scoped flags `(?i:`) and returns the flags their
   * body is read with; consumes whole items that match nothing (comments, `(?i)`) and returns null.
   */
  private groupSyntax(open: number): Flags | null {
    const rest = this.src.slice(this.pos + 1, this.pos + 40); // group syntax is short
    const skip = (n: number): Flags => {
      this.pos += 1 + n;
      return this.flags;
    };
    if (rest.startsWith(':') || rest.startsWith('|')) return skip(1);
    if (rest.startsWith('=') || rest.startsWith('!')) throw this.refuse(`lookahead (?${rest[0]}`, open);
    if (rest.startsWith('<=') || rest.startsWith('<!')) throw this.refuse(`lookbehind (?${rest.slice(0, 2)}`, open);
    if (rest.startsWith('>')) throw this.refuse('atomic group (?>', open);
    if (rest.startsWith('(')) throw this.refuse('conditional group (?(', open);
    if (rest.startsWith('C')) throw this.refuse('callout (?C', open, 'only plain regular expressions are');
    const call = /^(?:R|[+-]?\d+|&|P>)/.exec(rest);
    if (call) throw this.refuse(`recursion or subroutine call (?${call[0]}`, open);
    if (rest.startsWith('P=')) throw this.refuse('backreference (?P=', open);
    const named = /^(?:P?<([A-Za-z_]\w{0,31})>|'([A-Za-z_]\w{0,31})')/.exec(rest);
    if (named) return skip(named[0].length);
    if (rest.startsWith('<') || rest.startsWith("'") || rest.startsWith('P')) throw this.fail('invalid group name at offset % (up to 32 letters, digits and _, not starting with a digit)', open);
    if (rest.startsWith('#')) {
      const close = this.src.indexOf(')', this.pos);
      if (close < 0) throw this.fail('missing ) after the comment opened at offset %', open);
      this.pos = close + 1;
      return null;
    }
    const flags = /^([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])/.exec(rest);
    if (!flags) throw this.fail('unknown group syntax at offset %: (? must be followed by :, a group name, flags or a comment', open);
    const on = flags[1] ?? '';
    const off = flags[2] ?? '';
    for (const [k, letter] of [...on, ...off].entries()) {
      if (letter !== 'i' && letter !== 'm' && letter !== 's') {
        const at = this.pos + 1 + (k < on.length ? k : k + 1);
        throw this.fail(`inline flag ${letter} at offset % is not supported (supported: i, m, s)`, at);
      }
    }
    const next = { ...this.flags };
    for (const letter of on) next[letter as keyof Flags] = true;
    for (const letter of off) next[letter as keyof Flags] = false;
    this.pos += 1 + flags[0].length;
    if (flags[3] === ':') return next;
    // (?i) alone changes the flags for the rest of the enclosing group (PCRE's rule).
    this.flags = next;
    return null;
  }

  /** An escape outside brackets. */
  private escape(): Node | null {
    const start = this.pos;
    const c = this.src[this.pos + 1];
    if (c === undefined) throw this.fail('\\ at the end of the regular expression (offset %)', start);
    const assertion = ESCAPED_ASSERTIONS[c];
    if (assertion) {
      this.pos += 2;
      return { kind: 'assert', assertion };
    }
    switch (c) {
      case 'G':
        throw this.refuse('\\G (the end of the previous match)', start, 'MATCHES makes a single search');
      case 'K':
      case 'E':
        this.pos += 2; // \K moves the reported start of the match; \E ends nothing: no effect on yes/no
        return null;
      case 'N':
        if (this.src[this.pos + 2] === '{') throw this.refuse('\\N{…} (named character)', start, 'write the character or \\x{…}');
        this.pos += 2;
        return this.set([NEWLINE, NEWLINE], true);
      case 'Q': {
        const end = this.src.indexOf('\\E', this.pos + 2);
        const text = this.src.slice(this.pos + 2, end < 0 ? undefined : end);
        this.pos = end < 0 ? this.src.length : end + 2;
        if (text.length >= this.maxStates) throw this.fail(`the regular expression is too large at offset %: \\Q…\\E quotes more than ${this.maxStates} characters`, start);
        const items = [...text].map((ch) => this.literal(ch.codePointAt(0) as number));
        return items.length === 0 ? null : items.length === 1 ? (items[0] as Node) : { kind: 'cat', items };
      }
      default: {
        const item = this.escapeItem(false);
        return 'cp' in item ? this.literal(item.cp) : { kind: 'char', foldable: [], fixed: item.ranges, negated: item.negated, caseless: false };
      }
    }
  }

  /** An escape that stands for one character or a class, in or out of brackets; consumed. */
  private escapeItem(inBrackets: boolean): { cp: number } | { ranges: Ranges; negated: boolean } {
    const start = this.pos;
    const c = this.src[this.pos + 1] ?? '';
    this.pos += 2;
    const classes: Record<string, Ranges> = { d: DIGIT, w: WORD, s: SPACE, h: HSPACE, v: VSPACE };
    const lower = c.toLowerCase();
    if (lower in classes && 'dwshvDWSHV'.includes(c)) return { ranges: classes[lower] as Ranges, negated: c !== lower };
    const simple: Record<string, number> = { t: 0x09, n: 0x0a, r: 0x0d, f: 0x0c, e: 0x1b, a: 0x07 };
    if (c in simple) return { cp: simple[c] as number };
    if (inBrackets && c === 'b') return { cp: 0x08 };
    if (c === 'x') return { cp: this.hexEscape(start, HEX_ESCAPE, '\\x needs one or two hex digits, or \\x{…}') };
    if (c === 'u') return { cp: this.unicodeEscape(start) };
    if (c === 'c') {
      const x = this.src.charCodeAt(this.pos);
      if (!(x >= 0x20 && x <= 0x7e)) throw this.fail('\\c at offset % must be followed by a printable ASCII character', start);
      this.pos++;
      return { cp: (x >= 0x61 && x <= 0x7a ? x - 0x20 : x) ^ 0x40 };
    }
    if (c === '0') {
      const oct = this.look(OCTAL)?.[0] ?? '';
      this.pos += oct.length;
      return { cp: parseInt(`0${oct}`, 8) };
    }
    if (c >= '1' && c <= '9') throw this.refuse(`backreference \\${c}`, start);
    if (c === 'g' || c === 'k') {
      const call = c === 'g' && (this.peek() === '<' || this.peek() === "'");
      throw call ? this.refuse('subroutine call \\g<…>', start) : this.refuse(`backreference \\${c}`, start);
    }
    if (c === 'p' || c === 'P' || c === 'X') throw this.refuse(`Unicode property \\${c}`, start, 'only the ASCII classes \\d \\w \\s \\h \\v and POSIX classes are');
    if (c === 'R') throw this.refuse('\\R (newline sequence)', start, 'it is an atomic group; write (?:\\r\\n|\\n|\\r)');
    if (c === 'C') throw this.refuse('\\C (one code unit)', start, 'the engine reads whole characters');
    if (inBrackets && 'ABzZGKNQE'.includes(c)) throw this.fail(`\\${c} at offset % is not allowed inside brackets`, start);
    if (/^[A-Za-z0-9]$/.test(c)) throw this.fail(`unknown escape \\${c} at offset %`, start);
    const cp = this.src.codePointAt(this.pos - 1) as number;
    if (cp > 0xffff) this.pos++;
    return { cp };
  }

  private hexEscape(start: number, shape: RegExp, message: string): number {
    const m = this.look(shape);
    if (!m) throw this.fail(`${message} (offset %)`, start);
    const cp = parseInt(m[1] ?? m[2] ?? '', 16);
    if (cp > MAX_CODE_POINT) throw this.fail('character code at offset % is above U+10FFFF', start);
    this.pos += m[0].length;
    return cp;
  }

  /** \uHHHH (a surrogate pair written as two escapes is one character) or \u{H…}. */
  private unicodeEscape(start: number): number {
    const cp = this.hexEscape(start, UNICODE_ESCAPE, '\\u needs four hex digits, or \\u{…}');
    if (cp >= 0xd800 && cp <= 0xdbff) {
      const low = this.look(LOW_SURROGATE_ESCAPE);
      if (low) {
        this.pos += 6;
        return 0x10000 + ((cp - 0xd800) << 10) + (parseInt(low[1] as string, 16) - 0xdc00);
      }
    }
    return cp;
  }

  /** A bracketed class `[…]`, `[^…]`, with ranges, escapes and POSIX classes. */
  private bracket(): CharNode {
    const open = this.pos;
    if (this.look(POSIX_CLASS)) throw this.fail('POSIX class at offset % must be inside brackets, as in [[:alpha:]]', open);
    this.pos++;
    const negated = this.peek() === '^';
    if (negated) this.pos++;
    const foldable: number[] = [];
    const fixed: number[] = [];
    let first = true;
    for (;;) {
      if (this.pos >= this.src.length) throw this.fail('missing ] for the class opened at offset %', open);
      if (this.peek() === ']' && !first) break;
      first = false;
      const itemStart = this.pos;
      const lo = this.bracketItem(foldable, fixed);
      if (lo === null) continue;
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== '') {
        this.pos++;
        const hiStart = this.pos;
        const hi = this.bracketItem(foldable, fixed);
        if (hi === null) throw this.fail('invalid range at offset %: a range ends with a single character, not a class', hiStart);
        if (hi < lo) throw this.fail(`range out of order at offset %: ${this.src.slice(itemStart, this.pos)}`, itemStart);
        foldable.push(lo, hi);
      } else {
        foldable.push(lo, lo);
      }
    }
    this.pos++; // ]
    return { kind: 'char', foldable: normalise(foldable), fixed: normalise(fixed), negated, caseless: this.flags.i };
  }

  /** One item inside brackets: returns its code point, or null after adding a class to the sets. */
  private bracketItem(foldable: number[], fixed: number[]): number | null {
    const start = this.pos;
    const posix = this.look(POSIX_CLASS);
    if (posix) {
      const ranges = Object.hasOwn(POSIX, posix[2] as string) ? POSIX[posix[2] as string] : undefined;
      if (!ranges) throw this.fail(`unknown POSIX class [:${posix[2]}:] at offset %`, start);
      this.pos += posix[0].length;
      foldable.push(...(posix[1] ? complement(ranges) : ranges));
      return null;
    }
    if (this.peek() === '\\') {
      const item = this.escapeItem(true);
      if ('cp' in item) return item.cp;
      fixed.push(...(item.negated ? complement(item.ranges) : item.ranges));
      if (this.peek() === '-' && this.peek(1) !== ']') throw this.fail('invalid range at offset %: a range cannot start at a class', start);
      return null;
    }
    const cp = this.src.codePointAt(this.pos) as number;
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }
}

// --- the program (Thompson NFA) --------------------------------------------------------------------

const OP_CHAR = 0; // a = index of the set; next is pc + 1
const OP_SPLIT = 1; // continue at a and at b
const OP_JMP = 2; // continue at a
const OP_ASSERT = 3; // a = assertion; next is pc + 1
const OP_MATCH = 4;

const ASSERTIONS: readonly Assertion[] = ['start', 'line-start', 'end', 'end-or-final-newline', 'line-end', 'word-boundary', 'not-word-boundary'];

interface Program {
  readonly op: Uint8Array;
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly sets: readonly CharSet[];
  /** Every path starts with `\A` (or `^` without m): only position 0 can start a match. */
  readonly anchored: boolean;
}

/** Lays the tree out as a flat program; `cases` is the case-folding table for caseless sets. */
function compileProgram(root: Node, cases: () => CaseTable): Program {
  const size = sizeOf(root) + 1;
  const op = new Uint8Array(size);
  const a = new Int32Array(size);
  const b = new Int32Array(size);
  const sets: CharSet[] = [];
  const setIndex = new Map<string, number>();
  let pc = 0;
  const put = (code: number, x = 0, y = 0): number => {
    op[pc] = code;
    a[pc] = x;
    b[pc] = y;
    return pc++;
  };
  const setOf = (node: CharNode): number => {
    const folded = node.caseless && node.foldable.length > 0 ? caseClose(node.foldable, cases()) : node.foldable;
    const members = node.fixed.length === 0 ? folded : normalise([...folded, ...node.fixed]);
    const ranges = node.negated ? complement(members) : members;
    const key = ranges.join(',');
    let index = setIndex.get(key);
    if (index === undefined) {
      index = sets.push(new CharSet(ranges)) - 1;
      setIndex.set(key, index);
    }
    return index;
  };
  const emit = (node: Node): void => {
    switch (node.kind) {
      case 'char':
        put(OP_CHAR, setOf(node));
        return;
      case 'assert':
        put(OP_ASSERT, ASSERTIONS.indexOf(node.assertion));
        return;
      case 'cat':
        for (const item of node.items) emit(item);
        return;
      case 'alt': {
        const jumps: number[] = [];
        node.items.forEach((item, k) => {
          if (k === node.items.length - 1) return emit(item);
          const split = put(OP_SPLIT, pc + 1);
          emit(item);
          jumps.push(put(OP_JMP));
          b[split] = pc;
        });
        for (const j of jumps) a[j] = pc;
        return;
      }
      case 'repeat': {
        const { item, min, max } = node;
        if (max === Infinity && min > 0) {
          for (let k = 1; k < min; k++) emit(item);
          const loop = pc; // x+ : x, then split back to x or on
          emit(item);
          put(OP_SPLIT, loop, pc + 1);
          return;
        }
        for (let k = 0; k < min; k++) emit(item);
        if (max === Infinity) {
          const split = put(OP_SPLIT, pc + 1); // x* : split to x or on; x jumps back
          emit(item);
          put(OP_JMP, split);
          b[split] = pc;
          return;
        }
        const splits: number[] = []; // x{0,n}: each optional copy may skip to the end
        for (let k = min; k < max; k++) {
          splits.push(put(OP_SPLIT, pc + 1));
          emit(item);
        }
        for (const s of splits) b[s] = pc;
        return;
      }
    }
  };
  emit(root);
  put(OP_MATCH);
  return { op, a, b, sets, anchored: startsAnchored(root) };
}

function startsAnchored(node: Node): boolean {
  switch (node.kind) {
    case 'assert':
      return node.assertion === 'start';
    case 'cat':
      return node.items.length > 0 && startsAnchored(node.items[0] as Node);
    case 'alt':
      return node.items.every(startsAnchored);
    case 'repeat':
      return node.min > 0 && startsAnchored(node.item);
    case 'char':
      return false;
  }
}

// --- the Pike VM -----------------------------------------------------------------------------------

function isWord(cp: number): boolean {
  return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || cp === 0x5f || (cp >= 0x61 && cp <= 0x7a);
}

/** Whether assertion number `kind` holds between text[at - 1] and text[at]. */
function holds(kind: number, text: ArrayLike<number>, n: number, at: number): boolean {
  switch (ASSERTIONS[kind]) {
    case 'start':
      return at === 0;
    case 'line-start': // PCRE: after an internal newline, not after one that ends the subject
      return at === 0 || (text[at - 1] === NEWLINE && at < n);
    case 'end':
      return at === n;
    case 'end-or-final-newline':
      return at === n || (at === n - 1 && text[at] === NEWLINE);
    case 'line-end':
      return at === n || text[at] === NEWLINE;
    case 'word-boundary':
    case 'not-word-boundary': {
      const before = at > 0 && isWord(text[at - 1] as number);
      const after = at < n && isWord(text[at] as number);
      return (before !== after) === (ASSERTIONS[kind] === 'word-boundary');
    }
    default:
      return false;
  }
}

/** Scratch space of one program's simulation, reused from one test to the next. */
interface Threads {
  current: Int32Array;
  next: Int32Array;
  /** The step at which an instruction last joined a list: each joins at most once per step. */
  seen: Int32Array;
  stack: Int32Array;
  step: number;
}

function threadsFor(size: number): Threads {
  return { current: new Int32Array(size), next: new Int32Array(size), seen: new Int32Array(size), stack: new Int32Array(2 * size + 2), step: 0 };
}

/**
 * Whether the program matches anywhere in text[0..n). Each step follows the ε-closure (splits,
 * jumps, assertions) of the live instructions once, so the work per input character is bounded
 * by the program size: O(n × size) in all, with no backtracking.
 */
function simulate(prog: Program, t: Threads, text: ArrayLike<number>, n: number): boolean {
  const { op, a, b, sets } = prog;
  let current = t.current;
  let next = t.next;
  const { seen, stack } = t;
  let count = 0;
  let nextCount = 0;
  if (t.step + n + 2 > 0x7fffffff) {
    seen.fill(-1); // step numbers would overflow the Int32Array: start again
    t.step = 0;
  }
  // Adds the closure of `pc` at position `at` to `list`; true when it reaches MATCH.
  const add = (list: Int32Array, length: number, pc: number, at: number): number => {
    let top = 0;
    stack[top++] = pc;
    while (top > 0) {
      const p = stack[--top] as number;
      if (seen[p] === t.step) continue;
      seen[p] = t.step;
      switch (op[p]) {
        case OP_CHAR:
          list[length++] = p;
          break;
        case OP_SPLIT:
          stack[top++] = b[p] as number;
          stack[top++] = a[p] as number;
          break;
        case OP_JMP:
          stack[top++] = a[p] as number;
          break;
        case OP_ASSERT:
          if (holds(a[p] as number, text, n, at)) stack[top++] = p + 1;
          break;
        case OP_MATCH:
          return -1;
      }
    }
    return length;
  };
  t.step++;
  count = add(current, 0, 0, 0);
  if (count < 0) return true;
  for (let at = 0; at < n; at++) {
    if (count === 0 && prog.anchored) return false;
    const cp = text[at] as number;
    t.step++;
    nextCount = 0;
    for (let k = 0; k < count; k++) {
      const p = current[k] as number;
      if ((sets[a[p] as number] as CharSet).has(cp)) {
        nextCount = add(next, nextCount, p + 1, at + 1);
        if (nextCount < 0) return true;
      }
    }
    if (!prog.anchored) {
      nextCount = add(next, nextCount, 0, at + 1); // a match may also start at the next position
      if (nextCount < 0) return true;
    }
    [current, next] = [next, current];
    count = nextCount;
  }
  return false;
}

let codePoints = new Int32Array(1024);

/** The code points of a string (a surrogate pair is one; a lone surrogate stands for itself). */
function decode(input: string): number {
  if (codePoints.length < input.length) codePoints = new Int32Array(Math.max(input.length, 2 * codePoints.length));
  let n = 0;
  for (let i = 0; i < input.length; i++) {
    const cp = input.codePointAt(i) as number;
    if (cp > 0xffff) i++;
    codePoints[n++] = cp;
  }
  return n;
}

// --- the public entry point ------------------------------------------------------------------------

/** Compiles a PCRE-syntax regular expression for linear-time matching, or says what is refused and where. */
export function compileRegex(source: string, options: CompileRegexOptions = {}): CompileRegexResult {
  const maxStates = options.maxStates ?? DEFAULT_MAX_STATES;
  let root: Node;
  try {
    root = new Parser(source, maxStates).parse();
  } catch (e) {
    if (e instanceof RegexSyntaxError) return { ok: false, error: { message: e.message, offset: e.offset } };
    throw e;
  }
  const text = compileProgram(root, unicodeCaseTable);
  const textThreads = threadsFor(text.op.length);
  // Bytes are characters U+0000–U+00FF; an expression written with any character above that
  // never matches a binary value.
  const byteCompatible = [...source].every((ch) => (ch.codePointAt(0) as number) <= 0xff);
  let bytes: { prog: Program; threads: Threads } | undefined;
  return {
    ok: true,
    regex: {
      source,
      states: text.op.length,
      test(input: string | Uint8Array): boolean {
        if (typeof input === 'string') {
          const n = decode(input); // may replace the scratch array: read it after
          return simulate(text, textThreads, codePoints, n);
        }
        if (!byteCompatible) return false;
        if (!bytes) {
          const prog = compileProgram(root, asciiCaseTable);
          bytes = { prog, threads: threadsFor(prog.op.length) };
        }
        return simulate(bytes.prog, bytes.threads, input, input.length);
      },
    },
  };
}
