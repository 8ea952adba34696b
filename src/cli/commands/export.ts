// `accord export`: stored objects as a STIX 2.1 bundle or JSON lines, filtered, streamed page
// by page (the stored canonical JSON is written as is; nothing is re-serialised).
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { AccordError } from '../../stix/index.js';
import { parseMicros, type ObjectQuery } from '../../store/index.js';
import { commandLine, configFrom, usageText, type OptionTable } from '../args.js';
import { EXIT, type Io } from '../io.js';
import { cliActor, openNodeServices } from '../services.js';

const OPTIONS: OptionTable = {
  type: { type: 'string', multiple: true, arg: 'TYPE', describe: 'only these STIX types (repeat or comma-separate)' },
  creator: { type: 'string', multiple: true, arg: 'ID', describe: 'only objects created by these identities' },
  marking: { type: 'string', multiple: true, arg: 'ID', describe: 'only objects with these marking-definitions' },
  since: { type: 'string', arg: 'TIMESTAMP', describe: 'only versions modified at or after this STIX timestamp' },
  text: { type: 'string', arg: 'WORDS', describe: 'full-text search (names, descriptions, patterns, values)' },
  versions: { type: 'string', arg: 'WHICH', describe: 'last (default), first or all versions of each object' },
  format: { type: 'string', arg: 'FORMAT', describe: 'bundle (default) or jsonl' },
  output: { type: 'string', short: 'o', arg: 'FILE', describe: 'write to FILE instead of standard output' },
};

export const USAGE = usageText('accord export [options]', 'Writes stored objects as a STIX 2.1 bundle or as JSON lines, in the order they were added.', OPTIONS);

const list = (v: unknown): string[] | undefined => {
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
  if (format !== 'bundle' && format !== 'jsonl') throw new AccordError('invalid', 'cli.usage', `--format must be bundle or jsonl, got "${format}"`);
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
