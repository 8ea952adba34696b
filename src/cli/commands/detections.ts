// `accord detections`: the alerts `accord detect --record` (and the ingest endpoint) raised when an
// indicator matched the member's own logs — listed, shown with their evidence and sighting, moved
// between states (audited; a false positive files a false-positive sighting), and their sighting
// shared back to the indicator's originator with one action. The same service as /api/v1/detections.
import { DETECTION_STATES, detectionJson, sightingJson } from '../../detect/index.js';
import { AccordError, isAccordError, type AlertState } from '../../store/index.js';
import { commandLine, usageText, type OptionTable } from '../args.js';
import { cliActor, describeDetection, openDetections, sharedWords, tlpOption } from '../detections.js';
import { EXIT, type Io } from '../io.js';

const OPTIONS: OptionTable = {
  state: { type: 'string', arg: 'STATE', describe: `list: only alerts in this state (${DETECTION_STATES.join(', ')})` },
  indicator: { type: 'string', arg: 'ID', describe: 'list: only alerts of this indicator' },
  note: { type: 'string', arg: 'TEXT', describe: 'ack, resolve, false-positive: why' },
  'with-evidence': { type: 'boolean', describe: 'share: the observed-data of the sampled events too' },
  share: { type: 'boolean', describe: 'false-positive: share the false-positive sighting with the indicator\'s originator' },
  tlp: { type: 'string', arg: 'LEVEL', describe: 'share: the TLP to share under (default amber+strict)' },
  json: { type: 'boolean', describe: 'print JSON' },
};

export const USAGE = usageText('accord detections list|show|ack|resolve|false-positive|share [ID] [options]',
  'The alerts raised when an indicator matched this member\'s own logs (accord detect --record).\n' +
  '  list [--state S] [--indicator ID]   the last updated first\n' +
  '  show ID                             the evidence, the sighting, every state change\n' +
  '  ack ID | resolve ID [--note TEXT]\n' +
  '  false-positive ID [--note TEXT] [--share]   also files a false-positive sighting of the indicator\n' +
  '  share ID [--with-evidence] [--tlp LEVEL]     shares the current sighting with the indicator\'s originator alone', OPTIONS);

const TARGETS: Readonly<Record<string, AlertState>> = { ack: 'acknowledged', resolve: 'resolved', 'false-positive': 'false-positive' };

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, OPTIONS, USAGE, io, 'some');
  if (parsed === undefined) return EXIT.ok;
  const { values, positionals } = parsed;
  const [action, id, ...extra] = positionals;
  if (action === undefined) throw new AccordError('invalid', 'cli.usage', 'name an action: list, show, ack, resolve, false-positive or share');
  if (!['list', 'show', 'share'].includes(action) && TARGETS[action] === undefined) throw new AccordError('invalid', 'cli.usage', `unknown action "${action}"`);
  if (extra.length > 0 || (action === 'list' && id !== undefined)) throw new AccordError('invalid', 'cli.usage', `unexpected argument "${extra[0] ?? id ?? ''}"`);
  if (action !== 'list' && id === undefined) throw new AccordError('invalid', 'cli.usage', `detections ${action} needs the alert's id`);
  const state = values.state;
  if (state !== undefined && (typeof state !== 'string' || !(DETECTION_STATES as readonly string[]).includes(state))) throw new AccordError('invalid', 'cli.usage', `--state is one of ${DETECTION_STATES.join(', ')}`);
  const tlp = tlpOption(values);
  const json = values.json === true;
  const { node, book, publish } = await openDetections(values, io);
  try {
    if (action === 'list') {
      const all = await book.list({ ...(state !== undefined ? { state: state as AlertState } : {}), ...(typeof values.indicator === 'string' ? { indicatorId: values.indicator } : {}), limit: 1000 });
      if (json) io.stdout.write(`${JSON.stringify(all.map(detectionJson), null, 2)}\n`);
      else if (all.length === 0) io.stderr.write('no detection alerts\n');
      else for (const a of all) io.stdout.write(describeDetection(a, false));
      return EXIT.ok;
    }
    if (action === 'show') {
      const a = await book.get(id ?? '');
      io.stdout.write(json ? `${JSON.stringify(detectionJson(a), null, 2)}\n` : describeDetection(a, true));
      return EXIT.ok;
    }
    if (action === 'share') {
      const r = await book.share(id ?? '', publish, cliActor(), { withEvidence: values['with-evidence'] === true, ...(tlp !== undefined ? { tlp } : {}) });
      const words = sharedWords(r);
      io.stdout.write(json ? `${JSON.stringify({ alert: r.alert !== undefined ? detectionJson(r.alert) : null, sighting: r.sighting, originator: r.originator, shared: r.outcome.shared, refused: r.outcome.refused, publication: r.outcome.publication ?? null }, null, 2)}\n` : words.text);
      return words.ok ? EXIT.ok : EXIT.invalid;
    }
    // A refused state change is a rejected item (exit 1), not a node failure.
    const { alert, falsePositive } = await book.change(id ?? '', TARGETS[action] as AlertState, cliActor(), typeof values.note === 'string' ? values.note : undefined)
      .catch((e: unknown) => {
        throw isAccordError(e) && (e.code === 'detection.bad-transition' || e.code === 'store.detection-open') ? new AccordError('invalid', e.code, e.message) : e;
      });
    const shared = falsePositive !== undefined && values.share === true ? await book.shareSighting(falsePositive, publish, cliActor(), tlp) : undefined;
    if (json) {
      io.stdout.write(`${JSON.stringify({ ...detectionJson(alert), ...(falsePositive !== undefined ? { false_positive: sightingJson(falsePositive) } : {}), ...(shared !== undefined ? { shared: shared.outcome.shared } : {}) }, null, 2)}\n`);
    } else {
      io.stdout.write(describeDetection(alert, true));
      if (falsePositive !== undefined) io.stdout.write(`False-positive sighting ${falsePositive.id} filed${shared === undefined ? ' (local; share it with accord sightings share)' : ''}.\n`);
      if (shared !== undefined) io.stdout.write(sharedWords(shared).text);
    }
    return shared !== undefined && !sharedWords(shared).ok ? EXIT.invalid : EXIT.ok;
  } finally {
    await node.close();
  }
}
