// Bulk sharing with the real `accord` command (issue 5): a node of a three-member federation holds
// 2,000 indicators and shares them in two commands — by type, then by an ids file. The policy
// judges every record before signing (the AMBER objects shared as GREEN are listed and skipped),
// the rest are signed 1,000 records per Ed25519 signature, and the node serves them to the
// members the audience names: B and C pull as signed peers and verify every record they receive.
// One audit entry is written per batch. The time of the 2,000-object share is written to the log.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peerSigner } from '../src/federation/index.js';
import { BatchRootCache, verifyShare } from '../src/sharing/index.js';
import { tlpMarkingId } from '../src/stix/index.js';
import { TaxiiClient, type RequestSigner } from '../src/taxii/client/index.js';
import { parseMemberList, StaticMembership } from '../src/trust/index.js';
import { initFederation, runAccord, startNode, type TestMember } from './support/cli.js';
import { buildIndicator } from './support/factories.js';

type Json = Record<string, unknown>;
interface Signature { value: string; batch_root?: string; batch_size?: number }

const GREEN = 1900;
const AMBER = 100;

/** Everything `who` may pull from the node at `url`: objects and share records, parsed. */
async function pull(url: string, signer: RequestSigner): Promise<Json[]> {
  const client = new TaxiiClient({ signer, retry: { attempts: 1 } });
  try {
    const root = await client.connect(`${url}/taxii2/`);
    const out: Json[] = [];
    for await (const e of root.collection('default').allObjects({ match: { version: ['all'] } })) if (e.kind === 'object') out.push(JSON.parse(e.text) as Json);
    return out;
  } finally {
    client.close();
  }
}

