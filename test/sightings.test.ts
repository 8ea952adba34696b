// Sightings shared back between real nodes (issue 8, item 2): A shares an indicator with every
// member; B runs `accord detect --record` over its own eve.json, which raises an alert and an
// aggregated sighting kept on B alone; B shares the sighting (with its evidence) back with one
// action; A receives it and sees it gathered on its indicator; C, which holds the indicator too,
// never receives B's sighting or its evidence.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tlpMarkingId } from '../src/stix/index.js';
import type { Store } from '../src/store/index.js';
import { initFederation, runAccord, serveFederation, waitUntil, type ServedFederation, type TestMember } from './support/cli.js';

type Name = 'a' | 'b' | 'c';
const NAMES: readonly Name[] = ['a', 'b', 'c'];
const IND = 'indicator--5d2c1b0a-9e8f-4a7b-8c6d-5e4f3a2b1c0d';
const T = '2026-01-01T00:00:00.000Z';

describe('sightings shared back between nodes', () => {
  let dir: string;
  const m = {} as Record<Name, TestMember>;
  let served: ServedFederation<Name> | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-sightings-'));
    Object.assign(m, await initFederation(dir, NAMES));
    const members = NAMES.map((n) => m[n].entry);
    for (const n of NAMES) writeFileSync(join(m[n].data, 'accord.json'), JSON.stringify({ members, syncIntervalSeconds: 1 }));
    served = await serveFederation(m, NAMES);
  }, 120_000);

  afterAll(async () => {
    await served?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const store = (n: Name): Store => (served as ServedFederation<Name>).store(n);
  const accord = async (n: Name, args: readonly string[]): Promise<string> => {
    const r = await runAccord([...args, '--data', m[n].data]);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r.stdout;
  };
  const holds = async (n: Name, id: string): Promise<boolean> => (await store(n).objects.versions(id)).length > 0;

  it('B detects a hit on A\'s indicator, shares the sighting back to A alone, and A sees it gathered on the indicator', async () => {
    const indicator = {
      type: 'indicator', spec_version: '2.1', id: IND, created: T, modified: T, created_by_ref: m.a.entry.id, name: 'C2 domain',
      pattern: "[domain-name:value = 'c2.evil.example']", pattern_type: 'stix', valid_from: T, object_marking_refs: [tlpMarkingId('green')],
    };
    const bundle = join(dir, 'indicator.json');
    writeFileSync(bundle, JSON.stringify({ type: 'bundle', id: 'bundle--1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7081', objects: [indicator] }));
    await accord('a', ['import', bundle]);
    await accord('a', ['share', IND, '--tlp', 'green', '--all']);
    for (const n of ['b', 'c'] as const) await waitUntil(`${n.toUpperCase()} holds the indicator`, () => holds(n, IND));

    // B's own traffic: two hits of the indicator among other events.
    const dns = (s: number, name: string): string => JSON.stringify({ timestamp: `2026-11-27T10:00:0${s}.000000+0000`, event_type: 'dns', src_ip: '10.1.0.5', dest_ip: '10.1.0.53', dns: { rrname: name } });
    const log = join(dir, 'eve.json');
    writeFileSync(log, [dns(1, 'c2.evil.example'), dns(2, 'intranet.example'), dns(3, 'c2.evil.example')].join('\n') + '\n');
    const detect = await runAccord(['detect', log, '--record', '--data', m.b.data]);
    expect(detect.code, detect.stderr).toBe(0);
    expect(detect.stderr).toMatch(/recorded: 1 alert raised, 0 updated/);
    // Reading the same log again counts nothing twice.
    const again = await runAccord(['detect', log, '--record', '--data', m.b.data]);
    expect(again.stderr).toMatch(/recorded: 0 alerts raised, 0 updated/);

    const [alert] = JSON.parse(await accord('b', ['detections', 'list', '--json'])) as { id: string; count: number; indicator: { originator: string }; sighting: { id: string; version: string }; evidence: { observed_data: string }[] }[];
    expect(alert).toMatchObject({ count: 2, indicator: { originator: m.a.entry.id } });
    const sightingId = alert?.sighting.id ?? '';
    const evidence = alert?.evidence.map((e) => e.observed_data) ?? [];
    expect(evidence).toHaveLength(2);
    // Kept on B alone until B shares it.
    await new Promise((r) => setTimeout(r, 2500));
    expect(await holds('a', sightingId)).toBe(false);

    const shared = await accord('b', ['detections', 'share', alert?.id ?? '', '--with-evidence']);
    expect(shared).toMatch(new RegExp(`Shared ${sightingId} .* with ${m.a.entry.id} alone`));
    await waitUntil('A holds B\'s sighting and its evidence', async () => (await holds('a', sightingId)) && (await holds('a', evidence[0] ?? '')));
    const gathered = JSON.parse(await accord('a', ['sightings', 'list', IND, '--json'])) as { sightings: { id: string; count: number; where_sighted: string[] }[]; by_member: unknown[] };
    expect(gathered.sightings).toEqual([expect.objectContaining({ id: sightingId, count: 2, where_sighted: [m.b.entry.id] })]);
    expect(gathered.by_member).toEqual([{ member: m.b.entry.id, type: 'sighting', sightings: 1, count: 2 }]);
    expect(await accord('a', ['sightings', 'list', IND])).toMatch(/sighting 1 \(count 2\)/);
    expect(JSON.parse(await accord('b', ['detections', 'show', alert?.id ?? '', '--json']))).toMatchObject({ sighting: { shared_version: alert?.sighting.version } });

    // C holds the indicator but receives nothing of B's: give sync a few rounds.
    await new Promise((r) => setTimeout(r, 3000));
    for (const id of [sightingId, ...evidence]) expect(await holds('c', id), id).toBe(false);
    expect((JSON.parse(await accord('c', ['sightings', 'list', IND, '--json'])) as { sightings: unknown[] }).sightings).toEqual([]);
  }, 120_000);
});
