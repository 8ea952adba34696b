// TAXII 2.1 content negotiation (§1.6.8, §3.1). Every request must accept the TAXII media type
// at version 2.1 (406 otherwise) and every POST must send it (415 otherwise). The version
// parameter is optional on both sides — "application/taxii+json" alone means the latest version
// this server supports, which is 2.1 — and a version other than 2.1 is refused. Media ranges are
// matched as RFC 7231 §5.3.2 says: the most specific range that covers the offered type decides,
// and a quality of 0 means "not acceptable".
import { AccordError } from '../store/index.js';

/** The media type of every TAXII 2.1 resource, as sent in Content-Type (exactly, no charset: clients compare tokens). */
export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';
/** The media type of STIX 2.1 objects, as collections and manifests name it. */
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';
/** What the TAXII version parameter must say when present. */
export const TAXII_VERSION = '2.1';

/** One media type or media range with its parameters (names lower-cased, values unquoted). */
export interface MediaType {
  readonly type: string;
  readonly subtype: string;
  readonly params: Readonly<Record<string, string>>;
}

/** Parses `type/subtype;name=value;…`; undefined when it is not a media type. */
export function parseMediaType(text: string): MediaType | undefined {
  const parts = splitOutsideQuotes(text, ';');
  const essence = (parts.shift() ?? '').trim().toLowerCase();
  const m = /^([a-z0-9!#$&^_.+*-]+)\/([a-z0-9!#$&^_.+*-]+)$/.exec(essence);
  if (m === null) return undefined;
  const params: Record<string, string> = {};
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq <= 0) {
      if (p.trim() === '') continue;
      return undefined;
    }
    const name = p.slice(0, eq).trim().toLowerCase();
    let value = p.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    params[name] = value;
  }
  return { type: m[1] as string, subtype: m[2] as string, params };
}

function splitOutsideQuotes(text: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '"') quoted = !quoted;
    if (c === '\\' && quoted && i + 1 < text.length) {
      cur += c + (text[++i] as string);
      continue;
    }
    if (c === sep && !quoted) {
      out.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  out.push(cur);
  return out;
}

function quality(range: MediaType): number {
  const q = range.params.q;
  if (q === undefined) return 1;
  return /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(q) ? Number(q) : 1;
}

/**
 * How specifically `range` covers application/taxii+json;version=2.1: 3 with the matching version
 * parameter, 2 the type without it, 1 `application/*`, 0 `*\/*`; -1 when it does not cover it.
 */
function taxiiSpecificity(range: MediaType): number {
  if (range.type === '*' && range.subtype === '*') return 0;
  if (range.type !== 'application') return -1;
  if (range.subtype === '*') return 1;
  if (range.subtype !== 'taxii+json') return -1;
  const version = range.params.version;
  if (version === undefined) return 2;
  return version === TAXII_VERSION ? 3 : -1;
}

/**
 * Checks the Accept header of a TAXII request; throws `taxii.not-acceptable` (406) unless it
 * accepts application/taxii+json at version 2.1 (directly, without a version, or through a wildcard).
 */
export function checkAccept(accept: string | undefined): void {
  if (accept === undefined || accept.trim() === '') {
    throw new AccordError('not-acceptable', 'taxii.not-acceptable', `TAXII requests must accept ${TAXII_MEDIA_TYPE} (send it in the Accept header)`);
  }
  let best: { specificity: number; q: number } | undefined;
  for (const item of splitOutsideQuotes(accept, ',')) {
    if (item.trim() === '') continue;
    const range = parseMediaType(item);
    if (range === undefined) continue;
    const specificity = taxiiSpecificity(range);
    if (specificity < 0) continue;
    if (best === undefined || specificity > best.specificity) best = { specificity, q: quality(range) };
  }
  if (best === undefined || best.q <= 0) {
    throw new AccordError('not-acceptable', 'taxii.not-acceptable', `this server answers with ${TAXII_MEDIA_TYPE} only, which the Accept header "${accept.slice(0, 200)}" does not accept`);
  }
}

/**
 * Checks the Content-Type of a TAXII POST; throws `taxii.unsupported-media-type` (415) unless it is
 * application/taxii+json, at version 2.1 or without a version, in UTF-8.
 */
export function checkContentType(contentType: string | undefined): void {
  const mt = contentType !== undefined ? parseMediaType(contentType) : undefined;
  const ok = mt !== undefined && mt.type === 'application' && mt.subtype === 'taxii+json' &&
    (mt.params.version === undefined || mt.params.version === TAXII_VERSION) &&
    (mt.params.charset === undefined || mt.params.charset.toLowerCase() === 'utf-8');
  if (!ok) {
    const got = contentType === undefined ? 'no Content-Type' : `Content-Type "${contentType.slice(0, 200)}"`;
    throw new AccordError('unsupported-media-type', 'taxii.unsupported-media-type', `send a TAXII envelope as ${TAXII_MEDIA_TYPE} (got ${got})`);
  }
}
