// The CPU-bound half of Add Objects: from the raw body of a POST to objects ready for the store
// and per-object failures. Pure and self-contained, so that it runs in the request's thread or in
// a worker thread (prepare-worker.ts) with identical results.
//
// The body is parsed strictly as a whole (src/stix/json/parse.ts: duplicate keys, lone surrogates,
// unsafe numbers, nesting): a body that is not a well-formed envelope is refused as a whole and
// nothing is stored — 400 when the server cannot understand it at all (no body, not UTF-8, not
// JSON: RFC 9110's 422 presumes well-formed content), 422 when it is JSON but not an envelope
// with objects to add (§2: "Empty lists are prohibited"). Each object then goes through exactly what `accord import` does to an
// item (prepareValue: the official schemas, the semantic rules, canonical JSON, content hash).
import { JsonError, parseJson, type ExtensionDefinitionInfo, type StixIssue } from '../stix/index.js';
import { KnownExtensions, prepareValue, type PreparedObject, type StatusDetail } from '../store/index.js';

/** One object of the envelope: ready to store, or failed with its reason. */
export type PreparedEntry =
  | { readonly ok: true; readonly object: PreparedObject; readonly id: string; readonly version: string }
  | { readonly ok: false; readonly failure: StatusDetail };

/** Why a body is refused: `unreadable` (400) is not JSON at all, `not-envelope` (422) is JSON that is no envelope. */
export type RefusalReason = 'unreadable' | 'not-envelope';

/** A prepared envelope, or why the body is not one. */
export type PreparedEnvelope =
  | { readonly entries: readonly PreparedEntry[] }
  | { readonly refused: { readonly reason: RefusalReason; readonly message: string; readonly details?: Readonly<Record<string, unknown>> } };

class Refused extends Error {
  constructor(readonly reason: RefusalReason, message: string, readonly details?: Readonly<Record<string, unknown>>) {
    super(message);
  }
}

/** The envelope's `objects`; throws Refused for anything that is not an envelope with objects. */
function envelopeObjects(body: Uint8Array | undefined): unknown[] {
  if (body === undefined || body.length === 0) throw new Refused('unreadable', 'the request has no body; POST a TAXII envelope: {"objects": [ … ]}');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new Refused('unreadable', 'the body is not valid UTF-8');
  }
  let value: unknown;
  try {
    // Two levels for the envelope and its list: each object keeps the importer's nesting bound.
    value = parseJson(text, { maxDepth: 102 });
  } catch (e) {
    if (e instanceof JsonError) throw new Refused('unreadable', `the body is not well-formed JSON: ${e.message}`, { rule: e.rule, line: e.line, column: e.column, pointer: e.path });
    throw e;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Refused('not-envelope', 'the body must be a TAXII envelope: a JSON object with an "objects" list');
  const objects = (value as { objects?: unknown }).objects;
  if (objects === undefined) throw new Refused('not-envelope', 'the envelope has no "objects" to add', { pointer: '/objects' });
  if (!Array.isArray(objects)) throw new Refused('not-envelope', '"objects" of the envelope must be a list of STIX objects', { pointer: '/objects' });
  if (objects.length === 0) throw new Refused('not-envelope', '"objects" of the envelope is an empty list, which TAXII 2.1 prohibits (§2)', { pointer: '/objects' });
  return objects;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** A failure's reason for the status resource: the rule, where in the object, and what is wrong. */
function issueText(i: StixIssue): string {
  return `[${i.rule}] ${i.path === '' ? '(object)' : i.path}: ${i.message}`;
}

/**
 * Parses and validates an envelope. `known` are the extension-definitions already stored;
 * `fallbackVersion` is the version a status names for a failed object without `modified` or
 * `created` (§4.3.1: "a value for the version that is consistent to the server").
 */
export function prepareEnvelope(body: Uint8Array | undefined, known: readonly (readonly [string, ExtensionDefinitionInfo])[], fallbackVersion: string): PreparedEnvelope {
  let objects: unknown[];
  try {
    objects = envelopeObjects(body);
  } catch (e) {
    if (e instanceof Refused) return { refused: { reason: e.reason, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) } };
    throw e;
  }
  const extensions = new KnownExtensions(known);
  const entries: PreparedEntry[] = [];
  for (let i = 0; i < objects.length; i++) {
    const value = objects[i];
    const o = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
    const id = str(o.id) ?? `objects[${i}]`;
    const version = str(o.modified) ?? str(o.created) ?? fallbackVersion;
    const { object, issues } = prepareValue(value, extensions.context);
    if (object === undefined) {
      const first = issues.find((x) => x.severity === 'error');
      entries.push({ ok: false, failure: { id, version, message: first !== undefined ? issueText(first) : 'not a valid STIX 2.1 object' } });
      continue;
    }
    // An extension-definition may be used by the objects that follow it in the same envelope.
    extensions.remember(value);
    entries.push({ ok: true, object, id, version });
  }
  return { entries };
}
