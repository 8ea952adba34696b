import { corpusBytes, type CorpusName } from '../../../test/support/corpora.js';
import { describe, it, expect } from 'vitest';
import { buildIndicator, buildMalware, Rng } from '../../../test/support/factories.js';
import { parseJson } from './parse.js';
import { JsonError } from './errors.js';
import { locateItemError, readJsonStream } from './stream.js';
import type { StreamItem, StreamOptions } from './stream.js';

const encoder = new TextEncoder();

type Flat =
  | { kind: 'value'; index: number; text: string; offset: number; line: number; column: number; inBundle?: string }
  | { kind: 'error'; index: number; rule: string; message: string; offset: number; line: number; column: number; path: string; fatal: boolean; objectId?: string };

function flat(item: StreamItem): Flat {
  if (item.kind === 'value') return { ...item };
  const { error } = item;
  const out: Flat = { kind: 'error', index: item.index, rule: error.rule, message: error.message, offset: error.offset, line: error.line, column: error.column, path: error.path, fatal: item.fatal };
  return item.objectId === undefined ? out : { ...out, objectId: item.objectId };
}

/** Splits `bytes` at the given sizes (cycled), or at random sizes from `rng`. */
async function* chunked(bytes: Uint8Array, sizes: readonly number[] | Rng): AsyncGenerator<Uint8Array> {
  let k = 0;
  for (let at = 0; at < bytes.length; k++) {
    const size = sizes instanceof Rng ? 1 + sizes.int(40) : (sizes[k % sizes.length] ?? 1);
    // Copies, so the reader cannot rely on bytes it was handed earlier staying unchanged.
    yield await Promise.resolve(bytes.slice(at, at + size));
    at += size;
  }
}

async function read(input: string | Uint8Array, sizes: readonly number[] | Rng = [1 << 16], options?: StreamOptions): Promise<Flat[]> {
  const bytes = typeof input === 'string' ? encoder.encode(input) : input;
  const out: Flat[] = [];
  for await (const item of readJsonStream(chunked(bytes, sizes), options)) out.push(flat(item));
  return out;
}

function values(items: readonly Flat[]): string[] {
  return items.flatMap((i) => (i.kind === 'value' ? [i.text] : []));
}

function errors(items: readonly Flat[]): Extract<Flat, { kind: 'error' }>[] {
  return items.flatMap((i) => (i.kind === 'error' ? [i] : []));
}

function corpus(name: string): Uint8Array {
  return new Uint8Array(corpusBytes(name.replace(/\.json\.gz$/, '') as CorpusName));
}

/** Checks each value item's position (offset, line, byte column) against the input bytes. */
function expectPositions(bytes: Uint8Array, items: readonly Flat[]): void {
  const decoder = new TextDecoder();
  let line = 1;
  let lineStart = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let cursor = 0;
  for (const item of items) {
    if (item.kind !== 'value') continue;
    for (; cursor < item.offset; cursor++) {
      if (bytes[cursor] === 0x0a) {
        line++;
        lineStart = cursor + 1;
      }
    }
    const length = encoder.encode(item.text).length;
    expect(decoder.decode(bytes.subarray(item.offset, item.offset + length))).toBe(item.text);
    expect([item.line, item.column]).toEqual([line, item.offset - lineStart + 1]);
  }
}

