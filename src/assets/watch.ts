// The registry's watch: given one stored version of a STIX object, which registered assets it
// touches and why (docs/detection.md, "Critical information infrastructure"). Pure decisions over
// objects; what is held is asked of a WatchSource, so the same code runs on what just arrived and,
// for a newly registered asset, on everything held.
//
//   indicator        the values its pattern compares with (observables.ts)
//   observed-data    its SCOs: 2.1 object_refs (when held) and 2.0 embedded objects
//   report, grouping the SCOs, indicators and observed-data in object_refs (when held)
//   relationship     infrastructure → SCO / indicator / observed-data: touches through the
//                    infrastructure; vulnerability ↔ software SCO: the vulnerability, by that CPE
//   vulnerability    its CPE entries against the assets' software (software.ts)
//
// Networks touch a range when they share an address with it (an address inside, a CIDR that
// overlaps); a domain touches an asset's domain when it is that domain or one of its sub-domains,
// and URLs and e-mail addresses touch through their host.
import type { AssetRecord, StoredObject } from '../store/index.js';
import { covers, normalDomain, overlaps, parseNetwork, urlHost, type Network } from './net.js';
import { patternObservables, scoObservables, type Observable } from './observables.js';
import { affects, cveIds, softwareCpe, vulnerabilityCpes, type Affected } from './software.js';

type Obj = Readonly<Record<string, unknown>>;

/** A stored version and its parsed JSON. */
export interface HeldObject {
  readonly stored: StoredObject;
  readonly object: Obj;
}

/** How the watch reads what the node holds (latest versions). */
export interface WatchSource {
  held(ids: readonly string[]): Promise<ReadonlyMap<string, HeldObject>>;
}

/** One reason an object touches an asset. */
export interface Match {
  /** The asset's list that matched, and the entry in it. */
  readonly field: 'ranges' | 'domains' | 'software';
  readonly entry: string;
  /** The value in the intelligence, and where it was found. */
  readonly value: string;
  readonly where: string;
  readonly why: string;
}

/** An object version that touches an asset. */
export interface Touch {
  readonly asset: AssetRecord;
  /** The intelligence the alert is about (for a relationship: its infrastructure or vulnerability end). */
  readonly subject: HeldObject;
  /** The relationship that joined the subject to what matched. */
  readonly via?: string;
  readonly matches: readonly Match[];
  /** The subject's CVE ids, for a vulnerability. */
  readonly cves?: readonly string[];
}

interface Compiled {
  readonly asset: AssetRecord;
  readonly networks: readonly { readonly text: string; readonly net: Network }[];
}

/** The assets with their ranges parsed once. */
export function compileAssets(assets: readonly AssetRecord[]): readonly Compiled[] {
  return assets.map((asset) => ({
    asset, networks: asset.ranges.flatMap((text) => {
      const net = parseNetwork(text);
      return net === undefined ? [] : [{ text, net }];
    }),
  }));
}

function byAddress(c: Compiled, address: string, o: Observable, what: string): Match[] {
  const n = parseNetwork(address);
  if (n === undefined) return [];
  const single = n.prefix === (n.family === 4 ? 32 : 128);
  return c.networks.filter((r) => overlaps(r.net, n)).map((r) => ({
    field: 'ranges', entry: r.text, value: o.value, where: o.where,
    why: single ? `${what} ${address} is inside ${r.text}` : `${what} ${address} overlaps ${r.text}`,
  }));
}

function byHost(c: Compiled, host: string, o: Observable, what: string): Match[] {
  if (parseNetwork(host) !== undefined) return byAddress(c, host, o, what);
  const d = normalDomain(host);
  if (d === undefined) return [];
  return c.asset.domains.filter((a) => covers(a, d)).map((a) => ({
    field: 'domains', entry: a, value: o.value, where: o.where, why: d === a ? `${what} ${d} is ${a}` : `${what} ${d} is a sub-domain of ${a}`,
  }));
}

function matchObservable(c: Compiled, o: Observable): Match[] {
  switch (o.kind) {
    case 'ip': return byAddress(c, o.value, o, o.value.includes('/') ? 'network' : 'address');
    case 'domain': return byHost(c, o.value, o, 'domain');
    case 'url': return byHost(c, urlHost(o.value) ?? '', o, "the URL's host");
    case 'email': return byHost(c, o.value.slice(o.value.lastIndexOf('@') + 1), o, "the e-mail address's domain");
    case 'domain-suffix': {
      const s = o.value.toLowerCase();
      return c.asset.domains.filter((a) => covers(a, s) || covers(s, a)).map((a) => ({
        field: 'domains', entry: a, value: `%.${o.value}`, where: o.where,
        why: covers(a, s) ? `the pattern names sub-domains of ${s}${s === a ? '' : `, which is under ${a}`}` : `the pattern names every sub-domain of ${s}, among them ${a}`,
      }));
    }
  }
}

