// The one shape of a finding about STIX input: what is wrong, where, and by which rule.
// Every validator, parser and reader in this area reports through it, so the CLI, the HTTP
// API and import reports can all say "object X, at /path, broke rule R" the same way.

export type Severity = 'error' | 'warning';

/** One finding about one object (or about the input around it). */
export interface StixIssue {
  readonly severity: Severity;
  /** Stable rule code, e.g. `timestamp-order`, `schema.required`, `json.duplicate-key`. */
  readonly rule: string;
  /** A sentence for people: what is wrong and what was expected. */
  readonly message: string;
  /** The id of the object concerned, when it is known. */
  readonly objectId?: string;
  /** JSON Pointer (RFC 6901) inside the object; '' is the object itself. */
  readonly path: string;
}

/** Builds an error finding. */
export function stixError(rule: string, path: string, message: string, objectId?: string): StixIssue {
  return objectId === undefined ? { severity: 'error', rule, path, message } : { severity: 'error', rule, path, message, objectId };
}

/** Builds a warning finding. */
export function stixWarning(rule: string, path: string, message: string, objectId?: string): StixIssue {
  return objectId === undefined ? { severity: 'warning', rule, path, message } : { severity: 'warning', rule, path, message, objectId };
}

/** Escapes one segment of a JSON Pointer (RFC 6901 §3). */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Joins a parent pointer and a key. */
export function pointer(parent: string, key: string | number): string {
  return `${parent}/${pointerSegment(key)}`;
}

/** Formats an issue as one line: `ERROR indicator--… /valid_until [valid-until-after-from] message`. */
export function formatIssue(issue: StixIssue): string {
  const where = issue.path === '' ? '(object)' : issue.path;
  return `${issue.severity.toUpperCase()} ${issue.objectId ?? '(no id)'} ${where} [${issue.rule}] ${issue.message}`;
}
