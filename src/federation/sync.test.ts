// PeerPuller against a small in-process TAXII server that serves whatever the test puts in its
// collection (on loopback), and the pure pieces of the sync service.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempSqliteStore, type TempStore } from '../../test/support/store.js';
import { buildIndicator } from '../../test/support/factories.js';
import { buildShare, SHARE_EXTENSION_ID, shareVerificationStats, signShare, type Share } from '../sharing/index.js';
import { parseMicros, prepareValue, type PreparedObject } from '../store/index.js';
import { tlpMarkingId } from '../stix/index.js';
import { generateNodeKey, parseMemberList, publicKeyInfo, StaticMembership, type NodeKey } from '../trust/index.js';
import { audienceIncludes } from './accept.js';
import type { SyncEvent } from './events.js';
import { formatPushRange, parsePushRange, peerPushHandler } from './push-receiver.js';
import { PeerPuller } from './sync.js';
import { backoffDelay, peersOf, SyncService } from './sync.service.js';
import { addToQuarantine, MAX_QUARANTINE_ENTRIES, readCheckpoint, readPeerStatuses, readQuarantine, writeCheckpoint, type QuarantineEntry } from './sync-state.js';

const SELF = 'identity--0a0a0a0a-1111-4222-8333-444444444444';
const PEER = 'identity--0b0b0b0b-1111-4222-8333-444444444444';
const OTHER = 'identity--0c0c0c0c-1111-4222-8333-444444444444';

/** A TAXII server with one collection; objects are served in the order added, one page of `pageSize`. */
class FakePeer {
  readonly items: { added: string; text: string }[] = [];
  readonly requests: string[] = [];
  /** Runs before each objects page is answered (the number of objects requests so far, from 1). */
  beforePage: ((n: number) => Promise<void>) | undefined;
  private server: Server | undefined;
  private tick = Date.parse('2027-01-01T00:00:00.000Z');
  url = '';

  constructor(private readonly pageSize = 100) {}

  add(...objects: readonly object[]): void {
    for (const o of objects) this.items.push({ added: new Date(this.tick++).toISOString(), text: JSON.stringify(o) });
  }

  async start(): Promise<void> {
    const taxii = 'application/taxii+json;version=2.1';
    this.server = createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      this.requests.push(`${u.pathname}${u.search}`);
      const send = (body: unknown, headers: Record<string, string> = {}): void => {
        res.writeHead(200, { 'content-type': taxii, ...headers });
        res.end(JSON.stringify(body));
      };
      if (u.pathname === '/taxii2/') return send({ title: 'fake', api_roots: [`${this.url}/root/`], default: `${this.url}/root/` });
      if (u.pathname === '/root/') return send({ title: 'root', versions: [taxii], max_content_length: 1 << 20 });
      if (u.pathname === '/root/collections/default/objects/') {
        const pages = this.requests.filter((r) => r.startsWith('/root/collections/default/objects/')).length;
        if (this.beforePage !== undefined) {
          void this.beforePage(pages).then(() => this.answerPage(u, res));
          return;
        }
        this.answerPage(u, res);
        return;
      }
      res.writeHead(404, { 'content-type': taxii });
      res.end(JSON.stringify({ title: 'not found' }));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private answerPage(u: URL, res: ServerResponse): void {
    const after = u.searchParams.get('added_after');
    const rest = this.items.filter((i) => after === null || (parseMicros(i.added) ?? 0) > (parseMicros(after) ?? 0));
    const page = rest.slice(0, this.pageSize);
    const headers: Record<string, string> = page.length > 0
      ? { 'x-taxii-date-added-first': page[0]?.added ?? '', 'x-taxii-date-added-last': page.at(-1)?.added ?? '' } : {};
    res.writeHead(200, { 'content-type': 'application/taxii+json;version=2.1', ...headers });
    res.end(`{"more":${rest.length > page.length},"objects":[${page.map((p) => p.text).join(',')}]}`);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server === undefined ? resolve() : this.server.close(() => resolve())));
  }
}

