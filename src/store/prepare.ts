// From a parsed, validated STIX object to what the store keeps and indexes. The object itself
// is kept exactly as received (its canonical JSON); only the index columns are derived here.
import { canonicalHash } from '../stix/index.js';
import type { PreparedObject } from './port.js';

type Json = Readonly<Record<string, unknown>>;

/** Top-level string properties worth finding by full-text search, across SDOs and SCOs. */
const TEXT_PROPERTIES = [
  'name', 'description', 'pattern', 'value', 'path', 'key', 'subject', 'account_login', 'user_id',
  'display_name', 'cpe', 'vendor', 'abstract', 'content', 'explanation', 'opinion', 'context',
] as const;
/** Top-level string-list properties worth searching. */
const TEXT_LIST_PROPERTIES = ['aliases', 'goals', 'authors', 'roles', 'sectors'] as const;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The text the full-text index covers for one object. */
export function searchText(obj: Json): string {
  const parts: string[] = [];
  for (const p of TEXT_PROPERTIES) {
    const v = obj[p];
    if (typeof v === 'string') parts.push(v);
    else if (typeof v === 'number') parts.push(String(v));
  }
  for (const p of TEXT_LIST_PROPERTIES) parts.push(...strings(obj[p]));
  const hashes = obj.hashes;
  if (hashes !== null && typeof hashes === 'object') {
    for (const h of Object.values(hashes)) if (typeof h === 'string') parts.push(h);
  }
  if (Array.isArray(obj.external_references)) {
    for (const ref of obj.external_references as unknown[]) {
      const id = (ref as { external_id?: unknown } | null)?.external_id;
      if (typeof id === 'string') parts.push(id);
    }
  }
  return parts.join('\n');
}

/**
 * Prepares a validated object for the store. Pass `canonical` when the caller already has the
 * canonical text and hash (the importer computes them once); otherwise they are computed here.
 */
export function prepareObject(obj: Json, canonical?: { readonly canonical: string; readonly hash: string }): PreparedObject {
  const c = canonical ?? canonicalHash(obj);
  const modified = typeof obj.modified === 'string' ? obj.modified : undefined;
  const created = typeof obj.created === 'string' ? obj.created : undefined;
  const markings = strings(obj.object_marking_refs);
  return {
    id: String(obj.id),
    type: String(obj.type),
    specVersion: typeof obj.spec_version === 'string' ? obj.spec_version : '2.1',
    version: modified ?? created ?? null,
    revoked: obj.revoked === true,
    createdByRef: typeof obj.created_by_ref === 'string' ? obj.created_by_ref : null,
    labels: strings(obj.labels),
    markings,
    searchText: searchText(obj),
    hash: c.hash,
    json: c.canonical,
  };
}
