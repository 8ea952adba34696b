// GET /metrics: the node's operational metrics for Prometheus (text format 0.0.4, see
// prometheus.ts), behind the `metrics:read` permission (admin and observer roles; Prometheus
// sends `Authorization: Bearer <API token>`). Three sources:
//   - HTTP: every response is counted by method, route pattern and status, and timed by method and
//     route, in an onResponse hook. The route label is the pattern Fastify matched
//     (`/api/v1/objects/:id`), never the URL, and `unmatched` for 404s without a route, so the
//     number of series stays bounded whatever clients ask for;
//   - peers: each peer's sync status, read from the store when scraped (as GET /api/v1/peers);
//   - share records: how many this process verified, with how many Ed25519 verifications, in how long;
//   - the process: memory, CPU, open files, event-loop delay, start time, version.
// No stored-object count: the stores can only count by scanning, which a scrape every 15 s on
// millions of objects must not do (`accord stats` counts on demand).
import { readdir, readFile } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import type { PeerSyncStatus } from '../federation/index.js';
import { shareVerificationStats } from '../sharing/index.js';
import { OPENAPI } from './openapi.js';
import type { PeerStatusSource } from './peers.routes.js';
import { Counter, ExpositionWriter, Histogram, PROMETHEUS_CONTENT_TYPE, type Sample } from './prometheus.js';

export interface MetricsOptions {
  /** The version the node runs (accord_build_info). */
  readonly version: string;
  /** Sync status of the peer nodes; absent: the node has no peers. */
  readonly peerStatus?: Pick<PeerStatusSource, 'statuses'>;
}

/** Request duration buckets, in seconds: API calls take milliseconds, large TAXII pages and imports up to minutes. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
/** Event-loop delay is sampled every this many milliseconds; the sampling interval is not delay, so it is taken off. */
const EVENT_LOOP_RESOLUTION_MS = 10;

/** One number per peer, or null to leave the peer's series out (unknown, never happened). */
interface PeerMetric {
  readonly name: string;
  readonly type: 'gauge' | 'counter';
  readonly help: string;
  readonly value: (s: PeerSyncStatus) => number | null;
}

const seconds = (iso: string | null): number | null => {
  const ms = iso === null ? NaN : Date.parse(iso);
  return Number.isNaN(ms) ? null : ms / 1000;
};

const PEER_METRICS: readonly PeerMetric[] = [
  { name: 'accord_peer_up', type: 'gauge', help: '1 when the last pull from the peer succeeded, 0 when it failed or none was made yet', value: (s) => (s.lastSuccess !== null && s.failures === 0 ? 1 : 0) },
  { name: 'accord_peer_last_attempt_timestamp_seconds', type: 'gauge', help: 'When the last pull from the peer started (absent: never)', value: (s) => seconds(s.lastAttempt) },
  { name: 'accord_peer_last_success_timestamp_seconds', type: 'gauge', help: 'When the last successful pull from the peer started (absent: never)', value: (s) => seconds(s.lastSuccess) },
  { name: 'accord_peer_lag_seconds', type: 'gauge', help: 'Seconds since this node last held everything the peer offered it (absent: unknown, the last pull did not read to the end)', value: (s) => s.lagSeconds },
  { name: 'accord_peer_caught_up', type: 'gauge', help: '1 when the last successful pull read everything the peer offered', value: (s) => (s.caughtUp ? 1 : 0) },
  { name: 'accord_peer_pull_failures', type: 'gauge', help: 'Failed pulls from the peer since the last successful one', value: (s) => s.failures },
  { name: 'accord_peer_objects_received_total', type: 'counter', help: 'Elements received from the peer by pulls (objects and share records)', value: (s) => s.objectsReceived },
  { name: 'accord_peer_records_received_total', type: 'counter', help: 'Share records received from the peer by pulls', value: (s) => s.recordsReceived },
  { name: 'accord_peer_accepted_total', type: 'counter', help: 'Elements received from the peer by pulls and stored', value: (s) => s.accepted },
  { name: 'accord_peer_quarantined_total', type: 'counter', help: 'Elements received from the peer by pulls and held back (quarantined)', value: (s) => s.quarantined },
  { name: 'accord_peer_pushed_total', type: 'counter', help: 'Objects and share records pushed to the peer and accepted by it', value: (s) => s.pushed },
  { name: 'accord_peer_push_failures', type: 'gauge', help: 'Failed pushes to the peer since the last accepted one', value: (s) => s.pushFailures },
  { name: 'accord_peer_last_push_timestamp_seconds', type: 'gauge', help: 'When the peer last accepted a push (absent: never)', value: (s) => seconds(s.lastPush) },
];

/** Writes the peer families, each with one series per peer that has a value. */
function writePeers(w: ExpositionWriter, statuses: readonly PeerSyncStatus[]): void {
  for (const m of PEER_METRICS) {
    const samples: Sample[] = [];
    for (const s of statuses) {
      const value = m.value(s);
      if (value !== null) samples.push({ labels: { member: s.memberId, name: s.name }, value });
    }
    if (m.type === 'counter') w.counter(m.name, m.help, samples);
    else w.gauge(m.name, m.help, samples);
  }
}

