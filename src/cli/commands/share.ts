// `accord share`: this member shares stored object versions — signed share records naming each
// version, its TLP and its audience (docs/sharing-policy.md), stored beside the objects (which are
// never touched), indexed, and turned into visibility for the members they reach. Everything goes
// through the publishing service (src/sharing/publish.ts), as the API does: the policy judges each
// object before anything is signed, records are signed 1,000 per signature (one object is a batch
// of one), and under the four-eyes rule (`fourEyes` in accord.json) a share at a listed TLP is
// filed as a publication request for a second person to approve (`accord publications`).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  shareWords, type Audience, type BulkCandidate, type BulkShareTerms, type InformationAccuracy, type Publication, type PublishResult,
  type ShareRecord, type SourceReliability,
} from '../../sharing/index.js';
import { AccordError } from '../../stix/index.js';
import { parseMicros, versionsOfIds, type Store, type StoredObject } from '../../store/index.js';
import type { StaticMembership } from '../../trust/index.js';
import { commandLine, usageText, type OptionTable, type Values } from '../args.js';
import { EXIT, type Io } from '../io.js';
import { audienceFrom, cliPublisher, openPublishing } from '../publishing.js';

const OPTIONS: OptionTable = {
  tlp: { type: 'string', arg: 'LEVEL', describe: 'clear, green, amber, amber+strict or red (required)' },
  members: { type: 'string', arg: 'IDS', describe: 'audience: these members (identity ids, comma-separated)' },
  group: { type: 'string', arg: 'ID@VERSION', describe: 'audience: a sharing group at one of its versions' },
  all: { type: 'boolean', describe: 'audience: every current member' },
  'sharer-only': { type: 'boolean', describe: 'audience: this member alone (kept here)' },
  relay: { type: 'boolean', describe: 'recipients\' nodes may pass it on to the rest of the audience' },
  version: { type: 'string', arg: 'TIMESTAMP', describe: 'the version to share (its modified); default the latest' },
  'handling-code': { type: 'string', arg: 'CODE', describe: 'a handling code agreed between members' },
  reliability: { type: 'string', arg: 'A|B|C|X', describe: 'source reliability' },
  accuracy: { type: 'string', arg: '1-4', describe: 'information accuracy' },
  'ids-file': { type: 'string', arg: 'FILE', describe: 'share the objects listed in FILE too, one id per line (- for standard input)' },
  type: { type: 'string', arg: 'TYPES', describe: 'share every stored object of these STIX types too (comma-separated), latest versions' },
  since: { type: 'string', arg: 'TIMESTAMP', describe: 'with --type: only objects added to this node after TIMESTAMP' },
  json: { type: 'boolean', describe: 'print the signed share record (one JSON line per record when sharing several), or the publication request' },
};

export const USAGE = usageText('accord share OBJECT-ID... [--ids-file FILE] [--type TYPES [--since TIMESTAMP]] --tlp LEVEL (--members IDS | --group ID@V | --all | --sharer-only) [options]',
  'Shares stored object versions with other members: signs share records with the node key, stores them and\n' +
  'makes the versions visible to exactly the members the sharing policy allows (docs/sharing-policy.md).\n' +
  'Several objects are shared under the same terms, signed 1,000 records per signature; objects the policy\n' +
  'refuses are listed and skipped, and the exit status is then 1.\n' +
  'Under the four-eyes rule (`fourEyes` in accord.json) a share at a listed TLP is not signed: it becomes a\n' +
  'publication request that a second user approves (`accord publications`, or the API).', OPTIONS);

