import { describe, it, expect } from 'vitest';
import { thrown as thrownAs } from '../../../test/support/thrown.js';
import { buildIndicator, buildMalware, Rng } from '../../../test/support/factories.js';
import { JsonError } from './errors.js';
import { parseJson, parseJsonPrecise } from './parse.js';
import type { ParseOptions } from './parse.js';

/** The JsonError `f` throws (fails the test when it does not throw one). */
const thrown = (f: () => unknown): JsonError => thrownAs(f, JsonError);

function errorOf(text: string, options?: ParseOptions): JsonError {
  return thrown(() => parseJson(text, options));
}

/** Same value, same key order, same prototypes, -0 distinct from 0. */
function sameJson(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  return ka.every((k) => sameJson(Reflect.get(a, k), Reflect.get(b, k)));
}

type Outcome = { ok: true; value: unknown } | { ok: false; rule: string; message: string; offset: number; line: number; column: number; path: string };

function outcome(f: () => unknown): Outcome {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (!(e instanceof JsonError)) throw e;
    return { ok: false, rule: e.rule, message: e.message, offset: e.offset, line: e.line, column: e.column, path: e.path };
  }
}

/** Asserts parseJson behaves exactly as the precise parser on `text`. */
function expectSameAsPrecise(text: string, options?: ParseOptions): Outcome {
  const fast = outcome(() => parseJson(text, options));
  const precise = outcome(() => parseJsonPrecise(text, options));
  if (fast.ok && precise.ok) {
    expect(sameJson(fast.value, precise.value), `same value for ${JSON.stringify(text)}`).toBe(true);
  } else {
    expect(fast, `same outcome for ${JSON.stringify(text)}`).toEqual(precise);
  }
  return fast;
}

describe('parseJson: valid JSON', () => {
  const samples = [
    '0', '-0', '1', '-1', '3.25', '1e3', '1E-3', '-2.5e+10', '"x"', '""', 'true', 'false', 'null', '[]', '{}',
    ' \t\r\n[ 1 , 2 ]\n', '{"a":{"b":[{"c":null}]}}', '"\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\u20AC"',
    '"\\ud83d\\ude00"', '"😀 ö € דּ"', '{"1":1,"b":2,"0":3}', '9007199254740991', '-9007199254740991',
    '9007199254740993.0', '1e20', '1e308', '0.000', '0e-400', '-0.0e5', '5e-324', '"\u2028\u2029"', '"\u007f"',
  ];
  it.each(samples)('accepts %j exactly like JSON.parse', (text) => {
    const value = parseJson(text);
    expect(sameJson(value, JSON.parse(text))).toBe(true);
    expect(sameJson(parseJsonPrecise(text), JSON.parse(text))).toBe(true);
  });

  it('parses realistic STIX objects, compact and pretty-printed', () => {
    const r = new Rng(7);
    for (let i = 0; i < 50; i++) {
      const obj = i % 2 === 0 ? buildIndicator({}, r) : buildMalware({}, r);
      for (const text of [JSON.stringify(obj), JSON.stringify(obj, null, 2)]) {
        expect(sameJson(parseJson(text), obj)).toBe(true);
      }
    }
  });

  it('makes __proto__ an own data property and leaves Object.prototype alone', () => {
    // The long number sends the second text down the precise path.
    for (const text of ['{"__proto__":{"polluted":true},"a":1}', '{"__proto__":{"polluted":true},"a":1.00000000000000000}']) {
      const value = parseJson(text);
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(Object.keys(value as object)).toEqual(['__proto__', 'a']);
      expect(Object.getOwnPropertyDescriptor(value, '__proto__')).toEqual({ value: { polluted: true }, writable: true, enumerable: true, configurable: true });
      expect(Reflect.get({}, 'polluted')).toBeUndefined();
    }
    expect(thrown(() => parseJson('{"__proto__":1,"__proto__":2}')).rule).toBe('json.duplicate-key');
  });

  it('still finds duplicates when Object.prototype is polluted with an enumerable property', () => {
    // A read-only enumerable property, the worst case; assertions run after it is removed
    // (the test runner itself trips over it).
    Object.defineProperty(Object.prototype, 'accordTestPollution', { value: 1, enumerable: true, configurable: true, writable: false });
    let dup: Outcome;
    let own: Outcome;
    try {
      dup = outcome(() => parseJson('{"a":1,"a":2,"b":{}}'));
      own = outcome(() => parseJson('{"a":1,"accordTestPollution":2}'));
    } finally {
      Reflect.deleteProperty(Object.prototype, 'accordTestPollution');
    }
    expect(dup).toMatchObject({ ok: false, rule: 'json.duplicate-key' });
    expect(own.ok && Object.getOwnPropertyDescriptor(own.value, 'accordTestPollution')?.value).toBe(2);
  });
});

