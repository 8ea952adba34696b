// `accord validate`: checks STIX 2.1 input without a store — the same reader and the same
// per-item preparation (strict parse, validation, canonicalisation) as `import`, so what
// validates here imports there. Exit status 1 when anything is invalid; warnings alone do not fail.
import { formatIssue, readJsonStream } from '../../stix/index.js';
import { KnownExtensions, prepareItem } from '../../store/index.js';
import { commandLine, usageText, type OptionTable } from '../args.js';
import { resolveInputs } from '../inputs.js';
import { EXIT, type Io } from '../io.js';
import { n } from '../progress.js';

const OPTIONS: OptionTable = {
  warnings: { type: 'boolean', short: 'w', describe: 'print warnings too (otherwise only counted)' },
  'max-object-bytes': { type: 'string', arg: 'N', describe: 'largest single object accepted (default 16 MiB)' },
};
export const USAGE = usageText('accord validate [options] FILE|DIR|- ...',
  'Checks STIX 2.1 bundles or JSON lines against the official schemas and the specification\'s rules.\nExit status: 0 valid, 1 something invalid, 4 an input could not be read to its end.', OPTIONS);

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, OPTIONS, USAGE, io, 'some');
  if (parsed === undefined) return EXIT.ok;
  const { values, positionals } = parsed;
  const inputs = resolveInputs(positionals, io);
  const maxItemBytes = typeof values['max-object-bytes'] === 'string' ? Number(values['max-object-bytes']) : 16 * 1024 * 1024;
  const known = new KnownExtensions();
  let objects = 0, invalid = 0, warnings = 0;
  let unreadable = false;
  for (const input of inputs) {
    const say = (line: number | undefined, column: number | undefined, text: string): void => {
      io.stdout.write(`${input.name}${line !== undefined ? `:${line}:${column ?? 1}` : ''}: ${text}\n`);
    };
    for await (const item of readJsonStream(input.open(), { maxItemBytes })) {
      if (item.kind === 'error') {
        say(item.error.line, item.error.column, `ERROR ${item.objectId ?? '(no id)'} [${item.error.rule}] ${item.error.message}`);
        if (item.fatal) {
          unreadable = true;
          break;
        }
        objects++;
        invalid++;
        continue;
      }
      objects++;
      const result = prepareItem(item, known);
      const issues = result.kind === 'ok' ? result.warnings : result.rejection.issues ?? [];
      if (result.kind === 'rejected') {
        invalid++;
        const r = result.rejection;
        if (r.issues === undefined) say(r.line, r.column, `ERROR ${r.id ?? '(no id)'} [${r.code}] ${r.message}`);
      }
      for (const issue of issues) {
        if (issue.severity === 'warning') warnings++;
        if (issue.severity === 'error' || values.warnings === true) say(item.line, item.column, formatIssue(issue));
      }
    }
  }
  io.stdout.write(`${n(objects)} objects checked: ${n(objects - invalid)} valid, ${n(invalid)} invalid, ${n(warnings)} warnings${values.warnings === true || warnings === 0 ? '' : ' (show them with --warnings)'}\n`);
  return unreadable ? EXIT.unreadable : invalid > 0 ? EXIT.invalid : EXIT.ok;
}
