import { describe, expect, it } from 'vitest';
import { Rng } from '../../test/support/factories.js';
import { compileRegex, DEFAULT_MAX_STATES, MAX_GROUP_DEPTH, type LinearRegex } from './regex.js';

function compiled(source: string, maxStates?: number): LinearRegex {
  const r = compileRegex(source, maxStates === undefined ? {} : { maxStates });
  if (!r.ok) throw new Error(`${source}: ${r.error.message}`);
  return r.regex;
}

function refusal(source: string): { message: string; offset: number } {
  const r = compileRegex(source);
  if (r.ok) throw new Error(`${source} was accepted`);
  return r.error;
}

/** JavaScript's own engine on the same expression, where the syntaxes agree (`u` flag: code points). */
function oracle(source: string): RegExp {
  return source.startsWith('(?i)') ? new RegExp(source.slice(4), 'iu') : new RegExp(source, 'u');
}

const bytes = (s: string): Uint8Array => Uint8Array.from([...s].map((c) => c.codePointAt(0) as number));

describe('compileRegex: the same answers as a backtracking engine', () => {
  // Expressions whose meaning is the same in PCRE and in JavaScript with the u flag.
  const table: readonly (readonly [string, readonly string[]])[] = [
    ['abc', ['abc', 'xxabcxx', 'ab', 'ABC', '']],
    ['a.c', ['abc', 'a-c', 'ac', 'a😀c']],
    ['^abc', ['abc', 'xabc', 'abcx']],
    ['a|b|c', ['a', 'xxc', 'd', '']],
    ['colou?r', ['color', 'colour', 'colouur']],
    ['a*', ['', 'bbb']],
    ['x+y', ['xxy', 'y', 'xx']],
    ['a{3}', ['aa', 'aaa', 'baaab']],
    ['^a{2,}$', ['a', 'aa', 'aaaaa']],
    ['^a{2,4}$', ['a', 'aa', 'aaaa', 'aaaaa']],
    ['^(?:ab){1,2}c', ['abc', 'ababc', 'ac', 'abababc']],
    ['^(a|ab)(c|bcd)(d*)$', ['abcd', 'abcdd', 'acd', 'abbcd']],
    ['[abc]+', ['cab', 'xyz']],
    ['^[^abc]+$', ['xyz', 'xaz', '😀']],
    ['[a-f0-9]{4}', ['dead', 'beef1', 'xyz1', 'DEAD']],
    ['^[\\w.-]+@[\\w-]+\\.[a-z]{2,}$', ['a.b@c-d.org', 'a@b.c', 'a b@c.de']],
    ['\\d+\\.\\d+', ['3.14', '3.', 'v1.2']],
    ['\\D\\W\\S', ['a!b', '1!b', 'a b']],
    ['\\bfoo\\b', ['foo', 'a foo.', 'foobar', 'xfoo']],
    ['\\Boo\\B', ['foox', 'xoox', 'oo']],
    ['(a+)+b', ['aaab', 'aaa']],
    ['(?:a|b)*abb', ['babb', 'abab']],
    ['[😀-😂]', ['x😁', 'x😃']],
    ['^.$', ['😀', 'ab', 'é']],
    ['^..$', ['😀', '😀😀']],
    ['\\x41\\u0042\\u{43}', ['ABC', 'abc']],
    ['\\t\\n\\r', ['\t\n\r', '\t\n']],
    ['a\\.b\\\\c', ['a.b\\c', 'axb\\c']],
    ['[.]', ['.', 'a']],
    ['[a\\-z]', ['-', 'b']],
    ['[\\d\\s]+x', ['1 2x', 'ax']],
    ['a+?b', ['aab', 'b']],
    ['a{2,3}?b', ['aab', 'ab']],
    ['(?:)', ['', 'a']],
    ['(|a)b', ['b', 'ab']],
    ['(?i)hello', ['HeLLo', 'help']],
    ['(?i)[a-c]+$', ['ABC', 'aBd']],
    ['(?i)[^a]', ['A', 'a', 'b']],
    ['(?i)σ', ['Σ', 'ς', 'o']],
    ['(?i)é', ['É', 'e']],
    ['(?i)k', ['\u212a', 'K', 'x']],
    ['(?i)ß', ['ẞ', 'SS']],
    ['(?<name>a)b', ['ab', 'b']],
  ];
  it.each(table)('%s', (source, inputs) => {
    const regex = compiled(source);
    const js = oracle(source);
    for (const input of inputs) expect([input, regex.test(input)]).toEqual([input, js.test(input)]);
  });

  // A generator of expressions in the supported subset, each rendered twice: in PCRE syntax for
  // our engine, and as a JavaScript expression with PCRE's meaning (JavaScript's `$`, `.`, `\s`
  // and `^` with the m flag differ from PCRE's, so they are spelled out).
  interface Pair {
    p: string;
    j: string;
  }
  const LITERALS: readonly Pair[] = [...'abcAB01 -_éÉσΣς😀'].map((c) => ({ p: c, j: c })).concat([
    { p: '\\.', j: '\\.' },
    { p: '\\n', j: '\\n' },
    { p: '\\x61', j: '\\x61' },
  ]);
  const CLASSES: readonly Pair[] = [
    { p: '[ab]', j: '[ab]' },
    { p: '[^a-c]', j: '[^a-c]' },
    { p: '[a-zA-Z]', j: '[a-zA-Z]' },
    { p: '[0-9é]', j: '[0-9é]' },
    { p: '[\\d ]', j: '[0-9 ]' },
    { p: '[^\\s]', j: '[^\\t\\n\\x0b\\f\\r ]' },
    { p: '[😀-😂b]', j: '[😀-😂b]' },
    { p: '[[:alpha:]]', j: '[A-Za-z]' },
    { p: '[[:^digit:]]', j: '[^0-9]' },
    { p: '\\d', j: '\\d' },
    { p: '\\w', j: '\\w' },
    { p: '\\D', j: '\\D' },
    { p: '\\W', j: '\\W' },
    { p: '\\s', j: '[\\t\\n\\x0b\\f\\r ]' },
    { p: '\\S', j: '[^\\t\\n\\x0b\\f\\r ]' },
  ];
  const QUANTIFIERS = ['*', '+', '?', '{2}', '{1,}', '{0,2}', '{1,3}'];
  const INPUT_CHARS = [...'abcABC01 \n-._xéÉσΣς😀'];

  function generate(rng: Rng, depth: number, m: boolean, s: boolean): Pair {
    const branches = depth > 2 ? 1 : 1 + (rng.next() < 0.25 ? rng.int(2) + 1 : 0);
    const alts: Pair[] = [];
    for (let k = 0; k < branches; k++) {
      const items: Pair[] = [];
      const length = rng.int(4);
      for (let i = 0; i < length; i++) {
        const roll = rng.next();
        let atom: Pair;
        let quantifiable = true;
        if (roll < 0.45) atom = rng.pick(LITERALS);
        else if (roll < 0.6) atom = rng.pick(CLASSES);
        else if (roll < 0.67) atom = s ? { p: '.', j: '[\\s\\S]' } : { p: '.', j: '[^\\n]' };
        else if (roll < 0.8 && depth < 3) {
          const inner = generate(rng, depth + 1, m, s);
          atom = rng.next() < 0.5 ? { p: `(${inner.p})`, j: `(${inner.j})` } : { p: `(?:${inner.p})`, j: `(?:${inner.j})` };
        } else {
          quantifiable = false;
          atom = rng.pick([
            m ? { p: '^', j: '(?:^|(?<=\\n)(?=[\\s\\S]))' } : { p: '^', j: '^' },
            m ? { p: '$', j: '(?=\\n|(?![\\s\\S]))' } : { p: '$', j: '(?=\\n?$)' },
            { p: '\\b', j: '\\b' },
            { p: '\\B', j: '\\B' },
            { p: '\\A', j: '^' },
            { p: '\\z', j: '$' },
            { p: '\\Z', j: '(?=\\n?$)' },
          ]);
        }
        if (quantifiable && rng.next() < 0.35) {
          const q = rng.pick(QUANTIFIERS) + (rng.next() < 0.2 ? '?' : '');
          atom = { p: atom.p + q, j: atom.j + q };
        }
        items.push(atom);
      }
      alts.push({ p: items.map((x) => x.p).join(''), j: items.map((x) => x.j).join('') });
    }
    return { p: alts.map((x) => x.p).join('|'), j: alts.map((x) => x.j).join('|') };
  }

  it('agrees with RegExp on 2,000 generated expressions × 10 inputs', () => {
    const rng = new Rng(2027);
    let matched = 0;
    let total = 0;
    for (let n = 0; n < 2000; n++) {
      const flags = { i: rng.next() < 0.25, m: rng.next() < 0.2, s: rng.next() < 0.2 };
      const body = generate(rng, 0, flags.m, flags.s);
      const prefix = (['i', 'm', 's'] as const).filter((f) => flags[f]).join('');
      const source = (prefix ? `(?${prefix})` : '') + body.p;
      const regex = compiled(source);
      // V8 may try a match between the halves of a surrogate pair (where \B holds, for one);
      // a lazy prefix of whole code points keeps it to the positions PCRE tries.
      const js = new RegExp(`^[\\s\\S]*?(?:${body.j})`, flags.i ? 'iu' : 'u');
      for (let k = 0; k < 10; k++) {
        const input = Array.from({ length: rng.int(9) }, () => rng.pick(INPUT_CHARS)).join('');
        const got = regex.test(input);
        if (got !== js.test(input)) expect({ source, js: js.source, input, got }).toEqual({ source, js: js.source, input, got: !got });
        matched += got ? 1 : 0;
        total++;
      }
    }
    // Both answers are well represented, so the comparison means something.
    expect(matched / total).toBeGreaterThan(0.2);
    expect(matched / total).toBeLessThan(0.8);
  });
});

