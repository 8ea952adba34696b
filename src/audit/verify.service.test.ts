import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempSqliteStore, type TempStore } from '../../test/support/store.js';
import type { AuditEntry, AuditRepository } from '../store/index.js';
import { generateNodeKey, type NodeKey } from '../trust/index.js';
import { signCheckpoint } from './checkpoint.js';
import { entryHash } from './entry.js';
import { AuditLog } from './log.service.js';
import { verifyAudit } from './verify.service.js';

let t: TempStore;
let key: NodeKey;
let file: string;

/** Writes `n` entries with a checkpoint every `every` and one on close. */
async function write(n: number, every = 10): Promise<void> {
  const log = await AuditLog.open({ repository: t.store.audit, key, checkpointFile: file, checkpointEvery: every, checkpointIntervalMs: 0 });
  for (let i = 0; i < n; i += 5) {
    await log.recordMany(Array.from({ length: Math.min(5, n - i) }, (_, j) => ({ actor: `user:u${(i + j) % 5}`, action: 'object.created', target: `indicator--${i + j}`, details: { n: i + j } })));
  }
  await log.close();
}

/** The repository as a reader sees it after `change` is applied to every page it reads. */
function viewed(change: (entries: AuditEntry[]) => AuditEntry[]): { audit: AuditRepository } {
  const audit = Object.create(t.store.audit) as AuditRepository;
  audit.scan = async (after, limit) => change(await t.store.audit.scan(after, limit));
  return { audit };
}

beforeEach(async () => {
  t = await tempSqliteStore();
  key = generateNodeKey('signing');
  file = join(t.dir, 'audit-checkpoints.jsonl');
});

afterEach(() => t.dispose());

