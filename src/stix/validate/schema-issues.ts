// Turns ajv's errors for one object into readable findings: rule `schema.<keyword>`, a JSON
// Pointer to the offending property (for `required`, the missing property itself), and a message
// that names the property and the constraint in words ("not a STIX identifier", "not a STIX
// timestamp") instead of a regular expression.
//
// The noise of combinators is folded before mapping. With allErrors, a failing oneOf/anyOf is
// reported as the errors of every branch followed by the combinator error itself; ajv appends the
// branch errors right before it, so they are found by walking back from it. Each is placed in
// its branch by schema path, or — when it came through a $ref into another schema resource — by
// the identity of the schema node that failed (schema-tree.ts); an error several branches share
// (cyber-observable-core's, say) is placed in all of them. Then:
// - all branches failed only for `required` → one finding "at least one of a, b" (anyOf) or
//   "exactly one of a, b" (oneOf);
// - all failed only for `type` → one finding listing the accepted types;
// - otherwise only the branch the object most plausibly meant is reported: one with no error of
//   its own, else the one with the fewest enum/const/not mismatches on values the object carries
//   (malware with is_family: true meant the is_family-true branch), then the fewest errors;
// - "matches more than one alternative" is dropped when other errors under the same place
//   explain it (a missing discriminator such as is_family);
// - a combinator a semantic finding already explains is dropped with all its branch errors.

import type { ErrorObject } from 'ajv';
import { pointer, stixError, type StixIssue } from '../issue.js';
import { isJsonObject, show } from './findings.js';
import { ancestors, reachableTargets } from './schema-tree.js';

const IDENTIFIER_PATTERN = '^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$';
const TIMESTAMP_PATTERN = '^[0-9]{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]|60)(\\.[0-9]+)?Z$';
const MILLIS_PATTERN = 'T\\d{2}:\\d{2}:\\d{2}\\.\\d{3,}Z$';
const SECONDS_PATTERN = 'T\\d{2}:\\d{2}:\\d{2}Z$';
const TYPE_PATTERN = '^([a-z][a-z0-9]*)+(-[a-z0-9]+)*\\-?$';

/** "created", "object_marking_refs[0]", "the object" — how a message names the place. */
function subject(path: string): string {
  if (path === '') return 'the object';
  const segs = path.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = '';
  for (const s of segs) out += /^\d+$/.test(s) ? `[${s}]` : out === '' ? s : `.${s}`;
  return out;
}

const FORMAT_NAMES: Readonly<Record<string, string>> = {
  'idn-hostname': 'host name (idn-hostname)', email: 'e-mail address (RFC 5321)', uri: 'URI (RFC 3986)',
};

function describePattern(pattern: string): string {
  if (pattern === IDENTIFIER_PATTERN) return 'is not a STIX identifier (type--UUID)';
  if (pattern === TIMESTAMP_PATTERN) return 'is not a STIX timestamp (YYYY-MM-DDTHH:mm:ss[.s+]Z)';
  if (pattern === MILLIS_PATTERN) return 'must be a timestamp precise to at least the millisecond';
  if (pattern === SECONDS_PATTERN) return 'must be a timestamp precise to the second, without fraction';
  if (pattern === TYPE_PATTERN) return 'is not a valid type name (a–z, 0–9, hyphens)';
  const single = /^\^([a-z0-9-]+)--\$?$/.exec(pattern);
  if (single !== null) return `must be an identifier of a ${single[1] ?? ''}`;
  const several = /^\^\(([a-z0-9|-]+)\)--$/.exec(pattern);
  if (several !== null) return `must be an identifier of a ${(several[1] ?? '').split('|').join(' or ')}`;
  return `does not match the pattern ${pattern} of the official schema`;
}

function describeNot(schema: unknown): string {
  if (schema !== null && typeof schema === 'object') {
    const s = schema as Record<string, unknown>;
    if (typeof s.pattern === 'string') {
      const m = /^\^\(?([a-z0-9|-]+)\)?--/.exec(s.pattern);
      if (m !== null) return `must not reference a ${(m[1] ?? '').split('|').join(' or ')}`;
    }
    if (Array.isArray(s.required)) return `must not have ${s.required.join(', ')} here`;
    if (Array.isArray(s.enum)) return `must not be ${s.enum.map((v) => show(v)).join(' or ')}`;
  }
  return 'matches something the official schema forbids here';
}

function param<T>(e: ErrorObject, key: string): T | undefined {
  return (e.params as Record<string, unknown>)[key] as T | undefined;
}

