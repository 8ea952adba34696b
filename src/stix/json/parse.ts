// Strict JSON parsing for everything Accord reads: RFC 8259 syntax, the I-JSON profile
// (RFC 7493: no duplicate member names, no lone surrogates, numbers an IEEE 754 double can
// carry) and a bound on nesting. Every import path goes through here, so it is built for speed:
//
// - The precise parser (PreciseParser) is the reference. It is hand-written, iterative (an
//   explicit stack, so 100,000 nested '[' cannot overflow the JS stack), and it decides
//   acceptance and produces every error with its rule, position and JSON Pointer.
// - The fast path lets the native JSON.parse build the value and then checks, cheaply, what
//   JSON.parse silently accepts. Whenever it cannot vouch for the input it hands the text to the
//   precise parser, so accept/reject and the error reported are the precise parser's by
//   construction. See parseJson below for the argument.

import { pointer } from '../issue.js';
import { JsonError, describeCharAt, describePath, lineColumnAt } from './errors.js';
import type { JsonRule } from './errors.js';
import { isWellFormed } from './unicode.js';

/** Options of parseJson. */
export interface ParseOptions {
  /** Deepest nesting of objects and arrays accepted; `[]` has depth 1. Default 100. */
  readonly maxDepth?: number;
}

/** Default bound on nesting (objects and arrays). */
export const DEFAULT_MAX_DEPTH = 100;

/** Largest integer an IEEE 754 double represents exactly (RFC 7493 §2.2). */
const MAX_EXACT_INTEGER = 2 ** 53 - 1;

// Above this depth the fast path's recursive walk is not used (the precise parser is iterative).
const FAST_PATH_MAX_DEPTH = 256;

// Number literals no longer than this, without an exponent, cannot leave the interoperable
// range: at most 15 digits is below 2^53 − 1, and a 15-character fraction cannot underflow.
const SAFE_NUMBER_LITERAL_LENGTH = 15;

// An escaped UTF-16 surrogate (paired or not); false positives (e.g. "\\ud800") only cost time.
const SURROGATE_ESCAPE = /\\u[dD][89abcdefABCDEF]/;

/**
 * Parses `text` as strict JSON (RFC 8259 + I-JSON, RFC 7493) and returns the value; throws
 * JsonError. Objects are plain; a member named `__proto__` is an own data property.
 */
export function parseJson(text: string, options?: ParseOptions): unknown {
  const maxDepth = options?.maxDepth ?? DEFAULT_MAX_DEPTH;
  // Fast path. It returns JSON.parse's value only when all of these hold, and otherwise defers
  // to the precise parser:
  // 1. The pre-scan found nesting ≤ maxDepth (checked before JSON.parse runs on hostile depth),
  //    and every number literal is short and exponent-free, so none can be out of range.
  // 2. The text has no raw lone surrogate (isWellFormed), and either no surrogate escape at all
  //    or every string and key of the result is well-formed, so none was escaped alone.
  // 3. JSON.parse accepted the text: the ECMAScript JSON grammar is RFC 8259's grammar, and it
  //    rejects a BOM (not JSON whitespace) and trailing content.
  // 4. The number of ':' outside strings, which in valid JSON is the number of members written,
  //    equals the number of own keys JSON.parse produced; a duplicate key would have collapsed
  //    two members into one key. (Counted with for…in, so only while Object.prototype has no
  //    enumerable property: a polluted prototype could otherwise offset a duplicate.)
  // Under 1–4 the precise parser accepts too and builds the same value (same key order, as both
  // assign properties in text order), so the results are indistinguishable.
  const scan = prescan(text);
  if (scan === undefined || scan.depth > maxDepth || scan.depth > FAST_PATH_MAX_DEPTH || !isWellFormed(text)) {
    return new PreciseParser(text, maxDepth).parse();
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return new PreciseParser(text, maxDepth).parse();
  }
  if (
    prototypeIsPolluted() ||
    countMembers(value) !== scan.members ||
    (text.includes('\\u') && SURROGATE_ESCAPE.test(text) && !allStringsWellFormed(value))
  ) {
    return new PreciseParser(text, maxDepth).parse();
  }
  return value;
}

/**
 * The reference parser alone (no native fast path): same contract as parseJson, slower. Exposed
 * so tests can hold parseJson to it.
 */
export function parseJsonPrecise(text: string, options?: ParseOptions): unknown {
  return new PreciseParser(text, options?.maxDepth ?? DEFAULT_MAX_DEPTH).parse();
}