describe('readJsonStream: valid input', () => {
  it.each(['ics-attack.json.gz', 'mobile-attack.json.gz'])('streams the elements of %s one by one, at any chunk size', async (name) => {
    const bytes = corpus(name);
    const whole = JSON.parse(new TextDecoder().decode(bytes)) as { id: string; objects: unknown[] };
    const items = await read(bytes, [1 << 16]);
    expect(errors(items)).toEqual([]);
    expect(items).toHaveLength(whole.objects.length);
    items.forEach((item, k) => {
      expect(item.index).toBe(k);
      expect(item.kind === 'value' && item.inBundle).toBe(whole.id);
    });
    expect(values(items).map((t) => parseJson(t))).toEqual(whole.objects);
    expectPositions(bytes, items);
    // Other chunkings give exactly the same items.
    for (const sizes of [[4093], [1, 7, 64, 333, 2]]) expect(await read(bytes, sizes)).toEqual(items);
  });

  it('reads JSON lines, with CRLF, blank lines and a final line without LF', async () => {
    const r = new Rng(5);
    const objects = Array.from({ length: 40 }, (_, k) => (k % 2 ? buildIndicator({}, r) : buildMalware({}, r)));
    const text = objects.map((o, k) => JSON.stringify(o) + (k % 3 === 0 ? '\r\n' : k % 3 === 1 ? '\n\n' : '\n')).join('').trimEnd();
    const bytes = encoder.encode(text);
    for (const sizes of [[1 << 16], r]) {
      const items = await read(bytes, sizes);
      expect(values(items).map((t) => parseJson(t))).toEqual(objects);
      expect(items.every((i) => i.kind === 'value' && i.column === 1 && i.inBundle === undefined)).toBe(true);
      expectPositions(bytes, items);
    }
  });

  it('reads several bundles, a single object, arrays and scalars', async () => {
    const input = '{"type":"bundle","id":"bundle--a","objects":[{"id":"x--1"}]}\n{"type":"bundle","objects":[1,"two",[3],{"four":4},null]}\n{"type":"indicator","id":"i--1"} [1,2] "s" -1.5e3 true';
    const items = await read(input);
    expectPositions(encoder.encode(input), items);
    expect(items).toEqual([
      { kind: 'value', index: 0, text: '{"id":"x--1"}', offset: 45, line: 1, column: 46, inBundle: 'bundle--a' },
      { kind: 'value', index: 1, text: '1', offset: 89, line: 2, column: 29 },
      { kind: 'value', index: 2, text: '"two"', offset: 91, line: 2, column: 31 },
      { kind: 'value', index: 3, text: '[3]', offset: 97, line: 2, column: 37 },
      { kind: 'value', index: 4, text: '{"four":4}', offset: 101, line: 2, column: 41 },
      { kind: 'value', index: 5, text: 'null', offset: 112, line: 2, column: 52 },
      { kind: 'value', index: 6, text: '{"type":"indicator","id":"i--1"}', offset: 119, line: 3, column: 1 },
      { kind: 'value', index: 7, text: '[1,2]', offset: 152, line: 3, column: 34 },
      { kind: 'value', index: 8, text: '"s"', offset: 158, line: 3, column: 40 },
      { kind: 'value', index: 9, text: '-1.5e3', offset: 162, line: 3, column: 44 },
      { kind: 'value', index: 10, text: 'true', offset: 169, line: 3, column: 51 },
    ]);
  });

  it('streams when "objects" comes first or "type" is bundle, buffers when "type" is something else', async () => {
    expect(values(await read('{"objects":[{"a":1},{"b":2}],"type":"bundle","id":"bundle--z"}'))).toEqual(['{"a":1}', '{"b":2}']);
    const report = '{"type":"report","objects":[{"a":1}],"id":"report--1"}';
    expect(values(await read(report))).toEqual([report]);
    // "objects" that is not an array, or not at the top level, is not streamed.
    expect(values(await read('{"type":"bundle","objects":5}'))).toEqual(['{"type":"bundle","objects":5}']);
    expect(values(await read('{"x":{"objects":[1]}}'))).toEqual(['{"x":{"objects":[1]}}']);
    expect(values(await read('[{"type":"bundle","objects":[1]}]'))).toEqual(['[{"type":"bundle","objects":[1]}]']);
  });

  it('skips a UTF-8 BOM at the start and counts columns after it', async () => {
    const items = await read(new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode('{"a":"é"}\n{"b":1}')]), [1]);
    expect(items).toEqual([
      { kind: 'value', index: 0, text: '{"a":"é"}', offset: 3, line: 1, column: 1 },
      { kind: 'value', index: 1, text: '{"b":1}', offset: 14, line: 2, column: 1 },
    ]);
  });

  it('reads the first bytes as input when they only begin like a BOM', async () => {
    const items = await read(Uint8Array.from([0xef, 0xbb, 0x7b, 0x7d]), [1]);
    expect(items).toEqual([
      expect.objectContaining({ kind: 'error', rule: 'json.invalid-utf8', offset: 0 }),
      { kind: 'value', index: 1, text: '{}', offset: 2, line: 1, column: 3 },
    ]);
  });

  it('yields nothing for empty or blank input', async () => {
    expect(await read('')).toEqual([]);
    expect(await read(' \n\t\r\n ')).toEqual([]);
    expect(await read(new Uint8Array([0xef, 0xbb, 0xbf]))).toEqual([]);
  });

  it('hands out text exactly as written: escapes, multi-byte characters, raw structure characters in strings', async () => {
    const element = String.raw`{"id":"x--1","s":"a\"]}[{\\","u":"\u00e9 é € 😀 \ud83d\ude00","n":[1,{"k":"}"}]}`;
    const items = await read(`{"type":"bundle","objects":[${element}, "]\\"}"]}`);
    expect(values(items)).toEqual([element, '"]\\"}"']);
  });
});

