// Store contract, the critical information infrastructure registry: assets kept with their lists
// in order, unique by name, replaced and removed whole; alerts raised once per (asset, object,
// version), listed newest first, and moved between states only from the state they are in.
import { expect, it } from 'vitest';
import { isAccordError } from '../../stix/index.js';
import type { AlertRecord, AssetRecord } from '../assets.port.js';
import type { Store } from '../port.js';

function asset(id: string, name: string, over: Partial<AssetRecord> = {}): AssetRecord {
  return {
    id, name, sector: 'energy', criticality: 'high', owner: 'Grid operations', contact: 'soc@grid.example', notes: null,
    ranges: ['192.0.2.0/24', '2001:db8::/32'], domains: ['grid.example', 'scada.grid.example'], software: ['cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*'],
    createdBy: 'cli:admin', createdAt: '2026-11-27T09:00:00.000Z', updatedAt: '2026-11-27T09:00:00.000Z', ...over,
  };
}

function alert(id: string, over: Partial<AlertRecord> = {}): AlertRecord {
  return {
    id, assetId: 'asset--1', assetName: 'grid', objectId: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', objectType: 'indicator',
    objectVersion: '2026-11-27T08:00:00.000Z', creator: 'identity--0f5a0c3e-6b1e-4d5b-9f0a-2c3d4e5f6a7b', sharers: ['identity--0f5a0c3e-6b1e-4d5b-9f0a-2c3d4e5f6a7b'],
    evidence: '{"matches":[]}', state: 'new', createdAt: '2026-11-27T10:00:00.000Z', changes: [], ...over,
  };
}

export function assetsContract(store: () => Store): void {
  it('keeps assets with their ranges, domains and software in order, unique by name', async () => {
    const s = store();
    const grid = asset('asset--1', 'grid');
    const bank = asset('asset--2', 'bank', { sector: 'financial-services', criticality: 'critical', notes: 'core banking', ranges: [], domains: ['bank.example'], software: [] });
    await s.assets.create([grid, bank]);
    expect(await s.assets.get('asset--1')).toEqual(grid);
    expect(await s.assets.get('asset--none')).toBeUndefined();
    expect((await s.assets.list()).map((a) => a.name)).toEqual(['bank', 'grid']);
    expect((await s.assets.list())[0]).toEqual(bank);
    // All or none: a taken name refuses the whole batch.
    await expect(s.assets.create([asset('asset--4', 'four'), asset('asset--3', 'grid')])).rejects.toSatisfy((e) => isAccordError(e) && e.code === 'store.asset-exists');
    expect(await s.assets.get('asset--3')).toBeUndefined();
    expect(await s.assets.get('asset--4')).toBeUndefined();
  });

  it('replaces an asset and its lists whole, and removes it with them', async () => {
    const s = store();
    await s.assets.create([asset('asset--1', 'grid'), asset('asset--2', 'bank')]);
    const changed = asset('asset--1', 'grid-north', { ranges: ['198.51.100.0/24'], domains: [], software: ['cpe:2.3:o:linux:linux_kernel:5.10:*:*:*:*:*:*:*', 'cpe:2.3:a:openbsd:openssh:9.1:*:*:*:*:*:*:*'], updatedAt: '2026-11-27T11:00:00.000Z' });
    expect(await s.assets.replace(changed)).toBe(true);
    expect(await s.assets.get('asset--1')).toEqual(changed);
    expect(await s.assets.replace(asset('asset--9', 'nine'))).toBe(false);
    await expect(s.assets.replace({ ...changed, name: 'bank' })).rejects.toSatisfy((e) => isAccordError(e) && e.code === 'store.asset-exists');
    expect(await s.assets.get('asset--1')).toEqual(changed);
    expect(await s.assets.remove('asset--1')).toBe(true);
    expect(await s.assets.remove('asset--1')).toBe(false);
    expect(await s.assets.get('asset--1')).toBeUndefined();
    // A new asset under the old id starts with empty lists of its own.
    await s.assets.create([asset('asset--1', 'grid', { ranges: [], domains: [], software: [] })]);
    expect((await s.assets.get('asset--1'))?.ranges).toEqual([]);
  });

  it('raises an alert once per asset and object version, lists alerts newest first and by state', async () => {
    const s = store();
    const first = alert('alert--1');
    expect(await s.alerts.raise([first, alert('alert--2', { objectVersion: '2026-11-27T09:00:00.000Z', createdAt: '2026-11-27T10:00:01.000Z' })])).toEqual(['alert--1', 'alert--2']);
    expect(await s.alerts.raise([alert('alert--3'), alert('alert--4', { assetId: 'asset--2', createdAt: '2026-11-27T10:00:02.000Z' })])).toEqual(['alert--4']);
    expect(await s.alerts.get('alert--1')).toEqual(first);
    expect(await s.alerts.get('alert--3')).toBeUndefined();
    expect((await s.alerts.list({})).map((a) => a.id)).toEqual(['alert--4', 'alert--2', 'alert--1']);
    expect((await s.alerts.list({ assetId: 'asset--1', limit: 1 })).map((a) => a.id)).toEqual(['alert--2']);
    expect(await s.alerts.raise([])).toEqual([]);
  });

  it('moves an alert between states only from the state it is in, and keeps every change', async () => {
    const s = store();
    await s.alerts.raise([alert('alert--1'), alert('alert--2', { objectVersion: 'v2' })]);
    const ack = { at: '2026-11-27T10:05:00.000Z', actor: 'user:ana', from: 'new', to: 'acknowledged', note: null } as const;
    expect(await s.alerts.transition('alert--1', ack)).toBe(true);
    expect(await s.alerts.transition('alert--1', ack)).toBe(false);
    expect(await s.alerts.transition('alert--none', ack)).toBe(false);
    const fp = { at: '2026-11-27T10:06:00.000Z', actor: 'user:bo', from: 'acknowledged', to: 'false-positive', note: 'our own scanner' } as const;
    expect(await s.alerts.transition('alert--1', fp)).toBe(true);
    const got = await s.alerts.get('alert--1');
    expect(got?.state).toBe('false-positive');
    expect(got?.changes).toEqual([ack, fp]);
    expect((await s.alerts.list({ state: 'false-positive' })).map((a) => a.id)).toEqual(['alert--1']);
    expect((await s.alerts.list({ state: 'new' })).map((a) => a.id)).toEqual(['alert--2']);
  });
}
