// What sync remembers per peer, in the store's meta table (local-only state, never shared):
//   sync.checkpoint.<member>  where the next pull continues (added_after) and the peer's API root,
//                             so that a pull with nothing new is one request (no discovery again);
//   sync.status.<member>      the last attempt, success and error, and running totals;
//   sync.quarantine.<member>  what the peer sent (pulled or pushed) that this node held back, and why;
//   sync.push.<member>        what this node last pushed to the peer: the position in the
//                             member's visibility stamps, the peer's API root, and the push status.
// Every value is JSON written whole. One puller per peer writes the pull keys (the serve loop, or
// `accord peers sync`); should both run at once the later status write wins, which costs a
// counter, never an object (the objects and the checkpoint are idempotent: see sync.ts). The push
// key has its own writer (the serve loop's pusher), so pull and push never overwrite each other.
import { formatMicros, parseMicros, type Store } from '../store/index.js';

/** Where the next pull from a peer continues. */
export interface SyncCheckpoint {
  /** The node URL the checkpoint belongs to: stamps are one node's clock, so another URL starts over. */
  readonly nodeUrl: string;
  /** The peer's API root, found by discovery once. */
  readonly apiRoot?: string;
  /** added_after for the next pull: the X-TAXII-Date-Added-Last of the last page committed. */
  readonly addedAfter?: string;
  readonly updatedAt: string;
}

/** One object (or record) held back. */
export interface QuarantineEntry {
  /** When it was held back. */
  readonly at: string;
  readonly objectId: string | null;
  readonly version: string | null;
  /** SHA-256 of its canonical JSON, when it could be read. */
  readonly hash: string | null;
  /** A stable code (`sync.no-share-record`, `sync.content-mismatch`, `share.bad-signature`, …). */
  readonly code: string;
  readonly reason: string;
}

/** A peer's sync status as administrators see it. */
export interface PeerSyncStatus {
  readonly memberId: string;
  readonly name: string;
  readonly nodeUrl: string;
  readonly lastAttempt: string | null;
  readonly lastSuccess: string | null;
  readonly lastError: { readonly code: string; readonly message: string; readonly at: string } | null;
  /** Failed pulls since the last success. */
  readonly failures: number;
  /** Totals over every pull: elements received, share records among them, accepted, held back. */
  readonly objectsReceived: number;
  readonly recordsReceived: number;
  readonly accepted: number;
  readonly quarantined: number;
  /** Where the next pull continues (the peer's date_added clock). */
  readonly checkpoint: string | null;
  /** The last pull read to the end (more=false): nothing was left on the peer then. */
  readonly caughtUp: boolean;
  /** Seconds since this node last held everything the peer offered it (null: never). */
  readonly lagSeconds: number | null;
  /** The last push the peer accepted (answered 202), the last push error, failed pushes since. */
  readonly lastPush: string | null;
  readonly pushError: { readonly code: string; readonly message: string; readonly at: string } | null;
  readonly pushFailures: number;
  /** Objects and records pushed to the peer (and accepted by its TAXII server), in all. */
  readonly pushed: number;
}

/** The stored part of the status (lag is computed when read). */
export type StoredStatus = Omit<PeerSyncStatus, 'memberId' | 'name' | 'nodeUrl' | 'checkpoint' | 'lagSeconds' | keyof PushStatus>;

/** What this node pushed to one peer, and where the next push starts (sync.push.<member>). */
export interface PushState {
  /** The last visibility stamp of the peer's member (this node's clock, µs) that the peer accepted. */
  readonly after: number;
  /** The node URL the API root was found at, and the API root (found by discovery once). */
  readonly nodeUrl?: string;
  readonly apiRoot?: string;
  readonly lastPush: string | null;
  readonly pushError: { readonly code: string; readonly message: string; readonly at: string } | null;
  readonly pushFailures: number;
  readonly pushed: number;
}

type PushStatus = Pick<PushState, 'lastPush' | 'pushError' | 'pushFailures' | 'pushed'>;

export const EMPTY_PUSH_STATE: PushState = { after: 0, lastPush: null, pushError: null, pushFailures: 0, pushed: 0 };

/** At most this many quarantine entries are kept per peer; older ones are dropped (they were never stored or served). */
export const MAX_QUARANTINE_ENTRIES = 1000;

export const EMPTY_STATUS: StoredStatus = {
  lastAttempt: null, lastSuccess: null, lastError: null, failures: 0, objectsReceived: 0, recordsReceived: 0, accepted: 0, quarantined: 0, caughtUp: false,
};

const checkpointKey = (member: string): string => `sync.checkpoint.${member}`;
const statusKey = (member: string): string => `sync.status.${member}`;
const quarantineKey = (member: string): string => `sync.quarantine.${member}`;
const pushKey = (member: string): string => `sync.push.${member}`;

