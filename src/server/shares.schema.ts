// Request and response schemas of /api/v1/shares and /api/v1/publications. Fastify validates
// requests against them and the OpenAPI document publishes them.
import { Type, type Static } from '@sinclair/typebox';

const StixId = Type.String({ pattern: '^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$', description: 'a STIX identifier' });
const IdentityId = Type.String({ pattern: '^identity--[0-9a-fA-F-]{36}$', description: 'a member\'s identity id' });

/** At most this many objects per POST /api/v1/shares (the records come back in the answer). */
export const MAX_SHARE_OBJECTS = 1000;

export const AudienceSchema = Type.Union([
  Type.Object({ kind: Type.Literal('sharer') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('members'), members: Type.Array(IdentityId, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('group'), group: Type.String({ minLength: 1, maxLength: 200 }), version: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('all') }, { additionalProperties: false }),
], { description: 'who the share is for: this member alone, named members, a sharing group at a version, or all members' });

const TermsProperties = {
  tlp: Type.String({ minLength: 1, maxLength: 100, description: 'clear, green, amber, amber+strict or red (or a TLP marking-definition id)' }),
  audience: AudienceSchema,
  relay: Type.Optional(Type.Boolean({ description: 'recipients\' nodes may pass it on to the rest of the audience (default false)' })),
  handling_code: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  source_reliability: Type.Optional(Type.Union([Type.Literal('A'), Type.Literal('B'), Type.Literal('C'), Type.Literal('X')])),
  information_accuracy: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
};

export const ShareBody = Type.Object({
  objects: Type.Array(Type.Object({
    id: StixId,
    version: Type.Optional(Type.String({ maxLength: 40, description: 'the version to share (its modified); default the latest' })),
  }, { additionalProperties: false }), { minItems: 1, maxItems: MAX_SHARE_OBJECTS }),
  ...TermsProperties,
}, { additionalProperties: false });
export type ShareBody = Static<typeof ShareBody>;

const Terms = Type.Object({ ...TermsProperties, relay: Type.Boolean() });

export const PreviewBody = Type.Object({
  object: Type.Object({
    id: StixId,
    version: Type.Optional(Type.String({ maxLength: 40, description: 'the version to share (its modified); default the latest' })),
  }, { additionalProperties: false }),
  ...TermsProperties,
}, { additionalProperties: false });
export type PreviewBody = Static<typeof PreviewBody>;

const Refusal = Type.Object({ id: Type.String(), code: Type.String(), reason: Type.String() }, { description: 'an object that was not shared, and why' });
const Reader = Type.Object({ member: Type.String(), name: Type.String(), explanation: Type.String({ description: 'the sharing policy\'s reason, in words' }) });

export const PreviewAnswer = Type.Object({
  readers: Type.Array(Reader, { description: 'every member that would read the object after this share (other than this one), with the policy\'s reason' }),
  refused: Type.Union([Refusal, Type.Null()], { description: 'why the policy would refuse this share; null when it would accept it' }),
  needs_approval: Type.Boolean({ description: 'the four-eyes rule holds shares at this TLP for a second person\'s approval' }),
});

export const PublicationView = Type.Object({
  id: Type.String({ description: 'publication--<UUIDv4>' }),
  state: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('withdrawn')]),
  tlp: Type.String(),
  terms: Terms,
  object_count: Type.Integer(),
  requested_by: Type.String({ description: 'the person who asked, e.g. user:alice' }),
  requested_at: Type.String(),
  decided_by: Type.Union([Type.String(), Type.Null()]),
  decided_at: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.Union([Type.Object({ shared: Type.Integer(), refused: Type.Array(Refusal) }), Type.Null()], { description: 'what the approval did' }),
});
export type PublicationView = Static<typeof PublicationView>;

const ShareRecord = Type.Object({ type: Type.Literal('x-accord-share'), id: Type.String() }, { additionalProperties: true, description: 'a signed share record (docs/decisions/0015)' });

export const SharedAnswer = Type.Object({
  shared: Type.Integer(),
  refused: Type.Array(Refusal),
  records: Type.Array(ShareRecord),
  readers: Type.Array(Reader, { description: 'who may read it now (one object: under all its shares; several: under these terms)' }),
});

export const RequestedAnswer = Type.Object({
  publication: PublicationView,
  refused: Type.Array(Refusal),
  readers: Type.Array(Reader, { description: 'who would read it once approved' }),
}, { description: 'the four-eyes rule applies: nothing was signed; a second user approves the publication request' });

export const ApprovedAnswer = Type.Object({
  publication: PublicationView,
  shared: Type.Integer(),
  refused: Type.Array(Refusal),
  readers: Type.Array(Reader),
});

export const PublicationParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, description: 'publication--<UUIDv4>' }) });
export type PublicationParams = Static<typeof PublicationParams>;

export const PublicationListQuery = Type.Object({
  state: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('withdrawn')])),
  after: Type.Optional(Type.Integer({ minimum: 0, description: 'the `next` value of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'default 100' })),
}, { additionalProperties: false });
export type PublicationListQuery = Static<typeof PublicationListQuery>;

export const PublicationQuery = Type.Object({
  offset: Type.Optional(Type.Integer({ minimum: 0, description: 'the first object to list (default 0)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'objects to list (default 1000)' })),
}, { additionalProperties: false });
export type PublicationQuery = Static<typeof PublicationQuery>;

export const PublicationList = Type.Object({
  publications: Type.Array(PublicationView),
  next: Type.Optional(Type.Integer({ description: 'pass as `after` for the next page' })),
});

export const PublicationDetail = Type.Object({
  publication: PublicationView,
  objects: Type.Array(Type.Object({ id: Type.String(), version: Type.String(), hash: Type.String() })),
});

export const RejectBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000, description: 'why (the requester is told)' }) }, { additionalProperties: false });
export type RejectBody = Static<typeof RejectBody>;

export const ObjectSharingAnswer = Type.Object({
  id: Type.String(),
  version: Type.String({ description: 'the latest version held, which the readers are judged for' }),
  shares: Type.Array(Type.Object({
    id: Type.String({ description: 'the share record (x-accord-share--…)' }),
    sharer: Type.String(),
    sharer_name: Type.String(),
    object_version: Type.Union([Type.String(), Type.Null()], { description: 'the version it shares (null: an unversioned SCO)' }),
    state: Type.Union([Type.Literal('valid'), Type.Literal('quarantined')]),
    reason: Type.Union([Type.String(), Type.Null()], { description: 'why it is quarantined' }),
    words: Type.String({ description: 'its terms in plain words, e.g. "under TLP:GREEN with all members (relay allowed)"' }),
  })),
  readers: Type.Array(Reader, { description: 'every other member that may read the latest version, and why' }),
}, { description: 'Who an object held here was shared with, and why' });
