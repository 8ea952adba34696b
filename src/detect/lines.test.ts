import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { lines } from './lines.js';

async function all(chunks: readonly Buffer[], maxLine?: number): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const l of lines(Readable.from(chunks), maxLine)) out.push(l);
  return out;
}

/** The text cut into chunks at the given byte offsets. */
const cut = (text: string, at: readonly number[]): Buffer[] => {
  const b = Buffer.from(text);
  const points = [0, ...at.filter((x) => x > 0 && x < b.length), b.length];
  return points.slice(1).map((end, k) => b.subarray(points[k], end));
};

describe('lines', () => {
  const text = '{"a":1}\r\n\nünï 😀 日本\n{"b":"x"}\nlast';
  const expected = ['{"a":1}', '', 'ünï 😀 日本', '{"b":"x"}', 'last'];

  it('gives the same lines however the input is cut into chunks (multi-byte characters too)', async () => {
    const n = Buffer.byteLength(text);
    for (let a = 0; a <= n; a++) for (const b of [a + 1, a + 3, a + 7]) expect(await all(cut(text, [a, b])), `${a},${b}`).toEqual(expected);
  });

  it('keeps an empty final line out, as readline does', async () => {
    expect(await all([Buffer.from('a\nb\n')])).toEqual(['a', 'b']);
    expect(await all([])).toEqual([]);
  });

  it('skips overlong lines without holding them, and reads on', async () => {
    const long = 'x'.repeat(50);
    expect(await all(cut(`a\n${long}\nb\n${long}`, [3, 10, 20, 40, 60]), 20)).toEqual(['a', { overlong: 50 }, 'b', { overlong: 50 }]);
    expect(await all([Buffer.from(`${long}\nc\n`)], 20)).toEqual([{ overlong: 50 }, 'c']);
    expect(await all([Buffer.from('x'.repeat(15)), Buffer.from(`${'x'.repeat(15)}\nd`)], 20)).toEqual([{ overlong: 30 }, 'd']);
  });
});