interface Prescan {
  readonly depth: number;
  readonly members: number;
}

/**
 * One pass over the text outside strings: deepest nesting and number of ':' (members). Returns
 * undefined when the text cannot be vouched for (unterminated string, a long or exponent number).
 * On invalid JSON the figures may be meaningless, but then JSON.parse fails anyway.
 */
function prescan(text: string): Prescan | undefined {
  const n = text.length;
  let depth = 0;
  let maxDepth = 0;
  let members = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string: the next '"' not escaped, i.e. preceded by an even run of '\'.
      let j = text.indexOf('"', i + 1);
      while (j !== -1 && text.charCodeAt(j - 1) === 0x5c) {
        let k = j - 1;
        while (text.charCodeAt(k - 1) === 0x5c) k--;
        if ((j - k) % 2 === 0) break;
        j = text.indexOf('"', j + 1);
      }
      if (j === -1) return undefined;
      i = j + 1;
    } else if (c === 0x3a) {
      members++;
      i++;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) maxDepth = depth;
      i++;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
      i++;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const start = i;
      let d = c;
      do {
        if (d === 0x65 || d === 0x45) return undefined;
        d = text.charCodeAt(++i);
      } while (d === 0x2e || d === 0x2b || d === 0x2d || d === 0x65 || d === 0x45 || (d >= 0x30 && d <= 0x39));
      if (i - start > SAFE_NUMBER_LITERAL_LENGTH) return undefined;
    } else {
      i++;
    }
  }
  return { depth: maxDepth, members };
}

/** Narrows a JSON value to an object (not an array); a checked narrowing, not a cast. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when Object.prototype has an enumerable property (someone polluted it). */
function prototypeIsPolluted(): boolean {
  for (const _ in Object.prototype) return true;
  return false;
}

/**
 * Number of keys in all objects of a JSON.parse result (depth already bounded). for…in is the
 * fastest walk; it sees only own keys because parseJson checked Object.prototype is clean.
 */
function countMembers(value: unknown): number {
  let n = 0;
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value;
    for (let i = 0; i < items.length; i++) {
      const child = items[i];
      if (typeof child === 'object' && child !== null) n += countMembers(child);
    }
  } else if (isRecord(value)) {
    for (const key in value) {
      n++;
      const child = value[key];
      if (typeof child === 'object' && child !== null) n += countMembers(child);
    }
  }
  return n;
}

