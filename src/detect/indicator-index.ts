// The detection index (issue 8, item 2): every active STIX indicator's pattern compiled into
// structures that answer "which indicators does this event touch?" without evaluating each
// pattern against each event.
//
//   exact values   one hash map per object path (`ipv4-addr:value`, `file:hashes.'SHA-256'`,
//                  `network-traffic:dst_port`, …): value → indicators (`=`, `IN`, LIKE without
//                  wildcards); numbers keyed as numbers; a Bloom filter before a large map
//   networks       IPv4 `ISSUBSET` ranges in one integer-keyed table per prefix length in use,
//                  behind a count per /16 block; IPv6 ranges in a binary trie (128 levels at most)
//   domain suffixes `LIKE '%.example.com'`: per path, suffix → indicators; a name is looked up
//                  by each of its label suffixes whose length some suffix has
//   residual       everything else (several observations, qualifiers, FOLLOWEDBY, other
//                  operators): evaluated in full, but only on the events its anchor selects
//
// A pattern that is one observation whose comparisons are all indexable and joined by OR is
// decided by the index alone (`exact`). One whose comparisons are joined by AND is *anchored* on
// one indexable comparison: the index proposes it, the evaluator confirms. Indicators are added
// and removed one at a time (no rebuild); each knows its entries so removal touches only them.
import { addressRange, formatPath, type Comparison, type ComparisonExpression, type Constant, type ObservationExpression, type Pattern } from '../pattern/index.js';
import { SnapshotError, type SnapshotReader, type SnapshotWriter } from './snapshot-format.js';

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

/**
 * The indicators filed under one key, as references: the indicator's handle × 2, + 1 when the
 * index alone decides. One indicator (the common case) is a bare number, several an array.
 */
type Refs = number | number[];

/** A node of a binary trie over IPv6 address bits. */
interface TrieNode { zero?: TrieNode; one?: TrieNode; refs?: Refs }

/**
 * IPv4 ranges of one path: one table per prefix length, keyed by the address's leading bits, so
 * that an address costs one integer lookup per prefix length in use (and a /16 block that no
 * range touches costs one array read).
 */
interface Ranges4 {
  readonly byLength: (Map<number, Refs> | undefined)[];
  /** The prefix lengths in use, longest first. */
  lengths: number[];
  /** Per /16 block, how many ranges touch it: the pre-filter. */
  readonly blocks: Uint32Array;
}

/**
 * A Bloom filter over strings: two probes within one 64-byte block (one cache line read per
 * check), about 16 bits per key, so that a table of 300,000 keys costs 600 KB that stay in the
 * caches, where the map's own probe is a cache miss or two. Removing a key leaves its bits (a
 * false positive costs only the map probe); the filter is rebuilt from the map's keys when it
 * gets full or when as many keys have left it as remain.
 */
interface Bloom { readonly bits: Int32Array; readonly mask: number; keys: number; stale: number }

/** Below this many string keys a map fits the caches and needs no filter. */
const BLOOM_FROM = 4096;

/**
 * The probes' hash: FNV-1a over the string's length and UTF-16 units — all of them up to 24, else
 * the first, middle and last eight (a 64-digit hash or a long URL is not read whole).
 */
