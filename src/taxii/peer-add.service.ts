// Add Objects (§5.5) from a peer node: another member's node pushing what this node's member may
// read (docs/decisions/0018-sync.md, push). A push never goes through the plain import path:
// every object must be proven by a share record its sharer signed, exactly as for a pulled page.
// That check belongs to federation (acceptFromPeer), which this area may not import, so the
// server injects it as a PeerAddHandler. Here the envelope is split into its objects' texts
// (as received, nothing re-serialised), handed over, and the answer turned into a status
// resource: one success or failure per object, a failure carrying the code and reason it was
// held back for. Processing is synchronous: the status is `complete` when the 202 is sent.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { AccordError, formatMicros, type CollectionRecord, type StatusDetail, type StatusRecord, type Store } from '../store/index.js';
import { EnvelopeReader } from './client/index.js';
import { requesterOwner, type PeerRequester } from './read-filter.js';

/** What became of one pushed element (null id/version: it could not be read that far). */
export interface PeerAddOutcome {
  readonly ok: boolean;
  readonly id: string | null;
  readonly version: string | null;
  /** Why it was refused, or a note such as "already held". */
  readonly message?: string;
}

/** Checks and stores the object texts a peer pushed; one outcome per text, in order. */
/**
 * Stores what a peer node pushed and says what became of each element. `pushRange` is the
 * request's Accord-Push-Range field as received (the pusher's signature covers it), for the
 * handler to read; the TAXII area does not interpret it.
 */
export type PeerAddHandler = (memberId: string, texts: readonly string[], context: { readonly pushRange?: string }) => Promise<readonly PeerAddOutcome[]>;

export interface PeerAddRequest {
  readonly collection: CollectionRecord;
  readonly requester: PeerRequester;
  readonly body: Uint8Array | undefined;
  /** The request's arrival, µs since the epoch. */
  readonly receivedMicros: number;
  /** The Accord-Push-Range field, when the request carried one. */
  readonly pushRange?: string;
}

/** Reads the envelope's object texts; refuses what is not an envelope with objects (nothing is stored then). */
async function envelopeTexts(body: Uint8Array | undefined, maxItemBytes: number): Promise<{ texts: string[]; unreadable: StatusDetail[] }> {
  if (body === undefined || body.length === 0) throw new AccordError('invalid', 'taxii.unreadable-body', 'the request has no body; Add Objects takes an envelope');
  const reader = new EnvelopeReader(Readable.from([body]), { maxItemBytes, what: 'the pushed envelope' });
  const texts: string[] = [];
  const unreadable: StatusDetail[] = [];
  try {
    for await (const item of reader.items()) {
      if (item.kind === 'element') texts.push(item.text);
      else unreadable.push({ id: item.objectId ?? `objects[${texts.length + unreadable.length}]`, version: '', message: `${item.code}: ${item.message}` });
    }
  } catch (e) {
    throw new AccordError('invalid', 'taxii.unreadable-body', (e as Error).message);
  }
  if (texts.length + unreadable.length === 0) throw new AccordError('unprocessable', 'taxii.bad-envelope', 'the envelope holds no objects');
  return { texts, unreadable };
}

/** Processes one peer's POST through `handler`; stores and returns the status resource. */
export async function addFromPeer(store: Store, handler: PeerAddHandler, maxItemBytes: number, req: PeerAddRequest): Promise<{ status: StatusRecord; failed: number }> {
  const requestTimestamp = formatMicros(req.receivedMicros);
  const { texts, unreadable } = await envelopeTexts(req.body, maxItemBytes);
  const outcomes = texts.length > 0 ? await handler(req.requester.memberId, texts, req.pushRange !== undefined ? { pushRange: req.pushRange } : {}) : [];
  const successes: StatusDetail[] = [];
  const failures: StatusDetail[] = unreadable.map((u) => ({ ...u, version: u.version === '' ? requestTimestamp : u.version }));
  outcomes.forEach((o, i) => {
    const detail: StatusDetail = { id: o.id ?? `objects[${i}]`, version: o.version ?? requestTimestamp, ...(o.message !== undefined ? { message: o.message } : {}) };
    (o.ok ? successes : failures).push(detail);
  });
  const status: StatusRecord = {
    id: randomUUID(), status: 'complete', requestTimestamp,
    totalCount: successes.length + failures.length, successCount: successes.length, failureCount: failures.length, pendingCount: 0,
    successes, failures, pendings: [], ownerId: requesterOwner(req.requester), collectionId: req.collection.id,
  };
  await store.statuses.create(status);
  return { status, failed: failures.length };
}
