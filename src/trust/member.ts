// The member's STIX identity, and the Accord extension that marks an identity as a member of
// the mechanism. The extension-definition and the "Accord project" identity that authors it
// have fixed ids and content, so every node holds byte-identical copies (the same content hash).

/** The identity that authors Accord's extension-definitions. */
export const ACCORD_PROJECT_IDENTITY = {
  type: 'identity',
  spec_version: '2.1',
  id: 'identity--0c7d4e36-5b0a-4a4e-9b3c-6a1f0e2d9c01',
  created: '2026-11-27T00:00:00.000Z',
  modified: '2026-11-27T00:00:00.000Z',
  name: 'Accord project',
  description: 'Author of the STIX extension-definitions that the Accord cooperation mechanism uses.',
  identity_class: 'organization',
} as const;

export const MEMBER_EXTENSION_ID = 'extension-definition--a0c1d2e3-4f5a-4b6c-8d7e-9f0a1b2c3d4e';

/** Marks an identity as an Accord member: a country or an international organisation. */
export const MEMBER_EXTENSION_DEFINITION = {
  type: 'extension-definition',
  spec_version: '2.1',
  id: MEMBER_EXTENSION_ID,
  created_by_ref: ACCORD_PROJECT_IDENTITY.id,
  created: '2026-11-27T00:00:00.000Z',
  modified: '2026-11-27T00:00:00.000Z',
  name: 'Accord member',
  description:
    'Property extension on an identity: the identity is a member of the Accord mechanism. ' +
    'Properties: member_kind ("country" or "organisation", required) and country (ISO 3166-1 alpha-2 code, for a country).',
  schema: 'Accord member extension v1, defined in docs/extensions/member.md of the Accord source: member_kind is "country" or "organisation" (required); country is an ISO 3166-1 alpha-2 code (for a country).',
  version: '1.0.0',
  extension_types: ['property-extension'],
} as const;

export type MemberKind = 'country' | 'organisation';

export interface MemberIdentityInput {
  readonly id: string;
  readonly name: string;
  readonly kind: MemberKind;
  /** ISO 3166-1 alpha-2, for a country. */
  readonly country?: string;
  readonly created: string;
}

/** The member's own identity object; it names itself as creator. */
export function buildMemberIdentity(m: MemberIdentityInput): Record<string, unknown> {
  return {
    type: 'identity',
    spec_version: '2.1',
    id: m.id,
    created_by_ref: m.id,
    created: m.created,
    modified: m.created,
    name: m.name,
    identity_class: 'organization',
    sectors: ['government'],
    extensions: {
      [MEMBER_EXTENSION_ID]: {
        extension_type: 'property-extension',
        member_kind: m.kind,
        ...(m.country !== undefined ? { country: m.country } : {}),
      },
    },
  };
}
