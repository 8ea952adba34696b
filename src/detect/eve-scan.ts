// The fast path of the eve.json reader (issue 8, "Benchmark": end to end ≥ 3× JSON.parse). A
// hand-written scanner walks the line once, validating it as JSON, and keeps only the members
// `eveValues` reads — top-level event_type, timestamp, src_ip, dest_ip, src_port, dest_port,
// proto; dns rrname/rrtype/rdata and its queries/answers; http hostname/url/http_user_agent; tls
// sni/fingerprint; fileinfo filename/md5/sha1/sha256 — building a small object of the same shape
// that `eveValues` then reads, so the two paths cannot disagree on what a field means. Every
// other member is skipped (strings, numbers, literals, nested objects and arrays checked but not
// built). Nesting is honoured: `rrname` is taken from the `dns` object only, never from a string
// or another object that happens to contain the text.
//
// Whenever the scanner is unsure it says so (`undefined`) and the caller parses the line with
// JSON.parse: invalid JSON (so that the skip carries JSON.parse's own message), a member key
// with an escape, a wanted member given twice (JSON.parse keeps the last), nesting deeper than
// MAX_DEPTH, a top level that is not an object. A wanted string with escapes is decoded by
// JSON.parse on that string alone, so escapes, surrogates and \u sequences come out exactly.

type Rec = Record<string, unknown>;

/**
 * The members to keep of one object: each a scalar (a string or a number; any other value is
 * read as null), a nested object, or an array of objects. `build` makes the object from the
 * values found, in key order (a literal of fixed shape: faster than keyed stores, and a member
 * not present reads as undefined, as it would on the parsed object).
 */
interface Wanted {
  readonly keys: readonly string[];
  readonly kinds: readonly (Wanted | typeof SCALAR | typeof ARRAY)[];
  /** For ARRAY members, what each element keeps. */
  readonly items?: Wanted;
  readonly build: (v: unknown[]) => Rec;
}

const SCALAR = 0;
const ARRAY = 1;
const RECORD: Wanted = { keys: ['rrname', 'rrtype', 'rdata'], kinds: [SCALAR, SCALAR, SCALAR], build: (v) => ({ rrname: v[0], rrtype: v[1], rdata: v[2] }) };
const DNS: Wanted = {
  keys: ['rrname', 'rrtype', 'rdata', 'queries', 'answers'], kinds: [SCALAR, SCALAR, SCALAR, ARRAY, ARRAY], items: RECORD,
  build: (v) => ({ rrname: v[0], rrtype: v[1], rdata: v[2], queries: v[3], answers: v[4] }),
};
const HTTP: Wanted = { keys: ['hostname', 'url', 'http_user_agent'], kinds: [SCALAR, SCALAR, SCALAR], build: (v) => ({ hostname: v[0], url: v[1], http_user_agent: v[2] }) };
const TLS: Wanted = { keys: ['sni', 'fingerprint'], kinds: [SCALAR, SCALAR], build: (v) => ({ sni: v[0], fingerprint: v[1] }) };
const FILEINFO: Wanted = { keys: ['filename', 'md5', 'sha1', 'sha256'], kinds: [SCALAR, SCALAR, SCALAR, SCALAR], build: (v) => ({ filename: v[0], md5: v[1], sha1: v[2], sha256: v[3] }) };
const TOP: Wanted = {
  keys: ['event_type', 'timestamp', 'src_ip', 'dest_ip', 'src_port', 'dest_port', 'proto', 'dns', 'http', 'tls', 'fileinfo'],
  kinds: [SCALAR, SCALAR, SCALAR, SCALAR, SCALAR, SCALAR, SCALAR, DNS, HTTP, TLS, FILEINFO],
  build: (v) => ({ event_type: v[0], timestamp: v[1], src_ip: v[2], dest_ip: v[3], src_port: v[4], dest_port: v[5], proto: v[6], dns: v[7], http: v[8], tls: v[9], fileinfo: v[10] }),
};

/** Deeper nesting is left to JSON.parse. */
const MAX_DEPTH = 64;
/** Returned inside the scanner when it must give up. */
const FAIL = Symbol('fail');

let s = '';
let i = 0;
/** The line has no backslash and no control character: a string ends at the next quote, found natively. */
let clean = false;
const NOT_CLEAN = /[\\\u0000-\u001f]/;