describe('readJsonStream: chunk boundaries', () => {
  const inputs: Uint8Array[] = [
    encoder.encode('\ufeff{"type":"bundle","id":"bundle--\\u0031","objects":[{"id":"x--é","d":"a\\\\\\"b€😀","n":[1,-2.5e3,true,null]}, "s\\u00e9", 42 ,{"\\u0069d":"y--2"}],"spec_version":"2.1"}\n{"a":"日本"}\r\n7'),
    encoder.encode('{"id":"big--1","pad":"' + 'é'.repeat(40) + '","z":1}\n{"id":"ok--1"}\n{"a":[[[[1]]]],"id":"deep--1"}\n{"a": [1}\n{"b":"x\n{"c":2}\n'),
    encoder.encode('{"type":"bundle","objects":[{"a":1} {"b":2},,{"c":"ÿ"}],"type":"bundle"}\n}\n["tail"'),
    // A spanning line that breaks on its last byte: the rescan must not repeat the buffer.
    encoder.encode('{"a":[1,\n{"c":2}}\n{"d":3}'),
    Uint8Array.from([...encoder.encode('{"objects":[{"a":1}],"type":"report"}\n{"x":"'), 0xff, ...encoder.encode('"}\n'), 0xef, 0xbb, ...encoder.encode('{"y":1}')]),
  ];
  const options: StreamOptions = { maxItemBytes: 60, maxDepth: 3 };

  it('gives the same items wherever the input is cut into two chunks, and in 1-byte chunks', async () => {
    for (const bytes of inputs) {
      const expected = await read(bytes, [bytes.length], options);
      expect(expected.length).toBeGreaterThan(2);
      for (let cut = 1; cut < bytes.length; cut++) {
        expect(await read(bytes, [cut, bytes.length], options), `cut at ${cut}`).toEqual(expected);
      }
      expect(await read(bytes, [1], options)).toEqual(expected);
    }
  });

  it('gives the same items for random chunk sizes (fuzz)', async () => {
    const r = new Rng(42);
    const objects = Array.from({ length: 30 }, () => buildIndicator({ description: 'multi-byte: é € 😀 and escapes \\ " \n' }, r));
    const bundle = encoder.encode(JSON.stringify({ type: 'bundle', id: 'bundle--f', objects }, null, 2));
    const expected = await read(bundle);
    expect(values(expected).map((t) => parseJson(t))).toEqual(objects);
    for (let round = 0; round < 20; round++) expect(await read(bundle, r)).toEqual(expected);
    for (const input of inputs) {
      const whole = await read(input, [1 << 20], options);
      for (let round = 0; round < 20; round++) expect(await read(input, r, options)).toEqual(whole);
    }
  });
});

