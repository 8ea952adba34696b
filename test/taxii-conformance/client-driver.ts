// The conformance driver over Accord's own TAXII client library (src/taxii/client): every case
// that does not need a hand-built request runs through the library, so that the client and the
// server are each checked against the specification, not merely against each other.
//
// The library hands out resources after checking them (resources.schema.ts) and objects as the
// exact text the server sent; the driver rebuilds the resource a case expects from that. On an
// error status the library throws an AccordError carrying the status and the server's TAXII
// error message; the driver turns it back into a reply. It does not see Content-Type or
// WWW-Authenticate (wireHeaders: false), only the X-TAXII-Date-Added-* values the library exposes.
import { AccordError } from '../../src/stix/index.js';
import {
  TaxiiClient, type ApiRootClient, type ObjectEvent, type PageQuery, type TaxiiErrorMessage,
} from '../../src/taxii/client/index.js';
import type { ConformanceTarget, Filters, Principal, TaxiiDriver, TaxiiReply } from './driver.js';

/** Every client made, so that the test can close their connections. */
const clients = new Set<TaxiiClient>();

/** Closes every client the driver made. */
export function closeClientDrivers(): void {
  for (const c of clients) c.close();
  clients.clear();
}

function pageQuery(filters: Filters = {}): PageQuery {
  const match: Record<string, readonly string[]> = {};
  for (const [field, values] of Object.entries(filters.match ?? {})) if (values !== undefined) match[field] = values;
  return {
    ...(filters.added_after !== undefined ? { addedAfter: filters.added_after } : {}),
    ...(filters.limit !== undefined ? { limit: filters.limit } : {}),
    ...(filters.next !== undefined ? { next: filters.next } : {}),
    ...(Object.keys(match).length > 0 ? { match: match } : {}),
  };
}

/** The TAXII error message resource (§3.6.1) as the server sent it, from what the library parsed. */
function errorResource(m: TaxiiErrorMessage | undefined): Record<string, unknown> | undefined {
  if (m === undefined) return undefined;
  const r: Record<string, unknown> = {
    title: m.title, description: m.description, error_id: m.errorId, error_code: m.errorCode, http_status: m.httpStatus,
    external_details: m.externalDetails, details: m.details,
  };
  for (const k of Object.keys(r)) if (r[k] === undefined) delete r[k];
  return r;
}

function dateHeaders(first: string | undefined, last: string | undefined): Record<string, string> {
  return {
    ...(first !== undefined ? { 'x-taxii-date-added-first': first } : {}),
    ...(last !== undefined ? { 'x-taxii-date-added-last': last } : {}),
  };
}

export class ClientLibraryDriver implements TaxiiDriver {
  readonly wireHeaders = false;
  private readonly client: TaxiiClient;
  private readonly root: ApiRootClient;

  constructor(private readonly target: ConformanceTarget, principal: Principal) {
    this.client = new TaxiiClient({
      ...(principal.kind === 'anonymous' ? {} : { credentials: principal }),
      retry: { attempts: 1 },
      userAgent: 'accord-conformance',
    });
    clients.add(this.client);
    this.root = this.client.apiRoot(new URL(target.apiRootPath, target.origin));
  }

  /** Makes a driver for `principal` on the target (the `Connect` of the client-library suite). */
  static connect(this: void, principal: Principal, target: ConformanceTarget): ClientLibraryDriver {
    return new ClientLibraryDriver(target, principal);
  }

  /** Runs one library call; an error status the library throws becomes the reply it stands for. */
  private async reply(label: string, call: () => Promise<{ status: number; body?: unknown; headers?: Record<string, string> }>): Promise<TaxiiReply> {
    try {
      const r = await call();
      return { status: r.status, headers: r.headers ?? {}, body: r.body, label };
    } catch (e) {
      if (!(e instanceof AccordError) || typeof e.details?.status !== 'number') throw e;
      const status = e.details.status;
      const retryAfter = e.details?.retryAfterSeconds;
      return {
        status, body: errorResource(e.details?.taxiiError as TaxiiErrorMessage | undefined),
        headers: typeof retryAfter === 'number' ? { 'retry-after': String(retryAfter) } : {}, label,
      };
    }
  }

