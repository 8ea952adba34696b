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
import { MAX_LINE, P, type LineReader, type LogEvent } from './event.js';

type Rec = Readonly<Record<string, unknown>>;
const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Reads one parsed eve.json event into values by object path (unknown event types give the 5-tuple only). */
export function eveValues(event: Rec): LogEvent {
  const values = new Map<string, (string | number)[]>();
  const add = (path: string, v: string | number | undefined): void => {
    if (v === undefined) return;
    const list = values.get(path);
    if (list === undefined) values.set(path, [v]);
    else if (!list.includes(v)) list.push(v);
  };
  const ip = (v: unknown, ref?: string): void => {
    const s = str(v);
    if (s === undefined) return;
    add(s.includes(':') ? P.ipv6 : P.ipv4, s);
    if (ref !== undefined) add(ref, s);
  };
  ip(event.src_ip, P.srcRef);
  ip(event.dest_ip, P.dstRef);
  if (typeof event.src_port === 'number') add(P.srcPort, event.src_port);
  if (typeof event.dest_port === 'number') add(P.dstPort, event.dest_port);
  const proto = str(event.proto)?.toLowerCase();
  if (proto !== undefined) add(P.protocols, proto);
  const type = str(event.event_type) ?? 'unknown';
  if (isRec(event.dns)) {
    const dns = event.dns;
    add(P.domain, str(dns.rrname)?.toLowerCase());
    const records: unknown[] = [...(Array.isArray(dns.queries) ? dns.queries as unknown[] : []), ...(Array.isArray(dns.answers) ? dns.answers as unknown[] : [])];
    for (const q of records) {
      if (!isRec(q)) continue;
      add(P.domain, str(q.rrname)?.toLowerCase());
      if (q.rrtype === 'A' || q.rrtype === 'AAAA') ip(q.rdata);
      if (q.rrtype === 'CNAME') add(P.domain, str(q.rdata)?.toLowerCase());
    }
    if (dns.rrtype === 'A' || dns.rrtype === 'AAAA') ip(dns.rdata);
  }
  if (isRec(event.http)) {
    const host = str(event.http.hostname)?.toLowerCase();
    add(P.domain, host);
    const path = str(event.http.url);
    if (host !== undefined && path !== undefined) add(P.url, /^[a-z]+:\/\//i.test(path) ? path : `http://${host}${path.startsWith('/') ? '' : '/'}${path}`);
    add(P.userAgent, str(event.http.http_user_agent));
  }
  if (isRec(event.tls)) {
    add(P.domain, str(event.tls.sni)?.toLowerCase());
    add(P.certSha1, str(event.tls.fingerprint)?.replace(/:/g, '').toLowerCase());
  }
  if (isRec(event.fileinfo)) {
    add(P.fileName, str(event.fileinfo.filename));
    add(P.md5, str(event.fileinfo.md5)?.toLowerCase());
    add(P.sha1, str(event.fileinfo.sha1)?.toLowerCase());
    add(P.sha256, str(event.fileinfo.sha256)?.toLowerCase());
  }
  return { type, time: stixTime(event.timestamp), values };
}

/** Suricata's `2026-01-31T10:00:00.123456+0000` as a STIX timestamp (UTC, Z). */
function stixTime(v: unknown): string | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  const ms = Date.parse(s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}


/** The eve.json line reader: one JSON object per line. */
export function eveReader(): LineReader {
  return (text) => {
    if (text.length > MAX_LINE) return { skip: `longer than ${MAX_LINE} characters` };
    let event: unknown;
    try {
      event = JSON.parse(text);
    } catch (e) {
      return { skip: `not JSON: ${(e as Error).message}` };
    }
    if (!isRec(event)) return { skip: 'not a JSON object' };
    return eveValues(event);
  };
}