describe('PeerPuller', () => {
  let t: TempStore;
  let peer: FakePeer;
  let peerKey: NodeKey;
  let selfKey: NodeKey;
  let membership: StaticMembership;
  const share = (object: Record<string, unknown>, audience: Parameters<typeof buildShare>[0]['audience'] = { kind: 'all' }, key?: NodeKey) =>
    signShare(buildShare({ object, sharer: PEER, tlp: 'green', audience, relay: false }), key ?? peerKey);
  const puller = (): PeerPuller => new PeerPuller({ store: t.store, membership, self: SELF, key: selfKey }, { id: PEER, name: 'Peer', nodeUrl: peer.url });

  beforeEach(async () => {
    t = await tempSqliteStore();
    peer = new FakePeer(2);
    await peer.start();
    peerKey = generateNodeKey('signing');
    selfKey = generateNodeKey('signing');
    const entry = (id: string, name: string, url: string, key: NodeKey) => ({ id, name, nodeUrl: url, keys: [publicKeyInfo(key).publicKey] });
    membership = new StaticMembership(parseMemberList([
      entry(SELF, 'Self', 'http://127.0.0.1:1', selfKey), entry(PEER, 'Peer', peer.url, peerKey), entry(OTHER, 'Other', 'http://127.0.0.1:2', generateNodeKey('signing')),
    ], undefined, 'test').members);
  });
  afterEach(async () => {
    await peer.stop();
    await t.dispose();
  });

  it('stores objects proven by verified records across pages, and then pulls nothing new in one request', async () => {
    const a = buildIndicator({ object_marking_refs: [tlpMarkingId('green')] });
    const b = buildIndicator({ object_marking_refs: [tlpMarkingId('green')] });
    peer.add(share(a), a, share(b), b); // two pages of two
    const r = await puller().pull();
    expect(r.quarantined).toEqual([]);
    expect(r).toMatchObject({ objects: 4, records: 2, stored: 4, pages: 2 });
    expect((await t.store.objects.versions(String(a.id))).map((v) => JSON.parse(v.json) as unknown)).toEqual([a]);
    // The records are indexed: the objects are visible to the members the shares reach (relay is off: nobody here).
    expect((await t.store.shares.forObject(String(b.id))).map((s) => s.state)).toEqual(['valid']);

    peer.requests.length = 0;
    const again = await puller().pull();
    expect(again).toMatchObject({ objects: 0, stored: 0, requests: 1 });
    expect(peer.requests).toHaveLength(1);
    expect(peer.requests[0]).toMatch(/^\/root\/collections\/default\/objects\/\?added_after=2027-01-01T00%3A00%3A00\.003Z&match\[version\]=all$/);
    const [status] = await readPeerStatuses(t.store, [{ id: PEER, name: 'Peer', nodeUrl: peer.url }]);
    expect(status).toMatchObject({ accepted: 4, objectsReceived: 4, recordsReceived: 2, failures: 0, caughtUp: true, checkpoint: '2027-01-01T00:00:00.003Z' });
  });

  it('holds back an object without a record, an altered one, a forged record, and a record not meant for this member', async () => {
    const plain = buildIndicator();
    const good = buildIndicator({ name: 'original' });
    const forged = buildIndicator();
    const elsewhere = buildIndicator();
    peer.add(
      plain,
      share(good), { ...good, name: 'altered' },
      share(forged, { kind: 'all' }, generateNodeKey('signing')), forged,
      share(elsewhere, { kind: 'members', members: [OTHER] }), elsewhere,
    );
    const r = await puller().pull();
    // Records held back are named by their own id; the objects they would have proven follow them into quarantine.
    const codes = r.quarantined.map((q) => `${q.objectId?.startsWith('x-accord-share--') === true ? 'record' : q.objectId} ${q.code}`).sort();
    expect(codes).toEqual([
      `${String(plain.id)} sync.no-share-record`,
      `${String(good.id)} sync.content-mismatch`,
      'record share.unknown-key',
      `${String(forged.id)} sync.no-share-record`,
      'record sync.record-not-for-this-member',
      `${String(elsewhere.id)} sync.no-share-record`,
    ].sort());
    expect(r.stored).toBe(1); // the good record alone
    for (const o of [plain, good, forged, elsewhere]) expect(await t.store.objects.versions(String(o.id))).toEqual([]);
    expect(await readQuarantine(t.store, PEER)).toHaveLength(6);

    // Re-reading everything (a crash before the checkpoint moved) stores and holds back nothing twice.
    const again = await new PeerPuller({ store: t.store, membership, self: SELF, key: selfKey }, { id: PEER, name: 'Peer', nodeUrl: peer.url }).pull({ fromStart: true });
    expect(again.stored).toBe(0);
    expect(await readQuarantine(t.store, PEER)).toHaveLength(6);
  });

  it('reports what it holds already as unchanged without checking it again, and indexes a record stored before a crash', async () => {
    const a = buildIndicator({ object_marking_refs: [tlpMarkingId('green')] });
    const b = buildIndicator({ object_marking_refs: [tlpMarkingId('green')] });
    const recordB = share(b);
    // A crash after B's record was stored and before it was indexed: the record is held, the index knows nothing of it.
    const { object: prepared } = prepareValue(recordB, { resolveExtensionDefinition: (id) => (id === SHARE_EXTENSION_ID ? { extension_types: ['new-sdo'] } : undefined) });
    await t.store.objects.put([prepared as PreparedObject]);
    expect(await t.store.shares.forObject(String(b.id))).toEqual([]);
    peer.add(share(a), a, recordB, b);
    const first = await puller().pull();
    expect(first).toMatchObject({ objects: 4, stored: 3, unchanged: 1 });
    expect((await t.store.shares.forObject(String(b.id))).map((r) => r.state)).toEqual(['valid']);
    expect(await t.store.objects.versions(String(b.id))).toHaveLength(1);

    const before = shareVerificationStats().records;
    const again = await puller().pull({ fromStart: true });
    expect(again).toMatchObject({ objects: 4, stored: 0, unchanged: 4 });
    expect(shareVerificationStats().records).toBe(before); // nothing verified twice
  });

  it('moves the pull checkpoint past what a push covered, never backwards, and refuses a malformed range', async () => {
    const a = buildIndicator({ object_marking_refs: [tlpMarkingId('green')] });
    peer.add(share(a), a);
    await puller().pull();
    const checkpoint = async (): Promise<string | undefined> => (await readCheckpoint(t.store, PEER))?.addedAfter;
    expect(await checkpoint()).toBe('2027-01-01T00:00:00.001Z');
    const receive = peerPushHandler({ store: t.store, membership, self: SELF });
    const c = buildIndicator({ object_marking_refs: [tlpMarkingId('green')] });
    const texts = [JSON.stringify(share(c)), JSON.stringify(c)];
    const at = (ms: number): number => Date.parse('2027-01-01T00:00:00.000Z') * 1000 + ms * 1000;

    // A push starting after the checkpoint leaves a gap a pull must still read: the checkpoint stays.
    await receive(PEER, texts, { pushRange: formatPushRange(at(5), at(9)) });
    expect(await checkpoint()).toBe('2027-01-01T00:00:00.001Z');
    // A push covering the checkpoint moves it to the push's end.
    await receive(PEER, texts, { pushRange: formatPushRange(at(0), at(9)) });
    expect(await checkpoint()).toBe('2027-01-01T00:00:00.009000Z');
    // A pull writing an older position (it started before the push) does not move it back.
    await puller().pull({ fromStart: true });
    expect(await checkpoint()).toBe('2027-01-01T00:00:00.009000Z');

    for (const bad of ['2027-01-01T00:00:00Z', 'yesterday today', `${formatPushRange(at(9), at(10)).split(' ').reverse().join(' ')}`]) {
      await expect(receive(PEER, texts, { pushRange: bad })).rejects.toMatchObject({ code: 'sync.bad-push-range' });
    }
    expect(parsePushRange(formatPushRange(at(1), at(2)))).toEqual({ after: at(1), through: at(2) });
  });

  it('catches a sharer that signed two contents for one version: holds the second, quarantines the first, and reports it', async () => {
    const events: SyncEvent[] = [];
    const honest = buildIndicator({ object_marking_refs: [tlpMarkingId('green')], name: 'told to one member' });
    const other = { ...honest, name: 'told to another member' }; // same id, same modified
    const first = share(honest);
    peer.add(first, honest);
    await new PeerPuller({ store: t.store, membership, self: SELF, key: selfKey, events: (e) => { events.push(e); return Promise.resolve(); } }, { id: PEER, name: 'Peer', nodeUrl: peer.url }).pull();
    expect(events).toEqual([expect.objectContaining({ kind: 'received', via: 'pull', peer: PEER, stored: 2, held: 0 })]);

    const second = share(other);
    peer.add(second, other);
    events.length = 0;
    const r = await new PeerPuller({ store: t.store, membership, self: SELF, key: selfKey, events: (e) => { events.push(e); return Promise.resolve(); } }, { id: PEER, name: 'Peer', nodeUrl: peer.url }).pull();
    expect(r.quarantined.map((q) => q.code)).toEqual(['sync.equivocation', 'sync.equivocation']);
    expect(r.quarantined[0]?.reason).toMatch(/Peer signed different contents for indicator--.* version .*: x-accord-share--.* names [0-9a-f]{64}; x-accord-share--.* names [0-9a-f]{64}/);
    // The version held stays on this node, but under no valid record: it is passed on to nobody.
    expect((await t.store.objects.versions(String(honest.id))).map((v) => (JSON.parse(v.json) as { name: string }).name)).toEqual(['told to one member']);
    expect((await t.store.shares.forObject(String(honest.id))).map((x) => [x.id, x.state])).toEqual([[String(first.id), 'quarantined']]);
    const alert = events.find((e) => e.kind === 'equivocation');
    expect(alert).toMatchObject({ via: 'pull', peer: PEER, equivocation: { sharer: PEER, objectId: honest.id, version: honest.modified, records: [{ id: second.id }, { id: first.id }] } });
    expect(events.find((e) => e.kind === 'received')).toMatchObject({ stored: 0, held: 2 });
  });

  it('reads on from where pushes stopped when they covered what lay ahead during a pull', async () => {
    const objects = [0, 1, 2].map(() => buildIndicator({ object_marking_refs: [tlpMarkingId('green')] }));
    const texts = objects.flatMap((o) => [share(o), o]).map((o) => JSON.stringify(o));
    peer.add(...texts.map((x) => JSON.parse(x) as object)); // pages of two: record and object
    const receive = peerPushHandler({ store: t.store, membership, self: SELF });
    const micros = (i: number): number => parseMicros(peer.items[i]?.added ?? '') ?? 0;
    await writeCheckpoint(t.store, PEER, { nodeUrl: peer.url, updatedAt: new Date().toISOString() });
    // While the first page is on its way, the peer pushes the first four elements (from the start to the fourth).
    peer.beforePage = async (n) => {
      if (n === 1) await receive(PEER, texts.slice(0, 4), { pushRange: formatPushRange(0, micros(3)) });
    };
    const r = await puller().pull();
    expect(r).toMatchObject({ objects: 4, pages: 2 }); // the first page, then straight to the last: the second was pushed
    expect(peer.requests.filter((q) => q.includes('/objects/')).map((q) => new URL(q, 'http://x').searchParams.get('added_after'))).toEqual([null, '2027-01-01T00:00:00.003000Z']);
    for (const o of objects) expect(await t.store.objects.versions(String(o.id))).toHaveLength(1);
    expect((await readCheckpoint(t.store, PEER))?.addedAfter).toBe('2027-01-01T00:00:00.005Z');
  });

  it('stops at a page bigger than asked for, storing nothing of it, and records the error against the peer', async () => {
    const objects = Array.from({ length: 6 }, () => buildIndicator({ object_marking_refs: [tlpMarkingId('green')] }));
    peer.add(...objects.map((o) => share(o))); // the peer serves pages of 2, but this puller asks for 1 at most
    const small = new PeerPuller({ store: t.store, membership, self: SELF, key: selfKey, pageSize: 1 }, { id: PEER, name: 'Peer', nodeUrl: peer.url });
    await expect(small.pull()).rejects.toMatchObject({ code: 'sync.page-too-large' });
    for (const o of objects) expect(await t.store.shares.forObject(String(o.id))).toEqual([]);
    const [status] = await readPeerStatuses(t.store, [{ id: PEER, name: 'Peer', nodeUrl: peer.url }]);
    expect(status).toMatchObject({ failures: 1, lastError: { code: 'sync.page-too-large' } });
  });

  it('keeps pulling from the other peers while one hangs mid-response', async () => {
    const other = new FakePeer(2);
    await other.start();
    const entry = (id: string, name: string, url: string, key: NodeKey) => ({ id, name, nodeUrl: url, keys: [publicKeyInfo(key).publicKey] });
    const otherKey = generateNodeKey('signing');
    const two = new StaticMembership(parseMemberList([
      entry(SELF, 'Self', 'http://127.0.0.1:1', selfKey), entry(PEER, 'Peer', peer.url, peerKey), entry(OTHER, 'Other', other.url, otherKey),
    ], undefined, 'test').members);
    const fine = buildIndicator({ object_marking_refs: [tlpMarkingId('green')] });
    other.add(signShare(buildShare({ object: fine, sharer: OTHER, tlp: 'green', audience: { kind: 'all' }, relay: false }), otherKey), fine);
    peer.add(share(buildIndicator()));
    peer.beforePage = () => new Promise(() => undefined); // answers the headers of nothing, ever
    const service = new SyncService({ store: t.store, membership: two, self: SELF, key: selfKey, timeoutMs: 400, retry: { attempts: 1 } }, { intervalMs: 60_000, push: false });
    try {
      service.start();
      const deadline = Date.now() + 5000;
      let statuses = await readPeerStatuses(t.store, peersOf({ membership: two, self: SELF }));
      while (Date.now() < deadline && !(statuses.find((x) => x.memberId === PEER)?.failures === 1 && (await t.store.objects.versions(String(fine.id))).length === 1)) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        statuses = await readPeerStatuses(t.store, peersOf({ membership: two, self: SELF }));
      }
      expect(await t.store.objects.versions(String(fine.id))).toHaveLength(1);
      expect(statuses.find((x) => x.memberId === PEER)).toMatchObject({ failures: 1, lastError: { code: expect.stringMatching(/^taxii\./) as unknown } });
      expect(statuses.find((x) => x.memberId === OTHER)).toMatchObject({ failures: 0, accepted: 2 });
    } finally {
      await service.stop();
      await other.stop();
    }
  });

  it('records a failure in the status', async () => {
    await peer.stop();
    const once = new PeerPuller({ store: t.store, membership, self: SELF, key: selfKey, retry: { attempts: 1 } }, { id: PEER, name: 'Peer', nodeUrl: peer.url });
    await expect(once.pull()).rejects.toThrow();
    const [status] = await readPeerStatuses(t.store, [{ id: PEER, name: 'Peer', nodeUrl: peer.url }]);
    expect(status?.failures).toBe(1);
    expect(status?.lastError?.code).toMatch(/^taxii\./);
    expect(status?.lastSuccess).toBeNull();
  });
});

