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
import { formatPath, type ObjectPath } from '../pattern/index.js';
import type { EventValues } from './indicator-index.js';

/** The canonical key of an object path (what the index files values under). */
export function pathKey(objectType: string, ...names: readonly string[]): string {
  const span = { start: 0, end: 0 };
  const path: ObjectPath = { kind: 'path', ...span, objectType, steps: names.map((name) => (name === '*' ? { kind: 'any-index' as const, ...span } : { kind: 'property' as const, name, ...span })) };
  return formatPath(path);
}

const P = {
  ipv4: pathKey('ipv4-addr', 'value'),
  ipv6: pathKey('ipv6-addr', 'value'),
  srcRef: pathKey('network-traffic', 'src_ref', 'value'),
  dstRef: pathKey('network-traffic', 'dst_ref', 'value'),
  srcPort: pathKey('network-traffic', 'src_port'),
  dstPort: pathKey('network-traffic', 'dst_port'),
  protocols: pathKey('network-traffic', 'protocols', '*'),
  domain: pathKey('domain-name', 'value'),
  url: pathKey('url', 'value'),
  userAgent: pathKey('network-traffic', 'extensions', 'http-request-ext', 'request_header', 'User-Agent'),
  certSha1: pathKey('x509-certificate', 'hashes', 'SHA-1'),
  fileName: pathKey('file', 'name'),
  md5: pathKey('file', 'hashes', 'MD5'),
  sha1: pathKey('file', 'hashes', 'SHA-1'),
  sha256: pathKey('file', 'hashes', 'SHA-256'),
};

type Rec = Readonly<Record<string, unknown>>;
const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** One eve.json event, read. */
export interface EveEvent {
  readonly type: string;
  /** The event's time as a STIX timestamp (from `timestamp`), when it has a valid one. */
  readonly time: string | undefined;
  readonly values: EventValues;
}

/** Reads one parsed eve.json event into values by object path (unknown event types give the 5-tuple only). */
export function eveValues(event: Rec): EveEvent {
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

/**
 * The event as STIX 2.1 observed-data and its SCOs, for confirming a pattern on it: the addresses,
 * the network traffic between them, names, URL, certificate and file it shows.
 */
export function eveObservedData(event: EveEvent, id: string): Record<string, unknown>[] {
  const v = event.values;
  const objects: Record<string, unknown>[] = [];
  const refs: string[] = [];
  let n = 0;
  const sco = (o: Record<string, unknown>): string => {
    const oid = `${String(o.type)}--${id}-${n++}`;
    objects.push({ ...o, id: oid });
    refs.push(oid);
    return oid;
  };
  const addressId = new Map<string, string>();
  for (const a of [...(v.get(P.ipv4) ?? []), ...(v.get(P.ipv6) ?? [])]) addressId.set(String(a), sco({ type: String(a).includes(':') ? 'ipv6-addr' : 'ipv4-addr', value: a }));
  const src = v.get(P.srcRef)?.[0];
  const dst = v.get(P.dstRef)?.[0];
  if (src !== undefined || dst !== undefined) {
    const ua = v.get(P.userAgent)?.[0];
    sco({
      type: 'network-traffic', ...(src !== undefined ? { src_ref: addressId.get(String(src)) } : {}), ...(dst !== undefined ? { dst_ref: addressId.get(String(dst)) } : {}),
      ...(v.get(P.srcPort)?.[0] !== undefined ? { src_port: v.get(P.srcPort)?.[0] } : {}), ...(v.get(P.dstPort)?.[0] !== undefined ? { dst_port: v.get(P.dstPort)?.[0] } : {}),
      protocols: v.get(P.protocols) ?? [],
      ...(ua !== undefined ? { extensions: { 'http-request-ext': { request_method: 'get', request_value: '/', request_header: { 'User-Agent': ua } } } } : {}),
    });
  }
  for (const d of v.get(P.domain) ?? []) sco({ type: 'domain-name', value: d });
  for (const u of v.get(P.url) ?? []) sco({ type: 'url', value: u });
  const cert = v.get(P.certSha1)?.[0];
  if (cert !== undefined) sco({ type: 'x509-certificate', hashes: { 'SHA-1': cert } });
  const hashes = Object.fromEntries(([['MD5', P.md5], ['SHA-1', P.sha1], ['SHA-256', P.sha256]] as const).flatMap(([k, p]) => (v.get(p)?.[0] !== undefined ? [[k, v.get(p)?.[0]]] : [])));
  const name = v.get(P.fileName)?.[0];
  if (name !== undefined || Object.keys(hashes).length > 0) sco({ type: 'file', ...(name !== undefined ? { name } : {}), ...(Object.keys(hashes).length > 0 ? { hashes } : {}) });
  const at = event.time ?? '1970-01-01T00:00:00.000Z';
  return [...objects, { type: 'observed-data', spec_version: '2.1', id: `observed-data--${id}`, first_observed: at, last_observed: at, number_observed: 1, object_refs: refs }];
}
