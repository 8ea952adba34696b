// `accord detect --format zeek|cef|json|csv` end to end, and `--follow`: one node holding
// indicators of every kind the detector handles, and a generator that renders the same planted
// events in each log format and writes down, independently of the matcher, which lines it planted
// for which indicator. The matches must equal that list: all found, nothing else.
import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initNodeDir, runAccord, spawnAccord } from './support/cli.js';

const T = '2026-01-01T00:00:00.000Z';
const id = (n: number): string => `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const indicator = (n: number, pattern: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'indicator', spec_version: '2.1', id: id(n), created: T, modified: T, name: `indicator ${n}`, pattern, pattern_type: 'stix', valid_from: T, ...extra,
});
const SHA256 = 'ab'.repeat(32);
const CERT = '12'.repeat(20);

/** What happened on the network, before any log format writes it down. */
interface Spec {
  readonly kind: 'flow' | 'dns' | 'http' | 'file' | 'cert' | 'user';
  readonly src: string;
  readonly dst: string;
  readonly port: number;
  readonly name?: string;
  readonly path?: string;
  /** The indicator this event was planted for. */
  readonly plant?: number;
}

function specs(): Spec[] {
  const out: Spec[] = [];
  for (let i = 0; i < 300; i++) {
    const flow = (src: string, dst: string, port: number, plant?: number): Spec => ({ kind: 'flow', src, dst, port, ...(plant !== undefined ? { plant } : {}) });
    switch (i % 10) {
      case 0: out.push(i % 20 === 0 ? flow('10.0.0.5', '198.51.100.7', 443, 1) : flow('10.0.0.5', '10.2.2.2', 443)); break;
      case 1: out.push(flow('203.0.113.77', '10.0.0.5', 22, 2)); break;
      case 2: out.push({ kind: 'dns', src: '10.0.0.5', dst: '10.9.9.9', port: 53, name: `c2-${i}.Evil.Example`, plant: 3 }); break;
      case 3: out.push(flow('10.0.0.5', '192.0.2.10', 4444, 4)); break;
      case 4: out.push(flow('10.0.0.5', '192.0.2.10', 443)); break; // anchored value, but the port does not hold
      case 5: out.push({ kind: 'http', src: '10.0.0.5', dst: '10.1.1.1', port: 80, name: 'shop.example.org', path: `/gate.php?id=${i}`, plant: 5 }); break;
      case 6: out.push({ kind: 'file', src: '10.1.1.1', dst: '10.0.0.5', port: 80, plant: 6 }); break;
      case 7: out.push(i % 20 === 7 ? { kind: 'cert', src: '10.0.0.5', dst: '10.1.1.2', port: 443, name: 'ok.example', plant: 7 } : { kind: 'user', src: '10.0.0.5', dst: '10.1.1.3', port: 22, name: 'mallory', plant: 11 }); break;
      case 8: out.push(flow('10.0.0.5', '198.51.100.99', 443)); break; // expired indicator
      default: out.push(flow('10.0.0.5', i % 2 === 0 ? '198.51.100.98' : '10.2.2.2', 8080)); // revoked indicator, or nothing
    }
  }
  return out;
}

const TS = 1795773600.123456; // 2026-11-27T10:00:00.123Z
type Render = (s: Spec, i: number) => string | undefined;

const zeekTsvHeader = ['#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', '#path\tconn', '#open\t2026-11-27-10-00-00',
  '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tconn_state\ttunnel_parents', '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tstring\tset[string]'];
const zeek: Render = (s, i) => {
  const conn = { ts: TS, uid: `C${i}`, 'id.orig_h': s.src, 'id.orig_p': 51000, 'id.resp_h': s.dst, 'id.resp_p': s.port };
  switch (s.kind) {
    case 'flow': return i % 2 === 1 ? `${TS}\tC${i}\t${s.src}\t51000\t${s.dst}\t${s.port}\ttcp\t-\tSF\t(empty)` : JSON.stringify({ ...conn, proto: 'tcp', conn_state: 'SF' });
    case 'dns': return JSON.stringify({ ...conn, proto: 'udp', query: s.name, qtype_name: 'A', answers: ['10.9.9.9'] });
    case 'http': return JSON.stringify({ ...conn, method: 'GET', host: s.name, uri: s.path, user_agent: 'curl/8' });
    case 'file': return JSON.stringify({ _path: 'files', ts: TS, fuid: `F${i}`, tx_hosts: [s.src], rx_hosts: [s.dst], filename: 'x.bin', sha256: SHA256.toUpperCase() });
    case 'cert': return JSON.stringify({ _path: 'x509', ts: TS, id: `F${i}`, 'certificate.serial': '01', 'san.dns': [s.name], fingerprint: CERT });
    case 'user': return undefined;
  }
};
const cef: Render = (s, i) => {
  const base = `<134>Nov 27 10:00:00 fw01 CEF:0|Example|Gateway|1.0|${100 + i}|${s.kind} event|5|rt=Nov 27 2026 10:00:00 UTC src=${s.src} dst=${s.dst} spt=51000 dpt=${s.port} proto=TCP`;
  switch (s.kind) {
    case 'flow': return base;
    case 'dns': return `${base} dhost=${s.name}`;
    case 'http': return `${base} request=http://${s.name}${(s.path ?? '').replace(/=/g, '\\=')} requestClientApplication=curl/8 (x64)`;
    case 'file': return `${base} fname=x.bin fileHash=${SHA256}`;
    case 'cert': return undefined;
    case 'user': return `${base} suser=${s.name}`;
  }
};
const JSON_MAP = {
  fields: {
    'source.ip': 'network-traffic:src_ref.value', 'destination.ip': 'network-traffic:dst_ref.value', 'destination.port': 'network-traffic:dst_port',
    'dns.question.name': 'domain-name:value', 'url.full': 'url:value', 'file.hash.sha256': "file:hashes.'SHA-256'",
    'tls.server.hash.sha1': "x509-certificate:hashes.'SHA-1'", 'user.name': 'user-account:user_id',
  },
  time: '@timestamp', type: 'event.category',
};
const json: Render = (s) => JSON.stringify({
  '@timestamp': '2026-11-27T10:00:00.123Z', event: { category: s.kind }, source: { ip: s.src }, destination: { ip: s.dst, port: s.port },
  ...(s.kind === 'dns' ? { dns: { question: { name: s.name } } } : {}), ...(s.kind === 'http' ? { url: { full: `http://${s.name}${s.path}` } } : {}),
  ...(s.kind === 'file' ? { file: { hash: { sha256: SHA256 } } } : {}), ...(s.kind === 'cert' ? { tls: { server: { hash: { sha1: CERT } } } } : {}),
  ...(s.kind === 'user' ? { user: { name: s.name } } : {}),
});
const CSV_MAP = { fields: { src: 'network-traffic:src_ref.value', dst: 'network-traffic:dst_ref.value', dport: 'network-traffic:dst_port', domain: 'domain-name:value', url: 'url:value', sha256: "file:hashes.'SHA-256'", user: 'user-account:user_id' }, time: 'time', type: 'category' };
const csv: Render = (s) => s.kind === 'cert' ? undefined : [
  '2026-11-27T10:00:00Z', s.kind, s.src, s.dst, s.port, s.kind === 'dns' ? s.name : '', s.kind === 'http' ? `"http://${s.name}${s.path},x"` : '', s.kind === 'file' ? SHA256 : '', s.kind === 'user' ? s.name : '',
].join(',');

