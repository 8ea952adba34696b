// What goes into this member's MISP feed (issue 7, "Export to MISP"): partners still on MISP are
// outside the federation, so only what the member has itself shared with every member — a valid
// share record of its own, audience "all", naming the version (what it shared with named members
// or a group stays with them) — at or below a TLP ceiling (never RED), the stricter of the share's
// TLP and the object's own marking deciding. Each object in its shared version; with it the
// identities that name its creator and sighters and the observables its observed-data refer to,
// without which MISP could not be told who made it or what was seen.
import { policiesOf } from '../sharing/index.js';
import { isRevoked, tlpOfObject, tlpRank, type TlpLevel } from '../stix/index.js';
import type { Store, StoredObject } from '../store/index.js';

/** An object left out of the feed, and why. */
export interface NotShareable {
  readonly id: string;
  readonly reason: string;
}

const SKIPPED_TYPES = new Set(['marking-definition', 'extension-definition', 'language-content']);

/** The objects of the feed, then the identities and observables they need. */
export async function* mispShareable(store: Store, self: string, ceiling: TlpLevel, left: NotShareable[]): AsyncGenerator<Record<string, unknown>> {
  if (ceiling === 'red') throw new Error('TLP:RED never goes into a MISP feed');
  const given = new Set<string>();
  const needed = new Set<string>();
  let after = 0;
  for (;;) {
    const page = await store.objects.list({ versions: 'last', after, limit: 1000 });
    for (const stored of page.items) {
      after = stored.added;
      if (SKIPPED_TYPES.has(stored.type) || stored.type.startsWith('x-accord-') || stored.type === 'identity') continue;
      const mine = policiesOf((await store.shares.forObject(stored.id)).filter((r) => r.state === 'valid' && r.sharer === self)).filter((s) => s.audience.kind === 'all');
      if (mine.length === 0) continue;
      // The latest version this member shared, at the least restrictive TLP it shared it under.
      const latest = mine.reduce((a, b) => ((b.objectVersion ?? '') > (a.objectVersion ?? '') ? b : a));
      const shares = mine.filter((s) => s.objectVersion === latest.objectVersion);
      const shareTlp = shares.map((s) => s.tlp).reduce((a, b) => (tlpRank(b) < tlpRank(a) ? b : a));
      const version = latest.objectVersion === stored.version || latest.objectVersion === null ? stored
        : (await store.objects.versions(stored.id)).find((v: StoredObject) => v.version === latest.objectVersion);
      if (version === undefined) continue;
      const object = JSON.parse(version.json) as Record<string, unknown>;
      if (isRevoked(object)) continue;
      const own = tlpOfObject(object);
      const tlp = own !== undefined && tlpRank(own) > tlpRank(shareTlp) ? own : shareTlp;
      if (tlp === 'red' || tlpRank(tlp) > tlpRank(ceiling)) {
        left.push({ id: stored.id, reason: `TLP:${tlp.toUpperCase()} is above the feed's ceiling TLP:${ceiling.toUpperCase()}` });
        continue;
      }
      given.add(stored.id);
      const refs: unknown[] = [object.created_by_ref, ...(Array.isArray(object.where_sighted_refs) ? object.where_sighted_refs as unknown[] : []),
        ...(object.type === 'observed-data' && Array.isArray(object.object_refs) ? object.object_refs as unknown[] : [])];
      for (const ref of refs) {
        if (typeof ref === 'string') needed.add(ref);
      }
      yield object;
    }
    if (!page.more || page.items.length === 0) break;
  }
  // The identities and observables named, and what those observables refer to in turn.
  const queue = [...needed].filter((id) => !given.has(id));
  while (queue.length > 0) {
    const id = queue.shift() as string;
    if (given.has(id)) continue;
    given.add(id);
    const stored = (await store.objects.versions(id)).at(-1);
    if (stored === undefined) continue;
    const object = JSON.parse(stored.json) as Record<string, unknown>;
    for (const k of ['resolves_to_refs', 'dst_ref', 'src_ref']) for (const r of [object[k]].flat()) if (typeof r === 'string' && !given.has(r)) queue.push(r);
    yield object;
  }
}
