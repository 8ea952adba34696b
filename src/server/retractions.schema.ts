// Request and response schemas of /api/v1/retractions (docs/decisions/0022).
import { Type, type Static } from '@sinclair/typebox';

const StixId = Type.String({ pattern: '^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$', description: 'a STIX identifier' });
const ShareId = Type.String({ pattern: '^x-accord-share--[0-9a-fA-F-]{36}$', description: 'a share record\'s id' });
const IdentityId = Type.String({ pattern: '^identity--[0-9a-fA-F-]{36}$', description: 'a member\'s identity id' });
const Reason = Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'why (travels with the retraction)' }));

export const RetractBody = Type.Union([
  Type.Object({ effect: Type.Literal('narrow'), share_id: ShareId, members: Type.Array(IdentityId, { minItems: 1, maxItems: 1000, description: 'the members that keep the share' }), reason: Reason }, { additionalProperties: false }),
  Type.Object({ effect: Type.Literal('end'), share_id: ShareId, reason: Reason }, { additionalProperties: false }),
  Type.Object({
    effect: Type.Literal('purge'), object_id: StixId,
    version: Type.Optional(Type.String({ maxLength: 40, description: 'the version (its modified); default the latest this member shared' })), reason: Reason,
  }, { additionalProperties: false }),
], { description: 'narrow one of this member\'s shares to fewer members, end it, or purge an object version it shared from every node that holds it' });
export type RetractBody = Static<typeof RetractBody>;

const RetractionView = Type.Object({
  id: Type.String(), sharer: Type.String(), effect: Type.String(), share_id: Type.Union([Type.String(), Type.Null()]),
  object_id: Type.Union([Type.String(), Type.Null()]), object_version: Type.Union([Type.String(), Type.Null()]), object_hash: Type.Union([Type.String(), Type.Null()]),
  members: Type.Union([Type.Array(Type.String()), Type.Null()]), created: Type.String(),
  state: Type.String({ description: 'waiting (for the share it names), applied or refused, on this node' }),
  outcome: Type.Union([Type.String(), Type.Null()]), applied_at: Type.Union([Type.String(), Type.Null()]),
});
export type RetractionView = Static<typeof RetractionView>;

export const RetractAnswer = Type.Object({
  retraction: Type.Record(Type.String(), Type.Unknown(), { description: 'the signed x-accord-retraction object' }),
  applied: Type.Object({ state: Type.String(), outcome: Type.String(), detail: Type.String() }, { description: 'what applying it did on this node' }),
  audience: Type.Record(Type.String(), Type.Unknown(), { description: 'who it was shared with' }),
});

export const RetractionList = Type.Object({ retractions: Type.Array(RetractionView) });

export const RetractionListQuery = Type.Object({
  sharer: Type.Optional(IdentityId),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
}, { additionalProperties: false });
export type RetractionListQuery = Static<typeof RetractionListQuery>;

export const RetractionParams = Type.Object({ id: Type.String({ pattern: '^x-accord-retraction--[0-9a-fA-F-]{36}$' }) });
export type RetractionParams = Static<typeof RetractionParams>;

export const RetractionStatusAnswer = Type.Object({
  retraction: RetractionView,
  holders: Type.Array(Type.Object({
    member: Type.String(), name: Type.String(),
    state: Type.String({ description: 'pending (no receipt yet: it may still hold the old state), applied, content-removed, content-kept or not-held' }),
    at: Type.Union([Type.String(), Type.Null()]), detail: Type.String(),
  })),
  applied: Type.Integer(), pending: Type.Integer(),
});
