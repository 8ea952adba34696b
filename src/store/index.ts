// The public surface of the store area. Other areas import only this file.
// The error type is re-exported for areas that may import the store but not the STIX core.
export { AccordError, isAccordError, type ErrorKind } from '../stix/index.js';
export { canonicalize } from '../stix/index.js';
export type {
  BodyPage, ExclusiveLease, ExclusiveRole, MetaRepository, StoreWatch, ObjectPage, RemoveSelection, ObjectQuery, ObjectRepository, ObjectStats, FacetCounts, FacetValue, PreparedObject, PutOutcome,
  Store, StoredBody, StoredObject, VersionSelector,
} from './port.js';
export type {
  SessionRecord, SessionRepository, TokenRecord, TokenRepository, UserPatch, UserPreferences, UserRecord, UserRepository,
} from './identity.port.js';
export type { AuditCheckpoint, AuditEntry, AuditHead, AuditQuery, AuditRepository } from './audit.port.js';
export type {
  CollectionPatch, CollectionRecord, CollectionRepository, CollectionScope, StatusDetail, StatusRecord, StatusRepository,
} from './collections.port.js';
export type {
  SettleResult, ShareRepository, SharePage, SharePutOutcome, ShareRow, ShareState, VisibilityEntry, VisibilityPlan, VisibilityRepository,
  VisibilitySnapshot,
} from './visibility.port.js';
export type {
  PublicationDecision, PublicationObject, PublicationPage, PublicationQuery, PublicationRecord, PublicationRepository, PublicationState,
} from './publications.port.js';
export type {
  ReceiptRow, RetractionEffect, RetractionListQuery, RetractionRepository, RetractionRow, RetractionState, RetractionUpdate,
} from './retractions.port.js';
export type { FeedRepository, FeedStateRecord, FeedValueRecord } from './feeds.port.js';
export type { SavedExportRecord, SavedExportRepository } from './exports.port.js';
export type { AlertChange, AlertQuery, AlertRecord, AlertRepository, AlertState, AssetCriticality, AssetRecord, AssetRepository } from './assets.port.js';
export {
  EVIDENCE_SAMPLE, type DetectionEvidence, type DetectionHit, type DetectionQuery, type DetectionRecord, type DetectionRepository, type DetectionTouched,
} from './detections.port.js';
export type { ObservationMatch, ObservationQuery, ObservationRepository, ObservationRow, ObservationSummary } from './observations.port.js';
export { openStore } from './open.js';
export { versionsOfIds } from './by-ids.js';
export { prepareObject, searchText } from './prepare.js';
export { formatMicros, parseMicros, sortableTimestamp } from './clock.js';
export { ingest, storedExtensions, type BatchStored, type IngestOptions, type IngestResult, type IngestStatus, type IngestSummary } from './ingest.js';
export { KnownExtensions, prepareItem, prepareValue, type PreparedItem, type RawItem } from './ingest-prepare.js';
export { decodeCursor, encodeCursor, filterFingerprint } from './cursor.js';
