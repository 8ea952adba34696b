// RFC 9421 request signatures: the RFC's own Ed25519 vector byte for byte, the structured-field
// reader, the signature base rules, and Accord's profile against every tampering we can think of.
import { createPrivateKey, createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { thrown } from '../../test/support/thrown.js';
import { AccordError } from '../stix/index.js';
import { generateNodeKey, type NodeKey } from '../trust/index.js';
import {
  accordKeyId, contentDigest, createSignature, fieldValue, parseAccordKeyId, parseDictionary, readSignature, readSignatureInput, ReplayCache,
  serializeSignatureParams, signatureBase, signatureInput, signRequest, verifyContentDigest, verifyRequest, verifySignatureBytes,
  type HttpRequestMessage, type SignRequestOptions, type VerifyRequestOptions,
} from './http-signatures.js';

function code(f: () => unknown): string {
  return thrown(f, AccordError).code;
}

// ---------------------------------------------------------------------------------------------
// RFC 9421 Appendix B.1.4 (test-key-ed25519) and B.2.6 (Signing a Request Using ed25519), over
// the test request of Appendix B.2. The RFC prints the long lines folded (RFC 8792); they are
// unfolded here, nothing else changed.

const RFC_PRIVATE_KEY = createPrivateKey(['-----BEGIN PRIVATE KEY-----', 'MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF', '-----END PRIVATE KEY-----', ''].join('\n'));
const RFC_PUBLIC_KEY = createPublicKey(['-----BEGIN PUBLIC KEY-----', 'MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=', '-----END PUBLIC KEY-----', ''].join('\n'));
const RFC_BODY = '{"hello": "world"}';
const RFC_REQUEST: HttpRequestMessage = {
  method: 'POST',
  url: 'http://example.com/foo?param=Value&Pet=dog',
  headers: {
    Host: 'example.com',
    Date: 'Tue, 20 Apr 2021 02:07:55 GMT',
    'Content-Type': 'application/json',
    'Content-Digest': 'sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:',
    'Content-Length': '18',
  },
  body: RFC_BODY,
};
const RFC_B26_BASE = [
  '"date": Tue, 20 Apr 2021 02:07:55 GMT',
  '"@method": POST',
  '"@path": /foo',
  '"@authority": example.com',
  '"content-type": application/json',
  '"content-length": 18',
  '"@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"',
].join('\n');
const RFC_B26_SIGNATURE_INPUT = 'sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"';
const RFC_B26_SIGNATURE = 'sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:';

describe('RFC 9421 Appendix B.2.6 (ed25519)', () => {
  const input = signatureInput(['date', '@method', '@path', '@authority', 'content-type', 'content-length'], { created: 1618884473, keyid: 'test-key-ed25519' });

  it('uses the B.1.4 key pair', () => {
    expect(createPublicKey(RFC_PRIVATE_KEY).export({ format: 'jwk' })).toEqual(RFC_PUBLIC_KEY.export({ format: 'jwk' }));
  });

  it('builds the signature base byte for byte', () => {
    expect(signatureBase(RFC_REQUEST, input)).toBe(RFC_B26_BASE);
  });

  it('produces the published Signature-Input and Signature (Ed25519 is deterministic)', () => {
    const signed = createSignature(RFC_REQUEST, 'sig-b26', input, RFC_PRIVATE_KEY);
    expect(signed.base).toBe(RFC_B26_BASE);
    expect(signed.signatureInput).toBe(RFC_B26_SIGNATURE_INPUT);
    expect(signed.signature).toBe(RFC_B26_SIGNATURE);
  });

  it('verifies the published fields with the public key', () => {
    const read = readSignatureInput(RFC_B26_SIGNATURE_INPUT, 'sig-b26');
    expect(read).toEqual(input);
    expect(verifySignatureBytes(RFC_REQUEST, read, readSignature(RFC_B26_SIGNATURE, 'sig-b26'), RFC_PUBLIC_KEY)).toBe(true);
    const other = { ...RFC_REQUEST, method: 'PUT' };
    expect(verifySignatureBytes(other, read, readSignature(RFC_B26_SIGNATURE, 'sig-b26'), RFC_PUBLIC_KEY)).toBe(false);
  });

  it('checks the B.2 request\'s sha-512 Content-Digest and reproduces RFC 9530\'s sha-256 example', () => {
    expect(() => verifyContentDigest(fieldValue(RFC_REQUEST.headers, 'content-digest') ?? '', RFC_BODY)).not.toThrow();
    expect(contentDigest(RFC_BODY)).toBe('sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:');
  });
});

describe('structured fields (RFC 8941)', () => {
  it('reads dictionaries of inner lists, items, parameters and every bare item type', () => {
    const d = parseDictionary('a=(1 "x" tok :AQID: ?0 -1.5);p, b;q=?1 ,c=:AQI:\t,  d=*t/x:y', 'X', 'x.bad');
    expect([...d.keys()]).toEqual(['a', 'b', 'c', 'd']);
    const a = d.get('a');
    expect(a?.kind === 'inner-list' && a.items.map((i) => i.value)).toEqual([
      { type: 'integer', value: 1 }, { type: 'string', value: 'x' }, { type: 'token', value: 'tok' },
      { type: 'bytes', value: Buffer.from([1, 2, 3]) }, { type: 'boolean', value: false }, { type: 'decimal', value: -1.5 },
    ]);
    expect(a?.params).toEqual([['p', { type: 'boolean', value: true }]]);
    expect(d.get('b')).toEqual({ kind: 'item', value: { type: 'boolean', value: true }, params: [['q', { type: 'boolean', value: true }]] });
    expect(d.get('c')).toEqual({ kind: 'item', value: { type: 'bytes', value: Buffer.from([1, 2]) }, params: [] });
  });

  it('refuses malformed input, naming what and where', () => {
    const bad = (v: string): string => thrown(() => parseDictionary(v, 'Signature-Input', 'peer.malformed-signature-input'), AccordError).message;
    expect(bad('a=(1 2), ')).toMatch(/a trailing ","/);
    expect(bad('a=1, a=2')).toMatch(/the key "a" repeated at character 6/);
    expect(bad('a=1;x;x')).toMatch(/the parameter "x" repeated/);
    expect(bad('a=(1 2')).toMatch(/closing "\)"/);
    expect(bad('a=(1,2)')).toMatch(/expected a space or "\)"/);
    expect(bad('a="x\\n"')).toMatch(/an escape other than/);
    expect(bad('a="x')).toMatch(/without its closing quote/);
    expect(bad('a="é"')).toMatch(/outside printable ASCII/);
    expect(bad('a=1234567890123456')).toMatch(/more than 15 digits/);
    expect(bad('a=1.2345')).toMatch(/more than 3 fractional/);
    expect(bad('a=1.')).toMatch(/ending in "."/);
    expect(bad('a=:AQ=ID:')).toMatch(/not base64/);
    expect(bad('a=:AQID')).toMatch(/closing ":"/);
    expect(bad('a=?2')).toMatch(/boolean/);
    expect(bad('A=1')).toMatch(/expected a key/);
    expect(bad('a=1 b=2')).toMatch(/expected "," between members at character 5/);
    expect(bad('')).toMatch(/empty dictionary/);
    expect(code(() => parseDictionary('a=', 'Signature', 'peer.malformed-signature'))).toBe('peer.malformed-signature');
  });

  it('re-serialises a signature input canonically, whatever whitespace it arrived with', () => {
    const read = readSignatureInput('x=1, sig=(   "@method"   "@path" );created=1; keyid="a\\"b"', 'sig');
    expect(serializeSignatureParams(read)).toBe('("@method" "@path");created=1;keyid="a\\"b"');
  });

  it('keeps the signer\'s parameter order', () => {
    const read = readSignatureInput('sig=("@method");keyid="k";created=1', 'sig');
    expect(serializeSignatureParams(read)).toBe('("@method");keyid="k";created=1');
  });

  it('refuses signature inputs outside the supported subset', () => {
    const c = (v: string): string => code(() => readSignatureInput(v, 's'));
    expect(c('s=1')).toBe('peer.malformed-signature-input');
    expect(c('s=(@method)')).toBe('peer.malformed-signature-input'); // a token, not a string
    expect(c('s=("@query-param";name="x")')).toBe('peer.malformed-signature-input');
    expect(c('s=("@request-target")')).toBe('peer.malformed-signature-input');
    expect(c('s=("@signature-params")')).toBe('peer.malformed-signature-input');
    expect(c('s=("Content-Type")')).toBe('peer.malformed-signature-input');
    expect(c('s=("accept" "accept")')).toBe('peer.malformed-signature-input');
    expect(c('s=("accept");foo=1')).toBe('peer.malformed-signature-input');
    expect(c('s=("accept");created="1"')).toBe('peer.malformed-signature-input');
    expect(c('s=("accept");keyid=k')).toBe('peer.malformed-signature-input');
    expect(c('s=("accept");created=-1')).toBe('peer.malformed-signature-input');
    expect(c('t=("accept")')).toBe('peer.no-signature');
  });
});

describe('signature base (RFC 9421 §2)', () => {
  const base = (req: Partial<HttpRequestMessage>, components: string[]): string =>
    signatureBase({ method: 'GET', url: 'https://node.example/a', headers: {}, ...req }, signatureInput(components, {})).split('\n').slice(0, -1).join('\n');

  it('derives the request components', () => {
    const url = 'HTTPS://Node.EXAMPLE:443/taxii2/api/collections/?added_after=2024-01-01T00:00:00Z&limit=10#frag';
    expect(base({ url }, ['@method', '@target-uri', '@authority', '@scheme', '@path', '@query'])).toBe([
      '"@method": GET',
      '"@target-uri": https://node.example/taxii2/api/collections/?added_after=2024-01-01T00:00:00Z&limit=10',
      '"@authority": node.example',
      '"@scheme": https',
      '"@path": /taxii2/api/collections/',
      '"@query": ?added_after=2024-01-01T00:00:00Z&limit=10',
    ].join('\n'));
    expect(base({ url: 'http://127.0.0.1:8470' }, ['@authority', '@path', '@query'])).toBe('"@authority": 127.0.0.1:8470\n"@path": /\n"@query": ?');
    expect(base({ url: 'http://[::1]:8470/x?' }, ['@authority', '@query'])).toBe('"@authority": [::1]:8470\n"@query": ?');
  });

  it('combines repeated fields with ", ", trims each, unfolds obs-fold, whatever the name\'s case', () => {
    const headers = { 'X-Many': ['  one ', '\ttwo, three  '], 'x-Fold': 'a\r\n  b', 'x-empty': '' };
    expect(base({ headers }, ['x-many', 'x-fold', 'x-empty'])).toBe('"x-many": one, two, three\n"x-fold": a b\n"x-empty": ');
    expect(base({ headers: new Headers({ Accept: 'application/taxii+json;version=2.1' }) }, ['accept'])).toBe('"accept": application/taxii+json;version=2.1');
  });

  it('refuses a covered field the message lacks, and values that would leave ASCII or forge a line', () => {
    expect(code(() => base({}, ['accept']))).toBe('peer.missing-component');
    expect(code(() => base({ headers: { 'x-a': 'caf\u00e9' } }, ['x-a']))).toBe('peer.bad-component');
    expect(code(() => base({ headers: { 'x-a': 'a\n"@method": POST' } }, ['x-a']))).toBe('peer.bad-component');
    expect(code(() => base({ method: 'GE T' }, ['@method']))).toBe('peer.bad-component');
    expect(code(() => base({ url: '/relative' }, ['@path']))).toBe('peer.bad-target-uri');
    expect(code(() => base({ url: 'ftp://node.example/' }, ['@path']))).toBe('peer.bad-target-uri');
    expect(code(() => base({ url: 'https://u:p@node.example/' }, ['@path']))).toBe('peer.bad-target-uri');
  });
});

// ---------------------------------------------------------------------------------------------
// Accord's profile.

const memberA = `identity--${randomUUID()}`;
const memberB = `identity--${randomUUID()}`;
const keyA = generateNodeKey('signing');
const keyB = generateNodeKey('signing');
const keyIdA = accordKeyId(memberA, keyA.fingerprint);
const keys = new Map<string, KeyObject>([[`${memberA};${keyA.fingerprint}`, keyA.publicKey], [`${memberB};${keyB.fingerprint}`, keyB.publicKey]]);
const keyOf = (id: string, fp: string): KeyObject | undefined => keys.get(`${id};${fp}`);

const T0 = 1_750_000_000;
const at = (s: number): Date => new Date(s * 1000);
const URL_PULL = 'https://node-b.example/taxii2/accord/collections/c1/objects/?added_after=2025-06-15T00:00:00.000Z';
const URL_PUSH = 'https://node-b.example/taxii2/accord/collections/c1/objects/';
const TAXII = 'application/taxii+json;version=2.1';
const ENVELOPE = '{"objects":[{"type":"indicator","id":"indicator--1"}]}';

function getRequest(): HttpRequestMessage {
  return { method: 'GET', url: URL_PULL, headers: { accept: TAXII, 'user-agent': 'accord/0.1' } };
}
function postRequest(): HttpRequestMessage {
  return { method: 'POST', url: URL_PUSH, headers: { accept: TAXII, 'content-type': TAXII }, body: ENVELOPE };
}

/** The request as it arrives: the signer's headers plus the signature fields. */
function signed(req: HttpRequestMessage, options: Partial<SignRequestOptions> = {}, key: NodeKey = keyA): HttpRequestMessage {
  const added = signRequest(req, { key, keyId: keyIdA, created: T0, nonce: randomUUID().replaceAll('-', ''), ...options });
  return { ...req, headers: { ...(req.headers as Record<string, string>), ...added } };
}

function verify(req: HttpRequestMessage, options: Partial<VerifyRequestOptions> = {}): ReturnType<typeof verifyRequest> {
  return verifyRequest(req, { keyOf, now: at(T0 + 1), ...options });
}

function withHeaders(req: HttpRequestMessage, changes: Record<string, string | undefined>): HttpRequestMessage {
  return { ...req, headers: { ...(req.headers as Record<string, string>), ...changes } };
}

describe('signRequest (the header format)', () => {
  it('signs a GET: method, target URI, authority, accept; created, expires = created + 60, nonce, alg, keyid, tag', () => {
    const h = signRequest(getRequest(), { key: keyA, keyId: keyIdA, created: T0, nonce: 'bm9uY2Utbm9uY2Utbm9uY2U' });
    expect(h).toEqual({
      'Signature-Input': `accord=("@method" "@target-uri" "@authority" "accept");created=${T0};expires=${T0 + 60};nonce="bm9uY2Utbm9uY2Utbm9uY2U";alg="ed25519";keyid="${keyIdA}";tag="accord-peer-v1"`,
      Signature: expect.stringMatching(/^accord=:[A-Za-z0-9+/]{86}==:$/) as unknown,
    });
  });

  it('adds and covers Content-Digest and Content-Type when there is a body', () => {
    const h = signRequest(postRequest(), { key: keyA, keyId: keyIdA, created: T0 });
    expect(h['Content-Digest']).toBe(contentDigest(ENVELOPE));
    expect(h['Signature-Input']).toMatch(/^accord=\("@method" "@target-uri" "@authority" "content-digest" "content-type" "accept"\);created=\d+;expires=\d+;nonce="[A-Za-z0-9_-]{22}";alg="ed25519";keyid="identity--[^"]+";tag="accord-peer-v1"$/);
  });

  it('draws a fresh nonce each time', () => {
    const n = (): string => /nonce="([^"]+)"/.exec(signRequest(getRequest(), { key: keyA, keyId: keyIdA })['Signature-Input'])?.[1] ?? '';
    expect(n()).not.toBe(n());
  });

  it('refuses a keyid that does not name the signing key, a key of another type, and a backwards lifetime', () => {
    expect(code(() => signRequest(getRequest(), { key: keyA, keyId: accordKeyId(memberA, keyB.fingerprint) }))).toBe('peer.bad-keyid');
    expect(code(() => signRequest(getRequest(), { key: keyA, keyId: 'test-key-ed25519' }))).toBe('peer.bad-keyid');
    expect(code(() => signRequest(getRequest(), { key: generateNodeKey('encryption'), keyId: keyIdA }))).toBe('peer.wrong-key-type');
    expect(code(() => signRequest(getRequest(), { key: keyA, keyId: keyIdA, created: T0, expires: T0 }))).toBe('peer.bad-parameter');
    expect(code(() => signRequest(getRequest(), { key: keyA, keyId: keyIdA, nonce: 'short' }))).toBe('peer.bad-parameter');
  });

  it('names keys as <identity id>;<fingerprint>', () => {
    expect(parseAccordKeyId(keyIdA)).toEqual({ memberId: memberA, fingerprint: keyA.fingerprint });
    expect(parseAccordKeyId('test-key-ed25519')).toBeUndefined();
    expect(parseAccordKeyId(`${memberA};${keyA.fingerprint.toUpperCase()}`)).toBeUndefined();
    expect(code(() => accordKeyId('member-a', keyA.fingerprint))).toBe('peer.bad-keyid');
  });
});

