// The asset form's checks in the browser, so that a mistake is named in the user's language before
// the node is asked. The node checks everything again and stays the judge (src/assets/asset.ts,
// docs/detection.md "Assets"); these follow the same rules: IPv4 (no leading zeros) and IPv6
// addresses and CIDR networks, domains and host names of letters, digits, - and _, and CPE 2.3
// formatted strings (NISTIR 7695 §6.2).
import type { MessageKey } from '../i18n/index.js';

/** The STIX 2.1 industry-sector-ov vocabulary (§10.11), the sectors the node accepts. */
export const SECTORS = [
  'agriculture', 'aerospace', 'automotive', 'chemical', 'commercial', 'communications', 'construction', 'defense', 'education', 'energy',
  'entertainment', 'financial-services', 'government', 'emergency-services', 'government-local', 'government-national',
  'government-public-services', 'government-regional', 'healthcare', 'hospitality-leisure', 'infrastructure', 'dams', 'nuclear', 'water',
  'insurance', 'manufacturing', 'mining', 'non-profit', 'pharmaceuticals', 'retail', 'technology', 'telecommunications', 'transportation',
  'utilities', 'legal',
] as const;
export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
/** Entries per list, as the node allows. */
const MAX_LIST = 1000;

/** The form as typed: the lists one entry per line. */
export interface AssetDraft {
  readonly name: string;
  readonly sector: string;
  readonly criticality: string;
  readonly owner: string;
  readonly contact: string;
  readonly notes: string;
  readonly ranges: string;
  readonly domains: string;
  readonly software: string;
}
export type DraftField = keyof AssetDraft;

/** One thing wrong in the form: the field, the message, and the entry (and its line) of a list. */
export interface DraftProblem {
  readonly field: DraftField;
  readonly key: MessageKey;
  readonly entry?: string;
  readonly line?: number;
}

export const EMPTY_DRAFT: AssetDraft = { name: '', sector: '', criticality: '', owner: '', contact: '', notes: '', ranges: '', domains: '', software: '' };

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

function isIpv6(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const all = halves.flatMap(groups);
  const last = all.at(-1);
  const v4Tail = last !== undefined && last.includes('.');
  if (v4Tail && !IPV4.test(last)) return false;
  const hex = v4Tail ? all.slice(0, -1) : all;
  if (!hex.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return false;
  const count = hex.length + (v4Tail ? 2 : 0);
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** True for an IPv4 or IPv6 address, or a CIDR network (192.0.2.0/24, 2001:db8::/32). */
export function isNetwork(text: string): boolean {
  const [address = '', prefix, extra] = text.split('/');
  if (extra !== undefined) return false;
  const v4 = IPV4.test(address);
  if (!v4 && !(address.includes(':') && isIpv6(address))) return false;
  if (prefix === undefined) return true;
  return /^(?:0|[1-9]\d{0,2})$/.test(prefix) && Number(prefix) <= (v4 ? 32 : 128);
}

/** True for a domain or host name: labels of letters, digits, - and _ (no - at either end), 253 characters at most. */
export function isDomain(text: string): boolean {
  const d = text.toLowerCase().replace(/\.$/, '');
  if (d === '' || d.length > 253 || isNetwork(d)) return false;
  return d.split('.').every((label) => /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/.test(label));
}

const CPE_VALUE = /^(?:\*|-|\?+|(?:\*|\?+)?(?:[a-z0-9._-]|\\[!-/:-@[-^`{-~])+(?:\*|\?+)?)$/i;

/** True for a CPE 2.3 formatted string: cpe:2.3: and eleven attributes, each *, - or a value (other characters quoted with \). */
export function isCpe(text: string): boolean {
  if (!text.startsWith('cpe:2.3:')) return false;
  // Split at the colons not quoted: those after an even number of backslashes.
  const parts = text.slice(8).split(/(?<=(?:^|[^\\])(?:\\\\)*):/);
  if (parts.length !== 11) return false;
  return ['a', 'o', 'h', '*'].includes(parts[0]?.toLowerCase() ?? '') && parts.every((p) => CPE_VALUE.test(p));
}

/** A list field's entries: one per line, blank lines and surrounding spaces dropped. */
export function entries(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
}

function required(problems: DraftProblem[], draft: AssetDraft, field: DraftField, max: number): void {
  const v = draft[field].trim();
  if (v === '') problems.push({ field, key: 'infra.check.required' });
  else if (v.length > max) problems.push({ field, key: 'infra.check.tooLong' });
}

function list(problems: DraftProblem[], draft: AssetDraft, field: 'ranges' | 'domains' | 'software', ok: (v: string) => boolean, key: MessageKey): void {
  const items = entries(draft[field]);
  if (items.length > MAX_LIST) problems.push({ field, key: 'infra.check.tooMany' });
  items.forEach((entry, i) => {
    if (!ok(entry)) problems.push({ field, key, entry, line: i + 1 });
  });
}

/** Every problem in the form, in the order of its fields; none when the node may be asked. */
export function checkDraft(draft: AssetDraft): DraftProblem[] {
  const problems: DraftProblem[] = [];
  required(problems, draft, 'name', 200);
  if (!(SECTORS as readonly string[]).includes(draft.sector)) problems.push({ field: 'sector', key: 'infra.check.choose' });
  if (!(CRITICALITIES as readonly string[]).includes(draft.criticality)) problems.push({ field: 'criticality', key: 'infra.check.choose' });
  required(problems, draft, 'owner', 200);
  required(problems, draft, 'contact', 200);
  if (draft.notes.length > 4000) problems.push({ field: 'notes', key: 'infra.check.tooLong' });
  list(problems, draft, 'ranges', isNetwork, 'infra.check.range');
  list(problems, draft, 'domains', isDomain, 'infra.check.domain');
  list(problems, draft, 'software', isCpe, 'infra.check.cpe');
  return problems;
}

/** The request body for a checked draft (the lists as arrays; empty notes as none). */
export function draftBody(draft: AssetDraft): {
  name: string; sector: string; criticality: string; owner: string; contact: string; notes: string | null; ranges: string[]; domains: string[]; software: string[];
} {
  return {
    name: draft.name.trim(), sector: draft.sector, criticality: draft.criticality, owner: draft.owner.trim(), contact: draft.contact.trim(),
    notes: draft.notes.trim() === '' ? null : draft.notes, ranges: entries(draft.ranges), domains: entries(draft.domains), software: entries(draft.software),
  };
}

/** The form filled from a registered asset, for editing. */
export function draftOf(a: { name: string; sector: string; criticality: string; owner: string; contact: string; notes: string | null; ranges: string[]; domains: string[]; software: string[] }): AssetDraft {
  return {
    name: a.name, sector: a.sector, criticality: a.criticality, owner: a.owner, contact: a.contact, notes: a.notes ?? '',
    ranges: a.ranges.join('\n'), domains: a.domains.join('\n'), software: a.software.join('\n'),
  };
}

/** The form field a problem of the node names (body.ranges[1] → ranges), when it is one. */
export function fieldOfLocation(location: string | undefined): DraftField | undefined {
  const m = /^body\.(\w+)/.exec(location ?? '');
  const f = m?.[1];
  return f !== undefined && f in EMPTY_DRAFT ? (f as DraftField) : undefined;
}
