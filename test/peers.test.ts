// Three member nodes as real `accord serve` processes on loopback, each configured with the same
// member list. A shares objects under different audiences; B and C pull A's TAXII collection as
// peers, signing every request with their member keys (RFC 9421). Each sees exactly what the
// sharing policy lets A's node pass to it, with the share records that prove it; nobody else gets
// in: no signature, another member's key, a replayed request, a delete, a push no share record proves.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peerSigner } from '../src/federation/index.js';
import { verifyShare } from '../src/sharing/index.js';
import { isAccordError, tlpMarkingId } from '../src/stix/index.js';
import { TaxiiClient, type RequestSigner } from '../src/taxii/client/index.js';
import { parseMemberList, StaticMembership } from '../src/trust/index.js';
import { initFederation, runAccord, startNode, type TestMember } from './support/cli.js';
import { buildIndicator } from './support/factories.js';


async function pull(url: string, signer: RequestSigner | undefined): Promise<{ ids: string[]; texts: string[] }> {
  const client = new TaxiiClient({ ...(signer !== undefined ? { signer } : {}), retry: { attempts: 1 } });
  try {
    const root = await client.connect(`${url}/taxii2/`);
    const texts: string[] = [];
    for await (const e of root.collection('default').allObjects({ match: { version: ['all'] } })) if (e.kind === 'object') texts.push(e.text);
    return { ids: texts.map((t) => (JSON.parse(t) as { id: string }).id), texts };
  } finally {
    client.close();
  }
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isAccordError(e)) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'no refusal';
}

describe('peers read each other over signed TAXII, exactly what the sharing policy allows', () => {
  let dir: string;
  const m: Record<'a' | 'b' | 'c', TestMember> = {} as Record<'a' | 'b' | 'c', TestMember>;
  const shared = {
    amberForB: buildIndicator({ name: 'for B only', object_marking_refs: [tlpMarkingId('amber')] }),
    greenForAll: buildIndicator({ name: 'for everyone', object_marking_refs: [tlpMarkingId('green')] }),
    kept: buildIndicator({ name: 'not shared' }),
  };
  let nodeA: Awaited<ReturnType<typeof startNode>> | undefined;
  const urlA = (): string => {
    if (nodeA === undefined) throw new Error('node A did not start');
    return nodeA.url;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-peers-'));
    Object.assign(m, await initFederation(dir, ['a', 'b', 'c'] as const));
    writeFileSync(join(dir, 'bundle.json'), JSON.stringify({ type: 'bundle', id: 'bundle--0f3b5ad1-5e39-4d1c-9d6e-1f0d6a1c2b3e', objects: Object.values(shared) }));
    expect((await runAccord(['import', '--data', m.a.data, join(dir, 'bundle.json')])).code).toBe(0);

    // A share may never be wider than the object's own marking: refused before anything is signed or stored.
    let r = await runAccord(['share', String(shared.amberForB.id), '--tlp', 'green', '--all', '--data', m.a.data]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/the sharing policy refuses this share: .*marked TLP:AMBER/);
    r = await runAccord(['share', String(shared.amberForB.id), '--tlp', 'amber', '--members', m.b.entry.id, '--data', m.a.data]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/TLP:AMBER/);
    expect(r.stdout).toMatch(/CERT-B may read this/);
    expect(r.stdout).not.toMatch(/CERT-C/);
    r = await runAccord(['share', String(shared.greenForAll.id), '--tlp', 'green', '--all', '--relay', '--data', m.a.data]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/CERT-B may read this/);
    expect(r.stdout).toMatch(/CERT-C may read this/);
    nodeA = await startNode(['--data', m.a.data, '--port', String(m.a.port)]);
  }, 120_000);

  afterAll(async () => {
    await nodeA?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves B the AMBER object shared with B and the GREEN one shared with all, with their share records, and C only the GREEN one', async () => {
    const url = urlA();
    const b = await pull(url, peerSigner(m.b.entry.id, m.b.key));
    const c = await pull(url, peerSigner(m.c.entry.id, m.c.key));
    const objectsOf = (ids: string[]): string[] => ids.filter((id) => !id.startsWith('x-accord-share--')).sort();
    expect(objectsOf(b.ids)).toEqual([shared.amberForB.id, shared.greenForAll.id].map(String).sort());
    expect(objectsOf(c.ids)).toEqual([String(shared.greenForAll.id)]);
    expect(b.ids.filter((id) => id.startsWith('x-accord-share--'))).toHaveLength(2);
    expect(c.ids.filter((id) => id.startsWith('x-accord-share--'))).toHaveLength(1);
    // Every record B receives verifies with A's key from the member list, and names what B received.
    const membership = new StaticMembership(parseMemberList([m.a.entry, m.b.entry, m.c.entry], undefined, 'test').members);
    for (const text of b.texts.filter((t) => t.includes('"x-accord-share"'))) {
      const verdict = verifyShare(JSON.parse(text), (id, fp) => membership.keyOf(id, fp), new Date());
      expect(verdict.ok).toBe(true);
      if (verdict.ok) expect(b.ids).toContain(verdict.share.objectId);
    }
    // Records come before the versions they prove.
    const firstRecord = b.ids.findIndex((id) => id.startsWith('x-accord-share--'));
    expect(firstRecord).toBeLessThan(b.ids.indexOf(String(shared.amberForB.id)));
  });

  it('refuses unsigned requests, a key that is not the claimed member\'s, deletes by peers, and pushes without a share record', async () => {
    expect(await refusal(pull(urlA(), undefined))).toMatch(/^taxii\.http-401/);
    expect(await refusal(pull(urlA(), peerSigner(m.b.entry.id, m.c.key)))).toMatch(/^taxii\.http-401.*no member .* with the key/);
    const client = new TaxiiClient({ signer: peerSigner(m.b.entry.id, m.b.key), retry: { attempts: 1 } });
    try {
      const root = await client.connect(`${urlA()}/taxii2/`);
      // A push is not an import: an object no share record proves is held back, reported per object.
      const unproven = buildIndicator();
      const status = await root.collection('default').add([JSON.stringify(unproven)]);
      expect(status.success_count).toBe(0);
      expect(status.failures?.map((f) => [f.id, f.message?.split(':')[0]])).toEqual([[unproven.id, 'sync.no-share-record']]);
      expect(await refusal(root.collection('default').delete(String(shared.greenForAll.id)))).toMatch(/^taxii\.http-401/);
    } finally {
      client.close();
    }
  });

  it('refuses a replayed signed request', async () => {
    const url = `${urlA()}/taxii2/accord/collections/`;
    const headers = { accept: 'application/taxii+json;version=2.1' };
    const signed = { ...headers, ...peerSigner(m.b.entry.id, m.b.key)({ method: 'GET', url, headers }) };
    expect((await fetch(url, { headers: signed })).status).toBe(200);
    const again = await fetch(url, { headers: signed });
    expect(again.status).toBe(401);
    expect(await again.text()).toMatch(/was used already/);
  });
});
