// The binary format of a detection index snapshot (docs/decisions/0029): what the compiled index
// holds, written as typed arrays and one string blob, so that loading it is a read, a checksum
// and a walk over arrays — no JSON of a million objects, no pattern parsed again.
//
//   header (64 bytes)  magic `ACCDXSNP`, format number (u32), 0 (u32), body length (f64),
//                      SHA-256 of the body (32 bytes), 8 bytes of zeros
//   body               meta: u32 length + JSON (a few fields) | the strings: latin1 or UTF-16LE
//                      blob + u32 end offsets (in UTF-16 units) | the numeric keys (f64) | then the
//                      sections in the order the index wrote them
//   section            tag (4 ASCII bytes), element type (u32), element count (f64), the elements
//                      as they lie in memory (little-endian); every part starts on 8 bytes
//
// A reader asks for the sections in the order they were written, by tag and type: a file from
// another build of the index fails at the first difference, and a changed layout bumps FORMAT.
// Nothing in a file is trusted before its length, magic, format and checksum were checked.
import { createHash } from 'node:crypto';

/** The magic at the start of every snapshot. */
export const MAGIC = 'ACCDXSNP';
/** The layout's number: bumped whenever what is written or its order changes. */
export const FORMAT = 1;
const HEADER = 64;

/** Why a snapshot could not be read. */
export class SnapshotError extends Error {}

type Elements = Int32Array | Uint32Array | Float64Array | Uint8Array;
const TYPES = [Int32Array, Uint32Array, Float64Array, Uint8Array] as const;
type ElementsOf<C extends (typeof TYPES)[number]> = InstanceType<C>;

const pad8 = (n: number): number => (n + 7) & ~7;

/** Collects what an index writes: strings (each use its own entry), numeric keys and sections. */
export class SnapshotWriter {
  private readonly strings: string[] = [];
  private readonly numbers: number[] = [];
  private readonly sections: { tag: string; data: Elements }[] = [];

  /** A string's number in the blob. */
  str(s: string): number {
    return this.strings.push(s) - 1;
  }

  /** A map key: a string's number (>= 0), or -1 - a number's place among the numeric keys. */
  key(k: string | number): number {
    return typeof k === 'string' ? this.str(k) : -this.numbers.push(k);
  }

  /** Adds a section (the array is written as it is). */
  put(tag: string, data: Elements | number[], as: (typeof TYPES)[number] = Int32Array): void {
    if (!/^[A-Z0-9]{4}$/.test(tag)) throw new Error(`a section tag is 4 capitals or digits, not ${tag}`);
    this.sections.push({ tag, data: Array.isArray(data) ? as.from(data) : data });
  }

  /** The whole file: header then body, as buffers to write one after another. */
  encode(meta: Readonly<Record<string, unknown>>): Buffer[] {
    const joined = this.strings.join('');
    // latin1 when every unit fits one byte (the usual case: ids, addresses, hashes); UTF-16 otherwise, which keeps any string (lone surrogates too) exactly.
    const wide = /[^\u0000-\u00ff]/.test(joined);
    const ends = new Uint32Array(this.strings.length);
    let at = 0;
    for (let i = 0; i < this.strings.length; i++) ends[i] = at += (this.strings[i] as string).length;
    const parts: Buffer[] = [];
    const metaJson = Buffer.from(JSON.stringify(meta), 'utf8');
    const metaHead = Buffer.alloc(4);
    metaHead.writeUInt32LE(metaJson.length);
    parts.push(metaHead, metaJson, zeros(pad8(4 + metaJson.length) - 4 - metaJson.length));
    const section = (tag: string, data: Elements): void => {
      const head = Buffer.alloc(16);
      head.write(tag, 0, 'latin1');
      head.writeUInt32LE(TYPES.findIndex((T) => data instanceof T), 4);
      head.writeDoubleLE(data.length, 8);
      const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      parts.push(head, bytes, zeros(pad8(bytes.length) - bytes.length));
    };
    section(wide ? 'STRW' : 'STRL', new Uint8Array(Buffer.from(joined, wide ? 'utf16le' : 'latin1')));
    section('STRE', ends);
    section('NUMS', Float64Array.from(this.numbers));
    for (const s of this.sections) section(s.tag, s.data);
    const hash = createHash('sha256');
    let length = 0;
    for (const p of parts) {
      hash.update(p);
      length += p.length;
    }
    const header = Buffer.alloc(HEADER);
    header.write(MAGIC, 0, 'latin1');
    header.writeUInt32LE(FORMAT, 8);
    header.writeDoubleLE(length, 16);
    hash.digest().copy(header, 24);
    return [header, ...parts];
  }
}

