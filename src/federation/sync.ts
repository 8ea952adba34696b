// Pulling from one peer node (issue 5, "Sync"; docs/decisions/0018-sync.md). The peer's default
// TAXII collection is read with every version (`match[version]=all`) from the stored checkpoint
// on, each request signed as this member (peer-auth.ts), so the peer serves exactly what its
// visibility table grants this member. Nothing the peer sends is trusted:
//
//   1. Share records (`x-accord-share`) are verified first: the sharer's signature against the
//      member list's keys (a batch root verified once per pull: BatchRootCache), and their
//      audience must include this member — a record this member may not see is not for it.
//   2. Every other object is accepted only when a verified share record — from this page, or
//      valid in this node's index already — names its exact id, version and content hash
//      (`matchesObject`), and the sharing policy lets this member read it under those records.
//   3. Anything else is held back in the peer's quarantine (sync-state.ts) with a stable code and
//      the reason: it is never stored as an object, so it is never served onward.
//
// Accepted objects and records are stored exactly as received (the importer's `prepareValue`),
// one page in one transaction; then the records are indexed (VisibilityService.recordShares)
// and the objects' visibility recomputed, so this node relays what the policy allows.
//
// Checkpoint rule: the checkpoint moves past a page only after the page's objects, records,
// index rows and quarantine entries are committed. The store port has no transaction spanning
// objects and meta, so a crash in between re-reads the page on the next pull; that is safe
// because every step is idempotent: a version already held is "unchanged", a record already
// indexed is "unchanged", a recomputation converges to the same rows, and a quarantine entry
// already held is not added again. Re-pulling a page stores nothing twice.
//
// One request when nothing is new: the API root found by discovery is remembered with the
// checkpoint, so a later pull goes straight to the objects endpoint; a page saying more=false
// ends the pull (pageThrough).
import {
  BatchRootCache, mayRead, matchesObject, SHARE_EXTENSION_DEFINITION, SHARE_TYPE, shareTarget, verifyShare, VisibilityService,
  type MembershipView, type PolicyVersion, type Share,
} from '../sharing/index.js';
import { AccordError, extensionDefinitionInfo, parseJson, tlpOfObject } from '../stix/index.js';
import { KnownExtensions, prepareValue, type PreparedObject, type Store } from '../store/index.js';
import { TaxiiClient, type CollectionClient, type RetryPolicy } from '../taxii/index.js';
import type { NodeKey, StaticMembership } from '../trust/index.js';
import { peerSigner } from './peer-auth.js';
import {
  addToQuarantine, readCheckpoint, readStoredStatus, writeCheckpoint, writeStoredStatus, type QuarantineEntry, type SyncCheckpoint,
} from './sync-state.js';

/** The peer's collection every node serves its peers from. */
export const PEER_COLLECTION = 'default';

/** A peer to pull from: a member and where its node is. */
export interface PeerTarget {
  readonly id: string;
  readonly name: string;
  readonly nodeUrl: string;
}

export interface SyncContext {
  readonly store: Store;
  readonly membership: StaticMembership;
  /** This node's member id. */
  readonly self: string;
  /** This node's member signing key (requests are signed with it). */
  readonly key: NodeKey;
  /** Verified batch roots, shared by every puller of the process. */
  readonly cache?: BatchRootCache;
  readonly now?: () => Date;
  /** TAXII client settings: timeouts, retries within one pull, cancellation. */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly signal?: AbortSignal;
  /** Objects per page asked of the peer (default: the peer's). */
  readonly pageSize?: number;
}

/** What one pull did. */
export interface PullReport {
  readonly peer: string;
  readonly pages: number;
  /** Elements received (records and unreadable ones included). */
  readonly objects: number;
  readonly records: number;
  /** Stored now (new objects or versions), or held already. */
  readonly stored: number;
  readonly unchanged: number;
  /** Held back in this pull (an entry held already is counted again, not stored again). */
  readonly quarantined: readonly QuarantineEntry[];
  /** Where the next pull continues. */
  readonly checkpoint: string | undefined;
  /** Pages requested (one request each, retries aside; discovery not counted). */
  readonly requests: number;
}

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Whether a share's audience names `member` (the sharer always is; an unknown group version names no one). */
export function audienceIncludes(share: Share, member: string, membership: MembershipView): boolean {
  if (share.sharer === member) return true;
  const a = share.audience;
  switch (a.kind) {
    case 'all': return membership.isMember(member);
    case 'members': return a.members.includes(member);
    case 'group': return membership.groupMembers(a.group, a.version)?.includes(member) === true;
    default: return false;
  }
}

