// Follow mode (issue 8, item 2, "a directory being appended to"): the lines of a log file, or of
// every file in a directory, as they are written — like `tail -F`, from the start of each file:
//
// - a file that appears (in the directory, or the followed file created later) is read from its start;
// - a file replaced under its name (rotation: its inode changes) is read to its end through the
//   handle still open, then the new file from its start; a file that shrinks (truncation) is read
//   again from its start;
// - in a directory, a file renamed by rotation (eve.json → eve.json.1) is the same file (device,
//   inode and birth time) under a new name: it goes on from where it was, not from its start, so
//   nothing is read twice;
// - a last line without its newline is held until the newline arrives (a writer's half-written
//   line is never cut in two); a line longer than MAX_LINE is dropped as it streams and reported
//   once, so a 10 MB line costs no more memory than MAX_LINE;
// - change notices come from fs.watch on the directory, and a poll every `pollMs` (≤ 250 ms) catches
//   what watching misses (network file systems, editors that rename); between them it sleeps.
// It stops when the signal aborts, closing every file.
import { watch, type FSWatcher } from 'node:fs';
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { MAX_LINE } from './event.js';

/** One line read in follow mode. */
export interface FollowedLine {
  /** The file it is in (the path given, or the directory joined with the file's name). */
  readonly file: string;
  /** The file's identity, which a rename keeps (a reader with state follows the file, not its name). */
  readonly id: string;
  /** Its line number in that file (from 1; counted again after a truncation or rotation). */
  readonly line: number;
  /** The line without its line break ('' for a line longer than MAX_LINE, which is reported, not kept). */
  readonly text: string;
  readonly tooLong?: true;
}

export interface FollowOptions {
  readonly signal: AbortSignal;
  /** How often to look without a change notice (default and at most 250 ms). */
  readonly pollMs?: number;
}

/** What is known of one followed file. */
interface Tail {
  readonly path: string;
  handle?: FileHandle;
  /** Which file is open: device, inode and birth time. */
  file?: string;
  pos: number;
  line: number;
  partial: Buffer[];
  partialBytes: number;
  overlong: boolean;
}

const CHUNK = 1 << 20;
/** How many looks a file's last position is remembered after no name holds it (a rename seen late). */
const REMEMBER = 8;

/** Where each file (by identity, whatever its name) was read up to, and when. */
type Positions = Map<string, { pos: number; line: number; look: number }>;
const identity = (s: { dev: number; ino: number; birthtimeMs: number }): string => `${s.dev}:${s.ino}:${s.birthtimeMs}`;
const newTail = (path: string): Tail => ({ path, pos: 0, line: 0, partial: [], partialBytes: 0, overlong: false });

/** Yields the lines of `target` (a file or a directory of files) as they are appended, until `signal` aborts. */
export async function* followLines(target: string, options: FollowOptions): AsyncGenerator<FollowedLine> {
  const { signal } = options;
  const pollMs = Math.min(Math.max(options.pollMs ?? 250, 10), 250);
  const isDir = await stat(target).then((s) => s.isDirectory(), () => false);
  const tails = new Map<string, Tail>();
  const positions: Positions = new Map();
  let look = 0;
  let dirty = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    dirty = true;
    wake?.();
  };
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(isDir ? target : dirname(target), { persistent: false }, notify);
    // A watch that fails later (the directory removed, too many watches) leaves the poll to do the work.
    watcher.on('error', () => watcher?.close());
  } catch {
    watcher = undefined;
  }
  signal.addEventListener('abort', notify, { once: true });
  try {
    while (!signal.aborted) {
      dirty = false;
      look++;
      for (const path of await names(target, isDir)) if (!tails.has(path)) tails.set(path, newTail(path));
      for (const tail of tails.values()) {
        yield* readTail(tail, signal, positions, look);
        if (tail.file !== undefined) positions.set(tail.file, { pos: tail.pos, line: tail.line, look });
        if (tail.handle === undefined && isDir) tails.delete(tail.path);
      }
      for (const [file, p] of positions) if (p.look < look - REMEMBER) positions.delete(file);
      if (dirty || signal.aborted) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  } finally {
    signal.removeEventListener('abort', notify);
    watcher?.close();
    await Promise.all([...tails.values()].flatMap((t) => (t.handle !== undefined ? [t.handle.close()] : [])));
  }
}

