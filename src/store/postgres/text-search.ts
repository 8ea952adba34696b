// Full-text search on PostgreSQL with the same meaning as SQLite's FTS5 index (unicode61
// tokenizer, diacritics removed): a token is a run of letters, digits and combining marks;
// everything else separates tokens; case and Latin diacritics do not matter; each search term
// must appear as a phrase of its tokens, and a trailing `*` makes its last token a prefix.
//
// The tokens are cut here, in Node, for both the stored tsvector and the tsquery, and handed to
// PostgreSQL as tsvector / tsquery literals. That is what the 'simple' text-search
// configuration would do (lowercase, no stemming, no stop words: members write in many
// languages) without PostgreSQL's default parser, which reads `evil-relay.example.net` as one
// `host` token (a search for `example.net` would then miss it; FTS5 finds it) and splits
// `3e5x` into `3e5` + `x`. One tokeniser on both sides cannot disagree with itself. It is also
// about twice as cheap for the server as to_tsvector(), which matters: put() holds the
// date_added lock while the server indexes.
import { searchTerms } from '../search.js';

const COMBINING_DIACRITICS = /[\u0300-\u036f]/g;
const SEPARATORS = /[^\p{L}\p{N}\p{M}]+/u;
/** PostgreSQL's limits: a lexeme under 2 KiB, positions up to 16383, 256 positions a lexeme, 1 MiB of lexemes. */
const MAX_LEXEME_BYTES = 2046;
const MAX_POSITION = 16383;
const MAX_POSITIONS_PER_LEXEME = 256;
const MAX_LEXEME_TOTAL_BYTES = 1_000_000;

const NON_ASCII = /[^\x00-\x7f]/;
const ASCII_SEPARATORS = /[^a-z0-9]+/;

/** Lowercases, strips Latin diacritics and cuts text into tokens. */
export function tokens(text: string): string[] {
  let parts: string[];
  if (NON_ASCII.test(text)) {
    parts = text.normalize('NFD').replace(COMBINING_DIACRITICS, '').normalize('NFC').toLowerCase().split(SEPARATORS);
  } else {
    parts = text.toLowerCase().split(ASCII_SEPARATORS); // the common case, several times faster
  }
  return parts.filter((t) => t !== '');
}

function byteLength(token: string): number {
  return token.length * 3 <= MAX_LEXEME_BYTES ? token.length : Buffer.byteLength(token);
}

/**
 * The tsvector literal for one object's searchable text (`'beacon':1 'evil':3,9 …`), or null
 * when there is nothing to index. Tokens hold only letters, digits and marks, so quoting them
 * cannot be escaped from. Beyond PostgreSQL's limits it does what to_tsvector does: overlong
 * words are left out and late positions share the last one.
 */
export function searchVector(searchText: string): string | null {
  const positions = new Map<string, number[]>();
  let position = 0;
  let total = 0;
  for (const token of tokens(searchText)) {
    position = Math.min(position + 1, MAX_POSITION);
    const bytes = byteLength(token);
    if (bytes > MAX_LEXEME_BYTES) continue;
    let list = positions.get(token);
    if (list === undefined) {
      if (total + bytes > MAX_LEXEME_TOTAL_BYTES) continue;
      total += bytes;
      list = [];
      positions.set(token, list);
    }
    if (list.length < MAX_POSITIONS_PER_LEXEME && list.at(-1) !== position) list.push(position);
  }
  if (positions.size === 0) return null;
  const parts: string[] = [];
  for (const [token, list] of positions) parts.push(`'${token}':${list.join(',')}`);
  return parts.join(' ');
}

/**
 * The tsquery literal for what a person typed: every term as a phrase of its tokens
 * (`'evil' <-> 'relay' <-> 'example' <-> 'net'`), a trailing `*` as a prefix on the last token,
 * terms ANDed. Undefined when nothing can match: no terms at all, or a term without any token
 * (FTS5 matches nothing for an empty phrase either), or a token too long to have been indexed.
 */
export function tsQuery(text: string): string | undefined {
  const terms = searchTerms(text);
  if (terms.length === 0) return undefined;
  const phrases: string[] = [];
  for (const { term, prefix } of terms) {
    const words = tokens(term);
    if (words.length === 0 || words.some((w) => byteLength(w) > MAX_LEXEME_BYTES)) return undefined;
    const quoted = words.map((w) => `'${w}'`);
    if (prefix) quoted[quoted.length - 1] += ':*';
    phrases.push(`(${quoted.join(' <-> ')})`);
  }
  return phrases.join(' & ');
}
