// The detection alerts' repository (detections.port.ts), written once for both adapters on the
// registry's AssetDb (a query, and a batch of statements in one transaction; `?` placeholders).
// Recording is plain SQL run in one batch per set of hits, so that each statement decides from
// what the previous ones wrote, whatever other process records at the same time:
//   1. open an alert for each indicator that has none open (open_key is the indicator's id while
//      the alert is new or acknowledged, NULL once closed; unique);
//   2. file each hit under the open alert, unless that (indicator, key) was filed before;
//   3. keep it as evidence while the alert holds fewer than EVIDENCE_SAMPLE;
//   4. recount the alerts whose hits changed (count, first and last seen from the hits).
import { randomUUID } from 'node:crypto';
import { AccordError } from '../stix/index.js';
import { stateChange, type AssetDb, type Statement } from './asset-sql.js';
import type { AlertChange, AlertState } from './assets.port.js';
import {
  EVIDENCE_SAMPLE, type DetectionEvidence, type DetectionHit, type DetectionQuery, type DetectionRecord, type DetectionRepository, type DetectionTouched,
} from './detections.port.js';

interface DetectionRow {
  id: string; indicator_id: string; indicator_name: string | null; originator: string | null; state: string; count: number | string;
  first_seen: string; last_seen: string; created_at: string; updated_at: string; sighting_id: string; sighting_version: string | null;
  shared_version: string | null; shared_at: string | null;
}
interface EvidenceRow {
  detection_id: string; seen: string; source: string; line: number | null; event_type: string; path: string | null; value: string | null;
  why: string; raw: string | null; event_values: string; observed_data_id: string;
}
interface ChangeRow { detection_id: string; at: string; actor: string; from_state: string; to_state: string; note: string | null }

const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ');
const OPEN_STATES: readonly AlertState[] = ['new', 'acknowledged'];
const COUNT = 'SELECT count(*) FROM detection_hits h WHERE h.detection_id = detections.id';

export class SqlDetections implements DetectionRepository {
  constructor(private readonly db: AssetDb) {}

  async record(hits: readonly DetectionHit[], at: string): Promise<DetectionTouched[]> {
    if (hits.length === 0) return [];
    const first = new Map<string, DetectionHit>();
    for (const h of hits) if (!first.has(h.indicatorId)) first.set(h.indicatorId, h);
    const indicators = [...first.keys()];
    const opens: Statement[] = [...first.values()].map((h) => ({
      sql: `INSERT INTO detections (id, indicator_id, indicator_name, originator, open_key, state, count, first_seen, last_seen, sighting_id, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, 'new', 0, ?, ?, ?, ?, ?) ON CONFLICT (open_key) DO NOTHING`,
      params: [`detection--${randomUUID()}`, h.indicatorId, h.indicatorName, h.originator, h.indicatorId, h.seen, h.seen, `sighting--${randomUUID()}`, at, at],
    }));
    const files: Statement[] = hits.flatMap((h) => {
      const e: DetectionEvidence = h.evidence;
      return [{
        sql: `INSERT INTO detection_hits (indicator_id, hit_key, detection_id, seen)
              SELECT ?, ?, id, ? FROM detections WHERE open_key = ? ON CONFLICT (indicator_id, hit_key) DO NOTHING`,
        params: [h.indicatorId, h.key, h.seen, h.indicatorId],
      }, {
        sql: `INSERT INTO detection_evidence (detection_id, hit_key, seen, source, line, event_type, path, value, why, raw, event_values, observed_data_id)
              SELECT d.id, ?, ?, ?, CAST(? AS INTEGER), ?, ?, ?, ?, ?, ?, ? FROM detections d
              WHERE d.open_key = ? AND EXISTS (SELECT 1 FROM detection_hits h WHERE h.indicator_id = ? AND h.hit_key = ? AND h.detection_id = d.id)
                AND (SELECT count(*) FROM detection_evidence x WHERE x.detection_id = d.id) < ${EVIDENCE_SAMPLE}
              ON CONFLICT (detection_id, hit_key) DO NOTHING`,
        params: [h.key, e.seen, e.source, e.line, e.eventType, e.path, e.value, e.why, e.raw, e.values, e.observedDataId, h.indicatorId, h.indicatorId, h.key],
      }];
    });
    const recounts: Statement[] = indicators.map((id) => ({
      sql: `UPDATE detections SET count = (${COUNT}),
              first_seen = (SELECT min(h.seen) FROM detection_hits h WHERE h.detection_id = detections.id),
              last_seen = (SELECT max(h.seen) FROM detection_hits h WHERE h.detection_id = detections.id), updated_at = ?
            WHERE open_key = ? AND count <> (${COUNT})`,
      params: [at, id],
    }));
    // An alert opened for hits that were all recorded before (under an alert since closed) holds none: it goes.
    const empties: Statement[] = indicators.map((id) => ({ sql: 'DELETE FROM detections WHERE open_key = ? AND count = 0', params: [id] }));
    const changed = await this.db.batch([...opens, ...files, ...recounts, ...empties]);
    const opened = new Set(indicators.filter((_, i) => changed[i] === 1));
    const recounted = indicators.filter((_, i) => changed[opens.length + files.length + i] === 1);
    if (recounted.length === 0) return [];
    const rows = await this.db.query<{ id: string; indicator_id: string }>(`SELECT id, indicator_id FROM detections WHERE open_key IN (${marks(recounted.length)})`, recounted);
    return rows.map((r) => ({ id: r.id, indicatorId: r.indicator_id, raised: opened.has(r.indicator_id) }));
  }

