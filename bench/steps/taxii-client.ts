// A TAXII client load generator, run as its own process by bench/taxii.bench.ts.
//   page  URL TOKEN CLIENTS LIMIT [STARTS]   CLIENTS clients page a collection's objects (match[version]=all);
//                                            with STARTS (a JSON file of added_after values, one per client plus the
//                                            end), client i reads from STARTS[i] up to STARTS[i+1]; with env
//                                            PASSES=N, one client pages through N times and only the passes after
//                                            the first (warm) are reported
//   post  URL TOKEN CLIENTS FILE             CLIENTS clients POST the envelopes of FILE (one JSON envelope per line)
// Prints one JSON line: objects, requests, seconds, per-request latencies (ms) and, for `page`,
// the X-TAXII-Date-Added-Last of every page (to partition the collection for concurrent clients).
// Keeps client work small, so that the server is what is measured: a page's `more`/`next` are read
// from the start of the body (the server writes them first) and its objects counted only on the
// last page of each client; every 50th page is parsed in full as a check.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

const [mode, base, token, clientsArg, fourth, fifth] = process.argv.slice(2) as [string, string, string, string, string, string | undefined];
const clients = Number(clientsArg);
const agent = new Agent({ keepAlive: true, maxSockets: clients });
const url = new URL(base);
const TAXII = 'application/taxii+json;version=2.1';

function send(method: string, path: string, body?: Buffer): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({
      agent, host: url.hostname, port: url.port, path, method,
      headers: { authorization: `Bearer ${token}`, accept: TAXII, ...(body !== undefined ? { 'content-type': TAXII, 'content-length': body.length } : {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const latencies: number[] = [];
let objects = 0;
let requests = 0;

async function pageClient(path: string, limit: number, start: string | undefined, end: string | undefined, dates: string[] | undefined): Promise<void> {
  if (start !== undefined && end !== undefined && start >= end) return; // an empty share of the collection
  let next: string | undefined;
  for (let n = 0; ; n++) {
    const q = [`match[version]=all`, `limit=${limit}`, ...(start !== undefined ? [`added_after=${start}`] : []), ...(next !== undefined ? [`next=${encodeURIComponent(next)}`] : [])];
    const t = performance.now();
    const r = await send('GET', `${path}?${q.join('&')}`);
    latencies.push(performance.now() - t);
    requests++;
    if (r.status !== 200) throw new Error(`GET ${path}: HTTP ${r.status} ${r.body.toString('utf8', 0, 300)}`);
    const head = r.body.toString('utf8', 0, 300);
    const more = head.startsWith('{"more":true');
    const last = String(r.headers['x-taxii-date-added-last'] ?? '');
    dates?.push(last);
    const reachedEnd = end !== undefined && last >= end;
    if (!more || reachedEnd || n % 50 === 0) {
      const env = JSON.parse(r.body.toString('utf8')) as { objects?: { id: string }[]; more?: boolean };
      const items = env.objects ?? [];
      if (more && items.length !== limit) throw new Error(`a page with more=true held ${items.length} objects, not ${limit}`);
      if (!more || reachedEnd) {
        objects += items.length;
        return;
      }
    }
    objects += limit;
    next = /^\{"more":true,"next":"([^"]+)"/.exec(head)?.[1];
    if (next === undefined) throw new Error(`no next in ${head}`);
  }
}

let started = performance.now();
const out: Record<string, unknown> = {};
if (mode === 'page') {
  const limit = Number(fourth);
  const starts = fifth !== undefined ? (JSON.parse(readFileSync(fifth, 'utf8')) as (string | null)[]) : undefined;
  const dates: string[] = [];
  const passes = Number(process.env.PASSES ?? '1');
  if (passes > 1) {
    await pageClient(url.pathname, limit, undefined, undefined, undefined);
    latencies.length = 0;
    objects = 0;
    requests = 0;
    started = performance.now();
    for (let p = 1; p < passes; p++) await pageClient(url.pathname, limit, undefined, undefined, undefined);
  } else {
    await Promise.all(Array.from({ length: clients }, (_, i) => pageClient(url.pathname, limit, starts?.[i] ?? undefined, starts?.[i + 1] ?? undefined, clients === 1 ? dates : undefined)));
  }
  if (clients === 1) out.dates = dates;
} else {
  const lines = readFileSync(fourth, 'utf8').trim().split('\n').map((l) => Buffer.from(l));
  let i = 0;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (i < lines.length) {
      const body = lines[i++] as Buffer;
      const t = performance.now();
      const r = await send('POST', url.pathname, body);
      latencies.push(performance.now() - t);
      requests++;
      if (r.status !== 202) throw new Error(`POST: HTTP ${r.status} ${r.body.toString('utf8', 0, 300)}`);
      const s = JSON.parse(r.body.toString('utf8')) as { success_count: number; failure_count: number };
      if (s.failure_count > 0) throw new Error(`POST: ${s.failure_count} objects failed`);
      objects += s.success_count;
    }
  }));
}
const seconds = (performance.now() - started) / 1000;
agent.destroy();
console.log(JSON.stringify({ objects, requests, seconds, latencies, ...out }));
