// Lines of a log read in large chunks (issue 8, "Benchmark"): `readline` costs more per line than
// parsing an eve.json event does, so the input is read as Buffers, split on the newline byte and
// only the complete lines of each chunk are decoded, in one call. A newline byte never occurs
// inside a UTF-8 sequence, so splitting bytes first and decoding after is exact. A line longer
// than the limit is not kept: its bytes are counted and dropped as they arrive, and it is handed
// on as an `Overlong` marker so that the caller counts the skip and the rest is still read.
import { MAX_LINE } from './event.js';

/** A line longer than the limit, skipped without being held: its length in bytes. */
export interface Overlong {
  readonly overlong: number;
}

/**
 * The lines of a stream (a trailing `\r` dropped, as `readline` with `crlfDelay: Infinity` does),
 * a batch per chunk read, so that the per-line cost is a loop step and not a promise. Read the
 * file with a large `highWaterMark` (1 MiB) for speed.
 */
export async function* lineBatches(input: AsyncIterable<Buffer | string>, maxLine = MAX_LINE): AsyncGenerator<(string | Overlong)[]> {
  let carry: Buffer[] = [];
  let carried = 0;
  /** Bytes of an overlong line dropped so far (0: none in progress). */
  let dropped = 0;
  for await (const piece of input) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    const batch: (string | Overlong)[] = [];
    const last = chunk.lastIndexOf(10);
    if (last < 0) {
      if (dropped > 0) dropped += chunk.length;
      else if (carried + chunk.length > maxLine) {
        dropped = carried + chunk.length;
        carry = [];
        carried = 0;
      } else {
        carry.push(chunk);
        carried += chunk.length;
      }
      continue;
    }
    let start = 0;
    const first = chunk.indexOf(10);
    if (dropped > 0 || carried > 0) {
      // The line begun in earlier chunks ends at this chunk's first newline.
      if (dropped > 0 || carried + first > maxLine) batch.push({ overlong: dropped + carried + first });
      else batch.push(trimCr(Buffer.concat([...carry, chunk.subarray(0, first)]).toString('utf8')));
      dropped = 0;
      carry = [];
      carried = 0;
      start = first + 1;
    }
    if (start <= last) splitInto(batch, chunk.toString('utf8', start, last), maxLine);
    if (last + 1 < chunk.length) {
      const rest = chunk.subarray(last + 1);
      if (rest.length > maxLine) dropped = rest.length;
      else {
        carry = [Buffer.from(rest)];
        carried = rest.length;
      }
    }
    if (batch.length > 0) yield batch;
  }
  if (dropped > 0) yield [{ overlong: dropped }];
  else if (carried > 0) yield [trimCr(Buffer.concat(carry).toString('utf8'))];
}

/** The lines of a stream one by one (see `lineBatches`). */
export async function* lines(input: AsyncIterable<Buffer | string>, maxLine = MAX_LINE): AsyncGenerator<string | Overlong> {
  for await (const batch of lineBatches(input, maxLine)) yield* batch;
}

/** Splits decoded text (complete lines, without the final newline) into the batch. */
function splitInto(batch: (string | Overlong)[], text: string, maxLine: number): void {
  let from = 0;
  for (;;) {
    const nl = text.indexOf('\n', from);
    const end = nl < 0 ? text.length : nl;
    // Characters, not bytes: a line of many multi-byte characters may pass here and be skipped by
    // the reader's own MAX_LINE check instead.
    if (end - from > maxLine) batch.push({ overlong: end - from });
    else batch.push(trimCr(text.slice(from, end)));
    if (nl < 0) return;
    from = nl + 1;
  }
}

function trimCr(s: string): string {
  return s.charCodeAt(s.length - 1) === 13 ? s.slice(0, -1) : s;
}
