// CSV logs read through a member's field mapping (issue 8, item 2, "Readers"): the first line names
// the columns, the mapping (mapped.ts) maps column names to STIX object paths and names the time
// and type columns. Rows are RFC 4180 (stix/csv.ts), one per line: a quoted field may hold the
// delimiter and doubled quotes, not a line break (the reader sees one line at a time).
import { AccordError, csvRows } from '../stix/index.js';
import { MAX_LINE, type LineReader } from './event.js';
import { mappedValues, type Mapping } from './mapped.js';

/** The CSV reader (one per input: it keeps the header line). */
export function csvLogReader(mapping: Mapping, delimiter = ','): LineReader {
  let columns: string[] | undefined;
  return (text) => {
    if (text.length > MAX_LINE) return { skip: `longer than ${MAX_LINE} characters` };
    let cells: string[];
    try {
      cells = csvRows(text, delimiter, 'detect')[0]?.cells ?? [];
    } catch (e) {
      return { skip: e instanceof AccordError ? e.message.replace(/^line \d+: /, '') : String(e) };
    }
    if (columns === undefined) {
      columns = cells.map((c) => c.trim());
      const named = [...mapping.fields.map((f) => f.from), ...(mapping.time !== undefined ? [mapping.time] : []), ...(mapping.type !== undefined ? [mapping.type] : [])];
      const missing = named.filter((c) => !columns?.includes(c));
      return missing.length > 0 ? { skip: `the header line has no column ${missing.map((c) => JSON.stringify(c)).join(', ')} that the mapping names` } : { skip: 'CSV header line', meta: true };
    }
    if (cells.length !== columns.length) return { skip: `has ${cells.length} columns where the header has ${columns.length}` };
    const rec: Record<string, string> = {};
    columns.forEach((c, i) => {
      if (cells[i] !== '') rec[c] = cells[i] as string;
    });
    return mappedValues(rec, mapping, 'csv');
  };
}
