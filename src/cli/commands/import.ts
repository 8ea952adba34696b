// `accord import`: STIX 2.1 bundles or JSON lines from files, folders or stdin, streaming,
// in whole batches (see src/store/ingest.ts), with a summary of what happened to every object.
import { createWriteStream, type WriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { formatIssue } from '../../stix/index.js';
import { formatMicros, ingest, type IngestResult, type IngestSummary } from '../../store/index.js';
import { commandLine, configFrom, usageText, type OptionTable } from '../args.js';
import { resolveInputs } from '../inputs.js';
import { EXIT, type Io } from '../io.js';
import { createLogger } from '../logger.js';
import { cliActor, openNodeServices } from '../services.js';
import { n, Progress } from '../progress.js';

const OPTIONS: OptionTable = {
  report: { type: 'string', arg: 'FILE', describe: 'write every rejection and warning to FILE as JSON lines' },
  'batch-size': { type: 'string', arg: 'N', describe: 'objects per transaction (default 10000)' },
  'max-object-bytes': { type: 'string', arg: 'N', describe: 'largest single object accepted (default 16 MiB)' },
  quiet: { type: 'boolean', short: 'q', describe: 'no progress output' },
};

export const USAGE = usageText('accord import [options] FILE|DIR|- ...',
  'Imports STIX 2.1 bundles or JSON lines (optionally gzip-compressed). Valid objects are stored in whole batches;\n' +
  'invalid ones are reported and skipped. Importing the same data again changes nothing.\n' +
  'Exit status: 0 all stored, 1 some objects rejected, 4 an input could not be read to its end.', OPTIONS);

const SHOWN = 20;

interface Totals { items: number; new: number; newVersion: number; unchanged: number; rejected: number; warned: number }

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
    const totals: Totals = { items: 0, new: 0, newVersion: 0, unchanged: 0, rejected: 0, warned: 0 };
    const fatal: string[] = [];
    const started = Date.now();
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
      const summary: IngestSummary = await ingest(store, input.open(), {
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
      (totals.warned > 0 ? `  with warnings ${n(totals.warned).padStart(12)} (stored)\n` : ''),
    );
    if (shown.length > 0) {
      const where = report !== undefined ? `all in ${String(values.report)}` : 'use --report FILE for all of them';
      io.stdout.write(`Rejected (first ${shown.length} of ${n(totals.rejected)}; ${where}):\n${shown.join('\n')}\n`);
    }
    for (const f of fatal) io.stderr.write(`accord import: ${f}\n`);
    return fatal.length > 0 ? EXIT.unreadable : totals.rejected > 0 ? EXIT.invalid : EXIT.ok;
  } finally {
    await node.close();
    if (report !== undefined) await new Promise<void>((done) => report?.end(done));
  }
}
