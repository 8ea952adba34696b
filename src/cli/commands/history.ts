// `accord history prune|show`: the retro-hunt history (docs/detection.md "Retro-hunt"): how much
// is held, and deleting the days older than historyRetentionDays (`serve` does it daily too).
import { pruneHistory } from '../../detect/index.js';
import { AccordError } from '../../stix/index.js';
import { commandLine, configFrom, usageText, type OptionTable } from '../args.js';
import { EXIT, type Io } from '../io.js';
import { openNodeStore } from '../node.js';
import { n } from '../progress.js';

const OPTIONS: OptionTable = {};

export const USAGE = usageText('accord history show|prune',
  'The retro-hunt history: the values `accord detect --history` read, per path, value and day.\n' +
  '  show    rows held, oldest and newest day\n' +
  '  prune   delete the days older than historyRetentionDays (default 90; `serve` prunes daily)', OPTIONS);

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, OPTIONS, USAGE, io, 'some');
  if (parsed === undefined) return EXIT.ok;
  const { values, positionals } = parsed;
  const [action, ...extra] = positionals;
  if (action !== 'show' && action !== 'prune') throw new AccordError('invalid', 'cli.usage', action === undefined ? 'name an action: show or prune' : `unknown action "${action}" (show or prune)`);
  if (extra.length > 0) throw new AccordError('invalid', 'cli.usage', `unexpected argument "${extra[0] ?? ''}"`);
  const config = configFrom(values, io, { logLevel: 'warn' });
  const store = await openNodeStore(config);
  try {
    if (action === 'prune') {
      const r = await pruneHistory(store.observations, config.historyRetentionDays);
      io.stdout.write(`deleted ${n(r.deleted)} rows of days before ${r.keptFrom} (retention ${config.historyRetentionDays} days)\n`);
    }
    const size = await store.observations.size();
    io.stdout.write(size.rows === 0 ? 'the history is empty\n' : `${n(size.rows)} rows, from ${size.oldestDay ?? ''} to ${size.newestDay ?? ''}\n`);
  } finally {
    await store.close();
  }
  return EXIT.ok;
}
