// My account: who I am, my roles, and the interface language (saved on the node for my account).
import { useState, type ReactNode } from 'react';
import { api } from '../api/client.js';
import { ErrorNotice, LanguageSelect } from '../common.js';
import { useI18n, type Language, type MessageKey } from '../i18n/index.js';
import type { Session } from './SignIn.js';

export function Account(props: { readonly session: Session; readonly onLanguage: (l: Language) => void }): ReactNode {
  const { t } = useI18n();
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>();
  const change = async (value: Language): Promise<void> => {
    setSaved(false);
    setError(undefined);
    props.onLanguage(value);
    try {
      await api.patch('/api/v1/me/preferences', { language: value });
      setSaved(true);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <main id="main">
      <h1>{t('account.title')}</h1>
      <p>{t('account.user', { name: props.session.username })}</p>
      <p>{t('account.roles', { roles: props.session.roles.map((r) => t(`role.${r}` as MessageKey)).join(', ') })}</p>
      <label htmlFor="account-language">{t('account.language')}</label>
      <LanguageSelect id="account-language" onChange={(l) => void change(l)} describedBy="account-language-hint" />
      <p id="account-language-hint" className="muted">{t('account.languageHint')}</p>
      <p role="status">{saved ? t('account.saved') : ''}</p>
      {error !== undefined ? <ErrorNotice error={error} /> : null}
    </main>
  );
}