function toIssue(e: ErrorObject, objectId: string | undefined): StixIssue | undefined {
  const at = e.instancePath;
  const what = subject(at);
  const rule = `schema.${e.keyword}`;
  switch (e.keyword) {
    case 'required': {
      const p = param<string>(e, 'missingProperty') ?? '';
      const path = pointer(at, p);
      const hint = p === 'spec_version' && at === '' ? ' (an object without spec_version is STIX 2.0, which Accord does not accept)' : '';
      return stixError(rule, path, `required property ${subject(path)} is missing${hint}`, objectId);
    }
    case 'additionalProperties': {
      const p = param<string>(e, 'additionalProperty') ?? '';
      const path = pointer(at, p);
      return stixError(rule, path, `${subject(path)} is not allowed here by the official schema`, objectId);
    }
    case 'pattern':
      return stixError(rule, at, `${what} ${describePattern(param<string>(e, 'pattern') ?? '')}`, objectId);
    case 'enum': {
      const allowed = param<unknown[]>(e, 'allowedValues') ?? [];
      const list = allowed.length > 8 ? `${allowed.slice(0, 8).map((v) => show(v)).join(', ')}, …` : allowed.map((v) => show(v)).join(', ');
      return stixError(rule, at, `${what} must be one of ${list}`, objectId);
    }
    case 'const':
      return stixError(rule, at, `${what} must be ${show(param(e, 'allowedValue'))}`, objectId);
    case 'type':
      return stixError(rule, at, `${what} must be of JSON type ${String(param(e, 'type'))}`, objectId);
    case 'format': {
      const format = String(param(e, 'format'));
      return stixError(rule, at, `${what} is not a valid ${FORMAT_NAMES[format] ?? format}`, objectId);
    }
    case 'minItems':
      return stixError(rule, at, `${what} must not be empty (lists need at least ${String(param(e, 'limit'))} item)`, objectId);
    case 'minProperties':
      return stixError(rule, at, `${what} must not be empty (dictionaries need at least ${String(param(e, 'limit'))} entry)`, objectId);
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      return stixError(rule, at, `${what} ${e.message ?? 'is out of range'}`, objectId);
    case 'minLength': case 'maxLength':
      return stixError(rule, at, `${what} ${e.message ?? 'has the wrong length'}`, objectId);
    case 'not':
      return stixError(rule, at, `${what} ${describeNot(e.schema)}`, objectId);
    case 'oneOf':
      return param(e, 'passingSchemas') != null
        ? stixError(rule, at, `${what} matches more than one of the alternatives the official schema allows`, objectId)
        : stixError(rule, at, `${what} does not match any of the alternatives the official schema allows`, objectId);
    case 'anyOf':
      return stixError(rule, at, `${what} does not match any of the alternatives the official schema allows`, objectId);
    case 'if': case 'allOf':
      return undefined; // the failing sub-schema's own errors say what is wrong
    case 'false schema':
      return stixError(rule, at, `${what} is not allowed here by the official schema`, objectId);
    default:
      return stixError(rule, at, `${what} ${e.message ?? 'is invalid'}`, objectId);
  }
}

function isUnder(path: string, parent: string): boolean {
  return path === parent || path.startsWith(`${parent}/`);
}

/**
 * The branches of the combinator `c` that error `e` may have come from: by schema path when both
 * are in the same schema resource; otherwise by the identity of the schema node that failed
 * (ajv's verbose `parentSchema`): the branches whose subtree, or whatever their $refs lead to,
 * contains that node. undefined: the error is not inside this combinator at all.
 */
function placement(e: ErrorObject, c: ErrorObject): number[] | undefined {
  if (e.schemaPath.startsWith(`${c.schemaPath}/`)) {
    const n = Number(e.schemaPath.slice(c.schemaPath.length + 1).split('/')[0]);
    return Number.isInteger(n) ? [n] : undefined;
  }
  const branches = Array.isArray(c.schema) ? (c.schema as unknown[]) : [];
  const node = e.parentSchema;
  if (branches.length === 0 || node === undefined) return undefined;
  const chain = new Set<object>(ancestors(node));
  const matches = branches.flatMap((b, i) => {
    if (!isJsonObject(b)) return [];
    if (chain.has(b)) return [i];
    for (const t of reachableTargets(b)) if (chain.has(t)) return [i];
    return [];
  });
  return matches.length === 0 ? undefined : matches;
}

/** A finding folded from an inner combinator, remembering that combinator's error for placement. */
interface Folded {
  readonly issue: StixIssue;
  readonly origin: ErrorObject;
}

type Item = ErrorObject | Folded;

function isFolded(x: Item): x is Folded {
  return 'issue' in x;
}

function errorOf(x: Item): ErrorObject {
  return isFolded(x) ? x.origin : x;
}

/** Decides whether a schema finding (path, rule) is already explained by a semantic finding. */
export type Explained = (path: string, rule: string) => boolean;

