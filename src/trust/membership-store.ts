// Membership as a node holds it (issue 6; docs/decisions/0021): the charter it is configured with,
// and the decisions, endorsements and directory updates in its store — objects like any other,
// received from peers or made here, shared with every member. The state is recomputed from them
// whenever they change, and handed to the rest of the node as the member list (StaticMembership)
// every area already reads.
import type { KeyObject } from 'node:crypto';
import type { Store } from '../store/index.js';
import type { Charter } from './charter.js';
import { publicKeyFromRaw } from './keys.js';
import { StaticMembership, type MemberRecord, type SharingGroupRecord } from './members.js';
import {
  applyContactUpdates, computeMembership, DECISION_TYPE, ENDORSEMENT_TYPE, EndorsementVerifier, MEMBER_UPDATE_TYPE, readDecision, readEndorsement,
  readMemberUpdate, type Decision, type Endorsement, type MembershipState, type MemberUpdate, type RefusedDecision,
} from './membership.js';

/** The membership object types a node keeps. */
export const MEMBERSHIP_TYPES = [DECISION_TYPE, ENDORSEMENT_TYPE, MEMBER_UPDATE_TYPE] as const;

export interface HeldMembership {
  readonly state: MembershipState;
  /** Directory updates that do not count, and objects of the membership types that could not be read. */
  readonly refusedUpdates: readonly RefusedDecision[];
  readonly unreadable: readonly { readonly id: string; readonly reason: string }[];
  /** The store's clock when it was read: a later value means something may have changed. */
  readonly readAt: number;
}

/** Every stored object of the membership types, read and checked (one list page after another). */
async function readHeld(store: Store): Promise<{ decisions: Decision[]; endorsements: Endorsement[]; updates: MemberUpdate[]; unreadable: { id: string; reason: string }[] }> {
  const out = { decisions: [] as Decision[], endorsements: [] as Endorsement[], updates: [] as MemberUpdate[], unreadable: [] as { id: string; reason: string }[] };
  let after = 0;
  for (;;) {
    const page = await store.objects.listBodies({ types: [...MEMBERSHIP_TYPES], versions: 'all', after, limit: 1000 });
    for (const item of page.items) {
      let value: Record<string, unknown> = {};
      try {
        value = JSON.parse(item.json) as Record<string, unknown>;
        if (value.type === DECISION_TYPE) out.decisions.push(readDecision(value));
        else if (value.type === ENDORSEMENT_TYPE) out.endorsements.push(readEndorsement(value));
        else out.updates.push(readMemberUpdate(value));
      } catch (e) {
        out.unreadable.push({ id: typeof value.id === 'string' ? value.id : `date_added ${item.added}`, reason: (e as Error).message });
      }
      after = item.added;
    }
    if (!page.more || page.items.length === 0) return out;
  }
}

/** The membership state of `charter` with what `store` holds. */
export async function readMembership(store: Store, charter: Charter, verifier: EndorsementVerifier = new EndorsementVerifier()): Promise<HeldMembership> {
  const readAt = await store.objects.lastAdded();
  const held = await readHeld(store);
  const base = computeMembership(charter, held.decisions, held.endorsements, verifier);
  const { state, refused } = applyContactUpdates(base, held.updates);
  return { state, refusedUpdates: refused, unreadable: held.unreadable, readAt };
}

const keyObjects = new Map<string, KeyObject>();

/** The member list the rest of the node reads, from a membership state: every key a member has had (old signatures verify). */
export function memberRecords(state: MembershipState): MemberRecord[] {
  return [...state.members.values()].map((m) => ({
    id: m.id, name: m.name, nodeUrl: m.nodeUrl, status: m.status,
    keys: m.signingKeys.map((k) => {
      let key = keyObjects.get(k.publicKey);
      if (key === undefined) {
        key = publicKeyFromRaw('Ed25519', Buffer.from(k.publicKey, 'base64url'));
        keyObjects.set(k.publicKey, key);
      }
      return {
        fingerprint: k.fingerprint, publicKey: k.publicKey, key,
        ...(k.retiredAt !== undefined ? { retiredAt: k.retiredAt } : {}), ...(k.compromisedAt !== undefined ? { compromisedAt: k.compromisedAt } : {}),
      };
    }),
  }));
}

/** A StaticMembership holding the state's members and the configured sharing groups. */
export function membershipView(state: MembershipState, groups: readonly SharingGroupRecord[]): StaticMembership {
  return new StaticMembership(memberRecords(state), groups);
}
