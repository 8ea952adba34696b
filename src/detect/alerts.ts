// From matches to detection alerts and their sightings (issue 8, item 2; docs/detection.md,
// "Alerts and sightings"). A batch of Detections is recorded in one transaction: each hit joins
// its indicator's open alert (counted once however often its log is read again: a hit is keyed by
// its source, line and event text), and the first hits of an alert are kept as evidence, each
// event stored as a STIX observed-data with its SCOs. Every alert whose count changed gets a new
// version of its aggregated STIX sighting (count, first_seen, last_seen, observed_data_refs,
// where_sighted_refs = this member). All of it is stored as local objects without any share
// record: nothing about the member's traffic leaves the node unless the member shares it.
import { createHash } from 'node:crypto';
import { deterministicScoId, newStixId, uuidv5 } from '../stix/index.js';
import { prepareObject, versionsOfIds, type DetectionHit, type DetectionRecord, type Store } from '../store/index.js';
import type { Detection } from './detector.js';
import { eventObservedData, type LogEvent } from './event.js';
import { buildSighting } from './sightings.js';

/** The evidence text kept of an event, at most. */
const MAX_RAW = 4096;
/** The namespace of the observed-data ids derived from hit keys (so that recording again stores nothing new). */
const EVIDENCE_NAMESPACE = 'b7d4c6a2-3f1e-4c8b-9a5d-2e7f0c1b6a93';

/** What detection writes to the audit log (the audit area's AuditLog, handed in by the server or CLI). */
export type DetectionAuditAction = 'detection.raised' | 'detection.state-changed' | 'detection.shared' | 'sighting.reported';
export interface DetectionAudit {
  record(event: { readonly actor: string; readonly action: DetectionAuditAction; readonly target?: string; readonly details?: Readonly<Record<string, unknown>> }): Promise<unknown>;
}

/** Who records: this node's member (the sightings' creator and where they were sighted), and the audit log. */
export interface RecordContext {
  readonly self: string;
  readonly audit?: DetectionAudit;
  /** The audit actor (default `detect`). */
  readonly actor?: string;
}

/** What recording a batch did. */
export interface RecordedAlerts {
  /** Alerts opened by this batch. */
  readonly raised: readonly DetectionRecord[];
  /** Open alerts this batch added hits to. */
  readonly updated: readonly DetectionRecord[];
}

/** The key that makes a hit the same hit again: its source, line and event text. */
function hitKey(d: Detection): string {
  const text = d.raw ?? JSON.stringify({ type: d.event.type, time: d.event.time, values: [...d.event.values] });
  return createHash('sha256').update(`${d.source}\u0000${d.line ?? ''}\u0000${text}`).digest('hex').slice(0, 40);
}

/** The event's time as an ISO timestamp (milliseconds), else `now`. */
function seenAt(event: LogEvent, now: string): string {
  const t = event.time === undefined ? Number.NaN : Date.parse(event.time);
  return Number.isNaN(t) ? now : new Date(t).toISOString();
}

/** Why the indicator matched, in words. */
export function whyMatched(d: Detection): string {
  const { hit } = d;
  const what = hit.path !== undefined ? `${hit.path} = ${JSON.stringify(hit.value)}` : undefined;
  if (hit.by === 'index') return `${what ?? 'a value'} is a value of the indicator's pattern`;
  return what !== undefined ? `${what} selected the indicator, and its whole pattern holds on the event` : 'the indicator\'s whole pattern holds on the event';
}

/**
 * The event as STIX 2.1 observed-data by this member, with its SCOs under their deterministic ids
 * (§2.9), so that the same event is the same objects however often it is recorded.
 */
export function evidenceObjects(event: LogEvent, observedDataId: string, seen: string, self: string): Record<string, unknown>[] {
  const local = eventObservedData(event, '');
  const ids = new Map<string, string>();
  const out: Record<string, unknown>[] = [];
  for (const o of local) {
    if (o.type === 'observed-data') continue;
    const { id: localId, ...rest } = o;
    const sco: Record<string, unknown> = { spec_version: '2.1', ...(JSON.parse(JSON.stringify(rest)) as Record<string, unknown>) };
    for (const ref of ['src_ref', 'dst_ref'] as const) if (typeof sco[ref] === 'string') sco[ref] = ids.get(sco[ref]);
    // STIX requires at least one protocol; an event that names none (a DNS log line) is at least IP traffic.
    if (sco.type === 'network-traffic' && Array.isArray(sco.protocols) && sco.protocols.length === 0) {
      sco.protocols = [[sco.src_ref, sco.dst_ref].some((r) => typeof r === 'string' && r.startsWith('ipv6-addr--')) ? 'ipv6' : 'ipv4'];
    }
    const id = deterministicScoId(sco) ?? newStixId(String(sco.type));
    ids.set(String(localId), id);
    out.push({ ...sco, id });
  }
  if (out.length === 0) return [];
  const refs = [...new Set(out.map((o) => String(o.id)))];
  return [...out, {
    type: 'observed-data', spec_version: '2.1', id: observedDataId, created: seen, modified: seen, created_by_ref: self,
    first_observed: seen, last_observed: seen, number_observed: 1, object_refs: refs,
  }];
}

