// `accord detect FILE|-`: runs this node's active STIX indicators against a member's own traffic
// logs (Suricata eve.json, Zeek, CEF, JSON lines or CSV through a field mapping) and writes each
// match as a JSON line: the indicator, the event (its line), what matched and how. With --follow it
// reads a file or directory as it grows until SIGINT/SIGTERM; with --record matches are kept as
// alerts and sightings (accord detections). Nothing leaves the node unless the member shares it.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createReader, detectionView, eventIdParts, followLines, lineBatches, lineEventId, LiveDetector, MAX_LINE, parseMapping, READER_FORMATS, type Detection, type LineReader, type Mapping, type ReaderFormat } from '../../detect/index.js';
import { AccordError } from '../../stix/index.js';
import { commandLine, configFrom, usageText, type OptionTable } from '../args.js';
import { EXIT, type Io } from '../io.js';
import { openHistoryRecorder } from '../history.js';
import { openNodeStore } from '../node.js';
import { DetectionRecorder } from '../detections.js';
import { n, StatusLine } from '../progress.js';

const OPTIONS: OptionTable = {
  format: { type: 'string', arg: 'FORMAT', describe: 'the log format: eve (Suricata eve.json, the default), zeek (JSON or TSV), cef (syslog lines), json or csv (with --map)' },
  map: { type: 'string', arg: 'FILE', describe: 'the field mapping of a json or csv log: {"fields": {"<field>": "<STIX object path>"}, "time": "<field>", "type": "<field>"}' },
  follow: { type: 'boolean', describe: 'read FILE (or every file in the directory FILE) as it grows, like tail -F, until SIGINT or SIGTERM' },
  progress: { type: 'boolean', describe: 'show events, events/s, matches and skips on standard error every second (the default on a terminal)' },
  record: { type: 'boolean', describe: 'store the matches as detection alerts with their sightings (accord detections)' },
  at: { type: 'string', arg: 'TIMESTAMP', describe: 'which indicators are active: those valid at TIMESTAMP (default now)' },
  history: { type: 'boolean', describe: 'also record the values read in the retro-hunt history (accord hunt)' },
};

export const USAGE = usageText('accord detect [options] FILE|-',
  'Matches the active STIX indicators held here (valid now, not revoked, pattern_type stix) against each\n' +
  'event of a log and writes one JSON line per match on standard output; a summary on standard error.\n' +
  'Lines a reader cannot read are counted and the first ones shown. Patterns over several observations\n' +
  '(FOLLOWEDBY, AND between observations, qualifiers) match at the event that completes them; their match\n' +
  'lists the lines of all its events. With --follow, FILE is a file or a directory: files are read from\n' +
  'their start, then as they grow, rotate or appear.', OPTIONS);

/** Reads and checks a --map file; a bad one is a configuration error (exit 3) naming the file and entry. */
async function loadMapping(file: string, io: Io): Promise<Mapping> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(resolve(io.cwd, file), 'utf8'));
  } catch (e) {
    throw new AccordError('invalid', 'config.invalid', `--map ${file}: ${e instanceof SyntaxError ? `not JSON: ${e.message}` : `cannot be read: ${(e as Error).message}`}`);
  }
  try {
    return parseMapping(json);
  } catch (e) {
    throw new AccordError('invalid', 'config.invalid', `--map ${file}: ${(e as Error).message}`);
  }
}

/** One line of the input, from a file, standard input or a followed file. */
interface InputLine {
  readonly text: string;
  readonly line: number;
  readonly file?: string;
  /** The followed file's identity, kept across a rename. */
  readonly id?: string;
  readonly tooLong?: true;
}

