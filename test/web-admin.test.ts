// The federation and administration pages in a real browser (Debian's Chromium through
// playwright-core) against a real node over HTTP: an administrator adds a user (who then signs in
// with the password shown once), changes roles, revokes a token, finds those acts in the audit
// log and the chain verified — and, after a row of the audit log is changed in the database, the
// break at that entry; a non-administrator has no administration menu and is told so at /admin;
// the federation page shows the members, a proposal a liaison officer endorses, the peers' sync
// health and quarantine, and a publication request a second analyst approves. No serious axe-core
// violation; screenshots of both pages in English and Arabic.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MembersApi, MembersListing, PeerStatusSource } from '../src/server/index.js';
import { PublishingService, VisibilityService, type MemberId, type MembershipView } from '../src/sharing/index.js';
import { tlpMarkingId } from '../src/stix/index.js';
import { generateNodeKey } from '../src/trust/index.js';
import { MESSAGES } from '../web/src/i18n/catalog.js';
import { openBrowser, seriousViolations, shot, signIn, type TestBrowser } from './support/browser.js';
import { buildIndicator } from './support/factories.js';
import { startTestNode, TEST_PASSWORD, type TestNode } from './support/node-app.js';
import { putObjects } from './support/store.js';

const { en, ar } = MESSAGES;
const A = 'identity--00000000-0000-4000-8000-0000000000a0';
const B = 'identity--00000000-0000-4000-8000-0000000000b0';
const C = 'identity--00000000-0000-4000-8000-0000000000c0';
const DECISION = 'x-accord-membership-decision--5b0c1a2e-7d3f-4e8a-9b1c-2d3e4f5a6b7c';
const NAMES: Record<string, string> = { [A]: 'CERT-Alpha', [B]: 'CERT-Beta', [C]: 'CERT-Gamma' };
const sharing: MembershipView = {
  isMember: (m: MemberId) => m in NAMES, members: () => Object.keys(NAMES), groupMembers: () => undefined, nameOf: (m: MemberId) => NAMES[m] ?? m,
};

/** The peers' status as the node's sync would report it: one behind and failing, with what it held back; one in sync. */
const peerStatus: PeerStatusSource = {
  statuses: () => Promise.resolve([
    {
      memberId: B, name: 'CERT-Beta', nodeUrl: 'https://beta.example:8470', lastAttempt: '2026-11-28T08:59:00Z', lastSuccess: '2026-11-28T06:00:00Z',
      lastError: { code: 'sync.peer-unreachable', message: 'connection refused by beta.example:8470', at: '2026-11-28T08:59:00Z' }, failures: 4,
      objectsReceived: 1200, recordsReceived: 600, accepted: 1190, quarantined: 10, checkpoint: '2026-11-28T06:00:00.000Z', caughtUp: false, lagSeconds: 3 * 3600,
      lastPush: '2026-11-28T05:00:00Z', pushError: { code: 'push.refused', message: 'answered 503', at: '2026-11-28T08:00:00Z' }, pushFailures: 2, pushed: 40,
    },
    {
      memberId: C, name: 'CERT-Gamma', nodeUrl: 'https://gamma.example:8470', lastAttempt: '2026-11-28T08:59:30Z', lastSuccess: '2026-11-28T08:59:30Z',
      lastError: null, failures: 0, objectsReceived: 300, recordsReceived: 150, accepted: 300, quarantined: 0, checkpoint: null, caughtUp: true, lagSeconds: 0,
      lastPush: '2026-11-28T08:58:00Z', pushError: null, pushFailures: 0, pushed: 12,
    },
  ]),
  quarantine: (member) => Promise.resolve(member === B ? [{
    at: '2026-11-28T06:00:00Z', objectId: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', version: '2026-11-28T05:59:00.000Z', hash: null,
    code: 'share.bad-signature', reason: 'the share record\'s signature does not verify with CERT-Beta\'s key',
  }] : []),
};

