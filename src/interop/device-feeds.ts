// Device feeds (issue 7, item 4; docs/decisions/0025): the format table every export for
// defenders goes through, saved exports (a named format + TLP ceiling + filter, kept in the store)
// and rendering one for a device that polls it over HTTP.
//
// What goes in is exactly what `accord export` writes for devices (feedable.ts: never TLP:RED,
// only what this member may feed to its own devices), then narrowed by the saved filter, the
// stricter of the export's and the polling token's TLP ceilings, the warninglists (unless the
// export includes them) and expiry. `added_after` makes a poll incremental: only indicators whose
// latest version was added to this node after it; the highest date_added seen is what the device
// passes next time. Removals (revocation, expiry, a share retracted) are not in an incremental
// answer: a device sees them on its next full fetch, which costs nothing when the ETag still holds.
import { tlpRank, uuidv5, type TlpLevel } from '../stix/index.js';
import { AccordError, formatMicros, parseMicros, type SavedExportRecord, type Store } from '../store/index.js';
import {
  blocklists, csv, FEEDABLE_TLP, snortRules, suricataDatasets, suricataRules, zeekIntel, type BlocklistName, type TextExport,
} from './defender-formats.js';
import { gate, type ExportItem, type GateOptions, type IndicatorKind, type Skipped } from './defender-values.js';
import { feedableItems, type FeedableContext, type FeedableItem, type NotFeedable } from './feedable.js';
import { MispExport, type MispPublisher } from './misp-export.js';
import type { Warninglists } from './warninglists.js';

/** What one format wrote. */
export interface FeedOutput {
  /** The document a device loads (rules, list, CSV, Zeek Intel file, STIX bundle). */
  readonly text: string;
  /** Further files the document refers to (suricata-datasets: the list files its rules load), by name. */
  readonly files?: Readonly<Record<string, string>>;
  /** Lines (rules, values, rows; for stix, indicators) written. */
  readonly written: number;
  readonly skipped: readonly Skipped[];
}

/** What a format's writer is given besides the items. */
export interface FeedWriteOptions {
  readonly gate: GateOptions;
  /** The blocklist, for the blocklist format. */
  readonly list?: BlocklistName;
  /** Indicators some of whose values were held back (warninglisted, another kind): a STIX bundle leaves them out whole. */
  readonly withheld?: ReadonlySet<string>;
  /** misp: the organisation that publishes the events (this member); else "Accord". */
  readonly publisher?: MispPublisher;
}

/** One row of the format table. */
export interface FeedFormatEntry {
  /** The Content-Type a feed of this format is served with. */
  readonly contentType: string;
  /** True when the format needs a blocklist name. */
  readonly needsList: boolean;
  write(items: readonly FeedableItem[], options: FeedWriteOptions): FeedOutput;
}

const TEXT = 'text/plain; charset=utf-8';
export const STIX_FEED_MEDIA_TYPE = 'application/stix+json;version=2.1';
/** Namespace of the deterministic bundle ids of STIX feeds (the same content gives the same bundle, hence the same ETag). */
const BUNDLE_NAMESPACE = '5f1a7c3e-2b4d-4e8f-9a6c-0d1e2f3a4b5c';

const text = (t: TextExport): FeedOutput => ({ text: t.text, written: t.lines, skipped: t.skipped });

/**
 * The formats, each with its media type and writer. A new format (MISP's, for instance) is one
 * more row here: the CLI, the saved exports and the HTTP feeds all read this table.
 */
