// Plain feeds into STIX 2.1 (issue 7, "Plain feeds"): one value per line, CSV with a column
// mapping, or free text, each value recognised and refanged (values.ts), then made into an
// indicator (or, for a CVE, a vulnerability) marked with the chosen TLP and valid for the chosen
// period. Nothing is dropped silently: every line or cell that is not a value comes back in
// `skipped` with where it was and why.
//
// Ids are deterministic (UUIDv5 of the feed's name, the kind and the value), and `created` /
// `modified` are the validity start: importing the same feed with the same settings again yields
// the same objects, which the store reports "unchanged"; a later import with a later start is a
// new version of the same indicator.
import { AccordError, csvRows as rowsOfCsv, tlpMarkingId, uuidv5, type TlpLevel } from '../stix/index.js';
import { classify, extract, patternOf, type TypedValue, type ValueKind } from './values.js';

/** The formats a plain feed may have. */
export type FeedFormat = 'list' | 'csv' | 'text';

export interface FeedOptions {
  /** The feed's name: part of every id, and said in each object's description. */
  readonly name: string;
  readonly tlp: TlpLevel;
  /** Start of validity (and the objects' created/modified), a STIX timestamp. */
  readonly validFrom: string;
  readonly validUntil?: string;
  /** The member (identity id) the objects are created by, when given. */
  readonly createdBy?: string;
  /** CSV: the column holding the value (0-based index, or a header name when the file has a header row). */
  readonly column?: number | string;
  /** CSV: the field separator (default ","). */
  readonly delimiter?: string;
  /** CSV: whether the first row names the columns (default: true when `column` is a name). */
  readonly header?: boolean;
  /** Known-benign values: a value on one is labelled `warninglist:<name>` and reported as flagged. */
  readonly warninglists?: { match(kind: ValueKind, value: string): string[] };
}

export interface SkippedValue {
  /** 1-based line of the input. */
  readonly line: number;
  readonly text: string;
  readonly reason: string;
}

export interface FeedResult {
  readonly objects: Record<string, unknown>[];
  readonly values: readonly TypedValue[];
  readonly skipped: readonly SkippedValue[];
  /** Values on warninglists (their objects carry `warninglist:<name>` labels). */
  readonly flagged: readonly { readonly value: TypedValue; readonly lists: readonly string[] }[];
}

// The namespace of feed-made ids (a fixed UUID, so that every node makes the same ids).
const FEED_NAMESPACE = '9b5c2e1d-4f3a-5b6c-8d7e-0f1a2b3c4d5e';

const KIND_WORDS: Readonly<Record<ValueKind, string>> = {
  ipv4: 'IPv4 address', ipv6: 'IPv6 address', cidr: 'network', domain: 'domain', url: 'URL', email: 'e-mail address',
  md5: 'MD5', sha1: 'SHA-1', sha256: 'SHA-256', sha512: 'SHA-512', cve: 'vulnerability', asn: 'autonomous system',
};

/** A comment or blank line of a plain list: `#`, `//` or `;` first. */
function isComment(line: string): boolean {
  const t = line.trim();
  return t === '' || t.startsWith('#') || t.startsWith('//') || t.startsWith(';');
}

/** The values of a one-per-line list (a value may be followed by whitespace and a comment). */
export function parseList(text: string): { values: { line: number; value: TypedValue }[]; skipped: SkippedValue[] } {
  const values: { line: number; value: TypedValue }[] = [];
  const skipped: SkippedValue[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (isComment(raw)) return;
    const first = raw.trim().split(/\s+/)[0] ?? '';
    const typed = classify(first);
    if (typed === undefined) skipped.push({ line: i + 1, text: raw.slice(0, 200), reason: `not a recognised value (IPv4/IPv6, CIDR, domain, URL, e-mail, MD5/SHA-1/SHA-256/SHA-512, CVE, ASN): ${JSON.stringify(first.slice(0, 80))}` });
    else values.push({ line: i + 1, value: typed });
  });
  return { values, skipped };
}

/** RFC 4180 rows (stix/csv.ts), with the feed area's error codes. */
export function csvRows(text: string, delimiter = ','): { line: number; cells: string[] }[] {
  return rowsOfCsv(text, delimiter, 'feed');
}

/** The values of one column of a CSV file. */
export function parseCsv(text: string, options: Pick<FeedOptions, 'column' | 'delimiter' | 'header'>): { values: { line: number; value: TypedValue }[]; skipped: SkippedValue[] } {
  const rows = csvRows(text, options.delimiter ?? ',');
  const column = options.column ?? 0;
  const header = options.header ?? typeof column === 'string';
  let index: number;
  if (typeof column === 'string') {
    const names = rows[0]?.cells.map((c) => c.trim().toLowerCase()) ?? [];
    index = names.indexOf(column.trim().toLowerCase());
    if (!header || index < 0) throw new AccordError('invalid', 'feed.no-such-column', `the CSV header (${names.join(', ') || 'none'}) has no column "${column}"`);
  } else {
    if (!Number.isInteger(column) || column < 0) throw new AccordError('invalid', 'feed.no-such-column', `a CSV column is a name or an index from 0, got ${String(column)}`);
    index = column;
  }
  const values: { line: number; value: TypedValue }[] = [];
  const skipped: SkippedValue[] = [];
  for (const row of header ? rows.slice(1) : rows) {
    const cell = row.cells[index];
    if (cell === undefined) {
      skipped.push({ line: row.line, text: row.cells.join(options.delimiter ?? ',').slice(0, 200), reason: `the row has no column ${index}` });
      continue;
    }
    if (cell.trim() === '' || isComment(row.cells[0] ?? '')) continue;
    const typed = classify(cell);
    if (typed === undefined) skipped.push({ line: row.line, text: cell.slice(0, 200), reason: `column ${index} is not a recognised value: ${JSON.stringify(cell.slice(0, 80))}` });
    else values.push({ line: row.line, value: typed });
  }
  return { values, skipped };
}

