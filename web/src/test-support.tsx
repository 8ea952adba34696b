// For component tests (jsdom): a fresh root in the document for each test, unmounted after it,
// and rendering inside the app's i18n provider in a chosen language.
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach } from 'vitest';
import { I18nProvider, type Language } from './i18n/index.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export interface Mounted {
  /** The element the current test renders into. */
  readonly host: HTMLDivElement;
  readonly render: (language: Language, node: ReactNode) => void;
}

/** Registers the per-test root; call once at the top of a test file. */
export function mountEach(): Mounted {
  let host: HTMLDivElement | undefined;
  let root: Root | undefined;
  beforeEach(() => {
    host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
  });
  afterEach(() => {
    act(() => root?.unmount());
    host?.remove();
  });
  return {
    get host() {
      if (host === undefined) throw new Error('mountEach: no test is running');
      return host;
    },
    render: (language, node) => {
      act(() => root?.render(<I18nProvider language={language}>{node}</I18nProvider>));
    },
  };
}
