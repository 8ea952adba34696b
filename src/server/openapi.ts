// The OpenAPI 3.1 document, generated from the routes themselves: every route under /api/v1
// registers its JSON Schemas with Fastify (which validates requests against them), and this
// module turns the same schemas into the published contract. One source, no drift.
import type { FastifyInstance, RouteOptions } from 'fastify';

/** What a route tells the OpenAPI document about itself (route config `openapi`). */
export interface Doc {
  readonly summary?: string;
  readonly description?: string;
  readonly tags?: readonly string[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    openapi?: Doc;
  }
}
type Schema = Record<string, unknown>;
interface Collected {
  readonly method: string;
  readonly url: string;
  readonly doc: Doc;
  readonly schema: { querystring?: Schema; params?: Schema; body?: Schema; response?: Record<string, Schema> };
}

/** Route config key under which a route carries its OpenAPI summary. */
export const OPENAPI = 'openapi' as const;

function stripSymbols<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function parameters(schema: Schema | undefined, where: 'query' | 'path'): unknown[] {
  if (schema === undefined) return [];
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => ({
    name, in: where, required: where === 'path' || required.has(name),
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
    schema: stripSymbols(s),
  }));
}

/** Collects routes as they are registered and serves the document at `path`. */
export function installOpenApi(app: FastifyInstance, path: string, info: { title: string; version: string; description: string }): void {
  const routes: Collected[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const config = route.config as Record<string, unknown> | undefined;
    const doc = config?.[OPENAPI] as Doc | undefined;
    if (doc === undefined) return;
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routes.push({ method: method.toLowerCase(), url: route.url, doc, schema: (route.schema ?? {}) as Collected['schema'] });
    }
  });
  let cached: string | undefined;
  app.get(path, { config: { access: 'public', [OPENAPI]: { summary: 'This OpenAPI document', tags: ['meta'] } } }, async (_req, reply) => {
    cached ??= JSON.stringify(build(routes, info));
    return reply.type('application/json; charset=utf-8').send(cached);
  });
}

function build(routes: readonly Collected[], info: { title: string; version: string; description: string }): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const url = r.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    const responses: Record<string, unknown> = {};
    for (const [status, s] of Object.entries(r.schema.response ?? {})) {
      const media = typeof s['x-media-type'] === 'string' ? s['x-media-type'] : status.startsWith('2') ? 'application/json' : 'application/problem+json';
      responses[status] = { description: typeof s.description === 'string' ? s.description : `HTTP ${status}`, content: { [media]: { schema: stripSymbols(s) } } };
    }
    if (Object.keys(responses).length === 0) responses['200'] = { description: 'OK' };
    (paths[url] ??= {})[r.method] = {
      ...(r.doc.summary !== undefined ? { summary: r.doc.summary } : {}),
      ...(r.doc.description !== undefined ? { description: r.doc.description } : {}),
      ...(r.doc.tags !== undefined ? { tags: r.doc.tags } : {}),
      parameters: [...parameters(r.schema.params, 'path'), ...parameters(r.schema.querystring, 'query')],
      ...(r.schema.body !== undefined ? { requestBody: { required: true, content: { 'application/json': { schema: stripSymbols(r.schema.body) } } } } : {}),
      responses,
    };
  }
  return { openapi: '3.1.0', info, paths };
}
