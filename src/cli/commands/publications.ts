// `accord publications`: the publication requests the four-eyes rule holds back (docs/decisions/0019)
// — list, show, approve, reject, withdraw — through the same publishing service as the API. The
// person is the operating-system user (`cli:<user>`): the requester may withdraw, only another
// person may approve or reject. A refused action (unknown or decided request, same person, nothing
// left to share) is exit status 1.
import { AccordError, isAccordError, type PublicationState } from '../../store/index.js';
import type { Publication, PublishingService } from '../../sharing/index.js';
import { commandLine, usageText, type OptionTable, type Values } from '../args.js';
import { EXIT, type Io } from '../io.js';
import { cliPublisher, openPublishing } from '../publishing.js';

const STATES: readonly PublicationState[] = ['pending', 'approved', 'rejected', 'withdrawn'];

const OPTIONS: OptionTable = {
  state: { type: 'string', arg: 'STATE', describe: `list: only requests in this state (${STATES.join(', ')})` },
  reason: { type: 'string', arg: 'TEXT', describe: 'reject: why (required; the requester is told)' },
  json: { type: 'boolean', describe: 'print JSON (list: one request per line)' },
};

export const USAGE = usageText('accord publications list|show|approve|reject|withdraw [ID] [options]',
  'Publication requests: shares that wait for a second user under the four-eyes rule (`fourEyes` in accord.json).\n' +
  'Nothing of a pending request has left the node: no record is signed, nothing is visible to any member.\n' +
  '  list [--state pending] [--json]   the requests, oldest first\n' +
  '  show ID [--json]                  one request, with the object versions it names\n' +
  '  approve ID                        share its objects now (re-checked first); not by the person who asked\n' +
  '  reject ID --reason TEXT           refuse it, saying why; not by the person who asked\n' +
  '  withdraw ID                       take back one\'s own request', OPTIONS);

/** Objects `show` prints. */
const SHOWN = 50;

function line(p: Publication): string {
  const decided = p.decidedBy !== null ? `  ${p.state} by ${p.decidedBy} at ${p.decidedAt ?? '?'}` : '';
  return `${p.id}  ${p.state.padEnd(9)} TLP:${p.tlp.toUpperCase().padEnd(12)} ${String(p.objectCount).padStart(6)} object${p.objectCount === 1 ? ' ' : 's'}  ` +
    `asked by ${p.requestedBy} at ${p.requestedAt}${decided}`;
}

function audienceText(p: Publication): string {
  const a = p.terms.audience;
  const who = a.kind === 'members' ? `members ${a.members.join(', ')}` : a.kind === 'group' ? `group ${a.group}@${a.version}` : a.kind === 'all' ? 'all members' : 'this member alone';
  return `${who}${p.terms.relay ? ', relay allowed' : ''}`;
}

async function show(publishing: PublishingService, id: string, json: boolean, io: Io): Promise<void> {
  const p = await publishing.get(id);
  const objects = await publishing.objects(id, 0, json ? p.objectCount : SHOWN);
  if (json) {
    io.stdout.write(`${JSON.stringify({ ...p, objects }, null, 2)}\n`);
    return;
  }
  const out = [line(p), `  terms: TLP:${p.tlp.toUpperCase()} to ${audienceText(p)}${p.terms.handlingCode !== undefined ? `, handling code ${p.terms.handlingCode}` : ''}`];
  if (p.reason !== null) out.push(`  reason: ${p.reason}`);
  if (p.outcome !== null) out.push(`  outcome: shared ${p.outcome.shared}, refused ${p.outcome.refused.length}`);
  for (const r of p.outcome?.refused ?? []) out.push(`    refused ${r.id}: ${r.code}: ${r.reason}`);
  out.push('  objects:', ...objects.map((o) => `    ${o.objectId} (version ${o.objectVersion})`));
  if (p.objectCount > objects.length) out.push(`    … and ${(p.objectCount - objects.length).toLocaleString('en')} more (--json lists them all)`);
  io.stdout.write(`${out.join('\n')}\n`);
}

