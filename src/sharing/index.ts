// The public surface of the sharing area. Other areas import only this file.
export type * from './types.js';
export {
  audienceOf, checkShare, explain, mayFeedDevices, mayRead, mayRelay, shareWords,
  type Decision, type Denial, type DenialCode, type Grant, type GrantCode, type PolicyVersion, type Question, type ShareCheck, type ShareFault,
} from './policy.js';
export {
  BatchRootCache, batchMessage, buildShare, DEFAULT_MAX_FUTURE_SKEW_MS, matchesObject, SHARE_EXTENSION_DEFINITION, SHARE_EXTENSION_ID, SHARE_TYPE,
  shareMessage, shareTarget, shareVerificationStats, signShare, signShareBatch, verifyShare,
  type RecordAudience, type ShareInput, type ShareKeyLookup, type ShareRecord, type ShareSignature, type ShareSigner, type ShareVerdict,
  type UnsignedShareRecord, type VerifyShareOptions,
} from './records.js';
export {
  shareMany, storeAndShareMade, DEFAULT_BULK_BATCH_SIZE,
  type BulkCandidate, type BulkRefusal, type BulkShareContext, type BulkShareResult, type BulkShareTerms, type SharedBatch,
} from './bulk.js';
export {
  PUBLICATION_ID_RE, PublishingService, refusedError, type HeldShare, type ObjectRef, type ObjectSharing, type Publication, type Publisher, type PublishingOptions,
  type PublishResult, type Reader, type SharePreview,
} from './publish.js';
export {
  policiesOf, RECOMPUTE_ALL_META, VisibilityService,
  type RecomputeSummary, type RecordOutcome, type ShareEntry, type VisibilityOptions,
} from './visibility.js';
export { quarantineCompromised } from './compromise.js';
export {
  bearsOn, buildReceipt, buildRetraction, effectiveShare, readReceipt, readRetraction, RECEIPT_EXTENSION_ID, RECEIPT_TYPE, RETRACTION_EXTENSION_DEFINITIONS,
  RETRACTION_EXTENSION_ID, RETRACTION_TYPE, retractionRow, verifyReceipt, verifyRetraction,
  type Receipt, type ReceiptOutcome, type Retraction, type RetractionTarget,
} from './retraction.js';
export { RetractionService, type AppliedRetraction } from './retraction.service.js';
export {
  issueReceipts, receiptRows, retract, retractionStatus, type HolderStatus, type RetractRequest, type RetractResult, type RetractionStatus,
} from './retract.js';
