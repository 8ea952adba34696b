// Saved exports in PostgreSQL (exports.port.ts).
import type pg from 'pg';
import { AccordError } from '../../stix/index.js';
import { savedExportOf, type SavedExportRow } from '../export-rows.js';
import type { SavedExportRecord, SavedExportRepository } from '../exports.port.js';

export class PgSavedExports implements SavedExportRepository {
  constructor(private readonly pool: pg.Pool) {}

  async create(e: SavedExportRecord): Promise<void> {
    try {
      await this.pool.query(
        `INSERT INTO saved_exports (name, format, list_name, tlp_ceiling, include_warninglisted, filter_json, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [e.name, e.format, e.list, e.tlpCeiling, e.includeWarninglisted, e.filter, e.createdBy, e.createdAt],
      );
    } catch (err) {
      if ((err as { code?: unknown }).code === '23505') throw new AccordError('conflict', 'store.export-exists', `a saved export named ${e.name} already exists`);
      throw err;
    }
  }

  async get(name: string): Promise<SavedExportRecord | undefined> {
    const r = (await this.pool.query<SavedExportRow>('SELECT * FROM saved_exports WHERE name = $1', [name])).rows[0];
    return r === undefined ? undefined : savedExportOf(r);
  }

  async list(): Promise<SavedExportRecord[]> {
    return (await this.pool.query<SavedExportRow>('SELECT * FROM saved_exports ORDER BY name')).rows.map(savedExportOf);
  }

  async delete(name: string): Promise<boolean> {
    return ((await this.pool.query('DELETE FROM saved_exports WHERE name = $1', [name])).rowCount ?? 0) === 1;
  }
}
