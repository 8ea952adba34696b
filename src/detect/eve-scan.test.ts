// The scanner against the reference: for every line, the fast eve.json reader must give exactly
// what JSON.parse + eveValues gives (the same event with its values in the same order, or a skip).
import { describe, expect, it } from 'vitest';
import { suricataEvent, type EveKind } from '../../test/support/eve-events.js';
import { scanEve } from './eve-scan.js';
import { eveReader, eveValues } from './eve.js';
import { MAX_LINE, type LogEvent, type Skip } from './event.js';
import { jsonObject } from './values.js';

/** The reader as it was before the scanner: parse the whole line, then read it. */
function reference(text: string): LogEvent | Skip {
  const read = jsonObject(text);
  return 'skip' in read ? read : eveValues(read.object);
}

const ordered = (r: LogEvent | Skip): unknown => ('skip' in r ? r : { type: r.type, time: r.time, values: [...r.values.entries()] });

function same(line: string): void {
  expect(ordered(eveReader()(line)), line).toEqual(ordered(reference(line)));
}

/** A small deterministic generator (xorshift), so that failures reproduce. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const pick4 = (r: () => number): string => String(Math.floor(r() * 10000)).padStart(4, '0');

const tricky = ['plain', 'a"b', 'back\\slash', 'trailing\\', '\\', 'q"', '\uD83D', '\uDC00x', 'tab\there', 'nl\nx', 'ünïcødé', '日本語.example', '😀.example', '\u2028sep', '"rrname":"evil.example"', '{"dns":{"rrname":"x"}}', '\\"', '/slash/', '\u0001ctl', 'Evil.Example', '', ' '];

function line(r: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const maybe = (p: number): boolean => r() < p;
  const s = (): unknown => (maybe(0.1) ? pick([5, null, true, [], {}, 1.5e3]) : maybe(0.3) ? pick(tricky) : pick(['198.51.100.7', '2001:db8::1', 'evil.example', 'WWW.Example.ORG', 'http://x.example/a', '/p?q=1', 'AA:BB:CC', 'ab'.repeat(32)]));
  const record = (): unknown => (maybe(0.1) ? pick(['x', 3, null]) : { rrname: s(), rrtype: pick(['A', 'AAAA', 'CNAME', 'MX', 7]), rdata: s(), ttl: 60 });
  const ev: Record<string, unknown> = {};
  const add = (k: string, v: () => unknown, p = 0.8): void => { if (maybe(p)) ev[k] = v(); };
  add('timestamp', () => pick(['2026-11-27T10:00:00.123456+0000', '2026-11-27T10:00:00Z', 'not a time', 3]));
  add('flow_id', () => Math.floor(r() * 2 ** 52));
  add('event_type', () => pick(['flow', 'dns', 'http', 'tls', 'fileinfo', 'alert', 7]));
  add('src_ip', s);
  add('src_port', () => pick([53, 443, -1, 0.5, '80', 1e21]));
  add('dest_ip', s);
  add('dest_port', () => pick([80, 65535, null]));
  add('proto', () => pick(['TCP', 'udp', 'ICMP', 6]));
  add('alert', () => ({ signature: s(), metadata: { rrname: ['decoy.example'], hostname: 'decoy' }, rrname: 'decoy.example' }), 0.3);
  add('dns', () => (maybe(0.1) ? s() : { type: 'answer', rrname: s(), rrtype: pick(['A', 'AAAA', 'CNAME']), rdata: s(), queries: maybe(0.5) ? [record(), record()] : 'none', answers: [record()], grouped: { A: ['1.2.3.4'] } }), 0.4);
  add('http', () => ({ hostname: s(), url: s(), http_user_agent: s(), status: 200, xff: { hostname: 'decoy' } }), 0.4);
  add('tls', () => ({ sni: s(), fingerprint: s(), subject: 'CN="rrname"' }), 0.3);
  add('fileinfo', () => ({ filename: s(), md5: s(), sha1: s(), sha256: s(), size: 12 }), 0.3);
  add('rrname', s, 0.1);
  add('hostname', s, 0.1);
  const keys = Object.keys(ev).sort(() => r() - 0.5);
  return encode(r, Object.fromEntries(keys.map((k) => [k, ev[k]])));
}

/**
 * An object as JSON text; on one line in five some letters of keys and values written as \u
 * escapes and some slashes as \/; one in ten pretty-printed instead.
 */
