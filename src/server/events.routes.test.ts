// Live change notices over real HTTP: a session's stream gets the marks at once and again when
// intelligence arrives; anonymous callers get none; closing the node ends open streams.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../../test/support/node-app.js';
import { buildIndicator } from '../../test/support/factories.js';
import { putObjects } from '../../test/support/store.js';

let node: TestNode;
beforeEach(async () => {
  node = await startTestNode();
});
afterEach(async () => {
  await node.close();
});

/** Reads server-sent events from a response until `stop` says so. */
async function readEvents(res: Response, stop: (events: { event: string; data: unknown }[]) => boolean): Promise<{ event: string; data: unknown }[]> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: unknown }[] = [];
  let buffer = '';
  while (!stop(events)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event !== undefined && data !== undefined) events.push({ event, data: JSON.parse(data) as unknown });
    }
  }
  await reader.cancel();
  return events;
}

it('sends the marks at once and again when intelligence arrives, as text/event-stream', async () => {
  const token = await node.userWithToken('watcher', ['analyst']);
  const res = await fetch(`${node.url}/api/v1/events`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  let stored = false;
  const events = await readEvents(res, (seen) => {
    if (seen.length === 1 && !stored) {
      stored = true;
      void putObjects(node.store, [buildIndicator()]);
    }
    return seen.length >= 2;
  });
  expect(events.map((e) => e.event)).toEqual(['marks', 'marks']);
  const [first, second] = events.map((e) => e.data as { objects: number; alerts: string; detections: string });
  expect(first).toEqual({ objects: 0, alerts: '', detections: '' });
  expect(second?.objects).toBeGreaterThan(0);
});

it('refuses anonymous callers, and ends open streams when the node closes', async () => {
  expect((await fetch(`${node.url}/api/v1/events`)).status).toBe(401);
  const token = await node.userWithToken('watcher', ['observer']);
  const res = await fetch(`${node.url}/api/v1/events`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const reading = readEvents(res, () => false);
  await node.close();
  const events = await reading;
  expect(events.map((e) => e.event)).toEqual(['marks']);
  node = await startTestNode();
});
