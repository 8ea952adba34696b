// The registry's services: assets added, changed, imported and removed (each change audited), the
// watch run over what arrived since its persisted high-water mark and, for a new or changed
// asset, over everything held — and alerts read and moved between states (audited). Assets and
// alerts are local rows, never STIX objects: nothing here can be shared or served to a peer.
import { randomUUID } from 'node:crypto';
import { AccordError, versionsOfIds, type AlertRecord, type AlertState, type AssetRecord, type Store, type StoredObject } from '../store/index.js';
import { checkAsset, type AssetFields, type AssetInput, type FieldProblem } from './asset.js';
import { readAssetCsv, type CsvRowProblem } from './csv.js';
import { compileAssets, touches, type HeldObject, type Touch, type WatchSource } from './watch.js';

export type AssetAuditAction = 'asset.created' | 'asset.updated' | 'asset.removed' | 'asset.imported' | 'alert.raised' | 'alert.state-changed';

/** The audit log as the registry uses it (the audit area's AuditLog, handed in by the server or CLI). */
export interface AssetAudit {
  record(event: { readonly actor: string; readonly action: AssetAuditAction; readonly target?: string; readonly details?: Readonly<Record<string, unknown>> }): Promise<unknown>;
}

/** Where the watch's high-water mark (a date_added) is kept in the store's meta table. */
export const WATCH_MARK = 'assets.watch.after';
const PAGE = 500;

export const ALERT_STATES: readonly AlertState[] = ['new', 'acknowledged', 'resolved', 'false-positive'];

/** What one run of the watch did. */
export interface WatchRun {
  readonly examined: number;
  readonly alerts: readonly AlertRecord[];
}

function invalid(problems: readonly FieldProblem[]): AccordError {
  // `errors` names each field for the problem body (body.ranges[1]), so that a form can mark it.
  const errors = problems.map((p) => ({ location: `body.${p.field}`, message: p.message }));
  return new AccordError('invalid', 'asset.invalid', `the asset is not valid: ${problems.map((p) => p.message).join('; ')}`, { problems, errors });
}

function parsed(stored: StoredObject): HeldObject {
  return { stored, object: JSON.parse(stored.json) as Readonly<Record<string, unknown>> };
}

/** Runs the watch and raises alerts (see watch.ts for what touches an asset). */
export class AssetWatch implements WatchSource {
  constructor(private readonly store: Store, private readonly audit: AssetAudit, private readonly clock: () => Date = () => new Date()) {}

  async held(ids: readonly string[]): Promise<ReadonlyMap<string, HeldObject>> {
    const out = new Map<string, HeldObject>();
    for await (const chunk of versionsOfIds(this.store, ids, 'last')) for (const s of chunk.items) out.set(s.id, parsed(s));
    return out;
  }

  /** Every object version stored since the high-water mark, against every asset; the mark moves on page by page. */
  async runNew(): Promise<WatchRun> {
    const assets = await this.store.assets.list();
    let after = Number(await this.store.meta.get(WATCH_MARK) ?? '0');
    if (assets.length === 0) {
      // Nothing to watch: a newly registered asset is run against everything held anyway.
      const last = await this.store.objects.lastAdded();
      if (last > after) await this.store.meta.set(WATCH_MARK, String(last));
      return { examined: 0, alerts: [] };
    }
    const compiled = compileAssets(assets);
    let examined = 0;
    const alerts: AlertRecord[] = [];
    for (;;) {
      const page = await this.store.objects.list({ after, limit: PAGE, versions: 'all' });
      for (const s of page.items) alerts.push(...await this.raise(await touches(parsed(s), compiled, this)));
      examined += page.items.length;
      const last = page.items.at(-1);
      if (last === undefined) break;
      after = last.added;
      await this.store.meta.set(WATCH_MARK, String(after));
      if (!page.more) break;
    }
    return { examined, alerts };
  }

