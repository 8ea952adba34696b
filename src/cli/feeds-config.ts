// The `feeds` setting (docs/interop.md, "Pulling feeds"): the remote feeds `accord serve` pulls on
// a schedule and `accord feeds pull` pulls now. Each problem names the feed's place in the list
// and the field (`feeds[2].url`), and every problem is reported with the rest of the configuration's.
import type { FeedDefinition, PulledFeedFormat } from '../interop/index.js';
import type { Audience } from '../sharing/index.js';
import { TLP_LEVELS, type TlpLevel } from '../stix/index.js';

const FORMATS: readonly PulledFeedFormat[] = ['list', 'csv', 'text', 'stix'];
const FIELDS = ['name', 'url', 'format', 'tlp', 'column', 'delimiter', 'validDays', 'intervalMinutes', 'headers', 'audience'];
/** Header fields the puller sets itself. */
const OWN_HEADERS = new Set(['host', 'if-none-match', 'if-modified-since', 'content-length', 'transfer-encoding', 'connection', 'accept-encoding']);
export const DEFAULT_FEED_INTERVAL_MINUTES = 60;
const MIN_INTERVAL = 5;
const MAX_INTERVAL = 7 * 24 * 60;

/** A TLP level as `--tlp` takes it (`amber`, `TLP:AMBER`, `white` for clear), or undefined. */
export function tlpLevel(v: string): TlpLevel | undefined {
  const wanted = v.trim().toLowerCase().replace(/^tlp:/, '').replace(/^white$/, 'clear');
  return TLP_LEVELS.find((l) => l === wanted);
}

/** The audience words of `accord share`: "all", {"members": [ids]} or {"group": "ID@VERSION"}. */
function audienceOf(v: unknown, at: string, problems: string[]): Audience | undefined {
  const expected = `${at} must be "all", {"members": ["identity--…"]} or {"group": "x-accord-group--…@VERSION"}`;
  if (v === 'all') return { kind: 'all' };
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1) {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.members) && o.members.length > 0 && o.members.every((m) => typeof m === 'string' && /^identity--[0-9a-f-]{36}$/.test(m))) {
      return { kind: 'members', members: o.members as string[] };
    }
    const group = typeof o.group === 'string' ? /^(.+)@(\d+)$/.exec(o.group) : null;
    if (group !== null) return { kind: 'group', group: group[1] as string, version: Number(group[2]) };
  }
  problems.push(`${expected}, got ${JSON.stringify(v)}`);
  return undefined;
}

/** The header fields of a feed: names as HTTP tokens, values without line breaks. */
function headersOf(v: unknown, at: string, problems: string[]): Record<string, string> | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    problems.push(`${at} must be an object of header names to values, e.g. {"X-API-Key": "…"}`);
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(v)) {
    // The value is a secret: never echoed in a message.
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) problems.push(`${at} names ${JSON.stringify(name)}, which is not a header field name`);
    else if (OWN_HEADERS.has(name.toLowerCase())) problems.push(`${at}.${name} is set by the puller itself and may not be configured`);
    else if (typeof value !== 'string' || /[\r\n\0]/.test(value)) problems.push(`${at}.${name} must be a string on one line`);
    else out[name] = value;
  }
  return out;
}