/** The files followed now: the target, or the directory's regular files not starting with a dot, by name. */
async function names(target: string, isDir: boolean): Promise<string[]> {
  if (!isDir) return [target];
  const entries = await readdir(target, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => join(target, e.name)).sort();
}

/** Reads what was appended to one file since the last look, reopening it after rotation or truncation. */
async function* readTail(tail: Tail, signal: AbortSignal, positions: Positions, look: number): AsyncGenerator<FollowedLine> {
  const now = await stat(tail.path).catch(() => undefined);
  if (tail.handle !== undefined && (now === undefined || identity(now) !== tail.file)) {
    // Rotated or removed: what was written to the old file before it went is still read.
    yield* readAppended(tail, signal);
    if (tail.partialBytes > 0 || tail.overlong) yield flushPartial(tail);
    await tail.handle.close();
    if (tail.file !== undefined) positions.set(tail.file, { pos: tail.pos, line: tail.line, look });
    Object.assign(tail, newTail(tail.path), { handle: undefined, file: undefined });
  }
  if (now === undefined || !now.isFile()) return;
  if (tail.handle === undefined) {
    tail.handle = await open(tail.path, 'r').catch(() => undefined);
    if (tail.handle === undefined) return;
    tail.file = identity(now);
    // A file this follower has read under another name (rotated): on from where it was.
    const known = positions.get(tail.file);
    if (known !== undefined && known.pos <= now.size) Object.assign(tail, { pos: known.pos, line: known.line });
  } else if (now.size < tail.pos) {
    // Truncated in place (copytruncate): the file starts again.
    Object.assign(tail, { pos: 0, line: 0, partial: [], partialBytes: 0, overlong: false });
  }
  yield* readAppended(tail, signal);
}

/** Reads the open file from its position to its end, yielding each complete line. */
async function* readAppended(tail: Tail, signal: AbortSignal): AsyncGenerator<FollowedLine> {
  const handle = tail.handle;
  if (handle === undefined) return;
  const buf = Buffer.allocUnsafe(CHUNK);
  while (!signal.aborted) {
    const { bytesRead } = await handle.read(buf, 0, CHUNK, tail.pos);
    if (bytesRead === 0) return;
    tail.pos += bytesRead;
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl >= 0 && nl < bytesRead; nl = buf.indexOf(10, start)) {
      keep(tail, buf.subarray(start, nl));
      start = nl + 1;
      yield flushPartial(tail);
    }
    keep(tail, buf.subarray(start, bytesRead));
  }
}

/** Adds bytes to the line being gathered (a copy: the read buffer is reused), or drops them past MAX_LINE. */
function keep(tail: Tail, bytes: Buffer): void {
  if (bytes.length === 0 || tail.overlong) return;
  if (tail.partialBytes + bytes.length > MAX_LINE) {
    tail.overlong = true;
    tail.partial = [];
    tail.partialBytes = 0;
    return;
  }
  tail.partial.push(Buffer.from(bytes));
  tail.partialBytes += bytes.length;
}

/** The gathered line (at a newline, or at the end of a rotated file), and a fresh start. */
function flushPartial(tail: Tail): FollowedLine {
  tail.line++;
  const text = tail.overlong ? '' : Buffer.concat(tail.partial, tail.partialBytes).toString('utf8').replace(/\r$/, '');
  const out: FollowedLine = { file: tail.path, id: tail.file ?? tail.path, line: tail.line, text, ...(tail.overlong ? { tooLong: true as const } : {}) };
  tail.partial = [];
  tail.partialBytes = 0;
  tail.overlong = false;
  return out;
}
