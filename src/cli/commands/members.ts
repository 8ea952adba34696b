// `accord members`: the member list this node is configured with (until the membership work
// replaces it with the charter and decisions), and this node's own entry for the others' lists.
import { AccordError } from '../../stix/index.js';
import { publicKeyInfo, selfListingProblem, StaticMembership } from '../../trust/index.js';
import { commandLine, configFrom, usageText, type OptionTable } from '../args.js';
import { EXIT, type Io } from '../io.js';
import { nodeMemberId } from '../node.js';
import { openNodeServices } from '../services.js';

const OPTIONS: OptionTable = {
  'node-url': { type: 'string', arg: 'URL', describe: 'self: the public URL other nodes reach this node at (https://…)' },
  json: { type: 'boolean', describe: 'print JSON (list)' },
};

export const USAGE = usageText('accord members [list|self] [options]',
  'The members of the mechanism as this node knows them (the `members` and `sharingGroups` settings).\n' +
  '  list                       every member: name, identity, status, node URL, key fingerprints (the default)\n' +
  '  self [--node-url URL]      this node\'s entry, as JSON, to add to every member\'s list', OPTIONS);

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, OPTIONS, USAGE, io, 'some');
  if (parsed === undefined) return EXIT.ok;
  const { values, positionals } = parsed;
  const [action = 'list', ...extra] = positionals;
  if (extra.length > 0) throw new AccordError('invalid', 'cli.usage', `unexpected argument "${extra[0]}"`);
  if (action !== 'list' && action !== 'self') throw new AccordError('invalid', 'cli.usage', `unknown action "${action}": list or self`);
  const config = configFrom(values, io, { logLevel: 'warn' });
  const node = await openNodeServices(config, io);
  try {
    const memberId = await nodeMemberId(node.store);
    const signing = node.keys.keys.signing;
    const membership = new StaticMembership(config.members, config.sharingGroups);
    if (action === 'self') {
      const identity = (await node.store.objects.versions(memberId)).at(-1);
      const name = identity !== undefined ? (JSON.parse(identity.json) as { name?: string }).name : undefined;
      const url = typeof values['node-url'] === 'string' ? values['node-url'] : 'https://<this node\'s public address>';
      io.stdout.write(`${JSON.stringify({ id: memberId, name: name ?? memberId, nodeUrl: url, keys: [publicKeyInfo(signing).publicKey] }, null, 2)}\n`);
      return EXIT.ok;
    }
    if (values.json === true) {
      io.stdout.write(`${JSON.stringify({
        self: memberId,
        members: membership.all().map((m) => ({ id: m.id, name: m.name, nodeUrl: m.nodeUrl, status: m.status, keys: m.keys.map((k) => ({ fingerprint: k.fingerprint, publicKey: k.publicKey })) })),
        sharingGroups: membership.sharingGroups().map((g) => ({ id: g.id, name: g.name, versions: [...g.versions].map(([version, members]) => ({ version, members })) })),
      }, null, 2)}\n`);
      return EXIT.ok;
    }
    if (membership.all().length === 0) {
      io.stdout.write('No members configured: this node shares with no one. Add the `members` setting (docs/operations.md, "Members and peers").\n');
      return EXIT.ok;
    }
    for (const m of membership.all()) {
      io.stdout.write(`${m.name}${m.id === memberId ? '  (this node)' : ''}${m.status === 'suspended' ? '  [suspended]' : ''}\n  ${m.id}\n  ${m.nodeUrl}\n`);
      for (const k of m.keys) io.stdout.write(`  key ${k.fingerprint}\n`);
    }
    for (const g of membership.sharingGroups()) {
      const versions = [...g.versions].map(([v, ms]) => `v${v}: ${ms.map((x) => membership.nameOf(x)).join(', ')}`).join('; ');
      io.stdout.write(`group ${g.id} (${g.name}) — ${versions}\n`);
    }
    const problem = selfListingProblem(membership, memberId, signing.fingerprint);
    if (problem !== undefined) io.stderr.write(`WARNING: ${problem}\n`);
    return EXIT.ok;
  } finally {
    await node.close();
  }
}
