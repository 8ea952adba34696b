import { describe, expect, it } from 'vitest';
import { SCO_TYPES, SDO_TYPES, SMO_TYPES, SRO_TYPES, isStandardType } from '../kinds.js';
import { definedProperties } from './properties.js';
import { REF_RULES, describeTarget, refRuleFor } from './ref-rules.js';

const ALL_TYPES = [...SDO_TYPES, ...SRO_TYPES, ...SCO_TYPES, ...SMO_TYPES];

describe('REF_RULES', () => {
  it('names only standard types, each with a spec section', () => {
    for (const r of REF_RULES) {
      if (r.on !== '*') for (const t of r.on) expect(isStandardType(t), `${t} in ${r.path}`).toBe(true);
      for (const t of r.target.types ?? []) expect(isStandardType(t), `${t} as target of ${r.path}`).toBe(true);
      expect(r.section).toMatch(/^§\d/);
      expect(r.path).toMatch(/_refs?$/);
    }
  });

  it('covers every top-level reference property the official schemas define', () => {
    const missing: string[] = [];
    for (const type of ALL_TYPES) {
      for (const p of definedProperties(type) ?? []) {
        if ((p.endsWith('_ref') || p.endsWith('_refs')) && refRuleFor(type, p) === undefined) missing.push(`${type}.${p}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('only has rules for properties the schemas define (top level) or known nested places', () => {
    for (const r of REF_RULES) {
      if (r.path.includes('.')) continue;
      for (const t of r.on === '*' ? ['indicator', 'marking-definition'] : r.on) {
        expect(definedProperties(t)?.has(r.path), `${t}.${r.path}`).toBe(true);
      }
    }
  });

  it('falls back to the common rules for any type', () => {
    expect(refRuleFor('x-acme-widget', 'created_by_ref')?.target.types).toEqual(['identity']);
    expect(refRuleFor('x-acme-widget', 'tactic_refs')).toBeUndefined();
    expect(refRuleFor('file', 'extensions.archive-ext.contains_refs')?.target.types).toEqual(['file', 'directory']);
  });

  it('describes targets for people', () => {
    expect(describeTarget({ types: ['identity', 'location'] })).toBe('an identity or a location');
    expect(describeTarget({ kinds: ['sdo', 'sco', 'custom'] })).toBe('any SDO, any SCO or any custom object');
    expect(describeTarget({ kinds: ['sdo'], except: ['language-content'] })).toBe('any SDO (not language-content)');
  });
});
