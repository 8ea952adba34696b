// CEF (ArcSight Common Event Format, "Implementing ArcSight CEF" rev. 25) as the detection index
// reads it (issue 8, item 2, "Readers"): a syslog line — `<PRI>`, a timestamp and host, whatever
// the relay put there — then `CEF:Version|Device Vendor|Device Product|Device Version|Signature ID|
// Name|Severity|Extension`.
//
// Escaping, as the specification defines it: in the header a pipe is `\|` and a backslash `\\`;
// in the extension an equals sign is `\=`, a backslash `\\`, a line break `\n` (or `\r`). A value
// runs to the next ` key=` (values may hold spaces), with its trailing spaces removed.
//
//   src, dst (and c6a2/c6a3)  → ipv4/ipv6-addr:value, network-traffic:src_ref.value / dst_ref.value
//   spt, dpt, proto           → network-traffic:src_port / dst_port / protocols[*] (lower case)
//   shost, dhost, dvchost     → domain-name:value (or an address when they hold one)
//   request                   → url:value, and its host as domain-name:value
//   requestClientApplication  → …'http-request-ext'.request_header.'User-Agent'
//   fname, fileHash           → file:name, file:hashes (MD5, SHA-1 or SHA-256 by length)
//   suser, duser              → user-account:user_id; smac, dmac → mac-addr:value (lower case)
//   rt, else start, else end  → the event's time (epoch milliseconds or `MMM dd yyyy HH:mm:ss`)
// The event type is the Name, or the Signature ID when the Name is empty.
import { MAX_LINE, P, type LineReader, type LogEvent, type Skip } from './event.js';
import { stixTime, Values } from './values.js';

/** The seven header fields after `CEF:` and the extension text, or what is wrong. */
function splitHeader(text: string): { header: string[]; extension: string } | string {
  const header: string[] = [];
  let cell = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && (text[i + 1] === '|' || text[i + 1] === '\\')) {
      cell += text[++i];
    } else if (c === '|') {
      header.push(cell);
      cell = '';
      if (header.length === 7) return { header, extension: text.slice(i + 1) };
    } else cell += c;
  }
  return `the CEF header has ${header.length + 1} of its 8 fields (Version|Device Vendor|Device Product|Device Version|Signature ID|Name|Severity|Extension)`;
}

/** A key starts after whitespace (or the start) and ends at an `=` that no backslash escapes. */
const KEY = /(?:^|\s)([A-Za-z0-9_.[\]-]+)=/g;
const unescapeValue = (s: string): string => s.replace(/\\([=\\nr])/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c));

/** The extension's `key=value` pairs, values unescaped (the last of a repeated key wins). */
export function cefExtension(extension: string): Map<string, string> {
  const pairs = new Map<string, string>();
  const starts: { key: string; at: number; value: number }[] = [];
  for (const m of extension.matchAll(KEY)) {
    // `\=` is an escaped equals sign: the "key" before it is part of a value.
    const eq = (m.index ?? 0) + m[0].length - 1;
    if (extension[eq - 1] === '\\') continue;
    starts.push({ key: m[1] as string, at: eq - (m[1] as string).length, value: eq + 1 });
  }
  starts.forEach((s, i) => {
    const end = starts[i + 1]?.at ?? extension.length;
    pairs.set(s.key, unescapeValue(extension.slice(s.value, end).replace(/\s+$/, '')));
  });
  return pairs;
}

/** Reads one syslog line with a CEF message into values by object path. */
export function cefValues(text: string): LogEvent | Skip {
  const at = text.indexOf('CEF:');
  if (at < 0) return { skip: 'no CEF: message in the line' };
  const split = splitHeader(text.slice(at + 4));
  if (typeof split === 'string') return { skip: split };
  const [version, , , , signature, name] = split.header;
  if (!/^\s*\d+(?:\.\d+)?$/.test(version ?? '')) return { skip: `CEF version ${JSON.stringify(version)} is not a number` };
  const ext = cefExtension(split.extension);
  const v = new Values();
  v.ip(ext.get('src') ?? ext.get('c6a2'), P.srcRef);
  v.ip(ext.get('dst') ?? ext.get('c6a3'), P.dstRef);
  for (const [k, p] of [['spt', P.srcPort], ['dpt', P.dstPort]] as const) {
    const port = Number(ext.get(k));
    if (ext.get(k) !== undefined && Number.isInteger(port)) v.add(p, port);
  }
  v.add(P.protocols, ext.get('proto')?.toLowerCase());
  for (const k of ['shost', 'dhost', 'dvchost']) v.host(ext.get(k));
  v.url(ext.get('request'));
  v.add(P.userAgent, ext.get('requestClientApplication'));
  v.add(P.fileName, ext.get('fname'));
  v.fileHash(ext.get('fileHash'));
  v.add(P.user, ext.get('suser'));
  v.add(P.user, ext.get('duser'));
  v.add(P.mac, ext.get('smac')?.toLowerCase());
  v.add(P.mac, ext.get('dmac')?.toLowerCase());
  const type = (name ?? '').trim() !== '' ? (name as string).trim() : (signature ?? '').trim() || 'cef';
  return { type, time: stixTime(ext.get('rt') ?? ext.get('start') ?? ext.get('end')), values: v.map };
}

/** The CEF reader: one syslog line (or bare CEF message) per line. */
export function cefReader(): LineReader {
  return (text) => (text.length > MAX_LINE ? { skip: `longer than ${MAX_LINE} characters` } : cefValues(text));
}
