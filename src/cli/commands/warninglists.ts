// `accord warninglists list|check|install`: the known-benign lists a node uses (docs/interop.md,
// "Warninglists") — which are loaded and from where, which lists a value is on, and installing a
// MISP-format list file into <data>/warninglists/ (checked first, audited, all or nothing).
import { resolve } from 'node:path';
import { classify, installWarninglists, type Warninglist } from '../../interop/index.js';
import { AccordError } from '../../stix/index.js';
import { commandLine, configFrom, dispatchSubcommand, usageText, type OptionTable } from '../args.js';
import { EXIT, type Io } from '../io.js';
import { cliActor, openNodeServices } from '../services.js';
import { nodeWarninglistFiles, nodeWarninglists, warninglistFolder } from '../warninglists.js';

const JSON_OPTION: OptionTable = { json: { type: 'boolean', describe: 'print JSON' } };

const LIST_USAGE = usageText('accord warninglists list [options]',
  'Lists the warninglists the node uses: name, type, entries, and whether it is shipped or a file in <data>/warninglists/.', JSON_OPTION);
const CHECK_USAGE = usageText('accord warninglists check VALUE... [options]',
  'Tells which warninglists each value is on (an address inside a listed range, a host name — also of a URL or\n' +
  'e-mail address — under a listed name, a string exactly). Defanged values are read as written back.\n' +
  'Exit status 1 when a value is not a recognised indicator value.', JSON_OPTION);
const INSTALL_USAGE = usageText('accord warninglists install FILE... [options]',
  'Checks MISP-format warninglist files ({"name", "description", "type": cidr|hostname|string, "list"}) and copies\n' +
  'them into <data>/warninglists/, replacing the list of the same name (a shipped one is overridden). One bad\n' +
  'file and nothing is installed (exit status 1). Each install is recorded in the audit log; commands started\n' +
  'afterwards (import, export, serve) use the new lists.', {});

export const USAGE = `Usage: accord warninglists <list|check|install> [options]

Known-benign values (special-purpose ranges, public resolvers, popular domains) that are flagged
at import and kept out of device exports: the shipped lists and those in <data>/warninglists/.

  list                  the lists loaded: name, type, entries, shipped or installed
  check VALUE...        which lists each value is on
  install FILE...       check MISP-format list files and install them (audited)

Run \`accord warninglists <subcommand> --help\` for its options. See docs/interop.md, "Warninglists".
`;

function origin(l: { readonly shipped: boolean; readonly file: string }): string {
  return l.shipped ? 'shipped' : l.file;
}

function list(argv: readonly string[], io: Io): number {
  const parsed = commandLine(argv, JSON_OPTION, LIST_USAGE, io, 'none');
  if (parsed === undefined) return EXIT.ok;
  const lists = nodeWarninglistFiles(configFrom(parsed.values, io, { logLevel: 'warn' }).dataDir);
  if (parsed.values.json === true) {
    const out = lists.map((l) => ({ name: l.name, type: l.type, entries: l.list.length, description: l.description, shipped: l.shipped, file: l.file }));
    io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return EXIT.ok;
  }
  const width = Math.max(4, ...lists.map((l) => l.name.length));
  const rows = lists.map((l) => `${l.name.padEnd(width)}  ${l.type.padEnd(8)}  ${String(l.list.length).padStart(9)}  ${origin(l)}`);
  io.stdout.write(`${'name'.padEnd(width)}  ${'type'.padEnd(8)}  ${'entries'.padStart(9)}  from\n${rows.join('\n')}\n`);
  return EXIT.ok;
}

function check(argv: readonly string[], io: Io): number {
  const parsed = commandLine(argv, JSON_OPTION, CHECK_USAGE, io, 'some');
  if (parsed === undefined) return EXIT.ok;
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new AccordError('invalid', 'cli.usage', 'give one or more values to check');
  const matcher = nodeWarninglists(configFrom(values, io, { logLevel: 'warn' }).dataDir);
  const results = positionals.map((raw) => {
    const v = classify(raw);
    return v === undefined ? { value: raw, kind: null, lists: null } : { value: v.value, kind: v.kind, lists: matcher.match(v.kind, v.value) };
  });
  if (values.json === true) io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else {
    for (const r of results) {
      const what = r.lists === null ? 'not a recognised value (IP address, network, domain, URL, e-mail address, hash, CVE or ASN)'
        : r.lists.length === 0 ? 'on no warninglist' : `on ${r.lists.join(', ')}`;
      io.stdout.write(`${r.value}${r.kind === null ? '' : ` (${r.kind})`}: ${what}\n`);
    }
  }
  return results.some((r) => r.lists === null) ? EXIT.invalid : EXIT.ok;
}

function describeList(l: Warninglist): string {
  return `${JSON.stringify(l.name)} (${l.type}, ${l.list.length} entries)`;
}

async function install(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, {}, INSTALL_USAGE, io, 'some');
  if (parsed === undefined) return EXIT.ok;
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new AccordError('invalid', 'cli.usage', 'give one or more warninglist files to install');
  const config = configFrom(values, io, { logLevel: 'warn' });
  // Opened first: a node that cannot record the install gets nothing installed.
  const node = await openNodeServices(config, io);
  const actor = cliActor();
  try {
    const result = installWarninglists(warninglistFolder(config.dataDir), positionals.map((f) => resolve(io.cwd, f)));
    if (result.refused.length > 0) {
      await node.audit.recordMany(result.refused.map((r) => ({
        actor, action: 'warninglist.installed', outcome: 'failed', details: { file: r.source, problem: r.problem },
      })));
      for (const r of result.refused) io.stderr.write(`refused: ${r.problem}\n`);
      io.stderr.write(`nothing installed: ${result.refused.length} of ${positionals.length} files refused\n`);
      return EXIT.invalid;
    }
    await node.audit.recordMany(result.installed.map((i) => ({
      actor, action: 'warninglist.installed', target: `warninglist:${i.list.name}`,
      details: { file: i.source, installed_as: i.file, sha256: i.sha256, type: i.list.type, entries: i.list.list.length, replaced: i.replaced ?? null },
    })));
    for (const i of result.installed) {
      const replaced = i.replaced === 'shipped' ? ', overriding the shipped list' : i.replaced === 'installed' ? ', replacing the installed list' : '';
      io.stdout.write(`installed ${describeList(i.list)} as ${i.file}${replaced}\n`);
    }
    return EXIT.ok;
  } finally {
    await node.close();
  }
}

export function run(argv: readonly string[], io: Io): Promise<number> {
  return dispatchSubcommand(argv, io, USAGE, {
    list: (a, i) => Promise.resolve(list(a, i)), check: (a, i) => Promise.resolve(check(a, i)), install,
  });
}
