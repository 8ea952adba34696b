// The registry's watch on a real store: each kind of intelligence that can touch an asset raises
// its alert, with the evidence; unrelated intelligence raises none; nothing is alerted twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIndicator, buildIpv4, buildObservedData, buildRelationship, buildReport, MEMBER_IDENTITY, nextVersion } from '../../test/support/factories.js';
import { openStore, prepareObject, type AlertRecord, type Store } from '../store/index.js';
import type { Match } from './watch.js';
import { AlertBook, AssetRegistry, type AssetAudit } from './registry.js';

type Obj = Record<string, unknown>;

const GRID = {
  name: 'grid', sector: 'energy', criticality: 'critical', owner: 'Grid operations', contact: 'soc@grid.example',
  ranges: ['192.0.2.0/24', '2001:db8:100::/48'], domains: ['grid.example'],
  software: ['cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*', 'cpe:2.3:a:openbsd:openssh:9.1:*:*:*:*:*:*:*'],
};

const created = '2026-11-01T10:00:00.000Z';
const indicator = (pattern: string): Obj => buildIndicator({ pattern });
const vulnerability = (over: Obj): Obj => ({
  type: 'vulnerability', spec_version: '2.1', id: `vulnerability--${crypto.randomUUID()}`, created, modified: created, created_by_ref: MEMBER_IDENTITY, name: 'CVE-2021-41773',
  external_references: [{ source_name: 'cve', external_id: 'CVE-2021-41773' }], ...over,
});

