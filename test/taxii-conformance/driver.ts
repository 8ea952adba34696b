// The small interface the TAXII 2.1 conformance cases run over. One implementation speaks raw
// HTTP (raw-driver.ts); a TAXII client library implements the same interface so that every
// check runs against it too. A driver is bound to one API root and one principal; a harness
// holds one driver per principal the cases need.
//
// How a client library implements it: each endpoint method calls the library and returns what
// came back as a TaxiiReply — the HTTP status, the response headers the library exposes (at
// least X-TAXII-Date-Added-First / -Last, which paging by added_after needs), and the parsed
// resource as `body`. When the library throws on an error status, the driver catches the error
// and returns its status and error resource in the same shape instead of rethrowing. Filters
// arrive as a structured `Filters` value, which the library maps onto its own query API.
// `wireHeaders` says whether the driver sees the headers exactly as sent (a raw driver does; a
// library that normalises or hides Content-Type and WWW-Authenticate does not, and the cases
// then skip those header checks). `request` is optional: cases that must build a request by hand
// (bad media types, malformed filters, forged cursors, oversized bodies) are marked `raw` and run
// only with a driver that has it.

/** §1.6.8.2, §3.1: the media type and version of every TAXII 2.1 request and response. */
export const TAXII_21 = 'application/taxii+json;version=2.1';

/** What one TAXII exchange returned. */
export interface TaxiiReply {
  readonly status: number;
  /** Response headers with lower-case names (all of them for a raw driver). */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body; undefined when the response has none or it is not JSON. */
  readonly body: unknown;
  /** The body as text when it is not JSON (for messages). */
  readonly text?: string;
  /** What was asked, for failure messages: e.g. `GET /taxii2/accord/collections/`. */
  readonly label: string;
}

/** A match field of §3.4.1. */
export type MatchField = 'id' | 'type' | 'version' | 'spec_version';

/** The URL filtering parameters of §3.4, structured; several values of one field are ORed. */
export interface Filters {
  readonly added_after?: string;
  readonly limit?: number;
  readonly next?: string;
  readonly match?: Readonly<Partial<Record<MatchField, readonly string[]>>>;
}

/** A request built by hand: sent exactly as given, on the driver's server. */
export interface RawRequest {
  readonly method: string;
  /** Path from the server's root, query included, sent byte for byte. */
  readonly path: string;
  /**
   * Headers to send (names case-insensitive). By default the driver sends
   * `Accept: application/taxii+json;version=2.1` and its principal's `Authorization`; a name given
   * here replaces the default, and `null` leaves the header out.
   */
  readonly headers?: Readonly<Record<string, string | null>>;
  readonly body?: string | Uint8Array;
  /** Send the body with chunked transfer encoding (no Content-Length). */
  readonly chunked?: boolean;
}

/** A TAXII 2.1 endpoint surface (§3.1's table), bound to one API root and one principal. */
export interface TaxiiDriver {
  /** True when replies carry the headers exactly as sent (Content-Type, WWW-Authenticate). */
  readonly wireHeaders: boolean;
  /** GET /taxii2/ (§4.1). */
  discover(): Promise<TaxiiReply>;
  /** GET {api-root}/ (§4.2). */
  apiRoot(): Promise<TaxiiReply>;
  /** GET {api-root}/status/{status-id}/ (§4.3). */
  status(statusId: string): Promise<TaxiiReply>;
  /** GET {api-root}/collections/ (§5.1). */
  collections(): Promise<TaxiiReply>;
  /** GET {api-root}/collections/{id}/ (§5.2). */
  collection(id: string): Promise<TaxiiReply>;
  /** GET {api-root}/collections/{id}/manifest/ (§5.3). */
  manifest(id: string, filters?: Filters): Promise<TaxiiReply>;
  /** GET {api-root}/collections/{id}/objects/ (§5.4). */
  getObjects(id: string, filters?: Filters): Promise<TaxiiReply>;
  /** POST {api-root}/collections/{id}/objects/ with an envelope (§5.5). */
  addObjects(id: string, envelope: unknown): Promise<TaxiiReply>;
  /** GET {api-root}/collections/{id}/objects/{object-id}/ (§5.6). */
  getObject(id: string, objectId: string, filters?: Filters): Promise<TaxiiReply>;
  /** DELETE {api-root}/collections/{id}/objects/{object-id}/ (§5.7). */
  deleteObject(id: string, objectId: string, filters?: Filters): Promise<TaxiiReply>;
  /** GET {api-root}/collections/{id}/objects/{object-id}/versions/ (§5.8). */
  versions(id: string, objectId: string, filters?: Filters): Promise<TaxiiReply>;
  /** Sends a request built by hand (only drivers that can; see `raw` cases). */
  request?(req: RawRequest): Promise<TaxiiReply>;
}

/** Who a driver acts as. */
export type Principal =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'bearer'; readonly token: string }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string };

/** A running TAXII server to check, and the principals it knows. */
export interface ConformanceTarget {
  /** The server's origin, e.g. `http://127.0.0.1:43123`. */
  readonly origin: string;
  /** The API root under test, as a path: `/taxii2/accord/`. */
  readonly apiRootPath: string;
  /** May read and write the default collection. */
  readonly writer: Principal;
  /** The same user as `writer`, through HTTP Basic. */
  readonly basicWriter: Principal;
  /** May read the default collection but not write it. */
  readonly reader: Principal;
  /** A known user with a wrong password, through HTTP Basic. */
  readonly wrongPassword: Principal;
  /** A bearer token the server never issued. */
  readonly unknownToken: Principal;
  close(): Promise<void>;
}

/** Everything a case gets: one driver per principal, and the collection under test. */
export interface Harness {
  readonly origin: string;
  readonly apiRootPath: string;
  /** The default collection (the first one the writer may read and write). */
  readonly collectionId: string;
  readonly writer: TaxiiDriver;
  readonly basicWriter: TaxiiDriver;
  readonly reader: TaxiiDriver;
  readonly anonymous: TaxiiDriver;
  readonly wrongPassword: TaxiiDriver;
  readonly unknownToken: TaxiiDriver;
}

/** Makes a driver for a principal on the target's API root. */
export type Connect = (principal: Principal, target: ConformanceTarget) => TaxiiDriver;
