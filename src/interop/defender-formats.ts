// Exports for defenders (issue 7): indicator values as the line formats network sensors and
// blocklists load — Suricata rules and datasets, Snort 3 rules, Zeek Intel files, plain
// blocklists and CSV. Pure: items in, text out; no clock (pass `now`), no file system.
//
// Every writer first applies the gate of defender-values.ts (TLP:RED never, the optional
// ceiling, expiry, a well-formed id and value) and then its own table of what the format can
// express; whatever is not written comes back in `skipped` with a code and a reason, never
// dropped silently. Values are written in canonical form (defender-values.ts), once per format
// namespace: a second item with the same value is skipped as a duplicate naming the first.
//
// Escaping, per format (the tests read every format back with a parser written from these rules):
// - Suricata: in `msg`, `;` `"` `\` are backslash-escaped (Suricata userguide, rules/intro.rst
//   "Rule options" and rules/meta.rst "msg"); in `content`, every byte outside [A-Za-z0-9._/-]
//   is written as |XX| hex (rules/payload-keywords.rst "content": `"` `;` `:` `|` must be hex,
//   and any byte may be). Control characters in text become spaces, non-ASCII becomes `U+XXXX`,
//   so a rule is printable ASCII on one line whatever the names say.
// - Snort 3: the same hex rule for `content` (snort_user "content"; Talos writes any
//   questionable byte as hex); `msg` text has `"` `;` `\` replaced (by ' , /) rather than
//   escaped, so it reads the same under Snort 2.9 and 3 parsers.
// - Zeek Intel: tab-separated, `-` is an unset field (Zeek input framework, ASCII reader). A value
//   with a tab or newline cannot occur (the gate refuses whitespace); descriptive fields have
//   tabs and control characters replaced by spaces and never equal `-` or `(empty)`.
// - CSV: RFC 4180 (fields with `"` `,` CR or LF quoted, quotes doubled, CRLF line ends); fields
//   starting with = + - @ are prefixed with ' (OWASP "CSV injection") unless formulaGuard is off.
import { TLP_LEVELS, tlpRank, type TlpLevel } from '../stix/index.js';
import {
  DEFAULT_SID_RANGE, prepare, SidAllocator, sidText, urlParts,
  type ExportItem, type GateOptions, type IndicatorKind, type Prepared, type SidRange, type Skipped,
} from './defender-values.js';

/** A single-file export. */
export interface TextExport {
  readonly text: string;
  /** Lines written, headers included. */
  readonly lines: number;
  readonly skipped: readonly Skipped[];
}

/** Options of the rule writers (Suricata, Snort). */
export interface RuleOptions extends GateOptions {
  /** Where sids are allocated (default DEFAULT_SID_RANGE). */
  readonly sids?: SidRange;
  /** The rule action (default alert). */
  readonly action?: 'alert' | 'drop' | 'reject';
}

function skip(skipped: Skipped[], item: ExportItem, code: Skipped['code'], reason: string): void {
  skipped.push({ item, code, reason });
}

/**
 * Lines joined into one text as they come, a thousand at a time. A line built from template parts
 * is a tree of string pieces until something flattens it; a million such lines kept whole until
 * the end were copied from collection to collection and cost more than writing them (issue 7).
 * Joining in chunks flattens them young; the text is the same as one join of all lines.
 */
class TextLines {
  private readonly chunks: string[] = [];
  private pending: string[] = [];
  /** Lines added. */
  count = 0;
  constructor(private readonly eol: string) {}

  add(line: string): void {
    this.pending.push(line);
    this.count++;
    if (this.pending.length === 1024) {
      this.chunks.push(this.pending.join(this.eol));
      this.pending = [];
    }
  }

  /** The text, every line ended by `eol` (empty without lines). */
  text(): string {
    if (this.pending.length > 0) this.chunks.push(this.pending.join(this.eol));
    this.pending = [];
    return this.count === 0 ? '' : this.chunks.join(this.eol) + this.eol;
  }
}

/** Drains a line generator into one text (lines end with `eol`). */
function collect(lines: Iterable<string>, skipped: Skipped[], eol = '\n'): TextExport {
  const out = new TextLines(eol);
  for (const line of lines) out.add(line);
  return { text: out.text(), lines: out.count, skipped };
}