  /** The latest version of everything held, against the given assets (new or changed ones). */
  async runHeld(assets: readonly AssetRecord[]): Promise<WatchRun> {
    const compiled = compileAssets(assets);
    let examined = 0;
    const alerts: AlertRecord[] = [];
    for (let after = 0; ;) {
      const page = await this.store.objects.list({ after, limit: PAGE, versions: 'last' });
      for (const s of page.items) alerts.push(...await this.raise(await touches(parsed(s), compiled, this)));
      examined += page.items.length;
      const last = page.items.at(-1);
      if (!page.more || last === undefined) break;
      after = last.added;
    }
    return { examined, alerts };
  }

  private async raise(found: readonly Touch[]): Promise<AlertRecord[]> {
    if (found.length === 0) return [];
    const now = this.clock().toISOString();
    const records: AlertRecord[] = [];
    for (const t of found) {
      const { stored, object } = t.subject;
      const sharers = [...new Set((await this.store.shares.forObject(stored.id)).filter((r) => r.objectHash === stored.hash && r.state === 'valid').map((r) => r.sharer))];
      records.push({
        id: `alert--${randomUUID()}`, assetId: t.asset.id, assetName: t.asset.name, objectId: stored.id, objectType: stored.type, objectVersion: stored.version,
        creator: typeof object.created_by_ref === 'string' ? object.created_by_ref : null, sharers,
        evidence: JSON.stringify({ matches: t.matches, ...(t.via !== undefined ? { via: t.via } : {}), ...(t.cves !== undefined ? { cves: t.cves } : {}) }),
        state: 'new', createdAt: now, changes: [],
      });
    }
    const raised = new Set(await this.store.alerts.raise(records));
    const out = records.filter((r) => raised.has(r.id));
    for (const a of out) {
      await this.audit.record({
        actor: 'node', action: 'alert.raised', target: a.id,
        details: { asset: a.assetId, assetName: a.assetName, object: a.objectId, version: a.objectVersion, creator: a.creator, sharers: a.sharers, evidence: JSON.parse(a.evidence) as unknown },
      });
    }
    return out;
  }
}

/** The assets of the registry: checked, stored, audited, and run against what is held when added or changed. */
export class AssetRegistry {
  readonly watch: AssetWatch;

  constructor(private readonly store: Store, private readonly audit: AssetAudit, private readonly clock: () => Date = () => new Date()) {
    this.watch = new AssetWatch(store, audit, clock);
  }

  list(): Promise<AssetRecord[]> {
    return this.store.assets.list();
  }

  /** One asset by id or by name; throws `asset.not-found`. */
  async get(ref: string): Promise<AssetRecord> {
    const found = ref.startsWith('asset--') ? await this.store.assets.get(ref) : (await this.store.assets.list()).find((a) => a.name === ref);
    if (found === undefined) throw new AccordError('not-found', 'asset.not-found', `there is no asset "${ref}" (see accord assets list)`);
    return found;
  }

  /** Registers an asset (throws `asset.invalid`, `store.asset-exists`) and runs it against what is held. */
  async add(input: AssetInput, actor: string): Promise<{ readonly asset: AssetRecord; readonly alerts: readonly AlertRecord[] }> {
    const checked = checkAsset(input);
    if ('problems' in checked) throw invalid(checked.problems);
    const asset = this.record(checked.fields, actor);
    await this.store.assets.create([asset]);
    await this.audit.record({ actor, action: 'asset.created', target: asset.id, details: { ...checked.fields } });
    return { asset, alerts: (await this.watch.runHeld([asset])).alerts };
  }

  /** Changes the fields given (the others stay) and runs the asset against what is held again. */
  async update(ref: string, patch: AssetInput, actor: string): Promise<{ readonly asset: AssetRecord; readonly alerts: readonly AlertRecord[] }> {
    const before = await this.get(ref);
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const checked = checkAsset({ ...before, ...defined });
    if ('problems' in checked) throw invalid(checked.problems);
    const asset: AssetRecord = { ...before, ...checked.fields, updatedAt: this.clock().toISOString() };
    if (!(await this.store.assets.replace(asset))) throw new AccordError('not-found', 'asset.not-found', `there is no asset "${ref}" (see accord assets list)`);
    await this.audit.record({ actor, action: 'asset.updated', target: asset.id, details: { name: asset.name, changed: Object.keys(defined) } });
    return { asset, alerts: (await this.watch.runHeld([asset])).alerts };
  }