/** The lines of a file or standard input, read in large chunks; a line over MAX_LINE is dropped as it streams, never held. */
async function* fileLines(input: AsyncIterable<Buffer | string>): AsyncGenerator<InputLine> {
  let line = 0;
  for await (const batch of lineBatches(input)) {
    for (const l of batch) yield typeof l === 'string' ? { text: l, line: ++line } : { text: '', line: ++line, tooLong: true };
  }
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, OPTIONS, USAGE, io, 'some');
  if (parsed === undefined) return EXIT.ok;
  const { values, positionals } = parsed;
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new AccordError('invalid', 'cli.usage', 'name one log file (or - for standard input)');
  const format = (values.format ?? 'eve') as ReaderFormat;
  if (!READER_FORMATS.includes(format)) throw new AccordError('invalid', 'cli.usage', `--format is one of ${READER_FORMATS.join(', ')}, not ${JSON.stringify(values.format)}`);
  const mapped = format === 'json' || format === 'csv';
  if (mapped && typeof values.map !== 'string') throw new AccordError('invalid', 'cli.usage', `--format ${format} needs --map FILE: which field holds which STIX object path`);
  if (!mapped && values.map !== undefined) throw new AccordError('invalid', 'cli.usage', `--map is for --format json or csv; ${format} has its own fields`);
  const follow = values.follow === true;
  if (follow && file === '-') throw new AccordError('invalid', 'cli.usage', '--follow reads a file or a directory, not standard input');
  const mapping = typeof values.map === 'string' ? await loadMapping(values.map, io) : undefined;
  const newReader = (): LineReader => createReader(format, mapping !== undefined ? { mapping } : {});
  const now = typeof values.at === 'string' ? values.at : new Date().toISOString();
  if (Number.isNaN(Date.parse(now))) throw new AccordError('invalid', 'cli.usage', `--at takes a timestamp, not ${JSON.stringify(values.at)}`);
  const config = configFrom(values, io, { logLevel: 'warn' });
  const store = await openNodeStore(config);
  // The same loading `accord serve` does (detect/live.ts), judged at --at instead of the clock.
  // Following a log for days, the index follows the store too (each second: new indicators, new
  // versions, revocations, valid_from and valid_until reached), judged at the clock unless --at.
  const live = new LiveDetector(store, { now: () => (follow && values.at === undefined ? Date.now() : Date.parse(now)) });
  try {
    await live.refresh();
  } finally {
    if (!follow) await store.close();
  }
  let refreshing: Promise<unknown> = Promise.resolve();
  const refresher = follow ? setInterval(() => {
    refreshing = live.refresh().catch((e: unknown) => io.stderr.write(`accord detect: could not read new indicators (${(e as Error).message}); trying again\n`));
  }, 1000) : undefined;
  // With --record, matches become alerts and sightings (the CLI exits on an error, which closes the store).
  const recorder = values.record === true ? await DetectionRecorder.open(config, io) : undefined;
  const history = values.history === true ? await openHistoryRecorder(config) : undefined;
  const started = Date.now();
  let events = 0;
  let matches = 0;
  let bad = 0;
  const badShown: string[] = [];
  // Follow mode runs until a signal; the summary is still written.
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  let input: AsyncIterable<InputLine>;
  if (follow) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    input = followLines(resolve(io.cwd, file), { signal: stop.signal });
  } else input = fileLines(file === '-' ? io.stdin : createReadStream(resolve(io.cwd, file)));
  const status = io.stderr.isTTY === true || values.progress === true ? new StatusLine(io) : undefined;
  let shown = { at: started, events: 0 };
  const ticker = status === undefined ? undefined : setInterval(() => {
    const now = Date.now();
    const rate = ((events - shown.events) * 1000) / Math.max(now - shown.at, 1);
    shown = { at: now, events };
    status.show(`detect: ${n(events)} events, ${n(rate)} events/s, ${n(matches)} matches, ${n(bad)} skipped`);
  }, 1000);
  // Each file has its own reader (a CSV header, Zeek's #fields), kept when the file is renamed by a
  // rotation and fresh when the file starts again.
  const readers = new Map<string, LineReader>();
  const eventIds = new EventIds();
  // The evidence names the log by its full path: reading it again from elsewhere counts nothing twice.
  const source = file === '-' ? '-' : resolve(io.cwd, file);
  try {
    for await (const { text, line, file: from, id, tooLong } of input) {
      if (text.trim() === '' && tooLong !== true) continue;
      const key = id ?? '';
      let reader = readers.get(key);
      if (reader === undefined || line === 1) readers.set(key, (reader = newReader()));
      const read = tooLong === true ? { skip: `longer than ${MAX_LINE} characters` } : reader(text);
      if ('skip' in read) {
        if (read.meta === true) continue;
        bad++;
        if (badShown.length < 5) badShown.push(`  ${from !== undefined ? `${from}:` : 'line '}${line}: ${read.skip} (${text.length > 60 ? `${text.slice(0, 60)}…` : text})`);
        continue;
      }
      events++;
      const recording = history?.add(read);
      if (recording !== undefined) await recording;
      for (const hit of live.match(read, eventIds.of(from, line))) {
        matches++;
        const d: Detection = { hit, event: read, source: from ?? source, line, raw: text.slice(0, 4096) };
        // The ingest endpoint's view of a match, with the file when following (and each event's, for a match over several).
        const out = {
          ...(from !== undefined ? { file: from } : {}), ...detectionView(d, live.nameOf(hit.indicator)),
          ...(hit.events !== undefined && from !== undefined ? { files: hit.events.map((e) => eventIds.fileOf(e)) } : {}),
        };
        if (!io.stdout.write(`${JSON.stringify(out)}\n`)) await new Promise((done) => io.stdout.once('drain', done));
        await recorder?.add(d);
      }
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (ticker !== undefined) clearInterval(ticker);
    status?.done();
    if (refresher !== undefined) {
      clearInterval(refresher);
      await refreshing;
      await store.close();
    }
  }
  const recorded = await history?.close();
  if (recorded !== undefined) io.stderr.write(`${n(recorded.values)} values recorded in the retro-hunt history (${n(recorded.rows)} rows written)\n`);
  const secs = Math.max((Date.now() - started) / 1000, 0.001);
  const c = live.counts;
  io.stderr.write(
    `${n(c.indicators)} active indicators (${n(c.exactOrAnchored)} indexed, ${n(c.everyEvent)} evaluated on every event, ${n(c.multiObservation)} over several observations)` +
    `${c.refused > 0 ? `; ${n(c.refused)} with patterns that do not check` : ''}\n` +
    `${n(events)} events in ${secs.toFixed(1)} s (${n(events / secs)} events/s), ${n(matches)} matches${bad > 0 ? `, ${n(bad)} lines skipped` : ''}\n` +
    (badShown.length > 0 ? `${badShown.join('\n')}\n` : '') + (recorder !== undefined ? await recorder.finish() : ''),
  );
  await recorder?.close();
  return EXIT.ok;
}

/**
 * Event ids from (file, line) and back (lineEventId with the file's number as the input): the ids
 * name the observed-data a pattern is confirmed on, so they must differ between the files of a
 * followed directory.
 */
class EventIds {
  private readonly files: (string | undefined)[] = [];
  private readonly index = new Map<string | undefined, number>();

  of(file: string | undefined, line: number): string {
    let i = this.index.get(file);
    if (i === undefined) {
      i = this.files.push(file) - 1;
      this.index.set(file, i);
    }
    return lineEventId(line, i);
  }

  fileOf(eventId: string): string | undefined {
    return this.files[eventIdParts(eventId).input];
  }
}
