// The app: finds out whether a session is open, shows the sign-in page or the signed-in shell
// (skip link, header with the menu, language and sign-out, the page), and keeps the language:
// the account's saved preference once signed in, before that the last one chosen in this
// browser or the browser's own.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken, whenSignedOut } from './api/client.js';
import { ErrorNotice, LanguageSelect } from './common.js';
import { browserLanguage, direction, I18nProvider, isLanguage, useI18n, type Language, type MessageKey } from './i18n/index.js';
import { LiveProvider, useLive } from './live.js';
import { Account } from './pages/Account.js';
import { Admin } from './pages/Admin.js';
import { Compose } from './pages/Compose.js';
import { Dashboard } from './pages/Dashboard.js';
import { Detections } from './pages/Detections.js';
import { Federation } from './pages/Federation.js';
import { Import } from './pages/Import.js';
import { Infrastructure } from './pages/Infrastructure.js';
import { Explorer, objectIdOf } from './pages/explorer/Explorer.js';
import { ObjectDetail } from './pages/explorer/ObjectDetail.js';
import { SignIn, type Session } from './pages/SignIn.js';
import { Link, navigate, usePath } from './router.js';

const STORED_LANGUAGE = 'accord.language';

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORED_LANGUAGE);
  return isLanguage(stored) ? stored : browserLanguage(navigator.languages);
}

/** The pages of the signed-in app, in menu order, with the roles that see them in the menu (none: everyone). */
export const PAGES: readonly { readonly path: string; readonly key: MessageKey; readonly roles?: readonly string[] }[] = [
  { path: '/', key: 'nav.dashboard' },
  { path: '/explorer', key: 'explorer.nav', roles: ['analyst', 'liaison', 'observer'] },
  { path: '/detections', key: 'detections.nav' },
  { path: '/infrastructure', key: 'infra.nav' },
  { path: '/compose', key: 'compose.nav', roles: ['analyst'] },
  { path: '/import', key: 'import.nav', roles: ['analyst'] },
  { path: '/federation', key: 'federation.nav' },
  { path: '/admin', key: 'admin.nav', roles: ['admin'] },
  { path: '/account', key: 'nav.account' },
];

export function App(): ReactNode {
  const [language, setLanguage] = useState<Language>(initialLanguage);
  const [session, setSession] = useState<Session | null | undefined>();
  const [ended, setEnded] = useState(false);
  const [failure, setFailure] = useState<unknown>();

  const chooseLanguage = useCallback((l: Language) => {
    localStorage.setItem(STORED_LANGUAGE, l);
    setLanguage(l);
  }, []);

  useEffect(() => {
    document.documentElement.lang = language;
    document.documentElement.dir = direction(language);
  }, [language]);

  const signedIn = useCallback(async (s: Session) => {
    setCsrfToken(s.csrf_token);
    setEnded(false);
    setSession(s);
    try {
      const p = await api.get('/api/v1/me/preferences');
      if (p.language !== null) chooseLanguage(p.language);
    } catch {
      // The language stays as it is; the pages report their own errors.
    }
  }, [chooseLanguage]);

  useEffect(() => {
    whenSignedOut(() => {
      setSession(null);
      setEnded(true);
    });
    api.get('/api/v1/session').then((s) => void signedIn(s), (e: unknown) => {
      if (e instanceof ApiError && e.status === 401) setSession(null);
      else setFailure(e);
    });
  }, [signedIn]);

  const signOut = async (): Promise<void> => {
    try {
      await api.delete('/api/v1/session');
    } finally {
      setCsrfToken(undefined);
      setSession(null);
      navigate('/', { replace: true });
    }
  };

  let body: ReactNode;
  if (failure !== undefined) body = <main id="main"><ErrorNotice error={failure} onRetry={() => location.reload()} /></main>;
  else if (session === undefined) body = <main id="main" aria-busy="true" />;
  else if (session === null) {
    body = <SignIn onSignedIn={(s) => void signedIn(s)} onLanguage={chooseLanguage} notice={ended ? <SessionEnded /> : undefined} />;
  } else {
    body = (
      <LiveProvider>
        <Shell session={session} onSignOut={() => void signOut()} onLanguage={(l) => {
          chooseLanguage(l);
        }} />
      </LiveProvider>
    );
  }
  return <I18nProvider language={language}>{body}</I18nProvider>;
}

function SessionEnded(): ReactNode {
  const { t } = useI18n();
  return <p role="status" className="notice">{t('error.sessionEnded')}</p>;
}

function Shell(props: { readonly session: Session; readonly onSignOut: () => void; readonly onLanguage: (l: Language) => void }): ReactNode {
  const { t } = useI18n();
  const path = usePath();
  const { connected } = useLive();
  let page: ReactNode;
  if (path === '/') page = <Dashboard session={props.session} />;
  else if (path === '/detections') page = <Detections session={props.session} />;
  else if (path === '/infrastructure') page = <Infrastructure session={props.session} />;
  else if (path === '/explorer') page = <Explorer />;
  else if (path.startsWith('/explorer/')) page = <ObjectDetail id={objectIdOf(path)} />;
  else if (path === '/account') page = <Account session={props.session} onLanguage={props.onLanguage} />;
  else if (path === '/import') page = <Import />;
  else if (path === '/compose') page = <Compose />;
  else if (path === '/federation') page = <Federation session={props.session} />;
  else if (path === '/admin') page = <Admin session={props.session} />;
  else page = <main id="main"><h1>{t('error.notFound')}</h1></main>;
  return (
    <>
      <a className="skip" href="#main">{t('app.skip')}</a>
      <header className="top">
        <span className="brand">{t('app.name')}</span>
        <nav aria-label={t('nav.label')}>
          <ul>{PAGES.filter((p) => p.roles === undefined || p.roles.some((r) => props.session.roles.includes(r))).map((p) => <li key={p.path}><Link to={p.path} current={p.path === path || path.startsWith(`${p.path}/`) && p.path !== '/'}>{t(p.key)}</Link></li>)}</ul>
        </nav>
        <span className={connected ? 'live on' : 'live off'} role="status" title={connected ? t('app.live') : t('app.offline')}>
          <span className="visually-hidden">{connected ? t('app.live') : t('app.offline')}</span>
        </span>
        <label className="visually-hidden" htmlFor="language">{t('nav.language')}</label>
        <LanguageSelect id="language" onChange={(l) => {
          props.onLanguage(l);
          void api.patch('/api/v1/me/preferences', { language: l }).catch(() => undefined);
        }} />
        <button type="button" onClick={props.onSignOut}>{t('nav.signOut')}</button>
      </header>
      {page}
    </>
  );
}
