// Publishing (issue 5, "drafts and publishing"; docs/decisions/0019): the one way object versions
// leave this node, used by `accord share`, `accord publications` and the HTTP API alike.
//
// Every object is a local draft until it is shared: nothing leaves the node without a signed
// share record. A share is a bulk share (shareMany; a single share is a batch of one). Under the
// four-eyes rule — a node setting naming the TLP levels it applies to — a share at one of those
// levels is not signed: the objects the policy accepts are filed as a *publication request*
// (pending) naming each object version and its content hash, and nothing is indexed or made
// visible. A second person with the share permission approves it (the requester may not); the
// approval re-checks every object at that moment — the version requested must still be the
// latest one held, with the same content, and the policy must still accept the share — and then
// shares through the same path, signed by the node under the approver's name in the audit log.
// A rejection needs a reason; the requester may withdraw. Each step is audited.
//
// Who is who. The rule compares *persons* (`user:alice`, `cli:alice`): one user through several
// tokens or sessions is one person, whatever the audit actor says (`user:alice/token:…`). The
// callers (server, CLI) decide who the person is and whether they hold the share permission.
import { AccordError, newStixId, TLP_LEVELS, type TlpLevel } from '../stix/index.js';
import type { PublicationObject, PublicationRecord, PublicationState, RetractionRow, StoredObject } from '../store/index.js';
import { judge, shareMany, type BulkCandidate, type BulkRefusal, type BulkShareContext, type BulkShareResult, type BulkShareTerms, type SharedBatch } from './bulk.js';
import { audienceOf, explain, mayRead, shareWords, type PolicyVersion } from './policy.js';
import { tlpOfInput } from './records.js';
import { policiesOf } from './visibility.js';
import { retract, retractionStatus, type RetractionStatus, type RetractRequest, type RetractResult } from './retract.js';
import type { Audience, InformationAccuracy, MemberId, Share, SourceReliability } from './types.js';

/** Who acts: `person` is what the four-eyes rule compares, `actor` what the audit log records. */
export interface Publisher {
  readonly person: string;
  readonly actor: string;
}

/** What the service needs: shareMany's context without the per-call parts, and the four-eyes rule. */
export interface PublishingOptions extends Omit<BulkShareContext, 'actor' | 'onBatch' | 'auditDetails'> {
  /** The TLP levels whose shares need a second person's approval (empty: none, the default). */
  readonly fourEyes?: readonly TlpLevel[];
}

/** A publication request as the service presents it. */
export interface Publication {
  readonly id: string;
  readonly state: PublicationState;
  readonly tlp: TlpLevel;
  readonly terms: BulkShareTerms;
  readonly objectCount: number;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly reason: string | null;
  /** What the approval did: how many objects were shared, and which were refused at that moment. */
  readonly outcome: { readonly shared: number; readonly refused: readonly BulkRefusal[] } | null;
}

/**
 * What `share` did. Shared at once: the counts and refusals of shareMany. Under the four-eyes
 * rule: `publication` is the pending request (absent when the policy refused every object),
 * nothing is shared, and `sample` is the first share the request would make (for "who will read it").
 */
export interface PublishResult extends BulkShareResult {
  readonly publication?: Publication;
}

/** A reader of a shared object, and why (the policy's explanation in words). */
/** What a share would do (PublishingService.preview). */
export interface SharePreview {
  readonly readers: readonly Reader[];
  /** Set when the policy would refuse the share. */
  readonly refused?: BulkRefusal;
  /** The four-eyes rule holds shares at this TLP for a second person's approval. */
  readonly needsApproval: boolean;
}

export interface Reader {
  readonly member: MemberId;
  readonly name: string;
  readonly explanation: string;
}

/** One share of an object held here, in words. */
export interface HeldShare {
  readonly id: string;
  readonly sharer: MemberId;
  readonly sharerName: string;
  /** The version it shares (null: an unversioned SCO). */
  readonly objectVersion: string | null;
  readonly state: 'valid' | 'quarantined';
  /** Why it is quarantined (null when valid). */
  readonly reason: string | null;
  /** Its terms, e.g. "under TLP:GREEN with all members (relay allowed)". */
  readonly words: string;
}

