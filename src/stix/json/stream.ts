// Streaming reader for STIX input files of any size: a bundle, several bundles, JSON lines or a
// single object. It never holds more than one item (bounded by maxItemBytes) plus the chunk in
// hand, so a 2 GB bundle is read in constant memory: the elements of a bundle's `objects` array
// are handed out one by one while the scan goes on.
//
// The reader does not parse: it tracks just enough structure to find where each item starts and
// ends — strings (with escapes), the nesting of `{` and `[`, the members at an item's own top level
// (to see `id`, and `objects` in a top-level object) — and hands out each item's raw text, decoded
// as UTF-8. parseJson does the real parsing later, item by item. The only JSON the reader parses
// itself is a bundle's own members around `objects` (type, id, …), which nobody else sees.
//
// Positions are byte offsets in the input; lines are counted by LF; columns count bytes from the
// start of the line (after a leading BOM). All of it is 1-based except offsets.
//
// Bad input never throws (only the chunk source's own errors propagate). Each problem becomes an
// error item; the scan goes on whenever the structure still tells where the next item starts, and
// stops with a fatal error item when it cannot. See `failStructure` for the JSON-lines recovery.

import { JsonError, describeByte, describePath } from './errors.js';
import type { JsonRule } from './errors.js';
import { DEFAULT_MAX_DEPTH, parseJson } from './parse.js';
import { firstInvalidUtf8, utf8Length } from './unicode.js';

/** Options of readJsonStream. */
export interface StreamOptions {
  /** Largest item handed out, in bytes (default 16 MiB); larger ones are skipped with an error. */
  readonly maxItemBytes?: number;
  /** Deepest nesting inside one item (default 100, as parseJson). */
  readonly maxDepth?: number;
}

/** Default bound on the size of one item. */
export const DEFAULT_MAX_ITEM_BYTES = 16 * 1024 * 1024;

/** One item read from the input: the raw text of a value, or an error. */
export type StreamItem =
  | {
      kind: 'value';
      /** The item's JSON text, exactly as in the input. */
      text: string;
      /** Ordinal of the item among all items yielded (values and errors), from 0. */
      index: number;
      /** Byte offset of the item's first byte. */
      offset: number;
      line: number;
      column: number;
      /** The id of the bundle the item is an element of, when known. */
      inBundle?: string;
    }
  | { kind: 'error'; error: JsonError; index: number; objectId?: string; fatal: boolean };

/**
 * Reads a sequence of whitespace-separated JSON values from `chunks` and yields one item per
 * value, or per element of a bundle's `objects` array; never throws on bad input.
 */
export async function* readJsonStream(chunks: AsyncIterable<Uint8Array>, options?: StreamOptions): AsyncGenerator<StreamItem> {
  const scanner = new StreamScanner(options);
  for await (const chunk of chunks) {
    for (const item of scanner.push(chunk)) yield item;
    if (scanner.finished) return;
  }
  for (const item of scanner.end()) yield item;
}

/**
 * Maps an error that parseJson raised on a value item's text to its position in the whole
 * input (byte offset, line, byte column), so a report can point into the file.
 */
export function locateItemError(item: Extract<StreamItem, { kind: 'value' }>, error: JsonError): JsonError {
  const at = locateChars(item.text, error.offset, item);
  return new JsonError(error.rule, error.detail, { ...at, path: error.path });
}

// ---------------------------------------------------------------------------------------------

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACKET = 0x5b;
const BACKSLASH = 0x5c;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;

// Byte classes outside strings.
const C_SCALAR = 0;
const C_SPACE = 1;
const C_QUOTE = 2;
const C_OPEN = 3;
const C_CLOSE = 4;
const C_COMMA = 5;
const C_COLON = 6;
const CLASS = new Uint8Array(256);
CLASS[0x20] = CLASS[0x09] = CLASS[LF] = CLASS[CR] = C_SPACE;
CLASS[QUOTE] = C_QUOTE;
CLASS[LBRACE] = CLASS[LBRACKET] = C_OPEN;
CLASS[RBRACE] = CLASS[RBRACKET] = C_CLOSE;
CLASS[COMMA] = C_COMMA;
CLASS[COLON] = C_COLON;

// Scanner modes.
const M_START = 0; // before the first byte: a UTF-8 BOM may follow
const M_TOP = 1; // between top-level values
const M_VALUE = 2; // inside a top-level value (structure or string)
const M_SCALAR = 3; // inside a number or literal that is an item of its own
const M_SKIP_LINE = 4; // after garbage between values: skip to the next line
const M_RESYNC = 5; // after a broken JSON line: skip to the next line that starts with '{'
const M_DONE = 6; // after a fatal error

// Where the scan is among the members at an item's own top level (when the item is an object).
const R_KEY = 0; // expecting a key
const R_COLON = 1; // after a key
const R_VALUE = 2; // after ':'
const R_AFTER = 3; // inside or after a member value

const K_OTHER = 0;
const K_ID = 1;
const K_OBJECTS = 2;

