// Indicator values as plain feeds and reports carry them (issue 7, "Plain feeds"): refanging the
// defanged forms analysts write (`hxxp`, `[.]`, `(dot)`, `[@]`), recognising what a value is
// (IPv4/IPv6 address or CIDR, domain, URL, e-mail, MD5/SHA-1/SHA-256/SHA-512, CVE, ASN),
// extracting every value from free text, and the STIX 2.1 pattern (or object) each one becomes.
//
// Recognition is strict: a value is typed only when it is one thing exactly (an IPv4 address has
// four octets 0–255 without leading zeros, a domain has a known-shaped TLD and no label over 63
// characters, a hash has exactly its length in hex), so a line of a feed is never guessed into a
// pattern that would match something else. What is not recognised is reported by the caller.
import { addressRange } from '../stix/index.js';

/** What a value is. */
export type ValueKind = 'ipv4' | 'ipv6' | 'cidr' | 'domain' | 'url' | 'email' | 'md5' | 'sha1' | 'sha256' | 'sha512' | 'cve' | 'asn';

export const VALUE_KINDS: readonly ValueKind[] = ['ipv4', 'ipv6', 'cidr', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256', 'sha512', 'cve', 'asn'];

/** A recognised value, normalised (lower case where case does not matter, refanged). */
export interface TypedValue {
  readonly kind: ValueKind;
  readonly value: string;
}

// Defanged forms, most specific first. Brackets around dots, colons and at-signs, `(dot)`/`[dot]`
// words, and the hxxp/fxp scheme spellings.
const REFANGS: readonly (readonly [RegExp, string])[] = [
  [/\bhxxp(s?)(?=\[?:)/gi, 'http$1'],
  [/\bfxp(?=\[?:)/gi, 'ftp'],
  [/\[\s*:\s*\/\/\s*\]|\[:\]\/\//g, '://'],
  [/\[\s*:\s*\]/g, ':'],
  [/\s?[[({]\s*(?:\.|dot)\s*[\])}]\s?/gi, '.'],
  [/\s?[[({]\s*(?:@|at)\s*[\])}]\s?/gi, '@'],
  [/\\\./g, '.'],
];

/** The text with defanged indicators written back (`hxxps://evil[.]example` → `https://evil.example`). */
export function refang(text: string): string {
  let out = text;
  for (const [re, to] of REFANGS) out = out.replace(re, to);
  return out;
}

const HEX = /^[0-9a-f]+$/i;
const HASH_KINDS: Readonly<Record<number, ValueKind>> = { 32: 'md5', 40: 'sha1', 64: 'sha256', 128: 'sha512' };
const CVE_RE = /^CVE-\d{4}-\d{4,7}$/i;
const ASN_RE = /^AS(\d{1,10})$/i;
// A host name: labels of letters, digits and hyphens (not at either end), 1–63 characters each,
// ending in an alphabetic TLD of 2–63 characters (or an IDN's xn-- form).
const LABEL = '(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)';
const TLD = '(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})';
const DOMAIN = `(?:${LABEL}\\.)+${TLD}`;
const DOMAIN_RE = new RegExp(`^${DOMAIN}$`, 'i');
const EMAIL_RE = new RegExp(`^[a-z0-9.!#$%&'*+/=?^_\`{|}~-]{1,64}@${DOMAIN}$`, 'i');
const URL_SCHEMES = new Set(['http:', 'https:', 'ftp:', 'ftps:', 'sftp:']);

/** What `raw` is, refanged and normalised; undefined when it is none of the kinds (or more than one thing). */
export function classify(raw: string): TypedValue | undefined {
  const v = refang(raw.trim());
  if (v === '' || /\s/.test(v)) return undefined;
  const address = addressRange(v);
  if (address !== undefined) return { kind: v.includes('/') ? 'cidr' : address.family === 4 ? 'ipv4' : 'ipv6', value: v.toLowerCase() };
  const hash = HASH_KINDS[v.length];
  if (hash !== undefined && HEX.test(v)) return { kind: hash, value: v.toLowerCase() };
  if (CVE_RE.test(v)) return { kind: 'cve', value: v.toUpperCase() };
  const asn = ASN_RE.exec(v);
  if (asn !== null && Number(asn[1]) <= 4294967295) return { kind: 'asn', value: `AS${Number(asn[1])}` };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) {
    let url: URL;
    try {
      url = new URL(v);
    } catch {
      return undefined;
    }
    if (!URL_SCHEMES.has(url.protocol) || url.hostname === '') return undefined;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!DOMAIN_RE.test(host) && addressRange(host) === undefined) return undefined;
    // The value as written (refanged), only the scheme and host lower-cased: paths are case-sensitive.
    const at = v.indexOf('://') + 3;
    const end = v.slice(at).search(/[/?#]/);
    const authority = end < 0 ? v.slice(at) : v.slice(at, at + end);
    return { kind: 'url', value: `${url.protocol}//${authority.toLowerCase()}${end < 0 ? '' : v.slice(at + end)}` };
  }
  if (EMAIL_RE.test(v)) return { kind: 'email', value: v.toLowerCase() };
  if (DOMAIN_RE.test(v) && v.length <= 253) return { kind: 'domain', value: v.toLowerCase().replace(/\.$/, '') };
  return undefined;
}

// Candidates in free text: URLs, e-mails, CIDRs and addresses, hashes, CVEs, ASNs, domains; each
// is then typed by classify().
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = `${OCTET}(?:\\.${OCTET}){3}`;
const CANDIDATE_RE = new RegExp([
  '\\b(?:https?|ftps?|sftp)://[^\\s<>"\'`]+',
  `[a-z0-9.!#$%&'*+/=?^_{|}~-]+@${DOMAIN}`,
  `\\b${IPV4}(?:/\\d{1,2})?\\b`,
  '(?<![0-9a-z:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?:/\\d{1,3})?(?![0-9a-z:])',
  '\\b[0-9a-f]{32,128}\\b',
  '\\bCVE-\\d{4}-\\d{4,7}\\b',
  '\\bAS\\d{1,10}\\b',
  `\\b${DOMAIN}\\b`,
].join('|'), 'gi');

/**
 * Every value in a text (a report, an e-mail, a paste), refanged, in order of first appearance,
 * each once. URLs lose trailing punctuation a sentence puts after them; a domain that is only the
 * host of a URL or e-mail found already is not listed again.
 */
export function extract(text: string): TypedValue[] {
  const found = new Map<string, TypedValue>();
  const covered = new Set<string>();
  for (const m of refang(text).matchAll(CANDIDATE_RE)) {
    let candidate = m[0];
    if (/^[a-z]+:\/\//i.test(candidate)) candidate = candidate.replace(/[.,;:!?)\]}>'"]+$/, '');
    const typed = classify(candidate);
    if (typed === undefined) continue;
    if (typed.kind === 'domain' && covered.has(typed.value)) continue;
    if (typed.kind === 'url') covered.add(new URL(typed.value).hostname);
    if (typed.kind === 'email') covered.add(typed.value.slice(typed.value.indexOf('@') + 1));
    const key = `${typed.kind} ${typed.value}`;
    if (!found.has(key)) found.set(key, typed);
  }
  return [...found.values()];
}

/** A string as a STIX pattern string literal: quotes and backslashes escaped (STIX 2.1 §9.2). */
export function patternString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The STIX 2.1 pattern that matches a value; undefined for kinds that are not indicators (CVE). */
export function patternOf(t: TypedValue): string | undefined {
  const eq = (path: string): string => `[${path} = ${patternString(t.value)}]`;
  switch (t.kind) {
    case 'ipv4': return eq('ipv4-addr:value');
    case 'ipv6': return eq('ipv6-addr:value');
    case 'cidr': return t.value.includes(':') ? `[ipv6-addr:value ISSUBSET ${patternString(t.value)}]` : `[ipv4-addr:value ISSUBSET ${patternString(t.value)}]`;
    case 'domain': return eq('domain-name:value');
    case 'url': return eq('url:value');
    case 'email': return eq('email-addr:value');
    case 'md5': return eq("file:hashes.MD5");
    case 'sha1': return eq("file:hashes.'SHA-1'");
    case 'sha256': return eq("file:hashes.'SHA-256'");
    case 'sha512': return eq("file:hashes.'SHA-512'");
    case 'asn': return `[autonomous-system:number = ${t.value.slice(2)}]`;
    case 'cve': return undefined;
  }
}
