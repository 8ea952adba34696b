// `accord members`: the members of the mechanism as this node knows them, and this node's own
// entry for the others. With a charter (issue 6, docs/decisions/0021) membership is decided by the
// members: `propose` makes a decision (this member proposing and endorsing it), `endorse` adds this
// member's endorsement, `update-contacts` updates this member's directory entry. Each is stored
// here and shared with every member (TLP:CLEAR, relayed), so that every node computes the same state.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AccordError } from '../../stix/index.js';
import {
  checkKey, checkMemberEntry, memberUpdate, publicKeyInfo, ruleWords, selfListingProblem,
  type ContactPoints, type DecisionChange, type HeldMembership, type StaticMembership,
} from '../../trust/index.js';
import { commandLine, configFrom, usageText, type OptionTable } from '../args.js';
import { EXIT, type Io } from '../io.js';
import { nodeMembership } from '../membership.js';
import { MembershipActions, membershipListing, storeAndShareMembership } from '../membership-actions.js';
import { nodeMemberId } from '../node.js';
import { cliActor, openNodeServices } from '../services.js';

const OPTIONS: OptionTable = {
  'node-url': { type: 'string', arg: 'URL', describe: 'self: the public URL other nodes reach this node at (https://…)' },
  'member-file': { type: 'string', arg: 'FILE', describe: 'propose admit: the new member\'s entry (as `accord members self` prints it on its node)' },
  since: { type: 'string', arg: 'TIMESTAMP', describe: 'propose compromise-key: the time from which the key is not trusted' },
  poc: { type: 'string', arg: 'TEXT', describe: 'update-contacts: the 24/7 point of contact' },
  email: { type: 'string', arg: 'ADDRESS', describe: 'update-contacts: e-mail' },
  phone: { type: 'string', arg: 'NUMBER', describe: 'update-contacts: telephone' },
  languages: { type: 'string', arg: 'TAGS', describe: 'update-contacts: languages, BCP 47, comma-separated (en,fr)' },
  hours: { type: 'string', arg: 'TEXT', describe: 'update-contacts: working hours ("24/7")' },
  json: { type: 'boolean', describe: 'print JSON (list)' },
};

export const USAGE = usageText('accord members [list|self|propose|endorse|update-contacts] [options]',
  'The members of the mechanism as this node knows them: from the charter and the members\' decisions\n' +
  '(the `charter` setting), or from the `members` setting.\n' +
  '  list                                   every member, its status, node URL, keys and contact points; with a\n' +
  '                                         charter also the decisions waiting for endorsements (the default)\n' +
  '  self [--node-url URL]                  this node\'s entry, as JSON, for the charter or an admission\n' +
  '  propose admit --member-file FILE       propose a decision (this member proposes and endorses it)\n' +
  '  propose suspend|readmit MEMBER-ID\n' +
  '  propose change-url MEMBER-ID URL\n' +
  '  propose rotate-key MEMBER-ID PUBLIC-KEY (a key starting with "-": put -- before MEMBER-ID)\n' +
  '  propose compromise-key MEMBER-ID FINGERPRINT --since TIMESTAMP\n' +
  '  propose change-rule consensus|N/D\n' +
  '  endorse DECISION-ID                    endorse a pending decision as this member\n' +
  '  update-contacts [--poc --email --phone --languages --hours]   this member\'s directory entry', OPTIONS);