function encode(r: () => number, v: unknown): string {
  const escapes = r() < 0.2;
  // Escapes JSON.stringify wrote are kept whole.
  const str = (x: string): string => JSON.stringify(x).replace(/\\u[0-9a-f]{4}|\\.|[a-z/]/g, (c) => (c.length > 1 || !escapes || r() >= 0.1 ? c : c === '/' ? '\\/' : `\\u00${c.charCodeAt(0).toString(16)}`));
  const enc = (x: unknown): string => (typeof x === 'string' ? str(x) : Array.isArray(x) ? `[${x.map(enc).join(',')}]` : x !== null && typeof x === 'object' ? `{${Object.entries(x).map(([k, y]) => `${str(k)}:${enc(y)}`).join(',')}}` : JSON.stringify(x));
  const text = enc(v);
  return r() < 0.1 ? JSON.stringify(JSON.parse(text), null, 1) : text;
}

/** The line cut short, and with one character replaced by a random one (control, ASCII, binary or a lone surrogate). */
function damaged(r: () => number, text: string): string[] {
  const at = Math.floor(r() * text.length);
  const code = r() < 0.5 ? Math.floor(r() * 128) : Math.floor(r() * 0x10000);
  return [text.slice(0, Math.floor(r() * text.length)), text.slice(0, at) + String.fromCharCode(code) + text.slice(at + 1)];
}

const KINDS: readonly EveKind[] = ['flow', 'dns', 'http', 'tls', 'fileinfo'];

/**
 * A Suricata 7 event (test/support/eve-events.ts) with tricky observables, and members that reuse
 * the names the reader takes (a hostname in the HTTP request headers and in the rule metadata,
 * an rrname in the alert) where it must not take them.
 */
function suricataLine(r: () => number, e: number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const value = (): string => (r() < 0.4 ? pick(tricky) : pick(['198.51.100.7', '2001:db8::1', 'Evil.Example', 'ab'.repeat(32), `h${e}.bad.example`]));
  const ev = suricataEvent(pick(KINDS), e, { src_ip: value(), src_port: 1024 + e, dest_ip: value(), dest_port: 443, value: value() }, r() < 0.2);
  if (r() < 0.3) ev.metadata = { flowbits: ['http.dottedquadhost'], hostname: 'decoy.example', dns: { rrname: 'decoy.example' } };
  if (r() < 0.3) ev.alert = { action: 'allowed', gid: 1, signature_id: 2018358, rev: 10, signature: 'ET HUNTING "rrname":"decoy.example"', rrname: 'decoy.example', severity: 2 };
  const http = ev.http as Record<string, unknown> | undefined;
  if (http !== undefined && r() < 0.5) http.request_headers = [{ name: 'Host', value: 'decoy.example' }, { hostname: 'decoy.example' }];
  return encode(r, ev);
}

