// Every pattern Accord writes itself — plain feeds and MISP conversion — is valid STIX 2.1
// patterning as the pattern checker (src/pattern) reads §9; a converter that wrote a pattern the
// checker refuses would share indicators other tools reject.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { convertFeed, convertMispEvent, MispConversion, mispEvents, mispShape, mispTypes, patternOfTerms } from '../src/interop/index.js';
import { validatePattern } from '../src/pattern/index.js';

function problems(pattern: string): string[] {
  const r = validatePattern(pattern, { version: '2.1' });
  return r.ok ? [] : r.errors.map((e) => `${e.message}`);
}

describe('patterns written by the converters', () => {
  it('plain feeds write valid patterns for every kind of value', () => {
    const text = '198.51.100.7\n2001:db8::1\n192.0.2.0/24\nevil.example\nhttps://evil.example/a\'b\nx@evil.example\n' +
      `${'a'.repeat(32)}\n${'b'.repeat(40)}\n${'c'.repeat(64)}\n${'d'.repeat(128)}\nAS64500\n`;
    const { objects } = convertFeed(text, 'list', { name: 'test', tlp: 'green', validFrom: '2027-01-01T00:00:00.000Z' });
    const patterns = objects.filter((o) => o.type === 'indicator').map((o) => String(o.pattern));
    expect(patterns).toHaveLength(11);
    for (const p of patterns) expect(problems(p), p).toEqual([]);
  });

  it('every MISP attribute type Accord maps writes a valid pattern', () => {
    const samples: Record<string, string> = {
      'ip-src': '198.51.100.7', 'ip-dst': '2001:db8::7', 'ip-src|port': '198.51.100.7|443', 'ip-dst|port': '192.0.2.1|8080', 'hostname|port': 'c2.example|443',
      domain: 'evil.example', hostname: 'www.evil.example', 'domain|ip': 'evil.example|192.0.2.1', url: 'http://evil.example/x', link: 'https://a.example', uri: '/gate.php',
      email: 'a@evil.example', 'email-src': 'b@evil.example', 'email-dst': 'c@evil.example', 'email-subject': 'Invoice', filename: 'a.exe', 'size-in-bytes': '1234', AS: 'AS64500',
      'mac-address': '00:11:22:33:44:55', mutex: 'Global\\x', regkey: 'HKLM\\Software\\x', 'x509-fingerprint-md5': 'a'.repeat(32), 'x509-fingerprint-sha1': 'b'.repeat(40),
      'x509-fingerprint-sha256': 'c'.repeat(64), port: '443', 'user-agent': 'Mozilla/5.0', 'malware-sample': 'a.exe|' + 'd'.repeat(32),
    };
    let checked = 0;
    for (const type of mispTypes) {
      const value = samples[type] ?? (type.startsWith('filename|') ? `a.exe|${'e'.repeat(64)}` : 'f'.repeat(64));
      const shape = mispShape(type, value);
      if (shape.kind !== 'observable') continue;
      const pattern = patternOfTerms(shape.terms);
      expect(problems(pattern), `${type}: ${pattern}`).toEqual([]);
      checked++;
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('the MISP sample event writes only valid patterns', () => {
    const c = new MispConversion();
    for (const e of mispEvents(JSON.parse(readFileSync(new URL('../src/interop/misp-samples/event.json', import.meta.url), 'utf8'))) ?? []) convertMispEvent(c, e);
    const patterns = c.objects.filter((o) => o.type === 'indicator' && o.pattern_type === 'stix').map((o) => String(o.pattern));
    expect(patterns.length).toBeGreaterThan(3);
    for (const p of patterns) expect(problems(p), p).toEqual([]);
  });
});