describe('parseJson: I-JSON (RFC 7493)', () => {
  it('rejects a duplicate key at its second occurrence', () => {
    const e = errorOf('{"a":1,"a":2}');
    expect(e).toMatchObject({ rule: 'json.duplicate-key', offset: 7, line: 1, column: 8, path: '/a' });
    expect(e.message).toBe('duplicate key "a" in object at (root) (line 1, column 8)');
  });

  it('names the object holding a nested duplicate', () => {
    const text = JSON.stringify({ objects: [{}, {}, { name: 'x' }] }).replace('"name":"x"', '"name":"x",\n"name":"y"');
    const e = errorOf(text);
    expect(e).toMatchObject({ rule: 'json.duplicate-key', path: '/objects/2/name', line: 2, column: 1 });
    expect(e.detail).toBe('duplicate key "name" in object at /objects/2');
  });

  it('rejects lone surrogates, escaped or raw, in strings and keys', () => {
    const cases: [string, number, string][] = [
      ['"\\ud800"', 1, ''],
      ['"\\udc00"', 1, ''],
      ['"a\\ud800\\u0041"', 2, ''],
      ['"\\ud800\\ud800"', 1, ''],
      ['["ok", "\\uDBFFx"]', 8, '/1'],
      ['{"k\\ud800":1}', 3, ''],
      ['"\ud800"', 1, ''],
      ['{"a":"x\udc00"}', 7, '/a'],
      ['"\\ud83d\ude00"', 1, ''],
    ];
    for (const [text, offset, path] of cases) {
      expect(errorOf(text), text).toMatchObject({ rule: 'json.lone-surrogate', offset, path });
      expectSameAsPrecise(text);
    }
    expect(errorOf('"\\ud800"').detail).toBe('lone surrogate \\ud800 (high surrogate not followed by an escaped low surrogate) in string at (root)');
  });

  it('accepts escaped surrogate pairs', () => {
    expect(parseJson('{"e":"\\ud83d\\ude00","k\\uD83D\\uDE00":1}')).toEqual({ e: '😀', 'k😀': 1 });
  });

  it('rejects numbers outside the interoperable range', () => {
    const rejected: [string, string][] = [
      ['1e400', 'beyond the range of an IEEE 754 double'],
      ['-1e400', 'beyond the range of an IEEE 754 double'],
      ['9007199254740992', 'beyond ±(2^53−1)'],
      ['-9007199254740992', 'beyond ±(2^53−1)'],
      ['123456789012345678901234567890', 'beyond ±(2^53−1)'],
      ['1e-400', 'underflows to 0'],
      ['-0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001', 'underflows to 0'],
    ];
    for (const [literal, words] of rejected) {
      const e = errorOf(`{"n":[${literal}]}`);
      expect(e.rule, literal).toBe('json.number-range');
      expect(e.path).toBe('/n/0');
      expect(e.offset).toBe(6);
      expect(e.message).toContain(words);
    }
    for (const ok of ['9007199254740991', '1e20', '9007199254740993.5', '4.9e-324', '0e-999', '1.7976931348623157e308']) {
      expect(parseJson(ok)).toBe(JSON.parse(ok));
    }
  });
});

describe('parseJson: limits', () => {
  it('rejects nesting deeper than maxDepth (default 100) before JSON.parse runs', () => {
    expect(parseJson('['.repeat(100) + ']'.repeat(100))).toBeInstanceOf(Array);
    const e = errorOf('['.repeat(101) + ']'.repeat(101));
    expect(e).toMatchObject({ rule: 'json.too-deep', offset: 100, path: '/0'.repeat(100) });
    expect(errorOf('{"a":{"b":[]}}', { maxDepth: 2 })).toMatchObject({ rule: 'json.too-deep', path: '/a/b', offset: 10 });
    expect(parseJson('{"a":{"b":1}}', { maxDepth: 2 })).toEqual({ a: { b: 1 } });
  });

  it('survives 100,000 nested brackets without overflowing the stack', () => {
    expect(errorOf('['.repeat(100_000)).rule).toBe('json.too-deep');
    expect(errorOf('{"a":'.repeat(100_000)).rule).toBe('json.too-deep');
    // With the limit lifted the iterative parser builds the value, also 100,000 levels deep.
    const deep = parseJson('['.repeat(100_000) + ']'.repeat(100_000), { maxDepth: 1_000_000 });
    let depth = 0;
    for (let v: unknown = deep; Array.isArray(v); v = (v as unknown[])[0]) depth++;
    expect(depth).toBe(100_000);
    expect(errorOf('['.repeat(100_000), { maxDepth: 1_000_000 }).rule).toBe('json.truncated');
  });
});

