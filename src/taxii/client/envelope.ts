// Reads a TAXII envelope (§3.7) — or a manifest (§5.3.1), which has the same shape — from a byte
// stream, handing out the raw text of each element of `objects` as soon as it is complete, and
// then the envelope's other members (`more`, `next`), wherever they stood.
//
// The splitting is the STIX core's streaming reader (readJsonStream): it streams the `objects`
// array of any top-level object that has no `type` other than "bundle", which an envelope has
// not, and reports `bundle.not-a-bundle` at the end, which is expected here and dropped. What it
// does not hand out are the members around the array. This reader keeps them: it retains the
// input bytes since the end of the last element (normally a comma, or the element in progress),
// and the bytes before the first element; at the end the two pieces joined are the envelope with
// an empty `objects` array — `{"more":true,"objects":[` + `],"next":"…"}` — parsed as JSON.
// So a page is never held: at most one element is held twice (by the reader and here) while
// it arrives. What is kept here are references to the chunks as given, so a source must not
// reuse a chunk's memory once handed on (sockets and zlib streams hand out fresh buffers).
//
// When the bytes around the array cannot be kept — an element so large the reader skipped it
// sits where the members must be read, or the members themselves are huge — `members` is
// undefined, and the caller pages on without them (client.ts).
import { AccordError, parseJson, readJsonStream, type StreamItem } from '../../stix/index.js';
import { protocolError } from './errors.js';

export type EnvelopeItem =
  | { readonly kind: 'element'; readonly text: string }
  /** An element the reader could not hand out (larger than the limit, invalid UTF-8, too deep). */
  | { readonly kind: 'unreadable'; readonly code: string; readonly message: string; readonly objectId?: string };

export interface EnvelopeOptions {
  /** Largest element handed out, in bytes. */
  readonly maxItemBytes: number;
  /** What to name in errors, e.g. "GET https://…/objects/". */
  readonly what: string;
  /** Retained bytes beyond which the members are given up (default maxItemBytes + 1 MiB). */
  readonly maxRetainedBytes?: number;
}

/** The envelope's members other than `objects`. */
export interface EnvelopeMembers {
  readonly more?: boolean;
  readonly next?: string;
}

const BLANK = new Set([0x20, 0x09, 0x0a, 0x0d]);
const BOM = [0xef, 0xbb, 0xbf];

export class EnvelopeReader {
  private readonly cap: number;
  /** Input bytes from `retainedFrom` on (views of the chunks, not copies). */
  private retained: Uint8Array[] = [];
  private retainedFrom = 0;
  private retainedBytes = 0;
  /** Bytes were dropped from the retained run: the members after the last element are unknown. */
  private lost = false;
  private consumed = 0;
  /** Offset of the first byte that is neither blank nor a BOM. */
  private firstByte = -1;
  private prefix: Uint8Array | undefined;
  private prefixLost = false;
  private elements = 0;
  private unreadable = 0;
  private whole: Record<string, unknown> | undefined;
  private result: { members: EnvelopeMembers | undefined } | undefined;

  constructor(private readonly chunks: AsyncIterable<Uint8Array>, private readonly options: EnvelopeOptions) {
    this.cap = options.maxRetainedBytes ?? options.maxItemBytes + (1 << 20);
  }

  /** The members, once `items()` has run to its end; undefined when they could not be read. */
  get members(): EnvelopeMembers | undefined {
    if (this.result === undefined) throw new Error('EnvelopeReader.members read before the envelope was read to its end');
    return this.result.members;
  }

  /** The elements of `objects`, in order; throws `taxii.protocol` when the body is not an envelope. */
  async *items(): AsyncGenerator<EnvelopeItem> {
    const what = this.options.what;
    for await (const item of readJsonStream(this.feed(), { maxItemBytes: this.options.maxItemBytes })) {
      if (item.kind === 'value') {
        if (item.offset === this.firstByte) {
          // The whole body came as one value: an envelope whose array was not streamed.
          yield* this.wholeEnvelope(item.text);
          continue;
        }
        yield this.element(item);
        continue;
      }
      const e = item.error;
      if (e.rule === 'bundle.not-a-bundle') continue; // an envelope has no "type": expected
      if (item.fatal) {
        if (e.rule === 'json.truncated') throw new AccordError('unavailable', 'taxii.truncated', `${what}: the response ended before the envelope was complete (${e.message})`);
        throw protocolError(what, `the response is not a TAXII envelope: ${e.message}`);
      }
      if (/^\/objects\/\d+/.test(e.path)) {
        this.unreadable++;
        yield { kind: 'unreadable', code: e.rule, message: e.message, ...(item.objectId !== undefined ? { objectId: item.objectId } : {}) };
        continue;
      }
      throw protocolError(what, `the response is not a TAXII envelope: ${e.message}`);
    }
    this.result = { members: this.readMembers() };
  }

