// Feed pulls as the command line and `accord serve` compose them (docs/decisions/0026): the pull
// context over an open node (its member, warninglists, batch sizes, the publishing service for
// feeds with an audience), the audit entries of a pull, and a pull's summary in the words of
// `accord import`. `accord feeds pull` pulls once; `serve` runs the schedule.
import { FeedSchedule, type FeedDefinition, type FeedPullContext, type FeedPullReport } from '../interop/index.js';
import { formatMicros } from '../store/index.js';
import type { Publisher, PublishingService } from '../sharing/index.js';
import type { Config } from './config.js';
import { nodeMemberId } from './node.js';
import { n } from './progress.js';
import type { RoleLogger, RoleWork } from './role.js';
import type { NodeServices } from './services.js';
import { nodeWarninglists } from './warninglists.js';

/** The context of pulls by `actor`: each committed batch goes to the audit log as object.imported. */
export async function feedPullContext(node: NodeServices, config: Config, actor: string, sharing?: { publishing: PublishingService; publisher: Publisher }): Promise<FeedPullContext> {
  return {
    store: node.store, createdBy: await nodeMemberId(node.store), warninglists: nodeWarninglists(config.dataDir),
    batchSize: config.importBatchSize, maxObjectBytes: config.maxObjectBytes,
    ...(sharing !== undefined ? { publishing: sharing.publishing, publisher: sharing.publisher } : {}),
    onBatch: async (feed, b) => {
      await node.audit.record({
        actor, action: 'object.imported', target: `feed:${feed.name}`,
        details: { new: b.new, newVersions: b.newVersion, revoked: b.revoked, dateAddedFirst: formatMicros(b.firstAdded), dateAddedLast: formatMicros(b.lastAdded) },
      });
    },
  };
}

/** Records a pull in the audit log: the feed, its URL without the query, the outcome and counts (never its header fields). */
export async function auditPull(node: NodeServices, actor: string, feed: FeedDefinition, r: FeedPullReport): Promise<void> {
  await node.audit.record({
    actor, action: 'feed.pulled', target: `feed:${feed.name}`, outcome: r.outcome === 'failed' ? 'failed' : 'ok',
    details: {
      url: r.url, outcome: r.outcome, listed: r.listed, added: r.added, removed: r.removed, new: r.new, newVersions: r.newVersion,
      unchanged: r.unchanged, rejected: r.rejected, warninglisted: r.flagged,
      ...(r.shared !== undefined ? { shared: r.shared } : {}), ...(r.error !== undefined ? { error: r.error } : {}),
    },
  });
}

/** A pull in words: what the feed lists, what the store did, what was shared, or why it failed. */
export function describePull(r: FeedPullReport): string {
  if (r.outcome === 'failed') return `Pulling "${r.feed}" failed: [${r.error?.code ?? 'feed.failed'}] ${r.error?.message ?? ''}\n`;
  if (r.outcome === 'not-modified' && r.items === 0) return `"${r.feed}" (${r.url}) has not changed since the last pull: nothing stored\n`;
  const lines = [
    `Pulled "${r.feed}" (${r.url}): ${n(r.listed)} values listed, ${n(r.added)} new to the feed, ${n(r.removed)} gone from it`,
    `  new           ${n(r.new).padStart(12)}`,
    `  new versions  ${n(r.newVersion).padStart(12)}`,
    `  unchanged     ${n(r.unchanged).padStart(12)}`,
    `  rejected      ${n(r.rejected).padStart(12)}`,
    ...(r.flagged > 0 ? [`  warninglisted ${n(r.flagged).padStart(12)} (stored, labelled warninglist:…, kept out of device exports)`] : []),
  ];
  if (r.skipped.length + r.refusals.length > 0) {
    lines.push(`Rejected (first ${r.skipped.length + r.refusals.length} of ${n(r.rejected)}):`);
    for (const s of r.skipped) lines.push(`  ${r.feed}:${s.line}  [feed.not-a-value] ${s.reason}`);
    for (const s of r.refusals) lines.push(`  ${r.feed}  ${s.id ?? '(no id)'}  [${s.code}] ${s.message}`);
  }
  if (r.flaggedValues.length > 0) {
    lines.push(`On warninglists (first ${r.flaggedValues.length} of ${n(r.flagged)}):`);
    for (const f of r.flaggedValues) lines.push(`  ${r.feed}  ${f.value} is on ${f.lists.join(', ')}`);
  }
  const s = r.shared;
  if (s?.error !== undefined) lines.push(`Sharing failed: [${s.error.code}] ${s.error.message}`);
  else if (s?.publication !== undefined) lines.push(`Publication request ${s.publication} awaits approval by a second user (accord publications show ${s.publication})`);
  else if (s !== undefined) lines.push(`Shared ${n(s.shared)} objects${s.refused > 0 ? `; ${n(s.refused)} refused` : ''}`);
  for (const refusal of s?.refusals ?? []) lines.push(`  refused ${refusal.id}: [${refusal.code}] ${refusal.reason}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The scheduled pulls of `accord serve`, as work for the "feeds" role: each report is logged and
 * audited as the node's; what a feed with an audience stored is shared by the node (a publication
 * request under the four-eyes rule, for a user to approve).
 */
export function feedPullWork(node: NodeServices, config: Config, publishing: PublishingService, log: RoleLogger): RoleWork {
  let schedule: FeedSchedule | undefined;
  return {
    what: 'feed pulls',
    start: async () => {
      const ctx = await feedPullContext(node, config, 'node', { publishing, publisher: { person: 'node', actor: 'node' } });
      schedule = new FeedSchedule(ctx, config.feeds, {
        onReport: async (feed, r) => {
          const { skipped: _s, refusals: _r, flaggedValues: _f, ...counts } = r;
          if (r.outcome === 'failed') log.warn(counts, `pulling the feed "${feed.name}" failed`);
          else log.info(counts, `pulled the feed "${feed.name}"`);
          await auditPull(node, 'node', feed, r);
        },
        onError: (feed, err) => log.warn({ feed: feed.name, err }, `could not pull the feed "${feed.name}"`),
      });
      schedule.start();
      log.info({ feeds: config.feeds.map((f) => f.name) }, 'feed pulls started');
    },
    stop: async () => {
      await schedule?.stop();
      schedule = undefined;
    },
  };
}
