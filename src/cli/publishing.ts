// The publishing service as the command line and `accord serve` compose it: the node's signing
// key, the member list, this node's member id, the visibility service and the four-eyes rule.
// `accord share` and `accord publications` open it for one action; `serve` keeps it for the API.
import { PublishingService, VisibilityService, type BulkShareContext, type Publisher } from '../sharing/index.js';
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
export async function openPublishing(values: Values, io: Io): Promise<{ node: NodeServices; publishing: PublishingService; membership: StaticMembership; self: string }> {
  const config = configFrom(values, io, { logLevel: 'warn' });
  const node = await openNodeServices(config, io);
  try {
    const self = await nodeMemberId(node.store);
    const { membership } = await nodeMembership(config, node.store);
    return { node, publishing: publishingService(node, config, membership, self), membership, self };
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