function mismatches(items: readonly Item[]): number {
  return items.filter((i) => !isFolded(i) && (i.keyword === 'enum' || i.keyword === 'const' || i.keyword === 'not')).length;
}

/**
 * The branch the object most plausibly meant. Every branch failed; one with no error of its own
 * failed only for errors shared with other branches, so it is taken first; otherwise the branch
 * with the fewest enum/const/not mismatches on values the object carries, then the fewest errors.
 */
function chooseBranch(c: ErrorObject, members: readonly { item: Item; branches: number[] }[]): number | undefined {
  const count = Array.isArray(c.schema) ? c.schema.length : 0;
  const own = new Map<number, Item[]>();
  for (const m of members) {
    const b = m.branches[0];
    if (m.branches.length === 1 && b !== undefined) own.set(b, [...(own.get(b) ?? []), m.item]);
  }
  if (own.size === 0) return undefined;
  let best: number | undefined;
  for (let i = 0; i < count; i++) {
    const items = own.get(i) ?? [];
    if (items.length === 0) return i;
    const current = best === undefined ? undefined : own.get(best) ?? [];
    if (current === undefined) {
      best = i;
      continue;
    }
    const d = mismatches(items) - mismatches(current);
    if (d < 0 || (d === 0 && items.length < current.length)) best = i;
  }
  return best;
}

/** Folds each failing oneOf/anyOf with its branch errors (see the header). */
function foldCombinators(errors: readonly ErrorObject[], objectId: string | undefined, explained: Explained): Item[] {
  const out: Item[] = [];
  for (const e of errors) {
    if (e.keyword !== 'oneOf' && e.keyword !== 'anyOf') {
      out.push(e);
      continue;
    }
    const members: { item: Item; branches: number[] }[] = [];
    while (out.length > 0) {
      const prev = out[out.length - 1];
      if (prev === undefined) break;
      // A finding folded from an inner combinator is placed by that combinator's error.
      const prevError = errorOf(prev);
      if (!isUnder(prevError.instancePath, e.instancePath)) break;
      const branches = placement(prevError, e);
      if (branches === undefined) break;
      members.unshift({ item: prev, branches });
      out.pop();
    }
    if (explained(e.instancePath, `schema.${e.keyword}`)) continue;
    const raw = members.map((m) => m.item).filter((m): m is ErrorObject => !isFolded(m));
    const what = subject(e.instancePath);
    const many = e.keyword === 'oneOf' && param(e, 'passingSchemas') != null;
    if (!many && raw.length === members.length && raw.length > 0 && raw.every((m) => m.keyword === 'required')) {
      const names = [...new Set(raw.map((m) => param<string>(m, 'missingProperty') ?? ''))];
      const how = e.keyword === 'anyOf' ? 'at least one of' : 'exactly one of';
      out.push({ issue: stixError(`schema.${e.keyword}`, e.instancePath, `${what} must have ${how} ${names.join(', ')}`, objectId), origin: e });
      continue;
    }
    if (!many && raw.length === members.length && raw.length > 0 && raw.every((m) => m.keyword === 'type')) {
      const types = [...new Set(raw.map((m) => String(param(m, 'type'))))];
      out.push({ issue: stixError(`schema.${e.keyword}`, e.instancePath, `${what} must be of JSON type ${types.join(' or ')}`, objectId), origin: e });
      continue;
    }
    const chosen = many ? undefined : chooseBranch(e, members);
    if (chosen === undefined) {
      // No branch to blame: report the combinator, keep what could not be placed in one branch.
      const underneath = errors.some((x) => x !== e && x.keyword !== 'oneOf' && isUnder(x.instancePath, e.instancePath));
      if (!many || !underneath) {
        const issue = toIssue(e, objectId);
        if (issue !== undefined) out.push({ issue, origin: e });
      }
      out.push(...members.filter((m) => m.branches.length > 1).map((m) => m.item));
    } else {
      // The chosen branch's own errors, and the shared ones that can be its.
      out.push(...members.filter((m) => m.branches.includes(chosen)).map((m) => m.item));
    }
  }
  return out;
}

/** Maps ajv errors for one object to de-duplicated findings, leaving out those `explained` already covers. */
export function schemaIssues(errors: readonly ErrorObject[], objectId: string | undefined, explained: Explained = () => false): StixIssue[] {
  const seen = new Set<string>();
  const issues: StixIssue[] = [];
  for (const item of foldCombinators(errors, objectId, explained)) {
    const issue = isFolded(item) ? item.issue : toIssue(item, objectId);
    if (issue === undefined || explained(issue.path, issue.rule)) continue;
    const key = `${issue.rule} ${issue.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}
