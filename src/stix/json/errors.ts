// The one error type of the JSON layer (parser, canonicaliser, stream reader). Each error
// carries a stable rule code and says where the problem is twice over: as a position in the
// input (offset, line, column) and as the RFC 6901 JSON Pointer of the value concerned, so
// import reports can point a person at the line and a program at the property.
//
// Units of `offset` and `column` depend on who raised the error:
// - parseJson: offset and column count UTF-16 code units of the JS string it was given;
// - readJsonStream: offset and column count bytes of the input;
// - canonicalize: there is no text, so offset, line and column are 0.
// Lines are counted by LF (a CRLF ends one line); line and column start at 1.

import { stixError } from '../issue.js';
import type { StixIssue } from '../issue.js';

/** Stable codes of the JSON layer's errors. */
export type JsonRule =
  | 'json.syntax'
  | 'json.duplicate-key'
  | 'json.lone-surrogate'
  | 'json.number-range'
  | 'json.too-deep'
  | 'json.too-large'
  | 'json.truncated'
  | 'json.invalid-utf8'
  | 'json.trailing-content'
  | 'canonical.not-json'
  | 'bundle.not-a-bundle';

/** Where an error is: a position in the input and the JSON Pointer of the value. */
export interface JsonErrorLocation {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly path: string;
}

/** A JSON error with a stable rule code, a position and a JSON Pointer. */
export class JsonError extends Error {
  readonly rule: JsonRule;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly path: string;
  /** The message without the "(line L, column C)" suffix. */
  readonly detail: string;

  constructor(rule: JsonRule, detail: string, where: JsonErrorLocation) {
    super(where.line > 0 ? `${detail} (line ${where.line}, column ${where.column})` : detail);
    this.name = 'JsonError';
    this.rule = rule;
    this.detail = detail;
    this.offset = where.offset;
    this.line = where.line;
    this.column = where.column;
    this.path = where.path;
  }
}

/** Converts a JSON error into the area's finding shape (see ../issue.ts). */
export function jsonErrorToIssue(error: JsonError, objectId?: string): StixIssue {
  return stixError(error.rule, error.path, error.message, objectId);
}

/** Names a JSON Pointer for a message: the pointer itself, or "(root)" for ''. */
export function describePath(path: string): string {
  return path === '' ? '(root)' : path;
}

/** Names the character at `index` of `text` for a message: `'x'`, `U+000A` or `end of input`. */
export function describeCharAt(text: string, index: number): string {
  if (index >= text.length) return 'end of input';
  const cp = text.codePointAt(index) ?? 0;
  if (cp > 0x20 && cp < 0x7f) return `'${String.fromCharCode(cp)}'`;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Names one input byte for a message: `'x'` for printable ASCII, else `byte 0xNN`. */
export function describeByte(byte: number | undefined): string {
  if (byte === undefined) return 'end of input';
  if (byte > 0x20 && byte < 0x7f) return `'${String.fromCharCode(byte)}'`;
  if (byte === 0x20) return "' '";
  return `byte 0x${byte.toString(16).padStart(2, '0')}`;
}

/** Line and column (1-based, LF-separated, column in code units) of `offset` in `text`. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < end; nl = text.indexOf('\n', nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
