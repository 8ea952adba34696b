import { describe, it, expect } from 'vitest';
import { corpusBundle } from '../../../test/support/corpora.js';
import { thrown as thrownAs } from '../../../test/support/thrown.js';
import { buildIndicator, buildMalware, buildRelationship, Rng } from '../../../test/support/factories.js';
import { canonicalize } from './canonical.js';
import { JsonError } from './errors.js';
import { parseJson } from './parse.js';

/** The JsonError `f` throws (fails the test when it does not throw one). */
const thrown = (f: () => unknown): JsonError => thrownAs(f, JsonError);

/** The double whose IEEE 754 bits are the 16 hex digits `hex`. */
function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe('canonicalize: RFC 8785 test vectors', () => {
  // RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical serialisation.
  const numbers: [string, string][] = [
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ];
  it.each(numbers)('serialises the double 0x%s as %s', (bits, expected) => {
    expect(canonicalize(fromBits(bits))).toBe(expected);
  });

  it.each([['7fffffffffffffff'], ['7ff0000000000000'], ['fff0000000000000']])('rejects the non-finite double 0x%s', (bits) => {
    expect(thrown(() => canonicalize(fromBits(bits))).rule).toBe('canonical.not-json');
  });

  it('sorts keys by UTF-16 code units (§3.2.3)', () => {
    const input = parseJson(String.raw`{
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis"
    }`);
    expect(canonicalize(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis",' +
        '"€":"Euro Sign","😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('serialises the §3.2.2 example', () => {
    const input = parseJson(String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`);
    expect(canonicalize(input)).toBe(String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`);
  });
});

describe('canonicalize: strings', () => {
  it('escapes only what it must', () => {
    const all = Array.from({ length: 0x30 }, (_, i) => String.fromCharCode(i)).join('') + '\\\u007f\u2028\u2029é😀/';
    expect(canonicalize(all)).toBe(
      '"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f' +
        '\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f' +
        ' !\\"#$%&\'()*+,-./\\\\\u007f\u2028\u2029é😀/"',
    );
  });

  it('rejects lone surrogates in strings and keys, with the path', () => {
    const inString = thrown(() => canonicalize({ a: [1, 'x\ud800'] }));
    expect(inString).toMatchObject({ rule: 'canonical.not-json', path: '/a/1', offset: 0, line: 0, column: 0 });
    expect(inString.message).toBe('cannot canonicalize /a/1: the string "x\\ud800" has a lone surrogate');
    const inKey = thrown(() => canonicalize({ o: { ['\udc00k']: 1 } }));
    expect(inKey).toMatchObject({ rule: 'canonical.not-json', path: '/o' });
    expect(inKey.message).toContain('the property name "\\udc00k" has a lone surrogate');
  });
});

describe('canonicalize: values that are not JSON', () => {
  class Custom {
    x = 1;
  }
  const cases: [string, unknown, string, string][] = [
    ['undefined member', { a: undefined }, '/a', 'undefined is not a JSON value'],
    ['undefined root', undefined, '', 'undefined is not a JSON value'],
    ['function', { f: () => 1 }, '/f', 'function is not a JSON value'],
    ['symbol', [Symbol('s')], '/0', 'symbol is not a JSON value'],
    ['bigint', { n: [1n] }, '/n/0', 'bigint is not a JSON value'],
    ['NaN', { n: NaN }, '/n', 'NaN is not a JSON number'],
    ['Infinity', { n: -Infinity }, '/n', '-Infinity is not a JSON number'],
    ['Date', { d: new Date(0) }, '/d', 'a Date is not a plain object'],
    ['Map', { m: new Map() }, '/m', 'a Map is not a plain object'],
    ['class instance', { c: new Custom() }, '/c', 'a Custom is not a plain object'],
    ['boxed string', { s: new String('x') }, '/s', 'a String is not a plain object'],
    ['array hole', { h: [1, , 3] }, '/h/1', 'undefined is not a JSON value'],
    ['pointer escaping', { 'a/b~c': [undefined] }, '/a~1b~0c/0', 'undefined is not a JSON value'],
  ];
  it.each(cases)('rejects a %s', (_name, value, path, reason) => {
    const e = thrown(() => canonicalize(value));
    expect(e.rule).toBe('canonical.not-json');
    expect(e.path).toBe(path);
    expect(e.message).toBe(`cannot canonicalize ${path === '' ? '(root)' : path}: ${reason}`);
  });

  it('rejects reference cycles without overflowing the stack', () => {
    const a: Record<string, unknown> = { x: 1 };
    a.self = a;
    const e = thrown(() => canonicalize(a));
    expect(e.rule).toBe('canonical.not-json');
    expect(e.message).toContain('nested deeper than 1000 levels (or a reference cycle)');
    expect(e.path.startsWith('/self/self/self')).toBe(true);
  });

  it('accepts objects without a prototype and ignores symbol keys', () => {
    const bare: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    bare.b = 1;
    bare.a = [true, null];
    expect(canonicalize(bare)).toBe('{"a":[true,null],"b":1}');
    expect(canonicalize({ [Symbol('x')]: 1, k: 2 })).toBe('{"k":2}');
  });

  it('serialises -0 as 0 and keeps working after an error (the path trail is reset)', () => {
    expect(() => canonicalize({ deep: [[[undefined]]] })).toThrow(JsonError);
    expect(canonicalize({ z: -0, a: [0, -0.0] })).toBe('{"a":[0,0],"z":0}');
    expect(thrown(() => canonicalize([{ b: NaN }])).path).toBe('/0/b');
  });
});

describe('canonicalize: round trips', () => {
  /** Reorders keys at every level, deterministically. */
  function shuffled(value: unknown, r: Rng): unknown {
    if (Array.isArray(value)) return value.map((v: unknown) => shuffled(v, r));
    if (typeof value !== 'object' || value === null) return value;
    const entries = Object.entries(value);
    for (let i = entries.length - 1; i > 0; i--) {
      const j = r.int(i + 1);
      const tmp = entries[i];
      entries[i] = entries[j] as [string, unknown];
      entries[j] = tmp as [string, unknown];
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, shuffled(v, r)]));
  }

  it('is a fixed point through JSON.parse and independent of key order', () => {
    const r = new Rng(99);
    const objects: unknown[] = [];
    for (let i = 0; i < 30; i++) {
      const ind = buildIndicator({}, r);
      const mal = buildMalware({}, r);
      objects.push(ind, mal, buildRelationship(String(ind.id), String(mal.id), {}, r));
    }
    const corpus = corpusBundle('ics-attack');
    objects.push(...corpus.objects);
    for (const obj of objects) {
      const canonical = canonicalize(obj);
      expect(canonicalize(JSON.parse(canonical))).toBe(canonical);
      expect(canonicalize(parseJson(canonical))).toBe(canonical);
      expect(canonicalize(shuffled(obj, r))).toBe(canonical);
      expect(JSON.parse(canonical)).toEqual(obj);
    }
  });
});