const SCO = /^(?:ipv4-addr|ipv6-addr|domain-name|url|email-addr)--/;

/** The observables of an object and of what it refers to (held), `depth` levels down. */
async function observablesOf(obj: Obj, source: WatchSource, depth: number): Promise<Observable[]> {
  const id = typeof obj.id === 'string' ? obj.id : '';
  switch (obj.type) {
    case 'indicator':
      return (obj.pattern_type === undefined || obj.pattern_type === 'stix') && typeof obj.pattern === 'string'
        ? patternObservables(obj.pattern, depth === 0 ? 'pattern' : `${id} pattern`) : [];
    case 'observed-data': {
      const embedded = typeof obj.objects === 'object' && obj.objects !== null && !Array.isArray(obj.objects)
        ? Object.entries(obj.objects as Obj).flatMap(([key, sco]) => (typeof sco === 'object' && sco !== null ? scoObservables(sco as Obj, `${id} objects.${key}`) : []))
        : [];
      return [...embedded, ...await refsObservables(obj, source, depth)];
    }
    case 'report':
    case 'grouping':
      return depth < 2 ? refsObservables(obj, source, depth) : [];
    default:
      return scoObservables(obj, id);
  }
}

async function refsObservables(obj: Obj, source: WatchSource, depth: number): Promise<Observable[]> {
  const refs = Array.isArray(obj.object_refs) ? obj.object_refs.filter((r): r is string => typeof r === 'string') : [];
  const wanted = refs.filter((r) => SCO.test(r) || r.startsWith('indicator--') || (depth === 0 && r.startsWith('observed-data--')));
  if (wanted.length === 0) return [];
  const held = await source.held(wanted);
  const out: Observable[] = [];
  for (const r of wanted) {
    const h = held.get(r);
    if (h !== undefined) out.push(...await observablesOf(h.object, source, depth + 1));
  }
  return out;
}

function touchesBy(assets: readonly Compiled[], subject: HeldObject, observables: readonly Observable[], via?: string): Touch[] {
  return assets.flatMap((c) => {
    const matches = observables.flatMap((o) => matchObservable(c, o));
    return matches.length === 0 ? [] : [{ asset: c.asset, subject, matches, ...(via !== undefined ? { via } : {}) }];
  });
}

function touchesBySoftware(assets: readonly Compiled[], subject: HeldObject, entries: readonly Affected[], via?: string): Touch[] {
  const cves = cveIds(subject.object);
  return assets.flatMap((c) => {
    const matches = c.asset.software.flatMap((name) => entries.flatMap((e) => {
      const why = affects(e, name);
      return why === undefined ? [] : [{ field: 'software' as const, entry: name, value: e.name, where: e.where, why }];
    }));
    return matches.length === 0 ? [] : [{ asset: c.asset, subject, matches, cves, ...(via !== undefined ? { via } : {}) }];
  });
}

/** The assets `item` touches, each with every reason (see the module comment). */
export async function touches(item: HeldObject, assets: readonly Compiled[], source: WatchSource): Promise<Touch[]> {
  const obj = item.object;
  if (assets.length === 0 || item.stored.revoked) return [];
  switch (obj.type) {
    case 'indicator':
    case 'observed-data':
    case 'report':
    case 'grouping':
      return touchesBy(assets, item, await observablesOf(obj, source, 0));
    case 'vulnerability':
      return touchesBySoftware(assets, item, vulnerabilityCpes(obj));
    case 'relationship': {
      const ends = [obj.source_ref, obj.target_ref].filter((r): r is string => typeof r === 'string');
      if (ends.length !== 2) return [];
      const held = await source.held(ends);
      const [a, b] = ends.map((e) => held.get(e));
      if (a === undefined || b === undefined) return [];
      for (const [x, y] of [[a, b], [b, a]] as const) {
        if (x.object.type === 'infrastructure' && !x.stored.revoked && y.object.type !== 'infrastructure') {
          return touchesBy(assets, x, await observablesOf(y.object, source, 1), item.stored.id);
        }
        if (x.object.type === 'vulnerability' && !x.stored.revoked && y.object.type === 'software') {
          const e = softwareCpe(y.object, y.stored.id);
          return e === undefined ? [] : touchesBySoftware(assets, x, [e], item.stored.id);
        }
      }
      return [];
    }
    default:
      return [];
  }
}
