// STIX 2.1 into MISP events (issue 7, "Export to MISP"): the reverse of misp.ts, so that partners
// still on MISP can pull what a member shares as a MISP feed (manifest.json, one file per event,
// hashes.csv — the layout MISP's feed generator writes and MISP pulls). docs/misp.md has the tables.
//
//   report / grouping        → Event (uuid, info, date, timestamp, published; its labels → Tags)
//   indicator (STIX pattern) → Attribute (to_ids) of the type its comparisons make
//                              (misp-attributes.ts), or an Object when it was one (`misp:name` label)
//   indicator (snort, yara, sigma) → Attribute of that type
//   observed-data            → the same from its observables, not to_ids
//   vulnerability, campaign, threat-actor, note → vulnerability, campaign-name, threat-actor, text
//   attack-pattern, malware, tool, intrusion-set, course-of-action (and galaxy threat actors)
//                            → Galaxy clusters, on the attribute they are related to, else the event
//   sighting → Sighting type 0, 1 (false positive) or 2 (expiry); opinion (disagree) → type 1
//   relationship between two Objects → ObjectReference
//   TLP marking              → tlp: tag, and the event's distribution (CLEAR all communities,
//                              GREEN this community, AMBER your organisation only)
// Objects no report names are gathered into one event per creator and day. What cannot be
// written (a pattern no attribute can hold, a relationship MISP cannot carry) comes back in
// `unmapped`, never dropped silently.
import { createHash } from 'node:crypto';
import { sightingType, tlpLevelOfMarking, tlpRank, type TlpLevel } from '../stix/index.js';
import { galaxySdoType, type MispIssue } from './misp.js';
import { mispDerivedUuid, termsOfPattern, termsToMisp, type Term } from './misp-attributes.js';

type Rec = Readonly<Record<string, unknown>>;
type MispAttribute = Record<string, unknown>;
type MispEvent = Record<string, unknown>;

/** The organisation that publishes the feed (this member): the Org of every event. */
export interface MispPublisher {
  readonly name: string;
  readonly uuid: string;
}

