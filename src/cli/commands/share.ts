// `accord share`: this member shares one stored object version — a signed share record naming
// the version, its TLP and its audience (docs/sharing-policy.md), stored beside the object (which
// is never touched), indexed, and turned into visibility for the members it reaches. The policy
// is checked before anything is stored: a share the policy would refuse is never signed into the
// node's history. Several ids, an ids file or a type selection share many objects under the same
// terms through shareMany (src/sharing/bulk.ts): one signature per batch, refusals per object.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  audienceOf, buildShare, checkShare, explain, mayRead, SHARE_EXTENSION_ID, shareMany, shareWords, signShare, verifyShare, VisibilityService,
  type Audience, type BulkCandidate, type BulkShareResult, type InformationAccuracy, type SourceReliability,
} from '../../sharing/index.js';
import { AccordError } from '../../stix/index.js';
import { parseMicros, prepareValue, type Store, type StoredObject } from '../../store/index.js';
import { StaticMembership } from '../../trust/index.js';
import { commandLine, configFrom, usageText, type OptionTable, type Values } from '../args.js';
import { EXIT, type Io } from '../io.js';
import { nodeMemberId } from '../node.js';
import { cliActor, openNodeServices } from '../services.js';

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
  json: { type: 'boolean', describe: 'print the signed share record (one JSON line per record when sharing several)' },
};

export const USAGE = usageText('accord share OBJECT-ID... [--ids-file FILE] [--type TYPES [--since TIMESTAMP]] --tlp LEVEL (--members IDS | --group ID@V | --all | --sharer-only) [options]',
  'Shares stored object versions with other members: signs share records with the node key, stores them and\n' +
  'makes the versions visible to exactly the members the sharing policy allows (docs/sharing-policy.md).\n' +
  'Several objects are shared under the same terms, signed 1,000 records per signature; objects the policy\n' +
  'refuses are listed and skipped, and the exit status is then 1.', OPTIONS);

function audienceFrom(values: Readonly<Record<string, unknown>>): Audience {
  const given = [values.members !== undefined, values.group !== undefined, values.all === true, values['sharer-only'] === true].filter(Boolean).length;
  if (given !== 1) throw new AccordError('invalid', 'cli.usage', 'name exactly one audience: --members, --group, --all or --sharer-only');
  if (typeof values.members === 'string') {
    const members = values.members.split(',').map((m) => m.trim()).filter((m) => m !== '');
    if (members.length === 0) throw new AccordError('invalid', 'cli.usage', '--members needs at least one member identity id');
    return { kind: 'members', members };
  }
  if (typeof values.group === 'string') {
    const m = /^(.+)@(\d+)$/.exec(values.group);
    if (m === null) throw new AccordError('invalid', 'cli.usage', `--group takes ID@VERSION (e.g. x-accord-group--…@2), got "${values.group}"`);
    return { kind: 'group', group: m[1] as string, version: Number(m[2]) };
  }
  return values.all === true ? { kind: 'all' } : { kind: 'sharer' };
}

function grading(values: Readonly<Record<string, unknown>>): { sourceReliability?: SourceReliability; informationAccuracy?: InformationAccuracy } {
  const out: { sourceReliability?: SourceReliability; informationAccuracy?: InformationAccuracy } = {};
  const { reliability, accuracy } = values;
  if (typeof reliability === 'string') {
    if (!['A', 'B', 'C', 'X'].includes(reliability)) throw new AccordError('invalid', 'cli.usage', `--reliability is A, B, C or X, got "${reliability}"`);
    out.sourceReliability = reliability as SourceReliability;
  }
  if (typeof accuracy === 'string') {
    if (!['1', '2', '3', '4'].includes(accuracy)) throw new AccordError('invalid', 'cli.usage', `--accuracy is 1, 2, 3 or 4, got "${accuracy}"`);
    out.informationAccuracy = Number(accuracy) as InformationAccuracy;
  }
  return out;
}

