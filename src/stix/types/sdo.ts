// The 19 STIX Domain Objects (§4). Required/optional follows the property tables of the 2021
// standard. Rules that tie several properties together ("at least one of", "later than") cannot
// be said by a type without making every object a union; they are written on the property and
// enforced by the validator.

import type { Identifier, KillChainPhase, StixCommon, Timestamp } from './common.js';
import type {
  AttackMotivationOv, AttackResourceLevelOv, GroupingContextOv, IdentityClassOv, ImplementationLanguageOv,
  IndicatorTypeOv, IndustrySectorOv, InfrastructureTypeOv, MalwareCapabilitiesOv, MalwareResultOv,
  MalwareTypeOv, OpinionEnum, PatternTypeOv, ProcessorArchitectureOv, RegionOv, ReportTypeOv,
  ThreatActorRoleOv, ThreatActorSophisticationOv, ThreatActorTypeOv, ToolTypeOv, Vocab,
} from './vocab.js';

/** Attack Pattern (STIX 2.1 §4.1). */
export interface AttackPattern extends StixCommon<'attack-pattern'> {
  readonly name: string;
  readonly description?: string;
  readonly aliases?: readonly string[];
  readonly kill_chain_phases?: readonly KillChainPhase[];
}

/** Campaign (STIX 2.1 §4.2). */
export interface Campaign extends StixCommon<'campaign'> {
  readonly name: string;
  readonly description?: string;
  readonly aliases?: readonly string[];
  readonly first_seen?: Timestamp;
  /** MUST be later than or equal to `first_seen`. */
  readonly last_seen?: Timestamp;
  readonly objective?: string;
}

/**
 * Course of Action (STIX 2.1 §4.3). A stub in 2.1: the `action` property is reserved, and the
 * `action_*` properties of earlier drafts were removed.
 */
export interface CourseOfAction extends StixCommon<'course-of-action'> {
  readonly name: string;
  readonly description?: string;
}

/** Grouping (STIX 2.1 §4.4). */
export interface Grouping extends StixCommon<'grouping'> {
  readonly name?: string;
  readonly description?: string;
  readonly context: Vocab<GroupingContextOv>;
  /** The objects grouped (any STIX Object). */
  readonly object_refs: readonly Identifier[];
}

/** Identity (STIX 2.1 §4.5). */
export interface Identity extends StixCommon<'identity'> {
  readonly name: string;
  readonly description?: string;
  /** Free text; no vocabulary is defined. */
  readonly roles?: readonly string[];
  readonly identity_class?: Vocab<IdentityClassOv>;
  readonly sectors?: readonly Vocab<IndustrySectorOv>[];
  readonly contact_information?: string;
}

/**
 * Incident (STIX 2.1 §4.6). A stub in 2.1. The spec lists `kill_chain_phases`; the OASIS schema
 * omits it.
 */
export interface Incident extends StixCommon<'incident'> {
  readonly name: string;
  readonly description?: string;
  readonly kill_chain_phases?: readonly KillChainPhase[];
}

/** Indicator (STIX 2.1 §4.7). */
export interface Indicator extends StixCommon<'indicator'> {
  readonly name?: string;
  readonly description?: string;
  readonly indicator_types?: readonly Vocab<IndicatorTypeOv>[];
  /** The detection pattern, in the language named by `pattern_type`. */
  readonly pattern: string;
  readonly pattern_type: Vocab<PatternTypeOv>;
  /** Version of the pattern language; for `stix` patterns absent means the spec version. */
  readonly pattern_version?: string;
  readonly valid_from: Timestamp;
  /** MUST be later than `valid_from`. */
  readonly valid_until?: Timestamp;
  readonly kill_chain_phases?: readonly KillChainPhase[];
}

