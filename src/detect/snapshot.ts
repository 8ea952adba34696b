// A detection index snapshot (docs/decisions/0029): the compiled index of a LiveDetector and
// what it needs besides (the indicator versions it knows, their names and expiry, the due times,
// the store cursor it reflects), so that `accord serve` starts from it and pulls only what was
// stored since, instead of reading and compiling every indicator again. The layout is
// snapshot-format.ts; this file says what goes in, checks that a file belongs to this store, and
// writes files atomically.
//
// A snapshot is a cache: deleting it costs one full build at the next start. It is never trusted
// blindly — another format, another store, a failed checksum, a truncated file or a cursor ahead
// of the store (a store restored from an older backup) all make the caller build from the store.
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { formatPattern, parsePattern, type Pattern } from '../pattern/index.js';
import { Detector } from './detector.js';
import { SnapshotError, SnapshotReader, SnapshotWriter } from './snapshot-format.js';

export { SnapshotError } from './snapshot-format.js';

/** An indicator version the live index knows of: in force (active) or waiting for its valid_from. */
export interface KnownVersion {
  /** The date_added of the version. */
  readonly version: number;
  readonly name: string | undefined;
  /** valid_until in ms, when it has one. */
  readonly until: number | undefined;
  readonly active: boolean;
  /** Kept only while the version waits (an active one is in the index already). */
  readonly pattern?: Pattern;
}

/** A due time: an indicator's valid_from (start) or valid_until (end), for one version of it. */
export interface Due {
  readonly at: number;
  readonly id: string;
  readonly kind: 'start' | 'end';
  /** The date_added of the version that set it: a later version makes it void. */
  readonly version: number;
}

/** What a LiveDetector keeps besides its Detector. */
export interface LiveState<M extends ReadonlyMap<string, KnownVersion> = ReadonlyMap<string, KnownVersion>> {
  /** The store clock up to which every indicator version was applied. */
  readonly cursor: number;
  /** The newest indicator version applied (its id and date_added), for checking the store still has it. */
  readonly last: { readonly id: string; readonly added: number } | undefined;
  readonly known: M;
  /** Indicators whose latest version's pattern does not check. */
  readonly refused: Iterable<string>;
  /** The due heap's entries, in heap order. */
  readonly due: readonly Due[];
}

/** The few fields a snapshot states about itself. */
export interface SnapshotMeta {
  /** Which store it was built from (its identity, see `accord serve`). */
  readonly store: string;
  readonly cursor: number;
  readonly last: LiveState['last'];
  /** When it was written (ISO 8601). */
  readonly written: string;
  readonly indicators: number;
}

/** The snapshot of a detector and its live state, as buffers to write one after another. */
export function encodeSnapshot(store: string, detector: Detector, live: LiveState): Buffer[] {
  const w = new SnapshotWriter();
  detector.save(w);
  const known = [...live.known];
  // An id the index holds is written as its handle (-1 - handle): the blob has it once and the loaded table shares the index's string.
  w.put('KNID', known.map(([id]) => {
    const h = detector.handleOf(id);
    return h === undefined ? w.str(id) : -1 - h;
  }));
  w.put('KNVR', known.map(([, k]) => k.version), Float64Array);
  w.put('KNUN', known.map(([, k]) => k.until ?? Number.NaN), Float64Array);
  w.put('KNNM', known.map(([, k]) => (k.name === undefined ? -1 : w.str(k.name))));
  w.put('KNAC', known.map(([, k]) => (k.active ? 1 : 0)), Uint8Array);
  const waiting = known.flatMap(([, k], i) => (k.pattern === undefined ? [] : [[i, w.str(formatPattern(k.pattern))]]));
  w.put('KWPI', waiting.map(([i]) => i as number));
  w.put('KWPT', waiting.map(([, t]) => t as number));
  w.put('REFU', [...live.refused].map((id) => w.str(id)));
  w.put('DUAT', live.due.map((d) => d.at), Float64Array);
  w.put('DUID', live.due.map((d) => w.str(d.id)));
  w.put('DUKN', live.due.map((d) => (d.kind === 'start' ? 0 : 1)), Uint8Array);
  w.put('DUVR', live.due.map((d) => d.version), Float64Array);
  const meta: SnapshotMeta = { store, cursor: live.cursor, last: live.last, written: new Date().toISOString(), indicators: detector.counts.indicators };
  return w.encode({ ...meta });
}

