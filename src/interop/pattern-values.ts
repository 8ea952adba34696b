// The values a simple STIX indicator pattern names, for the formats defenders deploy (issue 7,
// "Exports for defenders"). A device list can carry "block this value"; it cannot carry "this AND
// that within 5 minutes". So only patterns that are a disjunction of equalities (or ISSUBSET for
// networks) on one value each are read here:
//
//   [ipv4-addr:value = '198.51.100.7']
//   [domain-name:value = 'a.example' OR domain-name:value = 'b.example'] OR [url:value = '…']
//   [ipv4-addr:value ISSUBSET '192.0.2.0/24']   [file:hashes.'SHA-256' = '…']
//
// Anything else (AND, NOT, other operators, FOLLOWEDBY, qualifiers, other object paths) is refused
// with the reason, and the indicator is reported as skipped; the complete patterning language is
// issue 8's. String literals follow STIX 2.1 §9.2: single quotes, `\'` and `\\` escapes.
import type { IndicatorKind } from './defender-values.js';

export type PatternValues = { readonly values: readonly { readonly kind: IndicatorKind; readonly value: string }[] } | { readonly reason: string };

const HASH_KEYS: Readonly<Record<string, IndicatorKind>> = { 'MD5': 'md5', 'SHA-1': 'sha1', 'SHA1': 'sha1', 'SHA-256': 'sha256', 'SHA256': 'sha256', 'SHA-512': 'sha512', 'SHA512': 'sha512' };

type Token = { readonly t: 'punct'; readonly v: string } | { readonly t: 'word'; readonly v: string } | { readonly t: 'string'; readonly v: string };

function tokens(pattern: string): Token[] | string {
  const out: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '[' || c === ']' || c === '=') {
      out.push({ t: 'punct', v: c });
      i++;
    } else if (c === "'") {
      let v = '';
      i++;
      for (;;) {
        if (i >= pattern.length) return 'a string literal is not closed';
        const d = pattern[i] as string;
        if (d === '\\') {
          const e = pattern[i + 1];
          if (e !== "'" && e !== '\\') return `\\${e ?? ''} is not an escape a STIX string literal allows`;
          v += e;
          i += 2;
        } else if (d === "'") {
          i++;
          break;
        } else {
          v += d;
          i++;
        }
      }
      out.push({ t: 'string', v });
    } else {
      // A number, an object path (with quoted keys after dots) or a keyword.
      const m = /^-?\d+(?:\.\d+)?|^[A-Za-z][A-Za-z0-9_-]*(?::[A-Za-z0-9_-]+)?(?:\.(?:[A-Za-z0-9_-]+|'[^'\\]*'))*/.exec(pattern.slice(i));
      if (m === null) return `unexpected ${JSON.stringify(c)} at ${i}`;
      out.push({ t: 'word', v: m[0] });
      i += m[0].length;
    }
  }
  return out;
}

/** The kind a comparison's object path and operator name, or why not. */
function kindOf(path: string, op: string, value: string): { readonly kind: IndicatorKind } | { readonly why: string } {
  const subset = op === 'ISSUBSET';
  switch (path) {
    case 'ipv4-addr:value': return { kind: subset || value.includes('/') ? 'cidr' : 'ipv4' };
    case 'ipv6-addr:value': return { kind: subset || value.includes('/') ? 'cidr' : 'ipv6' };
    case 'domain-name:value': return subset ? { why: `ISSUBSET does not apply to ${path}` } : { kind: 'domain' };
    case 'url:value': return subset ? { why: `ISSUBSET does not apply to ${path}` } : { kind: 'url' };
    case 'email-addr:value': return subset ? { why: `ISSUBSET does not apply to ${path}` } : { kind: 'email' };
    default: {
      const hash = /^file:hashes\.(?:'([^']+)'|([A-Za-z0-9-]+))$/.exec(path);
      const kind = hash === null ? undefined : HASH_KEYS[(hash[1] ?? hash[2] ?? '').toUpperCase()];
      if (kind !== undefined && !subset) return { kind };
      return { why: `${path} ${op} is not a value a device list can carry` };
    }
  }
}

/** The values of a pattern of ORed equalities; or why it is not one (see the module comment). */
export function valuesOfPattern(pattern: string): PatternValues {
  const ts = tokens(pattern);
  if (typeof ts === 'string') return { reason: `the pattern cannot be read: ${ts}` };
  const values: { kind: IndicatorKind; value: string }[] = [];
  let i = 0;
  const next = (): Token | undefined => ts[i++];
  const refuse = (why: string): PatternValues => ({ reason: `only patterns of ORed equalities on single values can go to devices: ${why}` });
  for (;;) {
    if (next()?.v !== '[') return refuse('an observation expression starts with [');
    for (;;) {
      const path = next();
      const op = next();
      const literal = next();
      if (path?.t !== 'word' || op === undefined || literal === undefined) return refuse('a comparison is an object path, an operator and a value');
      const operator = op.t === 'punct' ? op.v : op.v.toUpperCase();
      if (operator !== '=' && operator !== 'ISSUBSET') return refuse(`the operator ${op.v} is not = or ISSUBSET`);
      if (literal.t !== 'string') return refuse(`${path.v} is compared with ${literal.v}, not a string`);
      const judged = kindOf(path.v, operator, literal.v);
      if ('why' in judged) return refuse(judged.why);
      values.push({ kind: judged.kind, value: literal.v });
      const after = next();
      if (after?.v === ']') break;
      if (after?.t !== 'word' || after.v.toUpperCase() !== 'OR') return refuse(`${after?.v ?? 'the end'} where OR or ] was expected`);
    }
    const joint = next();
    if (joint === undefined) return { values };
    if (joint.t !== 'word' || joint.v.toUpperCase() !== 'OR') return refuse(`${joint.v} between observations (only OR)`);
  }
}
