// The live index on a real SQLite store: indicators arrive, get new versions, are revoked, change
// pattern type, expire and come into force later; each change reaches the index without a rebuild.
// Started from a snapshot: a restart takes the compiled index from the file and reads only what
// was stored since — a revocation, a new indicator, an expiry and a valid_from that fell due while
// it was stopped all show; a snapshot that does not belong to this store's current state is
// refused and the index built from the store.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { putObjects, tempSqliteStore, type TempStore } from '../../test/support/store.js';
import type { Detection } from './detector.js';
import type { LogEvent } from './event.js';
import { LiveDetector, type RestoreOutcome } from './live.js';

const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const at = (ms: number): string => new Date(T0 + ms).toISOString();
const id = (n: number): string => `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const indicator = (n: number, pattern: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'indicator', spec_version: '2.1', id: id(n), created: at(-60_000), modified: at(-60_000),
  name: `indicator ${n}`, pattern, pattern_type: 'stix', valid_from: at(-60_000), ...extra,
});
const ip = (value: string): LogEvent => ({ type: 'flow', time: undefined, values: new Map([['ipv4-addr:value', [value]]]) });

describe('LiveDetector', () => {
  let t: TempStore;
  let clock: number;
  let live: LiveDetector;
  let delivered: Detection[];
  const matched = (value: string): string[] => live.match(ip(value), '00000000-0000-4000-8000-000000000001').map((h) => h.indicator).sort();

  beforeEach(async () => {
    t = await tempSqliteStore();
    clock = T0;
    delivered = [];
    live = new LiveDetector(t.store, { now: () => clock, sink: (d) => Promise.resolve(void delivered.push(...d)) });
  });
  afterEach(() => t.dispose());

  it('loads what is active and leaves out what is revoked, not stix, expired or invalid', async () => {
    await putObjects(t.store, [
      indicator(1, "[ipv4-addr:value = '198.51.100.1']"),
      indicator(2, "[ipv4-addr:value = '198.51.100.2']", { revoked: true }),
      indicator(3, 'alert tcp any any -> 198.51.100.3 any (sid:1;)', { pattern_type: 'snort' }),
      indicator(4, "[ipv4-addr:value = '198.51.100.4']", { valid_until: at(-1) }),
      indicator(5, "[ipv4-addr:value = 'not an address' AND ]"),
      indicator(6, "[ipv4-addr:value ISSUBSET '198.51.100.0/24']", { valid_from: at(60_000) }),
    ]);
    expect(await live.refresh()).toEqual({ read: 6, added: 1, removed: 0, replaced: 0 });
    expect(matched('198.51.100.1')).toEqual([id(1)]);
    expect(matched('198.51.100.2')).toEqual([]);
    expect(matched('198.51.100.4')).toEqual([]);
    expect(live.counts).toMatchObject({ indicators: 1, waiting: 1, refused: 1 });
    expect(live.nameOf(id(1))).toBe('indicator 1');
  });

  it('follows new versions, revocations and a change of pattern type, one indicator at a time', async () => {
    await putObjects(t.store, [indicator(1, "[ipv4-addr:value = '198.51.100.1']"), indicator(2, "[ipv4-addr:value = '198.51.100.2']")]);
    await live.refresh();
    expect(await live.refresh()).toEqual({ read: 0, added: 0, removed: 0, replaced: 0 });

    await putObjects(t.store, [indicator(1, "[ipv4-addr:value = '192.0.2.9']", { modified: at(-30_000) })]);
    expect(await live.refresh()).toEqual({ read: 1, added: 0, removed: 0, replaced: 1 });
    expect(matched('198.51.100.1')).toEqual([]);
    expect(matched('192.0.2.9')).toEqual([id(1)]);

    // An older version stored late is not the latest: it changes nothing.
    await putObjects(t.store, [indicator(1, "[ipv4-addr:value = '198.51.100.1']", { modified: at(-45_000) })]);
    expect(await live.refresh()).toMatchObject({ added: 0, removed: 0, replaced: 0 });
    expect(matched('192.0.2.9')).toEqual([id(1)]);

    await putObjects(t.store, [indicator(1, "[ipv4-addr:value = '192.0.2.9']", { modified: at(-20_000), revoked: true })]);
    await putObjects(t.store, [indicator(2, 'alert ip 198.51.100.2 any -> any any (sid:2;)', { modified: at(-20_000), pattern_type: 'snort' })]);
    expect(await live.refresh()).toEqual({ read: 2, added: 0, removed: 2, replaced: 0 });
    expect(matched('192.0.2.9')).toEqual([]);
    expect(matched('198.51.100.2')).toEqual([]);
    expect(live.counts.indicators).toBe(0);
  });

  it('takes an indicator out when its valid_until comes and puts one in when its valid_from comes', async () => {
    await putObjects(t.store, [
      indicator(1, "[ipv4-addr:value = '198.51.100.1']", { valid_until: at(1_000) }),
      indicator(2, "[ipv4-addr:value ISSUBSET '198.51.100.0/24']", { valid_from: at(2_000), valid_until: at(3_000) }),
    ]);
    await live.refresh();
    expect(matched('198.51.100.1')).toEqual([id(1)]);
    clock = T0 + 1_000;
    expect(await live.refresh()).toEqual({ read: 0, added: 0, removed: 1, replaced: 0 });
    expect(matched('198.51.100.1')).toEqual([]);
    clock = T0 + 2_000;
    expect(await live.refresh()).toEqual({ read: 0, added: 1, removed: 0, replaced: 0 });
    expect(matched('198.51.100.1')).toEqual([id(2)]);
    clock = T0 + 5_000;
    expect(await live.refresh()).toEqual({ read: 0, added: 0, removed: 1, replaced: 0 });
    expect(live.counts).toMatchObject({ indicators: 0, waiting: 0 });
  });

  it('ignores the due times of a version that a newer one replaced', async () => {
    await putObjects(t.store, [indicator(1, "[ipv4-addr:value = '198.51.100.1']", { valid_until: at(1_000) })]);
    await live.refresh();
    await putObjects(t.store, [indicator(1, "[ipv4-addr:value = '198.51.100.1']", { modified: at(-1), valid_until: at(10_000) })]);
    await live.refresh();
    clock = T0 + 5_000;
    await live.refresh();
    expect(matched('198.51.100.1')).toEqual([id(1)]);
  });

  it('tells of each indicator that enters after the first load (where retro-hunt starts), not of those the load brings', async () => {
    const activated: string[] = [];
    await putObjects(t.store, [indicator(1, "[ipv4-addr:value = '198.51.100.1']")]);
    const told = new LiveDetector(t.store, { now: () => clock, onActivated: (indicatorId) => void activated.push(indicatorId) });
    await told.refresh();
    expect(activated).toEqual([]);
    await putObjects(t.store, [indicator(2, "[ipv4-addr:value = '198.51.100.2']"), indicator(3, "[ipv4-addr:value = '198.51.100.3']", { valid_from: at(60_000) })]);
    await told.refresh();
    expect(activated).toEqual([id(2)]);
    clock = T0 + 60_000;
    await told.refresh();
    expect(activated).toEqual([id(2), id(3)]);
  });

  it('hands matches to its sink', async () => {
    await putObjects(t.store, [indicator(1, "[ipv4-addr:value = '198.51.100.1']")]);
    await live.refresh();
    const event = ip('198.51.100.1');
    const [hit] = live.match(event, '00000000-0000-4000-8000-000000000001');
    await live.deliver(hit === undefined ? [] : [{ hit, event, source: 'test' }]);
    expect(delivered.map((d) => d.hit.indicator)).toEqual([id(1)]);
  });
});

describe('LiveDetector from a snapshot', () => {
  let t: TempStore;
  let clock: number;
  let file: string;
  const outcomes: RestoreOutcome[] = [];
  const restart = (identity = 'store one'): LiveDetector => new LiveDetector(t.store, {
    now: () => clock,
    snapshot: { file, storeIdentity: () => Promise.resolve(identity), onRestore: (o) => void outcomes.push(o) },
  });
  /** Why the last snapshot offered was refused ('' when it was not). */
  const refusal = (): string => {
    const o = outcomes.at(-1);
    return o !== undefined && 'refused' in o ? o.refused : '';
  };
  const matched = (live: LiveDetector, value: string): string[] => live.match(ip(value), '00000000-0000-4000-8000-000000000001').map((h) => h.indicator).sort();

  beforeEach(async () => {
    t = await tempSqliteStore();
    clock = T0;
    file = join(t.dir, 'detect-index.snapshot');
    outcomes.length = 0;
  });
  afterEach(() => t.dispose());

  it('restarts from the snapshot and still sees what changed while it was stopped', async () => {
    await putObjects(t.store, [
      indicator(1, "[ipv4-addr:value = '198.51.100.1']"),
      indicator(2, "[ipv4-addr:value ISSUBSET '198.51.100.0/24']", { valid_until: at(10_000) }),
      indicator(4, "[ipv4-addr:value = '198.51.100.4']", { valid_from: at(20_000) }),
      indicator(5, "[ipv4-addr:value = 'not an address' AND ]"),
    ]);
    const first = restart();
    await first.loaded();
    expect(outcomes).toEqual([{ absent: true }]);
    expect(matched(first, '198.51.100.1')).toEqual([id(1), id(2)]);
    await first.save(file, 'store one');

    // While it is stopped: 1 is revoked, 3 arrives, 2's valid_until and 4's valid_from come.
    await putObjects(t.store, [indicator(1, "[ipv4-addr:value = '198.51.100.1']", { modified: at(-30_000), revoked: true }), indicator(3, "[ipv4-addr:value = '192.0.2.3']")]);
    clock = T0 + 30_000;

    const second = restart();
    expect(await second.refresh()).toEqual({ read: 2, added: 2, removed: 2, replaced: 0 });
    expect(outcomes[1]).toMatchObject({ restored: { store: 'store one', indicators: 2 } });
    expect(matched(second, '198.51.100.1')).toEqual([]);
    expect(matched(second, '192.0.2.3')).toEqual([id(3)]);
    expect(matched(second, '198.51.100.4')).toEqual([id(4)]);
    expect(second.counts).toMatchObject({ indicators: 2, waiting: 0, refused: 1 });
    expect(second.nameOf(id(3))).toBe('indicator 3');
    expect(second.nameOf(id(4))).toBe('indicator 4');

    // The same state as an index built from the store now.
    const built = new LiveDetector(t.store, { now: () => clock });
    await built.refresh();
    for (const v of ['198.51.100.1', '198.51.100.4', '192.0.2.3', '198.51.100.77']) expect(matched(second, v)).toEqual(matched(built, v));
    expect(second.counts).toEqual(built.counts);
  });

  it('keeps following the store after a restart, and a snapshot of a snapshot loads too', async () => {
    await putObjects(t.store, [indicator(1, "[ipv4-addr:value = '198.51.100.1']")]);
    const first = restart();
    await first.refresh();
    await first.save(file, 'store one');
    const second = restart();
    await second.refresh();
    await putObjects(t.store, [indicator(1, "[ipv4-addr:value = '198.51.100.9']", { modified: at(-1) })]);
    expect(await second.refresh()).toEqual({ read: 1, added: 0, removed: 0, replaced: 1 });
    expect(second.generation).toBe(1);
    await second.save(file, 'store one');
    const third = restart();
    await third.refresh();
    expect(outcomes.map((o) => Object.keys(o)[0])).toEqual(['absent', 'restored', 'restored']);
    expect(matched(third, '198.51.100.9')).toEqual([id(1)]);
    expect(matched(third, '198.51.100.1')).toEqual([]);
  });

  it('refuses a snapshot of another store, a corrupt one, or one ahead of a store restored from an older backup, and builds from the store', async () => {
    await putObjects(t.store, [indicator(1, "[ipv4-addr:value = '198.51.100.1']")]);
    const first = restart();
    await first.refresh();
    await first.save(file, 'store one');

    const other = restart('store two');
    await other.refresh();
    expect(refusal()).toMatch(/another store/);
    expect(matched(other, '198.51.100.1')).toEqual([id(1)]);

    // The same store identity, but the store went back: a fresh store has neither the clock nor the version the snapshot saw.
    const backup = await tempSqliteStore();
    try {
      const behind = new LiveDetector(backup.store, { now: () => clock, snapshot: { file, storeIdentity: () => Promise.resolve('store one'), onRestore: (o) => void outcomes.push(o) } });
      await behind.refresh();
      expect(refusal()).toMatch(/replaced or restored/);
      expect(behind.counts.indicators).toBe(0);
      // Its clock moved past the snapshot's, but the version the snapshot saw last is not there.
      await putObjects(backup.store, [indicator(7, "[ipv4-addr:value = '198.51.100.7']")]);
      const later = new LiveDetector(backup.store, { now: () => clock, snapshot: { file, storeIdentity: () => Promise.resolve('store one'), onRestore: (o) => void outcomes.push(o) } });
      await later.refresh();
      expect(refusal()).toMatch(/no longer holds/);
      expect(matched(later, '198.51.100.1')).toEqual([]);
      expect(matched(later, '198.51.100.7')).toEqual([id(7)]);
    } finally {
      await backup.dispose();
    }

    writeFileSync(file, 'ACCDXSNP and then nothing of use');
    const corrupt = restart();
    await corrupt.refresh();
    expect(refusal()).toMatch(/truncated|checksum/);
    expect(matched(corrupt, '198.51.100.1')).toEqual([id(1)]);
  });

  it('takes out, once reconciled, what was removed from the store without a new version while it was stopped', async () => {
    await putObjects(t.store, [
      indicator(1, "[ipv4-addr:value = '198.51.100.1']"),
      indicator(2, "[ipv4-addr:value = '198.51.100.2']"),
      indicator(2, "[ipv4-addr:value = '198.51.100.22']", { modified: at(-30_000) }),
      indicator(3, "[ipv4-addr:value = '198.51.100.3']"),
    ]);
    const first = restart();
    await first.refresh();
    expect(await first.reconcile()).toBe(0); // not restored: nothing to check
    await first.save(file, 'store one');
    // Stopped: 1 deleted (TAXII DELETE, a purge), 2's latest version deleted (its first one is the latest again).
    expect(await t.store.objects.remove({ ids: [id(1)] })).toBe(1);
    expect(await t.store.objects.remove({ ids: [id(2)], versions: 'last' })).toBe(1);

    const second = restart();
    await second.refresh();
    expect(outcomes.at(-1)).toHaveProperty('restored');
    expect(matched(second, '198.51.100.1')).toEqual([id(1)]); // the cursor cannot show a removal…
    expect(await second.reconcile()).toBe(2); // …the reconciling pass does
    expect(matched(second, '198.51.100.1')).toEqual([]);
    expect(matched(second, '198.51.100.22')).toEqual([]);
    expect(matched(second, '198.51.100.2')).toEqual([id(2)]);
    expect(matched(second, '198.51.100.3')).toEqual([id(3)]);
    expect(second.generation).toBe(1);
    expect(await second.reconcile()).toBe(0);
  });
});
