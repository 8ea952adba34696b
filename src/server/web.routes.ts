// The web app (web/, built by Vite into dist/web) served at `/`. The files are read once at start
// and kept in memory with their gzip form: a few hundred kilobytes. Hashed assets are cached for a
// year; index.html never (it names the current assets). The app's page paths (WEB_PAGES) get
// index.html, and the app's router shows the page. The shell holds no data: everything it shows
// comes from the API, which checks access.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AccordError } from '../stix/index.js';

/** The languages the web app is translated into: the six official languages of the United Nations. */
export const WEB_LANGUAGES = ['en', 'zh', 'ru', 'fr', 'es', 'ar'] as const;
export type WebLanguage = (typeof WEB_LANGUAGES)[number];

/** Where `npm run build` puts the app: dist/web at the package root (this file is in src/server or dist/server). */
export const WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json',
  '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8', '.map': 'application/json',
};
/**
 * The app's pages (web/src/app.tsx): each path, and everything under it (/explorer/<id>), is
 * answered with the shell. Any other path is not the app's: 404, as before the app existed — a
 * typo in an API or TAXII address, or a scanner's probe, never gets a page.
 */
export const WEB_PAGES = ['/account', '/compose', '/import', '/explorer', '/detections', '/infrastructure', '/federation', '/admin'] as const;
const isPage = (path: string): boolean => WEB_PAGES.some((p) => path === p || path.startsWith(`${p}/`));

interface WebFile {
  readonly body: Buffer;
  readonly gzip: Buffer | undefined;
  readonly type: string;
  readonly immutable: boolean;
}

/** Reads the built app into memory; an empty map when it was not built. */
export function loadWebFiles(root: string = WEB_ROOT): Map<string, WebFile> {
  const files = new Map<string, WebFile>();
  if (!existsSync(join(root, 'index.html'))) return files;
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        walk(full);
        continue;
      }
      const url = `/${relative(root, full).split(sep).join('/')}`;
      const body = readFileSync(full);
      const type = TYPES[extname(name)] ?? 'application/octet-stream';
      const compressible = /^(text\/|application\/json|image\/svg)/.test(type) && body.length > 1024;
      files.set(url, { body, gzip: compressible ? gzipSync(body, { level: 9 }) : undefined, type, immutable: url.startsWith('/assets/') });
    }
  };
  walk(root);
  return files;
}

function send(req: FastifyRequest, reply: FastifyReply, file: WebFile): FastifyReply {
  void reply.header('Content-Type', file.type);
  void reply.header('Cache-Control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  void reply.header('Vary', 'Accept-Encoding');
  const gzip = file.gzip !== undefined && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  if (gzip) void reply.header('Content-Encoding', 'gzip');
  return reply.send(gzip ? file.gzip : file.body);
}

export function webRoutes(app: FastifyInstance, files: Map<string, WebFile> = loadWebFiles()): void {
  const index = (): WebFile => {
    const f = files.get('/index.html');
    if (f === undefined) throw new AccordError('unavailable', 'web.not-built', 'the web app is not built on this node: run `npm run build`');
    return f;
  };
  // Not in the OpenAPI document: it describes /api/v1 only.
  const config = { access: 'public' as const, rateLimit: { perMinute: 600 } };
  app.get('/', { config }, (req, reply) => send(req, reply, index()));
  app.get<{ Params: { '*': string } }>('/assets/*', { config }, (req, reply) => {
    const file = files.get(`/assets/${req.params['*']}`);
    if (file === undefined) return reply.callNotFound();
    return send(req, reply, file);
  });
  // The app's pages (/explorer, /explorer/<id>, …): index.html; the router in the page takes over.
  app.get<{ Params: { '*': string } }>('/*', { config }, (req, reply) => {
    const path = `/${req.params['*']}`;
    const file = files.get(path);
    if (file !== undefined) return send(req, reply, file);
    if (!isPage(path)) return reply.callNotFound();
    return send(req, reply, index());
  });
}
