// Sign-in with the identity work's web sessions: user name and password, and the one-time code
// when the account has a second factor (the node says so, and the field appears). Checked here
// first, then by the node; the node's refusal is shown in the user's language.
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken, type Answer } from '../api/client.js';
import { ErrorNotice, LanguageSelect } from '../common.js';
import { useI18n, type Language } from '../i18n/index.js';

export type Session = Answer<'/api/v1/session', 'get'>;

export function SignIn(props: { readonly onSignedIn: (s: Session) => void; readonly onLanguage: (l: Language) => void; readonly notice?: ReactNode }): ReactNode {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [invalid, setInvalid] = useState<'required' | 'totpFormat' | undefined>();

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (username.trim() === '' || password === '') return setInvalid('required');
    if (needTotp && !/^\d{6,10}$/.test(totp)) return setInvalid('totpFormat');
    setInvalid(undefined);
    setBusy(true);
    setError(undefined);
    try {
      const s = await api.post('/api/v1/session', { username: username.trim(), password, ...(needTotp ? { totp } : {}) });
      setCsrfToken(s.csrf_token);
      props.onSignedIn(s);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'auth.totp-required') setNeedTotp(true);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="sign-in">
      <div className="language-corner">
        <label htmlFor="sign-in-language">{t('nav.language')}</label>
        <LanguageSelect id="sign-in-language" onChange={props.onLanguage} />
      </div>
      <h1>{t('app.name')}</h1>
      <p className="muted">{t('app.tagline')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate aria-describedby={invalid !== undefined ? 'sign-in-invalid' : undefined}>
        <h2>{t('signIn.title')}</h2>
        {props.notice}
        <label htmlFor="username">{t('signIn.username')}</label>
        <input id="username" name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)}
          aria-invalid={invalid === 'required' && username.trim() === ''} maxLength={64} />
        <label htmlFor="password">{t('signIn.password')}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required value={password}
          onChange={(e) => setPassword(e.target.value)} aria-invalid={invalid === 'required' && password === ''} maxLength={1024} />
        {needTotp ? (
          <>
            <label htmlFor="totp">{t('signIn.totp')}</label>
            <input id="totp" name="totp" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]*" value={totp}
              onChange={(e) => setTotp(e.target.value.trim())} aria-describedby="totp-hint" aria-invalid={invalid === 'totpFormat'} maxLength={10} />
            <p id="totp-hint" className="muted">{t('signIn.totpHint')}</p>
          </>
        ) : null}
        {invalid !== undefined ? <p id="sign-in-invalid" role="alert" className="notice error">{t(invalid === 'required' ? 'signIn.required' : 'signIn.totpFormat')}</p> : null}
        {error !== undefined && invalid === undefined ? <ErrorNotice error={error} /> : null}
        <button type="submit" disabled={busy}>{busy ? t('signIn.busy') : t('signIn.submit')}</button>
      </form>
    </main>
  );
}
