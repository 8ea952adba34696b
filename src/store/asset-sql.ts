// The registry's repositories (assets.port.ts), written once for both adapters: each adapter
// hands in an AssetDb — a query, and a batch of statements run in one transaction — and the SQL
// here is plain enough for SQLite and PostgreSQL alike (`?` placeholders; the PostgreSQL adapter
// numbers them).
import { AccordError } from '../stix/index.js';
import type {
  AlertChange, AlertQuery, AlertRecord, AlertRepository, AlertState, AssetCriticality, AssetRecord, AssetRepository,
} from './assets.port.js';

export interface Statement {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** What the shared repositories need of an adapter. */
/**
 * The two statements that move an alert-like row (alerts, detections) from `c.from` to `c.to`
 * and log the change: the change row is written only while the row is still in state `from`, and
 * the update has the same condition, so a concurrent change of the same row makes this one a
 * no-op (both counts 0). `set` adds columns to the update (`, open_key = NULL`).
 */
export function stateChange(t: { readonly table: string; readonly changes: string; readonly key: string }, id: string, c: AlertChange, set = ''): Statement[] {
  return [
    {
      sql: `INSERT INTO ${t.changes} (${t.key}, seq, at, actor, from_state, to_state, note)
            SELECT id, (SELECT count(*) FROM ${t.changes} WHERE ${t.key} = ?) + 1, ?, ?, state, ?, ? FROM ${t.table} WHERE id = ? AND state = ?`,
      params: [id, c.at, c.actor, c.to, c.note, id, c.from],
    },
    { sql: `UPDATE ${t.table} SET state = ?${set} WHERE id = ? AND state = ?`, params: [c.to, id, c.from] },
  ];
}

export interface AssetDb {
  query<T>(sql: string, params: readonly unknown[]): Promise<T[]>;
  /** Runs the statements in order in one transaction; the rows each changed. */
  batch(statements: readonly Statement[]): Promise<number[]>;
  /** True when `err` is the database's unique-constraint violation. */
  isUniqueViolation(err: unknown): boolean;
}

interface AssetRow {
  id: string; name: string; sector: string; criticality: string; owner: string; contact: string; notes: string | null;
  created_by: string; created_at: string; updated_at: string;
}
interface ListRow { asset_id: string; value: string }
interface AlertRow {
  id: string; asset_id: string; asset_name: string; object_id: string; object_type: string; object_version: string; creator: string | null;
  sharers: string; evidence: string; state: string; created_at: string;
}
interface ChangeRow { alert_id: string; at: string; actor: string; from_state: string; to_state: string; note: string | null }

/** The three list tables of an asset, by the record's field. */
const LISTS = { ranges: 'asset_ranges', domains: 'asset_domains', software: 'asset_software' } as const;

/** `?, ?, …` for n parameters. */
const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

function listInserts(a: AssetRecord): Statement[] {
  return (Object.keys(LISTS) as (keyof typeof LISTS)[]).flatMap((field) =>
    a[field].map((value, position) => ({ sql: `INSERT INTO ${LISTS[field]} (asset_id, position, value) VALUES (?, ?, ?)`, params: [a.id, position, value] })));
}

function listDeletes(id: string): Statement[] {
  return Object.values(LISTS).map((table) => ({ sql: `DELETE FROM ${table} WHERE asset_id = ?`, params: [id] }));
}

function taken(names: readonly string[]): AccordError {
  return new AccordError('conflict', 'store.asset-exists', names.length === 1 ? `an asset named "${names[0] ?? ''}" is registered already` : `one of the assets ${names.map((n) => `"${n}"`).join(', ')} is registered already`);
}

export class SqlAssets implements AssetRepository {
  constructor(private readonly db: AssetDb) {}

  async create(assets: readonly AssetRecord[]): Promise<void> {
    await this.write(assets.map((a) => a.name), assets.flatMap((a) => [{
      sql: 'INSERT INTO assets (id, name, sector, criticality, owner, contact, notes, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      params: [a.id, a.name, a.sector, a.criticality, a.owner, a.contact, a.notes, a.createdBy, a.createdAt, a.updatedAt],
    }, ...listInserts(a)]));
  }

  async replace(a: AssetRecord): Promise<boolean> {
    if ((await this.db.query<{ id: string }>('SELECT id FROM assets WHERE id = ?', [a.id])).length === 0) return false;
    const [updated] = await this.write([a.name], [{
      sql: 'UPDATE assets SET name = ?, sector = ?, criticality = ?, owner = ?, contact = ?, notes = ?, updated_at = ? WHERE id = ?',
      params: [a.name, a.sector, a.criticality, a.owner, a.contact, a.notes, a.updatedAt, a.id],
    }, ...listDeletes(a.id), ...listInserts(a)]);
    return updated === 1;
  }