/**
 * The members of an eve.json line that `eveValues` reads, as an object of the same shape; or
 * undefined when the line must be parsed by JSON.parse instead (invalid, or a case not handled).
 */
export function scanEve(text: string): Rec | undefined {
  s = text;
  i = 0;
  clean = !NOT_CLEAN.test(text);
  try {
    if (s.charCodeAt(i) <= 32) space();
    if (s.charCodeAt(i) !== 123) return undefined;
    const out = object(TOP, 0);
    if (out === FAIL) return undefined;
    if (s.charCodeAt(i) <= 32) space();
    return i === s.length ? out : undefined;
  } finally {
    s = '';
  }
}

/**
 * Passes over whitespace. Callers test `s.charCodeAt(i) <= 32` first: eve.json has no whitespace
 * between tokens, and a call per token cost about a tenth of the scan of a Suricata 7 line.
 */
function space(): void {
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else return;
  }
}

/** An object at `i` (on its `{`), keeping the members `w` names. */
function object(w: Wanted, depth: number): Rec | typeof FAIL {
  if (depth > MAX_DEPTH) return FAIL;
  i++;
  const found: unknown[] = [];
  let seen = 0;
  if (s.charCodeAt(i) <= 32) space();
  if (s.charCodeAt(i) === 125) {
    i++;
    return w.build(found);
  }
  for (;;) {
    if (s.charCodeAt(i) !== 34) return FAIL;
    const start = i + 1;
    const end = stringEnd(start);
    // A key with an escape (end < 0 reports one) might spell a wanted name: JSON.parse decides.
    if (end < 0) return FAIL;
    i = end + 1;
    if (s.charCodeAt(i) <= 32) space();
    if (s.charCodeAt(i) !== 58) return FAIL;
    i++;
    if (s.charCodeAt(i) <= 32) space();
    const k = keyIndex(w.keys, start, end);
    if (k < 0) {
      if (!skip(depth + 1)) return FAIL;
    } else {
      if ((seen & (1 << k)) !== 0) return FAIL;
      seen |= 1 << k;
      const kind = w.kinds[k] as Wanted | typeof SCALAR | typeof ARRAY;
      const v = kind === SCALAR ? scalar(depth + 1) : kind === ARRAY ? records(w.items as Wanted, depth + 1) : s.charCodeAt(i) === 123 ? object(kind, depth + 1) : skip(depth + 1) ? null : FAIL;
      if (v === FAIL) return FAIL;
      found[k] = v;
    }
    if (s.charCodeAt(i) <= 32) space();
    const c = s.charCodeAt(i++);
    if (c === 125) return w.build(found);
    if (c !== 44) return FAIL;
    if (s.charCodeAt(i) <= 32) space();
  }
}

/** An array of objects (other items read as null); anything but an array reads as null. */
function records(w: Wanted, depth: number): unknown[] | null | typeof FAIL {
  if (s.charCodeAt(i) !== 91) return skip(depth) ? null : FAIL;
  if (depth > MAX_DEPTH) return FAIL;
  i++;
  const out: unknown[] = [];
  if (s.charCodeAt(i) <= 32) space();
  if (s.charCodeAt(i) === 93) {
    i++;
    return out;
  }
  for (;;) {
    const v = s.charCodeAt(i) === 123 ? object(w, depth + 1) : skip(depth + 1) ? null : FAIL;
    if (v === FAIL) return FAIL;
    out.push(v);
    if (s.charCodeAt(i) <= 32) space();
    const c = s.charCodeAt(i++);
    if (c === 93) return out;
    if (c !== 44) return FAIL;
    if (s.charCodeAt(i) <= 32) space();
  }
}

/** A string or a number as its value; any other value checked and read as null. */
function scalar(depth: number): string | number | null | typeof FAIL {
  const c = s.charCodeAt(i);
  if (c === 34) {
    const start = i + 1;
    const end = stringEnd(start);
    if (end >= 0) {
      i = end + 1;
      return s.slice(start, end);
    }
    // With escapes: each checked here, the string decoded exactly by JSON.parse.
    const close = escapedStringEnd(start);
    if (close < 0) return FAIL;
    i = close + 1;
    return JSON.parse(s.slice(start - 1, close + 1)) as string;
  }
  if (c === 45 || (c >= 48 && c <= 57)) {
    const start = i;
    if (!number()) return FAIL;
    return Number(s.slice(start, i));
  }
  return skip(depth) ? null : FAIL;
}

