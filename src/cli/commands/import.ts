// `accord import`: STIX 2.1 bundles or JSON lines from files, folders or stdin, streaming,
// in whole batches (see src/store/ingest.ts), with a summary of what happened to every object.
import { createWriteStream, type WriteStream } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { convertFeed, guessFeedFormat, type FeedFormat, type FeedOptions, type Warninglists } from '../../interop/index.js';
import { nodeWarninglists } from '../warninglists.js';
import { AccordError, formatIssue, TLP_LEVELS, type TlpLevel } from '../../stix/index.js';
import { formatMicros, ingest, type IngestResult, type IngestSummary } from '../../store/index.js';
import { commandLine, configFrom, usageText, type OptionTable } from '../args.js';
import { resolveInputs } from '../inputs.js';
import { EXIT, type Io } from '../io.js';
import { createLogger } from '../logger.js';
import { nodeMemberId } from '../node.js';
import { cliActor, openNodeServices } from '../services.js';
import { n, Progress } from '../progress.js';

const OPTIONS: OptionTable = {
  report: { type: 'string', arg: 'FILE', describe: 'write every rejection and warning to FILE as JSON lines' },
  'batch-size': { type: 'string', arg: 'N', describe: 'objects per transaction (default 10000)' },
  'max-object-bytes': { type: 'string', arg: 'N', describe: 'largest single object accepted (default 16 MiB)' },
  quiet: { type: 'boolean', short: 'q', describe: 'no progress output' },
  format: { type: 'string', arg: 'FORMAT', describe: 'stix, list, csv or text (default: recognised from each input)' },
  tlp: { type: 'string', arg: 'LEVEL', describe: 'plain feeds: the TLP the indicators are marked with (required for list, csv, text)' },
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
  'Exit status: 0 all stored, 1 some objects rejected, 4 an input could not be read to its end.', OPTIONS);

const SHOWN = 20;

interface Totals { items: number; new: number; newVersion: number; unchanged: number; rejected: number; warned: number; flagged: number }

const FORMATS = ['stix', 'list', 'csv', 'text'] as const;

/** The bytes of a stream, the first chunk given back. */
async function* withFirst(first: Uint8Array | undefined, rest: AsyncIterator<Uint8Array>): AsyncIterable<Uint8Array> {
  if (first !== undefined) yield first;
  for (let r = await rest.next(); r.done !== true; r = await rest.next()) yield r.value;
}

/**
 * The input as STIX for the importer: as it is when it is STIX (it starts with { or [, or
 * --format stix), else a plain feed converted to STIX objects (JSON lines), its skipped lines
 * counted as rejected and shown.
 */
