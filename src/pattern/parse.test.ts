// The parser: every example of STIX 2.1 §9 parses; operators, qualifiers and constants give the
// tree they should; precedence follows §9.7; invalid input gets its position and what was
// expected; hostile input (1 MB, 10,000 levels deep) is answered, never a crash.
import { describe, expect, it } from 'vitest';
import type { Comparison, ComparisonExpression, ObservationExpression, Pattern } from './ast.js';
import { SPEC_EXAMPLES } from './corpus.case.js';
import { formatPattern } from './format.js';
import { MAX_PATTERN_DEPTH, MAX_PATTERN_LENGTH, parsePattern } from './parse.js';

function parse(text: string, version: '2.1' | '2.0' = '2.1'): Pattern {
  const r = parsePattern(text, { version });
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
  return r.pattern;
}

/** The comparison inside a single `[…]` pattern. */
function only(text: string): ComparisonExpression {
  const p = parse(text);
  if (p.kind !== 'observation') throw new Error('not one observation');
  return p.comparison;
}

/** The tree's shape as a compact string, e.g. `OR(AND([a],[b]),[c])`. */
function shape(n: ObservationExpression): string {
  switch (n.kind) {
    case 'observation': return `[${n.comparison.kind === 'comparison' ? n.comparison.path.objectType : n.comparison.kind}]`;
    case 'observation-and': return `AND(${n.operands.map(shape).join(',')})`;
    case 'observation-or': return `OR(${n.operands.map(shape).join(',')})`;
    case 'followedby': return `FB(${n.operands.map(shape).join(',')})`;
    case 'within': return `WITHIN${n.seconds.text}(${shape(n.expression)})`;
    case 'repeats': return `REPEATS${n.times.text}(${shape(n.expression)})`;
    case 'start-stop': return `STARTSTOP(${shape(n.expression)})`;
  }
}

describe('parsePattern: the specification\'s examples', () => {
  it.each(SPEC_EXAMPLES)('%s: %s', (_section, text) => {
    const r = parsePattern(text);
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
  });
});

