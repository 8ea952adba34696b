// Every user's API tokens (administrators only, tokens:manage-all): whose, what for, when last
// used, when they expire, and revoking one (after confirmation). The token itself is never shown
// again after it was made; only its record is.
import type { ReactNode } from 'react';
import { api, type Answer } from '../../api/client.js';
import { Loading, Panel, useLoad } from '../../common.js';
import { useI18n, type I18n } from '../../i18n/index.js';
import { useActing } from '../acting.js';
import { ConfirmButton } from './Confirm.js';
import { roleNames } from './Users.js';

type Token = Answer<'/api/v1/tokens', 'get'>['tokens'][number];

function tokenState(tk: Token, { t, date }: Pick<I18n, 't' | 'date'>): string {
  if (tk.revoked_at !== null) return t('admin.tokenRevokedAt', { date: date(tk.revoked_at) });
  if (tk.expires_at !== null && Date.parse(tk.expires_at) <= Date.now()) return t('admin.tokenExpired');
  return t('admin.tokenActive');
}

export function TokensPanel(props: { readonly onChanged: () => void; readonly round: number }): ReactNode {
  const i18n = useI18n();
  const { t, date } = i18n;
  const tokens = useLoad((signal) => api.get('/api/v1/tokens', { signal, query: { all: true } }), [props.round]);
  const { run, feedback } = useActing(props.onChanged);
  const revoke = (tk: Token): Promise<void> => run(async () => {
    await api.delete('/api/v1/tokens/{id}', { params: { id: tk.id } });
    return ['admin.tokenRevoked'];
  });

  return (
    <Panel id="tokens" title={t('admin.tokens')}>
      {feedback}
      <Loading loaded={tokens}>{(answer) => answer.tokens.length === 0 ? <p>{t('admin.noTokens')}</p> : (
        <table className="tokens">
          <thead><tr>
            <th scope="col">{t('admin.owner')}</th><th scope="col">{t('admin.tokenName')}</th><th scope="col">{t('admin.roles')}</th>
            <th scope="col">{t('admin.lastUsed')}</th><th scope="col">{t('admin.expires')}</th><th scope="col">{t('admin.state')}</th><th scope="col">{t('admin.actions')}</th>
          </tr></thead>
          <tbody>{answer.tokens.map((tk) => (
            <tr key={tk.id}>
              <td><bdi>{tk.owner ?? ''}</bdi></td>
              <th scope="row"><bdi>{tk.name}</bdi>{tk.tlp_ceiling !== null ? <span className="muted"> · {t('admin.device', { tlp: tk.tlp_ceiling.toUpperCase() })}</span> : null}</th>
              <td>{roleNames(tk.roles, t)}</td>
              <td>{tk.last_used_at !== null ? date(tk.last_used_at) : t('admin.never')}</td>
              <td>{tk.expires_at !== null ? date(tk.expires_at) : t('admin.never')}</td>
              <td>{tokenState(tk, i18n)}</td>
              <td>{tk.revoked_at === null ? (
                <ConfirmButton label={t('admin.revoke')} question={t('admin.confirmRevoke', { name: tk.name, owner: tk.owner ?? '' })} onConfirm={() => void revoke(tk)} />
              ) : null}</td>
            </tr>
          ))}</tbody>
        </table>
      )}</Loading>
    </Panel>
  );
}