// Remembers the first indicator of each value in each namespace, so a repeat is reported, not
// written twice. One map per namespace, keyed by the value itself: no key string is built.
class Seen {
  private readonly spaces = new Map<string, Map<string, string>>();
  /** True when the value is new in its namespace; otherwise records the duplicate in `skipped`. */
  admit(space: string, value: string, p: Prepared, skipped: Skipped[]): boolean {
    let first = this.spaces.get(space);
    if (first === undefined) this.spaces.set(space, (first = new Map<string, string>()));
    const prior = first.get(value);
    if (prior === undefined) {
      first.set(value, p.item.id);
      return true;
    }
    skip(skipped, p.item, 'duplicate', `the same value is already written for ${prior}`);
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Shared text encoders

const SAFE_CONTENT = /^[A-Za-z0-9._/-]*$/;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));

/** A string as the bytes of a Suricata/Snort `content` (UTF-8; |XX| hex outside [A-Za-z0-9._/-]). */
export function contentString(text: string): string {
  if (SAFE_CONTENT.test(text)) return text;
  return contentBytes(Buffer.from(text, 'utf8'));
}

function contentBytes(bytes: Uint8Array): string {
  let out = '';
  let inHex = false;
  for (const b of bytes) {
    const safe = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x2e || b === 0x5f || b === 0x2f || b === 0x2d;
    if (safe) {
      if (inHex) out += '|';
      inHex = false;
      out += String.fromCharCode(b);
    } else {
      out += inHex ? ` ${HEX[b] as string}` : `|${HEX[b] as string}`;
      inHex = true;
    }
  }
  return inHex ? `${out}|` : out;
}

