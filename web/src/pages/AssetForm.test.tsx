// @vitest-environment jsdom
// The asset form: addresses, networks, domains and CPE 2.3 names checked in the browser as the node
// checks them; every problem named beside its field in the user's language before the node is
// asked; and a refusal of the node shown in the user's language with the fields it names marked.
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeI18n, MESSAGES, type Language } from '../i18n/index.js';
import { mountEach } from '../test-support.js';
import { checkDraft, EMPTY_DRAFT, isCpe, isDomain, isNetwork } from './asset-checks.js';
import { AssetForm } from './AssetForm.js';

const { fr } = MESSAGES;
const ar = makeI18n('ar');

describe('the checks', () => {
  it('takes IPv4 and IPv6 addresses and CIDR networks, and nothing else', () => {
    for (const ok of ['192.0.2.0/24', '192.0.2.77', '0.0.0.0/0', '2001:db8::/32', '2001:db8:100::/48', '::1', '::', '::ffff:192.0.2.1', '1:2:3:4:5:6:7:8/128']) expect(isNetwork(ok), ok).toBe(true);
    for (const bad of ['300.1.1.1', '192.0.2.0/33', '010.0.0.1', '192.0.2', '2001:db8::/129', '1::2::3', '1:2:3:4:5:6:7:8:9', 'grid.example', '192.0.2.0/24/1', '192.0.2.0/', '']) expect(isNetwork(bad), bad).toBe(false);
  });

  it('takes domains and host names of letters, digits, - and _, and refuses addresses and bad labels', () => {
    for (const ok of ['grid.example', 'GRID.example.', 'scada_01.grid.example', 'localhost', 'xn--80ak6aa92e.example']) expect(isDomain(ok), ok).toBe(true);
    for (const bad of ['-grid.example', 'grid-.example', 'grid..example', 'grid example', '192.0.2.1', 'http://grid.example', `${'a'.repeat(64)}.example`, '']) expect(isDomain(bad), bad).toBe(false);
  });

  it('takes CPE 2.3 formatted strings: thirteen components, attributes *, - or quoted values', () => {
    for (const ok of ['cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*', 'cpe:2.3:o:microsoft:windows_10:-:*:*:*:*:*:x64:*', 'cpe:2.3:a:foo\\:bar:baz:1.0:*:*:*:*:*:*:*', 'cpe:2.3:h:*:*:*:*:*:*:*:*:*:*']) expect(isCpe(ok), ok).toBe(true);
    for (const bad of ['cpe:/a:apache:http_server:2.4.49', 'cpe:2.3:a:apache:http_server:2.4.49', 'cpe:2.3:x:apache:http_server:2.4.49:*:*:*:*:*:*:*', 'cpe:2.3:a:apa che:http_server:2.4.49:*:*:*:*:*:*:*', 'cpe:2.3:a:ap*che:x:1:*:*:*:*:*:*:*']) expect(isCpe(bad), bad).toBe(false);
  });

  it('names every problem with its field, and each bad list entry with its line', () => {
    const problems = checkDraft({ ...EMPTY_DRAFT, name: 'grid', sector: 'harbour', criticality: 'high', owner: 'Grid operations', contact: '', ranges: '192.0.2.0/24\n\n300.1.1.1', domains: 'grid.example', software: 'apache 2.4' });
    expect(problems).toEqual([
      { field: 'sector', key: 'infra.check.choose' },
      { field: 'contact', key: 'infra.check.required' },
      { field: 'ranges', key: 'infra.check.range', entry: '300.1.1.1', line: 2 },
      { field: 'software', key: 'infra.check.cpe', entry: 'apache 2.4', line: 1 },
    ]);
  });
});

describe('the form', () => {
  const view = mountEach();
  afterEach(() => vi.unstubAllGlobals());
  function render(language: Language, onSaved = (): void => undefined): void {
    view.render(language, <AssetForm onSaved={onSaved} onCancel={() => undefined} />);
  }
  function type(id: string, value: string): void {
    const el = view.host.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(`#${id}`);
    if (el === null) throw new Error(`no #${id}`);
    const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
    act(() => {
      Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
      el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
    });
  }
  const fill = (): void => {
    type('asset-new-name', 'Substation North');
    type('asset-new-sector', 'energy');
    type('asset-new-criticality', 'critical');
    type('asset-new-owner', 'Grid operations');
    type('asset-new-contact', 'soc@grid.example');
  };
  const submit = async (): Promise<void> => {
    await act(() => {
      view.host.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
      return Promise.resolve();
    });
  };

  it('labels every control and names each problem beside its field in Arabic, without asking the node', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    render('ar');
    for (const control of view.host.querySelectorAll('input, select, textarea')) {
      expect(view.host.querySelector(`label[for="${control.id}"]`), `label of #${control.id}`).not.toBeNull();
    }
    fill();
    type('asset-new-ranges', '192.0.2.0/24\n192.0.2.300');
    type('asset-new-software', 'cpe:2.3:a:apache:http_server');
    await submit();
    expect(fetch).not.toHaveBeenCalled();
    expect(view.host.querySelector('[role="alert"]')?.textContent).toBe(ar.t('infra.check.summary', { count: 2 }));
    const ranges = view.host.querySelector('#asset-new-ranges');
    expect(ranges?.getAttribute('aria-invalid')).toBe('true');
    expect(ranges?.getAttribute('aria-describedby')).toContain('asset-new-ranges-error');
    expect(view.host.querySelector('#asset-new-ranges-error')?.textContent).toBe(ar.t('infra.check.range', { line: 2, entry: '192.0.2.300' }));
    expect(view.host.querySelector('#asset-new-software-error')?.textContent).toContain('cpe:2.3:a:apache:http_server');
    expect(view.host.querySelector('#asset-new-domains')?.getAttribute('aria-invalid')).toBe('false');
    // Corrected, the problems go as the user types.
    type('asset-new-ranges', '192.0.2.0/24');
    expect(view.host.querySelector('#asset-new-ranges-error')).toBeNull();
  });

  it('sends a good form, and shows the node\'s refusal in the user\'s language with the field it names marked', async () => {
    const problem = {
      type: 'urn:accord:error:asset.invalid', title: 'Bad Request', status: 400, code: 'asset.invalid', request_id: 'req-7',
      detail: 'the asset is not valid: domains[0] "grid.example": is reserved', errors: [{ location: 'body.domains[0]', message: 'domains[0] "grid.example": is reserved' }],
    };
    const fetch = vi.fn(() => Promise.resolve(new Response(JSON.stringify(problem), { status: 400, headers: { 'content-type': 'application/problem+json' } })));
    vi.stubGlobal('fetch', fetch);
    const saved = vi.fn();
    render('fr', saved);
    fill();
    type('asset-new-domains', 'grid.example\n');
    await submit();
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/assets');
    expect(JSON.parse(init.body as string)).toEqual({
      name: 'Substation North', sector: 'energy', criticality: 'critical', owner: 'Grid operations', contact: 'soc@grid.example', notes: null, ranges: [], domains: ['grid.example'], software: [],
    });
    expect(saved).not.toHaveBeenCalled();
    expect(view.host.querySelector('[role="alert"] p')?.textContent).toBe(fr['infra.error.invalid'].replace('{detail}', problem.detail));
    expect(view.host.querySelector('#asset-new-domains')?.getAttribute('aria-invalid')).toBe('true');
    expect(view.host.querySelector('#asset-new-domains-error')?.textContent).toBe(problem.errors[0]?.message);
  });
});