describe('parsePattern: operators, constants, paths', () => {
  it.each([
    ['=', 'x-a:b = 1'], ['!=', 'x-a:b != 1'], ['<', 'x-a:b < 1'], ['>', 'x-a:b > 1'], ['<=', 'x-a:b <= 1'], ['>=', 'x-a:b >= 1'],
    ['LIKE', "x-a:b LIKE 'a%'"], ['MATCHES', "x-a:b MATCHES '^a'"], ['ISSUBSET', "x-a:b ISSUBSET '10.0.0.0/8'"], ['ISSUPERSET', "x-a:b ISSUPERSET '10.0.0.1'"],
  ])('operator %s', (op, body) => {
    const c = only(`[${body}]`) as Comparison;
    expect(c).toMatchObject({ kind: 'comparison', operator: op, negated: false });
    const n = only(`[${body.replace(` ${op} `, ` NOT ${op} `)}]`) as Comparison;
    expect(n).toMatchObject({ operator: op, negated: true });
  });

  it('== and <> are = and !=', () => {
    expect(only('[x-a:b == 1]')).toMatchObject({ operator: '=' });
    expect(only('[x-a:b <> 1]')).toMatchObject({ operator: '!=' });
  });

  it('IN with a set; EXISTS and NOT EXISTS', () => {
    expect(only("[x-a:b IN ('x', 'y')]")).toMatchObject({ operator: 'IN', value: { kind: 'set', items: [{ value: 'x' }, { value: 'y' }] } });
    expect(only('[EXISTS x-a:b.c]')).toMatchObject({ kind: 'exists', negated: false, path: { objectType: 'x-a', steps: [{ name: 'b' }, { name: 'c' }] } });
    expect(only('[NOT EXISTS x-a:b]')).toMatchObject({ kind: 'exists', negated: true });
  });

  it.each([
    ["'it\\'s \\\\ here'", { kind: 'string', value: "it's \\ here" }],
    ['42', { kind: 'integer', value: 42, text: '42' }],
    ['+7', { kind: 'integer', value: 7, text: '7' }],
    ['-3', { kind: 'integer', value: -3, text: '-3' }],
    ['123456789012345678901', { kind: 'integer', text: '123456789012345678901' }],
    ['7.25', { kind: 'float', value: 7.25, text: '7.25' }],
    ['-.5', { kind: 'float', value: -0.5, text: '-0.5' }],
    ['true', { kind: 'boolean', value: true }],
    ['false', { kind: 'boolean', value: false }],
    ["t'2016-02-29T23:59:59.123456Z'", { kind: 'timestamp', value: '2016-02-29T23:59:59.123456Z' }],
    ["h'FFd8'", { kind: 'hex', value: 'ffd8' }],
    ["h''", { kind: 'hex', value: '' }],
    ["b'dGhpcyBpcyBhIHRlc3Q='", { kind: 'binary', value: 'dGhpcyBpcyBhIHRlc3Q=' }],
  ])('constant %s', (text, expected) => {
    expect((only(`[x-a:b = ${text}]`) as Comparison).value).toMatchObject(expected);
  });

  it('object paths: dotted, quoted, indexes, [*], references; offsets on every step', () => {
    const c = only("[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]") as Comparison;
    expect(c.path.steps).toEqual([
      { kind: 'property', name: 'extensions', start: 6, end: 16 },
      { kind: 'property', name: 'windows-pebinary-ext', start: 17, end: 39 },
      { kind: 'property', name: 'sections', start: 40, end: 48 },
      { kind: 'any-index', start: 48, end: 51 },
      { kind: 'property', name: 'entropy', start: 52, end: 59 },
    ]);
    expect(c.path).toMatchObject({ objectType: 'file', start: 1, end: 59 });
    expect((only("[email-message:body_multipart[0].body_raw_ref.name = 'x']") as Comparison).path.steps.map((s) => s.kind === 'property' ? s.name : s.kind === 'index' ? s.index : '*'))
      .toEqual(['body_multipart', 0, 'body_raw_ref', 'name']);
    // Unquoted hyphenated keys (python-stix2 writes them) are accepted too.
    expect((only('[file:extensions.windows-pebinary-ext.imphash = \'x\']') as Comparison).path.steps[1]).toMatchObject({ name: 'windows-pebinary-ext' });
  });

  it('comments and the grammar\'s whitespace are skipped', () => {
    expect(formatPattern(parse("/* c */ [ x-a:b\u00a0=\t1 // end\n]"))).toBe('[x-a:b = 1]');
  });
});

describe('parsePattern: precedence and associativity (§9.7)', () => {
  it.each([
    ['[x-a:x = 1] AND [x-b:y = 2] OR [x-c:z = 3]', 'OR(AND([x-a],[x-b]),[x-c])'],
    ['[x-a:x = 1] OR [x-b:y = 2] AND [x-c:z = 3]', 'OR([x-a],AND([x-b],[x-c]))'],
    ['[x-a:x = 1] OR [x-b:y = 2] FOLLOWEDBY [x-c:z = 3]', 'FB(OR([x-a],[x-b]),[x-c])'],
    ['[x-a:x = 1] FOLLOWEDBY [x-b:y = 2] FOLLOWEDBY [x-c:z = 3]', 'FB([x-a],[x-b],[x-c])'],
    ['[x-a:x = 1] AND ([x-b:y = 2] OR [x-c:z = 3])', 'AND([x-a],OR([x-b],[x-c]))'],
    ['([x-a:x = 1] AND [x-b:y = 2]) AND [x-c:z = 3]', 'AND(AND([x-a],[x-b]),[x-c])'],
    ['[x-a:x = 1] AND [x-b:y = 2] WITHIN 5 SECONDS', 'AND([x-a],WITHIN5([x-b]))'],
    ['([x-a:x = 1] AND [x-b:y = 2]) WITHIN 5 SECONDS', 'WITHIN5(AND([x-a],[x-b]))'],
    ['[x-a:x = 1] REPEATS 5 TIMES WITHIN 1800 SECONDS', 'WITHIN1800(REPEATS5([x-a]))'],
    ["[x-a:x = 1] START t'2016-01-01T00:00:00Z' STOP t'2016-01-02T00:00:00Z' OR [x-b:y = 2]", 'OR(STARTSTOP([x-a]),[x-b])'],
  ])('%s', (text, expected) => {
    expect(shape(parse(text))).toBe(expected);
  });

  it('inside brackets AND binds tighter than OR; parentheses regroup', () => {
    const c = only('[x-a:p = 1 OR x-a:q = 2 AND x-a:r = 3]');
    expect(c.kind).toBe('or');
    expect(c.kind === 'or' && c.operands[1]?.kind).toBe('and');
    const d = only('[(x-a:p = 1 OR x-a:q = 2) AND x-a:r = 3]');
    expect(d.kind === 'and' && d.operands[0]?.kind).toBe('or');
    expect(d).toMatchObject({ start: 1, end: '[(x-a:p = 1 OR x-a:q = 2) AND x-a:r = 3'.length });
  });
});

