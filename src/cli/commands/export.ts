// `accord export`: stored objects as a STIX 2.1 bundle or JSON lines, filtered, streamed page
// by page (the stored canonical JSON is written as is; nothing is re-serialised).
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { BLOCKLIST_NAMES, checkSavedExport, renderFeed, type DeviceFeedFormat } from '../../interop/index.js';
import { VisibilityService } from '../../sharing/index.js';
import { AccordError, isAccordError } from '../../stix/index.js';
import { parseMicros, type ObjectQuery } from '../../store/index.js';
import { commandLine, configFrom, usageText, type OptionTable, type Values } from '../args.js';
import { EXIT, type Io } from '../io.js';
import { exportMisp } from '../misp-feed.js';
import { openPublishing } from '../publishing.js';
import { nodeWarninglists } from '../warninglists.js';
import { cliActor, openNodeServices } from '../services.js';

const OPTIONS: OptionTable = {
  type: { type: 'string', multiple: true, arg: 'TYPE', describe: 'only these STIX types (repeat or comma-separate)' },
  creator: { type: 'string', multiple: true, arg: 'ID', describe: 'only objects created by these identities' },
  marking: { type: 'string', multiple: true, arg: 'ID', describe: 'only objects with these marking-definitions' },
  since: { type: 'string', arg: 'TIMESTAMP', describe: 'only versions modified at or after this STIX timestamp' },
  text: { type: 'string', arg: 'WORDS', describe: 'full-text search (names, descriptions, patterns, values)' },
  versions: { type: 'string', arg: 'WHICH', describe: 'last (default), first or all versions of each object' },
  format: { type: 'string', arg: 'FORMAT', describe: 'bundle (default), jsonl; misp (a MISP feed for partners); for devices: suricata, suricata-datasets, snort, zeek, blocklist, csv' },
  output: { type: 'string', short: 'o', arg: 'FILE', describe: 'write to FILE instead of standard output (suricata-datasets, misp: a folder)' },
  ceiling: { type: 'string', arg: 'LEVEL', describe: 'device formats and misp: leave out what is above this TLP (RED never goes in; misp default green)' },
  list: { type: 'string', arg: 'NAME', describe: 'blocklist: ip, cidr, domain, url or hash' },
  'force-warninglisted': { type: 'boolean', describe: 'device formats: include values on warninglists too (left out by default)' },
};

export const USAGE = usageText('accord export [options]',
  'Writes stored objects as a STIX 2.1 bundle or as JSON lines, in the order they were added; or, for this\n' +
  'member\'s own devices, the values of the indicators it may feed to them (docs/sharing-policy.md: shared\n' +
  'with it, never TLP:RED) as Suricata rules or datasets, Snort 3 rules, a Zeek Intel file, a blocklist or CSV.', OPTIONS);

const DEVICE_FORMATS = ['suricata', 'suricata-datasets', 'snort', 'zeek', 'blocklist', 'csv'] as const satisfies readonly DeviceFeedFormat[];
type DeviceFormat = (typeof DEVICE_FORMATS)[number];

/** A device-feed check failing on the command line is a usage error (exit 2). */
export async function asUsage<T>(f: () => T | Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (isAccordError(e) && e.code === 'export.invalid') throw new AccordError('invalid', 'cli.usage', e.message);
    throw e;
  }
}

