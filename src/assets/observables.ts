// The values in a piece of intelligence the registry's watch compares with assets: addresses and
// networks, domains, URLs and e-mail addresses — read from SCOs (observed-data, reports) and from
// indicator patterns, as src/pattern/ parses them: the comparisons
//   <path ending in value> (= | IN | ISSUBSET | ISSUPERSET) <string or list of strings>
//   domain-name:value LIKE '%.<domain>'
// wherever they are in a STIX pattern, whatever joins them (AND, OR, FOLLOWEDBY, qualifiers), and
// classifies each string by its shape. A value an indicator names in an AND still touches the
// asset: the watch warns of intelligence *about* an asset, not of a pattern that would fire.
// Negated comparisons (NOT, !=) name what is not there and are left out.
import { parsePattern, type Comparison, type ComparisonExpression, type ObservationExpression } from '../pattern/index.js';
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

const OPERATORS = new Set(['=', 'IN', 'ISSUBSET', 'ISSUPERSET', 'LIKE']);

/** The values an indicator's STIX pattern compares with (see the module comment); none when the pattern does not parse. */
export function patternObservables(pattern: string, where = 'pattern'): Observable[] {
  const parsed = parsePattern(pattern, { version: '2.1' });
  const tree = parsed.ok ? parsed : parsePattern(pattern, { version: '2.0' });
  if (!tree.ok) return [];
  const out: Observable[] = [];
  for (const c of comparisonsOf(tree.pattern)) {
    const last = c.path.steps[c.path.steps.length - 1];
    if (c.negated || !OPERATORS.has(c.operator) || last?.kind !== 'property' || last.name !== 'value') continue;
    for (const constant of c.value.kind === 'set' ? c.value.items : [c.value]) {
      if (constant.kind !== 'string') continue;
      const value = constant.value;
      if (c.operator === 'LIKE') {
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

/** Every comparison of a pattern, in source order, wherever it stands. */
function comparisonsOf(e: ObservationExpression | ComparisonExpression): Comparison[] {
  switch (e.kind) {
    case 'comparison': return [e];
    case 'exists': return [];
    case 'observation': return comparisonsOf(e.comparison);
    case 'within':
    case 'repeats':
    case 'start-stop': return comparisonsOf(e.expression);
    default: return (e.operands as readonly (ObservationExpression | ComparisonExpression)[]).flatMap(comparisonsOf);
  }
}

const SCO_VALUE_TYPES = new Set(['ipv4-addr', 'ipv6-addr', 'domain-name', 'url', 'email-addr']);

/** The value of an address, domain, URL or e-mail SCO (2.1 or 2.0), found at `where`. */
export function scoObservables(sco: Readonly<Record<string, unknown>>, where: string): Observable[] {
  if (typeof sco.type !== 'string' || !SCO_VALUE_TYPES.has(sco.type) || typeof sco.value !== 'string') return [];
  const kind = kindOf(sco.value);
  return kind === undefined ? [] : [{ kind, value: sco.value, where }];
}
