// The two STIX Relationship Objects (§5).

import type { Identifier, StixCommon, Timestamp } from './common.js';
import type { Vocab } from './vocab.js';

/**
 * The relationship types every SDO and SCO accepts (§3.7). Each object section of the spec
 * lists more; any lowercase, hyphenated string is allowed.
 */
export type CommonRelationshipType = 'derived-from' | 'duplicate-of' | 'related-to';

/** Relationship (STIX 2.1 §5.1). */
export interface Relationship extends StixCommon<'relationship'> {
  /** SHOULD be a type the spec defines for this source and target; otherwise user-defined. */
  readonly relationship_type: Vocab<CommonRelationshipType>;
  readonly description?: string;
  /** An SDO or SCO (or a custom object). */
  readonly source_ref: Identifier;
  /** An SDO or SCO (or a custom object). */
  readonly target_ref: Identifier;
  readonly start_time?: Timestamp;
  /** MUST be later than `start_time`. */
  readonly stop_time?: Timestamp;
}

/** Sighting (STIX 2.1 §5.2). */
export interface Sighting extends StixCommon<'sighting'> {
  readonly description?: string;
  readonly first_seen?: Timestamp;
  /** MUST be later than or equal to `first_seen`. */
  readonly last_seen?: Timestamp;
  /** Integer 0 to 999,999,999. */
  readonly count?: number;
  /** The SDO (or custom object) that was sighted. */
  readonly sighting_of_ref: Identifier;
  readonly observed_data_refs?: readonly Identifier<'observed-data'>[];
  /** Who or where it was seen. */
  readonly where_sighted_refs?: readonly Identifier<'identity' | 'location'>[];
  /** True when this sighting summarises other sightings rather than reporting raw data. */
  readonly summary?: boolean;
}