// Grammar of a streamed bundle's `objects` array, between elements.
const A_OPEN = 0; // after '['
const A_COMMA = 1; // after ','
const A_ELEMENT = 2; // inside or after an element

const BOM = [0xef, 0xbb, 0xbf];
const EMPTY = new Uint8Array(0);
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

interface Work {
  readonly buf: Uint8Array;
  from: number;
  /** Absolute offset of buf[0]. */
  readonly base: number;
}

interface Position {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

class StreamScanner {
  private readonly maxItemBytes: number;
  private readonly maxDepth: number;
  private readonly out: StreamItem[] = [];
  private nextIndex = 0;
  private consumed = 0;
  private work: Work[] = [];
  /** Set when a replay was pushed: the current buffer must yield to it. */
  private replayed = false;
  private mode = M_START;
  private bomSeen = 0;

  // Position.
  private buf: Uint8Array = EMPTY;
  private base = 0;
  private line = 1;
  private lineStart = 0;

  // Structure.
  private depth = 0;
  /** Bracket at each depth (1-based); beyond its size only the depth is counted. */
  private readonly stack: Uint8Array;
  private inString = false;
  private escapePending = false;
  private resyncPhase = 0;
  private resyncBrace = 0;

  // The current top-level value (unit).
  private unitStart = 0;
  private unitLine = 0;
  private unitColumn = 0;
  private unitAtLineStart = false;

  // The current item: the unit itself, or one element of a streamed bundle.
  private itemBase = -1; // depth outside the item; -1 when no item is open
  private itemStart = 0;
  private itemLine = 0;
  private itemColumn = 0;
  private itemPath = '';
  /** Where the current item first went deeper than maxDepth. */
  private tooDeep: Position | undefined;
  private rootIsObject = false;
  private rootState = R_KEY;
  private rootKey = K_OTHER;
  private idBytes: Uint8Array | undefined;

  // A string at an item's top level whose bytes matter (a key, or the value of `id`).
  private tracking = 0; // 0, or what the string is: 1 key, 2 id value
  private trackStart = 0; // index in buf of its first content byte
  private trackHead: Uint8Array[] = []; // its bytes from earlier buffers
  private trackEscaped = false;

  // Capture of the bytes of the current item (or of a bundle's trailing members).
  private capturing = false;
  private capStart = 0; // index in buf
  private capAbsStart = 0;
  private capLine = 0;
  private pieces: Uint8Array[] = [];
  private piecesBytes = 0;

  // A top-level object whose `objects` array is being streamed.
  private container = false;
  private arrayOpen = false;
  private arrayState = A_OPEN;
  private elementCount = 0;
  private prefixText = '';
  private containerId: string | undefined;
  private containerType: unknown;
  private suffixPos: Position = { offset: 0, line: 0, column: 0 };

  constructor(options?: StreamOptions) {
    this.maxItemBytes = options?.maxItemBytes ?? DEFAULT_MAX_ITEM_BYTES;
    this.maxDepth = options?.maxDepth ?? DEFAULT_MAX_DEPTH;
    // Two levels for a bundle and its array, one for the item's own root.
    this.stack = new Uint8Array(this.maxDepth + 4);
  }

  get finished(): boolean {
    return this.mode === M_DONE;
  }

  /** Scans one chunk; returns the items it completed. */
  push(chunk: Uint8Array): StreamItem[] {
    if (this.mode !== M_DONE && chunk.length > 0) {
      this.work.push({ buf: chunk, from: 0, base: this.consumed });
      this.consumed += chunk.length;
      this.run();
    }
    return this.take();
  }

  /** Ends the input; returns the last items. */
  end(): StreamItem[] {
    while (this.mode !== M_DONE) {
      this.buf = EMPTY;
      this.base = this.consumed;
      this.capStart = 0;
      if (!this.endOfInput()) break;
      this.run();
    }
    return this.take();
  }

  private take(): StreamItem[] {
    return this.out.splice(0, this.out.length);
  }

  /** Scans the pending buffers; a failure may push a replay on top of the stack. */
  private run(): void {
    while (this.work.length > 0) {
      const at = this.work.length - 1;
      const w = this.work[at];
      if (w === undefined) break;
      if (this.mode === M_DONE) {
        this.work = [];
        break;
      }
      this.buf = w.buf;
      this.base = w.base;
      w.from = this.scan(w.from);
      if (w.from >= w.buf.length) {
        // Done with it, even if it ended by pushing a replay (then there is nothing to keep:
        // the failure that pushed it reset the capture).
        if (this.work.length - 1 === at) this.leaveBuffer();
        this.work.splice(at, 1);
      }
    }
  }

