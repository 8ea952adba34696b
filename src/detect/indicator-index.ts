// The detection index (issue 8, item 2): every active STIX indicator's pattern compiled into
// structures that answer "which indicators does this event touch?" without evaluating each
// pattern against each event.
//
//   exact values   one hash map per object path (`ipv4-addr:value`, `file:hashes.'SHA-256'`,
//                  `network-traffic:dst_port`, …): value → indicators (`=`, `IN`, LIKE without
//                  wildcards)
//   networks       a binary trie per path and address family for `ISSUBSET` ranges: an address
//                  walks at most 32 (128) levels and collects every range that holds it
//   domain suffixes `LIKE '%.example.com'`: per path, suffix → indicators; a name is looked up
//                  by each of its label suffixes
//   residual       everything else (several observations, qualifiers, FOLLOWEDBY, other
//                  operators): evaluated in full, but only on the events its anchor selects
//
// A pattern that is one observation whose comparisons are all indexable and joined by OR is
// decided by the index alone (`exact`). One whose comparisons are joined by AND is *anchored* on
// one indexable comparison: the index proposes it, the evaluator confirms. Indicators are added
// and removed one at a time (no rebuild); each knows its entries so removal touches only them.
import { addressRange, formatPath, type Comparison, type ComparisonExpression, type Constant, type ObservationExpression, type Pattern } from '../pattern/index.js';

/** What an event shows: values by object path, e.g. `ipv4-addr:value` → ['198.51.100.7']. */
export type EventValues = ReadonlyMap<string, readonly (string | number)[]>;

/** An indicator the event touches, and why. */
export interface Candidate {
  readonly indicator: string;
  /** The object path and value that selected it. */
  readonly path: string;
  readonly value: string | number;
  /** True when the index alone decides the match; false when the full pattern must confirm it. */
  readonly exact: boolean;
}

/** How an indicator was compiled. */
export type Compiled = 'exact' | 'anchored' | 'residual';

interface Entry { readonly indicator: string; readonly exact: boolean }

/** A node of a binary trie over address bits. */
interface TrieNode { zero?: TrieNode; one?: TrieNode; entries?: Entry[] }

/** Strings are keyed as they are, numbers as `\u0000n:<number>` (no string value starts with NUL). */
const valueKey = (v: string | number): string => (typeof v === 'number' ? `\u0000n:${v}` : v);

/** An IPv4 or IPv6 address (or range) as its bits, their number and the prefix length. */
export function addressBits(text: string): { family: 4 | 6; bits: bigint; length: number; prefix: number } | undefined {
  const a = addressRange(text);
  return a === undefined ? undefined : { family: a.family, bits: a.value, length: a.family === 4 ? 32 : 128, prefix: a.prefix };
}

export class IndicatorIndex {
  private readonly exact = new Map<string, Map<string, Entry[]>>();
  private readonly tries = new Map<string, { v4?: TrieNode; v6?: TrieNode }>();
  private readonly suffixes = new Map<string, Map<string, Entry[]>>();
  private readonly residual = new Set<string>();
  /** Per indicator, how to take it out again. */
  private readonly undo = new Map<string, (() => void)[]>();

  /** The number of indicators held. */
  get size(): number {
    return this.undo.size;
  }

  /** Indicators that the index cannot select: every event must be evaluated against them. */
  get residualIndicators(): ReadonlySet<string> {
    return this.residual;
  }

  /** Adds (or replaces) an indicator's pattern; says how it was compiled. */
  add(indicator: string, pattern: Pattern): Compiled {
    this.remove(indicator);
    const undo: (() => void)[] = [];
    this.undo.set(indicator, undo);
    const { compiled, terms } = compilePattern(pattern);
    if (compiled === 'residual') return this.toResidual(indicator, undo);
    for (const term of terms) this.index(indicator, term, undo);
    return compiled;
  }

  /** Takes an indicator out (revoked, expired, a newer version without it). */
  remove(indicator: string): void {
    for (const u of this.undo.get(indicator) ?? []) u();
    this.undo.delete(indicator);
    this.residual.delete(indicator);
  }

