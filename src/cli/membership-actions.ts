// What a member does about membership (docs/decisions/0021), for `accord members` and for
// /api/v1/members alike: read the state as this node computes it, propose a decision (this member
// proposing and endorsing it), endorse one. Each object made is stored here and shared with every
// member (TLP:CLEAR, relayed), so that every node computes the same state.
import { randomUUID } from 'node:crypto';
import type { MembersListing } from '../server/index.js';
import { storeAndShareMade } from '../sharing/index.js';
import { AccordError } from '../stix/index.js';
import type { Store } from '../store/index.js';
import {
  DECISION_EXTENSION_ID, DECISION_TYPE, endorse, ENDORSEMENT_EXTENSION_ID, MEMBER_UPDATE_EXTENSION_ID, proposeDecision, readDecision,
  type ContactPoints, type DecisionChange, type EndorsementVerifier, type HeldMembership, type StaticMembership,
} from '../trust/index.js';
import type { Config } from './config.js';
import { nodeMembership } from './membership.js';
import { shareContext } from './publishing.js';
import type { NodeServices } from './services.js';

/** Stores membership objects made here, and shares them with every member (TLP:CLEAR, relayed): every node must hold them. */
export function storeAndShareMembership(node: NodeServices, membership: StaticMembership, self: string, objects: readonly Record<string, unknown>[], actor: string): Promise<void> {
  const known = new Set([DECISION_EXTENSION_ID, ENDORSEMENT_EXTENSION_ID, MEMBER_UPDATE_EXTENSION_ID]);
  return storeAndShareMade({ ...shareContext(node, membership, self), actor }, objects, { tlp: 'clear', audience: { kind: 'all' }, relay: true }, known, 'membership');
}

/** A decision held here by id. */
async function heldDecision(store: Store, id: string): Promise<Record<string, unknown>> {
  const stored = (await store.objects.versions(id)).at(-1);
  if (stored === undefined) throw new AccordError('not-found', 'membership.no-such-decision', `this node holds no decision ${id} (\`accord members\` lists the pending ones)`);
  const value = JSON.parse(stored.json) as Record<string, unknown>;
  if (value.type !== DECISION_TYPE) throw new AccordError('invalid', 'membership.not-a-decision', `${id} is a ${String(value.type)}, not a membership decision`);
  return value;
}

function contactsOf(c: ContactPoints | undefined): NonNullable<MembersListing['members'][number]['contacts']> {
  const { languages, ...rest } = c ?? {};
  return { ...rest, ...(languages !== undefined ? { languages: [...languages] } : {}) };
}

/** The state as `accord members --json` and GET /api/v1/members present it. */
export function membershipListing(membership: StaticMembership, held: HeldMembership | undefined, self: string): MembersListing {
  return {
    self,
    ...(held !== undefined ? { charter: held.state.charterHash, head: held.state.applied.at(-1) ?? null, rule: held.state.rule } : {}),
    members: membership.all().map((m) => ({
      id: m.id, name: m.name, nodeUrl: m.nodeUrl, status: m.status, keys: m.keys.map((k) => ({ fingerprint: k.fingerprint, publicKey: k.publicKey })),
      ...(held !== undefined ? { contacts: contactsOf(held.state.members.get(m.id)?.contacts) } : {}),
    })),
    sharingGroups: membership.sharingGroups().map((g) => ({ id: g.id, name: g.name, versions: [...g.versions].map(([version, members]) => ({ version, members: [...members] })) })),
    ...(held !== undefined ? {
      pending: held.state.pending.map((p) => ({ ...p, endorsedBy: [...p.endorsedBy], notYet: [...p.notYet], invalid: [...p.invalid] })),
      refused: [...held.state.refused, ...held.refusedUpdates],
    } : {}),
  };
}

/** Proposing and endorsing as this node's member, with the membership it serves with. */
export class MembershipActions {
  constructor(
    private readonly node: NodeServices,
    private readonly config: Config,
    private readonly membership: StaticMembership,
    private readonly self: string,
    private readonly verifier?: EndorsementVerifier,
  ) {}

  /** The state as this node computes it now. */
  async listing(): Promise<MembersListing> {
    const { membership, held } = await this.read();
    return membershipListing(membership, held, this.self);
  }

  /** Proposes a decision following the current head, endorsed by this member; returns its id and hash. */
  async propose(change: DecisionChange, actor: string): Promise<{ readonly id: string; readonly hash: string }> {
    const held = await this.actingMember('propose');
    const now = new Date().toISOString();
    const value = proposeDecision({ id: `x-accord-membership-decision--${randomUUID()}`, proposer: this.self, previous: held.state.head, change, at: now });
    const decision = readDecision(value);
    const endorsement = endorse(decision, this.self, this.node.keys.keys.signing, now, `x-accord-membership-endorsement--${randomUUID()}`);
    await storeAndShareMembership(this.node, this.membership, this.self, [value, endorsement], actor);
    await this.node.audit.record({ actor, action: 'membership.proposed', target: decision.id, details: { change: change.action, hash: decision.hash, previous: decision.previous } });
    return { id: decision.id, hash: decision.hash };
  }

  /** Adds this member's endorsement to a decision held here; says whether it is now applied. */
  async endorse(id: string, actor: string): Promise<{ readonly id: string; readonly applied: boolean }> {
    await this.actingMember('endorse');
    const decision = readDecision(await heldDecision(this.node.store, id));
    const endorsement = endorse(decision, this.self, this.node.keys.keys.signing, new Date().toISOString(), `x-accord-membership-endorsement--${randomUUID()}`);
    await storeAndShareMembership(this.node, this.membership, this.self, [endorsement], actor);
    await this.node.audit.record({ actor, action: 'membership.endorsed', target: decision.id, details: { hash: decision.hash } });
    const after = (await this.read()).held;
    return { id: decision.id, applied: after?.state.applied.includes(decision.id) === true };
  }

  private read(): ReturnType<typeof nodeMembership> {
    return nodeMembership(this.config, this.node.store, this.verifier);
  }

  /** The held state, when this member may act on it (a charter is configured, and it is an active member). */
  private async actingMember(what: string): Promise<HeldMembership> {
    const { membership, held } = await this.read();
    if (held === undefined) throw new AccordError('invalid', 'membership.no-charter', `to ${what} needs a charter (the \`charter\` and \`charterSha256\` settings): with a static member list, nobody decides`);
    if (!membership.isMember(this.self)) throw new AccordError('forbidden', 'membership.not-a-member', `this node's member ${this.self} is not an active member: it may not ${what}`);
    return held;
  }
}
