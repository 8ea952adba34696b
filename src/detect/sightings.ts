// Sightings as Accord writes and reads them (docs/decisions/0028-detection-sightings.md): a STIX
// 2.1 `sighting` of an indicator by this member — `where_sighted_refs` = the member's identity —
// of one of three kinds (the stix area's sightingType: a sighting, a false positive, an expiry).
import { sightingType, sightingTypeProperties, type SightingType } from '../stix/index.js';

/** The most a STIX sighting may count (§5.5). */
export const MAX_SIGHTING_COUNT = 999_999_999;

type Json = Readonly<Record<string, unknown>>;

/** What one sighting says, whoever wrote it. */
export interface SightingFields {
  readonly id: string;
  /** Its `modified` (or `created`). */
  readonly version: string;
  readonly indicator: string;
  readonly type: SightingType;
  /** Who sighted it: `where_sighted_refs`, else the creator. */
  readonly by: readonly string[];
  readonly creator: string | null;
  readonly count: number;
  readonly firstSeen: string | null;
  readonly lastSeen: string | null;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** What a stored sighting says, or undefined when the object is not a sighting of an indicator. */
export function readSighting(o: Json): SightingFields | undefined {
  if (o.type !== 'sighting' || typeof o.id !== 'string' || typeof o.sighting_of_ref !== 'string') return undefined;
  const creator = typeof o.created_by_ref === 'string' ? o.created_by_ref : null;
  const where = strings(o.where_sighted_refs);
  const version = typeof o.modified === 'string' ? o.modified : typeof o.created === 'string' ? o.created : '';
  return {
    id: o.id, version, indicator: o.sighting_of_ref, type: sightingType(o), by: where.length > 0 ? where : creator !== null ? [creator] : [], creator,
    // A sighting without a count says it was seen at least once (§5.5 leaves count optional).
    count: typeof o.count === 'number' && Number.isInteger(o.count) && o.count >= 0 ? o.count : 1,
    firstSeen: typeof o.first_seen === 'string' ? o.first_seen : null, lastSeen: typeof o.last_seen === 'string' ? o.last_seen : null,
  };
}

/** The sighting object this member writes. */
export function buildSighting(f: {
  readonly id: string; readonly created: string; readonly modified: string; readonly self: string; readonly indicator: string; readonly type: SightingType;
  readonly count: number; readonly firstSeen: string; readonly lastSeen: string; readonly observedData?: readonly string[]; readonly description?: string;
}): Record<string, unknown> {
  return {
    type: 'sighting', spec_version: '2.1', id: f.id, created: f.created, modified: f.modified, created_by_ref: f.self,
    sighting_of_ref: f.indicator, count: Math.min(f.count, MAX_SIGHTING_COUNT), first_seen: f.firstSeen, last_seen: f.lastSeen,
    where_sighted_refs: [f.self], ...(f.observedData !== undefined && f.observedData.length > 0 ? { observed_data_refs: [...f.observedData] } : {}),
    ...(f.description !== undefined ? { description: f.description } : {}), ...sightingTypeProperties(f.type),
  };
}
