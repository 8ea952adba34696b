// The self-signed certificate is judged by parties that did not write it: Node's X509Certificate
// parser, a real TLS handshake with verification on, and `openssl x509` when the binary exists.
// The DER encoder is checked against encodings written out by hand from X.690 and RFC 5280.
import { spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import https from 'node:https';
import { TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import {
  bitString, boolean, explicit, implicitPrimitive, integer, octetString, oid, printableString, readTlv, sequence, set, time,
  utf8String,
} from './der.js';
import { generateSelfSignedCertificate } from './self-signed.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const raw = (cert: string): string => hex(new X509Certificate(cert).raw);

describe('DER encoder', () => {
  it('writes INTEGERs in the fewest octets, with a leading zero when the top bit is set', () => {
    expect(hex(integer(0))).toBe('020100');
    expect(hex(integer(127))).toBe('02017f');
    expect(hex(integer(0x80))).toBe('02020080');
    expect(hex(integer(256))).toBe('02020100');
    expect(hex(integer(2n ** 64n))).toBe('0209010000000000000000');
    expect(hex(integer(Buffer.from([0, 0, 1])))).toBe('020101');
    expect(hex(integer(Buffer.from([0xff, 0x01])))).toBe('020300ff01');
  });

  it('writes OBJECT IDENTIFIERs in base 128 with the first two arcs combined', () => {
    expect(hex(oid('1.2.840.10045.2.1'))).toBe('06072a8648ce3d0201');
    expect(hex(oid('1.2.840.10045.4.3.2'))).toBe('06082a8648ce3d040302');
    expect(hex(oid('2.5.29.17'))).toBe('0603551d11');
    expect(hex(oid('1.3.6.1.5.5.7.3.1'))).toBe('06082b06010505070301');
    expect(hex(oid('2.999.3'))).toBe('0603883703'); // X.690 §8.19.5's own example
    expect(() => oid('1.40')).toThrow();
    expect(() => oid('3.1')).toThrow();
  });

  it('uses short lengths below 128 and the long form above', () => {
    expect(hex(octetString(Buffer.alloc(127))).slice(0, 4)).toBe('047f');
    expect(hex(octetString(Buffer.alloc(200))).slice(0, 6)).toBe('0481c8');
    expect(hex(octetString(Buffer.alloc(300))).slice(0, 8)).toBe('0482012c');
    const long = sequence(octetString(Buffer.alloc(300, 7)), boolean(true));
    const outer = readTlv(long);
    expect(outer.end).toBe(long.length);
    const first = readTlv(outer.content);
    expect([first.tag, first.content.length]).toEqual([0x04, 300]);
    expect(hex(readTlv(outer.content, first.end).content)).toBe('ff');
  });

  it('switches from UTCTime to GeneralizedTime at 2050 (RFC 5280 §4.1.2.5) and drops milliseconds', () => {
    const ascii = (s: string): string => Buffer.from(s, 'latin1').toString('hex');
    expect(hex(time(new Date('2049-12-31T23:59:59.999Z')))).toBe(`170d${ascii('491231235959Z')}`);
    expect(hex(time(new Date('2050-01-01T00:00:00Z')))).toBe(`180f${ascii('20500101000000Z')}`);
    expect(hex(time(new Date('1950-01-01T00:00:00Z')))).toBe(`170d${ascii('500101000000Z')}`);
    expect(hex(time(new Date('1949-12-31T23:59:59Z')))).toBe(`180f${ascii('19491231235959Z')}`);
  });

  it('encodes the remaining types as X.690 says', () => {
    expect(hex(boolean(true))).toBe('0101ff');
    expect(hex(sequence())).toBe('3000');
    expect(hex(bitString(Buffer.from([0x80]), 7))).toBe('03020780'); // keyUsage digitalSignature
    expect(hex(explicit(0, integer(2)))).toBe('a003020102'); // [0] EXPLICIT version v3
    expect(hex(implicitPrimitive(7, Buffer.from([127, 0, 0, 1])))).toBe('87047f000001');
    expect(hex(utf8String('é'))).toBe('0c02c3a9');
    expect(hex(printableString('Accord'))).toBe('13064163636f7264');
    expect(() => printableString('a@b')).toThrow();
    expect(hex(set(integer(2), integer(1)))).toBe('3106020101020102'); // SET OF sorted by encoding
  });
});

describe('generateSelfSignedCertificate', () => {
  const now = new Date('2026-03-04T05:06:07.890Z');

  it('makes a v3 certificate Node parses, with the default names, validity and key', () => {
    const result = generateSelfSignedCertificate({ now, days: 30 });
    const x509 = new X509Certificate(result.certPem);
    expect(x509.subject).toBe('O=Accord\nCN=Accord node (self-signed)');
    expect(x509.issuer).toBe(x509.subject);
    expect(x509.validFrom).toBe('Mar  4 05:01:07 2026 GMT');
    expect(x509.validTo).toBe('Apr  3 05:06:07 2026 GMT');
    expect(result.notAfter.toISOString()).toBe('2026-04-03T05:06:07.000Z');
    expect(x509.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(x509.checkHost('localhost')).toBe('localhost');
    expect(x509.checkIP('::1')).toBe('::1');
    expect(x509.ca).toBe(false);
    expect(x509.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // Node 20 names the extended key usage keyUsage
    expect(result.fingerprintSha256).toBe(x509.fingerprint256);

    expect(result.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const key = createPrivateKey(result.keyPem);
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(x509.checkPrivateKey(key)).toBe(true);
    expect(x509.checkPrivateKey(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey)).toBe(false);
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.verify(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey)).toBe(false);
  });

  it('writes the extensions RFC 5280 asks for, byte for byte', () => {
    const { certPem } = generateSelfSignedCertificate({ now });
    const der = raw(certPem);
    expect(der).toContain('a003020102'); // version v3
    expect(der).toContain('300a06082a8648ce3d040302'); // ecdsa-with-SHA256, parameters absent
    expect(der).toContain('300c0603551d130101ff04023000'); // basicConstraints critical, CA:FALSE
    expect(der).toContain('300e0603551d0f0101ff0404030207' + '80'); // keyUsage critical, digitalSignature
    expect(der).toContain('30130603551d25040c300a06082b06010505070301'); // extKeyUsage serverAuth
    // subjectKeyIdentifier: SHA-1 of the EC point 04‖x‖y, rebuilt here from the JWK form of the key.
    const jwk = new X509Certificate(certPem).publicKey.export({ format: 'jwk' });
    const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x ?? '', 'base64url'), Buffer.from(jwk.y ?? '', 'base64url')]);
    expect(point.length).toBe(65);
    expect(der).toContain(`301d0603551d0e04160414${createHash('sha1').update(point).digest('hex')}`);
  });

  it('draws a fresh positive 16-byte serial each time', () => {
    const serials = [1, 2, 3].map(() => new X509Certificate(generateSelfSignedCertificate({ now }).certPem).serialNumber);
    expect(new Set(serials).size).toBe(3);
    for (const s of serials) {
      expect(s).toMatch(/^[0-9A-F]{1,32}$/);
      expect(s.length < 32 || parseInt(s.charAt(0), 16) < 8).toBe(true);
    }
  });

  it('takes other names and addresses, IPv6 and UTF-8 names included', () => {
    const result = generateSelfSignedCertificate({
      now, commonName: 'Nœud Accord', dnsNames: ['Node1.Example.org', '*.accord.test', 'node1.example.org'],
      ipAddresses: ['192.0.2.10', '2001:db8::1', '::ffff:192.0.2.1', 'fe80:0:0:0:0:0:0:1'],
    });
    const x509 = new X509Certificate(result.certPem);
    expect(x509.subject).toBe('O=Accord\nCN=Nœud Accord');
    expect(raw(result.certPem)).toContain(`0603550403${hex(utf8String('Nœud Accord'))}`);
    expect(x509.subjectAltName).toBe('DNS:node1.example.org, DNS:*.accord.test, IP Address:192.0.2.10, '
      + 'IP Address:2001:DB8:0:0:0:0:0:1, IP Address:0:0:0:0:0:FFFF:C000:201, IP Address:FE80:0:0:0:0:0:0:1');
    expect(x509.checkHost('www.accord.test')).toBe('*.accord.test'); // Node answers with the name that matched
    expect(x509.checkIP('2001:db8:0::1')).toBe('2001:db8:0::1');
  });

  it('keeps the default for whichever of dnsNames and ipAddresses is left out', () => {
    const onlyName = new X509Certificate(generateSelfSignedCertificate({ now, dnsNames: ['node.test'] }).certPem);
    expect(onlyName.subjectAltName).toBe('DNS:node.test, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    const onlyIp = new X509Certificate(generateSelfSignedCertificate({ now, dnsNames: [], ipAddresses: ['10.0.0.5'] }).certPem);
    expect(onlyIp.subjectAltName).toBe('IP Address:10.0.0.5');
  });

  it('crosses 2050 with a UTCTime notBefore and a GeneralizedTime notAfter', () => {
    const result = generateSelfSignedCertificate({ now: new Date('2049-12-20T12:00:00Z'), days: 30 });
    const x509 = new X509Certificate(result.certPem);
    expect(x509.validFrom).toBe('Dec 20 11:55:00 2049 GMT');
    expect(x509.validTo).toBe('Jan 19 12:00:00 2050 GMT');
    const ascii = (s: string): string => Buffer.from(s, 'latin1').toString('hex');
    expect(raw(result.certPem)).toContain(`170d${ascii('491220115500Z')}180f${ascii('20500119120000Z')}`);
  });

  it.each([
    ['days 0', { days: 0 }],
    ['fractional days', { days: 1.5 }],
    ['days beyond ten years', { days: 4000 }],
    ['an empty common name', { commonName: '' }],
    ['a 65-character common name', { commonName: 'x'.repeat(65) }],
    ['a control character in the common name', { commonName: 'a\nb' }],
    ['an IP address as a DNS name', { dnsNames: ['127.0.0.1'] }],
    ['a DNS name with a space', { dnsNames: ['bad name'] }],
    ['a non-ASCII DNS name', { dnsNames: ['nœud.test'] }],
    ['a wildcard not leftmost', { dnsNames: ['a.*.test'] }],
    ['a bad IPv4 address', { ipAddresses: ['300.1.1.1'] }],
    ['an IPv6 zone id', { ipAddresses: ['fe80::1%eth0'] }],
    ['no names at all', { dnsNames: [], ipAddresses: [] }],
    ['an invalid date', { now: new Date('not a date') }],
  ])('refuses %s', (_what, options) => {
    expect(() => generateSelfSignedCertificate(options)).toThrow(expect.objectContaining({ kind: 'invalid', code: 'tls.invalid-self-signed-option' }));
  });

  const hasOpenssl = spawnSync('openssl', ['version'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!hasOpenssl)('reads the same in `openssl x509 -text` (only where the binary exists)', () => {
    const { certPem } = generateSelfSignedCertificate({ now });
    const out = spawnSync('openssl', ['x509', '-text', '-noout'], { input: certPem, encoding: 'utf8' });
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('Version: 3 (0x2)');
    expect(out.stdout).toContain('Signature Algorithm: ecdsa-with-SHA256');
    expect(out.stdout).toMatch(/ASN1 OID: prime256v1/);
    expect(out.stdout).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/);
    expect(out.stdout).toMatch(/X509v3 Key Usage: critical\s+Digital Signature\n/);
    expect(out.stdout).toMatch(/X509v3 Extended Key Usage: *\s+TLS Web Server Authentication\n/);
    expect(out.stdout).toContain('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(out.stdout).toMatch(/X509v3 Subject Key Identifier: *\s+([0-9A-F]{2}:){19}[0-9A-F]{2}\n/);
  });
});

describe('a TLS server with the certificate', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => { await close?.(); close = undefined; });

  async function serve(cert: string, key: string): Promise<number> {
    const server = https.createServer({ cert, key }, (_req, res) => res.end('hello accord'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    close = async () => { server.closeAllConnections(); server.close(); await once(server, 'close'); };
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('the server is not listening on TCP');
    return address.port;
  }

  function get(port: number, options: https.RequestOptions): Promise<{ body: string; authorized: boolean }> {
    return new Promise((resolve, reject) => {
      const req = https.get({ host: '127.0.0.1', port, path: '/', agent: false, rejectUnauthorized: true, ...options }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => { body += chunk; });
        res.on('end', () => resolve({ body, authorized: res.socket instanceof TLSSocket && res.socket.authorized }));
        res.on('error', reject);
      });
      req.on('error', reject);
    });
  }

  it('completes a verified handshake to localhost and to 127.0.0.1 when the client trusts it', async () => {
    const { certPem, keyPem } = generateSelfSignedCertificate();
    const port = await serve(certPem, keyPem);
    expect(await get(port, { ca: certPem, servername: 'localhost' })).toEqual({ body: 'hello accord', authorized: true });
    expect(await get(port, { ca: certPem })).toEqual({ body: 'hello accord', authorized: true }); // checked against the IP SAN
  });

  it('is refused by a client that does not trust it, and for a name it does not carry', async () => {
    const { certPem, keyPem } = generateSelfSignedCertificate({ dnsNames: ['other.test'], ipAddresses: [] });
    const port = await serve(certPem, keyPem);
    await expect(get(port, { servername: 'other.test' })).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    await expect(get(port, { ca: certPem, servername: 'localhost' })).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(await get(port, { ca: certPem, servername: 'other.test' })).toEqual({ body: 'hello accord', authorized: true });
  });
});
