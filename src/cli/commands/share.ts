// `accord share`: this member shares one stored object version — a signed share record naming
// the version, its TLP and its audience (docs/sharing-policy.md), stored beside the object (which
// is never touched), indexed, and turned into visibility for the members it reaches. The policy
// is checked before anything is stored: a share the policy would refuse is never signed into the
// node's history.
import {
  audienceOf, buildShare, checkShare, explain, mayRead, SHARE_EXTENSION_ID, signShare, verifyShare, VisibilityService,
  type Audience, type InformationAccuracy, type SourceReliability,
} from '../../sharing/index.js';
import { AccordError } from '../../stix/index.js';
import { prepareValue, type StoredObject } from '../../store/index.js';
import { StaticMembership } from '../../trust/index.js';
import { commandLine, configFrom, usageText, type OptionTable } from '../args.js';
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
  json: { type: 'boolean', describe: 'print the signed share record' },
};

export const USAGE = usageText('accord share OBJECT-ID --tlp LEVEL (--members IDS | --group ID@V | --all | --sharer-only) [options]',
  'Shares a stored object version with other members: signs a share record with the node key, stores it and\n' +
  'makes the version visible to exactly the members the sharing policy allows (docs/sharing-policy.md).', OPTIONS);

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

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, OPTIONS, USAGE, io, 'some');
  if (parsed === undefined) return EXIT.ok;
  const { values, positionals } = parsed;
  const [objectId, ...extra] = positionals;
  if (objectId === undefined) throw new AccordError('invalid', 'cli.usage', 'name the object to share (its STIX id)');
  if (extra.length > 0) throw new AccordError('invalid', 'cli.usage', `unexpected argument "${extra[0]}"`);
  if (typeof values.tlp !== 'string') throw new AccordError('invalid', 'cli.usage', '--tlp is required: clear, green, amber, amber+strict or red');
  const audience = audienceFrom(values);
  const config = configFrom(values, io, { logLevel: 'warn' });
  const node = await openNodeServices(config, io);
  try {
    const self = await nodeMemberId(node.store);
    const key = node.keys.keys.signing;
    const membership = new StaticMembership(config.members, config.sharingGroups);
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
    const visibility = new VisibilityService(node.store, membership, self);
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
