// The extension-definitions (STIX 2.1 §7.3) that declare Accord's membership objects, held by
// every node (seeded at `accord init` and at each start) so that the validator knows the types.
// docs/extensions/membership.md describes the properties.
import { ACCORD_PROJECT_IDENTITY } from './member.js';
import { DECISION_EXTENSION_ID, ENDORSEMENT_EXTENSION_ID, MEMBER_UPDATE_EXTENSION_ID } from './membership.js';

const base = {
  type: 'extension-definition', spec_version: '2.1', created_by_ref: ACCORD_PROJECT_IDENTITY.id,
  created: '2026-11-27T00:00:00.000Z', modified: '2026-11-27T00:00:00.000Z', version: '1.0.0', extension_types: ['new-sdo'],
} as const;

export const MEMBERSHIP_EXTENSION_DEFINITIONS = [
  {
    ...base, id: DECISION_EXTENSION_ID, name: 'Accord membership decision',
    description: 'New SDO x-accord-membership-decision: members decide together to admit, suspend or readmit a member, rotate a key, declare a key compromised, change a node URL or change the decision rule.',
    schema: 'Accord membership decision v1, docs/extensions/membership.md and docs/decisions/0021-charter-and-membership-decisions.md of the Accord source.',
  },
  {
    ...base, id: ENDORSEMENT_EXTENSION_ID, name: 'Accord membership endorsement',
    description: 'New SDO x-accord-membership-endorsement: one member signs one membership decision\'s hash with its Ed25519 key.',
    schema: 'Accord membership endorsement v1, docs/extensions/membership.md of the Accord source.',
  },
  {
    ...base, id: MEMBER_UPDATE_EXTENSION_ID, name: 'Accord member directory update',
    description: 'New SDO x-accord-member-update: a member updates its own contact points (24/7 point of contact, languages, hours), signed with its key.',
    schema: 'Accord member update v1, docs/extensions/membership.md of the Accord source.',
  },
] as const;
