// `accord import`: STIX 2.1 bundles or JSON lines from files, folders or stdin, streaming,
// in whole batches (see src/store/ingest.ts), with a summary of what happened to every object.
import { createWriteStream, existsSync, readFileSync, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import {
  convertFeed, convertMispEvent, guessFeedFormat, isMispManifest, MispConversion, mispEvents, type FeedFormat, type FeedOptions, type MispShareHint, type Warninglists,
} from '../../interop/index.js';
import { shareWords, type Audience, type BulkShareTerms } from '../../sharing/index.js';
import { nodeMembership } from '../membership.js';
import { audienceFrom, cliPublisher, publishingService } from '../publishing.js';
import { nodeWarninglists } from '../warninglists.js';
import { AccordError, formatIssue, JsonError, parseJson, TLP_LEVELS, type TlpLevel } from '../../stix/index.js';
import { formatMicros, ingest, type IngestResult, type IngestSummary } from '../../store/index.js';
import { commandLine, configFrom, usageText, type OptionTable } from '../args.js';
import { resolveInputs, type Input } from '../inputs.js';
import { EXIT, type Io } from '../io.js';
import { createLogger } from '../logger.js';
import { nodeMemberId } from '../node.js';
import { cliActor, openNodeServices, type NodeServices } from '../services.js';
import type { Config } from '../config.js';
import { n, Progress } from '../progress.js';

const OPTIONS: OptionTable = {
  report: { type: 'string', arg: 'FILE', describe: 'write every rejection and warning to FILE as JSON lines' },
  'batch-size': { type: 'string', arg: 'N', describe: 'objects per transaction (default 10000)' },
  'max-object-bytes': { type: 'string', arg: 'N', describe: 'largest single object accepted (default 16 MiB)' },
  quiet: { type: 'boolean', short: 'q', describe: 'no progress output' },
  format: { type: 'string', arg: 'FORMAT', describe: 'stix, misp, list, csv or text (default: recognised from each input)' },
  tlp: { type: 'string', arg: 'LEVEL', describe: 'plain feeds: the TLP the indicators are marked with (required for list, csv, text); MISP: for events without a tlp: tag' },
  share: { type: 'boolean', describe: 'MISP: share what was imported as each event\'s distribution allows (sharing groups by name)' },
  all: { type: 'boolean', describe: 'share everything imported with every current member' },
  members: { type: 'string', arg: 'IDS', describe: 'share everything imported with these members (identity ids, comma-separated)' },
  group: { type: 'string', arg: 'ID@VERSION', describe: 'share everything imported with a sharing group at one of its versions' },
  relay: { type: 'boolean', describe: 'with --all, --members or --group: recipients\' nodes may pass it on to the rest of the audience' },
  'valid-from': { type: 'string', arg: 'TIMESTAMP', describe: 'plain feeds: start of validity (default now)' },
  'valid-until': { type: 'string', arg: 'TIMESTAMP', describe: 'plain feeds: end of validity' },
  'valid-days': { type: 'string', arg: 'N', describe: 'plain feeds: valid for N days from the start' },
  'feed-name': { type: 'string', arg: 'NAME', describe: 'plain feeds: the feed\'s name (default the file name): part of every id' },
  column: { type: 'string', arg: 'NAME|N', describe: 'csv: the column holding the values (a header name, or an index from 0; default 0)' },
  delimiter: { type: 'string', arg: 'CHAR', describe: 'csv: the field separator (default ,)' },
};

export const USAGE = usageText('accord import [options] FILE|DIR|- ...',
  'Imports STIX 2.1 bundles or JSON lines (optionally gzip-compressed). Valid objects are stored in whole batches;\n' +
  'invalid ones are reported and skipped. Importing the same data again changes nothing.\n' +
  'Plain feeds — one value per line, CSV (--column), or free text — become indicators marked --tlp, valid from\n' +
  '--valid-from until --valid-until (or for --valid-days); lines that hold no recognised value are reported.\n' +
  'MISP events (files, folders, feeds with manifest.json) become STIX as docs/misp.md says; what has no mapping\n' +
  'is reported. --share shares MISP data as its distribution allows; --all, --members or --group share all.\n' +
  'Exit status: 0 all stored, 1 some objects rejected, 4 an input could not be read to its end.', OPTIONS);

const SHOWN = 20;

interface Totals { items: number; new: number; newVersion: number; unchanged: number; rejected: number; warned: number; flagged: number; unmapped: number }

const FORMATS = ['stix', 'misp', 'list', 'csv', 'text'] as const;

/** What `openAs` learnt of an input: its kind and, for plain feeds, the TLP of its indicators. */
interface Opened { readonly bytes: AsyncIterable<Uint8Array>; readonly kind: 'stix' | 'misp' | 'feed'; readonly tlp?: TlpLevel }

/** Shares gathered during the import, by their terms; made once every input is stored. */
class ShareQueue {
  readonly groups = new Map<string, { terms: BulkShareTerms; ids: string[] }>();
  readonly notShared: string[] = [];
  notSharedCount = 0;

  add(id: string, tlp: TlpLevel, audience: Audience, relay: boolean): void {
    const key = `${tlp}|${JSON.stringify(audience)}|${relay}`;
    const g = this.groups.get(key) ?? { terms: { tlp, audience, relay }, ids: [] };
    this.groups.set(key, g);
    g.ids.push(id);
  }

  skip(id: string, reason: string): void {
    this.notSharedCount++;
    if (this.notShared.length < SHOWN) this.notShared.push(`  ${id}  ${reason}`);
  }
}

/** The Accord sharing group a MISP sharing group stands for: the one with its name (or uuid as id), at its latest version. */
function groupOf(hint: Extract<MispShareHint['audience'], { kind: 'sharing-group' }>, groups: readonly { id: string; name: string; versions: ReadonlyMap<number, readonly string[]> }[]): Audience | undefined {
  const g = groups.find((x) => x.name.toLowerCase() === hint.name.toLowerCase() || (hint.uuid !== undefined && x.id.endsWith(`--${hint.uuid.toLowerCase()}`)));
  return g === undefined ? undefined : { kind: 'group', group: g.id, version: Math.max(...g.versions.keys()) };
}

/** An input of the import: a file or stdin, or a MISP feed (its manifest and the event files it lists, read as one stream). */
type ImportInput = Input & { readonly mispFeed?: readonly string[] };

/**
 * Inputs named manifest.json that are MISP feed manifests become one input: the events they list,
 * read from the manifest's folder (also when the folder's files were given too: each is read
 * once) as one stream, so a feed of 10,000 events is stored in large batches. A listed event whose
 * file is missing is reported.
 */
function expandManifests(inputs: readonly Input[], io: Io, missing: string[]): ImportInput[] {
  const feeds = new Map<string, { input: Input; files: string[] }>();
  for (const input of inputs) {
    if (basename(input.name) !== 'manifest.json' || input.name === '-') continue;
    const path = resolve(io.cwd, input.name);
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      continue;
    }
    if (!isMispManifest(doc)) continue;
    const files: string[] = [];
    for (const uuid of Object.keys(doc)) {
      const file = join(dirname(path), `${uuid}.json`);
      if (existsSync(file)) files.push(file);
      else missing.push(`  ${input.name}  [misp.missing-event] the manifest lists event ${uuid}, but ${uuid}.json is not beside it`);
    }
    feeds.set(path, { input, files });
  }
  const inFeeds = new Set([...feeds.values()].flatMap((f) => f.files));
  const out: ImportInput[] = [];
  for (const input of inputs) {
    const path = input.name === '-' ? '-' : resolve(io.cwd, input.name);
    const feed = feeds.get(path);
    if (feed !== undefined) out.push({ name: input.name, size: undefined, open: () => input.open(), mispFeed: feed.files });
    else if (!inFeeds.has(path)) out.push(input);
  }
  return out;
}

