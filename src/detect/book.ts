// Detection alerts as the CLI and the API use them: listed, shown, moved between states (audited;
// marking one a false positive can file a false-positive sighting), their sighting shared back to
// the indicator's originator with one action, sightings reported by hand (a sighting, a false
// positive, an expiry), and every sighting the node holds of an indicator gathered with totals per
// member and per type. Sharing itself belongs to the sharing area, which detection may not import:
// the caller hands in a `publish` function (the publishing service's shareObjects, with its four-
// eyes rule, signatures, audit and visibility).
import { AccordError, newStixId, SIGHTING_TYPES, type SightingType } from '../stix/index.js';
import { prepareObject, type AlertState, type DetectionRecord, type Store } from '../store/index.js';
import type { DetectionAudit } from './alerts.js';
import { buildSighting, readSighting, type SightingFields } from './sightings.js';

export const DETECTION_STATES: readonly AlertState[] = ['new', 'acknowledged', 'resolved', 'false-positive'];
/** The TLP a sighting is shared back under unless another is asked for: the originator, and only it, may read it. */
export const SIGHTING_TLP = 'amber+strict';

/** One object version to share. */
export interface ShareRef { readonly id: string; readonly version?: string }
/** What the sharing area's shareObjects reports (the part detection reads). */
export interface PublishOutcome {
  readonly shared: number;
  readonly refused: readonly { readonly id: string; readonly code: string; readonly reason: string }[];
  readonly publication?: { readonly id: string };
}
/** Shares versions with one member under a TLP (the caller binds the publishing service and the person). */
export type Publish = (refs: readonly ShareRef[], terms: { readonly tlp: string; readonly audience: { readonly kind: 'members'; readonly members: string[] }; readonly relay: false }) => Promise<PublishOutcome>;

/** What sharing back did. */
export interface SharedBack {
  readonly alert?: DetectionRecord;
  readonly sighting: { readonly id: string; readonly version: string };
  readonly originator: string;
  readonly objects: number;
  readonly outcome: PublishOutcome;
}

/** Every sighting the node holds of one indicator, and totals. */
export interface GatheredSightings {
  readonly indicator: string;
  readonly sightings: readonly SightingFields[];
  /** Per member (where sighted) and type: how many sightings, and their counts summed. */
  readonly byMember: readonly { readonly member: string; readonly type: SightingType; readonly sightings: number; readonly count: number }[];
  readonly byType: Readonly<Record<SightingType, { readonly sightings: number; readonly count: number }>>;
}

const PAGE = 1000;

export class DetectionBook {
  constructor(private readonly store: Store, private readonly self: string, private readonly audit: DetectionAudit, private readonly clock: () => Date = () => new Date()) {}

  list(query: { readonly state?: AlertState; readonly indicatorId?: string; readonly limit?: number } = {}): Promise<DetectionRecord[]> {
    return this.store.detections.list(query);
  }

  /** One alert; throws `detection.not-found`. */
  async get(id: string): Promise<DetectionRecord> {
    const a = await this.store.detections.get(id);
    if (a === undefined) throw new AccordError('not-found', 'detection.not-found', `there is no detection alert "${id}" (see accord detections list)`);
    return a;
  }

  /**
   * Moves an alert to `to` (audited); throws `detection.not-found`, or `detection.bad-transition`.
   * Marking it a false positive also files a false-positive sighting of its indicator, returned.
   */
  async change(id: string, to: AlertState, actor: string, note?: string): Promise<{ alert: DetectionRecord; falsePositive?: SightingFields }> {
    const a = await this.get(id);
    if (to === 'new') throw new AccordError('conflict', 'detection.bad-transition', `an alert is never made new again (${id})`);
    if (to === a.state) throw new AccordError('conflict', 'detection.bad-transition', `the alert ${id} is ${to} already`);
    const change = { at: this.clock().toISOString(), actor, from: a.state, to, note: note ?? null };
    if (!(await this.store.detections.transition(id, change))) {
      throw new AccordError('conflict', 'detection.bad-transition', `the alert ${id} changed state meanwhile; read it again`);
    }
    await this.audit.record({ actor, action: 'detection.state-changed', target: id, details: { from: a.state, to, note: note ?? null, indicator: a.indicatorId } });
    const alert = { ...a, state: to, changes: [...a.changes, change] };
    if (to !== 'false-positive') return { alert };
    const falsePositive = await this.report(a.indicatorId, 'false-positive', actor, { count: 1, ...(note !== undefined ? { note } : {}), alert: id });
    return { alert, falsePositive };
  }

