// The corpus of invalid objects (test/fixtures/invalid/*.json): each case names the precise
// findings it must produce — rule, JSON Pointer and object id — and produces no other error.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../issue.js';
import { VALIDATION_RULES, validateObject, type ExtensionDefinitionInfo, type ValidationContext } from './index.js';

interface Expected { readonly rule: string; readonly path: string; readonly severity?: 'error' | 'warning' }
interface Case {
  readonly case: string;
  readonly object: unknown;
  readonly expect: readonly Expected[];
  readonly context?: { readonly extensionDefinitions?: Readonly<Record<string, ExtensionDefinitionInfo>> };
}

const dir = join(import.meta.dirname, '../../../test/fixtures/invalid');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const all: { file: string; c: Case }[] = files.flatMap((file) =>
  (JSON.parse(readFileSync(join(dir, file), 'utf8')) as Case[]).map((c) => ({ file, c })),
);

function contextOf(c: Case): ValidationContext | undefined {
  const defs = c.context?.extensionDefinitions;
  return defs === undefined ? undefined : { resolveExtensionDefinition: (id) => defs[id] };
}

function idOf(v: unknown): string | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as { id?: unknown }).id === 'string'
    ? (v as { id: string }).id
    : undefined;
}

describe('invalid corpus', () => {
  it('covers at least 40 distinct rule/path pairs and every semantic rule family', () => {
    const pairs = new Set(all.flatMap(({ c }) => c.expect.map((e) => `${e.rule} ${e.path}`)));
    expect(pairs.size).toBeGreaterThanOrEqual(40);
    const rules = new Set(all.flatMap(({ c }) => c.expect.map((e) => e.rule)));
    for (const rule of Object.keys(VALIDATION_RULES)) {
      if (rule === 'ref.custom-not-identifier') continue; // exercised by the ATT&CK corpus and unit tests
      expect(rules, `no invalid case exercises ${rule}`).toContain(rule);
    }
  });

  for (const file of files) {
    describe(file, () => {
      for (const { c } of all.filter((x) => x.file === file)) {
        it(c.case, () => {
          const result = validateObject(c.object, contextOf(c));
          const shown = result.issues.map(formatIssue).join('\n');
          const id = idOf(c.object);
          for (const e of c.expect) {
            const found = result.issues.find((i) => i.rule === e.rule && i.path === e.path);
            expect(found, `expected [${e.rule}] at ${JSON.stringify(e.path)}; got:\n${shown}`).toBeDefined();
            expect(found?.severity).toBe(e.severity ?? 'error');
            expect(found?.objectId).toBe(id);
            expect(found?.message).toMatch(/\S/);
          }
          // Precise: no error beyond the expected ones.
          const unexpected = result.issues.filter(
            (i) => i.severity === 'error' && !c.expect.some((e) => e.rule === i.rule && e.path === i.path),
          );
          expect(unexpected.map(formatIssue), `unexpected errors:\n${shown}`).toEqual([]);
          expect(result.ok).toBe(!c.expect.some((e) => (e.severity ?? 'error') === 'error'));
        });
      }
    });
  }
});
