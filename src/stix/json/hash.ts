// Content hashes: the SHA-256 of an object's RFC 8785 canonical JSON, as UTF-8 bytes, in
// lowercase hex. This is the value share records sign and peers compare (ARCHITECTURE.md,
// decision 4), so it is computed in one place only.

import { createHash } from 'node:crypto';
import { canonicalize } from './canonical.js';

/** Lowercase hex SHA-256 of the UTF-8 bytes of `canonicalText` (text from canonicalize). */
export function contentHash(canonicalText: string): string {
  return createHash('sha256').update(canonicalText, 'utf8').digest('hex');
}

/** The canonical text of `value` and its content hash; throws JsonError like canonicalize. */
export function canonicalHash(value: unknown): { canonical: string; hash: string } {
  const canonical = canonicalize(value);
  return { canonical, hash: contentHash(canonical) };
}