/** The device formats: every feedable indicator's values, written by the interop writers (the same path as the HTTP feeds). */
async function exportForDevices(format: DeviceFormat, values: Values, io: Io): Promise<number> {
  if (format === 'blocklist' && typeof values.list !== 'string') throw new AccordError('invalid', 'cli.usage', `--format blocklist needs --list ${BLOCKLIST_NAMES.join('|')}`);
  const definition = await asUsage(() => checkSavedExport({
    name: 'cli', format, ...(typeof values.list === 'string' ? { list: values.list } : {}),
    ...(typeof values.ceiling === 'string' ? { ceiling: values.ceiling } : {}), includeWarninglisted: values['force-warninglisted'] === true,
  }, cliActor(), new Date().toISOString()));
  if (format === 'suricata-datasets' && typeof values.output !== 'string') throw new AccordError('invalid', 'cli.usage', '--format suricata-datasets writes several files: give --output FOLDER');
  const { node, membership, self } = await openPublishing(values, io);
  try {
    const warninglists = nodeWarninglists(configFrom(values, io, { logLevel: 'warn' }).dataDir);
    const feed = await renderFeed({ store: node.store, membership, self, visibility: new VisibilityService(node.store, membership, self), warninglists }, definition);
    if (feed.files !== undefined) {
      const folder = resolve(io.cwd, String(values.output));
      mkdirSync(folder, { recursive: true });
      for (const [name, text] of Object.entries(feed.files)) writeFileSync(join(folder, name), text);
      writeFileSync(join(folder, 'accord.rules'), feed.text);
    } else if (typeof values.output === 'string') {
      writeFileSync(resolve(io.cwd, values.output), feed.text);
    } else {
      io.stdout.write(feed.text);
    }
    const kept = feed.values - feed.warninglisted.length;
    await node.audit.record({
      actor: cliActor(), action: 'object.exported', target: typeof values.output === 'string' ? `file:${values.output}` : 'stdout',
      details: {
        format, ...(definition.list !== undefined ? { list: definition.list } : {}), ceiling: definition.ceiling ?? null, values: kept, written: feed.written,
        skipped: feed.skipped.length, notFeedable: feed.notFeedable.length, warninglisted: feed.warninglisted.length, forced: definition.includeWarninglisted,
      },
    });
    io.stderr.write(`exported ${feed.written} lines from ${kept} values; ${feed.skipped.length} values left out by the format or the ceiling, ${feed.notFeedable.length} indicators not for devices\n`);
    for (const s of feed.skipped.slice(0, 10)) io.stderr.write(`  left out ${s.item.value} (${s.item.id}): [${s.code}] ${s.reason}\n`);
    for (const nf of feed.notFeedable.slice(0, 10)) io.stderr.write(`  not for devices ${nf.id}: ${nf.reason}\n`);
    if (feed.warninglisted.length > 0) io.stderr.write(`${feed.warninglisted.length} values on warninglists left out (--force-warninglisted to include them)\n`);
    for (const w of feed.warninglisted.slice(0, 10)) io.stderr.write(`  on ${w.lists.join(', ')}: ${w.item.value} (${w.item.id})\n`);
    return EXIT.ok;
  } finally {
    await node.close();
  }
}

/** A repeatable, comma-separable option's values; undefined when none. */
export const list = (v: unknown): string[] | undefined => {
  if (!Array.isArray(v)) return undefined;
  const items = (v as string[]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  return items.length > 0 ? items : undefined;
};

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, OPTIONS, USAGE, io, 'none');
  if (parsed === undefined) return EXIT.ok;
  const { values } = parsed;
  const format = typeof values.format === 'string' ? values.format : 'bundle';
  const device = DEVICE_FORMATS.find((f) => f === format);
  if (device !== undefined) return exportForDevices(device, values, io);
  if (format === 'misp') return exportMisp(values, io);
  if (format !== 'bundle' && format !== 'jsonl') throw new AccordError('invalid', 'cli.usage', `--format must be bundle, jsonl, misp, ${DEVICE_FORMATS.join(', ')}; got "${format}"`);
  const versions = typeof values.versions === 'string' ? values.versions : 'last';
  if (versions !== 'last' && versions !== 'first' && versions !== 'all') throw new AccordError('invalid', 'cli.usage', `--versions must be last, first or all, got "${versions}"`);
  if (typeof values.since === 'string' && parseMicros(values.since) === undefined) {
    throw new AccordError('invalid', 'cli.usage', `--since must be a STIX timestamp such as 2024-05-01T00:00:00.000Z, got "${values.since}"`);
  }
  const query: Omit<ObjectQuery, 'after' | 'limit'> = {
    versions,
    ...(list(values.type) !== undefined ? { types: list(values.type) } : {}),
    ...(list(values.creator) !== undefined ? { createdBy: list(values.creator) } : {}),
    ...(list(values.marking) !== undefined ? { markings: list(values.marking) } : {}),
    ...(typeof values.since === 'string' ? { modifiedSince: values.since } : {}),
    ...(typeof values.text === 'string' ? { text: values.text } : {}),
  };
  const config = configFrom(values, io, { logLevel: 'warn' });
  const node = await openNodeServices(config, io);
  const { store } = node;
  const out: Writable = typeof values.output === 'string' ? createWriteStream(resolve(io.cwd, values.output)) : io.stdout;
  let count = 0;
  try {
    if (format === 'bundle') await write(out, `{"type":"bundle","id":"bundle--${randomUUID()}","objects":[`);
    let after = 0;
    for (;;) {
      const page = await store.objects.listBodies({ ...query, after, limit: 1000 });
      if (page.items.length > 0) {
        const sep = format === 'bundle' ? ',' : '\n';
        const chunk = page.items.map((o) => o.json).join(sep);
        await write(out, (format === 'bundle' && count > 0 ? ',' : '') + chunk + (format === 'jsonl' ? '\n' : ''));
        count += page.items.length;
      }
      if (!page.more) break;
      after = page.items.at(-1)?.added ?? after;
    }
    if (format === 'bundle') await write(out, ']}\n');
    await node.audit.record({
      actor: cliActor(), action: 'object.exported', target: typeof values.output === 'string' ? `file:${values.output}` : 'stdout',
      details: { objects: count, format, filters: query },
    });
  } finally {
    await node.close();
    if (out !== io.stdout) await new Promise<void>((done) => out.end(done));
  }
  io.stderr.write(`exported ${count} objects\n`);
  return EXIT.ok;
}
