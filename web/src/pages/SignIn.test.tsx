// @vitest-environment jsdom
// The sign-in form: labelled controls, checked here before the node is asked, and the node's
// refusals shown in the user's language with the reference to quote.
import { act } from 'react';
import { expect, it } from 'vitest';
import { ApiError } from '../api/client.js';
import { ErrorNotice } from '../common.js';
import { MESSAGES } from '../i18n/index.js';
import { mountEach } from '../test-support.js';
import { SignIn } from './SignIn.js';

const { ar, ru } = MESSAGES;
const mounted = mountEach();
const { render } = mounted;

it('labels every control and refuses an empty form before asking the node, in the chosen language', () => {
  render('ar', <SignIn onSignedIn={() => undefined} onLanguage={() => undefined} />);
  for (const control of mounted.host.querySelectorAll('input, select')) {
    expect(mounted.host.querySelector(`label[for="${control.id}"]`), `label of #${control.id}`).not.toBeNull();
  }
  expect(mounted.host.querySelector('label[for="username"]')?.textContent).toBe(ar['signIn.username']);
  act(() => mounted.host.querySelector<HTMLButtonElement>('button[type="submit"]')?.click());
  const alert = mounted.host.querySelector('[role="alert"]');
  expect(alert?.textContent).toBe(ar['signIn.required']);
  expect(mounted.host.querySelector('#username')?.getAttribute('aria-invalid')).toBe('true');
});

it('shows a refusal of the node in the user\'s language, with the request id to quote', () => {
  render('ru', <ErrorNotice error={new ApiError(401, 'auth.failed', 'wrong username or password', 'req-42')} />);
  expect(mounted.host.querySelector('[role="alert"]')?.textContent).toBe(`${ru['error.signInFailed']}${ru['error.reference'].replace('{id}', 'req-42')}`);
  render('ru', <ErrorNotice error={new ApiError(409, 'store.version-conflict', 'a newer version exists', 'req-43')} />);
  expect(mounted.host.querySelector('[role="alert"] p')?.textContent).toBe(ru['error.server'].replace('{detail}', 'a newer version exists'));
  render('ru', <ErrorNotice error={new TypeError('fetch failed')} />);
  expect(mounted.host.querySelector('[role="alert"] p')?.textContent).toBe(ru['error.network']);
});
