// MISP events into STIX 2.1 (issue 7, "MISP import"), after the MISP project's published
// MISP-to-STIX 2.1 conventions (misp-stix); docs/misp.md has the mapping table by table.
//
//   Event            → report (published) or grouping (not yet), `<type>--<event uuid>`, created by
//                      the creator organisation (Orgc) as an identity
//   Attribute        → indicator `indicator--<uuid>` when "to IDS", else observed-data
//                      `observed-data--<uuid>` with its observables; vulnerability, campaign,
//                      threat-actor, or a note for free text, by type (misp-attributes.ts)
//   Object           → one indicator (or observed-data) whose pattern joins its attributes' comparisons
//   ObjectReference  → relationship
//   Tag              → label; `tlp:*` → the TLP 2.0 marking (tlp:white → TLP:CLEAR)
//   Galaxy cluster   → attack-pattern, malware, tool, intrusion-set, threat-actor or course-of-action
//                      (`<type>--<cluster uuid>`), related to the attribute that carries it
//   Sighting         → sighting: type 0 a sighting, 1 a false positive, 2 an expiry (docs/decisions/0028)
//   distribution     → the audience the objects may be shared with (sharing groups by name)
//
// Ids come from MISP's uuids, and timestamps from MISP's, so importing the same event again
// changes nothing and an edited event makes new versions of what changed. Nothing is dropped
// silently: what cannot be mapped comes back in `unmapped`, saying where and why.
import { sightingTypeProperties, tlpRank, type TlpLevel, tlpMarkingId } from '../stix/index.js';
import { mispDerivedId, mispShape, observablesOfTerms, patternOfTerms, type Term } from './misp-attributes.js';
import type { ValueKind } from './values.js';

const HASH_KINDS: Readonly<Record<string, ValueKind>> = { 'hashes.MD5': 'md5', "hashes.'SHA-1'": 'sha1', "hashes.'SHA-256'": 'sha256', "hashes.'SHA-512'": 'sha512' };

/** The value kind of a comparison a warninglist can hold, if any. */
function kindOf(t: Term): ValueKind | undefined {
  if (t.op === 'ISSUBSET') return 'cidr';
  if (t.ref === 'ipv4-addr') return 'ipv4';
  if (t.ref === 'ipv6-addr') return 'ipv6';
  if (t.ref === 'domain-name') return 'domain';
  if (t.object === 'file') return HASH_KINDS[t.path];
  const byObject: Readonly<Record<string, ValueKind>> = { 'ipv4-addr': 'ipv4', 'ipv6-addr': 'ipv6', 'domain-name': 'domain', url: 'url', 'email-addr': 'email' };
  return t.path === 'value' ? byObject[t.object] : undefined;
}

/** The warninglist labels of comparisons (and each hit noted in `c.flagged` for the object `id`). */
function warninglisted(c: MispConversion, id: string, terms: readonly Term[]): string[] {
  const lists = c.options.warninglists;
  if (lists === undefined) return [];
  const labels: string[] = [];
  for (const t of terms) {
    const kind = kindOf(t);
    const hits = kind !== undefined && typeof t.value === 'string' ? lists.match(kind, t.value) : [];
    if (hits.length === 0) continue;
    c.flagged.push({ id, value: String(t.value), lists: hits });
    for (const h of hits) if (!labels.includes(`warninglist:${h}`)) labels.push(`warninglist:${h}`);
  }
  return labels;
}

/** Something of a MISP input that was not converted, and why. */
export interface MispIssue {
  /** Where: `event <uuid>`, then `Attribute[3]`, `Object[1].Attribute[0]`… */
  readonly where: string;
  readonly reason: string;
}

/** Who may receive an object, from MISP's distribution levels. */
export type MispAudience =
  | { readonly kind: 'sharer' }
  | { readonly kind: 'all'; readonly relay: boolean }
  | { readonly kind: 'sharing-group'; readonly name: string; readonly uuid?: string };

/** How each converted object may be shared: its audience and TLP (from its event when it has none itself). */
export interface MispShareHint {
  readonly audience: MispAudience;
  readonly tlp: TlpLevel | undefined;
}

export interface MispOptions {
  /** The TLP of objects whose attribute and event carry no `tlp:` tag (none: left unmarked). */
  readonly defaultTlp?: TlpLevel;
  /** Keep each object's share hint in `share` (default true; a large import that shares nothing saves the memory). */
  readonly shareHints?: boolean;
  /** Known-benign values: an indicator or observed-data with one is labelled `warninglist:<name>` and listed in `flagged`. */
  readonly warninglists?: { match(kind: ValueKind, value: string): string[] };
}

