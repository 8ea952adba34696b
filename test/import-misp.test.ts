// `accord import` of MISP data (issue 7, "MISP import"): a MISP feed folder (manifest.json and
// one file per event) and a single event file become STIX objects (docs/misp.md); what has no
// mapping is reported; an event the manifest lists but the folder lacks is reported; --share shares
// each event's objects as its distribution allows (a sharing group by name), keeps "your
// organisation only" on the node; importing the same event again changes nothing.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/store/index.js';
import { initFederation, runAccord, type TestMember } from './support/cli.js';

const GROUP_ID = 'x-accord-group--6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';

/** The uuid of an event's i-th attribute in these tests. */
function attributeUuid(eventUuid: string, i: number): string {
  return `cccccccc-${eventUuid.slice(-4)}-4000-8000-${String(i).padStart(12, '0')}`;
}

function event(uuid: string, info: string, distribution: number, values: readonly string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Event: {
      uuid, info, date: '2026-11-01', timestamp: '1793520000', published: true, publish_timestamp: '1793520000', distribution: String(distribution), analysis: '1', threat_level_id: '2',
      Orgc: { name: 'CERT-Legacy', uuid: '11111111-2222-4333-8444-555555555555' }, Tag: [{ name: 'tlp:green' }],
      Attribute: values.map((v, i) => ({ uuid: attributeUuid(uuid, i), type: v.startsWith('http') ? 'url' : /^\d/.test(v) ? 'ip-dst' : 'domain', category: 'Network activity', value: v, to_ids: true, timestamp: '1793520000' })),
      ...extra,
    },
  };
}

