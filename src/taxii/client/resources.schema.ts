// The TAXII 2.1 resources a server sends (§4, §5), as schemas: what a peer sends is untrusted, so
// every resource is checked before the client hands it on, and the TypeScript types come from the
// schemas. Required properties are required; custom properties (§7.1) are allowed and ignored.
// Where servers in the field are known to bend the specification harmlessly, the schema bends
// too, and says so.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { parseJson } from '../../stix/index.js';
import { protocolError } from './errors.js';

const Str = Type.String();
const Count = Type.Integer({ minimum: 0 });

/** §4.1.1 */
export const Discovery = Type.Object({
  title: Str,
  description: Type.Optional(Str),
  contact: Type.Optional(Str),
  default: Type.Optional(Str),
  api_roots: Type.Optional(Type.Array(Str)),
});
export type Discovery = Static<typeof Discovery>;

/** §4.2.1 */
export const ApiRootInfo = Type.Object({
  title: Str,
  description: Type.Optional(Str),
  versions: Type.Array(Str, { minItems: 1 }),
  max_content_length: Type.Integer({ minimum: 1 }),
});
export type ApiRootInfo = Static<typeof ApiRootInfo>;

/** §5.2.1 */
export const Collection = Type.Object({
  id: Str,
  title: Str,
  description: Type.Optional(Str),
  alias: Type.Optional(Str),
  can_read: Type.Boolean(),
  can_write: Type.Boolean(),
  media_types: Type.Optional(Type.Array(Str)),
});
export type Collection = Static<typeof Collection>;

/** §5.1.1 */
export const Collections = Type.Object({ collections: Type.Optional(Type.Array(Collection)) });

/** §5.3.1 manifest-record */
export const ManifestRecord = Type.Object({
  id: Str,
  date_added: Str,
  version: Str,
  media_type: Type.Optional(Str),
});
export type ManifestRecord = Static<typeof ManifestRecord>;

/**
 * §4.3.1 status-details. `version` is required by the table, yet the specification's own example
 * of a POST response (§5.5) leaves it out, so it is optional here.
 */
export const StatusDetails = Type.Object({ id: Str, version: Type.Optional(Str), message: Type.Optional(Str) });
export type StatusDetails = Static<typeof StatusDetails>;

/** §4.3.1 */
export const Status = Type.Object({
  id: Str,
  status: Type.Union([Type.Literal('complete'), Type.Literal('pending')]),
  request_timestamp: Type.Optional(Str),
  total_count: Count,
  success_count: Count,
  successes: Type.Optional(Type.Array(StatusDetails)),
  failure_count: Count,
  failures: Type.Optional(Type.Array(StatusDetails)),
  pending_count: Count,
  pendings: Type.Optional(Type.Array(StatusDetails)),
});
export type Status = Static<typeof Status>;

/** §5.8.1 */
export const Versions = Type.Object({ more: Type.Optional(Type.Boolean()), versions: Type.Optional(Type.Array(Str)) });
export type Versions = Static<typeof Versions>;

const compiled = new WeakMap<TSchema, ReturnType<typeof TypeCompiler.Compile>>();

/** Checks a parsed value against a schema; throws `taxii.protocol` naming the first problem. */
export function checkResource<T extends TSchema>(schema: T, value: unknown, what: string, resource: string): Static<T> {
  let check = compiled.get(schema);
  if (check === undefined) {
    check = TypeCompiler.Compile(schema);
    compiled.set(schema, check);
  }
  if (check.Check(value)) return value;
  const first = check.Errors(value).First();
  const where = first !== undefined && first.path !== '' ? ` at ${first.path}` : '';
  throw protocolError(what, `the response is not a valid TAXII ${resource} resource${where}: ${first?.message ?? 'invalid'}`);
}

/** Parses JSON text and checks it against a schema. */
export function parseResource<T extends TSchema>(schema: T, text: string, what: string, resource: string): Static<T> {
  let value: unknown;
  try {
    value = parseJson(text);
  } catch (e) {
    throw protocolError(what, `the response is not valid JSON: ${(e as Error).message}`);
  }
  return checkResource(schema, value, what, resource);
}
