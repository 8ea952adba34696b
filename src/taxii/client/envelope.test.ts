import { describe, expect, it } from 'vitest';
import { AccordError } from '../../stix/index.js';
import { rejectedWith } from '../../../test/support/thrown.js';
import { EnvelopeReader, type EnvelopeItem } from './envelope.js';

/** The body cut into pieces of `size` bytes (1: every byte its own chunk). */
async function* chunks(body: string | Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  // Copies, as a socket hands out fresh buffers (the reader keeps references to what it was given).
  for (let i = 0; i < bytes.length; i += size) yield await Promise.resolve(bytes.slice(i, i + size));
}

async function read(body: string | Uint8Array, size = 1 << 16, maxItemBytes = 1 << 20, maxRetainedBytes?: number): Promise<{ items: EnvelopeItem[]; members: EnvelopeReader['members'] }> {
  const reader = new EnvelopeReader(chunks(body, size), { maxItemBytes, what: 'GET test', ...(maxRetainedBytes !== undefined ? { maxRetainedBytes } : {}) });
  const items: EnvelopeItem[] = [];
  for await (const item of reader.items()) items.push(item);
  return { items, members: reader.members };
}

const texts = (items: readonly EnvelopeItem[]): string[] => items.map((i) => (i.kind === 'element' ? i.text : `!${i.code}`));

describe('EnvelopeReader', () => {
  const A = '{"type":"indicator","id":"indicator--1","name":"日本語 é"}';
  const B = '{ "type": "malware",\n  "id": "malware--2", "x": [1, {"y": "]}"}] }';

  it.each([1, 3, 7, 1 << 16])('hands out the raw text of each object and reads the members after the array (chunks of %i bytes)', async (size) => {
    const { items, members } = await read(`{"objects":[${A},\n ${B}],"more":true,"next":"c]u\\"r}sor"}`, size);
    expect(texts(items)).toEqual([A, B]);
    expect(members).toEqual({ more: true, next: 'c]u"r}sor' });
  });

  it.each([1, 5, 1 << 16])('reads members before the array and after it, with a BOM and blanks around (chunks of %i bytes)', async (size) => {
    const body = `\uFEFF \n{ "more" : false ,\n "objects" : [ ${A} , ${B} ] , "next" : "ü" }\n`;
    const { items, members } = await read(body, size);
    expect(texts(items)).toEqual([A, B]);
    expect(members).toEqual({ more: false, next: 'ü' });
  });

  it('reads envelopes without objects: empty, {}, only more, an empty array', async () => {
    expect(await read('')).toEqual({ items: [], members: {} });
    expect(await read('{}')).toEqual({ items: [], members: {} });
    expect(await read('{"more":false}')).toEqual({ items: [], members: { more: false } });
    expect(await read('{"objects":[],"more":true,"next":"7"}', 2)).toEqual({ items: [], members: { more: true, next: '7' } });
    expect((await read('{"more":true,"next":42}')).members).toEqual({ more: true, next: '42' });
  });

  it('reports an object too large to hand out, hands out the others, and still reads the members between them', async () => {
    const big = `{"id":"indicator--big","pad":"${'x'.repeat(500)}"}`;
    const { items, members } = await read(`{"more":true,"objects":[${A},${big},${B}],"next":"n"}`, 64, 200);
    expect(texts(items)).toEqual([A, '!json.too-large', B]);
    expect(items[1]).toMatchObject({ kind: 'unreadable', objectId: 'indicator--big' });
    expect(members).toEqual({ more: true, next: 'n' });
  });

  it('gives the members up (undefined) when an unreadable object stands where they would be read', async () => {
    const big = `{"id":"indicator--big","pad":"${'x'.repeat(5000)}"}`;
    const { items, members } = await read(`{"objects":[${A},${big}],"more":true}`, 64, 200, 1000);
    expect(texts(items)).toEqual([A, '!json.too-large']);
    expect(members).toBeUndefined();
  });

  it('refuses what is not an envelope, and says when the body was cut short', async () => {
    expect(await rejectedWith(read('<html>hello</html>'), AccordError)).toMatchObject({ code: 'taxii.protocol' });
    expect(await rejectedWith(read('[1,2]'), AccordError)).toMatchObject({ code: 'taxii.protocol', message: expect.stringMatching(/not a JSON object/) as string });
    expect(await rejectedWith(read('{"more":"yes"}'), AccordError)).toMatchObject({ code: 'taxii.protocol', message: expect.stringMatching(/"more"/) as string });
    expect(await rejectedWith(read(`{"objects":[${A},{"id":"x"`, 4), AccordError)).toMatchObject({ code: 'taxii.truncated' });
    expect(await rejectedWith(read(`{"objects":[${A}]} {"objects":[]}`), AccordError)).toMatchObject({ code: 'taxii.protocol' });
  });
});