  /** The indicators an event's values select, each once per path and value that selected it. */
  lookup(event: EventValues): Candidate[] {
    const out: Candidate[] = [];
    for (const [path, values] of event) {
      const exact = this.exact.get(path);
      const tries = this.tries.get(path);
      const trie4 = tries?.v4;
      const trie6 = tries?.v6;
      const suffixes = this.suffixes.get(path);
      for (const value of values) {
        for (const e of exact?.get(valueKey(value)) ?? []) out.push({ indicator: e.indicator, path, value, exact: e.exact });
        if (typeof value !== 'string') continue;
        if (trie4 !== undefined && !value.includes(':')) {
          // IPv4, the common case, without BigInt: 32 bits in a number.
          const v4 = ipv4Number(value);
          if (v4 !== undefined) for (const e of walk4(trie4, v4)) out.push({ indicator: e.indicator, path, value, exact: e.exact });
          else {
            const a = addressBits(value);
            if (a?.family === 4) for (const e of walk(trie4, a.bits, a.length, a.prefix)) out.push({ indicator: e.indicator, path, value, exact: e.exact });
          }
        } else if (trie6 !== undefined && value.includes(':')) {
          const a = addressBits(value);
          if (a?.family === 6) for (const e of walk(trie6, a.bits, a.length, a.prefix)) out.push({ indicator: e.indicator, path, value, exact: e.exact });
        }
        if (suffixes !== undefined) {
          for (let dot = value.indexOf('.'); dot >= 0; dot = value.indexOf('.', dot + 1)) {
            for (const e of suffixes.get(value.slice(dot)) ?? []) out.push({ indicator: e.indicator, path, value, exact: e.exact });
          }
        }
      }
    }
    return out;
  }

  private toResidual(indicator: string, undo: (() => void)[]): Compiled {
    this.residual.add(indicator);
    undo.push(() => this.residual.delete(indicator));
    return 'residual';
  }

  private index(indicator: string, term: IndexTerm, undo: (() => void)[]): void {
    const entry: Entry = { indicator, exact: term.exact };
    if (term.kind === 'range') {
      const a = addressBits(String(term.value)) as NonNullable<ReturnType<typeof addressBits>>;
      const tries = this.tries.get(term.path) ?? {};
      this.tries.set(term.path, tries);
      const root = (a.family === 4 ? (tries.v4 ??= {}) : (tries.v6 ??= {}));
      const node = insert(root, a.bits, a.length, a.prefix);
      (node.entries ??= []).push(entry);
      undo.push(() => {
        node.entries = node.entries?.filter((x) => x !== entry);
      });
    } else if (term.kind === 'suffix') {
      push(this.suffixes, term.path, String(term.value), entry, undo);
    } else {
      push(this.exact, term.path, valueKey(term.value), entry, undo);
    }
  }
}

/** One entry the index files an indicator under. */
export interface IndexTerm {
  /** The object path, canonical. */
  readonly path: string;
  /** `value`: equal to it (=, IN, LIKE without wildcards); `range`: an address in the CIDR (ISSUBSET); `suffix`: a name ending in it, dot included (LIKE '%.x'). */
  readonly kind: 'value' | 'range' | 'suffix';
  readonly value: string | number;
  /** True when the term alone decides a match; false when it only anchors the pattern. */
  readonly exact: boolean;
}

/**
 * How the index holds a pattern (see the header): `exact` and `anchored` patterns with the terms
 * they are filed under, `residual` ones with none. The retro-hunt looks the same terms up in the
 * history.
 */
export function compilePattern(pattern: Pattern): { compiled: Compiled; terms: IndexTerm[] } {
  const residual = { compiled: 'residual' as const, terms: [] };
  const observations = pattern.kind === 'observation-or' ? pattern.operands : [pattern];
  // Several observations ORed: each one is indexed; all must be single, unqualified observations.
  if (!observations.every((o): o is Extract<ObservationExpression, { kind: 'observation' }> => o.kind === 'observation')) return residual;
  let exact = true;
  const plans: { leaf: Comparison; exact: boolean }[] = [];
  for (const o of observations) {
    const leaves = orLeaves(o.comparison);
    if (leaves !== undefined && leaves.every(indexable)) {
      for (const leaf of leaves) plans.push({ leaf, exact: true });
      continue;
    }
    // An AND (possibly of ORs): anchored on one indexable comparison that every match needs.
    const anchor = andAnchor(o.comparison);
    if (anchor === undefined) return residual;
    plans.push({ leaf: anchor, exact: false });
    exact = false;
  }
  const terms = plans.flatMap(({ leaf, exact: e }) => {
    const path = formatPath(leaf.path);
    const constants: Constant[] = leaf.value.kind === 'set' ? [...leaf.value.items] : [leaf.value];
    return constants.map((c): IndexTerm => {
      const v = scalar(c) as string | number;
      if (leaf.operator === 'ISSUBSET') return { path, kind: 'range', value: v, exact: e };
      if (leaf.operator === 'LIKE' && typeof v === 'string' && v.startsWith('%.')) return { path, kind: 'suffix', value: v.slice(1), exact: e };
      return { path, kind: 'value', value: v, exact: e };
    });
  });
  return { compiled: exact ? 'exact' : 'anchored', terms };
}

