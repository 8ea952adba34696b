// `accord pattern`: STIX patterns without a node. `check` parses and type-checks one pattern and
// prints its canonical form, or the first error with a caret under its position (docs/patterns.md).
// `eval` is a long-running filter: one JSON line in ({"pattern", "stix_version", "observed_data"}),
// exactly one JSON line out, in order, written at once ({"matched", "matched_observed_data"} or
// {"error": {"kind": "syntax" | "evaluation", "message"}}).
import { createInterface } from 'node:readline';
import {
  checkReport, evalRequest, formatPattern, PatternCache, validatePattern, type EvalAnswer, type PatternDiagnostic, type PatternVersion,
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
  if (parsed.values.json === true) {
    const report = checkReport(text, version);
    io.stdout.write(`${JSON.stringify(report)}\n`);
    return report.valid ? EXIT.ok : EXIT.invalid;
  }
  const result = validatePattern(text, { version });
  for (const w of result.warnings) io.stdout.write(`warning ${w.message}\n${caret(text, w)}`);
  if (result.ok) {
    io.stdout.write(`valid\n${formatPattern(result.pattern)}\n`);
    return EXIT.ok;
  }
  for (const e of result.errors) io.stdout.write(`invalid: ${e.message}\n${caret(text, e)}`);
  return EXIT.invalid;
}

/** The answer to one input line. */
function evalLine(line: string, cache: PatternCache): EvalAnswer {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch (e) {
    return { error: { kind: 'evaluation', message: `the line is not JSON: ${(e as Error).message}` } };
  }
  return evalRequest(input, cache);
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
