// Detection over a stream of log lines (issue 8, item 2: the HTTP ingest endpoint): a body is read
// chunk by chunk and split at newlines without holding more than one line, each line goes through
// the format's reader and the live index, matches go to the sink in batches, and bad lines are
// counted and sampled, never fatal. Only a body over its byte limit stops the stream.
import { AccordError } from '../store/index.js';
import type { Detection } from './detector.js';
import { MAX_LINE, type LineReader } from './event.js';
import type { ObservationHistory } from './history.js';
import type { LiveDetector } from './live.js';
import { createReader } from './readers.js';

/** The log formats the ingest endpoint reads: those that need no field mapping. */
export const INGEST_FORMATS = ['eve', 'zeek', 'cef'] as const;
export type IngestFormat = (typeof INGEST_FORMATS)[number];

/** A fresh reader of an ingest format (one per request: Zeek's TSV header is the request's own). */
export function ingestReader(format: IngestFormat): LineReader {
  return createReader(format);
}

/** A line that gave no event, and why. */
export interface LineSkip {
  readonly line: number;
  readonly reason: string;
}

/** One match as the CLI prints it and the ingest endpoint answers it. */
export interface DetectionView {
  readonly indicator: string;
  readonly indicator_name?: string;
  readonly line?: number;
  readonly event_type: string;
  readonly time?: string;
  readonly path?: string;
  readonly value?: string | number;
  readonly by: 'index' | 'pattern';
  /** For a pattern over several observations: the lines of its events (0 for those of another input). */
  readonly lines?: readonly number[];
}

/**
 * Presents a match (with the indicator's name when known); `lineOf` gives the line of each event
 * of a match over several observations (by default the line its id carries, lineEventId).
 */
export function detectionView(d: Detection, name: string | undefined, lineOf: (eventId: string) => number = (e) => eventIdParts(e).line): DetectionView {
  const { hit, event } = d;
  return {
    indicator: hit.indicator, ...(name !== undefined ? { indicator_name: name } : {}), ...(d.line !== undefined ? { line: d.line } : {}),
    event_type: event.type, ...(event.time !== undefined ? { time: event.time } : {}),
    ...(hit.path !== undefined ? { path: hit.path, value: hit.value } : {}), by: hit.by,
    ...(hit.events !== undefined ? { lines: hit.events.map(lineOf) } : {}),
  };
}

/**
 * The id an event of line `line` of input `input` takes when it becomes observed-data: unique in
 * the process, as patterns over several observations gather events from one request after another.
 */
export function lineEventId(line: number, input = 0): string {
  return `${(input % 0x100000000).toString(16).padStart(8, '0')}-0000-4000-8000-${String(line).padStart(12, '0')}`;
}

/** The input and line an id of lineEventId names. */
export function eventIdParts(eventId: string): { readonly input: number; readonly line: number } {
  return { input: parseInt(eventId.slice(0, 8), 16), line: Number(eventId.slice(-12)) };
}

/** Numbers the inputs of this process (requests to the ingest endpoint). */
let inputs = 0;

/** A line of a stream: its text, or why it was not read. */
export type StreamLine = { readonly line: number; readonly text: string } | { readonly line: number; readonly skip: string };

/**
 * Splits a byte stream into lines (UTF-8, LF or CRLF), holding at most one line: a line longer
 * than MAX_LINE bytes is dropped as it streams and reported as a skip. Throws `too-large` once
 * more than `maxBytes` arrived.
 */