  /** One page of an envelope endpoint, rebuilt as the envelope resource (§3.7). */
  private async envelope(pages: AsyncGenerator<ObjectEvent>): Promise<{ status: number; body: unknown; headers: Record<string, string> }> {
    const objects: unknown[] = [];
    for await (const e of pages) {
      if (e.kind === 'object') objects.push(JSON.parse(e.text));
      else if (e.kind === 'unreadable') throw new Error(`the library could not read an object of the page: ${e.message}`);
      else {
        const body = { more: e.more, ...(e.next !== undefined ? { next: e.next } : {}), ...(objects.length > 0 ? { objects } : {}) };
        return { status: 200, body, headers: dateHeaders(e.dateAddedFirst, e.dateAddedLast) };
      }
    }
    throw new Error('the page ended without its end event');
  }

  discover(): Promise<TaxiiReply> {
    return this.reply('GET /taxii2/', async () => ({ status: 200, body: await this.client.discover(new URL('/taxii2/', this.target.origin)) }));
  }
  apiRoot(): Promise<TaxiiReply> {
    // A fresh handle: info() is fetched once per handle.
    return this.reply('GET api-root', async () => ({ status: 200, body: await this.client.apiRoot(this.root.url).info() }));
  }
  status(statusId: string): Promise<TaxiiReply> {
    return this.reply(`GET status ${statusId}`, async () => ({ status: 200, body: await this.root.status(statusId) }));
  }
  collections(): Promise<TaxiiReply> {
    return this.reply('GET collections', async () => {
      const collections = await this.root.collections();
      return { status: 200, body: collections.length > 0 ? { collections } : {} };
    });
  }
  collection(id: string): Promise<TaxiiReply> {
    return this.reply(`GET collection ${id}`, async () => ({ status: 200, body: await this.root.collection(id).info() }));
  }
  manifest(id: string, filters?: Filters): Promise<TaxiiReply> {
    return this.reply(`GET manifest of ${id}`, async () => {
      const records: unknown[] = [];
      for await (const e of this.root.collection(id).manifest(pageQuery(filters))) {
        if (e.kind === 'record') records.push(e.record);
        else if (e.kind === 'unreadable') throw new Error(`the library could not read a manifest record: ${e.message}`);
        else {
          const body = { more: e.more, ...(e.next !== undefined ? { next: e.next } : {}), ...(records.length > 0 ? { objects: records } : {}) };
          return { status: 200, body, headers: dateHeaders(e.dateAddedFirst, e.dateAddedLast) };
        }
      }
      throw new Error('the manifest page ended without its end event');
    });
  }
  getObjects(id: string, filters?: Filters): Promise<TaxiiReply> {
    return this.reply(`GET objects of ${id}`, () => this.envelope(this.root.collection(id).objects(pageQuery(filters))));
  }
  addObjects(id: string, envelope: unknown): Promise<TaxiiReply> {
    const objects = (envelope as { objects?: unknown[] } | null)?.objects;
    if (!Array.isArray(objects)) throw new Error('the client library adds envelopes of objects only; this case needs a raw driver');
    return this.reply(`POST objects of ${id}`, async () => ({ status: 202, body: await this.root.collection(id).add(objects.map((o) => JSON.stringify(o))) }));
  }
  getObject(id: string, objectId: string, filters?: Filters): Promise<TaxiiReply> {
    return this.reply(`GET object ${objectId}`, () => this.envelope(this.root.collection(id).object(objectId, pageQuery(filters))));
  }
  deleteObject(id: string, objectId: string, filters?: Filters): Promise<TaxiiReply> {
    return this.reply(`DELETE object ${objectId}`, async () => {
      const match = pageQuery(filters).match ?? {};
      await this.root.collection(id).delete(objectId, {
        ...(match.version !== undefined ? { version: match.version } : {}),
        ...(match.spec_version !== undefined ? { spec_version: match.spec_version } : {}),
      });
      return { status: 200 };
    });
  }
  versions(id: string, objectId: string, filters?: Filters): Promise<TaxiiReply> {
    return this.reply(`GET versions of ${objectId}`, async () => {
      const v = await this.root.collection(id).versions(objectId, pageQuery(filters));
      return { status: 200, body: { more: v.more, ...(v.versions.length > 0 ? { versions: v.versions } : {}) }, headers: dateHeaders(v.dateAddedFirst, v.dateAddedLast) };
    });
  }
}
