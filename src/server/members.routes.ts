// /api/v1/members: the members of the mechanism as this node computes them (the directory, the
// decision rule, proposals waiting for endorsements), and proposing and endorsing membership
// decisions as this node's member (docs/decisions/0021). The node hands in what acts (MembersApi:
// `accord serve` builds it from the store, the charter and the node key); these routes validate
// and present. Reading needs only a signed-in account; proposing and endorsing speak for the member,
// as answering a consultation does: `consultations:answer`.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../identity/index.js';
import { AccordError } from '../stix/index.js';
import { checkKey, checkMemberEntry, type DecisionChange } from '../trust/index.js';
import { OPENAPI } from './openapi.js';
import { ProblemSchema } from './problem.schema.js';

const Refused = Type.Object({ id: Type.String(), hash: Type.String(), reason: Type.String() });
/** The state as `accord members --json` prints it (its names are the command's, in camelCase). */
export const MembersListing = Type.Object({
  self: Type.String({ description: 'this node\'s member' }),
  charter: Type.Optional(Type.String({ description: 'the pinned charter\'s hash (absent: a static member list)' })),
  head: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'the last decision applied' })),
  rule: Type.Optional(Type.Union([
    Type.Object({ kind: Type.Literal('consensus') }),
    Type.Object({ kind: Type.Literal('qualified-majority'), numerator: Type.Integer(), denominator: Type.Integer() }),
  ])),
  members: Type.Array(Type.Object({
    id: Type.String(), name: Type.String(), nodeUrl: Type.String(), status: Type.Union([Type.Literal('active'), Type.Literal('suspended')]),
    keys: Type.Array(Type.Object({ fingerprint: Type.String(), publicKey: Type.String() })),
    contacts: Type.Optional(Type.Object({
      pointOfContact: Type.Optional(Type.String()), email: Type.Optional(Type.String()), phone: Type.Optional(Type.String()),
      languages: Type.Optional(Type.Array(Type.String())), hours: Type.Optional(Type.String()),
    })),
  })),
  sharingGroups: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), versions: Type.Array(Type.Object({ version: Type.Integer(), members: Type.Array(Type.String()) })) })),
  pending: Type.Optional(Type.Array(Type.Object({
    id: Type.String(), hash: Type.String(), action: Type.String(), endorsedBy: Type.Array(Type.String()), notYet: Type.Array(Type.String()),
    needed: Type.Integer({ description: 'endorsements still needed' }),
    invalid: Type.Array(Type.Object({ member: Type.String(), reason: Type.String() }), { description: 'endorsements that do not count, and why' }),
  }), { description: 'decisions waiting for endorsements' })),
  refused: Type.Optional(Type.Array(Refused)),
});
export type MembersListing = Static<typeof MembersListing>;

/** What the routes need of the node. */
export interface MembersApi {
  listing(): Promise<MembersListing>;
  propose(change: DecisionChange, actor: string): Promise<{ readonly id: string; readonly hash: string }>;
  endorse(id: string, actor: string): Promise<{ readonly id: string; readonly applied: boolean }>;
}

const IdentityId = Type.String({ pattern: '^identity--[0-9a-fA-F-]{36}$', description: 'a member\'s identity id' });
const ProposalBody = Type.Object({
  action: Type.Union(['admit', 'suspend', 'readmit', 'change-url', 'rotate-key', 'compromise-key', 'change-rule'].map((a) => Type.Literal(a))),
  subject: Type.Optional(IdentityId),
  member: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'admit: the new member\'s entry, as `accord members self` prints it on its node' })),
  node_url: Type.Optional(Type.String({ maxLength: 2000, description: 'change-url: the new node URL' })),
  public_key: Type.Optional(Type.String({ maxLength: 200, description: 'rotate-key: the new Ed25519 public key, base64url' })),
  fingerprint: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$', description: 'compromise-key: the key\'s fingerprint' })),
  since: Type.Optional(Type.String({ maxLength: 40, description: 'compromise-key: from when the key is not to be trusted' })),
  rule: Type.Optional(Type.String({ pattern: '^(consensus|[0-9]{1,3}/[0-9]{1,3})$', description: 'change-rule: consensus or N/D' })),
}, { additionalProperties: false });
type ProposalBody = Static<typeof ProposalBody>;
const DecisionParams = Type.Object({ id: Type.String({ pattern: '^x-accord-membership-decision--[0-9a-fA-F-]{36}$' }) });
type DecisionParams = Static<typeof DecisionParams>;

