// `accord pattern`: STIX patterns without a node. `check` parses and type-checks one pattern and
// prints its canonical form, or the first error with a caret under its position (docs/patterns.md).
// `eval` is a long-running filter: one JSON line in ({"pattern", "stix_version", "observed_data"}),
// exactly one JSON line out, in order, written at once ({"matched", "matched_observed_data"} or
// {"error": {"kind": "syntax" | "evaluation", "message"}}).
import { createInterface } from 'node:readline';
import {
  evaluatePattern, formatPattern, PatternEvaluationError, validatePattern, type Pattern, type PatternDiagnostic, type PatternVersion,
} from '../../pattern/index.js';
import { AccordError } from '../../stix/index.js';
import { commandLine, dispatchSubcommand, usageText, type OptionTable } from '../args.js';
import { EXIT, type Io } from '../io.js';

const CHECK_OPTIONS: OptionTable = {
  'stix-version': { type: 'string', arg: '2.1|2.0', describe: 'the patterning rules to apply (default 2.1)' },
  json: { type: 'boolean', describe: 'print the result as JSON' },
};

export const USAGE = usageText('accord pattern check PATTERN [options] | accord pattern eval',
  'STIX patterns (STIX 2.1 §9; STIX 2.0 Part 5).\n' +
  '  check PATTERN  parse and type-check PATTERN; print "valid" and its canonical form, or the error and where it is\n' +
  '  eval           read JSON lines {"pattern", "stix_version", "observed_data": [...]} on standard input and write\n' +
  '                 one line per input line: {"matched", "matched_observed_data"} or {"error": {"kind", "message"}}\n' +
  'Exit status of check: 0 valid, 1 invalid, 2 usage. eval exits 0 at the end of its input.', CHECK_OPTIONS);

function versionOf(value: unknown): PatternVersion {
  if (value === undefined) return '2.1';
  if (value === '2.1' || value === '2.0') return value;
  throw new AccordError('invalid', 'cli.usage', `--stix-version must be 2.1 or 2.0, not ${JSON.stringify(value)}`);
}

/** The line of `text` that holds `d`, and a caret under its column. */
function caret(text: string, d: PatternDiagnostic): string {
  const line = text.split(/\r\n|\r|\n/)[d.line - 1] ?? '';
  // Long lines (a 1 MB pattern) are cut to a window around the position.
  const from = Math.max(0, d.column - 1 - 60);
  const shown = line.slice(from, d.column - 1 + 60);
  const pad = ' '.repeat(d.column - 1 - from);
  return `  ${from > 0 ? '…' : ''}${shown}${from + shown.length < line.length ? '…' : ''}\n  ${from > 0 ? ' ' : ''}${pad}^\n`;
}

function check(argv: readonly string[], io: Io): number {
  const parsed = commandLine(argv, CHECK_OPTIONS, USAGE, io, 'some');
  if (parsed === undefined) return EXIT.ok;
  const [text, ...extra] = parsed.positionals;
  if (text === undefined) throw new AccordError('invalid', 'cli.usage', 'give the pattern to check, in quotes: accord pattern check "[ipv4-addr:value = \'198.51.100.7\']"');
  if (extra.length > 0) throw new AccordError('invalid', 'cli.usage', `unexpected argument "${extra[0]}" (quote the whole pattern as one argument)`);
  const version = versionOf(parsed.values['stix-version']);
  const result = validatePattern(text, { version });
  const strip = ({ code, severity, message, offset, line, column, expected }: PatternDiagnostic): object =>
    ({ code, severity, message, offset, line, column, ...(expected.length > 0 ? { expected } : {}) });
  if (parsed.values.json === true) {
    io.stdout.write(`${JSON.stringify(result.ok
      ? { valid: true, stix_version: version, canonical: formatPattern(result.pattern), warnings: result.warnings.map(strip) }
      : { valid: false, stix_version: version, errors: result.errors.map(strip), warnings: result.warnings.map(strip) })}\n`);
    return result.ok ? EXIT.ok : EXIT.invalid;
  }
  for (const w of result.warnings) io.stdout.write(`warning ${w.message}\n${caret(text, w)}`);
  if (result.ok) {
    io.stdout.write(`valid\n${formatPattern(result.pattern)}\n`);
    return EXIT.ok;
  }
  for (const e of result.errors) io.stdout.write(`invalid: ${e.message}\n${caret(text, e)}`);
  return EXIT.invalid;
}

/** Compiled patterns by version and text: a pipeline usually tests few patterns against much data. */
class PatternCache {
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

/** The answer to one input line. */
function evalLine(line: string, cache: PatternCache): object {
  const evaluation = (message: string): object => ({ error: { kind: 'evaluation', message } });
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch (e) {
    return evaluation(`the line is not JSON: ${(e as Error).message}`);
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return evaluation('the line must be a JSON object {"pattern", "stix_version", "observed_data"}');
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

/** `accord pattern eval`: a filter over JSON lines, one answer per line, in order. */
async function evaluate(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, {}, USAGE, io, 'none');
  if (parsed === undefined) return EXIT.ok;
  const cache = new PatternCache();
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    const answer = line.trim() === '' ? { error: { kind: 'evaluation', message: 'the line is empty' } } : evalLine(line, cache);
    if (!io.stdout.write(`${JSON.stringify(answer)}\n`)) await new Promise((done) => io.stdout.once('drain', done));
  }
  return EXIT.ok;
}

const SUBCOMMANDS = {
  check: (argv: readonly string[], io: Io) => Promise.resolve(check(argv, io)),
  eval: evaluate,
} as const;

export function run(argv: readonly string[], io: Io): Promise<number> {
  return dispatchSubcommand(argv, io, USAGE, SUBCOMMANDS);
}
