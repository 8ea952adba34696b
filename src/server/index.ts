// The public surface of the server area.
export { buildApp, type AppOptions } from './app.js';
export { generateSelfSignedCertificate, type SelfSignedCertificate, type SelfSignedOptions } from './self-signed.js';
export type { PeerStatusSource } from './peers.routes.js';
export type { MembersApi, MembersListing } from './members.routes.js';
export type { DetectionIngest } from './detect.routes.js';
