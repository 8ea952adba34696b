// `accord feeds`: the remote feeds configured in accord.json (`feeds`; docs/interop.md, "Pulling
// feeds"), each with what its last pull did, and a pull on demand. The serving node pulls each
// feed on its interval; `accord feeds pull` runs the same pull now, in this process.
import type { FeedDefinition, FeedPullReport } from '../../interop/index.js';
import { describeFeedUrl, pullFeed } from '../../interop/index.js';
import { AccordError, type FeedStateRecord } from '../../store/index.js';
import { commandLine, usageText, type OptionTable } from '../args.js';
import { auditPull, describePull, feedPullContext } from '../feeds.js';
import { EXIT, type Io } from '../io.js';
import { cliPublisher, openPublishing } from '../publishing.js';
import { cliActor } from '../services.js';

const OPTIONS: OptionTable = {
  json: { type: 'boolean', describe: 'print JSON' },
};

export const USAGE = usageText('accord feeds [list | pull [NAME...]] [options]',
  'The remote feeds configured in accord.json ("feeds"), which `accord serve` pulls on their interval.\n' +
  '  list          each feed: URL, format, TLP, interval, audience, and its last pull (the default)\n' +
  '  pull [NAME…]  pull these feeds (or every feed) now and print what was stored\n' +
  'Exit status of pull: 0 all pulled, 1 some lines or objects rejected, 3 a feed could not be pulled.', OPTIONS);

/** What a feed's last pull did, as stored. */
function lastOutcome(state: FeedStateRecord | undefined): Partial<FeedPullReport> | undefined {
  if (state?.outcome == null) return undefined;
  return JSON.parse(state.outcome) as Partial<FeedPullReport>;
}

function describeFeed(feed: FeedDefinition, state: FeedStateRecord | undefined): string {
  const audience = feed.audience === undefined ? 'none (not shared)' : feed.audience.kind === 'all' ? 'all members'
    : feed.audience.kind === 'group' ? `group ${feed.audience.group}@${feed.audience.version}` : feed.audience.kind === 'members' ? `members ${feed.audience.members.join(', ')}` : 'this member alone';
  const last = lastOutcome(state);
  const lines = [
    feed.name,
    `  url           ${describeFeedUrl(feed.url)}${new URL(feed.url).search !== '' ? '?…' : ''}`,
    `  format        ${feed.format}${feed.column !== undefined ? ` (column ${String(feed.column)})` : ''}, TLP:${feed.tlp.toUpperCase()}${feed.validDays !== undefined ? `, valid ${feed.validDays} days` : ''}, every ${feed.intervalMinutes} minutes`,
    `  audience      ${audience}`,
    ...(feed.headers !== undefined ? [`  headers       ${Object.keys(feed.headers).join(', ')} (values not shown)`] : []),
    `  last pull     ${state?.lastAttempt ?? 'never'}${last?.outcome !== undefined ? ` (${last.outcome})` : ''}`,
    `  last success  ${state?.lastSuccess ?? 'never'}`,
  ];
  if (state?.errorCode != null) lines.push(`  last error    [${state.errorCode}] ${state.errorMessage ?? ''}${state.failures > 1 ? ` (${state.failures} failed in a row)` : ''}`);
  if (last?.listed !== undefined && last.outcome === 'stored') lines.push(`  values        ${last.listed} listed; last pull: ${last.new ?? 0} new, ${last.newVersion ?? 0} new versions, ${last.removed ?? 0} gone`);
  if (state?.etag != null || state?.lastModified != null) lines.push(`  validators    ${[state.etag !== null ? `ETag ${state.etag}` : '', state.lastModified !== null ? `Last-Modified ${state.lastModified}` : ''].filter((s) => s !== '').join(', ')}`);
  return lines.join('\n');
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, OPTIONS, USAGE, io, 'some');
  if (parsed === undefined) return EXIT.ok;
  const { values, positionals } = parsed;
  const [action = 'list', ...names] = positionals;
  if (action !== 'list' && action !== 'pull') throw new AccordError('invalid', 'cli.usage', `unknown action "${action}": list or pull`);
  if (action === 'list' && names.length > 0) throw new AccordError('invalid', 'cli.usage', `unexpected argument "${names[0]}"`);
  const { node, publishing, config } = await openPublishing(values, io);
  try {
    const unknown = names.filter((name) => !config.feeds.some((f) => f.name === name));
    if (unknown.length > 0) {
      throw new AccordError('invalid', 'cli.usage', `no feed named ${unknown.map((u) => `"${u}"`).join(', ')} is configured (${config.feeds.length === 0 ? 'none is' : `configured: ${config.feeds.map((f) => `"${f.name}"`).join(', ')}`})`);
    }
    if (config.feeds.length === 0) {
      io.stdout.write('No feeds are configured: add them to accord.json as "feeds" (docs/interop.md, "Pulling feeds").\n');
      return EXIT.ok;
    }
    const feeds = names.length === 0 ? config.feeds : config.feeds.filter((f) => names.includes(f.name));
    if (action === 'list') {
      const states = new Map((await node.store.feeds.states()).map((s) => [s.name, s]));
      if (values.json === true) {
        io.stdout.write(`${JSON.stringify({ feeds: feeds.map((f) => ({ ...f, headers: Object.keys(f.headers ?? {}), url: describeFeedUrl(f.url), state: states.get(f.name) ?? null })) }, null, 2)}\n`);
      } else {
        io.stdout.write(`${feeds.map((f) => describeFeed(f, states.get(f.name))).join('\n')}\n`);
      }
      return EXIT.ok;
    }
    const actor = cliActor();
    const ctx = await feedPullContext(node, config, actor, { publishing, publisher: cliPublisher() });
    // Every feed in parallel; one failing does not stop the others.
    const reports = await Promise.all(feeds.map(async (feed) => {
      const report = await pullFeed(ctx, feed);
      await auditPull(node, actor, feed, report);
      return report;
    }));
    io.stdout.write(values.json === true ? `${JSON.stringify({ pulls: reports }, null, 2)}\n` : reports.map(describePull).join(''));
    return reports.some((r) => r.outcome === 'failed') ? EXIT.failure : reports.some((r) => r.rejected > 0) ? EXIT.invalid : EXIT.ok;
  } finally {
    await node.close();
  }
}
