// The storage port for detection alerts (issue 8, item 2; docs/detection.md, "Alerts and
// sightings"): what matching a member's own logs against the indicators found, one open alert per
// indicator aggregating its hits — how many, the first and last event times, a bounded sample of
// evidence — with the alert's states and their history, and the STIX sighting the detect area
// keeps for it. Local-only rows: the member's traffic never leaves the node through them.
import type { AlertChange, AlertState } from './assets.port.js';

/** At most this many evidence events are kept per alert (the first recorded). */
export const EVIDENCE_SAMPLE = 10;

/** One hit to record: an indicator matched one event. */
export interface DetectionHit {
  readonly indicatorId: string;
  readonly indicatorName: string | null;
  /** The indicator's created_by_ref: the member to share a sighting back to. */
  readonly originator: string | null;
  /**
   * What makes this hit the same hit again (the detect area derives it from the source, line and
   * event text): a hit recorded twice counts once.
   */
  readonly key: string;
  /** The event's time (or when it was read, for an event without one), as an ISO timestamp. */
  readonly seen: string;
  readonly evidence: DetectionEvidence;
}

/** One sampled evidence event: where it came from, what matched, why, and the event itself. */
export interface DetectionEvidence {
  readonly seen: string;
  readonly source: string;
  readonly line: number | null;
  readonly eventType: string;
  readonly path: string | null;
  readonly value: string | null;
  /** In words: `domain-name:value = 'c2.evil.example' (index)`, or the pattern held on the event. */
  readonly why: string;
  /** The event's text as read, at most 4 KiB. */
  readonly raw: string | null;
  /** The event's values by object path, JSON text. */
  readonly values: string;
  /** The observed-data the event was stored as (for the sighting's observed_data_refs). */
  readonly observedDataId: string;
}

/** A detection alert: the hits of one indicator while the alert was open. */
export interface DetectionRecord {
  /** `detection--<uuid>`: a local id. */
  readonly id: string;
  readonly indicatorId: string;
  readonly indicatorName: string | null;
  readonly originator: string | null;
  readonly state: AlertState;
  readonly count: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The id of the alert's STIX sighting (one id, a new version whenever the aggregate changes). */
  readonly sightingId: string;
  /** The sighting's latest stored version (its `modified`), once one is stored. */
  readonly sightingVersion: string | null;
  /** The version last shared back to the originator, and when. */
  readonly sharedVersion: string | null;
  readonly sharedAt: string | null;
  /** The sample, oldest event first. */
  readonly evidence: readonly DetectionEvidence[];
  /** Oldest first. */
  readonly changes: readonly AlertChange[];
}

export interface DetectionQuery {
  readonly state?: AlertState;
  readonly indicatorId?: string;
  /** Default 100, the last updated first. */
  readonly limit?: number;
}

/** What recording a batch did to one alert. */
export interface DetectionTouched {
  readonly id: string;
  readonly indicatorId: string;
  /** True when the batch opened the alert. */
  readonly raised: boolean;
}

export interface DetectionRepository {
  /**
   * Records a batch of hits in one transaction: each joins its indicator's open alert (one is
   * opened when there is none), a hit already recorded for that indicator is not counted again,
   * and the first EVIDENCE_SAMPLE hits of an alert are kept as its evidence. Returns the alerts
   * whose count changed.
   */
  record(hits: readonly DetectionHit[], at: string): Promise<DetectionTouched[]>;
  get(id: string): Promise<DetectionRecord | undefined>;
  list(query: DetectionQuery): Promise<DetectionRecord[]>;
  /**
   * Moves an alert from `from` to `change.to` and records the change; false when it is not (or
   * no longer) in state `from`. Resolved and false-positive alerts are closed: the indicator's
   * next hit opens a new alert. Throws `store.detection-open` when reopening one while a newer
   * alert of its indicator is open.
   */
  transition(id: string, change: AlertChange): Promise<boolean>;
  /** Notes the sighting version stored for the alert. */
  setSightingVersion(id: string, version: string): Promise<void>;
  /** Notes the sighting version shared back to the originator. */
  markShared(id: string, version: string, at: string): Promise<void>;
}