  /** At the end of a buffer: keep what the open capture and the tracked string still need. */
  private leaveBuffer(): void {
    const buf = this.buf;
    if (this.capturing) {
      const piece = buf.slice(this.capStart);
      if (this.piecesBytes + piece.length > this.maxItemBytes) {
        this.overflow();
      } else if (piece.length > 0) {
        this.pieces.push(piece);
        this.piecesBytes += piece.length;
      }
    }
    if (this.tracking !== 0 && this.inString) {
      const part = buf.slice(this.trackStart);
      if (this.trackHead.reduce((n, p) => n + p.length, 0) + part.length <= 1024) this.trackHead.push(part);
      else this.tracking = 0;
      this.trackStart = 0;
    }
  }

  /** The capture grew past maxItemBytes: drop it, the item will be reported as too large. */
  private overflow(): void {
    this.capturing = false;
    this.pieces = [];
    this.piecesBytes = 0;
  }

  private beginCapture(i: number, line: number): void {
    this.capturing = true;
    this.capStart = i;
    this.capAbsStart = this.base + i;
    this.capLine = line;
    this.pieces = [];
    this.piecesBytes = 0;
  }

  /** The captured bytes up to index `end` of buf (exclusive), or undefined if dropped. */
  private captured(end: number): Uint8Array | undefined {
    if (!this.capturing) return undefined;
    const tail = this.buf.subarray(this.capStart, end);
    if (this.pieces.length === 0) return tail;
    const all = new Uint8Array(this.piecesBytes + tail.length);
    let at = 0;
    for (const p of this.pieces) {
      all.set(p, at);
      at += p.length;
    }
    all.set(tail, at);
    return all;
  }

  /**
   * Like captured, but only while within maxItemBytes. Whether bytes are kept must not depend
   * on where the chunks happen to be cut (a capture is only trimmed at the end of a buffer), so
   * every decision that uses captured bytes goes through this.
   */
  private capturedWithinLimit(end: number): Uint8Array | undefined {
    if (!this.capturing || this.base + end - this.capAbsStart > this.maxItemBytes) return undefined;
    return this.captured(end);
  }

  private endCapture(): void {
    this.capturing = false;
    this.pieces = [];
    this.piecesBytes = 0;
  }

  private position(i: number): Position {
    const offset = this.base + i;
    return { offset, line: this.line, column: offset - this.lineStart + 1 };
  }

  private emitValue(text: string, offset: number, line: number, column: number, inBundle: string | undefined): void {
    const index = this.nextIndex++;
    this.out.push(inBundle === undefined ? { kind: 'value', text, index, offset, line, column } : { kind: 'value', text, index, offset, line, column, inBundle });
  }

  private emitError(rule: JsonRule, detail: string, where: Position, path: string, fatal: boolean, objectId?: string): void {
    const error = new JsonError(rule, detail, { offset: where.offset, line: where.line, column: where.column, path });
    const index = this.nextIndex++;
    this.out.push(objectId === undefined ? { kind: 'error', error, index, fatal } : { kind: 'error', error, index, objectId, fatal });
    if (fatal) this.mode = M_DONE;
  }

  // -------------------------------------------------------------------------------------------
  // The scan.

  /** Scans buf from index `from`; returns where it stopped (buf.length when done with it). */
  private scan(from: number): number {
    const buf = this.buf;
    const n = buf.length;
    let i = from;
    this.replayed = false;
    if (this.capturing) this.capStart = from;
    if (this.tracking !== 0) this.trackStart = from;
    while (i < n) {
      switch (this.mode) {
        case M_VALUE:
          i = this.scanValue(i);
          break;
        case M_TOP:
          i = this.scanTop(i);
          break;
        case M_SCALAR:
          i = this.scanScalar(i);
          break;
        case M_START:
          i = this.scanStart(i);
          break;
        case M_SKIP_LINE:
        case M_RESYNC:
          i = this.scanSkip(i);
          break;
        default:
          return n;
      }
      if (this.replayed) {
        this.replayed = false;
        return i;
      }
    }
    return n;
  }

  /** A UTF-8 BOM at the very start of the input is skipped (it may span chunks). */
  private scanStart(i: number): number {
    const buf = this.buf;
    while (i < buf.length && this.bomSeen < 3) {
      if (buf[i] !== BOM[this.bomSeen]) {
        // Not a BOM: the bytes taken so far are input after all.
        const seen = this.bomSeen;
        this.mode = M_TOP;
        if (seen > 0) {
          this.replay(Uint8Array.from(BOM.slice(0, seen)), 0);
          return i;
        }
        return i;
      }
      this.bomSeen++;
      i++;
    }
    if (this.bomSeen === 3) {
      this.mode = M_TOP;
      this.lineStart = 3;
    }
    return i;
  }

  /** Pushes bytes to scan before the rest of the current buffer. */
  private replay(bytes: Uint8Array, base: number): void {
    this.work.push({ buf: bytes, from: 0, base });
    this.replayed = true;
  }

