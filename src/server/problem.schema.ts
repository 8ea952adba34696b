// The problem-details body every error answer uses (RFC 9457), as a schema for the OpenAPI document.
import { Type } from '@sinclair/typebox';

export const ProblemSchema = Type.Object({
  type: Type.String({ description: 'urn:accord:error:<code>' }),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String({ description: 'What went wrong, for people' }),
  code: Type.String({ description: 'Stable error code, e.g. store.version-conflict' }),
  request_id: Type.String({ description: 'Quote it to the node operator; it is in the logs' }),
  errors: Type.Optional(Type.Array(Type.Object({ location: Type.Optional(Type.String()), message: Type.String() }))),
}, { description: 'An error (RFC 9457 problem details)', 'x-media-type': 'application/problem+json' });
