// /api/v1/patterns/check and /eval: the pattern language for the web app's compose page (a live
// check while an analyst types, and a test against sample observations), with exactly the
// answers of `accord pattern check --json` and `accord pattern eval` (src/pattern/requests.ts).
// Pure computation over the request: any signed-in user may ask.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { checkReport, evalRequest, MAX_PATTERN_LENGTH, PatternCache } from '../pattern/index.js';
import { OPENAPI } from './openapi.js';
import { ProblemSchema } from './problem.schema.js';

const Version = Type.Optional(Type.Union([Type.Literal('2.1'), Type.Literal('2.0')], { description: 'the pattern\'s STIX version (default 2.1)' }));
const CheckBody = Type.Object({ pattern: Type.String({ maxLength: MAX_PATTERN_LENGTH }), stix_version: Version }, { additionalProperties: false });
const EvalBody = Type.Object({
  pattern: Type.String({ maxLength: MAX_PATTERN_LENGTH }), stix_version: Version,
  observed_data: Type.Array(Type.Object({}, { additionalProperties: true }), { maxItems: 1000, description: 'observed-data SDOs, and for 2.1 the SCOs they refer to' }),
}, { additionalProperties: false });

const Diagnostic = Type.Object({
  code: Type.String(), severity: Type.String(), message: Type.String(), offset: Type.Integer(), line: Type.Integer(), column: Type.Integer(),
  expected: Type.Optional(Type.Array(Type.String())),
});
const CheckAnswer = Type.Object({
  valid: Type.Boolean(), stix_version: Type.String(),
  canonical: Type.Optional(Type.String({ description: 'the pattern in canonical form, when valid' })),
  errors: Type.Optional(Type.Array(Diagnostic)), warnings: Type.Array(Diagnostic),
});
const EvalAnswer = Type.Object({
  matched: Type.Optional(Type.Boolean()),
  matched_observed_data: Type.Optional(Type.Array(Type.String(), { description: 'the observed-data of the first binding that satisfies the pattern, in input order' })),
  error: Type.Optional(Type.Object({ kind: Type.Union([Type.Literal('syntax'), Type.Literal('evaluation')]), message: Type.String() })),
});

export function patternRoutes(app: FastifyInstance): void {
  const cache = new PatternCache();
  const limit = MAX_PATTERN_LENGTH + 64 * 1024;
  app.post<{ Body: Static<typeof CheckBody> }>('/api/v1/patterns/check', {
    bodyLimit: limit,
    schema: { body: CheckBody, response: { 200: CheckAnswer, 400: ProblemSchema } },
    config: { access: 'signed-in', rateLimit: { perMinute: 600, burst: 60 }, [OPENAPI]: { summary: 'Parse and type-check a STIX pattern: valid with its canonical form, or its errors with line and column', tags: ['patterns'] } },
  }, (req) => checkReport(req.body.pattern, req.body.stix_version ?? '2.1'));
  app.post<{ Body: Static<typeof EvalBody> }>('/api/v1/patterns/eval', {
    bodyLimit: 4 * 1024 * 1024,
    schema: { body: EvalBody, response: { 200: EvalAnswer, 400: ProblemSchema } },
    config: { access: 'signed-in', rateLimit: { perMinute: 300, burst: 30 }, [OPENAPI]: { summary: 'Test a STIX pattern against sample observed-data: matched and which, or a syntax or evaluation error', tags: ['patterns'] } },
  }, (req) => evalRequest(req.body, cache));
}