/** A decision's change from the command line. */
function changeFrom(args: readonly string[], values: Readonly<Record<string, unknown>>, io: Io): DecisionChange {
  const [action, subject, arg] = args;
  const need = (n: number, form: string): void => {
    if (args.length !== n) throw new AccordError('invalid', 'cli.usage', `propose ${form}`);
  };
  switch (action) {
    case 'admit': {
      need(1, 'admit --member-file FILE (no other argument)');
      if (typeof values['member-file'] !== 'string') throw new AccordError('invalid', 'cli.usage', 'propose admit needs --member-file FILE: the entry `accord members self` prints on the new member\'s node');
      let entry: unknown;
      try {
        entry = JSON.parse(readFileSync(resolve(io.cwd, values['member-file']), 'utf8'));
      } catch (e) {
        throw new AccordError('invalid', 'cli.usage', `--member-file: cannot read ${values['member-file']} as JSON: ${(e as Error).message}`);
      }
      // The entry is checked as a charter member is.
      const problems: string[] = [];
      const member = checkMemberEntry(entry, 'member file', problems);
      if (member === undefined) throw new AccordError('invalid', 'trust.bad-member-entry', `the member file ${values['member-file']} is not valid:\n  - ${problems.join('\n  - ')}`);
      return { action: 'admit', member };
    }
    case 'suspend':
    case 'readmit':
      need(2, `${action} MEMBER-ID`);
      return { action, subject: subject ?? '' };
    case 'change-url':
      need(3, 'change-url MEMBER-ID URL');
      return { action, subject: subject ?? '', nodeUrl: new URL(arg ?? '').origin };
    case 'rotate-key': {
      need(3, 'rotate-key MEMBER-ID PUBLIC-KEY (base64url, as `accord keys show` prints it)');
      const problems: string[] = [];
      const key = checkKey(arg, 'Ed25519', 'PUBLIC-KEY', problems);
      if (key === undefined) throw new AccordError('invalid', 'cli.usage', problems.join('; '));
      return { action, subject: subject ?? '', key };
    }
    case 'compromise-key':
      need(3, 'compromise-key MEMBER-ID FINGERPRINT --since TIMESTAMP');
      if (typeof values.since !== 'string' || Number.isNaN(Date.parse(values.since))) throw new AccordError('invalid', 'cli.usage', 'propose compromise-key needs --since TIMESTAMP: from when the key is not to be trusted');
      return { action, subject: subject ?? '', fingerprint: arg ?? '', compromisedAt: new Date(values.since).toISOString() };
    case 'change-rule': {
      need(2, 'change-rule consensus|N/D');
      if (subject === 'consensus') return { action, rule: { kind: 'consensus' } };
      const m = /^(\d+)\/(\d+)$/.exec(subject ?? '');
      if (m === null) throw new AccordError('invalid', 'cli.usage', `propose change-rule takes consensus or N/D (e.g. 2/3), got "${subject ?? ''}"`);
      return { action, rule: { kind: 'qualified-majority', numerator: Number(m[1]), denominator: Number(m[2]) } };
    }
    default:
      throw new AccordError('invalid', 'cli.usage', `propose what? admit, suspend, readmit, change-url, rotate-key, compromise-key or change-rule, got "${action ?? ''}"`);
  }
}