describe('compileRegex: PCRE semantics where JavaScript differs', () => {
  it.each([
    ['.', '\r', true], // PCRE's dot excludes only \n (JavaScript's also \r, U+2028, U+2029)
    ['.', '\u2028', true],
    ['.', '\n', false],
    ['(?s).', '\n', true],
    ['a$', 'a\n', true], // $ also before a final newline
    ['a$', 'a\n\n', false],
    ['a\\Z', 'a\n', true],
    ['a\\z', 'a\n', false],
    ['(?m)^b', 'a\nb', true],
    ['(?m)a$', 'a\nb', true],
    ['(?m)\\n^', 'a\n', false], // ^ does not match after a newline that ends the subject
    ['(?m)\\n^', 'a\nb', true],
    ['\\s', '\u000b', true],
    ['\\s', '\u00a0', false], // \d \w \s are ASCII (PCRE without UCP)
    ['\\w', 'é', false],
    ['\\bé', ' é', false],
    ['(?i)\\w', '\u212a', false], // case folding applies to characters, not to \w
    ['\\h', '\u00a0', true],
    ['\\h', '\n', false],
    ['\\v', '\u2028', true],
    ['\\v', 'v', false],
    ['\\N', '\n', false],
    ['\\Qa.b\\E', 'a.b', true],
    ['\\Qa.b\\E', 'axb', false],
    ['^\\Q(a\\E+$', '(aa', true], // the quantifier repeats the last quoted character
    ['^\\Q(a\\E+$', '(a(a', false],
    ['(?#comment)abc', 'abc', true],
    ['\\x{1F600}', '😀', true],
    ['\\uD83D\\uDE00', '😀', true],
    ['\\0\\cA\\e\\a\\f', '\u0000\u0001\u001b\u0007\u000c', true],
    ['a{', 'a{', true], // a { that is no quantifier is a literal
    ['a{x}', 'a{x}', true],
    ['x}]', 'x}]', true],
    ['[]a]', ']', true],
    ['[^]a]', 'b', true],
    ['[^]a]', ']', false],
    ['[a-]', '-', true],
    ['[\\b]', '\b', true],
    ['[[:upper:][:digit:]]+$', 'AB12', true],
    ['(?i)[[:upper:]]', 'a', true],
    ['a\\Kb', 'ab', true],
    ["(?'n'a)(?P<m>b)", 'ab', true],
    ['(?|(a)|(b))c', 'bc', true],
    ['a(?i)b|c', 'C', true], // (?i) holds to the end of the enclosing group, later alternatives included
    ['(a(?i)b)c', 'aBc', true],
    ['(a(?i)b)c', 'aBC', false],
    ['x(?i:a)b', 'xAb', true],
    ['x(?i:a)b', 'xAB', false],
    ['(?i)a(?-i)b', 'Ab', true],
    ['(?i)a(?-i)b', 'AB', false],
    ['(?i)straße', 'STRASSE', false], // simple case folding: one character for one
    ['(a*)*b', 'aaab', true],
    ['(a*)+$', '', true],
    ['(?:a?)*?c', 'aac', true],
  ] as const)('%j on %j is %s', (source, input, expected) => {
    expect(compiled(source).test(input)).toBe(expected);
  });

  it('reads a surrogate pair as one character and a lone surrogate as itself', () => {
    expect(compiled('^.{2}$').test('😀😀')).toBe(true);
    expect(compiled('^.{3}$').test('😀😀')).toBe(false);
    expect(compiled('^[^a]$').test('\ud83d')).toBe(true);
    expect(compiled('\\uD83D').test('x\ud83d')).toBe(true);
    expect(compiled('\\uD83D').test('😀')).toBe(false);
  });
});

