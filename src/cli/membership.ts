// The member list a node works with, as the command line and `accord serve` open it: the static
// list of the configuration, or — with a charter — the state the members' decisions give
// (docs/decisions/0021), computed from the charter and the membership objects in the store.
import { readFileSync } from 'node:fs';
import { AccordError } from '../stix/index.js';
import type { Store } from '../store/index.js';
import {
  EndorsementVerifier, MEMBERSHIP_TYPES, membershipView, parseCharter, readMembership, StaticMembership, type Charter, type HeldMembership,
} from '../trust/index.js';
import type { Config } from './config.js';
import { onStoreChange } from './store-watch.js';

/** What a node knows of membership: the list every area reads, and with a charter the state behind it. */
export interface NodeMembership {
  readonly membership: StaticMembership;
  readonly charter?: Charter;
  readonly held?: HeldMembership;
  /** The endorsements verified so far: later readings check only new ones. */
  readonly verifier?: EndorsementVerifier;
}

/** Reads and checks the configured charter against its pinned hash. */
export function loadCharter(config: Pick<Config, 'charter' | 'charterSha256'>): Charter | undefined {
  if (config.charter === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(config.charter, 'utf8'));
  } catch (e) {
    throw new AccordError('invalid', 'config.invalid', `the charter ${config.charter} cannot be read as JSON: ${(e as Error).message}`);
  }
  return parseCharter(value, config.charterSha256);
}

/** The node's member list: from the charter and the store's decisions, or from the configuration. */
export async function nodeMembership(config: Config, store: Store, verifier = new EndorsementVerifier()): Promise<NodeMembership> {
  const charter = loadCharter(config);
  if (charter === undefined) return { membership: new StaticMembership(config.members, config.sharingGroups) };
  const held = await readMembership(store, charter, verifier);
  return { membership: membershipView(held.state, config.sharingGroups), charter, held, verifier };
}

/**
 * Re-reads the membership objects whenever new ones are stored, and calls `onChange` when the
 * state differs (another head, other statuses, URLs, keys or contact points). Woken by the
 * store's announcements of its clock (Store.watch: at once on PostgreSQL), with a reading every
 * `everyMs` besides; one reading at a time, each first one indexed query.
 */
export function watchMembership(opts: {
  readonly store: Store;
  readonly charter: Charter;
  readonly held: HeldMembership | undefined;
  /** Remembers verified endorsements between readings (each is checked once). */
  readonly verifier: EndorsementVerifier;
  readonly everyMs: number;
  readonly onChange: (next: HeldMembership, before: HeldMembership | undefined) => Promise<void>;
  readonly onError: (err: unknown) => void;
}): { stop(): Promise<void> } {
  let held = opts.held;
  return onStoreChange(opts.store, opts.everyMs, async () => {
    const after = held?.readAt ?? 0;
    const fresh = await opts.store.objects.list({ types: [...MEMBERSHIP_TYPES], after, limit: 1 });
    if (fresh.items.length === 0) return;
    const next = await readMembership(opts.store, opts.charter, opts.verifier);
    const changed = fingerprint(next) !== (held !== undefined ? fingerprint(held) : '');
    const before = held;
    held = next;
    if (changed) await opts.onChange(next, before);
  }, opts.onError);
}

/** What of a state the rest of the node depends on, as one string to compare. */
function fingerprint(h: HeldMembership): string {
  return JSON.stringify([h.state.head, [...h.state.members.values()].map((m) => [m.id, m.status, m.nodeUrl, m.signingKeys, m.contacts])]);
}