describe('verifyRequest (round trips)', () => {
  it('accepts signed GET and POST requests and names the signer', () => {
    expect(verify(signed(getRequest()))).toEqual({ memberId: memberA, fingerprint: keyA.fingerprint });
    expect(verify(signed(postRequest()))).toEqual({ memberId: memberA, fingerprint: keyA.fingerprint });
    expect(verify(signed({ ...postRequest(), body: new TextEncoder().encode(ENVELOPE) }))).toEqual({ memberId: memberA, fingerprint: keyA.fingerprint });
  });

  it('accepts what HTTP lets a proxy change: header case and order, added fields, a re-labelled signature', () => {
    const req = signed(postRequest());
    const headers: Record<string, string> = { via: '1.1 proxy', 'x-forwarded-for': '192.0.2.1', host: 'internal:8470' };
    for (const [k, v] of Object.entries(req.headers as Record<string, string>).reverse()) headers[k.toUpperCase()] = ` ${v} `;
    expect(verify({ ...req, headers }).memberId).toBe(memberA);
    const relabelled = withHeaders(req, {
      'Signature-Input': (req.headers as Record<string, string>)['Signature-Input']?.replace(/^accord=/, 'sig1='),
      Signature: (req.headers as Record<string, string>).Signature?.replace(/^accord=/, 'sig1='),
    });
    expect(verify(relabelled).memberId).toBe(memberA);
  });

  it('finds its signature beside another party\'s, in one field or several', () => {
    const req = signed(getRequest());
    const h = req.headers as Record<string, string>;
    const other = 'proxy=("@method" "@query-param";name="a");created=1;keyid="proxy";alg="hmac-sha256"';
    expect(verify({ ...req, headers: { ...h, 'Signature-Input': [other, h['Signature-Input'] ?? ''], Signature: [`proxy=:AAAA:`, h.Signature ?? ''] } }).memberId).toBe(memberA);
    expect(verify(withHeaders(req, { 'Signature-Input': `${other}, ${h['Signature-Input']}`, Signature: `proxy=:AAAA:, ${h.Signature}` })).memberId).toBe(memberA);
    expect(verify({ ...req, headers: new Headers(h) }).memberId).toBe(memberA);
  });
});

