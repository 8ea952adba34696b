// A loopback HTTP proxy that misbehaves on purpose, between a client and a real node: it delays,
// drops (closes the connection without an answer), truncates a body and closes, cuts the
// connection mid-body at a random point, corrupts bytes of a body, duplicates (answers a request
// with the previous answer of the same endpoint, whatever its query: a stale page) and reorders
// (holds an answer back so that later ones overtake it). Faults are drawn from a seeded
// generator, so a failing run can be replayed with its seed. Used by federation and hardening
// tests; listens on 127.0.0.1 only and is closed by the test.
import { request as httpRequest, createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Rng } from './factories.js';

export interface FaultPlan {
  /** Extra delay of every answer, uniformly in [min, max] ms. */
  readonly delayMs?: readonly [number, number];
  /** Probabilities per answer (checked in this order; at most one fault per answer). */
  readonly drop?: number;
  readonly truncate?: number;
  readonly cut?: number;
  readonly corrupt?: number;
  readonly duplicate?: number;
  /** Probability that an answer is held back by up to `reorderMs` so that later ones overtake it. */
  readonly reorder?: number;
  readonly reorderMs?: number;
  /** Only answers with a body at least this long are truncated, cut or corrupted (default 1). */
  readonly minBody?: number;
  /** Faults apply only to requests whose path matches (default: all). */
  readonly only?: RegExp;
}

export type FaultKind = 'drop' | 'truncate' | 'cut' | 'corrupt' | 'duplicate' | 'reorder' | 'clean';

export interface FaultProxy {
  /** The proxy's origin, e.g. http://127.0.0.1:40123. */
  readonly url: string;
  /** How many answers got each fault so far. */
  readonly stats: Readonly<Record<FaultKind, number>>;
  /** Requests forwarded upstream. */
  readonly forwarded: number;
  setPlan(plan: FaultPlan): void;
  close(): Promise<void>;
}


interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer']);

function forward(target: URL, method: string, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const out: IncomingHttpHeaders = {};
    for (const [k, v] of Object.entries(headers)) if (!HOP_BY_HOP.has(k) && k !== 'host') out[k] = v;
    const req = httpRequest({ host: target.hostname, port: target.port, method, path, headers: { ...out, host: target.host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Starts a proxy to `target` (a node's origin) on a free loopback port. */
export async function startFaultProxy(target: string, plan: FaultPlan, seed = 1): Promise<FaultProxy> {
  const upstream = new URL(target);
  const generator = new Rng(seed);
  const random = (): number => generator.next();
  let current = plan;
  let forwarded = 0;
  const stats: Record<FaultKind, number> = { drop: 0, truncate: 0, cut: 0, corrupt: 0, duplicate: 0, reorder: 0, clean: 0 };
  const previous = new Map<string, Answer>();
  const sockets = new Set<Socket>();
  const between = (range: readonly [number, number] | undefined): number => (range === undefined ? 0 : range[0] + random() * (range[1] - range[0]));

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const path = req.url ?? '/';
        // A stale answer is one for the same endpoint, whatever the query: an earlier page.
        const endpoint = `${req.method} ${path.split('?')[0]}`;
        let answer: Answer;
        try {
          forwarded++;
          answer = await forward(upstream, req.method ?? 'GET', path, req.headers, Buffer.concat(chunks));
        } catch {
          res.destroy();
          return;
        }
        const p = current;
        const applies = p.only === undefined || p.only.test(path);
        const big = answer.body.length >= (p.minBody ?? 1);
        let fault: FaultKind = 'clean';
        if (applies) {
          if (random() < (p.drop ?? 0)) fault = 'drop';
          else if (big && random() < (p.truncate ?? 0)) fault = 'truncate';
          else if (big && random() < (p.cut ?? 0)) fault = 'cut';
          else if (big && random() < (p.corrupt ?? 0)) fault = 'corrupt';
          else if (previous.has(endpoint) && random() < (p.duplicate ?? 0)) fault = 'duplicate';
          else if (random() < (p.reorder ?? 0)) fault = 'reorder';
        }
        stats[fault]++;
        const stale = previous.get(endpoint);
        previous.set(endpoint, answer);
        await new Promise((r) => setTimeout(r, between(p.delayMs) + (fault === 'reorder' ? random() * (p.reorderMs ?? 200) : 0)));
        if (fault === 'drop') {
          res.socket?.destroy();
          return;
        }
        const sent = fault === 'duplicate' && stale !== undefined ? stale : answer;
        let body = sent.body;
        if (fault === 'corrupt') {
          body = Buffer.from(body);
          for (let i = 0; i < 3; i++) {
            const at = Math.floor(random() * body.length);
            body[at] = (body[at] as number) ^ (1 << Math.floor(random() * 7));
          }
        }
        const headers: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(sent.headers)) if (v !== undefined && !HOP_BY_HOP.has(k) && k !== 'content-length') headers[k] = v;
        res.writeHead(sent.status, { ...headers, 'content-length': String(body.length) });
        if (fault === 'truncate' || fault === 'cut') {
          // Truncate: half of the body; cut: anywhere in it. Then the connection goes, as a crash would.
          const at = fault === 'truncate' ? Math.floor(body.length / 2) : Math.floor(random() * body.length);
          res.write(body.subarray(0, at), () => res.socket?.destroy());
          return;
        }
        res.end(body);
      })();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    get forwarded() {
      return forwarded;
    },
    setPlan(p) {
      current = p;
    },
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
