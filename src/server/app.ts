// Assembles the node's HTTP application: security headers, access control, rate limits, error
// mapping, request ids, the OpenAPI document and the routes of each area. It binds nothing
// itself; `accord serve` decides where to listen (and whether with TLS).
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AuditLog } from '../audit/index.js';
import { AlertBook, AssetRegistry } from '../assets/index.js';
import { actorOf, can, ROLES, type IdentityService, type OidcRelyingParty } from '../identity/index.js';
import { SavedExports, type FeedContext } from '../interop/index.js';
import type { PublishingService } from '../sharing/index.js';
import type { Store } from '../store/index.js';
import { CollectionsService, registerTaxii, type PeerAddHandler, type TaxiiReadFilter } from '../taxii/index.js';
import { installAccessControl, type PeerAuthentication, type RouteEntry } from './access.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every registered route with its declared access (for the access-matrix test and audits). */
    routeTable(): readonly RouteEntry[];
  }
}
import { accountRoutes } from './accounts.routes.js';
import { assetRoutes } from './assets.routes.js';
import { detectionRoutes } from './detections.routes.js';
import { auditRoutes } from './audit.routes.js';
import { collectionRoutes } from './collections.routes.js';
import { detectRoutes, type DetectionIngest } from './detect.routes.js';
import { installErrorHandling } from './errors.js';
import { installSecurityHeaders } from './headers.js';
import { exportRoutes } from './exports.routes.js';
import { feedRoutes } from './feeds.routes.js';
import { healthRoutes } from './health.routes.js';
import { metricsRoutes } from './metrics.routes.js';
import { objectRoutes } from './objects.routes.js';
import { oidcRoutes } from './oidc.routes.js';
import { peerRoutes, type PeerStatusSource } from './peers.routes.js';
import { installOpenApi } from './openapi.js';
import { installRateLimits } from './rate-limit.js';
import { sessionRoutes } from './session.routes.js';
import { memberRoutes, type MembersApi } from './members.routes.js';
import { retractionRoutes } from './retractions.routes.js';
import { shareRoutes } from './shares.routes.js';
import { ChangeWatch, eventRoutes } from './events.routes.js';
import { importRoutes } from './imports.routes.js';
import { patternRoutes } from './patterns.routes.js';
import { webRoutes } from './web.routes.js';

export interface AppOptions {
  readonly store: Store;
  readonly identity: IdentityService;
  /** The node's audit log (TAXII writes and collection changes are recorded in it). */
  readonly audit: AuditLog;
  readonly logger: Logger;
  readonly bodyLimit: number;
  readonly version: string;
  /** The node terminates TLS itself: Secure cookies and HSTS. */
  readonly tls: boolean;
  /** HTTPS options for Fastify, when serving TLS. */
  readonly https?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /** Sign-in through the member's identity provider: its routes exist only when this is given. */
  readonly oidc?: OidcRelyingParty;
  /** Peer nodes, recognised by their member keys on TAXII routes; absent: no peer is admitted. */
  readonly peers?: PeerAuthentication;
  /** What TAXII readers may see; default: the node's own users read what their collections hold (the sharing work replaces it). */
  readonly taxiiReadFilter?: TaxiiReadFilter;
  /** Sync status of the peer nodes (GET /api/v1/peers); absent: the node has no peers. */
  readonly peerStatus?: PeerStatusSource;
  /** What peers' TAXII POSTs (pushes) go through (federation's peerPushHandler); absent: peers may not push. */
  readonly peerAdd?: PeerAddHandler;
  /**
   * Sharing and publication requests (/api/v1/shares, /api/v1/publications): the service holds the
   * node key, the member list, this member's id and the visibility service. Absent: those routes
   * exist (and are access-checked) but answer 503.
   */
  readonly publishing?: PublishingService;
  /** Membership as this node computes it, and proposing and endorsing (`accord serve` provides it). */
  readonly members?: MembersApi;
  /**
   * What device feeds (/feeds/…) are rendered from: the member list, this member's id, the
   * visibility service and the warninglists. Absent: the feed routes exist (and are
   * access-checked) but answer 503; saved exports can still be managed.
   */
  readonly feeds?: FeedContext;
  /** The live detection index the ingest endpoint matches against; absent: that route exists (and is access-checked) but answers 503. */
  readonly detection?: DetectionIngest;
  /** This member's identity id: the creator of the sightings the node files (/api/v1/detections, sightings). */
  readonly self?: string;
  /** Uploads through POST /api/v1/imports: objects per batch and the largest object (the upload's limit is bodyLimit). */
  readonly imports?: { readonly batchSize: number; readonly maxObjectBytes: number };
}