describe('verifyRequest (tampering)', () => {
  const get = signed(getRequest());
  const post = signed(postRequest());

  it('refuses another method, path, query or authority', () => {
    expect(code(() => verify({ ...get, method: 'DELETE' }))).toBe('peer.bad-signature');
    expect(code(() => verify({ ...post, url: URL_PUSH.replace('/c1/', '/c2/') }))).toBe('peer.bad-signature');
    expect(code(() => verify({ ...get, url: URL_PULL.replace('2025-06-15', '2020-01-01') }))).toBe('peer.bad-signature');
    expect(code(() => verify({ ...get, url: `${URL_PULL}&match[type]=indicator` }))).toBe('peer.bad-signature');
    expect(code(() => verify({ ...get, url: URL_PULL.replace('node-b.example', 'node-c.example') }))).toBe('peer.bad-signature');
    expect(code(() => verify({ ...get, url: URL_PULL.replace('https://node-b.example', 'https://node-b.example:8443') }))).toBe('peer.bad-signature');
    expect(code(() => verify({ ...get, url: URL_PULL.replace('https:', 'http:') }))).toBe('peer.bad-signature');
  });

  it('refuses a changed body, a changed digest, a removed digest, and a body added to a GET', () => {
    expect(code(() => verify({ ...post, body: ENVELOPE.replace('indicator--1', 'indicator--2') }))).toBe('peer.content-digest-mismatch');
    expect(code(() => verify({ ...post, body: undefined }))).toBe('peer.content-digest-mismatch');
    expect(code(() => verify(withHeaders(post, { 'Content-Digest': contentDigest('{}') })))).toBe('peer.bad-signature');
    expect(code(() => verify(withHeaders(post, { 'Content-Digest': undefined })))).toBe('peer.missing-component');
    expect(code(() => verify({ ...get, body: ENVELOPE }))).toBe('peer.components-not-covered');
  });

  it('refuses a changed, removed or added covered header', () => {
    expect(code(() => verify(withHeaders(get, { accept: 'application/json' })))).toBe('peer.bad-signature');
    expect(code(() => verify(withHeaders(post, { 'content-type': 'application/json' })))).toBe('peer.bad-signature');
    expect(code(() => verify(withHeaders(get, { accept: undefined })))).toBe('peer.missing-component');
    expect(code(() => verify(withHeaders(get, { 'content-type': TAXII })))).toBe('peer.components-not-covered');
  });

  it('covers a push range, and refuses one changed or added after signing', () => {
    const range = '2026-01-01T00:00:00.000000Z 2026-01-01T00:00:05.000000Z';
    const ranged = signed({ ...postRequest(), headers: { ...(postRequest().headers as Record<string, string>), 'accord-push-range': range } });
    expect((ranged.headers as Record<string, string>)['Signature-Input']).toContain('"accord-push-range"');
    expect(verify(ranged).memberId).toBe(memberA);
    expect(code(() => verify(withHeaders(ranged, { 'accord-push-range': range.replace('05.000000Z', '09.000000Z') })))).toBe('peer.bad-signature');
    expect(code(() => verify(withHeaders(post, { 'accord-push-range': range })))).toBe('peer.components-not-covered');
  });

  it('refuses changed parameters and changed signature bytes', () => {
    const h = get.headers as Record<string, string>;
    const input = h['Signature-Input'] ?? '';
    expect(code(() => verify(withHeaders(get, { 'Signature-Input': input.replace(`expires=${T0 + 60}`, `expires=${T0 + 120}`) })))).toBe('peer.bad-signature');
    expect(code(() => verify(withHeaders(get, { 'Signature-Input': input.replace(/nonce="[^"]+"/, 'nonce="AAAAAAAAAAAAAAAAAAAAAA"') })))).toBe('peer.bad-signature');
    expect(code(() => verify(withHeaders(get, { 'Signature-Input': input.replace(' "accept"', '') })))).toBe('peer.components-not-covered');
    expect(code(() => verify(withHeaders(get, { 'Signature-Input': input.replace('("@method" ', '("@method" "user-agent" ') })))).toBe('peer.bad-signature');
    const sig = Buffer.from(/:([^:]+):/.exec(h.Signature ?? '')?.[1] ?? '', 'base64');
    sig[10] = (sig[10] ?? 0) ^ 1;
    expect(code(() => verify(withHeaders(get, { Signature: `accord=:${sig.toString('base64')}:` })))).toBe('peer.bad-signature');
    expect(code(() => verify(withHeaders(get, { Signature: `accord=:${sig.subarray(0, 63).toString('base64')}:` })))).toBe('peer.malformed-signature');
  });

  it('refuses missing or malformed signature fields', () => {
    expect(code(() => verify(getRequest()))).toBe('peer.no-signature');
    expect(code(() => verify(withHeaders(get, { Signature: undefined })))).toBe('peer.malformed-signature');
    expect(code(() => verify(withHeaders(get, { 'Signature-Input': undefined })))).toBe('peer.malformed-signature-input');
    expect(code(() => verify(withHeaders(get, { 'Signature-Input': 'accord=("@method"' })))).toBe('peer.malformed-signature-input');
    expect(code(() => verify(withHeaders(get, { Signature: 'accord="abc"' })))).toBe('peer.malformed-signature');
    expect(code(() => verify(withHeaders(get, { Signature: 'other=:AAAA:' })))).toBe('peer.malformed-signature');
    const input = (get.headers as Record<string, string>)['Signature-Input'] ?? '';
    expect(code(() => verify(withHeaders(get, { 'Signature-Input': input.replace('accord-peer-v1', 'accord-peer-v0') })))).toBe('peer.no-signature');
    expect(code(() => verify(withHeaders(get, { 'Signature-Input': `${input}, again=${input.slice('accord='.length)}` })))).toBe('peer.ambiguous-signature');
    expect(code(() => verify(withHeaders(get, { 'Signature-Input': input.replace(/;alg="ed25519"/, '') })))).toBe('peer.missing-parameter');
    expect(code(() => verify(withHeaders(get, { 'Signature-Input': input.replace(/;expires=\d+/, '') })))).toBe('peer.missing-parameter');
    expect(code(() => verify(withHeaders(get, { 'Signature-Input': input.replace('alg="ed25519"', 'alg="rsa-pss-sha512"') })))).toBe('peer.wrong-algorithm');
    expect(code(() => verify(withHeaders(get, { 'Signature-Input': input.replace(/keyid="[^"]+"/, 'keyid="test-key-ed25519"') })))).toBe('peer.malformed-keyid');
    expect(code(() => verify(withHeaders(get, { 'Signature-Input': input.replace(/nonce="[^"]+"/, 'nonce="x"') })))).toBe('peer.malformed-signature-input');
  });
});

describe('verifyRequest (keys)', () => {
  it('refuses an unknown member or key', () => {
    const stranger = generateNodeKey('signing');
    const req = signed(getRequest(), { keyId: accordKeyId(memberA, stranger.fingerprint) }, stranger);
    expect(code(() => verify(req))).toBe('peer.unknown-key');
    const nobody = signed(getRequest(), { keyId: accordKeyId(`identity--${randomUUID()}`, keyA.fingerprint) });
    expect(code(() => verify(nobody))).toBe('peer.unknown-key');
  });

  it('refuses a keyid that names member A over a signature by member B\'s key', () => {
    // B signs, then claims to be A: the keyid picks A's key, which B's signature does not match.
    const byB = signRequest(getRequest(), { key: keyB, keyId: accordKeyId(memberB, keyB.fingerprint), created: T0 });
    const claimsA = byB['Signature-Input'].replace(`${memberB};${keyB.fingerprint}`, keyIdA);
    expect(code(() => verify(withHeaders(getRequest(), { 'Signature-Input': claimsA, Signature: byB.Signature })))).toBe('peer.bad-signature');
    expect(verify(withHeaders(getRequest(), byB)).memberId).toBe(memberB);
  });

  it('refuses a key that is not Ed25519', () => {
    const x = generateNodeKey('encryption').publicKey;
    expect(code(() => verify(signed(getRequest()), { keyOf: () => x }))).toBe('peer.wrong-algorithm');
  });
});

describe('verifyRequest (time)', () => {
  const req = signed(getRequest()); // created T0, expires T0 + 60

  it('accepts within the lifetime, widened by the skew on both sides', () => {
    expect(verify(req, { now: at(T0 - 30) }).memberId).toBe(memberA);
    expect(verify(req, { now: at(T0 + 90) }).memberId).toBe(memberA);
    expect(verify(req, { now: at(T0 + 65), maxSkewSeconds: 5 }).memberId).toBe(memberA);
  });

  it('refuses an expired signature and one created in the future beyond the skew', () => {
    expect(code(() => verify(req, { now: at(T0 + 91) }))).toBe('peer.signature-expired');
    expect(code(() => verify(req, { now: at(T0 + 66), maxSkewSeconds: 5 }))).toBe('peer.signature-expired');
    expect(code(() => verify(req, { now: at(T0 - 31) }))).toBe('peer.signature-created-in-future');
    expect(code(() => verify(req, { now: at(T0 - 1), maxSkewSeconds: 0 }))).toBe('peer.signature-created-in-future');
  });

  it('refuses lifetimes longer than 300 s and backwards ones', () => {
    expect(verify(signed(getRequest(), { expires: T0 + 300 })).memberId).toBe(memberA);
    expect(code(() => verify(signed(getRequest(), { expires: T0 + 301 })))).toBe('peer.signature-lifetime-too-long');
    const input = (req.headers as Record<string, string>)['Signature-Input'] ?? '';
    expect(code(() => verify(withHeaders(req, { 'Signature-Input': input.replace(`expires=${T0 + 60}`, `expires=${T0}`) })))).toBe('peer.malformed-signature-input');
  });
});

describe('verifyRequest (replay)', () => {
  it('accepts a request once', () => {
    const cache = new ReplayCache();
    const seenNonce = cache.seen.bind(cache);
    const req = signed(postRequest());
    expect(verify(req, { seenNonce }).memberId).toBe(memberA);
    expect(code(() => verify(req, { seenNonce }))).toBe('peer.replayed-nonce');
    expect(code(() => verify(req, { seenNonce, now: at(T0 + 50) }))).toBe('peer.replayed-nonce');
    expect(verify(signed(postRequest()), { seenNonce }).memberId).toBe(memberA);
  });

  it('spends no nonce on a request that fails', () => {
    const cache = new ReplayCache();
    const seenNonce = cache.seen.bind(cache);
    const req = signed(postRequest());
    expect(code(() => verify({ ...req, body: '{}' }, { seenNonce }))).toBe('peer.content-digest-mismatch');
    expect(code(() => verify({ ...req, method: 'PUT' }, { seenNonce }))).toBe('peer.bad-signature');
    expect(cache.size).toBe(0);
    expect(verify(req, { seenNonce }).memberId).toBe(memberA);
  });

  it('keeps each nonce until its signature could no longer be accepted (expires + skew)', () => {
    let kept = 0;
    verify(signed(getRequest()), { seenNonce: (_n, keepUntil) => ((kept = keepUntil), false) });
    expect(kept).toBe(T0 + 60 + 30);
  });
});

describe('ReplayCache', () => {
  it('remembers live nonces, forgets expired ones', () => {
    const cache = new ReplayCache();
    expect(cache.seen('n1', 100, 10)).toBe(false);
    expect(cache.seen('n1', 100, 100)).toBe(true);
    expect(cache.seen('n1', 200, 101)).toBe(false); // expired, so recorded anew
    expect(cache.seen('n1', 200, 150)).toBe(true);
  });

  it('is bounded: frees expired slots, and refuses rather than forget a live nonce', () => {
    const cache = new ReplayCache(3);
    cache.seen('a', 50, 0);
    cache.seen('b', 10, 0); // expires first though recorded later
    cache.seen('c', 50, 0);
    expect(thrown(() => cache.seen('d', 50, 5), AccordError)).toMatchObject({ kind: 'unavailable', code: 'peer.replay-cache-full' });
    expect(cache.seen('d', 50, 11)).toBe(false); // b's slot freed by the full sweep
    expect(cache.size).toBe(3);
    expect(cache.seen('a', 50, 11)).toBe(true);
    expect(cache.seen('e', 100, 51)).toBe(false);
    expect(cache.size).toBe(1);
  });

  it('stays small under a long stream of requests', () => {
    const cache = new ReplayCache(1000);
    for (let t = 0; t < 20_000; t++) expect(cache.seen(`n${t}`, t + 90, t)).toBe(false);
    expect(cache.size).toBeLessThanOrEqual(91);
  });
});

describe('verifying before the body is read (a server authenticates first)', () => {
  it('checks the signature from the fields alone, and leaves the digest to verifyContentDigest once the body is in', () => {
    const req = signed(postRequest());
    const arriving = withHeaders({ ...req, body: undefined }, { 'content-length': String(Buffer.byteLength(ENVELOPE)) });
    expect(verify(arriving, { bodyPending: true }).memberId).toBe(memberA);
    const digest = (arriving.headers as Record<string, string>)['Content-Digest'] ?? '';
    expect(() => verifyContentDigest(digest, ENVELOPE)).not.toThrow();
    expect(code(() => verifyContentDigest(digest, ENVELOPE.replace('indicator--1', 'indicator--2')))).toBe('peer.content-digest-mismatch');
  });

  it('requires content-digest to be covered whenever a body is announced', () => {
    const get = signed(getRequest());
    expect(code(() => verify(withHeaders(get, { 'content-length': '12' }), { bodyPending: true }))).toBe('peer.components-not-covered');
    expect(code(() => verify(withHeaders(get, { 'transfer-encoding': 'chunked' }), { bodyPending: true }))).toBe('peer.components-not-covered');
    expect(verify(withHeaders(get, { 'content-length': '0' }), { bodyPending: true }).memberId).toBe(memberA);
  });
});