const zeros = (n: number): Buffer => Buffer.alloc(n);

/** Reads a snapshot's body once its header and checksum were checked. */
export class SnapshotReader {
  readonly meta: Readonly<Record<string, unknown>>;
  private readonly buf: Buffer;
  private at: number;
  private readonly blob: string;
  private readonly ends: Uint32Array;
  private readonly numbers: Float64Array;

  constructor(file: Buffer) {
    if (file.length < HEADER) throw new SnapshotError(`truncated: ${file.length} bytes, shorter than the header`);
    if (file.toString('latin1', 0, 8) !== MAGIC) throw new SnapshotError('not a detection index snapshot (wrong magic)');
    const format = file.readUInt32LE(8);
    if (format !== FORMAT) throw new SnapshotError(`format ${format}, this build reads format ${FORMAT}`);
    const length = file.readDoubleLE(16);
    if (file.length !== HEADER + length) throw new SnapshotError(`truncated or padded: ${file.length} bytes where the header says ${HEADER + length}`);
    const sum = createHash('sha256').update(file.subarray(HEADER)).digest();
    if (!sum.equals(file.subarray(24, 56))) throw new SnapshotError('checksum mismatch: the file is corrupt');
    // Typed views need their element alignment: a file buffer not on 8 bytes is copied once.
    this.buf = file.byteOffset % 8 === 0 ? file : Buffer.from(file);
    const metaLength = this.buf.readUInt32LE(HEADER);
    this.meta = JSON.parse(this.buf.toString('utf8', HEADER + 4, HEADER + 4 + metaLength)) as Record<string, unknown>;
    this.at = HEADER + pad8(4 + metaLength);
    const wide = this.buf.toString('latin1', this.at, this.at + 4) === 'STRW';
    const blob = this.next(wide ? 'STRW' : 'STRL', Uint8Array);
    this.blob = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength).toString(wide ? 'utf16le' : 'latin1');
    this.ends = this.next('STRE', Uint32Array);
    this.numbers = this.next('NUMS', Float64Array);
  }

  /** The string numbered i. */
  str(i: number): string {
    return this.blob.slice(i === 0 ? 0 : (this.ends[i - 1]), this.ends[i]);
  }

  /** A map key written by SnapshotWriter.key. */
  key(k: number): string | number {
    return k >= 0 ? this.str(k) : (this.numbers[-1 - k] as number);
  }

  /** The next section, which must have this tag and type: a view on the file (copy what is kept). */
  next<C extends (typeof TYPES)[number]>(tag: string, as: C): ElementsOf<C> {
    const b = this.buf;
    if (this.at + 16 > b.length) throw new SnapshotError(`section ${tag} missing: the file ends first`);
    const found = b.toString('latin1', this.at, this.at + 4);
    const type = b.readUInt32LE(this.at + 4);
    const count = b.readDoubleLE(this.at + 8);
    if (found !== tag || TYPES[type] !== as) throw new SnapshotError(`section ${tag} expected, found ${JSON.stringify(found)}`);
    const bytes = count * as.BYTES_PER_ELEMENT;
    const start = this.at + 16;
    if (!Number.isInteger(count) || start + bytes > b.length) throw new SnapshotError(`section ${tag} runs past the end of the file`);
    this.at = start + pad8(bytes);
    return new as(b.buffer as ArrayBuffer, b.byteOffset + start, count) as ElementsOf<C>;
  }

  /** Whether every section was read (a reader that stops early was given another layout). */
  get done(): boolean {
    return this.at === this.buf.length;
  }
}
