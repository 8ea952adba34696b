// The public surface of the TAXII area: the TAXII 2.1 server (routes, negotiation, filters,
// pagination, resources), collections and their administration, and the read filters (local
// users; the sharing policy for peers). Other areas import only this file.
export { AddObjectsService, DEFAULT_BATCH_SIZE, type AddObjectsOptions, type AddRequest, type AddSummary } from './add-objects.service.js';
export { ObjectWriter } from './object-writer.js';
export { addFromPeer, type PeerAddHandler, type PeerAddOutcome, type PeerAddRequest } from './peer-add.service.js';
export { prepareEnvelope, type PreparedEntry, type PreparedEnvelope } from './prepare.js';
export {
  collectionAccess, CollectionsService, COLLECTION_MEDIA_TYPES, DEFAULT_COLLECTION, DEFAULT_COLLECTION_META, ensureDefaultCollection,
  type CollectionChange, type NewCollection, type PermissionCheck, type TaxiiAudit, type TaxiiAuditAction, type TaxiiPermission,
} from './collections.service.js';
export { isTaxiiPath, taxiiErrorResource, type TaxiiErrorResource, type TaxiiFailure } from './error-resource.js';
export { DEFAULT_PAGE, MAX_PAGE, parseFilters, storeQueries, type FilterEndpoint, type TaxiiFilters, type VersionFilter } from './filters.js';
export { checkAccept, checkContentType, parseMediaType, STIX_MEDIA_TYPE, TAXII_MEDIA_TYPE, TAXII_VERSION, type MediaType } from './media-types.js';
export { Cursors, readUnion, type Page } from './paging.js';
export {
  localUsersReadFilter, requesterOwner, sharingReadFilter,
  type LocalRequester, type PeerRequester, type SharingReadFilterOptions, type TaxiiReadFilter, type TaxiiRequester,
} from './read-filter.js';
export { collectionResource, statusResource, type CollectionAccess, type ServerDescription } from './resources.js';
export { API_ROOT_NAME, API_ROOT_PATH, registerTaxii, type TaxiiDeps } from './taxii.routes.js';
export * from './client/index.js';
