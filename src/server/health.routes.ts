// Liveness and readiness for load balancers and orchestrators: /healthz says the process
// answers; /readyz says it can do its work (the store answers).
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AccordError, type Store } from '../store/index.js';
import { OPENAPI } from './openapi.js';
import { ProblemSchema } from './problem.schema.js';

const Status = Type.Object({ status: Type.String(), store: Type.Optional(Type.String()) });

export function healthRoutes(app: FastifyInstance, store: Store): void {
  app.get('/healthz', {
    schema: { response: { 200: Status } },
    config: { access: 'public', [OPENAPI]: { summary: 'Liveness: the process answers', tags: ['meta'] } },
  }, () => ({ status: 'ok' }));

  app.get('/readyz', {
    schema: { response: { 200: Status, 503: ProblemSchema } },
    config: { access: 'public', [OPENAPI]: { summary: 'Readiness: the store answers', tags: ['meta'] } },
  }, async () => {
    try {
      await store.ping();
    } catch (e) {
      throw new AccordError('unavailable', 'store.unavailable', `the ${store.kind} store does not answer`, undefined, { cause: e });
    }
    return { status: 'ready', store: store.kind };
  });
}
