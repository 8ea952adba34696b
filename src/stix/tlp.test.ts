import { describe, expect, it } from 'vitest';
import {
  BUILTIN_MARKINGS, TLP1_MARKINGS, TLP2_MARKINGS, builtinMarking, mostRestrictive, tlpLevelOfMarking, tlpMarkingId, tlpOfObject,
} from './tlp.js';

// Literally as published by OASIS: cti-stix-common-objects,
// extension-definition-specifications/tlp-2.0/examples/tlp-*.json (and the schema's id/name enums).
const tlp2 = (id: string, name: string, tlp_2_0: string) => ({
  type: 'marking-definition',
  spec_version: '2.1',
  id,
  created: '2022-10-01T00:00:00.000Z',
  name,
  extensions: {
    'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': { extension_type: 'property-extension', tlp_2_0 },
  },
});

// STIX 2.1 §7.2.1.4, python-stix2 stix2/v21/common.py TLP_WHITE etc.
const tlp1 = (id: string, name: string, tlp: string) => ({
  type: 'marking-definition',
  spec_version: '2.1',
  id,
  created: '2017-01-20T00:00:00.000Z',
  definition_type: 'tlp',
  name,
  definition: { tlp },
});

describe('built-in TLP marking definitions', () => {
  it('TLP 2.0 objects equal the OASIS publication', () => {
    expect(TLP2_MARKINGS.clear).toStrictEqual(tlp2('marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487', 'TLP:CLEAR', 'clear'));
    expect(TLP2_MARKINGS.green).toStrictEqual(tlp2('marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb', 'TLP:GREEN', 'green'));
    expect(TLP2_MARKINGS.amber).toStrictEqual(tlp2('marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421', 'TLP:AMBER', 'amber'));
    expect(TLP2_MARKINGS['amber+strict']).toStrictEqual(
      tlp2('marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003', 'TLP:AMBER+STRICT', 'amber+strict'),
    );
    expect(TLP2_MARKINGS.red).toStrictEqual(tlp2('marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1', 'TLP:RED', 'red'));
  });

  it('TLP 1.0 objects equal STIX 2.1 §7.2.1.4', () => {
    expect(TLP1_MARKINGS).toStrictEqual([
      tlp1('marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', 'TLP:WHITE', 'white'),
      tlp1('marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da', 'TLP:GREEN', 'green'),
      tlp1('marking-definition--f88d31f6-486f-44da-b317-01333bde0b82', 'TLP:AMBER', 'amber'),
      tlp1('marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed', 'TLP:RED', 'red'),
    ]);
  });

  it('BUILTIN_MARKINGS holds all nine, once each', () => {
    expect(BUILTIN_MARKINGS).toHaveLength(9);
    expect(new Set(BUILTIN_MARKINGS.map((m) => m.id)).size).toBe(9);
    for (const m of BUILTIN_MARKINGS) expect(builtinMarking(m.id)).toBe(m);
  });

  it('is deep-frozen', () => {
    expect(Object.isFrozen(TLP2_MARKINGS)).toBe(true);
    expect(Object.isFrozen(TLP2_MARKINGS.red.extensions)).toBe(true);
    expect(Object.isFrozen(TLP1_MARKINGS[0]?.definition)).toBe(true);
    expect(Object.isFrozen(BUILTIN_MARKINGS)).toBe(true);
    expect(() => {
      (TLP2_MARKINGS.red as { name: string }).name = 'TLP:CLEAR';
    }).toThrow(TypeError);
  });
});

describe('tlpMarkingId / tlpLevelOfMarking', () => {
  it('round-trips every TLP 2.0 level', () => {
    for (const level of ['clear', 'green', 'amber', 'amber+strict', 'red'] as const) {
      expect(tlpLevelOfMarking(tlpMarkingId(level))).toBe(level);
    }
  });

  it('maps TLP 1.0 ids onto TLP 2.0 levels (white → clear)', () => {
    expect(tlpLevelOfMarking('marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9')).toBe('clear');
    expect(tlpLevelOfMarking('marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da')).toBe('green');
    expect(tlpLevelOfMarking('marking-definition--f88d31f6-486f-44da-b317-01333bde0b82')).toBe('amber');
    expect(tlpLevelOfMarking('marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed')).toBe('red');
  });

  it('knows no other marking', () => {
    expect(tlpLevelOfMarking('marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168')).toBeUndefined();
  });
});

describe('tlpOfObject', () => {
  it('returns the most restrictive TLP among object_marking_refs', () => {
    expect(tlpOfObject({ object_marking_refs: [tlpMarkingId('green'), tlpMarkingId('amber+strict'), tlpMarkingId('amber')] }))
      .toBe('amber+strict');
    expect(tlpOfObject({ object_marking_refs: [tlpMarkingId('red'), tlpMarkingId('clear')] })).toBe('red');
    expect(tlpOfObject({
      object_marking_refs: ['marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', tlpMarkingId('green')],
    })).toBe('green');
  });

  it('ignores non-TLP markings and is undefined without TLP', () => {
    const statement = 'marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168';
    expect(tlpOfObject({ object_marking_refs: [statement, tlpMarkingId('amber')] })).toBe('amber');
    expect(tlpOfObject({ object_marking_refs: [statement] })).toBeUndefined();
    expect(tlpOfObject({})).toBeUndefined();
    expect(tlpOfObject({ object_marking_refs: 'nope' })).toBeUndefined();
  });

  it('orders red > amber+strict > amber > green > clear', () => {
    expect(mostRestrictive('amber', 'amber+strict')).toBe('amber+strict');
    expect(mostRestrictive('red', 'amber+strict')).toBe('red');
    expect(mostRestrictive('clear', 'green')).toBe('green');
  });
});