describe('parseJson: syntax errors', () => {
  it('says what it found and what it expected, with line, column and path', () => {
    const text = '{"objects": [\n  {},\n  {},\n  {},\n  {"a": 1 x}\n]}';
    const e = errorOf(text);
    expect(e.message).toBe("expected ',' or '}' after property value in object at /objects/3, found 'x' (line 5, column 11)");
    expect(e).toMatchObject({ rule: 'json.syntax', offset: text.indexOf('x'), line: 5, column: 11, path: '/objects/3' });
  });

  const cases: [string, string, number, string, string][] = [
    // text, rule, offset, path, detail
    ['', 'json.truncated', 0, '', 'expected a JSON value, found end of input'],
    ['   ', 'json.truncated', 3, '', 'expected a JSON value, found end of input'],
    ['\ufeff{}', 'json.syntax', 0, '', 'unexpected byte order mark U+FEFF at the start of the text (strip it before parsing); expected a JSON value'],
    ['{} x', 'json.trailing-content', 3, '', "unexpected 'x' after the end of the JSON value; expected end of input"],
    ['[1] [2]', 'json.trailing-content', 4, '', "unexpected '[' after the end of the JSON value; expected end of input"],
    ['[1,]', 'json.syntax', 3, '/1', "expected an array element in array at (root), found ']'"],
    ['{"a":1,}', 'json.syntax', 7, '', `expected '"' to start a property name in object at (root), found '}'`],
    ['{"a" 1}', 'json.syntax', 5, '', `expected ':' after property name "a" in object at (root), found '1'`],
    ['{"a":}', 'json.syntax', 5, '/a', `expected a value for property "a" in object at (root), found '}'`],
    ["{'a':1}", 'json.syntax', 1, '', `expected '"' to start a property name in object at (root), found '''`],
    ['[1 2]', 'json.syntax', 3, '', "expected ',' or ']' after array element in array at (root), found '2'"],
    ['{"a":[1,{"b":2]}', 'json.syntax', 14, '/a/1', "expected ',' or '}' after property value in object at /a/1, found ']'"],
    ['{"a":1', 'json.truncated', 6, '', "expected ',' or '}' after property value in object at (root), found end of input"],
    ['[', 'json.truncated', 1, '/0', 'expected an array element in array at (root), found end of input'],
    ['["abc', 'json.truncated', 5, '/0', `unterminated string at /0; expected '"', found end of input`],
    ['{"ab', 'json.truncated', 4, '', `unterminated property name in object at (root); expected '"', found end of input`],
    ['"a\nb"', 'json.syntax', 2, '', 'unescaped control character U+000A in string at (root); control characters must be escaped'],
    ['"\\x"', 'json.syntax', 1, '', 'invalid escape \'\\x\' in string at (root); expected one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX'],
    ['"\\u12g4"', 'json.syntax', 5, '', "invalid \\u escape in string at (root); expected 4 hex digits, found 'g'"],
    ['"\\u12', 'json.truncated', 5, '', 'unterminated \\u escape in string at (root); expected 4 hex digits, found end of input'],
    ['"\\', 'json.truncated', 2, '', 'unterminated escape in string at (root); expected an escape character, found end of input'],
    ['01', 'json.syntax', 1, '', 'number at (root) has a leading zero'],
    ['-', 'json.truncated', 1, '', "incomplete number at (root); expected a digit after '-', found end of input"],
    ['-a', 'json.syntax', 1, '', "invalid number at (root); expected a digit after '-', found 'a'"],
    ['[1.]', 'json.syntax', 3, '/0', "invalid number at /0; expected a digit after '.', found ']'"],
    ['1e', 'json.truncated', 2, '', 'incomplete number at (root); expected a digit in the exponent, found end of input'],
    ['.5', 'json.syntax', 0, '', "expected a JSON value, found '.'"],
    ['+1', 'json.syntax', 0, '', "expected a JSON value, found '+'"],
    ['tru', 'json.truncated', 3, '', "incomplete literal at (root); expected 'true', found end of input"],
    ['[nul]', 'json.syntax', 4, '/0', "invalid literal at (root); expected 'null', found ']'".replace('(root)', '/0')],
    ['{"a":True}', 'json.syntax', 5, '/a', "expected a value for property \"a\" in object at (root), found 'T'"],
    ['NaN', 'json.syntax', 0, '', "expected a JSON value, found 'N'"],
    ['[\u00a0]', 'json.syntax', 1, '/0', 'expected an array element in array at (root), found U+00A0'],
    ['{"a":1}\u0000', 'json.trailing-content', 7, '', 'unexpected U+0000 after the end of the JSON value; expected end of input'],
  ];
  it.each(cases)('%j → %s at %i', (text, rule, offset, path, detail) => {
    const e = errorOf(text);
    expect({ rule: e.rule, offset: e.offset, path: e.path, detail: e.detail }).toEqual({ rule, offset, path, detail });
    expectSameAsPrecise(text);
  });

  it('counts lines by LF and columns in UTF-16 code units', () => {
    const e = errorOf('{\r\n  "a": 1,\r\n  "😀": x\r\n}');
    expect(e).toMatchObject({ line: 3, column: 9, rule: 'json.syntax' });
  });
});