  private scanTop(i: number): number {
    const buf = this.buf;
    const n = buf.length;
    while (i < n) {
      const b = buf[i] ?? 0;
      const cls = CLASS[b];
      if (cls === C_SPACE) {
        if (b === LF) this.newLine(i);
        i++;
        continue;
      }
      if (cls === C_CLOSE || cls === C_COMMA || cls === C_COLON) {
        this.emitError('json.syntax', `unexpected ${describeByte(b)} between top-level values; expected a JSON value (skipping to the next line)`, this.position(i), '', false);
        this.mode = M_SKIP_LINE;
        this.resyncPhase = 0;
        return i + 1;
      }
      this.startUnit(i);
      return i;
    }
    return i;
  }

  private newLine(i: number): void {
    this.line++;
    this.lineStart = this.base + i + 1;
  }

  private startUnit(i: number): void {
    const offset = this.base + i;
    this.unitStart = offset;
    this.unitLine = this.line;
    this.unitColumn = offset - this.lineStart + 1;
    this.unitAtLineStart = offset === this.lineStart;
    this.container = false;
    this.arrayOpen = false;
    this.containerId = undefined;
    this.containerType = undefined;
    this.startItem(i, 0, '');
    this.mode = CLASS[this.buf[i] ?? 0] === C_SCALAR ? M_SCALAR : M_VALUE;
  }

  private startItem(i: number, base: number, path: string): void {
    const offset = this.base + i;
    this.itemBase = base;
    this.itemStart = offset;
    this.itemLine = this.line;
    this.itemColumn = offset - this.lineStart + 1;
    this.itemPath = path;
    this.tooDeep = undefined;
    this.rootIsObject = false;
    this.rootState = R_KEY;
    this.rootKey = K_OTHER;
    this.idBytes = undefined;
    this.beginCapture(i, this.line);
  }

  /** A number or literal that is an item of its own ends at the first delimiter. */
  private scanScalar(i: number): number {
    const buf = this.buf;
    const n = buf.length;
    while (i < n && CLASS[buf[i] ?? 0] === C_SCALAR) i++;
    if (i < n) {
      this.finishItem(i);
      this.mode = this.arrayOpen ? M_VALUE : M_TOP;
    }
    return i;
  }

  /** Inside a top-level value: the hot loop. */
  private scanValue(i: number): number {
    const buf = this.buf;
    const n = buf.length;
    while (i < n) {
      if (this.inString) {
        i = this.scanString(i);
        if (this.mode !== M_VALUE) return i;
        continue;
      }
      const b = buf[i] ?? 0;
      switch (CLASS[b]) {
        case C_SPACE:
          if (b === LF) this.newLine(i);
          i++;
          break;
        case C_QUOTE: {
          if (this.arrayOpen && this.itemBase < 0) this.startElement(i);
          this.openString(i);
          // Most strings end in this buffer with no escape: find the quote right here.
          let j = i + 1;
          let c = 0;
          while (j < n && (c = buf[j] ?? 0) !== QUOTE && c !== BACKSLASH && c !== LF) j++;
          if (j < n && c === QUOTE) {
            this.inString = false;
            this.closeString(j);
            i = j + 1;
            if (this.mode !== M_VALUE) return i;
          } else i = j;
          break;
        }
        case C_OPEN:
          if (this.arrayOpen && this.itemBase < 0) this.startElement(i);
          this.open(i, b);
          i++;
          break;
        case C_CLOSE:
          if (!this.close(i, b)) return i + 1;
          i++;
          if (this.mode !== M_VALUE) return i;
          break;
        case C_COMMA:
          this.comma(i);
          i++;
          break;
        case C_COLON:
          if (this.itemBase >= 0 && this.depth === this.itemBase + 1 && this.rootIsObject && this.rootState === R_COLON) this.rootState = R_VALUE;
          else if (this.arrayOpen && this.itemBase < 0) this.arrayError(i, `expected an element of the bundle's "objects" array, found ':'`);
          i++;
          break;
        default:
          if (this.arrayOpen && this.itemBase < 0) {
            this.startElement(i);
            this.mode = M_SCALAR;
            return i;
          }
          if (this.rootState === R_VALUE && this.depth === this.itemBase + 1) this.rootState = R_AFTER;
          i++;
      }
    }
    return i;
  }

  private openString(i: number): void {
    this.inString = true;
    this.trackEscaped = false;
    this.tracking = 0;
    if (this.itemBase >= 0 && this.depth === this.itemBase + 1 && this.rootIsObject) {
      if (this.rootState === R_KEY) this.tracking = 1;
      else if (this.rootState === R_VALUE) {
        this.rootState = R_AFTER;
        if (this.rootKey === K_ID) this.tracking = 2;
      }
      if (this.tracking !== 0) {
        this.trackStart = i + 1;
        this.trackHead = [];
      }
    }
  }

