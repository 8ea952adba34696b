import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isAccordError } from '../store/index.js';
import { MAX_LINE } from './event.js';
import { streamLines, type StreamLine } from './stream.js';

const chunks = (...parts: (string | Buffer)[]): Readable => Readable.from(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
const all = async (body: Readable, max = 1 << 20): Promise<StreamLine[]> => {
  const out: StreamLine[] = [];
  for await (const l of streamLines(body, max)) out.push(l);
  return out;
};

describe('streamLines', () => {
  it('splits at newlines across chunks, CRLF or LF, keeping a last line without newline', async () => {
    const e = Buffer.from('é', 'utf8');
    expect(await all(chunks('{"a":1}\r\n{"b"', ':2}\n\n', Buffer.concat([Buffer.from('"'), e.subarray(0, 1)]), Buffer.concat([e.subarray(1), Buffer.from('"')])))).toEqual([
      { line: 1, text: '{"a":1}' }, { line: 2, text: '{"b":2}' }, { line: 3, text: '' }, { line: 4, text: '"é"' },
    ]);
  });

  it('drops a line longer than MAX_LINE as it streams, and reads on', async () => {
    const big = Buffer.alloc(1 << 20, 0x61);
    const parts = Array.from({ length: Math.ceil(MAX_LINE / big.length) + 1 }, () => big);
    const lines = await all(chunks('first\n', ...parts, 'tail\nlast\n'), MAX_LINE * 4);
    expect(lines).toEqual([{ line: 1, text: 'first' }, { line: 2, skip: `longer than ${MAX_LINE} bytes` }, { line: 3, text: 'last' }]);
  });

  it('refuses a body over its limit, naming the limit', async () => {
    const err = await all(chunks('{"a":1}\n', 'x'.repeat(100)), 50).catch((e: unknown) => e);
    expect(isAccordError(err) && err.kind === 'too-large' && err.message).toMatch(/larger than 50 bytes .*detectIngestLimit/);
  });
});