  /** Passes the chunks on to the reader, keeping what the members may need. */
  private async *feed(): AsyncGenerator<Uint8Array> {
    for await (const chunk of this.chunks) {
      if (this.firstByte < 0) this.findFirstByte(chunk);
      if (this.lost || this.retainedBytes + chunk.length > this.cap) {
        // Keep only the newest chunk: an element completed next ends inside it, and retention
        // resumes from there.
        this.lost = true;
        this.retained = [chunk];
        this.retainedFrom = this.consumed;
        this.retainedBytes = chunk.length;
        if (this.prefix === undefined) this.prefixLost = true;
      } else {
        this.retained.push(chunk);
        this.retainedBytes += chunk.length;
      }
      this.consumed += chunk.length;
      yield chunk;
    }
  }

  private findFirstByte(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const at = this.consumed + i;
      const b = chunk[i] ?? 0;
      if (at < 3 && b === BOM[at]) continue;
      if (BLANK.has(b)) continue;
      this.firstByte = at;
      return;
    }
  }

  private element(item: Extract<StreamItem, { kind: 'value' }>): EnvelopeItem {
    if (this.elements++ === 0 && this.prefix === undefined && !this.prefixLost) {
      this.prefix = this.retainedFrom === 0 ? this.slice(item.offset) : undefined;
      if (this.prefix === undefined) this.prefixLost = true;
    }
    const end = item.offset + Buffer.byteLength(item.text, 'utf8');
    if (end >= this.retainedFrom) {
      this.dropBefore(end);
      this.lost = false;
    }
    return { kind: 'element', text: item.text };
  }

  /** The retained bytes from retainedFrom up to `end` (exclusive), copied. */
  private slice(end: number): Uint8Array {
    const out = new Uint8Array(end - this.retainedFrom);
    let at = 0;
    for (const c of this.retained) {
      if (at >= out.length) break;
      const take = Math.min(c.length, out.length - at);
      out.set(c.subarray(0, take), at);
      at += take;
    }
    return out;
  }

  private dropBefore(offset: number): void {
    let skip = offset - this.retainedFrom;
    while (skip > 0 && this.retained.length > 0) {
      const c = this.retained[0] as Uint8Array;
      if (c.length <= skip) {
        this.retained.shift();
        skip -= c.length;
        this.retainedBytes -= c.length;
      } else {
        this.retained[0] = c.subarray(skip);
        this.retainedBytes -= skip;
        skip = 0;
      }
    }
    this.retainedFrom = offset;
  }

  /** A body that was one value (not streamed): its `objects`, re-serialised — a rare path. */
  private *wholeEnvelope(text: string): Generator<EnvelopeItem> {
    let value: unknown;
    try {
      value = parseJson(text);
    } catch (e) {
      throw protocolError(this.options.what, `the response is not a TAXII envelope: ${(e as Error).message}`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw protocolError(this.options.what, 'the response is not a JSON object');
    const { objects, ...rest } = value as Record<string, unknown>;
    this.whole = rest;
    if (objects === undefined) return;
    if (!Array.isArray(objects)) throw protocolError(this.options.what, '"objects" is not a list');
    for (const o of objects) yield { kind: 'element', text: JSON.stringify(o) };
  }

  private readMembers(): EnvelopeMembers | undefined {
    let members: Record<string, unknown>;
    if (this.whole !== undefined) {
      members = this.whole;
    } else if (this.consumed === 0) {
      members = {}; // an empty body: nothing, as an empty envelope says
    } else {
      if (this.lost || this.prefixLost) return undefined;
      const head = this.elements > 0 ? (this.prefix as Uint8Array) : new Uint8Array(0);
      const skeleton = Buffer.concat([head, ...this.retained]);
      let text = skeleton.toString('utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      let value: unknown;
      try {
        value = parseJson(text);
      } catch (e) {
        // With elements skipped as unreadable, the two pieces may not join up: page on without them.
        if (this.unreadable > 0) return undefined;
        throw protocolError(this.options.what, `the response is not a TAXII envelope: ${(e as Error).message}`);
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw protocolError(this.options.what, 'the response is not a JSON object');
      members = value as Record<string, unknown>;
    }
    const { more, next } = members;
    if (more !== undefined && typeof more !== 'boolean') throw protocolError(this.options.what, `"more" is ${JSON.stringify(more)}, not true or false`);
    if (next !== undefined && typeof next !== 'string' && typeof next !== 'number') throw protocolError(this.options.what, '"next" is not a string');
    return {
      ...(more !== undefined ? { more } : {}),
      ...(next !== undefined && next !== '' ? { next: String(next) } : {}),
    };
  }
}