function hashOf(s: string): number {
  const n = s.length;
  let h = 0x811c9dc5 ^ n;
  if (n <= 24) for (let k = 0; k < n; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
  else {
    const mid = (n >>> 1) - 4;
    for (let k = 0; k < 8; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
    for (let k = mid; k < mid + 8; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
    for (let k = n - 8; k < n; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
  }
  h ^= h >>> 16;
  return Math.imul(h, 0x85ebca6b) ^ (h >>> 13);
}

/** The second probe: another bit of the first one's 512-bit block. */
const secondBit = (h: number, first: number): number => (first & ~511) | (Math.imul(h, 0x27d4eb2d) >>> 23);

function bloomHas(b: Bloom, s: string): boolean {
  const h = hashOf(s);
  const first = h & b.mask;
  const second = secondBit(h, first);
  return ((b.bits[first >>> 5] as number) & (1 << (first & 31))) !== 0 && ((b.bits[second >>> 5] as number) & (1 << (second & 31))) !== 0;
}

function bloomAdd(b: Bloom, s: string): void {
  const h = hashOf(s);
  const first = h & b.mask;
  const second = secondBit(h, first);
  b.bits[first >>> 5] = (b.bits[first >>> 5] as number) | (1 << (first & 31));
  b.bits[second >>> 5] = (b.bits[second >>> 5] as number) | (1 << (second & 31));
  b.keys++;
}

/** A filter sized for the map's string keys (or none while the map is small). */
function bloomFor(map: Map<string | number, Refs>): Bloom | undefined {
  let strings = 0;
  for (const k of map.keys()) if (typeof k === 'string') strings++;
  if (strings < BLOOM_FROM) return undefined;
  let size = 1 << 16;
  while (size < strings * 32) size *= 2;
  const b: Bloom = { bits: new Int32Array(size / 32), mask: size - 1, keys: 0, stale: 0 };
  for (const k of map.keys()) if (typeof k === 'string') bloomAdd(b, k);
  return b;
}

/** Domain suffixes of one path (`LIKE '%.x'`), with a count per suffix length as a pre-filter. */
interface Suffixes { readonly map: Map<string, Refs>; readonly lengths: Uint32Array }

/** Everything indexed under one object path. */
interface Tables {
  readonly path: string;
  readonly slot: number;
  exact?: Map<string | number, Refs>;
  /** For the exact strings: a counting Bloom filter, so that most values not held cost a hash and a byte read, not a map probe. */
  bloom?: Bloom;
  v4?: Ranges4;
  v6?: TrieNode;
  suffixes?: Suffixes;
}

const EXACT = 0;
const RANGE = 1;
const SUFFIX = 2;
/** Suffix lengths at or above this share one pre-filter count. */
const LONG_SUFFIX = 255;
const NONE: readonly Candidate[] = Object.freeze([]);

/** An IPv4 or IPv6 address (or range) as its bits, their number and the prefix length. */
export function addressBits(text: string): { family: 4 | 6; bits: bigint; length: number; prefix: number } | undefined {
  const a = addressRange(text);
  return a === undefined ? undefined : { family: a.family, bits: a.value, length: a.family === 4 ? 32 : 128, prefix: a.prefix };
}

/*
 * Memory for a million indicators: an indicator is an integer handle (its id kept once, in
 * `ids`), table entries are those integers (no object per entry, no closure), and what removal
 * needs is data — per handle, where its entries were filed: (path slot × 3 + kind, key) pairs,
 * the first in two plain arrays and any further ones in `morePlaces`.
 */
export class IndicatorIndex {
  private readonly tables = new Map<string, Tables>();
  private readonly slots: Tables[] = [];
  private readonly residual = new Set<string>();
  private readonly handles = new Map<string, number>();
  private readonly ids: (string | undefined)[] = [];
  private readonly free: number[] = [];
  /** Per handle: the first place its entries were filed (-1: none, a residual indicator). */
  private readonly placeTable: number[] = [];
  private readonly placeKey: (string | number | undefined)[] = [];
  private readonly morePlaces = new Map<number, (string | number)[]>();

  /** The number of indicators held. */
  get size(): number {
    return this.handles.size;
  }

  /** Whether an indicator is held. */
  has(indicator: string): boolean {
    return this.handles.has(indicator);
  }

  /** Indicators that the index cannot select: every event must be evaluated against them. */
  get residualIndicators(): ReadonlySet<string> {
    return this.residual;
  }

  /** Adds (or replaces) an indicator's pattern; says how it was compiled. */
  add(indicator: string, pattern: Pattern): Compiled {
    this.remove(indicator);
    const h = this.free.pop() ?? this.ids.length;
    this.ids[h] = indicator;
    this.handles.set(indicator, h);
    this.placeTable[h] = -1;
    this.placeKey[h] = undefined;
    const { compiled, terms } = compilePattern(pattern);
    if (compiled === 'residual') return this.toResidual(indicator);
    for (const term of terms) this.index(h, term);
    return compiled;
  }

  /** Takes an indicator out (revoked, expired, a newer version without it). */
  remove(indicator: string): void {
    const h = this.handles.get(indicator);
    if (h === undefined) return;
    this.residual.delete(indicator);
    const first = this.placeTable[h] as number;
    if (first >= 0) {
      this.unfile(h, first, this.placeKey[h] as string | number);
      const more = this.morePlaces.get(h) ?? [];
      for (let k = 0; k < more.length; k += 2) this.unfile(h, more[k] as number, more[k + 1] as string | number);
    }
    this.morePlaces.delete(h);
    this.handles.delete(indicator);
    this.ids[h] = undefined;
    this.placeKey[h] = undefined;
    this.free.push(h);
  }

  /**
   * The indicators an event's values select, each once per path and value that selected it. A
   * value that selects nothing allocates nothing: the common event costs a few map reads.
   */
  lookup(event: EventValues): Candidate[] {
    let out: Candidate[] | undefined;
    // Walk whichever is shorter: the event's paths or the index's.
    const fromIndex = this.slots.length <= event.size;
    const n = fromIndex ? this.slots.length : event.size;
    const keys = fromIndex ? undefined : event.keys();
    for (let k = 0; k < n; k++) {
      let t: Tables | undefined;
      let values: readonly (string | number)[] | undefined;
      if (keys === undefined) {
        t = this.slots[k];
        values = t === undefined ? undefined : event.get(t.path);
      } else {
        const path = keys.next().value as string;
        t = this.tables.get(path);
        values = t === undefined ? undefined : event.get(path);
      }
      if (t === undefined || values === undefined) continue;
      const { exact, bloom, v4, v6, suffixes, path } = t;
      for (const value of values) {
        if (exact !== undefined && (bloom === undefined || typeof value !== 'string' || bloomHas(bloom, value))) {
          const refs = exact.get(value);
          if (refs !== undefined) out = this.emit(out, refs, path, value);
        }
        if (typeof value !== 'string') continue;
        if (v4 !== undefined && v4.lengths.length > 0) {
          const a = ipv4Number(value);
          if (a !== undefined) {
            if (v4.blocks[a >>> 16] !== 0) {
              for (const len of v4.lengths) {
                const refs = v4.byLength[len]?.get(len === 0 ? 0 : a >>> (32 - len));
                if (refs !== undefined) out = this.emit(out, refs, path, value);
              }
            }
          } else if (value.includes('/')) {
            // A range as the event's value: the ranges that hold all of it.
            const r = addressBits(value);
            if (r?.family === 4) {
              for (const len of v4.lengths) {
                if (len > r.prefix) continue;
                const refs = v4.byLength[len]?.get(Number(r.bits >> BigInt(32 - len)));
                if (refs !== undefined) out = this.emit(out, refs, path, value);
              }
            }
          }
        }
        if (v6 !== undefined && value.includes(':')) {
          const a = addressBits(value);
          if (a?.family === 6) {
            let node: TrieNode | undefined = v6;
            for (let i = 0; node !== undefined; i++) {
              if (node.refs !== undefined) out = this.emit(out, node.refs, path, value);
              if (i >= a.prefix) break;
              node = ((a.bits >> BigInt(127 - i)) & 1n) === 1n ? node.one : node.zero;
            }
          }
        }
        if (suffixes !== undefined) {
          for (let dot = value.indexOf('.'); dot >= 0; dot = value.indexOf('.', dot + 1)) {
            if (suffixes.lengths[Math.min(value.length - dot, LONG_SUFFIX)] === 0) continue;
            const refs = suffixes.map.get(value.slice(dot));
            if (refs !== undefined) out = this.emit(out, refs, path, value);
          }
        }
      }
    }
    return out ?? (NONE as Candidate[]);
  }

  /** The candidates of the references found (a method, not a closure per lookup). */
  private emit(out: Candidate[] | undefined, refs: Refs, path: string, value: string | number): Candidate[] {
    const list = out ?? [];
    for (const ref of typeof refs === 'number' ? [refs] : refs) list.push({ indicator: this.ids[ref >>> 1] as string, path, value, exact: (ref & 1) === 1 });
    return list;
  }

  private toResidual(indicator: string): Compiled {
    this.residual.add(indicator);
    return 'residual';
  }

  private tablesOf(path: string): Tables {
    let t = this.tables.get(path);
    if (t === undefined) {
      t = { path, slot: this.slots.length };
      this.tables.set(path, t);
      this.slots.push(t);
    }
    return t;
  }

  private index(h: number, term: IndexTerm): void {
    const t = this.tablesOf(term.path);
    const ref = h * 2 + (term.exact ? 1 : 0);
    const kind = term.kind === 'range' ? RANGE : term.kind === 'suffix' ? SUFFIX : EXACT;
    const key = term.value;
    if (kind === RANGE) fileRange(t, String(key), ref);
    else if (kind === SUFFIX) {
      const s = (t.suffixes ??= { map: new Map(), lengths: new Uint32Array(LONG_SUFFIX + 1) });
      if (fileRef(s.map, key, ref)) (s.lengths[Math.min((key as string).length, LONG_SUFFIX)] as number)++;
    } else if (fileRef((t.exact ??= new Map<string | number, Refs>()), key, ref) && typeof key === 'string') {
      if (t.bloom !== undefined && t.bloom.keys * 16 <= t.bloom.mask) bloomAdd(t.bloom, key);
      else if (t.bloom !== undefined || t.exact.size >= BLOOM_FROM) t.bloom = bloomFor(t.exact);
    }
    this.recordPlace(h, t.slot * 3 + kind, key);
  }

  /** Notes where a handle's entry was filed (what removal will undo). */
  private recordPlace(h: number, place: number, key: string | number): void {
    if (this.placeTable[h] === -1) {
      this.placeTable[h] = place;
      this.placeKey[h] = key;
    } else {
      const more = this.morePlaces.get(h) ?? [];
      this.morePlaces.set(h, more);
      more.push(place, key);
    }
  }

  /** The handle of an indicator held (snapshots name it by its handle where the index has its id). */
  handleOf(indicator: string): number | undefined {
    return this.handles.get(indicator);
  }

  /** The indicator of a handle. */
  indicatorAt(handle: number): string | undefined {
    return this.ids[handle];
  }

  /**
   * Writes what the index holds to a snapshot (snapshot-format.ts): handles and ids as they are,
   * each table's maps in their order with their references, Bloom bits and /16 counts as arrays.
   * The places an indicator was filed under are not written: load() finds them in the tables.
   */
  save(w: SnapshotWriter): void {
    w.put('IIDS', this.ids.map((id) => (id === undefined ? -1 : w.str(id))));
    w.put('IFRE', this.free);
    w.put('IRES', [...this.residual].map((id) => this.handles.get(id) as number));
    w.put('TPTH', this.slots.map((t) => w.str(t.path)));
    for (const t of this.slots) {
      w.put('TFLG', [t.exact === undefined ? 0 : 1, t.bloom === undefined ? 0 : 1, t.v4 === undefined ? 0 : 1, t.v6 === undefined ? 0 : 1, t.suffixes === undefined ? 0 : 1]);
      if (t.exact !== undefined) saveMap(w, t.exact);
      if (t.bloom !== undefined) {
        w.put('BLMB', t.bloom.bits);
        w.put('BLMS', [t.bloom.mask, t.bloom.keys, t.bloom.stale], Float64Array);
      }
      if (t.v4 !== undefined) {
        const present = t.v4.byLength.flatMap((m, len) => (m === undefined ? [] : [len]));
        w.put('V4LN', t.v4.lengths);
        w.put('V4IX', present);
        for (const len of present) saveMap(w, t.v4.byLength[len] as Map<number, Refs>);
        w.put('V4BL', t.v4.blocks);
      }
      if (t.v6 !== undefined) {
        const keys: number[] = [];
        const refs = new Map<number, Refs>();
        const walk = (node: TrieNode, bits: bigint, depth: number): void => {
          if (node.refs !== undefined) {
            keys.push(w.str(ipv6Text(bits << BigInt(128 - depth), depth)));
            refs.set(keys.length - 1, node.refs);
          }
          if (node.zero !== undefined) walk(node.zero, bits << 1n, depth + 1);
          if (node.one !== undefined) walk(node.one, (bits << 1n) | 1n, depth + 1);
        };
        walk(t.v6, 0n, 0);
        w.put('V6KY', keys);
        saveRefs(w, [...refs.values()]);
      }
      if (t.suffixes !== undefined) {
        saveMap(w, t.suffixes.map);
        w.put('SFLN', t.suffixes.lengths);
      }
    }
  }

  /** An index as save() wrote it: its lookups answer as the saved one did, in the same order. */
  static load(r: SnapshotReader): IndicatorIndex {
    const x = new IndicatorIndex();
    const ids = r.next('IIDS', Int32Array);
    for (let h = 0; h < ids.length; h++) {
      const s = ids[h] as number;
      const id = s < 0 ? undefined : r.str(s);
      x.ids.push(id);
      x.placeTable.push(-1);
      x.placeKey.push(undefined);
      if (id !== undefined) x.handles.set(id, h);
    }
    x.free.push(...r.next('IFRE', Int32Array));
    for (const h of r.next('IRES', Int32Array)) x.residual.add(x.ids[h] as string);
    const place = (refs: Refs, where: number, key: string | number): void => {
      if (typeof refs === 'number') x.recordPlace(refs >>> 1, where, key);
      else for (const ref of refs) x.recordPlace(ref >>> 1, where, key);
    };
    for (const p of r.next('TPTH', Int32Array)) {
      const t = x.tablesOf(r.str(p));
      const [exact, bloom, v4, v6, suffixes] = r.next('TFLG', Int32Array);
      if (exact === 1) t.exact = loadMap(r, (key, refs) => place(refs, t.slot * 3 + EXACT, key));
      if (bloom === 1) {
        const bits = r.next('BLMB', Int32Array).slice();
        const [mask, keys, stale] = r.next('BLMS', Float64Array);
        t.bloom = { bits, mask: mask as number, keys: keys as number, stale: stale as number };
      }
      if (v4 === 1) {
        const lengths = [...r.next('V4LN', Int32Array)];
        const byLength: (Map<number, Refs> | undefined)[] = [];
        for (const len of r.next('V4IX', Int32Array)) {
          byLength[len] = loadMap(r, (key, refs) => place(refs, t.slot * 3 + RANGE, `${ipv4Text(len === 0 ? 0 : (key as number) * 2 ** (32 - len))}/${len}`)) as Map<number, Refs>;
        }
        t.v4 = { byLength, lengths, blocks: r.next('V4BL', Uint32Array).slice() };
      }
      if (v6 === 1) {
        const keys = [...r.next('V6KY', Int32Array)].map((k) => r.str(k));
        const root: TrieNode = {};
        loadRefs(r, keys.length, (i, refs) => {
          const text = keys[i] as string;
          const a = addressBits(text);
          if (a === undefined) throw new SnapshotError(`IPv6 range ${text} does not parse`);
          let node = root;
          for (let b = 0; b < a.prefix; b++) node = ((a.bits >> BigInt(127 - b)) & 1n) === 1n ? (node.one ??= {}) : (node.zero ??= {});
          node.refs = refs;
          place(refs, t.slot * 3 + RANGE, text);
        });
        t.v6 = root;
      }
      if (suffixes === 1) {
        const map = loadMap(r, (key, refs) => place(refs, t.slot * 3 + SUFFIX, key)) as Map<string, Refs>;
        t.suffixes = { map, lengths: r.next('SFLN', Uint32Array).slice() };
      }
    }
    return x;
  }

  private unfile(h: number, place: number, key: string | number): void {
    const t = this.slots[Math.floor(place / 3)] as Tables;
    const kind = place % 3;
    if (kind === EXACT && t.exact !== undefined) {
      if (unfileRef(t.exact, key, h) > 0 && typeof key === 'string' && t.bloom !== undefined && !t.exact.has(key) && ++t.bloom.stale * 2 > t.bloom.keys) t.bloom = bloomFor(t.exact);
    }
    else if (kind === SUFFIX && t.suffixes !== undefined) {
      if (unfileRef(t.suffixes.map, key as string, h) > 0 && !t.suffixes.map.has(key as string)) (t.suffixes.lengths[Math.min((key as string).length, LONG_SUFFIX)] as number)--;
    } else if (kind === RANGE) unfileRange(t, String(key), h);
  }
}

/** Writes a map's keys then its references (saveRefs). */
function saveMap(w: SnapshotWriter, map: Map<string | number, Refs> | Map<number, Refs> | Map<string, Refs>): void {
  const keys: number[] = [];
  for (const k of map.keys()) keys.push(w.key(k));
  w.put('MAPK', keys);
  saveRefs(w, map.values());
}

/** Writes references: per entry how many (one: a bare number), then all of them. */
function saveRefs(w: SnapshotWriter, all: Iterable<Refs>): void {
  const counts: number[] = [];
  const flat: number[] = [];
  for (const refs of all) {
    if (typeof refs === 'number') {
      counts.push(1);
      flat.push(refs);
    } else {
      counts.push(refs.length);
      flat.push(...refs);
    }
  }
  w.put('REFN', counts);
  w.put('REFS', flat);
}

/** Reads n entries' references as saveRefs wrote them. */
function loadRefs(r: SnapshotReader, n: number, each: (i: number, refs: Refs) => void): void {
  const counts = r.next('REFN', Int32Array);
  const flat = r.next('REFS', Int32Array);
  if (counts.length !== n) throw new SnapshotError(`${counts.length} reference lists for ${n} keys`);
  for (let i = 0, at = 0; i < n; i++) {
    const c = counts[i] as number;
    if (c < 1 || at + c > flat.length) throw new SnapshotError('a reference list runs past its section');
    each(i, c === 1 ? (flat[at] as number) : Array.from(flat.subarray(at, at + c)));
    at += c;
  }
}

/** Reads a map saveMap wrote, in its order; `each` sees every entry. */
function loadMap(r: SnapshotReader, each: (key: string | number, refs: Refs) => void): Map<string | number, Refs> {
  const keys = r.next('MAPK', Int32Array);
  const map = new Map<string | number, Refs>();
  loadRefs(r, keys.length, (i, refs) => {
    const key = r.key(keys[i] as number);
    map.set(key, refs);
    each(key, refs);
  });
  return map;
}

const ipv4Text = (a: number): string => `${Math.floor(a / 16777216) & 255}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;

/** An IPv6 range as text, its eight groups written in full. */
function ipv6Text(bits: bigint, prefix: number): string {
  const groups: string[] = [];
  for (let g = 7; g >= 0; g--) groups.push(((bits >> BigInt(g * 16)) & 0xffffn).toString(16));
  return `${groups.join(':')}/${prefix}`;
}

/** Files a reference under a key; true when the key is new. */
function fileRef<K>(map: Map<K, Refs>, key: K, ref: number): boolean {
  const refs = map.get(key);
  if (refs === undefined) map.set(key, ref);
  else if (typeof refs === 'number') map.set(key, [refs, ref]);
  else refs.push(ref);
  return refs === undefined;
}

/** Takes a handle's references from under a key (the key goes when none is left); how many were taken. */
function unfileRef<K>(map: Map<K, Refs>, key: K, h: number): number {
  const refs = map.get(key);
  if (refs === undefined) return 0;
  const all = typeof refs === 'number' ? [refs] : refs;
  const left = all.filter((r) => r >>> 1 !== h);
  if (left.length === all.length) return 0;
  if (left.length === 0) map.delete(key);
  else map.set(key, left.length === 1 ? (left[0] as number) : left);
  return all.length - left.length;
}

/** The /16 blocks a range touches: [first, last]. */
function blocksOf(bits: bigint, prefix: number): [number, number] {
  const block = Number(bits >> 16n);
  if (prefix >= 16) return [block, block];
  const first = (block >>> (16 - prefix)) << (16 - prefix);
  return [first, first + 2 ** (16 - prefix) - 1];
}

function fileRange(t: Tables, text: string, ref: number): void {
  const a = addressBits(text) as NonNullable<ReturnType<typeof addressBits>>;
  if (a.family === 6) {
    let node = (t.v6 ??= {});
    for (let i = 0; i < a.prefix; i++) node = ((a.bits >> BigInt(127 - i)) & 1n) === 1n ? (node.one ??= {}) : (node.zero ??= {});
    node.refs = node.refs === undefined ? ref : [...(typeof node.refs === 'number' ? [node.refs] : node.refs), ref];
    return;
  }
  const v4 = (t.v4 ??= { byLength: [], lengths: [], blocks: new Uint32Array(1 << 16) });
  const map = (v4.byLength[a.prefix] ??= new Map<number, Refs>());
  fileRef(map, Number(a.bits >> BigInt(32 - a.prefix)), ref);
  if (!v4.lengths.includes(a.prefix)) v4.lengths = [...v4.lengths, a.prefix].sort((x, y) => y - x);
  const [from, to] = blocksOf(a.bits, a.prefix);
  for (let b = from; b <= to; b++) (v4.blocks[b] as number)++;
}

function unfileRange(t: Tables, text: string, h: number): void {
  const a = addressBits(text) as NonNullable<ReturnType<typeof addressBits>>;
  if (a.family === 6) {
    let node: TrieNode | undefined = t.v6;
    for (let i = 0; node !== undefined && i < a.prefix; i++) node = ((a.bits >> BigInt(127 - i)) & 1n) === 1n ? node.one : node.zero;
    if (node?.refs === undefined) return;
    const left = (typeof node.refs === 'number' ? [node.refs] : node.refs).filter((r) => r >>> 1 !== h);
    node.refs = left.length === 0 ? undefined : left.length === 1 ? left[0] : left;
    return;
  }
  const v4 = t.v4;
  const map = v4?.byLength[a.prefix];
  if (v4 === undefined || map === undefined) return;
  const removed = unfileRef(map, Number(a.bits >> BigInt(32 - a.prefix)), h);
  if (removed === 0) return;
  const [from, to] = blocksOf(a.bits, a.prefix);
  for (let b = from; b <= to; b++) (v4.blocks[b] as number) -= removed;
  if (map.size === 0) v4.lengths = v4.lengths.filter((l) => l !== a.prefix);
}

/** A dotted-quad IPv4 address (no prefix, no leading zeros) as a number, or undefined. */
export function ipv4Number(s: string): number | undefined {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      // No leading zeros (`010`: octal or decimal?), as the stix area's addressRange reads them.
      if (digits > 0 && part === 0) return undefined;
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