/** The terms every object is shared under, from the command line. */
function termsFrom(values: Values, tlp: string, audience: Audience): BulkShareTerms {
  const out: { -readonly [K in keyof BulkShareTerms]: BulkShareTerms[K] } = { tlp, audience, relay: values.relay === true };
  const { reliability, accuracy } = values;
  if (typeof reliability === 'string') {
    if (!['A', 'B', 'C', 'X'].includes(reliability)) throw new AccordError('invalid', 'cli.usage', `--reliability is A, B, C or X, got "${reliability}"`);
    out.sourceReliability = reliability as SourceReliability;
  }
  if (typeof accuracy === 'string') {
    if (!['1', '2', '3', '4'].includes(accuracy)) throw new AccordError('invalid', 'cli.usage', `--accuracy is 1, 2, 3 or 4, got "${accuracy}"`);
    out.informationAccuracy = Number(accuracy) as InformationAccuracy;
  }
  if (typeof values['handling-code'] === 'string') out.handlingCode = values['handling-code'];
  return out;
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, OPTIONS, USAGE, io, 'some');
  if (parsed === undefined) return EXIT.ok;
  const { values, positionals } = parsed;
  const [objectId] = positionals;
  const bulk = positionals.length > 1 || values['ids-file'] !== undefined || values.type !== undefined;
  if (objectId === undefined && !bulk) throw new AccordError('invalid', 'cli.usage', 'name the object to share (its STIX id)');
  if (values.since !== undefined && values.type === undefined) throw new AccordError('invalid', 'cli.usage', '--since selects among --type: name the types too');
  if (bulk && values.version !== undefined) throw new AccordError('invalid', 'cli.usage', '--version names one version of one object: share several objects without it (their latest versions)');
  if (typeof values.tlp !== 'string') throw new AccordError('invalid', 'cli.usage', '--tlp is required: clear, green, amber, amber+strict or red');
  const terms = termsFrom(values, values.tlp, audienceFrom(values));
  if (bulk) return shareSeveral(values, positionals, terms, io);
  if (objectId === undefined) throw new AccordError('invalid', 'cli.usage', 'name the object to share (its STIX id)');
  const { node, publishing, membership } = await openPublishing(values, io);
  try {
    // One object is a batch of one: the same path as many, and as the API.
    let record: ShareRecord | undefined;
    const ref = { id: objectId, ...(typeof values.version === 'string' ? { version: values.version } : {}) };
    const result = await publishing.shareObjects([ref], terms, cliPublisher(), { onBatch: (batch) => { record = batch.records[0]; } });
    const [refusal] = result.refused;
    if (refusal !== undefined) throw new AccordError(refusal.code === 'share.no-such-object' ? 'not-found' : 'invalid', refusal.code, refusal.reason);
    if (result.publication !== undefined) {
      io.stdout.write(values.json === true ? `${JSON.stringify(result.publication, null, 2)}\n` : requested(result.publication, result, membership));
      return EXIT.ok;
    }
    if (record === undefined) throw new AccordError('internal', 'share.not-stored', `the share of ${objectId} was neither stored nor refused`);
    if (values.json === true) {
      io.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
    } else {
      const readers = await publishing.readers(result);
      io.stdout.write(`Shared ${objectId} (version ${result.sample?.version.version ?? record.object_modified ?? '(unversioned)'}) as ${record.id}, TLP:${String(result.sample?.share.tlp).toUpperCase()}\n`);
      io.stdout.write(readers.length === 0 ? 'No other member may read it.\n' : `${readers.map((r) => `  ${r.explanation}`).join('\n')}\n`);
    }
    return EXIT.ok;
  } finally {
    await node.close();
  }
}

/** What `accord share` says when the four-eyes rule holds a share back. */
function requested(p: Publication, result: PublishResult, membership: StaticMembership): string {
  const n = p.objectCount;
  const terms = result.sample !== undefined ? ` ${shareWords(result.sample.share, membership)}` : '';
  return `Publication request ${p.id} awaits approval by a second user.\n` +
    `Once approved it shares ${n.toLocaleString('en')} ${n === 1 ? 'object' : 'objects'}${terms}; until then nothing leaves this node.\n` +
    `(accord publications show ${p.id})\n`;
}

/** The ids a `--ids-file` lists: one per line, blank lines and surrounding spaces ignored. */
async function idsFromFile(file: string, io: Io): Promise<string[]> {
  let text: string;
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    text = Buffer.concat(chunks).toString('utf8');
  } else {
    try {
      text = readFileSync(resolve(io.cwd, file), 'utf8');
    } catch (e) {
      throw new AccordError('invalid', 'cli.usage', `--ids-file: cannot read ${file}: ${(e as Error).message}`);
    }
  }
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
}

/** The latest stored version of each id, in the order given (absent when not held), read 500 ids at a time. */
async function* byIds(store: Store, ids: readonly string[]): AsyncIterable<BulkCandidate> {
  for await (const { ids: chunk, items } of versionsOfIds(store, ids, 'last')) {
    const latest = new Map<string, StoredObject>(items.map((o) => [o.id, o]));
    for (const id of chunk) {
      const stored = latest.get(id);
      yield stored !== undefined ? { id, stored } : { id };
    }
  }
}

