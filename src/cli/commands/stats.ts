// `accord stats`: what the node holds, by type, marking and creator.
import { tlpLevelOfMarking } from '../../stix/index.js';
import { commandLine, configFrom, usageText, type OptionTable } from '../args.js';
import { EXIT, type Io } from '../io.js';
import { openNodeStore } from '../node.js';
import { n } from '../progress.js';

const OPTIONS: OptionTable = { json: { type: 'boolean', describe: 'print JSON instead of tables' } };
export const USAGE = usageText('accord stats [options]', 'Counts stored objects (latest versions) by type, marking and creator.', OPTIONS);

function table(title: string, counts: Readonly<Record<string, number>>, label: (k: string) => string = (k) => k): string {
  const rows = Object.entries(counts).map(([k, v]) => `  ${n(v).padStart(12)}  ${label(k)}`);
  return `${title}\n${rows.length > 0 ? rows.join('\n') : '  (none)'}\n`;
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, OPTIONS, USAGE, io, 'none');
  if (parsed === undefined) return EXIT.ok;
  const { values } = parsed;
  const config = configFrom(values, io, { logLevel: 'warn' });
  const store = await openNodeStore(config);
  try {
    const s = await store.objects.stats();
    if (values.json === true) {
      io.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
      return EXIT.ok;
    }
    const marking = (id: string): string => {
      const tlp = tlpLevelOfMarking(id);
      return tlp !== undefined ? `${id} (TLP:${tlp.toUpperCase()})` : id;
    };
    io.stdout.write(`${n(s.objects)} objects, ${n(s.versions)} stored versions\n\n${table('By type', s.byType)}\n${table('By marking', s.byMarking, marking)}\n${table('By creator', s.byCreator)}`);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
