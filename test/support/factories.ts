// Factories for realistic STIX 2.1 test data. Tests and benchmarks build what they need here
// instead of keeping static fixtures (static fixtures are for protocol conformance only).
// A seeded generator makes benchmark data reproducible run to run.

type Obj = Record<string, unknown>;

/** A small, fast, seeded PRNG (mulberry32), so generated corpora are identical across runs. */
export class Rng {
  private state: number;
  constructor(seed = 0x5eed) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  hex(n: number): string {
    let s = '';
    while (s.length < n) s += (this.int(0x100000000) >>> 0).toString(16).padStart(8, '0');
    return s.slice(0, n);
  }
  /** A UUIDv4-shaped id from the seeded stream. */
  uuid(): string {
    const h = this.hex(32);
    const variant = '89ab'[this.int(4)] as string;
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

let defaultRng = new Rng(Date.now() & 0xffffffff);
/** Resets the default generator (tests that need reproducible ids). */
export function seedFactories(seed: number): void {
  defaultRng = new Rng(seed);
}

const T0 = Date.UTC(2024, 0, 1);
/** A STIX timestamp with millisecond precision, `offsetMs` after 2024-01-01. */
export function ts(offsetMs = 0): string {
  return new Date(T0 + offsetMs).toISOString();
}

export const MEMBER_IDENTITY = 'identity--7f3c2a10-3b1e-4c55-9a3d-2f6b8e0c4d11';
export const TLP_GREEN = 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb';
export const TLP_AMBER = 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421';
const WORDS = ['loader', 'beacon', 'dropper', 'phishing', 'ransomware', 'credential', 'exfiltration', 'backdoor', 'botnet', 'wiper', 'stealer', 'implant'];

function ipv4(r: Rng): string {
  return `${1 + r.int(222)}.${r.int(256)}.${r.int(256)}.${1 + r.int(254)}`;
}
function domain(r: Rng): string {
  return `${r.pick(WORDS)}-${r.hex(6)}.${r.pick(['com', 'net', 'org', 'info', 'xyz'])}`;
}

/** An indicator with a STIX pattern, a description and the usual optional properties. */
export function buildIndicator(over: Obj = {}, r: Rng = defaultRng): Obj {
  const created = ts(r.int(300 * 86400_000));
  const kind = r.int(3);
  const pattern = kind === 0 ? `[ipv4-addr:value = '${ipv4(r)}']`
    : kind === 1 ? `[domain-name:value = '${domain(r)}']`
    : `[file:hashes.'SHA-256' = '${r.hex(64)}']`;
  return {
    type: 'indicator', spec_version: '2.1', id: `indicator--${r.uuid()}`,
    created_by_ref: MEMBER_IDENTITY, created, modified: created,
    name: `${r.pick(WORDS)} ${r.pick(WORDS)} infrastructure`,
    description: `Observed ${r.pick(WORDS)} activity linked to ${r.pick(WORDS)} campaign ${r.hex(4)}; block at the perimeter and hunt for related ${r.pick(WORDS)} traffic.`,
    indicator_types: ['malicious-activity'], pattern, pattern_type: 'stix', valid_from: created,
    labels: [r.pick(WORDS), r.pick(WORDS)].filter((v, i, a) => a.indexOf(v) === i),
    object_marking_refs: [r.pick([TLP_GREEN, TLP_AMBER])],
    external_references: [{ source_name: 'accord-test', external_id: `ACC-${r.int(100000)}`, url: `https://cert.example/advisories/${r.hex(8)}` }],
    ...over,
  };
}

/** An ipv4-addr SCO (random-UUID id: use deterministic ids where the test is about them). */
export function buildIpv4(over: Obj = {}, r: Rng = defaultRng): Obj {
  return { type: 'ipv4-addr', spec_version: '2.1', id: `ipv4-addr--${r.uuid()}`, value: ipv4(r), ...over };
}

export function buildDomain(over: Obj = {}, r: Rng = defaultRng): Obj {
  return { type: 'domain-name', spec_version: '2.1', id: `domain-name--${r.uuid()}`, value: domain(r), ...over };
}

export function buildMalware(over: Obj = {}, r: Rng = defaultRng): Obj {
  const created = ts(r.int(300 * 86400_000));
  return {
    type: 'malware', spec_version: '2.1', id: `malware--${r.uuid()}`, created_by_ref: MEMBER_IDENTITY,
    created, modified: created, name: `${r.pick(WORDS)}-${r.hex(4)}`, is_family: true,
    malware_types: [r.pick(['backdoor', 'ransomware', 'trojan', 'worm'])],
    description: `A ${r.pick(WORDS)} family used against critical infrastructure operators.`,
    object_marking_refs: [TLP_GREEN], ...over,
  };
}

export function buildRelationship(source: string, target: string, over: Obj = {}, r: Rng = defaultRng): Obj {
  const created = ts(r.int(300 * 86400_000));
  return {
    type: 'relationship', spec_version: '2.1', id: `relationship--${r.uuid()}`, created_by_ref: MEMBER_IDENTITY,
    created, modified: created, relationship_type: 'indicates', source_ref: source, target_ref: target,
    object_marking_refs: [TLP_GREEN], ...over,
  };
}

export function buildObservedData(refs: readonly string[], over: Obj = {}, r: Rng = defaultRng): Obj {
  const created = ts(r.int(300 * 86400_000));
  return {
    type: 'observed-data', spec_version: '2.1', id: `observed-data--${r.uuid()}`, created_by_ref: MEMBER_IDENTITY,
    created, modified: created, first_observed: created, last_observed: created, number_observed: 1 + r.int(50),
    object_refs: refs, object_marking_refs: [TLP_AMBER], ...over,
  };
}

export function buildReport(refs: readonly string[], over: Obj = {}, r: Rng = defaultRng): Obj {
  const created = ts(r.int(300 * 86400_000));
  return {
    type: 'report', spec_version: '2.1', id: `report--${r.uuid()}`, created_by_ref: MEMBER_IDENTITY,
    created, modified: created, name: `Weekly ${r.pick(WORDS)} report ${r.hex(4)}`, published: created,
    report_types: ['threat-report'], description: `Summary of ${r.pick(WORDS)} and ${r.pick(WORDS)} activity this week.`,
    object_refs: refs, object_marking_refs: [TLP_GREEN], ...over,
  };
}

/** A later version of `obj`: same id and created, `modified` advanced by `ms`. */
export function nextVersion(obj: Obj, changes: Obj = {}, ms = 60_000): Obj {
  const modified = new Date(Date.parse(String(obj.modified)) + ms).toISOString();
  return { ...obj, ...changes, modified };
}

/** The member identity every factory object names as creator. */
export function buildMemberIdentity(over: Obj = {}): Obj {
  return {
    type: 'identity', spec_version: '2.1', id: MEMBER_IDENTITY, created: ts(0), modified: ts(0),
    name: 'CERT of Examplestan', identity_class: 'organization', sectors: ['government'], ...over,
  };
}