  /**
   * Inside a string: finds the closing quote. A byte loop beats indexOf here: STIX strings are
   * short (keys, ids, timestamps), and a native call per string costs more than it saves.
   * Raw line feeds are invalid in JSON strings but still counted, so positions stay right.
   */
  private scanString(i: number): number {
    const buf = this.buf;
    const n = buf.length;
    if (this.escapePending) {
      this.escapePending = false;
      if (buf[i] === LF) this.newLine(i);
      i++;
    }
    while (i < n) {
      const c = buf[i] ?? 0;
      if (c === QUOTE) {
        this.inString = false;
        this.closeString(i);
        return i + 1;
      }
      if (c === BACKSLASH) {
        this.trackEscaped = true;
        if (i + 1 >= n) {
          this.escapePending = true;
          return n;
        }
        if (buf[i + 1] === LF) this.newLine(i + 1);
        i += 2;
        continue;
      }
      if (c === LF) this.newLine(i);
      i++;
    }
    return n;
  }

  private closeString(q: number): void {
    if (this.tracking !== 0) {
      const kind = this.tracking;
      this.tracking = 0;
      if (kind === 1) {
        this.rootKey = this.keyKind(q);
        this.rootState = R_COLON;
      } else {
        const part = this.buf.slice(this.trackStart, q);
        this.idBytes = this.trackHead.length === 0 ? part : concat([...this.trackHead, part]);
        if (this.trackEscaped) this.idBytes = concat([Uint8Array.of(QUOTE), this.idBytes, Uint8Array.of(QUOTE)]);
      }
      this.trackHead = [];
    }
    if (this.itemBase >= 0 && this.depth === this.itemBase) {
      // The string was the item itself.
      this.finishItem(q + 1);
      if (!this.arrayOpen) this.mode = M_TOP;
    }
  }

  /** Which key the string ending at q is: `id`, `objects` or another. */
  private keyKind(q: number): number {
    const buf = this.buf;
    const s = this.trackStart;
    if (this.trackHead.length === 0 && !this.trackEscaped) {
      const len = q - s;
      if (len === 2) return buf[s] === 0x69 && buf[s + 1] === 0x64 ? K_ID : K_OTHER;
      if (len === 7) return matches(buf, s, 'objects') ? K_OBJECTS : K_OTHER;
      return K_OTHER;
    }
    // Rare: the key spans buffers or has escapes ("\u0069d" is "id").
    const bytes = concat([...this.trackHead, buf.subarray(s, q)]);
    const key = decodeJsonString(this.trackEscaped ? concat([Uint8Array.of(QUOTE), bytes, Uint8Array.of(QUOTE)]) : bytes, this.trackEscaped);
    return key === 'id' ? K_ID : key === 'objects' ? K_OBJECTS : K_OTHER;
  }

  private open(i: number, b: number): void {
    const depth = ++this.depth;
    if (depth < this.stack.length) this.stack[depth] = b;
    if (this.itemBase < 0) return;
    const rel = depth - this.itemBase;
    if (rel > this.maxDepth && this.tooDeep === undefined) {
      this.tooDeep = this.position(i);
      this.endCapture();
    }
    if (rel === 1) {
      this.rootIsObject = b === LBRACE;
      this.rootState = R_KEY;
    } else if (rel === 2 && this.rootIsObject && this.rootState === R_VALUE) {
      this.rootState = R_AFTER;
      if (b === LBRACKET && this.rootKey === K_OBJECTS && this.itemBase === 0) this.maybeStream(i);
    }
  }

  /** A closing bracket; false when it broke the structure (failStructure has run). */
  private close(i: number, b: number): boolean {
    const depth = this.depth;
    const opened = depth < this.stack.length ? this.stack[depth] : 0;
    const expected = b === RBRACE ? LBRACE : LBRACKET;
    if (opened !== 0 && opened !== expected) {
      const want = opened === LBRACE ? "'}' to close an object" : "']' to close an array";
      this.failStructure('json.syntax', `expected ${want} in the value at ${describePath(this.failPath())} (which starts at line ${this.failStart().line}, column ${this.failStart().column}), found ${describeByte(b)}`, i);
      return false;
    }
    if (this.arrayOpen && this.itemBase < 0 && this.arrayState === A_COMMA) {
      this.arrayError(i, `trailing ',' before ']' in the bundle's "objects" array`);
    }
    this.depth = depth - 1;
    if (this.itemBase >= 0) {
      if (this.depth === this.itemBase) {
        this.finishItem(i + 1);
        if (!this.arrayOpen) this.mode = M_TOP;
      }
    } else if (this.container) {
      if (this.depth === 1 && this.arrayOpen) {
        this.arrayOpen = false;
        this.suffixPos = this.position(i + 1);
        this.beginCapture(i + 1, this.line);
      } else if (this.depth === 0) {
        this.finishContainer(i + 1);
        this.mode = M_TOP;
      }
    }
    return true;
  }

  private comma(i: number): void {
    if (this.itemBase >= 0) {
      if (this.depth === this.itemBase + 1 && this.rootIsObject) this.rootState = R_KEY;
    } else if (this.arrayOpen) {
      if (this.arrayState === A_ELEMENT) this.arrayState = A_COMMA;
      else this.arrayError(i, `expected an element of the bundle's "objects" array, found ','`);
    }
  }

  private arrayError(i: number, detail: string): void {
    this.emitError('json.syntax', detail, this.position(i), '/objects', false, this.containerId);
  }

