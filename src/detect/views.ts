// Detection alerts and sightings as the API and `--json` present them (snake_case): never a raw
// row, the evidence's values parsed back from their JSON text.
import type { DetectionRecord } from '../store/index.js';
import type { GatheredSightings } from './book.js';
import type { SightingFields } from './sightings.js';

/** An alert as JSON for --json and the API (snake_case). */
export function detectionJson(a: DetectionRecord): Record<string, unknown> {
  return {
    id: a.id, state: a.state, indicator: { id: a.indicatorId, name: a.indicatorName, originator: a.originator }, count: a.count, first_seen: a.firstSeen, last_seen: a.lastSeen,
    created_at: a.createdAt, updated_at: a.updatedAt,
    sighting: { id: a.sightingId, version: a.sightingVersion, shared_version: a.sharedVersion, shared_at: a.sharedAt },
    evidence: a.evidence.map((e) => ({ seen: e.seen, source: e.source, line: e.line, event_type: e.eventType, path: e.path, value: e.value, why: e.why, raw: e.raw, values: JSON.parse(e.values) as unknown, observed_data: e.observedDataId })),
    changes: a.changes.map((c) => ({ ...c })),
  };
}

/** A sighting as JSON (snake_case). */
export function sightingJson(s: SightingFields): Record<string, unknown> {
  return { id: s.id, version: s.version, indicator: s.indicator, type: s.type, where_sighted: [...s.by], creator: s.creator, count: s.count, first_seen: s.firstSeen, last_seen: s.lastSeen };
}

/** The gathered sightings of an indicator as JSON. */
export function gatheredJson(g: GatheredSightings): Record<string, unknown> {
  return { indicator: g.indicator, sightings: g.sightings.map(sightingJson), by_member: g.byMember.map((m) => ({ ...m })), by_type: g.byType };
}