  async get(id: string): Promise<DetectionRecord | undefined> {
    return (await this.read('WHERE id = ?', [id], 1))[0];
  }

  list(q: DetectionQuery): Promise<DetectionRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.state !== undefined) {
      where.push('state = ?');
      params.push(q.state);
    }
    if (q.indicatorId !== undefined) {
      where.push('indicator_id = ?');
      params.push(q.indicatorId);
    }
    return this.read(where.length > 0 ? `WHERE ${where.join(' AND ')}` : '', params, q.limit ?? 100);
  }

  async transition(id: string, c: AlertChange): Promise<boolean> {
    // An open alert holds its indicator's open_key; a closed one gives it up.
    const open = OPEN_STATES.includes(c.to);
    try {
      const [recorded, updated] = await this.db.batch(stateChange({ table: 'detections', changes: 'detection_changes', key: 'detection_id' }, id, c, `, open_key = ${open ? 'indicator_id' : 'NULL'}`));
      return recorded === 1 && updated === 1;
    } catch (err) {
      if (this.db.isUniqueViolation(err)) throw new AccordError('conflict', 'store.detection-open', `a newer alert of the same indicator is open; ${id} cannot be reopened`);
      throw err;
    }
  }

  async setSightingVersion(id: string, version: string): Promise<void> {
    await this.db.batch([{ sql: 'UPDATE detections SET sighting_version = ? WHERE id = ?', params: [version, id] }]);
  }

  async markShared(id: string, version: string, at: string): Promise<void> {
    await this.db.batch([{ sql: 'UPDATE detections SET shared_version = ?, shared_at = ? WHERE id = ?', params: [version, at, id] }]);
  }

  private async read(where: string, params: readonly unknown[], limit: number): Promise<DetectionRecord[]> {
    const rows = await this.db.query<DetectionRow>(
      `SELECT id, indicator_id, indicator_name, originator, state, count, first_seen, last_seen, created_at, updated_at, sighting_id, sighting_version, shared_version, shared_at
       FROM detections ${where} ORDER BY updated_at DESC, id LIMIT ${Math.max(1, Math.min(Math.trunc(limit), 10_000))}`, params);
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const evidence = await this.db.query<EvidenceRow>(
      `SELECT detection_id, seen, source, line, event_type, path, value, why, raw, event_values, observed_data_id FROM detection_evidence
       WHERE detection_id IN (${marks(ids.length)}) ORDER BY detection_id, seen, hit_key`, ids);
    const changes = await this.db.query<ChangeRow>(
      `SELECT detection_id, at, actor, from_state, to_state, note FROM detection_changes WHERE detection_id IN (${marks(ids.length)}) ORDER BY detection_id, seq`, ids);
    return rows.map((r) => ({
      id: r.id, indicatorId: r.indicator_id, indicatorName: r.indicator_name, originator: r.originator, state: r.state as AlertState, count: Number(r.count),
      firstSeen: r.first_seen, lastSeen: r.last_seen, createdAt: r.created_at, updatedAt: r.updated_at, sightingId: r.sighting_id,
      sightingVersion: r.sighting_version, sharedVersion: r.shared_version, sharedAt: r.shared_at,
      evidence: evidence.filter((e) => e.detection_id === r.id).map((e) => ({
        seen: e.seen, source: e.source, line: e.line === null ? null : Number(e.line), eventType: e.event_type, path: e.path, value: e.value, why: e.why,
        raw: e.raw, values: e.event_values, observedDataId: e.observed_data_id,
      })),
      changes: changes.filter((c) => c.detection_id === r.id).map((c) => ({ at: c.at, actor: c.actor, from: c.from_state as AlertState, to: c.to_state as AlertState, note: c.note })),
    }));
  }
}
