// What one pull of a plain feed changes (docs/decisions/0026), decided in one pure function from
// the value rows stored before and the values the feed lists now. Each row holds the dates of
// its value's latest indicator version; a row changes only when that version must change:
//   - a value listed for the first time: created = valid_from = modified = now;
//   - a value listed again after it was gone: a new version valid from now (created kept);
//   - a value no longer listed: a new version with valid_until = now (devices stop using it),
//     unless it had expired already; a vulnerability (CVE) has no validity and only is marked gone;
//   - with validDays, a listed value whose validity has less than half of it left is extended to
//     now + validDays; a change of TLP or validDays makes a new version of every listed value.
// Everything else is left as it is, so pulling an unchanged feed stores nothing new. A new
// version's `modified` is later than the last one's even when the clock stepped back.
import type { FeedValueRecord } from '../store/index.js';

export interface PlanInput {
  /** The feed's stored rows (any order). */
  readonly rows: readonly FeedValueRecord[];
  /** The keys (`<kind> <value>`) the feed lists now; duplicates allowed. */
  readonly listed: readonly string[];
  readonly now: Date;
  readonly validDays?: number | undefined;
  /** The settings the rows' versions were made with differ from the feed's now. */
  readonly settingsChanged: boolean;
}

export interface Plan {
  /** The rows that changed, new ones included: their objects are made and stored. */
  readonly changed: FeedValueRecord[];
  /** Values listed for the first time, or again after they were gone. */
  readonly added: number;
  /** Values found gone. */
  readonly removed: number;
  /** Distinct values the feed lists now. */
  readonly listed: number;
}

const DAY_MS = 86_400_000;

/** The later of `t` and 1 ms after `floor` (a version timestamp or a validity end that must follow it). */
function after(t: number, floor: string): string {
  return new Date(Math.max(t, Date.parse(floor) + 1)).toISOString();
}

/** A listed value whose validity (of `days`) has less than half of it left. */
function renewable(row: FeedValueRecord, days: number | undefined, now: number): boolean {
  return days !== undefined && (row.validUntil === null || Date.parse(row.validUntil) - now < (days * DAY_MS) / 2);
}

/** Decides the rows a pull changes (see the header). */
export function planPull(input: PlanInput): Plan {
  const now = input.now.getTime();
  const iso = input.now.toISOString();
  const days = input.validDays;
  // A vulnerability has no validity: validDays never applies to it.
  const dated = (key: string): number | undefined => (key.startsWith('cve ') ? undefined : days);
  const until = (key: string, from: number): string | null => {
    const d = dated(key);
    return d === undefined ? null : new Date(from + d * DAY_MS).toISOString();
  };
  const byKey = new Map(input.rows.map((r) => [r.key, r]));
  const listed = new Set(input.listed);
  const changed: FeedValueRecord[] = [];
  let added = 0;
  let removed = 0;
  for (const key of listed) {
    const row = byKey.get(key);
    if (row === undefined) {
      changed.push({ key, created: iso, validFrom: iso, modified: iso, validUntil: until(key, now), goneAt: null });
      added++;
    } else if (row.goneAt !== null) {
      const modified = after(now, row.modified);
      changed.push({ ...row, validFrom: modified, modified, validUntil: until(key, Date.parse(modified)), goneAt: null });
      added++;
    } else if (input.settingsChanged || renewable(row, dated(key), now)) {
      const modified = after(now, row.modified);
      changed.push({ ...row, modified, validUntil: until(key, Date.parse(modified)) });
    }
  }
  for (const row of input.rows) {
    if (row.goneAt !== null || listed.has(row.key)) continue;
    removed++;
    const expired = row.validUntil !== null && Date.parse(row.validUntil) <= now;
    if (expired || row.key.startsWith('cve ')) {
      changed.push({ ...row, goneAt: iso });
      continue;
    }
    const modified = after(now, row.modified);
    changed.push({ ...row, modified, validUntil: after(Date.parse(modified), row.validFrom), goneAt: iso });
  }
  return { changed, added, removed, listed: listed.size };
}
