// Store contract, retractions: rows found by the share or object they name, kept once per id,
// updated in place, listed newest first, the applied ones without a receipt found for the receipt
// worker, and receipts kept once per (retraction, member) — alike on every adapter.
import { expect, it } from 'vitest';
import type { Store } from '../port.js';
import type { RetractionRow } from '../retractions.port.js';

const rid = (n: number): string => `x-accord-retraction--00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
const A = 'identity--0a000000-0000-4000-8000-000000000001';
const B = 'identity--0b000000-0000-4000-8000-000000000002';

function row(n: number, over: Partial<RetractionRow> = {}): RetractionRow {
  return {
    id: rid(n), sharer: A, effect: 'end', shareId: `x-accord-share--00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`, objectId: null, objectVersion: null,
    objectHash: null, members: null, created: `2026-11-27T10:00:0${n % 10}.000Z`, state: 'waiting', outcome: null, appliedAt: null, receiptId: null, ...over,
  };
}

export function retractionsContract(store: () => Store): void {
  it('keeps retractions once, finds them by share or object, and updates their state', async () => {
    const s = store();
    const purge = row(3, { effect: 'purge', shareId: null, objectId: 'indicator--00000000-0000-4000-8000-000000000009', objectVersion: '2026-01-01T00:00:00.000Z', objectHash: 'ab'.repeat(32) });
    const narrow = row(2, { effect: 'narrow', members: JSON.stringify([A, B]), sharer: B });
    expect(await s.retractions.add([row(1), narrow, purge])).toBe(3);
    expect(await s.retractions.add([row(1, { outcome: 'other' })])).toBe(0);
    expect(await s.retractions.get([rid(1), rid(3), rid(99)])).toEqual([row(1), purge]);
    expect((await s.retractions.naming([row(1).shareId ?? ''], [purge.objectId ?? ''])).map((r) => r.id)).toEqual([rid(1), rid(3)]);
    expect(await s.retractions.naming([], [])).toEqual([]);
    await s.retractions.update([{ id: rid(1), state: 'applied', outcome: 'ended', appliedAt: '2026-11-27T10:00:05.000Z', receiptId: null }]);
    expect((await s.retractions.get([rid(1)]))[0]).toEqual(row(1, { state: 'applied', outcome: 'ended', appliedAt: '2026-11-27T10:00:05.000Z' }));
    expect((await s.retractions.list({ limit: 10 })).map((r) => r.id)).toEqual([rid(3), rid(2), rid(1)]);
    expect((await s.retractions.list({ sharer: B, limit: 10 })).map((r) => r.id)).toEqual([rid(2)]);
    expect((await s.retractions.list({ state: 'applied', limit: 10 })).map((r) => r.id)).toEqual([rid(1)]);
    // The receipt worker's queue: applied, another sharer's, no receipt yet.
    expect((await s.retractions.unreceipted(B, 10)).map((r) => r.id)).toEqual([rid(1)]);
    expect(await s.retractions.unreceipted(A, 10)).toEqual([]);
    await s.retractions.update([{ id: rid(1), state: 'applied', outcome: 'ended', appliedAt: '2026-11-27T10:00:05.000Z', receiptId: 'x-accord-retraction-receipt--1' }]);
    expect(await s.retractions.unreceipted(B, 10)).toEqual([]);
  });

  it('keeps the first receipt per retraction and member', async () => {
    const s = store();
    const first = { retractionId: rid(7), member: B, receiptId: 'x-accord-retraction-receipt--00000000-0000-4000-8000-000000000001', appliedAt: '2026-11-27T10:00:00.000Z', outcome: 'content removed' };
    expect(await s.retractions.addReceipts([first, { ...first, member: A }])).toBe(2);
    expect(await s.retractions.addReceipts([{ ...first, receiptId: 'x-accord-retraction-receipt--00000000-0000-4000-8000-000000000002' }])).toBe(0);
    expect(await s.retractions.receipts([rid(7), rid(8)])).toEqual([{ ...first, member: A }, first]);
  });
}