/** The result of converting events; one instance gathers a whole import (shared objects once). */
export class MispConversion {
  readonly objects: Record<string, unknown>[] = [];
  readonly unmapped: MispIssue[] = [];
  readonly share = new Map<string, MispShareHint>();
  /** Values on warninglists: the object that holds each, the value and the lists. */
  readonly flagged: { readonly id: string; readonly value: string; readonly lists: readonly string[] }[] = [];
  events = 0;
  attributes = 0;
  private readonly emitted = new Set<string>();

  constructor(readonly options: MispOptions = {}) {}

  /**
   * Adds an object. Objects several events or attributes name (organisations, clusters,
   * observables, derived relationships: `common`) are added once per conversion.
   */
  emit(object: Record<string, unknown>, hint: MispShareHint, common = false): void {
    const id = object.id as string;
    if (this.options.shareHints !== false) {
      const before = this.share.get(id);
      this.share.set(id, before === undefined ? hint : { audience: wider(before.audience, hint.audience), tlp: before.tlp ?? hint.tlp });
    }
    if (common) {
      if (this.emitted.has(id)) return;
      this.emitted.add(id);
    }
    this.objects.push(object);
  }

  /** Takes the objects made so far (for streaming a large feed event by event). */
  drain(): Record<string, unknown>[] {
    return this.objects.splice(0, this.objects.length);
  }
}

const RANK: Readonly<Record<MispAudience['kind'], number>> = { sharer: 0, 'sharing-group': 1, all: 2 };

function wider(a: MispAudience, b: MispAudience): MispAudience {
  if (RANK[b.kind] > RANK[a.kind]) return b;
  if (a.kind === 'all' && b.kind === 'all') return { kind: 'all', relay: a.relay || b.relay };
  return a;
}

type Rec = Readonly<Record<string, unknown>>;

