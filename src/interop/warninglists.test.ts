// Warninglists: the shipped lists load, values are matched as addresses inside ranges, host names
// under listed names, and exact strings; a folder extends or replaces lists by name; bad files are
// refused naming the file and the problem.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWarninglist, Warninglists } from './warninglists.js';

describe('warninglists', () => {
  const lists = Warninglists.load();

  it('flags special-purpose addresses and networks, resolvers, and popular domains with their subdomains', () => {
    expect(lists.match('ipv4', '10.1.2.3')).toEqual(['special-ipv4']);
    expect(lists.match('ipv4', '192.0.2.55')).toEqual(['special-ipv4']);
    expect(lists.match('cidr', '192.168.10.0/24')).toEqual(['special-ipv4']);
    expect(lists.match('cidr', '192.0.0.0/8')).toEqual([]); // wider than any listed range
    expect(lists.match('ipv4', '8.8.8.8')).toEqual(['public-resolvers']);
    expect(lists.match('ipv4', '8.8.8.9')).toEqual([]);
    expect(lists.match('ipv6', '2001:DB8::1')).toEqual(['special-ipv6']);
    expect(lists.match('ipv6', '2606:4700:4700::1111')).toEqual(['public-resolvers']);
    expect(lists.match('ipv6', '::ffff:10.0.0.1')).toEqual(['special-ipv6']);
    expect(lists.match('domain', 'mail.google.com')).toEqual(['popular-domains']);
    expect(lists.match('domain', 'google.com.evil.example')).toEqual([]);
    expect(lists.match('domain', 'notgoogle.com')).toEqual([]);
    expect(lists.match('url', 'https://www.wikipedia.org/wiki/X')).toEqual(['popular-domains']);
    expect(lists.match('url', 'http://127.0.0.1:8080/x')).toEqual(['special-ipv4']);
    expect(lists.match('email', 'someone@yahoo.com')).toEqual(['popular-domains']);
    expect(lists.match('domain', 'dns.google')).toEqual(['resolver-hostnames']);
    expect(lists.match('ipv4', '45.33.32.156')).toEqual([]);
  });

  it('takes more lists from a folder, replacing shipped ones of the same name, and refuses bad files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-warninglists-'));
    try {
      writeFileSync(join(dir, 'cloud.json'), JSON.stringify({ name: 'cloud-example', type: 'cidr', list: ['52.0.0.0/11'] }));
      writeFileSync(join(dir, 'popular.json'), JSON.stringify({ name: 'popular-domains', type: 'hostname', list: ['example.org'] }));
      writeFileSync(join(dir, 'words.json'), JSON.stringify({ name: 'words', type: 'string', list: ['D41D8CD98F00B204E9800998ECF8427E'] }));
      const more = Warninglists.load(dir);
      expect(more.match('ipv4', '52.1.2.3')).toEqual(['cloud-example']);
      expect(more.match('domain', 'www.example.org')).toEqual(['popular-domains']);
      expect(more.match('domain', 'google.com')).toEqual([]);
      expect(more.match('md5', 'd41d8cd98f00b204e9800998ecf8427e')).toEqual(['words']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(() => readWarninglist('{', 'x.json')).toThrow(/x\.json: not JSON/);
    expect(() => readWarninglist('{"name":"n","type":"regex","list":[]}', 'y.json')).toThrow(/y\.json: type must be cidr, hostname or string/);
    expect(() => readWarninglist('{"name":"n","type":"cidr","list":["10.0.0.0/40"]}', 'z.json')).toThrow(/"10\.0\.0\.0\/40" is not an address or a network/);
    expect(() => readWarninglist('{"name":"n","type":"hostname","list":["a.example","b example"]}', 'h.json')).toThrow(/h\.json: "b example" is not a host name/);
    expect(() => readWarninglist('{"name":"two\\nlines","type":"string","list":[]}', 'n.json')).toThrow(/n\.json: the name must be one line/);
  });
});
