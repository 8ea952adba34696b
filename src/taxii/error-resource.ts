// The TAXII error message resource (§3.6.1). The server's one error handler decides the status,
// the stable code and the text of every failure; for requests under /taxii2/ it answers with this
// resource instead of a problem-details body, with the TAXII media type (§4–5: every failure
// response of a TAXII endpoint carries Content-Type application/taxii+json;version=2.1 and an error).

/** What the error handler knows about a failure. */
export interface TaxiiFailure {
  readonly status: number;
  /** Short human title, e.g. "Not Found". */
  readonly title: string;
  readonly description: string;
  /** Accord's stable error code, e.g. `taxii.bad-filter`. */
  readonly code: string;
  /** The request id, which operators find in the logs. */
  readonly requestId: string;
  /** Request validation findings, if any. */
  readonly errors?: readonly { readonly location?: string; readonly message: string }[];
}

/** §3.6.1: every property a string except `details` (a dictionary); `http_status` equals the HTTP status. */
export interface TaxiiErrorResource {
  readonly title: string;
  readonly description: string;
  readonly error_id: string;
  readonly error_code: string;
  readonly http_status: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** True for the paths TAXII owns (discovery and every API root below it). */
export function isTaxiiPath(url: string): boolean {
  return url === '/taxii2' || url.startsWith('/taxii2/') || url.startsWith('/taxii2?');
}

/** Builds the error message resource of a failure. */
export function taxiiErrorResource(f: TaxiiFailure): TaxiiErrorResource {
  return {
    title: f.title,
    description: f.description,
    error_id: f.requestId,
    error_code: f.code,
    http_status: String(f.status),
    ...(f.errors !== undefined && f.errors.length > 0 ? { details: { errors: f.errors } } : {}),
  };
}