describe('verifyAudit', () => {
  it('passes an intact chain read in pages, and says how much of it is signed', async () => {
    await write(95);
    for (const pageSize of [1, 7, 10, 95, 1000]) {
      const v = await verifyAudit(t.store, { publicKeys: [key.publicKey], checkpointFile: file, pageSize });
      expect(v).toMatchObject({ ok: true, checked: 95, unsealed: 0, checkpoints: { store: 10, file: 10, newest: 95 }, warnings: [] });
      expect(v.head?.seq).toBe(95);
    }
    // Entries recorded after the newest checkpoint are chained but not yet signed.
    const log = await AuditLog.open({ repository: t.store.audit, key, checkpointFile: join(t.dir, 'other.jsonl'), checkpointIntervalMs: 0 });
    await log.record({ actor: 'node', action: 'node.stopped' });
    expect(await verifyAudit(t.store, { publicKeys: [key.publicKey], checkpointFile: file })).toMatchObject({ ok: true, checked: 96, unsealed: 1 });
    await log.close();
  });

  it('passes an empty log, with a warning that nothing is signed', async () => {
    const v = await verifyAudit(t.store, { publicKeys: [key.publicKey] });
    expect(v).toMatchObject({ ok: true, checked: 0, unsealed: 0 });
    expect(v.warnings.join(' ')).toMatch(/no checkpoint file/);
    expect(v.warnings.join(' ')).toMatch(/no signed checkpoint/);
  });

  it('names the first changed entry, whatever the page size', async () => {
    await write(40);
    for (const pageSize of [1, 3, 1000]) {
      const v = await verifyAudit(viewed((es) => es.map((e) => (e.seq === 23 ? { ...e, actor: 'user:someone-else' } : e))), { publicKeys: [key.publicKey], checkpointFile: file, pageSize });
      expect(v).toMatchObject({ ok: false, checked: 22, firstBad: { seq: 23, reason: 'hash-mismatch' } });
    }
  });

  it('finds a chain rewritten consistently from some entry on at the next checkpoint', async () => {
    await write(40);
    // Entry 23 edited, and it and every later hash recomputed: the chain is consistent again.
    const rewritten = viewed((es) => {
      let prev: string | undefined;
      return es.map((e) => {
        if (e.seq < 23) return e;
        const changed = { ...e, ...(e.seq === 23 ? { actor: 'user:someone-else' } : {}), prevHash: prev ?? e.prevHash };
        prev = entryHash(changed);
        return { ...changed, hash: prev };
      });
    });
    const v = await verifyAudit(rewritten, { publicKeys: [key.publicKey], checkpointFile: file, pageSize: 1000 });
    expect(v).toMatchObject({ ok: false, checked: 29, firstBad: { seq: 30, reason: 'checkpoint-mismatch' } });
    expect(v.firstBad?.message).toMatch(/after entry 20, up to entry 30/);
  });

  it('refuses checkpoints by an unknown key or with a bad signature', async () => {
    await write(30);
    const stranger = generateNodeKey('signing');
    expect(await verifyAudit(t.store, { publicKeys: [stranger.publicKey], checkpointFile: file })).toMatchObject({ ok: false, checked: 10, firstBad: { seq: 10, reason: 'unknown-key' } });

    const lines = readFileSync(file, 'utf8').split('\n');
    const second = JSON.parse(lines[1] ?? '') as { signature: string };
    second.signature = `${second.signature.startsWith('A') ? 'B' : 'A'}${second.signature.slice(1)}`;
    lines[1] = JSON.stringify(second);
    writeFileSync(file, lines.join('\n'));
    expect(await verifyAudit(t.store, { publicKeys: [key.publicKey], checkpointFile: file })).toMatchObject({ ok: false, checked: 20, firstBad: { seq: 20, reason: 'bad-signature' } });
    // The store's copy alone is still fine.
    expect(await verifyAudit(t.store, { publicKeys: [key.publicKey] })).toMatchObject({ ok: true });
  });

  it('accepts checkpoints by any of several known keys (an earlier key of the node)', async () => {
    const before = key;
    await write(15);
    key = generateNodeKey('signing');
    await write(10);
    expect(await verifyAudit(t.store, { publicKeys: [key.publicKey, before.publicKey], checkpointFile: file })).toMatchObject({ ok: true, checked: 25 });
    expect(await verifyAudit(t.store, { publicKeys: [key.publicKey], checkpointFile: file })).toMatchObject({ ok: false, firstBad: { seq: 10, reason: 'unknown-key' } });
  });

  it('finds entries cut off before the newest checkpoint in the file, even when the store lost its checkpoints too', async () => {
    await write(20);
    const cut = viewed((es) => es.filter((e) => e.seq <= 12));
    const noStoreCheckpoints = Object.create(cut.audit) as AuditRepository;
    noStoreCheckpoints.checkpoints = () => Promise.resolve([]);
    expect(await verifyAudit({ audit: noStoreCheckpoints }, { publicKeys: [key.publicKey], checkpointFile: file })).toMatchObject({ ok: false, checked: 12, firstBad: { seq: 13, reason: 'truncated' } });
    // Without the file, only what the store still signs is known: the cut goes unnoticed.
    expect(await verifyAudit({ audit: noStoreCheckpoints }, { publicKeys: [key.publicKey] })).toMatchObject({ ok: true, checked: 12 });
  });

  it('reports a line of the file that is not a checkpoint, but only warns about a torn last line', async () => {
    await write(20);
    appendFileSync(file, '{"seq":21,"hash":"abc"');
    const torn = await verifyAudit(t.store, { publicKeys: [key.publicKey], checkpointFile: file });
    expect(torn).toMatchObject({ ok: true, checked: 20 });
    expect(torn.warnings.join(' ')).toMatch(/incomplete last line/);
    appendFileSync(file, '\n');
    expect(await verifyAudit(t.store, { publicKeys: [key.publicKey], checkpointFile: file })).toMatchObject({ ok: false, firstBad: { seq: 0, reason: 'bad-checkpoint' } });
  });

  it('finds a forged checkpoint line naming a seq beyond the chain', async () => {
    await write(20);
    const forger = generateNodeKey('signing');
    appendFileSync(file, `${JSON.stringify({ ...signCheckpoint(forger, { seq: 50, hash: 'a'.repeat(64) }, '2026-11-27T09:00:00.000000Z'), keyFingerprint: key.fingerprint })}\n`);
    expect(await verifyAudit(t.store, { publicKeys: [key.publicKey], checkpointFile: file })).toMatchObject({ ok: false, checked: 20, firstBad: { seq: 50, reason: 'bad-signature' } });
  });

  it('insists on the checkpoint file it is given', async () => {
    await write(5);
    rmSync(file);
    await expect(verifyAudit(t.store, { publicKeys: [key.publicKey], checkpointFile: file })).rejects.toMatchObject({ code: 'audit.no-checkpoint-file' });
  });
});
