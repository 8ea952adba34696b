// Live updates for the web app: GET /api/v1/events, a server-sent event stream (text/event-stream,
// as the HTML standard defines it). It carries hints, not data: "the store's clock moved",
// "an alert was raised or changed", "a detection alert changed" — marks the page compares with
// what it last saw, before it asks the API again, which applies every access rule. So a stream
// never tells a user more than that something changed, and needs no filtering of its own.
// One watch per process serves every open stream: it reads the marks once a second while
// someone listens, and not at all otherwise.
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/index.js';
import { OPENAPI } from './openapi.js';

/** What changed last, as opaque marks: equal marks mean nothing changed. */
export interface ChangeMarks {
  /** The store's clock: intelligence arrived or was shared. */
  readonly objects: number;
  /** The newest infrastructure alert's id and its number of state changes. */
  readonly alerts: string;
  /** The detection alert changed last, and when. */
  readonly detections: string;
}

type Listener = (marks: ChangeMarks) => void;

const same = (a: ChangeMarks, b: ChangeMarks): boolean => a.objects === b.objects && a.alerts === b.alerts && a.detections === b.detections;

/** Reads the marks once per interval while anyone listens, and tells each listener when they differ from what it last got. */
export class ChangeWatch {
  /** Each listener with the marks it was given last. */
  private readonly listeners = new Map<Listener, ChangeMarks>();
  private timer: NodeJS.Timeout | undefined;
  private reading = false;

  constructor(private readonly store: Store, private readonly intervalMs = 1000) {}

  /** The marks now. */
  async marks(): Promise<ChangeMarks> {
    const [objects, alerts, detections] = await Promise.all([
      this.store.objects.lastAdded(), this.store.alerts.list({ limit: 1 }), this.store.detections.list({ limit: 1 }),
    ]);
    const alert = alerts[0];
    const detection = detections[0];
    return {
      objects,
      alerts: alert === undefined ? '' : `${alert.id}/${alert.changes.length}`,
      detections: detection === undefined ? '' : `${detection.id}/${detection.updatedAt}/${detection.state}`,
    };
  }

  /** Listens from `seen` on (the marks the listener already has). */
  subscribe(seen: ChangeMarks, listener: Listener): () => void {
    this.listeners.set(listener, seen);
    this.timer ??= setInterval(() => void this.tick(), this.intervalMs);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      const now = await this.marks();
      for (const [listener, seen] of this.listeners) {
        if (same(seen, now)) continue;
        this.listeners.set(listener, now);
        listener(now);
      }
    } catch {
      // A store hiccup: the next tick tries again; streams stay open.
    } finally {
      this.reading = false;
    }
  }
}

/** One server-sent event: its name and its JSON data on one line. */
export function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function eventRoutes(app: FastifyInstance, watch: ChangeWatch, options: { readonly heartbeatMs?: number } = {}): void {
  const open = new Set<ServerResponse>();
  // Streams never end by themselves: close them before the server waits for its connections.
  app.addHook('preClose', (done) => {
    for (const res of open) res.end();
    watch.stop();
    done();
  });
  app.get('/api/v1/events', {
    config: {
      access: 'signed-in', rateLimit: { perMinute: 60 },
      [OPENAPI]: {
        summary: 'Live change notices (server-sent events)', tags: ['live'],
        description: 'A text/event-stream. `event: marks` first and whenever something changed, with `data` {objects, alerts, detections}: opaque marks to compare with the last ones seen, then ask the API again. A comment line every 25 seconds keeps proxies from closing the stream.',
      },
    },
  }, async (_req, reply) => {
    const first = await watch.marks();
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      // Cache-Control: no-store comes with every /api/ answer (headers.ts).
      'Content-Type': 'text/event-stream; charset=utf-8',
      'X-Accel-Buffering': 'no',
    });
    res.write(`retry: 5000\n\n${sse('marks', first)}`);
    open.add(res);
    const unsubscribe = watch.subscribe(first, (marks) => res.write(sse('marks', marks)));
    const heartbeat = setInterval(() => res.write(': ping\n\n'), options.heartbeatMs ?? 25_000);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      open.delete(res);
    });
  });
}
