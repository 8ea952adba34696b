// @vitest-environment jsdom
// One facet of the explorer: every value a labelled checkbox with its count (a lower bound shown
// as "n+" when the node counted only up to its bound), chosen values kept even when nothing
// matches them any more, and hostile names shown as text.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { I18nProvider, MESSAGES } from '../../i18n/index.js';
import { FacetBox } from './Explorer.js';

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

it('labels each value with its count, keeps chosen values, and toggles on a click', () => {
  const toggled: string[] = [];
  const values = [
    { value: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb', name: 'TLP:GREEN', count: 10_000 },
    { value: '<img src=x onerror=alert(1)>', count: 3 },
  ];
  act(() => root.render(
    <I18nProvider language="fr">
      <FacetBox facet="marking" values={values} chosen={['marking-definition--gone']} bounded onToggle={(v) => toggled.push(v)} />
    </I18nProvider>,
  ));
  expect(host.querySelector('legend')?.textContent).toBe(MESSAGES.fr['explorer.facet.marking']);
  const boxes = [...host.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];
  expect(boxes).toHaveLength(3);
  for (const box of boxes) expect(host.querySelector(`label[for="${box.id}"]`), box.id).not.toBeNull();
  const labels = [...host.querySelectorAll('label')].map((l) => l.textContent);
  expect(labels).toEqual(['TLP:GREEN 10\u202f000+', '<img src=x onerror=alert(1)> 3+', 'marking-definition--gone 0']);
  expect(host.querySelector('img')).toBeNull();
  expect(boxes.map((b) => b.checked)).toEqual([false, false, true]);
  act(() => boxes[0]?.click());
  expect(toggled).toEqual(['marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb']);
});