/** True when every string and key in a JSON.parse result is well-formed UTF-16. */
function allStringsWellFormed(value: unknown): boolean {
  if (typeof value === 'string') return isWellFormed(value);
  if (typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value;
    return items.every(allStringsWellFormed);
  }
  for (const [key, child] of Object.entries(value)) {
    if (!isWellFormed(key) || !allStringsWellFormed(child)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// The precise parser.

const OBJECT = 0;
const ARRAY = 1;

interface ObjectFrame {
  readonly kind: typeof OBJECT;
  readonly value: Record<string, unknown>;
  /** The key whose value is being parsed. */
  key: string;
}
interface ArrayFrame {
  readonly kind: typeof ARRAY;
  readonly value: unknown[];
}
type Frame = ObjectFrame | ArrayFrame;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/**
 * Sets a member as an own data property, as JSON.parse does (CreateDataProperty): a plain
 * assignment would call the `__proto__` setter, or any setter or read-only property someone
 * put on Object.prototype, so keys found there are defined instead.
 */
function setMember(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key in Object.prototype) {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

class PreciseParser {
  private i = 0;
  private readonly frames: Frame[] = [];

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  parse(): unknown {
    const t = this.text;
    if (t.charCodeAt(0) === 0xfeff) {
      throw this.fail('json.syntax', 'unexpected byte order mark U+FEFF at the start of the text (strip it before parsing); expected a JSON value', 0, '');
    }
    const frames = this.frames;
    let value: unknown;
    // One iteration parses one value; containers push a frame and continue with their first
    // member, and the inner loop attaches each finished value to its parent, closing containers.
    outer: for (;;) {
      this.skipWhitespace();
      const c = t.charCodeAt(this.i);
      if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
        if (frames.length + 1 > this.maxDepth) {
          throw this.fail('json.too-deep', `${c === 0x7b ? 'object' : 'array'} at ${describePath(this.slotPath())} is nested deeper than the limit of ${this.maxDepth} levels`, this.i, this.slotPath());
        }
        this.i++;
        this.skipWhitespace();
        if (c === 0x7b) {
          const frame: ObjectFrame = { kind: OBJECT, value: {}, key: '' };
          if (t.charCodeAt(this.i) === 0x7d) {
            this.i++;
            value = frame.value;
          } else {
            frames.push(frame);
            this.readKey(frame);
            continue outer;
          }
        } else {
          const frame: ArrayFrame = { kind: ARRAY, value: [] };
          if (t.charCodeAt(this.i) === 0x5d) {
            this.i++;
            value = frame.value;
          } else {
            frames.push(frame);
            continue outer;
          }
        }
      } else if (c === QUOTE) {
        value = this.readString(false);
      } else if (c === 0x2d || isDigit(c)) {
        value = this.readNumber();
      } else if (c === 0x74 /* t */) {
        value = this.readLiteral('true', true);
      } else if (c === 0x66 /* f */) {
        value = this.readLiteral('false', false);
      } else if (c === 0x6e /* n */) {
        value = this.readLiteral('null', null);
      } else {
        throw this.expectedValue();
      }

      for (;;) {
        const top = frames[frames.length - 1];
        if (top === undefined) break outer;
        this.skipWhitespace();
        const d = t.charCodeAt(this.i);
        if (top.kind === OBJECT) {
          setMember(top.value, top.key, value);
          if (d === 0x2c /* , */) {
            this.i++;
            this.skipWhitespace();
            this.readKey(top);
            continue outer;
          }
          if (d === 0x7d /* } */) {
            this.i++;
            frames.pop();
            value = top.value;
            continue;
          }
          throw this.unexpected(`expected ',' or '}' after property value in object at ${describePath(this.framePath(frames.length - 1))}`, this.framePath(frames.length - 1));
        }
        top.value.push(value);
        if (d === 0x2c) {
          this.i++;
          continue outer;
        }
        if (d === 0x5d /* ] */) {
          this.i++;
          frames.pop();
          value = top.value;
          continue;
        }
        throw this.unexpected(`expected ',' or ']' after array element in array at ${describePath(this.framePath(frames.length - 1))}`, this.framePath(frames.length - 1));
      }
    }
    this.skipWhitespace();
    if (this.i < t.length) {
      throw this.fail('json.trailing-content', `unexpected ${describeCharAt(t, this.i)} after the end of the JSON value; expected end of input`, this.i, '');
    }
    return value;
  }

  private skipWhitespace(): void {
    const t = this.text;
    let i = this.i;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
    this.i = i;
  }

  /** Reads `"key" :` into the frame; the position is at the opening quote. */
  private readKey(frame: ObjectFrame): void {
    const t = this.text;
    if (t.charCodeAt(this.i) !== QUOTE) {
      const objectPath = this.framePath(this.frames.length - 1);
      throw this.unexpected(`expected '"' to start a property name in object at ${describePath(objectPath)}`, objectPath);
    }
    const keyStart = this.i;
    const key = this.readString(true);
    // RFC 7493 §2.3: member names must be unique; the second occurrence is the error.
    if (Object.hasOwn(frame.value, key)) {
      const objectPath = this.framePath(this.frames.length - 1);
      throw this.fail('json.duplicate-key', `duplicate key ${JSON.stringify(key)} in object at ${describePath(objectPath)}`, keyStart, pointer(objectPath, key));
    }
    this.skipWhitespace();
    if (t.charCodeAt(this.i) !== 0x3a /* : */) {
      const objectPath = this.framePath(this.frames.length - 1);
      throw this.unexpected(`expected ':' after property name ${JSON.stringify(key)} in object at ${describePath(objectPath)}`, objectPath);
    }
    this.i++;
    frame.key = key;
  }

  /** Reads a string; the position is at the opening quote. Keys report errors on their object. */
  private readString(isKey: boolean): string {
    const t = this.text;
    const n = t.length;
    const open = this.i;
    let out = '';
    let j = open + 1;
    let segment = j;
    for (;;) {
      if (j >= n) {
        // No position of the opening quote in the text: callers relocate errors (the stream
        // reader maps them into the whole input), and the path already names the string.
        const [what, where] = this.stringContext(isKey);
        throw this.fail('json.truncated', `unterminated ${what}; expected '"', found end of input`, n, where);
      }
      const c = t.charCodeAt(j);
      if (c === QUOTE) {
        this.i = j + 1;
        return segment === open + 1 ? t.slice(segment, j) : out + t.slice(segment, j);
      }
      if (c === BACKSLASH) {
        out += t.slice(segment, j);
        const e = t.charCodeAt(j + 1);
        let unit: number;
        let length = 2;
        switch (e) {
          case 0x22: unit = 0x22; break;
          case 0x5c: unit = 0x5c; break;
          case 0x2f: unit = 0x2f; break;
          case 0x62: unit = 0x08; break;
          case 0x66: unit = 0x0c; break;
          case 0x6e: unit = 0x0a; break;
          case 0x72: unit = 0x0d; break;
          case 0x74: unit = 0x09; break;
          case 0x75: {
            unit = this.readHex4(j, isKey);
            length = 6;
            break;
          }
          default: {
            const [what, where] = this.stringContext(isKey);
            if (j + 1 >= n) throw this.fail('json.truncated', `unterminated escape in ${what}; expected an escape character, found end of input`, n, where);
            throw this.fail('json.syntax', `invalid escape '\\${t[j + 1] ?? ''}' in ${what}; expected one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX`, j, where);
          }
        }
        if (unit >= 0xd800 && unit <= 0xdfff) {
          // RFC 8259 §7 lets a character outside the BMP be escaped as a surrogate pair;
          // RFC 7493 §2.1 forbids anything else: a high surrogate must be followed at once by an
          // escaped low surrogate, and a low surrogate may not stand alone.
          const next = unit <= 0xdbff && t.charCodeAt(j + 6) === BACKSLASH && t.charCodeAt(j + 7) === 0x75 ? this.readHex4(j + 6, isKey) : -1;
          if (next < 0xdc00 || next > 0xdfff) {
            const [what, where] = this.stringContext(isKey);
            const kind = unit <= 0xdbff ? 'high surrogate not followed by an escaped low surrogate' : 'low surrogate without a preceding high surrogate';
            throw this.fail('json.lone-surrogate', `lone surrogate \\u${unit.toString(16).padStart(4, '0')} (${kind}) in ${what}`, j, where);
          }
          out += String.fromCharCode(unit, next);
          length = 12;
        } else {
          out += String.fromCharCode(unit);
        }
        j += length;
        segment = j;
        continue;
      }
      if (c < 0x20) {
        const [what, where] = this.stringContext(isKey);
        throw this.fail('json.syntax', `unescaped control character ${describeCharAt(t, j)} in ${what}; control characters must be escaped`, j, where);
      }
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = t.charCodeAt(j + 1);
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          j += 2;
          continue;
        }
        const [what, where] = this.stringContext(isKey);
        throw this.fail('json.lone-surrogate', `lone surrogate U+${c.toString(16).toUpperCase()} in ${what} (the text is not well-formed UTF-16)`, j, where);
      }
      j++;
    }
  }

  /** The code unit of the `\uXXXX` escape at `at` (the backslash). */
  private readHex4(at: number, isKey: boolean): number {
    const t = this.text;
    let unit = 0;
    for (let k = at + 2; k < at + 6; k++) {
      const h = hexValue(t.charCodeAt(k));
      if (h >= 0) {
        unit = unit * 16 + h;
        continue;
      }
      const [what, where] = this.stringContext(isKey);
      if (k >= t.length) throw this.fail('json.truncated', `unterminated \\u escape in ${what}; expected 4 hex digits, found end of input`, t.length, where);
      throw this.fail('json.syntax', `invalid \\u escape in ${what}; expected 4 hex digits, found ${describeCharAt(t, k)}`, k, where);
    }
    return unit;
  }

  /** What a string error names: the string (at its slot) or the property name (at its object). */
  private stringContext(isKey: boolean): [string, string] {
    const where = isKey ? this.framePath(this.frames.length - 1) : this.slotPath();
    return [isKey ? `property name in object at ${describePath(where)}` : `string at ${describePath(where)}`, where];
  }

  private readNumber(): number {
    const t = this.text;
    const start = this.i;
    let j = start;
    if (t.charCodeAt(j) === 0x2d) j++;
    const first = t.charCodeAt(j);
    if (first === 0x30) {
      j++;
      if (isDigit(t.charCodeAt(j))) throw this.fail('json.syntax', `number at ${describePath(this.slotPath())} has a leading zero`, j, this.slotPath());
    } else if (isDigit(first)) {
      while (isDigit(t.charCodeAt(j))) j++;
    } else {
      throw this.numberError(j, "a digit after '-'");
    }
    let integer = true;
    let mantissaEnd = j;
    if (t.charCodeAt(j) === 0x2e /* . */) {
      integer = false;
      j++;
      if (!isDigit(t.charCodeAt(j))) throw this.numberError(j, "a digit after '.'");
      while (isDigit(t.charCodeAt(j))) j++;
      mantissaEnd = j;
    }
    const e = t.charCodeAt(j);
    if (e === 0x65 || e === 0x45) {
      integer = false;
      j++;
      const sign = t.charCodeAt(j);
      if (sign === 0x2b || sign === 0x2d) j++;
      if (!isDigit(t.charCodeAt(j))) throw this.numberError(j, 'a digit in the exponent');
      while (isDigit(t.charCodeAt(j))) j++;
    }
    this.i = j;
    const literal = t.slice(start, j);
    const value = Number(literal);
    // RFC 7493 §2.2: numbers must be representable as IEEE 754 doubles, and integers must be
    // within ±(2^53 − 1) to be exchanged exactly. A non-zero literal that rounds to 0 is a
    // number the double cannot carry either.
    if (Number.isFinite(value) && value !== 0 && (!integer || Math.abs(value) <= MAX_EXACT_INTEGER)) return value;
    const where = this.slotPath();
    if (!Number.isFinite(value)) {
      throw this.fail('json.number-range', `number ${literal} at ${describePath(where)} is beyond the range of an IEEE 754 double (RFC 7493 §2.2)`, start, where);
    }
    if (integer && Math.abs(value) > MAX_EXACT_INTEGER) {
      throw this.fail('json.number-range', `integer ${literal} at ${describePath(where)} is beyond ±(2^53−1), so it cannot be exchanged exactly (RFC 7493 §2.2)`, start, where);
    }
    if (value === 0 && /[1-9]/.test(t.slice(start, mantissaEnd))) {
      throw this.fail('json.number-range', `number ${literal} at ${describePath(where)} underflows to 0 as an IEEE 754 double (RFC 7493 §2.2)`, start, where);
    }
    return value;
  }

  private numberError(at: number, expected: string): JsonError {
    const where = this.slotPath();
    if (at >= this.text.length) return this.fail('json.truncated', `incomplete number at ${describePath(where)}; expected ${expected}, found end of input`, at, where);
    return this.fail('json.syntax', `invalid number at ${describePath(where)}; expected ${expected}, found ${describeCharAt(this.text, at)}`, at, where);
  }

  private readLiteral<T>(word: string, value: T): T {
    const t = this.text;
    if (t.startsWith(word, this.i)) {
      this.i += word.length;
      return value;
    }
    const rest = t.slice(this.i, this.i + word.length);
    if (this.i + rest.length >= t.length && word.startsWith(rest)) {
      throw this.fail('json.truncated', `incomplete literal at ${describePath(this.slotPath())}; expected '${word}', found end of input`, t.length, this.slotPath());
    }
    let k = 0;
    while (rest.charCodeAt(k) === word.charCodeAt(k)) k++;
    throw this.fail('json.syntax', `invalid literal at ${describePath(this.slotPath())}; expected '${word}', found ${describeCharAt(t, this.i + k)}`, this.i + k, this.slotPath());
  }

  /** Error for a position where a value should start. */
  private expectedValue(): JsonError {
    const top = this.frames[this.frames.length - 1];
    const slot = this.slotPath();
    let expected: string;
    if (top === undefined) expected = 'expected a JSON value';
    else if (top.kind === OBJECT) expected = `expected a value for property ${JSON.stringify(top.key)} in object at ${describePath(this.framePath(this.frames.length - 1))}`;
    else expected = `expected an array element in array at ${describePath(this.framePath(this.frames.length - 1))}`;
    return this.unexpected(expected, slot);
  }

  /** "expected …, found X" at the current position; end of input makes it json.truncated. */
  private unexpected(expected: string, path: string): JsonError {
    const truncated = this.i >= this.text.length;
    return this.fail(truncated ? 'json.truncated' : 'json.syntax', `${expected}, found ${describeCharAt(this.text, this.i)}`, this.i, path);
  }

  /** JSON Pointer of the container in frames[index]. */
  private framePath(index: number): string {
    let path = '';
    for (let k = 0; k < index; k++) {
      const f = this.frames[k];
      if (f === undefined) break;
      path = pointer(path, f.kind === OBJECT ? f.key : f.value.length);
    }
    return path;
  }

  /** JSON Pointer of the value being parsed (the slot inside the innermost container). */
  private slotPath(): string {
    return this.framePath(this.frames.length + 1);
  }

  private fail(rule: JsonRule, detail: string, offset: number, path: string): JsonError {
    const { line, column } = lineColumnAt(this.text, offset);
    return new JsonError(rule, detail, { offset, line, column, path });
  }
}
