// What the Zeek, CEF, mapped-JSON and CSV readers share (issue 8, item 2, "Readers"): gathering an
// event's values under object paths with the normalisation eve.ts applies (domains, hashes and
// protocols in lower case, an address filed as IPv4 or IPv6 by whether it has a ':'), fields found
// by dotted paths, and the time formats logs write, read as a STIX timestamp (UTC, Z).
import { addressRange } from '../stix/index.js';
import { MAX_LINE, P, type Skip } from './event.js';

type Rec = Readonly<Record<string, unknown>>;
export const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A JSON-object line, or why it is not one (too long, not JSON, another JSON value). */
export function jsonObject(text: string): { readonly object: Rec } | Skip {
  if (text.length > MAX_LINE) return { skip: `longer than ${MAX_LINE} characters` };
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { skip: `not JSON: ${(e as Error).message}` };
  }
  return isRec(v) ? { object: v } : { skip: 'not a JSON object' };
}

/** An IPv4 or IPv6 address as written (not a host name, not a network): what address fields may hold instead of a name. */
export const isAddress = (s: string): boolean => !s.includes('/') && addressRange(s) !== undefined;

/** Object paths whose values are compared in lower case (names, hashes, MAC addresses, protocols). */
function lowerCased(path: string): boolean {
  return path === P.domain || path === P.protocols || path.includes(':hashes.') || path === 'email-addr:value' || path === 'mac-addr:value';
}
/** Object paths whose values are integers in STIX (ports, sizes, counts). */
const integral = (path: string): boolean => /(?:_port|:size|_count|_packets|:pid)$/.test(path);

/** An event's values under object paths, gathered without duplicates. */
export class Values {
  readonly map = new Map<string, (string | number)[]>();

  /** Files a value as it is (nothing for undefined or ''). */
  add(path: string, v: string | number | undefined): void {
    if (v === undefined || v === '') return;
    const list = this.map.get(path);
    if (list === undefined) this.map.set(path, [v]);
    else if (!list.includes(v)) list.push(v);
  }

  /** An address under ipv4-addr or ipv6-addr, and under the traffic's src_ref/dst_ref when given. */
  ip(v: unknown, ref?: string): void {
    const s = str(v)?.trim();
    if (s === undefined) return;
    this.add(s.includes(':') ? P.ipv6 : P.ipv4, s.toLowerCase());
    if (ref !== undefined) this.add(ref, s.toLowerCase());
  }

  /** A host: an address when it is one, otherwise a domain name (lower case, no trailing dot). */
  host(v: unknown): void {
    const s = str(v)?.trim();
    if (s === undefined) return;
    if (isAddress(s)) this.ip(s);
    else this.add(P.domain, s.replace(/\.$/, '').toLowerCase());
  }

  /** A URL, and its host as a domain or address. */
  url(v: unknown): void {
    const s = str(v)?.trim();
    if (s === undefined) return;
    this.add(P.url, s);
    const host = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/@?#]*@)?(\[[^\]]+\]|[^/:?#]+)/i.exec(s)?.[1];
    if (host !== undefined) this.host(host.replace(/^\[|\]$/g, ''));
  }

  /** A hex file hash filed by its length: MD5, SHA-1 or SHA-256 (anything else is left out). */
  fileHash(v: unknown): void {
    const s = str(v)?.trim().toLowerCase();
    if (s === undefined || !/^[0-9a-f]+$/.test(s)) return;
    const path = s.length === 32 ? P.md5 : s.length === 40 ? P.sha1 : s.length === 64 ? P.sha256 : undefined;
    if (path !== undefined) this.add(path, s);
  }

  /**
   * A value for a path a mapping names, normalised like the built-in readers: addresses by family
   * (and under ipv4/ipv6-addr too when they are a traffic's src_ref/dst_ref), lower case where
   * STIX compares so, integers for ports, sizes and counts; each element of a list.
   */
  mapped(path: string, v: unknown): void {
    if (Array.isArray(v)) {
      for (const e of v) this.mapped(path, e);
      return;
    }
    const s = typeof v === 'number' ? v : typeof v === 'string' ? v.trim() : typeof v === 'boolean' ? String(v) : undefined;
    if (s === undefined) return;
    if (path === P.ipv4 || path === P.ipv6) return this.ip(String(s));
    if (path === P.srcRef || path === P.dstRef) return this.ip(String(s), path);
    if (path === P.url) return this.url(String(s));
    if (integral(path)) {
      const i = Number(s);
      if (String(s) !== '' && Number.isInteger(i)) this.add(path, i);
      return;
    }
    if (typeof s === 'number') return this.add(path, s);
    if (path === P.domain) return this.add(path, s.replace(/\.$/, '').toLowerCase());
    this.add(path, lowerCased(path) ? s.toLowerCase() : s);
  }
}

/**
 * A field by dotted path: a key that has the dots itself (Zeek's `id.orig_h`) first, then nested
 * objects; through a list, the field of each element.
 */
export function field(rec: unknown, dotted: string): unknown {
  if (Array.isArray(rec)) {
    const all = rec.flatMap((e) => {
      const v = field(e, dotted);
      return v === undefined ? [] : Array.isArray(v) ? v as unknown[] : [v];
    });
    return all.length > 0 ? all : undefined;
  }
  if (!isRec(rec)) return undefined;
  if (dotted in rec) return rec[dotted];
  for (let dot = dotted.indexOf('.'); dot > 0; dot = dotted.indexOf('.', dot + 1)) {
    const head = dotted.slice(0, dot);
    if (head in rec) {
      const v = field(rec[head], dotted.slice(dot + 1));
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * A log's time as a STIX timestamp (UTC, Z): epoch seconds (a number, or digits with a fraction:
 * Zeek), epoch milliseconds (13 digits, or a number from 1e11: CEF `rt`), ISO 8601 with `Z`, `±hh:mm` or `±hhmm`
 * (Suricata), or CEF's `MMM dd yyyy HH:mm:ss[.SSS] [zone]` (no zone, UTC or GMT[±hh:mm]: UTC
 * plus the offset). Anything else, or a zone name it cannot place, gives undefined.
 */
export function stixTime(v: unknown): string | undefined {
  let ms: number;
  if (typeof v === 'number') ms = Math.abs(v) >= 1e11 ? v : v * 1000;
  else {
    const s = str(v)?.trim();
    if (s === undefined) return undefined;
    const cef = /^([A-Za-z]{3}) +(\d{1,2}) (\d{4}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?(?: +(?:(?:UTC|GMT|Z)?([+-]\d{2}):?(\d{2})?|UTC|GMT|Z))?$/.exec(s);
    if (/^\d{13}$/.test(s)) ms = Number(s);
    else if (/^\d{1,11}(?:\.\d+)?$/.test(s)) ms = Number(s) * 1000;
    else if (cef !== null) {
      const [, mon, day, year, h, m, sec, frac, oh, om] = cef as unknown as string[];
      const month = MONTHS.indexOf((mon ?? '').toLowerCase());
      if (month < 0) return undefined;
      const offset = oh === undefined ? 0 : (oh.startsWith('-') ? -1 : 1) * (Math.abs(Number(oh)) * 60 + Number(om ?? 0));
      ms = Date.UTC(Number(year), month, Number(day), Number(h), Number(m), Number(sec), frac !== undefined ? Number(frac.slice(1).padEnd(3, '0')) : 0) - offset * 60_000;
    } else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i.test(s)) ms = Date.parse(s.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    else return undefined;
  }
  return Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : undefined;
}