/** The index of the closing quote of a string without escapes that starts at `from`; -1 when it has an escape or is invalid. */
function stringEnd(from: number): number {
  if (clean) return s.indexOf('"', from);
  let j = from;
  for (;;) {
    const c = s.charCodeAt(j);
    if (c === 34) return j;
    // A backslash, a control character (not allowed raw in JSON strings) or the end of the line (NaN).
    if (c === 92 || !(c >= 32)) return -1;
    j++;
  }
}

/** The index of the closing quote of a string that may hold escapes, each checked; -1 when invalid. */
function escapedStringEnd(from: number): number {
  let j = from;
  for (;;) {
    const c = s.charCodeAt(j);
    if (c === 34) return j;
    if (c === 92) {
      const e = s.charCodeAt(j + 1);
      if (e === 117) {
        if (!(hex(j + 2) && hex(j + 3) && hex(j + 4) && hex(j + 5))) return -1;
        j += 6;
      } else if (e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) j += 2;
      else return -1;
    } else if (!(c >= 32)) return -1;
    else j++;
  }
}

function hex(j: number): boolean {
  const c = s.charCodeAt(j);
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Which wanted key the key text s[start, end) is, without building it; -1 for none. */
function keyIndex(keys: readonly string[], start: number, end: number): number {
  const n = end - start;
  next: for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string;
    if (key.length !== n) continue;
    // Compared here, not by startsWith: a builtin call per candidate costs more than these few characters.
    for (let c = 0; c < n; c++) if (key.charCodeAt(c) !== s.charCodeAt(start + c)) continue next;
    return k;
  }
  return -1;
}

/** Checks and passes over one JSON value at `i`. */
function skip(depth: number): boolean {
  const c = s.charCodeAt(i);
  if (c === 34) {
    const start = i + 1;
    let end = stringEnd(start);
    if (end < 0) end = escapedStringEnd(start);
    if (end < 0) return false;
    i = end + 1;
    return true;
  }
  if (c === 123 || c === 91) {
    if (depth > MAX_DEPTH) return false;
    const close = c === 123 ? 125 : 93;
    i++;
    if (s.charCodeAt(i) <= 32) space();
    if (s.charCodeAt(i) === close) {
      i++;
      return true;
    }
    for (;;) {
      if (c === 123) {
        if (s.charCodeAt(i) !== 34) return false;
        const start = i + 1;
        let end = stringEnd(start);
        if (end < 0) end = escapedStringEnd(start);
        if (end < 0) return false;
        i = end + 1;
        if (s.charCodeAt(i) <= 32) space();
        if (s.charCodeAt(i) !== 58) return false;
        i++;
        if (s.charCodeAt(i) <= 32) space();
      }
      if (!skip(depth + 1)) return false;
      if (s.charCodeAt(i) <= 32) space();
      const d = s.charCodeAt(i++);
      if (d === close) return true;
      if (d !== 44) return false;
      if (s.charCodeAt(i) <= 32) space();
    }
  }
  if (c === 45 || (c >= 48 && c <= 57)) return number();
  if (c === 116) return literal('true');
  if (c === 102) return literal('false');
  if (c === 110) return literal('null');
  return false;
}

function literal(word: string): boolean {
  if (!s.startsWith(word, i)) return false;
  i += word.length;
  return true;
}

/** A JSON number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
function number(): boolean {
  if (s.charCodeAt(i) === 45) i++;
  const first = s.charCodeAt(i);
  if (first === 48) i++;
  else if (first >= 49 && first <= 57) digits();
  else return false;
  if (s.charCodeAt(i) === 46) {
    i++;
    if (digits() === 0) return false;
  }
  const e = s.charCodeAt(i);
  if (e === 101 || e === 69) {
    i++;
    const sign = s.charCodeAt(i);
    if (sign === 43 || sign === 45) i++;
    if (digits() === 0) return false;
  }
  return true;
}

function digits(): number {
  const start = i;
  for (;;) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) i++;
    else return i - start;
  }
}