/** An object version as the policy sees it (VisibilityService.policyVersion, from the received value). */
function policyVersionOf(value: Json, target: { id: string; version: string | null; hash: string }, membership: StaticMembership): PolicyVersion {
  const inlineTlp = tlpOfObject(value);
  const creator = value.created_by_ref;
  return {
    ...target,
    ...(inlineTlp !== undefined ? { inlineTlp } : {}),
    ...(typeof creator === 'string' && membership.isOrWasMember(creator) ? { createdBy: creator } : {}),
  };
}

/** Pulls from one peer; see the module comment. Not reentrant: one pull at a time per instance. */
export class PeerPuller {
  private readonly cache: BatchRootCache;
  private readonly visibility: VisibilityService;

  constructor(private readonly ctx: SyncContext, readonly peer: PeerTarget) {
    this.cache = ctx.cache ?? new BatchRootCache();
    this.visibility = new VisibilityService(ctx.store, ctx.membership, ctx.self);
  }

  /** One pull to the end of what the peer offers; records the outcome in the peer's status. Throws on failure (status recorded). */
  async pull(options: { readonly fromStart?: boolean } = {}): Promise<PullReport> {
    const { store } = this.ctx;
    const started = this.now().toISOString();
    try {
      const report = await this.pullPages(options.fromStart === true);
      const s = await readStoredStatus(store, this.peer.id);
      await writeStoredStatus(store, this.peer.id, {
        ...s, lastAttempt: started, lastSuccess: started, failures: 0,
        objectsReceived: s.objectsReceived + report.objects, recordsReceived: s.recordsReceived + report.records,
        accepted: s.accepted + report.stored, quarantined: s.quarantined + report.quarantined.length, caughtUp: true,
      });
      return report;
    } catch (e) {
      const err = e instanceof AccordError ? e : new AccordError('unavailable', 'sync.failed', (e as Error).message);
      const s = await readStoredStatus(store, this.peer.id).catch(() => undefined);
      if (s !== undefined) {
        await writeStoredStatus(store, this.peer.id, {
          ...s, lastAttempt: started, failures: s.failures + 1, caughtUp: false, lastError: { code: err.code, message: err.message, at: this.now().toISOString() },
        }).catch(() => undefined);
      }
      throw err;
    }
  }

  private now(): Date {
    return this.ctx.now?.() ?? new Date();
  }

