// Generic JSON lines read through a member's own field mapping (issue 8, item 2, "Readers"), for
// the logs no built-in reader knows (a proxy, a firewall, an EDR export):
//
//   { "fields": { "client.ip": "network-traffic:src_ref.value", "file.sha256": "file:hashes.'SHA-256'" },
//     "time": "@timestamp", "type": "event.kind" }
//
// `fields` maps a dotted path in the event (a key with dots of its own is found too) to a STIX
// object path, written and checked with the patterning grammar (STIX 2.1 §9.3); `time` and `type`
// name where the event's time and kind are. The CSV reader uses the same mapping with column names.
import { formatPath, parsePattern, type ObjectPath } from '../pattern/index.js';
import { AccordError } from '../stix/index.js';
import type { LineReader, LogEvent } from './event.js';
import { field, isRec, jsonObject, stixTime, Values } from './values.js';

/** A checked mapping: where each value is in an event and the object path (canonical key) it goes under. */
export interface Mapping {
  readonly fields: readonly { readonly from: string; readonly path: string }[];
  readonly time?: string;
  readonly type?: string;
}

const bad = (message: string): AccordError => new AccordError('invalid', 'detect.bad-mapping', message);

/** A STIX object path parsed with the patterning grammar, as the index's canonical key; or why it is not one. */
export function objectPathKey(text: string): string | { error: string } {
  // The grammar's one place that holds a bare object path is `EXISTS path` inside an observation.
  const prefix = '[EXISTS ';
  const parsed = parsePattern(`${prefix}${text}]`, { version: '2.1' });
  if (!parsed.ok) {
    const { offset, message } = parsed.error;
    const at = offset - prefix.length;
    // The closing bracket is ours: an error there is the end of the path as written.
    const what = message.replace(/^at \d+:\d+: /, '').replace(/found '\]'$/, at >= text.length ? 'found the end' : "found ']'");
    return { error: at >= text.length ? `incomplete: ${what}` : `at character ${Math.max(1, at + 1)}: ${what}` };
  }
  const p = parsed.pattern;
  const c = p.kind === 'observation' ? p.comparison : undefined;
  if (c?.kind !== 'exists' || c.path.end !== prefix.length + text.length) return { error: 'is more than one object path' };
  return formatPath(c.path satisfies ObjectPath);
}

/**
 * Checks a mapping as read from its JSON file; throws `detect.bad-mapping` naming every bad entry
 * (`fields["src"]: "ipv4addr:value" is not a STIX object path: …`).
 */
export function parseMapping(json: unknown): Mapping {
  if (!isRec(json)) throw bad('a mapping is a JSON object with "fields" (and optionally "time" and "type")');
  const problems: string[] = [];
  for (const k of Object.keys(json)) if (!['fields', 'time', 'type'].includes(k)) problems.push(`"${k}" is not a mapping member (fields, time, type)`);
  for (const k of ['time', 'type'] as const) if (json[k] !== undefined && (typeof json[k] !== 'string' || json[k] === '')) problems.push(`"${k}" must name a field (a non-empty string)`);
  const fields: { from: string; path: string }[] = [];
  if (!isRec(json.fields) || Object.keys(json.fields).length === 0) problems.push('"fields" must be an object mapping at least one event field to a STIX object path');
  else {
    for (const [from, to] of Object.entries(json.fields)) {
      const where = `fields[${JSON.stringify(from)}]`;
      if (from === '') problems.push(`${where}: the event field is empty`);
      if (typeof to !== 'string') {
        problems.push(`${where}: must be a STIX object path (a string such as "ipv4-addr:value"), not ${JSON.stringify(to)}`);
        continue;
      }
      const key = objectPathKey(to);
      if (typeof key !== 'string') problems.push(`${where}: ${JSON.stringify(to)} is not a STIX object path: ${key.error}`);
      else fields.push({ from, path: key });
    }
  }
  if (problems.length > 0) throw bad(`the mapping has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}: ${problems.join('; ')}`);
  return { fields, ...(typeof json.time === 'string' ? { time: json.time } : {}), ...(typeof json.type === 'string' ? { type: json.type } : {}) };
}

/** One record (a JSON event, or a CSV row by column name) read through a mapping. */
export function mappedValues(rec: unknown, mapping: Mapping, defaultType: string): LogEvent {
  const v = new Values();
  for (const f of mapping.fields) v.mapped(f.path, field(rec, f.from));
  const type = mapping.type !== undefined ? field(rec, mapping.type) : undefined;
  return { type: typeof type === 'string' && type !== '' ? type : typeof type === 'number' ? String(type) : defaultType, time: mapping.time !== undefined ? stixTime(field(rec, mapping.time)) : undefined, values: v.map };
}

/** The mapped JSON lines reader. */
export function mappedJsonReader(mapping: Mapping): LineReader {
  return (text) => {
    const rec = jsonObject(text);
    return 'skip' in rec ? rec : mappedValues(rec.object, mapping, 'json');
  };
}
