// The rules of the share index and of settling the visibility table, decided in pure functions so
// that SQLite and PostgreSQL cannot disagree (as versioning.ts does for object versions). The
// adapters read what these need and write what they return, inside their write lock.
import { AccordError } from '../stix/index.js';
import type { SharePutOutcome, ShareRow, VisibilityEntry, VisibilityPlan } from './visibility.port.js';

export interface SharePlan {
  readonly outcomes: SharePutOutcome[];
  /** Rows to insert or overwrite, in batch order (one per id: the last state wins). */
  readonly writes: ShareRow[];
}

function sameRecord(a: ShareRow, b: ShareRow): boolean {
  return a.recordAdded === b.recordAdded && a.objectId === b.objectId && a.objectVersion === b.objectVersion
    && a.objectHash === b.objectHash && a.sharer === b.sharer;
}

function sameRow(a: ShareRow, b: ShareRow): boolean {
  return sameRecord(a, b) && a.policy === b.policy && a.state === b.state && a.reason === b.reason;
}

/**
 * Plans `shares.put`: each row against `existing` (the stored rows with the batch's ids), which
 * it updates as it goes, so a batch holding one id twice is decided as if the rows came one by one.
 */
export function planShares(existing: Map<string, ShareRow>, rows: readonly ShareRow[]): SharePlan {
  const outcomes: SharePutOutcome[] = [];
  const writes = new Map<string, ShareRow>();
  for (const row of rows) {
    const held = existing.get(row.id);
    if (held === undefined) {
      outcomes.push({ id: row.id, status: 'stored' });
    } else if (!sameRecord(held, row)) {
      outcomes.push({
        id: row.id, status: 'conflict', code: 'store.share-conflict',
        message: `share ${row.id} is already indexed for another record version or binding (record date_added ${held.recordAdded}, ` +
          `object ${held.objectId}, sharer ${held.sharer}); a share record is never re-versioned, the first one is kept`,
      });
      continue;
    } else if (sameRow(held, row)) {
      outcomes.push({ id: row.id, status: 'unchanged' });
      continue;
    } else {
      outcomes.push({ id: row.id, status: 'updated' });
    }
    existing.set(row.id, row);
    writes.set(row.id, row);
  }
  return { outcomes, writes: [...writes.values()] };
}

/** The pairs of `entries` not in `held` (keys `member|objectAdded`), without repeats. */
export function newPairs(entries: readonly VisibilityEntry[], held: ReadonlySet<string>): VisibilityEntry[] {
  const seen = new Set(held);
  const out: VisibilityEntry[] = [];
  for (const e of entries) {
    const k = pairKey(e);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(e);
  }
  return out;
}

export function pairKey(e: VisibilityEntry): string {
  return `${e.member}|${e.objectAdded}`;
}

export interface SettleDiff {
  readonly grant: VisibilityEntry[];
  readonly revoke: VisibilityEntry[];
}

/**
 * What to grant and revoke so that the rows of `settled` (the versions being settled) become
 * exactly `plan`. Grants come share records first, then by date_added, so a peer paging in stamp
 * order receives the record that lets it verify a version no later than the version itself.
 */
export function settleDiff(settled: ReadonlySet<number>, records: ReadonlySet<number>, current: readonly VisibilityEntry[], plan: VisibilityPlan): SettleDiff {
  for (const added of plan.keys()) {
    if (!settled.has(added)) {
      throw new AccordError('internal', 'store.settle-outside', `the visibility plan names version ${added}, which is not among the versions being settled`);
    }
  }
  const held = new Set(current.map(pairKey));
  const wanted = new Set<string>();
  const grant: VisibilityEntry[] = [];
  for (const [objectAdded, members] of plan) {
    for (const member of members) {
      const e = { member, objectAdded };
      wanted.add(pairKey(e));
      if (!held.has(pairKey(e))) grant.push(e);
    }
  }
  const revoke = current.filter((e) => !wanted.has(pairKey(e)));
  const rank = (e: VisibilityEntry): number => (records.has(e.objectAdded) ? 0 : 1);
  grant.sort((a, b) => rank(a) - rank(b) || a.objectAdded - b.objectAdded || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0));
  return { grant, revoke };
}

/** The error for a read that names both a member and a collection (see ObjectQuery). */
export function visibleInCollection(): AccordError {
  return new AccordError('invalid', 'store.bad-query', 'a read cannot page both a member\'s visibility and a members collection (visibleTo with collection)');
}

/**
 * The SQL condition (both dialects) that a row `o` read through a member's visibility row `v` is
 * the newest (or oldest) version *that member may see*: no other version of the same object
 * visible to it is newer (older), in the order the latest/first flags use (vsort, then added).
 * Checked per candidate row through objects (id, vkey) and the (member_id, object_added) index,
 * so it costs a few lookups per row served, not a scan.
 */
export function visibleEdge(first: boolean): string {
  const beyond = first ? 'x.vsort < o.vsort OR (x.vsort = o.vsort AND x.added < o.added)' : 'x.vsort > o.vsort OR (x.vsort = o.vsort AND x.added > o.added)';
  return `NOT EXISTS (SELECT 1 FROM objects x WHERE x.id = o.id AND (${beyond})
    AND EXISTS (SELECT 1 FROM visibility w WHERE w.member_id = v.member_id AND w.object_added = x.added))`;
}

/** Groups received-from pairs by version (VisibilitySnapshot.sources). */
export function sourcesOf(pairs: readonly { readonly objectAdded: number; readonly member: string }[]): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  for (const p of pairs) {
    const set = out.get(p.objectAdded) ?? new Set<string>();
    set.add(p.member);
    out.set(p.objectAdded, set);
  }
  return out;
}
