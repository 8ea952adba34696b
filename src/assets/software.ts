// Which software a vulnerability names, and whether an asset runs it (docs/detection.md, "What a
// vulnerability is matched by"). STIX 2.1 gives a vulnerability no property for affected
// products, so the watch reads CPE 2.3 names where producers put them:
//   - external_references whose external_id is a CPE 2.3 name;
//   - x_ properties, at any depth: a CPE 2.3 name as a string, or an object with the name in
//     `cpe`, `criteria`, `cpe23Uri` or `cpe_name` and, optionally, NVD's version bounds
//     versionStartIncluding / versionStartExcluding / versionEndIncluding / versionEndExcluding
//     (an object with `vulnerable: false` is left out);
//   - `software` SCOs joined to the vulnerability by a relationship: their `cpe`, with their
//     `version` standing for the CPE's version when that is ANY.
// An asset's software matches an entry when part (if both name one), vendor and product are
// equal, and then: the asset's version is inside the entry's bounds, or equal to the entry's
// version; with neither bounds nor a version in the entry, vendor and product are enough (the
// alert says so), and an asset whose version is ANY or NA matches every version.
import { compareVersions, concrete, parseCpe, type Cpe } from './cpe.js';

export interface Bound {
  readonly version: string;
  readonly inclusive: boolean;
}

export interface Affected {
  readonly cpe: Cpe;
  readonly name: string;
  readonly start?: Bound;
  readonly end?: Bound;
  /** Where it was read: `external_references[2]`, `x_affected[0]`, or a software SCO's id. */
  readonly where: string;
}

type Obj = Readonly<Record<string, unknown>>;

const NAME_KEYS = ['cpe', 'criteria', 'cpe23Uri', 'cpe_name'];

function entry(name: unknown, where: string, bounds: Obj = {}): Affected | undefined {
  if (typeof name !== 'string') return undefined;
  const cpe = parseCpe(name);
  if ('problem' in cpe) return undefined;
  const bound = (incl: string, excl: string): Bound | undefined =>
    typeof bounds[incl] === 'string' ? { version: bounds[incl], inclusive: true } : typeof bounds[excl] === 'string' ? { version: bounds[excl], inclusive: false } : undefined;
  const start = bound('versionStartIncluding', 'versionStartExcluding');
  const end = bound('versionEndIncluding', 'versionEndExcluding');
  return { cpe, name, where, ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end } : {}) };
}

function walk(value: unknown, where: string, out: Affected[], depth: number): void {
  if (depth > 8) return;
  if (typeof value === 'string') {
    const e = entry(value, where);
    if (e !== undefined) out.push(e);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${where}[${i}]`, out, depth + 1));
  } else if (typeof value === 'object' && value !== null) {
    const o = value as Obj;
    if (o.vulnerable === false) return;
    const key = NAME_KEYS.find((k) => typeof o[k] === 'string');
    const e = key === undefined ? undefined : entry(o[key], `${where}.${key}`, o);
    if (e !== undefined) out.push(e);
    else for (const [k, v] of Object.entries(o)) walk(v, `${where}.${k}`, out, depth + 1);
  }
}

/** The CPE entries a vulnerability carries itself (external references and x_ properties). */
export function vulnerabilityCpes(vuln: Obj): Affected[] {
  const out: Affected[] = [];
  const refs = Array.isArray(vuln.external_references) ? (vuln.external_references as unknown[]) : [];
  refs.forEach((r, i) => {
    const e = typeof r === 'object' && r !== null ? entry((r as Obj).external_id, `external_references[${i}]`) : undefined;
    if (e !== undefined) out.push(e);
  });
  for (const [k, v] of Object.entries(vuln)) if (k.startsWith('x_')) walk(v, k, out, 0);
  return out;
}

/** The CVE ids of a vulnerability's external references. */
export function cveIds(vuln: Obj): string[] {
  const refs = Array.isArray(vuln.external_references) ? (vuln.external_references as unknown[]) : [];
  return refs.flatMap((r) => {
    const o = typeof r === 'object' && r !== null ? (r as Obj) : {};
    return o.source_name === 'cve' && typeof o.external_id === 'string' ? [o.external_id] : [];
  });
}

/** The entry a `software` SCO stands for: its CPE, with its version when the CPE's is ANY. */
export function softwareCpe(sco: Obj, where: string): Affected | undefined {
  const e = entry(sco.cpe, where);
  if (e === undefined || typeof sco.version !== 'string' || concrete(e.cpe.version)) return e;
  return { ...e, cpe: { ...e.cpe, version: sco.version.toLowerCase() } };
}

function within(version: string, e: Affected): boolean {
  const lo = e.start === undefined ? 1 : compareVersions(version, e.start.version);
  const hi = e.end === undefined ? -1 : compareVersions(version, e.end.version);
  return (lo > 0 || (lo === 0 && e.start?.inclusive === true)) && (hi < 0 || (hi === 0 && e.end?.inclusive === true));
}

function describeBounds(e: Affected): string {
  return [e.start !== undefined ? `${e.start.inclusive ? '>=' : '>'} ${e.start.version}` : '', e.end !== undefined ? `${e.end.inclusive ? '<=' : '<'} ${e.end.version}` : '']
    .filter((b) => b !== '').join(' and ');
}

/** Why the asset's software `name` is affected by `e`, or undefined when it is not. */
export function affects(e: Affected, name: string): string | undefined {
  const a = parseCpe(name);
  if ('problem' in a) return undefined;
  if (concrete(a.part) && concrete(e.cpe.part) && a.part !== e.cpe.part) return undefined;
  if (!concrete(e.cpe.vendor) || !concrete(e.cpe.product) || a.vendor !== e.cpe.vendor || a.product !== e.cpe.product) return undefined;
  const product = `${a.vendor} ${a.product}`;
  if (!concrete(a.version)) return `${product} is named; the asset's version is not given, so every version counts`;
  if (e.start !== undefined || e.end !== undefined) {
    return within(a.version, e) ? `${product} ${a.version} is within the affected range ${describeBounds(e)}` : undefined;
  }
  if (concrete(e.cpe.version)) return compareVersions(a.version, e.cpe.version) === 0 ? `${product} ${a.version} is the affected version` : undefined;
  return `${product} is named without version information: matched by vendor and product only`;
}