describe('scanEve', () => {
  it('takes the fast path for ordinary lines', () => {
    const text = JSON.stringify({ timestamp: '2026-11-27T10:00:00.000000+0000', event_type: 'dns', src_ip: '10.0.0.1', src_port: 5353, dest_ip: '10.0.0.53', dest_port: 53, proto: 'UDP', dns: { type: 'query', rrname: 'Evil.Example', rrtype: 'A' } });
    expect(scanEve(text)).toEqual({ timestamp: '2026-11-27T10:00:00.000000+0000', event_type: 'dns', src_ip: '10.0.0.1', src_port: 5353, dest_ip: '10.0.0.53', dest_port: 53, proto: 'UDP', dns: { rrname: 'Evil.Example', rrtype: 'A' } });
    same(text);
  });

  it('takes members from their own object only, whatever the strings around them say', () => {
    const text = '{"alert":{"signature":"\\"dns\\":{\\"rrname\\":\\"decoy.example\\"}","rrname":"decoy2.example"},"msg":"{\\"rrname\\":\\"decoy3\\"}","dns":{"answers":[{"rrname":"real.example","rrtype":"CNAME","rdata":"c\\u0061nonical.example"}]}}';
    expect(scanEve(text)).toEqual({ dns: { answers: [{ rrname: 'real.example', rrtype: 'CNAME', rdata: 'canonical.example' }] } });
    same(text);
  });

  it('leaves the cases it does not handle to JSON.parse', () => {
    for (const text of ['{"src_ip":"1.1.1.1","src_ip":"2.2.2.2"}', '{"src\\u005fip":"1.1.1.1"}', '[1]', '"x"', `${'['.repeat(100)}${']'.repeat(100)}`, '{"a":1}x', '{"a":01}', '{"a":"\t"}', '{"a":"\\x"}', '{"a":tru}', '{"a":1,}', '']) {
      expect(scanEve(text), text).toBeUndefined();
      same(text);
    }
  });

  it('gives the same event as JSON.parse + eveValues on generated lines, their truncations and their corruptions', () => {
    const r = random(20261127);
    let fast = 0;
    for (let n = 0; n < 3000; n++) {
      const text = line(r);
      if (scanEve(text) !== undefined) fast++;
      same(text);
      same(`  ${text}\r`);
      for (const bad of damaged(r, text)) same(bad);
    }
    expect(fast).toBeGreaterThan(2000);
  });

  it('gives the same event on Suricata 7 lines with escapes, decoys, truncations and binary bytes', () => {
    const r = random(20261128);
    let fast = 0;
    for (let n = 0; n < 3000; n++) {
      const text = suricataLine(r, n);
      if (scanEve(text) !== undefined) fast++;
      same(text);
      for (const bad of damaged(r, text)) same(bad);
    }
    expect(fast).toBeGreaterThan(2000);
  });

  it('skips a line over the limit as JSON.parse + eveValues does, and reads the next one', () => {
    const read = eveReader();
    const long = `{"src_ip":"${'1'.repeat(MAX_LINE)}"}`;
    expect(read(long)).toEqual(reference(long));
    expect('skip' in read(long)).toBe(true);
    same('{"src_ip":"198.51.100.7"}');
  });

  it('converts timestamps as Date.parse does, the fast way included', () => {
    const r = random(7);
    const d2 = (n: number): string => String(Math.floor(r() * n)).padStart(2, '0');
    const old = (s: string): string | undefined => {
      const ms = Date.parse(s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
      return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
    };
    for (let n = 0; n < 5000; n++) {
      const year = r() < 0.05 ? pick4(r) : '2026';
      const fraction = String(Math.floor(r() * 1e9)).padStart(9, '0').slice(0, 1 + Math.floor(r() * 9));
      const ts = `${year}-${d2(14)}-${d2(33)}T${d2(26)}:${d2(61)}:${d2(61)}.${fraction}${r() < 0.5 ? '+' : '-'}${d2(16)}${d2(61)}`;
      for (const s of [ts, ts, ts.replace(/\.\d+/, '.999999'), ts.replace(/\.\d+/, '.000')]) expect(eveValues({ timestamp: s }).time, s).toBe(old(s));
    }
  });

  it('reads numbers as JSON does', () => {
    for (const port of ['0', '-0', '443', '1.0', '1e2', '1E+2', '-1.5e-3', '12345678901234567890', '1e400', '-', '1.', '.5', '+1', '01', '1e']) same(`{"src_ip":"10.0.0.1","src_port":${port}}`);
  });
});