/** Who an object held here was shared with, and why: the explorer's "who received it". */
export interface ObjectSharing {
  /** The latest version held, which the readers are judged for. */
  readonly version: string;
  readonly shares: readonly HeldShare[];
  /** Every other member that may read that version under its valid shares, with the policy's explanation. */
  readonly readers: readonly Reader[];
}

/** An object to share: its id, and the version (its version timestamp); absent: the latest held. */
export interface ObjectRef {
  readonly id: string;
  readonly version?: string;
}

/** Objects of a request read per page when approving. */
const PAGE = 1000;
/** The longest reason kept for a rejection or withdrawal. */
const MAX_REASON = 2000;

/** Publication request ids: `publication--<UUIDv4>`. */
export const PUBLICATION_ID_RE = /^publication--[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Shares, files publication requests and decides them (see the header). */
export class PublishingService {
  private readonly fourEyes: ReadonlySet<TlpLevel>;

  constructor(private readonly ctx: PublishingOptions) {
    this.fourEyes = new Set(ctx.fourEyes ?? []);
  }

  /** Narrows or ends one of this member's shares, or purges a version it shared, everywhere (retract.ts, docs/decisions/0022). */
  retract(request: RetractRequest, by: Publisher): Promise<RetractResult> {
    return retract({ ...this.ctx, actor: by.actor }, request);
  }

  /** Retractions held here, newest first (this member's and those received). */
  retractions(query: { readonly sharer?: string; readonly limit: number }): Promise<RetractionRow[]> {
    return this.ctx.store.retractions.list(query);
  }

  /** Per member a retraction went to: who has applied it (a receipt came back) and who has not. */
  async retractionStatus(id: string): Promise<RetractionStatus> {
    const status = await retractionStatus(this.ctx.store, this.ctx.membership, id);
    if (status === undefined) throw new AccordError('not-found', 'retraction.not-found', `this node holds no retraction ${id}`);
    return status;
  }

  /** True when a share at this TLP (a level or a marking id) needs a second person's approval. */
  needsApproval(tlp: string): boolean {
    return this.fourEyes.has(tlpOfInput(tlp));
  }

  /**
   * Shares the candidates under `terms`, or — when the four-eyes rule applies to the terms' TLP —
   * files a publication request for those the policy accepts. Refusals are reported per object.
   */
  async share(candidates: AsyncIterable<BulkCandidate> | Iterable<BulkCandidate>, terms: BulkShareTerms, by: Publisher,
    options: { readonly onBatch?: (batch: SharedBatch) => void | Promise<void> } = {}): Promise<PublishResult> {
    const normalised: BulkShareTerms = { ...terms, tlp: tlpOfInput(terms.tlp) };
    if (!this.needsApproval(normalised.tlp)) {
      return shareMany(toAsync(candidates), normalised, { ...this.ctx, actor: by.actor, ...(options.onBatch !== undefined ? { onBatch: options.onBatch } : {}) });
    }
    return this.request(toAsync(candidates), normalised, by);
  }

  /**
   * `share` by reference: each object's given version, else its latest. An id or version this
   * node does not hold is refused (`share.no-such-object`), the others shared or requested.
   */
  async shareObjects(refs: readonly ObjectRef[], terms: BulkShareTerms, by: Publisher,
    options: { readonly onBatch?: (batch: SharedBatch) => void | Promise<void> } = {}): Promise<PublishResult> {
    const missing: BulkRefusal[] = [];
    const candidateOf = (ref: ObjectRef): Promise<BulkCandidate | BulkRefusal> => this.candidateOf(ref);
    const candidates = (async function* (): AsyncIterable<BulkCandidate> {
      for (const ref of refs) {
        const c = await candidateOf(ref);
        if ('code' in c) missing.push(c);
        else yield c;
      }
    })();
    const result = await this.share(candidates, terms, by, options);
    return missing.length === 0 ? result : { ...result, refused: [...missing, ...result.refused] };
  }

  /**
   * The candidate a reference names: its given version, else its latest (an object not held at all
   * is a candidate without a stored version, which the policy refuses); refused here when this node
   * holds the object but not that version.
   */
  private async candidateOf(ref: ObjectRef): Promise<BulkCandidate | BulkRefusal> {
    const versions = await this.ctx.store.objects.versions(ref.id);
    const stored = ref.version === undefined ? versions.at(-1) : versions.find((v) => v.version === ref.version);
    if (stored !== undefined) return { id: ref.id, stored };
    if (versions.length === 0) return { id: ref.id };
    return { id: ref.id, code: 'share.no-such-object', reason: `this node holds no version ${String(ref.version)} of ${ref.id} (it holds ${versions.map((v) => v.version).join(', ')})` };
  }

  /** Files a publication request for the candidates the policy accepts now; nothing is signed. */
  private async request(candidates: AsyncIterable<BulkCandidate>, terms: BulkShareTerms, by: Publisher): Promise<PublishResult> {
    const at = new Date();
    const seen = new Set<string>();
    const refused: BulkRefusal[] = [];
    const objects: PublicationObject[] = [];
    let sample: PublishResult['sample'];
    for await (const candidate of candidates) {
      if (seen.has(candidate.id)) continue;
      seen.add(candidate.id);
      const judged = judge(candidate, terms, this.ctx, at);
      if ('code' in judged) {
        refused.push(judged);
        continue;
      }
      const stored = candidate.stored as StoredObject;
      objects.push({ objectId: stored.id, objectVersion: stored.version, objectHash: stored.hash });
      sample ??= { share: judged.share, version: judged.version };
    }
    const none = { shared: 0, refused, batches: 0, ...(sample !== undefined ? { sample } : {}) };
    if (objects.length === 0) return none;
    const record: PublicationRecord = {
      id: newStixId('publication'), state: 'pending', tlp: terms.tlp, terms: JSON.stringify(terms), objectCount: objects.length,
      requestedBy: by.person, requestedAt: at.toISOString(), decidedBy: null, decidedAt: null, reason: null, outcome: null,
    };
    await this.ctx.store.publications.create(record, objects);
    await this.ctx.audit.record({
      actor: by.actor, action: 'share.requested', target: record.id,
      details: {
        count: objects.length, refused: refused.length, tlp: terms.tlp, audience: terms.audience, relay: terms.relay,
        ...(objects.length === 1 ? { object: objects[0]?.objectId, version: objects[0]?.objectVersion } : {}),
      },
    });
    return { ...none, publication: present(record) };
  }

  /** Requests oldest first, a page at a time (`next` is the `after` of the next page). */
  async list(query: { readonly state?: PublicationState; readonly after?: number; readonly limit: number }): Promise<{ items: Publication[]; next?: number }> {
    const page = await this.ctx.store.publications.list(query);
    return { items: page.items.map(present), ...(page.next !== undefined ? { next: page.next } : {}) };
  }

  /** One request; throws AccordError `publication.not-found`. */
  async get(id: string): Promise<Publication> {
    return present(await this.stored(id));
  }

  /** The object versions a request names, in the order asked for. */
  objects(id: string, offset = 0, limit = PAGE): Promise<PublicationObject[]> {
    return this.ctx.store.publications.objects(id, offset, limit);
  }

  /**
   * Approves a pending request as a second person and shares its objects through the same path
   * as any share. Each object is re-checked now: the version asked for must still be held with the
   * same content and be the latest one, and the policy must still accept the share. Objects that
   * fail are refused (reported per object); when none is left the approval itself is refused with
   * the reason and the request stays pending.
   */
  async approve(id: string, by: Publisher, options: { readonly onBatch?: (batch: SharedBatch) => void | Promise<void> } = {}): Promise<{ publication: Publication; result: BulkShareResult }> {
    const request = await this.pending(id);
    if (request.requestedBy === by.person) {
      throw new AccordError('forbidden', 'publication.same-person',
        `the four-eyes rule needs a second person: ${request.requestedBy} asked for ${id} and may not approve it`);
    }
    const terms = termsOf(request);
    // Judged once before deciding, so that an approval that would share nothing changes nothing.
    const refusals: BulkRefusal[] = [];
    let accepted = 0;
    const now = new Date();
    for await (const candidate of this.current(id, refusals)) {
      const judged = judge(candidate, terms, this.ctx, now);
      if ('code' in judged) refusals.push(judged);
      else accepted++;
    }
    if (accepted === 0) throw refusedError(`publication request ${id} cannot be approved`, refusals);
    const decided = await this.ctx.store.publications.decide(id, { state: 'approved', decidedBy: by.person, decidedAt: now.toISOString(), reason: null });
    if (decided === undefined) throw await this.alreadyDecided(id);
    const refused: BulkRefusal[] = [];
    const result = await shareMany(this.current(id, refused), terms, {
      ...this.ctx, actor: by.actor, auditDetails: { publication: id, requestedBy: request.requestedBy },
      ...(options.onBatch !== undefined ? { onBatch: options.onBatch } : {}),
    });
    const all = { ...result, refused: [...refused, ...result.refused] };
    const outcome = { shared: all.shared, refused: all.refused };
    await this.ctx.store.publications.setOutcome(id, JSON.stringify(outcome));
    await this.ctx.audit.record({
      actor: by.actor, action: 'share.approved', target: id,
      details: { requestedBy: request.requestedBy, count: request.objectCount, shared: all.shared, refused: all.refused.length, tlp: request.tlp },
    });
    return { publication: { ...present(decided), outcome }, result: all };
  }

  /** Rejects a pending request, with a reason, as a second person (the requester withdraws instead). */
  async reject(id: string, by: Publisher, reason: string): Promise<Publication> {
    const why = reasonOf(reason);
    const request = await this.pending(id);
    if (request.requestedBy === by.person) {
      throw new AccordError('forbidden', 'publication.same-person', `${by.person} asked for ${id}: withdraw it instead (a rejection is a second person's decision)`);
    }
    return this.decide(request, by, 'rejected', why, 'share.rejected');
  }

  /** Withdraws a pending request: only the person who asked for it may. */
  async withdraw(id: string, by: Publisher): Promise<Publication> {
    const request = await this.pending(id);
    if (request.requestedBy !== by.person) {
      throw new AccordError('forbidden', 'publication.not-requester', `only ${request.requestedBy}, who asked for ${id}, may withdraw it; a second person rejects it instead`);
    }
    return this.decide(request, by, 'withdrawn', null, 'share.withdrawn');
  }

  /**
   * What sharing one object under `terms` would do, with nothing signed, stored or audited: the
   * members who would then read it (each with the policy's reason: this share, or one already
   * made), or why the policy would refuse it; and whether a second person must approve first.
   */
  async preview(ref: ObjectRef, terms: BulkShareTerms): Promise<SharePreview> {
    const normalised: BulkShareTerms = { ...terms, tlp: tlpOfInput(terms.tlp) };
    const needsApproval = this.needsApproval(normalised.tlp);
    const candidate = await this.candidateOf(ref);
    const judged = 'code' in candidate ? candidate : judge(candidate, normalised, this.ctx, new Date());
    if ('code' in judged) return { readers: [], refused: judged, needsApproval };
    return { readers: await this.readersWith(judged.version, judged.share), needsApproval };
  }

  /** The members who read `version` under its valid shares and `extra`, but this one. */
  private async readersWith(version: PolicyVersion, extra: Share, only = false): Promise<Reader[]> {
    let shares: readonly Share[] = [extra];
    if (!only) {
      const rows = await this.ctx.store.shares.forObject(version.id);
      shares = [...rows.filter((r) => r.state === 'valid').map((r) => JSON.parse(r.policy) as Share), extra];
    }
    return this.readersUnder(version, shares);
  }

  /** Every member (but this one) who may read `version` under `shares`, with the policy's reason. */
  private readersUnder(version: PolicyVersion, shares: readonly Share[]): Reader[] {
    const { membership, self } = this.ctx;
    return audienceOf(version, shares, membership).filter((m) => m !== self)
      .map((m) => ({ member: m, name: membership.nameOf(m), explanation: explain(mayRead(m, version, shares, membership), membership) }));
  }

  /**
   * Who may read what was shared, in words: for one object, every reader under all its shares
   * (as `accord share` always said); for several, the readers the terms themselves grant.
   */
  async readers(result: BulkShareResult): Promise<Reader[]> {
    const { sample } = result;
    if (sample === undefined) return [];
    // One object shared: its share is stored now, among the object's others (counted once more,
    // which changes no one's reading); several: the sample's share alone.
    return this.readersWith(sample.version, sample.share, result.shared !== 1);
  }

  /** The shares of an object held here and who may read its latest version under them; undefined when it is not held. */
  async sharing(id: string): Promise<ObjectSharing | undefined> {
    const { store, membership, visibility } = this.ctx;
    const versions = await store.objects.versions(id);
    const latest = versions.find((v) => v.latest) ?? versions.at(-1);
    if (latest === undefined) return undefined;
    const rows = await store.shares.forObject(id);
    const held = rows.flatMap((r): HeldShare[] => policiesOf([r]).map((share) => ({
      id: r.id, sharer: r.sharer, sharerName: membership.nameOf(r.sharer), objectVersion: r.objectVersion,
      state: r.state, reason: r.reason, words: shareWords(share, membership),
    })));
    const version = visibility.policyVersion(latest);
    const shares = policiesOf(rows.filter((r) => r.state === 'valid'));
    const readers = version === undefined ? [] : this.readersUnder(version, shares);
    return { version: latest.version, shares: held, readers };
  }

  private async decide(request: PublicationRecord, by: Publisher, state: 'rejected' | 'withdrawn', reason: string | null, action: 'share.rejected' | 'share.withdrawn'): Promise<Publication> {
    const decided = await this.ctx.store.publications.decide(request.id, { state, decidedBy: by.person, decidedAt: new Date().toISOString(), reason });
    if (decided === undefined) throw await this.alreadyDecided(request.id);
    await this.ctx.audit.record({
      actor: by.actor, action, target: request.id,
      details: { requestedBy: request.requestedBy, count: request.objectCount, tlp: request.tlp, ...(reason !== null ? { reason } : {}) },
    });
    return present(decided);
  }

  private async stored(id: string): Promise<PublicationRecord> {
    const found = PUBLICATION_ID_RE.test(id) ? await this.ctx.store.publications.get(id) : undefined;
    if (found === undefined) throw new AccordError('not-found', 'publication.not-found', `there is no publication request ${id} on this node`);
    return found;
  }

  private async pending(id: string): Promise<PublicationRecord> {
    const request = await this.stored(id);
    if (request.state !== 'pending') throw decidedError(request);
    return request;
  }

  private async alreadyDecided(id: string): Promise<AccordError> {
    return decidedError(await this.stored(id));
  }

  /**
   * The request's objects as candidates, as they stand now; those whose version is gone, holds
   * other content or has a newer version are pushed to `refused` instead.
   */
  private async *current(id: string, refused: BulkRefusal[]): AsyncIterable<BulkCandidate> {
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.ctx.store.publications.objects(id, offset, PAGE);
      for (const o of page) {
        const versions = await this.ctx.store.objects.versions(o.objectId);
        const stored = versions.find((v) => v.version === o.objectVersion);
        const latest = versions.at(-1);
        const refuse = (code: string, reason: string): void => void refused.push({ id: o.objectId, code, reason });
        if (stored === undefined) refuse('publication.object-gone', `version ${o.objectVersion} of ${o.objectId} is no longer held on this node`);
        else if (stored.hash !== o.objectHash) refuse('publication.object-changed', `version ${o.objectVersion} of ${o.objectId} now holds other content than when it was requested`);
        else if (latest !== undefined && latest !== stored) {
          refuse('publication.object-changed', `${o.objectId} has a newer version (${latest.version}) than the one requested (${o.objectVersion}): ask again to share it`);
        } else yield { id: o.objectId, stored };
      }
      if (page.length < PAGE) return;
    }
  }
}

