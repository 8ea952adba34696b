// What changed from one version of a STIX object to the next, property by property (top-level
// properties; a changed list or nested object shows as one change with both values as text),
// and how any property value reads as text.

export interface Change {
  readonly property: string;
  readonly kind: 'added' | 'removed' | 'changed';
  /** The value before, as text ('' when added). */
  readonly before: string;
  /** The value after, as text ('' when removed). */
  readonly after: string;
}

/** Any JSON value as text: strings as they are, everything else as indented JSON. */
export function valueText(v: unknown): string {
  if (typeof v === 'string') return v;
  return JSON.stringify(v, null, 2) ?? String(v);
}

/** The properties added, removed and changed from `older` to `newer`, in the newer version's order (removed ones last). */
export function diffVersions(older: Readonly<Record<string, unknown>>, newer: Readonly<Record<string, unknown>>): Change[] {
  const changes: Change[] = [];
  for (const [property, after] of Object.entries(newer)) {
    if (!Object.hasOwn(older, property)) changes.push({ property, kind: 'added', before: '', after: valueText(after) });
    else {
      const before = valueText(older[property]);
      const now = valueText(after);
      if (before !== now) changes.push({ property, kind: 'changed', before, after: now });
    }
  }
  for (const [property, before] of Object.entries(older)) {
    if (!Object.hasOwn(newer, property)) changes.push({ property, kind: 'removed', before: valueText(before), after: '' });
  }
  return changes;
}

const STIX_ID = /^[a-z][a-z0-9-]*[a-z0-9]--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;

/** Whether a value is a STIX identifier (what the explorer links to). */
export function isStixId(v: unknown): v is string {
  return typeof v === 'string' && STIX_ID.test(v);
}

/** A URL received from another member, if it is one the explorer may link to: http or https only. */
export function safeUrl(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** The longest text shown for a name in lists; the detail page shows everything (clamped by the stylesheet). */
const NAME_LENGTH = 200;

/** A display name for any STIX object: its name, else its value, pattern or other telling text, else its type. */
export function objectName(o: Readonly<Record<string, unknown>>): string {
  for (const k of ['name', 'value', 'pattern', 'body', 'opinion', 'abstract', 'path', 'key', 'user_id', 'relationship_type']) {
    const v = o[k];
    if (typeof v === 'string' && v !== '') return v.length > NAME_LENGTH ? `${v.slice(0, NAME_LENGTH)}…` : v;
  }
  return String(o.type);
}
