// Input files for `import` and `validate`: files, folders (walked recursively for .json,
// .jsonl, .ndjson, optionally gzip-compressed) and `-` for standard input. Each input is read
// as a byte stream; gzip is recognised by its magic bytes, whatever the file is called.
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { AccordError } from '../stix/index.js';
import type { Io } from './io.js';

export interface Input {
  /** A name for messages: the path as given, or `-` for stdin. */
  readonly name: string;
  /** Size in bytes on disk, when known (for progress). */
  readonly size: number | undefined;
  open(): AsyncIterable<Uint8Array>;
}

const EXTENSIONS = /\.(json|jsonl|ndjson)(\.gz)?$/i;

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && EXTENSIONS.test(e.name)) out.push(p);
  }
}

/** Byte chunks of a stream, gunzipped when the stream starts with the gzip magic bytes. */
async function* maybeGunzip(source: Readable): AsyncIterable<Uint8Array> {
  const it = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await it.next();
  if (first.done === true) return;
  const head = first.value;
  const rest = (async function* () {
    yield head;
    for (let r = await it.next(); r.done !== true; r = await it.next()) yield r.value;
  })();
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    yield* Readable.from(rest).pipe(createGunzip()) as AsyncIterable<Buffer>;
  } else {
    yield* rest;
  }
}

/** Resolves the command line's inputs; throws AccordError `cli.usage` for a path that does not exist. */
export function resolveInputs(args: readonly string[], io: Io): Input[] {
  if (args.length === 0) throw new AccordError('invalid', 'cli.usage', 'name at least one FILE, DIR or - (standard input)');
  const inputs: Input[] = [];
  for (const arg of args) {
    if (arg === '-') {
      inputs.push({ name: '-', size: undefined, open: () => maybeGunzip(io.stdin) });
      continue;
    }
    const path = resolve(io.cwd, arg);
    let st;
    try {
      st = statSync(path);
    } catch {
      throw new AccordError('invalid', 'cli.usage', `${arg}: no such file or folder`);
    }
    const files: string[] = [];
    if (st.isDirectory()) walk(path, files);
    else files.push(path);
    if (st.isDirectory() && files.length === 0) throw new AccordError('invalid', 'cli.usage', `${arg}: the folder holds no .json, .jsonl or .ndjson files`);
    for (const f of files) {
      inputs.push({
        name: f === path ? arg : join(arg, f.slice(path.length + 1)),
        size: statSync(f).size,
        open: () => maybeGunzip(createReadStream(f, { highWaterMark: 1 << 20 })),
      });
    }
  }
  return inputs;
}