  private async pullPages(fromStart: boolean): Promise<PullReport> {
    const { store } = this.ctx;
    const saved = await readCheckpoint(store, this.peer.id);
    // Stamps are the peer node's clock: a checkpoint for another URL means nothing here.
    let checkpoint: SyncCheckpoint = saved !== undefined && saved.nodeUrl === this.peer.nodeUrl && !fromStart
      ? saved : { nodeUrl: this.peer.nodeUrl, ...(saved?.apiRoot !== undefined && saved.nodeUrl === this.peer.nodeUrl ? { apiRoot: saved.apiRoot } : {}), updatedAt: this.now().toISOString() };
    const client = new TaxiiClient({
      signer: peerSigner(this.ctx.self, this.ctx.key), userAgent: 'accord-sync',
      ...(this.ctx.timeoutMs !== undefined ? { timeoutMs: this.ctx.timeoutMs } : {}),
      ...(this.ctx.retry !== undefined ? { retry: this.ctx.retry } : {}),
      ...(this.ctx.signal !== undefined ? { signal: this.ctx.signal } : {}),
    });
    const totals = { pages: 0, objects: 0, records: 0, stored: 0, unchanged: 0, requests: 0 };
    const held: QuarantineEntry[] = [];
    try {
      let collection: CollectionClient;
      let discovered = false;
      if (checkpoint.apiRoot !== undefined) {
        collection = client.apiRoot(checkpoint.apiRoot).collection(PEER_COLLECTION);
      } else {
        collection = (await client.connect(`${this.peer.nodeUrl}/taxii2/`)).collection(PEER_COLLECTION);
        discovered = true;
        checkpoint = { ...checkpoint, apiRoot: collection.apiRoot.url.href };
      }
      const known = await this.knownExtensions();
      for (let attempt = 0; ; attempt++) {
        try {
          let texts: string[] = [];
          let unreadable: QuarantineEntry[] = [];
          const query = {
            match: { version: ['all'] },
            ...(checkpoint.addedAfter !== undefined ? { addedAfter: checkpoint.addedAfter } : {}),
            ...(this.ctx.pageSize !== undefined ? { limit: this.ctx.pageSize } : {}),
          };
          for await (const e of collection.allObjects(query)) {
            if (e.kind === 'object') {
              texts.push(e.text);
            } else if (e.kind === 'unreadable') {
              unreadable.push({ at: this.now().toISOString(), objectId: null, version: null, hash: null, code: `sync.${e.code}`, reason: e.message });
            } else {
              totals.requests++;
              totals.pages++;
              const page = await this.storePage(texts, known);
              const pageHeld = [...unreadable, ...page.held];
              totals.objects += texts.length + unreadable.length;
              totals.records += page.records;
              totals.stored += page.stored;
              totals.unchanged += page.unchanged;
              await addToQuarantine(store, this.peer.id, pageHeld);
              held.push(...pageHeld);
              texts = [];
              unreadable = [];
              // Only now, with the page committed, may the next pull start after it.
              if (e.resumeAddedAfter !== undefined) checkpoint = { ...checkpoint, addedAfter: e.resumeAddedAfter };
              await writeCheckpoint(store, this.peer.id, { ...checkpoint, updatedAt: this.now().toISOString() });
            }
          }
          break;
        } catch (e) {
          // The remembered API root is gone (the peer was reinstalled or moved it): discover once more.
          if (discovered || attempt > 0 || !(e instanceof AccordError) || e.code !== 'taxii.http-404' || totals.pages > 0) throw e;
          collection = (await client.connect(`${this.peer.nodeUrl}/taxii2/`)).collection(PEER_COLLECTION);
          discovered = true;
          checkpoint = { ...checkpoint, apiRoot: collection.apiRoot.url.href };
        }
      }
    } finally {
      client.close();
    }
    return { peer: this.peer.id, ...totals, quarantined: held, checkpoint: checkpoint.addedAfter };
  }

  /** Extension-definitions the validator may rely on: the share record's and those this node holds. */
  private async knownExtensions(): Promise<KnownExtensions> {
    const known = new KnownExtensions();
    known.remember(SHARE_EXTENSION_DEFINITION);
    let after = 0;
    for (;;) {
      const page = await this.ctx.store.objects.listBodies({ types: ['extension-definition'], after, limit: 500 });
      for (const o of page.items) known.remember(JSON.parse(o.json));
      if (!page.more) return known;
      after = page.items.at(-1)?.added ?? after;
    }
  }

