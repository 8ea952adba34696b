import { describe, it, expect } from 'vitest';
import { JsonError, describeByte, describeCharAt, describePath, jsonErrorToIssue, lineColumnAt } from './errors.js';

describe('JsonError', () => {
  it('carries rule, position and path, and appends the position to the message', () => {
    const e = new JsonError('json.syntax', "expected ',' or '}' after property value in object at /objects/3, found 'x'", { offset: 70, line: 4, column: 17, path: '/objects/3' });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('JsonError');
    expect(e.message).toBe("expected ',' or '}' after property value in object at /objects/3, found 'x' (line 4, column 17)");
    expect(e).toMatchObject({ rule: 'json.syntax', offset: 70, line: 4, column: 17, path: '/objects/3' });
  });

  it('has no position suffix when there is no text (line 0)', () => {
    const e = new JsonError('canonical.not-json', 'cannot canonicalize /a: NaN is not a JSON number', { offset: 0, line: 0, column: 0, path: '/a' });
    expect(e.message).toBe('cannot canonicalize /a: NaN is not a JSON number');
  });

  it('converts to a StixIssue', () => {
    const e = new JsonError('json.duplicate-key', 'duplicate key "name" in object at /objects/2', { offset: 5, line: 1, column: 6, path: '/objects/2/name' });
    expect(jsonErrorToIssue(e, 'indicator--x')).toEqual({
      severity: 'error',
      rule: 'json.duplicate-key',
      path: '/objects/2/name',
      message: 'duplicate key "name" in object at /objects/2 (line 1, column 6)',
      objectId: 'indicator--x',
    });
  });
});

describe('message helpers', () => {
  it('name paths, characters and bytes', () => {
    expect(describePath('')).toBe('(root)');
    expect(describePath('/a/0')).toBe('/a/0');
    expect(describeCharAt('ab', 1)).toBe("'b'");
    expect(describeCharAt('ab', 2)).toBe('end of input');
    expect(describeCharAt('\n', 0)).toBe('U+000A');
    expect(describeCharAt('😀', 0)).toBe('U+1F600');
    expect(describeByte(0x7d)).toBe("'}'");
    expect(describeByte(0xff)).toBe('byte 0xff');
    expect(describeByte(undefined)).toBe('end of input');
  });

  it('computes 1-based line and column', () => {
    expect(lineColumnAt('abc', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumnAt('a\nbc\r\nd', 3)).toEqual({ line: 2, column: 2 });
    expect(lineColumnAt('a\nbc\r\nd', 6)).toEqual({ line: 3, column: 1 });
  });
});