/** Writes the log and returns the planted `indicator line` pairs. */
function generate(file: string, head: readonly string[], render: Render, bad: readonly string[]): string[] {
  const lines = [...head];
  const planted: string[] = [];
  specs().forEach((s, i) => {
    const line = render(s, i);
    if (line === undefined) return;
    lines.push(line);
    if (s.plant !== undefined) planted.push(`${id(s.plant)} ${lines.length}`);
  });
  lines.push(...bad);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return planted;
}

const matchesOf = (stdout: string): string[] => stdout.trim().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { indicator: string; line: number }).map((m) => `${m.indicator} ${m.line}`).sort();

describe('accord detect --format zeek|cef|json|csv, and --follow', () => {
  let dir: string;
  let data: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-detect-formats-'));
    data = join(dir, 'node');
    await initNodeDir(data);
    const indicators = [
      indicator(1, "[ipv4-addr:value = '198.51.100.7']"),
      indicator(2, "[ipv4-addr:value ISSUBSET '203.0.113.0/24']"),
      indicator(3, "[domain-name:value LIKE '%.evil.example']"),
      indicator(4, "[network-traffic:dst_ref.value = '192.0.2.10' AND network-traffic:dst_port = 4444]"),
      indicator(5, "[url:value MATCHES '/gate\\\\.php\\\\?id=[0-9]+(,x)?$']"),
      indicator(6, `[file:hashes.'SHA-256' = '${SHA256}']`),
      indicator(7, `[x509-certificate:hashes.'SHA-1' = '${CERT}']`),
      indicator(8, "[domain-name:value = 'a.example'] FOLLOWEDBY [domain-name:value = 'b.example']"),
      indicator(9, "[ipv4-addr:value = '198.51.100.99']", { valid_until: '2026-01-02T00:00:00.000Z' }),
      indicator(10, "[ipv4-addr:value = '198.51.100.98']", { revoked: true }),
      indicator(11, "[user-account:user_id = 'mallory']"),
    ];
    const bundle = join(dir, 'indicators.json');
    writeFileSync(bundle, JSON.stringify({ type: 'bundle', id: 'bundle--00000000-0000-4000-8000-000000000001', objects: indicators }));
    const imp = await runAccord(['import', bundle, '--data', data]);
    expect(imp.code, imp.stdout + imp.stderr).toBe(0);
    writeFileSync(join(dir, 'json-map.json'), JSON.stringify(JSON_MAP));
    writeFileSync(join(dir, 'csv-map.json'), JSON.stringify(CSV_MAP));
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cases: { format: string; head: string[]; render: Render; bad: string[]; skip: RegExp; map?: string }[] = [
    { format: 'zeek', head: zeekTsvHeader, render: zeek, bad: ['{"ts": 1795773600, "id.orig_h": "10.', '1795773600\tC9\t10.0.0.5'], skip: /has 3 fields where #fields names 10/ },
    { format: 'cef', head: [], render: cef, bad: ['<13>Nov 27 10:00:00 host sshd[42]: Accepted publickey for root', 'CEF:0|Example|Gateway|1.0|999|truncated'], skip: /no CEF: message in the line/ },
    { format: 'json', head: [], render: json, bad: ['{"@timestamp": "2026', '[1, 2]'], skip: /not a JSON object/, map: 'json-map.json' },
    { format: 'csv', head: ['time,category,src,dst,dport,domain,url,sha256,user'], render: csv, bad: ['2026-11-27T10:00:00Z,flow', '2026-11-27T10:00:00Z,flow,"10.0.0.5'], skip: /quoted field is not closed/, map: 'csv-map.json' },
  ];
  for (const c of cases) {
    it(`finds every planted match in a ${c.format} log and nothing else`, async () => {
      const log = join(dir, `log.${c.format}`);
      const planted = generate(log, c.head, c.render, c.bad);
      const r = await runAccord(['detect', '--format', c.format, ...(c.map !== undefined ? ['--map', join(dir, c.map)] : []), log, '--data', data]);
      expect(r.code, r.stderr).toBe(0);
      expect(matchesOf(r.stdout)).toEqual(planted.sort());
      expect(planted.length).toBeGreaterThan(100);
      expect(r.stderr).toMatch(/, 2 lines skipped/);
      expect(r.stderr).toMatch(c.skip);
    }, 60_000);
  }

  it('refuses a missing or bad mapping, and a mapping for a format that has its own fields', async () => {
    const log = join(dir, 'log.json');
    writeFileSync(log, '{}\n');
    const none = await runAccord(['detect', '--format', 'json', log, '--data', data]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--format json needs --map FILE/);
    writeFileSync(join(dir, 'bad-map.json'), JSON.stringify({ fields: { 'source.ip': 'ipv4-addr', 'dst': 'ipv4-addr:value' } }));
    const bad = await runAccord(['detect', '--format', 'json', '--map', join(dir, 'bad-map.json'), log, '--data', data]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/--map .*bad-map\.json: the mapping has a problem: fields\["source\.ip"\]: "ipv4-addr" is not a STIX object path: incomplete: expected ':'/);
    const extra = await runAccord(['detect', '--format', 'cef', '--map', join(dir, 'bad-map.json'), log, '--data', data]);
    expect(extra.code).toBe(2);
    const fmt = await runAccord(['detect', '--format', 'pcap', log, '--data', data]);
    expect(fmt.code).toBe(2);
    expect(fmt.stderr).toMatch(/--format is one of eve, zeek, cef, json, csv, not "pcap"/);
  }, 60_000);

  it('follows a directory as lines are appended, files rotate and appear, until SIGTERM', async () => {
    const logs = join(dir, 'follow');
    mkdirSync(logs);
    const line = (dst: string, port = 443): string => `<134>Nov 27 10:00:00 fw01 CEF:0|Example|Gateway|1.0|1|flow|5|src=10.0.0.5 dst=${dst} dpt=${port}`;
    writeFileSync(join(logs, 'fw.log'), `${line('198.51.100.7')}\n${line('10.2.2.2')}\n`);
    const child = spawnAccord(['detect', '--follow', '--format', 'cef', '--progress', logs, '--data', data]);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const until = async (n: number): Promise<void> => {
      const deadline = Date.now() + 20_000;
      while (stdout.trim().split('\n').filter((l) => l !== '').length < n) {
        if (Date.now() > deadline) throw new Error(`waited for ${n} matches; stdout ${stdout}; stderr ${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await until(1);
    // A line written in two pieces is matched once, whole.
    appendFileSync(join(logs, 'fw.log'), line('203.0.113.9').slice(0, 40));
    await new Promise((r) => setTimeout(r, 300));
    appendFileSync(join(logs, 'fw.log'), `${line('203.0.113.9').slice(40)}\n`);
    await until(2);
    renameSync(join(logs, 'fw.log'), join(logs, 'fw.log.1')); // logrotate's rename: fw.log.1 is not read again
    writeFileSync(join(logs, 'fw.log'), `${line('192.0.2.10', 4444)}\n`);
    writeFileSync(join(logs, 'proxy.log'), `${line('10.3.3.3')}\n${line('198.51.100.7')}\n`);
    await until(4);
    // Intelligence that arrives while it follows is matched from then on.
    const later = join(dir, 'later.json');
    writeFileSync(later, JSON.stringify({ type: 'bundle', id: 'bundle--00000000-0000-4000-8000-000000000002', objects: [indicator(50, "[ipv4-addr:value = '10.4.4.4']")] }));
    expect((await runAccord(['import', later, '--data', data])).code).toBe(0);
    await new Promise((r) => setTimeout(r, 1500)); // the index looks for new indicators every second
    appendFileSync(join(logs, 'proxy.log'), `${line('10.4.4.4')}\n`);
    await until(5);
    await new Promise((r) => setTimeout(r, 1200)); // long enough for a progress line
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const found = stdout.trim().split('\n').map((l) => JSON.parse(l) as { indicator: string; file: string; line: number }).map((m) => `${m.indicator} ${m.file.slice(logs.length + 1)}:${m.line}`);
    expect(found).toEqual([`${id(1)} fw.log:1`, `${id(2)} fw.log:3`, `${id(4)} fw.log:1`, `${id(1)} proxy.log:2`, `${id(50)} proxy.log:3`]);
    expect(stderr).toMatch(/detect: \d+ events, \d+ events\/s, 5 matches, 0 skipped/);
    expect(stderr).toMatch(/7 events in .*, 5 matches/);
  }, 60_000);
});
