// Importing assets from CSV (docs/detection.md): a header line naming the columns
//   name,sector,criticality,owner,contact,ranges,domains,software   (and optionally notes)
// in any order, then one asset per row; list columns hold their items separated by `;`. Every
// row is checked as the API checks an asset, and every bad row is reported with its line; the
// registry writes the rows only when none is bad (all or nothing).
import { AccordError, csvRows } from '../stix/index.js';
import { checkAsset, type AssetFields, type FieldProblem } from './asset.js';

export const CSV_COLUMNS = ['name', 'sector', 'criticality', 'owner', 'contact', 'ranges', 'domains', 'software'] as const;
const OPTIONAL = ['notes'];
const LISTS = new Set(['ranges', 'domains', 'software']);

export interface CsvRowProblem {
  readonly line: number;
  readonly problems: readonly FieldProblem[];
}

export interface CsvAssets {
  /** The checked rows, each with the line it starts on. */
  readonly rows: readonly { readonly line: number; readonly fields: AssetFields }[];
  readonly problems: readonly CsvRowProblem[];
}

/** The rows of an asset CSV, checked; throws `asset.bad-csv` when the header itself is wrong. */
export function readAssetCsv(text: string): CsvAssets {
  const [header, ...body] = csvRows(text.replace(/^\uFEFF/, ''), ',', 'asset');
  if (header === undefined) throw new AccordError('invalid', 'asset.bad-csv', `the file is empty; its first line must be the header ${CSV_COLUMNS.join(',')}`);
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const unknown = names.filter((n) => !(CSV_COLUMNS as readonly string[]).includes(n) && !OPTIONAL.includes(n));
  const missing = CSV_COLUMNS.filter((c) => !names.includes(c));
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  if (unknown.length > 0 || missing.length > 0 || twice.length > 0) {
    const why = [
      missing.length > 0 ? `missing ${missing.join(', ')}` : '', unknown.length > 0 ? `unknown ${unknown.join(', ')}` : '', twice.length > 0 ? `repeated ${twice.join(', ')}` : '',
    ].filter((w) => w !== '').join('; ');
    throw new AccordError('invalid', 'asset.bad-csv', `line ${header.line}: the header must name the columns ${CSV_COLUMNS.join(',')} (and optionally notes): ${why}`);
  }
  const rows: { line: number; fields: AssetFields }[] = [];
  const problems: CsvRowProblem[] = [];
  const seen = new Map<string, number>();
  for (const row of body) {
    if (row.cells.length !== names.length) {
      problems.push({ line: row.line, problems: [{ field: 'row', message: `the row has ${row.cells.length} fields; the header has ${names.length}` }] });
      continue;
    }
    const input: Record<string, unknown> = {};
    for (const [i, name] of names.entries()) {
      const cell = row.cells[i] ?? '';
      input[name] = LISTS.has(name) ? cell.split(';').map((s) => s.trim()).filter((s) => s !== '') : cell;
    }
    const checked = checkAsset(input);
    if ('problems' in checked) {
      problems.push({ line: row.line, problems: checked.problems });
      continue;
    }
    const earlier = seen.get(checked.fields.name);
    if (earlier !== undefined) {
      problems.push({ line: row.line, problems: [{ field: 'name', message: `name "${checked.fields.name}" is on line ${earlier} already` }] });
      continue;
    }
    seen.set(checked.fields.name, row.line);
    rows.push({ line: row.line, fields: checked.fields });
  }
  return { rows, problems };
}