describe('the critical infrastructure watch', () => {
  let dir: string;
  let store: Store;
  let audited: { action: string; target?: string }[];
  let registry: AssetRegistry;
  const audit: AssetAudit = { record: (e) => Promise.resolve(audited.push(e)) };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-assets-'));
    store = await openStore(join(dir, 'accord.db'));
    audited = [];
    registry = new AssetRegistry(store, audit);
    await registry.add(GRID, 'user:ana');
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function put(...objects: Obj[]): Promise<void> {
    const out = await store.objects.put(objects.map((o) => prepareObject(o)));
    expect(out.every((o) => o.status === 'new' || o.status === 'new-version')).toBe(true);
  }

  async function alertsFor(...objects: Obj[]): Promise<readonly AlertRecord[]> {
    await put(...objects);
    return (await registry.watch.runNew()).alerts;
  }

  const matches = (a: AlertRecord | undefined): Match[] => (JSON.parse(a?.evidence ?? '{}') as { matches: Match[] }).matches;

  it.each([
    ["[ipv4-addr:value = '192.0.2.7']", 'address 192.0.2.7 is inside 192.0.2.0/24'],
    ["[ipv4-addr:value ISSUBSET '192.0.0.0/16']", 'network 192.0.0.0/16 overlaps 192.0.2.0/24'],
    ["[ipv4-addr:value IN ('203.0.113.1', '192.0.2.128/25')]", 'network 192.0.2.128/25 overlaps 192.0.2.0/24'],
    ["[ipv6-addr:value = '2001:db8:100::5']", 'address 2001:db8:100::5 is inside 2001:db8:100::/48'],
    ["[network-traffic:dst_ref.value = '192.0.2.9' AND network-traffic:dst_port = 502]", 'address 192.0.2.9 is inside 192.0.2.0/24'],
    ["[domain-name:value = 'grid.example']", 'domain grid.example is grid.example'],
    ["[domain-name:value = 'scada.ops.grid.example'] OR [file:name = 'x.exe']", 'domain scada.ops.grid.example is a sub-domain of grid.example'],
    ["[url:value = 'https://portal.grid.example/login?x=1']", "the URL's host portal.grid.example is a sub-domain of grid.example"],
    ["[url:value = 'http://192.0.2.33:8080/']", "the URL's host 192.0.2.33 is inside 192.0.2.0/24"],
    ["[email-addr:value = 'ceo@grid.example']", "the e-mail address's domain grid.example is grid.example"],
    ["[domain-name:value LIKE '%.grid.example']", 'the pattern names sub-domains of grid.example'],
    ["[domain-name:value LIKE '%.example']", 'the pattern names every sub-domain of example, among them grid.example'],
  ])('an indicator %s raises an alert: %s', async (pattern, why) => {
    const ind = indicator(pattern);
    const [a, ...more] = await alertsFor(ind);
    expect(more).toEqual([]);
    expect(a).toMatchObject({ assetName: 'grid', objectId: ind.id, objectType: 'indicator', objectVersion: ind.modified, creator: MEMBER_IDENTITY, state: 'new' });
    expect(matches(a).map((m) => m.why)).toContain(why);
    expect(audited.filter((e) => e.action === 'alert.raised').map((e) => e.target)).toEqual([a?.id]);
  });

  it.each([
    "[ipv4-addr:value = '192.0.3.7']",
    "[ipv4-addr:value ISSUBSET '10.0.0.0/8']",
    "[domain-name:value = 'evilgrid.example']",
    "[domain-name:value = 'grid.example.evil']",
    "[url:value = 'https://evil.example/grid.example']",
    "[ipv4-addr:value != '192.0.2.7']",
    "[ipv4-addr:value NOT = '192.0.2.7']",
    "[file:name = '192.0.2.7']",
    "[domain-name:value LIKE '%.example.org']",
  ])('unrelated intelligence raises nothing: %s', async (pattern) => {
    expect(await alertsFor(indicator(pattern))).toEqual([]);
  });

  it('names who shared the version: the sharers of its valid share records for that content', async () => {
    const ind = indicator("[ipv4-addr:value = '192.0.2.7']");
    await put(ind);
    const [stored] = await store.objects.versions(ind.id as string);
    const sharer = 'identity--0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    const row = (n: number, over: Obj) => ({
      id: `x-accord-share--00000000-0000-4000-8000-00000000000${n}`, objectId: ind.id as string, objectVersion: ind.modified as string, objectHash: stored?.hash ?? '',
      sharer, recordAdded: stored?.added ?? 0, policy: '{}', state: 'valid' as const, reason: null, ...over,
    });
    await store.shares.put([row(1, {}), row(2, { sharer: 'identity--9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f', state: 'quarantined', reason: 'held' }), row(3, { sharer: MEMBER_IDENTITY, objectHash: 'b'.repeat(64) })]);
    const [a] = (await registry.watch.runNew()).alerts;
    expect(a).toMatchObject({ creator: MEMBER_IDENTITY, sharers: [sharer] });
  });

  it('raises nothing for objects that carry no values (malware, identities) or a non-STIX pattern', async () => {
    expect(await alertsFor(
      { type: 'malware', spec_version: '2.1', id: 'malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061', created, modified: created, name: 'grid.example', is_family: false },
      buildIndicator({ pattern: "alert tcp any any -> 192.0.2.7 any (msg:\"x\";)", pattern_type: 'snort' }),
    )).toEqual([]);
  });

  it('observed-data in the 2.1 style touches through the SCOs it refers to', async () => {
    const ip = buildIpv4({ value: '192.0.2.200' });
    const other = buildIpv4({ value: '203.0.113.9' });
    const od = buildObservedData([ip.id as string, other.id as string]);
    const [a, ...more] = await alertsFor(ip, other, od);
    expect(more).toEqual([]);
    expect(a?.objectId).toBe(od.id);
    expect(matches(a)).toEqual([{ field: 'ranges', entry: '192.0.2.0/24', value: '192.0.2.200', where: ip.id, why: 'address 192.0.2.200 is inside 192.0.2.0/24' }]);
  });

  it('observed-data in the 2.0 style touches through its embedded objects', async () => {
    const od = {
      type: 'observed-data', id: 'observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf', created, modified: created, first_observed: created, last_observed: created, number_observed: 1,
      objects: { 0: { type: 'ipv4-addr', value: '198.51.100.1' }, 1: { type: 'domain-name', value: 'www.grid.example' }, 2: { type: 'network-traffic', dst_ref: '1', protocols: ['tcp'] } },
    };
    const [a] = await alertsFor(od);
    expect(a?.objectId).toBe(od.id);
    expect(matches(a).map((m) => [m.where, m.why])).toEqual([[`${od.id} objects.1`, 'domain www.grid.example is a sub-domain of grid.example']]);
  });

  it('a report touches through the indicators and observed-data it refers to, when held', async () => {
    const ind = indicator("[ipv4-addr:value = '192.0.2.50']");
    const ip = buildIpv4({ value: '192.0.2.51' });
    const od = buildObservedData([ip.id as string]);
    const report = buildReport([ind.id as string, od.id as string, 'indicator--5a8c7e1f-0000-4000-8000-000000000000']);
    const alerts = await alertsFor(report);
    expect(alerts).toEqual([]);
    const later = await alertsFor(ind, ip, od, nextVersion(report));
    const onReport = later.find((a) => a.objectType === 'report');
    expect(matches(onReport).map((m) => m.value).sort()).toEqual(['192.0.2.50', '192.0.2.51']);
    expect(later.map((a) => a.objectType).sort()).toEqual(['indicator', 'observed-data', 'report']);
  });

  it('infrastructure touches through the SCOs and indicators a relationship joins it to', async () => {
    const infra = { type: 'infrastructure', spec_version: '2.1', id: 'infrastructure--3f8b8a6e-1c0d-4b7e-9f2a-5d6c7b8a9e0f', created, modified: created, name: 'C2 relay', infrastructure_types: ['command-and-control'] };
    const ip = buildIpv4({ value: '192.0.2.66' });
    const rel = buildRelationship(infra.id, ip.id as string, { relationship_type: 'consists-of' });
    const unrelated = buildRelationship(infra.id, buildIpv4().id as string, { relationship_type: 'consists-of' });
    const [a, ...more] = await alertsFor(infra, ip, rel, unrelated);
    expect(more).toEqual([]);
    expect(a).toMatchObject({ objectId: infra.id, objectType: 'infrastructure' });
    expect(JSON.parse(a?.evidence ?? '{}')).toMatchObject({ via: rel.id, matches: [{ why: 'address 192.0.2.66 is inside 192.0.2.0/24' }] });
  });

  it('a vulnerability touches software by CPE and version range (NVD bounds in an x_ property)', async () => {
    const inRange = vulnerability({ x_affected: [{ criteria: 'cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*', versionStartIncluding: '2.4.49', versionEndExcluding: '2.4.51' }] });
    const outOfRange = vulnerability({ x_affected: [{ criteria: 'cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*', versionEndExcluding: '2.4.49' }] });
    const notVulnerable = vulnerability({ x_affected: [{ criteria: 'cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*', vulnerable: false }] });
    const otherProduct = vulnerability({ x_affected: ['cpe:2.3:a:apache:tomcat:2.4.49:*:*:*:*:*:*:*'] });
    const [a, ...more] = await alertsFor(inRange, outOfRange, notVulnerable, otherProduct);
    expect(more).toEqual([]);
    expect(a?.objectId).toBe(inRange.id);
    expect(JSON.parse(a?.evidence ?? '{}')).toEqual({
      cves: ['CVE-2021-41773'],
      matches: [{ field: 'software', entry: GRID.software[0], value: 'cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*', where: 'x_affected[0].criteria', why: 'apache http_server 2.4.49 is within the affected range >= 2.4.49 and < 2.4.51' }],
    });
  });

  it('a vulnerability touches by an exact CPE version in its external references, or by vendor and product alone', async () => {
    const exact = vulnerability({ external_references: [{ source_name: 'cve', external_id: 'CVE-2023-38408' }, { source_name: 'cpe', external_id: 'cpe:2.3:a:openbsd:openssh:9.1:*:*:*:*:*:*:*' }] });
    const otherVersion = vulnerability({ external_references: [{ source_name: 'cpe', external_id: 'cpe:2.3:a:openbsd:openssh:9.3:*:*:*:*:*:*:*' }] });
    const anyVersion = vulnerability({ x_cpes: { vulnerable: ['cpe:2.3:a:openbsd:openssh:*:*:*:*:*:*:*:*'] } });
    const alerts = await alertsFor(exact, otherVersion, anyVersion);
    expect(alerts.map((a) => [a.objectId, matches(a)[0]?.why]).sort()).toEqual([
      [exact.id, 'openbsd openssh 9.1 is the affected version'],
      [anyVersion.id, 'openbsd openssh is named without version information: matched by vendor and product only'],
    ].sort());
  });

  it('a vulnerability touches through a software SCO a relationship names, with the SCO\'s version', async () => {
    const vuln = vulnerability({ external_references: [{ source_name: 'cve', external_id: 'CVE-2021-41773' }] });
    const sw = { type: 'software', spec_version: '2.1', id: 'software--1e2d3c4b-5a69-4788-97a6-b5c4d3e2f100', name: 'Apache HTTP Server', cpe: 'cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*', version: '2.4.49' };
    const sw2 = { ...sw, id: 'software--1e2d3c4b-5a69-4788-97a6-b5c4d3e2f101', version: '2.4.48' };
    const rel = buildRelationship(vuln.id as string, sw.id, { relationship_type: 'related-to' });
    const rel2 = buildRelationship(vuln.id as string, sw2.id, { relationship_type: 'related-to' });
    const [a, ...more] = await alertsFor(vuln, sw, sw2, rel, rel2);
    expect(more).toEqual([]);
    expect(a?.objectId).toBe(vuln.id);
    expect(JSON.parse(a?.evidence ?? '{}')).toMatchObject({ via: rel.id, cves: ['CVE-2021-41773'], matches: [{ why: 'apache http_server 2.4.49 is the affected version' }] });
  });

  it('keeps a high-water mark: nothing is alerted twice, a new version is examined again', async () => {
    const ind = indicator("[ipv4-addr:value = '192.0.2.7']");
    expect(await alertsFor(ind)).toHaveLength(1);
    expect(await registry.watch.runNew()).toEqual({ examined: 0, alerts: [] });
    // A fresh watch (a restart) reads the mark from the store.
    expect((await new AssetRegistry(store, audit).watch.runNew()).examined).toBe(0);
    const [v2] = await alertsFor(nextVersion(ind));
    expect(v2?.objectVersion).not.toBe(ind.modified);
    // Revoked intelligence raises nothing.
    expect(await alertsFor(nextVersion(ind, { revoked: true }, 120_000))).toEqual([]);
  });

  it('a newly registered asset is run against everything held, and a changed one again', async () => {
    const ind = indicator("[domain-name:value = 'water.example']");
    const ip = indicator("[ipv4-addr:value = '203.0.113.40']");
    expect(await alertsFor(ind, ip)).toEqual([]);
    const { asset, alerts } = await registry.add({ ...GRID, name: 'water', sector: 'water', ranges: [], domains: ['water.example'], software: [] }, 'user:ana');
    expect(alerts.map((a) => [a.assetId, a.objectId])).toEqual([[asset.id, ind.id]]);
    const changed = await registry.update('water', { ranges: ['203.0.113.0/24'] }, 'user:bo');
    expect(changed.asset.ranges).toEqual(['203.0.113.0/24']);
    expect(changed.alerts.map((a) => a.objectId)).toEqual([ip.id]);
    expect(audited.map((e) => e.action)).toEqual(['asset.created', 'asset.created', 'alert.raised', 'asset.updated', 'alert.raised']);
  });

  it('moves alerts through their states, audited, and refuses going back to new', async () => {
    const [a] = await alertsFor(indicator("[ipv4-addr:value = '192.0.2.7']"));
    const book = new AlertBook(store, audit);
    const id = a?.id ?? '';
    expect((await book.change(id, 'acknowledged', 'user:ana')).state).toBe('acknowledged');
    const fp = await book.change(id, 'false-positive', 'user:bo', 'our own scanner');
    expect(fp.changes.map((c) => [c.from, c.to, c.actor, c.note])).toEqual([['new', 'acknowledged', 'user:ana', null], ['acknowledged', 'false-positive', 'user:bo', 'our own scanner']]);
    await expect(book.change(id, 'new', 'user:ana')).rejects.toMatchObject({ code: 'alert.bad-transition' });
    await expect(book.change(id, 'false-positive', 'user:ana')).rejects.toMatchObject({ code: 'alert.bad-transition' });
    await expect(book.get('alert--nope')).rejects.toMatchObject({ code: 'alert.not-found' });
    expect((await book.list({ state: 'false-positive' })).map((x) => x.id)).toEqual([id]);
    expect(audited.filter((e) => e.action === 'alert.state-changed')).toHaveLength(2);
  });

  it('imports a CSV all or nothing and runs the new assets against what is held', async () => {
    await put(indicator("[domain-name:value = 'bank.example']"));
    await registry.watch.runNew();
    const header = 'name,sector,criticality,owner,contact,ranges,domains,software';
    const bad = await registry.importCsv(`${header}\nbank,financial-services,high,o,c,,bank.example,\ngrid,energy,high,o,c,,,\n`, 'user:ana');
    expect(bad.created).toEqual([]);
    expect(bad.problems).toEqual([{ line: 3, problems: [{ field: 'name', message: 'an asset named "grid" is registered already' }] }]);
    expect((await registry.list()).map((x) => x.name)).toEqual(['grid']);
    const good = await registry.importCsv(`${header}\nbank,financial-services,high,o,c,,bank.example,\n`, 'user:ana', 'assets.csv');
    expect(good.created.map((x) => x.name)).toEqual(['bank']);
    expect(good.alerts).toHaveLength(1);
    expect(audited.map((e) => e.action)).toContain('asset.imported');
  });
});