/** Open file descriptors and their limit, on Linux (/proc); undefined elsewhere. */
async function fileDescriptors(): Promise<{ open: number; max: number | undefined } | undefined> {
  try {
    const open = (await readdir('/proc/self/fd')).length - 1; // readdir's own descriptor is listed too
    const limits = await readFile('/proc/self/limits', 'utf8').catch(() => '');
    const max = /^Max open files\s+(\d+)/m.exec(limits)?.[1];
    return { open, max: max !== undefined ? Number(max) : undefined };
  } catch {
    return undefined;
  }
}

/** Counts and times every response (a root hook: every route's, and the 404 handler's), and serves GET /metrics. */
export function metricsRoutes(app: FastifyInstance, options: MetricsOptions): void {
  const requests = new Counter('accord_http_requests_total', 'HTTP responses sent, by method, route pattern and status', ['method', 'route', 'status']);
  const duration = new Histogram('accord_http_request_duration_seconds', 'Time from receiving a request to sending its response, by method and route pattern', ['method', 'route'], DURATION_BUCKETS);
  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    duration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
    done();
  });

  const eventLoop = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
  eventLoop.enable();
  app.addHook('onClose', (_app, done) => {
    eventLoop.disable();
    done();
  });
  const startTime = Math.round(Date.now() / 1000 - process.uptime());

  app.get('/metrics', {
    config: {
      access: 'metrics:read', rateLimit: { perMinute: 60, burst: 15 },
      [OPENAPI]: { summary: 'Operational metrics in the Prometheus text format 0.0.4', description: 'Content-Type text/plain; version=0.0.4. See docs/operations.md, "Metrics (Prometheus)".', tags: ['meta'] },
    },
  }, async (req, reply) => {
    const w = new ExpositionWriter();
    w.gauge('accord_build_info', 'The Accord version this node runs (always 1)', [{ labels: { version: options.version, nodejs: process.version }, value: 1 }]);
    let statuses: readonly PeerSyncStatus[] = [];
    let peersOk = 1;
    try {
      statuses = options.peerStatus !== undefined ? await options.peerStatus.statuses() : [];
    } catch (e) {
      peersOk = 0; // the other metrics still say how the process is
      req.log.warn({ err: e }, 'metrics: peer status unavailable');
    }
    w.gauge('accord_scrape_collector_success', '1 when this part of the metrics could be read for this scrape', [{ labels: { collector: 'peers' }, value: peersOk }]);
    w.gauge('accord_peers', 'Peer nodes this node syncs with', peersOk === 1 ? [{ value: statuses.length }] : []);
    writePeers(w, statuses);
    requests.writeTo(w);
    duration.writeTo(w);
    // What checking the share records that peers sent cost this process (docs/decisions/0015).
    const verified = shareVerificationStats();
    w.counter('accord_share_records_verified_total', 'Share records whose signature this process checked (received from peers, or read back after signing)', [{ value: verified.records }]);
    w.counter('accord_share_signature_verifications_total', 'Ed25519 verifications made for those records (one per batch root not yet seen, one per singly signed record)', [{ value: verified.signatures }]);
    w.counter('accord_share_signature_verify_seconds_total', 'Time spent in those Ed25519 verifications, in seconds', [{ value: verified.seconds }]);

    w.gauge('process_start_time_seconds', 'Start time of the process since the Unix epoch, in seconds', [{ value: startTime }]);
    const cpu = process.cpuUsage();
    w.counter('process_cpu_seconds_total', 'User and system CPU time spent, in seconds', [{ value: (cpu.user + cpu.system) / 1e6 }]);
    w.gauge('process_resident_memory_bytes', 'Resident memory size, in bytes', [{ value: process.memoryUsage.rss() }]);
    const fds = await fileDescriptors();
    if (fds !== undefined) {
      w.gauge('process_open_fds', 'Open file descriptors', [{ value: fds.open }]);
      if (fds.max !== undefined) w.gauge('process_max_fds', 'The limit of open file descriptors', [{ value: fds.max }]);
    }
    // Event-loop delay since the previous scrape (the histogram restarts after each), less the sampling interval.
    if (eventLoop.count > 0) {
      const lag = (ns: number): number => Math.max(0, ns / 1e6 - EVENT_LOOP_RESOLUTION_MS) / 1000;
      w.gauge('nodejs_eventloop_lag_seconds', 'Mean event-loop delay since the previous scrape, in seconds', [{ value: lag(eventLoop.mean) }]);
      w.gauge('nodejs_eventloop_lag_p99_seconds', '99th percentile of the event-loop delay since the previous scrape, in seconds', [{ value: lag(eventLoop.percentile(99)) }]);
      w.gauge('nodejs_eventloop_lag_max_seconds', 'Longest event-loop delay since the previous scrape, in seconds', [{ value: lag(eventLoop.max) }]);
      eventLoop.reset();
    }
    return reply.header('Content-Type', PROMETHEUS_CONTENT_TYPE).header('Cache-Control', 'no-store').send(w.text());
  });
}
