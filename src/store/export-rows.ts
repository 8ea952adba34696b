// Saved export rows as both adapters read them: one mapping from columns to the port's record.
import type { SavedExportRecord } from './exports.port.js';

export interface SavedExportRow {
  name: string; format: string; list_name: string | null; tlp_ceiling: string | null; include_warninglisted: number | boolean;
  filter_json: string; created_by: string; created_at: string;
}

export function savedExportOf(r: SavedExportRow): SavedExportRecord {
  return {
    name: r.name, format: r.format, list: r.list_name, tlpCeiling: r.tlp_ceiling, includeWarninglisted: r.include_warninglisted === true || r.include_warninglisted === 1,
    filter: r.filter_json, createdBy: r.created_by, createdAt: r.created_at,
  };
}
