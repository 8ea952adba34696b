// The retro-hunt history's repository (observations.port.ts), written once for both adapters on
// the same AssetDb handle as the registry (asset-sql.ts): the SQL is plain enough for SQLite and
// PostgreSQL alike. Rows are kept small (migration 14): paths by number (observation_paths, read
// once and cached: an append-only vocabulary of a few dozen), days as days since the epoch,
// sightings as milliseconds; the port speaks STIX timestamps and `YYYY-MM-DD`. A batch is written
// as multi-row upserts of at most 256 rows (a few statement shapes, so SQLite's statement cache
// stays small), all in one transaction.
import type { AssetDb, Statement } from './asset-sql.js';
import type { ObservationMatch, ObservationQuery, ObservationRepository, ObservationRow, ObservationSummary } from './observations.port.js';

const COLUMNS = '(path_id, value, day, range_key, reversed, first_seen, last_seen, seen_count)';
const UPSERT = ' ON CONFLICT (path_id, value, day) DO UPDATE SET'
  + ' first_seen = CASE WHEN excluded.first_seen < observations.first_seen THEN excluded.first_seen ELSE observations.first_seen END,'
  + ' last_seen = CASE WHEN excluded.last_seen > observations.last_seen THEN excluded.last_seen ELSE observations.last_seen END,'
  + ' seen_count = observations.seen_count + excluded.seen_count';
const CHUNK = 256;
const DAY_MS = 86_400_000;

const ms = (timestamp: string): number => Date.parse(timestamp);
const dayNumber = (day: string): number => Math.floor(Date.parse(`${day}T00:00:00.000Z`) / DAY_MS);
const dayText = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);
const iso = (n: number | string): string => new Date(Number(n)).toISOString();

interface SummaryRow { value: string; first_seen: number | string; last_seen: number | string; seen_count: number | string }

/** The condition and parameters of one kind of lookup (each on an index of its own). */
function matching(m: ObservationMatch): { sql: string; params: unknown[] } {
  if ('values' in m) return { sql: `value IN (${m.values.map(() => '?').join(', ')})`, params: [...m.values] };
  if ('range' in m) return { sql: 'range_key IS NOT NULL AND range_key >= ? AND range_key <= ?', params: [m.range.from, m.range.to] };
  // Every key that starts with the prefix sorts from it up to the prefix with its last character raised.
  const p = m.reversedPrefix;
  const above = p.slice(0, -1) + String.fromCharCode(p.charCodeAt(p.length - 1) + 1);
  return { sql: 'reversed IS NOT NULL AND reversed >= ? AND reversed < ?', params: [p, above] };
}

export class SqlObservations implements ObservationRepository {
  private readonly pathIds = new Map<string, number>();

  constructor(private readonly db: AssetDb) {}

  async record(rows: readonly ObservationRow[]): Promise<void> {
    if (rows.length === 0) return;
    const missing = [...new Set(rows.map((r) => r.path))].filter((p) => !this.pathIds.has(p));
    if (missing.length > 0) {
      await this.db.batch(missing.map((p) => ({ sql: 'INSERT INTO observation_paths (path) VALUES (?) ON CONFLICT (path) DO NOTHING', params: [p] })));
      await this.readPaths();
    }
    const statements: Statement[] = [];
    for (let at = 0; at < rows.length;) {
      // Full chunks, then the rest in power-of-two chunks.
      let size = CHUNK;
      while (size > rows.length - at) size >>= 1;
      const chunk = rows.slice(at, at + size);
      statements.push({
        sql: `INSERT INTO observations ${COLUMNS} VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}${UPSERT}`,
        params: chunk.flatMap((r) => [this.pathIds.get(r.path), r.value, dayNumber(r.day), r.rangeKey, r.reversed, ms(r.firstSeen), ms(r.lastSeen), r.count]),
      });
      at += size;
    }
    await this.db.batch(statements);
  }

  async find(q: ObservationQuery): Promise<ObservationSummary[]> {
    if ('values' in q.match && q.match.values.length === 0) return [];
    if (!this.pathIds.has(q.path)) await this.readPaths();
    const pathId = this.pathIds.get(q.path);
    if (pathId === undefined) return [];
    const m = matching(q.match);
    const rows = await this.db.query<SummaryRow>(
      'SELECT value, min(first_seen) AS first_seen, max(last_seen) AS last_seen, sum(seen_count) AS seen_count FROM observations'
      + ` WHERE path_id = ? AND ${m.sql}${q.since !== undefined ? ' AND last_seen >= ?' : ''}${q.until !== undefined ? ' AND first_seen < ?' : ''}`
      + ' GROUP BY value ORDER BY value LIMIT ?',
      [pathId, ...m.params, ...(q.since !== undefined ? [ms(q.since)] : []), ...(q.until !== undefined ? [ms(q.until)] : []), q.limit ?? 1000],
    );
    return rows.map((r) => ({ path: q.path, value: r.value, firstSeen: iso(r.first_seen), lastSeen: iso(r.last_seen), count: Number(r.seen_count) }));
  }

  async prune(day: string, batch = 10_000): Promise<number> {
    let deleted = 0;
    for (;;) {
      const [n = 0] = await this.db.batch([{
        sql: 'DELETE FROM observations WHERE (path_id, value, day) IN (SELECT path_id, value, day FROM observations WHERE day < ? LIMIT ?)',
        params: [dayNumber(day), batch],
      }]);
      deleted += n;
      if (n < batch) return deleted;
    }
  }

  async size(): Promise<{ rows: number; oldestDay: string | null; newestDay: string | null }> {
    const [r] = await this.db.query<{ n: number | string; oldest: number | string | null; newest: number | string | null }>('SELECT count(*) AS n, min(day) AS oldest, max(day) AS newest FROM observations', []);
    return { rows: Number(r?.n ?? 0), oldestDay: r?.oldest == null ? null : dayText(Number(r.oldest)), newestDay: r?.newest == null ? null : dayText(Number(r.newest)) };
  }

  private async readPaths(): Promise<void> {
    for (const r of await this.db.query<{ id: number; path: string }>('SELECT id, path FROM observation_paths', [])) this.pathIds.set(r.path, Number(r.id));
  }
}
