// Store contract, feed pulls: a feed's state is replaced whole and read back exactly (validators,
// error, pending flag, outcome), value rows are replaced by key and kept per feed, and values and
// state are saved together — alike on every adapter.
import { expect, it } from 'vitest';
import type { FeedStateRecord, FeedValueRecord } from '../feeds.port.js';
import type { Store } from '../port.js';

function state(name: string, over: Partial<FeedStateRecord> = {}): FeedStateRecord {
  return {
    name, url: 'https://feeds.example.org/blocklist.txt', etag: null, lastModified: null, lastAttempt: null, lastSuccess: null,
    errorCode: null, errorMessage: null, failures: 0, settings: null, pending: false, outcome: null, ...over,
  };
}

function value(key: string, over: Partial<FeedValueRecord> = {}): FeedValueRecord {
  return { key, created: '2027-01-01T00:00:00.000Z', validFrom: '2027-01-01T00:00:00.000Z', modified: '2027-01-01T00:00:00.000Z', validUntil: null, goneAt: null, ...over };
}

export function feedsContract(store: () => Store): void {
  it('keeps each feed\'s state whole, replaced on save, listed by name', async () => {
    const s = store();
    expect(await s.feeds.state('abuse')).toBeUndefined();
    const first = state('abuse', { lastAttempt: '2027-01-01T00:00:00.000Z', errorCode: 'feed.http-status', errorMessage: 'the server answered 503', failures: 2 });
    await s.feeds.saveState(first);
    expect(await s.feeds.state('abuse')).toEqual(first);
    const ok = state('abuse', { etag: '"v1"', lastModified: 'Fri, 01 Jan 2027 00:00:00 GMT', lastAttempt: '2027-01-01T01:00:00.000Z', lastSuccess: '2027-01-01T01:00:00.000Z', settings: 'ab12', outcome: '{"new":3}' });
    await s.feeds.saveState(ok);
    await s.feeds.saveState(state('Ämter feed'));
    expect(await s.feeds.state('abuse')).toEqual(ok);
    expect((await s.feeds.states()).map((f) => f.name)).toEqual(['abuse', 'Ämter feed']);
  });

  it('saves value rows with the state in one go, replacing rows by key, per feed', async () => {
    const s = store();
    const a = value('ipv4 198.51.100.7');
    const b = value('domain evil.example', { validUntil: '2027-01-31T00:00:00.000Z' });
    await s.feeds.saveValues(state('one', { pending: true }), [a, b]);
    await s.feeds.saveValues(state('two'), [value('ipv4 198.51.100.7', { created: '2027-02-01T00:00:00.000Z' })]);
    expect(await s.feeds.values('one')).toEqual([b, a]);
    expect((await s.feeds.state('one'))?.pending).toBe(true);
    const gone = { ...a, modified: '2027-01-02T00:00:00.000Z', validUntil: '2027-01-02T00:00:00.000Z', goneAt: '2027-01-02T00:00:00.000Z' };
    await s.feeds.saveValues(state('one', { pending: false }), [gone]);
    expect(await s.feeds.values('one')).toEqual([b, gone]);
    expect((await s.feeds.state('one'))?.pending).toBe(false);
    expect((await s.feeds.values('two')).map((v) => v.created)).toEqual(['2027-02-01T00:00:00.000Z']);
    expect(await s.feeds.values('three')).toEqual([]);
    // Many rows at once (one transaction).
    const many = Array.from({ length: 1500 }, (_, i) => value(`ipv4 10.0.${Math.floor(i / 256)}.${i % 256}`));
    await s.feeds.saveValues(state('big'), many);
    expect(await s.feeds.values('big')).toHaveLength(1500);
  });
}
