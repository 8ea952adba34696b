// What a member may put into its own devices' feeds (docs/sharing-policy.md, "What may go into
// device feeds"), as export items: the latest version of every indicator it may read under some
// share whose TLP — with the indicator's own marking, the more restrictive of the two — is not RED
// (shares add up: the least restrictive such level counts), whose pattern names plain values
// (pattern-values.ts). Everything else is reported, with the reason, never dropped silently.
import { mayFeedDevices, policiesOf, type MembershipView, type VisibilityService } from '../sharing/index.js';
import { isRevoked, tlpRank, type TlpLevel } from '../stix/index.js';
import type { ObjectQuery, Store } from '../store/index.js';
import type { ExportItem } from './defender-values.js';
import { valuesOfPattern } from './pattern-values.js';

/** An indicator that gave no export item, and why. */
export interface NotFeedable {
  readonly id: string;
  readonly reason: string;
}

export interface FeedableContext {
  readonly store: Store;
  /** Narrows the indicators read (a saved export's filter, a feed's added_after); default all. */
  readonly query?: Pick<ObjectQuery, 'labels' | 'createdBy' | 'after'>;
  readonly membership: MembershipView;
  readonly self: string;
  /** Reads stored versions as the policy sees them (its policyVersion). */
  readonly visibility: Pick<VisibilityService, 'policyVersion'>;
}

/** An export item with the stored indicator version it came from. */
export interface FeedableItem extends ExportItem {
  /** The version's date_added on this node (µs): what a feed's added_after compares. */
  readonly added: number;
  /** The version's canonical JSON, as stored. */
  readonly json: string;
}

/** The export items of every feedable indicator, page by page, and the indicators that gave none. */
export async function* feedableItems(ctx: FeedableContext, notFeedable: NotFeedable[]): AsyncGenerator<FeedableItem> {
  let after = ctx.query?.after ?? 0;
  for (;;) {
    const page = await ctx.store.objects.list({ ...ctx.query, types: ['indicator'], versions: 'last', after, limit: 1000 });
    for (const stored of page.items) {
      after = stored.added;
      const object = JSON.parse(stored.json) as Record<string, unknown>;
      if (isRevoked(object)) continue;
      const version = ctx.visibility.policyVersion(stored);
      if (version === undefined) continue;
      const decision = mayFeedDevices(ctx.self, version, policiesOf((await ctx.store.shares.forObject(stored.id)).filter((r) => r.state === 'valid')), ctx.membership);
      if (!decision.allowed) {
        notFeedable.push({ id: stored.id, reason: decision.denials.map((d) => d.reason).join('; ') || 'no share lets this member feed it to devices' });
        continue;
      }
      const tlp = decision.grants.map((g) => (version.inlineTlp !== undefined && tlpRank(version.inlineTlp) > tlpRank(g.share.tlp) ? version.inlineTlp : g.share.tlp))
        .reduce((a: TlpLevel, b) => (tlpRank(b) < tlpRank(a) ? b : a));
      const pattern = typeof object.pattern === 'string' && object.pattern_type === 'stix' ? valuesOfPattern(object.pattern) : { reason: 'not a STIX pattern' };
      if ('reason' in pattern) {
        notFeedable.push({ id: stored.id, reason: pattern.reason });
        continue;
      }
      for (const v of pattern.values) {
        yield {
          kind: v.kind, value: v.value, id: stored.id, tlp, added: stored.added, json: stored.json,
          ...(typeof object.name === 'string' ? { name: object.name } : {}),
          ...(typeof object.valid_until === 'string' ? { validUntil: object.valid_until } : {}),
        };
      }
    }
    if (!page.more || page.items.length === 0) return;
  }
}