/** Infrastructure (STIX 2.1 §4.8). */
export interface Infrastructure extends StixCommon<'infrastructure'> {
  readonly name: string;
  readonly description?: string;
  readonly infrastructure_types?: readonly Vocab<InfrastructureTypeOv>[];
  readonly aliases?: readonly string[];
  readonly kill_chain_phases?: readonly KillChainPhase[];
  readonly first_seen?: Timestamp;
  /** MUST be later than or equal to `first_seen`. */
  readonly last_seen?: Timestamp;
}

/** Intrusion Set (STIX 2.1 §4.9). */
export interface IntrusionSet extends StixCommon<'intrusion-set'> {
  readonly name: string;
  readonly description?: string;
  readonly aliases?: readonly string[];
  readonly first_seen?: Timestamp;
  /** MUST be later than or equal to `first_seen`. */
  readonly last_seen?: Timestamp;
  readonly goals?: readonly string[];
  readonly resource_level?: Vocab<AttackResourceLevelOv>;
  readonly primary_motivation?: Vocab<AttackMotivationOv>;
  readonly secondary_motivations?: readonly Vocab<AttackMotivationOv>[];
}

/**
 * Location (STIX 2.1 §4.10). At least one of `region`, `country`, or `latitude` and `longitude`
 * together MUST be present.
 */
export interface Location extends StixCommon<'location'> {
  readonly name?: string;
  readonly description?: string;
  /** Decimal degrees, -90.0 to 90.0; requires `longitude`. */
  readonly latitude?: number;
  /** Decimal degrees, -180.0 to 180.0; requires `latitude`. */
  readonly longitude?: number;
  /** How far, in meters, the real location may be from the point; requires `latitude` and `longitude`. */
  readonly precision?: number;
  readonly region?: Vocab<RegionOv>;
  /** SHOULD be an ISO 3166-1 ALPHA-2 code. */
  readonly country?: string;
  /** State, province or other sub-national area; SHOULD be an ISO 3166-2 code. */
  readonly administrative_area?: string;
  readonly city?: string;
  readonly street_address?: string;
  readonly postal_code?: string;
}

/** Malware (STIX 2.1 §4.11). */
export interface Malware extends StixCommon<'malware'> {
  /** MUST be present when `is_family` is true. */
  readonly name?: string;
  readonly description?: string;
  readonly malware_types?: readonly Vocab<MalwareTypeOv>[];
  /** True for a malware family, false for a single instance. */
  readonly is_family: boolean;
  readonly aliases?: readonly string[];
  readonly kill_chain_phases?: readonly KillChainPhase[];
  readonly first_seen?: Timestamp;
  /** MUST be later than or equal to `first_seen`. */
  readonly last_seen?: Timestamp;
  readonly operating_system_refs?: readonly Identifier<'software'>[];
  readonly architecture_execution_envs?: readonly Vocab<ProcessorArchitectureOv>[];
  readonly implementation_languages?: readonly Vocab<ImplementationLanguageOv>[];
  readonly capabilities?: readonly Vocab<MalwareCapabilitiesOv>[];
  /** The OASIS schema allows any string here; the spec requires `file` or `artifact` ids. */
  readonly sample_refs?: readonly Identifier<'file' | 'artifact'>[];
}

/**
 * Malware Analysis (STIX 2.1 §4.12). At least one of `result` or `analysis_sco_refs` MUST be
 * present.
 */
export interface MalwareAnalysis extends StixCommon<'malware-analysis'> {
  /** Name of the analysis engine or product; SHOULD be lowercase with hyphens. */
  readonly product: string;
  readonly version?: string;
  /** The virtual machine environment hosting the analysis. */
  readonly host_vm_ref?: Identifier<'software'>;
  readonly operating_system_ref?: Identifier<'software'>;
  readonly installed_software_refs?: readonly Identifier<'software'>[];
  readonly configuration_version?: string;
  readonly modules?: readonly string[];
  readonly analysis_engine_version?: string;
  readonly analysis_definition_version?: string;
  readonly submitted?: Timestamp;
  readonly analysis_started?: Timestamp;
  readonly analysis_ended?: Timestamp;
  /** The classification name the tool gave the sample (e.g. an AV signature name). */
  readonly result_name?: string;
  readonly result?: Vocab<MalwareResultOv>;
  /** SCOs captured during the analysis. */
  readonly analysis_sco_refs?: readonly Identifier[];
  readonly sample_ref?: Identifier<'file' | 'network-traffic' | 'artifact'>;
}

