// Readers for the defender export formats, written from each format's documentation and not from
// our writers, so the tests can read every generated line back and compare field by field.
// They are strict: anything the documentation does not allow is an error, not a guess.
//
// Suricata rules — userguide rules/intro.rst ("Rule options": options are enclosed by
// parentheses and separated by semicolons; `;` and `"` must be escaped in a value, and so the
// backslash), rules/meta.rst (msg: escape `;` `\` `"`), rules/payload-keywords.rst (content:
// bytes, `|XX XX|` hex, `"` `;` `:` `|` only as hex). https://docs.suricata.io/en/latest/rules/
// Suricata datasets — rules/datasets.rst "File formats": one value per line; string as base64,
// md5/sha256 as hex, ipv4/ip as text. filemd5/filesha1/filesha256 lists — rules/file-keywords.rst.
// Snort 3 rules — snort_user "Rules" (options `name:value;`, content modifiers after commas,
// hex in pipes): https://docs.snort.org/rules/ and https://www.snort.org/documents (snort_user).
// Zeek Intel — base/frameworks/intel/input.zeek and the input framework's ASCII reader: a
// `#fields` header, tab-separated fields, `-` unset, `(empty)` the empty string.
// https://docs.zeek.org/en/current/frameworks/intel.html
// CSV — RFC 4180 §2.

export interface RuleOption {
  readonly keyword: string;
  /** The raw text after the colon, escapes still in place; undefined for a bare keyword. */
  readonly raw: string | undefined;
}

export interface ParsedRule {
  readonly action: string;
  readonly proto: string;
  readonly src: string;
  readonly sport: string;
  readonly direction: string;
  readonly dst: string;
  readonly dport: string;
  readonly options: readonly RuleOption[];
}

/** One Suricata or Snort rule line: header and options (option values end at an unescaped `;`). */
export function parseRule(line: string): ParsedRule {
  if (line.includes('\n') || line.includes('\r')) throw new Error('a rule is one line');
  const open = line.indexOf('(');
  if (open < 0 || !line.endsWith(')')) throw new Error('a rule ends with its options in parentheses');
  const header = line.slice(0, open).trim().split(/ +/);
  if (header.length !== 7) throw new Error(`header has ${header.length} fields, not 7: ${line.slice(0, open)}`);
  const [action, proto, src, sport, direction, dst, dport] = header as [string, string, string, string, string, string, string];
  if (direction !== '->' && direction !== '<>') throw new Error(`bad direction ${direction}`);
  const body = line.slice(open + 1, -1);
  const options: RuleOption[] = [];
  let i = 0;
  while (i < body.length) {
    while (body[i] === ' ') i++;
    if (i >= body.length) break;
    let kw = '';
    while (i < body.length && body[i] !== ':' && body[i] !== ';') kw += body[i++];
    if (!/^[a-z_][a-z0-9_.]*$/.test(kw)) throw new Error(`bad keyword ${JSON.stringify(kw)}`);
    if (body[i] === ';') {
      options.push({ keyword: kw, raw: undefined });
      i++;
      continue;
    }
    i++; // ':'
    let raw = '';
    for (; i < body.length && body[i] !== ';'; i++) {
      if (body[i] === '\\') raw += body[i++];
      raw += body[i];
    }
    if (body[i] !== ';') throw new Error(`option ${kw} is not terminated by ;`);
    i++;
    options.push({ keyword: kw, raw });
  }
  return { action, proto, src, sport, direction, dst, dport, options };
}

/** A quoted Suricata msg: the text between quotes, with `\;` `\"` `\\` unescaped (no other escape). */
export function suricataMsg(raw: string): string {
  const m = /^\s*"(.*)"$/.exec(raw);
  if (m === null) throw new Error('msg is not quoted');
  const inner = m[1] as string;
  let out = '';
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i] as string;
    if (c === '"') throw new Error('unescaped quote in msg');
    if (c === '\\') {
      const n = inner[++i];
      if (n !== ';' && n !== '"' && n !== '\\') throw new Error(`bad escape \\${n ?? ''}`);
      out += n;
    } else out += c;
  }
  return out;
}

/** A Snort msg: quoted text that holds no quote, semicolon or backslash at all. */
export function snortMsg(raw: string): string {
  const m = /^"([^"\\;]*)"$/.exec(raw);
  if (m === null) throw new Error(`bad Snort msg ${raw}`);
  return m[1] as string;
}

