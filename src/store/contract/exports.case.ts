// Store contract, saved exports (device feeds): kept as given, unique by name, listed by name,
// deleted once — alike on every adapter.
import { expect, it } from 'vitest';
import { isAccordError } from '../../stix/index.js';
import type { SavedExportRecord } from '../exports.port.js';
import type { Store } from '../port.js';

function savedExport(name: string, over: Partial<SavedExportRecord> = {}): SavedExportRecord {
  return {
    name, format: 'suricata', list: null, tlpCeiling: null, includeWarninglisted: false, filter: '{}',
    createdBy: 'cli:admin', createdAt: '2026-11-27T09:00:00.000Z', ...over,
  };
}

export function savedExportsContract(store: () => Store): void {
  it('keeps saved exports as given, lists them by name and refuses a taken name', async () => {
    const s = store();
    const ips = savedExport('perimeter-ips', {
      format: 'blocklist', list: 'ip', tlpCeiling: 'amber', includeWarninglisted: true,
      filter: JSON.stringify({ labels: ['botnet'], kinds: ['ip'], added_after: '2026-01-01T00:00:00.000Z' }),
    });
    const zeek = savedExport('zeek-all', { format: 'zeek' });
    await s.savedExports.create(zeek);
    await s.savedExports.create(ips);
    expect(await s.savedExports.get('perimeter-ips')).toEqual(ips);
    expect(await s.savedExports.get('zeek-all')).toEqual(zeek);
    expect(await s.savedExports.get('nope')).toBeUndefined();
    expect((await s.savedExports.list()).map((e) => e.name)).toEqual(['perimeter-ips', 'zeek-all']);
    await expect(s.savedExports.create(savedExport('zeek-all', { format: 'csv' }))).rejects.toSatisfy((e) => isAccordError(e) && e.code === 'store.export-exists');
    expect((await s.savedExports.get('zeek-all'))?.format).toBe('zeek');
  });

  it('deletes a saved export once', async () => {
    const s = store();
    await s.savedExports.create(savedExport('gone'));
    expect(await s.savedExports.delete('gone')).toBe(true);
    expect(await s.savedExports.delete('gone')).toBe(false);
    expect(await s.savedExports.get('gone')).toBeUndefined();
    await s.savedExports.create(savedExport('gone', { format: 'csv' }));
    expect((await s.savedExports.get('gone'))?.format).toBe('csv');
  });
}