function readJson(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // a damaged value is treated as absent: the pull starts over (idempotent)
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export async function readCheckpoint(store: Store, member: string): Promise<SyncCheckpoint | undefined> {
  const v = readJson(await store.meta.get(checkpointKey(member)));
  return isRecord(v) && typeof v.nodeUrl === 'string' ? (v as unknown as SyncCheckpoint) : undefined;
}

/**
 * Stores where the next pull from `member` starts. A position never moves back: when the stored
 * checkpoint (same node URL) is further on — a push covered the range meanwhile, see
 * coverPushedRange — the further one is kept. Returns what was written.
 */
export async function writeCheckpoint(store: Store, member: string, checkpoint: SyncCheckpoint): Promise<SyncCheckpoint> {
  const stored = await readCheckpoint(store, member);
  const further = stored !== undefined && stored.nodeUrl === checkpoint.nodeUrl && micros(stored.addedAfter) > micros(checkpoint.addedAfter);
  const written = further ? { ...checkpoint, addedAfter: stored.addedAfter } : checkpoint;
  await store.meta.set(checkpointKey(member), JSON.stringify(written));
  return written;
}

/** A pull position in µs (0 for "from the start"). */
function micros(addedAfter: string | undefined): number {
  return addedAfter === undefined ? 0 : parseMicros(addedAfter) ?? 0;
}

/**
 * A push from `member`'s node at `nodeUrl` covered everything its node made visible to this
 * member after `after` and up to `through` (its Accord-Push-Range), and that push is committed
 * here. When the next pull would start inside that range, it starts after it instead: what the
 * pull would bring is held already. Returns whether the checkpoint moved.
 */
export async function coverPushedRange(store: Store, member: string, nodeUrl: string, range: { readonly after: number; readonly through: number }): Promise<boolean> {
  const stored = await readCheckpoint(store, member);
  if (stored === undefined || stored.nodeUrl !== nodeUrl) return false; // no pull yet: the first one finds the API root
  const at = micros(stored.addedAfter);
  if (at < range.after || at >= range.through) return false; // a gap before the range, or nothing to gain
  await store.meta.set(checkpointKey(member), JSON.stringify({ ...stored, addedAfter: formatMicros(range.through), updatedAt: new Date().toISOString() }));
  return true;
}

/** Forgets where the pull stood: the next one reads everything the peer offers again (stores nothing twice). */
export async function resetCheckpoint(store: Store, member: string): Promise<void> {
  await store.meta.set(checkpointKey(member), '');
}

export async function readStoredStatus(store: Store, member: string): Promise<StoredStatus> {
  const v = readJson(await store.meta.get(statusKey(member)));
  return isRecord(v) ? { ...EMPTY_STATUS, ...(v as Partial<StoredStatus>) } : EMPTY_STATUS;
}

export async function writeStoredStatus(store: Store, member: string, status: StoredStatus): Promise<void> {
  await store.meta.set(statusKey(member), JSON.stringify(status));
}

export async function readPushState(store: Store, member: string): Promise<PushState> {
  const v = readJson(await store.meta.get(pushKey(member)));
  return isRecord(v) && typeof v.after === 'number' ? { ...EMPTY_PUSH_STATE, ...(v as Partial<PushState>) } : EMPTY_PUSH_STATE;
}

export async function writePushState(store: Store, member: string, state: PushState): Promise<void> {
  await store.meta.set(pushKey(member), JSON.stringify(state));
}

/** The quarantine of one peer, oldest first. */
export async function readQuarantine(store: Store, member: string): Promise<QuarantineEntry[]> {
  const v = readJson(await store.meta.get(quarantineKey(member)));
  return Array.isArray(v) ? (v.filter(isRecord) as unknown as QuarantineEntry[]) : [];
}

/**
 * Adds entries to a peer's quarantine; an entry already there (same object, hash and code) is not
 * added again, so re-reading a page after an interruption holds nothing back twice. Returns how
 * many were new.
 */
export async function addToQuarantine(store: Store, member: string, entries: readonly QuarantineEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  const list = await readQuarantine(store, member);
  const key = (e: QuarantineEntry): string => `${e.objectId ?? ''}\n${e.version ?? ''}\n${e.hash ?? ''}\n${e.code}`;
  const seen = new Set(list.map(key));
  let added = 0;
  for (const e of entries) {
    if (seen.has(key(e))) continue;
    seen.add(key(e));
    list.push(e);
    added++;
  }
  await store.meta.set(quarantineKey(member), JSON.stringify(list.slice(-MAX_QUARANTINE_ENTRIES)));
  return added;
}

/** The status of each peer: every listed member but this node, with what is stored of its sync. */
export async function readPeerStatuses(
  store: Store, peers: readonly { readonly id: string; readonly name: string; readonly nodeUrl: string }[], now: Date = new Date(),
): Promise<PeerSyncStatus[]> {
  const out: PeerSyncStatus[] = [];
  for (const p of peers) {
    const s = await readStoredStatus(store, p.id);
    const c = await readCheckpoint(store, p.id);
    const push = await readPushState(store, p.id);
    const lagSeconds = s.lastSuccess === null ? null
      : s.caughtUp ? Math.max(0, Math.round((now.getTime() - Date.parse(s.lastSuccess)) / 1000)) : null;
    out.push({
      memberId: p.id, name: p.name, nodeUrl: p.nodeUrl, ...s,
      checkpoint: c !== undefined && c.nodeUrl === p.nodeUrl ? c.addedAfter ?? null : null, lagSeconds,
      lastPush: push.lastPush, pushError: push.pushError, pushFailures: push.pushFailures, pushed: push.pushed,
    });
  }
  return out;
}
