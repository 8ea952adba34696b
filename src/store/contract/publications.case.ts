// Store contract, publication requests: a review queue paged oldest first, the objects of a
// request in the order asked for, and decisions that happen once — alike on every adapter.
import { expect, it } from 'vitest';
import { isAccordError } from '../../stix/index.js';
import type { Store } from '../port.js';
import type { PublicationObject, PublicationRecord } from '../publications.port.js';

const publicationId = (n: number): string => `publication--00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;

function request(n: number, over: Partial<PublicationRecord> = {}): PublicationRecord {
  return {
    id: publicationId(n), state: 'pending', tlp: 'amber', terms: JSON.stringify({ tlp: 'amber', audience: { kind: 'all' }, relay: false }),
    objectCount: 0, requestedBy: 'user:alice', requestedAt: `2026-11-27T09:00:0${n % 10}.000Z`, decidedBy: null, decidedAt: null, reason: null, outcome: null,
    ...over,
  };
}

function objects(n: number): PublicationObject[] {
  return Array.from({ length: n }, (_, i) => ({
    objectId: `indicator--00000000-0000-4000-8000-${i.toString().padStart(12, '0')}`, objectVersion: '2026-01-01T00:00:00.000Z', objectHash: i.toString(16).padStart(64, '0'),
  }));
}

export function publicationsContract(store: () => Store): void {
  it('keeps publication requests with their objects in order, and refuses a taken id', async () => {
    const s = store();
    const many = objects(1203); // more than one INSERT chunk on PostgreSQL
    const r = request(1, { objectCount: many.length });
    await s.publications.create(r, many);
    expect(await s.publications.get(r.id)).toEqual(r);
    expect(await s.publications.get(publicationId(99))).toBeUndefined();
    expect(await s.publications.objects(r.id, 0, 2)).toEqual(many.slice(0, 2));
    expect(await s.publications.objects(r.id, 1200, 10)).toEqual(many.slice(1200));
    expect(await s.publications.objects(publicationId(99), 0, 10)).toEqual([]);
    await expect(s.publications.create(request(1), [])).rejects.toSatisfy((e) => isAccordError(e) && e.code === 'store.publication-exists');
    // The failed create left nothing behind.
    expect((await s.publications.objects(r.id, 0, 5000))).toHaveLength(many.length);
  });

  it('pages the queue oldest first, by state', async () => {
    const s = store();
    for (let n = 1; n <= 5; n++) await s.publications.create(request(n), []);
    await s.publications.decide(publicationId(2), { state: 'withdrawn', decidedBy: 'user:alice', decidedAt: '2026-11-27T10:00:00.000Z', reason: null });
    const ids: string[] = [];
    let after = 0;
    for (;;) {
      const page = await s.publications.list({ state: 'pending', after, limit: 2 });
      ids.push(...page.items.map((p) => p.id));
      if (page.next === undefined) break;
      after = page.next;
    }
    expect(ids).toEqual([1, 3, 4, 5].map(publicationId));
    expect((await s.publications.list({ limit: 10 })).items.map((p) => p.state)).toEqual(['pending', 'withdrawn', 'pending', 'pending', 'pending']);
    expect((await s.publications.list({ state: 'withdrawn', limit: 10 })).items.map((p) => p.id)).toEqual([publicationId(2)]);
    expect(await s.publications.list({ state: 'approved', limit: 10 })).toEqual({ items: [] });
  });

  it('decides a pending request once: the first decision wins, the outcome is kept for an approval only', async () => {
    const s = store();
    await s.publications.create(request(1), []);
    await s.publications.create(request(2), []);
    const decision = { decidedBy: 'user:bob', decidedAt: '2026-11-27T10:00:00.000Z', reason: null };
    const both = await Promise.all([
      s.publications.decide(publicationId(1), { ...decision, state: 'approved' }),
      s.publications.decide(publicationId(1), { ...decision, state: 'rejected', reason: 'too wide' }),
    ]);
    expect(both.filter((d) => d !== undefined)).toHaveLength(1);
    const approved = await s.publications.decide(publicationId(2), { ...decision, state: 'approved' });
    expect(approved).toEqual({ ...request(2), state: 'approved', decidedBy: 'user:bob', decidedAt: decision.decidedAt });
    expect(await s.publications.decide(publicationId(2), { ...decision, state: 'withdrawn' })).toBeUndefined();
    expect(await s.publications.decide(publicationId(9), { ...decision, state: 'approved' })).toBeUndefined();
    await s.publications.setOutcome(publicationId(2), '{"shared":1}');
    expect((await s.publications.get(publicationId(2)))?.outcome).toBe('{"shared":1}');
    const rejected = await s.publications.create(request(3), []).then(() => s.publications.decide(publicationId(3), { ...decision, state: 'rejected', reason: 'not yet' }));
    expect(rejected).toMatchObject({ state: 'rejected', reason: 'not yet' });
    await s.publications.setOutcome(publicationId(3), '{"shared":1}');
    expect((await s.publications.get(publicationId(3)))?.outcome).toBeNull();
  });
}