/** The node, its member id and signing key, the member list and the visibility service a share needs. */
async function openSharing(values: Values, io: Io) {
  const config = configFrom(values, io, { logLevel: 'warn' });
  const node = await openNodeServices(config, io);
  try {
    const self = await nodeMemberId(node.store);
    const membership = new StaticMembership(config.members, config.sharingGroups);
    return { node, self, key: node.keys.keys.signing, membership, visibility: new VisibilityService(node.store, membership, self) };
  } catch (e) {
    await node.close();
    throw e;
  }
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
  const audience = audienceFrom(values);
  if (bulk) return shareSeveral(values, positionals, values.tlp, audience, io);
  if (objectId === undefined) throw new AccordError('invalid', 'cli.usage', 'name the object to share (its STIX id)');
  const { node, self, key, membership, visibility } = await openSharing(values, io);
  try {
    const versions = await node.store.objects.versions(objectId);
    const stored: StoredObject | undefined = typeof values.version === 'string' ? versions.find((v) => v.version === values.version) : versions.at(-1);
    if (stored === undefined) {
      throw new AccordError('not-found', 'share.no-such-object', versions.length === 0
        ? `this node holds no object ${objectId}`
        : `this node holds no version ${String(values.version)} of ${objectId} (it holds ${versions.map((v) => v.version).join(', ')})`);
    }
    const object = JSON.parse(stored.json) as Record<string, unknown>;
    const record = signShare(buildShare({
      object, sharer: self, tlp: values.tlp, audience, relay: values.relay === true, ...grading(values),
      ...(typeof values['handling-code'] === 'string' ? { handlingCode: values['handling-code'] } : {}),
    }), key);

    // Read back exactly as a peer will, then judged by the policy before anything is stored.
    const verdict = verifyShare(record, (m, fp) => (m === self && fp === key.fingerprint ? key.publicKey : membership.keyOf(m, fp)), new Date());
    if (!verdict.ok) throw verdict.error;
    const version = visibility.policyVersion(stored);
    if (version === undefined) throw new AccordError('internal', 'share.bad-object', `the stored object ${objectId} could not be read`);
    const check = checkShare(verdict.share, version, membership);
    if (!check.valid) throw new AccordError('invalid', `share.${check.code}`, `the sharing policy refuses this share: ${check.reason}`);

    const { object: prepared, issues } = prepareValue(record, { resolveExtensionDefinition: (id) => (id === SHARE_EXTENSION_ID ? { extension_types: ['new-sdo'] } : undefined) });
    if (prepared === undefined) throw new AccordError('internal', 'share.invalid-record', `the share record is invalid: ${issues.map((i) => i.message).join('; ')}`);
    await node.store.objects.put([prepared]);
    const [outcome] = await visibility.recordShares([{ share: verdict.share }]);
    if (outcome?.status === 'rejected') throw new AccordError('internal', outcome.code, outcome.message);

    const shares = (await node.store.shares.forObject(objectId)).filter((r) => r.state === 'valid').map((r) => JSON.parse(r.policy) as typeof verdict.share);
    const readers = audienceOf(version, shares, membership).filter((m) => m !== self);
    await node.audit.record({
      actor: cliActor(), action: 'object.shared', target: objectId,
      details: { share: record.id, version: stored.version, tlp: verdict.share.tlp, audience: record.audience, relay: record.relay, readers },
    });
    if (values.json === true) {
      io.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
    } else {
      io.stdout.write(`Shared ${objectId} (version ${stored.version}) as ${record.id}, TLP:${verdict.share.tlp.toUpperCase()}\n`);
      io.stdout.write(readers.length === 0 ? 'No other member may read it.\n' : `${readers.map((m) => `  ${explain(mayRead(m, version, shares, membership), membership)}`).join('\n')}\n`);
    }
    return EXIT.ok;
  } finally {
    await node.close();
  }
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
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const latest = new Map<string, StoredObject>();
    let after = 0;
    for (;;) {
      const page = await store.objects.list({ ids: chunk, versions: 'last', after, limit: 1000 });
      for (const o of page.items) latest.set(o.id, o);
      const last = page.items.at(-1);
      if (!page.more || last === undefined) break;
      after = last.added;
    }
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
async function shareSeveral(values: Values, positionals: readonly string[], tlp: string, audience: Audience, io: Io): Promise<number> {
  const ids = [...positionals, ...(typeof values['ids-file'] === 'string' ? await idsFromFile(values['ids-file'], io) : [])];
  const types = typeof values.type === 'string' ? values.type.split(',').map((t) => t.trim()).filter((t) => t !== '') : [];
  if (values.type !== undefined && types.length === 0) throw new AccordError('invalid', 'cli.usage', '--type needs at least one STIX type');
  let since = 0;
  if (typeof values.since === 'string') {
    const us = parseMicros(values.since);
    if (us === undefined) throw new AccordError('invalid', 'cli.usage', `--since takes a timestamp (e.g. 2026-01-31T00:00:00Z), got "${values.since}"`);
    since = us;
  }
  const { node, self, key, membership, visibility } = await openSharing(values, io);
  try {
    const store = node.store;
    const candidates = (async function* (): AsyncIterable<BulkCandidate> {
      yield* byIds(store, ids);
      if (types.length > 0) yield* byTypes(store, types, since);
    })();
    const json = values.json === true;
    const result = await shareMany(candidates, {
      tlp, audience, relay: values.relay === true, ...grading(values),
      ...(typeof values['handling-code'] === 'string' ? { handlingCode: values['handling-code'] } : {}),
    }, {
      store, visibility, membership, self, key, audit: node.audit, actor: cliActor(),
      keyOf: (m, fp) => (m === self && fp === key.fingerprint ? key.publicKey : membership.keyOf(m, fp)),
      ...(json ? { onBatch: (batch) => { io.stdout.write(batch.records.map((r) => `${JSON.stringify(r)}\n`).join('')); } } : {}),
    });
    for (const r of result.refused) io.stderr.write(`refused ${r.id}: ${r.code}: ${r.reason}\n`);
    if (!json) io.stdout.write(summary(result, membership, self));
    return result.refused.length > 0 ? EXIT.invalid : EXIT.ok;
  } finally {
    await node.close();
  }
}

/** Shared and refused counts, and who may read what was shared, in words. */
function summary(result: BulkShareResult, membership: StaticMembership, self: string): string {
  const lines: string[] = [];
  const n = (k: number, one: string, many: string): string => `${k.toLocaleString('en')} ${k === 1 ? one : many}`;
  lines.push(result.shared === 0 ? 'Shared nothing.'
    : `Shared ${n(result.shared, 'object', 'objects')} in ${n(result.batches, 'batch', 'batches')} (one signature each)${result.sample !== undefined ? `, TLP:${result.sample.share.tlp.toUpperCase()}` : ''}.`);
  if (result.refused.length > 0) {
    const byCode = new Map<string, number>();
    for (const r of result.refused) byCode.set(r.code, (byCode.get(r.code) ?? 0) + 1);
    lines.push(`Refused ${n(result.refused.length, 'object', 'objects')} (listed on standard error): ${[...byCode].map(([code, k]) => `${k.toLocaleString('en')} ${code}`).join(', ')}.`);
  }
  if (result.sample !== undefined) {
    const { share, version } = result.sample;
    const readers = audienceOf(version, [share], membership).filter((m) => m !== self).map((m) => membership.nameOf(m));
    const names = readers.length <= 1 ? readers.join('') : `${readers.slice(0, -1).join(', ')} and ${readers.at(-1) ?? ''}`;
    lines.push(readers.length === 0 ? `No other member may read them: shared ${shareWords(share, membership)}.`
      : `${names} may read them: shared ${shareWords(share, membership)}.`);
  }
  return `${lines.join('\n')}\n`;
}
