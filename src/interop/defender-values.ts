// Indicator values on their way to defenders' devices: the item shape, the gate every writer
// applies first (TLP, ceiling, expiry, well-formed id), the canonical form of each kind of value,
// and the deterministic rule ids. The writers (defender-formats.ts) only encode what this module
// has already judged and normalised, so a value that reaches a writer is known to be well formed.
//
// Canonical values (what every format carries, and what the tests read back):
//   ipv4    dotted quad, no leading zeros (an octal-looking "010.0.0.1" is refused, not guessed)
//   ipv6    RFC 5952 text as the WHATWG URL host serialiser prints it (lowercase, `::` compressed)
//   cidr    network address / prefix length, host bits cleared (v4 or v6)
//   domain  lowercase A-labels (IDNs converted by the URL host parser), no trailing dot
//   url     http(s) only, WHATWG-serialised (`href`), fragment removed; no credentials
//   email   dot-atom local part @ canonical domain (quoted local parts are refused)
//   hashes  lowercase hex of the right length
// Control characters and whitespace are refused before any parsing: the WHATWG parser silently
// drops tabs and newlines, which would change the value rather than refuse it.
import { compareTimestamps, isStixTimestamp, TLP_LEVELS, tlpRank, type TlpLevel } from '../stix/index.js';
import type { ValueKind } from './values.js';

/** The kinds of indicator value the defender formats know: every value kind but CVEs and ASNs. */
export type IndicatorKind = Exclude<ValueKind, 'cve' | 'asn'>;

