// The tokens of STIX patterning (the lexer rules of the OASIS grammar STIXPattern.g4 and STIX 2.1
// §9.2 "Constants"). Keywords are upper case and `true`/`false` lower case, as in the grammar of
// both 2.0 and 2.1; a lower-case `and` is an identifier, which the parser then reports with a hint.
// Constants are checked here, where their text is: a timestamp must be a real STIX timestamp
// (§3.2), hex an even number of hex digits, binary valid padded base64, a string may escape only
// `'` and `\`. Whitespace is the grammar's set; `/* … */` and `// …` comments are skipped.
import { isStixTimestamp } from '../stix/index.js';

export const KEYWORDS = new Set([
  'AND', 'OR', 'NOT', 'FOLLOWEDBY', 'LIKE', 'MATCHES', 'ISSUPERSET', 'ISSUBSET', 'EXISTS', 'LAST', 'IN',
  'START', 'STOP', 'SECONDS', 'TRUE', 'FALSE', 'WITHIN', 'REPEATS', 'TIMES',
]);

export type TokenKind =
  | 'ident' | 'keyword' | 'boolean' | 'string' | 'integer' | 'float' | 'timestamp' | 'hex' | 'binary'
  | '[' | ']' | '(' | ')' | ':' | '.' | ',' | '*' | '=' | '!=' | '<' | '<=' | '>' | '>=' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  /** Identifiers and keywords: the word; constants: the decoded value (strings unescaped, hex lower-cased, numbers canonical). */
  readonly value: string;
}

/** A lexical or syntax error; caught by parsePattern and turned into a diagnostic. */
export class PatternSyntaxError extends Error {
  constructor(readonly offset: number, message: string, readonly expected: readonly string[] = [], readonly code = 'pattern.syntax') {
    super(message);
  }
}

