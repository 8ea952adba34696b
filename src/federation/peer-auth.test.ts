// Authenticating peer nodes against the member list: a signed request from an active member's
// key is a peer principal; everything else is refused with a code the server can map.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { thrown } from '../../test/support/thrown.js';
import { AccordError } from '../stix/index.js';
import { generateNodeKey, publicKeyInfo, StaticMembership, type MemberRecord, type MemberStatus, type NodeKey } from '../trust/index.js';
import { accordKeyId, ReplayCache, signRequest } from './http-signatures.js';
import { authenticatePeer, peerRequestUrl, type PeerRequest } from './peer-auth.js';

function member(name: string, status: MemberStatus, ...keys: NodeKey[]): MemberRecord {
  return {
    id: `identity--${randomUUID()}`, name, nodeUrl: `https://${name}.example`, status,
    keys: keys.map((k) => ({ fingerprint: k.fingerprint, publicKey: publicKeyInfo(k).publicKey, key: k.publicKey })),
  };
}

const oldKeyA = generateNodeKey('signing');
const keyA = generateNodeKey('signing');
const keyS = generateNodeKey('signing');
const a = member('node-a', 'active', keyA, oldKeyA);
const s = member('node-s', 'suspended', keyS);
const membership = new StaticMembership([a, s]);

const ORIGIN = 'https://node-b.example';
const NOW = new Date('2025-06-15T12:00:00Z');
const CREATED = Math.floor(NOW.getTime() / 1000);
const TARGET = '/taxii2/accord/collections/c1/objects/?added_after=2025-06-15T00:00:00.000Z';

/** A request as node B's server receives it from `from`, signed with `key`. */
function received(from: MemberRecord, key: NodeKey, init: { method?: string; body?: string; host?: string } = {}): PeerRequest {
  const method = init.method ?? 'GET';
  const url = peerRequestUrl(ORIGIN, TARGET);
  const headers: Record<string, string> = { accept: 'application/taxii+json;version=2.1', ...(init.body !== undefined ? { 'content-type': 'application/taxii+json;version=2.1' } : {}) };
  const added = signRequest({ method, url, headers, body: init.body }, { key, keyId: accordKeyId(from.id, key.fingerprint), created: CREATED });
  // The Host header says whatever the proxy in front put there; the URL comes from configuration.
  return { method, url, headers: { ...headers, ...added, host: init.host ?? 'node-b.internal:8470' }, rawBody: init.body };
}

describe('authenticatePeer', () => {
  it('turns a request signed by an active member into a peer principal', () => {
    expect(authenticatePeer(received(a, keyA), membership, new ReplayCache(), NOW)).toEqual({ kind: 'peer', memberId: a.id, fingerprint: keyA.fingerprint });
    const push = received(a, keyA, { method: 'POST', body: '{"objects":[]}' });
    expect(authenticatePeer(push, membership, new ReplayCache(), NOW).memberId).toBe(a.id);
  });

  it('accepts any listed key of the member (a rotation) and says which one signed', () => {
    expect(authenticatePeer(received(a, oldKeyA), membership, new ReplayCache(), NOW).fingerprint).toBe(oldKeyA.fingerprint);
  });

  it('refuses a suspended member as forbidden, after proving who it is', () => {
    expect(thrown(() => authenticatePeer(received(s, keyS), membership, new ReplayCache(), NOW), AccordError)).toMatchObject({ kind: 'forbidden', code: 'peer.member-not-active' });
  });

  it('refuses requests from keys or members not in the list', () => {
    const strangerKey = generateNodeKey('signing');
    const stranger = member('stranger', 'active', strangerKey);
    const e = thrown(() => authenticatePeer(received(stranger, strangerKey), membership, new ReplayCache(), NOW), AccordError);
    expect(e).toMatchObject({ kind: 'unauthenticated', code: 'peer.unknown-key' });
    expect(thrown(() => authenticatePeer(received(a, keyS), membership, new ReplayCache(), NOW), AccordError).code).toBe('peer.unknown-key');
  });

  it('refuses an unsigned request, a replay, an expired signature and a tampered body', () => {
    const cache = new ReplayCache();
    const req = received(a, keyA, { method: 'POST', body: '{"objects":[]}' });
    const c = (f: () => unknown): string => thrown(f, AccordError).code;
    expect(c(() => authenticatePeer({ method: 'GET', url: `${ORIGIN}${TARGET}`, headers: {} }, membership, cache, NOW))).toBe('peer.no-signature');
    expect(authenticatePeer(req, membership, cache, NOW).memberId).toBe(a.id);
    expect(c(() => authenticatePeer(req, membership, cache, NOW))).toBe('peer.replayed-nonce');
    expect(c(() => authenticatePeer(req, membership, new ReplayCache(), new Date(NOW.getTime() + 91_000)))).toBe('peer.signature-expired');
    expect(c(() => authenticatePeer({ ...req, rawBody: '{"objects":[{}]}' }, membership, new ReplayCache(), NOW))).toBe('peer.content-digest-mismatch');
    expect(c(() => authenticatePeer(req, membership, new ReplayCache(), new Date(NOW.getTime() + 70_000), 5))).toBe('peer.signature-expired');
  });

  it('ignores the Host header: the URL is this node\'s public origin plus the request target', () => {
    expect(authenticatePeer(received(a, keyA, { host: 'anything.example' }), membership, new ReplayCache(), NOW).memberId).toBe(a.id);
    // A request signed for another node does not verify here, whatever its Host header says.
    const forC = received(a, keyA);
    const elsewhere = signRequest({ method: 'GET', url: `https://node-c.example${TARGET}`, headers: { accept: 'application/taxii+json;version=2.1' } }, { key: keyA, keyId: accordKeyId(a.id, keyA.fingerprint), created: CREATED });
    const replayedHere = { ...forC, headers: { ...(forC.headers as Record<string, string>), ...elsewhere, host: 'node-b.example' } };
    expect(thrown(() => authenticatePeer(replayedHere, membership, new ReplayCache(), NOW), AccordError).code).toBe('peer.bad-signature');
  });
});

describe('peerRequestUrl', () => {
  it('joins the public origin and an origin-form request target as text', () => {
    expect(peerRequestUrl('https://node-b.example', '/taxii2/?x=1')).toBe('https://node-b.example/taxii2/?x=1');
    expect(peerRequestUrl('https://node-b.example/', '/a')).toBe('https://node-b.example/a');
    expect(peerRequestUrl('http://127.0.0.1:8470', '//evil.example/x')).toBe('http://127.0.0.1:8470//evil.example/x');
    expect(new URL(peerRequestUrl('http://127.0.0.1:8470', '//evil.example/x')).host).toBe('127.0.0.1:8470');
  });

  it('refuses a target that is not origin-form and an origin that is not a URL', () => {
    expect(thrown(() => peerRequestUrl('https://node-b.example', 'https://evil.example/'), AccordError).code).toBe('peer.bad-target-uri');
    expect(thrown(() => peerRequestUrl('https://node-b.example', '*'), AccordError).code).toBe('peer.bad-target-uri');
    expect(thrown(() => peerRequestUrl('node-b', '/'), AccordError).code).toBe('peer.bad-target-uri');
  });
});