/** The name and creator of each indicator, from its latest stored version. */
async function indicatorsOf(store: Store, ids: readonly string[]): Promise<Map<string, { name: string | null; originator: string | null }>> {
  const out = new Map<string, { name: string | null; originator: string | null }>();
  for await (const { items } of versionsOfIds(store, ids, 'last')) {
    for (const s of items) {
      const o = JSON.parse(s.json) as Record<string, unknown>;
      out.set(s.id, { name: typeof o.name === 'string' ? o.name : null, originator: typeof o.created_by_ref === 'string' ? o.created_by_ref : null });
    }
  }
  return out;
}

/** A version timestamp after `previous` (when given), at `now` if it can be. */
export function nextVersion(now: string, previous: string | null): string {
  if (previous === null || Date.parse(now) > Date.parse(previous)) return now;
  return new Date(Date.parse(previous) + 1).toISOString();
}

/** Stores a new version of an alert's aggregated sighting (when its count changed) and notes it on the alert. */
export async function storeSighting(store: Store, alert: DetectionRecord, self: string, now: string): Promise<DetectionRecord> {
  const next = nextVersion(now, alert.sightingVersion);
  const sighting = buildSighting({
    id: alert.sightingId, created: alert.createdAt, modified: next < alert.createdAt ? alert.createdAt : next, self, indicator: alert.indicatorId,
    type: 'sighting', count: alert.count, firstSeen: alert.firstSeen, lastSeen: alert.lastSeen, observedData: alert.evidence.map((e) => e.observedDataId),
  });
  await store.objects.put([prepareObject(sighting)]);
  await store.detections.setSightingVersion(alert.id, String(sighting.modified));
  return { ...alert, sightingVersion: String(sighting.modified) };
}

/**
 * Records a batch of matches as alerts and sightings (see the header), in one transaction for the
 * alerts; returns the alerts raised and updated, with their new sighting versions.
 */
export async function recordDetections(store: Store, detections: readonly Detection[], now: string, ctx: RecordContext): Promise<RecordedAlerts> {
  if (detections.length === 0) return { raised: [], updated: [] };
  const indicators = await indicatorsOf(store, [...new Set(detections.map((d) => d.hit.indicator))]);
  const byKey = new Map<string, { detection: Detection; seen: string }>();
  const hits: DetectionHit[] = detections.map((d) => {
    const key = hitKey(d);
    const seen = seenAt(d.event, now);
    byKey.set(`${d.hit.indicator} ${key}`, { detection: d, seen });
    const known = indicators.get(d.hit.indicator);
    return {
      indicatorId: d.hit.indicator, indicatorName: known?.name ?? null, originator: known?.originator ?? null, key, seen,
      evidence: {
        seen, source: d.source, line: d.line ?? null, eventType: d.event.type, path: d.hit.path ?? null, value: d.hit.value === undefined ? null : String(d.hit.value),
        why: whyMatched(d), raw: d.raw === undefined ? null : d.raw.slice(0, MAX_RAW), values: JSON.stringify(Object.fromEntries(d.event.values)),
        observedDataId: `observed-data--${uuidv5(EVIDENCE_NAMESPACE, `${d.hit.indicator} ${key}`)}`,
      },
    };
  });
  const touched = await store.detections.record(hits, now);
  const raised: DetectionRecord[] = [];
  const updated: DetectionRecord[] = [];
  for (const t of touched) {
    const alert = await store.detections.get(t.id);
    if (alert === undefined) continue;
    // The evidence of this batch becomes observed-data (the same event is the same objects again).
    const evidence = hits.filter((h) => h.indicatorId === alert.indicatorId && alert.evidence.some((e) => e.observedDataId === h.evidence.observedDataId));
    const objects = evidence.flatMap((h) => {
      const d = byKey.get(`${h.indicatorId} ${h.key}`);
      return d === undefined ? [] : evidenceObjects(d.detection.event, h.evidence.observedDataId, d.seen, ctx.self);
    });
    const unique = [...new Map(objects.map((o) => [String(o.id), o])).values()];
    if (unique.length > 0) await store.objects.put(unique.map((o) => prepareObject(o)));
    const stored = await storeSighting(store, alert, ctx.self, now);
    (t.raised ? raised : updated).push(stored);
    if (t.raised) {
      await ctx.audit?.record({
        actor: ctx.actor ?? 'detect', action: 'detection.raised', target: alert.id,
        details: { indicator: alert.indicatorId, originator: alert.originator, count: alert.count, first: alert.evidence[0] !== undefined ? { source: alert.evidence[0].source, line: alert.evidence[0].line, why: alert.evidence[0].why } : null },
      });
    }
  }
  return { raised, updated };
}
