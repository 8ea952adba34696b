// `accord retractions`: this member narrows or ends one of its shares, or has an object version
// it shared purged from every node that holds it (docs/decisions/0022), and sees, per member the
// shares reached, who has applied the retraction (a signed receipt came back) and who has not.
import { retract, retractionStatus, type RetractRequest, type RetractionStatus } from '../../sharing/index.js';
import { AccordError } from '../../stix/index.js';
import type { RetractionRow } from '../../store/index.js';
import type { StaticMembership } from '../../trust/index.js';
import { commandLine, usageText, type OptionTable } from '../args.js';
import { EXIT, type Io } from '../io.js';
import { openPublishing, shareContext } from '../publishing.js';
import { cliActor } from '../services.js';

const OPTIONS: OptionTable = {
  members: { type: 'string', arg: 'IDS', describe: 'narrow: the members that keep the share (identity ids, comma-separated)' },
  version: { type: 'string', arg: 'TIMESTAMP', describe: 'purge: the version (its modified); default the latest this member shared' },
  reason: { type: 'string', arg: 'TEXT', describe: 'why (travels with the retraction)' },
  sharer: { type: 'string', arg: 'ID', describe: 'list: only retractions of this member' },
  limit: { type: 'string', arg: 'N', describe: 'list: at most N (default 50)' },
  json: { type: 'boolean', describe: 'print JSON' },
};

export const USAGE = usageText('accord retractions [list | show ID | narrow SHARE-ID --members IDS | end SHARE-ID | purge OBJECT-ID [--version T]] [options]',
  'Retracts what this member shared, everywhere it went: `narrow` keeps one of its shares to fewer members,\n' +
  '`end` ends it, `purge` has the content of an object version it shared removed from every node that holds\n' +
  'it (a tombstone stays). The retraction is signed, shared with everyone the shares reached and applied here\n' +
  'at once; each holder applies it and returns a signed receipt. `show` lists, per member, who has applied it\n' +
  'and who has not answered yet (and so may still hold the old state). TAXII DELETE stays a local removal.', OPTIONS);

function requestFrom(action: string, args: readonly string[], values: Readonly<Record<string, unknown>>): RetractRequest {
  const [subject, extra] = args;
  if (subject === undefined || extra !== undefined) throw new AccordError('invalid', 'cli.usage', `${action} takes one ${action === 'purge' ? 'OBJECT-ID' : 'SHARE-ID'}`);
  const reason = typeof values.reason === 'string' ? { reason: values.reason } : {};
  if (action === 'purge') return { effect: 'purge', objectId: subject, ...(typeof values.version === 'string' ? { version: values.version } : {}), ...reason };
  if (action === 'end') return { effect: 'end', shareId: subject, ...reason };
  const members = typeof values.members === 'string' ? values.members.split(',').map((m) => m.trim()).filter((m) => m !== '') : undefined;
  if (members === undefined) throw new AccordError('invalid', 'cli.usage', 'narrow needs --members IDS: the members that keep the share (none: use end)');
  return { effect: 'narrow', shareId: subject, members, ...reason };
}

function describeRow(r: RetractionRow, membership: StaticMembership): string {
  const what = r.effect === 'purge' ? `purge ${r.objectId ?? ''} version ${r.objectVersion ?? 'unversioned'}` : `${r.effect} ${r.shareId ?? ''}`;
  return `${r.id}  ${r.created}  ${membership.nameOf(r.sharer)}  ${what}  ${r.state}${r.outcome !== null ? ` (${r.outcome})` : ''}`;
}

function printStatus(io: Io, s: RetractionStatus, membership: StaticMembership): void {
  io.stdout.write(`${describeRow(s.row, membership)}\n${s.applied} applied, ${s.pending} not yet\n`);
  for (const h of s.holders) io.stdout.write(`  ${h.name} (${h.member}): ${h.state}${h.at !== null ? ` at ${h.at}` : ''} — ${h.detail}\n`);
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, OPTIONS, USAGE, io, 'some');
  if (parsed === undefined) return EXIT.ok;
  const { values, positionals } = parsed;
  const [action = 'list', ...args] = positionals;
  if (!['list', 'show', 'narrow', 'end', 'purge'].includes(action)) throw new AccordError('invalid', 'cli.usage', `unknown action "${action}": list, show, narrow, end or purge`);
  if (action === 'list' && args.length > 0) throw new AccordError('invalid', 'cli.usage', `unexpected argument "${args[0] ?? ''}"`);
  if (action === 'show' && args.length !== 1) throw new AccordError('invalid', 'cli.usage', 'show takes one retraction id');
  const request = action === 'narrow' || action === 'end' || action === 'purge' ? requestFrom(action, args, values) : undefined;
  const limit = typeof values.limit === 'string' ? Number(values.limit) : 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new AccordError('invalid', 'cli.usage', `--limit is a whole number from 1 to 10000, got "${String(values.limit)}"`);
  const { node, membership, self } = await openPublishing(values, io);
  try {
    if (request !== undefined) {
      const r = await retract({ ...shareContext(node, membership, self), actor: cliActor() }, request);
      if (values.json === true) io.stdout.write(`${JSON.stringify({ retraction: r.retraction, applied: r.applied, audience: r.audience })}\n`);
      else {
        const to = r.audience.kind === 'sharer' ? 'no one else (nothing of it was shared)' : r.audience.kind === 'members' ? r.audience.members.map((m) => membership.nameOf(m)).join(', ') : 'every member';
        io.stdout.write(`Retracted: ${String(r.retraction.id)} (${request.effect})\n  here: ${r.applied.detail}\n  sent to: ${to}\n  \`accord retractions show ${String(r.retraction.id)}\` lists who has applied it.\n`);
      }
      return EXIT.ok;
    }
    if (action === 'show') {
      const status = await retractionStatus(node.store, membership, args[0] ?? '');
      if (status === undefined) throw new AccordError('not-found', 'retraction.not-found', `this node holds no retraction ${args[0] ?? ''} (\`accord retractions\` lists them)`);
      if (values.json === true) io.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
      else printStatus(io, status, membership);
      return EXIT.ok;
    }
    const rows = await node.store.retractions.list({ ...(typeof values.sharer === 'string' ? { sharer: values.sharer } : {}), limit });
    if (values.json === true) io.stdout.write(`${JSON.stringify({ retractions: rows }, null, 2)}\n`);
    else if (rows.length === 0) io.stdout.write('No retractions.\n');
    else for (const r of rows) io.stdout.write(`${describeRow(r, membership)}\n`);
    return EXIT.ok;
  } finally {
    await node.close();
  }
}
