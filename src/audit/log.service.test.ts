import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempSqliteStore, type TempStore } from '../../test/support/store.js';
import { AccordError, type AuditRepository } from '../store/index.js';
import { generateNodeKey, type NodeKey } from '../trust/index.js';
import { CheckpointKeys, parseCheckpoint } from './checkpoint.js';
import { entryHash, GENESIS_HASH } from './entry.js';
import { AuditLog, type AuditLogOptions } from './log.service.js';
import { verifyAudit } from './verify.service.js';

let t: TempStore;
let key: NodeKey;
let file: string;
const open: AuditLog[] = [];

function openLog(opts: Partial<AuditLogOptions> = {}): Promise<AuditLog> {
  return AuditLog.open({ repository: t.store.audit, key, checkpointFile: file, checkpointIntervalMs: 0, ...opts }).then((log) => {
    open.push(log);
    return log;
  });
}

function fileCheckpoints(): unknown[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => parseCheckpoint(JSON.parse(l)));
}

beforeEach(async () => {
  t = await tempSqliteStore();
  key = generateNodeKey('signing');
  file = join(t.dir, 'audit-checkpoints.jsonl');
});

afterEach(async () => {
  for (const log of open.splice(0)) await log.close();
  await t.dispose();
});

describe('AuditLog', () => {
  it('chains each entry to the one before, stamped to the microsecond', async () => {
    const log = await openLog();
    const first = await log.record({ actor: 'user:admin', action: 'auth.sign-in', details: { address: '127.0.0.1' } });
    const more = await log.recordMany([
      { actor: 'user:amina', action: 'auth.sign-in-failed', outcome: 'failed', details: { reason: 'password', password: 'guess' } },
      { actor: 'user:admin', action: 'user.created', target: 'user:amina', details: { roles: ['analyst'] } },
    ]);
    const all = await t.store.audit.scan(0, 10);
    expect(all).toEqual([first, ...more]);
    expect(all.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(all[0]?.prevHash).toBe(GENESIS_HASH);
    for (let i = 0; i < all.length; i++) {
      const e = all[i]!;
      expect(e.hash).toBe(entryHash(e));
      if (i > 0) expect(e.prevHash).toBe(all[i - 1]?.hash);
      expect(e.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      if (i > 0) expect(e.at > all[i - 1]!.at).toBe(true);
    }
    expect(all[1]).toMatchObject({ outcome: 'failed', target: null, details: '{"password":"[redacted]","reason":"password"}' });
    expect(all[2]).toMatchObject({ target: 'user:amina', details: '{"roles":["analyst"]}' });
  });

  it('stamps entries with the wall clock to the microsecond, strictly increasing even when the clock stands still', async () => {
    const log = await openLog();
    for (let i = 0; i < 20; i++) await log.record({ actor: 'node', action: 'node.started' });
    const ats = (await t.store.audit.scan(0, 100)).map((e) => e.at);
    expect(ats.some((at) => !at.endsWith('000Z'))).toBe(true);
    const wall = Date.parse(ats.at(-1) ?? '');
    expect(Math.abs(wall - Date.now())).toBeLessThan(5000);

    const frozen = await openLog({ nowMicros: () => Date.UTC(2026, 10, 27, 9) * 1000 });
    await frozen.recordMany([{ actor: 'node', action: 'node.stopped' }, { actor: 'node', action: 'node.stopped' }]);
    expect((await t.store.audit.scan(20, 10)).map((e) => e.at)).toEqual(['2026-11-27T09:00:00.000000Z', '2026-11-27T09:00:00.000001Z']);
  });

  it('stores all of a batch or none of it', async () => {
    const log = await openLog();
    await expect(log.recordMany([{ actor: 'user:a', action: 'auth.sign-in' }, { actor: 'user:a', action: 'no.such-action' }])).rejects.toMatchObject({ code: 'audit.unknown-action' });
    expect(await t.store.audit.head()).toBeUndefined();
    expect(await log.recordMany([])).toEqual([]);
  });

  it('keeps one chain when several logs (processes) append at once', async () => {
    const a = await openLog();
    const b = await openLog();
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).recordMany([
      { actor: `user:u${i}`, action: 'object.created', target: `indicator--${i}` },
      { actor: `user:u${i}`, action: 'object.shared', target: `indicator--${i}` },
    ])));
    await a.close();
    await b.close();
    const v = await verifyAudit(t.store, { publicKeys: [key.publicKey], checkpointFile: file, pageSize: 7 });
    expect(v).toMatchObject({ ok: true, checked: 40, unsealed: 0 });
  });

  it('signs a checkpoint each time the chain crosses a multiple of N entries, and on close', async () => {
    const log = await openLog({ checkpointEvery: 10 });
    for (let i = 0; i < 25; i++) await log.record({ actor: 'node', action: 'object.imported', details: { n: i } });
    expect((await t.store.audit.checkpoints()).map((c) => c.seq)).toEqual([10, 20]);
    await log.recordMany(Array.from({ length: 4 }, () => ({ actor: 'node', action: 'object.imported' }))); // 26..29: no multiple crossed
    await log.recordMany(Array.from({ length: 3 }, () => ({ actor: 'node', action: 'object.imported' }))); // 30..32: crosses 30
    expect((await t.store.audit.checkpoints()).map((c) => c.seq)).toEqual([10, 20, 32]);
    await log.close();
    const stored = await t.store.audit.checkpoints();
    expect(stored.map((c) => c.seq)).toEqual([10, 20, 32]);
    await expect(log.record({ actor: 'node', action: 'node.stopped' })).rejects.toMatchObject({ code: 'audit.closed' });
    // The file holds the same checkpoints, each validly signed over the entry at its seq.
    expect(fileCheckpoints()).toEqual(stored);
    const keys = new CheckpointKeys([key.publicKey]);
    for (const c of stored) {
      expect(keys.check(c)).toBe('ok');
      expect((await t.store.audit.scan(c.seq - 1, 1))[0]?.hash).toBe(c.hash);
      expect(c.keyFingerprint).toBe(key.fingerprint);
    }
    // A checkpoint is not itself an entry.
    expect((await t.store.audit.head())?.seq).toBe(32);
  });

  it('signs the head on close only when something is unsigned', async () => {
    const log = await openLog({ checkpointEvery: 5 });
    await log.recordMany(Array.from({ length: 5 }, () => ({ actor: 'node', action: 'node.started' })));
    await log.close();
    expect((await t.store.audit.checkpoints()).map((c) => c.seq)).toEqual([5]);
    const again = await openLog();
    await again.close();
    expect((await t.store.audit.checkpoints()).map((c) => c.seq)).toEqual([5]);
  });

  it('signs a checkpoint every interval when entries were recorded, and not otherwise', async () => {
    const log = await openLog({ checkpointIntervalMs: 40 });
    await log.recordMany([{ actor: 'node', action: 'node.started' }, { actor: 'user:a', action: 'auth.sign-in' }]);
    await expect.poll(async () => (await t.store.audit.checkpoints()).map((c) => c.seq), { timeout: 2000 }).toEqual([2]);
    await new Promise((r) => setTimeout(r, 150));
    expect((await t.store.audit.checkpoints()).length).toBe(1);
    await log.record({ actor: 'user:a', action: 'auth.sign-out' });
    await expect.poll(async () => (await t.store.audit.checkpoints()).map((c) => c.seq), { timeout: 2000 }).toEqual([2, 3]);
  });

  it('keeps the entries when a checkpoint fails, reports it, and signs again later', async () => {
    let failing = true;
    const repository: AuditRepository = Object.create(t.store.audit) as AuditRepository;
    repository.addCheckpoint = (c) => (failing ? Promise.reject(new Error('disk full')) : t.store.audit.addCheckpoint(c));
    const errors: Error[] = [];
    const log = await openLog({ repository, checkpointEvery: 2, onError: (e) => errors.push(e) });
    const entries = await log.recordMany([{ actor: 'node', action: 'node.started' }, { actor: 'node', action: 'node.started' }]);
    expect(entries).toHaveLength(2);
    expect(errors.map((e) => e.message)).toEqual(['disk full']);
    failing = false;
    await log.close();
    expect((await t.store.audit.checkpoints()).map((c) => c.seq)).toEqual([2]);
  });

  it('verifies its own chain against its key and checkpoint file, signing nothing, and names an entry changed in the store', async () => {
    const log = await openLog({ checkpointEvery: 5 });
    for (let i = 0; i < 7; i++) await log.record({ actor: 'user:amina', action: 'auth.sign-in', target: null });
    const v = await log.verify();
    expect(v).toMatchObject({ ok: true, checked: 7, checkpoints: { store: 1, file: 1, newest: 5 }, unsealed: 2 });
    expect((await t.store.audit.checkpoints()).length).toBe(1);
    // Signed by another key only: the log's own key does not vouch for it, an earlier key given does.
    const other = generateNodeKey('signing');
    const foreign = await AuditLog.open({ repository: t.store.audit, key: other, checkpointFile: join(t.dir, 'other.jsonl'), checkpointIntervalMs: 0 });
    await foreign.record({ actor: 'user:amina', action: 'auth.sign-in', target: null });
    await foreign.close();
    expect((await log.verify()).firstBad).toMatchObject({ reason: 'unknown-key' });
    expect((await log.verify([other.publicKey])).ok).toBe(true);
  });

  it('refuses bad options', async () => {
    await expect(openLog({ checkpointEvery: 0 })).rejects.toBeInstanceOf(AccordError);
  });
});
