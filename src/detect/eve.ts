// Suricata `eve.json` events as the detection index reads them (issue 8, item 2, "Readers"): each
// line one JSON event; the fields that name observables become values under STIX object paths,
// and the same event becomes an observed-data (with its SCOs) when a pattern must confirm a match.
//
//   flow, netflow, alert, and every event's 5-tuple  src_ip/dest_ip → ipv4-addr:value or
//        ipv6-addr:value, network-traffic:src_ref.value / dst_ref.value, src_port/dest_port →
//        network-traffic:src_port / dst_port, proto → network-traffic:protocols[*]
//   dns    rrname (queries and answers) → domain-name:value; A/AAAA rdata → ipv4/ipv6-addr:value
//   http   hostname → domain-name:value; hostname + url → url:value; user agent → network-traffic:
//          extensions.'http-request-ext'.request_header.'User-Agent'
//   tls    sni → domain-name:value; the certificate's SHA-1 fingerprint → x509-certificate:hashes.'SHA-1'
//   fileinfo filename → file:name; md5, sha1, sha256 → file:hashes.MD5, 'SHA-1', 'SHA-256'
import { scanEve } from './eve-scan.js';
import { MAX_LINE, P, type LineReader, type LogEvent } from './event.js';
import { jsonObject } from './values.js';

type Rec = Readonly<Record<string, unknown>>;
const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

type Values = Map<string, (string | number)[]>;

function add(values: Values, path: string, v: string | number | undefined): void {
  if (v === undefined) return;
  const list = values.get(path);
  if (list === undefined) values.set(path, [v]);
  else if (!list.includes(v)) list.push(v);
}

function addIp(values: Values, v: unknown, ref?: string): void {
  const s = str(v);
  if (s === undefined) return;
  add(values, s.includes(':') ? P.ipv6 : P.ipv4, s);
  if (ref !== undefined) add(values, ref, s);
}

function addRecord(values: Values, q: unknown): void {
  if (!isRec(q)) return;
  add(values, P.domain, str(q.rrname)?.toLowerCase());
  if (q.rrtype === 'A' || q.rrtype === 'AAAA') addIp(values, q.rdata);
  if (q.rrtype === 'CNAME') add(values, P.domain, str(q.rdata)?.toLowerCase());
}

const URL_SCHEME = /^[a-z]+:\/\//i;

/** Reads one parsed eve.json event into values by object path (unknown event types give the 5-tuple only). */
export function eveValues(event: Rec): LogEvent {
  // Module-level helpers, not closures: this runs for every line of a log.
  const values: Values = new Map();
  addIp(values, event.src_ip, P.srcRef);
  addIp(values, event.dest_ip, P.dstRef);
  if (typeof event.src_port === 'number') add(values, P.srcPort, event.src_port);
  if (typeof event.dest_port === 'number') add(values, P.dstPort, event.dest_port);
  const proto = str(event.proto)?.toLowerCase();
  if (proto !== undefined) add(values, P.protocols, proto);
  const type = str(event.event_type) ?? 'unknown';
  if (isRec(event.dns)) {
    const dns = event.dns;
    add(values, P.domain, str(dns.rrname)?.toLowerCase());
    if (Array.isArray(dns.queries)) for (const q of dns.queries as unknown[]) addRecord(values, q);
    if (Array.isArray(dns.answers)) for (const q of dns.answers as unknown[]) addRecord(values, q);
    if (dns.rrtype === 'A' || dns.rrtype === 'AAAA') addIp(values, dns.rdata);
  }
  if (isRec(event.http)) {
    const host = str(event.http.hostname)?.toLowerCase();
    add(values, P.domain, host);
    const path = str(event.http.url);
    if (host !== undefined && path !== undefined) add(values, P.url, URL_SCHEME.test(path) ? path : `http://${host}${path.startsWith('/') ? '' : '/'}${path}`);
    add(values, P.userAgent, str(event.http.http_user_agent));
  }
  if (isRec(event.tls)) {
    add(values, P.domain, str(event.tls.sni)?.toLowerCase());
    add(values, P.certSha1, str(event.tls.fingerprint)?.replaceAll(':', '').toLowerCase());
  }
  if (isRec(event.fileinfo)) {
    add(values, P.fileName, str(event.fileinfo.filename));
    add(values, P.md5, str(event.fileinfo.md5)?.toLowerCase());
    add(values, P.sha1, str(event.fileinfo.sha1)?.toLowerCase());
    add(values, P.sha256, str(event.fileinfo.sha256)?.toLowerCase());
  }
  return { type, time: stixTime(event.timestamp), values };
}

/** Suricata's `2026-01-31T10:00:00.123456+0000` as a STIX timestamp (UTC, Z). */
function stixTime(v: unknown): string | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  return fastTime(s) ?? slowTime(s);
}

function slowTime(s: string): string | undefined {
  const ms = Date.parse(s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** The last second converted (its text up to the seconds, and its offset): consecutive events mostly fall in the same second. */
let lastPrefix = '';
let lastOffset = '';
let lastIso: string | undefined;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** Suricata's seconds, `d` for a digit. */
const SHAPE = 'dddd-dd-ddTdd:dd:dd';

/**
 * Suricata's own shape (`YYYY-MM-DDTHH:MM:SS.` 1–9 digits `±HHMM`), fast: the whole second
 * converted by `slowTime` (once per second seen), its milliseconds taken from the fraction's first
 * three digits (Date.parse truncates the same way); anything else, or a second that does not
 * convert to a plain `….sssZ`, goes the slow way.
 */
function fastTime(s: string): string | undefined {
  const n = s.length;
  if (n < 26 || n > 34 || s.charCodeAt(19) !== 46) return undefined;
  const sign = s.charCodeAt(n - 5);
  if (sign !== 43 && sign !== 45) return undefined;
  for (let k = 20; k < n; k++) if (k !== n - 5 && !isDigit(s.charCodeAt(k))) return undefined;
  // The second converted last (its shape checked then), or a new one, checked here.
  if (!(lastPrefix.length === 19 && s.startsWith(lastPrefix) && s.endsWith(lastOffset))) {
    for (let k = 0; k < 19; k++) {
      const want = SHAPE.charCodeAt(k);
      if (want === 100 ? !isDigit(s.charCodeAt(k)) : s.charCodeAt(k) !== want) return undefined;
    }
    lastPrefix = s.slice(0, 19);
    lastOffset = s.slice(n - 5);
    const iso = slowTime(`${lastPrefix}${lastOffset}`);
    lastIso = iso?.length === 24 && iso.endsWith('.000Z') ? iso.slice(0, 20) : undefined;
  }
  if (lastIso === undefined) return undefined;
  const digits = n - 25;
  return `${lastIso}${digits >= 3 ? s.slice(20, 23) : s.slice(20, 20 + digits).padEnd(3, '0')}Z`;
}

/**
 * The eve.json line reader: one JSON object per line. The scanner reads only the members the
 * index needs; a line it is unsure of is parsed whole, so both give the same event or skip.
 */
export function eveReader(): LineReader {
  return (text) => {
    if (text.length > MAX_LINE) return { skip: `longer than ${MAX_LINE} characters` };
    const scanned = scanEve(text);
    if (scanned !== undefined) return eveValues(scanned);
    const read = jsonObject(text);
    return 'skip' in read ? read : eveValues(read.object);
  };
}