function isRec(v: unknown): v is Rec {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function list(v: unknown): Rec[] {
  return Array.isArray(v) ? v.filter(isRec) : [];
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A string field (MISP writes numbers and booleans as strings too). */
function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** A MISP time: epoch seconds (as MISP writes `timestamp`) or an ISO 8601 text (`first_seen`), as a STIX timestamp. */
export function mispTime(v: unknown): string | undefined {
  const s = str(v)?.trim();
  if (s === undefined || s === '') return undefined;
  const ms = /^\d{1,12}$/.test(s) ? Number(s) * 1000 : Date.parse(s);
  return Number.isFinite(ms) && ms >= 0 ? new Date(ms).toISOString() : undefined;
}

function flag(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || v === 'true' || v === 'True';
}

const TLP_TAGS: Readonly<Record<string, TlpLevel>> = {
  'tlp:white': 'clear', 'tlp:clear': 'clear', 'tlp:green': 'green', 'tlp:amber': 'amber', 'tlp:amber+strict': 'amber+strict', 'tlp:red': 'red',
};

/** The tags of the galaxy clusters of an element that become SDOs (the SDO stands for the tag, as in misp-stix). */
function clusterTags(v: Rec): Set<string> {
  const out = new Set<string>();
  for (const g of list(v.Galaxy)) {
    const type = str(g.type) ?? '';
    if (galaxySdoType(type) === undefined) continue;
    for (const c of list(g.GalaxyCluster)) out.add(str(c.tag_name) ?? `misp-galaxy:${type}="${str(c.value) ?? ''}"`);
  }
  return out;
}

/**
 * The tags of a MISP element: its TLP (the most restrictive `tlp:` tag) and the other names, as
 * labels — but for the tags of galaxy clusters that become SDOs.
 */
function tagsOf(v: Rec): { tlp: TlpLevel | undefined; labels: string[] } {
  let tlp: TlpLevel | undefined;
  const labels: string[] = [];
  const clustered = clusterTags(v);
  for (const t of list(v.Tag)) {
    const name = str(t.name)?.trim();
    if (name === undefined || name === '' || clustered.has(name)) continue;
    const level = TLP_TAGS[name.toLowerCase()];
    if (level === undefined) labels.push(name);
    else if (tlp === undefined || tlpRank(level) > tlpRank(tlp)) tlp = level;
  }
  return { tlp, labels };
}

/** MISP's distribution levels (0 organisation, 1 community, 2 connected, 3 all, 4 sharing group, 5 inherit). */
interface Distribution { readonly level: number; readonly group?: Rec }

function distributionOf(v: Rec, parent: Distribution | undefined): Distribution {
  const n = Number(str(v.distribution) ?? (parent === undefined ? '0' : '5'));
  const level = Number.isInteger(n) && n >= 0 && n <= 5 ? n : 0;
  const group = isRec(v.SharingGroup) ? v.SharingGroup : undefined;
  if (parent === undefined) return level === 5 ? { level: 0 } : { level, ...(group !== undefined ? { group } : {}) };
  if (level === 5) return parent;
  if (parent.level === 0 || level === 0) return { level: 0 };
  if (level === 4) return { level: 4, ...(group !== undefined ? { group } : {}) };
  if (parent.level === 4) return parent;
  return { level: Math.min(level, parent.level) };
}

/** The audience a distribution allows: organisation only stays here; the community and beyond is every member (relay from "connected"). */
function audienceOf(d: Distribution): MispAudience {
  if (d.level === 0) return { kind: 'sharer' };
  if (d.level === 4) {
    const name = str(d.group?.name);
    const uuid = str(d.group?.uuid);
    return name === undefined ? { kind: 'sharer' } : { kind: 'sharing-group', name, ...(uuid !== undefined ? { uuid } : {}) };
  }
  return { kind: 'all', relay: d.level >= 2 };
}

// MISP organisations and galaxy clusters carry no time in an event: their identity and SDOs get
// this fixed one, so that every event that names them names the same version.
const TIMELESS = '1970-01-01T00:00:00.000Z';

/** The STIX SDO type of a galaxy (by its `type`), or undefined when it has none (kept as a label only). */
export function galaxySdoType(galaxyType: string): string | undefined {
  const t = galaxyType.toLowerCase();
  if (t.includes('attack-pattern') || t === 'mitre-pre-attack-attack-pattern') return 'attack-pattern';
  if (t.includes('course-of-action')) return 'course-of-action';
  if (t.includes('intrusion-set')) return 'intrusion-set';
  if (t === 'threat-actor' || t.endsWith('-threat-actor')) return 'threat-actor';
  if (t.includes('tool')) return 'tool';
  if (t.includes('malware') || ['malpedia', 'ransomware', 'rat', 'backdoor', 'banker', 'stealer', 'botnet', 'android', 'exploit-kit'].includes(t)) return 'malware';
  return undefined;
}

// What an indicator may `indicate` (STIX 2.1 relationship table); other targets are `related-to`.
const INDICATES = new Set(['attack-pattern', 'campaign', 'infrastructure', 'intrusion-set', 'malware', 'threat-actor', 'tool']);

interface EventContext {
  readonly createdBy: string;
  readonly tlp: TlpLevel | undefined;
  readonly distribution: Distribution;
  /** The earliest time of the event (its date), the `created` of everything in it. */
  readonly created: string;
  readonly modified: string;
  readonly reportId: string;
  /** MISP uuid (attribute or object) → the STIX object that stands for it. */
  readonly stixOf: Map<string, string>;
}

function marking(tlp: TlpLevel | undefined): { object_marking_refs?: string[] } {
  return tlp === undefined ? {} : { object_marking_refs: [tlpMarkingId(tlp)] };
}

function earliest(a: string, b: string): string {
  return a < b ? a : b;
}

/** The identity of a MISP organisation (`identity--<org uuid>`). */
function organisation(c: MispConversion, org: Rec | undefined, hint: MispShareHint): string | undefined {
  if (org === undefined) return undefined;
  const name = str(org.name)?.trim();
  const uuid = str(org.uuid);
  if ((name === undefined || name === '') && uuid === undefined) return undefined;
  const id = uuid !== undefined && UUID_RE.test(uuid) ? `identity--${uuid.toLowerCase()}` : mispDerivedId('identity', 'organisation', name ?? '');
  c.emit({ type: 'identity', spec_version: '2.1', id, created: TIMELESS, modified: TIMELESS, name: name ?? uuid, identity_class: 'organization' }, hint, true);
  return id;
}

/** Each galaxy cluster as an SDO (those whose galaxy has a STIX type), with their ids. */
function clusters(c: MispConversion, holder: Rec, hint: MispShareHint, where: string): string[] {
  const ids: string[] = [];
  for (const [g, galaxy] of list(holder.Galaxy).entries()) {
    const galaxyType = str(galaxy.type) ?? '';
    const type = galaxySdoType(galaxyType);
    for (const [k, cluster] of list(galaxy.GalaxyCluster).entries()) {
      const uuid = str(cluster.uuid);
      const value = str(cluster.value)?.trim();
      if (type === undefined) {
        // No STIX type: the cluster stays what its tag says (a label), which the tags carry.
        if (!list(holder.Tag).some((t) => str(t.name) === str(cluster.tag_name))) {
          c.unmapped.push({ where: `${where}.Galaxy[${g}].GalaxyCluster[${k}]`, reason: `galaxy type "${galaxyType}" has no STIX object and the cluster has no tag on the element; not kept` });
        }
        continue;
      }
      if (uuid === undefined || !UUID_RE.test(uuid) || value === undefined || value === '') {
        c.unmapped.push({ where: `${where}.Galaxy[${g}].GalaxyCluster[${k}]`, reason: 'a galaxy cluster needs a uuid and a value' });
        continue;
      }
      const meta = isRec(cluster.meta) ? cluster.meta : {};
      const synonyms = Array.isArray(meta.synonyms) ? meta.synonyms.filter((s): s is string => typeof s === 'string' && s !== '') : [];
      const externalIds = Array.isArray(meta.external_id) ? meta.external_id.filter((s): s is string => typeof s === 'string') : [];
      const description = [str(galaxy.description), str(cluster.description)].filter((s) => s !== undefined && s !== '').join(' | ');
      const id = `${type}--${uuid.toLowerCase()}`;
      const sdo: Record<string, unknown> = {
        type, spec_version: '2.1', id, created: TIMELESS, modified: TIMELESS, name: value,
        ...(description !== '' ? { description } : {}),
        ...(type === 'malware' ? { is_family: true } : {}),
        ...(synonyms.length > 0 && (type === 'threat-actor' || type === 'intrusion-set' || type === 'malware' || type === 'tool') ? { aliases: synonyms } : {}),
        ...(type === 'attack-pattern' || type === 'malware' || type === 'tool' ? { kill_chain_phases: [{ kill_chain_name: 'misp-category', phase_name: galaxyType.toLowerCase().replace(/[^a-z0-9-]+/g, '-') }] } : {}),
        ...(externalIds.length > 0 ? { external_references: externalIds.map((e) => ({ source_name: e.startsWith('CAPEC') ? 'capec' : 'mitre-attack', external_id: e })) } : {}),
        labels: [`misp:galaxy-type="${galaxyType}"`, ...(str(galaxy.name) !== undefined ? [`misp:name="${str(galaxy.name)}"`] : [])],
      };
      c.emit(sdo, hint, true);
      ids.push(id);
    }
  }
  return ids;
}

/** MISP's sighting types, as Accord's kinds of sighting. */
const MISP_SIGHTING_TYPES = { 0: 'sighting', 1: 'false-positive', 2: 'expiry' } as const;

/** The sightings (false positives and expiries too) of an attribute, of the STIX object that stands for it. */
function sightings(c: MispConversion, attribute: Rec, of: string, hint: MispShareHint, where: string): void {
  for (const [i, s] of list(attribute.Sighting).entries()) {
    const at = `${where}.Sighting[${i}]`;
    const when = mispTime(s.date_sighting);
    const uuid = str(s.uuid);
    if (when === undefined || uuid === undefined || !UUID_RE.test(uuid)) {
      c.unmapped.push({ where: at, reason: 'a sighting needs a uuid and a date_sighting' });
      continue;
    }
    const by = organisation(c, isRec(s.Organisation) ? s.Organisation : undefined, hint);
    const type = str(s.type) ?? '0';
    const common = { spec_version: '2.1', created: when, modified: when, ...(by !== undefined ? { created_by_ref: by } : {}), ...marking(hint.tlp) };
    const kind = type === '0' || type === '1' || type === '2' ? MISP_SIGHTING_TYPES[type] : undefined;
    if (kind === undefined) {
      c.unmapped.push({ where: at, reason: `a sighting of type ${type} is none of MISP's types 0 (sighting), 1 (false positive) or 2 (expiration); not kept` });
      continue;
    }
    c.emit({
      type: 'sighting', id: `sighting--${uuid.toLowerCase()}`, ...common, first_seen: when, last_seen: when, count: 1, sighting_of_ref: of,
      ...(by !== undefined ? { where_sighted_refs: [by] } : {}), ...(str(s.source) ? { description: `Source: ${str(s.source)}` } : {}), ...sightingTypeProperties(kind),
    }, hint);
  }
}

/** Relationships from a converted element to the clusters it carries. */
function relate(c: MispConversion, from: string, to: readonly string[], time: string, hint: MispShareHint): string[] {
  return to.map((target) => {
    const type = from.startsWith('indicator--') && INDICATES.has(target.split('--')[0] as string) ? 'indicates' : 'related-to';
    const id = mispDerivedId('relationship', from, type, target);
    c.emit({ type: 'relationship', spec_version: '2.1', id, created: time, modified: time, relationship_type: type, source_ref: from, target_ref: target, ...marking(hint.tlp) }, hint, true);
    return id;
  });
}

function category(v: Rec): string | undefined {
  const s = str(v.category)?.trim();
  return s === undefined || s === '' ? undefined : s;
}

/** The common labels of an attribute or object, then its tags. */
function labelsOf(kind: 'type' | 'name', name: string, cat: string | undefined, catKey: string, toIds: boolean | undefined, tags: readonly string[]): string[] {
  return [`misp:${kind}="${name}"`, ...(cat !== undefined ? [`misp:${catKey}="${cat}"`] : []), ...(toIds === true ? ['misp:to_ids="True"'] : []), ...tags];
}

function killChain(cat: string | undefined): { kill_chain_phases?: { kill_chain_name: string; phase_name: string }[] } {
  if (cat === undefined) return {};
  const phase = cat.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return phase === '' ? {} : { kill_chain_phases: [{ kill_chain_name: 'misp-category', phase_name: phase }] };
}

/** The validity of an indicator: first_seen (else the attribute's time) until last_seen, when later. */
function validity(v: Rec, time: string): { valid_from: string; valid_until?: string } {
  const from = mispTime(v.first_seen) ?? time;
  const until = mispTime(v.last_seen);
  return { valid_from: from, ...(until !== undefined && until > from ? { valid_until: until } : {}) };
}

/** One attribute (outside objects). */
function attribute(c: MispConversion, a: Rec, ctx: EventContext, where: string): string | undefined {
  c.attributes++;
  const uuid = str(a.uuid)?.toLowerCase();
  const type = str(a.type);
  const value = str(a.value);
  if (uuid === undefined || !UUID_RE.test(uuid) || type === undefined || value === undefined) {
    c.unmapped.push({ where, reason: 'an attribute needs a uuid, a type and a value' });
    return undefined;
  }
  if (flag(a.deleted)) {
    c.unmapped.push({ where: `${where} (${uuid})`, reason: 'the attribute is deleted in MISP; not imported' });
    return undefined;
  }
  const time = mispTime(a.timestamp) ?? ctx.modified;
  const tags = tagsOf(a);
  const tlp = tags.tlp ?? ctx.tlp;
  const hint: MispShareHint = { audience: audienceOf(distributionOf(a, ctx.distribution)), tlp };
  const cat = category(a);
  const toIds = flag(a.to_ids);
  const comment = str(a.comment)?.trim();
  const common = {
    spec_version: '2.1', created_by_ref: ctx.createdBy, created: earliest(ctx.created, time), modified: time,
    ...(comment !== undefined && comment !== '' ? { description: comment } : {}), ...marking(tlp),
  };
  const shape = mispShape(type, value);
  let id: string | undefined;
  switch (shape.kind) {
    case 'unmapped':
      c.unmapped.push({ where: `${where} (${uuid}, ${type})`, reason: shape.reason });
      return undefined;
    case 'observable':
      if (toIds) {
        id = `indicator--${uuid}`;
        c.emit({
          type: 'indicator', id, ...common, pattern: patternOfTerms(shape.terms), pattern_type: 'stix', pattern_version: '2.1',
          ...validity(a, time), ...killChain(cat), labels: [...labelsOf('type', type, cat, 'category', true, tags.labels), ...warninglisted(c, id, shape.terms)],
        }, hint);
      } else {
        if (shape.patternOnly !== undefined) {
          c.unmapped.push({ where: `${where} (${uuid}, ${type})`, reason: `not "to IDS", and ${shape.patternOnly}; mark it to IDS in MISP to import it as an indicator` });
          return undefined;
        }
        const labels = [...labelsOf('type', type, cat, 'category', undefined, tags.labels), ...warninglisted(c, `observed-data--${uuid}`, shape.terms)];
        id = observed(c, shape.terms, uuid, a, time, common, labels, hint);
      }
      break;
    case 'sdo':
      id = `${shape.type}--${uuid}`;
      c.emit({
        type: shape.type, id, ...common, name: shape.name,
        ...(shape.type === 'vulnerability' && /^CVE-\d{4}-\d{4,}$/i.test(shape.name) ? { external_references: [{ source_name: 'cve', external_id: shape.name.toUpperCase() }] } : {}),
        labels: labelsOf('type', type, cat, 'category', undefined, tags.labels),
      }, hint);
      break;
    case 'rule':
      id = `indicator--${uuid}`;
      c.emit({
        type: 'indicator', id, ...common, pattern: shape.pattern, pattern_type: shape.patternType, ...validity(a, time), ...killChain(cat),
        labels: labelsOf('type', type, cat, 'category', toIds, tags.labels),
      }, hint);
      break;
    case 'note':
      id = `note--${uuid}`;
      c.emit({ type: 'note', id, ...common, abstract: `MISP ${type}${cat !== undefined ? ` (${cat})` : ''}`, content: value, object_refs: [ctx.reportId], labels: labelsOf('type', type, cat, 'category', undefined, tags.labels) }, hint);
      break;
  }
  ctx.stixOf.set(uuid, id);
  sightings(c, a, id, hint, where);
  relate(c, id, clusters(c, a, hint, where), time, hint);
  return id;
}

/** An observed-data with the observables of comparisons. */
function observed(c: MispConversion, terms: readonly Term[], uuid: string, v: Rec, time: string, common: Record<string, unknown>, labels: string[], hint: MispShareHint): string {
  const scos = observablesOfTerms(terms, (type) => mispDerivedId(type, uuid, type));
  for (const sco of scos) c.emit(sco, hint, true);
  const first = mispTime(v.first_seen) ?? time;
  const last = mispTime(v.last_seen);
  const id = `observed-data--${uuid}`;
  c.emit({
    type: 'observed-data', id, ...common, first_observed: first, last_observed: last !== undefined && last >= first ? last : first, number_observed: 1,
    object_refs: scos.map((s) => s.id as string), labels,
  }, hint);
  return id;
}

/** One MISP object: its attributes' comparisons in one indicator (or observed-data). */
function mispObject(c: MispConversion, o: Rec, ctx: EventContext, where: string): string | undefined {
  const uuid = str(o.uuid)?.toLowerCase();
  const name = str(o.name);
  const attrs = list(o.Attribute);
  c.attributes += attrs.length;
  if (uuid === undefined || !UUID_RE.test(uuid) || name === undefined) {
    c.unmapped.push({ where, reason: `an object needs a uuid and a name; its ${attrs.length} attribute(s) are not imported` });
    return undefined;
  }
  if (flag(o.deleted)) {
    c.unmapped.push({ where: `${where} (${uuid})`, reason: 'the object is deleted in MISP; not imported' });
    return undefined;
  }
  const tlps: TlpLevel[] = [];
  const labels: string[] = [];
  const terms: Term[] = [];
  const used: Rec[] = [];
  let toIds = false;
  let patternOnly: string | undefined;
  for (const [i, a] of attrs.entries()) {
    const at = `${where}.Attribute[${i}]`;
    const type = str(a.type);
    const value = str(a.value);
    if (type === undefined || value === undefined || flag(a.deleted)) {
      c.unmapped.push({ where: at, reason: flag(a.deleted) ? 'the attribute is deleted in MISP; not imported' : 'an attribute needs a type and a value' });
      continue;
    }
    const shape = mispShape(type, value);
    if (shape.kind !== 'observable') {
      c.unmapped.push({ where: `${at} (${str(a.object_relation) ?? type})`, reason: shape.kind === 'unmapped' ? shape.reason : `a ${type} attribute is not part of an object's pattern; not imported` });
      continue;
    }
    terms.push(...shape.terms);
    used.push(a);
    patternOnly ??= shape.patternOnly;
    toIds ||= flag(a.to_ids);
    const t = tagsOf(a);
    if (t.tlp !== undefined) tlps.push(t.tlp);
    for (const l of t.labels) if (!labels.includes(l)) labels.push(l);
  }
  if (terms.length === 0) return undefined;
  // A domain-ip object: the addresses are what its one domain resolves to (as misp-stix writes it).
  if (name === 'domain-ip' && terms.filter((t) => t.object === 'domain-name').length === 1) {
    for (const [i, t] of terms.entries()) {
      if ((t.object === 'ipv4-addr' || t.object === 'ipv6-addr') && t.op === '=') terms[i] = { object: 'domain-name', path: 'resolves_to_refs[*].value', op: '=', value: t.value, ref: t.object };
    }
  }
  const own = tagsOf(o);
  const tlp = [...tlps, ...(own.tlp !== undefined ? [own.tlp] : []), ...(ctx.tlp !== undefined ? [ctx.tlp] : [])].reduce<TlpLevel | undefined>((a, b) => (a === undefined || tlpRank(b) > tlpRank(a) ? b : a), undefined);
  const time = mispTime(o.timestamp) ?? ctx.modified;
  const hint: MispShareHint = { audience: audienceOf(distributionOf(o, ctx.distribution)), tlp };
  const cat = str(o['meta-category']);
  const comment = str(o.comment)?.trim();
  const common = {
    spec_version: '2.1', created_by_ref: ctx.createdBy, created: earliest(ctx.created, time), modified: time,
    ...(comment !== undefined && comment !== '' ? { description: comment } : {}), ...marking(tlp),
  };
  const allLabels = [...labelsOf('name', name, cat, 'meta-category', toIds ? true : undefined, [...own.labels, ...labels]),
    ...warninglisted(c, `${toIds ? 'indicator' : 'observed-data'}--${uuid}`, terms)];
  let id: string;
  if (toIds) {
    id = `indicator--${uuid}`;
    c.emit({ type: 'indicator', id, ...common, pattern: patternOfTerms(terms), pattern_type: 'stix', pattern_version: '2.1', ...validity(o, time), ...killChain(cat), labels: allLabels }, hint);
  } else if (patternOnly !== undefined) {
    c.unmapped.push({ where: `${where} (${uuid}, ${name})`, reason: `not "to IDS", and ${patternOnly}; not imported` });
    return undefined;
  } else {
    id = observed(c, terms, uuid, o, time, common, allLabels, hint);
  }
  ctx.stixOf.set(uuid, id);
  for (const [i, a] of used.entries()) {
    const au = str(a.uuid)?.toLowerCase();
    if (au !== undefined) ctx.stixOf.set(au, id);
    sightings(c, a, id, hint, `${where}.Attribute[${i}]`);
    relate(c, id, clusters(c, a, hint, `${where}.Attribute[${i}]`), time, hint);
  }
  return id;
}

/** The events of a MISP JSON document: `{"Event": …}`, `{"response": [{"Event": …}]}`, a list of either, or a bare event. */
export function mispEvents(doc: unknown): Rec[] | undefined {
  if (Array.isArray(doc)) {
    const events: unknown[] = (doc as unknown[]).map((d) => (isRec(d) && isRec(d.Event) ? d.Event : d));
    const recs = events.filter(isRec);
    return recs.length === events.length && recs.length > 0 ? recs : undefined;
  }
  if (!isRec(doc)) return undefined;
  if (isRec(doc.Event)) return [doc.Event];
  if (Array.isArray(doc.response)) return mispEvents(doc.response);
  if (typeof doc.uuid === 'string' && typeof doc.info === 'string') return [doc];
  return undefined;
}

/** Whether a JSON document is a MISP feed's manifest (`{"<event uuid>": {"info": …, "timestamp": …}, …}`). */
export function isMispManifest(doc: unknown): doc is Record<string, Rec> {
  if (!isRec(doc)) return false;
  const keys = Object.keys(doc);
  return keys.length > 0 && keys.every((k) => UUID_RE.test(k) && isRec(doc[k]));
}

/** Converts one MISP event into `c`. */
export function convertMispEvent(c: MispConversion, event: Rec, where = 'event'): void {
  const uuid = str(event.uuid)?.toLowerCase();
  if (uuid === undefined || !UUID_RE.test(uuid)) {
    c.unmapped.push({ where, reason: `an event needs a uuid; its ${list(event.Attribute).length} attribute(s) and ${list(event.Object).length} object(s) are not imported` });
    return;
  }
  c.events++;
  const at = `event ${uuid}`;
  const modified = mispTime(event.timestamp) ?? mispTime(event.publish_timestamp);
  const date = /^\d{4}-\d{2}-\d{2}$/.test(str(event.date) ?? '') ? `${str(event.date)}T00:00:00.000Z` : undefined;
  if (modified === undefined && date === undefined) {
    c.unmapped.push({ where: at, reason: 'an event needs a timestamp or a date; not imported' });
    c.events--;
    return;
  }
  const tags = tagsOf(event);
  const tlp = tags.tlp ?? c.options.defaultTlp;
  const distribution = distributionOf(event, undefined);
  const hint: MispShareHint = { audience: audienceOf(distribution), tlp };
  const published = flag(event.published);
  const reportId = `${published ? 'report' : 'grouping'}--${uuid}`;
  const createdBy = organisation(c, isRec(event.Orgc) ? event.Orgc : isRec(event.Org) ? event.Org : undefined, hint) ?? mispDerivedId('identity', 'organisation', 'unknown');
  if (!isRec(event.Orgc) && !isRec(event.Org)) {
    c.emit({ type: 'identity', spec_version: '2.1', id: createdBy, created: TIMELESS, modified: TIMELESS, name: 'Unknown MISP organisation', identity_class: 'organization' }, hint, true);
  }
  const time = modified ?? date ?? '';
  const ctx: EventContext = { createdBy, tlp, distribution, created: date !== undefined ? earliest(date, time) : time, modified: time, reportId, stixOf: new Map() };
  const refs: string[] = [];
  for (const [i, a] of list(event.Attribute).entries()) {
    const id = attribute(c, a, ctx, `${at} Attribute[${i}]`);
    if (id !== undefined) refs.push(id);
  }
  const objects = list(event.Object);
  for (const [i, o] of objects.entries()) {
    const id = mispObject(c, o, ctx, `${at} Object[${i}]`);
    if (id !== undefined) refs.push(id);
  }
  for (const [i, o] of objects.entries()) {
    const source = ctx.stixOf.get(str(o.uuid)?.toLowerCase() ?? '');
    for (const [k, r] of list(o.ObjectReference).entries()) {
      const where = `${at} Object[${i}].ObjectReference[${k}]`;
      const target = ctx.stixOf.get(str(r.referenced_uuid)?.toLowerCase() ?? '');
      const type = (str(r.relationship_type) ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
      if (source === undefined || target === undefined || type === '') {
        c.unmapped.push({ where, reason: source === undefined ? 'its object was not imported' : target === undefined ? `it refers to ${str(r.referenced_uuid) ?? '(nothing)'}, which is not an imported attribute or object of this event` : 'it has no relationship_type' });
        continue;
      }
      const ru = str(r.uuid)?.toLowerCase();
      const id = ru !== undefined && UUID_RE.test(ru) ? `relationship--${ru}` : mispDerivedId('relationship', source, type, target);
      const rtime = mispTime(r.timestamp) ?? ctx.modified;
      const hintOf = c.share.get(source) ?? hint;
      c.emit({
        type: 'relationship', spec_version: '2.1', id, created_by_ref: createdBy, created: earliest(ctx.created, rtime), modified: rtime, relationship_type: type,
        source_ref: source, target_ref: target, ...(str(r.comment) ? { description: str(r.comment) } : {}), ...marking(hintOf.tlp),
      }, hintOf);
      refs.push(id);
    }
  }
  refs.push(...clusters(c, event, hint, at));
  const info = str(event.info)?.trim();
  const threat = str(event.threat_level_id);
  const analysis = str(event.analysis);
  let objectRefs = refs;
  if (objectRefs.length === 0) {
    const noteId = `note--${uuid}`;
    c.emit({ type: 'note', spec_version: '2.1', id: noteId, created_by_ref: createdBy, created: ctx.created, modified: time, content: 'This MISP event has no attribute, object or galaxy.', object_refs: [reportId], ...marking(tlp) }, hint);
    objectRefs = [noteId];
  }
  c.emit({
    type: published ? 'report' : 'grouping', spec_version: '2.1', id: reportId, created_by_ref: createdBy, created: ctx.created, modified: time,
    name: info !== undefined && info !== '' ? info : `MISP event ${uuid}`,
    ...(published ? { report_types: ['threat-report'], published: mispTime(event.publish_timestamp) ?? time } : { context: 'suspicious-activity' }),
    object_refs: [...new Set(objectRefs)],
    labels: ['Threat-Report', ...(threat !== undefined ? [`misp:threat_level_id="${threat}"`] : []), ...(analysis !== undefined ? [`misp:analysis="${analysis}"`] : []), ...tags.labels],
    ...marking(tlp),
  }, hint);
}
