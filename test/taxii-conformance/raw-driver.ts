// A TAXII driver that builds every request by hand with node:http — no client library, no
// defaults it did not choose (node:http sends no User-Agent and no Accept of its own) — and
// hands back the status, every header as sent and the body. Query parameters are percent-encoded
// the way common clients encode them (`match%5Btype%5D=indicator%2Cmalware`); cases that need
// the literal form of the spec's examples send it through `request`.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { TAXII_21, type ConformanceTarget, type Filters, type Principal, type RawRequest, type TaxiiDriver, type TaxiiReply } from './driver.js';

/** The query string (with its `?`) for structured filters, or '' when there are none. */
export function encodeFilters(filters: Filters = {}): string {
  const q = new URLSearchParams();
  for (const [field, values] of Object.entries(filters.match ?? {})) {
    if (values !== undefined) q.append(`match[${field}]`, values.join(','));
  }
  if (filters.added_after !== undefined) q.append('added_after', filters.added_after);
  if (filters.limit !== undefined) q.append('limit', String(filters.limit));
  if (filters.next !== undefined) q.append('next', filters.next);
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}

function authorization(p: Principal): string | undefined {
  switch (p.kind) {
    case 'anonymous': return undefined;
    case 'bearer': return `Bearer ${p.token}`;
    case 'basic': return `Basic ${Buffer.from(`${p.username}:${p.password}`, 'utf8').toString('base64')}`;
  }
}

function flatten(h: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** Sends one request and collects the whole response. */
function send(origin: string, method: string, path: string, headers: Record<string, string>, body: Uint8Array | undefined, chunked: boolean): Promise<TaxiiReply> {
  const url = new URL(origin);
  const label = `${method} ${path}`;
  return new Promise<TaxiiReply>((resolve, reject) => {
    let answered = false;
    const req = httpRequest({
      host: url.hostname, port: url.port, method, path, headers: { ...headers, ...(body !== undefined && !chunked ? { 'content-length': String(body.byteLength) } : {}) },
      // A fresh connection per request: a server that closes a connection mid-body (413) must not
      // poison the next request.
      agent: false,
    }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown;
        let notJson: string | undefined;
        if (text.length > 0) {
          try {
            parsed = JSON.parse(text);
          } catch {
            notJson = text;
          }
        }
        resolve({ status: res.statusCode ?? 0, headers: flatten(res.headers), body: parsed, ...(notJson !== undefined ? { text: notJson } : {}), label });
      });
    });
    req.on('error', (e) => {
      // Writing a body the server has already refused (413) may fail after the answer came.
      if (!answered) reject(e);
    });
    if (body !== undefined && chunked) {
      const step = 64 * 1024;
      for (let i = 0; i < body.byteLength; i += step) req.write(body.subarray(i, i + step));
      req.end();
    } else {
      req.end(body);
    }
  });
}

/** The raw-HTTP driver for one principal on one API root. */
export class RawHttpDriver implements TaxiiDriver {
  readonly wireHeaders = true;
  private readonly auth: string | undefined;

  constructor(private readonly origin: string, private readonly apiRootPath: string, principal: Principal) {
    this.auth = authorization(principal);
  }

  /** Makes a driver for `principal` on the target (the `Connect` of the raw suite). */
  static connect(this: void, principal: Principal, target: ConformanceTarget): RawHttpDriver {
    return new RawHttpDriver(target.origin, target.apiRootPath, principal);
  }

  request(req: RawRequest): Promise<TaxiiReply> {
    const headers: Record<string, string | null> = { accept: TAXII_21 };
    if (this.auth !== undefined) headers.authorization = this.auth;
    for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
    const sent: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers)) if (v !== null) sent[k] = v;
    if (req.chunked === true) sent['transfer-encoding'] = 'chunked';
    const body = typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : req.body;
    return send(this.origin, req.method, req.path, sent, body, req.chunked === true);
  }

  private get(path: string, filters?: Filters): Promise<TaxiiReply> {
    return this.request({ method: 'GET', path: `${path}${encodeFilters(filters)}` });
  }

  private root(...segments: string[]): string {
    return `${this.apiRootPath}${segments.map((s) => `${encodeURIComponent(s)}/`).join('')}`;
  }

  discover(): Promise<TaxiiReply> {
    return this.get('/taxii2/');
  }
  apiRoot(): Promise<TaxiiReply> {
    return this.get(this.apiRootPath);
  }
  status(statusId: string): Promise<TaxiiReply> {
    return this.get(this.root('status', statusId));
  }
  collections(): Promise<TaxiiReply> {
    return this.get(this.root('collections'));
  }
  collection(id: string): Promise<TaxiiReply> {
    return this.get(this.root('collections', id));
  }
  manifest(id: string, filters?: Filters): Promise<TaxiiReply> {
    return this.get(this.root('collections', id, 'manifest'), filters);
  }
  getObjects(id: string, filters?: Filters): Promise<TaxiiReply> {
    return this.get(this.root('collections', id, 'objects'), filters);
  }
  addObjects(id: string, envelope: unknown): Promise<TaxiiReply> {
    return this.request({
      method: 'POST', path: this.root('collections', id, 'objects'),
      headers: { 'content-type': TAXII_21 }, body: JSON.stringify(envelope),
    });
  }
  getObject(id: string, objectId: string, filters?: Filters): Promise<TaxiiReply> {
    return this.get(this.root('collections', id, 'objects', objectId), filters);
  }
  deleteObject(id: string, objectId: string, filters?: Filters): Promise<TaxiiReply> {
    return this.request({ method: 'DELETE', path: `${this.root('collections', id, 'objects', objectId)}${encodeFilters(filters)}` });
  }
  versions(id: string, objectId: string, filters?: Filters): Promise<TaxiiReply> {
    return this.get(this.root('collections', id, 'objects', objectId, 'versions'), filters);
  }
}
