// COPY … FROM STDIN in PostgreSQL's text format: the cheapest way to hand the server many rows
// (no per-row statement, no array literals to parse). Used for every row a put() writes.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import copyStreams from 'pg-copy-streams';

const SPECIAL = /[\\\t\n\r]/g;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * One field in COPY's text format: `\N` for null, booleans as t/f, and in text the backslash,
 * tab, newline and carriage return escaped (so no field can end a row or the data early).
 */
export function copyField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  return value.replace(SPECIAL, (ch) => ESCAPES[ch] ?? ch);
}

/**
 * Streams `lines` (fields already encoded with copyField, joined by tabs) to
 * `COPY target FROM STDIN`. Lines are produced lazily, in chunks, so that building them in Node
 * overlaps with the server storing the chunks before.
 */
export async function copyLines(client: PoolClient, target: string, lines: Iterable<string>): Promise<void> {
  const stream = client.query(copyStreams.from(`COPY ${target} FROM STDIN`));
  await pipeline(Readable.from(chunks(lines)), stream);
}

const CHUNK_CHARS = 64 * 1024;

function* chunks(lines: Iterable<string>): Generator<string> {
  let chunk = '';
  for (const line of lines) {
    chunk += `${line}\n`;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}