/** All kinds, in a fixed order. */
export const INDICATOR_KINDS: readonly IndicatorKind[] = Object.freeze(['ipv4', 'ipv6', 'cidr', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256', 'sha512']);

/** One indicator value to export, with the indicator it came from. */
export interface ExportItem {
  readonly kind: IndicatorKind;
  readonly value: string;
  /** The STIX id of the indicator (or observable) the value came from. */
  readonly id: string;
  readonly name?: string;
  readonly description?: string;
  /** The effective TLP (the more restrictive of share and inline marking; see sharing-policy.md). */
  readonly tlp: TlpLevel;
  /** The indicator's `valid_until`, a STIX timestamp. */
  readonly validUntil?: string;
}

/** Why an item was not written. */
export type SkipCode =
  | 'tlp-red' | 'above-ceiling' | 'invalid-tlp' | 'expired' | 'invalid-id' | 'invalid-valid-until'
  | 'invalid-value' | 'unsupported-kind' | 'unsupported-value' | 'duplicate';

/** An item a writer did not write, and why. */
export interface Skipped {
  readonly item: ExportItem;
  readonly code: SkipCode;
  readonly reason: string;
}

/** Options every writer takes. */
export interface GateOptions {
  /** Skip items above this TLP (RED is always skipped, whatever the ceiling). */
  readonly ceiling?: TlpLevel;
  /** A STIX timestamp; items whose valid_until is at or before it are skipped as expired. */
  readonly now?: string;
}

/** A value that passed the gate, in canonical form. */
export interface Prepared {
  readonly item: ExportItem;
  readonly value: string;
}

const TLP_SET: ReadonlySet<string> = new Set(TLP_LEVELS);
const KIND_SET: ReadonlySet<string> = new Set(INDICATOR_KINDS);

// The form of a STIX identifier, "<type>--<UUID>": the type [a-z][a-z0-9-]*, the UUID lowercase
// hex in 8-4-4-4-12 groups (as /^[a-z][a-z0-9-]*--[0-9a-f]{8}-…-[0-9a-f]{12}$/). A scan: the
// regular expression was the gate's slowest step (issue 7).
export function isStixIdForm(s: string): boolean {
  const u = s.length - 36;
  if (u < 3 || s.charCodeAt(u - 1) !== 0x2d || s.charCodeAt(u - 2) !== 0x2d) return false;
  const first = s.charCodeAt(0);
  if (first < 0x61 || first > 0x7a) return false;
  for (let i = 1; i < u - 2; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d)) return false;
  }
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(u + i);
    const dash = i === 8 || i === 13 || i === 18 || i === 23;
    if (dash ? c !== 0x2d : !((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

// The last valid_until found to be a STIX timestamp: an export's indicators often share one
// (a feed's validity), and checking it again for each was a visible cost.
let lastValidUntil: string | undefined;

/** The TLP, id and expiry gate: undefined when the item may be written, else why not. */
export function gate(item: ExportItem, options: GateOptions): { code: SkipCode; reason: string } | undefined {
  if (!TLP_SET.has(item.tlp)) return { code: 'invalid-tlp', reason: `unknown TLP level ${JSON.stringify(String(item.tlp))}` };
  if (item.tlp === 'red') return { code: 'tlp-red', reason: 'TLP:RED never goes into device feeds (docs/sharing-policy.md)' };
  if (options.ceiling !== undefined && tlpRank(item.tlp) > tlpRank(options.ceiling)) {
    return { code: 'above-ceiling', reason: `TLP:${item.tlp.toUpperCase()} is above the export ceiling TLP:${options.ceiling.toUpperCase()}` };
  }
  if (typeof item.id !== 'string' || !isStixIdForm(item.id)) return { code: 'invalid-id', reason: 'the indicator id is not a STIX identifier' };
  if (item.validUntil !== undefined) {
    if (item.validUntil !== lastValidUntil) {
      if (!isStixTimestamp(item.validUntil)) return { code: 'invalid-valid-until', reason: 'valid_until is not a STIX timestamp' };
      lastValidUntil = item.validUntil;
    }
    if (options.now !== undefined && compareTimestamps(item.validUntil, options.now) <= 0) {
      return { code: 'expired', reason: `the indicator expired at ${item.validUntil}` };
    }
  }
  if (!KIND_SET.has(item.kind)) return { code: 'unsupported-kind', reason: `unknown kind ${JSON.stringify(String(item.kind))}` };
  return undefined;
}

/** Gate, then canonical value; pushes to `skipped` and returns undefined when the item is not written. */
export function prepare(item: ExportItem, options: GateOptions, skipped: Skipped[]): Prepared | undefined {
  const refused = gate(item, options);
  if (refused !== undefined) {
    skipped.push({ item, ...refused });
    return undefined;
  }
  const value = canonicalValue(item.kind, item.value);
  if (typeof value !== 'string') {
    skipped.push({ item, code: 'invalid-value', reason: value.error });
    return undefined;
  }
  return { item, value };
}

// ---------------------------------------------------------------------------------------------
// Canonical values

type Canon = string | { readonly error: string };

// C0 controls, space, DEL, and the Unicode line/paragraph separators: never part of a value.
const CONTROL_OR_SPACE = /[\u0000-\u0020\u007f-\u009f\u2028\u2029]/;
const HEX_LENGTH: Readonly<Record<string, number>> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 };
const LABEL_RE = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
const ATEXT_RE = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/** The canonical form of a value of this kind, or why it is not one. */
export function canonicalValue(kind: IndicatorKind, raw: unknown): Canon {
  if (typeof raw !== 'string' || raw.length === 0) return { error: 'the value is empty or not a string' };
  if (raw.length > 8192) return { error: 'the value is longer than 8192 characters' };
  if (CONTROL_OR_SPACE.test(raw)) return { error: 'the value contains whitespace or control characters' };
  switch (kind) {
    case 'ipv4': return isIpv4(raw) ? raw : { error: 'not an IPv4 address in dotted-quad notation' };
    case 'ipv6': return canonicalIpv6(raw) ?? { error: 'not an IPv6 address' };
    case 'cidr': return canonicalCidr(raw);
    case 'domain': return canonicalDomain(raw);
    case 'url': return canonicalUrl(raw);
    case 'email': return canonicalEmail(raw);
    case 'md5': case 'sha1': case 'sha256': case 'sha512': {
      const n = HEX_LENGTH[kind] as number;
      return raw.length === n && /^[0-9a-fA-F]+$/.test(raw) ? raw.toLowerCase() : { error: `not a ${kind} (${n} hexadecimal digits)` };
    }
    default: return { error: 'unknown kind' };
  }
}

// Dotted quad, each part 0-255 without leading zeros (a hand-written scanner: the regular expression was the slowest step of the gate).
function isIpv4(s: string): boolean {
  let parts = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i === s.length ? 0x2e : s.charCodeAt(i);
    if (c === 0x2e) {
      if (digits === 0 || ++parts > 4) return false;
      value = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits > 0 && value === 0) return false;
      value = value * 10 + (c - 0x30);
      if (++digits > 3 || value > 255) return false;
    } else return false;
  }
  return parts === 4;
}

function canonicalIpv6(raw: string): string | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(raw) || !raw.includes(':')) return undefined;
  try {
    const host = new URL(`http://[${raw}]/`).hostname;
    return host.slice(1, -1);
  } catch {
    return undefined;
  }
}

