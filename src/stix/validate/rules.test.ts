// Unit tests of the validator's pieces: name rules, the property and timestamp tables against the
// official schemas, the folding of schema noise, robustness on hostile input.
import { describe, expect, it } from 'vitest';
import { officialSchemas } from '../schema/oasis.generated.js';
import { SCO_TYPES, SDO_TYPES, SMO_TYPES, SRO_TYPES } from '../kinds.js';
import { validateObject, VALIDATION_RULES } from './index.js';
import { CUSTOM_PROPERTY_NAME_RE, commonProperties, definedProperties, typeNameProblem } from './properties.js';
import { isIdnHostname } from './schemas.js';
import { TIMESTAMP_PROPERTIES } from './timestamps.js';

const T = '2024-03-01T10:00:00.000Z';
const indicator = {
  type: 'indicator', spec_version: '2.1', id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', created: T, modified: T,
  pattern: "[ipv4-addr:value = '198.51.100.7']", pattern_type: 'stix', valid_from: T,
};

describe('names', () => {
  it('type names follow §3.1', () => {
    for (const ok of ['x-acme-widget', 'abc', 'x-mitre-tactic', 'a1b', 'a'.repeat(250)]) expect(typeNameProblem(ok)).toBeUndefined();
    for (const bad of ['ab', 'A-b-c', 'x--y', 'x-y-', '-xy', '1xy', 'x_y_z', 'a'.repeat(251), 'x y']) expect(typeNameProblem(bad)).toBeDefined();
  });

  it('custom property names follow §11.1', () => {
    for (const ok of ['x_mitre_version', 'abc', '_ab', '123', 'a'.repeat(250)]) expect(CUSTOM_PROPERTY_NAME_RE.test(ok)).toBe(true);
    for (const bad of ['ab', 'xMitre', 'x-mitre', 'x.y.z', 'é_ab', 'a'.repeat(251)]) expect(CUSTOM_PROPERTY_NAME_RE.test(bad)).toBe(false);
  });

  it('idn-hostname accepts international and underscore labels, rejects spaces and bad hyphens', () => {
    for (const ok of ['example.com', 'xn--bcher-kva.example', 'bücher.example', '例え.jp', 'foo_bar.duckdns.org', 'localhost', 'example.com.']) {
      expect(isIdnHostname(ok), ok).toBe(true);
    }
    for (const bad of ['', 'exa mple.com', '-example.com', 'example-.com', 'a..b', `${'a'.repeat(64)}.com`, 'x'.repeat(254)]) {
      expect(isIdnHostname(bad), bad).toBe(false);
    }
  });
});

