// The printer: canonical text, and parse → print → parse gives the same tree (offsets aside), on
// the specification's examples and on generated patterns covering every node kind.
import { describe, expect, it } from 'vitest';
import { SPEC_EXAMPLES } from './corpus.case.js';
import { formatPattern } from './format.js';
import { parsePattern } from './parse.js';

/** The tree without source offsets, for comparing two parses of different texts. */
function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'start' && k !== 'end').map(([k, v]) => [k, strip(v)]));
  }
  return value;
}

function roundTrip(text: string): void {
  const first = parsePattern(text);
  if (!first.ok) throw new Error(`${text}: ${first.error.message}`);
  const printed = formatPattern(first.pattern);
  const second = parsePattern(printed);
  if (!second.ok) throw new Error(`${printed}: ${second.error.message}`);
  expect(strip(second.pattern), `${text}\n→ ${printed}`).toEqual(strip(first.pattern));
  expect(formatPattern(second.pattern)).toBe(printed);
}

describe('formatPattern', () => {
  it.each(SPEC_EXAMPLES)('round-trips the example (%s)', (_section, text) => roundTrip(text));

  it.each([
    ["[ file:hashes.'MD5'=='x' ]", "[file:hashes.MD5 = 'x']"],
    ["[x-a:'AND' <> +5]", "[x-a:'AND' != 5]"],
    ["[x-a:b = .5 OR x-a:c = h'FF' OR x-a:d = 'it\\'s']", "[x-a:b = 0.5 OR x-a:c = h'ff' OR x-a:d = 'it\\'s']"],
    ['(([x-a:b = 1]))', '[x-a:b = 1]'],
    ['([x-a:b = 1] AND [x-a:c = 1]) AND [x-a:d = 1]', '([x-a:b = 1] AND [x-a:c = 1]) AND [x-a:d = 1]'],
    ['[x-a:b = 1] AND ([x-a:c = 1] OR [x-a:d = 1]) WITHIN 5 SECONDS', '[x-a:b = 1] AND ([x-a:c = 1] OR [x-a:d = 1]) WITHIN 5 SECONDS'],
    ['[(x-a:b = 1 AND x-a:c = 2) OR x-a:d = 3]', '[x-a:b = 1 AND x-a:c = 2 OR x-a:d = 3]'],
    ['[x-a:b = 1 AND (x-a:c = 2 OR x-a:d = 3)]', '[x-a:b = 1 AND (x-a:c = 2 OR x-a:d = 3)]'],
    ['[x-a:list[0].x[*] NOT IN (1,2)]', '[x-a:list[0].x[*] NOT IN (1, 2)]'],
  ])('%s → %s', (text, canonical) => {
    const r = parsePattern(text);
    expect(r.ok && formatPattern(r.pattern)).toBe(canonical);
    roundTrip(text);
  });

  it('round-trips 2,000 generated patterns', () => {
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * n);
    };
    const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)] as T;
    const constants = ["'a'", "'it\\'s'", "'back\\\\slash'", '0', '-12', '+3', '1.5', '-.25', 'true', 'false', "t'2020-01-01T00:00:00Z'", "t'2020-01-01T00:00:00.123Z'", "h'00ff'", "b'AAAA'", "b'AA=='"];
    const names = ['name', "'SHA-256'", 'x_y', "'has space'", "'AND'", 'value'];
    const path = (): string => {
      let p = `${pick(['file', 'x-acme-thing', 'ipv4-addr'])}:${pick(['name', 'size', 'value', "'q'"])}`;
      for (let i = rand(3); i > 0; i--) p += pick([`.${pick(names)}`, '[*]', `[${rand(5)}]`]);
      return p;
    };
    const comparison = (depth: number): string => {
      const r = rand(depth > 2 ? 3 : 6);
      if (r === 0) return `${path()} ${pick(['', 'NOT '])}${pick(['=', '!=', '<', '>=', 'LIKE', 'MATCHES', 'ISSUBSET'])} ${pick(constants)}`;
      if (r === 1) return `${path()} ${pick(['', 'NOT '])}IN (${pick(constants)}, ${pick(constants)})`;
      if (r === 2) return `${pick(['', 'NOT '])}EXISTS ${path()}`;
      if (r === 3) return `(${comparison(depth + 1)})`;
      return `${comparison(depth + 1)} ${pick(['AND', 'OR'])} ${comparison(depth + 1)}`;
    };
    const observation = (depth: number): string => {
      const r = rand(depth > 2 ? 2 : 6);
      if (r <= 1) return `[${comparison(0)}]`;
      if (r === 2) return `(${observation(depth + 1)})`;
      if (r === 3) return `${observation(depth + 1)} ${pick(['WITHIN 5 SECONDS', 'WITHIN 2.5 SECONDS', 'REPEATS 3 TIMES', "START t'2020-01-01T00:00:00Z' STOP t'2021-01-01T00:00:00Z'"])}`;
      return `${observation(depth + 1)} ${pick(['AND', 'OR', 'FOLLOWEDBY'])} ${observation(depth + 1)}`;
    };
    for (let i = 0; i < 2000; i++) roundTrip(observation(0));
  });
});