  /** A value starts between the elements of a streamed bundle. */
  private startElement(i: number): void {
    if (this.arrayState === A_ELEMENT) {
      this.arrayError(i, `expected ',' or ']' after element /objects/${this.elementCount - 1} of the bundle, found ${describeByte(this.buf[i])}`);
    }
    this.arrayState = A_ELEMENT;
    this.startItem(i, 2, `/objects/${this.elementCount}`);
    this.elementCount++;
  }

  /**
   * At `"objects": [` in a top-level object: decide whether to stream it as a bundle. The members
   * read so far are parsed (with `[]}` to close them); the array is streamed unless they have a
   * `type` other than `bundle`, or are not valid JSON (then the whole value stays one item and
   * parseJson reports the problem later).
   */
  private maybeStream(i: number): void {
    const bytes = this.capturedWithinLimit(i);
    if (bytes === undefined || this.tooDeep !== undefined) return;
    let prefix: string;
    let head: unknown;
    try {
      prefix = decoder.decode(bytes);
      head = parseJson(`${prefix}[]}`, { maxDepth: this.maxDepth });
    } catch {
      return;
    }
    if (typeof head !== 'object' || head === null || Array.isArray(head)) return;
    const type: unknown = Reflect.get(head, 'type');
    if (type !== undefined && type !== 'bundle') return;
    const id: unknown = Reflect.get(head, 'id');
    this.container = true;
    this.arrayOpen = true;
    this.arrayState = A_OPEN;
    this.elementCount = 0;
    this.prefixText = prefix;
    this.containerType = type;
    this.containerId = typeof id === 'string' ? id : undefined;
    this.itemBase = -1;
    this.endCapture();
  }

  /** The current item is complete, its last byte at end − 1. */
  private finishItem(end: number): void {
    const offset = this.itemStart;
    const size = this.base + end - offset;
    const path = this.itemPath;
    const objectId = this.tooDeep !== undefined || !this.capturing || size > this.maxItemBytes ? this.objectId() : undefined;
    const inBundle = this.itemBase === 2 ? this.containerId : undefined;
    const start: Position = { offset, line: this.itemLine, column: this.itemColumn };
    const bytes = this.tooDeep === undefined ? this.capturedWithinLimit(end) : undefined;
    this.itemBase = -1;
    this.endCapture();
    if (this.tooDeep !== undefined) {
      this.emitError('json.too-deep', `value at ${describePath(path)} is nested deeper than the limit of ${this.maxDepth} levels; skipped`, this.tooDeep, path, false, objectId);
      return;
    }
    if (bytes === undefined) {
      this.emitError('json.too-large', `value at ${describePath(path)} is ${size} bytes, more than the limit of ${this.maxItemBytes}; skipped`, start, path, false, objectId);
      return;
    }
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      this.invalidUtf8(bytes, start, path, this.objectId());
      return;
    }
    this.emitValue(text, offset, start.line, start.column, inBundle);
  }

  private invalidUtf8(bytes: Uint8Array, start: Position, path: string, objectId: string | undefined): void {
    const bad = Math.max(0, firstInvalidUtf8(bytes));
    this.emitError('json.invalid-utf8', `invalid UTF-8 (${describeByte(bytes[bad])}) in the value at ${describePath(path)}; skipped`, locateBytes(bytes, bad, start), path, false, objectId);
  }

  /** The id member seen at the current item's own top level, if any. */
  private objectId(): string | undefined {
    const bytes = this.idBytes;
    if (bytes === undefined) return undefined;
    return decodeJsonString(bytes, bytes[0] === QUOTE);
  }