describe('property tables derived from the official schemas', () => {
  it('knows each standard type’s properties, including the common ones', () => {
    expect(definedProperties('indicator')).toEqual(new Set([
      ...commonProperties('core'), 'name', 'description', 'indicator_types', 'pattern', 'pattern_type', 'pattern_version',
      'valid_from', 'valid_until', 'kill_chain_phases',
    ]));
    expect(definedProperties('incident')?.has('kill_chain_phases')).toBe(true); // §4.6, missing from the schema
    expect(definedProperties('ipv4-addr')).toEqual(new Set([...commonProperties('observable-core'), 'value', 'resolves_to_refs', 'belongs_to_refs']));
    expect(definedProperties('marking-definition')?.has('definition_type')).toBe(true);
    expect(definedProperties('x-acme-widget')).toBeUndefined();
  });

  it('lists every top-level timestamp property the schemas define', () => {
    const schemaByFile = new Map(officialSchemas.map((s) => [s.file, s.schema]));
    const found: string[] = [];
    const scan = (node: unknown, type: string): void => {
      if (node === null || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      for (const list of ['allOf', 'oneOf', 'anyOf']) if (Array.isArray(n[list])) for (const s of n[list] as unknown[]) scan(s, type);
      const props = n.properties;
      if (props === null || typeof props !== 'object') return;
      for (const [name, sub] of Object.entries(props as Record<string, unknown>)) {
        if (JSON.stringify(sub).includes('timestamp.json') && !['created', 'modified'].includes(name)) found.push(`${type}.${name}`);
      }
    };
    for (const type of [...SDO_TYPES, ...SRO_TYPES, ...SCO_TYPES, ...SMO_TYPES]) {
      const dir = SDO_TYPES.includes(type as never) ? 'sdos' : SRO_TYPES.includes(type as never) ? 'sros' : SCO_TYPES.includes(type as never) ? 'observables' : 'common';
      scan(schemaByFile.get(`${dir}/${type}.json`), type);
    }
    const listed = Object.entries(TIMESTAMP_PROPERTIES).flatMap(([t, props]) => props.filter((p) => !p.includes('.')).map((p) => `${t}.${p}`));
    expect(new Set(listed)).toEqual(new Set(found));
  });
});

describe('schema findings', () => {
  it('reports the branch an email-message meant (is_multipart false with body_multipart)', () => {
    const msg = {
      type: 'email-message', id: 'email-message--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', is_multipart: false,
      body_multipart: [{ body: 'hi' }],
    };
    const errors = validateObject(msg).issues.filter((i) => i.severity === 'error');
    expect(errors.map((i) => [i.rule, i.path])).toEqual([['schema.not', '']]);
    expect(errors[0]?.message).toMatch(/must not have body_multipart/);
  });

  it('words identifier and timestamp patterns instead of printing regular expressions', () => {
    const r = validateObject({ ...indicator, created_by_ref: 'identity-1' });
    const m = r.issues.find((i) => i.path === '/created_by_ref')?.message ?? '';
    expect(m).toMatch(/not a STIX identifier/);
    expect(m).not.toMatch(/\[0-9a-fA-F\]/);
  });

  it('points required findings at the missing property', () => {
    const { pattern: _, ...noPattern } = indicator;
    expect(validateObject(noPattern).issues.map((i) => i.path)).toEqual(['/pattern']);
  });

  it('does not repeat a finding', () => {
    const r = validateObject({ ...indicator, object_marking_refs: ['x', 'y'] });
    const keys = r.issues.map((i) => `${i.rule} ${i.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('uses only catalogued rule codes', () => {
    const codes = new Set(Object.keys(VALIDATION_RULES));
    const samples: unknown[] = [
      indicator, { ...indicator, created: 'x', modified: 'y', x_Bad: 1, extensions: { bad: {} } }, { type: 3 }, {}, null,
      { type: 'x-y', id: 'x-y--1' }, { type: 'bundle' }, { ...indicator, spec_version: '2.0' },
    ];
    for (const s of samples) {
      for (const i of validateObject(s).issues) {
        expect(i.rule.startsWith('schema.') || codes.has(i.rule), i.rule).toBe(true);
        if (!i.rule.startsWith('schema.')) expect(VALIDATION_RULES[i.rule]?.severity).toBe(i.severity);
      }
    }
  });
});

describe('robustness', () => {
  // A seeded generator of hostile values: the validator must answer, never throw.
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const junk = (depth: number): unknown => {
    const k = Math.floor(rnd() * 9);
    if (depth > 3 || k < 3) return [null, true, -1, 1e308, '', 'x'.repeat(5000), '\ud800', '2024-02-30T00:00:00Z', 'indicator--x'][Math.floor(rnd() * 9)];
    if (k < 6) return Array.from({ length: Math.floor(rnd() * 4) }, () => junk(depth + 1));
    return Object.fromEntries(['type', 'id', 'created', 'object_refs', 'extensions', 'x_ref', 'hashes', '__proto__', 'constructor'].filter(() => rnd() < 0.5).map((key) => [key, junk(depth + 1)]));
  };

  it('never throws, whatever it is given', () => {
    const bases = [indicator, { type: 'file', id: 'file--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', name: 'a' }, { type: 'x-acme', id: 'x-acme--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' }];
    for (let i = 0; i < 3000; i++) {
      const base = bases[i % bases.length] ?? indicator;
      const obj: Record<string, unknown> = { ...base };
      const keys = ['type', 'id', 'created', 'modified', 'name', 'hashes', 'extensions', 'object_marking_refs', 'granular_markings', 'spec_version', 'valid_until', 'x_custom_ref'];
      for (let j = 0; j < 3; j++) obj[keys[Math.floor(rnd() * keys.length)] ?? 'name'] = junk(0);
      const r = validateObject(obj);
      expect(typeof r.ok).toBe('boolean');
      if (!r.ok) expect(r.issues.some((x) => x.severity === 'error')).toBe(true);
    }
    for (const v of [undefined, null, 0, 'indicator', [], [indicator], new Date(0)]) expect(validateObject(v).ok).toBe(false);
  });
});
