// Diffs between consecutive versions, and what the explorer agrees to link to.
import { describe, expect, it } from 'vitest';
import { diffVersions, isStixId, objectName, safeUrl, valueText } from './diff.js';

describe('version diffs', () => {
  it('lists the properties added, removed and changed, nested values as JSON text', () => {
    const v1 = { type: 'indicator', name: 'C2', labels: ['c2'], description: 'old', confidence: 50 };
    const v2 = { type: 'indicator', name: 'C2 relay', labels: ['c2', 'botnet'], confidence: 50, revoked: false };
    expect(diffVersions(v1, v2)).toEqual([
      { property: 'name', kind: 'changed', before: 'C2', after: 'C2 relay' },
      { property: 'labels', kind: 'changed', before: valueText(['c2']), after: valueText(['c2', 'botnet']) },
      { property: 'revoked', kind: 'added', before: '', after: 'false' },
      { property: 'description', kind: 'removed', before: 'old', after: '' },
    ]);
    expect(diffVersions(v1, { ...v1 })).toEqual([]);
  });
});

describe('what is linked', () => {
  it('links http(s) addresses only', () => {
    expect(safeUrl('https://example.org/a?b=1')).toBe('https://example.org/a?b=1');
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl(' JavaScript:alert(1)')).toBeUndefined();
    expect(safeUrl('data:text/html,<script>alert(1)</script>')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
    expect(safeUrl(42)).toBeUndefined();
  });

  it('recognises STIX identifiers, and names any object', () => {
    expect(isStixId('indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f')).toBe(true);
    expect(isStixId('javascript:alert(1)--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f')).toBe(false);
    expect(objectName({ type: 'domain-name', value: 'evil.example' })).toBe('evil.example');
    expect(objectName({ type: 'x-thing' })).toBe('x-thing');
    expect(objectName({ type: 'malware', name: 'x'.repeat(1000) })).toHaveLength(201);
  });
});
