// Validation of one STIX 2.1 object: the official OASIS schemas for structure, then the rules of
// the specification no schema expresses. The importer, the TAXII server and the sync engine
// validate every object they receive through this one function, one object at a time (a bundle's
// schema would reject custom object types).
//
// Order of work, per object:
// 1. shape: a JSON object with a string `type` (else nothing else can be checked);
// 2. type: a standard type validates against its own schema; a custom type against core.json
//    (new-sdo/new-sro) or cyber-observable-core.json (new-sco), as its extension says — a custom
//    type without such an extension is deprecated (warning) and is checked as an SDO when it has
//    created/modified, as an SCO otherwise;
// 3. semantic rules (timestamps.ts, refs.ts, extensions.ts, properties.ts, markings.ts, ids);
// 4. the schema, first-error-only; only a failing object is re-run with all errors, and schema
//    findings already explained by a semantic finding at the same place are dropped.
// ok is false iff at least one finding is an error; warnings never fail an object.

import { deterministicScoId } from '../ids.js';
import { isStandardType, kindOf, typeOfId } from '../kinds.js';
import { pointer, stixError, type StixIssue } from '../issue.js';
import { checkExtensions, declaredNewType } from './extensions.js';
import { Findings, isJsonObject, show, type ExtensionDefinitionInfo, type JsonObject, type ValidationContext, type ValidationResult } from './findings.js';
import { checkTlpMarking } from './markings.js';
import { checkPropertyNames, commonProperties, definedProperties, typeNameProblem } from './properties.js';
import { checkRefs } from './refs.js';
import { schemaIssues } from './schema-issues.js';
import { fastSchemas, thoroughSchemas, type SchemaSet } from './schemas.js';
import { checkTimestamps } from './timestamps.js';

export type { ExtensionDefinitionInfo, ValidationContext, ValidationResult } from './findings.js';
export { VALIDATION_RULES, type RuleInfo } from './rules.js';
export { REF_RULES, type RefRule, type RefTarget } from './ref-rules.js';
export { schemaCompileMillis } from './schemas.js';
export { typeNameProblem } from './properties.js';

/** What Accord accepts as spec_version. */
export const ACCEPTED_SPEC_VERSION = '2.1';

type CoreKind = 'core' | 'observable-core';

function pickSchema(set: SchemaSet, type: string, core: CoreKind | undefined) {
  if (core === undefined) return set.forType(type);
  return core === 'core' ? set.core : set.observableCore;
}

