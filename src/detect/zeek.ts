// Zeek logs as the detection index reads them (issue 8, item 2, "Readers"), in both of Zeek's
// ASCII writer formats: JSON (`LogAscii::use_json=T`, one object per line with flattened keys such
// as `id.orig_h`; nested objects, as Filebeat writes them, are read too) and the default TSV, whose
// `#separator`, `#set_separator`, `#empty_field`, `#unset_field`, `#path` and `#fields` header
// lines the reader keeps as state (a new header block, as after a log rotation, replaces them).
//
//   every log   id.orig_h/id.resp_h → ipv4/ipv6-addr:value, network-traffic:src_ref.value /
//               dst_ref.value; id.orig_p/id.resp_p → src_port/dst_port; proto and conn's service
//               → network-traffic:protocols[*]
//   dns         query and answers (addresses, and names: CNAME, PTR, MX targets) → domain-name:value
//               and ipv4/ipv6-addr:value
//   http        host → domain-name:value; host + uri → url:value; user_agent → …'User-Agent'
//   ssl         server_name → domain-name:value
//   files       md5, sha1, sha256 → file:hashes; filename → file:name; tx_hosts/rx_hosts → addresses
//   x509        fingerprint (SHA-256 by default since Zeek 4.2, SHA-1 before: by length) →
//               x509-certificate:hashes; san.dns → domain-name:value; san.ip → addresses
//   notice      src/dst → addresses; the notice's `note` is the event type
//
// The log kind is `_path` (JSON) or `#path` (TSV) when present, otherwise what the fields show.
// `ts` is epoch seconds (a float) or ISO 8601 (`LogAscii::json_timestamps`).
import { MAX_LINE, P, type LineReader, type LogEvent } from './event.js';
import { field, jsonObject, str, stixTime, Values } from './values.js';

type Rec = Readonly<Record<string, unknown>>;

/** The log a record comes from when it does not say: from the fields it has. */
function kindOf(rec: Rec): string {
  const has = (k: string): boolean => field(rec, k) !== undefined;
  if (has('query') || has('qtype_name')) return 'dns';
  if (has('server_name') || has('ssl_history') || has('cipher')) return 'ssl';
  if (has('uri') || has('user_agent') || has('method')) return 'http';
  if (has('fingerprint') || has('certificate.serial')) return 'x509';
  if (has('note')) return 'notice';
  if (has('fuid') && (has('md5') || has('sha1') || has('sha256') || has('mime_type') || has('seen_bytes'))) return 'files';
  if (has('conn_state') || has('id.orig_h')) return 'conn';
  return 'unknown';
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v as unknown[] : v === undefined ? [] : [v]);