function push(maps: Map<string, Map<string, Entry[]>>, path: string, key: string, entry: Entry, undo: (() => void)[]): void {
  const byValue = maps.get(path) ?? new Map<string, Entry[]>();
  maps.set(path, byValue);
  const list = byValue.get(key) ?? [];
  byValue.set(key, list);
  list.push(entry);
  undo.push(() => {
    const left = (byValue.get(key) ?? []).filter((x) => x !== entry);
    if (left.length > 0) byValue.set(key, left);
    else byValue.delete(key);
  });
}

function insert(root: TrieNode, bits: bigint, length: number, prefix: number): TrieNode {
  let node = root;
  for (let i = 0; i < prefix; i++) {
    const bit = (bits >> BigInt(length - 1 - i)) & 1n;
    node = bit === 1n ? (node.one ??= {}) : (node.zero ??= {});
  }
  return node;
}

/** A dotted-quad IPv4 address (no prefix) as a number, or undefined. */
export function ipv4Number(s: string): number | undefined {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      part = part * 10 + c - 48;
      if (++digits > 3 || part > 255) return undefined;
    } else if (c === 46 && digits > 0 && dots < 3) {
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else return undefined;
  }
  return dots === 3 && digits > 0 ? value * 256 + part : undefined;
}

/** The entries of every IPv4 range holding an address. */
function* walk4(root: TrieNode, address: number): Generator<Entry> {
  let node: TrieNode | undefined = root;
  for (let i = 0; node !== undefined; i++) {
    yield* node.entries ?? [];
    if (i >= 32) return;
    node = Math.floor(address / 2 ** (31 - i)) % 2 === 1 ? node.one : node.zero;
  }
}

/** The entries of every range on the path of an address (or of every range holding a range). */
function* walk(root: TrieNode, bits: bigint, length: number, prefix: number): Generator<Entry> {
  let node: TrieNode | undefined = root;
  for (let i = 0; node !== undefined; i++) {
    yield* node.entries ?? [];
    if (i >= prefix) return;
    node = ((bits >> BigInt(length - 1 - i)) & 1n) === 1n ? node.one : node.zero;
  }
}

function scalar(c: Constant): string | number | undefined {
  return c.kind === 'string' ? c.value : c.kind === 'integer' ? c.value : undefined;
}

/** The comparisons of an OR chain (or one comparison); undefined when there is an AND inside. */
function orLeaves(e: ComparisonExpression): Comparison[] | undefined {
  if (e.kind === 'comparison') return [e];
  if (e.kind === 'or') {
    const all: Comparison[] = [];
    for (const o of e.operands) {
      const sub = orLeaves(o);
      if (sub === undefined) return undefined;
      all.push(...sub);
    }
    return all;
  }
  return undefined;
}

/** Whether the index can hold a comparison: =, IN, ISSUBSET with a range, LIKE exact or '%.suffix'; never negated. */
function indexable(c: Comparison): boolean {
  if (c.negated) return false;
  const values: Constant[] = c.value.kind === 'set' ? [...c.value.items] : [c.value];
  if (values.some((v) => scalar(v) === undefined)) return false;
  switch (c.operator) {
    case '=':
    case 'IN': return true;
    case 'ISSUBSET': return values.every((v) => addressBits(String(scalar(v))) !== undefined);
    case 'LIKE': return values.every((v) => typeof scalar(v) === 'string' && (/^%\.[^%_]+$/.test(String(scalar(v))) || !/[%_]/.test(String(scalar(v)))));
    default: return false;
  }
}

/** An indexable comparison every match of an AND expression needs (the first one found), if any. */
function andAnchor(e: ComparisonExpression): Comparison | undefined {
  if (e.kind === 'comparison') return indexable(e) ? e : undefined;
  if (e.kind === 'and') {
    for (const o of e.operands) {
      const a = andAnchor(o);
      if (a !== undefined) return a;
    }
  }
  return undefined;
}