/** A decision the service refused is the operator's input refused: exit status 1, its code kept. */
async function refusedAsInvalid<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isAccordError(e) && ['not-found', 'forbidden', 'conflict'].includes(e.kind)) throw new AccordError('invalid', e.code, e.message, e.details);
    throw e;
  }
}

function needId(id: string | undefined, action: string): string {
  if (id === undefined) throw new AccordError('invalid', 'cli.usage', `accord publications ${action} needs the request's id (publication--…)`);
  return id;
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, OPTIONS, USAGE, io, 'some');
  if (parsed === undefined) return EXIT.ok;
  const { values, positionals } = parsed;
  const [action, id, ...extra] = positionals;
  if (action === undefined) throw new AccordError('invalid', 'cli.usage', 'name an action: list, show, approve, reject or withdraw');
  if (extra.length > 0 || (action === 'list' && id !== undefined)) throw new AccordError('invalid', 'cli.usage', `unexpected argument "${extra[0] ?? id ?? ''}"`);
  if (!['list', 'show', 'approve', 'reject', 'withdraw'].includes(action)) throw new AccordError('invalid', 'cli.usage', `unknown action "${action}" (list, show, approve, reject, withdraw)`);
  const state = values.state;
  if (state !== undefined && (action !== 'list' || typeof state !== 'string' || !(STATES as readonly string[]).includes(state))) {
    throw new AccordError('invalid', 'cli.usage', `--state goes with list and is one of ${STATES.join(', ')}`);
  }
  const reason = typeof values.reason === 'string' ? values.reason : undefined;
  if (action === 'reject' && (reason === undefined || reason.trim() === '')) throw new AccordError('invalid', 'cli.usage', 'accord publications reject needs --reason TEXT (the requester is told why)');
  if (reason !== undefined && action !== 'reject') throw new AccordError('invalid', 'cli.usage', '--reason goes with reject');
  const target = action === 'list' ? '' : needId(id, action);
  const { node, publishing } = await openPublishing(values, io);
  try {
    return await refusedAsInvalid(() => act(publishing, action, target, values, reason, io));
  } finally {
    await node.close();
  }
}

async function act(publishing: PublishingService, action: string, id: string, values: Values, reason: string | undefined, io: Io): Promise<number> {
  const json = values.json === true;
  const by = cliPublisher();
  switch (action) {
    case 'list': {
      const state = values.state as PublicationState | undefined;
      let after = 0;
      let any = false;
      for (;;) {
        const page = await publishing.list({ ...(state !== undefined ? { state } : {}), after, limit: 500 });
        any ||= page.items.length > 0;
        io.stdout.write(page.items.map((p) => `${json ? JSON.stringify(p) : line(p)}\n`).join(''));
        if (page.next === undefined) break;
        after = page.next;
      }
      if (!any && !json) io.stdout.write(`no ${state ?? ''}${state !== undefined ? ' ' : ''}publication requests\n`);
      return EXIT.ok;
    }
    case 'show':
      await show(publishing, id, json, io);
      return EXIT.ok;
    case 'approve': {
      const { publication, result } = await publishing.approve(id, by);
      for (const r of result.refused) io.stderr.write(`refused ${r.id}: ${r.code}: ${r.reason}\n`);
      const readers = (await publishing.readers(result)).map((r) => r.name);
      io.stdout.write(`Approved ${id}: shared ${result.shared.toLocaleString('en')} of ${publication.objectCount.toLocaleString('en')} objects` +
        `${result.refused.length > 0 ? ` (${result.refused.length.toLocaleString('en')} refused, listed on standard error)` : ''}.\n` +
        `${readers.length === 0 ? 'No other member may read them.' : `${readers.join(', ')} may read them.`}\n`);
      return result.refused.length > 0 ? EXIT.invalid : EXIT.ok;
    }
    case 'reject':
      await publishing.reject(id, by, reason ?? '');
      io.stdout.write(`Rejected ${id}: nothing was shared.\n`);
      return EXIT.ok;
    default:
      await publishing.withdraw(id, by);
      io.stdout.write(`Withdrew ${id}: nothing was shared.\n`);
      return EXIT.ok;
  }
}