/** One feed; undefined when it has problems (each pushed). */
function feedOf(v: unknown, at: string, problems: string[]): FeedDefinition | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    problems.push(`${at} must be an object with name, url, format and tlp`);
    return undefined;
  }
  const o = v as Record<string, unknown>;
  const before = problems.length;
  for (const k of Object.keys(o)) if (!FIELDS.includes(k)) problems.push(`${at}: unknown field "${k}" (known: ${FIELDS.join(', ')})`);
  const name = typeof o.name === 'string' ? o.name.trim() : '';
  if (name === '' || name.length > 200 || /\p{Cc}/u.test(name)) problems.push(`${at}.name must be a non-empty name on one line (at most 200 characters): it is part of every indicator's id, got ${JSON.stringify(o.name)}`);
  let url: URL | undefined;
  try {
    url = new URL(typeof o.url === 'string' ? o.url : '');
  } catch {
    // reported below
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) problems.push(`${at}.url must be an http:// or https:// URL, got ${JSON.stringify(o.url)}`);
  else if (url.username !== '' || url.password !== '') problems.push(`${at}.url must not carry credentials: give them in ${at}.headers, which are never logged`);
  const format = FORMATS.find((f) => f === o.format);
  if (format === undefined) problems.push(`${at}.format must be one of ${FORMATS.join(', ')}, got ${JSON.stringify(o.format)}`);
  const tlp = typeof o.tlp === 'string' ? tlpLevel(o.tlp) : undefined;
  if (tlp === undefined) problems.push(`${at}.tlp is required: ${TLP_LEVELS.join(', ')}, got ${JSON.stringify(o.tlp)}`);
  if ((o.column !== undefined || o.delimiter !== undefined) && format !== 'csv') problems.push(`${at}: column and delimiter are for format "csv" only`);
  if (o.column !== undefined && !(typeof o.column === 'string' && o.column.trim() !== '') && !(Number.isInteger(o.column) && (o.column as number) >= 0)) {
    problems.push(`${at}.column must be a header name or an index from 0, got ${JSON.stringify(o.column)}`);
  }
  const delimiter = o.delimiter === '\\t' ? '\t' : o.delimiter;
  if (delimiter !== undefined && (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || delimiter === '\n')) {
    problems.push(`${at}.delimiter must be one character other than a quote or a line break, got ${JSON.stringify(o.delimiter)}`);
  }
  if (o.validDays !== undefined && !(typeof o.validDays === 'number' && o.validDays > 0 && o.validDays <= 3650)) {
    problems.push(`${at}.validDays must be a number of days above 0 (at most 3650), got ${JSON.stringify(o.validDays)}`);
  }
  const interval = o.intervalMinutes ?? DEFAULT_FEED_INTERVAL_MINUTES;
  if (!(Number.isInteger(interval) && (interval as number) >= MIN_INTERVAL && (interval as number) <= MAX_INTERVAL)) {
    problems.push(`${at}.intervalMinutes must be a whole number of minutes from ${MIN_INTERVAL} to ${MAX_INTERVAL}, got ${JSON.stringify(o.intervalMinutes)}`);
  }
  const headers = o.headers === undefined ? undefined : headersOf(o.headers, `${at}.headers`, problems);
  const audience = o.audience === undefined ? undefined : audienceOf(o.audience, `${at}.audience`, problems);
  if (problems.length > before || url === undefined || format === undefined || tlp === undefined) return undefined;
  return {
    name, url: url.href, format, tlp, intervalMinutes: interval as number,
    ...(o.column !== undefined ? { column: o.column as number | string } : {}),
    ...(typeof delimiter === 'string' ? { delimiter } : {}),
    ...(typeof o.validDays === 'number' ? { validDays: o.validDays } : {}),
    ...(headers !== undefined ? { headers } : {}),
    ...(audience !== undefined ? { audience } : {}),
  };
}

/** The feeds list (a JSON array in the file, its JSON text in ACCORD_FEEDS); `at` names where it came from. */
export function feedsSetting(v: unknown, at: string, problems: string[]): readonly FeedDefinition[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    problems.push(`${at}: feeds must be a list of feeds, each {"name", "url", "format", "tlp", …}`);
    return [];
  }
  const feeds: FeedDefinition[] = [];
  const names = new Map<string, number>();
  v.forEach((item, i) => {
    const feed = feedOf(item, `${at}: feeds[${i}]`, problems);
    if (feed === undefined) return;
    const other = names.get(feed.name);
    if (other !== undefined) problems.push(`${at}: feeds[${i}].name "${feed.name}" is the name of feeds[${other}] too; names must be unique`);
    else names.set(feed.name, i);
    feeds.push(feed);
  });
  return feeds;
}