/** The membership as the node computes it: three members, a proposal to suspend C that B endorsed. Endorsing adds this member (A). */
function membersApi(node: () => TestNode): MembersApi & { endorsed: string[] } {
  const endorsed: string[] = [];
  return {
    endorsed,
    listing: () => Promise.resolve({
      self: A, charter: 'ab'.repeat(32), head: null, rule: { kind: 'qualified-majority', numerator: 2, denominator: 3 },
      members: [
        { id: A, name: 'CERT-Alpha', nodeUrl: 'https://alpha.example:8470', status: 'active', keys: [], contacts: { pointOfContact: 'Alpha 24/7 desk', email: 'desk@alpha.example' } },
        { id: B, name: 'CERT-Beta', nodeUrl: 'https://beta.example:8470', status: 'active', keys: [], contacts: { pointOfContact: 'Beta duty officer' } },
        { id: C, name: 'CERT-Gamma', nodeUrl: 'https://gamma.example:8470', status: 'active', keys: [], contacts: {} },
      ],
      sharingGroups: [],
      pending: [{
        id: DECISION, hash: 'cd'.repeat(32), action: 'suspend', endorsedBy: [B, ...endorsed], notYet: [A].filter((m) => !endorsed.includes(m)),
        needed: endorsed.length > 0 ? 0 : 1, invalid: [],
      }],
      refused: [],
    } satisfies MembersListing),
    propose: () => Promise.reject(new Error('not in this test')),
    endorse: async (id, actor) => {
      endorsed.push(A);
      await node().audit.record({ actor, action: 'membership.endorsed', target: id, details: {} });
      return { id, applied: false };
    },
  };
}

let node: TestNode;
let browser: TestBrowser;
let members: ReturnType<typeof membersApi>;

beforeAll(async () => {
  const key = generateNodeKey('signing');
  members = membersApi(() => node);
  node = await startTestNode({
    peerStatus, members,
    publishing: (store, audit) => new PublishingService({
      store, audit, visibility: new VisibilityService(store, sharing, A), membership: sharing, self: A, key, fourEyes: ['amber'],
      keyOf: (m, fp) => (m === A && fp === key.fingerprint ? key.publicKey : undefined),
    }),
  });
  for (const [username, roles] of [['root', ['admin']], ['amina', ['analyst']], ['bob', ['analyst']], ['lena', ['liaison']]] as const) {
    await node.identity.addUser({ username, password: TEST_PASSWORD, roles: [...roles] }, 'test');
  }
  await node.identity.createToken('amina', { name: 'ci-sensor' }, 'test');
  browser = await openBrowser({ bypassCSP: true });
});
afterAll(async () => {
  await browser?.close();
  await node?.close();
});

const as = (page: Page, username: string): Promise<void> => signIn(page, node.url, username, TEST_PASSWORD);
const status = (page: Page, text: string) => page.locator('[role="status"]', { hasText: text }).waitFor();

/** Switches the signed-in user's language with the header's picker, and waits for the layout to follow. */
async function language(page: Page, l: 'en' | 'ar'): Promise<void> {
  await page.locator('#language').selectOption(l);
  await expect.poll(() => page.locator('html').getAttribute('dir')).toBe(l === 'ar' ? 'rtl' : 'ltr');
}