describe('compileRegex: hostile expressions answer in linear time', () => {
  // Each takes a backtracking engine exponential (or high polynomial) time on these inputs.
  const n = 30_000;
  it.each([
    ['(a+)+$', `${n} a's and !`, 'a'.repeat(n) + '!', false],
    ['(a+)+$', `${n} a's`, 'a'.repeat(n), true],
    ['(a|aa)*b', `${n} a's`, 'a'.repeat(n), false],
    ['(a|aa)*b', `${n} a's and b`, 'a'.repeat(n) + 'b', true],
    ['(x+x+)+y', `${n} x's`, 'x'.repeat(n), false],
    ['(x+x+)+y', `${n} x's and y`, 'x'.repeat(n) + 'y', true],
    ['^(\\w+\\s?)*$', `${n / 5} words and !`, 'word '.repeat(n / 5) + '!', false],
    ['^(\\w+\\s?)*$', `${n / 5} words`, 'word '.repeat(n / 5), true],
    ['(.*a){12}', `${n / 3} a's and ${n} b's`, 'a'.repeat(n / 3) + 'b'.repeat(n), true],
    ['(.*a){12}x', `${n} a's`, 'a'.repeat(n), false],
    ['^(a?){25}a{25}$', "25 a's", 'a'.repeat(25), true],
    ['(?i)(\\d+|[a-z]+)*!', `${n / 2} a1's`, 'a1'.repeat(n / 2), false],
  ] as const)('%s on %s', (source, _what, input, expected) => {
    expect(compiled(source).test(input)).toBe(expected);
  });

  it('searches a megabyte without trouble', () => {
    const regex = compiled('(a|aa)*b');
    expect(regex.test('a'.repeat(1_000_000))).toBe(false);
    expect(regex.test('a'.repeat(1_000_000) + 'b')).toBe(true);
  });

  it('bounds the expanded program: counted repetition, long sources and nesting', () => {
    expect(compiled('a{9999}').states).toBe(DEFAULT_MAX_STATES);
    const big = refusal('a{10000}');
    expect(big.offset).toBe(0);
    expect(big.message).toMatch(/too large.*10001 states.*at most 10000/);
    expect(refusal('x(a{100}){101}').offset).toBe(1);
    expect(refusal('((a{50}){50}){50}').offset).toBe(0);
    expect(refusal('(?:a{1000}|b){1000}').message).toMatch(/too large/);
    expect(compileRegex('a{20}', { maxStates: 20 }).ok).toBe(false);
    expect(compileRegex('a{19}', { maxStates: 20 }).ok).toBe(true);
    const long = refusal('a'.repeat(1_000_000));
    expect(long.offset).toBe(DEFAULT_MAX_STATES - 1);
    expect(refusal('a|'.repeat(500_000)).message).toMatch(/too large/);
    expect(refusal(`\\Q${'a'.repeat(1_000_000)}`).message).toMatch(/too large/);
    expect(compiled('(?:)'.repeat(250_000) + 'a').states).toBe(2);
    const deep = refusal('('.repeat(10_000) + 'a' + ')'.repeat(10_000));
    expect(deep.offset).toBe(MAX_GROUP_DEPTH);
    expect(deep.message).toMatch(/nested deeper than 250/);
    expect(compiled('('.repeat(MAX_GROUP_DEPTH) + 'a' + ')'.repeat(MAX_GROUP_DEPTH)).test('a')).toBe(true);
    expect(refusal('a{65536}').message).toMatch(/above 65535/);
    expect(compiled('x(?:(?:){65535}){65535}y').test('xy')).toBe(true);
  });
});