async function openAs(
  bytes: AsyncIterable<Uint8Array>, name: string, values: Readonly<Record<string, unknown>>, defaults: { readonly createdBy: string; readonly validFrom: string; readonly warninglists: Warninglists },
  shown: string[], totals: Totals, flaggedShown: string[],
): Promise<AsyncIterable<Uint8Array>> {
  const asked = typeof values.format === 'string' ? values.format : undefined;
  if (asked !== undefined && !(FORMATS as readonly string[]).includes(asked)) throw new AccordError('invalid', 'cli.usage', `--format is stix, list, csv or text, not "${asked}"`);
  if (asked === 'stix') return bytes;
  const it = bytes[Symbol.asyncIterator]();
  const first = await it.next();
  const head = first.done === true ? '' : Buffer.from(first.value).toString('utf8', 0, Math.min(first.value.length, 4096));
  if (asked === undefined && /^\s*[[{]/.test(head)) return withFirst(first.done === true ? undefined : first.value, it);
  const chunks: Buffer[] = first.done === true ? [] : [Buffer.from(first.value)];
  for (let r = await it.next(); r.done !== true; r = await it.next()) chunks.push(Buffer.from(r.value));
  const text = Buffer.concat(chunks).toString('utf8');
  const format = (asked ?? guessFeedFormat(text, name)) as FeedFormat;
  const result = convertFeed(text, format, { ...feedOptions(values, name, defaults), warninglists: defaults.warninglists });
  totals.flagged += result.flagged.length;
  for (const f of result.flagged) if (flaggedShown.length < SHOWN) flaggedShown.push(`  ${name}  ${f.value.value} is on ${f.lists.join(', ')}`);
  for (const s of result.skipped) {
    totals.rejected++;
    if (shown.length < SHOWN) shown.push(`  ${name}:${s.line}  [feed.not-a-value] ${s.reason}`);
  }
  return Readable.from(result.objects.map((o) => Buffer.from(`${JSON.stringify(o)}\n`)));
}

function feedOptions(values: Readonly<Record<string, unknown>>, name: string, defaults: { readonly createdBy: string; readonly validFrom: string }): FeedOptions {
  if (typeof values.tlp !== 'string') throw new AccordError('invalid', 'cli.usage', `${name} is a plain feed: say which TLP its indicators carry with --tlp (clear, green, amber, amber+strict, red)`);
  const wanted = values.tlp.toLowerCase().replace(/^tlp:/, '').replace(/^white$/, 'clear');
  const tlp = TLP_LEVELS.find((l: TlpLevel) => l === wanted);
  if (tlp === undefined) throw new AccordError('invalid', 'cli.usage', `--tlp is clear, green, amber, amber+strict or red, not "${values.tlp}"`);
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
  const inputs = resolveInputs(positionals, io);
  const logger = createLogger(config.logLevel, 'stderr').child({ cat: 'import' });
  const node = await openNodeServices(config, io);
  const { store } = node;
  const actor = cliActor();
  let report: WriteStream | undefined;
  try {
    const reportPath = typeof values.report === 'string' ? resolve(io.cwd, values.report) : undefined;
    if (reportPath !== undefined) report = createWriteStream(reportPath);
    const shown: string[] = [];
    const flaggedShown: string[] = [];
    const totals: Totals = { items: 0, new: 0, newVersion: 0, unchanged: 0, rejected: 0, warned: 0, flagged: 0 };
    const fatal: string[] = [];
    const started = Date.now();
    const feedDefaults = { createdBy: await nodeMemberId(store), validFrom: new Date().toISOString(), warninglists: nodeWarninglists(config.dataDir) };
    for (const input of inputs) {
      const progress = new Progress(io, `import ${input.name}`, input.size, values.quiet === true);
      const onResult = (r: IngestResult): void => {
        report?.write(`${JSON.stringify({ file: input.name, ...r })}\n`);
        if (r.status === 'rejected' && shown.length < SHOWN) {
          const where = r.line !== undefined ? `${input.name}:${r.line}:${r.column ?? 1}` : input.name;
          const detail = r.issues?.filter((i) => i.severity === 'error').map(formatIssue) ?? [];
          shown.push(`  ${where}  ${r.id ?? '(no id)'}  [${r.code ?? 'rejected'}] ${r.message ?? ''}${detail.length > 1 ? `\n      ${detail.slice(1, 4).join('\n      ')}` : ''}`);
        }
      };
      const opened = await openAs(input.open(), input.name, values, feedDefaults, shown, totals, flaggedShown);
      const summary: IngestSummary = await ingest(store, opened, {
        batchSize: config.importBatchSize,
        maxObjectBytes: config.maxObjectBytes,
        onResult,
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
      `  new           ${n(totals.new).padStart(12)}\n` +
      `  new versions  ${n(totals.newVersion).padStart(12)}\n` +
      `  unchanged     ${n(totals.unchanged).padStart(12)}\n` +
      `  rejected      ${n(totals.rejected).padStart(12)}\n` +
      (totals.warned > 0 ? `  with warnings ${n(totals.warned).padStart(12)} (stored)\n` : '') +
      (totals.flagged > 0 ? `  warninglisted ${n(totals.flagged).padStart(12)} (stored, labelled warninglist:…, kept out of device exports)\n` : ''),
    );
    if (shown.length > 0) {
      const where = report !== undefined ? `all in ${String(values.report)}` : 'use --report FILE for all of them';
      io.stdout.write(`Rejected (first ${shown.length} of ${n(totals.rejected)}; ${where}):\n${shown.join('\n')}\n`);
    }
    if (flaggedShown.length > 0) io.stdout.write(`On warninglists (first ${flaggedShown.length} of ${n(totals.flagged)}):\n${flaggedShown.join('\n')}\n`);
    for (const f of fatal) io.stderr.write(`accord import: ${f}\n`);
    return fatal.length > 0 ? EXIT.unreadable : totals.rejected > 0 ? EXIT.invalid : EXIT.ok;
  } finally {
    await node.close();
    if (report !== undefined) await new Promise<void>((done) => report?.end(done));
  }
}
