// Saved exports in SQLite (exports.port.ts).
import type BetterSqlite3 from 'better-sqlite3';
import { AccordError } from '../../stix/index.js';
import { savedExportOf, type SavedExportRow } from '../export-rows.js';
import type { SavedExportRecord, SavedExportRepository } from '../exports.port.js';
import { settle } from './objects.js';

export class SqliteSavedExports implements SavedExportRepository {
  constructor(private readonly db: BetterSqlite3.Database) {}

  create(e: SavedExportRecord): Promise<void> {
    return settle(() => {
      try {
        this.db.prepare(`INSERT INTO saved_exports (name, format, list_name, tlp_ceiling, include_warninglisted, filter_json, created_by, created_at)
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
          .run(e.name, e.format, e.list, e.tlpCeiling, e.includeWarninglisted ? 1 : 0, e.filter, e.createdBy, e.createdAt);
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') throw new AccordError('conflict', 'store.export-exists', `a saved export named ${e.name} already exists`);
        throw err;
      }
    });
  }

  get(name: string): Promise<SavedExportRecord | undefined> {
    return settle(() => {
      const r = this.db.prepare('SELECT * FROM saved_exports WHERE name = ?').get(name) as SavedExportRow | undefined;
      return r === undefined ? undefined : savedExportOf(r);
    });
  }

  list(): Promise<SavedExportRecord[]> {
    return settle(() => (this.db.prepare('SELECT * FROM saved_exports ORDER BY name').all() as SavedExportRow[]).map(savedExportOf));
  }

  delete(name: string): Promise<boolean> {
    return settle(() => this.db.prepare('DELETE FROM saved_exports WHERE name = ?').run(name).changes === 1);
  }
}