describe('the administration page', () => {
  it('adds a user who signs in with the password shown once, changes roles, revokes a token, and shows those acts and the chain verified', async () => {
    const page = await browser.context.newPage();
    await as(page, 'root');
    await page.locator('nav a', { hasText: en['admin.nav'] }).click();
    await page.locator('main h1', { hasText: en['admin.title'] }).waitFor();
    await page.locator('.notice.verified', { hasText: 'Verified' }).waitFor();

    await page.locator('#new-username').fill('karim');
    await page.locator('#new-role-observer').check();
    await page.locator('form.add-user button[type="submit"]').click();
    const password = (await page.locator('code.secret').textContent()) ?? '';
    expect(password.length).toBeGreaterThanOrEqual(12);
    const other = await openBrowser();
    try {
      const fresh = await other.context.newPage();
      await signIn(fresh, node.url, 'karim', password);
      await fresh.locator('h1', { hasText: 'Welcome, karim' }).waitFor();
      expect(await fresh.locator('nav a', { hasText: en['admin.nav'] }).count()).toBe(0);
    } finally {
      await other.close();
    }
    await page.locator('.notice.once button').click();
    expect(await page.locator('code.secret').count()).toBe(0);

    const karim = page.locator('table.users tr', { has: page.locator('th', { hasText: /^karim$/ }) });
    await karim.locator('button', { hasText: en['admin.editRoles'] }).click();
    await page.locator('#roles-karim-analyst').check();
    await karim.locator('button[type="submit"]').click();
    await status(page, en['admin.rolesSaved'].replace('{name}', 'karim'));
    await expect.poll(async () => ((await karim.locator('td').first().textContent()) ?? '').split(', ').sort()).toEqual([en['role.analyst'], en['role.observer']]);
    expect([...(await node.identity.listUsers()).find((u) => u.username === 'karim')?.roles ?? []].sort()).toEqual(['analyst', 'observer']);

    const token = page.locator('table.tokens tr', { hasText: 'ci-sensor' });
    await token.locator('button', { hasText: en['admin.revoke'] }).click();
    expect(await token.locator('[role="alert"]').textContent()).toBe(en['admin.confirmRevoke'].replace('{name}', 'ci-sensor').replace('{owner}', 'amina'));
    await token.locator('button', { hasText: en['admin.confirmYes'] }).click();
    await status(page, en['admin.tokenRevoked']);
    await token.locator('td', { hasText: 'Revoked on' }).waitFor();
    expect((await node.identity.listTokens('amina'))[0]?.revokedAt).not.toBeNull();

    // The audit log shows each act, with root as the actor; a filter narrows it to one action.
    const audit = page.locator('table.audit');
    for (const action of ['user.created', 'user.roles-changed', 'token.revoked']) {
      await audit.locator('tr', { hasText: action }).filter({ hasText: 'user:root' }).first().waitFor();
    }
    await page.locator('#audit-action').fill('token.revoked');
    await page.locator('form.filters button[type="submit"]').click();
    await expect.poll(async () => [...new Set(await audit.locator('tbody tr td:nth-child(4)').allTextContents())]).toEqual(['token.revoked']);
    await page.locator('button', { hasText: en['admin.verify'] }).click();
    await page.locator('.notice.verified', { hasText: 'Verified' }).waitFor();
    await page.locator('form.filters button', { hasText: en['admin.clear'] }).click();

    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'en-admin');
    await language(page, 'ar');
    await page.locator('main h1', { hasText: ar['admin.title'] }).waitFor();
    await page.locator('.notice.verified').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'ar-admin');
    await language(page, 'en');
    await page.close();
  });

  it('tells anyone but an administrator that the page is not theirs, and offers no menu entry for it', async () => {
    const page = await browser.context.newPage();
    await as(page, 'amina');
    expect(await page.locator('nav a').allTextContents()).not.toContain(en['admin.nav']);
    await page.goto(`${node.url}/admin`);
    await page.locator('[role="alert"]', { hasText: en['admin.adminsOnly'] }).waitFor();
    expect(await page.locator('table').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('shows where the chain breaks after a row of the audit log is changed in the database', async () => {
    const head = (await node.store.audit.head())?.seq ?? 0;
    const target = Math.max(1, head - 3);
    const db = new Database(join(node.dir, 'accord.db'));
    try {
      db.prepare('UPDATE audit_log SET actor = ? WHERE seq = ?').run('user:nobody', target);
    } finally {
      db.close();
    }
    const page = await browser.context.newPage();
    await as(page, 'root');
    await page.goto(`${node.url}/admin`);
    const broken = page.locator('.notice.broken');
    await broken.waitFor();
    expect(await broken.textContent()).toContain(en['admin.broken'].replace('{seq}', String(target)).replace('{reason}', en['admin.fault.hash-mismatch']));
    expect(await broken.textContent()).toContain(`entry ${target} was changed`);
    await page.close();
  });
});

describe('the federation page', () => {
  it('shows members, the proposal, the peers\' health and quarantine to an administrator, in English and Arabic', async () => {
    const page = await browser.context.newPage();
    await as(page, 'root');
    await page.locator('nav a', { hasText: en['federation.nav'] }).click();
    await page.locator('main h1', { hasText: en['federation.title'] }).waitFor();
    const memberRows = page.locator('table.members tbody tr');
    await memberRows.first().waitFor();
    expect(await memberRows.count()).toBe(3);
    expect(await page.locator('section[aria-labelledby="members-title"]').textContent()).toContain(en['federation.ruleMajority'].replace('{n}', '2').replace('{d}', '3'));
    const proposal = page.locator('table.proposals tbody tr');
    expect(await proposal.textContent()).toContain(en['federation.decision.suspend']);
    expect(await page.locator('table.proposals button').count()).toBe(0);
    const beta = page.locator('table.peers tr', { hasText: 'CERT-Beta' });
    await beta.waitFor();
    expect(await beta.textContent()).toContain('Error: connection refused by beta.example:8470');
    expect(await beta.textContent()).toContain('3 hours');
    expect(await beta.textContent()).toContain('Failing (2 attempts): answered 503');
    expect(await page.locator('table.peers tr', { hasText: 'CERT-Gamma' }).textContent()).toContain(en['dashboard.peerOk']);
    await page.locator('details.quarantine summary').click();
    expect(await page.locator('details.quarantine').textContent()).toContain('share.bad-signature');
    expect(await page.locator('section[aria-labelledby="publications-title"]').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'en-federation');
    await language(page, 'ar');
    await page.locator('main h1', { hasText: ar['federation.title'] }).waitFor();
    await page.locator('table.peers').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'ar-federation');
    await language(page, 'en');
    await page.close();
  });

  it('lets a liaison officer endorse the proposal as this member', async () => {
    const page = await browser.context.newPage();
    await as(page, 'lena');
    await page.goto(`${node.url}/federation`);
    await page.locator('table.proposals button', { hasText: en['federation.endorse'] }).click();
    await status(page, en['federation.endorsed']);
    await page.locator('table.proposals', { hasText: en['federation.youEndorsed'] }).waitFor();
    expect(members.endorsed).toEqual([A]);
    const entries = await node.store.audit.query({ limit: 10, action: 'membership.endorsed' });
    expect(entries.map((e) => [e.actor, e.target])).toEqual([['user:lena', DECISION]]);
    expect(await page.locator('section[aria-labelledby="peers-title"]').count()).toBe(0);
    await page.close();
  });

  it('lets a second analyst approve a publication request the first one filed', async () => {
    const amber = buildIndicator({ name: 'Loader staging host', object_marking_refs: [tlpMarkingId('amber')] });
    await putObjects(node.store, [amber]);
    const token = (await node.identity.createToken('amina', { name: 'share' }, 'test')).token;
    const asked = await fetch(`${node.url}/api/v1/shares`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ objects: [{ id: amber.id }], tlp: 'amber', audience: { kind: 'members', members: [B] } }),
    });
    expect(asked.status).toBe(202);

    const page = await browser.context.newPage();
    await as(page, 'amina');
    await page.goto(`${node.url}/federation`);
    const mine = page.locator('table.publications tbody tr');
    await mine.waitFor();
    expect(await mine.textContent()).toContain(en['federation.yourRequest']);
    expect(await mine.locator('button').count()).toBe(0);

    await as(page, 'bob');
    await page.goto(`${node.url}/federation`);
    const row = page.locator('table.publications tbody tr');
    expect(await row.textContent()).toContain('TLP:AMBER');
    await row.locator('button', { hasText: en['federation.approve'] }).click();
    await status(page, en['federation.approved'].replace('{count}', '1'));
    await page.locator('section[aria-labelledby="publications-title"]', { hasText: en['federation.noPublications'] }).waitFor();
    expect(await node.store.shares.forObject(String(amber.id))).toHaveLength(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});
