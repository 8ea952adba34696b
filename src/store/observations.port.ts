// The storage port for the retro-hunt history (issue 8, item 5; docs/detection.md "Retro-hunt"):
// the values a member's own logs showed, by object path, with when they were first and last seen
// and how often — one compact row per (path, value, day), never the events themselves. Local-only
// state: never a STIX object, never shared. The detect area decides what is recorded and computes
// the keys; the store keeps rows and answers three kinds of lookup, each on an index.

/** One (path, value, day) of the history, as recorded or as a batch adds to it. */
export interface ObservationRow {
  /** The object path the value was seen under, canonical (`ipv4-addr:value`, `file:hashes.'SHA-256'`). */
  readonly path: string;
  readonly value: string;
  /** The UTC day of the sightings (`YYYY-MM-DD`): what retention prunes by. */
  readonly day: string;
  /** IPv4/IPv6 addresses: a sortable fixed-width key (`4` + 8 hex digits, `6` + 32), so that a CIDR is a key range. */
  readonly rangeKey: string | null;
  /** Values with dots (domains, host names, URLs): the labels reversed (`com.example.www`), so that a suffix is a key prefix. */
  readonly reversed: string | null;
  /** STIX timestamps (UTC, milliseconds, Z), so that they compare as text. */
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly count: number;
}

/** What to look up under one path: values, an address key range, or a reversed-name prefix. */
export type ObservationMatch =
  | { readonly values: readonly string[] }
  /** Inclusive bounds of the same width and family. */
  | { readonly range: { readonly from: string; readonly to: string } }
  | { readonly reversedPrefix: string };

export interface ObservationQuery {
  readonly path: string;
  readonly match: ObservationMatch;
  /** Only sightings at or after this time (a STIX timestamp): compared with each day's last sighting. */
  readonly since?: string;
  /** Only sightings before this time: compared with each day's first sighting. */
  readonly until?: string;
  /** At most this many values (default 1000). */
  readonly limit?: number;
}

/** One value's sightings, summed over the days that matched the query. */
export interface ObservationSummary {
  readonly path: string;
  readonly value: string;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly count: number;
}

export interface ObservationRepository {
  /**
   * Adds a batch in one transaction: a (path, value, day) held already gets the counts added and
   * its first/last sighting widened. A batch names each (path, value, day) at most once.
   */
  record(rows: readonly ObservationRow[]): Promise<void>;
  /** The values under `query.path` that match, with their sightings; by value. */
  find(query: ObservationQuery): Promise<ObservationSummary[]>;
  /** Deletes the rows of days before `day` (`YYYY-MM-DD`), at most `batch` rows per transaction; the rows deleted. */
  prune(day: string, batch?: number): Promise<number>;
  /** How much is held: rows, and the oldest and newest day (null when empty). */
  size(): Promise<{ readonly rows: number; readonly oldestDay: string | null; readonly newestDay: string | null }>;
}
