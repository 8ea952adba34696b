import { describe, expect, it } from 'vitest';
import { checkAsset, type AssetInput } from './asset.js';
import { compareVersions, parseCpe } from './cpe.js';
import { readAssetCsv } from './csv.js';
import { formatNetwork, parseNetwork } from './net.js';

const GOOD: AssetInput = {
  name: 'Grid SCADA', sector: 'energy', criticality: 'critical', owner: 'Grid operations', contact: 'soc@grid.example',
  ranges: ['192.0.2.0/24', '2001:DB8::/32', '198.51.100.7'], domains: ['Grid.Example.'], software: ['cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*'],
};

describe('asset validation', () => {
  it('normalises a good asset: networks to their first address, domains to lower case', () => {
    const r = checkAsset({ ...GOOD, ranges: ['192.0.2.77/24', '2001:DB8:0:0::/32', '198.51.100.7'] });
    expect(r).toEqual({ fields: expect.objectContaining({ ranges: ['192.0.2.0/24', '2001:db8::/32', '198.51.100.7/32'], domains: ['grid.example'], notes: null }) as unknown });
  });

  it.each([
    [{ name: '' }, 'name', 'name is required'],
    [{ name: 'x'.repeat(201) }, 'name', 'at most 200'],
    [{ owner: undefined }, 'owner', 'owner is required'],
    [{ contact: 'a\u0007b' }, 'contact', 'control character'],
    [{ sector: 'banking' }, 'sector', 'sector "banking" is not one of agriculture'],
    [{ criticality: 'extreme' }, 'criticality', 'is not one of low, medium, high, critical'],
    [{ ranges: ['192.0.2.0/33'] }, 'ranges[0]', 'is not an IPv4 or IPv6 address or CIDR network'],
    [{ ranges: ['10.0.0.0/8', '300.1.1.1'] }, 'ranges[1]', '"300.1.1.1"'],
    [{ ranges: '10.0.0.0/8' }, 'ranges', 'must be a list'],
    [{ domains: ['bad domain.example'] }, 'domains[0]', 'is not a domain or host name'],
    [{ domains: ['-x.example'] }, 'domains[0]', 'is not a domain'],
    [{ software: ['cpe:/a:apache:http_server:2.4.49'] }, 'software[0]', 'starts with "cpe:2.3:"'],
    [{ software: ['cpe:2.3:a:apache:http_server:2.4.49'] }, 'software[0]', 'has 11 attributes after "cpe:2.3:"'],
    [{ software: ['cpe:2.3:x:apache:http_server:2.4.49:*:*:*:*:*:*:*'] }, 'software[0]', 'CPE part "x"'],
    [{ software: ['cpe:2.3:a:apache:http server:2.4.49:*:*:*:*:*:*:*'] }, 'software[0]', 'CPE attribute product "http server"'],
    [{ software: ['cpe:2.3:a:ap*che:http_server:2.4.49:*:*:*:*:*:*:*'] }, 'software[0]', 'CPE attribute vendor'],
  ] as const)('refuses %j, naming %s', (over, field, message) => {
    const r = checkAsset({ ...GOOD, ...over });
    expect('problems' in r && r.problems).toEqual(expect.arrayContaining([expect.objectContaining({ field, message: expect.stringContaining(message) as unknown })]));
  });

  it('reports every bad field at once', () => {
    const r = checkAsset({ name: 'x', sector: 'nope', criticality: 'nope' });
    expect('problems' in r && r.problems.map((p) => p.field)).toEqual(['sector', 'criticality', 'owner', 'contact']);
  });
});