function printList(io: Io, membership: StaticMembership, held: HeldMembership | undefined, self: string): void {
  if (membership.all().length === 0 && held === undefined) {
    io.stdout.write('No members configured: this node shares with no one. Add the `charter` or the `members` setting (docs/operations.md, "Members and peers").\n');
    return;
  }
  if (held !== undefined) io.stdout.write(`Charter ${held.state.charterHash}; ${held.state.applied.length} decision(s) applied; rule: ${ruleWords(held.state.rule)}\n\n`);
  for (const m of membership.all()) {
    io.stdout.write(`${m.name}${m.id === self ? '  (this node)' : ''}${m.status === 'suspended' ? '  [suspended]' : ''}\n  ${m.id}\n  ${m.nodeUrl}\n`);
    for (const k of m.keys) io.stdout.write(`  key ${k.fingerprint}\n`);
    const c: ContactPoints | undefined = held?.state.members.get(m.id)?.contacts;
    if (c !== undefined && Object.keys(c).length > 0) {
      io.stdout.write(`  contact: ${[c.pointOfContact, c.email, c.phone].filter((x) => x !== undefined).join(', ')}${c.languages !== undefined ? `; languages ${c.languages.join(', ')}` : ''}${c.hours !== undefined ? `; hours ${c.hours}` : ''}\n`);
    }
  }
  for (const g of membership.sharingGroups()) {
    const versions = [...g.versions].map(([v, ms]) => `v${v}: ${ms.map((x) => membership.nameOf(x)).join(', ')}`).join('; ');
    io.stdout.write(`group ${g.id} (${g.name}) — ${versions}\n`);
  }
  for (const p of held?.state.pending ?? []) {
    io.stdout.write(`\npending ${p.action} ${p.id}\n  endorsed by: ${p.endorsedBy.map((x) => membership.nameOf(x)).join(', ') || 'nobody'}\n  not yet: ${p.notYet.map((x) => membership.nameOf(x)).join(', ') || 'nobody'}\n  needs ${p.needed} more\n`);
    for (const x of p.invalid) io.stdout.write(`  not counted: ${x.reason}\n`);
  }
  for (const r of held?.state.refused ?? []) io.stdout.write(`\nrefused ${r.id}: ${r.reason}\n`);
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, OPTIONS, USAGE, io, 'some');
  if (parsed === undefined) return EXIT.ok;
  const { values, positionals } = parsed;
  const [action = 'list', ...args] = positionals;
  if (!['list', 'self', 'propose', 'endorse', 'update-contacts'].includes(action)) {
    throw new AccordError('invalid', 'cli.usage', `unknown action "${action}": list, self, propose, endorse or update-contacts`);
  }
  if ((action === 'list' || action === 'self' || action === 'update-contacts') && args.length > 0) throw new AccordError('invalid', 'cli.usage', `unexpected argument "${args[0] ?? ''}"`);
  const config = configFrom(values, io, { logLevel: 'warn' });
  const node = await openNodeServices(config, io);
  try {
    const memberId = await nodeMemberId(node.store);
    const signing = node.keys.keys.signing;
    const { membership, held, verifier } = await nodeMembership(config, node.store);
    if (action === 'self') {
      const identity = (await node.store.objects.versions(memberId)).at(-1);
      const name = identity !== undefined ? (JSON.parse(identity.json) as { name?: string }).name : undefined;
      const url = typeof values['node-url'] === 'string' ? values['node-url'] : 'https://<this node\'s public address>';
      const entry = held !== undefined || config.charter !== undefined
        ? {
          id: memberId, name: name ?? memberId, nodeUrl: url, signingKeys: [publicKeyInfo(signing).publicKey],
          encryptionKeys: node.keys.keys.all.filter((k) => k.purpose === 'encryption').map((k) => publicKeyInfo(k).publicKey),
        }
        : { id: memberId, name: name ?? memberId, nodeUrl: url, keys: [publicKeyInfo(signing).publicKey] };
      io.stdout.write(`${JSON.stringify(entry, null, 2)}\n`);
      return EXIT.ok;
    }
    if (action === 'list') {
      if (values.json === true) {
        io.stdout.write(`${JSON.stringify(membershipListing(membership, held, memberId), null, 2)}\n`);
      } else {
        printList(io, membership, held, memberId);
      }
      const problem = held === undefined ? selfListingProblem(membership, memberId, signing.fingerprint) : undefined;
      if (problem !== undefined) io.stderr.write(`WARNING: ${problem}\n`);
      if (held !== undefined && !membership.isOrWasMember(memberId)) io.stderr.write(`NOTE: this node's member ${memberId} is not a member (yet): an admission decision makes it one.\n`);
      return EXIT.ok;
    }
    if (held === undefined) throw new AccordError('invalid', 'membership.no-charter', `accord members ${action} needs a charter (the \`charter\` and \`charterSha256\` settings): with a static member list, nobody decides`);
    if (!membership.isMember(memberId)) throw new AccordError('forbidden', 'membership.not-a-member', `this node's member ${memberId} is not an active member: it may not ${action}`);
    const actions = new MembershipActions(node, config, membership, memberId, verifier);
    if (action === 'propose') {
      const change = changeFrom(args, values, io);
      const made = await actions.propose(change, cliActor());
      io.stdout.write(`Proposed ${made.id} (${change.action}), endorsed by this member; shared with every member.\n`);
      return EXIT.ok;
    }
    if (action === 'endorse') {
      if (args.length !== 1) throw new AccordError('invalid', 'cli.usage', 'endorse DECISION-ID');
      const done = await actions.endorse(args[0] ?? '', cliActor());
      io.stdout.write(`Endorsed ${done.id}; ${done.applied ? 'it is applied: enough members endorsed it.' : 'it waits for more endorsements (`accord members`).'}\n`);
      return EXIT.ok;
    }
    const now = new Date().toISOString();
    // update-contacts
    const current = held.state.members.get(memberId)?.contacts ?? {};
    const contacts: ContactPoints = {
      ...current,
      ...(typeof values.poc === 'string' ? { pointOfContact: values.poc } : {}), ...(typeof values.email === 'string' ? { email: values.email } : {}),
      ...(typeof values.phone === 'string' ? { phone: values.phone } : {}), ...(typeof values.hours === 'string' ? { hours: values.hours } : {}),
      ...(typeof values.languages === 'string' ? { languages: values.languages.split(',').map((l) => l.trim()).filter((l) => l !== '') } : {}),
    };
    const update = memberUpdate({ id: `x-accord-member-update--${randomUUID()}`, member: memberId, key: signing, contacts, at: now });
    await storeAndShareMembership(node, membership, memberId, [update], cliActor());
    await node.audit.record({ actor: cliActor(), action: 'membership.contacts-updated', target: memberId, details: { contacts } });
    io.stdout.write('Updated this member\'s contact points; shared with every member.\n');
    return EXIT.ok;
  } finally {
    await node.close();
  }
}