function bad(message: string): never {
  throw new AccordError('invalid', 'membership.bad-proposal', message);
}

/** The change a proposal body asks for; names what is missing or wrong. */
export function changeOf(b: ProposalBody): DecisionChange {
  const subject = (): string => b.subject ?? bad(`${b.action} needs subject: the member it is about`);
  switch (b.action) {
    case 'admit': {
      const problems: string[] = [];
      const member = checkMemberEntry(b.member ?? bad('admit needs member: the new member\'s entry'), 'member', problems);
      if (member === undefined) bad(`the member entry is not valid: ${problems.join('; ')}`);
      return { action: 'admit', member };
    }
    case 'suspend':
    case 'readmit':
      return { action: b.action, subject: subject() };
    case 'change-url': {
      let url: URL;
      try {
        url = new URL(b.node_url ?? bad('change-url needs node_url'));
      } catch {
        bad(`node_url is not a URL: ${JSON.stringify(b.node_url)}`);
      }
      return { action: 'change-url', subject: subject(), nodeUrl: url.origin };
    }
    case 'rotate-key': {
      const problems: string[] = [];
      const key = checkKey(b.public_key ?? bad('rotate-key needs public_key'), 'Ed25519', 'public_key', problems);
      if (key === undefined) bad(problems.join('; '));
      return { action: 'rotate-key', subject: subject(), key };
    }
    case 'compromise-key': {
      const since = Date.parse(b.since ?? bad('compromise-key needs since: from when the key is not to be trusted'));
      if (Number.isNaN(since)) bad(`since is not a timestamp: ${JSON.stringify(b.since)}`);
      return { action: 'compromise-key', subject: subject(), fingerprint: b.fingerprint ?? bad('compromise-key needs fingerprint'), compromisedAt: new Date(since).toISOString() };
    }
    default: {
      const rule = b.rule ?? bad('change-rule needs rule: consensus or N/D');
      if (rule === 'consensus') return { action: 'change-rule', rule: { kind: 'consensus' } };
      const [n, d] = rule.split('/').map(Number);
      return { action: 'change-rule', rule: { kind: 'qualified-majority', numerator: n ?? 0, denominator: d ?? 0 } };
    }
  }
}

function actor(req: FastifyRequest): string {
  const p = req.principal;
  if (p === null) throw new AccordError('unauthenticated', 'auth.required', 'sign in, or present an API token or HTTP Basic credentials');
  return actorOf(p);
}

export function memberRoutes(app: FastifyInstance, members: MembersApi | undefined): void {
  const api = (): MembersApi => members ?? (() => {
    throw new AccordError('unavailable', 'membership.unavailable', 'this node was started without its membership (`accord serve` provides it)');
  })();
  const errors = { 400: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 503: ProblemSchema };
  const TAGS = ['membership'];

  app.get('/api/v1/members', {
    schema: { response: { 200: MembersListing, ...errors } },
    config: {
      access: 'signed-in', rateLimit: { perMinute: 120 },
      [OPENAPI]: { summary: 'The members as this node computes them: status, keys, 24/7 contact points, the rule, and proposals waiting for endorsements (who endorsed, who not, how many more)', tags: TAGS },
    },
  }, async () => api().listing());

  app.post<{ Body: ProposalBody }>('/api/v1/members/proposals', {
    bodyLimit: 64 * 1024,
    schema: { body: ProposalBody, response: { 201: Type.Object({ id: Type.String(), hash: Type.String() }), ...errors } },
    config: {
      access: 'consultations:answer', rateLimit: { perMinute: 30 },
      [OPENAPI]: { summary: 'Propose a membership decision as this member (admit, suspend, readmit, change-url, rotate-key, compromise-key, change-rule), endorsed by it', tags: TAGS },
    },
  }, async (req, reply) => reply.status(201).send(await api().propose(changeOf(req.body), actor(req))));

  app.post<{ Params: DecisionParams }>('/api/v1/members/proposals/:id/endorse', {
    schema: { params: DecisionParams, response: { 200: Type.Object({ id: Type.String(), applied: Type.Boolean() }), ...errors } },
    config: {
      access: 'consultations:answer', rateLimit: { perMinute: 30 },
      [OPENAPI]: { summary: 'Endorse a membership decision as this member; says whether it is now applied', tags: TAGS },
    },
  }, async (req) => api().endorse(req.params.id, actor(req)));
}