function order(a: StixIssue, b: StixIssue): number {
  if (a.severity !== b.severity) return a.severity === 'error' ? -1 : 1;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

function finish(f: Findings, schema: readonly StixIssue[]): ValidationResult {
  const issues = [...schema, ...f.issues].sort(order);
  return { ok: !issues.some((i) => i.severity === 'error'), issues };
}

function checkSpecVersion(f: Findings, obj: JsonObject): void {
  if (!Object.hasOwn(obj, 'spec_version')) return; // required-ness is the schema's (SCOs may omit it)
  const v = obj.spec_version;
  if (v === ACCEPTED_SPEC_VERSION) return;
  f.error(
    'spec-version.unsupported', '/spec_version',
    `spec_version ${show(v)} is not supported: Accord accepts STIX 2.1 objects only (spec_version "${ACCEPTED_SPEC_VERSION}")`,
  );
}

/**
 * The deprecated observable container (§2.13, observed-data `objects`) may hold STIX 2.0-style
 * SCOs, which have no `id`; the official schema demands one. The specification wins: a missing
 * id inside the container is not reported. Using the container at all is worth a warning.
 */
function checkObservableContainer(f: Findings, obj: JsonObject): void {
  const objects = obj.objects;
  if (!isJsonObject(objects)) return;
  f.warning(
    'observed-data.objects-deprecated', '/objects',
    'the objects container is deprecated in STIX 2.1 (§2.13, §4.14): reference SCOs with object_refs instead',
  );
  for (const [key, sco] of Object.entries(objects)) {
    if (isJsonObject(sco) && !Object.hasOwn(sco, 'id')) f.explain(pointer(pointer('/objects', key), 'id'), 'schema.required');
  }
}

function checkId(f: Findings, type: string, obj: JsonObject): void {
  const id = obj.id;
  if (typeof id !== 'string') return;
  const idType = typeOfId(id);
  if (idType !== undefined && idType !== type) {
    f.error('id.type-mismatch', '/id', `id ${show(id)} names type ${idType}, but the object's type is ${type} (STIX 2.1 §2.9)`);
    return;
  }
  if (idType !== undefined && kindOf(type) === 'sco') {
    let expected: string | undefined;
    try {
      expected = deterministicScoId(obj);
    } catch {
      expected = undefined; // not I-JSON (e.g. a lone surrogate): the id cannot be recomputed
    }
    if (expected !== undefined && expected.toLowerCase() !== id.toLowerCase()) {
      f.warning(
        'sco-id.not-deterministic', '/id',
        `id ${id} is not the deterministic id ${expected} that STIX 2.1 §2.9 recommends for this ${type} (UUIDv5 of its ID-contributing properties)`,
      );
    }
  }
}

/**
 * Validates one STIX 2.1 object: the official schema of its type plus the specification's
 * semantic rules. Every finding names the object id, a JSON Pointer and a stable rule code.
 */
export function validateObject(value: unknown, context?: ValidationContext): ValidationResult {
  if (!isJsonObject(value)) {
    const what = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    return { ok: false, issues: [stixError('object.not-an-object', '', `a STIX object must be a JSON object, not ${what}`)] };
  }
  const f = new Findings(typeof value.id === 'string' ? value.id : undefined);
  const type = value.type;
  if (typeof type !== 'string') {
    if (type === undefined) f.error('schema.required', '/type', 'required property type is missing');
    else f.error('schema.type', '/type', `type must be of JSON type string, not ${show(type)}`);
    return finish(f, []);
  }
  if (type === 'bundle') {
    f.error('type.bundle', '/type', 'a bundle is a container, not a STIX object: validate the objects it holds one by one');
    return finish(f, []);
  }

  const standard = isStandardType(type);
  let core: CoreKind | undefined;
  if (!standard) {
    const problem = typeNameProblem(type);
    if (problem !== undefined) f.error('type.name', '/type', `type ${show(type)} ${problem} (STIX 2.1 §3.1)`);
    const declared = declaredNewType(value);
    if (declared === undefined) {
      f.warning(
        'custom-object.deprecated', '',
        `${type} is a custom object type without a new-sdo, new-sco or new-sro extension-definition; such custom objects are deprecated in STIX 2.1 (§11.2)`,
      );
      core = Object.hasOwn(value, 'created') || Object.hasOwn(value, 'modified') ? 'core' : 'observable-core';
    } else {
      core = declared === 'new-sco' ? 'observable-core' : 'core';
    }
  }

  if (core === undefined || typeNameProblem(type) === undefined) checkId(f, type, value);
  checkSpecVersion(f, value);
  checkTimestamps(f, type, value);
  checkRefs(f, type, value);
  checkExtensions(f, type, standard, value, context);
  const defined = standard ? definedProperties(type) : commonProperties(core ?? 'core');
  if (defined !== undefined) checkPropertyNames(f, value, defined, standard, context);
  if (type === 'marking-definition') checkTlpMarking(f, value);
  if (type === 'observed-data') checkObservableContainer(f, value);

  const fast = pickSchema(fastSchemas(), type, core);
  if (fast === undefined || fast(value)) return finish(f, []);
  const thorough = pickSchema(thoroughSchemas(), type, core);
  if (thorough === undefined || thorough(value)) return finish(f, []);
  return finish(f, schemaIssues(thorough.errors ?? [], f.objectId, (path, rule) => f.explains(path, rule)));
}

/**
 * The validator's view of an extension-definition object, for building a ValidationContext from
 * objects the caller holds (e.g. those earlier in the same bundle); undefined when `obj` is not one.
 */
export function extensionDefinitionInfo(obj: unknown): ExtensionDefinitionInfo | undefined {
  if (!isJsonObject(obj) || obj.type !== 'extension-definition') return undefined;
  const types = obj.extension_types;
  if (!Array.isArray(types) || !types.every((t) => typeof t === 'string')) return undefined;
  const props = obj.extension_properties;
  return Array.isArray(props) && props.every((p) => typeof p === 'string')
    ? { extension_types: types, extension_properties: props }
    : { extension_types: types };
}