describe('sync pieces', () => {
  it('backs off exponentially with jitter, capped at ten intervals', () => {
    expect(backoffDelay(1, 30_000, 5000, () => 0.5)).toBe(5000);
    expect(backoffDelay(3, 30_000, 5000, () => 0.5)).toBe(20_000);
    expect(backoffDelay(30, 30_000, 5000, () => 0.5)).toBe(300_000);
    expect(backoffDelay(1, 30_000, 5000, () => 0)).toBe(3750);
    expect(backoffDelay(1, 30_000, 5000, () => 0.999999)).toBeLessThanOrEqual(6250);
  });

  it('pulls from every other active member', () => {
    const k = (): string => publicKeyInfo(generateNodeKey('signing')).publicKey;
    const membership = new StaticMembership(parseMemberList([
      { id: SELF, name: 'S', nodeUrl: 'http://127.0.0.1:1', keys: [k()] },
      { id: PEER, name: 'P', nodeUrl: 'http://127.0.0.1:2', keys: [k()] },
      { id: OTHER, name: 'O', nodeUrl: 'http://127.0.0.1:3', keys: [k()], status: 'suspended' },
    ], undefined, 'test').members);
    expect(peersOf({ membership, self: SELF })).toEqual([{ id: PEER, name: 'P', nodeUrl: 'http://127.0.0.1:2' }]);
  });

  it('knows whom an audience names', () => {
    const membership = new StaticMembership([]);
    const base: Omit<Share, 'audience'> = { id: 'x-accord-share--1', objectId: 'indicator--1', objectVersion: null, objectHash: '0', sharer: PEER, tlp: 'green', relay: false, modified: '2027-01-01T00:00:00Z' };
    expect(audienceIncludes({ ...base, audience: { kind: 'members', members: [SELF] } }, SELF, membership)).toBe(true);
    expect(audienceIncludes({ ...base, audience: { kind: 'members', members: [OTHER] } }, SELF, membership)).toBe(false);
    expect(audienceIncludes({ ...base, audience: { kind: 'sharer' } }, PEER, membership)).toBe(true);
    expect(audienceIncludes({ ...base, audience: { kind: 'group', group: 'x-accord-group--1', version: 1 } }, SELF, membership)).toBe(false);
  });

  it('keeps a bounded quarantine without duplicates', async () => {
    const t = await tempSqliteStore();
    try {
      const entry = (i: number): QuarantineEntry => ({ at: '2027-01-01T00:00:00Z', objectId: `indicator--${i}`, version: null, hash: null, code: 'sync.no-share-record', reason: 'r' });
      expect(await addToQuarantine(t.store, PEER, [entry(1), entry(1), entry(2)])).toBe(2);
      expect(await addToQuarantine(t.store, PEER, [entry(2)])).toBe(0);
      await addToQuarantine(t.store, PEER, Array.from({ length: MAX_QUARANTINE_ENTRIES + 5 }, (_, i) => entry(i + 10)));
      const list = await readQuarantine(t.store, PEER);
      expect(list).toHaveLength(MAX_QUARANTINE_ENTRIES);
      expect(list.at(-1)?.objectId).toBe(`indicator--${MAX_QUARANTINE_ENTRIES + 14}`);
    } finally {
      await t.dispose();
    }
  });
});