const WHITESPACE = new Set([
  0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
  0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c) || c === 45;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Source text for messages, shortened when long. */
export function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

/** `'x'` for messages: the text, shortened when long. */
export function quoteForMessage(text: string): string {
  return `'${shorten(text)}'`;
}

/** Reads tokens one at a time from a pattern text. */
export class Lexer {
  private pos = 0;

  constructor(private readonly text: string) {}

  /** The next token; throws PatternSyntaxError on text that is no token. */
  next(): Token {
    this.skipSpaceAndComments();
    const t = this.text;
    const start = this.pos;
    if (start >= t.length) return { kind: 'eof', start, end: start, value: '' };
    const c = t.charCodeAt(start);
    if (isIdentStart(c)) return this.word(start);
    if (isDigit(c) || c === 43 || c === 45 || (c === 46 && isDigit(t.charCodeAt(start + 1)))) return this.number(start);
    if (c === 39) return this.string(start, start + 1, 'string');
    const two = t.slice(start, start + 2);
    if (two === '==' || two === '!=' || two === '<>' || two === '<=' || two === '>=') {
      this.pos += 2;
      const kind = two === '==' ? '=' : two === '<>' ? '!=' : two;
      return { kind, start, end: start + 2, value: two };
    }
    const one = t[start] as string;
    if ('[]():.,*=<>'.includes(one)) {
      this.pos++;
      return { kind: one as TokenKind, start, end: start + 1, value: one };
    }
    const cp = t.codePointAt(start) ?? c;
    throw new PatternSyntaxError(start, `unexpected character ${quoteForMessage(String.fromCodePoint(cp))}${cp === 0x22 ? ' (string constants use single quotes)' : ''}`);
  }

  private skipSpaceAndComments(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (WHITESPACE.has(c)) {
        this.pos++;
      } else if (c === 47 && t.charCodeAt(this.pos + 1) === 42) {
        const close = t.indexOf('*/', this.pos + 2);
        if (close < 0) throw new PatternSyntaxError(this.pos, 'this comment is not closed (expected */)');
        this.pos = close + 2;
      } else if (c === 47 && t.charCodeAt(this.pos + 1) === 47) {
        while (this.pos < t.length && t.charCodeAt(this.pos) !== 10 && t.charCodeAt(this.pos) !== 13) this.pos++;
      } else {
        return;
      }
    }
  }

  private word(start: number): Token {
    const t = this.text;
    let i = start + 1;
    while (i < t.length && isIdentPart(t.charCodeAt(i))) i++;
    const w = t.slice(start, i);
    if (i === start + 1 && t.charCodeAt(i) === 39 && (w === 't' || w === 'h' || w === 'b')) {
      return this.string(start, i + 1, w === 't' ? 'timestamp' : w === 'h' ? 'hex' : 'binary');
    }
    this.pos = i;
    if (w === 'true' || w === 'false') return { kind: 'boolean', start, end: i, value: w };
    return { kind: KEYWORDS.has(w) ? 'keyword' : 'ident', start, end: i, value: w };
  }

  private number(start: number): Token {
    const t = this.text;
    let i = start;
    let sign = '';
    if (t[i] === '+' || t[i] === '-') sign = t[i++] === '-' ? '-' : '';
    const intFrom = i;
    while (isDigit(t.charCodeAt(i))) i++;
    const intPart = t.slice(intFrom, i);
    if (t[i] === '.') {
      const fracFrom = ++i;
      while (isDigit(t.charCodeAt(i))) i++;
      if (i === fracFrom) throw new PatternSyntaxError(start, `${quoteForMessage(t.slice(start, i))} is not a number: digits must follow the decimal point`);
      this.pos = i;
      const text = `${sign}${intPart === '' ? '0' : intPart.replace(/^0+(?=\d)/, '')}.${t.slice(fracFrom, i)}`;
      return { kind: 'float', start, end: i, value: text };
    }
    if (intPart === '') throw new PatternSyntaxError(start, `${quoteForMessage(t[start] ?? '')} must be followed by a number`);
    if (intPart.length > 1 && intPart[0] === '0') throw new PatternSyntaxError(start, `${quoteForMessage(t.slice(start, i))} is not an integer: no leading zeros`);
    this.pos = i;
    return { kind: 'integer', start, end: i, value: BigInt(sign + intPart).toString() };
  }

  /** A quoted constant; `from` is the offset after the opening quote. */
  private string(start: number, from: number, kind: 'string' | 'timestamp' | 'hex' | 'binary'): Token {
    const t = this.text;
    let value = '';
    let i = from;
    let chunk = from;
    for (;;) {
      if (i >= t.length) throw new PatternSyntaxError(start, 'this quoted constant is not closed (expected a closing \')');
      const c = t.charCodeAt(i);
      if (c === 39) break;
      if (c === 92 && kind === 'string') {
        const e = t[i + 1];
        if (e !== "'" && e !== '\\') {
          throw new PatternSyntaxError(i, `${quoteForMessage(`\\${e ?? ''}`)} is not an escape STIX strings allow (only \\' and \\\\)`);
        }
        value += t.slice(chunk, i) + e;
        i += 2;
        chunk = i;
        continue;
      }
      i++;
    }
    value += t.slice(chunk, i);
    this.pos = i + 1;
    const end = i + 1;
    const shown = t.slice(start, end);
    if (kind === 'timestamp' && !isStixTimestamp(value)) {
      throw new PatternSyntaxError(start, `${shorten(shown)} is not a valid STIX timestamp (YYYY-MM-DDTHH:MM:SS[.s+]Z, UTC, a real date and time)`);
    }
    if (kind === 'hex') {
      if (!HEX_RE.test(value)) throw new PatternSyntaxError(start, `${shorten(shown)} is not a hex constant: it needs an even number of hex digits (0-9, a-f)`);
      value = value.toLowerCase();
    }
    if (kind === 'binary' && !BASE64_RE.test(value)) {
      throw new PatternSyntaxError(start, `${shorten(shown)} is not a binary constant: it needs valid, padded base64`);
    }
    return { kind, start, end, value };
  }
}
