// Pushing many objects to a collection: they are cut into envelopes of at most `maxObjects`
// objects and `maxBytes` bytes (the API root's max_content_length by default, §4.2.1: a body
// within it must not get 413), each envelope is posted (§5.5) and its status resource polled until
// complete or the wait runs out (§4.3), one envelope after the other. An object that cannot fit
// an envelope of its own is reported, not sent.
import { AccordError } from '../../stix/index.js';
import { envelopeBytes, type CollectionClient } from './client.js';
import type { Status } from './resources.schema.js';

/** One object to push: its JSON text, sent as is, and what to call it in reports. */
export interface PushItem {
  readonly text: string;
  readonly id?: string;
  readonly version?: string | null;
}

export interface PushOptions {
  /** Objects per envelope (default 1000). */
  readonly maxObjects?: number;
  /** Bytes per envelope (default: the API root's max_content_length). */
  readonly maxBytes?: number;
  /** Longest wait for each status to complete (default 60 s). */
  readonly maxWaitMs?: number;
  readonly pollMs?: number;
}

export type PushEvent =
  /** An envelope was posted; `status` is the last status seen (still `pending` if the wait ran out). */
  | { readonly kind: 'sent'; readonly objects: number; readonly bytes: number; readonly status: Status }
  /** An object larger than an envelope may be; not sent. */
  | { readonly kind: 'too-large'; readonly item: PushItem; readonly bytes: number; readonly limit: number };

/** Posts `items` in envelopes and reports each envelope's final status. */
export async function* pushObjects(collection: CollectionClient, items: AsyncIterable<PushItem> | Iterable<PushItem>, options: PushOptions = {}): AsyncGenerator<PushEvent> {
  const maxObjects = options.maxObjects ?? 1000;
  if (!Number.isInteger(maxObjects) || maxObjects < 1) throw new AccordError('invalid', 'taxii.bad-option', `objects per envelope must be a positive integer, got ${maxObjects}`);
  const maxBytes = options.maxBytes ?? (await collection.apiRoot.info()).max_content_length;
  let texts: string[] = [];
  let bytes = 0;
  const send = async (): Promise<PushEvent> => {
    const batch = texts;
    const size = envelopeBytes(batch.length, bytes);
    texts = [];
    bytes = 0;
    const posted = await collection.add(batch);
    const status = await collection.apiRoot.waitForStatus(posted, {
      ...(options.maxWaitMs !== undefined ? { maxWaitMs: options.maxWaitMs } : {}),
      ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    });
    return { kind: 'sent', objects: batch.length, bytes: size, status };
  };
  for await (const item of items) {
    const size = Buffer.byteLength(item.text, 'utf8');
    if (envelopeBytes(1, size) > maxBytes) {
      yield { kind: 'too-large', item, bytes: size, limit: maxBytes };
      continue;
    }
    if (texts.length > 0 && (texts.length >= maxObjects || envelopeBytes(texts.length + 1, bytes + size) > maxBytes)) yield await send();
    texts.push(item.text);
    bytes += size;
  }
  if (texts.length > 0) yield await send();
}