describe('accord share with many objects: one signature per batch, refusals per object', () => {
  let dir: string;
  const m = {} as Record<'a' | 'b' | 'c', TestMember>;
  const green = Array.from({ length: GREEN }, (_, i) => buildIndicator({ name: `green ${i}`, object_marking_refs: [tlpMarkingId('green')] }));
  const amber = Array.from({ length: AMBER }, (_, i) => buildIndicator({ name: `amber ${i}`, object_marking_refs: [tlpMarkingId('amber')] }));
  const unknown = 'indicator--00000000-0000-4000-8000-000000000000';
  const byType = { code: -1 as number | null, stdout: '', stderr: '', ms: 0 };
  const byFile = { code: -1 as number | null, stdout: '', stderr: '' };
  let records: Json[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-share-bulk-'));
    Object.assign(m, await initFederation(dir, ['a', 'b', 'c'] as const));
    writeFileSync(join(dir, 'bundle.json'), JSON.stringify({ type: 'bundle', id: 'bundle--3c1e9f4a-7b2d-4e8f-9a6c-1d2e3f4a5b6c', objects: [...green, ...amber] }));
    const imported = await runAccord(['import', '--data', m.a.data, join(dir, 'bundle.json')], { timeoutMs: 120_000 });
    expect(imported.code, imported.stderr).toBe(0);

    // Every indicator, as GREEN to all: the AMBER ones are refused before anything is signed.
    const started = Date.now();
    const r = await runAccord(['share', '--type', 'indicator', '--tlp', 'green', '--all', '--data', m.a.data], { timeoutMs: 120_000 });
    byType.ms = Date.now() - started;
    Object.assign(byType, { code: r.code, stdout: r.stdout, stderr: r.stderr });
    console.log(`accord share --type indicator: ${GREEN + AMBER} objects (${GREEN} shared, ${AMBER} refused) in ${byType.ms} ms (the whole command, a process start included)`);

    // The AMBER ones to B alone, by an ids file read from standard input, with an id the node does not hold.
    const s = await runAccord(['share', '--ids-file', '-', '--tlp', 'amber', '--members', m.b.entry.id, '--json', '--data', m.a.data], {
      input: [...amber.map((o) => String(o.id)), '', unknown, String(amber[0]?.id)].join('\n'), timeoutMs: 120_000,
    });
    Object.assign(byFile, { code: s.code, stdout: s.stdout, stderr: s.stderr });
    records = s.stdout.trim().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Json);
  }, 300_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('shares what the policy allows, lists and skips what it refuses, and sums up who may read them', () => {
    expect(byType.code, byType.stderr).toBe(1);
    expect(byType.stdout).toMatch(/^Shared 1,900 objects in 2 batches \(one signature each\), TLP:GREEN\./m);
    expect(byType.stdout).toMatch(/^Refused 100 objects \(listed on standard error\): 100 share\.wider-than-inline\./m);
    expect(byType.stdout).toMatch(/^CERT-B and CERT-C may read them: shared under TLP:GREEN with all members \(relay not allowed\)\./m);
    const refused = byType.stderr.split('\n').filter((l) => l.startsWith('refused '));
    expect(refused).toHaveLength(AMBER);
    expect(refused.map((l) => l.split(':')[0]?.slice('refused '.length)).sort()).toEqual(amber.map((o) => String(o.id)).sort());
    expect(refused[0]).toMatch(/share\.wider-than-inline: the sharing policy refuses this share: .*marked TLP:AMBER/);

    // By ids file: the unknown id is listed, the repeated one shared once, the records printed as JSON lines.
    expect(byFile.code, byFile.stderr).toBe(1);
    expect(byFile.stderr).toMatch(new RegExp(`^refused ${unknown}: share\\.no-such-object: this node holds no object`, 'm'));
    expect(records.map((r) => r.object_ref).sort()).toEqual(amber.map((o) => String(o.id)).sort());
  });

  it('signs each batch once: every record verifies, and the records of one batch carry one signature value', () => {
    const membership = new StaticMembership(parseMemberList([m.a.entry, m.b.entry, m.c.entry], undefined, 'test').members);
    const cache = new BatchRootCache();
    for (const r of records) {
      const verdict = verifyShare(r, (id, fp) => membership.keyOf(id, fp), new Date(), { cache });
      expect(verdict.ok, verdict.ok ? '' : verdict.error.message).toBe(true);
    }
    expect(cache.stats.verifications).toBe(1);
    const sigs = records.map((r) => r.signature as Signature);
    expect(new Set(sigs.map((s) => s.value)).size).toBe(1);
    expect(sigs.every((s) => s.batch_size === AMBER && s.batch_root === sigs[0]?.batch_root)).toBe(true);
  });

  it('serves each member exactly what the audience names, with records that verify', async () => {
    const node = await startNode(['--data', m.a.data, '--port', String(m.a.port)]);
    try {
      const membership = new StaticMembership(parseMemberList([m.a.entry, m.b.entry, m.c.entry], undefined, 'test').members);
      const onB = await pull(node.url, peerSigner(m.b.entry.id, m.b.key));
      const onC = await pull(node.url, peerSigner(m.c.entry.id, m.c.key));
      const objects = (xs: Json[]): string[] => xs.filter((o) => o.type === 'indicator').map((o) => String(o.id)).sort();
      expect(objects(onB)).toEqual([...green, ...amber].map((o) => String(o.id)).sort());
      expect(objects(onC)).toEqual(green.map((o) => String(o.id)).sort());
      const recordsOnC = onC.filter((o) => o.type === 'x-accord-share');
      expect(recordsOnC).toHaveLength(GREEN);
      const cache = new BatchRootCache();
      for (const r of recordsOnC) expect(verifyShare(r, (id, fp) => membership.keyOf(id, fp), new Date(), { cache }).ok).toBe(true);
      // 1,900 records in two batches (1,000 and 900): two roots, one signature value each.
      const byRoot = new Map<string, Set<string>>();
      for (const r of recordsOnC) {
        const s = r.signature as Signature;
        byRoot.set(String(s.batch_root), (byRoot.get(String(s.batch_root)) ?? new Set()).add(s.value));
      }
      expect([...byRoot.values()].map((v) => v.size)).toEqual([1, 1]);
      expect(recordsOnC.map((r) => (r.signature as Signature).batch_size).sort()).toEqual([...Array<number>(900).fill(900), ...Array<number>(1000).fill(1000)].sort());
      expect(cache.stats.verifications).toBe(2);
      expect(onB.filter((o) => o.type === 'x-accord-share')).toHaveLength(GREEN + AMBER);
    } finally {
      await node.stop();
    }
  }, 120_000);

  it('writes one audit entry per batch, not one per object', async () => {
    const r = await runAccord(['audit', 'export', '--action', 'object.shared', '--data', m.a.data]);
    expect(r.code, r.stderr).toBe(0);
    const entries = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { details: Json });
    expect(entries.map((e) => e.details.count)).toEqual([1000, 900, AMBER]);
    expect(entries.map((e) => e.details.tlp)).toEqual(['green', 'green', 'amber']);
    expect(entries[2]?.details).toMatchObject({ batchRoot: (records[0]?.signature as Signature).batch_root, audience: { kind: 'members', member_refs: [m.b.entry.id] } });
  });
});
