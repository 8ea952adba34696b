// @vitest-environment jsdom
// The administration and federation forms: labelled controls, checked here before the node is
// asked, destructive acts only after a second press, the generated password shown once, the
// node's refusals and the chain's verification in the user's language.
import { act } from 'react';
import { afterEach, expect, it, vi } from 'vitest';
import { MESSAGES } from '../../i18n/index.js';
import { mountEach } from '../../test-support.js';
import { RejectForm } from '../Federation.js';
import { VerificationReport } from './Audit.js';
import { ConfirmButton } from './Confirm.js';
import { AddUserForm } from './Users.js';

const { en, ar, fr } = MESSAGES;
const mounted = mountEach();
const { render } = mounted;
afterEach(() => vi.unstubAllGlobals());
const click = (selector: string): void => act(() => mounted.host.querySelector<HTMLElement>(selector)?.click());
function type(selector: string, value: string): void {
  const input = mounted.host.querySelector<HTMLInputElement>(selector);
  if (input === null) throw new Error(`no ${selector}`);
  // React listens to the native value setter's input event.
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, value);
  act(() => {
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
/** The node's answers, in order, to the requests the form makes. */
function answers(...replies: { status: number; body: unknown }[]): { requests: { url: string; body: unknown }[] } {
  const requests: { url: string; body: unknown }[] = [];
  vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
    requests.push({ url, body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined });
    const r = replies.shift() ?? { status: 500, body: {} };
    return Promise.resolve(new Response(JSON.stringify(r.body), { status: r.status, headers: { 'content-type': 'application/json' } }));
  });
  return { requests };
}
const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));

it('adding a user: labelled controls, a name and a role checked before the node is asked, in the chosen language', () => {
  const { requests } = answers();
  render('ar', <AddUserForm onAdded={() => undefined} />);
  for (const control of mounted.host.querySelectorAll('input')) {
    expect(mounted.host.querySelector(`label[for="${control.id}"]`), `label of #${control.id}`).not.toBeNull();
  }
  expect(mounted.host.querySelector('legend')?.textContent).toBe(ar['admin.roles']);
  type('#new-username', 'x');
  click('button[type="submit"]');
  expect(mounted.host.querySelector('[role="alert"]')?.textContent).toBe(ar['admin.usernameInvalid']);
  expect(mounted.host.querySelector('#new-username')?.getAttribute('aria-invalid')).toBe('true');
  type('#new-username', 'karim');
  click('button[type="submit"]');
  expect(mounted.host.querySelector('[role="alert"]')?.textContent).toBe(ar['admin.rolesRequired']);
  expect(requests).toEqual([]);
});

it('adding a user: shows the generated password once, then forgets it', async () => {
  const { requests } = answers({ status: 201, body: { user: { username: 'karim', roles: ['analyst'], disabled: false, locked: false, totp: false, sso: false, created_at: '2026-11-28T09:00:00Z' }, password: 'gen-Pass-42-xyz' } });
  let added = 0;
  render('en', <AddUserForm onAdded={() => added++} />);
  type('#new-username', ' karim ');
  click('#new-role-analyst');
  click('button[type="submit"]');
  await settle();
  expect(requests).toEqual([{ url: '/api/v1/users', body: { username: 'karim', roles: ['analyst'] } }]);
  expect(added).toBe(1);
  expect(mounted.host.querySelector('[role="status"]')?.textContent).toContain(en['admin.passwordOnce'].replace('{name}', 'karim'));
  expect(mounted.host.querySelector('code.secret')?.textContent).toBe('gen-Pass-42-xyz');
  click('.notice.once button');
  expect(mounted.host.querySelector('code.secret')).toBeNull();
  expect(mounted.host.querySelector<HTMLInputElement>('#new-username')?.value).toBe('');
});

it('adding a user: the node\'s refusal in the user\'s language, with the reference to quote', async () => {
  answers({ status: 409, body: { code: 'identity.user-exists', detail: 'a user named karim exists', request_id: 'req-7' } });
  render('fr', <AddUserForm onAdded={() => undefined} />);
  type('#new-username', 'karim');
  click('#new-role-observer');
  click('button[type="submit"]');
  await settle();
  const alert = mounted.host.querySelector('[role="alert"]');
  expect(alert?.textContent).toContain(fr['error.server'].replace('{detail}', 'a user named karim exists'));
  expect(alert?.textContent).toContain('req-7');
});

it('a destructive act asks first, in words, and acts only on the second press', () => {
  let done = 0;
  render('en', <ConfirmButton label="Revoke" question="Revoke the token ci of amina?" onConfirm={() => done++} />);
  click('button');
  expect(done).toBe(0);
  expect(mounted.host.querySelector('[role="alert"]')?.textContent).toBe('Revoke the token ci of amina?');
  expect(document.activeElement?.textContent).toBe(en['admin.confirmYes']);
  click('button.secondary');
  expect(done).toBe(0);
  expect(mounted.host.querySelector('[role="alert"]')).toBeNull();
  click('button');
  click('button.danger');
  expect(done).toBe(1);
});

it('rejecting a publication request needs a reason', () => {
  const reasons: string[] = [];
  render('es', <RejectForm id="publication--1" onReject={(r) => reasons.push(r)} onCancel={() => undefined} />);
  expect(mounted.host.querySelector('label[for="reject-publication--1"]')?.textContent).toBe(MESSAGES.es['federation.rejectReason']);
  click('button[type="submit"]');
  expect(mounted.host.querySelector('[role="alert"]')?.textContent).toBe(MESSAGES.es['federation.reasonRequired']);
  type('#reject-publication--1', '  names a partner\'s source  ');
  click('button[type="submit"]');
  expect(reasons).toEqual(['names a partner\'s source']);
});

it('reports the chain verified, or where it breaks and why, in the user\'s language', () => {
  const base = { checked: 12, head: { seq: 12, hash: 'ab' }, checkpoints: { store: 1, file: 1, newest: 10 }, unsealed: 2, warnings: [], verified_at: '2026-11-28T09:00:00Z' };
  render('en', <VerificationReport v={{ ...base, ok: true, first_bad: null }} />);
  expect(mounted.host.querySelector('[role="status"]')?.textContent).toContain(en['admin.verified'].replace('{count}', '12'));
  render('ar', <VerificationReport v={{ ...base, ok: false, checked: 4, unsealed: 0, first_bad: { seq: 5, reason: 'hash-mismatch', message: 'entry 5 was changed: its hash does not match its contents' } }} />);
  const alert = mounted.host.querySelector('[role="alert"]')?.textContent ?? '';
  expect(alert).toContain(ar['admin.fault.hash-mismatch']);
  expect(alert).toContain('entry 5 was changed');
});
