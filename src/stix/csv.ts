// Reading CSV text (RFC 4180) into rows: shared by the feed reader (interop) and the asset
// registry's import (assets). Pure: the caller reads the file.
import { AccordError } from './errors.js';

/**
 * RFC 4180 rows (quoted fields, doubled quotes, separators and line breaks inside quotes), with the
 * line each starts on. Errors carry the codes `<area>.bad-delimiter` and `<area>.bad-csv`.
 */
export function csvRows(text: string, delimiter = ',', area = 'csv'): { line: number; cells: string[] }[] {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n') throw new AccordError('invalid', `${area}.bad-delimiter`, `a CSV delimiter is one character other than a quote or a line break, got ${JSON.stringify(delimiter)}`);
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
      continue;
    }
    if (c === '"' && cell === '') quoted = true;
    else if (c === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.length > 1 || cells[0] !== '') rows.push({ line: start, cells });
      cells = [];
      cell = '';
      line++;
      start = line;
    } else cell += c;
  }
  if (quoted) throw new AccordError('invalid', `${area}.bad-csv`, `line ${start}: a quoted field is not closed before the end of the input`);
  cells.push(cell);
  if (cells.length > 1 || cells[0] !== '') rows.push({ line: start, cells });
  return rows;
}