  async get(id: string): Promise<AssetRecord | undefined> {
    return (await this.read('WHERE id = ?', [id]))[0];
  }

  list(): Promise<AssetRecord[]> {
    return this.read('', []);
  }

  async remove(id: string): Promise<boolean> {
    const [removed] = await this.db.batch([{ sql: 'DELETE FROM assets WHERE id = ?', params: [id] }, ...listDeletes(id)]);
    return removed === 1;
  }

  private async write(names: readonly string[], statements: readonly Statement[]): Promise<number[]> {
    try {
      return await this.db.batch(statements);
    } catch (err) {
      if (this.db.isUniqueViolation(err)) throw taken(names);
      throw err;
    }
  }

  private async read(where: string, params: readonly unknown[]): Promise<AssetRecord[]> {
    const rows = await this.db.query<AssetRow>(`SELECT id, name, sector, criticality, owner, contact, notes, created_by, created_at, updated_at FROM assets ${where} ORDER BY name`, params);
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const lists = new Map<string, { ranges: string[]; domains: string[]; software: string[] }>(ids.map((id) => [id, { ranges: [], domains: [], software: [] }]));
    for (const field of Object.keys(LISTS) as (keyof typeof LISTS)[]) {
      const values = await this.db.query<ListRow>(`SELECT asset_id, value FROM ${LISTS[field]} WHERE asset_id IN (${marks(ids.length)}) ORDER BY asset_id, position`, ids);
      for (const v of values) lists.get(v.asset_id)?.[field].push(v.value);
    }
    return rows.map((r) => ({
      id: r.id, name: r.name, sector: r.sector, criticality: r.criticality as AssetCriticality, owner: r.owner, contact: r.contact, notes: r.notes,
      ranges: lists.get(r.id)?.ranges ?? [], domains: lists.get(r.id)?.domains ?? [], software: lists.get(r.id)?.software ?? [],
      createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at,
    }));
  }
}

export class SqlAlerts implements AlertRepository {
  constructor(private readonly db: AssetDb) {}

  async raise(alerts: readonly AlertRecord[]): Promise<string[]> {
    if (alerts.length === 0) return [];
    const changed = await this.db.batch(alerts.map((a) => ({
      sql: `INSERT INTO alerts (id, asset_id, asset_name, object_id, object_type, object_version, creator, sharers, evidence, state, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (asset_id, object_id, object_version) DO NOTHING`,
      params: [a.id, a.assetId, a.assetName, a.objectId, a.objectType, a.objectVersion, a.creator, JSON.stringify(a.sharers), a.evidence, a.state, a.createdAt],
    })));
    return alerts.filter((_, i) => changed[i] === 1).map((a) => a.id);
  }

  async get(id: string): Promise<AlertRecord | undefined> {
    return (await this.read('WHERE id = ?', [id], 1))[0];
  }

  list(q: AlertQuery): Promise<AlertRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.state !== undefined) {
      where.push('state = ?');
      params.push(q.state);
    }
    if (q.assetId !== undefined) {
      where.push('asset_id = ?');
      params.push(q.assetId);
    }
    return this.read(where.length > 0 ? `WHERE ${where.join(' AND ')}` : '', params, q.limit ?? 100);
  }

  async transition(id: string, c: AlertChange): Promise<boolean> {
    const [recorded, updated] = await this.db.batch(stateChange({ table: 'alerts', changes: 'alert_changes', key: 'alert_id' }, id, c));
    return recorded === 1 && updated === 1;
  }

  private async read(where: string, params: readonly unknown[], limit: number): Promise<AlertRecord[]> {
    const rows = await this.db.query<AlertRow>(
      `SELECT id, asset_id, asset_name, object_id, object_type, object_version, creator, sharers, evidence, state, created_at FROM alerts ${where}
       ORDER BY created_at DESC, id LIMIT ${Math.max(1, Math.min(Math.trunc(limit), 10_000))}`, params);
    if (rows.length === 0) return [];
    const changes = await this.db.query<ChangeRow>(
      `SELECT alert_id, at, actor, from_state, to_state, note FROM alert_changes WHERE alert_id IN (${marks(rows.length)}) ORDER BY alert_id, seq`, rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id, assetId: r.asset_id, assetName: r.asset_name, objectId: r.object_id, objectType: r.object_type, objectVersion: r.object_version,
      creator: r.creator, sharers: JSON.parse(r.sharers) as string[], evidence: r.evidence, state: r.state as AlertState, createdAt: r.created_at,
      changes: changes.filter((c) => c.alert_id === r.id).map((c) => ({ at: c.at, actor: c.actor, from: c.from_state as AlertState, to: c.to_state as AlertState, note: c.note })),
    }));
  }
}