/** The roles a peer node acts with on this node's TAXII routes: reading (a push is judged by peerAdd, not by roles). */
const PEER_ROLES: readonly string[] = ['observer'];

/** Builds the Fastify app for one node (not yet listening). */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  // Typed as Fastify's logger interface so the app's type does not depend on pino's generics.
  const log: FastifyBaseLogger = opts.logger.child({ cat: 'http' });
  const app = Fastify({
    loggerInstance: log,
    bodyLimit: opts.bodyLimit,
    genReqId: () => randomUUID(),
    return503OnClosing: true,
    connectionTimeout: 120_000,
    requestTimeout: 300_000,
    keepAliveTimeout: 72_000,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: true } },
    ...(opts.https !== undefined ? { https: { cert: opts.https.cert, key: opts.https.key } } : {}),
  }) as unknown as FastifyInstance;
  app.addHook('onRequest', async (req, reply) => {
    void reply.header('X-Request-Id', req.id);
  });
  installSecurityHeaders(app, { tls: opts.tls });
  installErrorHandling(app);
  const access = installAccessControl(app, opts.identity, opts.peers);
  app.decorate('routeTable', () => access.routes());
  installRateLimits(app);
  installOpenApi(app, '/api/v1/openapi.json', {
    title: 'Accord node API',
    version: opts.version,
    description: 'The platform API of one Accord member node. TAXII 2.1 is served separately at /taxii2/.',
  });
  // Its onResponse hook counts and times every response, whichever route (or none) answers it.
  metricsRoutes(app, { version: opts.version, ...(opts.peerStatus !== undefined ? { peerStatus: opts.peerStatus } : {}) });
  healthRoutes(app, opts.store);
  sessionRoutes(app, opts.identity, { tls: opts.tls });
  if (opts.oidc !== undefined) oidcRoutes(app, opts.identity, opts.oidc, { tls: opts.tls });
  accountRoutes(app, opts.identity);
  auditRoutes(app, opts.store, opts.audit);
  peerRoutes(app, opts.peerStatus);
  objectRoutes(app, opts.store);
  shareRoutes(app, opts.publishing);
  retractionRoutes(app, opts.publishing);
  memberRoutes(app, opts.members);
  collectionRoutes(app, new CollectionsService(opts.store, opts.audit, ROLES));
  assetRoutes(app, new AssetRegistry(opts.store, opts.audit), new AlertBook(opts.store, opts.audit));
  detectRoutes(app, opts.detection, opts.audit);
  detectionRoutes(app, opts.store, opts.audit, opts.self, opts.publishing);
  const savedExports = new SavedExports(opts.store, opts.audit);
  exportRoutes(app, savedExports);
  feedRoutes(app, savedExports, opts.feeds, opts.audit);
  registerTaxii(app, {
    store: opts.store, audit: opts.audit, can, maxContentLength: opts.bodyLimit,
    requester: (req) => {
      if (req.principal !== null) {
        return { kind: 'local', userId: req.principal.userId, username: req.principal.username, roles: req.principal.roles, actor: actorOf(req.principal) };
      }
      // A peer node reads as an observer and sees only its member's visibility rows; what it pushes goes through peerAdd.
      if (req.peer !== null) return { kind: 'peer', memberId: req.peer.memberId, fingerprint: req.peer.fingerprint, roles: PEER_ROLES, actor: `peer:${req.peer.memberId}` };
      return null;
    },
    ...(opts.taxiiReadFilter !== undefined ? { readFilter: opts.taxiiReadFilter } : {}),
    ...(opts.peerAdd !== undefined ? { peerAdd: opts.peerAdd } : {}),
  });
  patternRoutes(app);
  importRoutes(app, opts.store, opts.audit, { batchSize: opts.imports?.batchSize ?? 1000, maxObjectBytes: opts.imports?.maxObjectBytes ?? 16 * 1024 * 1024, maxBytes: opts.bodyLimit });
  eventRoutes(app, new ChangeWatch(opts.store));
  webRoutes(app);
  await app.ready();
  return app;
}
