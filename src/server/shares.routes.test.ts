// /api/v1/shares and /api/v1/publications through real HTTP with two analysts and their tokens:
// under a four-eyes rule for AMBER, Alice's AMBER share waits for Bob; Alice may not approve it
// herself; a GREEN share is immediate; rejections need a reason; only the requester withdraws.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIndicator } from '../../test/support/factories.js';
import { startTestNode, type TestNode } from '../../test/support/node-app.js';
import { putObjects } from '../../test/support/store.js';
import { PublishingService, VisibilityService } from '../sharing/index.js';
import { tlpMarkingId } from '../stix/index.js';
import { generateNodeKey } from '../trust/index.js';
import { fixedMembers } from '../../test/support/sharing.js';

const A = 'identity--00000000-0000-4000-8000-0000000000a0';
const B = 'identity--00000000-0000-4000-8000-0000000000b0';
const members = fixedMembers([A, B]);

describe('/api/v1/shares and /api/v1/publications', () => {
  let node: TestNode;
  let alice: Record<string, string>;
  let bob: Record<string, string>;
  const amber = buildIndicator({ object_marking_refs: [tlpMarkingId('amber')] });
  const green = buildIndicator({ object_marking_refs: [tlpMarkingId('green')] });
  const call = (who: Record<string, string>, method: 'GET' | 'POST', url: string, body?: unknown) =>
    node.app.inject({ method, url, headers: who, ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}) });

  beforeEach(async () => {
    const key = generateNodeKey('signing');
    node = await startTestNode({
      publishing: (store, audit) => new PublishingService({
        store, audit, visibility: new VisibilityService(store, members, A), membership: members, self: A, key, fourEyes: ['amber'],
        keyOf: (m, fp) => (m === A && fp === key.fingerprint ? key.publicKey : undefined),
      }),
    });
    alice = { authorization: `Bearer ${await node.userWithToken('alice', ['analyst'])}` };
    bob = { authorization: `Bearer ${await node.userWithToken('bob', ['analyst'])}` };
    await putObjects(node.store, [amber, green]);
  });
  afterEach(() => node.close());

  it('previews who would read an object on given terms, and why it would be refused, storing and auditing nothing', async () => {
    const before = (await node.store.audit.query({ limit: 1000 })).length;
    const preview = await call(alice, 'POST', '/api/v1/shares/preview', { object: { id: green.id }, tlp: 'green', audience: { kind: 'members', members: [B] } });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toEqual({ readers: [{ member: B, name: 'CERT-B', explanation: expect.any(String) as unknown }], refused: null, needs_approval: false });
    const amberPreview = await call(alice, 'POST', '/api/v1/shares/preview', { object: { id: amber.id }, tlp: 'amber', audience: { kind: 'members', members: [B] } });
    expect(amberPreview.json()).toMatchObject({ needs_approval: true, refused: null });
    const none = await call(alice, 'POST', '/api/v1/shares/preview', { object: { id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' }, tlp: 'green', audience: { kind: 'all' } });
    expect(none.json()).toMatchObject({ readers: [], refused: { code: 'share.no-such-object' } });
    expect(await node.store.shares.forObject(String(green.id))).toEqual([]);
    expect((await node.store.audit.query({ limit: 1000 })).slice(before).map((e) => e.action).filter((a) => a !== 'token.first-use')).toEqual([]);
  });

  it('holds an AMBER share for a second user, and shares GREEN at once', async () => {
    const asked = await call(alice, 'POST', '/api/v1/shares', { objects: [{ id: amber.id }], tlp: 'amber', audience: { kind: 'members', members: [B] } });
    expect(asked.statusCode, asked.body).toBe(202);
    const { publication, readers } = asked.json<{ publication: { id: string; state: string; requested_by: string; object_count: number }; readers: { name: string }[] }>();
    expect(publication).toMatchObject({ state: 'pending', requested_by: 'user:alice', object_count: 1, terms: { tlp: 'amber', relay: false } });
    expect(readers.map((r) => r.name)).toEqual(['CERT-B']);
    expect(await node.store.shares.forObject(String(amber.id))).toEqual([]);

    const queue = await call(bob, 'GET', '/api/v1/publications?state=pending');
    expect(queue.json<{ publications: { id: string }[] }>().publications.map((p) => p.id)).toEqual([publication.id]);
    const detail = await call(bob, 'GET', `/api/v1/publications/${publication.id}`);
    expect(detail.json()).toMatchObject({ objects: [{ id: amber.id, version: amber.modified }] });

    const self = await call(alice, 'POST', `/api/v1/publications/${publication.id}/approve`);
    expect(self.statusCode).toBe(403);
    expect(self.json()).toMatchObject({ code: 'publication.same-person' });
    const approved = await call(bob, 'POST', `/api/v1/publications/${publication.id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ publication: { state: 'approved', decided_by: 'user:bob' }, shared: 1, refused: [], readers: [{ name: 'CERT-B' }] });
    expect(await node.store.shares.forObject(String(amber.id))).toHaveLength(1);
    expect((await call(bob, 'POST', `/api/v1/publications/${publication.id}/approve`)).json()).toMatchObject({ code: 'publication.decided' });

    const now = await call(alice, 'POST', '/api/v1/shares', { objects: [{ id: green.id }], tlp: 'green', audience: { kind: 'all' }, relay: true });
    expect(now.statusCode, now.body).toBe(201);
    expect(now.json()).toMatchObject({ shared: 1, refused: [], records: [{ type: 'x-accord-share', object_ref: green.id }], readers: [{ name: 'CERT-B' }] });
    const sharing = await call(bob, 'GET', `/api/v1/objects/${String(green.id)}/sharing`);
    expect(sharing.statusCode, sharing.body).toBe(200);
    expect(sharing.json()).toMatchObject({
      id: green.id, version: green.modified,
      shares: [{ sharer: A, sharer_name: 'CERT-A', object_version: green.modified, state: 'valid', reason: null, words: 'under TLP:GREEN with all members (relay allowed)' }],
      readers: [{ member: B, name: 'CERT-B' }],
    });
    expect(sharing.json<{ readers: { explanation: string }[] }>().readers[0]?.explanation).toMatch(/^CERT-B may read this: shared by CERT-A under TLP:GREEN/);
    expect((await call(bob, 'GET', '/api/v1/objects/indicator--00000000-0000-4000-8000-000000000099/sharing')).statusCode).toBe(404);
    const audit = (await node.store.audit.query({ limit: 50 })).map((e) => `${e.action} ${e.actor.replace(/\/token:.*/, '')}`).filter((a) => a.startsWith('share.') || a.startsWith('object.shared'));
    expect(audit).toEqual(['share.requested user:alice', 'object.shared user:bob', 'share.approved user:bob', 'object.shared user:alice']);
  });

  it('rejects with a reason, withdraws for the requester only, and answers refusals with problems', async () => {
    const ask = async (): Promise<string> => (await call(alice, 'POST', '/api/v1/shares', { objects: [{ id: amber.id }], tlp: 'amber', audience: { kind: 'all' } }))
      .json<{ publication: { id: string } }>().publication.id;
    const first = await ask();
    expect((await call(bob, 'POST', `/api/v1/publications/${first}/reject`, {})).json()).toMatchObject({ code: 'http.invalid-request' });
    expect((await call(alice, 'POST', `/api/v1/publications/${first}/reject`, { reason: 'mine' })).json()).toMatchObject({ code: 'publication.same-person' });
    expect((await call(bob, 'POST', `/api/v1/publications/${first}/reject`, { reason: 'wait for the joint advisory' })).json())
      .toMatchObject({ state: 'rejected', reason: 'wait for the joint advisory', decided_by: 'user:bob' });
    const second = await ask();
    expect((await call(bob, 'POST', `/api/v1/publications/${second}/withdraw`)).statusCode).toBe(403);
    expect((await call(alice, 'POST', `/api/v1/publications/${second}/withdraw`)).json()).toMatchObject({ state: 'withdrawn', decided_by: 'user:alice' });
    expect((await call(bob, 'GET', '/api/v1/publications/publication--00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);

    // AMBER shared as GREEN is wider than its marking: nothing is shared or filed.
    const wide = await call(alice, 'POST', '/api/v1/shares', { objects: [{ id: amber.id }], tlp: 'green', audience: { kind: 'all' } });
    expect(wide.statusCode).toBe(422);
    expect(wide.json()).toMatchObject({ code: 'share.wider-than-inline' });
    expect((await call(alice, 'POST', '/api/v1/shares', { objects: [], tlp: 'green', audience: { kind: 'all' } })).statusCode).toBe(400);
    expect(await node.store.shares.forObject(String(amber.id))).toEqual([]);
  });

  it('answers 503 on a node built without publishing', async () => {
    const bare = await startTestNode();
    try {
      const token = { authorization: `Bearer ${await bare.userWithToken('carol', ['analyst'])}` };
      const res = await bare.app.inject({ method: 'GET', url: '/api/v1/publications', headers: token });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: 'share.unavailable' });
    } finally {
      await bare.close();
    }
  });

  it('retracts a share through /api/v1/retractions and lists who has applied it', async () => {
    const shared = await call(alice, 'POST', '/api/v1/shares', { objects: [{ id: green.id }], tlp: 'green', audience: { kind: 'all' }, relay: true });
    const shareId = shared.json<{ records: { id: string }[] }>().records[0]?.id ?? '';
    const unknown = await call(alice, 'POST', '/api/v1/retractions', { effect: 'end', share_id: 'x-accord-share--5b0c1a2e-7d3f-4e8a-9b1c-2d3e4f5a6b7c' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'retraction.no-such-share' });
    const bad = await call(alice, 'POST', '/api/v1/retractions', { effect: 'narrow', share_id: shareId });
    expect(bad.statusCode).toBe(400);

    const made = await call(alice, 'POST', '/api/v1/retractions', { effect: 'end', share_id: shareId, reason: 'withdrawn' });
    expect(made.statusCode, made.body).toBe(201);
    const answer = made.json<{ retraction: { id: string; type: string; share_ref: string }; applied: { state: string }; audience: { kind: string } }>();
    expect(answer).toMatchObject({ retraction: { type: 'x-accord-retraction', share_ref: shareId }, applied: { state: 'applied' }, audience: { kind: 'all' } });
    expect(JSON.parse((await node.store.shares.get([shareId]))[0]?.policy ?? '{}')).toMatchObject({ audience: { kind: 'sharer' } });

    const list = await call(bob, 'GET', '/api/v1/retractions');
    expect(list.json<{ retractions: { id: string; state: string }[] }>().retractions).toMatchObject([{ id: answer.retraction.id, state: 'applied' }]);
    const status = await call(bob, 'GET', `/api/v1/retractions/${answer.retraction.id}`);
    expect(status.json()).toMatchObject({ applied: 0, pending: 1, holders: [{ member: B, name: 'CERT-B', state: 'pending' }] });
    expect((await call(bob, 'GET', '/api/v1/retractions/x-accord-retraction--5b0c1a2e-7d3f-4e8a-9b1c-2d3e4f5a6b7c')).statusCode).toBe(404);
  });
});
