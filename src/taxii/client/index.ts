// The TAXII 2.1 client's public surface (federation and the `accord taxii` command use it).
export {
  ApiRootClient, CollectionClient, envelopeBytes, envelopeText, pageThrough, TaxiiClient, withQuery,
  type Credentials, type ManifestEvent, type MatchFilter, type ObjectEvent, type ObjectText, type PagedEnd, type PageEnd,
  type PageQuery, type TaxiiClientOptions, type Unreadable, type VersionsPage,
} from './client.js';
export { EnvelopeReader, type EnvelopeItem, type EnvelopeMembers } from './envelope.js';
export {
  PULL_ALL_VERSIONS, pullCheckpointKey, pullIntoStore, readPullCheckpoint, type PullCheckpoint, type PullOptions, type PullSummary,
} from './pull.js';
export { pushObjects, type PushEvent, type PushItem, type PushOptions } from './push.js';
export { isRetryable, type TaxiiErrorMessage } from './errors.js';
export type { ApiRootInfo, Collection, Discovery, ManifestRecord, Status, StatusDetails, Versions } from './resources.schema.js';
export { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
export type { RequestSigner } from './transport.js';
