// The publishing service as the command line and `accord serve` compose it: the node's signing
// key, the member list, this node's member id, the visibility service and the four-eyes rule.
// `accord share` and `accord publications` open it for one action; `serve` keeps it for the API.
import { PublishingService, VisibilityService, type Audience, type BulkShareContext, type Publisher } from '../sharing/index.js';
import { AccordError } from '../stix/index.js';
import type { StaticMembership } from '../trust/index.js';
import { configFrom, type Values } from './args.js';
import type { Config } from './config.js';
import type { Io } from './io.js';
import { nodeMemberId } from './node.js';
import { cliActor, openNodeServices, type NodeServices } from './services.js';
import { nodeMembership } from './membership.js';

/** What signing share records needs over an open node, for the member `self` (its own key known before the member list lists it). */
export function shareContext(node: NodeServices, membership: StaticMembership, self: string): Omit<BulkShareContext, 'actor'> {
  const key = node.keys.keys.signing;
  return {
    store: node.store, visibility: new VisibilityService(node.store, membership, self), membership, self, key, audit: node.audit,
    keyOf: (m, fp, at) => (m === self && fp === key.fingerprint ? key.publicKey : membership.keyOf(m, fp, at)),
  };
}

/** The service over an open node, for the member `self`. */
export function publishingService(node: NodeServices, config: Config, membership: StaticMembership, self: string): PublishingService {
  return new PublishingService({ ...shareContext(node, membership, self), fourEyes: config.fourEyes });
}

/** Opens the node and its publishing service; the caller closes `node`. */
export async function openPublishing(values: Values, io: Io): Promise<{ node: NodeServices; publishing: PublishingService; membership: StaticMembership; self: string; config: Config }> {
  const config = configFrom(values, io, { logLevel: 'warn' });
  const node = await openNodeServices(config, io);
  try {
    const self = await nodeMemberId(node.store);
    const { membership } = await nodeMembership(config, node.store);
    return { node, publishing: publishingService(node, config, membership, self), membership, self, config };
  } catch (e) {
    await node.close();
    throw e;
  }
}

/** The operator at the command line: the operating-system user, as person and audit actor. */
export function cliPublisher(): Publisher {
  const actor = cliActor();
  return { person: actor, actor };
}

/**
 * The audience the command line names (--members, --group, --all, --sharer-only): exactly one, or
 * none when `optional` (then undefined).
 */
export function audienceFrom(values: Readonly<Record<string, unknown>>): Audience;
export function audienceFrom(values: Readonly<Record<string, unknown>>, optional: 'optional'): Audience | undefined;
export function audienceFrom(values: Readonly<Record<string, unknown>>, optional?: 'optional'): Audience | undefined {
  const given = [values.members !== undefined, values.group !== undefined, values.all === true, values['sharer-only'] === true].filter(Boolean).length;
  if (given === 0 && optional === 'optional') return undefined;
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
