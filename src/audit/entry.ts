// How an audit entry is sealed: its hash covers every stored field and the previous entry's hash.
//
//   hash = hex SHA-256( "accord-audit-entry-v1" || 0x00 || JCS({action, actor, at, details,
//                                                               outcome, prevHash, seq, target}) )
//
// JCS is RFC 8785. The object always has these eight members, so its canonical form is written
// here directly, members already in §3.2.3 order (UTF-16 order of the names), instead of through
// the generic canonicaliser: verification must hash ≥ 100,000 entries a second, so the per-entry
// cost must stay around a microsecond. entry.test.ts checks this function against the generic
// RFC 8785 canonicaliser on random entries.
//   - Strings follow §3.2.2.2, which is exactly JSON.stringify for a well-formed string (lone
//     surrogates are refused when an entry is recorded, details.ts). Strings that need no
//     escaping, the common case, are copied between quotes.
//   - `seq` is a positive safe integer, which §3.2.2.3 writes as its decimal digits.
//   - `details` is the canonical JSON text of the details object, hashed as a JSON string: what is
//     hashed is exactly the text that is stored, and no value of one field can masquerade as the
//     boundary of another.
// The label in front (the same 0x00-separated convention as the node's signatures, trust/signing)
// keeps an entry hash from ever being mistaken for the hash of another kind of Accord message.
import { createHash, hash as oneShotHash } from 'node:crypto';
import type { AuditEntry } from '../store/index.js';

/** The hash an entry's first predecessor is taken to have: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** The label every entry hash starts with (versioned: a new layout gets a new label). */
export const ENTRY_HASH_LABEL = 'accord-audit-entry-v1';
const PREFIX = `${ENTRY_HASH_LABEL}\u0000`;

/** An entry before it is sealed: every stored field but its own hash. */
export type UnsealedEntry = Omit<AuditEntry, 'hash'>;

// Characters §3.2.2.2 escapes; everything else (including non-ASCII and U+2028) is literal.
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;

function str(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

/** The RFC 8785 canonical JSON of an entry's hashed fields. */
export function canonicalEntry(e: UnsealedEntry): string {
  return `{"action":${str(e.action)},"actor":${str(e.actor)},"at":${str(e.at)},"details":${str(e.details)},"outcome":${str(e.outcome)},"prevHash":${str(e.prevHash)},"seq":${e.seq},"target":${e.target === null ? 'null' : str(e.target)}}`;
}

// crypto.hash (Node ≥ 20.12) skips building a Hash object per call: about twice as fast here.
const sha256hex: (text: string) => string = typeof oneShotHash === 'function'
  ? (text) => oneShotHash('sha256', text, 'hex')
  : (text) => createHash('sha256').update(text).digest('hex');

/** The hash that seals an entry (lowercase hex SHA-256). */
export function entryHash(e: UnsealedEntry): string {
  return sha256hex(PREFIX + canonicalEntry(e));
}