export const FEED_FORMATS = {
  zeek: { contentType: TEXT, needsList: false, write: (items, o) => text(zeekIntel(items, o.gate)) },
  suricata: { contentType: TEXT, needsList: false, write: (items, o) => text(suricataRules(items, o.gate)) },
  'suricata-datasets': {
    contentType: TEXT, needsList: false,
    write: (items, o) => {
      const d = suricataDatasets(items, o.gate);
      return { text: d.rules, files: d.files, written: d.ruleCount + d.valueCount, skipped: d.skipped };
    },
  },
  snort: { contentType: TEXT, needsList: false, write: (items, o) => text(snortRules(items, o.gate)) },
  blocklist: {
    contentType: TEXT, needsList: true,
    write: (items, o) => {
      const b = blocklists(items, o.gate);
      const list = o.list ?? 'ip';
      return { text: b.lists[list], written: b.counts[list], skipped: b.skipped };
    },
  },
  csv: { contentType: 'text/csv; charset=utf-8; header=present', needsList: false, write: (items, o) => text(csv(items, o.gate)) },
  stix: { contentType: STIX_FEED_MEDIA_TYPE, needsList: false, write: stixBundle },
  misp: { contentType: 'application/json; charset=utf-8', needsList: false, write: mispJson },
} as const satisfies Readonly<Record<string, FeedFormatEntry>>;

export type DeviceFeedFormat = keyof typeof FEED_FORMATS;
export const FEED_FORMAT_NAMES = Object.freeze(Object.keys(FEED_FORMATS) as DeviceFeedFormat[]);
export const BLOCKLIST_NAMES: readonly BlocklistName[] = Object.freeze(['ip', 'cidr', 'domain', 'url', 'hash']);

/**
 * The feedable indicators that go in whole (canonical JSON, untouched): every one of an
 * indicator's values must pass the gate, and none may have been held back.
 */
function wholeIndicators(items: readonly FeedableItem[], o: FeedWriteOptions): { objects: string[]; skipped: Skipped[] } {
  const skipped: Skipped[] = [];
  const byId = new Map<string, { json: string; ok: boolean }>();
  for (const item of items) {
    const refused = gate(item, o.gate);
    if (refused !== undefined) skipped.push({ item, ...refused });
    const entry = byId.get(item.id) ?? { json: item.json, ok: o.withheld?.has(item.id) !== true };
    byId.set(item.id, { json: entry.json, ok: entry.ok && refused === undefined });
  }
  return { objects: [...byId.values()].filter((e) => e.ok).map((e) => e.json), skipped };
}

/** A STIX 2.1 bundle of the feedable indicators, as stored; its id derives from its content (same content, same ETag). */
function stixBundle(items: readonly FeedableItem[], o: FeedWriteOptions): FeedOutput {
  const { objects, skipped } = wholeIndicators(items, o);
  const body = objects.join(',');
  return { text: `{"type":"bundle","id":"bundle--${uuidv5(BUNDLE_NAMESPACE, body)}","objects":[${body}]}\n`, written: objects.length, skipped };
}

/** The feedable indicators as MISP events (misp-export.ts), one document as MISP's REST API answers: `{"response": [{"Event": …}]}`. */
function mispJson(items: readonly FeedableItem[], o: FeedWriteOptions): FeedOutput {
  const { objects, skipped } = wholeIndicators(items, o);
  const builder = new MispExport(o.publisher ?? { name: 'Accord', uuid: uuidv5(BUNDLE_NAMESPACE, 'misp publisher') });
  for (const json of objects) builder.add(JSON.parse(json) as Record<string, unknown>);
  const feed = builder.feed();
  const written = feed.events.reduce((n, e) => n + (e.Event.Attribute as unknown[]).length + (e.Event.Object as { Attribute: unknown[] }[]).reduce((k, x) => k + x.Attribute.length, 0), 0);
  return { text: `${JSON.stringify({ response: feed.events })}\n`, written, skipped };
}

// ---------------------------------------------------------------------------------------------
// Saved exports

/** What kinds of value a saved filter may ask for, and the value kinds each one covers. */
export const FEED_KINDS: Readonly<Record<string, readonly IndicatorKind[]>> = Object.freeze({
  ip: ['ipv4', 'ipv6'], cidr: ['cidr'], domain: ['domain'], url: ['url'], email: ['email'], hash: ['md5', 'sha1', 'sha256', 'sha512'],
});