  /** Files a sighting of an indicator held here, by this member, of a type (audited); local until shared. */
  async report(indicator: string, type: SightingType, actor: string, opts: { readonly count?: number; readonly note?: string; readonly alert?: string } = {}): Promise<SightingFields> {
    if (!SIGHTING_TYPES.includes(type)) throw new AccordError('invalid', 'sighting.bad-type', `a sighting's type is one of ${SIGHTING_TYPES.join(', ')}, not "${String(type)}"`);
    if (this.self === '') throw new AccordError('unavailable', 'detection.unavailable', 'this node\'s member identity is not known here, so it cannot file sightings');
    const count = opts.count ?? 1;
    if (!Number.isInteger(count) || count < 0 || count > 999_999_999) throw new AccordError('invalid', 'sighting.bad-count', `a sighting's count is a whole number from 0 to 999,999,999, not ${count}`);
    await this.indicator(indicator);
    const now = this.clock().toISOString();
    const o = buildSighting({
      id: newStixId('sighting'), created: now, modified: now, self: this.self, indicator, type, count, firstSeen: now, lastSeen: now,
      ...(opts.note !== undefined && opts.note !== '' ? { description: opts.note } : {}),
    });
    await this.store.objects.put([prepareObject(o)]);
    await this.audit.record({ actor, action: 'sighting.reported', target: String(o.id), details: { indicator, type, count, ...(opts.alert !== undefined ? { alert: opts.alert } : {}) } });
    return readSighting(o) as SightingFields;
  }

  /**
   * Shares an alert's current sighting version with the indicator's originator alone (and, with
   * evidence, the observed-data and SCOs it refers to); audited.
   */
  async share(id: string, publish: Publish, actor: string, opts: { readonly withEvidence?: boolean; readonly tlp?: string } = {}): Promise<SharedBack> {
    const alert = await this.get(id);
    if (alert.sightingVersion === null) throw new AccordError('conflict', 'detection.no-sighting', `the alert ${id} has no sighting stored yet`);
    const refs: ShareRef[] = [{ id: alert.sightingId, version: alert.sightingVersion }];
    if (opts.withEvidence === true) refs.push(...(await this.evidenceRefs(alert)));
    const back = await this.shareWith(alert.indicatorId, alert.originator, refs, publish, opts.tlp);
    const shared = back.outcome.publication === undefined && back.outcome.shared > 0;
    if (shared) await this.store.detections.markShared(id, alert.sightingVersion, this.clock().toISOString());
    await this.audit.record({
      actor, action: 'detection.shared', target: id,
      details: { sighting: alert.sightingId, version: alert.sightingVersion, originator: back.originator, evidence: opts.withEvidence === true, objects: refs.length, shared: back.outcome.shared, refused: back.outcome.refused.length, ...(back.outcome.publication !== undefined ? { publication: back.outcome.publication.id } : {}) },
    });
    return { ...back, alert: shared ? { ...alert, sharedVersion: alert.sightingVersion } : alert, sighting: { id: alert.sightingId, version: alert.sightingVersion } };
  }

  /** Shares a sighting this member reported with the indicator's originator alone; audited. */
  async shareSighting(sighting: SightingFields, publish: Publish, actor: string, tlp?: string): Promise<SharedBack> {
    const back = await this.shareWith(sighting.indicator, (await this.indicator(sighting.indicator)).originator, [{ id: sighting.id, version: sighting.version }], publish, tlp);
    await this.audit.record({ actor, action: 'detection.shared', target: sighting.id, details: { sighting: sighting.id, version: sighting.version, type: sighting.type, originator: back.originator, shared: back.outcome.shared, refused: back.outcome.refused.length } });
    return { ...back, sighting: { id: sighting.id, version: sighting.version } };
  }

