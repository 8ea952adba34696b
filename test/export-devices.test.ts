// `accord export` for this member's own devices (issue 7, "Exports for defenders"): only the
// indicators it may feed to devices — shared (here, with itself alone), never TLP:RED — go into
// Zeek, Suricata, Snort, blocklists and CSV; values on warninglists only when forced; what is left
// out is said on standard error.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importShared, initNodeDir, runAccord } from './support/cli.js';

describe('accord export for devices', () => {
  let dir: string;
  let data: string;
  const accord = async (args: readonly string[]): Promise<{ stdout: string; stderr: string }> => {
    const r = await runAccord([...args, '--data', data]);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-export-devices-'));
    data = join(dir, 'node');
    await initNodeDir(data);
    const self = (await accord(['members', 'self', '--node-url', 'https://node.example'])).stdout;
    writeFileSync(join(data, 'accord.json'), JSON.stringify({ members: [JSON.parse(self) as unknown] }));
    // Shared with this member alone: feeding one's own devices needs a share, as any feed does.
    await importShared(data, dir, 'green feed', '198.51.100.7\nevil.example\nhttp://evil.example/x\n192.0.2.0/24\nd41d8cd98f00b204e9800998ecf8427e\n', 'green');
    await importShared(data, dir, 'red feed', '203.0.113.66\n', 'red');
    writeFileSync(join(dir, 'draft.txt'), '203.0.113.99\n');
    await accord(['import', join(dir, 'draft.txt'), '--tlp', 'green', '--feed-name', 'not shared']);
  }, 90_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a Zeek Intel file of the shared, non-RED indicators, and says what it left out', async () => {
    // By default values on warninglists stay out: here the documentation ranges (RFC 5737).
    const listed = await accord(['export', '--format', 'zeek']);
    expect(listed.stdout.trim().split('\n').slice(1).map((l) => l.split('\t')[0]).sort()).toEqual(['d41d8cd98f00b204e9800998ecf8427e', 'evil.example', 'evil.example/x']);
    expect(listed.stderr).toMatch(/2 values on warninglists left out \(--force-warninglisted to include them\)/);
    expect(listed.stderr).toMatch(/on special-ipv4: 198\.51\.100\.7/);
    const r = await accord(['export', '--format', 'zeek', '--force-warninglisted']);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('#fields\tindicator\tindicator_type\tmeta.source\tmeta.desc\tmeta.url');
    expect(lines.slice(1).map((l) => l.split('\t').slice(0, 2).join(' ')).sort()).toEqual([
      '192.0.2.0/24 Intel::SUBNET', '198.51.100.7 Intel::ADDR', 'd41d8cd98f00b204e9800998ecf8427e Intel::FILE_HASH', 'evil.example Intel::DOMAIN', 'evil.example/x Intel::URL',
    ]);
    expect(r.stdout).not.toMatch(/203\.0\.113\.(66|99)/);
    expect(r.stderr).toMatch(/2 indicators not for devices/);
    expect(r.stderr).toMatch(/TLP:RED never goes into device feeds/);
  });

  it('writes blocklists, Suricata and Snort rules, CSV and Suricata datasets, with a TLP ceiling', async () => {
    expect((await accord(['export', '--format', 'blocklist', '--list', 'ip'])).stdout).toBe('');
    expect((await accord(['export', '--format', 'blocklist', '--list', 'ip', '--force-warninglisted'])).stdout).toBe('198.51.100.7\n');
    expect((await accord(['export', '--format', 'suricata', '--force-warninglisted'])).stdout).toMatch(/^alert ip any any <> 198\.51\.100\.7 any \(.*sid:\d+; rev:1;\)$/m);
    expect((await accord(['export', '--format', 'snort', '--force-warninglisted'])).stdout).toMatch(/198\.51\.100\.7/);
    expect((await accord(['export', '--format', 'csv'])).stdout).toMatch(/^value,kind,indicator_id,name,tlp,valid_until\r?\n/);
    const folder = join(dir, 'datasets');
    await accord(['export', '--format', 'suricata-datasets', '--output', folder]);
    expect(readdirSync(folder)).toContain('accord.rules');
    expect(readFileSync(join(folder, 'accord-md5.lst'), 'utf8')).toContain('d41d8cd98f00b204e9800998ecf8427e');
    const clearOnly = await accord(['export', '--format', 'zeek', '--ceiling', 'clear', '--force-warninglisted']);
    expect(clearOnly.stdout.trim().split('\n')).toHaveLength(1);
    expect(clearOnly.stderr).toMatch(/above the export ceiling TLP:CLEAR/);
    const bad = await runAccord(['export', '--format', 'blocklist', '--data', data]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format blocklist needs --list/);
  });
});