function canonicalCidr(raw: string): Canon {
  const slash = raw.indexOf('/');
  if (slash < 0) return { error: 'a CIDR block needs a /prefix' };
  const addr = raw.slice(0, slash);
  const lenText = raw.slice(slash + 1);
  if (!/^(0|[1-9]\d{0,2})$/.test(lenText)) return { error: 'the CIDR prefix length is not a number' };
  const len = Number(lenText);
  if (isIpv4(addr)) {
    if (len > 32) return { error: 'an IPv4 prefix length is at most 32' };
    const n = addr.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
    const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
    const net = (n & mask) >>> 0;
    return `${net >>> 24}.${(net >>> 16) & 255}.${(net >>> 8) & 255}.${net & 255}/${len}`;
  }
  const v6 = canonicalIpv6(addr);
  if (v6 === undefined) return { error: 'the CIDR address is neither IPv4 nor IPv6' };
  if (len > 128) return { error: 'an IPv6 prefix length is at most 128' };
  const groups = expandIpv6(v6);
  const masked = groups.map((g, i) => {
    const bits = Math.min(16, Math.max(0, len - i * 16));
    return bits === 0 ? 0 : g & ((0xffff << (16 - bits)) & 0xffff);
  });
  return `${canonicalIpv6(masked.map((g) => g.toString(16)).join(':')) ?? v6}/${len}`;
}

// `v6` is already canonical (URL-serialised, so no embedded IPv4 and at most one `::`).
function expandIpv6(v6: string): number[] {
  const [head = '', tail] = v6.split('::');
  const a = head === '' ? [] : head.split(':');
  const b = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : new Array<string>(8 - a.length - b.length).fill('0');
  return [...a, ...zeros, ...b].map((g) => parseInt(g, 16));
}