  /** Checks, stores and indexes one page; returns what it held back. */
  private async storePage(texts: readonly string[], known: KnownExtensions): Promise<{ records: number; stored: number; unchanged: number; held: QuarantineEntry[] }> {
    const { store, membership, self } = this.ctx;
    const at = this.now().toISOString();
    const held: QuarantineEntry[] = [];
    const hold = (value: unknown, code: string, reason: string): void => {
      let target: { id: string; version: string | null; hash: string } | undefined;
      try {
        target = isRecord(value) ? shareTarget(value) : undefined;
      } catch {
        target = undefined;
      }
      const id = isRecord(value) && typeof value.id === 'string' ? value.id : null;
      held.push({ at, objectId: target?.id ?? id, version: target?.version ?? null, hash: target?.hash ?? null, code, reason });
    };
    const values: Json[] = [];
    for (const text of texts) {
      let value: unknown;
      try {
        value = parseJson(text);
      } catch (e) {
        hold(undefined, 'sync.unreadable', `not valid JSON: ${(e as Error).message}`);
        continue;
      }
      if (!isRecord(value)) hold(value, 'sync.not-an-object', 'a TAXII envelope holds STIX objects, not other JSON values');
      else values.push(value);
    }

    // 1. Records first: the objects are judged against them.
    const records: { share: Share; prepared: PreparedObject }[] = [];
    const others: Json[] = [];
    for (const value of values) {
      if (value.type !== SHARE_TYPE) {
        others.push(value);
        continue;
      }
      const verdict = verifyShare(value, (m, fp) => membership.keyOf(m, fp), this.now(), { cache: this.cache });
      if (!verdict.ok) {
        hold(value, verdict.error.code, verdict.error.message);
        continue;
      }
      if (!audienceIncludes(verdict.share, self, membership)) {
        hold(value, 'sync.record-not-for-this-member', `share record ${verdict.share.id} is for ${JSON.stringify(value.audience)}, which does not include this member; the peer should not have sent it`);
        continue;
      }
      const { object, issues } = prepareValue(value, known.context);
      if (object === undefined) {
        hold(value, 'sync.invalid-stix', issues.filter((i) => i.severity === 'error').map((i) => i.message).join('; '));
        continue;
      }
      records.push({ share: verdict.share, prepared: object });
    }

    // 2. Objects: each needs a verified record naming its exact content, and one that lets this member read it.
    const stored = new Map<string, Share[]>();
    const sharesFor = async (id: string): Promise<Share[]> => {
      let s = stored.get(id);
      if (s === undefined) {
        s = (await store.shares.forObject(id)).filter((r) => r.state === 'valid').map((r) => JSON.parse(r.policy) as Share);
        stored.set(id, s);
      }
      return [...s, ...records.filter((r) => r.share.objectId === id).map((r) => r.share)];
    };
    const accepted: PreparedObject[] = [];
    for (const value of others) {
      let target;
      try {
        target = shareTarget(value);
      } catch (e) {
        hold(value, 'sync.invalid-stix', (e as Error).message);
        continue;
      }
      const shares = await sharesFor(target.id);
      const matching = shares.filter((s) => matchesObject(s, value));
      if (matching.length === 0) {
        if (shares.length === 0) hold(value, 'sync.no-share-record', `no verified share record names ${target.id}; objects are accepted only with a record signed by their sharer`);
        else {
          hold(value, 'sync.content-mismatch', `the received ${target.id} (version ${target.version ?? 'none'}) hashes to ${target.hash}, which no verified share record names `
            + `(the records name ${[...new Set(shares.map((s) => `${s.objectVersion ?? 'none'}/${s.objectHash}`))].join(', ')}): it was altered on the way or is another version`);
        }
        continue;
      }
      const decision = mayRead(self, policyVersionOf(value, target, membership), matching, membership);
      if (!decision.allowed) {
        hold(value, 'sync.not-for-this-member', `the sharing policy does not let this member read ${target.id}: ${decision.denials.map((d) => d.reason).join('; ')}`);
        continue;
      }
      const { object, issues } = prepareValue(value, known.context);
      if (object === undefined) {
        hold(value, 'sync.invalid-stix', issues.filter((i) => i.severity === 'error').map((i) => i.message).join('; '));
        continue;
      }
      if (extensionDefinitionInfo(value) !== undefined) known.remember(value);
      accepted.push(object);
    }

    // 3. Store the page in one transaction, records before the objects they prove.
    const batch = [...records.map((r) => r.prepared), ...accepted];
    const outcomes = batch.length === 0 ? [] : await store.objects.put(batch);
    let storedCount = 0;
    let unchanged = 0;
    const okIds = new Set<string>();
    outcomes.forEach((o, i) => {
      const p = batch[i];
      if (p === undefined) return;
      if ('code' in o) {
        held.push({ at, objectId: p.id, version: p.version, hash: p.hash, code: o.code, reason: o.message });
        return;
      }
      if (o.status === 'unchanged') unchanged++;
      else storedCount++;
      okIds.add(`${p.id}\n${p.hash}`);
    });
    const indexed = records.filter((r) => okIds.has(`${r.prepared.id}\n${r.prepared.hash}`));
    const recorded = await this.visibility.recordShares(indexed.map((r) => ({ share: r.share })));
    for (const r of recorded) {
      if (r.status === 'rejected') held.push({ at, objectId: r.id, version: null, hash: null, code: r.code, reason: r.message });
    }
    await this.visibility.recompute(accepted.filter((p) => okIds.has(`${p.id}\n${p.hash}`)).map((p) => p.id));
    return { records: records.length, stored: storedCount, unchanged, held };
  }
}