/** Note (STIX 2.1 §4.13). */
export interface Note extends StixCommon<'note'> {
  readonly abstract?: string;
  readonly content: string;
  readonly authors?: readonly string[];
  /** The objects the note is about (any STIX Object). */
  readonly object_refs: readonly Identifier[];
}

/**
 * A deprecated Cyber Observable Container (§2.13): SCOs keyed by a local id ("0", "1", …) that
 * `*_ref` properties inside the container point at. Entries may be STIX 2.0-shaped, so they are
 * typed loosely.
 */
export interface ObservableContainer {
  readonly [localId: string]: { readonly type: string; readonly [property: string]: unknown };
}

/**
 * Observed Data (STIX 2.1 §4.14). Exactly one of `object_refs` or the deprecated `objects` MUST
 * be present.
 */
export interface ObservedData extends StixCommon<'observed-data'> {
  readonly first_observed: Timestamp;
  /** MUST be later than or equal to `first_observed`. */
  readonly last_observed: Timestamp;
  /** Integer 1 to 999,999,999. */
  readonly number_observed: number;
  /** Deprecated: the observed SCOs inline. */
  readonly objects?: ObservableContainer;
  /** The observed SCOs and SROs; MUST contain at least one SCO reference. */
  readonly object_refs?: readonly Identifier[];
}

/** Opinion (STIX 2.1 §4.15). */
export interface Opinion extends StixCommon<'opinion'> {
  readonly explanation?: string;
  readonly authors?: readonly string[];
  readonly opinion: OpinionEnum;
  /** The objects the opinion is about (any STIX Object). */
  readonly object_refs: readonly Identifier[];
}

/** Report (STIX 2.1 §4.16). */
export interface Report extends StixCommon<'report'> {
  readonly name: string;
  readonly description?: string;
  readonly report_types?: readonly Vocab<ReportTypeOv>[];
  readonly published: Timestamp;
  /** The objects the report covers (any STIX Object). */
  readonly object_refs: readonly Identifier[];
}

/** Threat Actor (STIX 2.1 §4.17). */
export interface ThreatActor extends StixCommon<'threat-actor'> {
  readonly name: string;
  readonly description?: string;
  readonly threat_actor_types?: readonly Vocab<ThreatActorTypeOv>[];
  readonly aliases?: readonly string[];
  readonly first_seen?: Timestamp;
  /** MUST be later than or equal to `first_seen`. */
  readonly last_seen?: Timestamp;
  readonly roles?: readonly Vocab<ThreatActorRoleOv>[];
  readonly goals?: readonly string[];
  readonly sophistication?: Vocab<ThreatActorSophisticationOv>;
  readonly resource_level?: Vocab<AttackResourceLevelOv>;
  readonly primary_motivation?: Vocab<AttackMotivationOv>;
  readonly secondary_motivations?: readonly Vocab<AttackMotivationOv>[];
  readonly personal_motivations?: readonly Vocab<AttackMotivationOv>[];
}

/** Tool (STIX 2.1 §4.18). */
export interface Tool extends StixCommon<'tool'> {
  readonly name: string;
  readonly description?: string;
  readonly tool_types?: readonly Vocab<ToolTypeOv>[];
  readonly aliases?: readonly string[];
  readonly kill_chain_phases?: readonly KillChainPhase[];
  readonly tool_version?: string;
}

/**
 * Vulnerability (STIX 2.1 §4.19). A CVE is given as an external reference with
 * `source_name: 'cve'`.
 */
export interface Vulnerability extends StixCommon<'vulnerability'> {
  readonly name: string;
  readonly description?: string;
}
