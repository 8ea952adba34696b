// `accord pattern`: STIX patterns without a node. `check` parses and type-checks one pattern and
// prints its canonical form, or the first error with a caret under its position (docs/patterns.md).
// Subcommands live in SUBCOMMANDS; `eval` (issue 8: the JSON-lines evaluator) is to join them.
import { formatPattern, validatePattern, type PatternDiagnostic, type PatternVersion } from '../../pattern/index.js';
import { AccordError } from '../../stix/index.js';
import { commandLine, dispatchSubcommand, usageText, type OptionTable } from '../args.js';
import { EXIT, type Io } from '../io.js';

const CHECK_OPTIONS: OptionTable = {
  'stix-version': { type: 'string', arg: '2.1|2.0', describe: 'the patterning rules to apply (default 2.1)' },
  json: { type: 'boolean', describe: 'print the result as JSON' },
};

export const USAGE = usageText('accord pattern check PATTERN [options]',
  'STIX patterns (STIX 2.1 §9; STIX 2.0 Part 5).\n' +
  '  check PATTERN  parse and type-check PATTERN; print "valid" and its canonical form, or the error and where it is\n' +
  'Exit status of check: 0 valid, 1 invalid, 2 usage.', CHECK_OPTIONS);

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

const SUBCOMMANDS = {
  check: (argv: readonly string[], io: Io) => Promise.resolve(check(argv, io)),
  // eval: the long-running JSON-lines evaluator (issue 8) is added here.
} as const;

export function run(argv: readonly string[], io: Io): Promise<number> {
  return dispatchSubcommand(argv, io, USAGE, SUBCOMMANDS);
}
