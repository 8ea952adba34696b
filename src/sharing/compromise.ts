// A key declared compromised as of a time (a membership decision, issue 6) takes back what it
// signed from then on: the share records this node holds that such a key signed at or after that
// time are quarantined — they grant nobody anything any more, so the versions they alone covered
// are no longer passed on — and records arriving later are refused when verified (records.ts).
import type { Store } from '../store/index.js';
import { SHARE_TYPE } from './records.js';
import type { VisibilityService } from './visibility.js';

/** Quarantines the held share records signed by these keys (fingerprint → compromised as of) at or after that time; returns their ids. */
export async function quarantineCompromised(store: Store, visibility: VisibilityService, compromised: ReadonlyMap<string, string>): Promise<string[]> {
  if (compromised.size === 0) return [];
  const hit: { id: string; fingerprint: string }[] = [];
  let after = 0;
  for (;;) {
    const page = await store.objects.listBodies({ types: [SHARE_TYPE], versions: 'all', after, limit: 1000 });
    for (const item of page.items) {
      after = item.added;
      let record: { id?: unknown; modified?: unknown; signature?: { key_fingerprint?: unknown } };
      try {
        record = JSON.parse(item.json) as typeof record;
      } catch {
        continue;
      }
      const fp = record.signature?.key_fingerprint;
      const since = typeof fp === 'string' ? compromised.get(fp) : undefined;
      if (since === undefined || typeof record.modified !== 'string' || typeof record.id !== 'string') continue;
      if (Date.parse(record.modified) >= Date.parse(since)) hit.push({ id: record.id, fingerprint: fp as string });
    }
    if (!page.more || page.items.length === 0) break;
  }
  const held = new Set((await store.shares.get(hit.map((h) => h.id))).filter((r) => r.state === 'valid').map((r) => r.id));
  const ids = hit.map((h) => h.id).filter((id) => held.has(id));
  for (let i = 0; i < ids.length; i += 1000) {
    await visibility.quarantine(ids.slice(i, i + 1000), 'signed with a key declared compromised as of a time before the record was made');
  }
  return ids;
}