/** A saved export's filter; every part narrows (ANDed), values within a part are ORed. */
export interface FeedFilter {
  /** Only indicators with one of these STIX labels. */
  readonly labels?: readonly string[];
  /** Only indicators created by one of these identities (created_by_ref). */
  readonly creators?: readonly string[];
  /** Only indicators added to this node after this STIX timestamp. */
  readonly added_after?: string;
  /** Only values of these kinds (FEED_KINDS). */
  readonly kinds?: readonly string[];
}

/** A saved export, checked. */
export interface SavedExport {
  readonly name: string;
  readonly format: DeviceFeedFormat;
  readonly list?: BlocklistName;
  readonly ceiling?: TlpLevel;
  readonly includeWarninglisted: boolean;
  readonly filter: FeedFilter;
  readonly createdBy: string;
  readonly createdAt: string;
}

/** What defining a saved export takes (from the CLI or the API). */
export interface SavedExportInput {
  readonly name: string;
  readonly format: string;
  readonly list?: string;
  readonly ceiling?: string;
  readonly includeWarninglisted?: boolean;
  readonly filter?: FeedFilter;
}

export const EXPORT_NAME_RE = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const STIX_ID_RE = /^[a-z][a-z0-9-]*--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const bad = (where: string, message: string): AccordError => new AccordError('invalid', 'export.invalid', `${where}: ${message}`);

/** A TLP level a device feed may be capped at (`tlp:` prefix and case ignored); throws naming `where`. */
export function feedCeiling(text: string, where: string): TlpLevel {
  const wanted = text.toLowerCase().replace(/^tlp:/, '');
  const level = FEEDABLE_TLP.find((l) => l === wanted);
  if (level === undefined) throw bad(where, `a ceiling is ${FEEDABLE_TLP.join(', ')} (RED never goes into a device feed), not "${text}"`);
  return level;
}

function strings(v: unknown, where: string, check: (s: string) => boolean, what: string): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length === 0 || v.length > 100) throw bad(where, 'must be a list of 1 to 100 values');
  const out = v.map(String);
  const wrong = out.find((s) => !check(s));
  if (wrong !== undefined) throw bad(where, `"${wrong}" is not ${what}`);
  return [...new Set(out)];
}

/** Checks a filter (from input or from the store); throws AccordError naming the part at fault. */
export function checkFilter(f: unknown, where = 'filter'): FeedFilter {
  if (typeof f !== 'object' || f === null || Array.isArray(f)) throw bad(where, 'must be an object');
  const o = f as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !['labels', 'creators', 'added_after', 'kinds'].includes(k));
  if (unknown.length > 0) throw bad(where, `unknown part ${unknown.join(', ')} (labels, creators, added_after, kinds)`);
  const labels = strings(o.labels, `${where}.labels`, (s) => s.length > 0 && s.length <= 256, 'a label');
  const creators = strings(o.creators, `${where}.creators`, (s) => STIX_ID_RE.test(s), 'a STIX identifier such as identity--…');
  const kinds = strings(o.kinds, `${where}.kinds`, (s) => s in FEED_KINDS, `a kind (${Object.keys(FEED_KINDS).join(', ')})`);
  if (o.added_after !== undefined && (typeof o.added_after !== 'string' || parseMicros(o.added_after) === undefined)) {
    throw bad(`${where}.added_after`, 'must be a STIX timestamp such as 2026-01-01T00:00:00.000Z');
  }
  return {
    ...(labels !== undefined ? { labels } : {}), ...(creators !== undefined ? { creators } : {}),
    ...(typeof o.added_after === 'string' ? { added_after: o.added_after } : {}), ...(kinds !== undefined ? { kinds } : {}),
  };
}