/** Reads a snapshot; throws SnapshotError when it is not one, is damaged, or was made for another store. */
export function decodeSnapshot(file: Buffer, store: string): { meta: SnapshotMeta; detector: Detector; live: LiveState<Map<string, KnownVersion>> } {
  try {
    return decode(file, store);
  } catch (e) {
    // The checksum held, so this is a file written by another build, or made by hand: not used either way.
    if (e instanceof SnapshotError) throw e;
    throw new SnapshotError(`it cannot be read: ${(e as Error).message}`);
  }
}

function decode(file: Buffer, store: string): { meta: SnapshotMeta; detector: Detector; live: LiveState<Map<string, KnownVersion>> } {
  const r = new SnapshotReader(file);
  const meta = readMeta(r.meta);
  if (meta.store !== store) throw new SnapshotError(`made for another store (${meta.store}, this one is ${store})`);
  const detector = Detector.load(r);
  const ids = r.next('KNID', Int32Array);
  const versions = r.next('KNVR', Float64Array);
  const untils = r.next('KNUN', Float64Array);
  const names = r.next('KNNM', Int32Array);
  const active = r.next('KNAC', Uint8Array);
  const n = ids.length;
  if (versions.length !== n || untils.length !== n || names.length !== n || active.length !== n) throw new SnapshotError('the known-version sections disagree on how many there are');
  const patterns = new Map<number, Pattern>();
  const at = r.next('KWPI', Int32Array);
  const texts = r.next('KWPT', Int32Array);
  for (let i = 0; i < at.length; i++) {
    const p = parsePattern(r.str(texts[i] as number));
    if (!p.ok) throw new SnapshotError(`a waiting indicator's pattern does not parse: ${p.error.message}`);
    patterns.set(at[i] as number, p.pattern);
  }
  const known = new Map<string, KnownVersion>();
  for (let i = 0; i < n; i++) {
    const k = ids[i] as number;
    const id = k >= 0 ? r.str(k) : detector.indicatorAt(-1 - k);
    if (id === undefined) throw new SnapshotError(`a known version names handle ${-1 - k}, which the index does not hold`);
    const until = untils[i] as number;
    const name = names[i] as number;
    const pattern = patterns.get(i);
    const entry: KnownVersion = { version: versions[i] as number, name: name < 0 ? undefined : r.str(name), until: Number.isNaN(until) ? undefined : until, active: active[i] === 1 };
    known.set(id, pattern === undefined ? entry : { ...entry, pattern });
  }
  const refused = [...r.next('REFU', Int32Array)].map((k) => r.str(k));
  const dueAt = r.next('DUAT', Float64Array);
  const dueId = r.next('DUID', Int32Array);
  const dueKind = r.next('DUKN', Uint8Array);
  const dueVersion = r.next('DUVR', Float64Array);
  const due: Due[] = [];
  for (let i = 0; i < dueAt.length; i++) due.push({ at: dueAt[i] as number, id: r.str(dueId[i] as number), kind: dueKind[i] === 0 ? 'start' : 'end', version: dueVersion[i] as number });
  if (!r.done) throw new SnapshotError('the file has sections this build does not read');
  return { meta, detector, live: { cursor: meta.cursor, last: meta.last, known, refused, due } };
}

function readMeta(m: Readonly<Record<string, unknown>>): SnapshotMeta {
  const last = m.last as { id?: unknown; added?: unknown } | undefined;
  if (typeof m.store !== 'string' || typeof m.cursor !== 'number' || typeof m.written !== 'string' || typeof m.indicators !== 'number'
    || (last !== undefined && (typeof last.id !== 'string' || typeof last.added !== 'number'))) throw new SnapshotError('its header fields are missing or of the wrong type');
  return { store: m.store, cursor: m.cursor, last: last === undefined ? undefined : { id: last.id as string, added: last.added as number }, written: m.written, indicators: m.indicators };
}

/**
 * Writes a snapshot atomically: to a temporary file of its own in the same folder (the process
 * id and random bytes: several processes may share the folder), flushed to disk, then renamed
 * over the old one and the folder flushed. A reader sees the old file or the new one, whole.
 */
export async function writeSnapshotFile(path: string, parts: readonly Buffer[]): Promise<void> {
  const temp = `${path}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  const fh = await open(temp, 'wx', 0o600);
  try {
    try {
      for (const part of parts) {
        for (let off = 0; off < part.length;) off += (await fh.write(part, off, part.length - off)).bytesWritten;
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(temp, path);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/** A snapshot file's bytes, or undefined when there is none; SnapshotError when it cannot be read. */
export async function readSnapshotFile(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SnapshotError(`${path} cannot be read: ${(e as Error).message}`);
  }
}
