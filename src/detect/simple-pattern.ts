// Reading a million indicators' patterns fast (issue 8, "Benchmark": the index built from the
// store in ≤ 2× the time it takes to read and JSON.parse the indicators). Most shared indicators
// are one comparison of one well-known path with a plain string — `[ipv4-addr:value = '…']`,
// `[file:hashes.'SHA-256' = '…']`, `[domain-name:value LIKE '%.…']`, `[ipv4-addr:value ISSUBSET
// '…/24']` — and for exactly those shapes the AST (spans included) is built here without the
// general parser and type checker; anything else, by one character, goes through
// `validatePattern`. The test compares the two on generated patterns and near misses.
import { isCidr, validatePattern, type Pattern, type ValidatedPattern } from '../pattern/index.js';

/** `[type:property = 'value']`, `[type:property.'key' LIKE 'value']`: no escapes, single spaces. */
const SIMPLE = /^\[([a-z][a-z0-9-]*):([a-z_]+)(?:\.'([A-Za-z0-9-]+)')? (=|LIKE|ISSUBSET) '([^'\\]*)'\]$/;

/** The paths the fast way takes: known types and properties, so the checker has nothing to say about them. */
const PATHS = new Set([
  'ipv4-addr:value', 'ipv6-addr:value', 'domain-name:value', 'url:value', 'email-addr:value', 'file:name',
  ...['MD5', 'SHA-1', 'SHA-256', 'SHA-512'].map((h) => `file:hashes.'${h}'`), ...['MD5', 'SHA-1', 'SHA-256'].map((h) => `x509-certificate:hashes.'${h}'`),
]);

/** An indicator's pattern parsed and checked: what `validatePattern` gives, faster for the common shapes. */
export function parseIndicatorPattern(text: string): ValidatedPattern {
  return simplePattern(text) ?? validatePattern(text);
}

/** The AST of a pattern of the simple shapes, as the parser builds it; undefined for any other pattern. */
export function simplePattern(text: string): ValidatedPattern | undefined {
  if (text.length > 4096) return undefined;
  const m = SIMPLE.exec(text);
  if (m === null) return undefined;
  const [, objectType = '', property = '', key, operator = '', value = ''] = m;
  if (!PATHS.has(key === undefined ? `${objectType}:${property}` : `${objectType}:${property}.'${key}'`)) return undefined;
  if (operator === 'ISSUBSET' && !(isCidr(value) && (objectType === 'ipv4-addr' || objectType === 'ipv6-addr'))) return undefined;
  const propertyStart = 2 + objectType.length;
  const pathEnd = propertyStart + property.length + (key === undefined ? 0 : key.length + 3);
  const steps = [{ kind: 'property' as const, name: property, start: propertyStart, end: propertyStart + property.length }];
  if (key !== undefined) steps.push({ kind: 'property', name: key, start: propertyStart + property.length + 1, end: pathEnd });
  const valueStart = pathEnd + operator.length + 2;
  const valueEnd = valueStart + value.length + 2;
  const pattern: Pattern = {
    kind: 'observation',
    comparison: {
      kind: 'comparison', path: { kind: 'path', objectType, steps, start: 1, end: pathEnd }, negated: false,
      operator: operator as '=' | 'LIKE' | 'ISSUBSET', value: { kind: 'string', value, start: valueStart, end: valueEnd }, start: 1, end: valueEnd,
    },
    start: 0,
    end: text.length,
  };
  return { ok: true, pattern, warnings: [] };
}
