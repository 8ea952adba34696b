// What `accord pattern check --json` and `accord pattern eval` answer, and the API's
// /api/v1/patterns/check and /eval with them: one shape for the command line and the web app.
import { formatPattern } from './format.js';
import { evaluatePattern, PatternEvaluationError } from './evaluate.js';
import { validatePattern } from './index.js';
import type { Pattern, PatternDiagnostic, PatternVersion } from './ast.js';

/** A diagnostic as JSON: where (offset, line, column), what, and what was expected there. */
export interface DiagnosticJson {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly expected?: readonly string[];
}

export type CheckReport =
  | { readonly valid: true; readonly stix_version: PatternVersion; readonly canonical: string; readonly warnings: readonly DiagnosticJson[] }
  | { readonly valid: false; readonly stix_version: PatternVersion; readonly errors: readonly DiagnosticJson[]; readonly warnings: readonly DiagnosticJson[] };

const diagnostic = ({ code, severity, message, offset, line, column, expected }: PatternDiagnostic): DiagnosticJson =>
  ({ code, severity, message, offset, line, column, ...(expected.length > 0 ? { expected } : {}) });

/** Parses and type-checks a pattern: valid with its canonical form, or its errors; warnings either way. */
export function checkReport(text: string, version: PatternVersion): CheckReport {
  const result = validatePattern(text, { version });
  return result.ok
    ? { valid: true, stix_version: version, canonical: formatPattern(result.pattern), warnings: result.warnings.map(diagnostic) }
    : { valid: false, stix_version: version, errors: result.errors.map(diagnostic), warnings: result.warnings.map(diagnostic) };
}

/** Compiled patterns by version and text: a pipeline usually tests few patterns against much data. */
export class PatternCache {
  private readonly entries = new Map<string, { pattern: Pattern } | { error: string }>();

  get(text: string, version: PatternVersion): { pattern: Pattern } | { error: string } {
    const key = `${version}\n${text}`;
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const result = validatePattern(text, { version });
    const entry = result.ok ? { pattern: result.pattern } : { error: result.errors.map((e) => e.message).join('; ') };
    if (this.entries.size >= 1000) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, entry);
    return entry;
  }
}

export type EvalAnswer =
  | { readonly matched: boolean; readonly matched_observed_data: readonly string[] }
  | { readonly error: { readonly kind: 'syntax' | 'evaluation'; readonly message: string } };

/** The answer to one request {"pattern", "stix_version", "observed_data": [...]}, already parsed from JSON. */
export function evalRequest(input: unknown, cache: PatternCache): EvalAnswer {
  const evaluation = (message: string): EvalAnswer => ({ error: { kind: 'evaluation', message } });
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return evaluation('the request must be a JSON object {"pattern", "stix_version", "observed_data"}');
  const { pattern, stix_version: version, observed_data: data } = input as Record<string, unknown>;
  if (typeof pattern !== 'string') return { error: { kind: 'syntax', message: '"pattern" must be a string holding a STIX pattern' } };
  if (version !== undefined && version !== '2.1' && version !== '2.0') return evaluation(`"stix_version" must be "2.1" or "2.0", not ${JSON.stringify(version)}`);
  const compiled = cache.get(pattern, version ?? '2.1');
  if ('error' in compiled) return { error: { kind: 'syntax', message: compiled.error } };
  if (!Array.isArray(data)) return evaluation('"observed_data" must be a list of observed-data (and, for 2.1, the SCOs they refer to)');
  try {
    const r = evaluatePattern(compiled.pattern, data, version);
    return { matched: r.matched, matched_observed_data: r.matchedObservedData };
  } catch (e) {
    if (e instanceof PatternEvaluationError) return evaluation(e.message);
    if (e instanceof RangeError) return evaluation(`the evaluation ran out of resources: ${e.message}`);
    throw e;
  }
}
