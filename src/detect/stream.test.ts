import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isAccordError } from '../store/index.js';
import { MAX_LINE } from './event.js';
import { putObjects, tempSqliteStore } from '../../test/support/store.js';
import { LiveDetector } from './live.js';
import { detectLines, ingestReader, streamLines, type StreamLine } from './stream.js';

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

describe('detectLines', () => {
  it('does not count a Zeek TSV header as a skipped line, and names the lines of a match over several events', async () => {
    const t = await tempSqliteStore();
    try {
      const T = '2026-01-01T00:00:00.000Z';
      await putObjects(t.store, [{
        type: 'indicator', spec_version: '2.1', id: 'indicator--00000000-0000-4000-8000-000000000001', created: T, modified: T,
        pattern: "[ipv4-addr:value = '198.51.100.7'] REPEATS 2 TIMES", pattern_type: 'stix', valid_from: T,
      }]);
      const live = new LiveDetector(t.store);
      await live.refresh();
      const tsv = [
        '#separator \\x09', '#path\tconn', '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto', '#types\ttime\tstring\taddr\tport\taddr\tport\tenum',
        '1764237600.0\tC1\t10.0.0.5\t51000\t198.51.100.7\t443\ttcp', 'not\ta\tconn\tline', '1764237601.0\tC2\t10.0.0.5\t51001\t198.51.100.7\t443\ttcp',
      ].join('\n');
      const summary = await detectLines(streamLines(chunks(`${tsv}\n`), 1 << 20), ingestReader('zeek'), live, { source: 'test' });
      expect(summary).toMatchObject({ events: 2, matches: 1, skipped: 1, skips: [{ line: 6 }] });
      expect(summary.detections).toMatchObject([{ indicator: 'indicator--00000000-0000-4000-8000-000000000001', line: 7, lines: [5, 7] }]);
    } finally {
      await t.dispose();
    }
  });
});
