// Suricata 7 eve.json events as Suricata writes them, for the detection benchmark and the eve.json
// reader's differential test. Field names, their order, nesting and typical sizes follow the
// Suricata 7 user guide, "Eve JSON Format" (doc/userguide/output/eve/eve-json-format.rst,
// https://docs.suricata.io/en/suricata-7.0.16/output/eve/eve-json-format.html: the common section
// with flow_id and the 5-tuple, flow with its counters, times, state and reason, DNS version 2
// answers in the detailed and grouped formats, extended HTTP and TLS logging with JA3/JA3S,
// fileinfo with its hashes, state and the transaction's app-layer object), and the user guide's
// EVE index (https://docs.suricata.io/en/suricata-8.0.0/appendix/eve-index.html: in_iface,
// pkt_src, community_id, app_proto, tcp). These lines are 360–950 bytes, about 770 on average; the
// minimal shape (the 5-tuple and the few members the reader needs, about 265 bytes) is kept for
// comparison.
//
// The caller chooses the observables (what a planted match puts in); everything else is derived
// from the event's number, so that a run is reproducible and no other field names an indicator:
// addresses outside 11.0.0.0/8, names under example.org/.net/.com, hashes the caller does not index.

/** The event types the benchmark generates. */
export type EveKind = 'flow' | 'dns' | 'http' | 'tls' | 'fileinfo';

/** What the caller puts in: the 5-tuple and the kind's own observable. */
export interface EveObservables {
  readonly src_ip: string;
  readonly src_port: number;
  readonly dest_ip: string;
  readonly dest_port: number;
  /** dns: the query's rrname; http: the hostname; tls: the SNI; fileinfo: the file's SHA-256. */
  readonly value?: string;
}

type Obj = Record<string, unknown>;

const hex = (n: number, len: number): string => (n >>> 0).toString(16).padStart(8, '0').repeat(Math.ceil(len / 8)).slice(0, len);
const colons = (h: string): string => h.replace(/(..)(?!$)/g, '$1:');
const pick = <T>(e: number, xs: readonly T[]): T => xs[e % xs.length] as T;
/** Suricata's timestamp (microseconds, ±hhmm), `ms` milliseconds after a fixed second. */
const suricataTime = (ms: number): string => new Date(Date.UTC(2026, 10, 27, 10) + ms).toISOString().replace(/\.(\d{3})Z$/, (_, f: string) => `.${f}${String(ms % 997).padStart(3, '0')}+0000`);

const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
  'Microsoft-CryptoAPI/10.0',
  'Debian APT-HTTP/1.3 (2.6.1)',
];
const JA3 = '771,4865-4866-4867-49195-49199-49196-49200-52393-52392-49171-49172-156-157-47-53,0-23-65281-10-11-35-16-5-13-18-51-45-43-27-17513-21,29-23-24,0';
const CONTENT = ['text/html; charset=UTF-8', 'application/javascript', 'image/png', 'application/json', 'application/octet-stream'];