  /** Removes an asset (its alerts stay); throws `asset.not-found`. */
  async remove(ref: string, actor: string): Promise<AssetRecord> {
    const asset = await this.get(ref);
    if (!(await this.store.assets.remove(asset.id))) throw new AccordError('not-found', 'asset.not-found', `there is no asset "${ref}" (see accord assets list)`);
    await this.audit.record({ actor, action: 'asset.removed', target: asset.id, details: { name: asset.name } });
    return asset;
  }

  /**
   * Imports assets from CSV (csv.ts): all rows or, when any row is bad, none (the problems are
   * returned by line). Throws `asset.bad-csv` for a bad header, `store.asset-exists` for a taken name.
   */
  async importCsv(text: string, actor: string, file?: string): Promise<{ readonly created: readonly AssetRecord[]; readonly problems: readonly CsvRowProblem[]; readonly alerts: readonly AlertRecord[] }> {
    const { rows, problems } = readAssetCsv(text);
    const held = new Set((await this.store.assets.list()).map((a) => a.name));
    const taken: CsvRowProblem[] = rows.filter((r) => held.has(r.fields.name)).map((r) => ({ line: r.line, problems: [{ field: 'name', message: `an asset named "${r.fields.name}" is registered already` }] }));
    const all = [...problems, ...taken].sort((a, b) => a.line - b.line);
    if (all.length > 0) return { created: [], problems: all, alerts: [] };
    const created = rows.map((r) => this.record(r.fields, actor));
    await this.store.assets.create(created);
    await this.audit.record({ actor, action: 'asset.imported', details: { ...(file !== undefined ? { file } : {}), count: created.length, assets: created.map((a) => ({ id: a.id, name: a.name })) } });
    return { created, problems: [], alerts: created.length > 0 ? (await this.watch.runHeld(created)).alerts : [] };
  }

  private record(f: AssetFields, actor: string): AssetRecord {
    const now = this.clock().toISOString();
    return { id: `asset--${randomUUID()}`, ...f, createdBy: actor, createdAt: now, updatedAt: now };
  }
}

/** Which state changes an analyst may make: any state but `new`, from any other state. */
export function checkTransition(from: AlertState, to: AlertState): string | undefined {
  if (to === 'new') return 'an alert cannot be made new again';
  if (from === to) return `the alert is ${to} already`;
  return undefined;
}

/** Alerts: read, and moved between states (audited). */
export class AlertBook {
  constructor(private readonly store: Store, private readonly audit: AssetAudit, private readonly clock: () => Date = () => new Date()) {}

  list(query: { readonly state?: AlertState; readonly assetId?: string; readonly limit?: number } = {}): Promise<AlertRecord[]> {
    return this.store.alerts.list(query);
  }

  /** One alert; throws `alert.not-found`. */
  async get(id: string): Promise<AlertRecord> {
    const a = await this.store.alerts.get(id);
    if (a === undefined) throw new AccordError('not-found', 'alert.not-found', `there is no alert "${id}" (see accord alerts list)`);
    return a;
  }

  /** Moves an alert to `to`; throws `alert.not-found`, or `alert.bad-transition` (conflict). */
  async change(id: string, to: AlertState, actor: string, note?: string): Promise<AlertRecord> {
    const a = await this.get(id);
    const refusal = checkTransition(a.state, to);
    if (refusal !== undefined) throw new AccordError('conflict', 'alert.bad-transition', `${refusal} (${id})`);
    const change = { at: this.clock().toISOString(), actor, from: a.state, to, note: note ?? null };
    if (!(await this.store.alerts.transition(id, change))) {
      throw new AccordError('conflict', 'alert.bad-transition', `the alert ${id} changed state meanwhile; read it again`);
    }
    await this.audit.record({ actor, action: 'alert.state-changed', target: id, details: { from: a.state, to, note: note ?? null, asset: a.assetId, object: a.objectId } });
    return { ...a, state: to, changes: [...a.changes, change] };
  }
}