/** Reads one Zeek record (JSON, or a TSV line made into one) into values by object path. */
export function zeekValues(rec: Rec, path?: string): LogEvent {
  const v = new Values();
  const kind = str(rec._path) ?? path ?? kindOf(rec);
  v.ip(field(rec, 'id.orig_h'), P.srcRef);
  v.ip(field(rec, 'id.resp_h'), P.dstRef);
  for (const [k, p] of [['id.orig_p', P.srcPort], ['id.resp_p', P.dstPort]] as const) {
    const port = field(rec, k);
    if (typeof port === 'number') v.add(p, port);
  }
  v.add(P.protocols, str(rec.proto)?.toLowerCase());
  if (kind === 'conn') for (const s of (str(rec.service) ?? '').split(',')) v.add(P.protocols, s.toLowerCase());
  let type = kind;
  switch (kind) {
    case 'dns':
      v.host(rec.query);
      // Answers are addresses and names; TXT answers ("TXT 12 …") have spaces and are no observable.
      for (const a of list(rec.answers)) if (typeof a === 'string' && !/\s/.test(a)) v.host(a);
      break;
    case 'http': {
      const host = str(rec.host)?.toLowerCase();
      v.host(host);
      const uri = str(rec.uri);
      if (host !== undefined && uri !== undefined) v.add(P.url, /^[a-z]+:\/\//i.test(uri) ? uri : `http://${host}${uri.startsWith('/') ? '' : '/'}${uri}`);
      v.add(P.userAgent, str(rec.user_agent));
      break;
    }
    case 'ssl':
      v.host(rec.server_name);
      break;
    case 'files':
      for (const h of [...list(rec.tx_hosts), ...list(rec.rx_hosts)]) v.ip(h);
      v.add(P.fileName, str(rec.filename));
      for (const k of ['md5', 'sha1', 'sha256']) v.fileHash(rec[k]);
      break;
    case 'x509': {
      const fp = str(rec.fingerprint)?.replace(/:/g, '').toLowerCase();
      v.add(fp?.length === 64 ? P.certSha256 : P.certSha1, fp?.length === 64 || fp?.length === 40 ? fp : undefined);
      for (const d of list(field(rec, 'san.dns'))) v.host(d);
      for (const a of list(field(rec, 'san.ip'))) v.ip(a);
      break;
    }
    case 'notice':
      v.ip(rec.src);
      v.ip(rec.dst);
      type = str(rec.note) ?? kind;
      break;
  }
  return { type, time: stixTime(rec.ts), values: v.map };
}

/** Zeek's `\xHH` escapes (separators and unprintable bytes inside values and header lines). */
const unescape = (s: string): string => s.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

interface TsvHeader {
  separator: string;
  setSeparator: string;
  empty: string;
  unset: string;
  path: string | undefined;
  fields: string[] | undefined;
  types: string[];
}

const freshHeader = (): TsvHeader => ({ separator: '\t', setSeparator: ',', empty: '(empty)', unset: '-', path: undefined, fields: undefined, types: [] });

/** One TSV data line as a record: numbers for count, int, port, double and time; lists for set and vector. */
function tsvRecord(header: TsvHeader & { fields: string[] }, text: string): Rec | string {
  const cells = text.split(header.separator);
  if (cells.length !== header.fields.length) return `has ${cells.length} fields where #fields names ${header.fields.length}`;
  const rec: Record<string, unknown> = {};
  header.fields.forEach((name, i) => {
    const cell = cells[i] as string;
    if (cell === header.unset) return;
    const type = header.types[i] ?? 'string';
    if (/^(?:set|vector)\[/.test(type)) rec[name] = cell === header.empty ? [] : cell.split(header.setSeparator).map(unescape);
    else if (/^(?:count|int|port|double|time|interval)$/.test(type) && cell !== '' && Number.isFinite(Number(cell))) rec[name] = Number(cell);
    else rec[name] = cell === header.empty ? '' : unescape(cell);
  });
  return rec;
}

/** The Zeek reader: JSON lines, or TSV lines under their `#` header (one reader per input: it keeps the header). */
export function zeekReader(): LineReader {
  let header = freshHeader();
  let inHeader = false;
  return (text) => {
    if (text.length > MAX_LINE) return { skip: `longer than ${MAX_LINE} characters` };
    if (text.startsWith('{')) {
      const rec = jsonObject(text);
      return 'skip' in rec ? rec : zeekValues(rec.object);
    }
    if (text.startsWith('#')) {
      if (!inHeader) header = freshHeader();
      inHeader = true;
      const sp = text.indexOf(text.startsWith('#separator') ? ' ' : header.separator);
      const key = sp < 0 ? text.slice(1) : text.slice(1, sp);
      const value = sp < 0 ? '' : text.slice(sp + 1);
      if (key === 'separator') header.separator = unescape(value);
      else if (key === 'set_separator') header.setSeparator = unescape(value);
      else if (key === 'empty_field') header.empty = value;
      else if (key === 'unset_field') header.unset = value;
      else if (key === 'path') header.path = value;
      else if (key === 'fields') header.fields = value.split(header.separator);
      else if (key === 'types') header.types = value.split(header.separator);
      return { skip: `Zeek header line #${key}`, meta: true };
    }
    inHeader = false;
    const { fields } = header;
    if (fields === undefined) return { skip: 'a Zeek TSV line before any #fields header (or a line that is neither JSON nor TSV)' };
    const rec = tsvRecord({ ...header, fields }, text);
    return typeof rec === 'string' ? { skip: rec } : zeekValues(rec, header.path);
  };
}
