// The storage port for scheduled feed pulls (issue 7, item 2; docs/decisions/0026): what this
// node remembers of each remote feed it pulls — the validators for a conditional GET, the last
// attempt, success and error — and, per value the feed has listed, the dates the value's
// indicator is made with. Local-only state (never shared). The store keeps rows; the interop area
// decides what they mean: a value's row is the single source its indicator's latest version is
// built from, so the indicator can always be made again, byte for byte.

/** One configured feed's pull state, by the feed's name. */
export interface FeedStateRecord {
  readonly name: string;
  /** The URL the validators belong to: a feed moved to another URL is fetched unconditionally. */
  readonly url: string;
  /** The ETag and Last-Modified of the last successful pull (sent as If-None-Match / If-Modified-Since). */
  readonly etag: string | null;
  readonly lastModified: string | null;
  readonly lastAttempt: string | null;
  readonly lastSuccess: string | null;
  /** The last failure (a stable code and a sentence); cleared by a success. */
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  /** Failed pulls since the last success. */
  readonly failures: number;
  /** A fingerprint of the settings the feed's objects were made with (TLP, validity): a change makes new versions. */
  readonly settings: string | null;
  /** True while value rows are saved whose objects may not all be stored yet (a pull that did not finish). */
  readonly pending: boolean;
  /** What the last pull did (JSON text written by the interop area; the store does not read it). */
  readonly outcome: string | null;
}

/** One value a feed has listed, and the dates of its indicator's latest version. */
export interface FeedValueRecord {
  /** `<kind> <value>`, e.g. `ipv4 198.51.100.7`. */
  readonly key: string;
  /** When the feed first listed the value (the indicator's `created`, kept by every version). */
  readonly created: string;
  /** The start of the current (or last) run of pulls that listed it: `valid_from`. */
  readonly validFrom: string;
  /** The latest version's `modified`. */
  readonly modified: string;
  readonly validUntil: string | null;
  /** When a pull found it gone from the feed; null while the feed lists it. */
  readonly goneAt: string | null;
}

export interface FeedRepository {
  state(name: string): Promise<FeedStateRecord | undefined>;
  /** Every feed's state, by name. */
  states(): Promise<FeedStateRecord[]>;
  /** Stores (replaces) one feed's state. */
  saveState(state: FeedStateRecord): Promise<void>;
  /** The value rows of one feed, by key. */
  values(name: string): Promise<FeedValueRecord[]>;
  /** Stores (replaces by key) value rows of the feed `state.name` and its state, in one transaction. */
  saveValues(state: FeedStateRecord, values: readonly FeedValueRecord[]): Promise<void>;
}