describe('accord import of MISP events and feeds', () => {
  let dir: string;
  let m: Record<'a' | 'b', TestMember>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-misp-'));
    m = await initFederation(dir, ['a', 'b']);
    const members = [m.a.entry, m.b.entry];
    writeFileSync(join(m.a.data, 'accord.json'), JSON.stringify({ members, sharingGroups: [{ id: GROUP_ID, name: 'Ministries CSIRT network', versions: [{ version: 1, members: [m.a.entry.id, m.b.entry.id] }] }] }));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const withStore = async <T>(f: (s: Store) => Promise<T>): Promise<T> => {
    const store = await openStore(`sqlite:${join(m.a.data, 'accord.db')}`);
    try {
      return await f(store);
    } finally {
      await store.close();
    }
  };

  it('imports a feed folder, reports the missing event and what has no mapping, and shares as each event\'s distribution allows', async () => {
    const feed = join(dir, 'feed');
    mkdirSync(feed);
    const everyone = event('aaaaaaaa-0000-4000-8000-000000000001', 'Shared with all communities', 3, ['198.51.100.20', 'evil-all.example']);
    const orgOnly = event('aaaaaaaa-0000-4000-8000-000000000002', 'Organisation only', 0, ['org-only.example']);
    const group = event('aaaaaaaa-0000-4000-8000-000000000003', 'For the ministries group', 4, ['https://group.example/x'], {
      SharingGroup: { name: 'Ministries CSIRT network', uuid: '5a2f1b3c-0d4e-4f5a-8b6c-7d8e9f0a1b2c' },
    });
    (group.Event as { Attribute: unknown[] }).Attribute.push({ uuid: 'bbbbbbbb-0000-4000-8000-000000000009', type: 'btc', category: 'Financial fraud', value: '1BoatSLRHtKNngkdXEeobR76b53LETtpyT', to_ids: true, timestamp: '1793520000' });
    const manifest: Record<string, unknown> = {};
    for (const e of [everyone, orgOnly, group]) {
      const ev = e.Event as { uuid: string; info: string };
      writeFileSync(join(feed, `${ev.uuid}.json`), JSON.stringify(e));
      manifest[ev.uuid] = { info: ev.info, Orgc: { name: 'CERT-Legacy' }, timestamp: '1793520000' };
    }
    manifest['aaaaaaaa-0000-4000-8000-000000000004'] = { info: 'listed, not present', timestamp: '1793520000' };
    writeFileSync(join(feed, 'manifest.json'), JSON.stringify(manifest));
    writeFileSync(join(feed, 'hashes.csv'), '');

    const r = await runAccord(['import', join(feed, 'manifest.json'), '--share', '--data', m.a.data]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/MISP\s+3 events, 5 attributes/);
    expect(r.stdout).toMatch(/rejected\s+1\n/);
    expect(r.stdout).toMatch(/\[misp\.missing-event\] the manifest lists event aaaaaaaa-0000-4000-8000-000000000004/);
    expect(r.stdout).toMatch(/not mapped\s+1 /);
    expect(r.stdout).toMatch(/Attribute\[1\] \(bbbbbbbb-0000-4000-8000-000000000009, btc\): the attribute type "btc" has no STIX 2\.1 mapping/);
    expect(r.stdout).toMatch(/Shared \d+ objects/);
    expect(r.stdout).toMatch(/Not shared \(first \d+ of \d+\):\n.*your organisation only/);

    await withStore(async (store) => {
      const shares = async (eventUuid: string, i = 0): Promise<string[]> => {
        const id = `indicator--${attributeUuid(eventUuid, i)}`;
        expect(await store.objects.versions(id), id).toHaveLength(1);
        return (await store.shares.forObject(id)).map((s) => s.policy);
      };
      const all = await shares('aaaaaaaa-0000-4000-8000-000000000001');
      expect(all).toHaveLength(1);
      expect(all[0]).not.toContain(GROUP_ID);
      expect(await shares('aaaaaaaa-0000-4000-8000-000000000002')).toEqual([]);
      const grouped = await shares('aaaaaaaa-0000-4000-8000-000000000003');
      expect(grouped).toHaveLength(1);
      expect(grouped[0]).toContain(GROUP_ID);
      expect(await store.objects.versions('report--aaaaaaaa-0000-4000-8000-000000000003')).toHaveLength(1);
    });

    const again = await runAccord(['import', feed, '--data', m.a.data]);
    expect(again.stdout).toMatch(/new\s+0\n/);
    expect(again.stdout).toMatch(/rejected\s+1\n/);

    // Back out as a MISP feed: only what was shared with every member, and into another node.
    const out = join(dir, 'feed-out');
    const x = await runAccord(['export', '--format', 'misp', '-o', out, '--data', m.a.data]);
    expect(x.code, x.stderr).toBe(0);
    expect(x.stderr).toMatch(/exported 1 MISP events \(2 attributes\)/);
    const written = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Record<string, { info: string }>;
    expect(Object.keys(written)).toEqual(['aaaaaaaa-0000-4000-8000-000000000001']);
    expect(readFileSync(join(out, 'hashes.csv'), 'utf8').trim().split('\n')).toHaveLength(2);
    const back = await runAccord(['import', out, '--data', m.b.data]);
    expect(back.code, back.stdout + back.stderr).toBe(0);
    expect(back.stdout).toMatch(/MISP\s+1 events, 2 attributes/);
    const red = await runAccord(['export', '--format', 'misp', '-o', out, '--ceiling', 'red', '--data', m.a.data]);
    expect(red.code).toBe(2);
    expect(red.stderr).toMatch(/TLP:RED never leaves for MISP/);
  }, 120_000);

  it('imports a single event file; --format misp refuses what is no MISP document, saying why', async () => {
    const file = join(dir, 'event.json');
    writeFileSync(file, JSON.stringify({ response: [event('aaaaaaaa-0000-4000-8000-000000000005', 'One event', 1, ['single.example'])] }));
    const r = await runAccord(['import', file, '--data', m.a.data]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/MISP\s+1 events, 1 attributes/);
    const bundle = join(dir, 'bundle.json');
    writeFileSync(bundle, JSON.stringify({ type: 'bundle', id: 'bundle--6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b', objects: [] }));
    const bad = await runAccord(['import', bundle, '--format', 'misp', '--data', m.a.data]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bundle\.json: not a MISP event document/);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"Event": {"uuid": ');
    const b = await runAccord(['import', broken, '--data', m.a.data]);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/broken\.json: not valid JSON: .*line 1/);
  }, 60_000);
});