/** The latest version of every stored object of these types added after `since` (µs), in date_added order. */
async function* byTypes(store: Store, types: readonly string[], since: number): AsyncIterable<BulkCandidate> {
  let after = since;
  for (;;) {
    const page = await store.objects.list({ types, versions: 'last', after, limit: 1000 });
    for (const stored of page.items) yield { id: stored.id, stored };
    const last = page.items.at(-1);
    if (!page.more || last === undefined) return;
    after = last.added;
  }
}

/** `accord share` with several objects: shareMany, then a summary (or the records as JSON lines). */
async function shareSeveral(values: Values, positionals: readonly string[], terms: BulkShareTerms, io: Io): Promise<number> {
  const ids = [...positionals, ...(typeof values['ids-file'] === 'string' ? await idsFromFile(values['ids-file'], io) : [])];
  const types = typeof values.type === 'string' ? values.type.split(',').map((t) => t.trim()).filter((t) => t !== '') : [];
  if (values.type !== undefined && types.length === 0) throw new AccordError('invalid', 'cli.usage', '--type needs at least one STIX type');
  let since = 0;
  if (typeof values.since === 'string') {
    const us = parseMicros(values.since);
    if (us === undefined) throw new AccordError('invalid', 'cli.usage', `--since takes a timestamp (e.g. 2026-01-31T00:00:00Z), got "${values.since}"`);
    since = us;
  }
  const { node, publishing, membership } = await openPublishing(values, io);
  try {
    const store = node.store;
    const candidates = (async function* (): AsyncIterable<BulkCandidate> {
      yield* byIds(store, ids);
      if (types.length > 0) yield* byTypes(store, types, since);
    })();
    const json = values.json === true;
    const result = await publishing.share(candidates, terms, cliPublisher(), {
      ...(json ? { onBatch: (batch) => { io.stdout.write(batch.records.map((r) => `${JSON.stringify(r)}\n`).join('')); } } : {}),
    });
    for (const r of result.refused) io.stderr.write(`refused ${r.id}: ${r.code}: ${r.reason}\n`);
    if (result.publication !== undefined) io.stdout.write(json ? `${JSON.stringify(result.publication)}\n` : requested(result.publication, result, membership));
    if (!json) io.stdout.write(summary(result, (await publishing.readers(result)).map((r) => r.name), membership));
    return result.refused.length > 0 ? EXIT.invalid : EXIT.ok;
  } finally {
    await node.close();
  }
}

/** Shared (or requested) and refused counts, and who may read what was shared, in words. */
function summary(result: PublishResult, readers: readonly string[], membership: StaticMembership): string {
  const lines: string[] = [];
  const n = (k: number, one: string, many: string): string => `${k.toLocaleString('en')} ${k === 1 ? one : many}`;
  if (result.publication === undefined) {
    lines.push(result.shared === 0 ? 'Shared nothing.'
      : `Shared ${n(result.shared, 'object', 'objects')} in ${n(result.batches, 'batch', 'batches')} (one signature each)${result.sample !== undefined ? `, TLP:${result.sample.share.tlp.toUpperCase()}` : ''}.`);
  }
  if (result.refused.length > 0) {
    const byCode = new Map<string, number>();
    for (const r of result.refused) byCode.set(r.code, (byCode.get(r.code) ?? 0) + 1);
    lines.push(`Refused ${n(result.refused.length, 'object', 'objects')} (listed on standard error): ${[...byCode].map(([code, k]) => `${k.toLocaleString('en')} ${code}`).join(', ')}.`);
  }
  if (result.sample !== undefined) {
    const { share } = result.sample;
    const names = readers.length <= 1 ? readers.join('') : `${readers.slice(0, -1).join(', ')} and ${readers.at(-1) ?? ''}`;
    const may = result.publication !== undefined ? 'would read them once approved' : 'may read them';
    lines.push(readers.length === 0 ? `No other member ${result.publication !== undefined ? 'would read them' : 'may read them'}: shared ${shareWords(share, membership)}.`
      : `${names} ${may}: shared ${shareWords(share, membership)}.`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