describe('CPE 2.3 formatted strings (NISTIR 7695 §6.2)', () => {
  it.each([
    'cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*',
    'cpe:2.3:o:microsoft:windows_10:1607:*:*:*:*:*:x64:*',
    'cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*',
    'cpe:2.3:a:foo\\:bar:big\\$money:2010:*:*:*:special:ipod_touch:80gb:*',
    'cpe:2.3:a:vendor:product:1.0*:*:*:*:*:*:*:*',
    'cpe:2.3:a:vendor:product:??:*:*:*:*:*:*:*',
    'cpe:2.3:A:Apache:HTTP_Server:2.4.49:*:*:*:*:*:*:*',
  ])('accepts %s', (name) => expect(parseCpe(name)).not.toHaveProperty('problem'));

  it.each([
    ['cpe:2.3:a:vendor:pro*duct:1:*:*:*:*:*:*:*', 'product'],
    ['cpe:2.3:a:vendor:product:1.0!:*:*:*:*:*:*:*', 'version'],
    ['cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*:*:*', '12'],
    ['cpe:2.3:a:vendor:product:1\\', 'attributes'],
  ])('refuses %s (%s)', (name, what) => expect(parseCpe(name)).toEqual({ problem: expect.stringContaining(what) as unknown }));

  it('keeps an escaped colon inside its attribute', () => {
    expect(parseCpe('cpe:2.3:a:foo\\:bar:big\\$money:2010:*:*:*:*:*:*:*')).toMatchObject({ vendor: 'foo\\:bar', product: 'big\\$money', version: '2010' });
  });

  it.each([
    ['2.4.9', '2.4.49', -1], ['2.4.49', '2.4.49', 0], ['2.4.50', '2.4.49', 1], ['1.0', '1.0rc1', 1], ['1.0', '1.0.1', -1], ['10.0', '9.9', 1], ['1.1.1k', '1.1.1j', 1],
  ] as const)('orders version %s against %s: %d', (a, b, sign) => expect(Math.sign(compareVersions(a, b))).toBe(sign));
});

describe('networks', () => {
  it.each([
    ['10.1.2.3/8', '10.0.0.0/8'], ['2001:db8:0:0:0:0:0:1/64', '2001:db8::/64'], ['::ffff:192.0.2.1', '::ffff:c000:201/128'], ['fe80::1:0:0:1/128', 'fe80::1:0:0:1/128'],
  ])('writes %s as %s', (text, canonical) => expect(formatNetwork(parseNetwork(text) ?? { family: 4, base: 0n, prefix: 0 })).toBe(canonical));
});

const HEADER = 'name,sector,criticality,owner,contact,ranges,domains,software';

describe('asset CSV import', () => {
  it('reads rows with ;-separated lists, quoted fields and an optional notes column', () => {
    const csv = `${HEADER},notes\r\nGrid,energy,critical,Grid ops,soc@grid.example,192.0.2.0/24; 2001:db8::/32,grid.example;scada.grid.example,cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*,"line one\nline two"\nBank,financial-services,high,"Payments, core",+1 555 0100,,bank.example,,\n`;
    const r = readAssetCsv(csv);
    expect(r.problems).toEqual([]);
    expect(r.rows.map((x) => [x.line, x.fields.name, x.fields.ranges, x.fields.domains, x.fields.notes])).toEqual([
      [2, 'Grid', ['192.0.2.0/24', '2001:db8::/32'], ['grid.example', 'scada.grid.example'], 'line one\nline two'],
      [4, 'Bank', [], ['bank.example'], null],
    ]);
  });

  it('reports every bad row with its line and field', () => {
    const csv = [HEADER, 'A,energy,high,o,c,10.0.0.0/8,,', 'B,banking,high,o,c,,,', 'C,energy,high,o,c,10.0.0.0/33;10.1.0.0/16,,', 'A,energy,low,o,c,,,', 'D,energy,high,o', ''].join('\n');
    const r = readAssetCsv(csv);
    expect(r.rows.map((x) => x.fields.name)).toEqual(['A']);
    expect(r.problems.map((p) => [p.line, p.problems.map((q) => q.field)])).toEqual([[3, ['sector']], [4, ['ranges[0]']], [5, ['name']], [6, ['row']]]);
    expect(r.problems[2]?.problems[0]?.message).toContain('line 2');
  });

  it.each([
    ['', 'the file is empty'],
    ['name,sector,criticality,owner,contact,ranges,domains', 'missing software'],
    [`${HEADER},colour`, 'unknown colour'],
    [`${HEADER},name`, 'repeated name'],
    [`${HEADER}\n"open`, 'quoted field is not closed'],
  ])('refuses a bad file %j', (csv, message) => {
    expect(() => readAssetCsv(csv)).toThrow(expect.objectContaining({ message: expect.stringContaining(message) as unknown }) as Error);
  });
});