function canonicalDomain(raw: string): Canon {
  let d = raw.endsWith('.') ? raw.slice(0, -1) : raw;
  if (!/^[\x00-\x7f]*$/.test(d)) {
    // An internationalised name: the URL host parser applies UTS #46 and gives the A-labels.
    if (/[/?#@:[\]\\%]/.test(d)) return { error: 'not a domain name' };
    try {
      d = new URL(`http://${d}/`).hostname;
    } catch {
      return { error: 'not a valid internationalised domain name' };
    }
  }
  d = d.toLowerCase();
  if (d.length > 253) return { error: 'a domain name is at most 253 characters' };
  const labels = d.split('.');
  if (labels.length < 2) return { error: 'a domain name needs at least two labels' };
  if (!labels.every((l) => LABEL_RE.test(l))) return { error: 'not a domain name (letters, digits, hyphens and underscores in dot-separated labels of at most 63)' };
  if (/^\d+$/.test(labels[labels.length - 1] as string)) return { error: 'a domain name cannot end in a numeric label (an IP address?)' };
  return d;
}

function canonicalUrl(raw: string): Canon {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { error: 'not an absolute URL' };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return { error: `only http and https URLs are exported (not ${u.protocol.slice(0, -1)})` };
  if (u.username !== '' || u.password !== '') return { error: 'URLs with credentials are not exported' };
  if (u.hostname === '') return { error: 'the URL has no host' };
  u.hash = '';
  return u.href;
}

function canonicalEmail(raw: string): Canon {
  const at = raw.lastIndexOf('@');
  if (at <= 0) return { error: 'not an e-mail address' };
  const local = raw.slice(0, at);
  if (local.length > 64 || !ATEXT_RE.test(local)) return { error: 'the local part is not a dot-atom (quoted local parts are not exported)' };
  const domain = canonicalDomain(raw.slice(at + 1));
  if (typeof domain !== 'string') return { error: `the e-mail domain: ${domain.error}` };
  return `${local}@${domain}`;
}

/** The parts of a canonical http(s) URL that network engines see. */
export interface UrlParts {
  readonly scheme: 'http' | 'https';
  /** Lowercase host; an IPv6 literal keeps its brackets, as in a Host header. */
  readonly host: string;
  /** The explicit port, or undefined for the scheme's default. */
  readonly port: number | undefined;
  /** Path and query exactly as the request line carries them (origin-form). */
  readonly target: string;
}

/** Splits a canonical URL (from canonicalValue) into the parts a request shows. */
export function urlParts(canonical: string): UrlParts {
  // A WHATWG-serialised http(s) URL without credentials or fragment is exactly
  // scheme "://" host [":" port] path ["?" query], the path starting with "/".
  const https = canonical.startsWith('https://');
  const rest = canonical.slice(https ? 8 : 7);
  const slash = rest.indexOf('/');
  const authority = rest.slice(0, slash);
  const target = rest.slice(slash);
  const close = authority.startsWith('[') ? authority.indexOf(']') + 1 : 0;
  const colon = authority.indexOf(':', close);
  const host = colon < 0 ? authority : authority.slice(0, colon);
  return { scheme: https ? 'https' : 'http', host, port: colon < 0 ? undefined : Number(authority.slice(colon + 1)), target };
}

// ---------------------------------------------------------------------------------------------
// Rule ids

/** Where generated rule ids live. */
export interface SidRange {
  /** The first sid (default 3,000,000,000). */
  readonly base: number;
  /** How many sids the range holds (default 1,000,000,000; base + size - 1 ≤ 4,294,967,295). */
  readonly size: number;
}

/** The default sid range: [3,000,000,000, 4,000,000,000), clear of the ranges public rule sets use. */
export const DEFAULT_SID_RANGE: SidRange = Object.freeze({ base: 3_000_000_000, size: 1_000_000_000 });

/** Checks a sid range: both Suricata and Snort keep sids in 32 unsigned bits. */
export function checkSidRange(range: SidRange): void {
  const ok = Number.isSafeInteger(range.base) && Number.isSafeInteger(range.size) && range.base >= 1 && range.size >= 1_000 && range.base + range.size - 1 <= 0xffffffff;
  if (!ok) throw new RangeError('sid range: base ≥ 1, size ≥ 1000 and base + size - 1 ≤ 4294967295');
}

/**
 * Allocates sids: sid = base + (h1 + i·h2) mod size (double hashing), where h1 and h2 are two
 * independent 53-bit hashes (ruleHash) of "indicator id \n value \n rule variant" and i is the first probe whose sid this export has not
 * used yet. So a rule's sid depends only on its indicator, value and variant — stable across
 * exports — except when two rules of one export hash to the same slot (about n/size per rule:
 * 0.1 % of rules in a million-rule export); then the one written later takes its next probe.
 *
 * Speed (issue 7): both hashes run in one pass over the key's three parts, without building the
 * key string, and the used slots live in a typed open-addressing table (UsedSlots), not a
 * Set of sids: sids above 2^31 are heap numbers, and a million of them kept the collector busy.
 */
export class SidAllocator {
  private readonly used = new UsedSlots();
  constructor(private readonly range: SidRange = DEFAULT_SID_RANGE) {
    checkSidRange(range);
  }

  /** The sid of one rule. */
  next(id: string, value: string, variant: string): number {
    const size = this.range.size;
    lanes[0] = 0xdeadbeef ^ 0x5eed;
    lanes[1] = 0x41c6ce57 ^ 0x5eed;
    lanes[2] = 0xdeadbeef ^ 0xacc0;
    lanes[3] = 0x41c6ce57 ^ 0xacc0;
    feedLanes(id, true);
    feedLanes(value, true);
    feedLanes(variant, false);
    const h1 = finishHash(lanes[0], lanes[1]) % size;
    const h2 = 1 + (finishHash(lanes[2], lanes[3]) % (size - 1));
    let slot = h1;
    for (let i = 0; i < size; i++) {
      if (this.used.add(slot)) return this.range.base + slot;
      slot = (slot + h2) % size;
    }
    throw new RangeError('the sid range is full');
  }
}

const DIGITS3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/**
 * A sid in decimal, exactly as String(sid). Sids of the default range are above 2^31, where V8
 * keeps a number as a heap double and formats it slowly; written from three-digit groups of small
 * integers it was a sixth of the time of a Snort rule (issue 7).
 */
export function sidText(sid: number): string {
  if (sid < 1_000_000) return String(sid);
  return `${Math.floor(sid / 1_000_000)}${DIGITS3[Math.floor(sid / 1000) % 1000] as string}${DIGITS3[sid % 1000] as string}`;
}

// The set of slots (0 ≤ slot < 2^32 - 1) an allocator has given out: linear probing in a
// Uint32Array holding slot + 1 (0 is empty), at most half full.
class UsedSlots {
  private table = new Uint32Array(1024);
  private count = 0;

  /** Adds a slot; false when it was given out already. */
  add(slot: number): boolean {
    if (this.count * 2 >= this.table.length) this.grow();
    const table = this.table;
    const mask = table.length - 1;
    const entry = slot + 1;
    for (let i = Math.imul(slot, 0x9e3779b1) & mask; ; i = (i + 1) & mask) {
      const e = table[i] as number;
      if (e === 0) {
        table[i] = entry;
        this.count++;
        return true;
      }
      if (e === entry) return false;
    }
  }

  private grow(): void {
    const old = this.table;
    const table = new Uint32Array(old.length * 2);
    const mask = table.length - 1;
    for (const e of old) {
      if (e === 0) continue;
      let i = Math.imul(e - 1, 0x9e3779b1) & mask;
      while (table[i] !== 0) i = (i + 1) & mask;
      table[i] = e;
    }
    this.table = table;
  }
}

/**
 * A 53-bit string hash (the public-domain "cyrb53" construction: two Math.imul multiply-xorshift
 * lanes over the UTF-16 code units, mixed at the end). Part of the sid contract: changing it
 * renumbers every exported rule, so it is pinned by a test.
 */
export function ruleHash(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  return finishHash(h1, h2);
}

// ruleHash's final mixing of its two lanes.
function finishHash(a: number, b: number): number {
  let h1 = a;
  let h2 = b;
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

// The lanes of ruleHash under the two sid seeds (0x5eed: h1, 0xacc0: h2), fed side by side.
const lanes = new Int32Array(4);

// Feeds one part of a sid key to all four lanes, then the "\n" separator when `separator`.
function feedLanes(text: string, separator: boolean): void {
  let a1 = lanes[0] as number;
  let a2 = lanes[1] as number;
  let b1 = lanes[2] as number;
  let b2 = lanes[3] as number;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    let c: number;
    if (i < n) c = text.charCodeAt(i);
    else if (separator) c = 0x0a;
    else break;
    a1 = Math.imul(a1 ^ c, 2654435761);
    a2 = Math.imul(a2 ^ c, 1597334677);
    b1 = Math.imul(b1 ^ c, 2654435761);
    b2 = Math.imul(b2 ^ c, 1597334677);
  }
  lanes[0] = a1;
  lanes[1] = a2;
  lanes[2] = b1;
  lanes[3] = b2;
}