/** The STIX objects of a feed's values, each value once (in order of first appearance). */
export function feedObjects(values: readonly TypedValue[], options: FeedOptions, flagged: { value: TypedValue; lists: string[] }[] = []): Record<string, unknown>[] {
  const seen = new Set<string>();
  const out: Record<string, unknown>[] = [];
  const marking = tlpMarkingId(options.tlp);
  const common = {
    spec_version: '2.1', created: options.validFrom, modified: options.validFrom,
    ...(options.createdBy !== undefined ? { created_by_ref: options.createdBy } : {}),
    object_marking_refs: [marking],
  };
  for (const v of values) {
    const key = valueKey(v);
    if (seen.has(key)) continue;
    seen.add(key);
    const lists = options.warninglists?.match(v.kind, v.value) ?? [];
    if (lists.length > 0) flagged.push({ value: v, lists });
    out.push(valueObject(v, options.name, common, lists, { validFrom: options.validFrom, validUntil: options.validUntil }));
  }
  return out;
}

/** A value as feed state keys it: `<kind> <value>`. */
export function valueKey(v: TypedValue): string {
  return `${v.kind} ${v.value}`;
}

/** The indicator (or, for a CVE, the vulnerability) of one value, with the common properties given. */
function valueObject(v: TypedValue, feed: string, common: Record<string, unknown>, lists: readonly string[], validity: { validFrom: string; validUntil?: string | undefined }): Record<string, unknown> {
  const uuid = uuidv5(FEED_NAMESPACE, `${feed}\n${valueKey(v)}`);
  const labels = lists.length > 0 ? { labels: lists.map((l) => `warninglist:${l}`) } : {};
  if (v.kind === 'cve') {
    return {
      type: 'vulnerability', id: `vulnerability--${uuid}`, ...common, ...labels, name: v.value,
      description: `Listed by the feed "${feed}".`,
      external_references: [{ source_name: 'cve', external_id: v.value, url: `https://www.cve.org/CVERecord?id=${v.value}` }],
    };
  }
  return {
    type: 'indicator', id: `indicator--${uuid}`, ...common, ...labels, name: v.value,
    description: `${KIND_WORDS[v.kind]} listed by the feed "${feed}".`,
    indicator_types: ['malicious-activity'],
    pattern: patternOf(v), pattern_type: 'stix', pattern_version: '2.1',
    valid_from: validity.validFrom, ...(validity.validUntil !== undefined ? { valid_until: validity.validUntil } : {}),
  };
}

/** The dates of one version of a value's object (a pulled feed's value: docs/decisions/0026). */
export interface ValueDates {
  readonly created: string;
  readonly modified: string;
  readonly validFrom: string;
  readonly validUntil?: string | undefined;
}

/**
 * The object of one value at one version, dated as given: what a scheduled pull makes from a
 * value's stored dates, so that the same dates always give the same object. Returns the lists
 * the value is on too.
 */
export function datedFeedObject(v: TypedValue, options: Pick<FeedOptions, 'name' | 'tlp' | 'createdBy' | 'warninglists'>, dates: ValueDates): { object: Record<string, unknown>; lists: string[] } {
  const common = {
    spec_version: '2.1', created: dates.created, modified: dates.modified,
    ...(options.createdBy !== undefined ? { created_by_ref: options.createdBy } : {}),
    object_marking_refs: [tlpMarkingId(options.tlp)],
  };
  const lists = options.warninglists?.match(v.kind, v.value) ?? [];
  return { object: valueObject(v, options.name, common, lists, dates), lists };
}

/** The values of a feed's text in one of the plain formats, and what was skipped (in order, duplicates kept). */
export function feedValues(text: string, format: FeedFormat, options: Pick<FeedOptions, 'column' | 'delimiter' | 'header'>): { values: TypedValue[]; skipped: SkippedValue[] } {
  if (format === 'text') return { values: extract(text), skipped: [] };
  const parsed = format === 'list' ? parseList(text) : parseCsv(text, options);
  return { values: parsed.values.map((v) => v.value), skipped: parsed.skipped };
}

/** A feed's text in one of the formats, into STIX objects, with what was skipped. */
export function convertFeed(text: string, format: FeedFormat, options: FeedOptions): FeedResult {
  if (options.validUntil !== undefined && Date.parse(options.validUntil) <= Date.parse(options.validFrom)) {
    throw new AccordError('invalid', 'feed.bad-validity', `valid_until ${options.validUntil} must be after valid_from ${options.validFrom}`);
  }
  const { values, skipped } = feedValues(text, format, options);
  const flagged: { value: TypedValue; lists: string[] }[] = [];
  return { objects: feedObjects(values, options, flagged), values, skipped, flagged };
}

/**
 * Which plain format a text most likely is: `csv` when the name ends in .csv or .tsv, `list` when
 * most non-comment lines are one value each, else `text`. (STIX and MISP are told apart before.)
 */
export function guessFeedFormat(text: string, fileName = ''): FeedFormat {
  if (/\.(csv|tsv)(\.gz)?$/i.test(fileName)) return 'csv';
  const lines = text.split(/\r?\n/, 2000).filter((l) => !isComment(l));
  if (lines.length === 0) return 'list';
  const values = lines.filter((l) => classify(l.trim().split(/\s+/)[0] ?? '') !== undefined && l.trim().split(/\s+/).length <= 3).length;
  return values * 2 >= lines.length ? 'list' : 'text';
}
