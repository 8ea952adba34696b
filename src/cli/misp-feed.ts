// `accord export --format misp`: what this member has shared, as a MISP feed partners on MISP can
// pull (a folder with manifest.json, one <uuid>.json per event and hashes.csv, the layout MISP's
// feed generator writes), or as one MISP JSON document when the output ends in .json.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MispExport, mispShareable, type NotShareable } from '../interop/index.js';
import { AccordError, TLP_LEVELS, type TlpLevel } from '../stix/index.js';
import { configFrom, type Values } from './args.js';
import { EXIT, type Io } from './io.js';
import { nodeMemberId } from './node.js';
import { cliActor, openNodeServices } from './services.js';

/** Writes a file whole or not at all (a partner polling the feed never reads half a file). */
function writeWhole(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

export async function exportMisp(values: Values, io: Io): Promise<number> {
  if (typeof values.output !== 'string') throw new AccordError('invalid', 'cli.usage', '--format misp writes a feed folder (or one .json file): give --output');
  const wanted = typeof values.ceiling === 'string' ? values.ceiling.toLowerCase().replace(/^tlp:/, '') : 'green';
  const ceiling = TLP_LEVELS.find((l: TlpLevel) => l === wanted && l !== 'red');
  if (ceiling === undefined) throw new AccordError('invalid', 'cli.usage', `--ceiling is clear, green, amber or amber+strict (TLP:RED never leaves for MISP), not "${String(values.ceiling)}"`);
  const node = await openNodeServices(configFrom(values, io, { logLevel: 'warn' }), io);
  try {
    const self = await nodeMemberId(node.store);
    const identity = (await node.store.objects.versions(self)).at(-1);
    const named = identity !== undefined ? (JSON.parse(identity.json) as { name?: unknown }).name : undefined;
    const name = typeof named === 'string' ? named : self;
    const builder = new MispExport({ name, uuid: self.slice(self.indexOf('--') + 2) });
    const left: NotShareable[] = [];
    let objects = 0;
    for await (const o of mispShareable(node.store, self, ceiling, left)) {
      builder.add(o);
      objects++;
    }
    const feed = builder.feed();
    const out = resolve(io.cwd, values.output);
    if (out.endsWith('.json')) {
      writeWhole(out, `${JSON.stringify({ response: feed.events })}\n`);
    } else {
      mkdirSync(out, { recursive: true });
      for (const e of feed.events) writeWhole(join(out, `${String(e.Event.uuid)}.json`), `${JSON.stringify(e)}\n`);
      writeWhole(join(out, 'hashes.csv'), feed.hashes.map(([h, u]) => `${h},${u}\n`).join(''));
      writeWhole(join(out, 'manifest.json'), `${JSON.stringify(feed.manifest)}\n`);
    }
    const attributes = feed.events.reduce((n, e) => n + (e.Event.Attribute as unknown[]).length + (e.Event.Object as { Attribute: unknown[] }[]).reduce((k, o) => k + o.Attribute.length, 0), 0);
    await node.audit.record({
      actor: cliActor(), action: 'object.exported', target: `file:${values.output}`,
      details: { format: 'misp', ceiling, objects, events: feed.events.length, attributes, unmapped: feed.unmapped.length, aboveCeiling: left.length },
    });
    io.stderr.write(`exported ${feed.events.length} MISP events (${attributes} attributes) from ${objects} objects this member shared, at or below TLP:${ceiling.toUpperCase()}\n`);
    if (left.length > 0) io.stderr.write(`${left.length} shared objects above the ceiling left out (--ceiling to include them)\n`);
    for (const u of feed.unmapped.slice(0, 10)) io.stderr.write(`  not written ${u.where}: ${u.reason}\n`);
    if (feed.unmapped.length > 10) io.stderr.write(`  … and ${feed.unmapped.length - 10} more not written\n`);
    return EXIT.ok;
  } finally {
    await node.close();
  }
}
