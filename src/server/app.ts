// Assembles the node's HTTP application: error mapping, request ids, the OpenAPI document and
// the routes of each area. It binds nothing itself; `accord serve` decides where to listen.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Store } from '../store/index.js';
import { installErrorHandling } from './errors.js';
import { healthRoutes } from './health.routes.js';
import { objectRoutes } from './objects.routes.js';
import { installOpenApi } from './openapi.js';

export interface AppOptions {
  readonly store: Store;
  readonly logger: Logger;
  readonly bodyLimit: number;
  readonly version: string;
}

/** Builds the Fastify app for one node (not yet listening). */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  // Typed as Fastify's logger interface so the app's type does not depend on pino's generics.
  const log: FastifyBaseLogger = opts.logger.child({ cat: 'http' });
  const app = Fastify({
    loggerInstance: log,
    bodyLimit: opts.bodyLimit,
    genReqId: () => randomUUID(),
    return503OnClosing: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: true } },
  });
  app.addHook('onRequest', async (req, reply) => {
    void reply.header('X-Request-Id', req.id);
  });
  installErrorHandling(app);
  installOpenApi(app, '/api/v1/openapi.json', {
    title: 'Accord node API',
    version: opts.version,
    description: 'The platform API of one Accord member node. TAXII 2.1 is served separately at /taxii2/.',
  });
  healthRoutes(app, opts.store);
  objectRoutes(app, opts.store);
  await app.ready();
  return app;
}
