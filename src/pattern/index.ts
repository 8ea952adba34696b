// The public surface of STIX patterning (STIX 2.1 §9, STIX 2.0 Part 5): the syntax tree, the
// parser with exact error positions, the type checker and the canonical printer. Pure: no I/O.
// The MATCHES operator's linear-time regular expressions are regex.ts (decision 0027); the
// evaluator joins this area later (issue 8).
import type { Pattern, PatternDiagnostic, PatternVersion } from './ast.js';
import { checkPattern } from './check.js';
import { parsePattern } from './parse.js';

export type * from './ast.js';
export { lineColumn } from './ast.js';
export { checkPattern, isCidr, type CheckOptions, type CheckResult } from './check.js';
export { formatComparison, formatConstant, formatPath, formatPattern } from './format.js';
export { compileRegex, DEFAULT_MAX_STATES, type CompileRegexOptions, type CompileRegexResult, type LinearRegex, type RegexError } from './regex.js';
export { MAX_PATTERN_DEPTH, MAX_PATTERN_LENGTH, parsePattern, type ParseOptions, type ParseResult } from './parse.js';

export type ValidatedPattern =
  | { readonly ok: true; readonly pattern: Pattern; readonly warnings: readonly PatternDiagnostic[] }
  | { readonly ok: false; readonly errors: readonly PatternDiagnostic[]; readonly warnings: readonly PatternDiagnostic[] };

/** Parses and type-checks a pattern: what `accord pattern check` reports and what an evaluator should accept. */
export function validatePattern(text: string, options: { readonly version?: PatternVersion } = {}): ValidatedPattern {
  const parsed = parsePattern(text, options);
  if (!parsed.ok) return { ok: false, errors: [parsed.error], warnings: [] };
  const { errors, warnings } = checkPattern(parsed.pattern, text, options);
  return errors.length > 0 ? { ok: false, errors, warnings } : { ok: true, pattern: parsed.pattern, warnings };
}
export { addressRange } from '../stix/index.js';
export { dataVersion, evaluatePattern, PatternEvaluationError, timestampMicros, type EvaluationResult } from './evaluate.js';
export { checkReport, evalRequest, PatternCache, type CheckReport, type DiagnosticJson, type EvalAnswer } from './requests.js';