async function* toAsync<T>(items: AsyncIterable<T> | Iterable<T>): AsyncIterable<T> {
  yield* items;
}

function decidedError(r: PublicationRecord): AccordError {
  return new AccordError('conflict', 'publication.decided', `publication request ${r.id} is no longer pending: ${r.state} by ${r.decidedBy ?? 'unknown'} at ${r.decidedAt ?? 'an unknown time'}`);
}

/**
 * The error for a share or an approval of which every object was refused (`what` says which):
 * for one object its own code and reason, for several a count per code and the first reason.
 */
export function refusedError(what: string, refusals: readonly BulkRefusal[], kind: 'conflict' | 'unprocessable' = 'conflict'): AccordError {
  const [first] = refusals;
  if (refusals.length === 1 && first !== undefined) return new AccordError(kind, first.code, `${what}: ${first.reason}`, { refused: refusals });
  const byCode = new Map<string, number>();
  for (const r of refusals) byCode.set(r.code, (byCode.get(r.code) ?? 0) + 1);
  return new AccordError(kind, 'share.nothing-to-share',
    `${what}: none of its ${refusals.length} objects may be shared now (${[...byCode].map(([c, n]) => `${n} ${c}`).join(', ')})${first !== undefined ? `; first: ${first.reason}` : ''}`,
    { refused: refusals });
}