export interface MispFeed {
  readonly events: readonly { readonly Event: MispEvent }[];
  /** manifest.json: event uuid → the event's summary. */
  readonly manifest: Record<string, Record<string, unknown>>;
  /** hashes.csv rows: MD5 of each attribute value, event uuid. */
  readonly hashes: readonly (readonly [string, string])[];
  readonly unmapped: readonly MispIssue[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const uuidOf = (id: string): string => id.slice(id.indexOf('--') + 2);
const epoch = (t: unknown): string => (typeof t === 'string' && Number.isFinite(Date.parse(t)) ? String(Math.floor(Date.parse(t) / 1000)) : '0');

function labels(o: Rec): string[] {
  return Array.isArray(o.labels) ? o.labels.filter((l): l is string => typeof l === 'string') : [];
}

/** The value of a `misp:<key>="…"` label. */
function mispLabel(o: Rec, key: string): string | undefined {
  const prefix = `misp:${key}="`;
  const l = labels(o).find((x) => x.startsWith(prefix) && x.endsWith('"'));
  return l?.slice(prefix.length, -1);
}

/** Labels that are tags (not the misp: bookkeeping this mapping writes). */
function tagLabels(o: Rec): string[] {
  return labels(o).filter((l) => !/^misp:(type|category|to_ids|name|meta-category|threat_level_id|analysis|galaxy-type)="/.test(l) && l !== 'Threat-Report');
}

function tlpOf(o: Rec): TlpLevel | undefined {
  const refs = Array.isArray(o.object_marking_refs) ? o.object_marking_refs : [];
  let tlp: TlpLevel | undefined;
  for (const r of refs) {
    const level = typeof r === 'string' ? tlpLevelOfMarking(r) : undefined;
    if (level !== undefined && (tlp === undefined || tlpRank(level) > tlpRank(tlp))) tlp = level;
  }
  return tlp;
}

function tags(o: Rec, withTlp = true): { name: string }[] {
  const tlp = withTlp ? tlpOf(o) : undefined;
  return [...(tlp !== undefined ? [`tlp:${tlp}`] : []), ...tagLabels(o)].map((name) => ({ name }));
}

const CATEGORY_OF: Readonly<Record<string, string>> = {
  'ipv4-addr': 'Network activity', 'ipv6-addr': 'Network activity', 'domain-name': 'Network activity', url: 'Network activity', 'network-traffic': 'Network activity',
  'autonomous-system': 'Network activity', 'mac-addr': 'Network activity', 'x509-certificate': 'Network activity',
  'email-addr': 'Payload delivery', 'email-message': 'Payload delivery', file: 'Payload delivery', mutex: 'Artifacts dropped', 'windows-registry-key': 'Persistence mechanism',
};

/** The comparisons an observed-data's observables make (the observables other observables refer to are read through them). */
function termsOfObservables(od: Rec, byId: ReadonlyMap<string, Rec>): Term[] {
  const scos = (Array.isArray(od.object_refs) ? od.object_refs : []).map((r) => byId.get(String(r))).filter((s): s is Rec => s !== undefined);
  const referenced = new Set<string>();
  for (const s of scos) for (const k of ['resolves_to_refs', 'dst_ref', 'src_ref']) for (const r of [s[k]].flat()) if (typeof r === 'string') referenced.add(r);
  const terms: Term[] = [];
  const eq = (object: string, path: string, value: unknown): void => {
    if (typeof value === 'string' || typeof value === 'number') terms.push({ object, path, op: '=', value });
  };
  for (const s of scos) {
    if (referenced.has(String(s.id))) continue;
    const type = String(s.type);
    for (const p of ['value', 'name', 'key', 'subject', 'number', 'size']) eq(type, p, s[p]);
    if (s.hashes !== null && typeof s.hashes === 'object') {
      for (const [k, v] of Object.entries(s.hashes)) eq(type, /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `hashes.${k}` : `hashes.'${k}'`, v);
    }
    for (const [k, path] of [['resolves_to_refs', 'resolves_to_refs[*].value'], ['dst_ref', 'dst_ref.value'], ['src_ref', 'src_ref.value']] as const) {
      for (const r of [s[k]].flat()) {
        const target = typeof r === 'string' ? byId.get(r) : undefined;
        if (target !== undefined && typeof target.value === 'string') terms.push({ object: type, path, op: '=', value: target.value, ref: String(target.type) });
      }
      if (k !== 'resolves_to_refs') eq(type, k.replace('_ref', '_port'), s[k.replace('_ref', '_port')]);
    }
  }
  return terms;
}

/** A MISP object's attribute for one comparison (the relation named after the attribute type). */
function objectAttribute(t: Term): { type: string; value: string; relation: string } | undefined {
  if (t.ref !== undefined && t.path === 'resolves_to_refs[*].value') return { type: 'ip-dst', value: String(t.value), relation: 'ip' };
  const one = termsToMisp([t]);
  return one === undefined ? undefined : { ...one, relation: one.type === 'ip-dst' ? 'ip' : one.type };
}

/** Builds MISP events from STIX objects. */
export class MispExport {
  private readonly byId = new Map<string, Rec>();
  private readonly order: string[] = [];

  constructor(private readonly publisher: MispPublisher) {}

  add(object: Rec): void {
    const id = String(object.id);
    if (!this.byId.has(id)) this.order.push(id);
    this.byId.set(id, object);
  }

  /** The feed of every report (and the loose objects by creator and day). */
  feed(): MispFeed {
    const unmapped: MispIssue[] = [];
    const inReport = new Set<string>();
    const groups: { head: Rec | undefined; key: string; members: string[] }[] = [];
    for (const id of this.order) {
      const o = this.byId.get(id) as Rec;
      if (o.type !== 'report' && o.type !== 'grouping') continue;
      const members = (Array.isArray(o.object_refs) ? o.object_refs : []).map(String).filter((r) => this.byId.has(r));
      for (const m of members) inReport.add(m);
      groups.push({ head: o, key: uuidOf(id), members });
    }
    // Clusters related to a report's element travel with it (as galaxies on the element).
    for (const o of this.byId.values()) {
      if (o.type === 'relationship' && inReport.has(String(o.source_ref)) && galaxySdo(this.byId.get(String(o.target_ref)))) inReport.add(String(o.target_ref));
    }
    const loose = new Map<string, string[]>();
    for (const id of this.order) {
      const o = this.byId.get(id) as Rec;
      if (inReport.has(id) || !['indicator', 'observed-data', 'vulnerability', 'campaign', 'threat-actor', 'note', 'attack-pattern', 'malware', 'tool', 'intrusion-set', 'course-of-action'].includes(String(o.type))) continue;
      const key = `${typeof o.created_by_ref === 'string' ? o.created_by_ref : ''}\n${str(o.created).slice(0, 10)}`;
      loose.set(key, [...(loose.get(key) ?? []), id]);
    }
    for (const [key, members] of loose) groups.push({ head: undefined, key: mispDerivedUuid('loose', key), members });

    const events: { Event: MispEvent }[] = [];
    const manifest: Record<string, Record<string, unknown>> = {};
    const hashes: [string, string][] = [];
    for (const g of groups) {
      const event = this.event(g.head, g.key, g.members, unmapped);
      if (event === undefined) continue;
      events.push({ Event: event });
      const { uuid, info, date, analysis, threat_level_id: threat, timestamp, Orgc, Tag } = event as Record<string, unknown>;
      manifest[String(uuid)] = { Orgc, Tag, info, date, analysis, threat_level_id: threat, timestamp };
      const all = [...(event.Attribute as MispAttribute[]), ...(event.Object as { Attribute: MispAttribute[] }[]).flatMap((ob) => ob.Attribute)];
      for (const a of all) for (const v of String(a.value).split('|')) hashes.push([createHash('md5').update(v).digest('hex'), String(uuid)]);
    }
    return { events, manifest, hashes, unmapped };
  }

  private event(head: Rec | undefined, uuid: string, members: readonly string[], unmapped: MispIssue[]): MispEvent | undefined {
    const attributes: MispAttribute[] = [];
    const objects: Record<string, unknown>[] = [];
    const galaxies = new Map<string, Record<string, unknown>>();
    const attached = new Map<string, string>(); // cluster SDO id → the STIX id of the attribute it hangs on
    const mispOf = new Map<string, MispAttribute | Record<string, unknown>>(); // STIX id → attribute or object
    let tlp: TlpLevel | undefined = head !== undefined ? tlpOf(head) : undefined;

    // Clusters related to an element of this event hang on that element.
    for (const o of this.byId.values()) {
      if (o.type !== 'relationship' || typeof o.source_ref !== 'string' || typeof o.target_ref !== 'string') continue;
      if (members.includes(o.source_ref) && galaxySdo(this.byId.get(o.target_ref))) attached.set(o.target_ref, o.source_ref);
    }
    const eventTags = head !== undefined ? tagLabels(head) : [];
    // The event's TLP is its report's; objects no report names take the strictest of theirs.
    if (head === undefined) {
      for (const id of members) {
        const level = tlpOf(this.byId.get(id) as Rec);
        if (level !== undefined && (tlp === undefined || tlpRank(level) > tlpRank(tlp))) tlp = level;
      }
    }
    for (const id of members) {
      const o = this.byId.get(id) as Rec;
      if (galaxySdo(o)) {
        const cluster = this.cluster(o);
        if (!attached.has(id)) {
          addCluster(galaxies, cluster);
          const tag = cluster.tag as string;
          if (!eventTags.includes(tag)) eventTags.push(tag);
        }
        continue;
      }
      const made = this.element(o, tlp, unmapped);
      if (made === undefined) continue;
      mispOf.set(id, made);
      if (Array.isArray(made.Attribute)) objects.push(made);
      else attributes.push(made);
    }
    // Clusters on their elements, sightings and references.
    for (const [sdo, on] of attached) {
      const target = mispOf.get(on);
      const o = this.byId.get(sdo);
      if (target === undefined || o === undefined) continue;
      const holder = (Array.isArray(target.Attribute) ? (target.Attribute as MispAttribute[])[0] : target) as MispAttribute;
      const cluster = this.cluster(o);
      const list = new Map<string, Record<string, unknown>>((holder.Galaxy as Record<string, unknown>[] | undefined ?? []).map((gx) => [String(gx.type), gx]));
      addCluster(list, cluster);
      holder.Galaxy = [...list.values()];
      holder.Tag = [...(holder.Tag as { name: string }[] | undefined ?? []), { name: cluster.tag as string }];
    }
    for (const o of this.byId.values()) {
      if (o.type === 'sighting' || o.type === 'opinion') this.sighting(o, mispOf);
      if (o.type === 'relationship' && typeof o.source_ref === 'string' && typeof o.target_ref === 'string' && members.includes(o.source_ref)) {
        const source = mispOf.get(o.source_ref);
        const target = mispOf.get(o.target_ref);
        if (attached.has(o.target_ref) || galaxySdo(this.byId.get(o.target_ref))) continue;
        if (source === undefined || target === undefined) continue;
        if (!Array.isArray(source.Attribute)) {
          unmapped.push({ where: String(o.id), reason: `MISP relates objects only: ${o.source_ref} became an attribute, so its "${String(o.relationship_type)}" relationship has no place` });
          continue;
        }
        source.ObjectReference = [...(source.ObjectReference as unknown[] | undefined ?? []), {
          uuid: uuidOf(String(o.id)), object_uuid: source.uuid, referenced_uuid: target.uuid, relationship_type: o.relationship_type, timestamp: epoch(o.modified),
          ...(typeof o.description === 'string' ? { comment: o.description } : {}),
        }];
      }
    }
    if (attributes.length === 0 && objects.length === 0 && galaxies.size === 0 && head === undefined) return undefined;
    const creator = head?.created_by_ref ?? this.byId.get(members[0] ?? '')?.created_by_ref;
    const identity = typeof creator === 'string' ? this.byId.get(creator) : undefined;
    const created = str(head?.created ?? this.byId.get(members[0] ?? '')?.created);
    const modified = [head, ...members.map((m) => this.byId.get(m))].reduce((a, o) => (typeof o?.modified === 'string' && o.modified > a ? o.modified : a), '');
    const published = head?.type === 'report';
    const org = { name: this.publisher.name, uuid: this.publisher.uuid };
    return {
      uuid, info: typeof head?.name === 'string' ? head.name : `${typeof identity?.name === 'string' ? identity.name : 'Accord'}: indicators of ${created.slice(0, 10)}`,
      date: created.slice(0, 10), timestamp: epoch(modified), published, ...(published ? { publish_timestamp: epoch(head?.published ?? modified) } : {}),
      analysis: (head !== undefined ? mispLabel(head, 'analysis') : undefined) ?? '2',
      threat_level_id: (head !== undefined ? mispLabel(head, 'threat_level_id') : undefined) ?? '4',
      distribution: distributionOf(tlp),
      Org: org, Orgc: identity !== undefined ? { name: identity.name, uuid: uuidOf(String(identity.id)) } : org,
      Tag: [...(tlp !== undefined ? [{ name: `tlp:${tlp}` }] : []), ...eventTags.map((name) => ({ name }))],
      Attribute: attributes, Object: objects, Galaxy: [...galaxies.values()],
    };
  }

  /** One element (attribute or object) of an event, or undefined (then reported) when it has none. */
  private element(o: Rec, eventTlp: TlpLevel | undefined, unmapped: MispIssue[]): MispAttribute | undefined {
    const id = String(o.id);
    const own = tlpOf(o);
    // An element marked more strictly than its event is distributed as its own TLP says.
    const distribution = own !== undefined && (eventTlp === undefined || tlpRank(own) > tlpRank(eventTlp)) ? distributionOf(own) : '5';
    const base = (toIds: boolean, cat: string | undefined): MispAttribute => ({
      uuid: uuidOf(id), category: mispLabel(o, 'category') ?? cat ?? 'Other', to_ids: toIds, distribution, timestamp: epoch(o.modified),
      comment: typeof o.description === 'string' ? o.description : '', Tag: tags(o),
      ...(typeof o.valid_from === 'string' && o.valid_from !== o.modified ? { first_seen: o.valid_from } : {}),
      ...(typeof o.first_observed === 'string' && o.first_observed !== o.modified ? { first_seen: o.first_observed } : {}),
      ...(typeof o.valid_until === 'string' ? { last_seen: o.valid_until } : {}),
      ...(typeof o.last_observed === 'string' && o.last_observed !== o.first_observed ? { last_seen: o.last_observed } : {}),
    });
    switch (o.type) {
      case 'indicator':
      case 'observed-data': {
        const toIds = o.type === 'indicator';
        if (toIds && o.pattern_type !== 'stix') {
          const type = String(o.pattern_type);
          if (['snort', 'yara', 'sigma'].includes(type)) return { ...base(true, 'Network activity'), type, value: o.pattern };
          unmapped.push({ where: id, reason: `a ${type} pattern has no MISP attribute type` });
          return undefined;
        }
        const terms = toIds ? (typeof o.pattern === 'string' ? termsOfPattern(o.pattern) : undefined) : termsOfObservables(o, this.byId);
        if (terms === undefined || terms.length === 0) {
          unmapped.push({ where: id, reason: toIds ? 'its pattern is not one observation of equality comparisons; no MISP attribute holds it' : 'its observables give no MISP attribute' });
          return undefined;
        }
        const cat = CATEGORY_OF[terms[0]?.object ?? ''];
        const name = mispLabel(o, 'name');
        const single = name === undefined ? termsToMisp(terms, mispLabel(o, 'type')) : undefined;
        if (single !== undefined) return { ...base(toIds, cat), type: single.type, value: single.value };
        const parts = terms.map(objectAttribute);
        if (parts.some((p) => p === undefined)) {
          unmapped.push({ where: id, reason: `its comparisons (${terms.map((t) => `${t.object}:${t.path}`).join(', ')}) make no MISP attribute or object` });
          return undefined;
        }
        const first = base(toIds, cat);
        return {
          uuid: first.uuid, name: name ?? 'accord-observation', 'meta-category': mispLabel(o, 'meta-category') ?? 'network', distribution, timestamp: first.timestamp,
          comment: first.comment, ...(first.first_seen !== undefined ? { first_seen: first.first_seen } : {}), ...(first.last_seen !== undefined ? { last_seen: first.last_seen } : {}),
          Attribute: (parts as { type: string; value: string; relation: string }[]).map((p, i) => ({
            uuid: mispDerivedUuid(id, String(i)), type: p.type, object_relation: p.relation, value: p.value, to_ids: toIds,
            category: CATEGORY_OF[terms[i]?.object ?? ''] ?? 'Other', distribution: '5', timestamp: first.timestamp, Tag: i === 0 ? first.Tag : [],
          })),
        };
      }
      case 'vulnerability':
      case 'campaign':
      case 'threat-actor': {
        const type = o.type === 'campaign' ? 'campaign-name' : o.type;
        const refs = Array.isArray(o.external_references) ? o.external_references as Rec[] : [];
        const cve = refs.find((r) => r.source_name === 'cve')?.external_id;
        return { ...base(false, o.type === 'vulnerability' ? 'External analysis' : 'Attribution'), type, value: typeof cve === 'string' ? cve : String(o.name) };
      }
      case 'note':
        return { ...base(false, 'Other'), type: mispLabel(o, 'type') ?? 'text', value: String(o.content) };
      default:
        unmapped.push({ where: id, reason: `a ${String(o.type)} has no MISP counterpart` });
        return undefined;
    }
  }

  /** A galaxy cluster of an SDO, with its galaxy type and tag. */
  private cluster(o: Rec): Record<string, unknown> {
    const galaxyType = mispLabel(o, 'galaxy-type') ?? DEFAULT_GALAXY[String(o.type)] ?? String(o.type);
    const refs = Array.isArray(o.external_references) ? o.external_references as Rec[] : [];
    const externalIds = refs.map((r) => r.external_id).filter((e): e is string => typeof e === 'string');
    const aliases: unknown[] = Array.isArray(o.aliases) ? o.aliases as unknown[] : [];
    const description = typeof o.description === 'string' ? o.description : '';
    return {
      galaxyType, galaxyName: mispLabel(o, 'name') ?? galaxyType, uuid: uuidOf(String(o.id)), value: o.name, description,
      tag: `misp-galaxy:${galaxyType}="${String(o.name)}"`,
      meta: { ...(aliases.length > 0 ? { synonyms: aliases } : {}), ...(externalIds.length > 0 ? { external_id: externalIds } : {}) },
    };
  }

  /** A sighting (a false positive, an expiry, or a disagreeing opinion) as a MISP Sighting on the attribute it is about. */
  private sighting(o: Rec, mispOf: ReadonlyMap<string, Record<string, unknown>>): void {
    const refs = o.type === 'sighting' ? [o.sighting_of_ref] : Array.isArray(o.object_refs) ? o.object_refs : [];
    if (o.type === 'opinion' && o.opinion !== 'strongly-disagree' && o.opinion !== 'disagree') return;
    for (const r of refs) {
      const target = typeof r === 'string' ? mispOf.get(r) : undefined;
      if (target === undefined) continue;
      const holder = (Array.isArray(target.Attribute) ? (target.Attribute as MispAttribute[])[0] : target) as MispAttribute;
      const whereRef: unknown = Array.isArray(o.where_sighted_refs) ? (o.where_sighted_refs as unknown[])[0] : o.created_by_ref;
      const org = typeof whereRef === 'string' ? this.byId.get(whereRef) : undefined;
      const source = typeof o.description === 'string' && o.description.startsWith('Source: ') ? o.description.slice(8) : '';
      holder.Sighting = [...(holder.Sighting as unknown[] | undefined ?? []), {
        uuid: uuidOf(String(o.id)), type: o.type === 'sighting' ? MISP_TYPE[sightingType(o)] : '1', date_sighting: epoch(o.first_seen ?? o.created), source,
        ...(org !== undefined ? { Organisation: { name: org.name, uuid: uuidOf(String(org.id)) } } : {}),
      }];
    }
  }
}

/** MISP's sighting type of each kind of sighting (docs/decisions/0028). */
const MISP_TYPE = { sighting: '0', 'false-positive': '1', expiry: '2' } as const;

/** MISP's distribution for a TLP: CLEAR all communities, GREEN this community, else your organisation only. */
function distributionOf(tlp: TlpLevel | undefined): string {
  return tlp === 'clear' ? '3' : tlp === 'green' ? '1' : '0';
}

const DEFAULT_GALAXY: Readonly<Record<string, string>> = {
  'attack-pattern': 'mitre-attack-pattern', malware: 'mitre-malware', tool: 'mitre-tool', 'intrusion-set': 'mitre-intrusion-set',
  'course-of-action': 'mitre-course-of-action', 'threat-actor': 'threat-actor',
};

/** Whether an SDO is written as a galaxy cluster (threat actors only when they came from one). */
function galaxySdo(o: Rec | undefined): o is Rec {
  if (o === undefined) return false;
  if (o.type === 'threat-actor') return mispLabel(o, 'galaxy-type') !== undefined;
  return ['attack-pattern', 'malware', 'tool', 'intrusion-set', 'course-of-action'].includes(String(o.type)) && galaxySdoType(mispLabel(o, 'galaxy-type') ?? DEFAULT_GALAXY[String(o.type)] ?? '') !== undefined;
}

function addCluster(galaxies: Map<string, Record<string, unknown>>, cluster: Record<string, unknown>): void {
  const type = String(cluster.galaxyType);
  const galaxy = galaxies.get(type) ?? { name: cluster.galaxyName, type, GalaxyCluster: [] as unknown[] };
  galaxies.set(type, galaxy);
  const { uuid, value, description, tag, meta } = cluster;
  (galaxy.GalaxyCluster as unknown[]).push({ uuid, value, description, tag_name: tag, meta });
}

