// Sharing through the API on a test node: the publishing service of member `self` among a fixed
// list of members (named CERT-A, CERT-B, … in their order), signing with a fresh key, with the
// four-eyes rule on the TLP levels given — the `publishing` option of startTestNode.
import type { AuditLog } from '../../src/audit/index.js';
import { PublishingService, VisibilityService, type MemberId, type MembershipView } from '../../src/sharing/index.js';
import type { TlpLevel } from '../../src/stix/index.js';
import type { Store } from '../../src/store/index.js';
import { generateNodeKey } from '../../src/trust/index.js';

/** The members `all`, each named CERT-<letter> in order. */
export function fixedMembers(all: readonly MemberId[]): MembershipView {
  return {
    isMember: (m: MemberId) => all.includes(m),
    members: () => [...all],
    groupMembers: () => undefined,
    nameOf: (m: MemberId) => (all.includes(m) ? `CERT-${String.fromCharCode(65 + all.indexOf(m))}` : m),
  };
}

/** Builds the publishing service of `self` (one of `all`) over a node's store and audit log. */
export function testPublishing(self: MemberId, all: readonly MemberId[], fourEyes: readonly TlpLevel[] = []): (store: Store, audit: AuditLog) => PublishingService {
  const key = generateNodeKey('signing');
  const members = fixedMembers(all);
  return (store, audit) => new PublishingService({
    store, audit, visibility: new VisibilityService(store, members, self), membership: members, self, key, fourEyes,
    keyOf: (m, fp) => (m === self && fp === key.fingerprint ? key.publicKey : undefined),
  });
}
