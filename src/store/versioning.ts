// The version rules every adapter applies when a version arrives (STIX 2.1 §3.6), decided in
// one pure function so that SQLite and PostgreSQL cannot disagree:
//   - a version is id + version timestamp (`modified`, else `created`); the same version with
//     the same content hash is "unchanged", with a different hash a conflict (the first stays);
//   - objects with neither timestamp (most SCOs) are unversioned: each distinct content is kept
//     under its content hash and its version timestamp is its date_added (TAXII 2.1's rule);
//   - the newest version is current ("latest"); once the newest version is revoked, no later
//     version may follow (§3.6.2: revocation is permanent);
//   - a version older than what is stored is kept as history and does not become current.
import { formatMicros, nextStamp, sortableTimestamp } from './clock.js';
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

/** One version as a batch plan sees it: stored before, or written by this batch. */
export interface PlannedVersion {
  readonly added: number;
  readonly vsort: string;
  readonly vkey: string;
  readonly hash: string;
  readonly revoked: boolean;
  latest: boolean;
  first: boolean;
  /** False for a version this batch writes (its flags may still change before it is inserted). */
  readonly stored: boolean;
}

/** A version the batch writes, with the row facts the adapter needs. */
export interface WrittenVersion {
  readonly item: PreparedObject;
  /** The version timestamp as written (`modified` ?? `created` ?? date_added). */
  readonly version: string;
  readonly row: PlannedVersion;
}

export interface BatchPlan {
  readonly outcomes: PutOutcome[];
  readonly written: WrittenVersion[];
  /** date_added of stored versions that stop being latest / first. */
  readonly clearLatest: number[];
  readonly clearFirst: number[];
  /** The clock's value after this batch. */
  readonly last: number;
}

/**
 * Plans a batch: applies decideVersion item by item, in batch order, against `view` (the stored
 * versions of the batch's ids, by id), which it updates with the versions the batch writes, so a
 * batch holding several versions of one id is decided exactly as if they came one by one.
 * Stamps come from the clock (`last`, `now`); the adapter writes the plan inside its write lock.
 */
export function planBatch(batch: readonly PreparedObject[], view: Map<string, PlannedVersion[]>, last: number, now: number): BatchPlan {
  const outcomes: PutOutcome[] = [];
  const written: WrittenVersion[] = [];
  const clearLatest: number[] = [];
  const clearFirst: number[] = [];
  for (const item of batch) {
    const versions = view.get(item.id) ?? [];
    const stamp = nextStamp(last, now);
    const decision = decideVersion(item, versions, stamp);
    if (decision.outcome !== undefined) {
      outcomes.push(decision.outcome);
      continue;
    }
    last = stamp;
    for (const v of versions) {
      if (v.added === decision.previousLatest) {
        v.latest = false;
        if (v.stored) clearLatest.push(v.added);
      }
      if (v.added === decision.previousFirst) {
        v.first = false;
        if (v.stored) clearFirst.push(v.added);
      }
    }
    const row: PlannedVersion = {
      added: stamp, vsort: decision.vsort, vkey: decision.vkey, hash: item.hash, revoked: item.revoked,
      latest: decision.latest, first: decision.first, stored: false,
    };
    outcomes.push({ status: versions.length === 0 ? 'new' : 'new-version', added: stamp });
    versions.push(row);
    view.set(item.id, versions);
    written.push({ item, version: decision.version, row });
  }
  return { outcomes, written, clearLatest, clearFirst, last };
}
