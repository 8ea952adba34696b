// `accord detect FILE|-`: runs this node's active STIX indicators against a member's own traffic
// logs (Suricata eve.json for now) and writes each match as a JSON line: the indicator, the event
// (its line), what matched and how. Nothing leaves the node. Persistent alerts, sightings to share
// back, the other log formats and following a growing file are issue 8's next steps.
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Detector, eveReader } from '../../detect/index.js';
import { validatePattern } from '../../pattern/index.js';
import { AccordError, isRevoked } from '../../stix/index.js';
import { commandLine, configFrom, usageText, type OptionTable } from '../args.js';
import { EXIT, type Io } from '../io.js';
import { openNodeStore } from '../node.js';
import { n } from '../progress.js';

const OPTIONS: OptionTable = {
  format: { type: 'string', arg: 'FORMAT', describe: 'the log format: eve (Suricata eve.json, the default)' },
  at: { type: 'string', arg: 'TIMESTAMP', describe: 'which indicators are active: those valid at TIMESTAMP (default now)' },
};

export const USAGE = usageText('accord detect [options] FILE|-',
  'Matches the active STIX indicators held here (valid now, not revoked, pattern_type stix) against each\n' +
  'event of a log and writes one JSON line per match on standard output; a summary on standard error.\n' +
  'Lines that are not JSON objects are counted and the first ones shown. Patterns over several observations\n' +
  '(FOLLOWEDBY, AND between observations, qualifiers) match at the event that completes them; their match\n' +
  'lists the lines of all its events.', OPTIONS);


export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, OPTIONS, USAGE, io, 'some');
  if (parsed === undefined) return EXIT.ok;
  const { values, positionals } = parsed;
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new AccordError('invalid', 'cli.usage', 'name one log file (or - for standard input)');
  if (values.format !== undefined && values.format !== 'eve') throw new AccordError('invalid', 'cli.usage', `--format is eve (Suricata eve.json), not ${JSON.stringify(values.format)}`);
  const now = typeof values.at === 'string' ? values.at : new Date().toISOString();
  if (Number.isNaN(Date.parse(now))) throw new AccordError('invalid', 'cli.usage', `--at takes a timestamp, not ${JSON.stringify(values.at)}`);
  const config = configFrom(values, io, { logLevel: 'warn' });
  const store = await openNodeStore(config);
  const detector = new Detector();
  const names = new Map<string, string>();
  let refused = 0;
  try {
    let after = 0;
    for (;;) {
      const page = await store.objects.list({ types: ['indicator'], versions: 'last', after, limit: 1000 });
      for (const stored of page.items) {
        after = stored.added;
        const o = JSON.parse(stored.json) as Record<string, unknown>;
        if (isRevoked(o) || o.pattern_type !== 'stix' || typeof o.pattern !== 'string') continue;
        if (typeof o.valid_from === 'string' && Date.parse(o.valid_from) > Date.parse(now)) continue;
        if (typeof o.valid_until === 'string' && Date.parse(o.valid_until) <= Date.parse(now)) continue;
        const v = validatePattern(o.pattern, { version: o.pattern_version === '2.0' ? '2.0' : '2.1' });
        if (!v.ok) {
          refused++;
          continue;
        }
        detector.add(stored.id, v.pattern);
        if (typeof o.name === 'string') names.set(stored.id, o.name);
      }
      if (!page.more || page.items.length === 0) break;
    }
  } finally {
    await store.close();
  }
  const started = Date.now();
  const input = file === '-' ? io.stdin : createReadStream(resolve(io.cwd, file));
  let events = 0;
  let matches = 0;
  let bad = 0;
  const badShown: string[] = [];
  let line = 0;
  const reader = eveReader();
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    if (text.trim() === '') continue;
    const read = reader(text);
    if ('skip' in read) {
      bad++;
      if (badShown.length < 5) badShown.push(`  line ${line}: ${read.skip} (${text.length > 60 ? `${text.slice(0, 60)}…` : text})`);
      continue;
    }
    events++;
    for (const hit of detector.match(read, eventIdOf(line))) {
      matches++;
      const out = { indicator: hit.indicator, ...(names.has(hit.indicator) ? { indicator_name: names.get(hit.indicator) } : {}), line, event_type: read.type, time: read.time, ...(hit.path !== undefined ? { path: hit.path, value: hit.value } : {}), by: hit.by, ...(hit.events !== undefined ? { lines: hit.events.map(lineOf) } : {}) };
      if (!io.stdout.write(`${JSON.stringify(out)}\n`)) await new Promise((done) => io.stdout.once('drain', done));
    }
  }
  const secs = Math.max((Date.now() - started) / 1000, 0.001);
  const c = detector.counts;
  io.stderr.write(
    `${n(c.indicators)} active indicators (${n(c.exactOrAnchored)} indexed, ${n(c.everyEvent)} evaluated on every event, ${n(c.multiObservation)} over several observations)` +
    `${refused > 0 ? `; ${n(refused)} with patterns that do not check` : ''}\n` +
    `${n(events)} events in ${secs.toFixed(1)} s (${n(events / secs)} events/s), ${n(matches)} matches${bad > 0 ? `, ${n(bad)} lines skipped` : ''}\n` +
    (badShown.length > 0 ? `${badShown.join('\n')}\n` : ''),
  );
  return EXIT.ok;
}

/** An event's id from its line, and back (the ids name the observed-data a pattern is confirmed on). */
const eventIdOf = (line: number): string => `00000000-0000-4000-8000-${String(line).padStart(12, '0')}`;
const lineOf = (eventId: string): number => Number(eventId.slice(-12));
