// Turning what a person types into a full-text query. People type indicator values
// (198.51.100.7, evil.example.com, a hash), names and words; none of that may be read as query
// syntax, so each term is quoted. A trailing `*` asks for a prefix match.

/** Splits free text into search terms: whitespace separated, quotes dropped, empty terms removed. */
export function searchTerms(text: string): { term: string; prefix: boolean }[] {
  return text
    .split(/\s+/u)
    .map((raw) => {
      const prefix = raw.endsWith('*');
      const term = (prefix ? raw.slice(0, -1) : raw).replace(/"/g, '');
      return { term, prefix };
    })
    .filter((t) => t.term.length > 0);
}

/** An SQLite FTS5 MATCH expression: every term must appear (as a phrase of its tokens). */
export function fts5Query(text: string): string | undefined {
  const terms = searchTerms(text);
  if (terms.length === 0) return undefined;
  return terms.map((t) => `"${t.term}"${t.prefix ? '*' : ''}`).join(' AND ');
}