describe('parsePattern: errors name the position and what was expected', () => {
  it.each([
    ['file:size = 1280', 1, 1, "expected '['"],
    ['[file:size = ]', 1, 14, "expected a constant after =, found ']'"],
    ['[file:hashes.MD5 = cead3f77f6cda6ec00f57d76c9a6879f]', 1, 20, "strings are quoted"],
    ["[file:hashes.'SHA-256' EQ 'x']", 1, 24, "expected a comparison operator (=, !=, <, >, <=, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET) after the object path file:hashes.'SHA-256', found 'EQ'"],
    ['[file.size = 1280]', 1, 6, "expected ':' after the object type file"],
    ["[file:name MATCHES /.*\\.dll/]", 1, 20, "unexpected character '/'"],
    ["[x-a:b = 1] WITHIN ]", 1, 20, 'expected a number after WITHIN'],
    ["[x-a:b = 1] WITHIN 5 HOURS", 1, 22, 'expected SECONDS after the number of WITHIN'],
    ["[x-a:b ISSUBSET ]", 1, 17, 'expected a constant after ISSUBSET'],
    ["[x-a:b =? 'x']", 1, 9, "unexpected character '?'"],
    ["[x-a:b = t'2457-73-22T32:81:84.1Z']", 1, 10, "t'2457-73-22T32:81:84.1Z' is not a valid STIX timestamp"],
    ["[x-a:b = t'2023-02-29T00:00:00Z']", 1, 10, 'is not a valid STIX timestamp'],
    ["[x-a:b = b'====']", 1, 10, 'is not a binary constant'],
    ["[x-a:b = h'abc']", 1, 10, 'even number of hex digits'],
    ['[x-a:b=1] within 2 seconds', 1, 11, 'keywords are upper case: WITHIN'],
    ["[x-a:b = 'open]", 1, 10, 'is not closed'],
    ["[x-a:b = 'a\\n']", 1, 12, "'\\n' is not an escape STIX strings allow"],
    ['[x-a:b = 1', 1, 11, "expected ']' to close the observation expression opened at 1:1, found the end of the pattern"],
    ['[x-a:b = 1]\nAND\n[x-a:c = ]', 3, 10, "expected a constant after =, found ']'"],
    ['[x-a:b = 1] AND', 1, 16, "expected an observation expression: '[' or '('"],
    ['[[x-a:b = 1]]', 1, 2, 'cannot be nested'],
    ['[x-a:b = 01]', 1, 10, 'no leading zeros'],
    ['[x-a:b = 1.]', 1, 10, 'digits must follow the decimal point'],
    ["[x-a:b IN ('a' 'b')]", 1, 16, "expected ',' or ')' in the set of values"],
    ['[x-a:b[x] = 1]', 1, 8, "expected a list index (a number) or '*'"],
    ['', 1, 1, 'found the end of the pattern'],
  ])('%s', (text, line, column, fragment) => {
    const r = parsePattern(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toContain(fragment);
    expect(r.error.message.startsWith(`at ${line}:${column}: `), r.error.message).toBe(true);
    expect([r.error.line, r.error.column]).toEqual([line, column]);
    expect(r.error).toMatchObject({ code: expect.stringMatching(/^pattern\./) as string, severity: 'error' });
  });

  it('lists what was expected', () => {
    const r = parsePattern('[x-a:b 1]');
    expect(!r.ok && r.error.expected).toEqual(['=', '!=', '<', '>', '<=', '>=', 'IN', 'LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET']);
  });
});

describe('parsePattern: STIX 2.0', () => {
  it('has no EXISTS', () => {
    const r = parsePattern('[EXISTS x-a:b]', { version: '2.0' });
    expect(!r.ok && r.error).toMatchObject({ code: 'pattern.version', column: 2 });
    expect(!r.ok && r.error.message).toContain('EXISTS is not part of STIX 2.0');
  });

  it('takes START/STOP as timestamps or as plain strings holding timestamps, WITHIN in whole seconds', () => {
    expect(parse("[x-a:b = 1] START '2016-06-01T00:00:00Z' STOP '2016-07-01T00:00:00Z'", '2.0')).toMatchObject({ kind: 'start-stop', startTime: { kind: 'timestamp', value: '2016-06-01T00:00:00Z' } });
    expect(parse("[x-a:b = 1] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'", '2.0').kind).toBe('start-stop');
    expect(parsePattern("[x-a:b = 1] START '2016-13-01T00:00:00Z' STOP '2016-07-01T00:00:00Z'", { version: '2.0' }).ok).toBe(false);
    expect(parsePattern("[x-a:b = 1] START '2016-06-01T00:00:00Z' STOP '2016-07-01T00:00:00Z'").ok).toBe(false);
    expect(parsePattern('[x-a:b = 1] WITHIN 2.5 SECONDS', { version: '2.0' }).ok).toBe(false);
    expect(parse('[x-a:b = 1] WITHIN 2.5 SECONDS')).toMatchObject({ kind: 'within', seconds: { kind: 'float', value: 2.5 } });
  });
});

describe('parsePattern: hostile input', () => {
  it('answers a pattern nested 10,000 deep with an error, not a stack overflow', () => {
    for (const text of ['('.repeat(10_000) + '[x-a:b = 1]' + ')'.repeat(10_000), '[' + '('.repeat(10_000) + 'x-a:b = 1' + ')'.repeat(10_000) + ']']) {
      const r = parsePattern(text);
      expect(!r.ok && r.error).toMatchObject({ code: 'pattern.too-deep', offset: MAX_PATTERN_DEPTH });
    }
    const ok = '('.repeat(MAX_PATTERN_DEPTH - 1) + '[x-a:b = 1]' + ')'.repeat(MAX_PATTERN_DEPTH - 1);
    expect(parsePattern(ok).ok).toBe(true);
  });

  it('parses a 1 MB pattern in linear time and refuses a longer one', () => {
    const unit = " OR x-a:b = 'abcdefghij'";
    const body = "x-a:b = 'abcdefghij'" + unit.repeat(Math.floor((MAX_PATTERN_LENGTH - 40) / unit.length));
    const text = `[${body}]`;
    expect(text.length).toBeGreaterThan(1_000_000);
    const t0 = performance.now();
    const r = parsePattern(text);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r.ok && r.pattern.kind === 'observation' && r.pattern.comparison.kind === 'or' && r.pattern.comparison.operands.length).toBeGreaterThan(40_000);
    // A deep and long AND chain stays one flat node, so later walks are shallow too.
    expect(r.ok && formatPattern(r.pattern).length).toBe(text.length);
    const long = parsePattern(`${text}${' '.repeat(MAX_PATTERN_LENGTH)}`);
    expect(!long.ok && long.error).toMatchObject({ code: 'pattern.too-long' });
  });

  it('never throws on arbitrary input', () => {
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = ["[", "]", "(", ")", "'", "\\", ":", ".", "x-a", "b", " ", "=", "AND", "OR", "NOT", "IN", "1", "-", "t'", "h'", "b'", "*", ",", "WITHIN", "\n", "\u2028", "é", "/*"];
    for (let i = 0; i < 3000; i++) {
      let s = '';
      const n = Math.floor(rand() * 30);
      for (let j = 0; j < n; j++) s += alphabet[Math.floor(rand() * alphabet.length)];
      expect(() => parsePattern(s)).not.toThrow();
    }
  });
});
