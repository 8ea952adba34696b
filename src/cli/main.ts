// The `accord` command: dispatches to a command module, loaded only when it runs, so that
// `accord --help` starts in well under half a second.
import { EXIT, processIo, type Io } from './io.js';
import { VERSION } from './version.js';

interface CommandModule {
  run(argv: readonly string[], io: Io): Promise<number>;
}

const COMMANDS: Readonly<Record<string, { summary: string; load: () => Promise<CommandModule> }>> = {
  init: { summary: 'create a node: data folder, key pair, member identity, first administrator', load: () => import('./commands/init.js') },
  serve: { summary: 'start the node (initialises it on first start)', load: () => import('./commands/serve.js') },
  import: { summary: 'import STIX 2.1 bundles or JSON lines from files, folders or stdin', load: () => import('./commands/import.js') },
  export: { summary: 'export stored objects as a STIX bundle or JSON lines', load: () => import('./commands/export.js') },
  exports: { summary: 'saved exports: device feeds served at /feeds/<name> (create, list, show, delete)', load: () => import('./commands/exports.js') },
  detect: { summary: 'match the active indicators against your own logs (Suricata eve.json); matches as JSON lines', load: () => import('./commands/detect.js') },
  hunt: { summary: 'retro-hunt: run indicators against the values your logs showed in the past (accord detect --history)', load: () => import('./commands/hunt.js') },
  history: { summary: 'the retro-hunt history: how much is held, prune it to its retention', load: () => import('./commands/history.js') },
  pattern: { summary: 'check a STIX pattern (2.1 or 2.0): where it is wrong, or its canonical form', load: () => import('./commands/pattern.js') },
  validate: { summary: 'check STIX 2.1 files without a store (exit status 1 when anything is invalid)', load: () => import('./commands/validate.js') },
  stats: { summary: 'count stored objects by type, marking and creator', load: () => import('./commands/stats.js') },
  audit: { summary: 'verify the hash-chained audit log and its signed checkpoints, or export entries', load: () => import('./commands/audit.js') },
  keys: { summary: 'show the node\'s keys, export or import an encrypted backup, create a key after a loss', load: () => import('./commands/keys.js') },
  user: { summary: 'add, list, disable, enable, unlock users; reset passwords; change roles', load: () => import('./commands/user.js') },
  taxii: { summary: 'pull a TAXII 2.1 collection into this node, or push STIX files to one', load: () => import('./commands/taxii.js') },
  token: { summary: 'create, list and revoke API tokens', load: () => import('./commands/token.js') },
  share: { summary: 'share a stored object version with other members (a signed share record)', load: () => import('./commands/share.js') },
  publications: { summary: 'shares waiting for a second user (four-eyes rule): list, show, approve, reject, withdraw', load: () => import('./commands/publications.js') },
  retractions: { summary: 'narrow or end a share, or purge what was shared, on every node that holds it; see who has applied it', load: () => import('./commands/retractions.js') },
  members: { summary: 'list the members this node knows (static list), or print this node\'s own entry', load: () => import('./commands/members.js') },
  feeds: { summary: 'the remote feeds pulled on a schedule (accord.json "feeds"): their state, or pull them now', load: () => import('./commands/feeds.js') },
  peers: { summary: 'the peer nodes this node pulls from: sync status, pull now, what was held back', load: () => import('./commands/peers.js') },
  demo: { summary: 'start three or more member nodes on loopback with sample intelligence shared under different audiences', load: () => import('./commands/demo.js') },
  warninglists: { summary: 'the known-benign lists used at import and export: list them, check values, install MISP-format lists', load: () => import('./commands/warninglists.js') },
  assets: { summary: 'the critical information infrastructure registry: add, list, show, update, remove, import CSV, run the watch', load: () => import('./commands/assets.js') },
  alerts: { summary: 'alerts raised when intelligence touches a registered asset: list, show, ack, resolve, false-positive', load: () => import('./commands/alerts.js') },
  detections: { summary: 'alerts raised when indicators matched your own logs: list, show, ack, resolve, false-positive, share the sighting back', load: () => import('./commands/detections.js') },
  sightings: { summary: 'sightings of an indicator from every member, with totals; report a sighting, false positive or expiry', load: () => import('./commands/sightings.js') },
  collection: { summary: 'add, list, update and remove TAXII collections (who may read and write them)', load: () => import('./commands/collection.js') },
};

function help(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`);
  return `accord ${VERSION} — a member node of the Accord cooperation mechanism (STIX 2.1 / TAXII 2.1)

Usage: accord <command> [options]

Commands:
${rows.join('\n')}

Run \`accord <command> --help\` for a command's options. Documentation: README.md, docs/operations.md.
`;
}

/** Runs the command line and returns the exit status. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(help());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr.write(`accord: unknown command "${name}"\n\n${help()}`);
    return EXIT.usage;
  }
  try {
    return await (await command.load()).run(rest, io);
  } catch (e) {
    // Checked by shape, not instanceof, so that this file loads no area code before it is needed.
    if (e instanceof Error && e.name === 'AccordError') {
      const { code, kind } = e as Error & { code: string; kind: string };
      io.stderr.write(`accord ${name}: ${e.message}\n`);
      if (code === 'cli.usage') {
        io.stderr.write(`Run \`accord ${name} --help\` for usage.\n`);
        return EXIT.usage;
      }
      return kind === 'invalid' && code !== 'config.invalid' ? EXIT.invalid : EXIT.failure;
    }
    io.stderr.write(`accord ${name}: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT.failure;
  }
}

process.exitCode = await main(process.argv.slice(2), processIo());