/** A quoted content string to its bytes: literal printable characters and |XX XX| hex runs. */
export function contentValue(quoted: string): Buffer {
  const m = /^"(.*)"$/.exec(quoted);
  if (m === null) throw new Error('content is not quoted');
  const inner = m[1] as string;
  const bytes: number[] = [];
  let hex = false;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i] as string;
    if (c === '|') {
      hex = !hex;
      continue;
    }
    if (hex) {
      if (c === ' ') continue;
      const pair = inner.slice(i, i + 2);
      if (!/^[0-9A-Fa-f]{2}$/.test(pair)) throw new Error(`bad hex ${pair}`);
      bytes.push(parseInt(pair, 16));
      i++;
      continue;
    }
    if (c === '"' || c === ';' || c === ':' || c === '\\') throw new Error(`${c} must be hex in content`);
    const code = c.charCodeAt(0);
    if (code < 0x20 || code > 0x7e) throw new Error('non-printable byte in content');
    bytes.push(code);
  }
  if (hex) throw new Error('unterminated hex run');
  return Buffer.from(bytes);
}

/** A Snort 3 content option value: the quoted string and its comma-separated modifiers. */
export function snortContent(raw: string): { bytes: Buffer; modifiers: string[] } {
  const close = raw.lastIndexOf('"');
  const mods = raw.slice(close + 1);
  if (mods !== '' && !mods.startsWith(',')) throw new Error('content modifiers follow a comma');
  return { bytes: contentValue(raw.slice(0, close + 1)), modifiers: mods === '' ? [] : mods.slice(1).split(',').map((s) => s.trim()) };
}

/** Rule metadata `key value, key value` as a map. */
export function metadata(raw: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of raw.split(',')) {
    const m = /^\s*(\S+) (\S+)\s*$/.exec(pair);
    if (m === null) throw new Error(`bad metadata pair ${pair}`);
    out.set(m[1] as string, m[2] as string);
  }
  return out;
}

/** A DNS name in wire format (length-prefixed labels, root label last) back to dotted text. */
export function dnsWireName(bytes: Buffer): string {
  const labels: string[] = [];
  let i = 0;
  for (;;) {
    const n = bytes[i];
    if (n === undefined) throw new Error('name runs past the end');
    if (n === 0) break;
    if (n > 63) throw new Error('label longer than 63');
    labels.push(bytes.subarray(i + 1, i + 1 + n).toString('latin1'));
    i += 1 + n;
  }
  if (i !== bytes.length - 1) throw new Error('bytes after the root label');
  return labels.join('.');
}

/** A dataset `type string` file: each line base64 (RFC 4648, padded) to text. */
export function datasetStrings(text: string): string[] {
  return lines(text).map((l) => {
    if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(l)) throw new Error(`not base64: ${l}`);
    return Buffer.from(l, 'base64').toString('utf8');
  });
}

/** A hash list (dataset md5/sha256, filemd5/filesha1/filesha256): hex per line. */
export function hexList(text: string, digits: number): string[] {
  return lines(text).map((l) => {
    if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(l)) throw new Error(`not ${digits} hex digits: ${l}`);
    return l.toLowerCase();
  });
}

/** A file of one value per line (LF), ending in a newline unless empty. */
export function lines(text: string): string[] {
  if (text === '') return [];
  if (!text.endsWith('\n')) throw new Error('the last line has no newline');
  return text.slice(0, -1).split('\n');
}

export interface ZeekRow {
  readonly [field: string]: string | undefined;
}

/** A Zeek Intel file as the input framework's ASCII reader sees it. */
export function parseZeekIntel(text: string): { fields: string[]; rows: ZeekRow[] } {
  let fields: string[] | undefined;
  const rows: ZeekRow[] = [];
  for (const line of lines(text)) {
    if (line.startsWith('#')) {
      if (line.startsWith('#fields\t')) fields = line.split('\t').slice(1);
      continue;
    }
    if (fields === undefined) throw new Error('data before the #fields header');
    const parts = line.split('\t');
    if (parts.length !== fields.length) throw new Error(`row has ${parts.length} fields, header ${fields.length}: ${line}`);
    const row: Record<string, string | undefined> = {};
    fields.forEach((f, i) => {
      const v = parts[i] as string;
      row[f] = v === '-' ? undefined : v === '(empty)' ? '' : v;
    });
    rows.push(row);
  }
  return { fields: fields ?? [], rows };
}

/** RFC 4180 CSV (CRLF records; quoted fields may hold commas, quotes doubled, CR and LF). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let fieldStart = true;
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        if (i < text.length && text[i] !== ',' && text[i] !== '\r') throw new Error('text after a closing quote');
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (!fieldStart) throw new Error('quote inside an unquoted field');
      quoted = true;
      fieldStart = false;
      i++;
    } else if (c === ',') {
      record.push(field);
      field = '';
      fieldStart = true;
      i++;
    } else if (c === '\r') {
      if (text[i + 1] !== '\n') throw new Error('CR without LF');
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      fieldStart = true;
      i += 2;
    } else if (c === '\n') {
      throw new Error('bare LF outside quotes');
    } else {
      field += c;
      fieldStart = false;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || record.length > 0) throw new Error('the last record has no CRLF');
  return records;
}
