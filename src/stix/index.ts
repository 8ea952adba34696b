// The public surface of the STIX 2.1 core. Other areas import only this file.
export { AccordError, isAccordError, type ErrorKind } from './errors.js';
export { formatIssue, pointer, pointerSegment, stixError, stixWarning, type Severity, type StixIssue } from './issue.js';
export * from './kinds.js';
export type * from './types/index.js';
export { isType } from './types/index.js';
export { JsonError, jsonErrorToIssue, type JsonRule } from './json/errors.js';
export { parseJson, DEFAULT_MAX_DEPTH, type ParseOptions } from './json/parse.js';
export { canonicalize } from './json/canonical.js';
export { canonicalHash, contentHash } from './json/hash.js';
export { locateItemError, readJsonStream, DEFAULT_MAX_ITEM_BYTES, type StreamItem, type StreamOptions } from './json/stream.js';
export { deterministicScoId, newScoId, newStixId, scoIdContributingProperties, SCO_ID_NAMESPACE, uuidv5 } from './ids.js';
export {
  BUILTIN_MARKINGS, builtinMarking, mostRestrictive, TLP2_EXTENSION_ID, TLP2_MARKINGS, TLP_LEVELS, tlpLevelOfMarking,
  tlpMarkingId, tlpOfObject, tlpRank, type TlpLevel,
} from './tlp.js';
export { compareTimestamps, formatTimestamp, isStixTimestamp, nowTimestamp, parseTimestamp, STIX_TIMESTAMP_RE, type TimestampPrecision } from './timestamp.js';
export { compareVersions, isRevoked, versionKey, versionOf } from './version.js';
export {
  ACCEPTED_SPEC_VERSION, extensionDefinitionInfo, REF_RULES, schemaCompileMillis, typeNameProblem, validateObject, VALIDATION_RULES,
  type ExtensionDefinitionInfo, type RuleInfo, type ValidationContext, type ValidationResult,
} from './validate/index.js';
export { csvRows } from './csv.js';
export { addressRange } from './addresses.js';
export { SIGHTING_TYPES, sightingType, sightingTypeProperties, type SightingType } from './sightings.js';