describe('compileRegex: refuses what cannot run in linear time, saying what and where', () => {
  it.each([
    ['(a)\\1', 3, /backreference \\1/],
    ['(?<n>a)\\k<n>', 7, /backreference \\k/],
    ['(a)\\g{1}', 3, /backreference \\g/],
    ['(a)\\g<1>', 3, /subroutine call/],
    ['(?P<n>a)(?P=n)', 8, /backreference \(\?P=/],
    ['x(?=y)', 1, /lookahead \(\?=/],
    ['x(?!y)', 1, /lookahead \(\?!/],
    ['(?<=x)y', 0, /lookbehind \(\?<=/],
    ['ab(?<!x)y', 2, /lookbehind \(\?<!/],
    ['a*+', 1, /possessive quantifier \*\+/],
    ['ba{2,3}+', 2, /possessive quantifier \{2,3\}\+/],
    ['(?>a+)b', 0, /atomic group \(\?>/],
    ['(?R)', 0, /recursion or subroutine call \(\?R/],
    ['(a(?1)?b)', 2, /recursion or subroutine call \(\?1/],
    ['(?<n>a(?&n)?)', 6, /recursion or subroutine call \(\?&/],
    ['(?P>n)', 0, /recursion or subroutine call \(\?P>/],
    ['(?(1)a|b)', 0, /conditional group/],
    ['a(*FAIL)', 1, /backtracking control verb or option \(\*FAIL/],
    ['(*UTF)a', 0, /\(\*UTF/],
    ['(?C1)a', 0, /callout/],
    ['\\p{L}', 0, /Unicode property \\p/],
    ['a\\R', 1, /\\R \(newline sequence\)/],
    ['\\Ga', 0, /\\G/],
  ] as const)('%s (offset %i)', (source, offset, message) => {
    const error = refusal(source);
    expect(error.offset).toBe(offset);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(`at offset ${offset}`);
  });

  it.each([
    ['(?x)a b', 2, /inline flag x/],
    ['(?i-U)a', 4, /inline flag U/],
    ['(ab', 0, /missing \)/],
    ['ab)', 2, /unmatched \)/],
    ['[ab', 0, /missing \]/],
    ['[z-a]', 1, /range out of order/],
    ['[a-\\d]', 3, /invalid range/],
    ['[\\d-z]', 1, /invalid range/],
    ['*a', 0, /nothing to repeat/],
    ['a|?', 2, /nothing to repeat/],
    ['^*', 1, /nothing to repeat/],
    ['a**', 2, /nothing to repeat/],
    ['a{2}{3}', 4, /nothing to repeat/],
    ['a{3,2}', 1, /out of order/],
    ['a{,3}', 1, /write \{0,n\}/],
    ['ab\\', 2, /\\ at the end/],
    ['\\q', 0, /unknown escape \\q/],
    ['\\x', 0, /\\x needs/],
    ['\\u12', 0, /\\u needs/],
    ['\\x{110000}', 0, /above U\+10FFFF/],
    ['[:alpha:]', 0, /inside brackets/],
    ['[[:alfa:]]', 1, /unknown POSIX class/],
    ['[[:constructor:]]', 1, /unknown POSIX class/],
    ['(?<1a>x)', 0, /invalid group name/],
    ['(?~a)', 0, /unknown group syntax/],
    ['[\\A]', 1, /not allowed inside brackets/],
  ] as const)('%s is a syntax error at offset %i', (source, offset, message) => {
    const error = refusal(source);
    expect(error.offset).toBe(offset);
    expect(error.message).toMatch(message);
  });
});

describe('compileRegex: robustness', () => {
  it('answers every source with a regex or an error, never an exception', () => {
    const rng = new Rng(8);
    const pieces = [...'()[]{}|*+?^$.\\-:,<>=!#&\'PRkgxuQEb0129aAzZ😀'];
    for (let n = 0; n < 20_000; n++) {
      const source = Array.from({ length: 1 + rng.int(12) }, () => rng.pick(pieces)).join('');
      const r = compileRegex(source);
      if (r.ok) {
        expect(typeof r.regex.test('a(b)😀1')).toBe('boolean');
        expect(typeof r.regex.test(Uint8Array.of(0, 0x61, 0xff))).toBe('boolean');
      } else {
        expect(r.error.offset).toBeGreaterThanOrEqual(0);
        expect(r.error.offset).toBeLessThanOrEqual(source.length);
        expect(r.error.message).toContain(`offset ${r.error.offset}`);
      }
    }
  });
});

describe('compileRegex: binary values (STIX binary type)', () => {
  // The OASIS reference matcher's binary cases: bytes are characters U+0000–U+00FF.
  const alice = bytes('alice');
  it.each([
    ['\\x61li[c\\x01]e', alice, true],
    ['\\x62o[b\\x01]', alice, false],
    ['ălice', alice, false], // written with a character above U+00FF: never matches bytes
    ['alice|ă', alice, false],
    ['alice|\\u0103', alice, true], // an escape is plain text: its alternative simply matches no byte
    ['.*\\x03', Uint8Array.of(1, 2, 3, 4), true],
    ['^\\x01\\x02', Uint8Array.of(1, 2, 3, 4), true],
    ['\\xff$', Uint8Array.of(0, 0xff), true],
    ['[\\x80-\\xff]', Uint8Array.of(0x41, 0x7f), false],
    ['.', Uint8Array.of(0x0a), false],
    ['(?i)ALICE', alice, true],
    ['(?i)\\xe5', Uint8Array.of(0xc5), false], // case folding on bytes is ASCII only, as PCRE on bytes
    ['(?i)\\xe5', Uint8Array.of(0xe5), true],
    ['(a|aa)*b', new Uint8Array(30_000).fill(0x61), false],
  ] as const)('%s', (source, input, expected) => {
    expect(compiled(source).test(input)).toBe(expected);
  });

  it('folds Latin-1 letters in strings but not in bytes', () => {
    const regex = compiled('(?i)\\xe5');
    expect(regex.test('Å')).toBe(true);
    expect(regex.test(Uint8Array.of(0xc5))).toBe(false);
  });
});
