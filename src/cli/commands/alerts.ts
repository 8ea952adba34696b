// `accord alerts`: what the critical information infrastructure watch raised (docs/detection.md)
// — listed, shown with their evidence, and acknowledged, resolved or marked false positives
// (audited, with the operating-system user as actor). The same service as /api/v1/alerts.
import { AlertBook, ALERT_STATES } from '../../assets/index.js';
import { AccordError, isAccordError, type AlertRecord, type AlertState } from '../../store/index.js';
import { commandLine, configFrom, usageText, type OptionTable } from '../args.js';
import { EXIT, type Io } from '../io.js';
import { cliActor, openNodeServices } from '../services.js';

const OPTIONS: OptionTable = {
  state: { type: 'string', arg: 'STATE', describe: `list: only alerts in this state (${ALERT_STATES.join(', ')})` },
  note: { type: 'string', arg: 'TEXT', describe: 'ack, resolve, false-positive: why' },
  json: { type: 'boolean', describe: 'print JSON (list, show)' },
};

export const USAGE = usageText('accord alerts list|show|ack|resolve|false-positive [ID] [options]',
  'The alerts raised when intelligence touched a registered asset (accord assets).\n' +
  '  list [--state S]                  newest first\n' +
  '  show ID                           the evidence, who shared it, every state change\n' +
  '  ack ID | resolve ID | false-positive ID [--note TEXT]', OPTIONS);

const TARGETS: Readonly<Record<string, AlertState>> = { ack: 'acknowledged', resolve: 'resolved', 'false-positive': 'false-positive' };

function describe(a: AlertRecord, full: boolean): string {
  const head = `${a.id}  ${a.state}  ${a.createdAt}  asset ${a.assetName}: ${a.objectType} ${a.objectId}\n`;
  if (!full) return head;
  const evidence = JSON.parse(a.evidence) as { matches?: { why: string; where: string }[]; via?: string; cves?: string[] };
  const lines = [
    `    version ${a.objectVersion}; created by ${a.creator ?? 'unknown'}; shared by ${a.sharers.length > 0 ? a.sharers.join(', ') : 'no share record held'}`,
    ...(evidence.matches ?? []).map((m) => `    ${m.why} (${m.where})`),
    ...(evidence.via !== undefined ? [`    via ${evidence.via}`] : []),
    ...(evidence.cves !== undefined && evidence.cves.length > 0 ? [`    ${evidence.cves.join(', ')}`] : []),
    ...a.changes.map((c) => `    ${c.at} ${c.actor}: ${c.from} → ${c.to}${c.note !== null ? ` (${c.note})` : ''}`),
  ];
  return `${head}${lines.join('\n')}\n`;
}

const json = (a: AlertRecord): unknown => ({ ...a, evidence: JSON.parse(a.evidence) as unknown });

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, OPTIONS, USAGE, io, 'some');
  if (parsed === undefined) return EXIT.ok;
  const { values, positionals } = parsed;
  const [action, id, ...extra] = positionals;
  if (action === undefined) throw new AccordError('invalid', 'cli.usage', 'name an action: list, show, ack, resolve or false-positive');
  if (action !== 'list' && action !== 'show' && TARGETS[action] === undefined) throw new AccordError('invalid', 'cli.usage', `unknown action "${action}"`);
  if (extra.length > 0 || (action === 'list' && id !== undefined)) throw new AccordError('invalid', 'cli.usage', `unexpected argument "${extra[0] ?? id ?? ''}"`);
  if (action !== 'list' && id === undefined) throw new AccordError('invalid', 'cli.usage', `alerts ${action} needs the alert's id`);
  const state = values.state;
  if (state !== undefined && (typeof state !== 'string' || !(ALERT_STATES as readonly string[]).includes(state))) {
    throw new AccordError('invalid', 'cli.usage', `--state is one of ${ALERT_STATES.join(', ')}`);
  }
  const config = configFrom(values, io, { logLevel: 'warn' });
  const node = await openNodeServices(config, io);
  const book = new AlertBook(node.store, node.audit);
  try {
    if (action === 'list') {
      const all = await book.list({ ...(state !== undefined ? { state: state as AlertState } : {}), limit: 1000 });
      if (values.json === true) io.stdout.write(`${JSON.stringify(all.map(json), null, 2)}\n`);
      else if (all.length === 0) io.stderr.write('no alerts\n');
      else for (const a of all) io.stdout.write(describe(a, false));
      return EXIT.ok;
    }
    // A refused state change is a rejected item (exit 1), not a node failure.
    const a = action === 'show' ? await book.get(id ?? '') : await book.change(id ?? '', TARGETS[action] as AlertState, cliActor(), typeof values.note === 'string' ? values.note : undefined)
      .catch((e: unknown) => {
        throw isAccordError(e) && e.code === 'alert.bad-transition' ? new AccordError('invalid', e.code, e.message) : e;
      });
    io.stdout.write(values.json === true ? `${JSON.stringify(json(a), null, 2)}\n` : describe(a, true));
    return EXIT.ok;
  } finally {
    await node.close();
  }
}