describe('readJsonStream: never throws, whatever the input', () => {
  it('on mutated bundles and JSON lines, at random chunk sizes', async () => {
    const r = new Rng(777);
    const objects = Array.from({ length: 6 }, () => buildIndicator({ description: 'é "quoted" \\ 😀' }, r));
    const seeds = [
      JSON.stringify({ type: 'bundle', id: 'bundle--s', objects }),
      JSON.stringify({ type: 'bundle', id: 'bundle--s', objects }, null, 1),
      objects.map((o) => JSON.stringify(o)).join('\n'),
      '\ufeff' + JSON.stringify({ type: 'bundle', id: 'bundle--\u0041', objects: [1, 'a', [2], { id: 'q' }], after: { k: [3] } }, null, 2).replace(/\n/g, '\r\n'),
      objects.map((o) => JSON.stringify(o, null, 1)).join('\n') + '\n12 "s" [1] {"id":"z"}\n',
      JSON.stringify({ type: 'bundle', objects: [] }) + JSON.stringify({ type: 'report', objects: [{ id: 'r' }] }),
    ].map((t) => encoder.encode(t));
    const alphabet = [0x7b, 0x7d, 0x5b, 0x5d, 0x22, 0x5c, 0x2c, 0x3a, 0x0a, 0x0d, 0x20, 0x31, 0xc3, 0xff, 0xef];
    for (let round = 0; round < 600; round++) {
      const seed = seeds[r.int(seeds.length)] ?? new Uint8Array(0);
      const bytes = Array.from(seed);
      for (let m = 1 + r.int(4); m > 0; m--) {
        const at = r.int(bytes.length + 1);
        const op = r.int(3);
        const b = alphabet[r.int(alphabet.length)] ?? 0;
        if (op === 0) bytes.splice(at, 1);
        else if (op === 1) bytes.splice(at, 0, b);
        else bytes.splice(at, 1, b);
      }
      if (r.int(4) === 0) bytes.length = r.int(bytes.length + 1);
      const input = Uint8Array.from(bytes);
      const opts: StreamOptions = [{}, { maxItemBytes: 300, maxDepth: 4 }, { maxItemBytes: 40, maxDepth: 2 }][r.int(3)] ?? {};
      const whole = await read(input, [input.length || 1], opts);
      expect(await read(input, r, opts)).toEqual(whole);
      whole.forEach((item, k) => expect(item.index).toBe(k));
      const fatal = whole.findIndex((i) => i.kind === 'error' && i.fatal);
      expect(fatal === -1 || fatal === whole.length - 1).toBe(true);
    }
  });
});

