// `accord sightings`: every sighting this node holds of an indicator — this member's and those other
// members shared with it — with totals per member and per type; sightings, false positives and
// expiries filed by hand (audited, local until shared); and a sighting of this member's shared with
// the indicator's originator. The same service as /api/v1/indicators/{id}/sightings.
import { gatheredJson, SIGHTING_TYPES, sightingJson, type SightingType } from '../../detect/index.js';
import { AccordError } from '../../store/index.js';
import { commandLine, usageText, type OptionTable } from '../args.js';
import { cliActor, openDetections, sharedWords, tlpOption } from '../detections.js';
import { EXIT, type Io } from '../io.js';

const OPTIONS: OptionTable = {
  type: { type: 'string', arg: 'TYPE', describe: `report: ${SIGHTING_TYPES.join(', ')} (default sighting)` },
  count: { type: 'string', arg: 'N', describe: 'report: how many times (default 1)' },
  note: { type: 'string', arg: 'TEXT', describe: 'report: a description' },
  share: { type: 'boolean', describe: 'report: share it with the indicator\'s originator at once' },
  tlp: { type: 'string', arg: 'LEVEL', describe: 'report --share, share: the TLP to share under (default amber+strict)' },
  json: { type: 'boolean', describe: 'print JSON' },
};

export const USAGE = usageText('accord sightings list|report|share ID [options]',
  'Sightings of indicators, as MISP users know them: a sighting, a false positive or an expiry.\n' +
  '  list INDICATOR-ID                   every sighting held here, with totals per member and per type\n' +
  '  report INDICATOR-ID [--type T] [--count N] [--note TEXT] [--share]\n' +
  '  share SIGHTING-ID [--tlp LEVEL]     shares this member\'s sighting with the indicator\'s originator alone', OPTIONS);

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, OPTIONS, USAGE, io, 'some');
  if (parsed === undefined) return EXIT.ok;
  const { values, positionals } = parsed;
  const [action, id, ...extra] = positionals;
  if (action === undefined || !['list', 'report', 'share'].includes(action)) throw new AccordError('invalid', 'cli.usage', `name an action: list, report or share${action !== undefined ? ` (not "${action}")` : ''}`);
  if (id === undefined) throw new AccordError('invalid', 'cli.usage', `sightings ${action} needs ${action === 'share' ? 'the sighting\'s' : 'the indicator\'s'} id`);
  if (extra.length > 0) throw new AccordError('invalid', 'cli.usage', `unexpected argument "${extra[0] ?? ''}"`);
  const type = values.type ?? 'sighting';
  if (typeof type !== 'string' || !(SIGHTING_TYPES as readonly string[]).includes(type)) throw new AccordError('invalid', 'cli.usage', `--type is one of ${SIGHTING_TYPES.join(', ')}`);
  const count = values.count === undefined ? 1 : Number(values.count);
  if (!Number.isInteger(count) || count < 0 || count > 999_999_999) throw new AccordError('invalid', 'cli.usage', `--count is a whole number from 0 to 999,999,999, not ${JSON.stringify(values.count)}`);
  const tlp = tlpOption(values);
  const json = values.json === true;
  const { node, book, publish } = await openDetections(values, io);
  try {
    if (action === 'list') {
      const g = await book.sightingsOf(id);
      if (json) {
        io.stdout.write(`${JSON.stringify(gatheredJson(g), null, 2)}\n`);
        return EXIT.ok;
      }
      if (g.sightings.length === 0) {
        io.stderr.write(`no sightings of ${id} are held here\n`);
        return EXIT.ok;
      }
      for (const s of g.sightings) io.stdout.write(`${s.id}  ${s.type}  ×${s.count.toLocaleString('en')}  ${s.firstSeen ?? '?'} … ${s.lastSeen ?? '?'}  by ${s.by.join(', ') || 'unknown'}\n`);
      io.stdout.write(`Totals: ${SIGHTING_TYPES.map((t) => `${t} ${g.byType[t].sightings.toLocaleString('en')} (count ${g.byType[t].count.toLocaleString('en')})`).join(', ')}\n`);
      for (const m of g.byMember) io.stdout.write(`  ${m.member}: ${m.type} ${m.sightings.toLocaleString('en')} (count ${m.count.toLocaleString('en')})\n`);
      return EXIT.ok;
    }
    if (action === 'share') {
      const r = await book.shareSighting(await book.sighting(id), publish, cliActor(), tlp);
      const words = sharedWords(r);
      io.stdout.write(json ? `${JSON.stringify({ sighting: r.sighting, originator: r.originator, shared: r.outcome.shared, refused: r.outcome.refused, publication: r.outcome.publication ?? null })}\n` : words.text);
      return words.ok ? EXIT.ok : EXIT.invalid;
    }
    const s = await book.report(id, type as SightingType, cliActor(), { count, ...(typeof values.note === 'string' ? { note: values.note } : {}) });
    const shared = values.share === true ? await book.shareSighting(s, publish, cliActor(), tlp) : undefined;
    if (json) io.stdout.write(`${JSON.stringify({ ...sightingJson(s), ...(shared !== undefined ? { shared: shared.outcome.shared, refused: shared.outcome.refused } : {}) }, null, 2)}\n`);
    else io.stdout.write(`Filed ${s.type} ${s.id} of ${id}${shared === undefined ? ' (local; share it with --share)' : ''}.\n${shared !== undefined ? sharedWords(shared).text : ''}`);
    return shared !== undefined && !sharedWords(shared).ok ? EXIT.invalid : EXIT.ok;
  } finally {
    await node.close();
  }
}
