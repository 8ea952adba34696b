// The compose page's model: the STIX 2.1 object an analyst's form describes, and the share terms
// it picks. Pure functions, tested beside the page.

export const KINDS = ['indicator', 'report', 'note', 'relationship'] as const;
export type Kind = (typeof KINDS)[number];
export const TLPS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type Tlp = (typeof TLPS)[number];

/** The TLP 2.0 marking definitions (STIX 2.1 Part 7; FIRST TLP 2.0). */
export const TLP_MARKINGS: Readonly<Record<Tlp, string>> = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

/** The indicator-type-ov and relationship types analysts use most (STIX 2.1 §10, §4.x). */
export const INDICATOR_TYPES = ['malicious-activity', 'anomalous-activity', 'attribution', 'compromised', 'benign', 'unknown'] as const;
export const RELATIONSHIP_TYPES = ['indicates', 'uses', 'targets', 'attributed-to', 'related-to', 'based-on', 'derived-from', 'mitigates', 'communicates-with'] as const;

export interface Draft {
  readonly kind: Kind;
  readonly name: string;
  readonly description: string;
  readonly labels: string;
  readonly pattern: string;
  readonly indicatorType: string;
  readonly validFrom: string;
  readonly validUntil: string;
  readonly refs: string;
  readonly content: string;
  readonly relationshipType: string;
  readonly sourceRef: string;
  readonly targetRef: string;
  readonly tlp: Tlp;
}

export const EMPTY_DRAFT: Draft = {
  kind: 'indicator', name: '', description: '', labels: '', pattern: '', indicatorType: 'malicious-activity', validFrom: '', validUntil: '',
  refs: '', content: '', relationshipType: 'indicates', sourceRef: '', targetRef: '', tlp: 'amber',
};

const STIX_ID = /^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;

/** A version 4 UUID from the browser's random source (randomUUID needs a secure context; this does not). */
export function uuid4(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The identifiers in a text, one per line (or separated by spaces or commas). */
export function idsIn(text: string): string[] {
  return text.split(/[\s,]+/).map((s) => s.trim()).filter((s) => s !== '');
}

export type ProblemKey = 'compose.required' | 'compose.badId' | 'compose.badPattern' | 'compose.badDate' | 'compose.untilBeforeFrom';

/** What is wrong with the draft, as message keys by field; empty when it can be saved. */
export function problems(d: Draft, patternValid: boolean | undefined): Readonly<Partial<Record<keyof Draft, ProblemKey>>> {
  const out: Partial<Record<keyof Draft, ProblemKey>> = {};
  const date = (field: keyof Draft, v: string): void => {
    if (v !== '' && Number.isNaN(Date.parse(v))) out[field] = 'compose.badDate';
  };
  const ids = (field: keyof Draft, v: string, required: boolean): void => {
    const list = idsIn(v);
    if (required && list.length === 0) out[field] = 'compose.required';
    else if (list.some((id) => !STIX_ID.test(id))) out[field] = 'compose.badId';
  };
  if ((d.kind === 'indicator' || d.kind === 'report') && d.name.trim() === '') out.name = 'compose.required';
  if (d.kind === 'indicator') {
    if (d.pattern.trim() === '') out.pattern = 'compose.required';
    else if (patternValid === false) out.pattern = 'compose.badPattern';
    date('validFrom', d.validFrom);
    date('validUntil', d.validUntil);
    if (out.validFrom === undefined && out.validUntil === undefined && d.validUntil !== '' && Date.parse(d.validUntil) <= Date.parse(d.validFrom || new Date().toISOString())) {
      out.validUntil = 'compose.untilBeforeFrom';
    }
  }
  if (d.kind === 'report' || d.kind === 'note') ids('refs', d.refs, true);
  if (d.kind === 'note' && d.content.trim() === '') out.content = 'compose.required';
  if (d.kind === 'relationship') {
    ids('sourceRef', d.sourceRef, true);
    ids('targetRef', d.targetRef, true);
  }
  return out;
}

/** The STIX 2.1 object of a draft (call only when `problems` is empty). */
export function toStix(d: Draft, creator: string | undefined, now: Date = new Date()): Record<string, unknown> {
  const at = now.toISOString();
  const labels = d.labels.split(',').map((l) => l.trim()).filter((l) => l !== '');
  const common = {
    type: d.kind, spec_version: '2.1', id: `${d.kind}--${uuid4()}`, created: at, modified: at,
    ...(creator !== undefined ? { created_by_ref: creator } : {}),
    ...(labels.length > 0 ? { labels } : {}),
    object_marking_refs: [TLP_MARKINGS[d.tlp]],
  };
  const text = (k: string, v: string): Record<string, string> => (v.trim() !== '' ? { [k]: v.trim() } : {});
  switch (d.kind) {
    case 'indicator':
      return {
        ...common, ...text('name', d.name), ...text('description', d.description), indicator_types: [d.indicatorType],
        pattern: d.pattern.trim(), pattern_type: 'stix', pattern_version: '2.1',
        valid_from: d.validFrom !== '' ? new Date(d.validFrom).toISOString() : at,
        ...(d.validUntil !== '' ? { valid_until: new Date(d.validUntil).toISOString() } : {}),
      };
    case 'report':
      return { ...common, ...text('name', d.name), ...text('description', d.description), report_types: ['threat-report'], published: at, object_refs: idsIn(d.refs) };
    case 'note':
      return { ...common, ...text('abstract', d.name), content: d.content.trim(), object_refs: idsIn(d.refs) };
    case 'relationship':
      return { ...common, ...text('description', d.description), relationship_type: d.relationshipType, source_ref: d.sourceRef.trim(), target_ref: d.targetRef.trim() };
  }
}

/** Who a share is for, as the API takes it. */
export type Audience =
  | { readonly kind: 'sharer' }
  | { readonly kind: 'all' }
  | { readonly kind: 'members'; readonly members: readonly string[] }
  | { readonly kind: 'group'; readonly group: string; readonly version: number };
