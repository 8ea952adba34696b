// @vitest-environment jsdom
// The sign-in form: labelled controls, checked here before the node is asked, and the node's
// refusals shown in the user's language with the reference to quote.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ApiError } from '../api/client.js';
import { ErrorNotice } from '../common.js';
import { I18nProvider, MESSAGES, type Language } from '../i18n/index.js';
import { SignIn } from './SignIn.js';

const { ar, ru } = MESSAGES;
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
let host: HTMLDivElement;
let root: Root;
beforeEach(() => {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

function render(language: Language, node: React.ReactNode): void {
  act(() => root.render(<I18nProvider language={language}>{node}</I18nProvider>));
}

it('labels every control and refuses an empty form before asking the node, in the chosen language', () => {
  render('ar', <SignIn onSignedIn={() => undefined} onLanguage={() => undefined} />);
  for (const control of host.querySelectorAll('input, select')) {
    expect(host.querySelector(`label[for="${control.id}"]`), `label of #${control.id}`).not.toBeNull();
  }
  expect(host.querySelector('label[for="username"]')?.textContent).toBe(ar['signIn.username']);
  act(() => host.querySelector<HTMLButtonElement>('button[type="submit"]')?.click());
  const alert = host.querySelector('[role="alert"]');
  expect(alert?.textContent).toBe(ar['signIn.required']);
  expect(host.querySelector('#username')?.getAttribute('aria-invalid')).toBe('true');
});

it('shows a refusal of the node in the user\'s language, with the request id to quote', () => {
  render('ru', <ErrorNotice error={new ApiError(401, 'auth.failed', 'wrong username or password', 'req-42')} />);
  expect(host.querySelector('[role="alert"]')?.textContent).toBe(`${ru['error.signInFailed']}${ru['error.reference'].replace('{id}', 'req-42')}`);
  render('ru', <ErrorNotice error={new ApiError(409, 'store.version-conflict', 'a newer version exists', 'req-43')} />);
  expect(host.querySelector('[role="alert"] p')?.textContent).toBe(ru['error.server'].replace('{detail}', 'a newer version exists'));
  render('ru', <ErrorNotice error={new TypeError('fetch failed')} />);
  expect(host.querySelector('[role="alert"] p')?.textContent).toBe(ru['error.network']);
});