  /**
   * The streamed bundle is complete. Its members other than `objects` are validated as JSON
   * (the members before the array were already parsed to decide to stream: parse them again with
   * those after it, so a key repeated across the two is caught), and its type checked.
   */
  private finishContainer(end: number): void {
    const suffix = this.capturedWithinLimit(end);
    this.endCapture();
    const start: Position = { offset: this.unitStart, line: this.unitLine, column: this.unitColumn };
    let type = this.containerType;
    let id = this.containerId;
    if (suffix === undefined) {
      this.emitError('json.too-large', `the bundle's members after "objects" are more than ${this.maxItemBytes} bytes; not checked`, this.suffixPos, '', false, id);
    } else {
      let suffixText: string | undefined;
      try {
        suffixText = decoder.decode(suffix);
      } catch {
        this.invalidUtf8(suffix, this.suffixPos, '', id);
      }
      if (suffixText !== undefined) {
        const skeleton = `${this.prefixText}[]${suffixText}`;
        try {
          const whole = parseJson(skeleton, { maxDepth: this.maxDepth });
          if (typeof whole === 'object' && whole !== null) {
            type = Reflect.get(whole, 'type');
            const wholeId: unknown = Reflect.get(whole, 'id');
            id = typeof wholeId === 'string' ? wholeId : undefined;
          }
        } catch (e) {
          if (!(e instanceof JsonError)) throw e;
          // Only the part after the array can be wrong here; map the position back to it.
          const skip = this.prefixText.length + 2;
          const at = locateChars(suffixText, Math.max(0, e.offset - skip), this.suffixPos);
          this.emitError(e.rule, e.detail, at, e.path, false, id);
          return;
        }
      }
    }
    if (type !== 'bundle') {
      const what = type === undefined ? 'has no "type" member' : `has "type" ${JSON.stringify(type)}`;
      this.emitError('bundle.not-a-bundle', `top-level object with an "objects" array ${what}; expected "type": "bundle" (its objects were read as the elements of a bundle)`, start, '', false, id);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Failures.

  private failPath(): string {
    return this.itemBase >= 0 ? this.itemPath : '';
  }

  private failStart(): Position {
    return this.itemBase >= 0 ? { offset: this.itemStart, line: this.itemLine, column: this.itemColumn } : { offset: this.unitStart, line: this.unitLine, column: this.unitColumn };
  }

  /**
   * The structure of the current top-level value is broken at buf[i] (i = -1: at the end of the
   * input), so where it ends is unknown. Recovery is attempted only where it is reliable, which is
   * JSON lines: the broken value started at the beginning of a line, and a line that starts with
   * '{' followed by more on that line starts the next value. A raw line feed cannot occur inside a
   * valid JSON string, so such a line start is never inside a string of a valid value.
   * - If the value spanned lines, the first such line inside its bytes is where scanning resumes:
   *   those bytes are scanned again, and the bytes before are reported with parseJson's diagnosis.
   * - If it broke on its first line, the scan skips to the next such line.
   * Otherwise the error is fatal.
   */
  private failStructure(rule: JsonRule, detail: string, i: number): void {
    const atEnd = i < 0;
    const where = atEnd ? this.position(0) : this.position(i);
    const path = this.failPath();
    const objectId = this.objectId();
    if (this.unitAtLineStart && !this.container) {
      const bytes = this.capturedWithinLimit(atEnd ? 0 : i + 1);
      const k = bytes === undefined ? -1 : resyncPoint(bytes);
      if (bytes !== undefined && k > 0) {
        const start: Position = { offset: this.capAbsStart, line: this.capLine, column: this.capAbsStart === this.unitStart ? this.unitColumn : 1 };
        const resumeLine = start.line + countLineFeeds(bytes, 0, k);
        this.reportBrokenLine(bytes.subarray(0, k), start, path, objectId, resumeLine);
        this.resetUnit();
        this.mode = M_TOP;
        this.line = resumeLine;
        this.lineStart = this.capAbsStart + k;
        this.replay(bytes.slice(k), this.capAbsStart + k);
        return;
      }
      if (!atEnd && this.line === this.unitLine) {
        this.emitError(rule, `${detail}; skipping to the next line that starts with '{'`, where, path, false, objectId);
        this.resetUnit();
        this.mode = M_RESYNC;
        this.resyncPhase = 0;
        return;
      }
    }
    this.emitError(rule, detail, where, path, true, objectId);
    this.resetUnit();
  }

  /** Reports the bytes of a broken JSON line with the precise diagnosis of parseJson. */
  private reportBrokenLine(bytes: Uint8Array, start: Position, path: string, objectId: string | undefined, resumeLine: number): void {
    const suffix = `; reading resumes at line ${resumeLine}`;
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      const bad = Math.max(0, firstInvalidUtf8(bytes));
      this.emitError('json.invalid-utf8', `invalid UTF-8 (${describeByte(bytes[bad])}) in the value at ${describePath(path)}${suffix}`, locateBytes(bytes, bad, start), path, false, objectId);
      return;
    }
    try {
      parseJson(text.trimEnd(), { maxDepth: this.maxDepth });
    } catch (e) {
      if (!(e instanceof JsonError)) throw e;
      // The text was cut at the line break, so "end of input" here means the end of the line.
      const detail = e.rule === 'json.truncated' ? e.detail.replace(/end of input$/, 'end of line') : e.detail;
      this.emitError(e.rule, `${detail}${suffix}`, locateChars(text, e.offset, start), path + e.path, false, objectId);
      return;
    }
    this.emitError('json.syntax', `the value at ${describePath(path)} is not closed before the next line${suffix}`, start, path, false, objectId);
  }

  private resetUnit(): void {
    this.endCapture();
    this.itemBase = -1;
    this.depth = 0;
    this.inString = false;
    this.escapePending = false;
    this.tracking = 0;
    this.container = false;
    this.arrayOpen = false;
  }

  /** Skips to the next line (M_SKIP_LINE) or the next line that starts with '{' + more (M_RESYNC). */
  private scanSkip(i: number): number {
    const buf = this.buf;
    const n = buf.length;
    while (i < n) {
      const b = buf[i] ?? 0;
      if (this.resyncPhase === 0) {
        const nl = buf.indexOf(LF, i);
        if (nl === -1) return n;
        this.newLine(nl);
        i = nl + 1;
        if (this.mode === M_SKIP_LINE) {
          this.mode = M_TOP;
          return i;
        }
        this.resyncPhase = 1;
      } else if (this.resyncPhase === 1) {
        if (b === LBRACE) {
          this.resyncPhase = 2;
          this.resyncBrace = this.base + i;
          i++;
        } else this.resyncPhase = 0;
      } else {
        this.resyncPhase = 0;
        if (b === LF || b === CR) continue;
        // The line starts a value: scan it from its '{' (which may be in the previous buffer).
        this.mode = M_TOP;
        if (this.resyncBrace >= this.base) return this.resyncBrace - this.base;
        this.replay(Uint8Array.of(LBRACE), this.resyncBrace);
        return i;
      }
    }
    return n;
  }

  /** The input ended; returns true when there is more to scan (a replay was pushed). */
  private endOfInput(): boolean {
    switch (this.mode) {
      case M_START:
        this.mode = M_TOP;
        if (this.bomSeen > 0 && this.bomSeen < 3) {
          this.replay(Uint8Array.from(BOM.slice(0, this.bomSeen)), 0);
          return true;
        }
        return false;
      case M_SCALAR:
        this.finishItem(0);
        if (!this.arrayOpen) {
          this.mode = M_TOP;
          return false;
        }
        break;
      case M_VALUE:
        break;
      default:
        this.mode = M_DONE;
        return false;
    }
    // Inside a value.
    const open = this.depth > 0 && this.depth < this.stack.length ? this.stack[this.depth] : 0;
    const inside = this.inString ? 'a string' : open === LBRACE ? 'an object' : open === LBRACKET ? 'an array' : 'a value';
    const expected = this.inString ? `'"'` : open === LBRACE ? "'}'" : "']'";
    const start = this.failStart();
    let detail: string;
    if (this.itemBase >= 0) {
      detail = `input ended inside ${inside} in the value at ${describePath(this.itemPath)} (which starts at line ${start.line}, column ${start.column}); expected ${expected}`;
    } else if (this.arrayOpen) {
      const after = this.elementCount > 0 ? ` after element /objects/${this.elementCount - 1}` : '';
      detail = `input ended in the "objects" array${after} of the bundle that starts at line ${start.line}, column ${start.column}; expected ${this.elementCount > 0 ? "',' or ']'" : "an element or ']'"}`;
    } else {
      detail = `input ended inside ${inside} in the bundle that starts at line ${start.line}, column ${start.column}; expected ${expected}`;
    }
    this.failStructure('json.truncated', detail, -1);
    return this.work.length > 0;
  }
}

// ---------------------------------------------------------------------------------------------

function matches(buf: Uint8Array, at: number, ascii: string): boolean {
  for (let k = 0; k < ascii.length; k++) if (buf[at + k] !== ascii.charCodeAt(k)) return false;
  return true;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const all = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}

/** Decodes string content bytes (quoted JSON when `quoted`); undefined when not valid. */
function decodeJsonString(bytes: Uint8Array, quoted: boolean): string | undefined {
  try {
    const text = decoder.decode(bytes);
    if (!quoted) return text;
    const value = parseJson(text);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** First index k > 0 where a line starts with '{' and more follows on that line; else -1. */
function resyncPoint(bytes: Uint8Array): number {
  for (let nl = bytes.indexOf(LF); nl !== -1; nl = bytes.indexOf(LF, nl + 1)) {
    const k = nl + 1;
    if (bytes[k] !== LBRACE) continue;
    const next = bytes[k + 1];
    if (next === undefined || (next !== LF && next !== CR)) return k;
  }
  return -1;
}

function countLineFeeds(bytes: Uint8Array, from: number, to: number): number {
  let count = 0;
  for (let nl = bytes.indexOf(LF, from); nl !== -1 && nl < to; nl = bytes.indexOf(LF, nl + 1)) count++;
  return count;
}

/** Position of byte `at` of `bytes`, which start at `start` in the input. */
function locateBytes(bytes: Uint8Array, at: number, start: Position): Position {
  let line = start.line;
  let lineStartIndex = -1;
  for (let nl = bytes.indexOf(LF); nl !== -1 && nl < at; nl = bytes.indexOf(LF, nl + 1)) {
    line++;
    lineStartIndex = nl;
  }
  const column = lineStartIndex === -1 ? start.column + at : at - lineStartIndex;
  return { offset: start.offset + at, line, column };
}

/** Position of character `at` of `text` (decoded from the input at `start`). */
function locateChars(text: string, at: number, start: Position): Position {
  let line = start.line;
  let lineStartIndex = -1;
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < at; nl = text.indexOf('\n', nl + 1)) {
    line++;
    lineStartIndex = nl;
  }
  const offset = start.offset + utf8Length(text, 0, at);
  const column = lineStartIndex === -1 ? start.column + utf8Length(text, 0, at) : utf8Length(text, lineStartIndex + 1, at) + 1;
  return { offset, line, column };
}
