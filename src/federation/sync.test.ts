// PeerPuller against a small in-process TAXII server that serves whatever the test puts in its
// collection (on loopback), and the pure pieces of the sync service.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempSqliteStore, type TempStore } from '../../test/support/store.js';
import { buildIndicator } from '../../test/support/factories.js';
import { buildShare, signShare, type Share } from '../sharing/index.js';
import { tlpMarkingId } from '../stix/index.js';
import { generateNodeKey, parseMemberList, publicKeyInfo, StaticMembership, type NodeKey } from '../trust/index.js';
import { audienceIncludes } from './accept.js';
import { PeerPuller } from './sync.js';
import { backoffDelay, peersOf } from './sync.service.js';
import { addToQuarantine, MAX_QUARANTINE_ENTRIES, readPeerStatuses, readQuarantine, type QuarantineEntry } from './sync-state.js';

const SELF = 'identity--0a0a0a0a-1111-4222-8333-444444444444';
const PEER = 'identity--0b0b0b0b-1111-4222-8333-444444444444';
const OTHER = 'identity--0c0c0c0c-1111-4222-8333-444444444444';

/** A TAXII server with one collection; objects are served in the order added, one page of `pageSize`. */
class FakePeer {
  readonly items: { added: string; text: string }[] = [];
  readonly requests: string[] = [];
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
        const after = u.searchParams.get('added_after');
        const rest = this.items.filter((i) => after === null || i.added > after);
        const page = rest.slice(0, this.pageSize);
        const headers: Record<string, string> = page.length > 0
          ? { 'x-taxii-date-added-first': page[0]?.added ?? '', 'x-taxii-date-added-last': page.at(-1)?.added ?? '' } : {};
        res.writeHead(200, { 'content-type': taxii, ...headers });
        res.end(`{"more":${rest.length > page.length},"objects":[${page.map((p) => p.text).join(',')}]}`);
        return;
      }
      res.writeHead(404, { 'content-type': taxii });
      res.end(JSON.stringify({ title: 'not found' }));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
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
