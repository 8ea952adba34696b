// `accord detections` and `accord sightings` on one node: alerts recorded by `accord detect --record`
// are acknowledged and marked false positives (filing a false-positive sighting), sightings and
// expiries are reported, everything is gathered on the indicator, and bad input gets exit 2 (usage)
// or 1 (a refused item) with a message naming what is wrong.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initNodeDir, runAccord } from './support/cli.js';

const IND = 'indicator--00000000-0000-4000-8000-000000000001';
const ORIGINATOR = 'identity--2d1c0b9a-8f7e-4d6c-9b5a-493827161504';
const T = '2026-01-01T00:00:00.000Z';

describe('accord detections and accord sightings', () => {
  let dir: string;
  let data: string;
  const accord = (args: readonly string[]) => runAccord([...args, '--data', data]);
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-detections-cli-'));
    data = join(dir, 'node');
    await initNodeDir(data);
    const bundle = join(dir, 'indicator.json');
    writeFileSync(bundle, JSON.stringify({ type: 'bundle', id: 'bundle--1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7081', objects: [
      { type: 'indicator', spec_version: '2.1', id: IND, created: T, modified: T, created_by_ref: ORIGINATOR, name: 'scanner', pattern: "[ipv4-addr:value = '198.51.100.7']", pattern_type: 'stix', valid_from: T },
    ] }));
    expect((await accord(['import', bundle])).code).toBe(0);
    const log = join(dir, 'eve.json');
    writeFileSync(log, `${JSON.stringify({ timestamp: '2026-11-27T10:00:00.000000+0000', event_type: 'flow', src_ip: '198.51.100.7', dest_ip: '10.0.0.1', proto: 'TCP' })}\n`);
    const r = await accord(['detect', log, '--record']);
    expect(r.stderr).toMatch(/recorded: 1 alert raised/);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('acknowledges an alert, marks it a false positive with a false-positive sighting, and gathers the sightings', async () => {
    const list = await accord(['detections', 'list']);
    expect(list.stdout).toMatch(/^detection--\S+ {2}new {2}1 hit 2026-11-27T10:00:00.000Z … 2026-11-27T10:00:00.000Z {2}scanner$/m);
    const id = /^(detection--\S+)/.exec(list.stdout)?.[1] ?? '';
    const shown = await accord(['detections', 'show', id]);
    expect(shown.stdout).toMatch(/eve\.json:1 flow: ipv4-addr:value = "198\.51\.100\.7" is a value of the indicator's pattern/);
    expect(shown.stdout).toMatch(/not shared/);
    expect((await accord(['detections', 'ack', id, '--note', 'looking'])).code).toBe(0);
    const fp = await accord(['detections', 'false-positive', id, '--note', 'our own scanner']);
    expect(fp.code, fp.stderr).toBe(0);
    expect(fp.stdout).toMatch(/acknowledged → false-positive \(our own scanner\)/);
    expect(fp.stdout).toMatch(/False-positive sighting sighting--\S+ filed \(local/);
    const again = await accord(['detections', 'false-positive', id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is false-positive already/);

    const expiry = await accord(['sightings', 'report', IND, '--type', 'expiry', '--note', 'sinkholed']);
    expect(expiry.stdout).toMatch(/^Filed expiry sighting--\S+ of indicator--/);
    const g = JSON.parse((await accord(['sightings', 'list', IND, '--json'])).stdout) as { by_type: Record<string, { sightings: number }> };
    expect(g.by_type).toEqual({ sighting: { sightings: 1, count: 1 }, 'false-positive': { sightings: 1, count: 1 }, expiry: { sightings: 1, count: 1 } });
    const audit = await accord(['audit', 'export']);
    for (const action of ['detection.raised', 'detection.state-changed', 'sighting.reported']) expect(audit.stdout).toContain(action);
  }, 60_000);

  it('answers bad input with what is wrong', async () => {
    const usage = await accord(['sightings', 'report', IND, '--type', 'seen']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--type is one of sighting, false-positive, expiry/);
    expect((await accord(['detections', 'frob'])).code).toBe(2);
    const missing = await accord(['detections', 'show', 'detection--none']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/there is no detection alert "detection--none"/);
    // The indicator's originator is not a member here: the policy refuses, and nothing is shared.
    const [id] = /detection--\S+/.exec((await accord(['detections', 'list'])).stdout) ?? [];
    const refused = await accord(['detections', 'share', id ?? '']);
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
  }, 60_000);
});