/** Checks a saved export's definition; throws AccordError `export.invalid` naming the field at fault. */
export function checkSavedExport(input: SavedExportInput, createdBy: string, createdAt: string): SavedExport {
  if (!EXPORT_NAME_RE.test(input.name)) throw bad('name', `"${input.name}" must be 1 to 64 of a-z, 0-9 and -, not starting or ending with -`);
  const format = FEED_FORMAT_NAMES.find((f) => f === input.format);
  if (format === undefined) throw bad('format', `"${input.format}" is not one of ${FEED_FORMAT_NAMES.join(', ')}`);
  let list: BlocklistName | undefined;
  if (FEED_FORMATS[format].needsList) {
    list = BLOCKLIST_NAMES.find((b) => b === input.list);
    if (list === undefined) throw bad('list', `the blocklist format needs a list: ${BLOCKLIST_NAMES.join(', ')}`);
  } else if (input.list !== undefined) {
    throw bad('list', `only the blocklist format takes a list, not ${format}`);
  }
  return {
    name: input.name, format, ...(list !== undefined ? { list } : {}),
    ...(input.ceiling !== undefined ? { ceiling: feedCeiling(input.ceiling, 'ceiling') } : {}),
    includeWarninglisted: input.includeWarninglisted === true, filter: checkFilter(input.filter ?? {}), createdBy, createdAt,
  };
}

/** The store's record of a saved export. */
export function savedExportRecord(e: SavedExport): SavedExportRecord {
  return {
    name: e.name, format: e.format, list: e.list ?? null, tlpCeiling: e.ceiling ?? null, includeWarninglisted: e.includeWarninglisted,
    filter: JSON.stringify(e.filter), createdBy: e.createdBy, createdAt: e.createdAt,
  };
}

