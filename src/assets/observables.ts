// The values in a piece of intelligence the registry's watch compares with assets: addresses and
// networks, domains, URLs and e-mail addresses — read from SCOs (observed-data, reports) and from
// indicator patterns. This is not a pattern parser (src/pattern/ is): it finds the comparisons
//   <path ending in value> (= | IN | ISSUBSET | ISSUPERSET) <string or list of strings>
//   domain-name:value LIKE '%.<domain>'
// wherever they are in a STIX pattern, whatever joins them (AND, OR, FOLLOWEDBY, qualifiers), and
// classifies each string by its shape. A value an indicator names in an AND still touches the
// asset: the watch warns of intelligence *about* an asset, not of a pattern that would fire.
// Negated comparisons (NOT, !=) name what is not there and are left out.
import { normalDomain, parseNetwork, urlHost } from './net.js';

export type ObservableKind = 'ip' | 'domain' | 'domain-suffix' | 'url' | 'email';

export interface Observable {
  readonly kind: ObservableKind;
  /** As written in the intelligence (a domain suffix without its `%.`). */
  readonly value: string;
  /** Where it was found: `pattern`, or the SCO's id (or key in a 2.0 observed-data's objects). */
  readonly where: string;
}

/** The kind a string's shape says, or undefined when it is none the watch compares. */
function kindOf(value: string): ObservableKind | undefined {
  if (parseNetwork(value) !== undefined) return 'ip';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return urlHost(value) !== undefined ? 'url' : undefined;
  if (/^[^@\s]+@[^@\s]+$/.test(value)) return normalDomain(value.slice(value.lastIndexOf('@') + 1)) !== undefined ? 'email' : undefined;
  return normalDomain(value) !== undefined ? 'domain' : undefined;
}

/** A token of a pattern whose literals are taken out: a literal, an operator, a bracket, or a word. */
const TOKEN = /'#\d+'|!=|=|[(),]|[^\s(),=!']+|[!']/g;
const PATH = /^[a-z0-9_-]+:(?:[a-z0-9_'*.[\]-]*\.)?value$/i;
const OPERATORS = new Set(['=', 'IN', 'ISSUBSET', 'ISSUPERSET', 'LIKE']);

/** The values an indicator's STIX pattern compares with (see the module comment). */
export function patternObservables(pattern: string, where = 'pattern'): Observable[] {
  // String literals (STIX 2.1 §9.2: single quotes, \' and \\ escapes) are taken out first, so
  // that nothing inside a string is read as a comparison.
  const literals: string[] = [];
  let skeleton = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c !== "'") {
      skeleton += c;
      continue;
    }
    let v = '';
    for (i++; i < pattern.length && pattern[i] !== "'"; i++) {
      if (pattern[i] === '\\' && i + 1 < pattern.length) i++;
      v += pattern[i] as string;
    }
    skeleton += `'#${literals.length}'`;
    literals.push(v);
  }
  // One pass over the tokens (linear, whatever the pattern's length or nesting): a path ending
  // in `value`, an optional NOT, an operator, then a literal or a parenthesised list of them.
  const tokens = skeleton.match(TOKEN) ?? [];
  const out: Observable[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!PATH.test((tokens[i] as string).replace(/^\[+/, ''))) continue;
    let j = i + 1;
    const negated = tokens[j]?.toUpperCase() === 'NOT';
    if (negated) j++;
    const op = tokens[j]?.toUpperCase() ?? '';
    if (negated || !OPERATORS.has(op)) continue;
    j++;
    const refs: string[] = [];
    if (tokens[j] === '(') {
      for (j++; j < tokens.length && tokens[j] !== ')'; j++) if (tokens[j]?.startsWith("'#") === true) refs.push(tokens[j] as string);
    } else if (tokens[j]?.startsWith("'#") === true) {
      refs.push(tokens[j] as string);
    }
    i = j;
    for (const ref of refs) {
      const value = literals[Number(ref.slice(2, -1))] ?? '';
      if (op === 'LIKE') {
        const suffix = /^%\.([^%_]+)$/.exec(value)?.[1];
        if (suffix !== undefined && normalDomain(suffix) !== undefined) out.push({ kind: 'domain-suffix', value: suffix, where });
        continue;
      }
      const kind = kindOf(value);
      if (kind !== undefined) out.push({ kind, value, where });
    }
  }
  return out;
}

const SCO_VALUE_TYPES = new Set(['ipv4-addr', 'ipv6-addr', 'domain-name', 'url', 'email-addr']);

/** The value of an address, domain, URL or e-mail SCO (2.1 or 2.0), found at `where`. */
export function scoObservables(sco: Readonly<Record<string, unknown>>, where: string): Observable[] {
  if (typeof sco.type !== 'string' || !SCO_VALUE_TYPES.has(sco.type) || typeof sco.value !== 'string') return [];
  const kind = kindOf(sco.value);
  return kind === undefined ? [] : [{ kind, value: sco.value, where }];
}