describe('parseJson agrees with the precise parser', () => {
  /** A random JSON value, biased toward what breaks parsers. */
  function randomValue(r: Rng, depth: number): unknown {
    const k = r.int(depth > 3 ? 6 : 9);
    switch (k) {
      case 0: return null;
      case 1: return r.int(2) === 0;
      case 2: return r.pick([0, -0, 1, -1, 42, 3.5, 1e21, 1e-7, 2 ** 53 - 1, -(2 ** 53 - 1), 123456.789, 5e-324]);
      case 3:
      case 4:
      case 5: return randomString(r);
      case 6: return Array.from({ length: r.int(4) }, () => randomValue(r, depth + 1));
      default: {
        const o: Record<string, unknown> = {};
        for (let i = r.int(5); i > 0; i--) o[randomString(r)] = randomValue(r, depth + 1);
        return o;
      }
    }
  }
  function randomString(r: Rng): string {
    const pool = ['a', 'b', 'id', 'type', '"', '\\', '/', '\n', '\u0001', 'é', '€', '😀', '\ud800', '\udc00', '__proto__', ':', '{', ']', ' '];
    let s = '';
    for (let i = r.int(5); i > 0; i--) s += r.pick(pool);
    return s;
  }
  /** Texts around a value: as serialised, pretty, with a duplicate, with one character changed. */
  function variants(r: Rng, value: unknown): string[] {
    const text = JSON.stringify(value);
    const out = [text, JSON.stringify(value, null, 1)];
    // JSON.stringify escapes lone surrogates; write some raw again.
    out.push(text.replace(/\\ud800/g, '\ud800'));
    const dup = text.indexOf('{"');
    if (dup !== -1) {
      const end = text.indexOf(',', dup);
      if (end !== -1) out.push(text.slice(0, end) + ',' + text.slice(dup + 1, end) + text.slice(end));
    }
    const alphabet = ['{', '}', '[', ']', ',', ':', '"', '\\', '1', 'e', '-', '.', ' ', '\n', 'x', '\ud800', 'u', '0'];
    for (let m = 0; m < 4; m++) {
      const at = r.int(text.length + 1);
      const op = r.int(3);
      const ch = r.pick(alphabet);
      out.push(op === 0 ? text.slice(0, at) + text.slice(at + 1) : op === 1 ? text.slice(0, at) + ch + text.slice(at) : text.slice(0, at) + ch + text.slice(at + 1));
    }
    out.push(text.slice(0, r.int(text.length + 1)));
    return out;
  }

  it('on thousands of generated valid and broken texts', () => {
    const r = new Rng(20240601);
    let accepted = 0;
    let rejected = 0;
    for (let n = 0; n < 3000; n++) {
      for (const text of variants(r, randomValue(r, 0))) {
        const maxDepth = r.int(10) === 0 ? 2 : undefined;
        const result = expectSameAsPrecise(text, maxDepth === undefined ? undefined : { maxDepth });
        if (result.ok) accepted++;
        else rejected++;
      }
    }
    // Both sides of the contract are exercised.
    expect(accepted).toBeGreaterThan(2000);
    expect(rejected).toBeGreaterThan(2000);
  });

  it('on number literals around the range limits', () => {
    const literals = [
      '9007199254740991', '9007199254740992', '-9007199254740993', '90071992547409910', '1e308', '1.8e308', '-1.8e308', '2e-324',
      '3e-324', '1e-323', '0.1e-400', '0.0e-400', '100e-330', '1.5e300', '123456789012345', '1234567890123456', '0.00000000000001',
      '1e0', '1E+2', '-0e0', '12345678901234567890e-10', '0.12345678901234567890',
    ];
    for (const literal of literals) {
      expectSameAsPrecise(literal);
      expectSameAsPrecise(`{"x":[${literal}, ${literal}]}`);
    }
  });
});