function reasonOf(reason: string): string {
  const why = reason.trim();
  if (why === '') throw new AccordError('invalid', 'publication.reason-required', 'a rejection needs a reason (the requester is told why)');
  if (why.length > MAX_REASON) throw new AccordError('invalid', 'publication.reason-too-long', `a reason is at most ${MAX_REASON} characters, not ${why.length}`);
  return why;
}

function isRecord(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The terms as this service wrote them (never trusted blindly: a damaged row fails loudly). */
function termsOf(r: PublicationRecord): BulkShareTerms {
  let v: unknown;
  try {
    v = JSON.parse(r.terms);
  } catch {
    v = undefined;
  }
  if (!isRecord(v) || typeof v.tlp !== 'string' || !isRecord(v.audience) || typeof v.relay !== 'boolean') {
    throw new AccordError('internal', 'publication.bad-terms', `the stored terms of publication request ${r.id} cannot be read`);
  }
  return {
    tlp: v.tlp, audience: v.audience as unknown as Audience, relay: v.relay,
    ...(typeof v.handlingCode === 'string' ? { handlingCode: v.handlingCode } : {}),
    ...(typeof v.sourceReliability === 'string' ? { sourceReliability: v.sourceReliability as SourceReliability } : {}),
    ...(typeof v.informationAccuracy === 'number' ? { informationAccuracy: v.informationAccuracy as InformationAccuracy } : {}),
  };
}

function outcomeOf(text: string | null): Publication['outcome'] {
  if (text === null) return null;
  try {
    const v: unknown = JSON.parse(text);
    if (isRecord(v) && typeof v.shared === 'number' && Array.isArray(v.refused)) return { shared: v.shared, refused: v.refused as BulkRefusal[] };
  } catch {
    // fall through: an unreadable outcome is shown as none
  }
  return null;
}

function present(r: PublicationRecord): Publication {
  const tlp = (TLP_LEVELS as readonly string[]).includes(r.tlp) ? (r.tlp as TlpLevel) : tlpOfInput(r.tlp);
  return {
    id: r.id, state: r.state, tlp, terms: termsOf(r), objectCount: r.objectCount, requestedBy: r.requestedBy, requestedAt: r.requestedAt,
    decidedBy: r.decidedBy, decidedAt: r.decidedAt, reason: r.reason, outcome: outcomeOf(r.outcome),
  };
}
