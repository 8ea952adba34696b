// The public surface of detection (issue 8): the indicator index, the events readers produce, the
// eve.json reader and the per-event detector.
export { addressBits, IndicatorIndex, type Candidate, type Compiled, type EventValues } from './indicator-index.js';
export { eventObservedData, MAX_LINE, P as EVENT_PATHS, pathKey, type LineReader, type LogEvent, type Skip } from './event.js';
export { eveReader, eveValues } from './eve.js';
export { lineBatches, lines, type Overlong } from './lines.js';
export { parseIndicatorPattern } from './simple-pattern.js';
export { Detector, type Detection, type Hit } from './detector.js';
export { createReader, READER_FORMATS, type ReaderFormat } from './readers.js';
export { parseMapping, type Mapping } from './mapped.js';
export { followLines, type FollowedLine, type FollowOptions } from './follow.js';
export { discardDetections, LiveDetector, type DetectionSink, type LiveChanges, type LiveDetectorOptions, type RestoreOutcome, type SnapshotSource } from './live.js';
export { decodeSnapshot, encodeSnapshot, readSnapshotFile, SnapshotError, writeSnapshotFile, type KnownVersion, type LiveState, type SnapshotMeta } from './snapshot.js';
export {
  detectionView, detectLines, eventIdParts, INGEST_FORMATS, ingestReader, lineEventId, streamLines,
  type DetectionView, type IngestFormat, type LineSkip, type StreamLine, type StreamOptions, type StreamSummary,
} from './stream.js';
export { recordDetections, evidenceObjects, whyMatched, type DetectionAudit, type DetectionAuditAction, type RecordContext, type RecordedAlerts } from './alerts.js';
export { DetectionBook, DETECTION_STATES, SIGHTING_TLP, type GatheredSightings, type Publish, type PublishOutcome, type SharedBack, type ShareRef } from './book.js';
export { buildSighting, readSighting, type SightingFields } from './sightings.js';
export { SIGHTING_TYPES, type SightingType } from '../stix/index.js';
export { detectionJson, gatheredJson, sightingJson } from './views.js';
export { addressKey, DEFAULT_RETENTION_DAYS, MAX_HISTORY_VALUE, ObservationHistory, pastHitDetection, pruneHistory, rangeKeys, retroHunt, reversedLabels, type PastHit, type RetroHuntOptions, type RetroHuntResult } from './history.js';