  /** Every sighting the node holds of an indicator (own and other members'), with totals. */
  async sightingsOf(indicator: string): Promise<GatheredSightings> {
    const sightings: SightingFields[] = [];
    // Sightings are found by reading every held sighting's latest version (no index by sighting_of_ref yet).
    for (let after = 0; ;) {
      const page = await this.store.objects.list({ types: ['sighting'], versions: 'last', after, limit: PAGE });
      for (const s of page.items) {
        const f = readSighting(JSON.parse(s.json) as Record<string, unknown>);
        if (f !== undefined && f.indicator === indicator) sightings.push(f);
      }
      const last = page.items.at(-1);
      if (!page.more || last === undefined) break;
      after = last.added;
    }
    sightings.sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : a.id < b.id ? -1 : 1));
    const members = new Map<string, { member: string; type: SightingType; sightings: number; count: number }>();
    const byType = Object.fromEntries(SIGHTING_TYPES.map((t) => [t, { sightings: 0, count: 0 }])) as Record<SightingType, { sightings: number; count: number }>;
    for (const s of sightings) {
      byType[s.type].sightings++;
      byType[s.type].count += s.count;
      for (const member of s.by.length > 0 ? s.by : ['unknown']) {
        const k = `${member} ${s.type}`;
        const m = members.get(k) ?? { member, type: s.type, sightings: 0, count: 0 };
        m.sightings++;
        m.count += s.count;
        members.set(k, m);
      }
    }
    return { indicator, sightings, byMember: [...members.values()].sort((a, b) => (a.member === b.member ? SIGHTING_TYPES.indexOf(a.type) - SIGHTING_TYPES.indexOf(b.type) : a.member < b.member ? -1 : 1)), byType };
  }

  /** A held sighting, latest version; throws `sighting.not-found`. */
  async sighting(id: string): Promise<SightingFields> {
    const [latest] = (await this.store.objects.versions(id)).filter((v) => v.latest);
    const f = latest === undefined ? undefined : readSighting(JSON.parse(latest.json) as Record<string, unknown>);
    if (f === undefined) throw new AccordError('not-found', 'sighting.not-found', `no sighting ${id} is held on this node`);
    return f;
  }

  private async shareWith(indicator: string, originator: string | null, refs: readonly ShareRef[], publish: Publish, tlp = SIGHTING_TLP): Promise<Omit<SharedBack, 'sighting'>> {
    if (originator === null) throw new AccordError('conflict', 'detection.no-originator', `the indicator ${indicator} names no creator (created_by_ref): there is no originator to share the sighting back to`);
    if (originator === this.self) throw new AccordError('conflict', 'detection.own-indicator', `the indicator ${indicator} is this member's own: there is nobody to share the sighting back to`);
    const outcome = await publish(refs, { tlp, audience: { kind: 'members', members: [originator] }, relay: false });
    return { originator, objects: refs.length, outcome };
  }

  /** The observed-data of an alert's evidence and the SCOs they refer to, as held. */
  private async evidenceRefs(alert: DetectionRecord): Promise<ShareRef[]> {
    const refs: ShareRef[] = [];
    const seen = new Set<string>();
    for (const e of alert.evidence) {
      const [od] = (await this.store.objects.versions(e.observedDataId)).filter((v) => v.latest);
      if (od === undefined || seen.has(od.id)) continue;
      seen.add(od.id);
      refs.push({ id: od.id, version: od.version });
      const o = JSON.parse(od.json) as { object_refs?: unknown };
      for (const r of Array.isArray(o.object_refs) ? o.object_refs : []) {
        if (typeof r !== 'string' || seen.has(r)) continue;
        seen.add(r);
        refs.push({ id: r });
      }
    }
    return refs;
  }

  /** An indicator held here (latest version); throws `detection.no-indicator`. */
  private async indicator(id: string): Promise<{ originator: string | null }> {
    const [latest] = (await this.store.objects.versions(id)).filter((v) => v.latest);
    if (latest === undefined || latest.type !== 'indicator') throw new AccordError('not-found', 'detection.no-indicator', `no indicator ${id} is held on this node`);
    const o = JSON.parse(latest.json) as { created_by_ref?: unknown };
    return { originator: typeof o.created_by_ref === 'string' ? o.created_by_ref : null };
  }
}
