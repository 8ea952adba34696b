// One event of a member's own logs as detection sees it (issue 8, item 2): its kind, its time and
// the values it shows under STIX object paths. Every reader (eve.json, Zeek, CEF, mapped JSON lines,
// CSV) produces this; the index looks the values up, and when a whole pattern must confirm a match
// the event becomes an observed-data with its SCOs.
import { formatPath, type ObjectPath } from '../pattern/index.js';
import type { EventValues } from './indicator-index.js';

/** One event of a log, read. */
export interface LogEvent {
  /** The reader's kind of event (eve.json `event_type`, Zeek log name, CEF signature, …). */
  readonly type: string;
  /** The event's time as a STIX timestamp, when it has a valid one. */
  readonly time: string | undefined;
  readonly values: EventValues;
}

/** The canonical key of an object path (what the index files values under). */
export function pathKey(objectType: string, ...names: readonly string[]): string {
  const span = { start: 0, end: 0 };
  const path: ObjectPath = { kind: 'path', ...span, objectType, steps: names.map((name) => (name === '*' ? { kind: 'any-index' as const, ...span } : { kind: 'property' as const, name, ...span })) };
  return formatPath(path);
}

/** The object paths readers file values under. */
export const P = {
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
  certSha256: pathKey('x509-certificate', 'hashes', 'SHA-256'),
  user: pathKey('user-account', 'user_id'),
  mac: pathKey('mac-addr', 'value'),
  fileName: pathKey('file', 'name'),
  md5: pathKey('file', 'hashes', 'MD5'),
  sha1: pathKey('file', 'hashes', 'SHA-1'),
  sha256: pathKey('file', 'hashes', 'SHA-256'),
};

/**
 * The event as STIX 2.1 observed-data and its SCOs, for confirming a pattern on it: the addresses,
 * the network traffic between them, names, URL, certificate and file it shows.
 */
export function eventObservedData(event: LogEvent, id: string): Record<string, unknown>[] {
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
  const cert256 = v.get(P.certSha256)?.[0];
  if (cert !== undefined || cert256 !== undefined) sco({ type: 'x509-certificate', hashes: { ...(cert !== undefined ? { 'SHA-1': cert } : {}), ...(cert256 !== undefined ? { 'SHA-256': cert256 } : {}) } });
  const hashes = Object.fromEntries(([['MD5', P.md5], ['SHA-1', P.sha1], ['SHA-256', P.sha256]] as const).flatMap(([k, p]) => (v.get(p)?.[0] !== undefined ? [[k, v.get(p)?.[0]]] : [])));
  const name = v.get(P.fileName)?.[0];
  if (name !== undefined || Object.keys(hashes).length > 0) sco({ type: 'file', ...(name !== undefined ? { name } : {}), ...(Object.keys(hashes).length > 0 ? { hashes } : {}) });
  const at = event.time ?? '1970-01-01T00:00:00.000Z';
  return [...objects, { type: 'observed-data', spec_version: '2.1', id: `observed-data--${id}`, first_observed: at, last_observed: at, number_observed: 1, object_refs: refs }];
}

/** Why a line gave no event: what is wrong with it, for the counted, sampled skips. */
export interface Skip {
  readonly skip: string;
  /** A header or comment line of the format (a CSV header, Zeek's `#fields`): not an event, not a fault, not counted. */
  readonly meta?: true;
}

/**
 * A log format's reader: one line of text in, one event (or the reason it is skipped) out. A reader
 * may keep state between lines (a CSV header, Zeek's `#fields`), so each input gets its own.
 */
export type LineReader = (text: string) => LogEvent | Skip;

/** The longest line a reader takes; longer ones are skipped whole (counted, not parsed). */
export const MAX_LINE = 16 * 1024 * 1024;
