// Traffic Light Protocol markings, built in.
//
// TLP 2.0 is expressed as the five marking-definition objects OASIS publishes in
// cti-stix-common-objects (extension-definition-specifications/tlp-2.0): fixed ids, created
// 2022-10-01T00:00:00.000Z, and a property-extension
// (extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d) whose `tlp_2_0` holds the level.
// They are reproduced here byte-for-byte in content (no created_by_ref: OASIS publishes none).
//
// TLP 1.0 is the four marking definitions the STIX 2.1 specification itself defines (§7.2.1.4,
// definition_type "tlp", created 2017-01-20T00:00:00.000Z). As printed in the specification, in
// python-stix2 (stix2/v21/common.py TLP_WHITE…) and as required by the official schema
// (marking-definition.json, whose TLP branch has additionalProperties: false), they carry no
// created_by_ref. They are recognised and mapped onto TLP 2.0: white → clear, the rest by name.
//
// When an object carries several TLP markings, the most restrictive wins:
// red > amber+strict > amber > green > clear.

/** A TLP 2.0 level. */
export type TlpLevel = 'clear' | 'green' | 'amber' | 'amber+strict' | 'red';

/** The levels from least to most restrictive. */
export const TLP_LEVELS: readonly TlpLevel[] = Object.freeze(['clear', 'green', 'amber', 'amber+strict', 'red']);

/** The id of the OASIS TLP 2.0 extension definition. */
export const TLP2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

/** A TLP 2.0 marking-definition object as OASIS publishes it. */
export interface Tlp2MarkingDefinition {
  readonly type: 'marking-definition';
  readonly spec_version: '2.1';
  readonly id: string;
  readonly created: '2022-10-01T00:00:00.000Z';
  readonly name: string;
  readonly extensions: {
    readonly [TLP2_EXTENSION_ID]: { readonly extension_type: 'property-extension'; readonly tlp_2_0: TlpLevel };
  };
}

/** A TLP 1.0 marking-definition object as the STIX 2.1 specification defines it (§7.2.1.4). */
export interface Tlp1MarkingDefinition {
  readonly type: 'marking-definition';
  readonly spec_version: '2.1';
  readonly id: string;
  readonly created: '2017-01-20T00:00:00.000Z';
  readonly definition_type: 'tlp';
  readonly name: string;
  readonly definition: { readonly tlp: 'white' | 'green' | 'amber' | 'red' };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const TLP2_IDS: Readonly<Record<TlpLevel, string>> = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

function tlp2(level: TlpLevel): Tlp2MarkingDefinition {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP2_IDS[level],
    created: '2022-10-01T00:00:00.000Z',
    name: `TLP:${level.toUpperCase()}`,
    extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: level } },
  };
}

function tlp1(tlp: 'white' | 'green' | 'amber' | 'red', id: string): Tlp1MarkingDefinition {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id,
    created: '2017-01-20T00:00:00.000Z',
    definition_type: 'tlp',
    name: `TLP:${tlp.toUpperCase()}`,
    definition: { tlp },
  };
}

/** The five official TLP 2.0 marking definitions, by level (deep-frozen). */
export const TLP2_MARKINGS: Readonly<Record<TlpLevel, Tlp2MarkingDefinition>> = deepFreeze({
  clear: tlp2('clear'),
  green: tlp2('green'),
  amber: tlp2('amber'),
  'amber+strict': tlp2('amber+strict'),
  red: tlp2('red'),
});

/** The four TLP 1.0 marking definitions of STIX 2.1 §7.2.1.4 (deep-frozen). */
export const TLP1_MARKINGS: readonly Tlp1MarkingDefinition[] = deepFreeze([
  tlp1('white', 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9'),
  tlp1('green', 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da'),
  tlp1('amber', 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82'),
  tlp1('red', 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed'),
]);

/** All nine built-in marking definitions (TLP 2.0 first), for the store to seed. */
export const BUILTIN_MARKINGS: readonly (Tlp2MarkingDefinition | Tlp1MarkingDefinition)[] = Object.freeze([
  ...TLP_LEVELS.map((l) => TLP2_MARKINGS[l]),
  ...TLP1_MARKINGS,
]);

const levelById: ReadonlyMap<string, TlpLevel> = new Map<string, TlpLevel>([
  ...TLP_LEVELS.map((l) => [TLP2_IDS[l], l] as const),
  ...TLP1_MARKINGS.map((m) => [m.id, m.definition.tlp === 'white' ? 'clear' : m.definition.tlp] as const),
]);

const builtinById: ReadonlyMap<string, Tlp2MarkingDefinition | Tlp1MarkingDefinition> = new Map(
  BUILTIN_MARKINGS.map((m) => [m.id, m] as const),
);

/** The id of the TLP 2.0 marking definition for a level. */
export function tlpMarkingId(level: TlpLevel): string {
  return TLP2_IDS[level];
}

/** The TLP level a marking-definition id stands for (TLP 2.0 or TLP 1.0 ids), or undefined. */
export function tlpLevelOfMarking(markingId: string): TlpLevel | undefined {
  return levelById.get(markingId);
}

/** The built-in marking definition with this id (TLP 2.0 or 1.0), or undefined. */
export function builtinMarking(markingId: string): Tlp2MarkingDefinition | Tlp1MarkingDefinition | undefined {
  return builtinById.get(markingId);
}

/** Restrictiveness rank of a level: clear 0 … red 4. */
export function tlpRank(level: TlpLevel): number {
  return TLP_LEVELS.indexOf(level);
}

/** The more restrictive of two levels. */
export function mostRestrictive(a: TlpLevel, b: TlpLevel): TlpLevel {
  return tlpRank(a) >= tlpRank(b) ? a : b;
}

/**
 * The TLP level of an object from its `object_marking_refs` (granular markings are not
 * considered): the most restrictive TLP marking referenced, red > amber+strict > amber >
 * green > clear; undefined when it references no TLP marking.
 */
export function tlpOfObject(obj: { readonly object_marking_refs?: unknown }): TlpLevel | undefined {
  const refs = obj.object_marking_refs;
  if (!Array.isArray(refs)) return undefined;
  let level: TlpLevel | undefined;
  for (const ref of refs as unknown[]) {
    if (typeof ref !== 'string') continue;
    const l = levelById.get(ref);
    if (l !== undefined) level = level === undefined ? l : mostRestrictive(level, l);
  }
  return level;
}
