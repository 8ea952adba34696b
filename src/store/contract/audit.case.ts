// Store contract, audit part: appends are serialised against the head, entries come back
// exactly as sealed, queries filter in chain order, checkpoints are kept in order.
import { expect, it } from 'vitest';
import type { AuditEntry, AuditHead } from '../audit.port.js';
import type { Store } from '../port.js';

/** A stand-in sealer: chains by position only (the audit area computes real hashes). */
function sealer(entries: { actor: string; action: string }[]): (head: AuditHead | undefined) => AuditEntry[] {
  return (head) => {
    let seq = head?.seq ?? 0;
    let prev = head?.hash ?? 'genesis';
    return entries.map((e) => {
      seq++;
      const sealed: AuditEntry = {
        seq, at: `2026-11-27T09:00:${String(seq % 60).padStart(2, '0')}.000Z`, actor: e.actor, action: e.action, target: null,
        outcome: 'ok', details: `{"n":${seq}}`, prevHash: prev, hash: `h${seq}`,
      };
      prev = sealed.hash;
      return sealed;
    });
  };
}

export function auditContract(store: () => Store): void {
  it('appends audit entries after the head, exactly as sealed, even when appends race', async () => {
    const s = store();
    expect(await s.audit.head()).toBeUndefined();
    const first = await s.audit.append(sealer([{ actor: 'user:admin', action: 'auth.sign-in' }]));
    expect(first.map((e) => e.seq)).toEqual([1]);
    await Promise.all(Array.from({ length: 8 }, (_, i) => s.audit.append(sealer([{ actor: `user:u${i}`, action: 'object.created' }, { actor: `user:u${i}`, action: 'object.exported' }]))));
    const all = await s.audit.scan(0, 100);
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    for (let i = 1; i < all.length; i++) expect(all[i]?.prevHash).toBe(all[i - 1]?.hash);
    expect(all[0]).toEqual(first[0]);
    expect(await s.audit.head()).toEqual({ seq: 17, hash: 'h17' });
    expect((await s.audit.scan(15, 10)).map((e) => e.seq)).toEqual([16, 17]);
  });

  it('queries the audit log by actor, action and time', async () => {
    const s = store();
    await s.audit.append(sealer([
      { actor: 'user:admin', action: 'auth.sign-in' }, { actor: 'user:amina', action: 'auth.sign-in' },
      { actor: 'user:admin', action: 'user.created' }, { actor: 'user:admin', action: 'auth.sign-in' },
    ]));
    expect((await s.audit.query({ actor: 'user:admin', limit: 10 })).map((e) => e.seq)).toEqual([1, 3, 4]);
    expect((await s.audit.query({ action: 'auth.sign-in', afterSeq: 1, limit: 10 })).map((e) => e.seq)).toEqual([2, 4]);
    expect((await s.audit.query({ from: '2026-11-27T09:00:02.000Z', to: '2026-11-27T09:00:03.000Z', limit: 10 })).map((e) => e.seq)).toEqual([2, 3]);
    expect((await s.audit.query({ limit: 2 })).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('keeps audit checkpoints in order', async () => {
    const s = store();
    const cp = { seq: 4, hash: 'h4', at: '2026-11-27T09:01:00.000Z', keyFingerprint: 'f'.repeat(64), signature: 'sig' };
    await s.audit.addCheckpoint(cp);
    await s.audit.addCheckpoint({ ...cp, at: '2026-11-27T09:02:00.000Z' });
    await s.audit.addCheckpoint({ ...cp, seq: 9, hash: 'h9', at: '2026-11-27T09:03:00.000Z' });
    expect((await s.audit.checkpoints()).map((c) => [c.seq, c.at])).toEqual([[4, '2026-11-27T09:01:00.000Z'], [4, '2026-11-27T09:02:00.000Z'], [9, '2026-11-27T09:03:00.000Z']]);
    expect((await s.audit.checkpoints())[0]).toEqual(cp);
  });
}