/** The events of a MISP feed's files, converted one file at a time, as STIX JSON lines; a file that is no MISP JSON is reported. */
async function* mispFeedLines(files: readonly string[], name: string, misp: MispConversion, rejected: (line: string) => void): AsyncGenerator<Uint8Array> {
  for (const file of files) {
    try {
      yield* fromMisp(await readFile(file, 'utf8'), join(dirname(name), basename(file)), misp);
    } catch (e) {
      if (!(e instanceof AccordError)) throw e;
      rejected(`  ${join(dirname(name), basename(file))}  [${e.code}] ${e.message}`);
    }
  }
}

/** The bytes of a stream, the first chunk given back. */
async function* withFirst(first: Uint8Array | undefined, rest: AsyncIterator<Uint8Array>): AsyncIterable<Uint8Array> {
  if (first !== undefined) yield first;
  for (let r = await rest.next(); r.done !== true; r = await rest.next()) yield r.value;
}

/**
 * The input as STIX for the importer: as it is when it is STIX (it starts with { or [ and is no MISP
 * document, or --format stix); MISP events converted (misp.ts) into `misp`, their unmapped parts
 * counted and shown; else a plain feed converted to STIX objects (JSON lines), its skipped lines
 * counted as rejected and shown.
 */
async function openAs(
  bytes: AsyncIterable<Uint8Array>, name: string, values: Readonly<Record<string, unknown>>, defaults: { readonly createdBy: string; readonly validFrom: string; readonly warninglists: Warninglists },
  shown: string[], totals: Totals, flaggedShown: string[], misp: MispConversion,
): Promise<Opened> {
  const asked = typeof values.format === 'string' ? values.format : undefined;
  if (asked !== undefined && !(FORMATS as readonly string[]).includes(asked)) throw new AccordError('invalid', 'cli.usage', `--format is stix, misp, list, csv or text, not "${asked}"`);
  if (asked === 'stix') return { bytes, kind: 'stix' };
  const it = bytes[Symbol.asyncIterator]();
  const first = await it.next();
  const head = first.done === true ? '' : Buffer.from(first.value).toString('utf8', 0, Math.min(first.value.length, 4096));
  const looksMisp = /^\s*\[?\s*\{\s*"(?:Event|response)"\s*:/.test(head);
  if (asked === undefined && /^\s*[[{]/.test(head) && !looksMisp) return { bytes: withFirst(first.done === true ? undefined : first.value, it), kind: 'stix' };
  const chunks: Buffer[] = first.done === true ? [] : [Buffer.from(first.value)];
  for (let r = await it.next(); r.done !== true; r = await it.next()) chunks.push(Buffer.from(r.value));
  const text = Buffer.concat(chunks).toString('utf8');
  if (asked === 'misp' || (asked === undefined && looksMisp)) return { bytes: Readable.from(fromMisp(text, name, misp)), kind: 'misp' };
  const format = (asked ?? guessFeedFormat(text, name)) as FeedFormat;
  const options = feedOptions(values, name, defaults);
  const result = convertFeed(text, format, { ...options, warninglists: defaults.warninglists });
  totals.flagged += result.flagged.length;
  for (const f of result.flagged) if (flaggedShown.length < SHOWN) flaggedShown.push(`  ${name}  ${f.value.value} is on ${f.lists.join(', ')}`);
  for (const s of result.skipped) {
    totals.rejected++;
    if (shown.length < SHOWN) shown.push(`  ${name}:${s.line}  [feed.not-a-value] ${s.reason}`);
  }
  return { bytes: jsonLines(result.objects), kind: 'feed', tlp: options.tlp };
}

function jsonLines(objects: readonly Record<string, unknown>[]): AsyncIterable<Uint8Array> {
  return Readable.from(objects.map((o) => Buffer.from(`${JSON.stringify(o)}\n`)));
}

/** MISP events of a document into STIX JSON lines; a document that is no MISP JSON is refused with where it fails. */
function fromMisp(text: string, name: string, misp: MispConversion): Iterable<Uint8Array> {
  let doc: unknown;
  try {
    doc = parseJson(text);
  } catch (e) {
    if (e instanceof JsonError) throw new AccordError('invalid', 'misp.bad-json', `${name}: not valid JSON: ${e.message}`);
    throw e;
  }
  const events = mispEvents(doc);
  if (events === undefined) throw new AccordError('invalid', 'misp.not-an-event', `${name}: not a MISP event document ({"Event": …}, {"response": [ … ]} or a list of events)`);
  for (const [i, event] of events.entries()) convertMispEvent(misp, event, events.length > 1 ? `event #${i + 1}` : 'event');
  return [Buffer.from(misp.drain().map((o) => `${JSON.stringify(o)}\n`).join(''))];
}

/** The --tlp level, when given (TLP:WHITE read as CLEAR). */
function tlpOption(values: Readonly<Record<string, unknown>>): TlpLevel | undefined {
  if (typeof values.tlp !== 'string') return undefined;
  const wanted = values.tlp.toLowerCase().replace(/^tlp:/, '').replace(/^white$/, 'clear');
  const tlp = TLP_LEVELS.find((l: TlpLevel) => l === wanted);
  if (tlp === undefined) throw new AccordError('invalid', 'cli.usage', `--tlp is clear, green, amber, amber+strict or red, not "${values.tlp}"`);
  return tlp;
}

function feedOptions(values: Readonly<Record<string, unknown>>, name: string, defaults: { readonly createdBy: string; readonly validFrom: string }): FeedOptions {
  const tlp = tlpOption(values);
  if (tlp === undefined) throw new AccordError('invalid', 'cli.usage', `${name} is a plain feed: say which TLP its indicators carry with --tlp (clear, green, amber, amber+strict, red)`);
  const time = (option: string): string | undefined => {
    const v = values[option];
    if (typeof v !== 'string') return undefined;
    if (Number.isNaN(Date.parse(v))) throw new AccordError('invalid', 'cli.usage', `--${option} is a timestamp (2027-01-31T00:00:00Z), not "${v}"`);
    return new Date(v).toISOString();
  };
  const validFrom = time('valid-from') ?? defaults.validFrom;
  let validUntil = time('valid-until');
  if (typeof values['valid-days'] === 'string') {
    const days = Number(values['valid-days']);
    if (!(days > 0) || validUntil !== undefined) throw new AccordError('invalid', 'cli.usage', '--valid-days is a positive number of days, and not given with --valid-until');
    validUntil = new Date(Date.parse(validFrom) + days * 86_400_000).toISOString();
  }
  const column = typeof values.column === 'string' ? (/^\d+$/.test(values.column) ? Number(values.column) : values.column) : undefined;
  return {
    name: typeof values['feed-name'] === 'string' ? values['feed-name'] : basename(name), tlp, validFrom, createdBy: defaults.createdBy,
    ...(validUntil !== undefined ? { validUntil } : {}), ...(column !== undefined ? { column } : {}),
    ...(typeof values.delimiter === 'string' ? { delimiter: values.delimiter === '\\t' ? '\t' : values.delimiter } : {}),
  };
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, OPTIONS, USAGE, io, 'some');
  if (parsed === undefined) return EXIT.ok;
  const { values, positionals } = parsed;
  const config = configFrom(values, io, { logLevel: 'warn' });
  const audience = audienceFrom(values, 'optional');
  if (audience !== undefined && values.share === true) throw new AccordError('invalid', 'cli.usage', '--share shares as the MISP data says; --all, --members and --group share everything alike: give one or the other');
  if (audience === undefined && values.relay === true) throw new AccordError('invalid', 'cli.usage', '--relay goes with --all, --members or --group');
  const defaultTlp = tlpOption(values);
  const notFound: string[] = [];
  const inputs = expandManifests(resolveInputs(positionals, io), io, notFound);
  const logger = createLogger(config.logLevel, 'stderr').child({ cat: 'import' });
  const node = await openNodeServices(config, io);
  const { store } = node;
  const actor = cliActor();
  let report: WriteStream | undefined;
  try {
    const reportPath = typeof values.report === 'string' ? resolve(io.cwd, values.report) : undefined;
    if (reportPath !== undefined) report = createWriteStream(reportPath);
    const shown: string[] = [...notFound];
    const flaggedShown: string[] = [];
    const unmappedShown: string[] = [];
    const totals: Totals = { items: 0, new: 0, newVersion: 0, unchanged: 0, rejected: notFound.length, warned: 0, flagged: 0, unmapped: 0 };
    const fatal: string[] = [];
    const started = Date.now();
    const feedDefaults = { createdBy: await nodeMemberId(store), validFrom: new Date().toISOString(), warninglists: nodeWarninglists(config.dataDir) };
    const misp = new MispConversion({ warninglists: feedDefaults.warninglists, shareHints: values.share === true || audience !== undefined, ...(defaultTlp !== undefined ? { defaultTlp } : {}) });
    const queue = new ShareQueue();
    const groups = values.share === true ? (await nodeMembership(config, store)).membership.sharingGroups() : [];
    for (const input of inputs) {
      const progress = new Progress(io, `import ${input.name}`, input.size, values.quiet === true);
      const stored: string[] = [];
      const onResult = (r: IngestResult): void => {
        report?.write(`${JSON.stringify({ file: input.name, ...r })}\n`);
        if (r.status === 'rejected' && shown.length < SHOWN) {
          const where = r.line !== undefined ? `${input.name}:${r.line}:${r.column ?? 1}` : input.name;
          const detail = r.issues?.filter((i) => i.severity === 'error').map(formatIssue) ?? [];
          shown.push(`  ${where}  ${r.id ?? '(no id)'}  [${r.code ?? 'rejected'}] ${r.message ?? ''}${detail.length > 1 ? `\n      ${detail.slice(1, 4).join('\n      ')}` : ''}`);
        }
      };
      const unmappedBefore = misp.unmapped.length;
      const flaggedBefore = misp.flagged.length;
      const rejectedFile = (line: string): void => {
        totals.rejected++;
        if (shown.length < SHOWN) shown.push(line);
      };
      const opened: Opened = input.mispFeed !== undefined
        ? { bytes: mispFeedLines(input.mispFeed, input.name, misp, rejectedFile), kind: 'misp' }
        : await openAs(input.open(), input.name, values, feedDefaults, shown, totals, flaggedShown, misp);
      const summary: IngestSummary = await ingest(store, opened.bytes, {
        batchSize: config.importBatchSize,
        maxObjectBytes: config.maxObjectBytes,
        onResult,
        ...(audience !== undefined || values.share === true ? { onStored: (id: string) => { stored.push(id); } } : {}),
        onProgress: (p) => progress.update(p.bytes, p.items),
        // One audit entry per committed batch: its date_added range names exactly the versions it stored.
        onBatch: async (b) => {
          await node.audit.record({
            actor, action: 'object.imported', target: `file:${input.name}`,
            details: { new: b.new, newVersions: b.newVersion, revoked: b.revoked, dateAddedFirst: formatMicros(b.firstAdded), dateAddedLast: formatMicros(b.lastAdded) },
          });
        },
      });
      progress.done();
      for (const f of misp.flagged.slice(flaggedBefore)) {
        totals.flagged++;
        if (flaggedShown.length < SHOWN) flaggedShown.push(`  ${input.name}  ${f.value} (${f.id}) is on ${f.lists.join(', ')}`);
      }
      for (const u of misp.unmapped.slice(unmappedBefore)) {
        totals.unmapped++;
        if (unmappedShown.length < SHOWN) unmappedShown.push(`  ${input.name}  ${u.where}: ${u.reason}`);
        report?.write(`${JSON.stringify({ file: input.name, status: 'unmapped', ...u })}\n`);
      }
      queueShares(queue, stored, opened, { audience, relay: values.relay === true, misp: values.share === true, defaultTlp, hints: misp.share, groups });
      totals.items += summary.items;
      totals.new += summary.new;
      totals.newVersion += summary.newVersion;
      totals.unchanged += summary.unchanged;
      totals.rejected += summary.rejected;
      totals.warned += summary.warned;
      if (summary.fatal !== undefined) {
        fatal.push(`${input.name}${summary.fatal.line !== undefined ? `:${summary.fatal.line}:${summary.fatal.column ?? 1}` : ''}: ${summary.fatal.message} (${summary.fatal.code}); the objects before it were imported`);
      }
      logger.info({ file: input.name, ...summary }, 'input imported');
    }
    const secs = (Date.now() - started) / 1000;
    io.stdout.write(
      `Imported ${inputs.length === 1 ? inputs[0]?.name : `${inputs.length} inputs`}: ${n(totals.items)} objects in ${secs.toFixed(1)} s (${n(totals.items / Math.max(secs, 0.001))} objects/s)\n` +
      (misp.events > 0 ? `  MISP          ${n(misp.events).padStart(12)} events, ${n(misp.attributes)} attributes\n` : '') +
      `  new           ${n(totals.new).padStart(12)}\n` +
      `  new versions  ${n(totals.newVersion).padStart(12)}\n` +
      `  unchanged     ${n(totals.unchanged).padStart(12)}\n` +
      `  rejected      ${n(totals.rejected).padStart(12)}\n` +
      (totals.warned > 0 ? `  with warnings ${n(totals.warned).padStart(12)} (stored)\n` : '') +
      (totals.flagged > 0 ? `  warninglisted ${n(totals.flagged).padStart(12)} (stored, labelled warninglist:…, kept out of device exports)\n` : '') +
      (totals.unmapped > 0 ? `  not mapped    ${n(totals.unmapped).padStart(12)} (MISP parts with no STIX mapping: not imported)\n` : ''),
    );
    if (shown.length > 0) {
      const where = report !== undefined ? `all in ${String(values.report)}` : 'use --report FILE for all of them';
      io.stdout.write(`Rejected (first ${shown.length} of ${n(totals.rejected)}; ${where}):\n${shown.join('\n')}\n`);
    }
    if (flaggedShown.length > 0) io.stdout.write(`On warninglists (first ${flaggedShown.length} of ${n(totals.flagged)}):\n${flaggedShown.join('\n')}\n`);
    if (unmappedShown.length > 0) {
      const where = report !== undefined ? `all in ${String(values.report)}` : 'use --report FILE for all of them';
      io.stdout.write(`Not mapped (first ${unmappedShown.length} of ${n(totals.unmapped)}; ${where}; docs/misp.md lists what maps):\n${unmappedShown.join('\n')}\n`);
    }
    for (const f of fatal) io.stderr.write(`accord import: ${f}\n`);
    const refused = queue.groups.size > 0 ? await shareQueued(queue, node, config, io) : 0;
    if (queue.notSharedCount > 0) io.stdout.write(`Not shared (first ${queue.notShared.length} of ${n(queue.notSharedCount)}):\n${queue.notShared.join('\n')}\n`);
    return fatal.length > 0 ? EXIT.unreadable : totals.rejected > 0 || refused > 0 ? EXIT.invalid : EXIT.ok;
  } finally {
    await node.close();
    if (report !== undefined) await new Promise<void>((done) => report?.end(done));
  }
}

/** Queues the shares of one input's stored objects: all alike (an audience given), or as MISP said (--share). */
function queueShares(queue: ShareQueue, ids: readonly string[], opened: Opened, how: {
  readonly audience: Audience | undefined; readonly relay: boolean; readonly misp: boolean; readonly defaultTlp: TlpLevel | undefined;
  readonly hints: ReadonlyMap<string, MispShareHint>; readonly groups: readonly { id: string; name: string; versions: ReadonlyMap<number, readonly string[]> }[];
}): void {
  for (const id of ids) {
    const hint = opened.kind === 'misp' ? how.hints.get(id) : undefined;
    const tlp = opened.tlp ?? hint?.tlp ?? how.defaultTlp;
    if (how.audience !== undefined) {
      if (tlp === undefined) queue.skip(id, 'no TLP to share it under: give --tlp');
      else queue.add(id, tlp, how.audience, how.relay);
      continue;
    }
    if (!how.misp || hint === undefined) continue;
    const a = hint.audience;
    if (a.kind === 'sharer') queue.skip(id, 'MISP distribution "your organisation only": kept on this node');
    else if (tlp === undefined) queue.skip(id, 'no tlp: tag in MISP and no --tlp: not shared');
    else if (a.kind === 'all') queue.add(id, tlp, { kind: 'all' }, a.relay);
    else {
      const group = groupOf(a, how.groups);
      if (group === undefined) queue.skip(id, `MISP sharing group "${a.name}" has no Accord sharing group of that name (sharingGroups in accord.json): not shared`);
      else queue.add(id, tlp, group, false);
    }
  }
}

/** Makes the queued shares through the publishing service (four-eyes rules apply); returns how many were refused. */
async function shareQueued(queue: ShareQueue, node: NodeServices, config: Config, io: Io): Promise<number> {
  const self = await nodeMemberId(node.store);
  const { membership } = await nodeMembership(config, node.store);
  const publishing = publishingService(node, config, membership, self);
  let refused = 0;
  for (const { terms, ids } of queue.groups.values()) {
    const result = await publishing.shareObjects(ids.map((id) => ({ id })), terms, cliPublisher());
    const words = result.sample !== undefined ? shareWords(result.sample.share, membership) : `TLP:${terms.tlp.toUpperCase()}`;
    io.stdout.write(result.publication !== undefined
      ? `Publication request ${result.publication.id} for ${n(result.publication.objectCount)} objects ${words} awaits approval by a second user.\n`
      : `Shared ${n(result.shared)} objects ${words}.\n`);
    refused += result.refused.length;
    for (const r of result.refused.slice(0, SHOWN)) io.stdout.write(`  refused ${r.id}: ${r.code}: ${r.reason}\n`);
  }
  return refused;
}