export async function* streamLines(body: AsyncIterable<Buffer | string>, maxBytes: number): AsyncGenerator<StreamLine> {
  let bytes = 0;
  let line = 0;
  let parts: Buffer[] = [];
  let held = 0;
  let tooLong = false;
  const end = (last: Buffer): StreamLine => {
    line++;
    if (tooLong) {
      tooLong = false;
      return { line, skip: `longer than ${MAX_LINE} bytes` };
    }
    const all = parts.length === 0 ? last : Buffer.concat([...parts, last]);
    parts = [];
    held = 0;
    const text = all.toString('utf8');
    return { line, text: text.endsWith('\r') ? text.slice(0, -1) : text };
  };
  for await (const chunk of body) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    bytes += buf.length;
    if (bytes > maxBytes) throw new AccordError('too-large', 'detect.body-too-large', `the body is larger than ${maxBytes} bytes (the node's detectIngestLimit); the ${line} lines before the limit were read — send the rest in another request`);
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
      yield end(buf.subarray(start, nl));
      start = nl + 1;
    }
    if (start < buf.length && !tooLong) {
      held += buf.length - start;
      if (held > MAX_LINE) {
        parts = [];
        held = 0;
        tooLong = true;
      } else parts.push(buf.subarray(start));
    }
  }
  if (parts.length > 0 || tooLong) yield end(Buffer.alloc(0));
}

/** What a stream of lines gave. */
export interface StreamSummary {
  readonly events: number;
  readonly matches: number;
  readonly skipped: number;
  /** The first skipped lines, with the reason. */
  readonly skips: readonly LineSkip[];
  /** The first matches. */
  readonly detections: readonly DetectionView[];
}

export interface StreamOptions {
  /** Where the events come from, for the sink (`ingest` for the HTTP endpoint). */
  readonly source: string;
  readonly sampleSkips?: number;
  readonly sampleDetections?: number;
  /** Matches handed to the sink at once (default 500). */
  readonly batch?: number;
  /** Where the events' values are kept for retro-hunt, when the node keeps them. */
  readonly history?: ObservationHistory;
}

/** The longest raw event kept with a match, for the evidence. */
const RAW_KEPT = 4096;

/** Reads each line, matches its event against the live index, and hands the matches to its sink. */
export async function detectLines(lines: AsyncIterable<StreamLine>, reader: LineReader, live: LiveDetector, options: StreamOptions): Promise<StreamSummary> {
  const sampleSkips = options.sampleSkips ?? 10;
  const sampleDetections = options.sampleDetections ?? 100;
  const batchSize = options.batch ?? 500;
  let events = 0;
  let matches = 0;
  let skipped = 0;
  const skips: LineSkip[] = [];
  const detections: DetectionView[] = [];
  let batch: Detection[] = [];
  const input = ++inputs;
  // Events of earlier inputs (a match over several observations) have no line in this one: 0.
  const thisInput = (eventId: string): number => {
    const p = eventIdParts(eventId);
    return p.input === input ? p.line : 0;
  };
  const skip = (line: number, reason: string): void => {
    skipped++;
    if (skips.length < sampleSkips) skips.push({ line, reason });
  };
  // What matched before a failure (an oversize body) still reaches the sink.
  try {
    for await (const l of lines) {
      if ('skip' in l) {
        skip(l.line, l.skip);
        continue;
      }
      if (l.text.trim() === '') continue;
      const read = reader(l.text);
      if ('skip' in read) {
        if (read.meta === true) continue; // a header line (Zeek's #fields): not an event, not a fault
        skip(l.line, read.skip);
        continue;
      }
      events++;
      if (options.history?.add(read) === true) await options.history.flush();
      for (const hit of live.match(read, lineEventId(l.line, input))) {
        matches++;
        const d: Detection = { hit, event: read, source: options.source, line: l.line, raw: l.text.length > RAW_KEPT ? l.text.slice(0, RAW_KEPT) : l.text };
        if (detections.length < sampleDetections) detections.push(detectionView(d, live.nameOf(hit.indicator), thisInput));
        batch.push(d);
      }
      if (batch.length >= batchSize) {
        const full = batch;
        batch = [];
        await live.deliver(full);
      }
    }
  } finally {
    await live.deliver(batch);
  }
  return { events, matches, skipped, skips, detections };
}