// Printable ASCII on one line, with `"` `;` `\` given to `quote`: controls (C0, DEL, C1, the
// line and paragraph separators) become spaces, other code points outside printable ASCII U+XXXX.
// One pass that copies the plain runs: most names need nothing, and a regular-expression replace
// with a callback per rule was a visible part of writing a million rules (issue 7).
function msgText(text: string, quote: (c: string) => string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e && c !== 0x22 && c !== 0x3b && c !== 0x5c) continue;
    out += text.slice(from, i);
    if (c === 0x22 || c === 0x3b || c === 0x5c) out += quote(text.charAt(i));
    else {
      const cp = text.codePointAt(i) as number;
      if (cp > 0xffff) i++;
      out += cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0x2028 || cp === 0x2029 ? ' ' : `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    }
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** Text for a Suricata `msg`: printable ASCII with `\` `"` `;` backslash-escaped. */
export function suricataText(text: string): string {
  return msgText(text, (c) => `\\${c}`);
}

/** Text for a Snort `msg`: printable ASCII with `"` `;` `\` replaced, so no escape is needed. */
export function snortText(text: string): string {
  return msgText(text, (c) => SNORT_SUBSTITUTE[c] as string);
}

const SNORT_SUBSTITUTE: Readonly<Record<string, string>> = { '"': "'", ';': ',', '\\': '/' };

const TLP_UPPER: Readonly<Record<TlpLevel, string>> = { clear: 'CLEAR', green: 'GREEN', amber: 'AMBER', 'amber+strict': 'AMBER+STRICT', red: 'RED' };

// "<name> (<id>)", or the id alone for an unnamed indicator; `text` is applied to the name.
function label(item: ExportItem, text: (s: string) => string = (s) => s): string {
  if (item.name === undefined || item.name === '') return item.id;
  const name = item.name.length > 120 ? `${item.name.slice(0, 120)}...` : item.name;
  return `${text(name)} (${item.id})`;
}

// A rule's msg, `text` the format's msg encoding. The encodings work character by character and
// leave "ACCORD", `what` (fixed wording) and the id (checked by the gate) as they are, so only the
// name is encoded: the same text as encoding the whole msg, without scanning it all per rule.
function ruleMsg(what: string, item: ExportItem, text: (s: string) => string): string {
  return `ACCORD ${what} - ${label(item, text)}`;
}

// Rule metadata: key value pairs; TLP levels and STIX ids contain no space, comma or semicolon.
function ruleMetadata(item: ExportItem): string {
  return `accord_tlp ${item.tlp}, accord_indicator ${item.id}`;
}

// ---------------------------------------------------------------------------------------------
// Suricata rules (one per value and buffer)

const SURICATA_HASH_REASON = 'Suricata matches file hashes through a list file (filemd5/filesha1/filesha256): use suricataDatasets';

/** What one Suricata rule matches: header and detection options. */
interface RuleBody {
  readonly variant: string;
  readonly what: string;
  readonly header: string;
  readonly detect: string;
}

function suricataBodies(p: Prepared, skipped: Skipped[]): RuleBody[] | undefined {
  const v = p.value;
  switch (p.item.kind) {
    case 'ipv4': case 'ipv6': case 'cidr':
      // Both directions: traffic to or from the address (rules/intro.rst "Direction").
      return [{ variant: 'ip', what: p.item.kind === 'cidr' ? 'network' : 'IP address', header: `ip any any <> ${v} any`, detect: '' }];
    case 'domain': {
      // Exact name (bsize): a STIX domain-name value is the name itself, not its subdomains.
      // dns.query and tls.sni are matched case-insensitively; http.host is lowercased by
      // Suricata, so it takes the lowercase canonical value and no nocase (rules/http-keywords.rst).
      const c = contentString(v);
      const n = Buffer.byteLength(v);
      return [
        { variant: 'dns.query', what: 'domain in DNS query', header: 'dns any any -> any any', detect: `dns.query; content:"${c}"; nocase; bsize:${n};` },
        { variant: 'tls.sni', what: 'domain in TLS SNI', header: 'tls any any -> any any', detect: `tls.sni; content:"${c}"; nocase; bsize:${n};` },
        { variant: 'http.host', what: 'domain in HTTP Host', header: 'http any any -> any any', detect: `http.host; content:"${c}"; bsize:${n};` },
      ];
    }
    case 'url': {
      const u = urlParts(v);
      if (u.scheme === 'https') {
        skip(skipped, p.item, 'unsupported-value', 'an https URL\'s path travels encrypted: a network rule cannot see it (export the domain instead)');
        return undefined;
      }
      // The request target exactly as sent (http.uri.raw: not normalised, so the URL's own
      // percent-encoding matches) and the host; an explicit port goes into the header.
      const host = u.port === undefined ? `http.host; content:"${contentString(u.host)}"; bsize:${Buffer.byteLength(u.host)};` : `http.host; content:"${contentString(u.host)}"; startswith;`;
      return [{
        variant: 'http.uri.raw', what: 'URL', header: `http any any -> any ${u.port ?? 'any'}`,
        detect: `${host} http.uri.raw; content:"${contentString(u.target)}"; bsize:${Buffer.byteLength(u.target)};`,
      }];
    }
    case 'email':
      skip(skipped, p.item, 'unsupported-kind', 'Suricata rules here match network indicators; e-mail addresses go to the Zeek Intel export');
      return undefined;
    case 'md5': case 'sha1': case 'sha256':
      skip(skipped, p.item, 'unsupported-kind', SURICATA_HASH_REASON);
      return undefined;
    case 'sha512':
      skip(skipped, p.item, 'unsupported-kind', 'Suricata computes no SHA-512 of files');
      return undefined;
  }
}

function suricataLine(action: string, body: RuleBody, item: ExportItem, sid: number): string {
  const detect = body.detect === '' ? '' : `${body.detect} `;
  return `${action} ${body.header} (msg:"${ruleMsg(body.what, item, suricataText)}"; ${detect}metadata:${ruleMetadata(item)}; sid:${sidText(sid)}; rev:1;)`;
}

/** Suricata rules, one per value and buffer, as lines (fills `skipped` as it goes). */
export function suricataRuleLines(items: Iterable<ExportItem>, options: RuleOptions = {}, skipped: Skipped[] = []): Generator<string> {
  return suricataRuleGen(items, options, skipped, new SidAllocator(options.sids ?? DEFAULT_SID_RANGE));
}

function* suricataRuleGen(items: Iterable<ExportItem>, options: RuleOptions, skipped: Skipped[], sids: SidAllocator): Generator<string> {
  const write = suricataWriter(options, skipped, sids);
  for (const item of items) {
    const p = prepare(item, options, skipped);
    if (p !== undefined) yield* write(p);
  }
}

// The rules of one value that passed the gate (none when the value is skipped).
function suricataWriter(options: RuleOptions, skipped: Skipped[], sids: SidAllocator): (p: Prepared) => string[] {
  const seen = new Seen();
  const action = options.action ?? 'alert';
  return (p) => {
    const item = p.item;
    const bodies = suricataBodies(p, skipped);
    if (bodies === undefined || !seen.admit(netKind(item.kind), p.value, p, skipped)) return [];
    return bodies.map((b) => suricataLine(action, b, item, sids.next(item.id, p.value, `suricata:${b.variant}`)));
  };
}

/** Suricata rules, one per value and buffer (domains: dns.query, tls.sni, http.host; URLs: http.host + http.uri.raw; IPs and CIDRs: the header). */
export function suricataRules(items: Iterable<ExportItem>, options: RuleOptions = {}): TextExport {
  const skipped: Skipped[] = [];
  return collect(suricataRuleLines(items, options, skipped), skipped);
}

function netKind(kind: IndicatorKind): string {
  return kind === 'ipv4' || kind === 'ipv6' || kind === 'cidr' ? 'ip' : kind;
}

// ---------------------------------------------------------------------------------------------
// Suricata datasets

/** Options of the dataset export. */
export interface DatasetOptions extends RuleOptions {
  /** File names prefix (default "accord"): files are <prefix>-domains.lst and so on. */
  readonly prefix?: string;
  /** App-layer protocols whose files are checked against the hash lists (default http, smtp, ftp-data, smb, nfs). */
  readonly fileProtocols?: readonly string[];
}

/** A dataset export: list files (name → text) and the rules that load them. */
export interface DatasetExport {
  readonly files: Readonly<Record<string, string>>;
  readonly rules: string;
  /** Rules written (dataset rules and per-value rules). */
  readonly ruleCount: number;
  /** Values written to list files. */
  readonly valueCount: number;
  readonly skipped: readonly Skipped[];
}

interface ListFile {
  readonly lines: string[];
  tlp: TlpLevel;
}

const DATASET_NAME_RE = /^[a-z][a-z0-9-]{0,40}$/;

/**
 * Suricata datasets (userguide rules/datasets.rst): domains in a `type string` set (base64 per
 * line), IPv4 and IPv6 addresses in a `type ip` set (text), checked by rules on dns.query, tls.sni,
 * http.host and on ip.src / ip.dst; file hashes in hex lists for filemd5 / filesha1 / filesha256
 * (rules/file-keywords.rst; the same hex-per-line text a `type md5`/`sha256` dataset loads).
 * CIDR blocks and URLs, which a set lookup cannot express, get per-value rules in the same file.
 */
export function suricataDatasets(items: Iterable<ExportItem>, options: DatasetOptions = {}): DatasetExport {
  const prefix = options.prefix ?? 'accord';
  if (!DATASET_NAME_RE.test(prefix)) throw new RangeError('dataset prefix: lowercase letters, digits and hyphens, starting with a letter');
  const skipped: Skipped[] = [];
  const lists = new Map<string, ListFile>();
  const add = (file: string, line: string, tlp: TlpLevel): void => {
    const f = lists.get(file);
    if (f === undefined) lists.set(file, { lines: [line], tlp });
    else {
      f.lines.push(line);
      if (tlpRank(tlp) > tlpRank(f.tlp)) f.tlp = tlp;
    }
  };
  const listFile = {
    domain: `${prefix}-domains.lst`, ipv4: `${prefix}-ip.lst`, ipv6: `${prefix}-ip.lst`, md5: `${prefix}-md5.lst`, sha1: `${prefix}-sha1.lst`, sha256: `${prefix}-sha256.lst`,
  } as const;
  const perValue: Prepared[] = [];
  const seen = new Seen();
  for (const item of items) {
    const p = prepare(item, options, skipped);
    if (p === undefined) continue;
    const k = item.kind;
    if (k === 'cidr' || k === 'url') {
      perValue.push(p); // written (and deduplicated) by the per-value writer below
      continue;
    }
    if (k === 'email') {
      skip(skipped, item, 'unsupported-kind', 'Suricata datasets here hold network indicators and file hashes; e-mail addresses go to the Zeek Intel export');
      continue;
    }
    if (k === 'sha512') {
      skip(skipped, item, 'unsupported-kind', 'Suricata computes no SHA-512 of files');
      continue;
    }
    if (!seen.admit(netKind(k), p.value, p, skipped)) continue;
    // A canonical domain is ASCII (A-labels), so btoa's Latin-1 base64 is its UTF-8 base64.
    if (k === 'domain') add(listFile.domain, btoa(p.value), item.tlp);
    else add(listFile[k], p.value, item.tlp);
  }
  const sids = new SidAllocator(options.sids ?? DEFAULT_SID_RANGE);
  const action = options.action ?? 'alert';
  const rules = new TextLines('\n');
  const setRule = (header: string, what: string, detect: string, tlp: TlpLevel, variant: string): void => {
    const sid = sids.next(`${prefix}-datasets`, variant, 'suricata:dataset');
    rules.add(`${action} ${header} (msg:"${suricataText(`ACCORD ${what}`)}"; ${detect} metadata:accord_tlp ${tlp}; sid:${sidText(sid)}; rev:1;)`);
  };
  const domains = lists.get(`${prefix}-domains.lst`);
  if (domains !== undefined) {
    const set = `dataset:isset,${prefix}-domains, type string, load ${prefix}-domains.lst, hashsize ${Math.max(1024, domains.lines.length)};`;
    setRule('dns any any -> any any', 'domain in DNS query on Accord list', `dns.query; ${set}`, domains.tlp, 'dns.query');
    setRule('tls any any -> any any', 'domain in TLS SNI on Accord list', `tls.sni; ${set}`, domains.tlp, 'tls.sni');
    setRule('http any any -> any any', 'domain in HTTP Host on Accord list', `http.host; ${set}`, domains.tlp, 'http.host');
  }
  const ips = lists.get(`${prefix}-ip.lst`);
  if (ips !== undefined) {
    const set = `dataset:isset,${prefix}-ip, type ip, load ${prefix}-ip.lst, hashsize ${Math.max(1024, ips.lines.length)};`;
    setRule('ip any any -> any any', 'source IP on Accord list', `ip.src; ${set}`, ips.tlp, 'ip.src');
    setRule('ip any any -> any any', 'destination IP on Accord list', `ip.dst; ${set}`, ips.tlp, 'ip.dst');
  }
  for (const [kind, keyword] of [['md5', 'filemd5'], ['sha1', 'filesha1'], ['sha256', 'filesha256']] as const) {
    const list = lists.get(`${prefix}-${kind}.lst`);
    if (list === undefined) continue;
    for (const proto of options.fileProtocols ?? ['http', 'smtp', 'ftp-data', 'smb', 'nfs']) {
      if (!/^[a-z][a-z0-9-]*$/.test(proto)) throw new RangeError(`file protocol ${JSON.stringify(proto)} is not a Suricata app-layer name`);
      setRule(`${proto} any any -> any any`, `file ${kind.toUpperCase()} on Accord list (${proto})`, `${keyword}:${prefix}-${kind}.lst;`, list.tlp, `${keyword}:${proto}`);
    }
  }
  // Dataset rules took their sids first; the per-value rules share the allocator, so no clash.
  const write = suricataWriter(options, skipped, sids);
  for (const p of perValue) for (const line of write(p)) rules.add(line);
  const files: Record<string, string> = {};
  let valueCount = 0;
  for (const [name, f] of lists) {
    files[name] = `${f.lines.join('\n')}\n`;
    valueCount += f.lines.length;
  }
  return { files, rules: rules.text(), ruleCount: rules.count, valueCount, skipped };
}

// ---------------------------------------------------------------------------------------------
// Snort 3 rules

// A DNS name as it appears in a query on the wire: length-prefixed labels, then the root (0).
function dnsWireContent(domain: string): string {
  const bytes: number[] = [];
  for (const l of domain.split('.')) {
    bytes.push(l.length);
    for (let i = 0; i < l.length; i++) bytes.push(l.charCodeAt(i));
  }
  bytes.push(0);
  return contentBytes(Uint8Array.from(bytes));
}

function snortBody(p: Prepared, skipped: Skipped[]): RuleBody | undefined {
  const v = p.value;
  switch (p.item.kind) {
    case 'ipv4': case 'ipv6': case 'cidr':
      return { variant: 'ip', what: p.item.kind === 'cidr' ? 'network' : 'IP address', header: `ip any any <> ${v} any`, detect: '' };
    case 'domain':
      // Snort 3 has no DNS query buffer: the name is matched in its wire form in DNS over UDP.
      return { variant: 'dns', what: 'domain in DNS query', header: 'udp any any -> any 53', detect: `content:"${dnsWireContent(v)}",nocase;` };
    case 'url': {
      const u = urlParts(v);
      if (u.scheme === 'https') {
        skip(skipped, p.item, 'unsupported-value', 'an https URL\'s path travels encrypted: a network rule cannot see it (export the domain instead)');
        return undefined;
      }
      const host = u.port === undefined ? u.host : `${u.host}:${u.port}`;
      return {
        variant: 'http', what: 'URL', header: `http any any -> any ${u.port ?? 'any'}`,
        detect: `http_header:field host; content:"${contentString(host)}",nocase; bufferlen:${Buffer.byteLength(host)}; http_raw_uri; content:"${contentString(u.target)}"; bufferlen:${Buffer.byteLength(u.target)};`,
      };
    }
    case 'email':
      skip(skipped, p.item, 'unsupported-kind', 'Snort rules here match network indicators; e-mail addresses go to the Zeek Intel export');
      return undefined;
    case 'md5': case 'sha1': case 'sha256': case 'sha512':
      skip(skipped, p.item, 'unsupported-kind', 'Snort 3 checks file hashes through its file policy (Lua configuration), not rules');
      return undefined;
  }
}

/** Snort 3 rules as lines (fills `skipped` as it goes). */
export function* snortRuleLines(items: Iterable<ExportItem>, options: RuleOptions = {}, skipped: Skipped[] = []): Generator<string> {
  const sids = new SidAllocator(options.sids ?? DEFAULT_SID_RANGE);
  const seen = new Seen();
  const action = options.action ?? 'alert';
  for (const item of items) {
    const p = prepare(item, options, skipped);
    if (p === undefined) continue;
    const b = snortBody(p, skipped);
    if (b === undefined || !seen.admit(netKind(item.kind), p.value, p, skipped)) continue;
    const detect = b.detect === '' ? '' : `${b.detect} `;
    const sid = sids.next(item.id, p.value, `snort:${b.variant}`);
    yield `${action} ${b.header} (msg:"${ruleMsg(b.what, item, snortText)}"; ${detect}metadata:${ruleMetadata(item)}; sid:${sidText(sid)}; rev:1;)`;
  }
}

/** Snort 3 rules: IPs and CIDRs in the header, domains as DNS query content, http URLs by Host header and raw URI. */
export function snortRules(items: Iterable<ExportItem>, options: RuleOptions = {}): TextExport {
  const skipped: Skipped[] = [];
  return collect(snortRuleLines(items, options, skipped), skipped);
}

// ---------------------------------------------------------------------------------------------
// Zeek Intel

/** Options of the Zeek Intel export. */
export interface ZeekOptions extends GateOptions {
  /** meta.source (default "Accord"). */
  readonly source?: string;
  /** meta.url for an indicator (e.g. its page in the web app); "-" (unset) when absent. */
  readonly indicatorUrl?: (id: string) => string;
}

/** The header line of a Zeek Intel file. */
export const ZEEK_INTEL_HEADER = '#fields\tindicator\tindicator_type\tmeta.source\tmeta.desc\tmeta.url';

const ZEEK_TYPES: Readonly<Record<IndicatorKind, string | undefined>> = {
  ipv4: 'Intel::ADDR', ipv6: 'Intel::ADDR', cidr: 'Intel::SUBNET', domain: 'Intel::DOMAIN', url: 'Intel::URL',
  email: 'Intel::EMAIL', md5: 'Intel::FILE_HASH', sha1: 'Intel::FILE_HASH', sha256: 'Intel::FILE_HASH', sha512: undefined,
};

// A descriptive field: no tab or line break, never the unset (-) or empty ((empty)) markers.
function zeekField(text: string): string {
  const s = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  return s === '' || s === '-' || s === '(empty)' ? `'${s}'` : s;
}

/** Zeek Intel lines, header first (fills `skipped` as it goes). */
export function* zeekIntelLines(items: Iterable<ExportItem>, options: ZeekOptions = {}, skipped: Skipped[] = []): Generator<string> {
  const source = zeekField(options.source ?? 'Accord');
  const seen = new Seen();
  yield ZEEK_INTEL_HEADER;
  for (const item of items) {
    const p = prepare(item, options, skipped);
    if (p === undefined) continue;
    const type = ZEEK_TYPES[item.kind];
    if (type === undefined) {
      skip(skipped, item, 'unsupported-kind', "Zeek's file analysis computes MD5, SHA1 and SHA256, not SHA-512");
      continue;
    }
    // Intel::URL is "a complete URL without the prefix http://" (base/frameworks/intel/main.zeek).
    const indicator = item.kind === 'url' ? p.value.slice(p.value.indexOf('//') + 2) : p.value;
    if (!seen.admit(type, indicator, p, skipped)) continue;
    const desc = zeekField(`${label(item)} TLP:${TLP_UPPER[item.tlp]}`);
    const url = options.indicatorUrl === undefined ? '-' : zeekField(options.indicatorUrl(item.id));
    yield `${indicator}\t${type}\t${source}\t${desc}\t${url}`;
  }
}

/** A Zeek Intel framework file (base/frameworks/intel/input.zeek reads it). */
export function zeekIntel(items: Iterable<ExportItem>, options: ZeekOptions = {}): TextExport {
  const skipped: Skipped[] = [];
  return collect(zeekIntelLines(items, options, skipped), skipped);
}

// ---------------------------------------------------------------------------------------------
// Plain blocklists

/** The plain blocklists, one value per line. */
export type BlocklistName = 'ip' | 'cidr' | 'domain' | 'url' | 'hash';

/** The blocklist each kind goes to. */
export const BLOCKLIST_OF: Readonly<Record<IndicatorKind, BlocklistName | undefined>> = {
  ipv4: 'ip', ipv6: 'ip', cidr: 'cidr', domain: 'domain', url: 'url', email: undefined, md5: 'hash', sha1: 'hash', sha256: 'hash', sha512: 'hash',
};

/** Plain blocklists: each list's text (empty lists are empty strings). */
export interface BlocklistExport {
  readonly lists: Readonly<Record<BlocklistName, string>>;
  readonly counts: Readonly<Record<BlocklistName, number>>;
  readonly skipped: readonly Skipped[];
}

/** Plain blocklists, one canonical value per line, separately per kind (ip, cidr, domain, url, hash). */
export function blocklists(items: Iterable<ExportItem>, options: GateOptions = {}): BlocklistExport {
  const skipped: Skipped[] = [];
  const out: Record<BlocklistName, string[]> = { ip: [], cidr: [], domain: [], url: [], hash: [] };
  const seen = new Seen();
  for (const item of items) {
    const p = prepare(item, options, skipped);
    if (p === undefined) continue;
    const list = BLOCKLIST_OF[item.kind];
    if (list === undefined) {
      skip(skipped, item, 'unsupported-kind', 'there is no plain blocklist for e-mail addresses (see the Zeek Intel and CSV exports)');
      continue;
    }
    if (seen.admit(list, p.value, p, skipped)) out[list].push(p.value);
  }
  const text = (xs: string[]): string => (xs.length === 0 ? '' : `${xs.join('\n')}\n`);
  return {
    lists: { ip: text(out.ip), cidr: text(out.cidr), domain: text(out.domain), url: text(out.url), hash: text(out.hash) },
    counts: { ip: out.ip.length, cidr: out.cidr.length, domain: out.domain.length, url: out.url.length, hash: out.hash.length },
    skipped,
  };
}

// ---------------------------------------------------------------------------------------------
// CSV

/** Options of the CSV export. */
export interface CsvOptions extends GateOptions {
  /** Prefix fields that start with = + - @ with ' so spreadsheets do not run them (default true). */
  readonly formulaGuard?: boolean;
}

/** The CSV header row. */
export const CSV_HEADER = 'value,kind,indicator_id,name,tlp,valid_until';

/** One CSV field per RFC 4180 §2 (quoted when it holds a quote, comma, CR or LF). */
export function csvField(text: string, formulaGuard: boolean): string {
  const s = formulaGuard && /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV rows (header first; one row per item, duplicates included: it is a report). */
export function* csvLines(items: Iterable<ExportItem>, options: CsvOptions = {}, skipped: Skipped[] = []): Generator<string> {
  const guard = options.formulaGuard ?? true;
  yield CSV_HEADER;
  for (const item of items) {
    const p = prepare(item, options, skipped);
    if (p === undefined) continue;
    yield [csvField(p.value, guard), item.kind, item.id, csvField(item.name ?? '', guard), item.tlp, item.validUntil ?? ''].join(',');
  }
}

/** CSV (RFC 4180, CRLF): value, kind, indicator_id, name, tlp, valid_until. */
export function csv(items: Iterable<ExportItem>, options: CsvOptions = {}): TextExport {
  const skipped: Skipped[] = [];
  return collect(csvLines(items, options, skipped), skipped, '\r\n');
}

/** The TLP levels a device feed may carry (everything but RED), least restrictive first. */
export const FEEDABLE_TLP: readonly TlpLevel[] = Object.freeze(TLP_LEVELS.filter((l) => l !== 'red'));