describe('readJsonStream: bad input', () => {
  it('skips an item larger than maxItemBytes, reporting the id seen before or after the big part', async () => {
    const big = 'x'.repeat(200);
    const input = [`{"id":"before--1","p":"${big}"}`, `{"p":"${big}","id":"after--1","q":1}`, `{"p":"${big}","n":{"id":"nested--1"}}`, '{"ok":1}'].join('\n');
    const items = await read(input, [16], { maxItemBytes: 100 });
    expect(items.map((i) => (i.kind === 'error' ? [i.rule, i.objectId, i.line, i.column, i.fatal] : i.text))).toEqual([
      ['json.too-large', 'before--1', 1, 1, false],
      ['json.too-large', 'after--1', 2, 1, false],
      ['json.too-large', undefined, 3, 1, false],
      '{"ok":1}',
    ]);
    expect(errors(items)[0]?.message).toBe('value at (root) is 225 bytes, more than the limit of 100; skipped (line 1, column 1)');
    // The same inside a bundle.
    const bundle = await read(`{"type":"bundle","objects":[{"type":"note","id":"note--1","content":"${big}"},{"id":"small--1"}]}`, [16], { maxItemBytes: 100 });
    expect(bundle[0]).toMatchObject({ kind: 'error', rule: 'json.too-large', objectId: 'note--1', path: '/objects/0', offset: 28, fatal: false });
    expect(bundle[1]).toMatchObject({ kind: 'value', text: '{"id":"small--1"}', index: 1 });
  });

  it('skips an item nested deeper than maxDepth, at the bracket that goes too deep', async () => {
    const deep = '['.repeat(150) + ']'.repeat(150);
    const items = await read(`{"type":"bundle","objects":[{"id":"d--1","x":${deep}},{"id":"ok--1"}]}\n${'['.repeat(100)}${']'.repeat(100)}`);
    expect(items[0]).toMatchObject({ kind: 'error', rule: 'json.too-deep', objectId: 'd--1', path: '/objects/0', offset: 45 + 99, fatal: false });
    expect(items[0]?.kind === 'error' && items[0].message).toBe('value at /objects/0 is nested deeper than the limit of 100 levels; skipped (line 1, column 145)');
    expect(values(items)).toEqual(['{"id":"ok--1"}', '['.repeat(100) + ']'.repeat(100)]);
    // 100,000 levels neither crash nor buffer.
    const hostile = await read(`${'['.repeat(100_000)}${']'.repeat(100_000)}\n{"after":1}`);
    expect(hostile.map((i) => (i.kind === 'error' ? i.rule : i.text))).toEqual(['json.too-deep', '{"after":1}']);
  });

  it('reports input that ends inside a value as a fatal json.truncated at the end', async () => {
    const items = await read('{"type":"bundle","id":"bundle--t","objects":[{"id":"a--1"},{"id":"b--2","name":"cut');
    expect(items[0]).toMatchObject({ kind: 'value', text: '{"id":"a--1"}' });
    expect(items[1]).toEqual({
      kind: 'error',
      index: 1,
      rule: 'json.truncated',
      message: 'input ended inside a string in the value at /objects/1 (which starts at line 1, column 60); expected \'"\' (line 1, column 84)',
      offset: 83,
      line: 1,
      column: 84,
      path: '/objects/1',
      fatal: true,
      objectId: 'b--2',
    });
    expect(await read('{"type":"bundle","objects":[{"a":1},')).toEqual([
      expect.objectContaining({ kind: 'value', text: '{"a":1}' }),
      expect.objectContaining({ rule: 'json.truncated', fatal: true, offset: 36, message: `input ended in the "objects" array after element /objects/0 of the bundle that starts at line 1, column 1; expected ',' or ']' (line 1, column 37)` }),
    ]);
    expect(await read('{"a":[1,\n2')).toEqual([expect.objectContaining({ rule: 'json.truncated', fatal: true, offset: 10, line: 2, column: 2 })]);
  });

  it('reports a closing bracket of the wrong kind where it is', async () => {
    const items = await read('  {"a":[1,2}\n{"b":1}');
    expect(items).toEqual([
      expect.objectContaining({
        rule: 'json.syntax',
        fatal: true,
        offset: 11,
        line: 1,
        column: 12,
        message: "expected ']' to close an array in the value at (root) (which starts at line 1, column 3), found '}' (line 1, column 12)",
      }),
    ]);
  });

  describe('JSON lines recovery', () => {
    it('resumes at the next line when a line breaks its own structure', async () => {
      const items = await read('{"id":"a--1","x":[1}\n  {"not":"a line start"}\n{"id":"b--2"}\n');
      expect(items).toEqual([
        expect.objectContaining({ kind: 'error', index: 0, rule: 'json.syntax', fatal: false, objectId: 'a--1', offset: 19, line: 1, column: 20 }),
        expect.objectContaining({ kind: 'value', index: 1, text: '{"id":"b--2"}', line: 3, column: 1 }),
      ]);
      expect(items[0]?.kind === 'error' && items[0].message).toContain("skipping to the next line that starts with '{'");
    });

    it('rescans from the next line when a broken line swallowed the following lines', async () => {
      const input = '{"id":"a--1"}\n{"id":"b--2","name":"unterminated}\n{"id":"c--3","p":[1,2]}\n{"id":"d--4"}\n';
      for (const sizes of [[1 << 16], [1], [5, 3]]) {
        const items = await read(input, sizes);
        expect(items).toEqual([
          expect.objectContaining({ kind: 'value', text: '{"id":"a--1"}' }),
          {
            kind: 'error',
            index: 1,
            rule: 'json.truncated',
            message: `unterminated string at /name; expected '"', found end of line; reading resumes at line 3 (line 2, column 35)`,
            offset: 48,
            line: 2,
            column: 35,
            path: '/name',
            fatal: false,
            objectId: 'b--2',
          },
          expect.objectContaining({ kind: 'value', text: '{"id":"c--3","p":[1,2]}', offset: 49, line: 3, column: 1 }),
          expect.objectContaining({ kind: 'value', text: '{"id":"d--4"}', line: 4, column: 1 }),
        ]);
      }
    });

    it('rescans the lines a broken value swallowed, also when it breaks at the end of a chunk', async () => {
      const input = '{"a":[1,\n{"c":2}}\n{"d":3}';
      const expected = ['json.truncated@1:9', '{"c":2}', 'json.syntax@2:8', '{"d":3}'];
      for (const sizes of [[1 << 16], [input.indexOf('}}') + 2, 100]]) {
        const items = await read(input, sizes);
        expect(items.map((i) => (i.kind === 'error' ? `${i.rule}@${i.line}:${i.column}${i.fatal ? '!' : ''}` : i.text))).toEqual(expected);
      }
    });

    it('recovers from unbalanced brackets spanning lines', async () => {
      const items = await read('{"a":[1,\n{"b":2}\n{"c":3}');
      expect(items.map((i) => (i.kind === 'error' ? `${i.rule}@${i.line}:${i.column}${i.fatal ? '!' : ''}` : i.text))).toEqual(['json.truncated@1:9', '{"b":2}', '{"c":3}']);
    });

    it('is fatal when the broken value did not start a line, or spans lines without a line that starts with {', async () => {
      expect((await read('{"a":1} {"b":[}\n{"c":3}')).map((i) => (i.kind === 'error' ? i.fatal : i.text))).toEqual(['{"a":1}', true]);
      const pretty = '{\n  "type": "bundle",\n  "objects": [\n    {"a": [1}\n  ]\n}\n{"c": 3}';
      expect((await read(pretty)).map((i) => (i.kind === 'error' ? [i.rule, i.fatal, i.line] : i.text))).toEqual([['json.syntax', true, 4]]);
    });
  });

  it('reports invalid UTF-8 in an item at the bad byte and goes on', async () => {
    const bytes = new Uint8Array([...encoder.encode('{"id":"u--1","a":"ok'), 0xc3, 0x28, ...encoder.encode('"}\n{"b":"é"}')]);
    const items = await read(bytes, [3]);
    expect(items).toEqual([
      expect.objectContaining({ kind: 'error', rule: 'json.invalid-utf8', offset: 20, line: 1, column: 21, objectId: 'u--1', fatal: false, message: 'invalid UTF-8 (byte 0xc3) in the value at (root); skipped (line 1, column 21)' }),
      expect.objectContaining({ kind: 'value', text: '{"b":"é"}', index: 1 }),
    ]);
  });

  it('reports what is wrong between the elements of a bundle and goes on', async () => {
    const items = await read('{"type":"bundle","objects":[,{"a":1} {"b":2},]}');
    expect(items.map((i) => (i.kind === 'error' ? `${i.rule} ${i.path} @${i.offset}: ${i.message}` : i.text))).toEqual([
      `json.syntax /objects @28: expected an element of the bundle's "objects" array, found ',' (line 1, column 29)`,
      '{"a":1}',
      `json.syntax /objects @37: expected ',' or ']' after element /objects/0 of the bundle, found '{' (line 1, column 38)`,
      '{"b":2}',
      `json.syntax /objects @45: trailing ',' before ']' in the bundle's "objects" array (line 1, column 46)`,
    ]);
  });

  it('checks the bundle members around "objects" and the bundle type', async () => {
    const notBundle = await read('{"objects":[{"a":1}],"type":"report","id":"report--9"}');
    expect(notBundle[1]).toMatchObject({ kind: 'error', index: 1, rule: 'bundle.not-a-bundle', objectId: 'report--9', offset: 0, path: '', fatal: false });
    expect(notBundle[1]?.kind === 'error' && notBundle[1].message).toBe('top-level object with an "objects" array has "type" "report"; expected "type": "bundle" (its objects were read as the elements of a bundle) (line 1, column 1)');
    expect((await read('{"objects":[]}'))[0]).toMatchObject({ rule: 'bundle.not-a-bundle', message: expect.stringContaining('has no "type" member') as unknown });
    expect(await read('{"type":"bundle","objects":[{"a":1}],\n  "type":"bundle"}')).toEqual([
      expect.objectContaining({ kind: 'value' }),
      expect.objectContaining({ rule: 'json.duplicate-key', path: '/type', offset: 40, line: 2, column: 3, fatal: false }),
    ]);
    expect((await read('{"type":"bundle","objects":[], "x": 1 "y": 2}'))[0]).toMatchObject({ rule: 'json.syntax', offset: 38, column: 39 });
    // The bundle id is taken from its members, escapes decoded, also when it comes after "objects".
    expect((await read('{"id":"bundle--\\u0041","type":"bundle","objects":[1]}'))[0]).toMatchObject({ inBundle: 'bundle--A' });
    expect(await read('{"type":"bundle","objects":[1],"id":"bundle--late"}')).toEqual([{ kind: 'value', index: 0, text: '1', offset: 28, line: 1, column: 29 }]);
  });

  it('skips garbage between top-level values to the next line', async () => {
    const items = await read('{"a":1}}]\n{"b":2}\n:\n[3]');
    expect(items.map((i) => (i.kind === 'error' ? `${i.rule}@${i.line}:${i.column}` : i.text))).toEqual(['{"a":1}', 'json.syntax@1:8', '{"b":2}', 'json.syntax@3:1', '[3]']);
  });

  it('decodes an id written with escapes', async () => {
    const items = await read('{"\\u0069d":"x--\\u00e9","p":"' + 'y'.repeat(50) + '"}', [7], { maxItemBytes: 20 });
    expect(items[0]).toMatchObject({ rule: 'json.too-large', objectId: 'x--é' });
  });

  it('stops reading the input after a fatal error', async () => {
    let pulled = 0;
    async function* source(): AsyncGenerator<Uint8Array> {
      for (const part of ['{"a":1', '} {"b":[}', '\n', '{"c":3}']) {
        pulled++;
        yield await Promise.resolve(encoder.encode(part));
      }
    }
    const items: StreamItem[] = [];
    for await (const item of readJsonStream(source())) items.push(item);
    expect(items.map((i) => i.kind)).toEqual(['value', 'error']);
    expect(items[1]?.kind === 'error' && items[1].fatal).toBe(true);
    expect(pulled).toBe(2);
  });
});

describe('locateItemError', () => {
  it('maps a parse error inside an item to the position in the input', async () => {
    const input = '{"type":"bundle","objects":[\n  {"a": "é",\n   "b": 01}\n]}';
    let item: Extract<StreamItem, { kind: 'value' }> | undefined;
    for await (const i of readJsonStream(chunked(encoder.encode(input), [5]))) if (i.kind === 'value') item ??= i;
    if (item === undefined) throw new Error('no value item');
    let error: JsonError | undefined;
    try {
      parseJson(item.text);
    } catch (e) {
      if (e instanceof JsonError) error = e;
    }
    if (error === undefined) throw new Error('parseJson accepted the item');
    expect(error).toMatchObject({ line: 2, column: 10 });
    const located = locateItemError(item, error);
    expect(located).toMatchObject({ rule: 'json.syntax', line: 3, column: 10, offset: encoder.encode(input.slice(0, input.indexOf('01') + 1)).length, path: '/b' });
    expect(located.message).toBe('number at /b has a leading zero (line 3, column 10)');
  });
});