/** One event as Suricata 7 writes it (`minimal`: only the 5-tuple and the members the reader needs). */
export function suricataEvent(kind: EveKind, e: number, o: EveObservables, minimal = false): Obj {
  const timestamp = '2026-11-27T10:00:00.000000+0000';
  if (minimal) {
    const base = { timestamp, src_ip: o.src_ip, src_port: o.src_port, proto: 'TCP' };
    const end = { event_type: kind, dest_ip: o.dest_ip, dest_port: o.dest_port };
    if (kind === 'flow') return { ...base, ...end, flow: { pkts_toserver: 5, bytes_toserver: 900 } };
    if (kind === 'dns') return { ...base, ...end, dns: { type: 'query', id: e, rrname: o.value, rrtype: 'A' } };
    if (kind === 'http') return { ...base, ...end, http: { hostname: o.value, url: '/index.html', http_user_agent: 'Mozilla/5.0', status: 200 } };
    if (kind === 'tls') return { ...base, ...end, tls: { sni: o.value, version: 'TLS 1.3', fingerprint: colons(hex(e, 40)) } };
    return { ...base, ...end, fileinfo: { filename: `f${e}.bin`, size: 1234, sha256: o.value } };
  }
  const ms = 5000 + e * 3;
  const udp = kind === 'dns';
  const common: Obj = {
    timestamp: suricataTime(ms), flow_id: 1_000_000_000_000_000 + e * 7919, in_iface: 'ens5f0', event_type: kind,
    src_ip: o.src_ip, src_port: o.src_port, dest_ip: o.dest_ip, dest_port: o.dest_port, proto: udp ? 'UDP' : 'TCP',
    pkt_src: 'wire/pcap',
  };
  const community = `1:${Buffer.from(hex(e * 31, 40), 'hex').toString('base64')}`;
  const page = `/assets/${hex(e, 8)}/app.${pick(e, ['js', 'css', 'png', 'html'])}?v=${e % 1000}`;
  const http = (host: string, url: string, type: string, length: number): Obj => ({
    hostname: host, url, http_user_agent: pick(e, AGENTS), http_content_type: type,
    http_refer: `http://www.example.com/${hex(e * 7, 6)}/index.html`, http_method: 'GET', protocol: 'HTTP/1.1', status: 200, length,
  });
  if (kind === 'flow') {
    return {
      ...common, app_proto: pick(e, ['tls', 'http', 'failed', 'ssh']),
      flow: {
        pkts_toserver: 5 + (e % 40), pkts_toclient: 4 + (e % 57), bytes_toserver: 400 + (e % 9000), bytes_toclient: 800 + (e % 70000),
        start: suricataTime(ms - 2000), end: suricataTime(ms - 10), age: 2, state: 'closed', reason: 'timeout', alerted: false,
      },
      community_id: community,
      tcp: { tcp_flags: '1b', tcp_flags_ts: '1b', tcp_flags_tc: '1b', syn: true, fin: true, psh: true, ack: true, state: 'closed', ts_max_regions: 1, tc_max_regions: 1 },
    };
  }
  if (kind === 'dns') {
    const name = o.value ?? `www${e}.example.org`;
    const edge = `edge${e % 5000}.cdn.example.net`;
    const a = [`198.18.${(e >> 8) & 255}.${e & 255}`, `198.19.${(e >> 8) & 255}.${e & 255}`];
    const dns: Obj = e % 2 === 0
      ? { type: 'query', id: e & 0xffff, rrname: name, rrtype: 'A', tx_id: 0, opcode: 0 }
      : {
        version: 2, type: 'answer', id: e & 0xffff, flags: '8180', qr: true, rd: true, ra: true, opcode: 0, rrname: name, rrtype: 'A', rcode: 'NOERROR',
        answers: [{ rrname: name, rrtype: 'CNAME', ttl: 300, rdata: edge }, ...a.map((rdata) => ({ rrname: edge, rrtype: 'A', ttl: 60, rdata }))],
        grouped: { CNAME: [edge], A: a },
      };
    return { ...common, community_id: community, dns };
  }
  if (kind === 'http') {
    return { ...common, community_id: community, tx_id: e % 3, http: http(o.value ?? `site${e}.example.org`, page, pick(e, CONTENT), 200 + (e % 60000)), app_proto: 'http' };
  }
  if (kind === 'tls') {
    const host = o.value ?? `cdn${e}.example.net`;
    return {
      ...common, community_id: community,
      tls: {
        subject: `CN=${host}`, issuerdn: "C=US, O=Let's Encrypt, CN=R3", serial: colons(hex(e * 13, 36).toUpperCase()),
        fingerprint: colons(hex(e, 40)), sni: host, version: pick(e, ['TLS 1.2', 'TLS 1.3']),
        notbefore: '2026-09-01T00:00:00', notafter: '2026-11-30T00:00:00',
        ja3: { hash: hex(e % 97, 32), string: JA3 }, ja3s: { hash: hex(e % 89, 32), string: '771,4865,43-51' },
      },
      app_proto: 'tls',
    };
  }
  const size = 1024 + (e % 2_000_000);
  return {
    ...common, community_id: community, tx_id: 0,
    http: http(`dl${e}.example.com`, `/downloads/f${e}.bin`, 'application/octet-stream', size), app_proto: 'http',
    fileinfo: {
      filename: `/downloads/f${e}.bin`, magic: 'PE32 executable (GUI) Intel 80386, for MS Windows', gaps: false, state: 'CLOSED',
      md5: hex(e * 5, 32), sha1: hex(e * 11, 40), sha256: o.value ?? hex(e + 0x7fffffff, 64), stored: false, size, tx_id: 0,
    },
  };
}