/** A stored record, checked again (a store written by a later version, or edited by hand, is refused, not guessed). */
export function savedExportOf(r: SavedExportRecord): SavedExport {
  try {
    return checkSavedExport({
      name: r.name, format: r.format, ...(r.list !== null ? { list: r.list } : {}), ...(r.tlpCeiling !== null ? { ceiling: r.tlpCeiling } : {}),
      includeWarninglisted: r.includeWarninglisted, filter: JSON.parse(r.filter) as FeedFilter,
    }, r.createdBy, r.createdAt);
  } catch (e) {
    throw new AccordError('internal', 'export.corrupt', `the saved export ${r.name} in the store is not valid: ${e instanceof Error ? e.message : String(e)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Rendering a feed

/** Everything rendering needs besides the saved export. */
export interface FeedContext extends Omit<FeedableContext, 'query'> {
  readonly warninglists: Pick<Warninglists, 'match'>;
}

/** What the device asked for. */
export interface FeedRequest {
  /** The polling token's own ceiling: the stricter of it and the export's applies. */
  readonly tokenCeiling?: TlpLevel;
  /** Only indicators added after this date_added (µs). */
  readonly addedAfter?: number;
  /** A STIX timestamp: what expired at or before it stays out (default: now). */
  readonly now?: string;
}

/** A rendered feed and what went into it. */
export interface RenderedFeed extends FeedOutput {
  readonly contentType: string;
  /** The ceiling that applied (undefined: none but RED's exclusion). */
  readonly ceiling?: TlpLevel;
  /** Values read, before the writer's gate. */
  readonly values: number;
  /** Values left out because they are on warninglists, with the lists' names. */
  readonly warninglisted: readonly { readonly item: ExportItem; readonly lists: readonly string[] }[];
  readonly notFeedable: readonly NotFeedable[];
  /** date_added (µs) of the oldest and newest indicator version read; absent when none was. */
  readonly firstAdded?: number;
  readonly lastAdded?: number;
}

/** The stricter of two optional ceilings. */
export function stricterCeiling(a: TlpLevel | undefined, b: TlpLevel | undefined): TlpLevel | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return tlpRank(a) <= tlpRank(b) ? a : b;
}

/** The items of a saved export (or of an unsaved one: the CLI's `accord export`), written in its format. */
export async function renderFeed(ctx: FeedContext, e: Omit<SavedExport, 'createdBy' | 'createdAt' | 'name'>, request: FeedRequest = {}): Promise<RenderedFeed> {
  const since = e.filter.added_after !== undefined ? parseMicros(e.filter.added_after) ?? 0 : 0;
  const after = Math.max(since, request.addedAfter ?? 0);
  const kinds = e.filter.kinds !== undefined ? new Set(e.filter.kinds.flatMap((k) => FEED_KINDS[k] ?? [])) : undefined;
  const query = {
    ...(after > 0 ? { after } : {}),
    ...(e.filter.labels !== undefined ? { labels: e.filter.labels } : {}),
    ...(e.filter.creators !== undefined ? { createdBy: e.filter.creators } : {}),
  };
  const notFeedable: NotFeedable[] = [];
  const items: FeedableItem[] = [];
  const withheld = new Set<string>();
  const warninglisted: { item: ExportItem; lists: string[] }[] = [];
  let values = 0;
  let firstAdded: number | undefined;
  let lastAdded: number | undefined;
  for await (const item of feedableItems({ ...ctx, query }, notFeedable)) {
    values++;
    firstAdded ??= item.added;
    lastAdded = Math.max(lastAdded ?? 0, item.added);
    if (kinds !== undefined && !kinds.has(item.kind)) {
      withheld.add(item.id);
      continue;
    }
    const lists = e.includeWarninglisted ? [] : ctx.warninglists.match(item.kind, item.value);
    if (lists.length > 0) {
      warninglisted.push({ item, lists });
      withheld.add(item.id);
      continue;
    }
    items.push(item);
  }
  const ceiling = stricterCeiling(e.ceiling, request.tokenCeiling);
  const gateOptions: GateOptions = { ...(ceiling !== undefined ? { ceiling } : {}), ...(request.now !== undefined ? { now: request.now } : {}) };
  const publisher = { name: 'Accord', uuid: ctx.self.slice(ctx.self.indexOf('--') + 2) };
  const out = FEED_FORMATS[e.format].write(items, { gate: gateOptions, withheld, publisher, ...(e.list !== undefined ? { list: e.list } : {}) });
  return {
    ...out, contentType: FEED_FORMATS[e.format].contentType, values, warninglisted, notFeedable,
    ...(ceiling !== undefined ? { ceiling } : {}), ...(firstAdded !== undefined ? { firstAdded } : {}), ...(lastAdded !== undefined ? { lastAdded } : {}),
  };
}

/** The STIX timestamp of a date_added, as feeds' headers carry it. */
export const feedTimestamp = formatMicros;

/** The audit log as saved exports use it (the audit area's AuditLog, handed in by the server or CLI). */
export interface ExportAudit {
  record(event: { readonly actor: string; readonly action: 'export.created' | 'export.deleted'; readonly target?: string; readonly details?: Readonly<Record<string, unknown>> }): Promise<unknown>;
}

/** Saved exports: defined, listed, deleted (each change audited) and rendered for devices. */
export class SavedExports {
  constructor(private readonly store: Store, private readonly audit: ExportAudit, private readonly clock: () => Date = () => new Date()) {}

  /** Defines a saved export; throws `export.invalid` or `store.export-exists`. */
  async create(input: SavedExportInput, actor: string): Promise<SavedExport> {
    const e = checkSavedExport(input, actor, this.clock().toISOString());
    await this.store.savedExports.create(savedExportRecord(e));
    await this.audit.record({
      actor, action: 'export.created', target: `export:${e.name}`,
      details: { format: e.format, list: e.list ?? null, ceiling: e.ceiling ?? null, includeWarninglisted: e.includeWarninglisted, filter: e.filter },
    });
    return e;
  }

  async list(): Promise<SavedExport[]> {
    return (await this.store.savedExports.list()).map(savedExportOf);
  }

  /** One saved export; throws `export.not-found`. */
  async get(name: string): Promise<SavedExport> {
    const r = EXPORT_NAME_RE.test(name) ? await this.store.savedExports.get(name) : undefined;
    if (r === undefined) throw new AccordError('not-found', 'export.not-found', `there is no saved export named "${name}" (see accord exports list)`);
    return savedExportOf(r);
  }

  /** Deletes a saved export; throws `export.not-found`. */
  async delete(name: string, actor: string): Promise<void> {
    if (!EXPORT_NAME_RE.test(name) || !(await this.store.savedExports.delete(name))) {
      throw new AccordError('not-found', 'export.not-found', `there is no saved export named "${name}" (see accord exports list)`);
    }
    await this.audit.record({ actor, action: 'export.deleted', target: `export:${name}` });
  }
}
