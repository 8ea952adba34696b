// Real, published STIX 2.1 content must validate with zero errors: MITRE ATT&CK for ICS and
// Mobile (custom x-mitre-* types and x_mitre_* properties: warnings only) and the OASIS examples.
import { corpusBundle, type CorpusName } from '../../../test/support/corpora.js';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../issue.js';
import { validateObject } from './index.js';

const fixtures = join(import.meta.dirname, '../../../test/fixtures');

function objectsOf(json: unknown): unknown[] {
  if (Array.isArray(json)) return json;
  const o = json as { type?: unknown; objects?: unknown };
  return o.type === 'bundle' && Array.isArray(o.objects) ? o.objects : [json];
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return jsonFiles(p);
    return f.endsWith('.json') ? [p] : [];
  });
}

function summarise(objects: readonly unknown[]) {
  const errors: string[] = [];
  const warnings = new Map<string, number>();
  for (const o of objects) {
    for (const i of validateObject(o).issues) {
      if (i.severity === 'error') errors.push(formatIssue(i));
      else warnings.set(i.rule, (warnings.get(i.rule) ?? 0) + 1);
    }
  }
  return { errors, warnings };
}

describe('MITRE ATT&CK corpora', () => {
  for (const name of ['ics-attack.json.gz', 'mobile-attack.json.gz']) {
    it(`${name}: every object valid, custom content only warned about`, () => {
      const objects = objectsOf(corpusBundle(name.replace(/\.json\.gz$/, '') as CorpusName));
      expect(objects.length).toBeGreaterThan(1800);
      const { errors, warnings } = summarise(objects);
      expect(errors).toEqual([]);
      // x-mitre-* objects and x_mitre_* properties are deprecated custom content, not errors.
      expect(warnings.get('custom-object.deprecated')).toBeGreaterThan(0);
      expect(warnings.get('custom-property.deprecated')).toBeGreaterThan(0);
      expect([...warnings.keys()].every((r) => ['custom-object.deprecated', 'custom-property.deprecated', 'ref.custom-not-identifier'].includes(r))).toBe(true);
    });
  }
});

describe('OASIS examples', () => {
  for (const file of jsonFiles(join(fixtures, 'oasis-examples'))) {
    it(`${file.slice(fixtures.length + 1)}: every object valid`, () => {
      const objects = objectsOf(JSON.parse(readFileSync(file, 'utf8')));
      expect(summarise(objects).errors).toEqual([]);
    });
  }
});
