// `accord peers`: the peer nodes this node pulls from (every other active member of the list),
// how sync with each stands, what each sent that was held back, and a pull on demand. The
// serving node pulls on its own every `syncIntervalSeconds`; `accord peers sync` runs the same
// pull once, now, in this process (docs/operations.md, "Sync between member nodes").
import {
  peersOf, PeerPuller, readPeerStatuses, readQuarantine, resetCheckpoint, type PeerSyncStatus, type PeerTarget, type PullReport,
} from '../../federation/index.js';
import { BatchRootCache } from '../../sharing/index.js';
import { AccordError, isAccordError } from '../../stix/index.js';

import { commandLine, configFrom, usageText, type OptionTable } from '../args.js';
import { EXIT, type Io } from '../io.js';
import { nodeMemberId } from '../node.js';
import { cliActor, openNodeServices } from '../services.js';
import { nodeMembership } from '../membership.js';

const OPTIONS: OptionTable = {
  json: { type: 'boolean', describe: 'print JSON' },
  'from-start': { type: 'boolean', describe: 'sync: forget the checkpoint and read everything the peer offers again (nothing is stored twice)' },
};

export const USAGE = usageText('accord peers [list | sync [MEMBER-ID] | quarantine [MEMBER-ID]] [options]',
  'The peer nodes this node pulls from: every other active member of the member list.\n' +
  '  list                   each peer: last success, last error, totals, checkpoint (the default)\n' +
  '  sync [MEMBER-ID]       pull from one peer (or every peer) now and print what came\n' +
  '  quarantine [MEMBER-ID] what peers sent that this node held back, and why', OPTIONS);

function pick(peers: readonly PeerTarget[], id: string | undefined): PeerTarget[] {
  if (id === undefined) return [...peers];
  const found = peers.filter((p) => p.id === id);
  if (found.length === 0) throw new AccordError('not-found', 'peers.unknown', `${id} is not another active member of the member list (\`accord members\` lists them)`);
  return found;
}

function describeStatus(s: PeerSyncStatus): string {
  const lines = [`${s.name}  ${s.memberId}`, `  node          ${s.nodeUrl}`];
  lines.push(`  last success  ${s.lastSuccess ?? 'never'}${s.lagSeconds !== null ? ` (caught up ${s.lagSeconds} s ago)` : ''}`);
  if (s.lastError !== null) lines.push(`  last error    ${s.lastError.at}: ${s.lastError.code}: ${s.lastError.message}${s.failures > 0 ? ` (${s.failures} failed in a row)` : ''}`);
  lines.push(`  received      ${s.objectsReceived} objects (${s.recordsReceived} share records); ${s.accepted} stored, ${s.quarantined} held back`);
  lines.push(`  checkpoint    ${s.checkpoint ?? 'none (the next pull reads from the start)'}`);
  lines.push(`  pushed        ${s.pushed} objects${s.lastPush !== null ? `, last accepted ${s.lastPush}` : ''}`);
  if (s.pushError !== null) lines.push(`  push error    ${s.pushError.at}: ${s.pushError.code}: ${s.pushError.message}${s.pushFailures > 0 ? ` (${s.pushFailures} failed in a row)` : ''}`);
  return lines.join('\n');
}

function describeReport(peer: PeerTarget, r: PullReport): string {
  const lines = [`${peer.name} (${peer.id}): ${r.objects} received in ${r.requests} page${r.requests === 1 ? '' : 's'}, ${r.records} share records, ${r.stored} stored, ${r.unchanged} already held, ${r.quarantined.length} held back`];
  for (const q of r.quarantined) lines.push(`  held back ${q.objectId ?? '(unreadable)'}: ${q.code}: ${q.reason}`);
  return lines.join('\n');
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, OPTIONS, USAGE, io, 'some');
  if (parsed === undefined) return EXIT.ok;
  const { values, positionals } = parsed;
  const [action = 'list', target, ...extra] = positionals;
  if (extra.length > 0) throw new AccordError('invalid', 'cli.usage', `unexpected argument "${extra[0]}"`);
  if (!['list', 'sync', 'quarantine'].includes(action)) throw new AccordError('invalid', 'cli.usage', `unknown action "${action}": list, sync or quarantine`);
  if (action === 'list' && target !== undefined) throw new AccordError('invalid', 'cli.usage', `unexpected argument "${target}"`);
  const config = configFrom(values, io, { logLevel: 'warn' });
  const node = await openNodeServices(config, io);
  try {
    const self = await nodeMemberId(node.store);
    const { membership } = await nodeMembership(config, node.store);
    const peers = peersOf({ membership, self });
    if (peers.length === 0) {
      io.stdout.write('No peers: the member list names no other active member (docs/operations.md, "Members and peers").\n');
      return EXIT.ok;
    }
    const chosen = pick(peers, target);
    if (action === 'list') {
      const statuses = await readPeerStatuses(node.store, chosen);
      io.stdout.write(values.json === true ? `${JSON.stringify({ peers: statuses }, null, 2)}\n` : `${statuses.map(describeStatus).join('\n')}\n`);
      return EXIT.ok;
    }
    if (action === 'quarantine') {
      const out = [];
      for (const p of chosen) out.push({ peer: p.id, name: p.name, entries: await readQuarantine(node.store, p.id) });
      if (values.json === true) {
        io.stdout.write(`${JSON.stringify({ quarantine: out }, null, 2)}\n`);
      } else {
        for (const q of out) {
          io.stdout.write(`${q.name} (${q.peer}): ${q.entries.length === 0 ? 'nothing held back' : `${q.entries.length} held back`}\n`);
          for (const e of q.entries) io.stdout.write(`  ${e.at}  ${e.objectId ?? '(unreadable)'}${e.hash !== null ? ` sha256:${e.hash}` : ''}\n    ${e.code}: ${e.reason}\n`);
        }
      }
      return EXIT.ok;
    }
    // sync: every chosen peer in parallel; one failing does not stop the others.
    const cache = new BatchRootCache();
    const results = await Promise.all(chosen.map(async (p) => {
      if (values['from-start'] === true) await resetCheckpoint(node.store, p.id);
      const puller = new PeerPuller({ store: node.store, membership, self, key: node.keys.keys.signing, cache, retry: { attempts: 2 } }, p);
      try {
        return { peer: p, report: await puller.pull() };
      } catch (e) {
        if (!isAccordError(e)) throw e;
        return { peer: p, error: e };
      }
    }));
    for (const r of results) {
      if (r.report !== undefined) {
        await node.audit.record({
          actor: cliActor(), action: 'peer.synced', target: r.peer.id,
          details: { objects: r.report.objects, records: r.report.records, stored: r.report.stored, quarantined: r.report.quarantined.length },
        });
      }
    }
    if (values.json === true) {
      io.stdout.write(`${JSON.stringify({ results: results.map((r) => (r.report !== undefined ? r.report : { peer: r.peer.id, error: { code: r.error.code, message: r.error.message } })) }, null, 2)}\n`);
    } else {
      for (const r of results) io.stdout.write(r.report !== undefined ? `${describeReport(r.peer, r.report)}\n` : `${r.peer.name} (${r.peer.id}): failed: ${r.error.code}: ${r.error.message}\n`);
    }
    return results.some((r) => r.error !== undefined) ? EXIT.failure : EXIT.ok;
  } finally {
    await node.close();
  }
}
