// The version rules every adapter applies when a version arrives (STIX 2.1 §3.6), decided in
// one pure function so that SQLite and PostgreSQL cannot disagree:
//   - a version is id + version timestamp (`modified`, else `created`); the same version with
//     the same content hash is "unchanged", with a different hash a conflict (the first stays);
//   - objects with neither timestamp (most SCOs) are unversioned: each distinct content is kept
//     under its content hash and its version timestamp is its date_added (TAXII 2.1's rule);
//   - the newest version is current ("latest"); once the newest version is revoked, no later
//     version may follow (§3.6.2: revocation is permanent);
//   - a version older than what is stored is kept as history and does not become current.
import { formatMicros, sortableTimestamp } from './clock.js';
import type { PreparedObject, PutOutcome } from './port.js';

/** The stored facts about one existing version that the rules need. */
export interface VersionRow {
  readonly added: number;
  readonly vsort: string;
  readonly vkey: string;
  readonly hash: string;
  readonly revoked: number | boolean;
  readonly latest: number | boolean;
  readonly first: number | boolean;
}

export type VersionDecision =
  | { readonly outcome: PutOutcome }
  | {
      readonly outcome: undefined;
      readonly version: string;
      readonly vsort: string;
      readonly vkey: string;
      readonly latest: boolean;
      readonly first: boolean;
      /** date_added of the version that stops being latest / first, if any. */
      readonly previousLatest: number | undefined;
      readonly previousFirst: number | undefined;
    };

/** Decides what storing `item` (stamped `stamp` if stored) means, given the versions already stored. */
export function decideVersion(item: PreparedObject, existing: readonly VersionRow[], stamp: number): VersionDecision {
  const version = item.version ?? formatMicros(stamp);
  const vsort = sortableTimestamp(version);
  const vkey = item.version === null ? `#${item.hash}` : vsort;
  const same = existing.find((r) => r.vkey === vkey);
  if (same !== undefined) {
    if (same.hash === item.hash) return { outcome: { status: 'unchanged', added: same.added } };
    return {
      outcome: {
        status: 'conflict',
        code: 'store.version-conflict',
        message: `${item.id} version ${version} is already stored with different content (hash ${same.hash.slice(0, 12)}…); the first one is kept`,
      },
    };
  }
  const latest = existing.find((r) => Boolean(r.latest));
  const first = existing.find((r) => Boolean(r.first));
  const newer = latest === undefined || vsort > latest.vsort;
  if (newer && latest !== undefined && Boolean(latest.revoked)) {
    return {
      outcome: {
        status: 'rejected',
        code: 'store.after-revoked',
        message: `${item.id} is revoked (its newest stored version says revoked: true); no later version may follow (STIX 2.1 §3.6.2)`,
      },
    };
  }
  const older = first === undefined || vsort < first.vsort;
  return {
    outcome: undefined,
    version,
    vsort,
    vkey,
    latest: newer,
    first: older,
    previousLatest: newer && latest !== undefined ? latest.added : undefined,
    previousFirst: older && first !== undefined ? first.added : undefined,
  };
}
