// `accord hunt [--since DURATION] [INDICATOR_ID…]`: the retro-hunt (docs/detection.md): runs
// indicators against the history `accord detect --history` recorded, and writes each value they
// would have matched in the past as a JSON line — the indicator, the path and value, first and
// last seen, how often. Without ids: every active indicator that arrived within --since.
import { pastHitDetection, retroHunt } from '../../detect/index.js';
import { validatePattern } from '../../pattern/index.js';
import { AccordError, isRevoked } from '../../stix/index.js';
import type { StoredObject } from '../../store/index.js';
import { commandLine, configFrom, usageText, type OptionTable } from '../args.js';
import { DetectionRecorder } from '../detections.js';
import { EXIT, type Io } from '../io.js';
import { openNodeStore } from '../node.js';
import { n } from '../progress.js';

const OPTIONS: OptionTable = {
  since: { type: 'string', arg: 'DURATION', describe: 'without ids: the indicators stored within DURATION (30m, 24h, 7d, 2w; default 24h)' },
  record: { type: 'boolean', describe: 'also store the past hits as detection alerts with their sightings (accord detections); hunting again records nothing twice' },
};

export const USAGE = usageText('accord hunt [--since DURATION] [--record] [INDICATOR_ID…]',
  'Runs indicators against the retro-hunt history (what `accord detect --history` read, kept for\n' +
  'historyRetentionDays) and writes one JSON line per past hit: indicator, path, value, first_seen,\n' +
  'last_seen, count. Without ids: every active indicator (valid now, not revoked, pattern_type stix)\n' +
  'stored within --since. Sightings before valid_from count, after valid_until not. Patterns that need\n' +
  'the whole event (AND of several values, several observations) are not hunted; they are counted.\n' +
  'Exit status 1 when an indicator named is not held or its pattern does not check.', OPTIONS);

const UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

function duration(text: string): number {
  const m = /^(\d{1,6})\s*([smhdw])$/.exec(text.trim());
  if (m === null) throw new AccordError('invalid', 'cli.usage', `--since takes a duration such as 30m, 24h, 7d or 2w, not ${JSON.stringify(text)}`);
  return Number(m[1]) * (UNITS[m[2] ?? 'd'] ?? 0);
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = commandLine(argv, OPTIONS, USAGE, io, 'some');
  if (parsed === undefined) return EXIT.ok;
  const { values, positionals: ids } = parsed;
  if (ids.length > 0 && values.since !== undefined) throw new AccordError('invalid', 'cli.usage', 'give indicator ids or --since, not both');
  for (const id of ids) if (!/^indicator--[0-9a-f-]{36}$/.test(id)) throw new AccordError('invalid', 'cli.usage', `${JSON.stringify(id)} is not an indicator id (indicator--<uuid>)`);
  const sinceMs = ids.length === 0 ? duration(typeof values.since === 'string' ? values.since : '24h') : 0;
  const config = configFrom(values, io, { logLevel: 'warn' });
  const store = await openNodeStore(config);
  const recorder = values.record === true ? await DetectionRecorder.open(config, io) : undefined;
  const now = Date.now();
  let hunted = 0;
  let notHunted = 0;
  let hits = 0;
  let problems = 0;
  const problem = (id: string, why: string): void => {
    problems++;
    io.stderr.write(`${id}: ${why}\n`);
  };
  try {
    const hunt = async (stored: StoredObject, named: boolean): Promise<void> => {
      const o = JSON.parse(stored.json) as Record<string, unknown>;
      if (o.pattern_type !== 'stix' || typeof o.pattern !== 'string') return named ? problem(stored.id, `its pattern_type is ${JSON.stringify(o.pattern_type)}, not stix`) : undefined;
      if (!named && (isRevoked(o) || (typeof o.valid_from === 'string' && Date.parse(o.valid_from) > now) || (typeof o.valid_until === 'string' && Date.parse(o.valid_until) <= now))) return;
      const v = validatePattern(o.pattern, { version: o.pattern_version === '2.0' ? '2.0' : '2.1' });
      if (!v.ok) return problem(stored.id, `its pattern does not check: ${v.errors.map((e) => e.message).join('; ')}`);
      const r = await retroHunt(store.observations, stored.id, v.pattern, typeof o.valid_until === 'string' ? { validUntil: new Date(Date.parse(o.valid_until)).toISOString() } : {});
      if (!r.hunted) {
        notHunted++;
        return;
      }
      hunted++;
      for (const hit of r.hits) {
        hits++;
        const out = { ...hit, ...(typeof o.name === 'string' ? { indicator_name: o.name } : {}) };
        if (!io.stdout.write(`${JSON.stringify(out)}\n`)) await new Promise((done) => io.stdout.once('drain', done));
        await recorder?.add(pastHitDetection(hit));
      }
    };
    if (ids.length > 0) {
      for (const id of ids) {
        const latest = (await store.objects.versions(id)).find((s) => s.latest);
        if (latest === undefined) problem(id, 'no such indicator is held here');
        else await hunt(latest, true);
      }
    } else {
      // date_added is in microseconds.
      let after = (now - sinceMs) * 1000;
      for (;;) {
        const page = await store.objects.list({ types: ['indicator'], versions: 'last', after, limit: 1000 });
        for (const stored of page.items) {
          after = stored.added;
          await hunt(stored, false);
        }
        if (!page.more || page.items.length === 0) break;
      }
    }
  } finally {
    await store.close();
  }
  io.stderr.write(`${n(hunted)} indicators hunted, ${n(hits)} past hits${notHunted > 0 ? `; ${n(notHunted)} not hunted (their patterns need the whole event)` : ''}\n` + (recorder !== undefined ? await recorder.finish() : ''));
  await recorder?.close();
  return problems > 0 ? EXIT.invalid : EXIT.ok;
}
